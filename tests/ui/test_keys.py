"""Keys and a tactile keypad drive the real scene; assistive input counts as activity."""

from __future__ import annotations

import logging

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtQml import QQmlComponent
from PySide6.QtQuick import QQuickItem
from PySide6.QtTest import QTest

from kiosk.config import Config, Keys, load_config
from kiosk.keynames import ALIASES, QT_NAMES
from kiosk.pin import hash_pin
from kiosk.ui.idle import VisitClock
from kiosk.ui.navigation import Navigator

S = Navigator.Screen
P = VisitClock.Phase
K = Qt.Key
PORTABLE = QKeySequence.SequenceFormat.PortableText
PIN_HASH = hash_pin("2580")


def kiosk_config(**kw):
    return Config(kiosk=True, pin_hash=PIN_HASH, idle_timeout=90, countdown=20, **kw)


def idle(view, clock, seconds):
    clock.advance(seconds)
    view.visit.tick()


def test_the_key_names_are_the_ones_qt_reads_and_writes():
    written = {QKeySequence(k.value).toString(PORTABLE) for k in Qt.Key}
    assert {n for n in written if len(n) > 1} == set(QT_NAMES)
    for alias, name in ALIASES.items():
        assert QKeySequence.fromString(alias, PORTABLE).toString(PORTABLE) == name


def test_a_keypad_key_mapped_to_next_turns_the_story_pages(open_kiosk, qtbot):
    view = open_kiosk(config=Config(keys=Keys(next=["Media Next"], previous=["F7"])))
    nav = view.session.navigator
    nav.open(S.Story, 0)
    qtbot.waitUntil(lambda: nav.screen == S.Story)
    pages = view.session.story.rowCount()
    assert pages > 2
    QTest.keyClick(view.window, K.Key_MediaNext)
    assert nav.index == 1
    QTest.keyClick(view.window, K.Key_MediaNext)
    assert nav.index == 2
    QTest.keyClick(view.window, K.Key_F7)
    assert nav.index == 1
    # With the focus outside the pager (a button of the bar, say), no item takes Right:
    # the kiosk pages all the same.
    elsewhere = make_item(view, "import QtQuick\nItem {}")
    elsewhere.forceActiveFocus()
    qtbot.waitUntil(elsewhere.hasActiveFocus)
    QTest.keyClick(view.window, K.Key_MediaNext)
    assert nav.index == 2
    QTest.keyClick(view.window, K.Key_F7)
    assert nav.index == 1
    for _ in range(pages + 2):  # and the last page is the last
        QTest.keyClick(view.window, K.Key_MediaNext)
    assert nav.index == pages - 1
    assert nav.screen == S.Story
    for _ in range(pages + 2):  # and the first the first
        QTest.keyClick(view.window, K.Key_F7)
    assert nav.index == 0


