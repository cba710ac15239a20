"""A visit by keyboard alone (or a keypad that sends keys): Tab reaches the controls with a
ring that shows where the focus is, Return presses, arrows page, Escape goes back, and an
overlay keeps the keys while it shows."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtQuick import QQuickItem
from PySide6.QtTest import QTest

from kiosk.ui.navigation import Navigator
from tests.ui.scene import exists, find, scene_rect

S = Navigator.Screen
K = Qt.Key
RING = QColor("#1a73e8")


def tab_to(qtbot, view, name: str, presses: int = 60) -> QQuickItem:
    """Press Tab until the control called ``name`` has the focus."""
    win = view.window
    for _ in range(presses):
        QTest.keyClick(win, K.Key_Tab)
        item = win.activeFocusItem()
        if item is not None and item.objectName() == name:
            return item
    raise AssertionError(f"{presses} presses of Tab never reached {name!r}")


def focus_on(win, name: str) -> bool:
    """Whether the item called ``name`` has the keyboard's focus."""
    item = win.activeFocusItem()
    return item is not None and item.objectName() == name


def ring_shown(win, item: QQuickItem) -> bool:
    """Whether the focus ring's colour is on screen just outside the control's left edge."""
    image = win.grabWindow()
    dpr = win.devicePixelRatio()
    rect = scene_rect(item)
    y = int(rect.center().y() * dpr)
    for dx in range(1, 16):
        colour = image.pixelColor(int((rect.left() - dx) * dpr), y)
        if (
            max(
                abs(colour.red() - RING.red()),
                abs(colour.green() - RING.green()),
                abs(colour.blue() - RING.blue()),
            )
            <= 8
        ):
            return True
    return False


def test_tab_and_return_open_the_story_and_the_ring_shows_where(open_kiosk, qtbot):
    view = open_kiosk()
    win, nav = view.window, view.session.navigator
    story = find(win, "openStory")
    assert not ring_shown(win, story)  # no ring before the keyboard is used
    focused = tab_to(qtbot, view, "openStory")
    qtbot.waitUntil(lambda: ring_shown(win, focused))
    QTest.keyClick(win, K.Key_Return)
    qtbot.waitUntil(lambda: nav.screen == int(S.Story))
    QTest.keyClick(win, K.Key_Right)
    qtbot.waitUntil(lambda: nav.index == 1)
    QTest.keyClick(win, K.Key_Escape)
    qtbot.waitUntil(lambda: nav.screen == int(S.Home))


def test_an_open_card_keeps_the_keys_and_escape_closes_it(open_kiosk, qtbot):
    view = open_kiosk()
    win, nav = view.window, view.session.navigator
    nav.open(int(S.Story), 0)
    qtbot.waitUntil(lambda: focus_on(win, "pageTitle"))
    card = win.findChild(QQuickItem, "glossaryCard")
    card.setProperty("termId", "azrevkom")
    qtbot.waitUntil(lambda: focus_on(win, "closeTermButton"))
    for key in (K.Key_Right, K.Key_Left, K.Key_Home, K.Key_Down):
        QTest.keyClick(win, key)
    # A key acts in the same call as its press (the pager, kiosk.ui.keys): none did.
    assert (nav.screen, nav.index) == (int(S.Story), 0)
    assert card.property("termId") == "azrevkom"
    QTest.keyClick(win, K.Key_Escape)
    qtbot.waitUntil(lambda: card.property("termId") == "")
    assert nav.screen == int(S.Story)  # Escape closed the card, and did not go back
    qtbot.waitUntil(lambda: focus_on(win, "pageTitle"))


def test_return_on_the_focused_close_button_closes_the_card(open_kiosk, qtbot):
    view = open_kiosk()
    win = view.window
    view.session.navigator.open(int(S.Story), 0)
    card = win.findChild(QQuickItem, "glossaryCard")
    card.setProperty("termId", "azrevkom")
    qtbot.waitUntil(lambda: focus_on(win, "closeTermButton"))
    QTest.keyClick(win, K.Key_Return)
    qtbot.waitUntil(lambda: card.property("termId") == "")


