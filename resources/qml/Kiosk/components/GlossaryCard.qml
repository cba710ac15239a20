import QtQuick
import Kiosk

// A term's definition over the current screen; a tap anywhere closes it.
Rectangle {
    id: root

    property string term
    property string definition
    readonly property bool shown: root.term !== ""

    signal closed

    color: Theme.scrim
    visible: opacity > 0
    opacity: root.shown ? 1 : 0

    Behavior on opacity {
        NumberAnimation { duration: Theme.transitionMs }
    }

    // Any tap closes the card, and only closes it: the page beneath does not see it. While
    // the card fades out, the page beneath already answers.
    InputShield {
        anchors.fill: parent
        enabled: root.shown
        onTapped: root.closed()
    }

    Rectangle {
        id: card

        objectName: "termCard"
        anchors.centerIn: parent
        width: Math.min(parent.width - Theme.margin * 2, Theme.termCardWidth)
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

            Heading {
                width: parent.width
                text: root.term
                color: Theme.accent
                font.pixelSize: Theme.subheadSize
            }

            BodyText {
                width: parent.width
                text: root.definition
                lineHeight: Theme.lineHeight
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
