pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Window
import Kiosk
import Kiosk.Backend

// The kiosk's window: the current screen of the navigator above a fixed navigation bar.
// While the bundle loads (off the GUI thread) a calm word shows; a visitor never sees an error.
Window {
    id: root

    required property ExhibitSession session
    required property VisitClock visit
    required property StaffDesk staff
    property real screenInches: 43
    property real slideSeconds: 8
    property bool drift: true
    // Kiosk mode: a visitor cannot close the window (staff leave kiosk mode first).
    property bool locked: false
    readonly property Item currentScreen: screens.item

    width: 1280
    height: 800
    visible: true
    color: Theme.paper
    title: root.session.title || "Kiosk"
    onClosing: close => {
        if (root.locked)
            close.accepted = false
    }

    Binding {
        target: Theme
        property: "viewWidth"
        value: root.width
    }
    Binding {
        target: Theme
        property: "viewHeight"
        value: root.height
    }
    Binding {
        target: Theme
        property: "diagonalInches"
        value: root.screenInches
    }

    Loader {
        id: screens

        readonly property int current: root.session.navigator.screen

        objectName: "screens"
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.top: parent.top
        anchors.bottom: navBar.top
        active: root.session.state === ExhibitSession.Ready
        sourceComponent: {
            switch (screens.current) {
            case Navigator.Story:
                return storyScreen
            case Navigator.People:
                return peopleScreen
            case Navigator.Person:
                return personScreen
            case Navigator.Photos:
                return photosScreen
            case Navigator.Viewer:
                return photoViewer
            case Navigator.Glossary:
                return glossaryScreen
            default:
                return homeScreen
            }
        }
        onLoaded: fadeIn.restart()

        NumberAnimation {
            id: fadeIn

            target: screens.item
            property: "opacity"
            from: 0.2
            to: 1
            duration: Theme.transitionMs
            easing.type: Easing.OutCubic
        }
    }

    Component {
        id: homeScreen

        HomeScreen {
            session: root.session
        }
    }
    Component {
        id: storyScreen

        StoryScreen {
            session: root.session
            onTermActivated: termId => term.show(termId)
        }
    }
    Component {
        id: peopleScreen

        PeopleScreen {
            session: root.session
        }
    }
    Component {
        id: personScreen

        PersonScreen {
            session: root.session
        }
    }
    Component {
        id: photosScreen

        PhotosScreen {
            session: root.session
        }
    }
    Component {
        id: photoViewer

        PhotoViewer {
            session: root.session
        }
    }
    Component {
        id: glossaryScreen

        GlossaryScreen {
            session: root.session
        }
    }

    NavBar {
        id: navBar

        objectName: "navBar"
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.bottom: parent.bottom
        session: root.session
        visible: root.session.state === ExhibitSession.Ready
    }

    GlossaryCard {
        id: term

        property string termId

        function show(id: string) {
            const row = root.session.glossary.get(root.session.glossary.indexOf(id))
            term.termId = id
            term.term = row.term ?? ""
            term.definition = row.definition ?? ""
        }

        objectName: "glossaryCard"
        anchors.fill: parent
        onClosed: {
            term.termId = ""
            term.term = ""
            term.definition = ""
        }

        Connections {
            target: root.session
            function onLanguageChanged() {
                if (term.termId !== "")
                    term.show(term.termId)
            }
        }
        Connections {
            target: root.session.navigator
            function onScreenChanged() {
                term.closed()
            }
        }
        Connections {
            target: root.session
            function onVisitReset() {
                term.closed()
            }
        }
    }

    CountdownOverlay {
        anchors.fill: parent
        visit: root.visit
    }

    AttractLoop {
        anchors.fill: parent
        session: root.session
        visit: root.visit
        slideSeconds: root.slideSeconds
        drift: root.drift
    }

    PinPad {
        anchors.fill: parent
        staff: root.staff
    }

    StaffPanel {
        anchors.fill: parent
        staff: root.staff
    }

    DisplayTest {
        anchors.fill: parent
        staff: root.staff
    }

    // The staff's hidden way in: five taps in the top-left corner within three seconds.
    // The handler only watches (a passive grab), so whatever lies beneath still works.
    Item {
        objectName: "staffCorner"
        width: Theme.targetSize
        height: Theme.targetSize

        TapHandler {
            gesturePolicy: TapHandler.DragThreshold
            grabPermissions: PointerHandler.ApprovesTakeOverByAnything
            onTapped: root.staff.cornerTapped()
        }
    }

    Text {
        objectName: "waiting"
        textFormat: Text.PlainText
        anchors.centerIn: parent
        visible: root.session.state !== ExhibitSession.Ready
        text: qsTr("One moment…")
        color: Theme.inkSoft
        font.family: Theme.serif
        font.pixelSize: Theme.titleSize
    }
}
