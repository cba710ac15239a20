import QtQuick
import QtQuick.Templates as T
import Kiosk

// A term's definition over the current screen; a tap beside the card, or Close, closes it
// (the card's own words scroll, so a touch on them is theirs).
Rectangle {
    id: root

    property string term
    property string definition
    readonly property bool shown: root.term !== ""

    signal closed

    color: Theme.scrim
    visible: opacity > 0
    opacity: root.shown ? 1 : 0
    // The focus comes to Close: a screen reader reads the card, and Return closes it.
    onShownChanged: {
        if (root.shown)
            close.forceActiveFocus()
    }
    // While it shows, the keys are its own: Escape closes it, and the keys that would move
    // the screen beneath (kiosk.ui.keys acts on a key no item takes) do nothing.
    Keys.onPressed: event => {
        if (event.key === Qt.Key_Escape || event.key === Qt.Key_Back)
            root.closed()
        event.accepted = [Qt.Key_Escape, Qt.Key_Back, Qt.Key_Left, Qt.Key_Right, Qt.Key_Up,
                          Qt.Key_Down, Qt.Key_Home, Qt.Key_PageUp, Qt.Key_PageDown].includes(event.key)
    }

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
        // As tall as the definition, up to the window: then the words scroll (with their
        // cue) and Close stays in reach below them.
        height: Math.min(words.implicitHeight + close.height + Theme.spacing + Theme.margin * 2,
                         parent.height - Theme.margin * 2)
        radius: Theme.radius
        color: Theme.paper

        Accessible.role: Accessible.Dialog
        Accessible.name: root.term

        Flickable {
            id: scroller

            objectName: "termWords"
            anchors.left: parent.left
            anchors.right: parent.right
            anchors.top: parent.top
            anchors.bottom: close.top
            anchors.margins: Theme.margin
            anchors.bottomMargin: Theme.spacing
            contentHeight: words.implicitHeight
            flickableDirection: Flickable.VerticalFlick
            boundsBehavior: Flickable.StopAtBounds
            clip: true
            T.ScrollIndicator.vertical: ScrollCue {}

            Column {
                id: words

                // Room for the cue at the line's end (the left in right-to-left).
                x: Theme.rightToLeft ? Theme.scrollCueWidth * 2 : 0
                width: scroller.width - Theme.scrollCueWidth * 2
                spacing: Theme.spacing

                Heading {
                    width: parent.width
                    text: root.term
                    color: Theme.accent
                    font.pixelSize: Theme.subheadSize
                }

                BodyText {
                    objectName: "termDefinition"
                    width: parent.width
                    text: root.definition
                    lineHeight: Theme.lineHeight
                }
            }
        }

        KioskButton {
            id: close

            objectName: "closeTermButton"
            anchors.left: parent.left
            anchors.bottom: parent.bottom
            anchors.margins: Theme.margin
            text: qsTr("Close")
            primary: true
            onActivated: root.closed()
        }
    }

    // A new term starts at the top of its definition.
    onTermChanged: scroller.contentY = 0
}
