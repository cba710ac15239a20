pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Templates as T
import Kiosk
import Kiosk.Backend

// One person: large portrait, names, life dates, roles, biography and the photographs that
// show them. Swipe sideways, or tap Previous and Next, for another person.
VisitorScreen {
    id: root

    required property PeopleModel people
    required property Navigator navigator
    // The portrait takes this share of the page's width beside the details (landscape); above
    // them (portrait) at most these shares of the page's width and height.
    readonly property real pictureShare: 0.32
    readonly property real pictureShareTallWidth: 0.55
    readonly property real pictureShareTallHeight: 0.3
    // Each "Appears in" thumbnail takes this share of the details' width.
    readonly property real appearsInShare: 0.3
    // A person's initials, where there is no portrait, take this share of its width.
    readonly property real initialsShare: 0.3

    // A glossary term in the biography was tapped: Main shows its card.
    signal termActivated(string termId)

    objectName: "personScreen"
    scrollView: pager.currentItem as Flickable

    Pager {
        id: pager

        objectName: "personPages"
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.top: parent.top
        anchors.bottom: bar.top
        navigator: root.navigator
        model: root.people

        delegate: Flickable {
            id: page

            required property int index
            required property string name
            required property string lifespan
            required property string summary
            required property OtherNameModel otherNames
            required property PostModel roles
            required property list<string> biography
            required property url portraitUrl
            required property string portraitAlt
            required property ThumbModel appearsIn
            // The collection has one (shown once it is prepared; its placeholder till then).
            required property bool hasPortrait
            required property string narration

            width: pager.width
            height: pager.height
            contentHeight: Math.max(details.y + details.height, portrait.y + portrait.height) + Theme.margin
            flickableDirection: Flickable.VerticalFlick
            boundsBehavior: Flickable.StopAtBounds
            clip: true
            T.ScrollIndicator.vertical: ScrollCue {}

            // The person on show names the screen, and their name takes the focus.
            Binding {
                target: root
                property: "title"
                value: page.name
                when: page.ListView.isCurrentItem
            }
            Binding {
                target: root
                property: "heading"
                value: personName
                when: page.ListView.isCurrentItem
            }
            // Read aloud: this person's page (not the neighbours'), or its recording.
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

            Column {
                id: details

                readonly property real start: Theme.portrait ? Theme.margin : Theme.margin + portrait.width + Theme.gutter

                x: Theme.rightToLeft ? page.width - width - start : start
                width: page.width - start - Theme.margin
                y: Theme.portrait ? portrait.y + portrait.height + Theme.margin : Theme.margin
                spacing: Theme.spacing

                Heading {
                    id: personName

                    objectName: "personName"
                    width: parent.width
                    text: page.name
                }

                BodyText {
                    width: parent.width
                    text: page.lifespan + (page.summary ? " · " + page.summary : "")
                    color: Theme.inkSoft
                }

                Repeater {
                    model: page.otherNames

                    BodyText {
                        required property string label
                        required property string name

                        width: details.width
                        text: label + ": " + name
                        color: Theme.inkSoft
                        font.family: Theme.sans
                    }
                }

                Column {
                    width: parent.width
                    spacing: Theme.u
                    topPadding: Theme.spacing

                    Repeater {
                        model: page.roles

                        SmallText {
                            required property string title
                            required property string period

                            width: details.width
                            text: period ? title + " — " + period : title
                            color: Theme.ink
                            // The bar stands at the line's start: left, or right in a
                            // right-to-left language.
                            leftPadding: Theme.rightToLeft ? 0 : Theme.spacing
                            rightPadding: Theme.rightToLeft ? Theme.spacing : 0

                            Rectangle {
                                anchors.left: parent.left
                                width: Theme.accentBarWidth
                                height: parent.height
                                color: Theme.accent
                            }
                        }
                    }
                }

                Paragraphs {
                    width: parent.width
                    topPadding: Theme.spacing
                    paragraphs: page.biography
                    onTermActivated: termId => root.termActivated(termId)
                }

                FieldLabel {
                    width: parent.width
                    visible: page.appearsIn.count > 0
                    topPadding: Theme.spacing
                    text: qsTr("Appears in")
                    font.pixelSize: Theme.labelSize
                }

                Flow {
                    width: parent.width
                    spacing: Theme.spacing

                    Repeater {
                        model: page.appearsIn

                        Photo {
                            id: appearance

                            required property string mediaId
                            required property url thumbUrl
                            required property string title
                            required alt
                            required property int photoIndex

                            objectName: "appearsIn_" + mediaId
                            width: Math.max(Theme.thumbMinWidth, details.width * root.appearsInShare)
                            height: width * Theme.photoAspect
                            source: thumbUrl
                            caption: title
                            Accessible.role: Accessible.Button
                            Accessible.name: title
                            Accessible.description: alt
                            Accessible.onPressAction: {
                                if (appearance.enabled) // not under an overlay
                                    root.navigator.open(Navigator.Viewer, appearance.photoIndex)
                            }
                            // Reached by Tab: Return, Enter or Space opens it.
                            activeFocusOnTab: true
                            Keys.onReturnPressed: event => { if (!event.isAutoRepeat) root.navigator.open(Navigator.Viewer, appearance.photoIndex) }
                            Keys.onEnterPressed: event => { if (!event.isAutoRepeat) root.navigator.open(Navigator.Viewer, appearance.photoIndex) }
                            Keys.onSpacePressed: event => { if (!event.isAutoRepeat) root.navigator.open(Navigator.Viewer, appearance.photoIndex) }

                            TapHandler {
                                gesturePolicy: TapHandler.ReleaseWithinBounds
                                onTapped: root.navigator.open(Navigator.Viewer, appearance.photoIndex)
                            }
                        }
                    }
                }
            }

            // After the name and the words for a screen reader: a page is its title first.
            Photo {
                id: portrait

                // Placed by x from the page's own width (the content item has no width yet
                // when a page is made, and Back restores the scroll at once), mirrored in a
                // right-to-left language.
                x: Theme.rightToLeft ? page.width - width - Theme.margin : Theme.margin
                y: Theme.margin
                width: Theme.portrait ? Math.min(page.width * root.pictureShareTallWidth, page.height * root.pictureShareTallHeight / Theme.portraitAspect)
                                      : page.width * root.pictureShare
                height: width * Theme.portraitAspect
                fillMode: Image.PreserveAspectCrop
                source: page.portraitUrl
                caption: page.portraitAlt || page.name
                alt: page.portraitAlt
                visible: page.hasPortrait
            }

            // No portrait in the collection: the person's initials, set large, in its place.
            Rectangle {
                objectName: "portraitInitials"
                anchors.fill: portrait
                visible: !page.hasPortrait
                color: Theme.paperDeep
                radius: Theme.radius

                Heading {
                    anchors.centerIn: parent
                    width: parent.width
                    horizontalAlignment: Text.AlignHCenter
                    text: page.name.split(" ").filter(w => w.length > 0).slice(0, 2)
                                   .map(w => w.charAt(0)).join("")
                    color: Theme.accent
                    font.pixelSize: parent.width * root.initialsShare
                    Accessible.ignored: true
                }
            }
        }
    }

    PagerBar {
        id: bar

        objectName: "personBar"
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.bottom: parent.bottom
        section: qsTr("People")
        count: pager.count
        current: pager.currentIndex
        previousName: "previousPerson"
        nextName: "nextPerson"
        // Russian words these for a person, not a page.
        previousText: qsTr("Previous")
        nextText: qsTr("Next")
        previousLabel: qsTr("Previous person")
        nextLabel: qsTr("Next person")
        onPrevious: pager.show(pager.currentIndex - 1)
        onNext: pager.show(pager.currentIndex + 1)
    }
}
