pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Window
import Kiosk
import Kiosk.Backend

// The kiosk's window: the current screen of the navigator above a fixed navigation bar.
// While the bundle loads (off the GUI thread) a calm word shows; a visitor never sees an error.
Window {
    id: root

    required property Exhibit exhibit
    required property Language language
    required property Navigator navigator
    required property VisitClock visit
    required property StaffDesk staff
    // The keyboard's and the keypad's actions (kiosk.ui.keys): help and volume, once audio
    // plays; the rest reach the scene as the standard keys.
    required property KeyInput keyInput
    // The visitor's options (larger text, high contrast, seated) and the headphones' voice.
    required property VisitorOptions options
    required property Narrator narrator
    property real screenInches: 43
    property real slideSeconds: 8
    property bool drift: true
    // Kiosk mode: a visitor cannot close the window (staff leave kiosk mode first).
    property bool locked: false
    readonly property Item currentScreen: screens.item as Item
    readonly property VisitorScreen shownScreen: screens.item as VisitorScreen
    // Something over the screen holds the visitor's (and a screen reader's) attention.
    readonly property bool overlayOpen: languageMenu.open || termCard.shown || optionsSheet.open
                                        || root.visit.phase !== VisitClock.Active
                                        || root.staff.pinPadOpen || root.staff.panelOpen
                                        || root.staff.displayTestOpen
    // This visit has been told that photographs zoom (the viewer's one-time hint).
    property bool zoomHintGiven: false
    // The control the keyboard was on before an overlay took the focus (it gets it back).
    property Item focusBefore: null
    // The visitor listens on headphones (asked for a page read aloud, or pressed help): each
    // page is read as it comes, and each control as the keys reach it. Off when the visit ends.
    property bool listening: false
    // Start-up: the first screen appears whole and at once, when its pictures are in (no
    // fade before the first complete frame); every later screen fades in.
    property bool started: false

    component TermRow: QtObject {
        required property string term
        required property string definition
        required property string narration
    }

    // The shown screen's title takes the focus: a screen reader reads it, and reading goes
    // on from there. Not while an overlay (staff, "Still there?", a term) holds the focus.
    function focusHeading() {
        const heading = root.shownScreen?.heading ?? null
        if (heading !== null && !root.overlayOpen)
            heading.forceActiveFocus()
    }
    // A page turned: its title takes the focus, but never from a control a keyboard user is
    // on (Next, a date on the chronology: what Tab reaches).
    function followHeading() {
        const now = root.activeFocusItem
        const onControl = now !== null && now.activeFocusOnTab && now.visible && now.enabled
        if (!onControl)
            root.focusHeading()
    }
    // Whether ``item`` is ``container`` or inside it.
    function within(item: Item, container: Item): bool {
        for (let it = item; it !== null; it = it.parent) {
            if (it === container)
                return true
        }
        return false
    }
    // An overlay closed: the focus goes back to the control it was on, or else to the
    // screen's title (the page may have turned beneath).
    function returnFocus() {
        if (root.overlayOpen)
            return // another one opened meanwhile
        const before = root.focusBefore
        root.focusBefore = null
        if (before !== null && before.activeFocusOnTab && before.visible && before.enabled)
            before.forceActiveFocus() // the control the keyboard user was on
        else
            root.focusHeading()
    }
    // The keys or a screen reader moved to something scrolled out of sight: its view scrolls
    // it into sight (the nearest one that scrolls up and down).
    function reveal(item: Item) {
        for (let it = item.parent; it !== null; it = it.parent) {
            const flick = it as Flickable
            if (flick === null || flick.contentHeight <= flick.height)
                continue
            const top = item.mapToItem(flick.contentItem, 0, 0).y
            const lowest = flick.originY + flick.contentHeight - flick.height
            if (top < flick.contentY)
                flick.contentY = Math.max(flick.originY, top)
            else if (top + item.height > flick.contentY + flick.height)
                flick.contentY = Math.min(lowest, top + item.height - flick.height)
            return
        }
    }
    // Said to a screen-reader user: what the window's title says.
    function announceScreen() {
        stage.Accessible.announce(root.title)
    }
    // The page on show, read aloud on the headphones (its recording, or its words).
    function readPage() {
        const screen = root.shownScreen
        if (screen !== null && !root.overlayOpen)
            root.narrator.readPage(screen.readable, screen.readableAfter, screen.narration)
    }
    // Help (F1, the keypad's help key): the first time, reading aloud starts with how the
    // keys work; after that, the page on show is read again.
    function help() {
        if (root.listening) {
            root.readPage()
            return
        }
        root.listening = true
        root.narrator.read(qsTr("Reading aloud. The arrow keys move, the middle key chooses, "
                                + "Back goes back. Press help again to hear this page."))
    }

    width: Theme.windowWidth
    height: Theme.windowHeight
    visible: true
    color: Theme.paper
    // The screen and the exhibit (read out by a screen reader with each screen change).
    title: {
        const exhibit = root.exhibit.title || "Kiosk"
        const shown = root.shownScreen?.title ?? ""
        return shown === "" || shown === exhibit ? exhibit : shown + " – " + exhibit
    }
    onClosing: close => {
        if (root.locked)
            close.accepted = false
    }

    // A page turned (the story, a person, a photograph), or an overlay gone: the heading
    // on show takes the focus again.
    Connections {
        target: root.shownScreen

        function onHeadingChanged() {
            root.followHeading()
        }
    }
    onOverlayOpenChanged: {
        if (!root.overlayOpen)
            Qt.callLater(root.returnFocus) // once the screen beneath is enabled again
    }
    // Where the keyboard is, kept while nothing is over the screen (an overlay opening
    // disables the screen, which takes the focus away: this one is what comes back).
    onActiveFocusItemChanged: {
        const now = root.activeFocusItem
        if (!root.overlayOpen && (root.within(now, screens) || root.within(now, navBar)))
            root.focusBefore = now
        // Not a screen's own title as it opens: Back keeps the place the visitor left.
        if (now !== null && now !== root.shownScreen?.heading)
            root.reveal(now)
        // On headphones, the control the keys reached is said (a page's title: the page).
        if (root.listening && now !== null && now !== root.shownScreen?.heading)
            root.narrator.readItem(now)
    }
    // On headphones each new page is read as it comes (a screen opened, a page turned).
    Connections {
        target: root.shownScreen
        enabled: root.listening

        function onHeadingChanged() {
            Qt.callLater(root.readPage)
        }
    }
    Connections {
        target: root.keyInput

        function onHelpRequested() {
            root.help()
        }
    }
    Connections {
        target: root.visit

        function onPhaseChanged() {
            if (root.visit.phase === VisitClock.Attract)
                root.listening = false
        }
    }
    // A language switch is said in the new language: the screen and the exhibit, once the
    // words have changed.
    Connections {
        target: root.language

        function onCurrentChanged() {
            Qt.callLater(root.announceScreen)
        }
    }

    // The screens are laid out in the stage: the window, or the band of it a seated visitor
    // reaches. Physical sizes (touch targets, type) follow the whole window and the screen.
    Binding {
        target: Theme
        property: "viewWidth"
        value: stage.width
    }
    Binding {
        target: Theme
        property: "viewHeight"
        value: stage.height
    }
    Binding {
        target: Theme
        property: "windowDiagonal"
        value: Math.sqrt(root.width * root.width + root.height * root.height)
    }
    // Larger text is the visitor's: the staff's pad and panel keep their own size, and the
    // attract loop (between visits: the options are off then anyway) its own.
    Binding {
        target: Theme
        property: "textScale"
        value: root.staff.pinPadOpen || root.staff.panelOpen || root.staff.displayTestOpen
               || root.visit.phase === VisitClock.Attract ? 1 : root.options.textScale
    }
    Binding {
        target: Theme
        property: "highContrast"
        value: root.options.highContrast
    }
    Binding {
        target: Theme
        property: "diagonalInches"
        value: root.screenInches
    }
    Connections {
        target: root.exhibit
        function onVisitReset() {
            root.zoomHintGiven = false
            root.listening = false
        }
    }

    Binding {
        target: Theme
        property: "rightToLeft"
        value: root.language.rightToLeft
    }
    Binding {
        target: Theme
        property: "language"
        value: root.language.current
    }

    // Seated: above the band a seated visitor reaches there is nothing to touch; it says so
    // (when the words fit there), in the visitor's language and the exhibit's name.
    Item {
        objectName: "aboveReach"
        width: root.width
        height: stage.y
        visible: stage.seated

        Column {
            id: aboveWords

            anchors.centerIn: parent
            width: parent.width - Theme.margin * 2
            spacing: Theme.spacing
            visible: aboveWords.implicitHeight <= parent.height - Theme.margin * 2

            BodyText {
                width: parent.width
                horizontalAlignment: Text.AlignHCenter
                text: root.exhibit.title
                color: Theme.inkSoft
                font.family: Theme.serif
            }
            SmallText {
                width: parent.width
                horizontalAlignment: Text.AlignHCenter
                text: qsTr("Seated layout: everything to touch is below, within reach.")
            }
        }
    }

    // Everything the window shows. A right-to-left language mirrors the whole layout:
    // anchors, rows, layouts, list directions and every left or right alignment.
    Item {
        id: stage

        objectName: "stage"
        // Seated: every control between the rows a seated visitor reaches (kiosk.reach).
        readonly property bool seated: root.options.seated
        x: 0
        y: stage.seated ? root.options.reachTop : 0
        width: root.width
        height: stage.seated ? root.options.reachBottom - root.options.reachTop : root.height
        LayoutMirroring.enabled: root.language.rightToLeft
        LayoutMirroring.childrenInherit: true

        Loader {
            id: screens

            readonly property int current: root.navigator.screen
            // Whether a screen was shown before: the first one does not fade in.
            property bool loadedOnce: false

            objectName: "screens"
            // Under an overlay the screen cannot be used, by touch or by a screen reader
            // (whose presses need no touch): what is behind a card is not pressed.
            enabled: !root.overlayOpen
            anchors.left: parent.left
            anchors.right: parent.right
            anchors.top: parent.top
            anchors.bottom: navBar.top
            active: root.exhibit.state === Exhibit.Ready
            // Until the first screen is whole it is not drawn: then it appears at once.
            readonly property bool whole: screens.status === Loader.Ready && !((screens.item as VisitorScreen)?.picturesLoading ?? true)
            opacity: root.started || screens.whole ? 1 : 0
            onWholeChanged: {
                if (screens.whole)
                    root.started = true
            }

            // Never stuck behind a picture that does not come: shown anyway after a while.
            Timer {
                interval: Theme.firstScreenWaitMs
                running: !root.started && screens.status === Loader.Ready
                onTriggered: root.started = true
            }
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
            onLoaded: {
                // Back: the screen as the visitor left it (0 for a screen opened anew).
                const screen = screens.item as VisitorScreen
                const view = screen?.scrollView ?? null
                if (view && screen.keepsTopItem) {
                    (view as ListView).positionViewAtIndex(Math.round(root.navigator.scroll), ListView.Beginning)
                } else if (view) {
                    const most = Math.max(0, view.contentHeight - view.height)
                    view.contentY = view.originY + Math.min(root.navigator.scroll, most)
                }
                if (screens.loadedOnce)
                    fadeIn.restart()
                screens.loadedOnce = true
                root.focusHeading()
                if (root.listening)
                    Qt.callLater(root.readPage)
            }

            // Leaving a screen: its entry keeps how far it was scrolled.
            Connections {
                target: root.navigator

                function onLeaving() {
                    const screen = screens.item as VisitorScreen
                    const view = screen?.scrollView ?? null
                    if (view && screen.keepsTopItem)
                        root.navigator.keepScroll(Math.max(0, (view as ListView).indexAt(view.width / 2, view.contentY + 1)))
                    else
                        root.navigator.keepScroll(view ? view.contentY - view.originY : 0)
                }
            }

            NumberAnimation {
                id: fadeIn

                target: screens.item
                property: "opacity"
                from: Theme.screenFadeFrom
                to: 1
                duration: Theme.transitionMs
                easing.type: Easing.OutCubic
            }
        }

        Component {
            id: homeScreen

            HomeScreen {
                instant: !root.started
                exhibit: root.exhibit
                navigator: root.navigator
            }
        }
        Component {
            id: storyScreen

            StoryScreen {
                story: root.exhibit.story
                navigator: root.navigator
                onTermActivated: termId => termCard.show(termId)
            }
        }
        Component {
            id: peopleScreen

            PeopleScreen {
                people: root.exhibit.people
                navigator: root.navigator
            }
        }
        Component {
            id: personScreen

            PersonScreen {
                people: root.exhibit.people
                navigator: root.navigator
                onTermActivated: termId => termCard.show(termId)
            }
        }
        Component {
            id: photosScreen

            PhotosScreen {
                photos: root.exhibit.photos
                layout: root.exhibit.photoRows
                navigator: root.navigator
            }
        }
        Component {
            id: photoViewer

            PhotoViewer {
                photos: root.exhibit.photos
                navigator: root.navigator
                zoomHintWanted: !root.zoomHintGiven
                onZoomHintGiven: root.zoomHintGiven = true
                onTermActivated: termId => termCard.show(termId)
            }
        }
        Component {
            id: glossaryScreen

            GlossaryScreen {
                glossary: root.exhibit.glossary
                navigator: root.navigator
            }
        }

        NavBar {
            id: navBar

            objectName: "navBar"
            enabled: !root.overlayOpen
            anchors.left: parent.left
            anchors.right: parent.right
            anchors.bottom: parent.bottom
            navigator: root.navigator
            language: root.language
            visible: root.exhibit.state === Exhibit.Ready
            speaking: root.narrator.speaking
            onMenuRequested: languageMenu.open = true
            onOptionsRequested: optionsSheet.open = true
            // Stop ends reading aloud (until asked again); the keyboard, on Stop as it
            // goes, moves to the screen's title.
            onStopRequested: {
                root.listening = false
                root.narrator.stop()
                if (root.within(root.activeFocusItem, navBar))
                    root.focusHeading()
            }
        }

        // No exhibit on show: a calm word while it loads, or, when there is none to show (the
        // bundle missing or broken: staff see why in their panel and the log), a sentence
        // for visitors with no error in it. Under the staff's overlays, never over them.
        BodyText {
            objectName: "waiting"
            anchors.centerIn: parent
            width: Math.min(implicitWidth, parent.width - Theme.margin * 2)
            horizontalAlignment: Text.AlignHCenter
            visible: root.exhibit.state !== Exhibit.Ready
            text: root.exhibit.state === Exhibit.Unavailable
                  ? qsTr("This exhibit is not available just now. Please come back soon.")
                  : qsTr("One moment…")
            color: Theme.inkSoft
            font.pixelSize: Theme.titleSize
        }

        LanguageMenu {
            id: languageMenu

            anchors.fill: parent
            language: root.language
            band: navBar
            // Only while the band is compact: a wider window shows every language again.
            onClosed: languageMenu.open = false

            Connections {
                target: navBar
                function onCompactChanged() {
                    languageMenu.closed()
                }
            }
            Connections {
                target: root.navigator
                function onScreenChanged() {
                    languageMenu.closed()
                }
            }
            Connections {
                target: root.exhibit
                function onVisitReset() {
                    languageMenu.closed()
                }
            }
        }

        OptionsSheet {
            id: optionsSheet

            anchors.fill: parent
            options: root.options
            narrator: root.narrator
            band: navBar
            hasNarration: (root.shownScreen?.narration ?? "") !== ""
            onClosed: optionsSheet.open = false
            onReadRequested: {
                root.listening = true
                optionsSheet.open = false
                // Once the focus is back on the screen (its own word is said first).
                Qt.callLater(root.readPage)
            }

            Connections {
                target: root.navigator
                function onScreenChanged() {
                    optionsSheet.closed()
                }
            }
            Connections {
                target: root.exhibit
                function onVisitReset() {
                    optionsSheet.closed()
                }
            }
            // "Still there?" comes over it: the sheet goes, so that the question's answer
            // leaves the visitor on the screen with the focus there (not on a hidden key).
            Connections {
                target: root.visit
                function onPhaseChanged() {
                    if (root.visit.phase !== VisitClock.Active)
                        optionsSheet.closed()
                }
            }
        }

        // The term the card shows, as a row of the glossary: it follows a language switch.
        Instantiator {
            model: root.exhibit.glossary.oneRowWithId(termCard.termId)
            delegate: TermRow {}
            onObjectAdded: (index, row) => termCard.row = row as TermRow
            onObjectRemoved: termCard.row = null
        }

        GlossaryCard {
            id: termCard

            property string termId
            property TermRow row: null

            function show(id: string) {
                termCard.termId = id
            }
            function read() {
                if (termCard.shown)
                    root.narrator.readPage(termCard, null, termCard.row?.narration ?? "")
            }

            objectName: "glossaryCard"
            anchors.fill: parent
            term: termCard.row?.term ?? ""
            definition: termCard.row?.definition ?? ""
            onClosed: termCard.termId = ""
            // On headphones a term's card is read as it opens (its recording, or its words).
            onShownChanged: {
                if (termCard.shown && root.listening)
                    Qt.callLater(termCard.read)
            }

            Connections {
                target: root.navigator
                function onScreenChanged() {
                    termCard.closed()
                }
            }
            Connections {
                target: root.exhibit
                function onVisitReset() {
                    termCard.closed()
                }
            }
        }

        CountdownOverlay {
            anchors.fill: parent
            visit: root.visit
        }

        AttractLoop {
            anchors.fill: parent
            exhibit: root.exhibit
            visit: root.visit
            slideSeconds: root.slideSeconds
            drift: root.drift
        }

        // Staff controls exist only while they are shown: hidden ones would still be in the
        // accessibility tree, where anything that walks it could press them. (The staff desk
        // refuses every action until the PIN is accepted anyway.)
        // Each takes the keys while it shows: Escape closes it, and the keys that would move
        // the visitor's screen beneath (kiosk.ui.keys acts on a key no item takes) do nothing.
        component StaffLayer: Loader {
            signal escaped

            anchors.fill: parent
            onLoaded: (item as Item)?.forceActiveFocus()
            Keys.onPressed: event => {
                if (event.key === Qt.Key_Escape || event.key === Qt.Key_Back)
                    escaped()
                event.accepted = [Qt.Key_Escape, Qt.Key_Back, Qt.Key_Left, Qt.Key_Right, Qt.Key_Up,
                                  Qt.Key_Down, Qt.Key_Home, Qt.Key_PageUp, Qt.Key_PageDown].includes(event.key)
            }
        }

        StaffLayer {
            active: root.staff.pinPadOpen
            onEscaped: root.staff.closePinPad()
            sourceComponent: PinPad {
                staff: root.staff
            }
        }

        StaffLayer {
            active: root.staff.panelOpen
            onEscaped: root.staff.closeAll()
            sourceComponent: StaffPanel {
                staff: root.staff
            }
        }

        StaffLayer {
            active: root.staff.displayTestOpen
            onEscaped: root.staff.closeDisplayTest()
            sourceComponent: DisplayTest {
                staff: root.staff
            }
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

    }
}
