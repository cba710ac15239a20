pragma Singleton

import QtQuick

// The one place for colours, type and sizes. Sizes derive from the window and from the
// physical screen (its diagonal, 43" unless configured): touch targets are at least 15 mm and
// body text at least the size of 24 pt print, whatever the resolution.
QtObject {
    id: root

    // The window's size until the platform or `--size` gives it another (the design size).
    readonly property int windowWidth: 1280
    readonly property int windowHeight: 800

    // Set by Main from its window and configuration: the area the screens are laid out in
    // (the window, or with the seated option the band of it a seated visitor reaches), and
    // the whole window's diagonal in pixels with the screen's in inches (physical sizes).
    property real viewWidth: windowWidth
    property real viewHeight: windowHeight
    property real windowDiagonal: Math.sqrt(windowWidth * windowWidth + windowHeight * windowHeight)
    property real diagonalInches: 43
    // The visitor's options (kiosk.ui.options), set by Main: every type size is multiplied by
    // textScale (2 with larger text), and highContrast swaps the palette below for one of
    // black, white and a deep blue (7:1 text and 3:1 everything else, as ever, but further).
    property real textScale: 1
    property bool highContrast: false
    // The language shown is written right to left: Main mirrors the layout, and the few
    // places that position by x (not by anchors or layouts) mirror with it.
    property bool rightToLeft: false
    // The visitor's language (a BCP 47 code): controls report it to assistive technology.
    property string language: "en"
    // The arrows of Back and Previous, and of Next, pointing the way the line runs (Qt does
    // not mirror these marks in right-to-left text, so each direction names its own).
    readonly property string backArrow: rightToLeft ? "›" : "‹"
    readonly property string forwardArrow: rightToLeft ? "‹" : "›"

    readonly property bool portrait: viewHeight > viewWidth
    // 1% of the window's shorter side: the unit every layout is drawn in.
    readonly property real u: Math.min(viewWidth, viewHeight) / 100
    readonly property real pxPerMm: windowDiagonal / (diagonalInches * 25.4)
    readonly property real targetSize: Math.max(15 * pxPerMm, 8 * u)
    readonly property real margin: 4 * u
    readonly property real spacing: 2 * u
    // Between groups: a dialog's parts, the entries on Home, the glossary's terms.
    readonly property real spacingLarge: spacing * 1.5
    // Between a picture and the text column beside it (and above Home's title column).
    readonly property real gutter: margin * 1.5
    // Between a line and the one that belongs to it: a slide's caption and its detail.
    readonly property real detailGap: u * 0.5
    // Between a glossary term and its definition.
    readonly property real termGap: u * 0.6
    // Between a story picture and its caption.
    readonly property real captionGap: u * 0.8
    readonly property real radius: 1.2 * u
    // Whether anything moves on its own: screens fade, pages glide, the attract loop breathes
    // and drifts. `kiosk proof` and `kiosk render` turn it off to capture settled screens.
    property bool motion: true
    readonly property int transitionMs: motion ? 250 : 0
    // How long the first screen after start-up may wait for its pictures before it is shown
    // without them (a rendition decodes in a tenth of a second).
    readonly property int firstScreenWaitMs: 2000
    // A new screen fades in from this opacity (over transitionMs).
    readonly property real screenFadeFrom: 0.2
    // A pressed target shrinks a little: the press shows in the next frame.
    readonly property real pressScale: 0.97
    readonly property real disabledOpacity: 0.45
    // Borders and rules: visible at any resolution.
    readonly property real hairline: Math.max(1, u * 0.15)
    // A control's edge: thick enough to see from a step back.
    readonly property real edgeWidth: Math.max(2, u * 0.25)
    // The outline a pressed card shows (in the accent: 9:1 against the paper).
    readonly property real pressedEdgeWidth: edgeWidth * 2
    // Where the keyboard is: a ring around the focused control, a gap outside its edge.
    readonly property real focusRingWidth: edgeWidth * 2
    readonly property real focusRingGap: edgeWidth
    // The bar that says a view scrolls: always shown while there is more, fuller while moving.
    readonly property real scrollCueWidth: u * 0.8
    readonly property real scrollCueRestOpacity: 0.6
    // Where a view cuts its content, the content fades out over this depth (with the cue):
    // a line sliced by the edge reads as "more this way", not as a layout fault.
    readonly property real scrollFadeDepth: targetSize * 0.6
    // A colour made fully transparent (the far end of a fade into that colour).
    function clear(c: color): color {
        return Qt.rgba(c.r, c.g, c.b, 0)
    }
    // The accent bar beside each of a person's roles.
    readonly property real accentBarWidth: u * 0.5

    // Buttons: never narrower than this, with this padding either side of the label.
    readonly property real buttonMinWidth: targetSize * 1.6
    readonly property real buttonPadding: targetSize * 0.3
    // A large key: the PIN pad's keys, the attract loop's call to touch.
    readonly property real keyWidth: targetSize * 1.8
    readonly property real keyHeight: targetSize * 1.2
    // The smallest thumbnail of "Appears in" on a person's page.
    readonly property real thumbMinWidth: targetSize * 2
    // Cards over the screen: a question ("Still there?"), a term's definition.
    readonly property real cardWidth: u * 90
    readonly property real termCardWidth: u * 110
    // The photo viewer's caption panel is never narrower than this (landscape).
    // (wider with larger text, by the square root of the scale: the photograph keeps room).
    readonly property real captionPanelMinWidth: u * 60 * Math.sqrt(textScale)
    // Page dots: their size, the space between them and the ring of an empty one.
    readonly property real dotSize: u * 1.6
    readonly property real dotSpacing: u * 1.2
    readonly property real dotBorder: Math.max(1, u * 0.25)

    // Pictures, as height over width: portraits are upright, photographs landscape; a
    // story page's pictures are at most this tall for their width.
    readonly property real portraitAspect: 1.25
    readonly property real photoAspect: 0.75
    readonly property real figureAspect: 0.8
    // Lines of a caption under a picture before it is cut short (…).
    readonly property int captionLines: 3

    // Type: 24 pt is 8.47 mm; body text never goes below it.
    readonly property real minBodyPx: 8.47 * pxPerMm
    readonly property real bodySize: Math.max(minBodyPx, 3.1 * u) * textScale
    readonly property real smallSize: Math.max(minBodyPx * 0.8, 2.5 * u) * textScale
    readonly property real labelSize: Math.max(minBodyPx, 2.9 * u) * textScale
    readonly property real titleSize: Math.max(minBodyPx * 1.6, 5.2 * u) * textScale
    readonly property real displaySize: Math.max(minBodyPx * 2, 7.5 * u) * textScale
    readonly property real dateSize: Math.max(minBodyPx * 1.3, 4 * u) * textScale
    readonly property real termSize: bodySize * 1.15
    // Definitions (glossary screen and card).
    readonly property real lineHeight: 1.2
    // Exhibit paragraphs: their line height, and the space between them in font sizes.
    readonly property real paragraphLineHeight: 1.25
    readonly property real paragraphGap: 0.7
    // The longest line of exhibit text: about 75 characters, longer lines are hard to follow.
    readonly property real maxTextWidth: bodySize * 36
    readonly property real captionTitleSize: bodySize * 1.1
    readonly property real subtitleSize: titleSize * 0.75
    // A heading one step below a title: the staff panel's, a term on its card; the PIN dots.
    readonly property real subheadSize: titleSize * 0.8
    // The words on a large key (keyWidth, keyHeight).
    readonly property real keySize: titleSize * 0.6
    // "Staff PIN" above the pad.
    readonly property real pinLabelSize: titleSize * 0.7
    // The staff panel's list of recent warnings and errors (staff only: below body size).
    readonly property real logSize: smallSize * 0.9
    // The words on Home's four large entry buttons.
    readonly property real entrySize: titleSize * 0.62
    readonly property real entryHeight: targetSize * 1.35

    // The attract loop, which runs for hours with nobody there: nothing in it moves
    // continuously, so a software-rendered screen is redrawn only a few times a slide.
    // Slides cross-fade over slowFadeMs in fadeSteps steps (about five frames a second).
    // Burn-in: the whole stage steps by whole pixels every driftStepMs, up to driftShare of
    // the screen each way, along a path whose periods (in steps) rarely meet again.
    readonly property int slowFadeMs: motion ? 1500 : 0
    readonly property int fadeSteps: 8
    readonly property real driftShare: 0.015
    readonly property int driftStepMs: 20000
    readonly property int driftXSteps: 29
    readonly property int driftYSteps: 41

    // The photo viewer's zoom (1 is the photograph fitted to the screen): the most a visitor
    // may zoom without a tile pyramid, where a double tap zooms to, and above which a
    // photograph counts as zoomed (it pans; the pager and the arrows wait for fit).
    readonly property real maxZoom: 6
    readonly property real doubleTapZoom: 2.5
    readonly property real zoomedAbove: 1.001

    // Colours: every text colour has at least 7:1 contrast on the surface it sits on. The
    // second of each pair is the high-contrast palette (highContrast): black text on white,
    // white on black, a deep blue accent (10:1 on white), hard black and white edges.
    readonly property color paper: highContrast ? "#ffffff" : "#f4efe6"
    readonly property color paperDeep: highContrast ? "#e0e0e0" : "#e8dfcf"
    readonly property color ink: highContrast ? "#000000" : "#1f1a14"
    readonly property color inkSoft: highContrast ? "#000000" : "#3d342b"
    readonly property color accent: highContrast ? "#0b3d91" : "#6b2f14"
    readonly property color accentText: highContrast ? "#ffffff" : "#fffaf2"
    readonly property color pressed: highContrast ? "#000000" : "#4a1f0c"
    readonly property color night: highContrast ? "#000000" : "#16120e"
    readonly property color nightRaised: highContrast ? "#1f1f1f" : "#2e261f"
    readonly property color nightText: highContrast ? "#ffffff" : "#f4efe6"
    readonly property color nightTextSoft: highContrast ? "#ffffff" : "#d9cfbf"
    readonly property color line: highContrast ? "#595959" : "#b9ab94"
    // The edge of a control: at least 3:1 against the surface it sits on (WCAG 2.2, 1.4.11),
    // on paper (4.4:1) and on the dark band and viewer (5.6:1); 21:1 in high contrast.
    readonly property color edge: highContrast ? "#000000" : "#7d6d58"
    readonly property color nightEdge: highContrast ? "#ffffff" : "#9a8b76"
    // States a control shows must differ by 3:1 too (1.4.11): a selected control on the dark
    // band is light (13:1 against its unselected neighbours), and a dark control pressed
    // turns light (7.8:1 against the accent, 11:1 against the raised dark), a light one dark.
    readonly property color selectedOnNight: nightText
    // The keyboard focus ring: 3:1 or more on paper (3.9:1) and on the dark band (4.1:1); in
    // high contrast 4.5:1 on white and 4.7:1 on black.
    readonly property color focusRing: "#1a73e8"
    readonly property color pressedLight: paperDeep
    // Where a photograph will be, on the dark viewer and attract loop.
    readonly property color nightPlaceholder: highContrast ? "#1f1f1f" : "#2a241e"
    // Dims the screen under a card or dialog.
    readonly property color scrim: highContrast ? "#cc000000" : "#99000000"
    readonly property color nightScrim: highContrast ? "#e6000000" : "#cc16120e"
    // The display test: a neutral grid, the classic colour bars, a ring under each finger.
    readonly property color testGrid: "#808080"
    readonly property list<color> testBars: ["#ffffff", "#ffff00", "#00ffff", "#00ff00", "#ff00ff",
                                             "#ff0000", "#0000ff", "#000000"]
    readonly property color testTouch: "#ffcc00"
    readonly property color testBackground: "#000000"
    // Its grid lines are testGridStep apart; its touch rings are testRingWidth thick.
    readonly property real testGridStep: u * 10
    readonly property real testRingWidth: u * 0.6

    readonly property string serif: "PT Serif"
    readonly property string sans: "PT Sans"
}
