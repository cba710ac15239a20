pragma ComponentBehavior: Bound

import QtQuick
import Kiosk

// Paragraphs of exhibit text (StyledText made by the backend: italics, breaks and glossary
// links only). Tapping a linked term asks for its definition.
Column {
    id: root

    property var paragraphs: []
    property color color: Theme.ink
    property real fontSize: Theme.bodySize

    signal termActivated(string termId)

    spacing: root.fontSize * 0.7

    Repeater {
        model: root.paragraphs

        Text {
            objectName: "paragraph"
            required property string modelData

            width: root.width
            wrapMode: Text.WordWrap
            textFormat: Text.StyledText
            text: modelData
            color: root.color
            linkColor: Theme.accent
            lineHeight: 1.25
            font.family: Theme.serif
            font.pixelSize: root.fontSize
            onLinkActivated: link => {
                if (link.startsWith("term:"))
                    root.termActivated(link.slice(5))
            }
        }
    }
}
