import QtQuick

// A visitor's screen. Main keeps the scroll position of its `scrollView` (the list or grid,
// or the page on show) in the navigator's entry when the visitor leaves, and gives it back
// when they return with Back.
Item {
    // The view whose position Back restores (none: the screen does not scroll).
    property Flickable scrollView: null
    // Keep the item at the top of the view (a ListView's index), not a distance: for rows
    // of heights known only once they are made, where a distance would land elsewhere.
    property bool keepsTopItem: false
}
