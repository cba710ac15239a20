"""Staff audit: every PIN attempt (never the PIN), lock-out, panel action and configuration
problem is a timestamped line of the "kiosk.audit" logger in the kiosk's own log file; the
lock-out survives a restart (a reboot too, and a wall clock stepped backwards cannot make it
eternal); the lock message counts down and goes when the lock ends."""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint

from kiosk import logs
from kiosk.config import default_state_dir
from kiosk.pin import MAX_FAILURES, PinLock, hash_pin
from tests.conftest import DEFAULT_BUNDLE, REPO
from tests.processes import WITHOUT_DAC
from tests.ui.conftest import FakeClock
from tests.ui.scene import exists, find, tap, visible_texts
from tests.ui.test_kiosk_mode import kiosk_config, shown

#: Digits that appear nowhere else in a log line (no timestamp, pid or path holds them).
PIN = "86420975"
WRONG = "13572468"
PIN_HASH = hash_pin(PIN)
#: A log line of the audit logger, as kiosk.logs writes it to the file.
AUDIT_LINE = re.compile(
    r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} (INFO|WARNING|ERROR) kiosk\.audit: (.*)$"
)


@pytest.fixture
def log_file(tmp_path, monkeypatch):
    """The kiosk's real log file (kiosk.logs.setup), undone afterwards."""
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    path = logs.setup(tmp_path / "logs", max_bytes=1_000_000, backups=1, console=False)
    assert path == tmp_path / "logs" / "kiosk.log"
    yield path
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_kiosk", False):
            root.removeHandler(handler)
            if handler is not logs.recent:
                handler.close()


def audit_lines(path: Path) -> list[str]:
    """The messages of the audit lines in the log file, in order (each timestamped)."""
    found = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if " kiosk.audit: " in line:
            match = AUDIT_LINE.match(line)
            assert match, f"an audit line without its timestamp: {line!r}"
            found.append(match.group(2))
    return found


def config(**kw):
    return kiosk_config(pin_hash=PIN_HASH, **kw)


def open_pad(view, qtbot, clock):
    for _ in range(5):
        tap(view.window, QPoint(8, 8))
        clock.advance(0.3)
    shown(view, qtbot, "pinPad")


def enter(view, qtbot, digits):
    """Type ``digits`` on the pad and wait for its answer."""
    for d in digits:
        tap(view.window, find(view.window, f"pin_{d}"))
    tap(view.window, find(view.window, "pin_ok"))
    qtbot.waitUntil(lambda: not view.staff.checking, timeout=5000)


def lock_out(view, qtbot, clock):
    open_pad(view, qtbot, clock)
    for _ in range(MAX_FAILURES):
        enter(view, qtbot, WRONG)
    qtbot.waitUntil(lambda: view.staff.lockSecondsLeft > 0)


# --- the audit log --------------------------------------------------------------------------


