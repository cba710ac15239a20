pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Templates as T
import Kiosk
import Kiosk.Backend

// Everything a museum label says about a photograph, and the people in it as chips.
Rectangle {
    id: root

    required property PhotoModel photos
    // Which photograph (its position in ``photos``).
    property int row: 0
    property bool open: true

    signal personActivated(int index)
    // A glossary term in the description was tapped.
    signal termActivated(string termId)

    color: Theme.paper
    // Still partly on screen while it slides away (to either side, or down).
    visible: root.open || x + width > 0 && x < parent.width && y < parent.height

    Accessible.role: Accessible.Pane
    Accessible.name: qsTr("Caption")

    Flickable {
        id: scroller

        anchors.fill: parent
        anchors.margins: Theme.margin
        contentHeight: label.height
        clip: true
        T.ScrollIndicator.vertical: ScrollCue {}
        boundsBehavior: Flickable.StopAtBounds

        Column {
            id: label

            // Room for the cue at the line's end (the left in right-to-left).
            x: Theme.rightToLeft ? Theme.scrollCueWidth * 2 : 0
            width: scroller.width - Theme.scrollCueWidth * 2

            // The one row shown: it follows a language switch like any delegate.
            Repeater {
                model: root.photos.oneRow(root.row)

                Column {
                    id: caption

                    required property string title
                    required property string place
                    required property string date
                    required property string inventoryNumber
                    required property string credit
                    required property string rights
                    required property var description
                    required property PersonChipModel people

                    width: label.width
                    spacing: Theme.spacing

                    BodyText {
                        objectName: "captionTitle"
                        width: parent.width
                        text: caption.title
                        font.bold: true
                        font.pixelSize: Theme.captionTitleSize
                    }

                    BodyText {
                        width: parent.width
                        text: [caption.place, caption.date].filter(s => !!s).join(", ")
                        color: Theme.inkSoft
                    }

                    // What the photograph shows, as the museum describes it (terms linked).
                    Paragraphs {
                        objectName: "captionDescription"
                        width: parent.width
                        visible: caption.description.length > 0
                        paragraphs: caption.description
                        fontSize: Theme.smallSize
                        onTermActivated: termId => root.termActivated(termId)
                    }

                    Flow {
                        id: chips

                        width: parent.width
                        spacing: Theme.spacing
                        visible: caption.people.count > 0

                        SmallText {
                            height: Theme.targetSize
                            verticalAlignment: Text.AlignVCenter
                            text: qsTr("In this photograph:")
                        }

                        Repeater {
                            model: caption.people

                            KioskButton {
                                required property string personId
                                required property string name
                                required property int personIndex

                                objectName: "personChip_" + personId
                                // Never wider than the panel: a long name wraps.
                                width: Math.min(implicitWidth, chips.width)
                                wraps: true
                                text: name
                                fontSize: Theme.smallSize
                                onActivated: root.personActivated(personIndex)
                            }
                        }
                    }

                    Field {
                        heading: qsTr("Catalogue number")
                        value: caption.inventoryNumber
                    }
                    Field {
                        heading: qsTr("Credit")
                        value: caption.credit
                    }
                    Field {
                        heading: qsTr("Rights")
                        value: caption.rights
                    }
                }
            }
        }
    }

    // One labelled field of the caption; absent when the bundle leaves it empty.
    component Field: Column {
        id: field

        property string heading
        property string value

        width: parent?.width ?? 0
        visible: field.value !== ""

        FieldLabel {
            width: field.width
            text: field.heading
        }

        SmallText {
            width: field.width
            text: field.value
            color: Theme.ink
        }
    }
}
