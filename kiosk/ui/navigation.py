"""Where the visitor is: a stack of entries with Home and Back, the one navigation model.

Each entry carries its screen, the item shown (the pager's page, person or photograph) and
the view's state (how far it is scrolled), so that Back returns to exactly what the visitor
left. Screens bind to the top entry: ``index`` follows swipes and moves the pager when it
changes; ``scroll`` is reported by the screen when it is left (``leaving``) and restored
when its entry comes back to the top. An index is a position in a list that another
language may sort differently (the people): ``renumber`` moves the entries with their items.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from enum import IntEnum

from PySide6.QtCore import Property, QEnum, QObject, Signal, Slot
from PySide6.QtQml import QmlElement, QmlUncreatable

from kiosk.ui.signals import emit

QML_IMPORT_NAME = "Kiosk.Backend"
QML_IMPORT_MAJOR_VERSION = 1


@QmlElement
@QmlUncreatable("The navigator belongs to the session.")
class Navigator(QObject):  # type: ignore[operator]  # stubs: QmlUncreatable not callable
    """A stack of entries whose bottom is always Home."""

    class Screen(IntEnum):
        """The visitor's screens."""

        Home = 0
        Story = 1
        People = 2
        Person = 3
        Photos = 4
        Viewer = 5
        Glossary = 6

    QEnum(Screen)

    screenChanged = Signal()
    """Emitted when another screen comes to the top."""
    indexChanged = Signal()
    """Emitted when the top entry shows another page, person or photograph."""
    depthChanged = Signal()
    """Emitted when screens are stacked or unstacked."""
    entryChanged = Signal()
    """Emitted when another entry comes to the top (its ``scroll`` is then to be restored)."""
    leaving = Signal()
    """Emitted just before the top entry is covered or removed: the screen showing it
    reports its view state with ``keepScroll`` now."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._stack: list[Entry] = [HOME]

    @property
    def entries(self) -> tuple[Entry, ...]:
        """The stack, bottom (Home) first."""
        return tuple(self._stack)

    @property
    def top(self) -> Entry:
        """The entry on screen."""
        return self._stack[-1]

    @Property(int, notify=screenChanged)
    def screen(self) -> int:
        """The screen on top of the stack."""
        return int(self._stack[-1].screen)

    @Property(int, notify=indexChanged)
    def index(self) -> int:
        """Which page, person or photograph the top screen shows."""
        return self._stack[-1].index

    @Property(float, notify=entryChanged)
    def scroll(self) -> float:
        """How far the top screen's view was scrolled when it was left (0 for a new one)."""
        return self._stack[-1].scroll

    @Property(int, notify=depthChanged)
    def depth(self) -> int:
        """How many screens are stacked (1 at Home)."""
        return len(self._stack)

    @Property(bool, notify=depthChanged)
    def canGoBack(self) -> bool:
        """Whether Back leads anywhere."""
        return len(self._stack) > 1

    def _set(self, change: Callable[[list[Entry]], list[Entry]], *, new_entry: bool) -> None:
        """Change the stack, emitting only what changed (a screen that is being built may
        report its index back during the change without a binding loop). For a new entry,
        the screen leaving first reports its view state into the entry it leaves."""
        if new_entry:
            emit(self.leaving)
        old = self._stack[-1], len(self._stack)
        self._stack = change(self._stack)
        stack = self._stack
        if new_entry:
            emit(self.entryChanged)
        if old[0].screen != stack[-1].screen:
            emit(self.screenChanged)
        if old[0].index != stack[-1].index:
            emit(self.indexChanged)
        if old[1] != len(stack):
            emit(self.depthChanged)

    @Slot(int, int)
    def open(self, screen: int, index: int = 0) -> None:
        """Show ``screen`` at ``index``; the same screen on top is moved, not stacked again."""
        target = Navigator.Screen(screen)
        if target == Navigator.Screen.Home:
            self.home()
        elif self._stack[-1].screen == target:
            self.setIndex(index)
        else:
            self._set(lambda st: [*st, Entry(target, index)], new_entry=True)

    @Slot(int)
    def setIndex(self, index: int) -> None:
        """Move within the current screen (a swipe, a chronology date), without stacking."""
        top = self._stack[-1]
        if index != top.index:
            self._set(lambda st: [*st[:-1], Entry(top.screen, index)], new_entry=False)

    def renumber(self, screen: Screen, moved: Sequence[int]) -> None:
        """The list ``screen`` shows was re-sorted (another language): ``moved[i]`` is where
        its item ``i`` is now. Every entry of ``screen`` follows its item, so the visitor
        stays on the same person and Back returns to the same ones, each with its scroll."""

        def follow(stack: list[Entry]) -> list[Entry]:
            return [
                replace(e, index=moved[e.index])
                if e.screen == screen and 0 <= e.index < len(moved)
                else e
                for e in stack
            ]

        if follow(self._stack) != self._stack:
            self._set(follow, new_entry=False)

    @Slot(float)
    def keepScroll(self, scroll: float) -> None:
        """The top screen's view state, reported when it is left (see ``leaving``)."""
        self._stack[-1] = replace(self._stack[-1], scroll=max(0.0, float(scroll)))

    @Slot()
    def back(self) -> None:
        """Return to the previous screen, as it was left."""
        if len(self._stack) > 1:
            self._set(lambda st: st[:-1], new_entry=True)

    @Slot()
    def home(self) -> None:
        """Return to Home, forgetting the way there."""
        if self._stack != [HOME]:
            self._set(lambda st: [HOME], new_entry=True)


Screen = Navigator.Screen


@dataclass(frozen=True)
class Entry:
    """One screen in the stack: which screen, which item, and how far its view is scrolled."""

    screen: Screen
    index: int = 0
    scroll: float = 0.0


HOME = Entry(Screen.Home)


def moved(before: Sequence[str], after: Sequence[str]) -> list[int]:
    """For ``Navigator.renumber``: where each id of ``before`` is in ``after`` (one that is
    gone keeps its position)."""
    where = {key: i for i, key in enumerate(after)}
    return [where.get(key, i) for i, key in enumerate(before)]
