import QtQuick
import Kiosk

// Secondary text: dates under a name, a caption under a picture, credits.
Text {
    textFormat: Text.PlainText
    wrapMode: Text.Wrap
    // At the line's start whatever the text's own direction: left, or right when a
    // right-to-left language mirrors the layout ("1920" under a Hebrew title).
    horizontalAlignment: Text.AlignLeft
    color: Theme.inkSoft
    font.family: Theme.sans
    font.pixelSize: Theme.smallSize
    // Read by a screen reader as it reads on screen.
    Accessible.role: Accessible.StaticText
    Accessible.name: text
}
