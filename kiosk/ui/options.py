"""The visitor's options: larger text, high contrast and the seated (low reach) layout.

A visitor turns them on from a control on every screen; they last the visit and no longer:
the next visitor finds the kiosk as it was (they go off when the visit resets and when the
attract loop starts). Each change is the visitor at work, so it restarts the idle clock.

QML binds to this object: ``textScale`` for type, ``highContrast`` for Theme's palette, and
``reachTop`` and ``reachBottom`` (the window's rows a seated visitor can reach, from the
[reach] settings, the screen's diagonal and the window's size) when ``seated`` is on.

`kiosk proof --large-text` and `kiosk render --seated` walk every state with an option on,
the attract loop and "Still there?" included, which end the visit and so would turn it off:
``hold`` keeps options on through every reset. Only Python can hold an option (it is no
Slot, and nothing a visitor touches calls it).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Property, QObject, Signal, SignalInstance, Slot
from PySide6.QtQml import QmlElement, QmlUncreatable
from PySide6.QtQuick import QQuickWindow

from kiosk.config import Reach
from kiosk.reach import reach_band
from kiosk.ui.idle import VisitClock
from kiosk.ui.signals import emit

QML_IMPORT_NAME = "Kiosk.Backend"
QML_IMPORT_MAJOR_VERSION = 1

#: How much larger the text is with the larger text option (issue 13: at least 200 %).
LARGE_TEXT_SCALE = 2.0


@dataclass(frozen=True)
class Held:
    """The options held on for a whole walk (`kiosk proof`, `kiosk render`); none by default."""

    large_text: bool = False
    high_contrast: bool = False
    seated: bool = False

    @property
    def names(self) -> tuple[str, ...]:
        """The options on, as the commands' flags name them: ("large-text", "seated")."""
        on = (
            ("large-text", self.large_text),
            ("high-contrast", self.high_contrast),
            ("seated", self.seated),
        )
        return tuple(name for name, held in on if held)

    @property
    def label(self) -> str:
        """The options on, for a report line ("large-text seated"); "" for none."""
        return " ".join(self.names)

    @property
    def folder(self) -> str:
        """The folder `kiosk render` writes into with these options ("large-text+seated");
        "" for none. Never a language's code (those start with two or three letters and a
        hyphen or nothing), so it sits beside the plain render's language folders."""
        return "+".join(self.names)


