import QtQuick
import Kiosk

// The name of a field or section ("Credit", "Appears in").
Text {
    textFormat: Text.PlainText
    wrapMode: Text.Wrap
    color: Theme.accent
    font.family: Theme.sans
    font.bold: true
    font.pixelSize: Theme.smallSize
}
