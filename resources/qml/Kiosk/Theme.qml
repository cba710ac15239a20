pragma Singleton

import QtQuick

// The one place for colours, type and sizes. Sizes derive from the window and from the
// physical screen (its diagonal, 43" unless configured): touch targets are at least 15 mm and
// body text at least the size of 24 pt print, whatever the resolution.
QtObject {
    id: root

    // Set by Main from its window and configuration.
    property real viewWidth: 1280
    property real viewHeight: 800
    property real diagonalInches: 43

    readonly property bool portrait: viewHeight > viewWidth
    // 1% of the window's shorter side: the unit every layout is drawn in.
    readonly property real u: Math.min(viewWidth, viewHeight) / 100
    readonly property real pxPerMm: Math.sqrt(viewWidth * viewWidth + viewHeight * viewHeight)
                                    / (diagonalInches * 25.4)
    readonly property real targetSize: Math.max(15 * pxPerMm, 8 * u)
    readonly property real margin: 4 * u
    readonly property real spacing: 2 * u
    readonly property real radius: 1.2 * u
    readonly property int transitionMs: 250

    // Type: 24 pt is 8.47 mm; body text never goes below it.
    readonly property real minBodyPx: 8.47 * pxPerMm
    readonly property real bodySize: Math.max(minBodyPx, 3.1 * u)
    readonly property real smallSize: Math.max(minBodyPx * 0.8, 2.5 * u)
    readonly property real labelSize: Math.max(minBodyPx, 2.9 * u)
    readonly property real titleSize: Math.max(minBodyPx * 1.6, 5.2 * u)
    readonly property real displaySize: Math.max(minBodyPx * 2, 7.5 * u)
    readonly property real dateSize: Math.max(minBodyPx * 1.3, 4 * u)

    // Colours: every text colour has at least 7:1 contrast on the surface it sits on.
    readonly property color paper: "#f4efe6"
    readonly property color paperDeep: "#e8dfcf"
    readonly property color ink: "#1f1a14"
    readonly property color inkSoft: "#3d342b"
    readonly property color accent: "#6b2f14"
    readonly property color accentText: "#fffaf2"
    readonly property color pressed: "#4a1f0c"
    readonly property color night: "#16120e"
    readonly property color nightRaised: "#2e261f"
    readonly property color nightText: "#f4efe6"
    readonly property color nightTextSoft: "#d9cfbf"
    readonly property color line: "#b9ab94"

    readonly property string serif: "PT Serif"
    readonly property string sans: "PT Sans"
}
