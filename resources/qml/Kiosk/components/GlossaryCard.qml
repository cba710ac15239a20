import QtQuick
import Kiosk

// A term's definition over the current screen; a tap anywhere closes it.
Rectangle {
    id: root

    property string term
    property string definition
    readonly property bool shown: root.term !== ""

    signal closed

    color: "#99000000"
    visible: opacity > 0
    opacity: root.shown ? 1 : 0

    Behavior on opacity {
        NumberAnimation { duration: Theme.transitionMs }
    }

    TapHandler {
        onTapped: root.closed()
    }

    Rectangle {
        id: card

        anchors.centerIn: parent
        width: Math.min(parent.width - Theme.margin * 2, Theme.u * 110)
        height: column.implicitHeight + Theme.margin * 2
        radius: Theme.radius
        color: Theme.paper

        Accessible.role: Accessible.Dialog
        Accessible.name: root.term

        Column {
            id: column

            anchors.fill: parent
            anchors.margins: Theme.margin
            spacing: Theme.spacing

            Text {
                textFormat: Text.PlainText
                width: parent.width
                wrapMode: Text.WordWrap
                text: root.term
                color: Theme.accent
                font.family: Theme.serif
                font.bold: true
                font.pixelSize: Theme.titleSize * 0.8
            }

            Text {
                textFormat: Text.PlainText
                width: parent.width
                wrapMode: Text.WordWrap
                text: root.definition
                color: Theme.ink
                lineHeight: 1.2
                font.family: Theme.serif
                font.pixelSize: Theme.bodySize
            }

            KioskButton {
                objectName: "closeTermButton"
                text: qsTr("Close")
                primary: true
                onActivated: root.closed()
            }
        }
    }
}
