"""The visitor's options in the scene: a marked button on every screen opens them, and each
option changes what the visitor sees (text twice the size, the high-contrast palette, every
control within a seated visitor's reach) until the visit ends. Driven by real touches."""

from __future__ import annotations

import contextlib
from dataclasses import replace

import pytest
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QAccessible, QColor
from PySide6.QtQuick import QQuickItem
from PySide6.QtTest import QTest
from pytestqt.exceptions import TimeoutError

from kiosk.config import Reach
from kiosk.ui.idle import VisitClock
from kiosk.ui.navigation import Navigator
from kiosk.ui.proof import contrast
from tests.ui.scene import exists, find, items, really_visible, scene_rect, shown_rect, tap
from tests.ui.test_kiosk_mode import idle, kiosk_config

S = Navigator.Screen
SCREENS = (S.Home, S.Story, S.People, S.Person, S.Photos, S.Viewer, S.Glossary)


def go(view, screen) -> None:
    nav = view.session.navigator
    if screen == S.Home:
        nav.home()
    else:
        nav.open(int(screen), 0)


def theme(view):
    return view.engine.singletonInstance("Kiosk", "Theme")


def open_options(qtbot, view) -> None:
    win = view.window
    tap(win, find(win, "optionsButton"))
    qtbot.waitUntil(lambda: really_visible(find(win, "optionsSheet"), win))


def press(qtbot, view, name: str) -> None:
    """Tap a control of the sheet (scrolled into view first: with larger text the sheet
    scrolls)."""
    win = view.window
    item = find(win, name)
    flick = find(win, "optionsList")
    content = flick.property("contentItem")
    if content.isAncestorOf(item):  # Close stays below the list, always in sight
        top = item.mapToItem(content, QPointF(0, 0)).y()
        most = max(0.0, flick.property("contentHeight") - flick.height())
        flick.setProperty("contentY", min(most, max(0.0, top - flick.height() / 2)))
    qtbot.waitUntil(lambda: really_visible(item, win))
    tap(win, item)


def close_options(qtbot, view) -> None:
    press(qtbot, view, "closeOptionsButton")
    qtbot.waitUntil(lambda: not exists(view.window, "optionsSheet"))


@pytest.mark.parametrize("screen", SCREENS, ids=lambda s: s.name)
def test_the_options_button_is_on_every_screen(open_kiosk, qtbot, screen):
    view = open_kiosk()
    go(view, screen)
    win = view.window
    qtbot.waitUntil(lambda: really_visible(find(win, "optionsButton"), win))
    button = find(win, "optionsButton")
    assert "Options" in button.property("text")
    rect = scene_rect(button)
    assert QRectF(0, 0, win.width(), win.height()).contains(rect)
    open_options(qtbot, view)
    assert really_visible(find(win, "largeTextOption"), win)


def test_larger_text_doubles_every_size_of_type_until_the_visit_ends(open_kiosk, qtbot):
    view = open_kiosk(size=(1920, 1080))
    win, t = view.window, theme(view)
    sizes = ("bodySize", "smallSize", "labelSize", "titleSize", "displaySize", "dateSize")
    before = {name: t.property(name) for name in sizes}
    title = find(win, "homeTitle")
    title_px = title.property("font").pixelSize()
    open_options(qtbot, view)
    option = find(win, "largeTextOption")
    assert option.property("text") == "Larger text: off"
    press(qtbot, view, "largeTextOption")
    qtbot.waitUntil(lambda: view.options.property("largeText"))
    assert option.property("text") == "Larger text: on"
    for name in sizes:
        assert t.property(name) == pytest.approx(before[name] * 2), name
    # The labels of the sheet itself grew (it is laid out anew, and scrolls if need be).
    assert option.property("font").pixelSize() == pytest.approx(before["labelSize"] * 2, abs=1)
    close_options(qtbot, view)
    qtbot.waitUntil(lambda: title.property("font").pixelSize() > title_px * 1.5)
    view.session.resetVisit()
    qtbot.waitUntil(lambda: t.property("textScale") == 1)
    assert t.property("bodySize") == pytest.approx(before["bodySize"])


def pixel(view, point: QPointF) -> QColor:
    image = view.window.grabWindow()
    return image.pixelColor(int(point.x()), int(point.y()))


