"""An unusable log folder never stops the kiosk: the log goes to stderr (the journal), said
once, without a traceback; a log file that fails mid-run (a full disk) does the same."""

from __future__ import annotations

import errno
import logging
import os
import sys
import threading
from pathlib import Path

import pytest

from kiosk import logs

NOTICE = "cannot write the log file in"


@pytest.fixture
def kiosk_logs(monkeypatch):
    """logs.setup(), undone afterwards (it changes process-wide hooks and handlers)."""
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    yield logs.setup
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_kiosk", False):
            root.removeHandler(handler)
            if handler is not logs.recent:
                handler.close()


def log_lines(count: int, start: int = 0) -> None:
    log = logging.getLogger("kiosk.test")
    for i in range(start, start + count):
        log.info("record %d of a long night", i)


def assert_no_traceback(err: str) -> None:
    assert "Traceback" not in err
    assert "Logging error" not in err


def file_handler() -> logging.handlers.RotatingFileHandler:
    found = [
        h
        for h in logging.getLogger().handlers
        if isinstance(h, logging.handlers.RotatingFileHandler)
    ]
    assert len(found) == 1
    return found[0]


@pytest.mark.parametrize("console", [True, False])
def test_a_folder_that_cannot_be_made_logs_to_stderr(tmp_path, capsys, kiosk_logs, console):
    (tmp_path / "file").write_text("a regular file where a folder should be")
    folder = tmp_path / "file" / "logs"
    assert kiosk_logs(folder, max_bytes=100_000, backups=2, console=console) is logs.STDERR
    log_lines(5)
    err = capsys.readouterr().err
    notices = [line for line in err.splitlines() if NOTICE in line]
    assert len(notices) == 1, err
    assert str(folder) in notices[0] and "Not a directory" in notices[0]
    assert all(f"record {i} of a long night" in err for i in range(5))
    assert err.count("record 0 of") == 1  # once, not twice
    assert_no_traceback(err)
    assert any(NOTICE in line for line in logs.recent.lines())  # the staff panel says so


def test_a_read_only_folder_logs_to_stderr(tmp_path, capsys, kiosk_logs, monkeypatch):
    # Tests run as root, which writes anywhere: the file system says "read-only" here.
    def read_only(self):
        raise OSError(errno.EROFS, os.strerror(errno.EROFS), self.baseFilename)

    monkeypatch.setattr(logging.FileHandler, "_open", read_only)
    assert kiosk_logs(tmp_path / "logs", max_bytes=100_000, backups=2, console=False) is logs.STDERR
    log_lines(3)
    err = capsys.readouterr().err
    notices = [line for line in err.splitlines() if NOTICE in line]
    assert len(notices) == 1, err
    assert str(tmp_path / "logs") in notices[0]
    assert "Read-only file system" in notices[0]
    assert all(f"record {i} of a long night" in err for i in range(3))
    assert_no_traceback(err)


def _fill_up(handler: logging.handlers.RotatingFileHandler) -> None:
    """From now on the disk is full: the file is /dev/full (a real ENOSPC on every write)."""
    assert handler.stream is not None
    handler.stream.close()
    handler.stream = Path("/dev/full").open("a", encoding="utf-8")  # noqa: SIM115


@pytest.mark.parametrize("console", [True, False])
@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_disk_that_fills_mid_run_switches_to_stderr_once(tmp_path, capsys, kiosk_logs, console):
    path = kiosk_logs(tmp_path, max_bytes=1_000_000, backups=2, console=console)
    assert path == tmp_path / "kiosk.log"
    log_lines(10)
    assert "record 9 of a long night" in path.read_text()
    capsys.readouterr()
    _fill_up(file_handler())
    log_lines(50, start=10)
    err = capsys.readouterr().err
    notices = [line for line in err.splitlines() if NOTICE in line]
    assert len(notices) == 1, err
    assert str(tmp_path) in notices[0] and "No space left on device" in notices[0]
    for i in range(10, 60):  # every record reaches stderr, once
        assert err.count(f"record {i} of a long night") == 1, (i, err)
    assert_no_traceback(err)
    assert "record 10 of" not in path.read_text()


def test_a_lone_surrogate_is_logged_escaped_not_lost(tmp_path, capsys, kiosk_logs):
    # Text from a bundle may hold one ("\ud800"): the record reaches the file, escaped.
    target = kiosk_logs(tmp_path / "log", max_bytes=1_000_000, backups=1, console=False)
    logging.getLogger("kiosk.test").warning("a title: %s", "\ud800")
    for handler in logging.getLogger().handlers:
        handler.flush()
    assert "Logging error" not in capsys.readouterr().err
    assert "a title: \\ud800" in Path(target).read_text(encoding="utf-8")


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_the_log_file_comes_back_when_space_is_freed(tmp_path, capsys, kiosk_logs, monkeypatch):
    now = [0.0]
    monkeypatch.setattr(logs._LogFile, "clock", staticmethod(lambda: now[0]))
    path = kiosk_logs(tmp_path, max_bytes=1_000_000, backups=2, console=False)
    handler = file_handler()
    log_lines(1)
    _fill_up(handler)
    log_lines(1, start=1)  # fails: stderr from now on, said once
    # Before the retry is due, records go to stderr without touching the file.
    now[0] = logs.RETRY_SECONDS / 2
    log_lines(1, start=2)
    # The retry finds the disk still full: stderr still, and not said again.
    still_full = handler._open
    monkeypatch.setattr(
        handler,
        "_open",
        lambda: Path("/dev/full").open("a", encoding="utf-8"),  # noqa: SIM115
    )
    now[0] = logs.RETRY_SECONDS * 1.5
    log_lines(1, start=3)
    # Space freed: the next retry writes to the file again, and says so there.
    monkeypatch.setattr(handler, "_open", still_full)
    now[0] = logs.RETRY_SECONDS * 3
    log_lines(2, start=4)
    err = capsys.readouterr().err
    assert sum(NOTICE in line for line in err.splitlines()) == 1, err
    for i in (1, 2, 3):
        assert err.count(f"record {i} of a long night") == 1, (i, err)
    text = path.read_text(encoding="utf-8")
    assert "record 0 of" in text and "record 4 of" in text and "record 5 of" in text
    assert "record 3 of" not in text and "record 4 of" not in err
    assert "can be written again" in text
    assert_no_traceback(err)
