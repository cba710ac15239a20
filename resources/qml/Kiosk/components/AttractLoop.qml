pragma ComponentBehavior: Bound

import QtQuick
import Kiosk
import Kiosk.Backend

// The kiosk at rest: a slow slideshow of the exhibit's photographs and portraits with their
// captions, and a call to touch. The first touch opens Home. Everything drifts slowly so
// that no pixel shows the same thing for hours (burn-in).
Rectangle {
    id: root

    required property ExhibitSession session
    required property VisitClock visit
    property real slideSeconds: 8
    property bool drift: true
    property int slide: 0
    property int previous: -1
    readonly property var slides: {
        // Reads the language, so that the slides follow a reset to the default language.
        const slides = []
        if (root.session.language === "")
            return slides
        for (let i = 0; i < root.session.photos.count; i++) {
            const p = root.session.photos.get(i)
            slides.push({ url: p.url, caption: p.title, detail: [p.place, p.date].filter(s => !!s).join(", ") })
        }
        for (let i = 0; i < root.session.people.count; i++) {
            const p = root.session.people.get(i)
            slides.push({ url: p.portraitUrl, caption: p.name, detail: p.lifespan })
        }
        return slides
    }

    objectName: "attractLoop"
    color: Theme.night
    visible: root.visit.phase === VisitClock.Attract && root.session.state === ExhibitSession.Ready

    Accessible.role: Accessible.Button
    Accessible.name: root.session.touchCall
    Accessible.onPressAction: root.visit.leaveAttract()

    Timer {
        interval: root.slideSeconds * 1000
        running: root.visible && root.slides.length > 1
        repeat: true
        onTriggered: {
            root.previous = root.slide
            root.slide = (root.slide + 1) % root.slides.length
        }
    }

    Item {
        id: stage

        objectName: "attractStage"
        width: parent.width
        height: parent.height

        // Burn-in: a slow wander of up to 1.5% of the screen, a few minutes a cycle.
        SequentialAnimation on x {
            running: root.visible && root.drift
            loops: Animation.Infinite
            NumberAnimation { to: root.width * 0.015; duration: 97000; easing.type: Easing.InOutSine }
            NumberAnimation { to: -root.width * 0.015; duration: 97000; easing.type: Easing.InOutSine }
        }
        SequentialAnimation on y {
            running: root.visible && root.drift
            loops: Animation.Infinite
            NumberAnimation { to: root.height * 0.015; duration: 131000; easing.type: Easing.InOutSine }
            NumberAnimation { to: -root.height * 0.015; duration: 131000; easing.type: Easing.InOutSine }
        }

        // Only the slide on show and the one fading out exist: an exhibit of a thousand
        // photographs must not load a thousand images to rest.
        Repeater {
            model: root.visible ? root.slides.length : 0

            Loader {
                id: slot

                required property int index
                readonly property bool current: index === root.slide

                anchors.fill: parent
                active: current || index === root.previous
                opacity: current ? 1 : 0
                visible: opacity > 0

                Behavior on opacity {
                    NumberAnimation { duration: 1500; easing.type: Easing.InOutQuad }
                }

                sourceComponent: Item {
                    readonly property var modelData: root.slides[slot.index] ?? ({})

                    Photo {
                        x: Theme.margin
                        y: Theme.margin
                        width: parent.width - Theme.margin * 2
                        height: parent.height - caption.height - Theme.margin * 3 - call.height
                        dark: true
                        source: parent.modelData.url ?? ""
                        caption: parent.modelData.caption ?? ""
                    }

                    Column {
                        id: caption

                        anchors.left: parent.left
                        anchors.right: parent.right
                        anchors.bottom: parent.bottom
                        anchors.margins: Theme.margin
                        anchors.bottomMargin: call.height + Theme.margin * 2
                        spacing: Theme.u * 0.5

                        Text {
                            textFormat: Text.PlainText
                            width: parent.width
                            horizontalAlignment: Text.AlignHCenter
                            wrapMode: Text.WordWrap
                            maximumLineCount: 3
                            text: parent.parent.modelData.caption ?? ""
                            color: Theme.nightText
                            font.family: Theme.serif
                            font.pixelSize: Theme.bodySize
                        }

                        Text {
                            textFormat: Text.PlainText
                            width: parent.width
                            horizontalAlignment: Text.AlignHCenter
                            text: parent.parent.modelData.detail ?? ""
                            color: Theme.nightTextSoft
                            font.family: Theme.sans
                            font.pixelSize: Theme.smallSize
                        }
                    }
                }
            }
        }

        Rectangle {
            id: call

            objectName: "touchCall"
            anchors.horizontalCenter: parent.horizontalCenter
            anchors.bottom: parent.bottom
            anchors.bottomMargin: Theme.margin
            width: callText.implicitWidth + Theme.margin * 2
            height: Theme.targetSize * 1.2
            radius: height / 2
            color: Theme.accent

            Text {
                id: callText

                textFormat: Text.PlainText
                anchors.centerIn: parent
                text: root.session.touchCall
                color: Theme.accentText
                font.family: Theme.sans
                font.bold: true
                font.pixelSize: Theme.titleSize * 0.6
            }

            SequentialAnimation on opacity {
                running: root.visible
                loops: Animation.Infinite
                NumberAnimation { to: 0.75; duration: 1800; easing.type: Easing.InOutSine }
                NumberAnimation { to: 1; duration: 1800; easing.type: Easing.InOutSine }
            }
        }
    }

    TapHandler {
        onTapped: root.visit.leaveAttract()
    }
}
