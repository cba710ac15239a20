pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Templates as T
import QtQuick.Layouts
import Kiosk
import Kiosk.Backend

// The exhibit's front page: a hero image, the title, introduction and credits, and the ways
// in (one for each section that has something to show).
VisitorScreen {
    id: root

    required property Exhibit exhibit

    picturesLoading: hero.loading
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

    title: root.exhibit.title
    heading: homeTitle
    narration: root.exhibit.narration
    objectName: "homeScreen"
    scrollView: words

    // Title, subtitle, introduction and credits: they scroll (with a cue) when a long title
    // or introduction does not fit, while the four ways in below them always stay in view.
    Flickable {
        id: words

        objectName: "homeWords"
        anchors.left: Theme.portrait ? parent.left : hero.right
        anchors.leftMargin: Theme.portrait ? Theme.margin : Theme.gutter
        anchors.right: parent.right
        anchors.rightMargin: Theme.margin
        y: Theme.portrait ? hero.y + hero.height + Theme.margin : Theme.margin
        height: entries.y - y - Theme.spacingLarge
        contentHeight: column.height
        flickableDirection: Flickable.VerticalFlick
        boundsBehavior: Flickable.StopAtBounds
        clip: true
        T.ScrollIndicator.vertical: ScrollCue {}

        Column {
            id: column

            // Room for the cue at the line's end (the left in right-to-left).
            x: Theme.rightToLeft ? Theme.scrollCueWidth * 2 : 0
            width: words.width - Theme.scrollCueWidth * 2
            spacing: Theme.spacingLarge

            // As large as the width allows between the display and title sizes, then wrapped.
            Heading {
                id: homeTitle

                objectName: "homeTitle"
                width: parent.width
                // The fitted text's height: the implicit one is measured at the largest size.
                height: contentHeight
                text: root.exhibit.title
                font.pixelSize: Theme.displaySize
                fontSizeMode: Text.HorizontalFit
                minimumPixelSize: Theme.titleSize
            }

            BodyText {
                objectName: "homeSubtitle"
                width: parent.width
                visible: text !== ""
                text: root.exhibit.subtitle
                color: Theme.inkSoft
                font.pixelSize: Theme.subtitleSize
            }

            Paragraphs {
                objectName: "homeSummary"
                width: parent.width
                paragraphs: root.exhibit.summary
                color: Theme.inkSoft
            }

            Repeater {
                model: [root.exhibit.source, root.exhibit.credit, root.exhibit.rights]

                SmallText {
                    required property string modelData

                    objectName: "homeCredit"
                    width: column.width
                    visible: modelData !== ""
                    text: modelData
                    color: Theme.inkSoft
                }
            }
        }
    }

    // The photograph whole (never cropped): beside the words (landscape) or above them.
    // Read after them: the screen is its title first.
    Photo {
        id: hero

        objectName: "heroImage"
        // Anchored, not placed by x: a right-to-left language mirrors the whole screen.
        anchors.left: parent.left
        anchors.leftMargin: Theme.margin
        y: Theme.margin
        width: Theme.portrait ? parent.width - Theme.margin * 2 : parent.width * root.heroWidthShare
        height: Theme.portrait ? parent.height * root.heroHeightShare : parent.height - Theme.margin * 2
        source: root.exhibit.heroUrl
        fadesIn: !root.instant
        caption: root.exhibit.title
        alt: root.exhibit.heroAlt
        Accessible.onPressAction: {
            if (hero.enabled && root.exhibit.heroPhotoIndex >= 0) // not under an overlay
                root.navigator.open(Navigator.Viewer, root.exhibit.heroPhotoIndex)
        }

        TapHandler {
            enabled: root.exhibit.heroPhotoIndex >= 0
            gesturePolicy: TapHandler.ReleaseWithinBounds
            onTapped: root.navigator.open(Navigator.Viewer, root.exhibit.heroPhotoIndex)
        }
    }

    GridLayout {
        id: entries

        anchors.left: words.left
        anchors.right: words.right
        y: parent.height - height - Theme.margin
        // Two by two, or one above the other when a word would not fit half the width
        // (larger text, a long word in another language).
        columns: Math.max(story.implicitWidth, people.implicitWidth, photos.implicitWidth,
                          glossary.implicitWidth) * 2 + columnSpacing > width ? 1 : 2
        columnSpacing: Theme.spacingLarge
        rowSpacing: Theme.spacingLarge
        // The ways in, one group (read after the words, as a bar of controls is).
        Accessible.role: Accessible.ToolBar
        Accessible.name: qsTr("Sections")

        Entry {
            id: story

            objectName: "openStory"
            visible: root.exhibit.hasStory // an empty section is not offered
            screen: Navigator.Story
            text: qsTr("Story")
        }
        Entry {
            id: people

            objectName: "openPeople"
            visible: root.exhibit.hasPeople // an empty section is not offered
            screen: Navigator.People
            text: qsTr("People")
        }
        Entry {
            id: photos

            objectName: "openPhotos"
            visible: root.exhibit.hasPhotos // an empty section is not offered
            screen: Navigator.Photos
            text: qsTr("Photographs")
        }
        Entry {
            id: glossary

            objectName: "openGlossary"
            visible: root.exhibit.hasGlossary // an empty section is not offered
            screen: Navigator.Glossary
            text: qsTr("Glossary")
        }
    }
}
