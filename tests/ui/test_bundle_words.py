"""A bundle's own UI words: qsTr in a real QML engine and in the kiosk reads them, plural
forms by CLDR's rules, the switch and reload leave no old words behind; and the language's
writing direction for the layout."""

from __future__ import annotations

import gc

import pytest
from PySide6.QtCore import QCoreApplication, QUrl
from PySide6.QtQml import QQmlComponent, QQmlEngine

from kiosk.ui import i18n
from kiosk.ui.i18n import WordsTranslator, translate_in, translator
from tests.ui.scene import visible_texts

COUNTDOWN = "The exhibit starts over in %n second(s)."
LOCKED = "Locked. Try again in %n second(s)."
UKRAINIAN = {
    "Story": "Історія",
    "Next": "Далі",
    "Touch to explore": "Торкніться, щоб почати",
    COUNTDOWN: {
        "one": "Виставка почнеться знову через %n секунду.",
        "few": "Виставка почнеться знову через %n секунди.",
        "many": "Виставка почнеться знову через %n секунд.",
        "other": "Виставка почнеться знову через %n секунди.",
    },
    LOCKED: {"one": "%n секунду", "few": "%n секунди", "many": "%n секунд", "other": "%n с"},
    "Real surname": "Справжнє прізвище",
    "mid-{x}": "середина {x}",
    "night of {first}/{second}": "ніч з {first} на {second}",
}


@pytest.fixture(autouse=True)
def _forget_words(qapp):
    """The translator is the process's: leave it as a fresh process has it."""
    yield
    translator().use("en")
    i18n._worded.clear()
    gc.collect()


def test_qml_qstr_reads_the_bundles_words_with_cldr_plural_forms(qapp):
    translator().use("uk", UKRAINIAN)
    assert isinstance(translator().installed, WordsTranslator)
    engine = QQmlEngine()
    component = QQmlComponent(engine)
    qml = f'Text {{ property int n: 1; text: qsTr("Next") + "|" + qsTr("{COUNTDOWN}", "", n) }}'
    component.setData(b"import QtQuick\n" + qml.encode(), QUrl())
    text = component.create()
    assert text is not None, component.errorString()
    shown = {}
    for n in (1, 2, 5, 21):
        text.setProperty("n", n)
        shown[n] = text.property("text")
    # Ukrainian: 1 and 21 take "one", 2 "few", 5 "many" (CLDR), not English's 1/other.
    assert shown == {
        1: "Далі|Виставка почнеться знову через 1 секунду.",
        2: "Далі|Виставка почнеться знову через 2 секунди.",
        5: "Далі|Виставка почнеться знову через 5 секунд.",
        21: "Далі|Виставка почнеться знову через 21 секунду.",
    }
    del text, component, engine


def test_python_tr_plurals_pick_the_cldr_form_too(qapp):
    translator().use("pl", {LOCKED: {"one": "%n sekunda", "few": "%n sekundy", "other": "%n s"}})
    forms = [QCoreApplication.translate("StaffDesk", LOCKED, None, n) for n in (1, 3, 5, 22)]
    assert forms == ["1 sekunda", "3 sekundy", "5 s", "22 sekundy"]


def test_words_override_the_shipped_translation_and_the_rest_stays_shipped(qapp):
    translator().use("ru", {"Next": "Дальше"})
    assert QCoreApplication.translate("StoryScreen", "Next") == "Дальше"
    assert QCoreApplication.translate("NavBar", "Home") == "Главная"  # kiosk_ru.qm
    assert translate_in("ru", "Kiosk", "Real surname", {"Real surname": "Фамилия"}) == "Фамилия"
    assert translate_in("ru", "Kiosk", "Real surname") == "Настоящая фамилия"


def test_a_language_without_words_gets_english_plural_forms_not_the_source(qapp):
    translator().use("uk")
    assert QCoreApplication.translate("CountdownOverlay", COUNTDOWN, None, 5) == (
        "The exhibit starts over in 5 seconds."
    )
    translator().use("uk", {"Next": "Далі"})
    assert QCoreApplication.translate("CountdownOverlay", COUNTDOWN, None, 1) == (
        "The exhibit starts over in 1 second."
    )


@pytest.fixture
def ukrainian_bundle(write_doc, default_doc):
    def make(words=UKRAINIAN, languages=("uk", "he")):
        default_doc["languages"] += list(languages)
        default_doc["ui"] = {"uk": words} if words else {}
        return write_doc(default_doc)

    return make


def switch(qtbot, session, code):
    with qtbot.waitSignal(session.languageChanged, timeout=5000):
        session.setLanguage(code)


def test_the_kiosk_shows_the_bundles_words_and_cldr_dates(open_kiosk, qtbot, ukrainian_bundle):
    view = open_kiosk(bundle=ukrainian_bundle())
    session, win = view.session, view.window
    assert "Торкніться, щоб почати" in session.exhibit.touchCall  # read on a worker
    switch(qtbot, session, "uk")
    qtbot.waitUntil(lambda: "Історія" in visible_texts(win))
    assert "Story" not in visible_texts(win)
    dates = [row.date for row in session.story.rows]
    assert "ніч з 27 на 28 квітня 1920 р." in dates
    assert "середина травня 1920 р." in dates
    assert "29–30 квітня 1920 р." in dates
    labels = {name.label for person in session.people.rows for name in person.other_names}
    assert "Справжнє прізвище" in labels
    switch(qtbot, session, "en")
    qtbot.waitUntil(lambda: "Story" in visible_texts(win))
    assert "Історія" not in visible_texts(win)


def test_a_reloaded_bundle_never_leaves_its_old_words_behind(
    open_kiosk, qtbot, write_doc, default_doc
):
    """In the language shown (the default one: a reload resets the visit to it), so that
    only the words change, not the language."""
    default_doc["ui"] = {"en": {"Story": "The story"}}
    view = open_kiosk(bundle=write_doc(default_doc))
    session, win = view.session, view.window
    qtbot.waitUntil(lambda: "The story" in visible_texts(win))

    def reload_with(words):
        default_doc["ui"] = words
        write_doc(default_doc)
        with qtbot.waitSignal(session.loaded, timeout=10_000):
            session.reload()

    reload_with({"en": {"Story": "Our story"}})
    qtbot.waitUntil(lambda: "Our story" in visible_texts(win))
    assert "The story" not in visible_texts(win)
    reload_with({})
    qtbot.waitUntil(lambda: "Story" in visible_texts(win))
    assert not {"Our story", "The story"} & set(visible_texts(win))
    assert session.language.code == "en"


def test_the_language_says_when_it_is_written_right_to_left(open_kiosk, qtbot, ukrainian_bundle):
    view = open_kiosk(bundle=ukrainian_bundle(words=None))
    language = view.session.language
    assert language.property("rightToLeft") is False
    with qtbot.waitSignal(language.rightToLeftChanged, timeout=5000):
        view.session.setLanguage("he")
    assert language.property("rightToLeft") is True
    assert language.property("current") == "he"
    with qtbot.waitSignal(language.rightToLeftChanged, timeout=5000):
        view.session.setLanguage("uk")
    assert language.property("rightToLeft") is False
