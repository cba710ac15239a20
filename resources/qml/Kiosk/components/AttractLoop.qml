pragma ComponentBehavior: Bound

import QtQuick
import Kiosk
import Kiosk.Backend

// The kiosk at rest: a slow slideshow of the exhibit's photographs and portraits with their
// captions, and a call to touch. The first touch opens Home. The whole picture steps aside
// by a few pixels now and then so that no pixel shows the same thing for hours (burn-in).
// Between a cross-fade's few steps and a drift step nothing moves: the loop runs for hours
// and a screen drawn in software costs CPU for every frame.
Rectangle {
    id: root

    required property Exhibit exhibit
    required property VisitClock visit
    property real slideSeconds: 8
    readonly property int slideMs: root.slideSeconds * 1000
    property bool drift: true
    property int slide: 0
    property int previous: -1
    //: How far the cross-fade to ``slide`` is, in steps of Theme.fadeSteps.
    property int fadeStep: Theme.fadeSteps
    readonly property real fade: root.fadeStep / Theme.fadeSteps
    //: The drift's steps so far, and the time between two (Theme.driftStepMs).
    property int driftStep: 0
    property int driftStepMs: Theme.driftStepMs
    readonly property int slideCount: root.exhibit.slides.count

    objectName: "attractLoop"
    color: Theme.night
    visible: root.visit.phase === VisitClock.Attract && root.exhibit.state === Exhibit.Ready

    Accessible.role: Accessible.Button
    Accessible.name: root.exhibit.touchCall
    Accessible.onPressAction: root.visit.leaveAttract()

    // The first touch opens Home and nothing else: not the button that lies beneath it.
    InputShield {
        anchors.fill: parent
        onTapped: root.visit.leaveAttract()
    }

    Timer {
        interval: root.slideMs
        running: root.visible && root.slideCount > 1
        repeat: true
        onTriggered: {
            root.previous = root.slide
            root.slide = (root.slide + 1) % root.slideCount
            root.fadeStep = Theme.motion ? 0 : Theme.fadeSteps
        }
    }

    // The cross-fade, a step at a time.
    Timer {
        objectName: "attractFader"
        interval: Math.max(1, Theme.slowFadeMs / Theme.fadeSteps)
        running: root.visible && root.fadeStep < Theme.fadeSteps
        repeat: true
        onTriggered: root.fadeStep += 1
    }

    // The drift against burn-in, a whole-pixel step at a time.
    Timer {
        interval: root.driftStepMs
        running: root.visible && root.drift && Theme.motion
        repeat: true
        onTriggered: root.driftStep += 1
    }

    Item {
        id: stage

        objectName: "attractStage"
        // Burn-in: up to driftShare of the screen each way, in whole pixels.
        x: Math.round(root.width * Theme.driftShare * Math.sin(Math.PI * 2 * root.driftStep / Theme.driftXSteps))
        y: Math.round(root.height * Theme.driftShare * Math.sin(Math.PI * 2 * root.driftStep / Theme.driftYSteps))
        width: parent.width
        height: parent.height

        // The exhibit's name over every slide: a passer-by sees what the kiosk is about.
        Heading {
            id: attractTitle

            objectName: "attractTitle"
            x: Theme.margin
            y: Theme.margin
            width: parent.width - Theme.margin * 2
            horizontalAlignment: Text.AlignHCenter
            text: root.exhibit.title
            color: Theme.nightText
        }

        // Only the slide on show and the one fading out exist: an exhibit of a thousand
        // photographs must not load a thousand images to rest.
        Repeater {
            model: root.visible ? root.exhibit.slides : null

            Loader {
                id: slot

                required property int index
                required property url url
                required property string caption
                required property string detail
                required property string alt
                readonly property bool current: index === root.slide

                anchors.fill: parent
                active: current || index === root.previous
                opacity: slot.current ? root.fade : (index === root.previous ? 1 - root.fade : 0)
                visible: opacity > 0

                sourceComponent: Item {
                    Photo {
                        id: picture

                        x: Theme.margin
                        y: attractTitle.y + attractTitle.height + Theme.spacing
                        width: parent.width - Theme.margin * 2
                        // Down to the caption: less its own margin above, and the call and
                        // the margins either side of it below.
                        height: parent.height - captionColumn.height - (y + Theme.margin * 2) - call.height
                        dark: true
                        fadesIn: false
                        source: slot.url
                        caption: slot.caption
                        alt: slot.alt
                    }

                    Column {
                        id: captionColumn

                        // Right under the picture as drawn (a tall screen leaves room above
                        // and below a landscape picture: the caption stays with it).
                        anchors.left: parent.left
                        anchors.right: parent.right
                        anchors.leftMargin: Theme.margin
                        anchors.rightMargin: Theme.margin
                        y: picture.paintedHeight > 0
                           ? picture.y + (picture.height + picture.paintedHeight) / 2 + Theme.spacing
                           : parent.height - height - call.height - Theme.margin * 2
                        spacing: Theme.detailGap

                        BodyText {
                            width: parent.width
                            horizontalAlignment: Text.AlignHCenter
                            maximumLineCount: Theme.captionLines
                            elide: Text.ElideRight
                            text: slot.caption
                            color: Theme.nightText
                        }

                        SmallText {
                            width: parent.width
                            horizontalAlignment: Text.AlignHCenter
                            text: slot.detail
                            color: Theme.nightTextSoft
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
            // One line when the call in every language fits, else wrapped in the window:
            // five languages make a long call, and none of it may run off the screen.
            width: Math.min(callText.implicitWidth + Theme.margin * 2, parent.width - Theme.margin * 2)
            height: Math.max(Theme.keyHeight, callText.height + Theme.spacing * 2)
            radius: Math.min(height, Theme.keyHeight) / 2
            color: Theme.accent

            FieldLabel {
                id: callText

                anchors.centerIn: parent
                width: Math.min(implicitWidth, call.parent.width - Theme.margin * 2 - Theme.margin * 2)
                horizontalAlignment: Text.AlignHCenter
                text: root.exhibit.touchCall
                color: Theme.accentText
                font.pixelSize: Theme.keySize
            }

        }
    }
}
