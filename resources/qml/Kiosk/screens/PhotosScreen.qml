pragma ComponentBehavior: Bound

import QtQuick
import Kiosk
import Kiosk.Backend

// All photographs as a grid; a tap opens one full screen.
Item {
    id: root

    required property ExhibitSession session

    objectName: "photosScreen"

    Text {
        id: heading

        textFormat: Text.PlainText
        x: Theme.margin
        y: Theme.margin
        width: parent.width - Theme.margin * 2
        text: qsTr("Photographs")
        color: Theme.ink
        font.family: Theme.serif
        font.bold: true
        font.pixelSize: Theme.titleSize
        Accessible.role: Accessible.Heading
        Accessible.name: text
    }

    GridView {
        id: grid

        readonly property int columns: Math.max(1, Math.min(count, Math.floor(width / (Theme.u * (Theme.portrait ? 48 : 42)))))

        objectName: "photoGrid"
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.top: heading.bottom
        anchors.bottom: parent.bottom
        anchors.margins: Theme.margin
        anchors.rightMargin: Theme.margin - Theme.spacing
        clip: true
        cellWidth: width / columns
        cellHeight: cellWidth * 0.75 + Theme.smallSize * 7.5
        boundsBehavior: Flickable.StopAtBounds
        model: root.session.photos

        delegate: Item {
            id: cell

            required property int index
            required property url thumbUrl
            required property string title
            required property string date

            objectName: "photo_" + index
            width: grid.cellWidth
            height: grid.cellHeight
            Accessible.role: Accessible.Button
            Accessible.name: cell.title
            Accessible.onPressAction: root.session.navigator.open(Navigator.Viewer, cell.index)

            Column {
                anchors.fill: parent
                anchors.rightMargin: Theme.spacing
                anchors.bottomMargin: Theme.spacing
                spacing: Theme.u
                scale: tap.pressed ? 0.97 : 1

                Photo {
                    width: parent.width
                    height: parent.width * 0.75
                    source: cell.thumbUrl
                    caption: cell.title
                }

                Text {
                    textFormat: Text.PlainText
                    width: parent.width
                    wrapMode: Text.WordWrap
                    maximumLineCount: 5
                    elide: Text.ElideRight
                    text: cell.title
                    color: Theme.ink
                    font.family: Theme.serif
                    font.pixelSize: Theme.smallSize
                }

                Text {
                    textFormat: Text.PlainText
                    width: parent.width
                    text: cell.date
                    color: Theme.inkSoft
                    font.family: Theme.sans
                    font.pixelSize: Theme.smallSize
                }
            }

            TapHandler {
                id: tap

                gesturePolicy: TapHandler.ReleaseWithinBounds
                onTapped: root.session.navigator.open(Navigator.Viewer, cell.index)
            }
        }
    }
}
