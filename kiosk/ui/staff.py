"""Staff access: a hidden corner gesture, a PIN pad with lock-out, and the staff panel.

Five taps in the top-left corner within three seconds open the PIN pad: visitors do not
do that by accident, and staff can do it reliably on any touchscreen.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Property, QObject, Signal, Slot
from PySide6.QtQml import QmlElement, QmlUncreatable

from kiosk import __version__
from kiosk.logs import recent
from kiosk.pin import PinError, PinLock, verify_pin
from kiosk.ui.signals import emit
from kiosk.ui.tasks import run_task

QML_IMPORT_NAME = "Kiosk.Backend"
QML_IMPORT_MAJOR_VERSION = 1

GESTURE_TAPS = 5
GESTURE_SECONDS = 3.0


def find_bundles(folder: Path | None) -> list[dict[str, str]]:
    """Bundle folders directly inside ``folder``: [{name, path}], by name."""
    if folder is None or not folder.is_dir():
        return []
    return [
        {"name": p.name, "path": str(p)}
        for p in sorted(folder.iterdir())
        if (p / "bundle.json").is_file()
    ]


@QmlElement
@QmlUncreatable("The staff desk belongs to the application.")
class StaffDesk(QObject):  # type: ignore[operator]  # stubs: QmlUncreatable not callable
    """The staff's way in and what they can do once in."""

    changed = Signal()
    """Emitted when a staff overlay opens or closes, or its message changes."""
    reloadRequested = Signal(str)
    """Staff asked to (re)load the bundle at this path ("" = the current one)."""
    leaveKioskRequested = Signal()
    """Staff asked to leave kiosk mode (windowed, cursor back)."""
    quitRequested = Signal()
    """Staff asked to quit the application."""

    def __init__(
        self,
        *,
        pin_hash: str | None,
        kiosk: bool,
        content_dir: Path | None,
        clock: Callable[[], float] = time.monotonic,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._pin_hash = pin_hash
        self._kiosk = kiosk
        self._content_dir = content_dir
        self._clock = clock
        self._started = clock()
        self._taps: list[float] = []
        self._lock = PinLock(clock=clock)
        self._pin_open = False
        self._panel_open = False
        self._display_test = False
        self._checking = False
        self._message = ""
        self.info_source: Callable[[], dict[str, Any]] = dict
        self.config_problems: list[str] = []

    # --- the gesture and the PIN pad ---------------------------------------------------

    @Slot()
    def cornerTapped(self) -> None:
        """One tap in the hidden corner; the fifth within three seconds opens the way in."""
        now = self._clock()
        self._taps = [t for t in self._taps if now - t <= GESTURE_SECONDS] + [now]
        if len(self._taps) >= GESTURE_TAPS:
            self._taps.clear()
            if self._pin_hash is None:
                self._open_panel()  # no PIN configured: windowed mode, or --no-pin
            else:
                self._pin_open = True
                self._message = ""
                self._refresh_lock_message()
                emit(self.changed)

    @Slot(str)
    def submitPin(self, pin: str) -> None:
        """Check a PIN typed on the pad (off the GUI thread: scrypt is slow on purpose)."""
        if self._checking or not self._pin_open or self._pin_hash is None:
            return
        if self._lock.seconds_locked() > 0:
            self._refresh_lock_message()
            emit(self.changed)
            return
        self._checking = True
        stored = self._pin_hash

        def check() -> bool:
            try:
                return verify_pin(pin, stored)
            except PinError:
                return False

        run_task(check, self._pin_checked)

    def _pin_checked(self, correct: bool) -> None:
        self._checking = False
        self._lock.record(correct)
        if correct:
            self._pin_open = False
            self._open_panel()
            return
        self._message = self.tr("Wrong PIN")
        self._refresh_lock_message()
        emit(self.changed)

    def _refresh_lock_message(self) -> None:
        left = self._lock.seconds_locked()
        if left > 0:
            self._message = self.tr("Locked. Try again in %n second(s).", "", int(left + 0.999))

    @Slot()
    def closePinPad(self) -> None:
        """Close the PIN pad."""
        if self._pin_open:
            self._pin_open = False
            emit(self.changed)

    # --- the panel ---------------------------------------------------------------------

    def _open_panel(self) -> None:
        self._panel_open = True
        emit(self.changed)

    @Slot()
    def closeAll(self) -> None:
        """Close every staff overlay (the panel closes itself on idle like everything else)."""
        if self._pin_open or self._panel_open or self._display_test:
            self._pin_open = self._panel_open = self._display_test = False
            self._taps.clear()
            emit(self.changed)

    @Slot()
    def reload(self) -> None:
        """Load the current bundle again from disk."""
        emit(self.reloadRequested, "")
        self.closeAll()

    @Slot(str)
    def switchTo(self, path: str) -> None:
        """Show another bundle from the content folder."""
        emit(self.reloadRequested, path)
        self.closeAll()

    @Slot()
    def openDisplayTest(self) -> None:
        """Grid, colour bars and touch points, to check a screen and its touch layer."""
        self._display_test = True
        emit(self.changed)

    @Slot()
    def closeDisplayTest(self) -> None:
        """Back to the panel."""
        self._display_test = False
        emit(self.changed)

    @Slot()
    def leaveKiosk(self) -> None:
        """Leave kiosk mode: a normal window, the cursor back."""
        self._kiosk = False
        emit(self.leaveKioskRequested)
        self.closeAll()

    @Slot()
    def refresh(self) -> None:
        """Read the panel's facts again (uptime, recent errors)."""
        emit(self.changed)

    @Slot()
    def quit(self) -> None:
        """Quit the application."""
        emit(self.quitRequested)

    # --- what QML reads ----------------------------------------------------------------

    @Property(bool, notify=changed)
    def pinPadOpen(self) -> bool:
        """Whether the PIN pad is showing."""
        return self._pin_open

    @Property(bool, notify=changed)
    def panelOpen(self) -> bool:
        """Whether the staff panel is showing."""
        return self._panel_open

    @Property(bool, notify=changed)
    def displayTestOpen(self) -> bool:
        """Whether the display test is showing."""
        return self._display_test

    @Property(bool, notify=changed)
    def kioskMode(self) -> bool:
        """Whether the kiosk is locked down."""
        return self._kiosk

    @Property(bool, notify=changed)
    def checking(self) -> bool:
        """Whether a PIN is being checked."""
        return self._checking

    @Property(str, notify=changed)
    def message(self) -> str:
        """What the PIN pad says (wrong PIN, locked)."""
        return self._message

    @Property(dict, notify=changed)
    def info(self) -> dict[str, Any]:
        """What the staff panel shows: bundle, validation, version, uptime, recent errors."""
        uptime = int(self._clock() - self._started)
        data = {
            "appVersion": __version__,
            "uptime": f"{uptime // 3600}:{uptime % 3600 // 60:02d}:{uptime % 60:02d}",
            "errors": recent.lines()[-8:],
            "configProblems": list(self.config_problems),
            "bundles": find_bundles(self._content_dir),
        }
        data.update(self.info_source())
        return data
