pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Layouts
import Kiosk
import Kiosk.Backend

// Always at the bottom, within reach from a wheelchair: Home, Back, Stop (while audio
// plays), the visitor's options and the language switch.
Rectangle {
    id: root

    required property Navigator navigator
    required property Language language
    // What the band holds besides the languages: its margins, the gaps between its five
    // places, Home and Back (both counted, shown or not, so the band does not change shape
    // between Home and the other screens), Options with its words, and Stop while it shows.
    readonly property real besideLanguages: Theme.margin * 2 + Theme.spacing * 4
                                            + home.implicitWidth + back.implicitWidth
                                            + optionsWords.implicitWidth
                                            + (stop.visible ? stopWords.implicitWidth + Theme.spacing : 0)
    // Every language name fits beside the rest; otherwise one button names the current
    // language and opens the list (`menuRequested`).
    readonly property bool compact: measure.width > width - root.besideLanguages
    // Even the one language button does not fit with its words (larger text on a narrow
    // screen): Options shows "Aa", the language button the language's name, Stop its verb
    // (a screen reader still hears each one's full name).
    readonly property bool short: root.compact && menuWords.implicitWidth > width - root.besideLanguages
    // Not even the language's own name fits then (a long one, larger text, a narrow portrait
    // screen): the button shows the language's code ("AZ").
    readonly property bool tiny: root.short && nameWords.implicitWidth > width - Theme.margin * 2 - Theme.spacing * 4
                                                                       - home.implicitWidth - back.implicitWidth
                                                                       - options.implicitWidth
                                                                       - (stop.visible ? stop.implicitWidth + Theme.spacing : 0)
    // Audio is playing on the headphones (a Stop button shows).
    property bool speaking: false

    // The chosen language by its own name (read from the measuring row below).
    readonly property string currentName: {
        for (let i = 0; i < measure.count; ++i) {
            const button = measure.itemAt(i) as KioskButton
            if (button && button.objectName === "measure_" + root.language.chosen)
                return button.text
        }
        return root.language.chosen
    }

    signal menuRequested
    signal optionsRequested
    signal stopRequested

    implicitHeight: Theme.targetSize + Theme.spacing * 2
    color: Theme.night

    Accessible.role: Accessible.ToolBar
    Accessible.name: qsTr("Navigation")

    RowLayout {
        anchors.fill: parent
        anchors.leftMargin: Theme.margin
        anchors.rightMargin: Theme.margin
        spacing: Theme.spacing

        KioskButton {
            id: home

            objectName: "homeButton"
            text: qsTr("Home")
            dark: true
            // Not there when it would do nothing (on Home): never a dimmed button to puzzle over.
            // (Under an overlay the whole band is disabled: then it stays, dimmed by the scrim.)
            visible: root.navigator.depth > 1
            onActivated: root.navigator.home()
        }

        KioskButton {
            id: back

            objectName: "backButton"
            text: Theme.backArrow + " " + qsTr("Back")
            Accessible.name: qsTr("Back")
            dark: true
            visible: root.navigator.canGoBack
            onActivated: root.navigator.back()
        }

        // While the headphones play: stop them, at once and in one touch.
        KioskButton {
            id: stop

            objectName: "stopAudioButton"
            text: root.short ? qsTr("Stop") : stopWords.text
            Accessible.name: stopWords.text
            dark: true
            visible: root.speaking
            onActivated: root.stopRequested()
        }

        Item {
            Layout.fillWidth: true
        }

        // Larger text, high contrast, the seated layout and reading aloud, on every screen.
        KioskButton {
            id: options

            objectName: "optionsButton"
            text: root.short ? "Aa" : optionsWords.text
            Accessible.name: qsTr("Options: larger text, high contrast, seated, read aloud")
            dark: true
            onActivated: root.optionsRequested()
        }

        Repeater {
            model: root.compact ? null : root.language.languages

            KioskButton {
                required property string code
                required property string name

                objectName: "language_" + code
                text: name
                dark: true
                // The language picked shows at once; its texts follow when they are built.
                selected: root.language.chosen === code
                // Its name is in its own language (a screen reader says it so).
                locale: Qt.locale(code)
                Accessible.name: name
                onActivated: root.language.choose(code)
            }
        }

        KioskButton {
            objectName: "languageMenuButton"
            visible: root.compact
            // What it is for, and the current language by its own name.
            text: root.tiny ? root.language.chosen.toUpperCase() : root.short ? root.currentName : menuWords.text
            Accessible.name: menuWords.text
            dark: true
            onActivated: root.menuRequested()
        }
    }

    // Buttons as they would be with all their words (hidden: their widths decide `short`).
    KioskButton {
        id: optionsWords

        visible: false
        text: "Aa " + qsTr("Options")
        dark: true
    }
    KioskButton {
        id: menuWords

        visible: false
        text: qsTr("Language: %1").arg(root.currentName)
        dark: true
    }
    KioskButton {
        id: nameWords

        visible: false
        text: root.currentName
        dark: true
    }
    KioskButton {
        id: stopWords

        visible: false
        text: qsTr("Stop reading")
        dark: true
    }

    // The language buttons as they would be laid out: their width decides between the row
    // of buttons and the compact picker.
    Row {
        id: measure

        property alias count: measured.count

        function itemAt(i: int): Item {
            return measured.itemAt(i)
        }

        // Hidden: out of sight, of touch and of the accessibility tree (a positioner still
        // lays out the children of a hidden row, so its width is there to read).
        visible: false
        spacing: Theme.spacing

        Repeater {
            id: measured

            model: root.language.languages

            KioskButton {
                required property string code
                required property string name

                objectName: "measure_" + code
                text: name
                dark: true
                selected: true // bold: the widest a name gets
            }
        }
    }
}