def test_a_bad_keymap_is_a_problem_and_the_default_keys_hold(open_kiosk, qtbot, tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('[keys]\nnext = ["Rigth"]\nback = ["F9"]\n')
    loaded = load_config(path)
    [problem] = loaded.problems
    assert problem.startswith(f'{path}, line 2: keys.next: unknown key name "Rigth"')
    view = open_kiosk(config=loaded.config)
    nav = view.session.navigator
    nav.open(S.Story, 0)
    elsewhere = make_item(view, "import QtQuick\nItem {}")  # the kiosk's own paging
    elsewhere.forceActiveFocus()
    qtbot.waitUntil(elsewhere.hasActiveFocus)
    QTest.keyClick(view.window, K.Key_Right)  # the default "next" holds
    assert nav.index == 1
    QTest.keyClick(view.window, K.Key_F9)  # and the file's good action is kept
    assert nav.screen == S.Home


def test_the_arrows_page_a_person_and_a_keypad_enter_is_enter(open_kiosk, qtbot):
    view = open_kiosk()
    nav = view.session.navigator
    nav.open(S.People, 0)
    nav.open(S.Person, 0)
    qtbot.waitUntil(lambda: nav.screen == S.Person)
    QTest.keyClick(view.window, K.Key_Right)
    assert nav.index == 1
    QTest.keyClick(view.window, K.Key_Left)
    QTest.keyClick(view.window, K.Key_Left)  # the first person is the first
    assert nav.index == 0
    with qtbot.waitSignal(view.keys.action) as pressed:
        QTest.keyClick(view.window, K.Key_Enter, Qt.KeyboardModifier.KeypadModifier)
    assert pressed.args == ["activate"]


def test_back_goes_back_and_home_goes_home(open_kiosk, qtbot):
    view = open_kiosk()
    nav = view.session.navigator
    nav.open(S.People, 0)
    nav.open(S.Person, 3)
    QTest.keyClick(view.window, K.Key_Backspace)
    assert nav.screen == S.People
    nav.open(S.Person, 3)
    QTest.keyClick(view.window, K.Key_Home)
    assert nav.screen == S.Home and nav.depth == 1


def test_escape_in_kiosk_mode_goes_back_and_never_out(open_kiosk, qtbot):
    view = open_kiosk(config=kiosk_config())
    view.enter_kiosk()
    qtbot.waitExposed(view.window)
    screen = QGuiApplication.primaryScreen().geometry()
    qtbot.waitUntil(lambda: view.window.geometry() == screen)
    nav = view.session.navigator
    nav.open(S.People, 0)
    nav.open(S.Person, 2)
    QTest.keyClick(view.window, K.Key_Escape)
    assert nav.screen == S.People
    QTest.keyClick(view.window, K.Key_Escape)
    assert nav.screen == S.Home
    QTest.keyClick(view.window, K.Key_Escape)  # at Home: nowhere to go, and no way out
    QTest.qWait(50)
    assert view.window.isVisible() and view.kiosk
    assert view.window.geometry() == screen
    assert view.window.flags() & Qt.WindowType.FramelessWindowHint
    view.leave_kiosk()  # lets the fixture close the window


def test_escape_goes_back_in_a_window_too_and_never_closes_it(open_kiosk):
    view = open_kiosk()
    nav = view.session.navigator
    nav.open(S.Glossary, 0)
    QTest.keyClick(view.window, K.Key_Escape)
    assert nav.screen == S.Home
    QTest.keyClick(view.window, K.Key_Escape)
    QTest.qWait(50)
    assert view.window.isVisible()


def test_an_item_that_takes_the_key_comes_first(open_kiosk, qtbot):
    # An overlay that closes on Escape (the lead's glossary card) takes the keypad's back
    # key before the kiosk goes back; and the key it gets is the standard one.
    view = open_kiosk()
    nav = view.session.navigator
    nav.open(S.Glossary, 0)
    card = make_item(
        view,
        "import QtQuick\nItem { property int escapes: 0\n"
        "  Keys.onEscapePressed: (event) => { escapes++; event.accepted = true } }",
    )
    card.forceActiveFocus()
    qtbot.waitUntil(card.hasActiveFocus)
    QTest.keyClick(view.window, K.Key_Back)  # the keypad's back key: Escape for the scene
    assert card.property("escapes") == 1
    assert nav.screen == S.Glossary


def test_a_text_field_keeps_its_keys(open_kiosk, qtbot):
    view = open_kiosk()
    nav = view.session.navigator
    nav.open(S.Glossary, 0)
    field = make_item(view, 'import QtQuick\nTextInput { width: 100; height: 20; text: "258" }')
    field.forceActiveFocus()
    field.setProperty("cursorPosition", 3)
    qtbot.waitUntil(field.hasActiveFocus)
    QTest.keyClick(view.window, K.Key_Backspace)
    assert field.property("text") == "25"
    assert nav.screen == S.Glossary


def test_help_and_volume_are_signals(open_kiosk, qtbot):
    view = open_kiosk()
    nav = view.session.navigator
    nav.open(S.Story, 1)
    for key, signal in [
        (K.Key_F1, view.keys.helpRequested),
        (K.Key_VolumeUp, view.keys.louderRequested),
        (K.Key_VolumeDown, view.keys.quieterRequested),
    ]:
        with qtbot.waitSignal(signal, timeout=1000):
            QTest.keyClick(view.window, key)
    assert nav.screen == S.Story and nav.index == 1


def test_a_named_key_the_keymap_does_not_know_is_logged_once_and_characters_never(
    open_kiosk, caplog
):
    view = open_kiosk()
    caplog.set_level(logging.INFO, logger="kiosk.keys")
    QTest.keyClick(view.window, K.Key_F13)
    QTest.keyClick(view.window, K.Key_F13)
    QTest.keyClick(view.window, K.Key_5, Qt.KeyboardModifier.KeypadModifier)  # a PIN digit
    QTest.keyClick(view.window, K.Key_5)
    QTest.keyClick(view.window, K.Key_Right)  # known: nothing to say
    said = [r.getMessage() for r in caplog.records if r.name == "kiosk.keys"]
    assert said == ['a key the keymap does not name: "F13" (name it in [keys] to use it)']


def test_a_key_on_the_attract_loop_starts_the_visit_and_does_nothing_else(open_kiosk, qtbot, clock):
    view = open_kiosk(config=kiosk_config(), clock=clock, start=True)
    view.enter_kiosk()
    assert view.visit.phase == P.Attract
    QTest.keyClick(view.window, K.Key_Escape)
    assert view.visit.phase == P.Active
    assert view.session.navigator.screen == S.Home
    view.leave_kiosk()


def test_a_key_that_moves_answers_still_there_and_moves_nothing(open_kiosk, clock):
    view = open_kiosk(clock=clock, start=True)
    nav = view.session.navigator
    nav.open(S.Story, 2)
    idle(view, clock, 91)
    assert view.visit.phase == P.Countdown
    QTest.keyClick(view.window, K.Key_Help)  # help, up, down, select: for the question's buttons
    assert view.visit.phase == P.Countdown
    QTest.keyClick(view.window, K.Key_Backspace)
    assert view.visit.phase == P.Active
    assert nav.screen == S.Story and nav.index == 2


@pytest.mark.parametrize("moves", [0, 1])
def test_navigation_without_input_events_keeps_the_visit_going(open_kiosk, clock, moves):
    # A screen reader's actions (AT-SPI) call QML handlers: the navigator moves, and no
    # touch or key event is seen. The visit goes on while the kiosk moves.
    view = open_kiosk(clock=clock, start=True)
    nav = view.session.navigator
    assert view.visit.phase == P.Active
    idle(view, clock, 60)
    if moves:
        nav.open(S.Story, 0)
    idle(view, clock, 40)
    assert view.visit.phase == (P.Active if moves else P.Countdown)
    if not moves:
        return
    nav.setIndex(1)  # paging on, by the navigator alone
    idle(view, clock, 80)
    assert view.visit.phase == P.Active
    idle(view, clock, 11)  # then nobody: "Still there?" comes as before
    assert view.visit.phase == P.Countdown


def test_a_key_that_moves_nothing_is_activity_too(open_kiosk, clock):
    view = open_kiosk(clock=clock, start=True)
    idle(view, clock, 80)
    QTest.keyClick(view.window, K.Key_F1)  # help: taken by the keymap, moves nothing
    idle(view, clock, 80)
    assert view.visit.phase == P.Active


def make_item(view, qml: str) -> QQuickItem:
    """A QML item made in the scene, on top of the screens (what the lead's QML would add)."""
    component = QQmlComponent(view.engine)
    component.setData(qml.encode(), QUrl())
    item = component.create()
    assert item is not None, component.errorString()
    item.setParentItem(view.window.contentItem())
    view._test_items = [*getattr(view, "_test_items", []), item, component]
    return item