def test_high_contrast_turns_the_paper_white_and_the_ink_black(open_kiosk, qtbot):
    view = open_kiosk()
    win = view.window
    go(view, S.Glossary)
    qtbot.waitUntil(lambda: exists(win, "glossaryScreen"))
    corner = QPointF(win.width() - 3, 3)
    normal = pixel(view, corner)
    open_options(qtbot, view)
    press(qtbot, view, "highContrastOption")
    qtbot.waitUntil(lambda: view.options.property("highContrast"))
    close_options(qtbot, view)
    qtbot.waitUntil(lambda: pixel(view, corner) == QColor("#ffffff"))
    assert normal != QColor("#ffffff")
    t = theme(view)
    assert QColor(t.property("ink")) == QColor("#000000")
    # Each text colour of the palette is 7:1 or more on the surface it sits on.
    pairs = [
        ("ink", "paper"),
        ("inkSoft", "paper"),
        ("accent", "paper"),
        ("ink", "paperDeep"),
        ("accentText", "accent"),
        ("nightText", "night"),
        ("nightTextSoft", "night"),
        ("nightText", "nightRaised"),
    ]
    for fg, bg in pairs:
        ratio = contrast(QColor(t.property(fg)), QColor(t.property(bg)))
        assert ratio >= 7, (fg, bg, ratio)
    # Edges, the focus ring and states: 3:1 or more.
    for fg, bg in [
        ("edge", "paper"),
        ("nightEdge", "night"),
        ("focusRing", "paper"),
        ("focusRing", "night"),
        ("pressedLight", "accent"),
        ("selectedOnNight", "nightRaised"),
        ("line", "paper"),
    ]:
        ratio = contrast(QColor(t.property(fg)), QColor(t.property(bg)))
        assert ratio >= 3, (fg, bg, ratio)
    view.session.resetVisit()
    qtbot.waitUntil(lambda: pixel(view, corner) == normal)


def controls(win) -> list[QQuickItem]:
    """Every control a visitor can press that shows now (buttons, cells, pictures)."""
    found = []
    for item in items(win.contentItem()):
        pressable = item.inherits("QQuickAbstractButton") or bool(item.property("activeFocusOnTab"))
        if pressable and really_visible(item, win):
            found.append(item)
    return found


@pytest.mark.parametrize("size", [(1920, 1080), (1080, 1920)], ids=["landscape", "portrait"])
@pytest.mark.parametrize("screen", SCREENS, ids=lambda s: s.name)
def test_seated_keeps_every_control_within_reach(open_kiosk, qtbot, size, screen):
    # A 43" screen whose bottom edge is 30" above the floor: its top is out of reach.
    config = replace(kiosk_config(), reach=Reach(screen_bottom_in=30))
    view = open_kiosk(size=size, config=config)
    win, options = view.window, view.options
    top, bottom = options.property("reachTop"), options.property("reachBottom")
    assert top > 0  # part of the screen is above 48"
    go(view, screen)
    qtbot.waitUntil(lambda: really_visible(find(win, "optionsButton"), win))
    high = [c for c in controls(win) if shown_rect(c).top() < top - 1]
    if screen == S.Story:  # the chronology
        assert high, "nothing was out of reach to begin with: the test shows nothing"
    open_options(qtbot, view)
    assert really_visible(find(win, "seatedOption"), win)
    press(qtbot, view, "seatedOption")
    qtbot.waitUntil(lambda: options.property("seated"))
    close_options(qtbot, view)
    stage = find(win, "stage")
    qtbot.waitUntil(lambda: stage.y() == pytest.approx(top))
    QTest.qWait(0)

    def out_of_reach() -> list[tuple[str, QRectF]]:
        return [
            (c.objectName() or c.property("text"), shown_rect(c))
            for c in controls(win)
            if shown_rect(c).top() < top - 1 or shown_rect(c).bottom() > bottom + 1
        ]

    # Once what glides into its place has arrived (the caption panel slides as the band
    # moves); what is still out of reach then is named.
    with contextlib.suppress(TimeoutError):
        qtbot.waitUntil(lambda: out_of_reach() == [], timeout=3000)
    out = out_of_reach()
    assert out == [], f"out of reach (band {top:.0f}–{bottom:.0f} px)"
    view.session.resetVisit()
    qtbot.waitUntil(lambda: stage.y() == 0 and stage.height() == win.height())


