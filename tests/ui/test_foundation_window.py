"""Start-up: the real QML module from compiled resources, the real bundle, off the GUI thread."""

from __future__ import annotations

import threading

from PySide6.QtGui import QFontDatabase

from kiosk.ui.app import KioskView
from kiosk.ui.session import ExhibitSession
from tests.conftest import DEFAULT_BUNDLE
from tests.ui.scene import find, visible_texts


def test_loads_with_zero_qml_warnings_and_shows_home(open_kiosk):
    view = open_kiosk()
    texts = visible_texts(view.window)
    assert "The Baku Operation" in texts
    assert "April–May 1920: how Soviet power came to Azerbaijan" in texts
    assert not any("SMPHR" in t for t in texts)  # below the fold at 1280x800, until:
    words = find(view.window, "homeWords")
    words.setProperty("contentY", float(words.property("contentHeight")) - words.height())
    # The introduction and credits scroll into view under the title.
    texts = visible_texts(view.window)
    assert any("SMPHR" in t for t in texts)
    assert any(t.startswith("This exhibit follows the operation") for t in texts)
    assert {"Story", "People", "Photographs", "Glossary"} <= set(texts)  # the ways in stay
    assert view.window.title() == "The Baku Operation"


def test_waits_calmly_while_loading(qapp, qtbot, qml_warnings):
    view = KioskView(DEFAULT_BUNDLE)
    try:
        qtbot.waitExposed(view.window)
        assert visible_texts(view.window) == ["One moment…"]
    finally:
        view.close()
    assert qml_warnings() == []


def test_bundle_is_loaded_off_the_gui_thread(qapp, qtbot, monkeypatch):
    import kiosk.ui.session as session_module

    threads = []
    real = session_module.load_bundle

    def spy(path, **kw):
        threads.append(threading.current_thread())
        return real(path, **kw)

    monkeypatch.setattr(session_module, "load_bundle", spy)
    view = KioskView(DEFAULT_BUNDLE)
    try:
        with qtbot.waitSignal(view.session.loaded, timeout=10_000):
            view.session.start()
    finally:
        view.close()
    assert threads and threads[0] is not threading.main_thread()


def test_a_broken_bundle_never_shows_an_error_to_visitors(qapp, qtbot, tmp_path, qml_warnings):
    (tmp_path / "bundle.json").write_text("{ not json")
    view = KioskView(tmp_path)
    try:
        with qtbot.waitSignal(view.session.stateChanged, timeout=10_000):
            view.session.start()
        assert view.session.state == ExhibitSession.State.Unavailable
        assert any("invalid JSON" in p for p in view.session.problems)
        # A calm sentence for visitors; the reason is for staff (their panel, the log).
        assert visible_texts(view.window) == [
            "This exhibit is not available just now. Please come back soon."
        ]
    finally:
        view.close()
    assert qml_warnings() == []


def test_shipped_fonts_are_registered(qapp):
    families = QFontDatabase.families()
    assert "PT Serif" in families
    assert "PT Sans" in families


def test_the_warning_check_can_fail(qapp, qml_warnings):
    # The zero-warning assertions mean something only if a warning is seen at all.
    from PySide6.QtCore import QByteArray, QUrl
    from PySide6.QtQml import QQmlComponent, QQmlEngine

    engine = QQmlEngine()
    component = QQmlComponent(engine)
    component.setData(QByteArray(b"import QtQuick\nItem { width: noSuchThing }"), QUrl("t.qml"))
    item = component.create()
    assert item is not None
    assert any("noSuchThing" in w for w in qml_warnings())
    del item, component, engine
