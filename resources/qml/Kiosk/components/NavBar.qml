pragma ComponentBehavior: Bound

import QtQuick
import Kiosk
import Kiosk.Backend

// Always at the bottom, within reach from a wheelchair: Home, Back and the language switch.
Rectangle {
    id: root

    required property ExhibitSession session

    implicitHeight: Theme.targetSize + Theme.spacing * 2
    color: Theme.night

    Accessible.role: Accessible.ToolBar
    Accessible.name: qsTr("Navigation")

    Row {
        anchors.left: parent.left
        anchors.leftMargin: Theme.margin
        anchors.verticalCenter: parent.verticalCenter
        spacing: Theme.spacing

        KioskButton {
            objectName: "homeButton"
            text: qsTr("Home")
            dark: true
            enabled: root.session.navigator.depth > 1
            opacity: enabled ? 1 : 0.45
            onActivated: root.session.navigator.home()
        }

        KioskButton {
            objectName: "backButton"
            text: "‹ " + qsTr("Back")
            Accessible.name: qsTr("Back")
            dark: true
            enabled: root.session.navigator.canGoBack
            opacity: enabled ? 1 : 0.45
            onActivated: root.session.navigator.back()
        }
    }

    Row {
        anchors.right: parent.right
        anchors.rightMargin: Theme.margin
        anchors.verticalCenter: parent.verticalCenter
        spacing: Theme.spacing

        Repeater {
            model: root.session.languages

            KioskButton {
                required property var modelData

                objectName: "language_" + modelData.code
                text: modelData.name
                dark: true
                selected: root.session.language === modelData.code
                Accessible.name: modelData.name
                onActivated: root.session.setLanguage(modelData.code)
            }
        }
    }
}
