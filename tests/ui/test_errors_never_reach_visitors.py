"""An unexpected exception is logged and shown to staff; the visitor's exhibit goes on."""

from __future__ import annotations

import logging
import sys
import threading

import pytest

from kiosk import logs
from tests.ui.scene import find, tap, visible_texts


@pytest.fixture
def kiosk_logs(tmp_path, monkeypatch):
    """logs.setup() into tmp_path, undone afterwards (it changes process-wide hooks)."""
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)

    def setup(**kw):
        return logs.setup(tmp_path, console=False, **kw)

    yield setup
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_kiosk", False):
            root.removeHandler(handler)
            handler.close()


def test_exception_in_a_slot_is_logged_and_the_exhibit_goes_on(
    open_kiosk, qtbot, monkeypatch, kiosk_logs
):
    path = kiosk_logs(max_bytes=100_000, backups=2)
    view = open_kiosk()

    def broken(code):
        raise RuntimeError("a bug in the presenter")

    monkeypatch.setattr(view.session._presenter, "build", broken)
    tap(view.window, find(view.window, "language_ru"))
    qtbot.waitUntil(lambda: "a bug in the presenter" in path.read_text())
    texts = visible_texts(view.window)
    assert "The Baku Operation" in texts and "Story" in texts  # texts and UI words agree
    assert not any("Traceback" in t or "RuntimeError" in t for t in texts)
    assert any("a bug in the presenter" in line for line in view.staff.info["errors"])
    assert "Traceback" in path.read_text()  # the log has the whole story for staff


def test_log_file_rotates_at_its_size_cap(tmp_path, kiosk_logs):
    path = kiosk_logs(max_bytes=10_000, backups=2)
    log = logging.getLogger("kiosk.test")
    for i in range(2000):
        log.warning("line %d of a long night", i)
    files = sorted(p.name for p in tmp_path.iterdir())
    assert files == ["kiosk.log", "kiosk.log.1", "kiosk.log.2"]
    assert all((tmp_path / f).stat().st_size <= 10_100 for f in files)
    assert path.exists()
