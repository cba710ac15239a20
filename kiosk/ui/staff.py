"""Staff access: a hidden corner gesture, a PIN pad with lock-out, and the staff panel.

Five taps in the top-left corner within three seconds open the PIN pad: visitors do not
do that by accident, and staff can do it reliably on any touchscreen.

The authority lives here, not in QML: every staff action is refused unless the staff session
is unlocked (the right PIN, or no PIN configured), whoever calls it. Hiding a button is no
lock: a slot is reachable from anything that can reach the object, such as an
accessibility client pressing a control that is not on screen.
"""

from __future__ import annotations

import functools
import logging
import math
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, Concatenate, ParamSpec

from PySide6.QtCore import Property, QObject, QTimer, Signal, Slot
from PySide6.QtQml import QmlElement, QmlUncreatable

from kiosk import __version__
from kiosk.content import packs
from kiosk.content.assets import DEFAULT_PIXEL_LIMIT
from kiosk.logs import recent
from kiosk.pin import PinError, PinLock, audit, parse_hash, verify_pin
from kiosk.ui.signals import emit
from kiosk.ui.tasks import run_task, to_main

QML_IMPORT_NAME = "Kiosk.Backend"
QML_IMPORT_MAJOR_VERSION = 1

log = logging.getLogger(__name__)

GESTURE_TAPS = 5
GESTURE_SECONDS = 3.0

# The only slots anyone may call: the way in (the corner, the PIN) and the ways out. Every
# other slot of StaffDesk is a staff action and must be a ``staff_action``.
OPEN_TO_ALL = frozenset({"cornerTapped", "submitPin", "closePinPad", "closeAll"})

_P = ParamSpec("_P")


def staff_action(
    action: Callable[Concatenate[StaffDesk, _P], None],
) -> Callable[Concatenate[StaffDesk, _P], None]:
    """A staff action: it runs only while the staff session is unlocked; otherwise it is
    refused, logged and has no effect. Put it under ``@Slot``."""

    @functools.wraps(action)
    def guarded(desk: StaffDesk, /, *args: _P.args, **kwargs: _P.kwargs) -> None:
        if not desk._unlocked:
            log.warning("staff action %s refused: the staff session is locked", action.__name__)
            audit.warning("staff action %s refused: the staff session is locked", action.__name__)
            return
        action(desk, *args, **kwargs)

    return guarded


def find_bundles(
    folder: Path | None, rows: list[packs.Installed] | None = None
) -> list[dict[str, str]]:
    """Exhibits staff can switch to: bundle folders directly inside ``folder``, and the
    current version of each exhibit installed there from a pack (``rows``, if already
    read); [{name, path}], by name."""
    if folder is None or not folder.is_dir():
        return []
    out = [
        {"name": p.name, "path": str(p)}
        for p in sorted(folder.iterdir())
        if not p.name.startswith(".") and not p.is_symlink() and (p / "bundle.json").is_file()
    ]
    out += [
        {"name": row.id, "path": str(packs.current_path(folder, row.id).resolve())}
        for row in (packs.installed(folder) if rows is None else rows)
        if row.current
    ]
    return sorted(out, key=lambda b: b["name"])


def maintenance_file() -> Path | None:
    """Where "Stop for maintenance" leaves its mark ($KIOSK_MAINTENANCE_FILE), if the
    service set one: its unit does not start again while the file exists."""
    value = os.environ.get("KIOSK_MAINTENANCE_FILE")
    return Path(value) if value else None


