"""The foundation window: the real QML module from compiled resources, with the real bundle."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtGui import QFontDatabase
from PySide6.QtQuick import QQuickItem, QQuickWindow

from kiosk.ui.app import create_engine
from kiosk.ui.session import ExhibitSession
from tests.conftest import DEFAULT_BUNDLE


def visible_texts(window: QQuickWindow) -> list[str]:
    def walk(item: QQuickItem):
        yield item
        for child in item.childItems():
            yield from walk(child)

    return [
        str(i.property("text"))
        for i in walk(window.contentItem())
        if i.metaObject().className().startswith("QQuickText") and i.isVisible()
    ]


@pytest.fixture
def start(qapp, qtbot, qml_warnings):
    made = []

    def start(path: Path) -> tuple[ExhibitSession, QQuickWindow]:
        session = ExhibitSession(path)
        engine = create_engine(session)
        made.append(engine)
        (window,) = engine.rootObjects()
        assert isinstance(window, QQuickWindow)
        qtbot.waitExposed(window)
        return session, window

    yield start
    for engine in made:
        engine.deleteLater()


def test_shows_the_exhibit_title_with_no_qml_warning(start, qtbot, qml_warnings):
    session, window = start(DEFAULT_BUNDLE)
    assert visible_texts(window) == ["One moment…"]
    with qtbot.waitSignal(session.loaded, timeout=10_000):
        session.start()
    assert session.state == ExhibitSession.State.Ready
    qtbot.waitUntil(lambda: "The Baku Operation" in visible_texts(window))
    assert visible_texts(window) == [
        "The Baku Operation",
        "April–May 1920: how Soviet power came to Azerbaijan",
    ]
    session.setLanguage("ru")
    qtbot.waitUntil(lambda: "Бакинская операция" in visible_texts(window))
    assert window.title() == "Бакинская операция"
    assert qml_warnings() == []


def test_bundle_is_loaded_off_the_gui_thread(start, qtbot, monkeypatch):
    import kiosk.ui.session as session_module

    threads = []
    real = session_module.load_bundle

    def spy(path):
        threads.append(threading.current_thread())
        return real(path)

    monkeypatch.setattr(session_module, "load_bundle", spy)
    session, _ = start(DEFAULT_BUNDLE)
    with qtbot.waitSignal(session.loaded, timeout=10_000):
        session.start()
    assert threads and threads[0] is not threading.main_thread()


def test_a_broken_bundle_never_shows_an_error_to_visitors(start, qtbot, tmp_path, qml_warnings):
    (tmp_path / "bundle.json").write_text("{ not json")
    session, window = start(tmp_path)
    with qtbot.waitSignal(session.stateChanged, timeout=10_000):
        session.start()
    assert session.state == ExhibitSession.State.Failed
    assert any("invalid JSON" in p for p in session.problems)
    assert visible_texts(window) == ["One moment…"]
    assert qml_warnings() == []


def test_shipped_fonts_are_registered(qapp):
    families = QFontDatabase.families()
    assert "PT Serif" in families
    assert "PT Sans" in families


def test_the_warning_check_can_fail(qapp, qml_warnings):
    # The zero-warning assertions above mean something only if a warning is seen at all.
    from PySide6.QtCore import QByteArray, QUrl
    from PySide6.QtQml import QQmlComponent, QQmlEngine

    engine = QQmlEngine()
    component = QQmlComponent(engine)
    component.setData(QByteArray(b"import QtQuick\nItem { width: noSuchThing }"), QUrl("t.qml"))
    item = component.create()
    assert item is not None
    assert any("noSuchThing" in w for w in qml_warnings())
    del item, component, engine
