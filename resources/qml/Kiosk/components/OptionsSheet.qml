pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Templates as T
import Kiosk
import Kiosk.Backend

// The visitor's options for this visit, from the button in the bottom band: larger text,
// high contrast, the seated layout, and reading aloud on headphones (its volume and speed).
// A column of large buttons rising from the band, like the language list; a tap beside it
// closes it. Everything here goes back to normal when the visit ends.
Rectangle {
    id: root

    required property VisitorOptions options
    required property Narrator narrator
    // The band the sheet rises from (its top edge is the sheet's bottom).
    required property Item band
    // The screen on show has a recording of its own (its words are read otherwise).
    property bool hasNarration: false
    property bool open: false
    // Around the list and Close: above, between and below them.
    readonly property real gaps: Theme.spacing * 3

    signal closed
    // The visitor asked to hear the page on show.
    signal readRequested

    color: Theme.scrim
    visible: root.open
    onOpenChanged: {
        if (root.open)
            first.forceActiveFocus()
    }
    // While it shows, the keys are its own: Escape closes it, and the keys that would move
    // the screen beneath (kiosk.ui.keys acts on a key no item takes) do nothing.
    Keys.onPressed: event => {
        if (event.key === Qt.Key_Escape || event.key === Qt.Key_Back)
            root.closed()
        event.accepted = [Qt.Key_Escape, Qt.Key_Back, Qt.Key_Left, Qt.Key_Right, Qt.Key_Up,
                          Qt.Key_Down, Qt.Key_Home, Qt.Key_PageUp, Qt.Key_PageDown].includes(event.key)
    }

    // An option that is on or off: its state in words and in its fill (light when on), and
    // as a checked state to a screen reader.
    component Toggle: KioskButton {
        required property bool on
        required property string label

        width: column.width
        dark: true
        wraps: true
        selected: on
        text: (on ? qsTr("%1: on") : qsTr("%1: off")).arg(label)
        Accessible.name: label
        // A switch to a screen reader, checked while on (a click checks the button itself,
        // then the option follows; the binding is set again so that a reset shows too).
        checkable: true
        checked: on
        onToggled: checked = Qt.binding(() => on)
    }
    // One of a pair side by side (quieter and louder, slower and faster).
    component Half: KioskButton {
        width: (column.width - column.spacing) / 2
        dark: true
        wraps: true
    }

    InputShield {
        anchors.fill: parent
        enabled: root.open
        onTapped: root.closed()
    }

    Rectangle {
        id: card

        objectName: "optionsSheet"
        anchors.right: parent.right
        anchors.rightMargin: Theme.margin
        y: Math.max(Theme.margin, root.band.y - height - Theme.spacing)
        width: Math.min(Theme.cardWidth, parent.width - Theme.margin * 2)
        // As tall as the options, up to the band: then they scroll (with their cue) and Close
        // stays in sight below them.
        height: Math.min(column.implicitHeight + close.height + root.gaps, root.band.y - Theme.spacing - Theme.margin)
        radius: Theme.radius
        color: Theme.night
        border.color: Theme.nightEdge
        border.width: Theme.hairline

        Accessible.role: Accessible.Dialog
        Accessible.name: heading.text

        // Larger text makes it taller than the screen: it scrolls, with its cue.
        Flickable {
            id: list

            objectName: "optionsList"
            anchors.left: parent.left
            anchors.right: parent.right
            anchors.top: parent.top
            anchors.bottom: close.top
            anchors.margins: Theme.spacing
            contentHeight: column.implicitHeight
            flickableDirection: Flickable.VerticalFlick
            boundsBehavior: Flickable.StopAtBounds
            clip: true
            T.ScrollIndicator.vertical: ScrollCue {
                dark: true
                fadeColor: Theme.night
            }

            Column {
                id: column

                // Room for the cue at the line's end (the left in right-to-left).
                x: Theme.rightToLeft ? Theme.scrollCueWidth * 2 : 0
                width: list.width - Theme.scrollCueWidth * 2
                spacing: Theme.spacing

                Heading {
                    id: heading

                    width: parent.width
                    text: qsTr("Options for this visit")
                    color: Theme.nightText
                    font.pixelSize: Theme.subheadSize
                }

                Toggle {
                    id: first

                    objectName: "largeTextOption"
                    on: root.options.largeText
                    label: qsTr("Larger text")
                    onActivated: root.options.toggleLargeText()
                }
                Toggle {
                    objectName: "highContrastOption"
                    on: root.options.highContrast
                    label: qsTr("High contrast")
                    onActivated: root.options.toggleHighContrast()
                }
                // Only where part of the screen is out of a seated visitor's reach.
                Toggle {
                    objectName: "seatedOption"
                    visible: !root.options.allWithinReach
                    on: root.options.seated
                    label: qsTr("Seated: everything within reach")
                    onActivated: root.options.toggleSeated()
                }

                KioskButton {
                    objectName: "readAloudButton"
                    width: parent.width
                    visible: root.narrator.available && (root.narrator.canRead || root.hasNarration)
                    dark: true
                    wraps: true
                    text: qsTr("Read this page aloud")
                    onActivated: root.readRequested()
                }
                Row {
                    spacing: column.spacing
                    visible: root.narrator.available

                    Half {
                        objectName: "quieterButton"
                        text: qsTr("Quieter")
                        enabled: root.narrator.volume > 0
                        onActivated: root.narrator.quieter()
                    }
                    Half {
                        objectName: "louderButton"
                        text: qsTr("Louder")
                        enabled: root.narrator.volume < 1
                        onActivated: root.narrator.louder()
                    }
                }
                Row {
                    spacing: column.spacing
                    visible: root.narrator.canRead

                    Half {
                        objectName: "slowerButton"
                        text: qsTr("Slower")
                        onActivated: root.narrator.slower()
                    }
                    Half {
                        objectName: "fasterButton"
                        text: qsTr("Faster")
                        onActivated: root.narrator.faster()
                    }
                }

                SmallText {
                    width: parent.width
                    text: qsTr("All of these go back to normal when your visit ends.")
                    color: Theme.nightTextSoft
                }
            }
        }

        KioskButton {
            id: close

            objectName: "closeOptionsButton"
            anchors.left: parent.left
            anchors.right: parent.right
            anchors.bottom: parent.bottom
            anchors.margins: Theme.spacing
            dark: true
            text: qsTr("Close")
            onActivated: root.closed()
        }
    }
}
