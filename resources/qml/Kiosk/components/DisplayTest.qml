pragma ComponentBehavior: Bound

import QtQuick
import Kiosk
import Kiosk.Backend

// For staff checking a screen: a grid for geometry, colour bars, and a ring under every
// finger on the glass to check the touch layer.
Rectangle {
    id: root

    required property StaffDesk staff

    objectName: "displayTest"
    color: "black"
    visible: root.staff.displayTestOpen

    Repeater {
        model: Math.ceil(root.width / (Theme.u * 10)) + 1

        Rectangle {
            required property int index

            x: index * Theme.u * 10
            width: 1
            height: root.height
            color: "#808080"
        }
    }
    Repeater {
        model: Math.ceil(root.height / (Theme.u * 10)) + 1

        Rectangle {
            required property int index

            y: index * Theme.u * 10
            width: root.width
            height: 1
            color: "#808080"
        }
    }

    Row {
        anchors.centerIn: parent

        Repeater {
            model: ["#ffffff", "#ffff00", "#00ffff", "#00ff00", "#ff00ff", "#ff0000", "#0000ff", "#000000"]

            Rectangle {
                required property string modelData

                width: root.width * 0.8 / 8
                height: root.height * 0.25
                color: modelData
            }
        }
    }

    MultiPointTouchArea {
        id: touches

        anchors.fill: parent
        mouseEnabled: true
        touchPoints: [
            TouchPoint {}, TouchPoint {}, TouchPoint {}, TouchPoint {}, TouchPoint {},
            TouchPoint {}, TouchPoint {}, TouchPoint {}, TouchPoint {}, TouchPoint {}
        ]
    }

    Repeater {
        model: touches.touchPoints

        Rectangle {
            required property TouchPoint modelData

            visible: modelData.pressed
            x: modelData.x - width / 2
            y: modelData.y - height / 2
            width: Theme.targetSize
            height: width
            radius: width / 2
            color: "transparent"
            border.width: Theme.u * 0.6
            border.color: "#ffcc00"
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
