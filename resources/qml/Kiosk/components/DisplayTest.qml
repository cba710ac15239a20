pragma ComponentBehavior: Bound

import QtQuick
import Kiosk
import Kiosk.Backend

// For staff checking a screen: a grid for geometry, colour bars, and a ring under every
// finger on the glass to check the touch layer.
Rectangle {
    id: root

    required property StaffDesk staff
    // The colour bars span this share of the width, and this share of the height.
    readonly property real barsWidthShare: 0.8
    readonly property real barsHeightShare: 0.25

    objectName: "displayTest"
    color: Theme.testBackground
    visible: root.staff.displayTestOpen

    Repeater {
        model: Math.ceil(root.width / Theme.testGridStep) + 1

        Rectangle {
            required property int index

            x: index * Theme.testGridStep
            width: 1
            height: root.height
            color: Theme.testGrid
        }
    }
    Repeater {
        model: Math.ceil(root.height / Theme.testGridStep) + 1

        Rectangle {
            required property int index

            y: index * Theme.testGridStep
            width: root.width
            height: 1
            color: Theme.testGrid
        }
    }

    Row {
        anchors.centerIn: parent

        Repeater {
            model: Theme.testBars

            Rectangle {
                required property color modelData

                width: root.width * root.barsWidthShare / Theme.testBars.length
                height: root.height * root.barsHeightShare
                color: modelData
            }
        }
    }

    // Every finger and the mouse end here, as they do on any overlay (see InputShield): the
    // area takes each point on press, and keeps it once it moves, so that nothing beneath
    // (the panel, a zoomed photo) sees a tap or a drag.
    MultiPointTouchArea {
        id: touches

        anchors.fill: parent
        mouseEnabled: true
        onGestureStarted: gesture => gesture.grab()
        touchPoints: [
            TouchPoint {}, TouchPoint {}, TouchPoint {}, TouchPoint {}, TouchPoint {},
            TouchPoint {}, TouchPoint {}, TouchPoint {}, TouchPoint {}, TouchPoint {}
        ]
    }

    Repeater {
        model: touches.touchPoints

        Rectangle {
            required property TouchPoint modelData

            objectName: "touchRing"
            visible: modelData.pressed
            x: modelData.x - width / 2
            y: modelData.y - height / 2
            width: Theme.targetSize
            height: width
            radius: width / 2
            color: "transparent"
            border.width: Theme.testRingWidth
            border.color: Theme.testTouch
        }
    }

    KioskButton {
        objectName: "displayTestClose"
        anchors.right: parent.right
        anchors.bottom: parent.bottom
        anchors.margins: Theme.margin
        primary: true
        text: qsTr("Close")
        onActivated: root.staff.closeDisplayTest()
    }
}
