"""Leaving kiosk mode lasts until the next idle reset, which locks the kiosk again; a window
that was never in kiosk mode stays a window. Quitting, from kiosk mode or from the window
staff left it for, ends `kiosk run` with a status the systemd unit restarts on."""

from __future__ import annotations

import configparser
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest

from kiosk.config import Config
from kiosk.ui.idle import VisitClock
from tests.conftest import DEFAULT_BUNDLE, REPO
from tests.ui.scene import exists
from tests.ui.test_kiosk_mode import PIN, PIN_HASH, enter, idle, kiosk_config, open_pad, shown

P = VisitClock.Phase
UNIT = REPO / "packaging" / "systemd" / "kiosk.service"


def leave_kiosk_mode(view, qtbot, clock):
    """Staff unlock and press "Leave kiosk mode": a normal window, the cursor back."""
    open_pad(view, qtbot, clock)
    enter(view, qtbot, PIN)
    qtbot.waitUntil(lambda: view.staff.panelOpen, timeout=5000)
    shown(view, qtbot, "staffLeaveKiosk")
    # The slot its button calls (test_staff_audit and test_kiosk_mode tap the button itself).
    view.staff.leaveKiosk()
    qtbot.waitUntil(lambda: not view.kiosk)
    assert not view.staff.kioskMode
    assert not view.window.flags() & Qt.WindowType.FramelessWindowHint
    assert QGuiApplication.overrideCursor() is None


def idle_reset(view, qtbot, clock):
    """Nobody there for the idle timeout and the "Still there?" countdown: the visit resets."""
    idle(view, clock, 91)
    assert view.visit.phase == P.Countdown
    with qtbot.waitSignal(view.visit.resetRequested, timeout=1000):
        idle(view, clock, 21)


def test_the_idle_reset_after_leaving_kiosk_mode_locks_the_kiosk_again(open_kiosk, qtbot, clock):
    view = open_kiosk(config=kiosk_config(), clock=clock, start=True)
    view.enter_kiosk()
    view.visit.leaveAttract()
    leave_kiosk_mode(view, qtbot, clock)
    QTest.keyClick(view.window, Qt.Key.Key_A)  # staff at work: the visit goes on
    idle(view, clock, 80)
    assert not view.kiosk  # not yet: 80 s of a 90 s idle timeout

    idle_reset(view, qtbot, clock)
    assert view.kiosk and view.staff.kioskMode
    assert not view.staff.panelOpen and not view.staff.pinPadOpen
    assert view.window.flags() & Qt.WindowType.FramelessWindowHint
    assert view.window.flags() & Qt.WindowType.WindowStaysOnTopHint
    assert view.window.property("locked") is True
    qtbot.waitUntil(lambda: view.window.geometry() == QGuiApplication.primaryScreen().geometry())
    assert QGuiApplication.overrideCursor().shape() == Qt.CursorShape.BlankCursor
    view.staff.quit()  # the staff session is locked again: refused
    QTest.keyClick(view.window, Qt.Key.Key_Escape)  # and the exit keys do nothing again
    view.window.close()
    QTest.qWait(50)
    assert view.window.isVisible()
    assert not exists(view.window, "staffPanel")
    # Staff get back in with the PIN, as before.
    open_pad(view, qtbot, clock)
    enter(view, qtbot, PIN)
    qtbot.waitUntil(lambda: view.staff.panelOpen, timeout=5000)
    view.leave_kiosk()  # lets the fixture close the window


def test_a_plain_window_is_never_locked_by_the_idle_reset(open_kiosk, qtbot, clock):
    # `kiosk run` without --kiosk: kiosk mode was never on, so the reset leaves it a window.
    view = open_kiosk(config=Config(pin_hash=PIN_HASH), clock=clock, start=True)
    assert not view.kiosk
    flags = view.window.flags()
    idle_reset(view, qtbot, clock)
    assert not view.kiosk and not view.staff.kioskMode
    assert view.window.flags() == flags
    assert QGuiApplication.overrideCursor() is None
    QTest.keyClick(view.window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not view.window.isVisible())


# --- the exit status systemd sees ----------------------------------------------------------

