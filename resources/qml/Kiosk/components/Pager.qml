pragma ComponentBehavior: Bound

import QtQuick
import Kiosk
import Kiosk.Backend

// One item at a time, swiped sideways: the story's pages, the people, the photographs.
// It shows the navigator's entry: it starts at the entry's item, follows the entry when it
// changes (a date on the chronology, a person chip) and reports swipes back.
ListView {
    id: root

    required property Navigator navigator
    // Set once the view stands where the entry says: until then, the model filling the
    // view (index 0) must not be reported as a swipe.
    property bool started: false

    function show(index: int) {
        if (index >= 0 && index < root.count)
            root.currentIndex = index
    }

    clip: true
    orientation: ListView.Horizontal
    snapMode: ListView.SnapOneItem
    highlightRangeMode: ListView.StrictlyEnforceRange
    highlightMoveDuration: Theme.transitionMs
    boundsBehavior: Flickable.StopAtBounds
    onCurrentIndexChanged: {
        if (root.started)
            root.navigator.setIndex(root.currentIndex)
    }
    Component.onCompleted: {
        root.currentIndex = root.navigator.index
        root.positionViewAtIndex(root.currentIndex, ListView.Beginning)
        root.started = true
    }

    Connections {
        target: root.navigator

        function onIndexChanged() {
            if (root.currentIndex !== root.navigator.index)
                root.show(root.navigator.index)
        }
    }
}
