pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Templates as T
import Kiosk
import Kiosk.Backend

// All photographs in justified rows, each at its own aspect ratio (a panorama wide, a tall
// document tall, never cropped), its whole title and date under it; a tap opens one full
// screen.
VisitorScreen {
    id: root

    required property PhotoModel photos
    // The photographs in justified rows (the exhibit's: this screen sets their sizes).
    required property PhotoRows layout
    required property Navigator navigator
    // The height rows aim at (a full row is between half and one and a half times it).
    readonly property real rowTarget: Theme.u * (Theme.portrait ? 30 : 32)

    // A cell the keyboard reached is scrolled into view.
    function reveal(item: Item) {
        const top = item.mapToItem(grid.contentItem, 0, 0).y
        if (top < grid.contentY)
            grid.contentY = top
        else if (top + item.height > grid.contentY + grid.height)
            grid.contentY = top + item.height - grid.height
    }

    title: screenTitle.text
    heading: screenTitle
    objectName: "photosScreen"
    scrollView: grid
    // Rows are as tall as their longest title: Back returns to the row, not to a distance.
    keepsTopItem: true

    // A photograph, its title and its date, in the width its row gives it.
    component Card: Column {
        id: card

        required property url thumbUrl
        required property string title
        required property string alt
        required property string date
        property real imageHeight
        property bool pressed
        // Below the picture: the title (however many lines it takes) and the date.
        readonly property real labelHeight: card.height - card.imageHeight

        spacing: Theme.u
        scale: card.pressed ? Theme.pressScale : 1

        Photo {
            width: parent.width
            height: card.imageHeight
            source: card.thumbUrl
            caption: card.title
            alt: card.alt
        }

        BodyText {
            width: parent.width
            text: card.title
            font.pixelSize: Theme.smallSize
        }

        SmallText {
            width: parent.width
            text: card.date
        }
    }

    // One photograph's place in a row: the target takes in half the gutter on each side
    // that has a neighbour (never past the grid's edge), so that a tap between two
    // photographs opens the nearer one, never nothing.
    component Cell: Item {
        id: cell

        required property int photoIndex
        required property real cellX
        required property real cellWidth
        required property real rowWidth
        // The width to mirror in (the row's, with the cue's room beside it).
        required property real lineWidth
        required property real imageHeight
        readonly property real before: cellX > 0 ? Theme.spacing / 2 : 0
        readonly property real after: cellX + cellWidth < rowWidth - 1 ? Theme.spacing / 2 : 0
        // (count is read first: the card comes when the one-row model fills, and the
        // binding must see it come.)
        readonly property Card card: cards.count > 0 ? cards.itemAt(0) as Card : null
        readonly property real labelHeight: cell.card?.labelHeight ?? 0

        function open() {
            root.navigator.open(Navigator.Viewer, cell.photoIndex)
        }

        objectName: "photo_" + photoIndex
        // Rows are laid out from the left; a right-to-left language mirrors them.
        x: Theme.rightToLeft ? lineWidth - cellX - cellWidth - after : cellX - before
        width: cellWidth + before + after
        // Reached by Tab: Return, Enter or Space opens it (a held key opens it once).
        activeFocusOnTab: true
        Keys.onReturnPressed: event => { if (!event.isAutoRepeat) cell.open() }
        Keys.onEnterPressed: event => { if (!event.isAutoRepeat) cell.open() }
        Keys.onSpacePressed: event => { if (!event.isAutoRepeat) cell.open() }
        onActiveFocusChanged: {
            if (activeFocus)
                root.reveal(cell)
        }

        Accessible.role: Accessible.Button
        Accessible.name: cell.card?.title ?? ""
        Accessible.onPressAction: {
            if (cell.enabled) // not under an overlay
                cell.open()
        }

        // The photograph's own row of the model: it follows a language switch.
        Repeater {
            id: cards

            model: root.photos.oneRow(cell.photoIndex)

            Card {
                x: Theme.rightToLeft ? cell.after : cell.before
                width: cell.cellWidth
                imageHeight: cell.imageHeight
                pressed: tap.pressed
            }
        }

        // Pressed, an outline around the card that stands out from the paper (3:1 at least).
        Rectangle {
            x: Theme.rightToLeft ? cell.after : cell.before
            width: cell.cellWidth
            height: cell.card?.height ?? 0
            visible: tap.pressed
            scale: Theme.pressScale
            radius: Theme.radius
            color: Theme.clear(Theme.paper)
            border.color: Theme.accent
            border.width: Theme.pressedEdgeWidth
        }

        TapHandler {
            id: tap

            gesturePolicy: TapHandler.ReleaseWithinBounds
            onTapped: cell.open()
        }

        // Where the keyboard is.
        Rectangle {
            x: Theme.rightToLeft ? cell.after : cell.before
            width: cell.cellWidth
            height: cell.card?.height ?? 0
            radius: Theme.radius
            color: Theme.clear(Theme.paper)
            border.color: Theme.focusRing
            border.width: Theme.focusRingWidth
            visible: cell.activeFocus
        }
    }

    Heading {
        id: screenTitle

        x: Theme.margin
        y: Theme.margin
        width: parent.width - Theme.margin * 2
        text: qsTr("Photographs")
    }

    Binding {
        target: root.layout
        property: "width"
        value: grid.width - Theme.scrollCueWidth * 2
    }
    Binding {
        target: root.layout
        property: "targetHeight"
        value: root.rowTarget
    }
    Binding {
        target: root.layout
        property: "spacing"
        value: Theme.spacing
    }

    ListView {
        id: grid

        objectName: "photoGrid"
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.top: screenTitle.bottom
        anchors.bottom: parent.bottom
        anchors.margins: Theme.margin
        clip: true
        T.ScrollIndicator.vertical: ScrollCue {}
        boundsBehavior: Flickable.StopAtBounds
        model: root.layout
        Accessible.role: Accessible.List
        Accessible.name: qsTr("Photographs")

        delegate: Item {
            id: line

            required property real imageHeight
            required property PhotoCellModel cells
            // The tallest title and date under the row's pictures: every title whole.
            readonly property real labels: {
                let most = 0
                for (let i = 0; i < cellsShown.count; ++i)
                    most = Math.max(most, (cellsShown.itemAt(i) as Cell)?.labelHeight ?? 0)
                return most
            }

            // The whole width: room for the cue is kept at the line's end (the left in
            // right-to-left), where the cells mirrored into it do not reach.
            width: grid.width
            // The gutter below a row belongs to its cells' targets.
            height: line.imageHeight + line.labels + Theme.spacing * 2

            Repeater {
                id: cellsShown

                model: line.cells

                Cell {
                    rowWidth: root.layout.width
                    lineWidth: line.width
                    imageHeight: line.imageHeight
                    height: line.height
                }
            }
        }
    }
}
