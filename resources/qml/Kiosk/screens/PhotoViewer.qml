pragma ComponentBehavior: Bound

import QtQuick
import Kiosk
import Kiosk.Backend

// One photograph at a time, as large as the screen allows. Pinch to zoom and drag to pan
// (zoom exists only here), double-tap to zoom in and back to fit, swipe to the next photo
// when not zoomed. The captions panel slides in and out.
Rectangle {
    id: root

    required property ExhibitSession session
    property bool captionsOpen: true
    readonly property real currentZoom: photos.currentItem ? (photos.currentItem as Item).zoom : 1
    readonly property real maxZoom: 6

    objectName: "photoViewer"
    color: Theme.night

    ListView {
        id: photos

        objectName: "viewerPhotos"
        anchors.left: parent.left
        anchors.top: parent.top
        anchors.bottom: Theme.portrait ? panel.top : parent.bottom
        anchors.right: Theme.portrait ? parent.right : panel.left
        clip: true
        orientation: ListView.Horizontal
        snapMode: ListView.SnapOneItem
        highlightRangeMode: ListView.StrictlyEnforceRange
        highlightMoveDuration: Theme.transitionMs
        boundsBehavior: Flickable.StopAtBounds
        interactive: root.currentZoom <= 1.001
        model: root.session.photos
        // Start where the navigator says; report swipes back only once started, so that
        // the model filling the view (index 0) does not overwrite it.
        property bool started: false
        onCurrentIndexChanged: if (started) root.session.navigator.setIndex(currentIndex)
        Component.onCompleted: {
            currentIndex = root.session.navigator.index
            positionViewAtIndex(currentIndex, ListView.Beginning)
            started = true
        }

        delegate: Item {
            id: frame

            required property int index
            required property url url
            required property string title
            required property string alt
            property real zoom: 1

            function zoomAbout(newZoom: real, cx: real, cy: real) {
                const z = Math.max(1, Math.min(root.maxZoom, newZoom))
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
                frame.zoom = 1
                canvas.x = 0
                canvas.y = 0
            }

            objectName: "viewerFrame_" + index
            width: photos.width
            height: photos.height
            clip: true
            onWidthChanged: fit()
            onHeightChanged: fit()

            Item {
                id: canvas

                objectName: "viewerCanvas_" + frame.index
                width: frame.width * frame.zoom
                height: frame.height * frame.zoom

                Photo {
                    anchors.fill: parent
                    anchors.margins: frame.zoom > 1 ? 0 : Theme.margin
                    dark: true
                    source: frame.url
                    caption: frame.alt || frame.title
                }
            }

            PinchHandler {
                target: null
                rotationAxis.enabled: false
                onScaleChanged: delta => frame.zoomAbout(frame.zoom * delta, centroid.position.x, centroid.position.y)
                onTranslationChanged: delta => {
                    canvas.x = frame.clampX(canvas.x + delta.x)
                    canvas.y = frame.clampY(canvas.y + delta.y)
                }
            }

            DragHandler {
                target: null
                enabled: frame.zoom > 1.001
                acceptedDevices: PointerDevice.AllDevices
                property real lastX: 0
                property real lastY: 0
                onActiveChanged: {
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
                    if (frame.zoom > 1.001)
                        frame.fit()
                    else
                        frame.zoomAbout(2.5, eventPoint.position.x, eventPoint.position.y)
                }
            }
        }
    }

    KioskButton {
        objectName: "previousPhoto"
        anchors.left: photos.left
        anchors.verticalCenter: photos.verticalCenter
        anchors.leftMargin: Theme.spacing
        width: Theme.targetSize
        text: "‹"
        dark: true
        fontSize: Theme.titleSize
        visible: photos.currentIndex > 0 && root.currentZoom <= 1.001
        Accessible.name: qsTr("Previous photograph")
        onActivated: photos.currentIndex -= 1
    }

    KioskButton {
        objectName: "nextPhoto"
        anchors.right: photos.right
        anchors.verticalCenter: photos.verticalCenter
        anchors.rightMargin: Theme.spacing
        width: Theme.targetSize
        text: "›"
        dark: true
        fontSize: Theme.titleSize
        visible: photos.currentIndex < photos.count - 1 && root.currentZoom <= 1.001
        Accessible.name: qsTr("Next photograph")
        onActivated: photos.currentIndex += 1
    }

    KioskButton {
        objectName: "captionToggle"
        anchors.right: photos.right
        anchors.top: parent.top
        anchors.margins: Theme.spacing
        dark: true
        text: root.captionsOpen ? qsTr("Hide caption") : qsTr("Caption")
        onActivated: root.captionsOpen = !root.captionsOpen
    }

    CaptionPanel {
        id: panel

        objectName: "captionPanel"
        readonly property real extent: Theme.portrait ? root.height * 0.42 : Math.max(root.width * 0.34, Theme.u * 60)

        x: Theme.portrait ? 0 : root.width - (root.captionsOpen ? extent : 0)
        y: Theme.portrait ? root.height - (root.captionsOpen ? extent : 0) : 0
        width: Theme.portrait ? root.width : extent
        height: Theme.portrait ? extent : root.height
        open: root.captionsOpen
        // Reads the language too, so that the caption follows a language switch.
        photo: root.session.language !== "" && root.session.photos.count > 0
               ? root.session.photos.get(Math.max(0, photos.currentIndex)) : ({})
        onPersonActivated: index => root.session.navigator.open(Navigator.Person, index)

        Behavior on x {
            NumberAnimation { duration: Theme.transitionMs; easing.type: Easing.OutCubic }
        }
        Behavior on y {
            NumberAnimation { duration: Theme.transitionMs; easing.type: Easing.OutCubic }
        }
    }
}
