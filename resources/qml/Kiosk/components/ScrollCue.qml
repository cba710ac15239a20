import QtQuick
import QtQuick.Templates as T
import Kiosk

// The project's scroll indicator (a Qt Quick Controls template in our style): shown whenever
// there is more to see than fits, since a visitor cannot know it otherwise, and stronger
// while the view moves.
T.ScrollIndicator {
    id: root

    property bool dark: false

    objectName: "scrollCue"

    implicitWidth: Theme.scrollCueWidth + leftPadding + rightPadding
    implicitHeight: Theme.scrollCueWidth + topPadding + bottomPadding
    padding: Theme.hairline
    visible: root.size < 1

    contentItem: Rectangle {
        implicitWidth: Theme.scrollCueWidth
        implicitHeight: Theme.scrollCueWidth
        radius: width / 2
        color: root.dark ? Theme.nightTextSoft : Theme.accent
        opacity: root.active ? 1 : Theme.scrollCueRestOpacity
    }
}
