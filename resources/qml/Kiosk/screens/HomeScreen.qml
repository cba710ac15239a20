import QtQuick
import Kiosk
import Kiosk.Backend

// The exhibit's front page: title, a hero image, the four ways in, and the credit line.
Item {
    id: root

    required property ExhibitSession session

    objectName: "homeScreen"

    Photo {
        id: hero

        objectName: "heroImage"
        x: Theme.margin
        y: Theme.margin
        width: Theme.portrait ? parent.width - Theme.margin * 2 : parent.width * 0.45
        height: Theme.portrait ? parent.height * 0.36 : parent.height - Theme.margin * 2 - credit.height
        fillMode: Image.PreserveAspectCrop
        source: root.session.heroUrl
        caption: root.session.title

        TapHandler {
            enabled: root.session.heroPhotoIndex >= 0
            gesturePolicy: TapHandler.ReleaseWithinBounds
            onTapped: root.session.navigator.open(Navigator.Viewer, root.session.heroPhotoIndex)
        }
    }

    Column {
        id: main

        x: Theme.portrait ? Theme.margin : hero.x + hero.width + Theme.margin * 1.5
        y: Theme.portrait ? hero.y + hero.height + Theme.margin : Theme.margin * 1.5
        width: parent.width - x - Theme.margin
        spacing: Theme.spacing * 1.5

        Text {
            objectName: "homeTitle"
            textFormat: Text.PlainText
            width: parent.width
            wrapMode: Text.WordWrap
            text: root.session.title
            color: Theme.ink
            font.family: Theme.serif
            font.bold: true
            font.pixelSize: Theme.displaySize
            Accessible.role: Accessible.Heading
            Accessible.name: text
        }

        Text {
            textFormat: Text.PlainText
            width: parent.width
            wrapMode: Text.WordWrap
            text: root.session.subtitle
            color: Theme.inkSoft
            font.family: Theme.serif
            font.pixelSize: Theme.titleSize * 0.75
        }

        Item {
            width: 1
            height: Theme.spacing
        }

        Grid {
            id: entries

            width: parent.width
            columns: 2
            spacing: Theme.spacing * 1.5

            readonly property real cellWidth: (width - spacing) / 2

            KioskButton {
                objectName: "openStory"
                width: entries.cellWidth
                height: Theme.targetSize * 1.35
                primary: true
                fontSize: Theme.titleSize * 0.62
                text: qsTr("Story")
                onActivated: root.session.navigator.open(Navigator.Story, 0)
            }
            KioskButton {
                objectName: "openPeople"
                width: entries.cellWidth
                height: Theme.targetSize * 1.35
                primary: true
                fontSize: Theme.titleSize * 0.62
                text: qsTr("People")
                onActivated: root.session.navigator.open(Navigator.People, 0)
            }
            KioskButton {
                objectName: "openPhotos"
                width: entries.cellWidth
                height: Theme.targetSize * 1.35
                primary: true
                fontSize: Theme.titleSize * 0.62
                text: qsTr("Photographs")
                onActivated: root.session.navigator.open(Navigator.Photos, 0)
            }
            KioskButton {
                objectName: "openGlossary"
                width: entries.cellWidth
                height: Theme.targetSize * 1.35
                primary: true
                fontSize: Theme.titleSize * 0.62
                text: qsTr("Glossary")
                onActivated: root.session.navigator.open(Navigator.Glossary, 0)
            }
        }
    }

    // The introduction, where a tall screen leaves room under the entries (it scrolls if
    // a long one does not fit).
    Flickable {
        objectName: "homeSummary"
        anchors.left: main.left
        anchors.right: main.right
        anchors.top: main.bottom
        anchors.bottom: credit.top
        anchors.topMargin: Theme.margin
        anchors.bottomMargin: Theme.spacing
        visible: Theme.portrait
        clip: true
        contentHeight: summary.height
        boundsBehavior: Flickable.StopAtBounds

        Paragraphs {
            id: summary

            width: parent.width
            paragraphs: root.session.summary
            color: Theme.inkSoft
        }
    }

    Text {
        id: credit

        textFormat: Text.PlainText
        objectName: "homeCredit"
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.bottom: parent.bottom
        anchors.margins: Theme.margin
        anchors.bottomMargin: Theme.spacing
        wrapMode: Text.WordWrap
        text: root.session.source + "  " + root.session.rights
        color: Theme.inkSoft
        font.family: Theme.sans
        font.pixelSize: Theme.smallSize
    }
}
