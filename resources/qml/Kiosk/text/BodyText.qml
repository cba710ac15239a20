import QtQuick
import Kiosk

// Exhibit text at reading size (never smaller than 24 pt print).
Text {
    textFormat: Text.PlainText
    wrapMode: Text.Wrap
    // At the line's start whatever the text's own direction: left, or right when a
    // right-to-left language mirrors the layout ("1920" under a Hebrew title).
    horizontalAlignment: Text.AlignLeft
    color: Theme.ink
    font.family: Theme.serif
    font.pixelSize: Theme.bodySize
    // Read by a screen reader as it reads on screen.
    Accessible.role: Accessible.StaticText
    Accessible.name: text
}
