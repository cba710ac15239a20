pragma ComponentBehavior: Bound

import QtQuick
import Kiosk
import Kiosk.Backend

// Terms and their definitions.
Item {
    id: root

    required property ExhibitSession session

    objectName: "glossaryScreen"

    ListView {
        id: list

        objectName: "glossaryList"
        anchors.fill: parent
        anchors.margins: Theme.margin
        clip: true
        spacing: Theme.spacing * 1.5
        boundsBehavior: Flickable.StopAtBounds
        model: root.session.glossary
        Accessible.role: Accessible.List
        Accessible.name: qsTr("Glossary")

        header: Text {
            textFormat: Text.PlainText
            width: list.width
            bottomPadding: Theme.spacing
            text: qsTr("Glossary")
            color: Theme.ink
            font.family: Theme.serif
            font.bold: true
            font.pixelSize: Theme.titleSize
            Accessible.role: Accessible.Heading
            Accessible.name: text
        }

        delegate: Column {
            id: entry

            required property string term
            required property string definition

            width: list.width
            spacing: Theme.u * 0.6

            Accessible.role: Accessible.ListItem
            Accessible.name: entry.term + ": " + entry.definition

            Text {
                textFormat: Text.PlainText
                width: parent.width
                wrapMode: Text.WordWrap
                text: entry.term
                color: Theme.accent
                font.family: Theme.serif
                font.bold: true
                font.pixelSize: Theme.bodySize * 1.15
            }

            Text {
                textFormat: Text.PlainText
                width: parent.width
                wrapMode: Text.WordWrap
                text: entry.definition
                color: Theme.ink
                lineHeight: 1.2
                font.family: Theme.serif
                font.pixelSize: Theme.bodySize
            }
        }
    }
}
