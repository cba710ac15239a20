pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Layouts
import Kiosk
import Kiosk.Backend

// Always at the bottom, within reach from a wheelchair: Home, Back and the language switch.
Rectangle {
    id: root

    required property Navigator navigator
    required property Language language

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
            objectName: "homeButton"
            text: qsTr("Home")
            dark: true
            enabled: root.navigator.depth > 1
            // Not there when it would do nothing (on Home): never a dimmed button to puzzle over.
            visible: enabled
            onActivated: root.navigator.home()
        }

        KioskButton {
            objectName: "backButton"
            text: "‹ " + qsTr("Back")
            Accessible.name: qsTr("Back")
            dark: true
            enabled: root.navigator.canGoBack
            visible: enabled
            onActivated: root.navigator.back()
        }

        Item {
            Layout.fillWidth: true
        }

        Repeater {
            model: root.language.languages

            KioskButton {
                required property string code
                required property string name

                objectName: "language_" + code
                text: name
                dark: true
                // The language picked shows at once; its texts follow when they are built.
                selected: root.language.chosen === code
                Accessible.name: name
                onActivated: root.language.choose(code)
            }
        }
    }
}
