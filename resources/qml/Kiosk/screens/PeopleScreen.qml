pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Templates as T
import Kiosk
import Kiosk.Backend

// The portrait gallery: every person with name and life dates; a tap opens their page.
VisitorScreen {
    id: root

    required property PeopleModel people
    required property Navigator navigator
    // The grid's columns are at least this wide (wider with larger text); under each
    // portrait, room for the name (two lines) and the life dates.
    readonly property real minColumnWidth: Theme.u * (Theme.portrait ? 32 : 28) * Theme.textScale
    readonly property real labelHeight: Theme.bodySize * 4

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
    objectName: "peopleScreen"
    scrollView: grid

    Heading {
        id: screenTitle

        x: Theme.margin
        y: Theme.margin
        width: parent.width - Theme.margin * 2
        text: qsTr("People")
    }

    GridView {
        id: grid

        // As many columns as fit, but no more than there are people: few portraits show large.
        // At least two, unless larger text leaves room for one only.
        readonly property int columns: Math.max(Theme.textScale > 1 ? 1 : 2,
                                                Math.min(count, Math.floor(width / root.minColumnWidth)))

        objectName: "peopleGrid"
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.top: screenTitle.bottom
        anchors.bottom: parent.bottom
        anchors.margins: Theme.margin
        anchors.rightMargin: Theme.margin - Theme.spacing
        clip: true
        T.ScrollIndicator.vertical: ScrollCue {}
        cellWidth: width / columns
        cellHeight: Math.min(cellWidth * Theme.portraitAspect, height - root.labelHeight) + root.labelHeight
        boundsBehavior: Flickable.StopAtBounds
        model: root.people
        Accessible.role: Accessible.List
        Accessible.name: qsTr("People")

        delegate: Item {
            id: cell

            required property int index
            required property string name
            required property string lifespan
            required property url portraitThumbUrl
            required property string portraitAlt

            function open() {
                root.navigator.open(Navigator.Person, cell.index)
            }

            objectName: "person_" + index
            width: grid.cellWidth
            height: grid.cellHeight
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
            Accessible.name: cell.name + ", " + cell.lifespan
            Accessible.onPressAction: {
                if (cell.enabled) // not under an overlay
                    cell.open()
            }

            Rectangle {
                anchors.fill: parent
                anchors.rightMargin: Theme.spacing
                anchors.bottomMargin: Theme.spacing
                radius: Theme.radius
                color: tap.pressed ? Theme.paperDeep : "transparent"
                // Pressed, an outline that stands out from the paper (3:1 at least).
                border.color: Theme.accent
                border.width: tap.pressed ? Theme.pressedEdgeWidth : 0
                scale: tap.pressed ? Theme.pressScale : 1

                Photo {
                    id: portrait

                    width: parent.width
                    height: grid.cellHeight - root.labelHeight
                    fillMode: Image.PreserveAspectCrop
                    source: cell.portraitThumbUrl
                    caption: cell.name
                    alt: cell.portraitAlt
                }

                BodyText {
                    id: nameLabel

                    anchors.top: portrait.bottom
                    anchors.topMargin: Theme.u
                    width: parent.width
                    horizontalAlignment: Text.AlignHCenter
                    maximumLineCount: 2
                    elide: Text.ElideRight
                    text: cell.name
                    font.bold: true
                }

                SmallText {
                    anchors.top: nameLabel.bottom
                    width: parent.width
                    horizontalAlignment: Text.AlignHCenter
                    text: cell.lifespan
                }
            }

            // On the whole cell, gutters included: a tap between two portraits opens the
            // one whose cell it is in, never nothing.
            TapHandler {
                id: tap

                gesturePolicy: TapHandler.ReleaseWithinBounds
                onTapped: cell.open()
            }

            // Where the keyboard is.
            Rectangle {
                anchors.fill: parent
                anchors.rightMargin: Theme.spacing
                anchors.bottomMargin: Theme.spacing
                radius: Theme.radius
                color: Theme.clear(Theme.paper)
                border.color: Theme.focusRing
                border.width: Theme.focusRingWidth
                visible: cell.activeFocus
            }
        }
    }
}
