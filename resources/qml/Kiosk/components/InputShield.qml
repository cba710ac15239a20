import QtQuick

// What makes an overlay own its input: every touch and click inside it ends here, so nothing
// beneath sees a press, a drag, a second finger or a double tap. Put it first in an overlay,
// under the overlay's own controls; `tapped` is a tap on the overlay's background.
Item {
    id: root

    signal tapped

    // The fingers the tap handler does not take (a second one, a pinch), kept once they move
    // so that no DragHandler or PinchHandler beneath can take them over.
    MultiPointTouchArea {
        anchors.fill: parent
        mouseEnabled: true
        onGestureStarted: gesture => gesture.grab()
    }

    // Above the touch area: the first finger or the mouse, in an exclusive grab that nothing
    // may take over, so that no handler beneath takes it however it moves. A touch of any
    // length, and a finger that wanders without leaving the overlay, is still a tap.
    Item {
        anchors.fill: parent

        TapHandler {
            gesturePolicy: TapHandler.WithinBounds
            grabPermissions: PointerHandler.TakeOverForbidden
            longPressThreshold: 0
            onTapped: root.tapped()
        }
    }
}
