import QtQuick
import Kiosk

// A large touch target that acts on release, shows its press at once, and is cancelled by
// sliding off before lifting the finger.
Rectangle {
    id: root

    property string text
    property bool primary: false
    property bool dark: false
    property bool selected: false
    property real fontSize: Theme.labelSize
    property alias pressed: tap.pressed

    signal activated

    implicitWidth: Math.max(Theme.targetSize * 1.6, label.implicitWidth + Theme.targetSize * 0.6)
    implicitHeight: Theme.targetSize
    radius: Theme.radius
    color: {
        if (tap.pressed)
            return Theme.pressed
        if (root.primary || root.selected)
            return Theme.accent
        return root.dark ? Theme.nightRaised : Theme.paperDeep
    }
    border.width: root.dark || root.primary || root.selected ? 0 : Math.max(1, Theme.u * 0.15)
    border.color: Theme.line
    scale: tap.pressed ? 0.97 : 1

    Accessible.role: Accessible.Button
    Accessible.name: root.text
    Accessible.focusable: true
    Accessible.onPressAction: root.activated()

    Text {
        id: label

        textFormat: Text.PlainText
        anchors.centerIn: parent
        width: Math.min(implicitWidth, root.width - Theme.u * 2)
        horizontalAlignment: Text.AlignHCenter
        elide: Text.ElideRight
        text: root.text
        color: tap.pressed || root.primary || root.selected || root.dark ? Theme.accentText : Theme.ink
        font.family: Theme.sans
        font.pixelSize: root.fontSize
        font.bold: root.primary || root.selected
    }

    TapHandler {
        id: tap

        gesturePolicy: TapHandler.ReleaseWithinBounds
        onTapped: root.activated()
    }
}
