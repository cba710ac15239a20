import QtQuick
import Kiosk
import Kiosk.Backend

// "Still there?": after the idle timeout, a visitor chooses to continue or start over;
// without an answer the visit resets when the countdown runs out.
Rectangle {
    id: root

    required property VisitClock visit

    objectName: "countdownOverlay"
    color: Theme.nightScrim
    visible: root.visit.phase === VisitClock.Countdown
    // Said at once to a screen-reader user, who may not be looking: the question and the
    // time left.
    onVisibleChanged: {
        if (root.visible) {
            card.Accessible.announce(question.text + " " + seconds.text, Accessible.Assertive)
            continueButton.forceActiveFocus() // Return (the keypad's select) answers it
        }
    }

    // A tap outside the card is an answer too: someone is there. It answers only this
    // question, never presses what lies beneath the dimmed screen.
    InputShield {
        anchors.fill: parent
        onTapped: root.visit.continueVisit()
    }

    Rectangle {
        id: card

        objectName: "countdownCard"
        anchors.centerIn: parent
        width: Math.min(parent.width - Theme.margin * 2, Theme.cardWidth)
        height: column.implicitHeight + Theme.margin * 2
        radius: Theme.radius
        color: Theme.paper

        Accessible.role: Accessible.AlertMessage
        Accessible.name: question.text

        Column {
            id: column

            anchors.fill: parent
            anchors.margins: Theme.margin
            spacing: Theme.spacingLarge

            Heading {
                id: question

                width: parent.width
                horizontalAlignment: Text.AlignHCenter
                text: qsTr("Still there?")
            }

            BodyText {
                id: seconds

                objectName: "countdownSeconds"
                width: parent.width
                horizontalAlignment: Text.AlignHCenter
                text: qsTr("The exhibit starts over in %n second(s).", "", root.visit.secondsLeft)
                color: Theme.inkSoft
            }

            Row {
                anchors.horizontalCenter: parent.horizontalCenter
                spacing: Theme.spacingLarge

                KioskButton {
                    id: continueButton

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
