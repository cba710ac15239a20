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

    // Pressed and released on the button (also its accessible press action).
    signal activated

    implicitWidth: Math.max(Theme.buttonMinWidth, Math.ceil(implicitContentWidth) + leftPadding + rightPadding)
    implicitHeight: Math.max(Theme.targetSize, implicitContentHeight + topPadding + bottomPadding)
    horizontalPadding: Theme.buttonPadding
    verticalPadding: 0
    opacity: enabled ? 1 : Theme.disabledOpacity
    scale: root.pressed ? Theme.pressScale : 1
    font.family: Theme.sans
    font.pixelSize: root.fontSize
    font.bold: root.primary || root.selected
    onClicked: root.activated()

    contentItem: Text {
        textFormat: Text.PlainText
        horizontalAlignment: Text.AlignHCenter
        verticalAlignment: Text.AlignVCenter
        elide: Text.ElideRight
        text: root.text
        font: root.font
        color: root.pressed || root.primary || root.selected || root.dark ? Theme.accentText : Theme.ink
    }

    background: Rectangle {
        radius: Theme.radius
        color: {
            if (root.pressed)
                return Theme.pressed
            if (root.primary || root.selected)
                return Theme.accent
            return root.dark ? Theme.nightRaised : Theme.paperDeep
        }
        // The edge shows where the target is, whatever its fill (3:1 against the surface).
        border.width: Theme.edgeWidth
        border.color: root.dark ? Theme.nightEdge : (root.primary || root.selected ? Theme.accent : Theme.edge)
    }
}
