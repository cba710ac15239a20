"""Offline always: markup that slipped into the scene never reaches the network."""

from __future__ import annotations

import json
import logging
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.ui.scene import exists, tap, visible_texts
from tests.ui.test_kiosk_mode import corner, kiosk_config


@pytest.fixture
def web():
    """A web server on loopback that counts the requests it gets."""
    hits = []

    class Counting(BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            self.send_response(404)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Counting)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", hits
    server.shutdown()
    server.server_close()


def test_an_image_tag_that_reaches_the_staff_panel_fetches_nothing(
    open_kiosk, qtbot, clock, tmp_path, web, caplog
):
    # Validation refuses markup in every string, and its messages quote what they refuse:
    # the staff panel shows those messages, so the tag reaches the scene that way.
    base, hits = web
    broken = tmp_path / "broken"
    broken.mkdir()
    tag = f'<img src="{base}/tracker.png">'
    (broken / "bundle.json").write_text(
        json.dumps({"format": "kiosk-bundle", "format_version": 1, "name": tag})
    )
    caplog.set_level(logging.WARNING, logger="kiosk.ui.offline")
    view = open_kiosk(size=(1280, 1600), config=kiosk_config(pin_hash=None), clock=clock)
    view.session.reload(broken)
    qtbot.waitUntil(lambda: any(tag in p for p in view.session.problems), timeout=5000)
    for _ in range(5):
        tap(view.window, corner(view))
        clock.advance(0.3)
    qtbot.waitUntil(lambda: exists(view.window, "staffPanel"))
    # Shown as the characters it is made of, never as an image.
    qtbot.waitUntil(lambda: any(tag in t for t in visible_texts(view.window)), timeout=5000)
    assert hits == []


def test_the_engine_itself_refuses_the_network(open_kiosk, qtbot, web, caplog):
    """The second lock: whatever QML asks for over http, no request leaves the machine."""
    from PySide6.QtCore import QUrl
    from PySide6.QtQml import QQmlComponent

    base, hits = web
    caplog.set_level(logging.WARNING, logger="kiosk.ui.offline")
    view = open_kiosk()
    component = QQmlComponent(view.engine)
    component.setData(
        # failed: the status as a plain bool (PySide6 cannot convert QML's enum).
        f"import QtQuick\nImage {{ property bool failed: status === Image.Error; "
        f'source: "{base}/tracker.png" }}'.encode(),
        QUrl("qrc:/test/Probe.qml"),
    )
    image = component.create()
    assert image is not None, component.errorString()
    qtbot.waitUntil(lambda: image.property("failed"), timeout=5000)
    assert hits == []
    assert any(f"{base}/tracker.png" in r.getMessage() for r in caplog.records)
    image.deleteLater()
