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
    // How fast a released swipe settles on its page (see flickDeceleration below).
    readonly property real settleRate: 80
    readonly property real settleSeconds: 0.3
    // Qt's own flick deceleration (px/s²) and top speed (px/s): never slower than these.
    readonly property real qtDeceleration: 1500
    readonly property real qtTopSpeed: 2500

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
    // A released swipe glides to its page within 0.3 s however slowly it was made: Qt
    // decelerates a snapping flick at this rate (in px/s², so relative to the page width)
    // and needs up to this speed to reach the next page; at the defaults (1500 and 2500)
    // a swipe took 0.9 s to settle; at 80 it rests as the highlight move ends (transitionMs).
    flickDeceleration: Math.max(root.qtDeceleration, root.width * root.settleRate)
    maximumFlickVelocity: Math.max(root.qtTopSpeed, root.width * root.settleRate * root.settleSeconds)
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
