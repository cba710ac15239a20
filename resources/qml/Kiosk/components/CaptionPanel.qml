pragma ComponentBehavior: Bound

import QtQuick
import Kiosk

// Everything a museum label says about a photograph, and the people in it as chips.
Rectangle {
    id: root

    property var photo: ({})
    property bool open: true

    signal personActivated(int index)

    color: Theme.paper
    visible: root.open || x < parent.width && y < parent.height

    Accessible.role: Accessible.Pane
    Accessible.name: qsTr("Caption")

    Flickable {
        anchors.fill: parent
        anchors.margins: Theme.margin
        contentHeight: column.height
        clip: true
        boundsBehavior: Flickable.StopAtBounds

        Column {
            id: column

            width: parent.width
            spacing: Theme.spacing

            Text {
                objectName: "captionTitle"
                textFormat: Text.PlainText
                width: parent.width
                wrapMode: Text.WordWrap
                text: root.photo.title ?? ""
                color: Theme.ink
                font.family: Theme.serif
                font.bold: true
                font.pixelSize: Theme.bodySize * 1.1
            }

            Text {
                textFormat: Text.PlainText
                width: parent.width
                wrapMode: Text.WordWrap
                text: [root.photo.place, root.photo.date].filter(s => !!s).join(", ")
                color: Theme.inkSoft
                font.family: Theme.serif
                font.pixelSize: Theme.bodySize
            }

            Flow {
                width: parent.width
                spacing: Theme.spacing
                visible: (root.photo.people ?? []).length > 0

                Text {
                    textFormat: Text.PlainText
                    height: Theme.targetSize
                    verticalAlignment: Text.AlignVCenter
                    text: qsTr("In this photograph:")
                    color: Theme.inkSoft
                    font.family: Theme.sans
                    font.pixelSize: Theme.smallSize
                }

                Repeater {
                    model: root.photo.people ?? []

                    KioskButton {
                        required property var modelData

                        objectName: "personChip_" + modelData.personId
                        text: modelData.name
                        fontSize: Theme.smallSize
                        onActivated: root.personActivated(modelData.personIndex)
                    }
                }
            }

            Repeater {
                model: [
                    [qsTr("Catalogue number"), root.photo.inventoryNumber ?? ""],
                    [qsTr("Credit"), root.photo.credit ?? ""],
                    [qsTr("Rights"), root.photo.rights ?? ""]
                ]

                Column {
                    id: field

                    required property var modelData

                    width: column.width
                    visible: modelData[1] !== ""

                    Text {
                        textFormat: Text.PlainText
                        width: parent.width
                        text: field.modelData[0]
                        color: Theme.accent
                        font.family: Theme.sans
                        font.bold: true
                        font.pixelSize: Theme.smallSize
                    }

                    Text {
                        textFormat: Text.PlainText
                        width: parent.width
                        wrapMode: Text.WordWrap
                        text: field.modelData[1]
                        color: Theme.ink
                        font.family: Theme.sans
                        font.pixelSize: Theme.smallSize
                    }
                }
            }
        }
    }
}
