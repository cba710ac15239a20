import QtQuick
import QtQuick.Layouts
import Kiosk

// Where the visitor is among a screen's items and how to move on: the same bar on every paging
// screen (the story, a person, the photo viewer), below the content and never over a
// picture. Previous and Next at its ends; between them the section and the position
// ("Story · 3 of 7"), and any controls of the screen's own (the viewer's caption toggle).
Rectangle {
    id: root

    property string section
    property int count: 0
    property int current: 0
    property bool dark: false
    // Whether Previous and Next may move now (the viewer holds them while zoomed in).
    property bool paging: true
    property string previousName: "previousItem"
    property string nextName: "nextItem"
    // The words on the buttons (a screen may word them for its items) and their names.
    property string previousText: qsTr("Previous")
    property string nextText: qsTr("Next")
    property string previousLabel: qsTr("Previous")
    property string nextLabel: qsTr("Next")
    // A word for the visitor above the buttons, while set (the viewer's zoom hint).
    property string note
    // The screen's own controls, shown before Next, and their widest width (a screen whose
    // controls shorten their words when `tight` gives the width they have with all of them).
    default property alias extras: extraRow.data
    property real extrasWidth: extraRow.implicitWidth

    signal previous
    signal next

    // Previous, the screen's own controls and Next do not fit the width with their words
    // (larger text, a narrow viewer beside its caption): Previous and Next show their arrows
    // only (a screen reader still hears their names).
    readonly property real wordsWidth: Theme.buttonPadding * 4 + previousWords.advanceWidth // both paddings of each
                                       + nextWords.advanceWidth
    readonly property bool tight: root.wordsWidth + root.extrasWidth + row.spacing * 2 > row.width
    // The position does not fit between the buttons either: it takes a line of its own
    // above them.
    readonly property bool stacked: position.implicitWidth > row.width - row.spacing * 2
                                                             - previousButton.implicitWidth
                                                             - extraRow.implicitWidth - row.spacing
                                                             - nextButton.implicitWidth
    // What stands above the buttons: the note, then the position when it is stacked.
    readonly property real above: (noteText.visible ? noteText.height + Theme.spacing : 0)
                                  + (root.stacked ? positionAbove.height + Theme.spacing : 0)

    implicitHeight: root.above + row.implicitHeight + Theme.spacing * 2
    color: root.dark ? Theme.night : Theme.paper

    // A bar of controls, named for its section (reading a page aloud leaves its buttons out).
    Accessible.role: Accessible.ToolBar
    Accessible.name: root.section

    // The note, while there is one: a line of its own above the buttons, the full width.
    BodyText {
        id: noteText

        objectName: "pagerNote"
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.top: parent.top
        anchors.leftMargin: Theme.margin
        anchors.rightMargin: Theme.margin
        anchors.topMargin: Theme.spacing
        visible: root.note !== ""
        horizontalAlignment: Text.AlignHCenter
        text: root.note
        color: root.dark ? Theme.nightText : Theme.ink
        font.family: Theme.sans
        Accessible.role: Accessible.StaticText
        Accessible.name: text
    }

    // The buttons' words as they would be laid out (for `tight`).
    TextMetrics {
        id: previousWords

        font: previousButton.font
        text: Theme.backArrow + " " + root.previousText
    }
    TextMetrics {
        id: nextWords

        font: nextButton.font
        text: root.nextText + " " + Theme.forwardArrow
    }

    // Where the visitor is, on a line of its own above the buttons when it does not fit
    // between them (stacked; then read before them, as it is seen).
    SmallText {
        id: positionAbove

        objectName: "position"
        x: Theme.margin
        y: root.above - positionAbove.height - Theme.spacing
        width: root.width - Theme.margin * 2
        visible: root.stacked
        horizontalAlignment: Text.AlignHCenter
        text: position.text
        color: position.color
        Accessible.role: Accessible.StaticText
        Accessible.name: text
    }

    RowLayout {
        id: row

        anchors.left: parent.left
        anchors.right: parent.right
        anchors.bottom: parent.bottom
        anchors.leftMargin: Theme.margin
        anchors.rightMargin: Theme.margin
        anchors.bottomMargin: Theme.spacing
        spacing: Theme.spacing

        KioskButton {
            id: previousButton

            objectName: root.previousName
            text: root.tight ? Theme.backArrow : previousWords.text
            dark: root.dark
            enabled: root.paging && root.current > 0
            Accessible.name: root.previousLabel
            onActivated: root.previous()
        }

        // Between the buttons (read between them too: Previous, where the visitor is, Next).
        SmallText {
            id: position

            objectName: "position"
            Layout.fillWidth: true
            // Stacked, it leaves its place to the line above (its width still measures).
            visible: !root.stacked
            horizontalAlignment: Text.AlignHCenter
            text: qsTr("%1 · %2 of %3").arg(root.section).arg(root.current + 1).arg(root.count)
            color: root.dark ? Theme.nightText : Theme.inkSoft
            Accessible.role: Accessible.StaticText
            Accessible.name: text
        }

        // Stacked: the space between Previous and the rest.
        Item {
            Layout.fillWidth: true
            visible: root.stacked
        }

        Row {
            id: extraRow

            spacing: Theme.spacing
        }

        KioskButton {
            id: nextButton

            objectName: root.nextName
            text: root.tight ? Theme.forwardArrow : nextWords.text
            dark: root.dark
            enabled: root.paging && root.current < root.count - 1
            Accessible.name: root.nextLabel
            onActivated: root.next()
        }
    }
}
