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
    // A pressed target shrinks a little: the press shows in the next frame.
    readonly property real pressScale: 0.97
    readonly property real disabledOpacity: 0.45
    // Borders and rules: visible at any resolution.
    readonly property real hairline: Math.max(1, u * 0.15)

    // Type: 24 pt is 8.47 mm; body text never goes below it.
    readonly property real minBodyPx: 8.47 * pxPerMm
    readonly property real bodySize: Math.max(minBodyPx, 3.1 * u)
    readonly property real smallSize: Math.max(minBodyPx * 0.8, 2.5 * u)
    readonly property real labelSize: Math.max(minBodyPx, 2.9 * u)
    readonly property real titleSize: Math.max(minBodyPx * 1.6, 5.2 * u)
    readonly property real displaySize: Math.max(minBodyPx * 2, 7.5 * u)
    readonly property real dateSize: Math.max(minBodyPx * 1.3, 4 * u)
    readonly property real termSize: bodySize * 1.15
    readonly property real lineHeight: 1.2
    readonly property real captionTitleSize: bodySize * 1.1
    readonly property real subtitleSize: titleSize * 0.75
    // The words on Home's four large entry buttons.
    readonly property real entrySize: titleSize * 0.62
    readonly property real entryHeight: targetSize * 1.35

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
    // Where a photograph will be, on the dark viewer and attract loop.
    readonly property color nightPlaceholder: "#2a241e"
    // Dims the screen under a card or dialog.
    readonly property color scrim: "#99000000"
    readonly property color nightScrim: "#cc16120e"
    // The display test: a neutral grid, the classic colour bars, a ring under each finger.
    readonly property color testGrid: "#808080"
    readonly property list<color> testBars: ["#ffffff", "#ffff00", "#00ffff", "#00ff00", "#ff00ff",
                                             "#ff0000", "#0000ff", "#000000"]
    readonly property color testTouch: "#ffcc00"
    readonly property color testBackground: "#000000"

    readonly property string serif: "PT Serif"
    readonly property string sans: "PT Sans"
}
