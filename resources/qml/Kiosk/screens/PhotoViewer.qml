pragma ComponentBehavior: Bound

import QtQuick
import Kiosk
import Kiosk.Backend

// One photograph at a time, as large as the screen allows. Pinch to zoom and drag to pan
// (zoom exists only here), double-tap to zoom in and back to fit, swipe to the next photo
// when not zoomed. The captions panel slides in and out.
VisitorScreen {
    id: root

    required property PhotoModel photos
    required property Navigator navigator
    property bool captionsOpen: true
    // The zoom of the photograph on show (each frame reports its own while it is current).
    property real currentZoom: 1
    readonly property real maxZoom: Theme.maxZoom
    // The caption panel takes this share of the height under the photograph (portrait), or
    // of the width beside it (landscape; at least Theme.captionPanelMinWidth).
    readonly property real captionShareTall: 0.42
    readonly property real captionShareWide: 0.34
    // Beside the photograph the panel never takes more than this share of the width (with
    // larger text on a narrow screen its words wrap more, and the photograph keeps room).
    readonly property real captionShareMost: 0.5
    // Tell the visitor once per visit that photographs zoom (Main keeps whether it was told):
    // the hint shows in the bar below the first photograph viewed, never over it, and goes
    // at the first zoom, at the next photograph, or after a few seconds.
    property bool zoomHintWanted: false
    property bool zoomHintShown: false
    readonly property int zoomHintMs: 6000

    signal zoomHintGiven
    // A glossary term in a caption was tapped: Main shows its card.
    signal termActivated(string termId)

    objectName: "photoViewer"
    readableAfter: root.captionsOpen ? panel : null
    onCurrentZoomChanged: if (root.currentZoom > Theme.zoomedAbove) root.zoomHintShown = false
    Component.onCompleted: {
        if (!root.zoomHintWanted)
            return
        root.zoomHintShown = true
        root.zoomHintGiven()
        // Without motion (`kiosk proof`, `kiosk render`) it stays, so captures are the same.
        if (Theme.motion)
            hintTimer.start()
    }

    Timer {
        id: hintTimer

        interval: root.zoomHintMs
        onTriggered: root.zoomHintShown = false
    }

    // A swipe or a button to another photograph (not the pager taking up its first one).
    Connections {
        target: pager

        function onCurrentIndexChanged() {
            if (pager.started)
                root.zoomHintShown = false
        }
    }

    Rectangle {
        anchors.fill: parent
        color: Theme.night
    }

    Pager {
        id: pager

        objectName: "viewerPhotos"
        anchors.left: parent.left
        anchors.top: parent.top
        anchors.bottom: bar.top
        anchors.right: Theme.portrait ? parent.right : panel.left
        navigator: root.navigator
        interactive: root.currentZoom <= Theme.zoomedAbove
        model: root.photos

        delegate: Item {
            id: frame

            required property int index
            required property url url
            required property string title
            required property string alt
            required property string descriptionText
            required property string narration
            required property int imageWidth
            required property int imageHeight
            // Whether a tile pyramid was made (the original is bigger than the screen).
            required property bool hasTiles
            property real zoom: 1
            readonly property real aspect: imageWidth > 0 && imageHeight > 0 ? imageWidth / imageHeight : 1
            // The photograph's size at fit (zoom 1), and the zoom that shows one original
            // pixel per screen pixel: with a pyramid, visitors may zoom to twice that.
            readonly property real fitWidth: Math.min(width, height * aspect)
            readonly property real oneToOne: hasTiles && fitWidth > 0
                                             ? imageWidth / (fitWidth * Screen.devicePixelRatio) : 1
            readonly property real maxZoom: Math.max(root.maxZoom, 2 * oneToOne)
            readonly property real inset: zoom > 1 ? 0 : Theme.margin
            // The page's tiles: a grid taken from the photo model and given back when the
            // page goes (QML makes no Python objects; the model reuses its grids).
            property TileGrid tiles: null

            function zoomAbout(newZoom: real, cx: real, cy: real) {
                const z = Math.max(1, Math.min(frame.maxZoom, newZoom))
                const k = z / frame.zoom
                frame.zoom = z
                canvas.x = frame.clampX(cx - (cx - canvas.x) * k)
                canvas.y = frame.clampY(cy - (cy - canvas.y) * k)
            }
            function clampX(x: real): real {
                return Math.min(0, Math.max(frame.width - frame.width * frame.zoom, x))
            }
            function clampY(y: real): real {
                return Math.min(0, Math.max(frame.height - frame.height * frame.zoom, y))
            }
            function fit() {
                zoomGlide.stop()
                frame.zoom = 1
                canvas.x = 0
                canvas.y = 0
            }
            // A double tap: the same zoom about the same point, but gliding there (a jump
            // loses the visitor's place in the picture).
            function glideAbout(newZoom: real, cx: real, cy: real) {
                const z = Math.max(1, Math.min(frame.maxZoom, newZoom))
                const k = z / frame.zoom
                zoomGlide.toZoom = z
                zoomGlide.toX = Math.min(0, Math.max(frame.width - frame.width * z, cx - (cx - canvas.x) * k))
                zoomGlide.toY = Math.min(0, Math.max(frame.height - frame.height * z, cy - (cy - canvas.y) * k))
                zoomGlide.restart()
            }
            // Tell the tile grid what is on screen: the frame's rectangle in original pixels.
            function updateTiles() {
                if (!frame.hasTiles || frame.tiles === null)
                    return
                const s = tileLayer.scale
                if (!frame.ListView.isCurrentItem || s <= 0) {
                    frame.tiles.clear()
                    return
                }
                const ox = canvas.x + tileLayer.x
                const oy = canvas.y + tileLayer.y
                frame.tiles.setView(s * Screen.devicePixelRatio, -ox / s, -oy / s, frame.width / s, frame.height / s)
            }
            function scheduleTiles() {
                Qt.callLater(frame.updateTiles)
            }

            objectName: "viewerFrame_" + index
            width: pager.width
            height: pager.height
            clip: true
            // A new size (the caption shown or hidden, the bar's note gone) keeps the zoom:
            // the canvas follows the frame, kept inside it.
            onWidthChanged: { canvas.x = clampX(canvas.x); scheduleTiles() }
            onHeightChanged: { canvas.y = clampY(canvas.y); scheduleTiles() }
            onZoomChanged: scheduleTiles()
            ListView.onIsCurrentItemChanged: scheduleTiles()
            Component.onCompleted: {
                frame.tiles = root.photos.takeTileGrid(frame.index)
                frame.scheduleTiles()
            }
            Component.onDestruction: {
                // Given back once, and no longer this page's (a late updateTiles finds none).
                const grid = frame.tiles
                frame.tiles = null
                root.photos.giveBackTileGrid(grid)
            }

            ParallelAnimation {
                id: zoomGlide

                property real toZoom: 1
                property real toX: 0
                property real toY: 0

                NumberAnimation {
                    target: frame
                    property: "zoom"
                    to: zoomGlide.toZoom
                    duration: Theme.transitionMs
                    easing.type: Easing.OutCubic
                }
                NumberAnimation {
                    target: canvas
                    property: "x"
                    to: zoomGlide.toX
                    duration: Theme.transitionMs
                    easing.type: Easing.OutCubic
                }
                NumberAnimation {
                    target: canvas
                    property: "y"
                    to: zoomGlide.toY
                    duration: Theme.transitionMs
                    easing.type: Easing.OutCubic
                }
            }

            Binding {
                target: root
                property: "currentZoom"
                value: frame.zoom
                when: frame.ListView.isCurrentItem
            }
            // The photograph on show names the screen and takes the focus (its alt text).
            Binding {
                target: root
                property: "title"
                value: frame.title
                when: frame.ListView.isCurrentItem
            }
            Binding {
                target: root
                property: "heading"
                value: picture
                when: frame.ListView.isCurrentItem
            }
            // Read aloud: the photograph's recording, else the photograph on show (not its
            // neighbours) and then its caption, while it shows.
            Binding {
                target: root
                property: "readable"
                value: frame
                when: frame.ListView.isCurrentItem
            }
            Binding {
                target: root
                property: "narration"
                value: frame.narration
                when: frame.ListView.isCurrentItem
            }

            Binding {
                target: frame.tiles
                property: "row"
                value: frame.index
                when: frame.tiles !== null
            }
            Connections {
                target: frame.tiles

                function onPyramidChanged() {
                    frame.scheduleTiles()
                }
            }

            Item {
                id: canvas

                objectName: "viewerCanvas_" + frame.index
                width: frame.width * frame.zoom
                height: frame.height * frame.zoom
                onXChanged: frame.scheduleTiles()
                onYChanged: frame.scheduleTiles()

                Photo {
                    id: picture

                    anchors.fill: parent
                    anchors.margins: frame.inset
                    // The whole viewer's size, whatever the frame's: the frame shrinks when
                    // the caption opens (or the bar shows a note), and a new decode size would
                    // load the photograph again (a blank moment).
                    decodeSize: Qt.size(root.width, root.height)
                    dark: true
                    source: frame.url
                    // The placeholder says what the picture shows when the bundle says so.
                    caption: frame.alt || frame.title
                    alt: frame.alt
                    description: frame.descriptionText
                    // Only the photograph on show is read: its neighbours stand ready
                    // beside it, out of sight (behind the caption panel, past the edge).
                    Accessible.ignored: !frame.ListView.isCurrentItem
                }

                // The tiles, laid out in original pixels and scaled onto the photograph's
                // painted rectangle: they move with the canvas, no per-frame work.
                Item {
                    id: tileLayer

                    objectName: "tileLayer_" + frame.index
                    readonly property real paintedWidth: Math.min(canvas.width - 2 * frame.inset,
                                                                  (canvas.height - 2 * frame.inset) * frame.aspect)
                    x: (canvas.width - paintedWidth) / 2
                    y: (canvas.height - paintedWidth / frame.aspect) / 2
                    width: Math.max(1, frame.imageWidth)
                    height: Math.max(1, frame.imageHeight)
                    transformOrigin: Item.TopLeft
                    scale: frame.hasTiles ? paintedWidth / width : 0
                    visible: frame.hasTiles && frame.tiles !== null && frame.tiles.level >= 0

                    Repeater {
                        model: frame.tiles

                        Image {
                            required property url tileUrl
                            required property real tileX
                            required property real tileY
                            required property real tileWidth
                            required property real tileHeight
                            required property int tileLevel

                            // For tests and benchmarks, which wait for the tiles on screen.
                            readonly property bool loaded: status === Image.Ready

                            objectName: "tile"
                            x: tileX
                            y: tileY
                            width: tileWidth
                            height: tileHeight
                            source: tileUrl
                            asynchronous: true
                            cache: true
                            smooth: true
                            fillMode: Image.Stretch
                        }
                    }
                }
            }

            PinchHandler {
                target: null
                rotationAxis.enabled: false
                onActiveChanged: if (active) zoomGlide.stop()
                onScaleChanged: delta => frame.zoomAbout(frame.zoom * delta, centroid.position.x, centroid.position.y)
                onTranslationChanged: delta => {
                    canvas.x = frame.clampX(canvas.x + delta.x)
                    canvas.y = frame.clampY(canvas.y + delta.y)
                }
            }

            DragHandler {
                target: null
                enabled: frame.zoom > Theme.zoomedAbove
                acceptedDevices: PointerDevice.AllDevices
                property real lastX: 0
                property real lastY: 0
                onActiveChanged: {
                    zoomGlide.stop()
                    lastX = 0
                    lastY = 0
                }
                onActiveTranslationChanged: {
                    canvas.x = frame.clampX(canvas.x + activeTranslation.x - lastX)
                    canvas.y = frame.clampY(canvas.y + activeTranslation.y - lastY)
                    lastX = activeTranslation.x
                    lastY = activeTranslation.y
                }
            }

            TapHandler {
                onDoubleTapped: (eventPoint, button) => {
                    if (frame.zoom > Theme.zoomedAbove)
                        frame.glideAbout(1, 0, 0)
                    else
                        frame.glideAbout(Theme.doubleTapZoom, eventPoint.position.x, eventPoint.position.y)
                }
            }
        }
    }

    // The caption is read right after the photograph, then the bar that moves on.
    CaptionPanel {
        id: panel

        objectName: "captionPanel"
        // Whole pixels: the pager beside it gets a whole width, so that its neighbouring
        // photographs (mirrored in right-to-left) end exactly at its edge.
        readonly property real extent: Math.round(Theme.portrait ? root.height * root.captionShareTall
                                                                 : Math.min(Math.max(root.width * root.captionShareWide, Theme.captionPanelMinWidth),
                                                                            root.width * root.captionShareMost))

        // Beside the photograph at the line's end: the right, or the left in a right-to-left
        // language (where the pager beside it is mirrored by its anchors).
        x: Theme.portrait ? 0 : Theme.rightToLeft ? (root.captionsOpen ? 0 : -extent)
                                                  : root.width - (root.captionsOpen ? extent : 0)
        y: Theme.portrait ? root.height - (root.captionsOpen ? extent : 0) : 0
        width: Theme.portrait ? root.width : extent
        height: Theme.portrait ? extent : root.height
        open: root.captionsOpen
        photos: root.photos
        row: pager.currentIndex
        onPersonActivated: index => root.navigator.open(Navigator.Person, index)
        onTermActivated: termId => root.termActivated(termId)

        Behavior on x {
            NumberAnimation { duration: Theme.transitionMs; easing.type: Easing.OutCubic }
        }
        Behavior on y {
            NumberAnimation { duration: Theme.transitionMs; easing.type: Easing.OutCubic }
        }
    }

    // Below the photograph, never over it: Previous, where the visitor is, the caption
    // toggle and Next. While a photograph is zoomed, paging waits until it is back at fit.
    PagerBar {
        id: bar

        objectName: "viewerBar"
        anchors.left: parent.left
        anchors.right: pager.right
        anchors.bottom: Theme.portrait ? panel.top : parent.bottom
        dark: true
        paging: root.currentZoom <= Theme.zoomedAbove
        section: qsTr("Photographs")
        // Once per visit, where the position stands: photographs zoom.
        note: root.zoomHintShown ? qsTr("Pinch or double-tap the photograph to zoom") : ""
        count: pager.count
        current: pager.currentIndex
        previousName: "previousPhoto"
        nextName: "nextPhoto"
        previousLabel: qsTr("Previous photograph")
        nextLabel: qsTr("Next photograph")
        onPrevious: pager.show(pager.currentIndex - 1)
        onNext: pager.show(pager.currentIndex + 1)
        extrasWidth: captionWords.implicitWidth

        // The toggle with its longest words (hidden: it tells the bar how wide it gets).
        KioskButton {
            id: captionWords

            visible: false
            dark: true
            text: qsTr("Hide caption")
        }
        // Where the bar is tight it says "Caption" only, lit while the caption shows.
        KioskButton {
            objectName: "captionToggle"
            dark: true
            selected: bar.tight && root.captionsOpen
            text: root.captionsOpen && !bar.tight ? qsTr("Hide caption") : qsTr("Caption")
            onActivated: root.captionsOpen = !root.captionsOpen
            // One switch for a screen reader: "Caption", checked while it shows (a click
            // checks the button, then the caption follows and the binding agrees).
            checkable: true
            checked: root.captionsOpen
            Accessible.name: qsTr("Caption")
        }
    }
}
