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
    // The screen's own controls, shown before Next.
    default property alias extras: extraRow.data

    signal previous
    signal next

    implicitHeight: (noteText.visible ? noteText.height + Theme.spacing : 0) + row.implicitHeight + Theme.spacing * 2
    color: root.dark ? Theme.night : Theme.paper

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
            objectName: root.previousName
            text: Theme.backArrow + " " + root.previousText
            dark: root.dark
            enabled: root.paging && root.current > 0
            Accessible.name: root.previousLabel
            onActivated: root.previous()
        }

        SmallText {
            objectName: "position"
            Layout.fillWidth: true
            horizontalAlignment: Text.AlignHCenter
            text: qsTr("%1 · %2 of %3").arg(root.section).arg(root.current + 1).arg(root.count)
            color: root.dark ? Theme.nightText : Theme.inkSoft
            Accessible.role: Accessible.StaticText
            Accessible.name: text
        }

        Row {
            id: extraRow

            spacing: Theme.spacing
        }

        KioskButton {
            objectName: root.nextName
            text: root.nextText + " " + Theme.forwardArrow
            dark: root.dark
            enabled: root.paging && root.current < root.count - 1
            Accessible.name: root.nextLabel
            onActivated: root.next()
        }
    }
}
