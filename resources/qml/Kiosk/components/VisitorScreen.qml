import QtQuick

// A visitor's screen. Main keeps the scroll position of its `scrollView` (the list or grid,
// or the page on show) in the navigator's entry when the visitor leaves, and gives it back
// when they return with Back. Its `title` names the window (what a screen reader announces
// with it), and its `heading` takes the focus whenever it shows: a screen change, or a
// page turned, moves a screen reader's reading point to the new title.
Item {
    id: screen

    // The view whose position Back restores (none: the screen does not scroll).
    property Flickable scrollView: null
    // Keep the item at the top of the view (a ListView's index), not a distance: for rows
    // of heights known only once they are made, where a distance would land elsewhere.
    property bool keepsTopItem: false
    // What the screen shows, in the visitor's language ("People", a page's title).
    property string title
    // The title on screen that gets the focus when the screen or its page changes.
    property Item heading: null
    // The recorded narration of what is on show, in the visitor's language (a file's path),
    // or "": then the narrator reads the screen's words with its own voice.
    property string narration
    // What "Read aloud" reads (the page's words, as a screen reader finds them): the screen,
    // or the part of it that is the page (the open photograph and its caption).
    property Item readable: screen
    // Read after it, when the page is in two parts (the photograph, then its caption).
    property Item readableAfter: null
    // The kiosk's first screen after start-up is shown only once its pictures are in, and
    // without fading (its first frame is the whole screen): ``instant`` turns the pictures'
    // own fade off; ``picturesLoading`` says whether any is still being decoded.
    property bool instant: false
    property bool picturesLoading: false
}
