pragma ComponentBehavior: Bound

import QtQuick
import Kiosk

// Where the visitor is among pages: one dot per page, the current one filled.
Row {
    id: root

    property int count: 0
    property int current: 0
    property bool dark: false

    spacing: Theme.dotSpacing

    Accessible.role: Accessible.Indicator
    Accessible.name: qsTr("Page %1 of %2").arg(root.current + 1).arg(root.count)

    Repeater {
        model: root.count

        Rectangle {
            required property int index

            width: Theme.dotSize
            height: width
            radius: width / 2
            color: index === root.current ? (root.dark ? Theme.nightText : Theme.accent) : "transparent"
            border.width: Theme.dotBorder
            border.color: root.dark ? Theme.nightTextSoft : Theme.accent
        }
    }
}
