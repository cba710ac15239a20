pragma ComponentBehavior: Bound

import QtQuick
import Kiosk
import Kiosk.Backend

// What staff can see and do: the exhibit and its validation, the software, recent errors,
// and the buttons to reload, switch exhibits, test the display, leave kiosk mode or quit.
Rectangle {
    id: root

    required property StaffDesk staff
    readonly property var info: root.staff.info

    objectName: "staffPanel"
    color: Theme.paper
    visible: root.staff.panelOpen

    Accessible.role: Accessible.Dialog
    Accessible.name: qsTr("Staff panel")

    TapHandler {}

    Timer {
        interval: 1000
        running: root.visible
        repeat: true
        onTriggered: root.staff.refresh()
    }

    Flickable {
        anchors.fill: parent
        anchors.margins: Theme.margin
        contentHeight: column.height
        clip: true
        boundsBehavior: Flickable.StopAtBounds

        Column {
            id: column

            width: parent.width
            spacing: Theme.spacing

            Text {
                text: qsTr("Staff panel")
                color: Theme.ink
                font.family: Theme.serif
                font.bold: true
                font.pixelSize: Theme.titleSize * 0.8
            }

            Repeater {
                model: [
                    [qsTr("Exhibit"), root.info.bundleTitle + " (" + root.info.bundleId + " " + root.info.bundleVersion + ")"],
                    [qsTr("Folder"), root.info.bundlePath],
                    [qsTr("Validation"), root.info.validation],
                    [qsTr("Software"), "kiosk " + root.info.appVersion],
                    [qsTr("Running for"), root.info.uptime]
                ]

                Text {
                    required property var modelData

                    width: column.width
                    wrapMode: Text.WrapAnywhere
                    text: modelData[0] + ": " + modelData[1]
                    color: Theme.ink
                    font.family: Theme.sans
                    font.pixelSize: Theme.smallSize
                }
            }

            Text {
                width: column.width
                visible: text !== ""
                wrapMode: Text.WordWrap
                text: (root.info.configProblems ?? []).concat(root.info.loadProblems ?? []).join("\n")
                color: Theme.accent
                font.family: Theme.sans
                font.pixelSize: Theme.smallSize
            }

            Text {
                text: qsTr("Recent warnings and errors")
                color: Theme.accent
                font.family: Theme.sans
                font.bold: true
                font.pixelSize: Theme.smallSize
            }

            Text {
                objectName: "staffErrors"
                width: column.width
                wrapMode: Text.WrapAnywhere
                text: (root.info.errors ?? []).length ? root.info.errors.join("\n") : qsTr("None")
                color: Theme.inkSoft
                font.family: Theme.sans
                font.pixelSize: Theme.smallSize * 0.9
            }

            Flow {
                width: column.width
                spacing: Theme.spacing

                KioskButton {
                    objectName: "staffReload"
                    text: qsTr("Reload exhibit")
                    onActivated: root.staff.reload()
                }
                KioskButton {
                    objectName: "staffDisplayTest"
                    text: qsTr("Display test")
                    onActivated: root.staff.openDisplayTest()
                }
                KioskButton {
                    objectName: "staffLeaveKiosk"
                    visible: root.staff.kioskMode
                    text: qsTr("Leave kiosk mode")
                    onActivated: root.staff.leaveKiosk()
                }
                KioskButton {
                    objectName: "staffQuit"
                    text: qsTr("Quit")
                    onActivated: root.staff.quit()
                }
                KioskButton {
                    objectName: "staffClose"
                    primary: true
                    text: qsTr("Close")
                    onActivated: root.staff.closeAll()
                }
            }

            Text {
                visible: (root.info.bundles ?? []).length > 0
                text: qsTr("Switch to another exhibit")
                color: Theme.accent
                font.family: Theme.sans
                font.bold: true
                font.pixelSize: Theme.smallSize
            }

            Flow {
                width: column.width
                spacing: Theme.spacing

                Repeater {
                    model: root.info.bundles ?? []

                    KioskButton {
                        required property var modelData

                        objectName: "switch_" + modelData.name
                        text: modelData.name
                        onActivated: root.staff.switchTo(modelData.path)
                    }
                }
            }
        }
    }
}
