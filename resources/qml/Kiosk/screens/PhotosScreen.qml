pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Templates as T
import Kiosk
import Kiosk.Backend

// All photographs as a grid; a tap opens one full screen.
VisitorScreen {
    id: root

    required property PhotoModel photos
    required property Navigator navigator
    // The grid's columns are at least this wide; under each photograph, room for its title
    // (titleLines at most) and date.
    readonly property real minColumnWidth: Theme.u * (Theme.portrait ? 48 : 42)
    readonly property int titleLines: 5
    // Measured from the fonts, not guessed: titleLines of the title, the date, and the gaps.
    readonly property real labelHeight: titleMetrics.height * root.titleLines + dateMetrics.height
                                        + Theme.u + Theme.spacing

    FontMetrics {
        id: titleMetrics

        font.family: Theme.serif
        font.pixelSize: Theme.smallSize
    }
    FontMetrics {
        id: dateMetrics

        font.family: Theme.sans
        font.pixelSize: Theme.smallSize
    }

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

        readonly property int columns: Math.max(1, Math.min(count, Math.floor(width / root.minColumnWidth)))

        objectName: "photoGrid"
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.top: heading.bottom
        anchors.bottom: parent.bottom
        anchors.margins: Theme.margin
        anchors.rightMargin: Theme.margin - Theme.spacing
        clip: true
        T.ScrollIndicator.vertical: ScrollCue {}
        cellWidth: width / columns
        cellHeight: cellWidth * Theme.photoAspect + root.labelHeight
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
                    height: parent.width * Theme.photoAspect
                    source: cell.thumbUrl
                    caption: cell.title
                }

                BodyText {
                    width: parent.width
                    maximumLineCount: root.titleLines
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