def test_staff_access_is_in_the_log_file_and_the_pin_never_is(
    open_kiosk, qtbot, clock, tmp_path, log_file
):
    content = tmp_path / "exhibits"
    shutil.copytree(DEFAULT_BUNDLE, content / "baku-copy")
    other = content / "baku-copy" / "bundle.json"
    other.write_text(other.read_text().replace('"version": "1.0.0"', '"version": "2.0.0"'))
    usb = tmp_path / "media"
    usb.mkdir()
    view = open_kiosk(config=config(content_dir=content, usb_dirs=[usb]), clock=clock)
    view.enter_kiosk()

    lock_out(view, qtbot, clock)
    enter(view, qtbot, PIN)  # refused unchecked: the pad is locked
    assert not view.staff.panelOpen
    clock.advance(31)
    qtbot.waitUntil(lambda: "PIN lock-out ended: the pad takes PINs again" in audit_lines(log_file))
    enter(view, qtbot, PIN)
    qtbot.waitUntil(lambda: view.staff.panelOpen, timeout=5000)

    tap(view.window, shown(view, qtbot, "staffDisplayTest"))
    tap(view.window, shown(view, qtbot, "displayTestClose"))
    qtbot.waitUntil(lambda: not exists(view.window, "displayTest"))
    with qtbot.waitSignal(view.session.loaded, timeout=10_000):
        tap(view.window, shown(view, qtbot, "switch_baku-copy"))
    open_pad(view, qtbot, clock)
    tap(view.window, find(view.window, "pinCancel"))
    open_pad(view, qtbot, clock)
    enter(view, qtbot, PIN)
    with qtbot.waitSignal(view.session.loaded, timeout=10_000):
        tap(view.window, shown(view, qtbot, "staffReload"))
    # As `kiosk run` hands the desk the config's problems (on a panel this long, the
    # switch buttons above would be off screen).
    view.staff.config_problems = ["config.toml, line 3: countdown: not a number; using 20"]
    open_pad(view, qtbot, clock)
    enter(view, qtbot, PIN)
    qtbot.waitUntil(lambda: view.staff.panelOpen, timeout=5000)
    view.staff.installFromUsb()  # as its button does
    qtbot.waitUntil(lambda: not view.staff.busy, timeout=10_000)
    tap(view.window, shown(view, qtbot, "staffLeaveKiosk"))
    qtbot.waitUntil(lambda: not view.kiosk)
    open_pad(view, qtbot, clock)  # the window staff left kiosk mode for: quit from it
    enter(view, qtbot, PIN)
    tap(view.window, shown(view, qtbot, "staffQuit"))
    qtbot.waitUntil(lambda: not view.window.isVisible())

    lines = audit_lines(log_file)
    expected = [
        "staff corner gesture: PIN pad opened",
        "PIN wrong (1 of 5 before a lock-out)",
        "PIN wrong (4 of 5 before a lock-out)",
        "PIN wrong 5 times: PIN pad locked for 30 s (lock-out 1)",
        "PIN attempt refused unchecked: the pad is locked for 30 s more",
        "PIN lock-out ended: the pad takes PINs again",
        "PIN right",
        "staff panel opened: the staff session is unlocked",
        "staff action: display test opened",
        "staff action: display test closed",
        f"staff action: switch to the exhibit {content / 'baku-copy'}",
        "staff panel closed: the staff session is locked",
        "PIN pad closed",
        "staff action: reload the exhibit",
        "config problem: config.toml, line 3: countdown: not a number; using 20",
        f"staff action: install from USB (looking in {usb})",
        "install from USB ended: installed nothing; "
        "not installed no .kioskpack file on any mounted USB stick",
        "staff action: leave kiosk mode",
        "staff panel closed: the staff session is locked",
        "PIN right",
        "staff action: quit",
    ]
    at = 0
    for want in expected:  # each of them, in this order
        assert want in lines[at:], f"{want!r} is not in the audit log after {lines[at - 1]!r}"
        at = lines.index(want, at) + 1
    text = log_file.read_text(encoding="utf-8")
    assert PIN not in text and WRONG not in text
    assert PIN_HASH.split("$")[4] not in text and PIN_HASH.split("$")[5] not in text


def test_refused_actions_and_a_damaged_hash_are_audited(open_kiosk, qtbot, clock, log_file):
    view = open_kiosk(config=config(), clock=clock)
    view.staff.quit()  # locked: refused
    assert view.window.isVisible()
    parts = PIN_HASH.split("$")
    damaged = "$".join([*parts[:4], "not base64!", parts[5]])
    again = open_kiosk(config=kiosk_config(pin_hash=damaged), clock=clock)
    open_pad(again, qtbot, clock)
    enter(again, qtbot, PIN)
    lines = audit_lines(log_file)
    assert "staff action quit refused: the staff session is locked" in lines
    assert any(line.startswith("the staff PIN hash cannot be used: ") for line in lines)
    assert any(line.startswith("PIN attempt not checked: PinError: ") for line in lines)
    assert not any(line.startswith("PIN wrong") for line in lines)  # no lock-out for it
    assert PIN not in log_file.read_text(encoding="utf-8")


# --- the countdown --------------------------------------------------------------------------


def test_the_lock_message_counts_down_and_goes_when_the_lock_ends(open_kiosk, qtbot, clock):
    view = open_kiosk(config=config(), clock=clock)
    lock_out(view, qtbot, clock)
    staff = view.staff
    assert staff.lockSecondsLeft == 30
    assert "Locked. Try again in 30 seconds." in visible_texts(view.window)
    for left in (29, 28, 27):
        with qtbot.waitSignal(staff.lockSecondsLeftChanged, timeout=2000):
            clock.advance(1)
        assert staff.lockSecondsLeft == left
        qtbot.waitUntil(
            lambda n=left: f"Locked. Try again in {n} seconds." in visible_texts(view.window)
        )
    clock.advance(26)
    qtbot.waitUntil(lambda: staff.lockSecondsLeft == 1)
    qtbot.waitUntil(lambda: "Locked. Try again in 1 second." in visible_texts(view.window))
    with qtbot.waitSignal(staff.lockSecondsLeftChanged, timeout=2000):
        clock.advance(1)
    assert staff.lockSecondsLeft == 0
    qtbot.waitUntil(lambda: not any(t.startswith("Locked.") for t in visible_texts(view.window)))
    assert staff.message == ""
    assert not staff._lock_timer.isActive()  # nothing ticks while the pad is open
    # The end is stored: a restart whose wall clock reads 1970 does not lock the pad again.
    state = default_state_dir() / "pin-lock.json"
    qtbot.waitUntil(lambda: json.loads(state.read_text())["left"] == 0)
    assert PinLock(path=state, wall=lambda: 100.0).seconds_locked() == 0


