pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Templates as T
import Kiosk

// The project's scroll indicator (a Qt Quick Controls template in our style): shown whenever
// there is more to see than fits, since a visitor cannot know it otherwise, and stronger
// while the view moves. Each edge that cuts content also fades it out into the background,
// so that a line sliced by the edge reads as "more this way".
T.ScrollIndicator {
    id: root

    property bool dark: false
    // What the view's content stands on, for the fades to blend into.
    property color fadeColor: root.dark ? Theme.night : Theme.paper
    // The view the cue is attached to (T.ScrollIndicator.vertical / .horizontal sets it).
    readonly property Item view: root.parent
    readonly property color clear: Theme.clear(root.fadeColor)
    // A fade is at most this share of the view's depth; "more" means beyond this slack.
    readonly property real fadeMaxShare: 0.25
    readonly property real edgeSlack: 0.001

    // A cue for the eye: a screen reader reads the content itself, scrolled or not.
    Accessible.ignored: true

    // One fade at an edge of the view: shown while content lies beyond that edge.
    component Fade: Rectangle {
        id: fade

        required property bool atEnd

        parent: root.view
        z: 1
        visible: root.size < 1 - root.edgeSlack && (fade.atEnd ? root.position + root.size < 1 - root.edgeSlack : root.position > root.edgeSlack)
        x: root.vertical ? 0 : fade.atEnd ? (root.view?.width ?? 0) - width : 0
        y: root.vertical ? (fade.atEnd ? (root.view?.height ?? 0) - height : 0) : 0
        width: root.vertical ? (root.view?.width ?? 0) : Math.min(Theme.scrollFadeDepth, (root.view?.width ?? 0) * root.fadeMaxShare)
        height: root.vertical ? Math.min(Theme.scrollFadeDepth, (root.view?.height ?? 0) * root.fadeMaxShare) : (root.view?.height ?? 0)
        gradient: Gradient {
            orientation: root.vertical ? Gradient.Vertical : Gradient.Horizontal

            GradientStop { position: 0; color: fade.atEnd ? root.clear : root.fadeColor }
            GradientStop { position: 1; color: fade.atEnd ? root.fadeColor : root.clear }
        }
    }

    objectName: "scrollCue"

    implicitWidth: Theme.scrollCueWidth + leftPadding + rightPadding
    implicitHeight: Theme.scrollCueWidth + topPadding + bottomPadding
    padding: Theme.hairline
    // Not for a view whose content is a rounding error taller than it (a list laid out to
    // its content's height): only where there is really more.
    visible: root.size < 1 - root.edgeSlack
    z: 2

    Connections {
        target: Theme

        // The attachment places a vertical cue at the view's end side when the view changes
        // size, not when the direction changes: once the new direction has reached the cue
        // (after this round of bindings), place it as the attachment would.
        function onRightToLeftChanged() {
            Qt.callLater(() => {
                if (root.vertical && root.view)
                    root.x = root.mirrored ? 0 : root.view.width - root.width
            })
        }
    }

    contentItem: Rectangle {
        implicitWidth: Theme.scrollCueWidth
        implicitHeight: Theme.scrollCueWidth
        radius: width / 2
        color: root.dark ? Theme.nightTextSoft : Theme.accent
        opacity: root.active ? 1 : Theme.scrollCueRestOpacity
    }

    Fade {
        objectName: "scrollFadeStart"
        atEnd: false
    }
    Fade {
        objectName: "scrollFadeEnd"
        atEnd: true
    }
}