@QmlElement
@QmlUncreatable("The visitor's options belong to the application.")
class VisitorOptions(QObject):  # type: ignore[operator]  # stubs: QmlUncreatable not callable
    """The options of this visit, and the band of the window a seated visitor can reach."""

    largeTextChanged = Signal()
    """Emitted when larger text is turned on or off (``textScale`` changes with it)."""
    highContrastChanged = Signal()
    """Emitted when high contrast is turned on or off."""
    seatedChanged = Signal()
    """Emitted when the seated (low reach) layout is turned on or off."""
    reachChanged = Signal()
    """Emitted when the reach band moves: the window was resized or turned."""

    def __init__(
        self,
        reach: Reach,
        *,
        diagonal_in: float,
        visit: VisitClock | None = None,
        parent: QObject | None = None,
    ) -> None:
        """``reach``: the [reach] settings; ``diagonal_in``: the screen's diagonal
        (screen_inches). ``visit``: told of each change, and its attract loop turns every
        option off. Made before the scene (QML is handed it); ``watch`` gives it the window."""
        super().__init__(parent)
        self._reach = reach
        self._diagonal_in = diagonal_in
        self._visit = visit
        self._large_text = False
        self._high_contrast = False
        self._seated = False
        self._held = Held()
        self._width = 0.0
        self._height = 0.0
        self._band = (0.0, 0.0)
        self._window: QQuickWindow | None = None
        if visit is not None:
            visit.phaseChanged.connect(self._phase_changed)

    def watch(self, window: QQuickWindow) -> None:
        """Follow ``window``'s size: the band is in its pixels, and moves when it turns."""
        self._window = window
        window.widthChanged.connect(self._window_resized)
        window.heightChanged.connect(self._window_resized)
        self._window_resized()

    def _window_resized(self) -> None:
        if self._window is not None:
            self.setWindowSize(self._window.width(), self._window.height())

    def _phase_changed(self) -> None:
        if self._visit is not None and self._visit.property("phase") == VisitClock.Phase.Attract:
            self.reset()

    @Slot()
    def reset(self) -> None:
        """Every option off, but those held (``hold``): the visit is over (not the
        visitor's doing, so no activity)."""
        held = self._held
        self._set("_large_text", held.large_text, self.largeTextChanged, activity=False)
        self._set("_high_contrast", held.high_contrast, self.highContrastChanged, activity=False)
        self._set("_seated", held.seated, self.seatedChanged, activity=False)

    def hold(
        self, *, large_text: bool = False, high_contrast: bool = False, seated: bool = False
    ) -> None:
        """Turn on the options asked for and keep them on through every ``reset`` (the
        visit's end, the attract loop): `kiosk proof` and `kiosk render` walk every state
        with them on. Each call replaces the last: an option no longer held stays as it is
        until the next reset turns it off. Python only: no visitor can reach it."""
        self._held = Held(bool(large_text), bool(high_contrast), bool(seated))
        for name, changed, on in (
            ("_large_text", self.largeTextChanged, large_text),
            ("_high_contrast", self.highContrastChanged, high_contrast),
            ("_seated", self.seatedChanged, seated),
        ):
            if on:
                self._set(name, True, changed, activity=False)

    def _set(self, name: str, on: bool, changed: SignalInstance, *, activity: bool = True) -> None:
        if activity and self._visit is not None:
            self._visit.activity()  # a screen reader's toggle has no input event to count
        if getattr(self, name) != on:
            setattr(self, name, on)
            emit(changed)

    @Slot(bool)
    def setLargeText(self, on: bool) -> None:
        """Turn larger text on or off."""
        self._set("_large_text", bool(on), self.largeTextChanged)

    @Slot()
    def toggleLargeText(self) -> None:
        """Turn larger text on if it is off, off if it is on."""
        self.setLargeText(not self._large_text)

    @Slot(bool)
    def setHighContrast(self, on: bool) -> None:
        """Turn high contrast on or off."""
        self._set("_high_contrast", bool(on), self.highContrastChanged)

    @Slot()
    def toggleHighContrast(self) -> None:
        """Turn high contrast on if it is off, off if it is on."""
        self.setHighContrast(not self._high_contrast)

    @Slot(bool)
    def setSeated(self, on: bool) -> None:
        """Turn the seated (low reach) layout on or off."""
        self._set("_seated", bool(on), self.seatedChanged)

    @Slot()
    def toggleSeated(self) -> None:
        """Turn the seated layout on if it is off, off if it is on."""
        self.setSeated(not self._seated)

    @Slot(float, float)
    def setWindowSize(self, width: float, height: float) -> None:
        """The window's size in pixels (``watch`` calls this as the window changes; a QML
        scene shown in another window may call it itself)."""
        self._width, self._height = float(width), float(height)
        band = reach_band(
            diagonal_in=self._diagonal_in,
            width_px=self._width,
            height_px=self._height,
            screen_bottom_in=self._reach.screen_bottom_in,
            low_in=self._reach.low_in,
            high_in=self._reach.high_in,
        )
        if band != self._band:
            self._band = band
            emit(self.reachChanged)

    def _get_large_text(self) -> bool:
        return self._large_text

    def _get_high_contrast(self) -> bool:
        return self._high_contrast

    def _get_seated(self) -> bool:
        return self._seated

    largeText = Property(bool, _get_large_text, setLargeText, notify=largeTextChanged)
    """Whether the text is larger (``textScale`` says how much)."""
    highContrast = Property(bool, _get_high_contrast, setHighContrast, notify=highContrastChanged)
    """Whether Theme shows its high-contrast palette (7:1 text, 3:1 everything else)."""
    seated = Property(bool, _get_seated, setSeated, notify=seatedChanged)
    """Whether every control keeps between ``reachTop`` and ``reachBottom``."""

    @Property(float, notify=largeTextChanged)
    def textScale(self) -> float:
        """What every font size is multiplied by: 1, or 2 with larger text."""
        return LARGE_TEXT_SCALE if self._large_text else 1.0

    @Property(float, notify=reachChanged)
    def reachTop(self) -> float:
        """The highest row of the window a seated visitor can reach, in pixels from the top
        (0 when the top of the screen is within reach)."""
        return self._band[0]

    @Property(float, notify=reachChanged)
    def reachBottom(self) -> float:
        """The lowest row of the window a seated visitor can reach, in pixels from the top
        (the window's height when its bottom is within reach)."""
        return self._band[1]

    @Property(bool, notify=reachChanged)
    def allWithinReach(self) -> bool:
        """Whether a seated visitor reaches the whole window (the seated layout then need
        not move anything)."""
        return self._band == (0.0, self._height)
