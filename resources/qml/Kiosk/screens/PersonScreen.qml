pragma ComponentBehavior: Bound

import QtQuick
import Kiosk
import Kiosk.Backend

// One person: large portrait, names, life dates, roles, biography and the photographs that
// show them. Swipe sideways for the next person.
Item {
    id: root

    required property ExhibitSession session

    objectName: "personScreen"

    ListView {
        id: people

        objectName: "personPages"
        anchors.fill: parent
        clip: true
        orientation: ListView.Horizontal
        snapMode: ListView.SnapOneItem
        highlightRangeMode: ListView.StrictlyEnforceRange
        highlightMoveDuration: Theme.transitionMs
        boundsBehavior: Flickable.StopAtBounds
        model: root.session.people
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
            required property string name
            required property string lifespan
            required property string summary
            required property var otherNames
            required property var roles
            required property var biography
            required property url portraitUrl
            required property string portraitAlt
            required property var appearsIn

            width: people.width
            height: people.height
            contentHeight: Math.max(details.y + details.height, portrait.y + portrait.height) + Theme.margin
            flickableDirection: Flickable.VerticalFlick
            boundsBehavior: Flickable.StopAtBounds
            clip: true

            Photo {
                id: portrait

                x: Theme.margin
                y: Theme.margin
                width: Theme.portrait ? Math.min(page.width * 0.55, page.height * 0.3 / 1.25) : page.width * 0.32
                height: width * 1.25
                fillMode: Image.PreserveAspectCrop
                source: page.portraitUrl
                caption: page.portraitAlt || page.name
            }

            Column {
                id: details

                x: Theme.portrait ? Theme.margin : portrait.x + portrait.width + Theme.margin * 1.5
                y: Theme.portrait ? portrait.y + portrait.height + Theme.margin : Theme.margin
                width: page.width - x - Theme.margin
                spacing: Theme.spacing

                Text {
                    objectName: "personName"
                    textFormat: Text.PlainText
                    width: parent.width
                    wrapMode: Text.WordWrap
                    text: page.name
                    color: Theme.ink
                    font.family: Theme.serif
                    font.bold: true
                    font.pixelSize: Theme.titleSize
                    Accessible.role: Accessible.Heading
                    Accessible.name: text
                }

                Text {
                    textFormat: Text.PlainText
                    width: parent.width
                    wrapMode: Text.WordWrap
                    text: page.lifespan + (page.summary ? " · " + page.summary : "")
                    color: Theme.inkSoft
                    font.family: Theme.serif
                    font.pixelSize: Theme.bodySize
                }

                Repeater {
                    model: page.otherNames

                    Text {
                        required property var modelData

                        textFormat: Text.PlainText
                        width: details.width
                        wrapMode: Text.WordWrap
                        text: modelData.label + ": " + modelData.name
                        color: Theme.inkSoft
                        font.family: Theme.sans
                        font.pixelSize: Theme.bodySize
                    }
                }

                Column {
                    width: parent.width
                    spacing: Theme.u
                    topPadding: Theme.spacing

                    Repeater {
                        model: page.roles

                        Text {
                            required property var modelData

                            textFormat: Text.PlainText
                            width: details.width
                            wrapMode: Text.WordWrap
                            text: modelData.period ? modelData.title + " — " + modelData.period : modelData.title
                            color: Theme.ink
                            font.family: Theme.sans
                            font.pixelSize: Theme.smallSize * 1.05
                            leftPadding: Theme.spacing
                            Rectangle {
                                width: Theme.u * 0.5
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
                }

                Text {
                    textFormat: Text.PlainText
                    width: parent.width
                    visible: page.appearsIn.length > 0
                    topPadding: Theme.spacing
                    text: qsTr("Appears in")
                    color: Theme.accent
                    font.family: Theme.sans
                    font.bold: true
                    font.pixelSize: Theme.labelSize
                }

                Flow {
                    width: parent.width
                    spacing: Theme.spacing

                    Repeater {
                        model: page.appearsIn

                        Photo {
                            id: appearance

                            required property var modelData

                            objectName: "appearsIn_" + modelData.mediaId
                            width: Math.max(Theme.targetSize * 2, details.width * 0.3)
                            height: width * 0.75
                            source: modelData.thumbUrl
                            caption: modelData.title
                            Accessible.role: Accessible.Button
                            Accessible.name: modelData.title

                            TapHandler {
                                gesturePolicy: TapHandler.ReleaseWithinBounds
                                onTapped: root.session.navigator.open(Navigator.Viewer, appearance.modelData.photoIndex)
                            }
                        }
                    }
                }
            }
        }
    }

    PageDots {
        anchors.right: parent.right
        anchors.top: parent.top
        anchors.margins: Theme.spacing
        count: people.count
        current: people.currentIndex
    }
}
