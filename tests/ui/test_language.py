"""A language switch: rows built off the GUI thread, shown in place, one translator at a time."""

from __future__ import annotations

import gc
import threading

from PySide6.QtCore import QTranslator

from kiosk.ui.i18n import translator
from tests.ui.scene import find, tap, visible_texts


def switch(qtbot, session, code):
    with qtbot.waitSignal(session.languageChanged, timeout=5000):
        session.setLanguage(code)


def test_rows_of_a_language_are_built_on_a_worker(kiosk, qtbot, monkeypatch):
    session = kiosk.session
    build = session._presenter.build
    threads = []

    def spy(code):
        threads.append(threading.current_thread())
        return build(code)

    monkeypatch.setattr(session._presenter, "build", spy)
    tap(kiosk.window, find(kiosk.window, "language_ru"))
    qtbot.waitUntil(lambda: session.language.code == "ru")
    assert threads and all(t is not threading.main_thread() for t in threads)
    assert "Главная" in visible_texts(kiosk.window)


def test_the_switch_shows_the_choice_at_once_and_the_last_tap_wins(kiosk, qtbot):
    session, win = kiosk.session, kiosk.window
    tap(win, find(win, "language_ru"))
    assert session.language.picked == "ru"  # selected before its texts are built
    tap(win, find(win, "language_en"))
    tap(win, find(win, "language_ru"))
    qtbot.waitUntil(lambda: session.language.code == "ru")
    with qtbot.waitSignal(win.frameSwapped, timeout=5000):
        win.update()
    assert session.language.code == session.language.picked == "ru"


def test_five_hundred_switches_leave_one_translator_installed(kiosk, qtbot, qapp):
    session = kiosk.session
    for i in range(500):
        switch(qtbot, session, "ru" if i % 2 == 0 else "en")
    assert session.language.code == "en"
    gc.collect()
    alive = [o for o in gc.get_objects() if isinstance(o, QTranslator)]
    alive += qapp.findChildren(QTranslator)
    # One per language at most (loaded once, reused), and only the current one installed.
    assert len(set(alive)) <= len(session.bundle.languages)
    assert translator().installed is not None
    switch(qtbot, session, "ru")
    assert translator().installed.translate("NavBar", "Home") == "Главная"
