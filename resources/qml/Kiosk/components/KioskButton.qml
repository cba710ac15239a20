import QtQuick
import QtQuick.Templates as T
import Kiosk

// The kiosk's button: a Qt Quick Controls button in the project's own style. A large touch
// target that acts on release, shows its press at once, and is cancelled by sliding off
// before lifting the finger.
T.Button {
    id: root

    property bool primary: false
    property bool dark: false
    property bool selected: false
    property real fontSize: Theme.labelSize
    // A label that may be longer than the room it has (a person's name on a chip, with
    // larger text): given a narrower width, it wraps onto more lines instead of shortening.
    property bool wraps: false

    // The fill at rest: the accent for a primary control (and a selected one on paper),
    // light for a selected one on the dark band, else the raised surface. Pressed, a dark
    // fill turns light and a light one dark (every state 3:1 from the one before it).
    readonly property color restingFill: {
        if (root.dark && root.selected)
            return Theme.selectedOnNight
        if (root.primary || root.selected)
            return Theme.accent
        return root.dark ? Theme.nightRaised : Theme.paperDeep
    }
    readonly property bool restingIsDark: !(root.dark && root.selected) && (root.dark || root.primary || root.selected)
    readonly property bool fillIsDark: root.pressed ? !root.restingIsDark : root.restingIsDark
    readonly property color fill: root.pressed ? (root.restingIsDark ? Theme.pressedLight : Theme.pressed)
                                               : root.restingFill

    // Pressed and released on the button, or Return on it (also its accessible press
    // action).
    signal activated

    // A pixel to spare: the label's width is what is left after the paddings, and a
    // rounding error of a millionth below its own width would shorten it with "…".
    implicitWidth: Math.max(Theme.buttonMinWidth, Math.ceil(implicitContentWidth) + 1 + leftPadding + rightPadding)
    implicitHeight: Math.max(Theme.targetSize, implicitContentHeight + topPadding + bottomPadding)
    horizontalPadding: Theme.buttonPadding
    verticalPadding: 0
    opacity: enabled ? 1 : Theme.disabledOpacity
    scale: root.pressed ? Theme.pressScale : 1
    font.family: Theme.sans
    font.pixelSize: root.fontSize
    font.bold: root.primary || root.selected
    onClicked: root.activated()
    // The keyboard's way to press (Space presses a Qt button already): Return and Enter, as
    // the keypad's select key sends (kiosk.ui.keys).
    // A held key presses once.
    Keys.onReturnPressed: event => {
        if (!event.isAutoRepeat)
            root.clicked()
    }
    Keys.onEnterPressed: event => {
        if (!event.isAutoRepeat)
            root.clicked()
    }
    // The current language, the page's date, the letter at the top: selected, for a
    // screen reader as on screen.
    Accessible.selected: root.selected
    // In the visitor's language, as a screen reader should say its name.
    locale: Qt.locale(Theme.language)

    contentItem: Text {
        textFormat: Text.PlainText
        horizontalAlignment: Text.AlignHCenter
        verticalAlignment: Text.AlignVCenter
        wrapMode: root.wraps ? Text.Wrap : Text.NoWrap
        elide: root.wraps ? Text.ElideNone : Text.ElideRight
        text: root.text
        font: root.font
        color: root.fillIsDark ? Theme.accentText : Theme.ink
    }

    background: Rectangle {
        radius: Theme.radius
        color: root.fill

        // Where the keyboard is (a Tab or an arrow brought the focus here, not a touch).
        Rectangle {
            objectName: "focusRing"
            anchors.fill: parent
            anchors.margins: -(Theme.focusRingGap + Theme.focusRingWidth)
            radius: Theme.radius + Theme.focusRingGap + Theme.focusRingWidth
            color: Theme.clear(Theme.focusRing)
            border.color: Theme.focusRing
            border.width: Theme.focusRingWidth
            visible: root.visualFocus
        }
        // The edge shows where the target is, whatever its fill (3:1 against the surface).
        border.width: Theme.edgeWidth
        border.color: {
            if (root.pressed) // the edge stays 3:1 against the surface while it is held
                return root.dark ? Theme.selectedOnNight : Theme.accent
            if (root.dark)
                return root.selected ? Theme.selectedOnNight : Theme.nightEdge
            return root.primary || root.selected ? Theme.accent : Theme.edge
        }
    }
}