#: Runs `kiosk run` (kiosk.cli.main, as the console script does) and, once the exhibit is
#: started, unlocks the staff panel with the PIN and quits in the way the test names.
DRIVER = """
import sys
from PySide6.QtCore import QTimer, Qt
from PySide6.QtTest import QTest
import kiosk.ui.app as app
from kiosk import cli

how, pin, config, bundle = sys.argv[1:5]
started = app.KioskView.start


def wait(condition, then):
    QTimer.singleShot(50, lambda: then() if condition() else wait(condition, then))


def unlock(view, then):
    for _ in range(5):
        view.staff.cornerTapped()
    view.staff.submitPin(pin)
    wait(lambda: view.staff.panelOpen, then)


def drive(view):
    if how == "quit":
        unlock(view, view.staff.quit)
    elif how == "leave-then-ctrl-q":
        def ctrl_q():
            print("left kiosk mode", flush=True)
            QTest.keyClick(view.window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
        unlock(view, lambda: (view.staff.leaveKiosk(), wait(lambda: not view.kiosk, ctrl_q)))


def start(view):
    started(view)
    QTimer.singleShot(300, lambda: drive(view))


app.KioskView.start = start
sys.exit(cli.main(["run", "--kiosk", "--config", config, bundle]))
"""


def run_kiosk(tmp_path: Path, how: str) -> subprocess.CompletedProcess[str]:
    config = tmp_path / "config.toml"
    config.write_text(
        f'log_dir = "{tmp_path / "log"}"\ncache_dir = "{tmp_path / "cache"}"\n'
        f'content_dir = "{tmp_path / "exhibits"}"\npin_hash = "{PIN_HASH}"\n'
    )
    driver = tmp_path / "driver.py"
    driver.write_text(DRIVER)
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHONPATH": str(REPO),
    } | {v: str(tmp_path / v.lower()) for v in ("XDG_STATE_HOME", "XDG_CONFIG_HOME")}
    return subprocess.run(
        [sys.executable, str(driver), how, PIN, str(config), str(DEFAULT_BUNDLE)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def restart_policy() -> configparser.SectionProxy:
    unit = configparser.ConfigParser(strict=False, interpolation=None)
    unit.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    unit.read(UNIT, encoding="utf-8")
    return unit["Service"]


def restarts_on(status: int) -> bool:
    """Whether systemd restarts kiosk.service when its main process exits with ``status``
    (systemd.service(5): Restart=, RestartPreventExitStatus=, RestartForceExitStatus=)."""
    service = restart_policy()
    prevent = service.get("RestartPreventExitStatus", "").split()
    force = service.get("RestartForceExitStatus", "").split()
    success = ["0", *service.get("SuccessExitStatus", "").split()]
    if str(status) in prevent:
        return False
    if str(status) in force:
        return True
    restart = service.get("Restart", "no")
    clean = str(status) in success
    return restart == "always" or (restart in ("on-failure", "on-abnormal") and not clean)


@pytest.mark.parametrize("how", ["quit", "leave-then-ctrl-q"])
def test_quitting_leaves_a_status_the_unit_restarts_on(tmp_path, how):
    result = run_kiosk(tmp_path, how)
    log = (tmp_path / "log" / "kiosk.log").read_text(encoding="utf-8")
    assert "kiosk.audit: staff panel opened" in log, result.stderr
    if how == "quit":
        assert "kiosk.audit: staff action: quit" in log
    else:
        assert "left kiosk mode" in result.stdout
        assert "kiosk.audit: window closed by an exit key (not in kiosk mode)" in log
    assert PIN not in log
    assert restarts_on(result.returncode), (result.returncode, result.stderr)
    # cage, the unit's main process, exits 0 whatever the kiosk's status: the kiosk's own
    # status must be a clean one, so that nothing reads a staff quit as a crash.
    assert result.returncode == 0, result.stderr


def test_the_unit_restarts_after_every_exit_but_maintenance():
    service = restart_policy()
    assert service["Restart"] == "always"
    assert service["ExecStart"].endswith("kiosk run --kiosk")
    assert all(restarts_on(status) for status in (0, 1, 2, 3, 130))
    unit = UNIT.read_text(encoding="utf-8")
    # "Stop for maintenance" is the one quit that must not come back at once.
    assert "ConditionPathExists=!/run/kiosk/maintenance" in unit
    assert "Environment=KIOSK_MAINTENANCE_FILE=/run/kiosk/maintenance" in unit


def test_the_restart_rules_are_read_as_systemd_reads_them(tmp_path, monkeypatch):
    # The helper above must be able to say no, or the tests using it prove nothing.
    fake = tmp_path / "kiosk.service"
    fake.write_text("[Service]\nRestart=on-failure\nRestartPreventExitStatus=3\n")
    monkeypatch.setattr(sys.modules[__name__], "UNIT", fake)
    assert not restarts_on(0)
    assert restarts_on(1)
    assert not restarts_on(3)
    fake.write_text("[Service]\nRestart=on-failure\nRestartForceExitStatus=0\n")
    assert restarts_on(0)