def test_the_seated_option_is_not_offered_where_everything_is_within_reach(open_kiosk, qtbot):
    # A screen hung low (its bottom edge at 20", its top at 41"): a seated visitor reaches
    # all of it, and an option that changed nothing would only puzzle.
    config = replace(kiosk_config(), reach=Reach(screen_bottom_in=20))
    view = open_kiosk(config=config)
    assert view.options.property("allWithinReach")
    open_options(qtbot, view)
    assert not exists(view.window, "seatedOption")
    assert really_visible(find(view.window, "highContrastOption"), view.window)


def test_escape_closes_the_sheet_and_the_focus_goes_back_to_its_button(open_kiosk, qtbot):
    view = open_kiosk()
    win = view.window
    go(view, S.Story)  # where Escape, if the sheet let it through, would go back
    qtbot.waitUntil(lambda: exists(win, "storyPages"))
    button = find(win, "optionsButton")
    button.forceActiveFocus(Qt.FocusReason.TabFocusReason)
    QTest.keyClick(win, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: exists(win, "optionsSheet"))
    qtbot.waitUntil(lambda: find(win, "largeTextOption").hasActiveFocus())
    QTest.keyClick(win, Qt.Key.Key_Space)  # the focused option, by key
    qtbot.waitUntil(lambda: view.options.property("largeText"))
    QTest.keyClick(win, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not exists(win, "optionsSheet"))
    qtbot.waitUntil(lambda: button.hasActiveFocus())
    assert view.session.navigator.screen == S.Story  # Escape closed the sheet, and only that


def visiting(open_kiosk, qtbot, clock):
    """The kiosk in kiosk mode (its visit clock on ``clock``), a visit begun by a touch."""
    view = open_kiosk(config=kiosk_config(), clock=clock, start=True)
    tap(view.window, find(view.window, "attractLoop"))
    qtbot.waitUntil(lambda: view.visit.phase == VisitClock.Phase.Active)
    return view


def test_the_options_chosen_in_the_sheet_are_off_when_the_attract_loop_starts(
    open_kiosk, qtbot, clock
):
    view = visiting(open_kiosk, qtbot, clock)
    win = view.window
    open_options(qtbot, view)
    press(qtbot, view, "largeTextOption")
    press(qtbot, view, "highContrastOption")
    t = theme(view)
    qtbot.waitUntil(lambda: t.property("highContrast") and t.property("textScale") == 2)
    idle(view, clock, 91)
    idle(view, clock, 20)
    qtbot.waitUntil(lambda: exists(win, "attractLoop"))
    qtbot.waitUntil(lambda: t.property("textScale") == 1 and not t.property("highContrast"))
    assert not exists(win, "optionsSheet")


def test_each_option_is_a_switch_a_screen_reader_hears_on_and_off(open_kiosk, qtbot):
    view = open_kiosk()
    win = view.window
    QAccessible.setActive(True)  # as when a screen reader connects
    open_options(qtbot, view)
    option = find(win, "largeTextOption")

    def state():
        iface = QAccessible.queryAccessibleInterface(option)
        return iface.text(QAccessible.Text.Name), iface.state().checkable, iface.state().checked

    assert state() == ("Larger text", True, False)
    press(qtbot, view, "largeTextOption")
    qtbot.waitUntil(lambda: state() == ("Larger text", True, True))
    view.session.resetVisit()  # the visit ends: off, for the screen reader too
    qtbot.waitUntil(lambda: not view.options.property("largeText"))
    open_options(qtbot, view)
    qtbot.waitUntil(lambda: state() == ("Larger text", True, False))


def test_still_there_closes_the_sheet_and_the_answer_leaves_the_focus_on_the_screen(
    open_kiosk, qtbot, clock
):
    view = visiting(open_kiosk, qtbot, clock)
    win = view.window
    go(view, S.Story)
    qtbot.waitUntil(lambda: exists(win, "storyPages"))
    open_options(qtbot, view)
    idle(view, clock, 91)
    qtbot.waitUntil(lambda: exists(win, "continueButton"))
    assert not exists(win, "optionsSheet")
    tap(win, find(win, "continueButton"))
    qtbot.waitUntil(lambda: view.visit.phase == VisitClock.Phase.Active)
    qtbot.waitUntil(lambda: win.activeFocusItem() is not None and win.activeFocusItem().isVisible())
    QTest.keyClick(win, Qt.Key.Key_Escape)  # Back, as on any screen: nothing left open
    qtbot.waitUntil(lambda: view.session.navigator.screen == S.Home)
