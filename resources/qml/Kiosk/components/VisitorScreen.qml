import QtQuick

// A visitor's screen. Main keeps the scroll position of its `scrollView` (the list or grid,
// or the page on show) in the navigator's entry when the visitor leaves, and gives it back
// when they return with Back.
Item {
    // The view whose position Back restores (none: the screen does not scroll).
    property Flickable scrollView: null
}
