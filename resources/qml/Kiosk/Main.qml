import QtQuick
import QtQuick.Window
import Kiosk
import Kiosk.Backend

// The foundation window: the exhibit's title once the bundle has loaded off the GUI thread,
// a calm word while it loads, and never an error for visitors (staff read the log).
Window {
    id: root

    required property ExhibitSession session

    width: 1280
    height: 800
    visible: true
    color: Theme.paper
    title: root.session.title || "Kiosk"

    Column {
        anchors.centerIn: parent
        width: parent.width * 0.8
        spacing: root.height * 0.03

        Text {
            width: parent.width
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Text.WordWrap
            color: Theme.ink
            font.family: Theme.serif
            font.pixelSize: Math.max(32, root.height * 0.08)
            text: root.session.state === ExhibitSession.Ready ? root.session.title : qsTr("One moment…")
        }

        Text {
            width: parent.width
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Text.WordWrap
            color: Theme.inkSoft
            font.family: Theme.serif
            font.pixelSize: Math.max(20, root.height * 0.035)
            visible: root.session.state === ExhibitSession.Ready
            text: root.session.subtitle
        }
    }
}
