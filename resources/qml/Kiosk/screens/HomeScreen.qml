pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Templates as T
import QtQuick.Layouts
import Kiosk
import Kiosk.Backend

// The exhibit's front page: title, a hero image, the four ways in, and the credit line.
VisitorScreen {
    id: root

    required property Exhibit exhibit
    required property Navigator navigator
    // The hero image takes this share of the width beside the title column (landscape), or
    // of the height above it (portrait).
    readonly property real heroWidthShare: 0.45
    readonly property real heroHeightShare: 0.36

    // One of the four ways into the exhibit.
    component Entry: KioskButton {
        required property int screen

        Layout.fillWidth: true
        Layout.preferredWidth: 1 // the two columns share the width equally
        Layout.preferredHeight: Theme.entryHeight
        primary: true
        fontSize: Theme.entrySize
        onActivated: root.navigator.open(screen, 0)
    }

    objectName: "homeScreen"

    Photo {
        id: hero

        objectName: "heroImage"
        x: Theme.margin
        y: Theme.margin
        width: Theme.portrait ? parent.width - Theme.margin * 2 : parent.width * root.heroWidthShare
        height: Theme.portrait ? parent.height * root.heroHeightShare : parent.height - Theme.margin * 2 - credit.height
        fillMode: Image.PreserveAspectCrop
        source: root.exhibit.heroUrl
        caption: root.exhibit.title

        TapHandler {
            enabled: root.exhibit.heroPhotoIndex >= 0
            gesturePolicy: TapHandler.ReleaseWithinBounds
            onTapped: root.navigator.open(Navigator.Viewer, root.exhibit.heroPhotoIndex)
        }
    }

    ColumnLayout {
        id: main

        x: Theme.portrait ? Theme.margin : hero.x + hero.width + Theme.gutter
        y: Theme.portrait ? hero.y + hero.height + Theme.margin : Theme.gutter
        width: parent.width - x - Theme.margin
        spacing: Theme.spacingLarge

        Heading {
            objectName: "homeTitle"
            Layout.fillWidth: true
            text: root.exhibit.title
            font.pixelSize: Theme.displaySize
        }

        BodyText {
            Layout.fillWidth: true
            text: root.exhibit.subtitle
            color: Theme.inkSoft
            font.pixelSize: Theme.subtitleSize
        }

        GridLayout {
            Layout.fillWidth: true
            Layout.topMargin: Theme.spacing
            columns: 2
            columnSpacing: Theme.spacingLarge
            rowSpacing: Theme.spacingLarge

            Entry {
                objectName: "openStory"
                screen: Navigator.Story
                text: qsTr("Story")
            }
            Entry {
                objectName: "openPeople"
                screen: Navigator.People
                text: qsTr("People")
            }
            Entry {
                objectName: "openPhotos"
                screen: Navigator.Photos
                text: qsTr("Photographs")
            }
            Entry {
                objectName: "openGlossary"
                screen: Navigator.Glossary
                text: qsTr("Glossary")
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
        T.ScrollIndicator.vertical: ScrollCue {}
        contentHeight: summary.height
        boundsBehavior: Flickable.StopAtBounds

        Paragraphs {
            id: summary

            width: parent.width
            paragraphs: root.exhibit.summary
            color: Theme.inkSoft
        }
    }

    SmallText {
        id: credit

        objectName: "homeCredit"
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.bottom: parent.bottom
        anchors.margins: Theme.margin
        anchors.bottomMargin: Theme.spacing
        text: root.exhibit.source + "  " + root.exhibit.rights
    }
}
