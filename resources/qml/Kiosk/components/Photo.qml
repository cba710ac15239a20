import QtQuick
import Kiosk

// An image loaded off the GUI thread at the size it is shown; while loading, or when the
// file is missing or broken, a calm placeholder with the caption stands in its place.
Item {
    id: root

    property url source
    property string caption
    // What the picture shows, as the bundle's alt text says it (a screen reader reads it
    // instead of the caption), and the curator's description of it.
    property string alt
    property string description
    property int fillMode: Image.PreserveAspectFit
    property bool dark: false
    // Whether the picture fades in once decoded (not on the kiosk's first screen, nor in the
    // attract loop, whose slides cross-fade as a whole).
    property bool fadesIn: true
    // The placeholder's caption: this share of the width, at most this many lines.
    readonly property real placeholderTextShare: 0.8
    readonly property int placeholderLines: 4
    // The size to decode at: the item's own size unless set (the photo viewer sets its
    // fit size, so that zooming scales the decoded image instead of decoding it again).
    property size decodeSize: Qt.size(width, height)
    readonly property alias status: image.status
    // For `kiosk render` and tests, which wait until no image is still loading.
    readonly property bool loading: image.status === Image.Loading
    readonly property alias paintedWidth: image.paintedWidth
    readonly property alias paintedHeight: image.paintedHeight

    Accessible.role: Accessible.Graphic
    Accessible.name: root.alt || root.caption
    Accessible.description: root.description
    // The photograph on show in the viewer takes the focus (see VisitorScreen.heading).
    Accessible.focusable: true

    Image {
        id: image

        anchors.fill: parent
        asynchronous: true
        cache: true
        fillMode: root.fillMode
        sourceSize.width: Math.ceil(root.decodeSize.width)
        sourceSize.height: Math.ceil(root.decodeSize.height)
        source: root.source
        opacity: status === Image.Ready ? 1 : 0

        Behavior on opacity {
            enabled: root.fadesIn
            NumberAnimation { duration: Theme.transitionMs }
        }
    }

    Rectangle {
        objectName: "placeholder"
        anchors.fill: parent
        visible: image.status !== Image.Ready
        color: root.dark ? Theme.nightPlaceholder : Theme.paperDeep
        border.color: Theme.line
        border.width: Theme.hairline

        SmallText {
            anchors.centerIn: parent
            width: parent.width * root.placeholderTextShare
            horizontalAlignment: Text.AlignHCenter
            maximumLineCount: root.placeholderLines
            elide: Text.ElideRight
            visible: image.status === Image.Error || image.status === Image.Null
            text: root.caption
            color: root.dark ? Theme.nightTextSoft : Theme.inkSoft
            font.family: Theme.serif
        }
    }

    // Where the keyboard is, when the picture can be opened by keys (activeFocusOnTab).
    Rectangle {
        objectName: "focusRing"
        anchors.fill: parent
        color: Theme.clear(Theme.paper)
        border.color: Theme.focusRing
        border.width: Theme.focusRingWidth
        visible: root.activeFocus && root.activeFocusOnTab
    }
}