def test_tab_reaches_a_person_and_a_photograph(open_kiosk, qtbot):
    view = open_kiosk()
    win, nav = view.window, view.session.navigator
    nav.open(int(S.People), 0)
    qtbot.waitUntil(lambda: exists(win, "person_1"))
    tab_to(qtbot, view, "person_1")
    QTest.keyClick(win, K.Key_Return)
    qtbot.waitUntil(lambda: (nav.screen, nav.index) == (int(S.Person), 1))
    nav.open(int(S.Photos), 0)
    qtbot.waitUntil(lambda: exists(win, "photo_2"))
    tab_to(qtbot, view, "photo_2")
    QTest.keyClick(win, K.Key_Space)
    qtbot.waitUntil(lambda: (nav.screen, nav.index) == (int(S.Viewer), 2))


def test_turning_the_page_by_keys_leaves_the_focus_on_next(open_kiosk, qtbot):
    """Return on "Next" turns the page and the focus stays there for the next press (found:
    it jumped to the new page's title, a Tab journey away)."""
    view = open_kiosk()
    win, nav = view.window, view.session.navigator
    nav.open(int(S.Story), 0)
    focused = tab_to(qtbot, view, "nextPage")
    for page in (1, 2):
        QTest.keyClick(win, K.Key_Return)
        qtbot.waitUntil(lambda page=page: nav.index == page)
        assert win.activeFocusItem() is focused


def test_a_held_select_key_presses_once(open_kiosk, qtbot):
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QGuiApplication, QKeyEvent

    view = open_kiosk()
    win, nav = view.window, view.session.navigator
    nav.open(int(S.Story), 0)
    tab_to(qtbot, view, "nextPage")
    QTest.keyClick(win, K.Key_Return)
    qtbot.waitUntil(lambda: nav.index == 1)
    for _ in range(3):  # what a key held down sends after its first press
        held = QKeyEvent(
            QEvent.Type.KeyPress, K.Key_Return, Qt.KeyboardModifier.NoModifier, "\r", True
        )
        QGuiApplication.sendEvent(win, held)
    assert nav.index == 1


def test_an_overlay_gives_the_focus_back_where_it_was(open_kiosk, qtbot):
    view = open_kiosk()
    win, nav = view.window, view.session.navigator
    nav.open(int(S.Story), 0)
    focused = tab_to(qtbot, view, "nextPage")
    card = win.findChild(QQuickItem, "glossaryCard")
    card.setProperty("termId", "azrevkom")
    qtbot.waitUntil(lambda: focus_on(win, "closeTermButton"))
    QTest.keyClick(win, K.Key_Escape)
    qtbot.waitUntil(lambda: win.activeFocusItem() is focused)


def test_the_staff_panel_keeps_the_keys(open_kiosk, qtbot):
    """With the staff panel open, the arrows and Escape do not move the visitor's screen
    beneath it (found: Right turned the story, Escape went Home); Escape closes it."""
    view = open_kiosk()
    win, nav, staff = view.window, view.session.navigator, view.staff
    nav.open(int(S.Story), 2)
    qtbot.waitUntil(lambda: nav.index == 2)
    for _ in range(5):  # no PIN configured: the corner gesture opens the panel
        staff.cornerTapped()
    qtbot.waitUntil(lambda: staff.property("panelOpen"))
    for key in (K.Key_Right, K.Key_Left, K.Key_Home):
        QTest.keyClick(win, key)
    assert (nav.screen, nav.index) == (int(S.Story), 2)
    QTest.keyClick(win, K.Key_Escape)
    qtbot.waitUntil(lambda: not staff.property("panelOpen"))
    assert (nav.screen, nav.index) == (int(S.Story), 2)
