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
    // How often the figures shown (uptime, errors, progress) are read again.
    readonly property int refreshMs: 1000

    objectName: "staffPanel"
    color: Theme.paper
    visible: root.staff.panelOpen

    Accessible.role: Accessible.Dialog
    Accessible.name: qsTr("Staff panel")

    // Nothing underneath reacts while the panel is up, not even to a tap in its margins.
    InputShield {
        anchors.fill: parent
    }

    Timer {
        interval: root.refreshMs
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

            Heading {
                text: qsTr("Staff panel")
                font.pixelSize: Theme.subheadSize
            }

            Repeater {
                model: [
                    [qsTr("Exhibit"), root.info.bundleTitle + " (" + root.info.bundleId + " " + root.info.bundleVersion + ")"],
                    [qsTr("Folder"), root.info.bundlePath],
                    [qsTr("Validation"), root.info.validation],
                    [qsTr("Software"), "kiosk " + root.info.appVersion],
                    [qsTr("Running for"), root.info.uptime]
                ]

                SmallText {
                    required property var modelData

                    width: column.width
                    wrapMode: Text.WrapAnywhere
                    text: modelData[0] + ": " + modelData[1]
                    color: Theme.ink
                }
            }

            SmallText {
                width: column.width
                visible: text !== ""
                text: (root.info.configProblems ?? []).concat(root.info.loadProblems ?? []).join("\n")
                color: Theme.accent
            }

            FieldLabel {
                text: qsTr("Recent warnings and errors")
            }

            SmallText {
                objectName: "staffErrors"
                width: column.width
                wrapMode: Text.WrapAnywhere
                text: (root.info.errors ?? []).length ? root.info.errors.join("\n") : qsTr("None")
                font.pixelSize: Theme.logSize
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
                    objectName: "staffMaintenance"
                    visible: root.staff.canStopForMaintenance
                    text: qsTr("Stop for maintenance")
                    onActivated: root.staff.stopForMaintenance()
                }
                KioskButton {
                    objectName: "staffClose"
                    primary: true
                    text: qsTr("Close")
                    onActivated: root.staff.closeAll()
                }
            }

            FieldLabel {
                visible: (root.info.bundles ?? []).length > 0
                text: qsTr("Switch to another exhibit")
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

            FieldLabel {
                text: qsTr("Installed exhibits")
            }

            SmallText {
                visible: (root.info.installed ?? []).length === 0
                width: column.width
                text: qsTr("None from packs yet: the exhibit shown is the one shipped with the kiosk or named in the configuration.")
            }

            Repeater {
                model: root.info.installed ?? []

                Flow {
                    id: row

                    required property var modelData

                    width: column.width
                    spacing: Theme.spacing

                    SmallText {
                        objectName: "installed_" + row.modelData.id
                        width: Math.min(implicitWidth, column.width)
                        wrapMode: Text.WrapAnywhere
                        text: row.modelData.id + ": " + row.modelData.current
                              + (row.modelData.previous !== "" ? " · " + qsTr("previous %1").arg(row.modelData.previous) : "")
                              + (row.modelData.shown ? " · " + qsTr("shown") : "")
                        color: Theme.ink
                    }
                    KioskButton {
                        objectName: "rollback_" + row.modelData.id
                        visible: row.modelData.previous !== ""
                        enabled: !root.staff.busy
                        text: qsTr("Go back to %1").arg(row.modelData.previous)
                        onActivated: root.staff.rollBack(row.modelData.id)
                    }
                }
            }

            KioskButton {
                objectName: "staffInstallUsb"
                enabled: !root.staff.busy
                text: qsTr("Install from USB stick")
                onActivated: root.staff.installFromUsb()
            }

            Column {
                width: column.width
                spacing: Theme.spacing / 2
                visible: root.staff.busy

                SmallText {
                    objectName: "staffProgressText"
                    width: parent.width
                    wrapMode: Text.WrapAnywhere
                    text: root.staff.progressText
                    color: Theme.ink
                }
                Rectangle {
                    objectName: "staffProgressBar"
                    width: parent.width
                    height: Theme.spacing
                    radius: height / 2
                    color: Theme.paperDeep

                    Rectangle {
                        width: parent.width * Math.max(0, Math.min(1, root.staff.progress))
                        height: parent.height
                        radius: parent.radius
                        color: Theme.accent
                    }
                }
            }

            SmallText {
                objectName: "staffInstallMessage"
                visible: text !== ""
                width: column.width
                text: root.staff.installMessage
                color: Theme.ink
            }
        }
    }
}
