pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Templates as T
import Kiosk
import Kiosk.Backend

// Every language of the exhibit, each by its own name, for when they do not all fit in the
// bottom band: a column of large buttons rising from the band's end. Choosing one, or a tap
// anywhere else, closes it; what is beneath never sees that tap.
Rectangle {
    id: root

    required property Language language
    // The band the list rises from (its top edge is the list's bottom).
    required property Item band
    property bool open: false

    signal closed

    color: Theme.scrim
    visible: root.open
    onOpenChanged: {
        if (root.open)
            root.forceActiveFocus()
    }
    // While it shows, the keys are its own: Escape closes it, and the keys that would move
    // the screen beneath (kiosk.ui.keys acts on a key no item takes) do nothing.
    Keys.onPressed: event => {
        if (event.key === Qt.Key_Escape || event.key === Qt.Key_Back)
            root.closed()
        event.accepted = [Qt.Key_Escape, Qt.Key_Back, Qt.Key_Left, Qt.Key_Right, Qt.Key_Up,
                          Qt.Key_Down, Qt.Key_Home, Qt.Key_PageUp, Qt.Key_PageDown].includes(event.key)
    }

    InputShield {
        anchors.fill: parent
        enabled: root.open
        onTapped: root.closed()
    }

    Rectangle {
        id: card

        objectName: "languageMenu"
        anchors.right: parent.right
        anchors.rightMargin: Theme.margin
        y: Math.max(Theme.margin, root.band.y - height - Theme.spacing)
        width: Math.min(names.widest + Theme.spacing * 2 + column.cueRoom, parent.width - Theme.margin * 2)
        height: Math.min(column.implicitHeight + Theme.spacing * 2,
                         root.band.y - Theme.spacing - Theme.margin)
        radius: Theme.radius
        color: Theme.night
        border.color: Theme.nightEdge
        border.width: Theme.hairline

        Accessible.role: Accessible.Dialog
        Accessible.name: qsTr("Language")

        // More languages than the screen is tall: the list scrolls, with its cue.
        Flickable {
            id: list

            objectName: "languageList"
            anchors.fill: parent
            anchors.margins: Theme.spacing
            contentHeight: column.implicitHeight
            flickableDirection: Flickable.VerticalFlick
            boundsBehavior: Flickable.StopAtBounds
            clip: true
            T.ScrollIndicator.vertical: ScrollCue {
                id: cue

                dark: true
                fadeColor: Theme.night
            }

            Column {
                id: column

                // Room for the cue at the line's end (the left in right-to-left) when the
                // list scrolls (a short seated band, larger text).
                readonly property real cueRoom: cue.visible ? Theme.scrollCueWidth * 2 : 0

                x: Theme.rightToLeft ? column.cueRoom : 0
                width: list.width - column.cueRoom
                spacing: Theme.spacing

                Repeater {
                    id: names

                    // The longest name's button (the chosen one is bold): the list is as wide.
                    readonly property real widest: {
                        let most = Theme.buttonMinWidth
                        for (let i = 0; i < names.count; ++i) {
                            const button = names.itemAt(i)
                            if (button)
                                most = Math.max(most, button.implicitWidth)
                        }
                        return most
                    }

                    model: root.language.languages

                    KioskButton {
                        required property string code
                        required property string name

                        objectName: "language_" + code
                        width: column.width
                        text: name
                        dark: true
                        selected: root.language.chosen === code
                        // Its name is in its own language (a screen reader says it so).
                        locale: Qt.locale(code)
                        Accessible.name: name
                        onActivated: {
                            root.language.choose(code)
                            root.closed()
                        }
                    }
                }
            }
        }
    }
}
