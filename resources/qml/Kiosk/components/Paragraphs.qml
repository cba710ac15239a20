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

    spacing: root.fontSize * Theme.paragraphGap

    Repeater {
        model: root.paragraphs

        Text {
            objectName: "paragraph"
            required property string modelData

            width: root.width
            wrapMode: Text.Wrap
            textFormat: Text.StyledText
            horizontalAlignment: Text.AlignLeft // mirrored in right-to-left, as BodyText
            text: modelData
            color: root.color
            linkColor: Theme.accent
            lineHeight: Theme.paragraphLineHeight
            font.family: Theme.serif
            font.pixelSize: root.fontSize
            onLinkActivated: link => {
                const scheme = "term:"
                if (link.startsWith(scheme))
                    root.termActivated(link.slice(scheme.length))
            }
        }
    }
}
