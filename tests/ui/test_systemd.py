"""systemd: READY=1 after the first frame, WATCHDOG=1 from the GUI thread, on a test socket."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time

from tests.conftest import REPO


def start_kiosk(tmp_path, **env):
    """``kiosk run`` of the default exhibit, offscreen, in a fresh process; its log in
    ``tmp_path/log``."""
    config = tmp_path / "config.toml"
    config.write_text(f'log_dir = "{tmp_path / "log"}"\n')
    base = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "QT_QPA_PLATFORM": "offscreen",
    }
    return subprocess.Popen(
        [sys.executable, "-m", "kiosk", "run", "--config", str(config)],
        cwd=REPO,
        env=base | env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def test_ready_after_first_frame_then_watchdog_pings(tmp_path):
    address = tmp_path / "notify.sock"
    server = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    server.bind(str(address))
    server.settimeout(20)
    # WATCHDOG_USEC=400000: a ping every 200 ms.
    proc = start_kiosk(tmp_path, NOTIFY_SOCKET=str(address), WATCHDOG_USEC="400000")
    try:
        messages = []
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and messages.count("WATCHDOG=1") < 3:
            messages.append(server.recv(256).decode())
        assert "READY=1" in messages
        assert messages.count("WATCHDOG=1") >= 3
    finally:
        proc.terminate()  # SIGTERM, as systemd stops a unit
        try:
            out = proc.communicate(timeout=20)[0]
        except subprocess.TimeoutExpired:
            proc.kill()  # never leave a kiosk behind, even when the test fails
            out = proc.communicate()[0]
        server.close()
    assert proc.returncode == 0, out  # a clean quit, not death by signal (-15)
    log = (tmp_path / "log" / "kiosk.log").read_text()
    assert "first frame shown; told systemd READY=1" in log, out
    assert "received SIGTERM; quitting cleanly" in log
    assert "logging to" in log


def test_without_a_socket_ready_is_not_claimed(tmp_path):
    proc = start_kiosk(tmp_path)
    log = tmp_path / "log" / "kiosk.log"
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if log.exists() and "first frame shown" in log.read_text():
                break
            time.sleep(0.05)  # polling for a condition, not a fixed wait
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            out = proc.communicate(timeout=20)[0]
        except subprocess.TimeoutExpired:
            proc.kill()  # never leave a kiosk behind, even when the test fails
            out = proc.communicate()[0]
    text = log.read_text()
    assert "first frame shown" in text, out
    assert "READY=1" not in text
    assert proc.returncode == 0, out


def test_no_socket_no_messages(monkeypatch):
    from kiosk.ui import systemd

    monkeypatch.delenv("NOTIFY_SOCKET", raising=False)
    monkeypatch.delenv("WATCHDOG_USEC", raising=False)
    assert systemd.notify("READY=1") is False
    assert systemd.watchdog_interval_ms() is None
    monkeypatch.setenv("WATCHDOG_USEC", "10000000")
    # Someone else's watchdog: neither this process nor its parent (which is pid 1 when
    # the tests were started detached, so "1" will not do).
    other = next(n for n in range(2, 1 << 22) if n not in (os.getpid(), os.getppid()))
    monkeypatch.setenv("WATCHDOG_PID", str(other))
    assert systemd.watchdog_interval_ms() is None
    monkeypatch.setenv("WATCHDOG_PID", str(os.getpid()))
    assert systemd.watchdog_interval_ms() == 5000
    # Under cage the unit's main process, named by systemd, is the compositor: our parent.
    monkeypatch.setenv("WATCHDOG_PID", str(os.getppid()))
    assert systemd.watchdog_interval_ms() == 5000
