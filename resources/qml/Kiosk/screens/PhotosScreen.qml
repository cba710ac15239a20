pragma ComponentBehavior: Bound

import QtQuick
import Kiosk
import Kiosk.Backend

// All photographs as a grid; a tap opens one full screen.
VisitorScreen {
    id: root

    required property PhotoModel photos
    required property Navigator navigator

    objectName: "photosScreen"
    scrollView: grid

    Heading {
        id: heading

        x: Theme.margin
        y: Theme.margin
        width: parent.width - Theme.margin * 2
        text: qsTr("Photographs")
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
        model: root.photos

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
            Accessible.onPressAction: root.navigator.open(Navigator.Viewer, cell.index)

            Column {
                anchors.fill: parent
                anchors.rightMargin: Theme.spacing
                anchors.bottomMargin: Theme.spacing
                spacing: Theme.u
                scale: tap.pressed ? Theme.pressScale : 1

                Photo {
                    width: parent.width
                    height: parent.width * 0.75
                    source: cell.thumbUrl
                    caption: cell.title
                }

                BodyText {
                    width: parent.width
                    maximumLineCount: 5
                    elide: Text.ElideRight
                    text: cell.title
                    font.pixelSize: Theme.smallSize
                }

                SmallText {
                    width: parent.width
                    text: cell.date
                }
            }

            TapHandler {
                id: tap

                gesturePolicy: TapHandler.ReleaseWithinBounds
                onTapped: root.navigator.open(Navigator.Viewer, cell.index)
            }
        }
    }
}
