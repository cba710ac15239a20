"""A language switch: rows built off the GUI thread, shown in place, one translator at a time."""

from __future__ import annotations

import gc
import threading

from PySide6.QtCore import QCoreApplication, QTranslator

from kiosk.ui import tasks
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
    assert "История" in visible_texts(kiosk.window)  # a UI word on Home (Story)


def test_the_switch_shows_the_choice_at_once_and_the_last_tap_wins(kiosk, qtbot, monkeypatch):
    session, win = kiosk.session, kiosk.window
    build = session._presenter.build
    built = []
    russian_may_finish = threading.Event()

    def spy(code):
        if code == "ru":
            russian_may_finish.wait(5)  # a big exhibit: the rows take a while
        result = build(code)
        built.append(code)
        return result

    monkeypatch.setattr(session._presenter, "build", spy)
    shown = []
    session.language.currentChanged.connect(lambda: shown.append(session.language.code))
    tap(win, find(win, "language_ru"))
    assert session.language.picked == "ru"  # selected before its texts are built
    tap(win, find(win, "language_en"))  # changed their mind while Russian was built
    assert session.language.picked == "en"
    russian_may_finish.set()
    qtbot.waitUntil(lambda: "ru" in built)  # the Russian rows came back, and then
    with qtbot.waitSignal(win.frameSwapped, timeout=5000):
        win.update()  # a frame after their delivery: they were dropped, not shown
    assert shown == [] and session.language.code == "en"
    assert "Story" in visible_texts(win)


def test_rows_asked_for_again_during_a_build_of_the_same_language_are_shown(
    kiosk, qtbot, monkeypatch
):
    # Renditions arrive (the rows are rebuilt for the language shown) and, while that build
    # runs, the visit resets to the same language: the rebuilt rows must still be shown.
    session = kiosk.session
    # First the real batch of this start, and the rebuild it asks for, must be over.
    qtbot.waitUntil(lambda: not tasks.busy(), timeout=60_000)
    qtbot.waitUntil(lambda: getattr(session, "_building", None) is None)
    build = session._presenter.build
    release = threading.Event()

    def slow(code):
        release.wait(5)
        return build(code)

    monkeypatch.setattr(session._presenter, "build", slow)
    with qtbot.waitSignal(session.photos.dataChanged, timeout=5000):
        session._build()  # what a finished rendition batch does
        session.setLanguage(session.language.code)
        release.set()


def test_five_hundred_switches_leave_one_translator_installed(kiosk, qtbot, qapp):
    session = kiosk.session

    def translators() -> set[QTranslator]:
        gc.collect()
        alive = [o for o in gc.get_objects() if isinstance(o, QTranslator)]
        return set(alive + qapp.findChildren(QTranslator))

    # Those of earlier tests (another bundle's own words) are not this session's.
    before = translators()
    for i in range(500):
        switch(qtbot, session, "ru" if i % 2 == 0 else "en")
    assert session.language.code == "en"
    alive = translators() - before
    # Loaded once per language and reused (one to install, one read by workers), never one
    # per switch; and only the current one installed.
    assert len(set(alive)) <= 2 * len(session.bundle.languages)
    assert translator().installed is not None
    assert QCoreApplication.translate("NavBar", "Home") == "Home"  # Russian was removed
    switch(qtbot, session, "ru")
    assert translator().installed.translate("NavBar", "Home") == "Главная"
    assert QCoreApplication.translate("NavBar", "Home") == "Главная"
