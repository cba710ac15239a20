import QtQuick
import Kiosk

// A title: of a screen, a page, a person. Announced as a heading.
Text {
    textFormat: Text.PlainText
    wrapMode: Text.Wrap
    // At the line's start whatever the text's own direction: left, or right when a
    // right-to-left language mirrors the layout ("1920" under a Hebrew title).
    horizontalAlignment: Text.AlignLeft
    color: Theme.ink
    font.family: Theme.serif
    font.bold: true
    font.pixelSize: Theme.titleSize
    Accessible.role: Accessible.Heading
    Accessible.name: text
    // A screen's title takes the focus when the screen shows (see VisitorScreen).
    Accessible.focusable: true
}
