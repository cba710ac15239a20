pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Templates as T
import Kiosk
import Kiosk.Backend

// Terms and their definitions, in the language's alphabetical order under letter headings.
// A long glossary gets an A–Z index under the heading: tap a letter to go to its terms.
VisitorScreen {
    id: root

    required property GlossaryModel glossary
    required property Navigator navigator
    // From this many terms (and more than one letter) the index is shown: fewer fit a screen
    // or two, where letters to tap would only be in the way.
    readonly property int indexFrom: 12
    readonly property bool indexed: root.glossary.count >= root.indexFrom
                                    && root.glossary.letters.count > 1

    title: screenTitle.text
    heading: screenTitle
    objectName: "glossaryScreen"
    scrollView: list

    Heading {
        id: screenTitle

        x: Theme.margin
        y: Theme.margin
        width: parent.width - Theme.margin * 2
        text: qsTr("Glossary")
    }

    // The A–Z index: one button per letter that begins a term; it scrolls sideways (with its
    // cue) when the letters do not fit the width.
    ListView {
        id: letterIndex

        objectName: "glossaryIndex"
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.top: screenTitle.bottom
        anchors.leftMargin: Theme.margin
        anchors.rightMargin: Theme.margin
        anchors.topMargin: Theme.spacing
        // The letters, and below them room for the cue that says the strip scrolls.
        height: root.indexed ? Theme.targetSize + Theme.scrollCueWidth * 2 : 0
        visible: root.indexed
        clip: true
        orientation: ListView.Horizontal
        spacing: Theme.spacing
        boundsBehavior: Flickable.StopAtBounds
        model: root.glossary.letters
        T.ScrollIndicator.horizontal: ScrollCue {}
        Accessible.role: Accessible.List
        Accessible.name: qsTr("Index")

        delegate: KioskButton {
            required property string letter
            required property int first

            objectName: "glossaryIndex_" + letter
            text: letter
            selected: list.topLetter === letter
            onActivated: list.positionViewAtIndex(first, ListView.Beginning)
        }
    }

    ListView {
        id: list

        objectName: "glossaryList"
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.top: letterIndex.bottom
        anchors.bottom: parent.bottom
        anchors.margins: Theme.margin
        anchors.topMargin: Theme.spacing
        clip: true
        T.ScrollIndicator.vertical: ScrollCue {}
        spacing: Theme.spacingLarge
        boundsBehavior: Flickable.StopAtBounds
        model: root.glossary
        // The letter of the term at the top of the list: the index shows it selected.
        // (Probed a little way down: at the very top a letter's heading may stand, not a term.)
        readonly property string topLetter: {
            for (let down = Theme.spacing; down < list.height; down += Theme.targetSize) {
                const entry = list.itemAt(list.width / 2, list.contentY + down) as Entry
                if (entry)
                    return entry.letter
            }
            return ""
        }
        Accessible.role: Accessible.List
        Accessible.name: qsTr("Glossary")

        section.property: "letter"
        section.delegate: Heading {
            required property string section

            objectName: "glossaryLetter_" + section
            width: list.width
            // (The list places its items at x 0: room for the cue is kept by padding.)
            leftPadding: Theme.rightToLeft ? Theme.scrollCueWidth * 2 : 0
            rightPadding: Theme.rightToLeft ? 0 : Theme.scrollCueWidth * 2
            topPadding: Theme.spacing
            text: section
            color: Theme.accent
            font.pixelSize: Theme.subheadSize
            Accessible.role: Accessible.Heading
        }

        delegate: Entry {}
    }

    // One term and its definition.
    component Entry: Column {
        id: entry

        required property string term
        required property string definition
        required property string letter

        // Room for the cue at the line's end (the left in right-to-left); the list places
        // its items at x 0, so the room is kept by padding.
        width: list.width
        leftPadding: Theme.rightToLeft ? Theme.scrollCueWidth * 2 : 0
        rightPadding: Theme.rightToLeft ? 0 : Theme.scrollCueWidth * 2
        spacing: Theme.termGap

        Accessible.role: Accessible.ListItem
        Accessible.name: entry.term + ": " + entry.definition

        BodyText {
            width: entry.width - entry.leftPadding - entry.rightPadding
            text: entry.term
            color: Theme.accent
            font.bold: true
            font.pixelSize: Theme.termSize
        }

        BodyText {
            width: entry.width - entry.leftPadding - entry.rightPadding
            text: entry.definition
            lineHeight: Theme.lineHeight
        }
    }
}
