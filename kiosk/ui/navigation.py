"""Where the visitor is: a stack of screens with Home and Back, the one navigation model."""

from __future__ import annotations

from enum import IntEnum

from PySide6.QtCore import Property, QEnum, QObject, Signal, Slot
from PySide6.QtQml import QmlElement, QmlUncreatable

from kiosk.ui.signals import emit

QML_IMPORT_NAME = "Kiosk.Backend"
QML_IMPORT_MAJOR_VERSION = 1


@QmlElement
@QmlUncreatable("The navigator belongs to the session.")
class Navigator(QObject):  # type: ignore[operator]  # stubs: QmlUncreatable not callable
    """A stack of (screen, index) entries whose bottom is always Home."""

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
    """Emitted when the top screen shows another page, person or photograph."""
    depthChanged = Signal()
    """Emitted when screens are stacked or unstacked."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._stack: list[tuple[Navigator.Screen, int]] = [(Navigator.Screen.Home, 0)]

    @Property(int, notify=screenChanged)
    def screen(self) -> int:
        """The screen on top of the stack."""
        return int(self._stack[-1][0])

    @Property(int, notify=indexChanged)
    def index(self) -> int:
        """Which page, person or photograph the top screen shows."""
        return self._stack[-1][1]

    @Property(int, notify=depthChanged)
    def depth(self) -> int:
        """How many screens are stacked (1 at Home)."""
        return len(self._stack)

    @Property(bool, notify=depthChanged)
    def canGoBack(self) -> bool:
        """Whether Back leads anywhere."""
        return len(self._stack) > 1

    def _set(self, stack: list[tuple[Navigator.Screen, int]]) -> None:
        """Replace the stack, emitting only what changed (a screen that is being built may
        report its index back during the change without a binding loop)."""
        old = self._stack
        self._stack = stack
        if old[-1][0] != stack[-1][0]:
            emit(self.screenChanged)
        if old[-1][1] != stack[-1][1]:
            emit(self.indexChanged)
        if len(old) != len(stack):
            emit(self.depthChanged)

    @Slot(int, int)
    def open(self, screen: int, index: int = 0) -> None:
        """Show ``screen`` at ``index``; the same screen on top is moved, not stacked again."""
        target = Navigator.Screen(screen)
        if target == Navigator.Screen.Home:
            self.home()
        elif self._stack[-1][0] == target:
            self._set([*self._stack[:-1], (target, index)])
        else:
            self._set([*self._stack, (target, index)])

    @Slot(int)
    def setIndex(self, index: int) -> None:
        """Move within the current screen (a swipe), without stacking."""
        screen, _ = self._stack[-1]
        self._set([*self._stack[:-1], (screen, index)])

    @Slot()
    def back(self) -> None:
        """Return to the previous screen."""
        if len(self._stack) > 1:
            self._set(self._stack[:-1])

    @Slot()
    def home(self) -> None:
        """Return to Home, forgetting the way there."""
        self._set([(Navigator.Screen.Home, 0)])
