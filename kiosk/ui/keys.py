"""Keys and a tactile keypad: the config file's keymap turned into the visitor's actions.

An application event filter reads each key press the window is sent. A key the keymap
names for an action is taken, and the scene is sent the standard key for that action
instead (Right, Left, Up, Down, Return, Escape, Home), as if the visitor had pressed it:
so QML handles one set of keys whatever the museum's keypad sends, with the focus item
first and its parents after it, as Qt Quick delivers keys (a focused list pans with Right,
an open glossary card closes on Escape). What no item accepts gets a default here: next
and previous page the story, a person or a photograph, back goes back, home goes home.
That is why this re-sends rather than only emitting a signal: Qt Quick's own focus and key
handling stays the one path, and the kiosk still pages and goes back before any QML
handles a key. ``help``, ``louder`` and ``quieter`` have no standard key: they are signals.

Escape is a visitor's key here, never an exit: it goes back, in kiosk mode and in a window
(KeyGuard in kiosk.ui.app leaves it alone; staff close a window with Ctrl+Q).

A named key the keymap does not know (say "Launch (1)" or "F13" from a keypad's help
key) is logged once, at info level, with its name as [keys] takes it: so that a museum can
find what its keypad sends. Characters are never logged (staff may type a PIN).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtQml import QmlElement, QmlUncreatable
from PySide6.QtQuick import QQuickWindow

from kiosk.config import KEY_ACTIONS, Keys
from kiosk.ui.idle import VisitClock
from kiosk.ui.navigation import Navigator
from kiosk.ui.signals import emit

QML_IMPORT_NAME = "Kiosk.Backend"
QML_IMPORT_MAJOR_VERSION = 1

log = logging.getLogger("kiosk.keys")

#: The key Qt Quick is sent for each action that has one.
STANDARD = {
    "next": Qt.Key.Key_Right,
    "previous": Qt.Key.Key_Left,
    "up": Qt.Key.Key_Up,
    "down": Qt.Key.Key_Down,
    "activate": Qt.Key.Key_Return,
    "back": Qt.Key.Key_Escape,
    "home": Qt.Key.Key_Home,
}

#: The actions that move the visitor elsewhere: on "Still there?" they answer it instead
#: (moving behind the question would be lost on whoever cannot see it).
MOVES = frozenset({"next", "previous", "back", "home"})

#: The screens whose pager ``next`` and ``previous`` turn when no item takes the key.
PAGED = (Navigator.Screen.Story, Navigator.Screen.Person, Navigator.Screen.Viewer)

_PORTABLE = QKeySequence.SequenceFormat.PortableText
_KEYS = (QEvent.Type.KeyPress, QEvent.Type.KeyRelease)


def keymap(keys: Keys) -> dict[int, str]:
    """Each configured key, as Qt combines a key and its modifiers, and its action."""
    found: dict[int, str] = {}
    for action in KEY_ACTIONS:
        for name in getattr(keys, action):
            sequence = QKeySequence.fromString(name, _PORTABLE)
            first = sequence[0] if sequence.count() else None  # type: ignore[index]  # stubs
            if first is not None and first.key() != Qt.Key.Key_unknown:
                found.setdefault(first.toCombined(), action)
            else:  # the config checks names against Qt's; this would be a Qt that renamed one
                log.warning('the key name "%s" (keys.%s) is not one Qt knows', name, action)
    return found


@QmlElement
@QmlUncreatable("The keys belong to the application.")
class KeyInput(QObject):  # type: ignore[operator]  # stubs: QmlUncreatable not callable
    """The keymap at work: configured keys become the visitor's actions.

    Install it on the application before the visit clock's filter: Qt calls the filter
    installed last first, so the clock sees every key, those taken here too."""

    action = Signal(str)
    """Emitted for each configured key pressed, with its action ("next", "back", "help"…),
    before the scene is sent the action's standard key."""
    helpRequested = Signal()
    """The visitor asked for help (F1, the keypad's help key)."""
    louderRequested = Signal()
    """The visitor asked for louder audio (the volume up key)."""
    quieterRequested = Signal()
    """The visitor asked for quieter audio (the volume down key)."""

    def __init__(
        self,
        keys: Keys,
        *,
        navigator: Navigator,
        pages: Callable[[Navigator.Screen], int],
        visit: VisitClock | None = None,
        parent: QObject | None = None,
    ) -> None:
        """``pages``: how many pages, people or photographs a paged screen has.
        ``visit``: on the attract loop a key starts the visit, as a first touch does.
        Made before the scene (QML is handed it); ``watch`` gives it the scene's window."""
        super().__init__(parent)
        self.keys = keymap(keys)
        self._window: QQuickWindow | None = None
        self._navigator = navigator
        self._pages = pages
        self._visit = visit
        self._sending = False
        self._unknown: set[str] = set()
        self._signals = {
            "help": self.helpRequested,
            "louder": self.louderRequested,
            "quieter": self.quieterRequested,
        }

    def watch(self, window: QQuickWindow) -> None:
        """Take the configured keys sent to ``window`` (install this on the application)."""
        self._window = window

    def action_for(self, event: QKeyEvent) -> str | None:
        """The action of a key event: its key and modifiers as configured, else the same
        without the numeric keypad's modifier ("Enter" is either Enter key; "Num+8" only
        the keypad's 8)."""
        combined = event.keyCombination().toCombined()
        found = self.keys.get(combined)
        if found is None:
            found = self.keys.get(combined & ~Qt.KeyboardModifier.KeypadModifier.value)
        return found

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Take a configured key sent to the window; everything else goes on untouched."""
        window = self._window
        if (
            self._sending
            or window is None
            or watched is not window
            or event.type() not in _KEYS
            or not isinstance(event, QKeyEvent)
        ):
            return False
        press = event.type() == QEvent.Type.KeyPress
        if self._typing(window):
            return False
        action = self.action_for(event)
        if action is None:
            if press:
                self._note_unknown(event)
            return False
        phase = self._visit.property("phase") if self._visit is not None else None
        if press and self._visit is not None and phase == VisitClock.Phase.Attract:
            self._visit.leaveAttract()  # the key wakes the kiosk and does nothing else
            return True
        answers = phase == VisitClock.Phase.Countdown and action in MOVES
        if press and self._visit is not None and answers:
            self._visit.continueVisit()  # as a tap beside "Still there?": the visitor is there
            return True
        if press:
            emit(self.action, action)
            if action in self._signals:
                emit(self._signals[action])
        standard = STANDARD.get(action)
        if standard is not None:
            taken = self._send(window, event, standard)
            if press and not taken:
                self._default(action)
        return True

    def _note_unknown(self, event: QKeyEvent) -> None:
        """Log a named key the keymap does not know, once (never a character)."""
        text = event.text()
        name = QKeySequence(event.keyCombination()).toString(_PORTABLE)
        if (text and text.isprintable()) or len(name) < 2 or name in self._unknown:
            return
        self._unknown.add(name)
        log.info('a key the keymap does not name: "%s" (name it in [keys] to use it)', name)

    @staticmethod
    def _typing(window: QQuickWindow) -> bool:
        """Whether a text field has the focus (staff typing: keys stay keys)."""
        item = window.activeFocusItem()
        return item is not None and (
            item.inherits("QQuickTextInput") or item.inherits("QQuickTextEdit")
        )

    def _send(self, window: QQuickWindow, event: QKeyEvent, key: Qt.Key) -> bool:
        """Send the scene ``key`` in place of ``event``; whether an item accepted it."""
        standard = QKeyEvent(
            event.type(),
            key,
            Qt.KeyboardModifier.NoModifier,
            "\r" if key == Qt.Key.Key_Return else "",
            event.isAutoRepeat(),
            event.count(),
        )
        self._sending = True
        try:
            QCoreApplication.sendEvent(window, standard)
        finally:
            self._sending = False
        return standard.isAccepted()

    def _default(self, action: str) -> None:
        """What an action does when no item in the scene took its key."""
        nav = self._navigator
        if action == "back":
            nav.back()
        elif action == "home":
            nav.home()
        elif action in ("next", "previous"):
            screen = nav.top.screen
            if screen in PAGED:
                step = 1 if action == "next" else -1
                index = min(max(nav.top.index + step, 0), self._pages(screen) - 1)
                if index >= 0:
                    nav.setIndex(index)
