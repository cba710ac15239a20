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

    // The words of a paragraph without our markup (its italics, breaks and term links; the
    // curator's own "<" and "&" come back as they wrote them), for a screen reader.
    function plain(styled: string): string {
        return styled.replace(/<br>/g, "\n").replace(/<[^>]*>/g, "")
                     .replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&")
    }
    // The glossary terms a paragraph links, in order: [{id, label}].
    function terms(styled: string): var {
        const found = []
        const link = /<a href="term:([^"]*)">(.*?)<\/a>/g
        let match
        while ((match = link.exec(styled)) !== null)
            found.push({ id: root.plain(match[1]), label: root.plain(match[2]) })
        return found
    }

    spacing: root.fontSize * Theme.paragraphGap

    Repeater {
        model: root.paragraphs

        Text {
            id: paragraph

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
            // Read by a screen reader through the paragraph below, not as Qt exposes a
            // text with links: its links there cannot be pressed.
            Accessible.ignored: true

            // The paragraph as a screen reader reads it: its words, and each linked term a
            // link that opens its definition (on screen, the words themselves are tapped).
            Item {
                anchors.fill: parent
                Accessible.role: Accessible.Paragraph
                Accessible.name: root.plain(paragraph.modelData)

                Repeater {
                    model: root.terms(paragraph.modelData)

                    Item {
                        required property var modelData

                        Accessible.role: Accessible.Link
                        Accessible.name: modelData.label
                        // Not under an overlay (a plain item acts even when disabled).
                        Accessible.onPressAction: {
                            if (enabled)
                                root.termActivated(modelData.id)
                        }
                    }
                }
            }
        }
    }
}
