"""systemd under faults: a notify socket that is missing or refuses is reported once, not
once per watchdog ping; a kiosk with no exhibit and no usable log folder still starts,
says READY=1 and logs to stderr (the journal)."""

from __future__ import annotations

import logging
import os
import socket
import subprocess
import sys

from tests.conftest import REPO


def test_a_missing_notify_socket_is_reported_once(tmp_path, monkeypatch, caplog):
    from kiosk.ui import systemd

    caplog.set_level(logging.INFO, logger="kiosk.ui.systemd")
    address = tmp_path / "notify.sock"
    monkeypatch.setattr(systemd, "_failure", None)
    monkeypatch.setenv("NOTIFY_SOCKET", str(address))  # nothing listens there (yet)
    for _ in range(50):
        assert systemd.notify("WATCHDOG=1") is False
    failures = [r for r in caplog.records if "could not notify systemd" in r.getMessage()]
    assert len(failures) == 1
    assert failures[0].levelno == logging.WARNING
    assert str(address) in failures[0].getMessage()

    server = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    server.bind(str(address))
    try:
        assert systemd.notify("WATCHDOG=1") is True
        assert systemd.notify("WATCHDOG=1") is True
        assert server.recv(64) == b"WATCHDOG=1"
    finally:
        server.close()
    assert sum("notify socket" in r.getMessage() for r in caplog.records) == 1
    address.unlink()
    for _ in range(5):  # gone again: said again, once
        assert systemd.notify("WATCHDOG=1") is False
    failures = [r for r in caplog.records if "could not notify systemd" in r.getMessage()]
    assert len(failures) == 2


def test_a_watchdog_without_a_notify_socket_says_so_and_does_not_ping(qapp, monkeypatch, caplog):
    from kiosk.ui import systemd

    caplog.set_level(logging.INFO, logger="kiosk.ui.systemd")
    monkeypatch.delenv("NOTIFY_SOCKET", raising=False)
    monkeypatch.setenv("WATCHDOG_USEC", "2000000")
    monkeypatch.setenv("WATCHDOG_PID", str(os.getpid()))
    watchdog = systemd.Watchdog()
    assert watchdog.start() is False
    assert sum("no NOTIFY_SOCKET" in r.getMessage() for r in caplog.records) == 1


def test_no_exhibit_and_no_log_folder_still_start_and_say_ready(tmp_path):
    (tmp_path / "file").write_text("a regular file where the log folder should be")
    log_dir = tmp_path / "file" / "log"
    config = tmp_path / "config.toml"
    config.write_text(f'log_dir = "{log_dir}"\nbundle = "{tmp_path / "nowhere"}"\n')
    address = tmp_path / "notify.sock"
    server = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    server.bind(str(address))
    server.settimeout(30)
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "QT_QPA_PLATFORM": "offscreen",
        "NOTIFY_SOCKET": str(address),
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "kiosk", "run", "--config", str(config)],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert server.recv(256).decode() == "READY=1"
    finally:
        proc.terminate()
        try:
            out = proc.communicate(timeout=20)[0]
        except subprocess.TimeoutExpired:
            proc.kill()  # never leave a kiosk behind, even when the test fails
            out = proc.communicate()[0]
        server.close()
    assert proc.returncode == 0, out
    notices = [line for line in out.splitlines() if "cannot write the log file in" in line]
    assert len(notices) == 1, out
    assert str(log_dir) in notices[0]
    assert "Traceback" not in out and "Logging error" not in out
    assert "first frame shown, no exhibit to show; told systemd READY=1" in out
    assert "received SIGTERM; quitting cleanly" in out
