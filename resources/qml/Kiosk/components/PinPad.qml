pragma ComponentBehavior: Bound

import QtQuick
import Kiosk
import Kiosk.Backend

// A large on-screen PIN pad for staff. Digits show as dots; the PIN is checked off the GUI
// thread and never kept here longer than the check.
Rectangle {
    id: root

    required property StaffDesk staff
    property string entered: ""
    // The longest PIN the pad takes, and its keys' columns (digits 1-9, then Clear 0 OK).
    readonly property int maxDigits: 12
    readonly property int keyColumns: 3

    objectName: "pinPad"
    color: Theme.night
    visible: root.staff.pinPadOpen

    Accessible.role: Accessible.Dialog
    Accessible.name: qsTr("Staff PIN")

    // Nothing underneath reacts while the pad is up, not even to a tap between its keys.
    InputShield {
        anchors.fill: parent
    }

    Column {
        anchors.centerIn: parent
        spacing: Theme.spacingLarge

        FieldLabel {
            anchors.horizontalCenter: parent.horizontalCenter
            text: qsTr("Staff PIN")
            color: Theme.nightText
            font.pixelSize: Theme.pinLabelSize
        }

        SmallText {
            objectName: "pinDots"
            anchors.horizontalCenter: parent.horizontalCenter
            height: Theme.titleSize
            text: "●".repeat(root.entered.length) || " "
            color: Theme.nightText
            font.pixelSize: Theme.subheadSize
        }

        SmallText {
            objectName: "pinMessage"
            anchors.horizontalCenter: parent.horizontalCenter
            text: root.staff.message || " "
            color: Theme.nightTextSoft
            font.pixelSize: Theme.bodySize
        }

        Grid {
            anchors.horizontalCenter: parent.horizontalCenter
            columns: root.keyColumns
            spacing: Theme.spacing
            // A keypad reads 1 2 3 in every language, as on any telephone.
            LayoutMirroring.enabled: false
            LayoutMirroring.childrenInherit: true

            Repeater {
                model: ["1", "2", "3", "4", "5", "6", "7", "8", "9", "clear", "0", "ok"]

                KioskButton {
                    required property string modelData

                    objectName: "pin_" + modelData
                    width: Theme.keyWidth
                    height: Theme.keyHeight
                    dark: true
                    primary: modelData === "ok"
                    enabled: !root.staff.checking
                    fontSize: modelData.length === 1 ? Theme.keySize : Theme.labelSize
                    text: modelData === "clear" ? qsTr("Clear") : modelData === "ok" ? qsTr("OK") : modelData
                    onActivated: {
                        if (modelData === "clear") {
                            root.entered = ""
                        } else if (modelData === "ok") {
                            root.staff.submitPin(root.entered)
                            root.entered = ""
                        } else if (root.entered.length < root.maxDigits) {
                            root.entered += modelData
                        }
                    }
                }
            }
        }

        KioskButton {
            objectName: "pinCancel"
            anchors.horizontalCenter: parent.horizontalCenter
            dark: true
            text: qsTr("Cancel")
            onActivated: root.staff.closePinPad()
        }
    }
}