def test_a_long_lock_reads_in_minutes_and_seconds(open_kiosk, qtbot, clock):
    import time

    state = default_state_dir() / "pin-lock.json"
    state.parent.mkdir(parents=True, exist_ok=True)
    doc = {"failures": 0, "lockouts": 5, "locked_until": time.time() + 600, "left": 600}
    state.write_text(json.dumps(doc))
    view = open_kiosk(config=config(), clock=clock)
    assert 598 <= view.staff.lockSecondsLeft <= 600
    open_pad(view, qtbot, clock)
    enter(view, qtbot, PIN)
    qtbot.waitUntil(
        lambda: any(
            re.fullmatch(r"Locked\. Try again in 9:5\d\.", t) for t in visible_texts(view.window)
        )
    )
    clock.advance(300)
    qtbot.waitUntil(
        lambda: any(
            re.fullmatch(r"Locked\. Try again in 4:5\d\.", t) for t in visible_texts(view.window)
        )
    )
    clock.advance(240)  # two minutes or less: in seconds
    qtbot.waitUntil(
        lambda: any(
            re.fullmatch(r"Locked\. Try again in (59|60) seconds\.", t)
            for t in visible_texts(view.window)
        )
    )


# --- across a restart -----------------------------------------------------------------------


def test_the_lock_survives_a_reboot_and_counts_down_after_it(open_kiosk, qtbot, clock, log_file):
    view = open_kiosk(config=config(), clock=clock)
    lock_out(view, qtbot, clock)
    state = default_state_dir() / "pin-lock.json"
    assert json.loads(state.read_text())["left"] == 30
    assert state.stat().st_mode & 0o777 == 0o600
    assert not [p for p in state.parent.iterdir() if p.name.endswith(".tmp")]
    # A reboot: the monotonic clock starts again near 0; the wall clock went on.
    boot = FakeClock()
    boot.now = 3.0
    again = open_kiosk(config=config(), clock=boot)
    assert 25 <= again.staff.lockSecondsLeft <= 30
    carried = [x for x in audit_lines(log_file) if "carried over from before the restart" in x]
    assert re.fullmatch(r"PIN lock-out carried over .*: (2\d|30) s left", carried[0])
    open_pad(again, qtbot, boot)
    enter(again, qtbot, PIN)  # the right PIN waits out the lock
    assert not again.staff.panelOpen
    boot.advance(31)
    qtbot.waitUntil(lambda: again.staff.lockSecondsLeft == 0)
    enter(again, qtbot, PIN)
    qtbot.waitUntil(lambda: again.staff.panelOpen, timeout=5000)
    assert json.loads(state.read_text())["lockouts"] == 0  # the right PIN clears it on disk


def test_a_wall_clock_stepped_back_cannot_make_the_lock_eternal(tmp_path):
    now, wall = [500.0], [1_800_000_000.0]
    state = tmp_path / "pin-lock.json"
    lock = PinLock(clock=lambda: now[0], path=state, wall=lambda: wall[0])
    for _ in range(MAX_FAILURES):
        lock.record(False)
    now[0] += 10
    assert lock.seconds_locked() == 20
    # Reboot with the wall clock a year behind (no RTC battery, NTP not yet synced).
    now[0], wall[0] = 2.0, wall[0] - 365 * 86400
    again = PinLock(clock=lambda: now[0], path=state, wall=lambda: wall[0])
    assert again.seconds_locked() == 30  # what was left when it was saved, not a year
    # A clock stepped forward ends it early rather than never.
    now[0], wall[0] = 3.0, 1_800_000_000.0 + 86400
    assert PinLock(clock=lambda: now[0], path=state, wall=lambda: wall[0]).seconds_locked() == 0


@pytest.mark.parametrize(
    "content",
    [
        b"{not json",
        b"\xff\xfe\x00",
        b"[1, 2]",
        b'{"failures": 2}',
        b'{"failures": 1, "lockouts": 1, "locked_until": NaN, "left": 30}',
        b"",
    ],
)
def test_a_damaged_state_file_starts_afresh_and_says_so(
    open_kiosk, qtbot, clock, log_file, content
):
    state = default_state_dir() / "pin-lock.json"
    state.parent.mkdir(parents=True, exist_ok=True)
    state.write_bytes(content)
    view = open_kiosk(config=config(), clock=clock)
    assert view.staff.lockSecondsLeft == 0
    assert any(
        line.startswith(f"the PIN lock state {state} is unreadable (")
        and line.endswith("); the PIN lock starts afresh")
        for line in audit_lines(log_file)
    )
    open_pad(view, qtbot, clock)
    enter(view, qtbot, PIN)
    qtbot.waitUntil(lambda: view.staff.panelOpen, timeout=5000)
    assert json.loads(state.read_text())["failures"] == 0  # written anew, whole


