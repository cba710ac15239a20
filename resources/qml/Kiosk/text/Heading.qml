import QtQuick
import Kiosk

// A title: of a screen, a page, a person. Announced as a heading.
Text {
    textFormat: Text.PlainText
    wrapMode: Text.Wrap
    color: Theme.ink
    font.family: Theme.serif
    font.bold: true
    font.pixelSize: Theme.titleSize
    Accessible.role: Accessible.Heading
    Accessible.name: text
}
