pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Templates as T
import Kiosk
import Kiosk.Backend

// Terms and their definitions.
VisitorScreen {
    id: root

    required property GlossaryModel glossary
    required property Navigator navigator

    objectName: "glossaryScreen"
    scrollView: list

    ListView {
        id: list

        objectName: "glossaryList"
        anchors.fill: parent
        anchors.margins: Theme.margin
        clip: true
        T.ScrollIndicator.vertical: ScrollCue {}
        spacing: Theme.spacingLarge
        boundsBehavior: Flickable.StopAtBounds
        model: root.glossary
        Accessible.role: Accessible.List
        Accessible.name: qsTr("Glossary")

        header: Heading {
            width: list.width
            bottomPadding: Theme.spacing
            text: qsTr("Glossary")
        }

        delegate: Column {
            id: entry

            required property string term
            required property string definition

            width: list.width
            spacing: Theme.termGap

            Accessible.role: Accessible.ListItem
            Accessible.name: entry.term + ": " + entry.definition

            BodyText {
                width: parent.width
                text: entry.term
                color: Theme.accent
                font.bold: true
                font.pixelSize: Theme.termSize
            }

            BodyText {
                width: parent.width
                text: entry.definition
                lineHeight: Theme.lineHeight
            }
        }
    }
}
