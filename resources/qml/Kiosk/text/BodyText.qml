import QtQuick
import Kiosk

// Exhibit text at reading size (never smaller than 24 pt print).
Text {
    textFormat: Text.PlainText
    wrapMode: Text.Wrap
    color: Theme.ink
    font.family: Theme.serif
    font.pixelSize: Theme.bodySize
}