def _headline(message: str) -> str:
    """A refusal for the panel: what happened and the first reason; the log has them all."""
    first, *reasons = message.splitlines()
    if not reasons:
        return first
    more = f" (and {len(reasons) - 1} more in the log)" if len(reasons) > 1 else ""
    return f"{first} {reasons[0]}{more}"


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
    installChanged = Signal()
    """Emitted as a pack install or a rollback progresses, and when it ends."""
    configProblemsChanged = Signal()
    """Emitted when the list of configuration problems (``configProblems``) changes."""
    lockSecondsLeftChanged = Signal()
    """Emitted once a second while the PIN pad is locked, and when the lock ends."""

    def __init__(
        self,
        *,
        pin_hash: str | None,
        kiosk: bool,
        content_dir: Path | None,
        usb_dirs: list[Path] | None = None,
        pin_state: Path | None = None,
        clock: Callable[[], float] = time.monotonic,
        max_pixels: int = DEFAULT_PIXEL_LIMIT,
        parent: QObject | None = None,
    ) -> None:
        """``max_pixels``: the largest original a pack installed from USB may hold (the
        config's max_image_pixels, as for the exhibit shown)."""
        super().__init__(parent)
        self._max_pixels = max_pixels
        self._usb_dirs = list(usb_dirs or [])
        self._busy = False
        self._progress = 0.0
        self._progress_text = ""
        self._install_message = ""
        self._bundles: list[dict[str, str]] = []
        self._installed_rows: list[dict[str, Any]] = []
        self._pin_hash = pin_hash
        self._kiosk = kiosk
        self._content_dir = content_dir
        self._clock = clock
        self._started = clock()
        self._taps: list[float] = []
        self._lock = PinLock(clock=clock, path=pin_state)
        # The lock's countdown: whole seconds left, looked at four times a second while the
        # pad is locked (and only then), so the message counts down and goes when it ends.
        self._lock_seconds = 0
        self._lock_message = False  # whether ``_message`` is the lock's countdown
        self._lock_timer = QTimer(self)
        self._lock_timer.setInterval(250)
        self._lock_timer.timeout.connect(self._tick_lock)
        self._pin_open = False
        self._unlocked = False  # the staff session: the panel shows exactly while it is open
        self._display_test = False
        self._checking = False
        self._message = ""
        self.info_source: Callable[[], dict[str, Any]] = dict
        self._config_problems: list[str] = []
        if pin_hash is not None:
            try:
                parse_hash(pin_hash)
            except PinError as exc:  # `kiosk run` refuses this; said here for other callers
                log.error("the staff PIN hash cannot be used: %s", exc)
                audit.error("the staff PIN hash cannot be used: %s", exc)
        self._tick_lock()  # a lock-out carried over from before a restart counts down too

    # --- the gesture and the PIN pad ---------------------------------------------------

    @Slot()
    def cornerTapped(self) -> None:
        """One tap in the hidden corner; the fifth within three seconds opens the way in."""
        now = self._clock()
        self._taps = [t for t in self._taps if now - t <= GESTURE_SECONDS] + [now]
        if len(self._taps) >= GESTURE_TAPS:
            self._taps.clear()
            if self._pin_hash is None:
                audit.info("staff corner gesture: no PIN configured, the panel opens")
                self._open_panel()  # no PIN configured: windowed mode, or --no-pin
            else:
                audit.info("staff corner gesture: PIN pad opened")
                self._pin_open = True
                self._message = ""
                self._refresh_lock_message()
                emit(self.changed)

    @Slot(str)
    def submitPin(self, pin: str) -> None:
        """Check a PIN typed on the pad (off the GUI thread: scrypt is slow on purpose)."""
        if self._checking or not self._pin_open or self._pin_hash is None:
            return
        if (left := self._lock.seconds_locked()) > 0:
            audit.warning("PIN attempt refused unchecked: the pad is locked for %.0f s more", left)
            self._refresh_lock_message()
            emit(self.changed)
            return
        self._checking = True
        stored, lock = self._pin_hash, self._lock

        def check() -> bool:
            # A damaged hash (PinError) is no wrong PIN: it goes to _pin_failed, is logged
            # and never counts towards a lock-out.
            correct = verify_pin(pin, stored)
            # Counted and stored here too: storing syncs the disk, which is no work for the
            # GUI thread (one attempt at a time: the pad waits for this answer).
            lock.record(correct)
            return correct

        run_task(check, self._pin_checked, self._pin_failed)

    def _pin_checked(self, correct: bool) -> None:
        self._checking = False
        if correct and not self._pin_open:
            # The pad was closed while the PIN was checked (Cancel, or the visit reset on
            # idle): nobody is waiting at it, so nothing is unlocked.
            audit.info("a right PIN arrived after its pad closed: the staff session stays locked")
            emit(self.changed)
            return
        if correct:
            self._pin_open = False
            self._open_panel()
            return
        self._message = self.tr("Wrong PIN")
        self._lock_message = False
        self._refresh_lock_message()
        self._tick_lock()
        emit(self.changed)

    def _pin_failed(self, exc: BaseException) -> None:
        """The check itself failed (say, a hash scrypt cannot compute): never leave the pad
        waiting for an answer that will not come."""
        if isinstance(exc, PinError):
            log.error("the PIN could not be checked: the stored hash cannot be used: %s", exc)
        else:
            log.error("the PIN could not be checked: %s", exc, exc_info=exc)
        audit.error("PIN attempt not checked: %s: %s", type(exc).__name__, exc)
        self._checking = False
        self._lock_message = False
        self._message = self.tr("The PIN cannot be checked. Staff: see the log.")
        emit(self.changed)

    def _refresh_lock_message(self) -> None:
        """While the pad is locked, the message says for how long, counting down."""
        left = self._lock.seconds_locked()
        if left > 0:
            seconds = math.ceil(left)
            if seconds <= 120:
                self._message = self.tr("Locked. Try again in %n second(s).", "", seconds)
            else:  # a lock of up to an hour reads better as minutes:seconds
                clock = f"{seconds // 60}:{seconds % 60:02d}"
                self._message = self.tr("Locked. Try again in %1.").replace("%1", clock)
            self._lock_message = True

    def _tick_lock(self) -> None:
        """Follow the lock: ``lockSecondsLeft`` and the message each second while it holds;
        at its end the countdown goes from the pad and the end goes to the audit log."""
        left = self._lock.seconds_locked()
        seconds = math.ceil(left) if left > 0 else 0
        if seconds and not self._lock_timer.isActive():
            self._lock_timer.start()
        elif not seconds:
            self._lock_timer.stop()
        if seconds == self._lock_seconds:
            return
        ended = self._lock_seconds > 0 and seconds == 0
        self._lock_seconds = seconds
        emit(self.lockSecondsLeftChanged)
        if ended:
            audit.info("PIN lock-out ended: the pad takes PINs again")
            # Stored off the GUI thread (it syncs the disk): a restart does not lock again.
            run_task(self._lock.ended, lambda _result: None)
            if self._lock_message:
                self._message = ""
                self._lock_message = False
                emit(self.changed)
        elif self._lock_message:
            self._refresh_lock_message()
            emit(self.changed)

    @Slot()
    def closePinPad(self) -> None:
        """Close the PIN pad."""
        if self._pin_open:
            audit.info("PIN pad closed")
            self._pin_open = False
            emit(self.changed)

    # --- the panel ---------------------------------------------------------------------

    def _open_panel(self) -> None:
        """Unlock the staff session (the right PIN, or no PIN configured)."""
        audit.info("staff panel opened: the staff session is unlocked")
        self._unlocked = True
        emit(self.changed)
        self._refresh_exhibits()

    @Slot()
    def closeAll(self) -> None:
        """Close every staff overlay and lock the staff session (the panel closes itself on
        idle like everything else)."""
        if self._pin_open or self._unlocked or self._display_test:
            if self._unlocked:
                audit.info("staff panel closed: the staff session is locked")
            elif self._pin_open:
                audit.info("PIN pad closed")
            self._pin_open = self._unlocked = self._display_test = False
            self._taps.clear()
            emit(self.changed)

    @Slot()
    @staff_action
    def reload(self) -> None:
        """Load the current bundle again from disk."""
        audit.info("staff action: reload the exhibit")
        emit(self.reloadRequested, "")
        self.closeAll()

    @Slot(str)
    @staff_action
    def switchTo(self, path: str) -> None:
        """Show another bundle from the content folder."""
        audit.info("staff action: switch to the exhibit %s", path)
        emit(self.reloadRequested, path)
        self.closeAll()

    @Slot()
    @staff_action
    def openDisplayTest(self) -> None:
        """Grid, colour bars and touch points, to check a screen and its touch layer."""
        audit.info("staff action: display test opened")
        self._display_test = True
        emit(self.changed)

    @Slot()
    @staff_action
    def closeDisplayTest(self) -> None:
        """Back to the panel."""
        audit.info("staff action: display test closed")
        self._display_test = False
        emit(self.changed)

    @Slot()
    @staff_action
    def leaveKiosk(self) -> None:
        """Leave kiosk mode: a normal window, the cursor back (until the next idle reset,
        which locks the kiosk again)."""
        audit.info("staff action: leave kiosk mode")
        self._kiosk = False
        emit(self.leaveKioskRequested)
        self.closeAll()

    @Slot()
    @staff_action
    def refresh(self) -> None:
        """Read the panel's facts again (uptime, recent errors)."""
        emit(self.changed)

    @Slot()
    @staff_action
    def quit(self) -> None:
        """Quit the application (under systemd it is started again at once)."""
        audit.info("staff action: quit")
        emit(self.quitRequested)

    # --- exhibits from packs -------------------------------------------------------------

    @Slot()
    @staff_action
    def installFromUsb(self) -> None:
        """Install every exhibit pack found on mounted removable media, then show the
        exhibit made current. Each pack is installed atomically: whatever happens, the
        exhibit on screen stays until a complete new one is ready."""
        root = self._content_dir
        if self._busy or root is None:
            return
        audit.info(
            "staff action: install from USB (looking in %s)", ", ".join(map(str, self._usb_dirs))
        )
        self._start_work(self.tr("Looking for exhibit packs…"))
        usb = list(self._usb_dirs)
        last = [("", -1.0)]

        def progress(name: str, step: str, done: float) -> None:
            # Posted to the GUI thread at most every 2 %, not for every member.
            if step == last[0][0] and done - last[0][1] < 0.02 and done < 1:
                return
            last[0] = (step, done)
            to_main(lambda: self._set_progress(f"{name}: {step}", done))

        def work() -> tuple[list[str], list[str]]:
            found = packs.find_packs(usb)
            if not found:
                return [], ["no .kioskpack file on any mounted USB stick"]
            chosen, refused = packs.choose_packs(found, shown=packs.shown_id(root))
            done = []
            for pack in chosen:

                def said(step: str, done: float, name: str = pack.name) -> None:
                    progress(name, step, done)

                try:
                    result = packs.install_pack(
                        pack, root, progress=said, max_pixels=self._max_pixels
                    )
                except packs.PackError as exc:
                    log.error("%s", exc)
                    refused.append(_headline(str(exc)))
                    continue
                except Exception as exc:  # one bad pack never stops the others
                    log.exception("installing %s failed unexpectedly", pack)
                    refused.append(f"{pack}: {type(exc).__name__}: {exc}")
                    continue
                log.info("installed %s %s from %s", result.id, result.version, pack)
                done.append(f"{result.id} {result.version}")
            return done, refused

        run_task(work, self._installed, self._work_failed)

    def _installed(self, outcome: tuple[list[str], list[str]]) -> None:
        done, refused = outcome
        audit.info(
            "install from USB ended: installed %s; not installed %s",
            ", ".join(done) or "nothing",
            "; ".join(refused) or "nothing",
        )
        lines = [self.tr("Installed: %1").replace("%1", ", ".join(done))] if done else []
        lines += [self.tr("Not installed: %1").replace("%1", r) for r in refused]
        self._finish_work("\n".join(lines))
        if done:
            self._show_current()

    @Slot(str)
    @staff_action
    def rollBack(self, exhibit: str) -> None:
        """Show the previous version of ``exhibit`` again."""
        root = self._content_dir
        if self._busy or root is None:
            return
        audit.info("staff action: roll back %s", exhibit)
        self._start_work(self.tr("Going back…"))

        def work() -> str:
            was, now = packs.rollback(root, exhibit)
            return f"{exhibit}: {now} (was {was})"

        def done(what: str) -> None:
            audit.info("rolled back %s", what)
            self._finish_work(self.tr("Back to %1").replace("%1", what))
            self._show_current()  # changes the screen only if that exhibit is the one shown

        run_task(work, done, self._work_failed)

    def _show_current(self) -> None:
        """Show ``<content_dir>/current`` as it now is (looked up on a worker)."""
        root = self._content_dir
        assert root is not None

        def shown(target: Path | None) -> None:
            # The real folder of that version, so that a later switch of the link never
            # mixes two versions' files in the scene.
            if target is not None:
                emit(self.reloadRequested, str(target))

        run_task(lambda: packs.shown_bundle(root), shown)

    def _refresh_exhibits(self) -> None:
        """Read the exhibits folder on a worker; the panel shows what was last read."""
        folder = self._content_dir

        def read() -> tuple[list[dict[str, str]], list[dict[str, Any]]]:
            rows = packs.installed(folder) if folder else []
            listing = [
                {
                    "id": row.id,
                    "current": row.current or "",
                    "previous": row.previous or "",
                    "shown": row.shown,
                }
                for row in rows
            ]
            return find_bundles(folder, rows), listing

        def show(result: tuple[list[dict[str, str]], list[dict[str, Any]]]) -> None:
            self._bundles, self._installed_rows = result
            emit(self.changed)

        run_task(read, show, lambda exc: log.error("cannot read %s: %s", folder, exc))

    def _work_failed(self, exc: BaseException) -> None:
        log.error("staff exhibit task failed: %s", exc, exc_info=exc)
        audit.error("staff exhibit task failed: %s", exc)
        self._finish_work(str(exc).splitlines()[0] if str(exc) else type(exc).__name__)

    def _start_work(self, text: str) -> None:
        self._busy = True
        self._progress = 0.0
        self._progress_text = text
        self._install_message = ""
        emit(self.installChanged)

    def _set_progress(self, text: str, done: float) -> None:
        if self._busy:
            self._progress_text, self._progress = text, done
            emit(self.installChanged)

    def _finish_work(self, message: str) -> None:
        self._busy = False
        self._progress = 1.0
        self._progress_text = ""
        self._install_message = message
        emit(self.installChanged)
        self._refresh_exhibits()  # the list of installed exhibits

    @Property(bool, notify=installChanged)
    def busy(self) -> bool:
        """Whether an install or a rollback is under way."""
        return self._busy

    @Property(float, notify=installChanged)
    def progress(self) -> float:
        """How far the current step is, 0–1."""
        return self._progress

    @Property(str, notify=installChanged)
    def progressText(self) -> str:
        """Which pack and which step (checking, extracting, verifying, validating…)."""
        return self._progress_text

    @Property(str, notify=installChanged)
    def installMessage(self) -> str:
        """What the last install or rollback did."""
        return self._install_message

    # --- maintenance ---------------------------------------------------------------------

    @Property(bool, constant=True)
    def canStopForMaintenance(self) -> bool:
        """Whether the service told the kiosk how to stop without being restarted."""
        return maintenance_file() is not None

    @Slot()
    @staff_action
    def stopForMaintenance(self) -> None:
        """Quit so that systemd does not start the kiosk again (until the mark is removed
        or the machine restarts): plain Quit would be restarted at once."""
        mark = maintenance_file()
        if mark is None:
            return
        audit.info("staff action: stop for maintenance (%s)", mark)
        try:
            mark.parent.mkdir(parents=True, exist_ok=True)
            mark.write_text(f"stopped by staff at {time.strftime('%Y-%m-%d %H:%M:%S')}\n")
        except OSError as exc:
            log.error("could not write the maintenance mark %s: %s", mark, exc)
            audit.error("could not stop for maintenance: %s: %s", mark, exc)
            self._install_message = self.tr("Could not stop for maintenance: %1").replace(
                "%1", str(exc)
            )
            emit(self.installChanged)
            return
        log.info("stopping for maintenance (%s)", mark)
        emit(self.quitRequested)

    # --- what QML reads ----------------------------------------------------------------

    @property
    def config_problems(self) -> list[str]:
        """The configuration's problems (``Loaded.problems``): set by the app at start."""
        return list(self._config_problems)

    @config_problems.setter
    def config_problems(self, problems: list[str]) -> None:
        problems = [str(p) for p in problems]
        if problems != self._config_problems:
            for problem in problems:
                audit.error("config problem: %s", problem)
            self._config_problems = problems
            emit(self.configProblemsChanged)
            emit(self.changed)  # info.configProblems, for what already reads it there

    @Property(list, notify=configProblemsChanged)
    def configProblems(self) -> list[str]:
        """What is wrong with the configuration, one line each (file, line, key, what was
        used instead and what to do); empty when nothing is."""
        return list(self._config_problems)

    @Property(int, notify=lockSecondsLeftChanged)
    def lockSecondsLeft(self) -> int:
        """Whole seconds until the locked PIN pad takes PINs again; 0 when it is not locked.
        Changes once a second while locked (for a countdown the QML may draw itself)."""
        return self._lock_seconds

    def relock(self) -> None:
        """Back into kiosk mode (the app's idle reset after staff left it): the staff
        session locks and ``kioskMode`` is true again. Not a slot: nothing in the scene
        may call it."""
        self.closeAll()
        if not self._kiosk:
            self._kiosk = True
            audit.info("kiosk mode again after the idle reset: the staff session is locked")
            emit(self.changed)

    @Property(bool, notify=changed)
    def pinPadOpen(self) -> bool:
        """Whether the PIN pad is showing."""
        return self._pin_open

    @Property(bool, notify=changed)
    def panelOpen(self) -> bool:
        """Whether the staff session is unlocked; the staff panel exists exactly then."""
        return self._unlocked

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
            "configProblems": list(self._config_problems),
            "bundles": self._bundles,
            "installed": self._installed_rows,
        }
        data.update(self.info_source())
        return data
