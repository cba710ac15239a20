pragma Singleton

import QtQuick

// The one place for colours, type and sizes. Sizes are derived from the screen by the
// visitor UI (next issue); these are the values the foundation window needs.
QtObject {
    id: root

    readonly property color paper: "#f4efe6"
    readonly property color ink: "#1f1a14"
    readonly property color inkSoft: "#4a4036"
    readonly property color accent: "#7a3b1d"
    readonly property string serif: "PT Serif"
    readonly property string sans: "PT Sans"
}
