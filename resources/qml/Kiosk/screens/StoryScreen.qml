pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Templates as T
import Kiosk
import Kiosk.Backend

// The story, one page at a time: swipe or tap Previous/Next, or jump by date on the
// chronology strip. A page's images open the photo viewer; its linked terms, the glossary.
VisitorScreen {
    id: root

    required property StoryModel story
    required property Navigator navigator

    // The chronology keeps the current date between these shares of its width.
    readonly property real stripFocusBegin: 0.3
    readonly property real stripFocusEnd: 0.7
    // A page's pictures: this share of its height each (portrait), or at most this share
    // beside the text (landscape), where the text column takes textShare of the width.
    readonly property real pictureShareTall: 0.3
    readonly property real pictureShareWide: 0.55
    readonly property real textShare: 0.58

    signal termActivated(string termId)

    objectName: "storyScreen"
    scrollView: pages.currentItem as Flickable

    Pager {
        id: pages

        objectName: "storyPages"
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.top: strip.bottom
        anchors.bottom: controls.top
        anchors.topMargin: Theme.spacing
        navigator: root.navigator
        model: root.story

        delegate: Flickable {
            id: page

            required property int index
            required property string title
            required property string date
            required property list<string> paragraphs
            required property ThumbModel media
            required property PersonChipModel people
            required property string narration

            width: pages.width
            height: pages.height
            contentHeight: body.height + Theme.margin * 2
            flickableDirection: Flickable.VerticalFlick
            boundsBehavior: Flickable.StopAtBounds
            clip: true
            T.ScrollIndicator.vertical: ScrollCue {}

            // The page on show names the screen, and its title takes the focus.
            Binding {
                target: root
                property: "title"
                value: page.title
                when: page.ListView.isCurrentItem
            }
            Binding {
                target: root
                property: "heading"
                value: pageTitle
                when: page.ListView.isCurrentItem
            }
            // Read aloud: this page (not its neighbours), or its recording.
            Binding {
                target: root
                property: "readable"
                value: page
                when: page.ListView.isCurrentItem
            }
            Binding {
                target: root
                property: "narration"
                value: page.narration
                when: page.ListView.isCurrentItem
            }

            Item {
                id: body

                readonly property bool hasMedia: page.media.count > 0
                readonly property bool sideBySide: hasMedia && !Theme.portrait

                x: Theme.margin
                y: Theme.margin
                width: page.width - Theme.margin * 2
                height: sideBySide ? Math.max(words.height, gallery.height) : gallery.height + words.height + (hasMedia ? Theme.margin : 0)

                Column {
                    id: words

                    anchors.left: parent.left
                    y: body.sideBySide ? 0 : gallery.height + (body.hasMedia ? Theme.margin : 0)
                    width: body.sideBySide ? body.width * root.textShare : Math.min(body.width, Theme.maxTextWidth)
                    spacing: Theme.spacing

                    Heading {
                        id: pageTitle

                        objectName: "pageTitle"
                        width: parent.width
                        text: page.title
                        font.bold: false
                    }

                    // Under the title: where the title takes the focus, reading goes on here.
                    BodyText {
                        objectName: "pageDate"
                        width: parent.width
                        text: page.date
                        color: Theme.accent
                        font.bold: true
                        font.pixelSize: Theme.dateSize
                    }

                    Paragraphs {
                        width: parent.width
                        paragraphs: page.paragraphs
                        onTermActivated: termId => root.termActivated(termId)
                    }

                    // The people the page names, each a way to their own page.
                    Flow {
                        id: chips

                        objectName: "pagePeople"
                        width: parent.width
                        spacing: Theme.spacing
                        topPadding: Theme.spacing
                        visible: page.people.count > 0

                        SmallText {
                            height: Theme.targetSize
                            verticalAlignment: Text.AlignVCenter
                            text: qsTr("People on this page:")
                        }

                        Repeater {
                            model: page.people

                            KioskButton {
                                required property string personId
                                required property string name
                                required property int personIndex

                                objectName: "pagePerson_" + personId
                                // Never wider than the column: a long name wraps.
                                width: Math.min(implicitWidth, chips.width)
                                wraps: true
                                text: name
                                fontSize: Theme.smallSize
                                onActivated: root.navigator.open(Navigator.Person, personIndex)
                            }
                        }
                    }
                }

                // After the words for a screen reader: a page is its title first.
                Column {
                    id: gallery

                    anchors.right: parent.right
                    width: body.sideBySide ? body.width - words.width - Theme.gutter : body.width
                    spacing: Theme.spacing
                    visible: body.hasMedia

                    Repeater {
                        model: page.media

                        Column {
                            id: thumb

                            required property string mediaId
                            required property url url
                            required property string title
                            required property string alt
                            required property int photoIndex

                            width: gallery.width
                            spacing: Theme.captionGap

                            Photo {
                                id: picture

                                objectName: "pageImage_" + thumb.mediaId
                                width: parent.width
                                height: Theme.portrait ? pages.height * root.pictureShareTall
                                                       : Math.min(pages.height * root.pictureShareWide, width * Theme.figureAspect)
                                source: thumb.url
                                caption: thumb.title
                                alt: thumb.alt
                                Accessible.onPressAction: {
                                    if (picture.enabled) // not under an overlay
                                        root.navigator.open(Navigator.Viewer, thumb.photoIndex)
                                }
                                // Reached by Tab: Return, Enter or Space opens it.
                                activeFocusOnTab: true
                                Keys.onReturnPressed: event => { if (!event.isAutoRepeat) root.navigator.open(Navigator.Viewer, thumb.photoIndex) }
                                Keys.onEnterPressed: event => { if (!event.isAutoRepeat) root.navigator.open(Navigator.Viewer, thumb.photoIndex) }
                                Keys.onSpacePressed: event => { if (!event.isAutoRepeat) root.navigator.open(Navigator.Viewer, thumb.photoIndex) }

                                TapHandler {
                                    gesturePolicy: TapHandler.ReleaseWithinBounds
                                    onTapped: root.navigator.open(Navigator.Viewer, thumb.photoIndex)
                                }
                            }

                            // The whole caption, however long (the page scrolls), under the
                            // picture as drawn: as wide as it, from its edge.
                            SmallText {
                                x: (parent.width - width) / 2
                                width: picture.paintedWidth > 0 ? picture.paintedWidth : parent.width
                                text: thumb.title
                            }
                        }
                    }
                }
            }
        }
    }

    // The dates run along the top, but are read after the page: they are a way to move on.
    ListView {
        id: strip

        objectName: "chronology"
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.top: parent.top
        anchors.margins: Theme.margin
        anchors.bottomMargin: 0
        // The dates, and below them room for the cue that says the strip scrolls.
        height: Theme.targetSize + Theme.scrollCueWidth * 2
        clip: true
        orientation: ListView.Horizontal
        spacing: Theme.spacing
        model: root.story
        currentIndex: pages.currentIndex
        highlightMoveDuration: Theme.transitionMs
        preferredHighlightBegin: width * root.stripFocusBegin
        preferredHighlightEnd: width * root.stripFocusEnd
        highlightRangeMode: ListView.ApplyRange
        boundsBehavior: Flickable.StopAtBounds
        // More dates than fit: the cue says the strip scrolls sideways.
        T.ScrollIndicator.horizontal: ScrollCue {}
        Accessible.role: Accessible.List
        Accessible.name: qsTr("Chronology")

        delegate: KioskButton {
            required property int index
            required property string date

            objectName: "chronology_" + index
            text: date
            fontSize: Theme.smallSize
            selected: index === pages.currentIndex
            onActivated: pages.show(index)
        }
    }

    PagerBar {
        id: controls

        objectName: "storyBar"
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.bottom: parent.bottom
        section: qsTr("Story")
        count: pages.count
        current: pages.currentIndex
        previousName: "previousPage"
        nextName: "nextPage"
        onPrevious: pages.show(pages.currentIndex - 1)
        onNext: pages.show(pages.currentIndex + 1)
    }
}