#: Root without the capabilities that pass permission checks, in no group: it meets
#: "Permission denied" as the kiosk's user would.
NO_DAC = [*WITHOUT_DAC, "--clear-groups"]
UNREADABLE = """
import logging, sys
logging.basicConfig(level=logging.INFO, format="%(name)s: %(message)s")
from pathlib import Path
from kiosk.pin import PinLock
print(PinLock(path=Path(sys.argv[1])).seconds_locked())
"""


def test_a_state_file_the_kiosk_cannot_read_starts_afresh(tmp_path):
    state = tmp_path / "pin-lock.json"
    state.write_text(json.dumps({"failures": 0, "lockouts": 1, "locked_until": 4e9, "left": 30}))
    os.chown(state, 1234, 1234)  # another user's, for the kiosk's user alone
    state.chmod(0o600)
    result = subprocess.run(
        [*NO_DAC, sys.executable, "-c", UNREADABLE, str(state)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "0.0"
    assert f"kiosk.audit: the PIN lock state {state} is unreadable (" in result.stderr
    assert "Permission denied" in result.stderr


def test_a_failed_write_keeps_the_old_state_whole_and_the_lock_in_memory(
    tmp_path, monkeypatch, caplog
):
    state = tmp_path / "pin-lock.json"
    now = [100.0]
    lock = PinLock(clock=lambda: now[0], path=state)
    lock.record(False)
    before = state.read_text()

    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    for _ in range(MAX_FAILURES - 1):
        lock.record(False)
    assert lock.seconds_locked() == 30  # held in memory
    assert state.read_text() == before  # never half a file
    assert [p.name for p in tmp_path.iterdir()] == ["pin-lock.json"]
    assert any(
        r.name == "kiosk.audit" and "could not store the PIN lock" in r.getMessage()
        for r in caplog.records
    )


def test_pin_attempts_are_stored_off_the_gui_thread(open_kiosk, qtbot, clock, monkeypatch):
    """Storing an attempt syncs the disk (a slow SD card takes a second): the GUI thread,
    which draws the pad's answer, never does it."""
    stored_on: list[bool] = []
    real = PinLock._save

    def spy(self: PinLock) -> None:
        stored_on.append(threading.current_thread() is threading.main_thread())
        real(self)

    monkeypatch.setattr(PinLock, "_save", spy)
    view = open_kiosk(config=config(), clock=clock)
    open_pad(view, qtbot, clock)
    enter(view, qtbot, WRONG)
    enter(view, qtbot, PIN)
    qtbot.waitUntil(lambda: view.staff.panelOpen, timeout=5000)
    assert stored_on == [False, False]
    assert json.loads((default_state_dir() / "pin-lock.json").read_text())["failures"] == 0


def test_two_writers_of_the_lock_state_never_meet(tmp_path, caplog):
    """An attempt and a lock's end may be stored from two worker threads at once: each
    write is whole, none fails, and no temporary file is left."""
    state = tmp_path / "pin-lock.json"
    lock = PinLock(path=state)
    start = threading.Barrier(2)

    def attempts(correct: bool) -> None:
        start.wait()
        for _ in range(200):
            lock.record(correct)

    writers = [threading.Thread(target=attempts, args=(c,)) for c in (False, True)]
    for w in writers:
        w.start()
    for w in writers:
        w.join()
    assert not [r for r in caplog.records if "could not store" in r.getMessage()]
    assert set(json.loads(state.read_text())) == {"failures", "lockouts", "locked_until", "left"}
    assert [p.name for p in tmp_path.iterdir()] == ["pin-lock.json"]


def test_a_planted_link_is_not_written_through_and_a_dead_writer_is_swept_up(tmp_path):
    """The temporary file has a name nobody can guess and is made new (never a link
    followed); a writer killed mid-write leaves one that the next start removes."""
    victim = tmp_path / "victim"
    victim.write_text("keep me", encoding="utf-8")
    state_dir = tmp_path / "state"
    state_dir.mkdir()
    state = state_dir / "pin-lock.json"
    (state_dir / ".pin-lock.json.tmp").symlink_to(victim)  # the old fixed name
    dead = state_dir / ".pin-lock.json.k3x9q1.tmp"
    dead.write_text('{"failu', encoding="utf-8")
    os.utime(dead, (1_000_000_000, 1_000_000_000))
    lock = PinLock(path=state)
    assert not dead.exists()
    lock.record(False)
    assert victim.read_text(encoding="utf-8") == "keep me"
    assert json.loads(state.read_text())["failures"] == 1
    assert not state.is_symlink()
