pragma ComponentBehavior: Bound

import QtQuick
import Kiosk
import Kiosk.Backend

// The story, one page at a time: swipe or tap Previous/Next, or jump by date on the
// chronology strip. A page's images open the photo viewer; its linked terms, the glossary.
Item {
    id: root

    required property ExhibitSession session

    signal termActivated(string termId)

    objectName: "storyScreen"

    function show(index: int) {
        if (index >= 0 && index < pages.count)
            pages.currentIndex = index
    }

    ListView {
        id: strip

        objectName: "chronology"
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.top: parent.top
        anchors.margins: Theme.margin
        anchors.bottomMargin: 0
        height: Theme.targetSize
        clip: true
        orientation: ListView.Horizontal
        spacing: Theme.spacing
        model: root.session.story
        currentIndex: pages.currentIndex
        highlightMoveDuration: Theme.transitionMs
        preferredHighlightBegin: width * 0.3
        preferredHighlightEnd: width * 0.7
        highlightRangeMode: ListView.ApplyRange
        boundsBehavior: Flickable.StopAtBounds
        Accessible.role: Accessible.List
        Accessible.name: qsTr("Chronology")

        delegate: KioskButton {
            required property int index
            required property string date

            objectName: "chronology_" + index
            text: date
            fontSize: Theme.smallSize
            selected: index === pages.currentIndex
            onActivated: root.show(index)
        }
    }

    ListView {
        id: pages

        objectName: "storyPages"
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.top: strip.bottom
        anchors.bottom: controls.top
        anchors.topMargin: Theme.spacing
        clip: true
        orientation: ListView.Horizontal
        snapMode: ListView.SnapOneItem
        highlightRangeMode: ListView.StrictlyEnforceRange
        highlightMoveDuration: Theme.transitionMs
        boundsBehavior: Flickable.StopAtBounds
        model: root.session.story
        // Start where the navigator says; report swipes back only once started, so that
        // the model filling the view (index 0) does not overwrite it.
        property bool started: false
        onCurrentIndexChanged: if (started) root.session.navigator.setIndex(currentIndex)
        Component.onCompleted: {
            currentIndex = root.session.navigator.index
            positionViewAtIndex(currentIndex, ListView.Beginning)
            started = true
        }

        delegate: Flickable {
            id: page

            required property int index
            required property string title
            required property string date
            required property var paragraphs
            required property var media

            width: pages.width
            height: pages.height
            contentHeight: body.height + Theme.margin * 2
            flickableDirection: Flickable.VerticalFlick
            boundsBehavior: Flickable.StopAtBounds
            clip: true

            Item {
                id: body

                readonly property bool hasMedia: page.media.length > 0
                readonly property bool sideBySide: hasMedia && !Theme.portrait

                x: Theme.margin
                y: Theme.margin
                width: page.width - Theme.margin * 2
                height: sideBySide ? Math.max(words.height, gallery.height) : gallery.height + words.height + (hasMedia ? Theme.margin : 0)

                Column {
                    id: gallery

                    x: body.sideBySide ? words.width + Theme.margin * 1.5 : 0
                    width: body.sideBySide ? body.width - words.width - Theme.margin * 1.5 : body.width
                    spacing: Theme.spacing
                    visible: body.hasMedia

                    Repeater {
                        model: page.media

                        Column {
                            id: thumb

                            required property var modelData

                            width: gallery.width
                            spacing: Theme.u * 0.8

                            Photo {
                                objectName: "pageImage_" + thumb.modelData.mediaId
                                width: parent.width
                                height: Theme.portrait ? pages.height * 0.3 : Math.min(pages.height * 0.55, width * 0.8)
                                source: thumb.modelData.url
                                caption: thumb.modelData.title

                                TapHandler {
                                    gesturePolicy: TapHandler.ReleaseWithinBounds
                                    onTapped: root.session.navigator.open(Navigator.Viewer, thumb.modelData.photoIndex)
                                }
                            }

                            Text {
                                textFormat: Text.PlainText
                                width: parent.width
                                wrapMode: Text.WordWrap
                                maximumLineCount: 3
                                elide: Text.ElideRight
                                text: thumb.modelData.title
                                color: Theme.inkSoft
                                font.family: Theme.sans
                                font.pixelSize: Theme.smallSize
                            }
                        }
                    }
                }

                Column {
                    id: words

                    y: body.sideBySide ? 0 : gallery.height + (body.hasMedia ? Theme.margin : 0)
                    // About 75 characters a line at most: longer lines are hard to follow.
                    width: body.sideBySide ? body.width * 0.58 : Math.min(body.width, Theme.bodySize * 36)
                    spacing: Theme.spacing

                    Text {
                        objectName: "pageDate"
                        textFormat: Text.PlainText
                        width: parent.width
                        wrapMode: Text.WordWrap
                        text: page.date
                        color: Theme.accent
                        font.family: Theme.serif
                        font.bold: true
                        font.pixelSize: Theme.dateSize
                    }

                    Text {
                        objectName: "pageTitle"
                        textFormat: Text.PlainText
                        width: parent.width
                        wrapMode: Text.WordWrap
                        text: page.title
                        color: Theme.ink
                        font.family: Theme.serif
                        font.pixelSize: Theme.titleSize
                        Accessible.role: Accessible.Heading
                        Accessible.name: text
                    }

                    Paragraphs {
                        width: parent.width
                        paragraphs: page.paragraphs
                        onTermActivated: termId => root.termActivated(termId)
                    }
                }
            }
        }
    }

    Item {
        id: controls

        anchors.left: parent.left
        anchors.right: parent.right
        anchors.bottom: parent.bottom
        anchors.margins: Theme.margin
        anchors.topMargin: Theme.spacing
        height: Theme.targetSize

        KioskButton {
            objectName: "previousPage"
            anchors.left: parent.left
            text: "‹ " + qsTr("Previous")
            Accessible.name: qsTr("Previous")
            enabled: pages.currentIndex > 0
            opacity: enabled ? 1 : 0.4
            onActivated: root.show(pages.currentIndex - 1)
        }

        PageDots {
            anchors.centerIn: parent
            count: pages.count
            current: pages.currentIndex
        }

        KioskButton {
            objectName: "nextPage"
            anchors.right: parent.right
            text: qsTr("Next") + " ›"
            Accessible.name: qsTr("Next")
            enabled: pages.currentIndex < pages.count - 1
            opacity: enabled ? 1 : 0.4
            onActivated: root.show(pages.currentIndex + 1)
        }
    }
}
