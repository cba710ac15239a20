import QtQuick
import Kiosk
import Kiosk.Backend

// "Still there?": after the idle timeout, a visitor chooses to continue or start over;
// without an answer the visit resets when the countdown runs out.
Rectangle {
    id: root

    required property VisitClock visit

    objectName: "countdownOverlay"
    color: "#cc16120e"
    visible: root.visit.phase === VisitClock.Countdown

    // A tap outside the card is an answer too: someone is there.
    TapHandler {
        onTapped: root.visit.continueVisit()
    }

    Rectangle {
        anchors.centerIn: parent
        width: Math.min(parent.width - Theme.margin * 2, Theme.u * 90)
        height: column.implicitHeight + Theme.margin * 2
        radius: Theme.radius
        color: Theme.paper

        Accessible.role: Accessible.AlertMessage
        Accessible.name: question.text

        Column {
            id: column

            anchors.fill: parent
            anchors.margins: Theme.margin
            spacing: Theme.spacing * 1.5

            Text {
                id: question

                textFormat: Text.PlainText
                width: parent.width
                horizontalAlignment: Text.AlignHCenter
                wrapMode: Text.WordWrap
                text: qsTr("Still there?")
                color: Theme.ink
                font.family: Theme.serif
                font.bold: true
                font.pixelSize: Theme.titleSize
            }

            Text {
                objectName: "countdownSeconds"
                textFormat: Text.PlainText
                width: parent.width
                horizontalAlignment: Text.AlignHCenter
                wrapMode: Text.WordWrap
                text: qsTr("The exhibit starts over in %n second(s).", "", root.visit.secondsLeft)
                color: Theme.inkSoft
                font.family: Theme.serif
                font.pixelSize: Theme.bodySize
            }

            Row {
                anchors.horizontalCenter: parent.horizontalCenter
                spacing: Theme.spacing * 1.5

                KioskButton {
                    objectName: "continueButton"
                    primary: true
                    text: qsTr("Continue")
                    onActivated: root.visit.continueVisit()
                }

                KioskButton {
                    objectName: "startOverButton"
                    text: qsTr("Start over")
                    onActivated: root.visit.startOver()
                }
            }
        }
    }
}
