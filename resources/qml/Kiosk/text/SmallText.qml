import QtQuick
import Kiosk

// Secondary text: dates under a name, a caption under a picture, credits.
Text {
    textFormat: Text.PlainText
    wrapMode: Text.Wrap
    color: Theme.inkSoft
    font.family: Theme.sans
    font.pixelSize: Theme.smallSize
}
