"""Overlays own their input: a touch on the attract loop, on "Still there?", on a glossary card,
on the PIN pad, on the staff panel or on the display test reaches that overlay and nothing
beneath it.

Every touch lands where a control of the screen beneath lies (a Home entry, Next on a story
page, a staff button under the display test). The overlay answers, and the screen beneath
stays as it was. "Nothing happened" is asserted only once something later in the same stream
of events has been seen: the overlay's own answer, or a later tap that registered.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtQuick import QQuickItem
from PySide6.QtTest import QTest

from kiosk.ui.idle import VisitClock
from kiosk.ui.navigation import Navigator
from tests.ui.scene import (
    center,
    drag,
    exists,
    find,
    items,
    link_point,
    pinch,
    scene_rect,
    swipe,
    tap,
    text_items,
    touch_device,
    visible_texts,
)
from tests.ui.test_kiosk_mode import PIN, idle, kiosk_config, shown

S = Navigator.Screen
P = VisitClock.Phase
ENTRIES = ["openStory", "openPeople", "openPhotos", "openGlossary"]
TERM = "The Russian Communist Party (Bolsheviks)."  # the definition of RCP(b)


def frame(view, qtbot):
    """Wait for the next frame: what a touch changed is drawn and laid out."""
    with qtbot.waitSignal(view.window.frameSwapped, timeout=5000):
        view.window.update()


def outside(card: QQuickItem, point: QPoint) -> bool:
    return not scene_rect(card).contains(QPointF(point))


def is_button(item: QQuickItem) -> bool:
    return item.inherits("QQuickAbstractButton") or item.metaObject().className().startswith(
        "KioskButton"
    )


def on_no_control_of(overlay: QQuickItem, point: QPoint) -> bool:
    """Whether ``point`` misses every button of ``overlay`` (it lands on its background)."""
    return not any(
        scene_rect(i).contains(QPointF(point))
        for i in items(overlay)
        if i.isVisible() and is_button(i)
    )


def story(view, qtbot, index):
    """The story at page ``index``; a function giving what a tap beneath would change:
    (screen, index, depth, the page the pager shows)."""
    nav = view.session.navigator
    nav.open(int(S.Story), index)
    shown(view, qtbot, "nextPage")
    pages = find(view.window, "storyPages")
    qtbot.waitUntil(lambda: pages.property("currentIndex") == index)
    return lambda: (nav.screen, nav.index, nav.depth, pages.property("currentIndex"))


def staff_in(view, qtbot):
    """The staff panel, opened as staff open it (the PIN is checked on a worker)."""
    for _ in range(5):
        view.staff.cornerTapped()
    view.staff.submitPin(PIN)
    return shown(view, qtbot, "staffPanel")


# --- the attract loop -------------------------------------------------------------------------


@pytest.mark.parametrize("entry", ENTRIES)
def test_the_first_touch_on_the_attract_loop_opens_home_and_nothing_else(
    open_kiosk, qtbot, clock, entry
):
    view = open_kiosk(config=kiosk_config(), clock=clock, start=True)
    win, nav = view.window, view.session.navigator
    shown(view, qtbot, "attractLoop")
    point = center(find(win, entry))  # Home lies under the loop, its buttons live
    tap(win, point)
    qtbot.waitUntil(lambda: view.visit.phase == P.Active)
    frame(view, qtbot)
    assert (nav.screen, nav.depth) == (S.Home, 1)


def test_a_long_touch_on_the_attract_loop_wakes_it_too(open_kiosk, qtbot, clock):
    view = open_kiosk(config=kiosk_config(), clock=clock, start=True)
    win = view.window
    point = center(shown(view, qtbot, "attractLoop"))
    hold = QGuiApplication.styleHints().mousePressAndHoldInterval() + 300
    QTest.touchEvent(win, touch_device()).press(0, point, win).commit()
    QTest.qWait(hold)  # the gesture itself: a finger resting longer than a long press
    QTest.touchEvent(win, touch_device()).release(0, point, win).commit()
    qtbot.waitUntil(lambda: view.visit.phase == P.Active)


# --- "Still there?" --------------------------------------------------------------------------


def still_there(view, qtbot, clock):
    idle(view, clock, 95)
    assert view.visit.phase == P.Countdown
    return shown(view, qtbot, "countdownCard")


@pytest.mark.parametrize("beneath", ["nextPage", "previousPage", "backButton", "homeButton"])
def test_a_tap_beside_still_there_continues_the_visit_and_presses_nothing(
    open_kiosk, qtbot, clock, beneath
):
    view = open_kiosk(config=kiosk_config(), clock=clock, start=True)
    view.visit.leaveAttract()
    state = story(view, qtbot, 1)
    before = state()
    point = center(find(view.window, beneath))
    assert outside(still_there(view, qtbot, clock), point)
    tap(view.window, point)
    # A tap outside the card answers "Still there?" (if it did not, the visit would reset).
    qtbot.waitUntil(lambda: view.visit.phase == P.Active)
    frame(view, qtbot)
    assert state() == before


def test_a_click_beside_still_there_continues_the_visit_and_presses_nothing(
    open_kiosk, qtbot, clock
):
    view = open_kiosk(config=kiosk_config(), clock=clock, start=True)
    view.visit.leaveAttract()
    state = story(view, qtbot, 1)
    before = state()
    point = center(find(view.window, "nextPage"))
    assert outside(still_there(view, qtbot, clock), point)
    QTest.mouseClick(view.window, Qt.MouseButton.LeftButton, pos=point)
    qtbot.waitUntil(lambda: view.visit.phase == P.Active)
    frame(view, qtbot)
    assert state() == before


def test_a_swipe_on_still_there_does_not_turn_the_page(open_kiosk, qtbot, clock):
    view = open_kiosk(config=kiosk_config(), clock=clock, start=True)
    view.visit.leaveAttract()
    state = story(view, qtbot, 1)
    before = state()
    still_there(view, qtbot, clock)
    swipe(view.window, find(view.window, "storyPages"), -1)
    qtbot.waitUntil(lambda: view.visit.phase == P.Active)  # a finger on it: someone is there
    frame(view, qtbot)
    assert state() == before


def two_fingers(window, still: QPoint, moving: QPoint, to: QPoint, steps: int = 10) -> None:
    """One finger pressed at ``still``; a second pressed at ``moving``, moved to ``to`` and
    lifted; then the first lifted."""
    dev = touch_device()
    QTest.touchEvent(window, dev).press(0, still, window).commit()
    QTest.qWait(20)
    QTest.touchEvent(window, dev).move(0, still, window).press(1, moving, window).commit()
    for i in range(1, steps + 1):
        QTest.qWait(16)
        at = moving + (to - moving) * (i / steps)
        QTest.touchEvent(window, dev).move(0, still, window).move(1, at, window).commit()
    QTest.qWait(16)
    QTest.touchEvent(window, dev).move(0, still, window).release(1, to, window).commit()
    QTest.qWait(20)
    QTest.touchEvent(window, dev).release(0, still, window).commit()
    QTest.qWait(20)


def test_a_second_finger_on_still_there_presses_nothing(open_kiosk, qtbot, clock):
    view = open_kiosk(config=kiosk_config(), clock=clock, start=True)
    view.visit.leaveAttract()
    state = story(view, qtbot, 1)
    before = state()
    first, second = (center(find(view.window, n)) for n in ("previousPage", "nextPage"))
    card = still_there(view, qtbot, clock)
    assert outside(card, first) and outside(card, second)
    two_fingers(view.window, first, second, second)
    qtbot.waitUntil(lambda: view.visit.phase == P.Active)
    frame(view, qtbot)
    assert state() == before


def viewer_under_still_there(view, qtbot, clock, zoom=False):
    """The first photograph (zoomed in, if asked), then "Still there?" over it; (viewer,
    the photo's canvas, a point on the photo above the card)."""
    win = view.window
    view.visit.leaveAttract()
    view.session.navigator.open(int(S.Viewer), 0)
    photo = shown(view, qtbot, "viewerFrame_0")
    viewer = find(win, "photoViewer")
    if zoom:
        pinch(win, center(photo), 80, 320)
        qtbot.waitUntil(lambda: viewer.property("currentZoom") > 2)
    card = still_there(view, qtbot, clock)
    at = QPoint(int(scene_rect(photo).center().x()), int(scene_rect(card).top()) - 60)
    assert scene_rect(photo).contains(QPointF(at)) and outside(card, at)
    return viewer, find(win, "viewerCanvas_0"), at


def test_two_fingers_on_still_there_do_not_zoom_the_photo(open_kiosk, qtbot, clock):
    view = open_kiosk(config=kiosk_config(), clock=clock, start=True)
    viewer, _, at = viewer_under_still_there(view, qtbot, clock)
    # One finger still, the other moving away: a pinch, to whatever lies beneath.
    two_fingers(view.window, at, at + QPoint(40, 0), at + QPoint(300, 0))
    qtbot.waitUntil(lambda: view.visit.phase == P.Active)
    frame(view, qtbot)
    assert viewer.property("currentZoom") == pytest.approx(1)


def test_a_drag_on_still_there_does_not_pan_a_zoomed_photo(open_kiosk, qtbot, clock):
    view = open_kiosk(config=kiosk_config(), clock=clock, start=True)
    viewer, canvas, at = viewer_under_still_there(view, qtbot, clock, zoom=True)
    zoom, x = viewer.property("currentZoom"), canvas.x()
    drag(view.window, at, at - QPoint(300, 0))
    qtbot.waitUntil(lambda: view.visit.phase == P.Active)
    frame(view, qtbot)
    assert (viewer.property("currentZoom"), canvas.x()) == (zoom, x)


# --- a glossary card ----------------------------------------------------------------------------


def open_term(view, qtbot):
    """On page 4 of the story, tap the term RCP(b) in the text: its card opens."""
    state = story(view, qtbot, 3)
    shown(view, qtbot, "pageImage_f-iii-33870")
    paragraph = next(
        i
        for i in text_items(view.window)
        if "RCP(b)" in str(i.property("text")) and scene_rect(i).width() > 0
    )
    tap(view.window, link_point(paragraph, "term:rcp-b"))
    qtbot.waitUntil(lambda: TERM in visible_texts(view.window))
    return state, find(view.window, "termCard")


@pytest.mark.parametrize("beneath", ["nextPage", "previousPage", "homeButton"])
def test_a_tap_beside_a_glossary_card_closes_it_and_presses_nothing(open_kiosk, qtbot, beneath):
    view = open_kiosk()
    state, card = open_term(view, qtbot)
    before = state()
    point = center(find(view.window, beneath))
    assert outside(card, point)
    tap(view.window, point)
    qtbot.waitUntil(lambda: TERM not in visible_texts(view.window))
    frame(view, qtbot)
    assert state() == before


def test_a_swipe_on_a_glossary_card_does_not_turn_the_page(open_kiosk, qtbot):
    view = open_kiosk()
    state, _ = open_term(view, qtbot)
    before = state()
    swipe(view.window, find(view.window, "storyPages"), -1)
    qtbot.waitUntil(lambda: TERM not in visible_texts(view.window))
    frame(view, qtbot)
    assert state() == before


# --- the PIN pad --------------------------------------------------------------------------------


@pytest.mark.parametrize("beneath", ["nextPage", "previousPage", "homeButton"])
def test_a_tap_between_the_keys_of_the_pin_pad_presses_nothing(open_kiosk, qtbot, clock, beneath):
    view = open_kiosk(config=kiosk_config(), clock=clock)
    state = story(view, qtbot, 1)
    before = state()
    point = center(find(view.window, beneath))
    for _ in range(5):
        view.staff.cornerTapped()
    pad = shown(view, qtbot, "pinPad")
    assert on_no_control_of(pad, point)
    tap(view.window, point)
    tap(view.window, find(view.window, "pin_1"))  # a later tap registers…
    qtbot.waitUntil(lambda: find(view.window, "pinDots").property("text") == "●")
    assert state() == before  # …so the one before it has been handled: by the pad alone
    assert view.staff.pinPadOpen


# --- the staff panel and the display test --------------------------------------------------------


def margins(panel: QQuickItem, beneath: QRectF) -> list[QPoint]:
    """Points of ``beneath`` in the panel's margins, outside its scrolling content."""
    content = next(i for i in items(panel) if i.metaObject().className() == "QQuickFlickable")
    outer, inner = scene_rect(panel), scene_rect(content)
    strips = [
        QRectF(outer.left(), outer.top(), outer.width(), inner.top() - outer.top()),
        QRectF(outer.left(), inner.bottom(), outer.width(), outer.bottom() - inner.bottom()),
        QRectF(outer.left(), outer.top(), inner.left() - outer.left(), outer.height()),
        QRectF(inner.right(), outer.top(), outer.right() - inner.right(), outer.height()),
    ]
    cut = [beneath.intersected(s) for s in strips]
    return [c.center().toPoint() for c in cut if c.width() >= 2 and c.height() >= 2]


def test_a_tap_on_the_staff_panel_presses_nothing_beneath(open_kiosk, qtbot, clock):
    view = open_kiosk(config=kiosk_config(), clock=clock)
    nav, win = view.session.navigator, view.window
    controls = [scene_rect(find(win, n)) for n in [*ENTRIES, "language_ru"]]
    panel = staff_in(view, qtbot)
    # On its content (between its buttons), and on its bare margins.
    inside = [c.center().toPoint() for c in controls]
    edges = [p for c in controls for p in margins(panel, c)]
    assert edges, "no control beneath lies in the panel's margins"
    tapped = [p for p in inside + edges if on_no_control_of(panel, p)]
    assert tapped, "every point beneath lies on one of the panel's own controls"
    for point in tapped:
        tap(win, point)
    tap(win, find(win, "staffClose"))  # a later tap registers: the panel closes
    qtbot.waitUntil(lambda: not view.staff.panelOpen)
    frame(view, qtbot)
    assert (nav.screen, nav.depth) == (S.Home, 1)
    # Still English: a tap on a language is taken at once (its texts follow later).
    assert view.session.language.picked == "en"
    assert "Story" in visible_texts(win)


def test_a_touch_on_the_display_test_reaches_no_staff_button(open_kiosk, qtbot, clock):
    view = open_kiosk(config=kiosk_config(), clock=clock)
    win = view.window
    staff_in(view, qtbot)
    beneath = {n: center(shown(view, qtbot, n)) for n in ("staffClose", "staffReload", "staffQuit")}
    reloads = []
    view.staff.reloadRequested.connect(reloads.append)
    tap(win, find(win, "staffDisplayTest"))
    test = shown(view, qtbot, "displayTest")
    assert all(on_no_control_of(test, p) for p in beneath.values())

    def ring() -> bool:
        return any(i.isVisible() for i in items(win.contentItem()) if i.objectName() == "touchRing")

    for name, point in beneath.items():
        assert view.staff.displayTestOpen, f"a touch before the one on {name} reached the panel"
        QTest.touchEvent(win, touch_device()).press(0, point, win).commit()
        qtbot.waitUntil(ring)  # the display test answers: a ring under the finger
        QTest.touchEvent(win, touch_device()).release(0, point, win).commit()
    tap(win, find(win, "displayTestClose"))  # a later tap registers: the test closes
    qtbot.waitUntil(lambda: not exists(win, "displayTest"))
    assert view.staff.panelOpen and win.isVisible()  # not closed, not quit
    assert reloads == []


def test_a_drag_on_the_display_test_does_not_pan_a_zoomed_photo(open_kiosk, qtbot, clock):
    view = open_kiosk(config=kiosk_config(), clock=clock)
    win = view.window
    view.session.navigator.open(int(S.Viewer), 0)
    photo = shown(view, qtbot, "viewerFrame_0")
    viewer, canvas = find(win, "photoViewer"), find(win, "viewerCanvas_0")
    pinch(win, center(photo), 80, 320)
    qtbot.waitUntil(lambda: viewer.property("currentZoom") > 2)
    zoom, x = viewer.property("currentZoom"), canvas.x()
    staff_in(view, qtbot)
    tap(win, find(win, "staffDisplayTest"))
    shown(view, qtbot, "displayTest")
    at = center(photo)
    drag(win, at, at - QPoint(300, 0))
    tap(win, find(win, "displayTestClose"))  # a later tap registers: the test closes
    qtbot.waitUntil(lambda: not exists(win, "displayTest"))
    assert (viewer.property("currentZoom"), canvas.x()) == (zoom, x)
