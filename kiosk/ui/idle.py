"""The visit's clock: activity, "Still there?", the reset, and the attract loop.

Every touch, mouse, key or wheel event counts as activity. After the idle timeout a
countdown asks "Still there?"; when it runs out the visit resets and the attract loop
starts. The clock is injectable, so tests drive hours of idleness in milliseconds.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from enum import IntEnum

from PySide6.QtCore import Property, QEnum, QEvent, QObject, QTimer, Signal, Slot
from PySide6.QtQml import QmlElement, QmlUncreatable

from kiosk.ui.signals import emit

QML_IMPORT_NAME = "Kiosk.Backend"
QML_IMPORT_MAJOR_VERSION = 1

#: What counts as someone being there. Touch first: it is what most kiosks forget.
ACTIVITY = frozenset(
    {
        QEvent.Type.TouchBegin,
        QEvent.Type.TouchUpdate,
        QEvent.Type.TouchEnd,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonRelease,
        QEvent.Type.MouseMove,
        QEvent.Type.KeyPress,
        QEvent.Type.Wheel,
        QEvent.Type.TabletPress,
        QEvent.Type.TabletMove,
    }
)


@QmlElement
@QmlUncreatable("The visit clock belongs to the application.")
class VisitClock(QObject):  # type: ignore[operator]  # stubs: QmlUncreatable not callable
    """Watches for activity and moves the visit through Active → Countdown → Attract."""

    class Phase(IntEnum):
        """Where the visit stands."""

        Active = 0
        Countdown = 1
        Attract = 2

    QEnum(Phase)

    phaseChanged = Signal()
    """Emitted when the visit moves to another phase."""
    secondsLeftChanged = Signal()
    """Emitted as the "Still there?" countdown runs."""
    resetRequested = Signal()
    """Emitted when the visit must go back to its start (the countdown ran out)."""

    def __init__(
        self,
        *,
        timeout: float,
        countdown: float,
        attract: bool,
        clock: Callable[[], float] = time.monotonic,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.timeout = timeout
        self.countdown = countdown
        self.attract_enabled = attract
        self._clock = clock
        self._last = clock()
        self._countdown_from = 0.0
        self._phase = VisitClock.Phase.Active
        self._seconds_left = int(countdown)
        self._timer = QTimer(self)
        self._timer.setInterval(250)
        self._timer.timeout.connect(self.tick)

    def start(self, *, attract: bool = False) -> None:
        """Start watching; with ``attract`` the kiosk opens on the attract loop."""
        self._last = self._clock()
        self._set_phase(
            VisitClock.Phase.Attract
            if attract and self.attract_enabled
            else VisitClock.Phase.Active
        )
        self._timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Note activity; never consumes the event."""
        if event.type() in ACTIVITY:
            self.activity()
        return False

    def activity(self) -> None:
        """Someone is there: the idle clock starts again (the countdown needs an answer)."""
        self._last = self._clock()

    @Slot()
    def tick(self) -> None:
        """Look at the clock (the timer calls this; tests call it after moving the clock)."""
        now = self._clock()
        if self._phase == VisitClock.Phase.Active and now - self._last >= self.timeout:
            self._countdown_from = now
            self._set_seconds(self.countdown)
            self._set_phase(VisitClock.Phase.Countdown)
        elif self._phase == VisitClock.Phase.Countdown:
            left = self.countdown - (now - self._countdown_from)
            self._set_seconds(left)
            if left <= 0:
                self.startOver()

    @Slot()
    def continueVisit(self) -> None:
        """The visitor answered "Continue"."""
        self._last = self._clock()
        self._set_phase(VisitClock.Phase.Active)

    @Slot()
    def startOver(self) -> None:
        """Reset the visit now, then show the attract loop (if it is on)."""
        self._last = self._clock()
        emit(self.resetRequested)
        self._set_phase(
            VisitClock.Phase.Attract if self.attract_enabled else VisitClock.Phase.Active
        )

    @Slot()
    def leaveAttract(self) -> None:
        """The first touch on the attract loop: the visit begins."""
        self._last = self._clock()
        self._set_phase(VisitClock.Phase.Active)

    def _set_phase(self, phase: Phase) -> None:
        if phase != self._phase:
            self._phase = phase
            emit(self.phaseChanged)

    def _set_seconds(self, left: float) -> None:
        seconds = max(0, int(left + 0.999))
        if seconds != self._seconds_left:
            self._seconds_left = seconds
            emit(self.secondsLeftChanged)

    @Property(int, notify=phaseChanged)
    def phase(self) -> int:
        """Active, Countdown or Attract."""
        return int(self._phase)

    @Property(int, notify=secondsLeftChanged)
    def secondsLeft(self) -> int:
        """Whole seconds until the reset, during the countdown."""
        return self._seconds_left

    @Property(bool, constant=True)
    def attractEnabled(self) -> bool:
        """Whether the attract loop is on."""
        return self.attract_enabled
