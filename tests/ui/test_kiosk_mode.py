"""Kiosk mode: no exits for visitors, idle reset and attract loop, staff unlock and panel."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest

from kiosk.config import Attract, Config
from kiosk.pin import hash_pin
from kiosk.ui.idle import VisitClock
from kiosk.ui.navigation import Navigator
from tests.conftest import DEFAULT_BUNDLE
from tests.ui.scene import exists, find, tap, visible_texts

S = Navigator.Screen
P = VisitClock.Phase
PIN = "2580"
PIN_HASH = hash_pin(PIN)  # once: scrypt is slow on purpose


def kiosk_config(**kw):
    base = {"kiosk": True, "pin_hash": PIN_HASH, "idle_timeout": 90, "countdown": 20}
    base.update(kw)
    return Config(**base)


def idle(view, clock, seconds):
    clock.advance(seconds)
    view.visit.tick()
    QTest.qWait(30)


# --- exits -------------------------------------------------------------------------------------

EXITS = [
    (Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier),
    (Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier),
    (Qt.Key.Key_F4, Qt.KeyboardModifier.AltModifier),
]  # not Escape: it is the visitor's Back (tests/ui/test_keys.py)


@pytest.mark.parametrize(("key", "mods"), EXITS)
def test_exit_keys_and_close_do_nothing_in_kiosk_mode(open_kiosk, qtbot, key, mods):
    view = open_kiosk(config=kiosk_config())
    view.enter_kiosk()
    qtbot.waitExposed(view.window)
    assert view.window.flags() & Qt.WindowType.FramelessWindowHint
    assert view.window.flags() & Qt.WindowType.WindowStaysOnTopHint
    # Covers the screen even with no window manager to honour "full screen".
    assert view.window.geometry() == QGuiApplication.primaryScreen().geometry()
    assert QGuiApplication.overrideCursor().shape() == Qt.CursorShape.BlankCursor
    QTest.keyClick(view.window, key, mods)
    view.window.close()
    QTest.qWait(50)
    assert view.window.isVisible()
    view.leave_kiosk()  # also lets the fixture close the window
    assert QGuiApplication.overrideCursor() is None


@pytest.mark.parametrize(("key", "mods"), [e for e in EXITS if e[0] != Qt.Key.Key_F4])
def test_exit_keys_close_a_window_outside_kiosk_mode(open_kiosk, qtbot, key, mods):
    view = open_kiosk()
    QTest.keyClick(view.window, key, mods)
    qtbot.waitUntil(lambda: not view.window.isVisible())


def test_leaving_kiosk_mode_lets_the_window_close(open_kiosk, qtbot):
    view = open_kiosk(config=kiosk_config())
    view.enter_kiosk()
    view.leave_kiosk()
    assert not view.window.flags() & Qt.WindowType.FramelessWindowHint
    view.window.close()
    qtbot.waitUntil(lambda: not view.window.isVisible())


# --- idle, countdown, reset, attract -------------------------------------------------------------


def test_idle_countdown_then_reset_to_the_attract_loop(open_kiosk, qtbot, clock):
    view = open_kiosk(config=kiosk_config(), clock=clock, start=True)
    win, nav, visit = view.window, view.session.navigator, view.visit
    assert visit.phase == P.Attract  # kiosk mode starts on the attract loop
    tap(win, find(win, "attractLoop"))
    qtbot.waitUntil(lambda: visit.phase == P.Active)
    assert nav.screen == S.Home
    nav.open(int(S.Person), 2)
    view.session.setLanguage("ru")
    qtbot.waitUntil(lambda: exists(win, "personScreen"))

    idle(view, clock, 89)
    assert visit.phase == P.Active
    idle(view, clock, 2)
    assert visit.phase == P.Countdown
    qtbot.waitUntil(lambda: "Вы ещё здесь?" in visible_texts(win))
    assert visit.secondsLeft == 20
    idle(view, clock, 5)
    assert visit.secondsLeft == 15
    assert "Выставка начнётся сначала через 15 секунд." in visible_texts(win)
    idle(view, clock, 15)
    assert visit.phase == P.Attract
    assert (nav.screen, nav.depth) == (S.Home, 1)
    # Back to the default language (its rows are built on a worker: wait for them).
    qtbot.waitUntil(lambda: view.session.language.code == "en")
    qtbot.waitUntil(lambda: exists(win, "attractLoop"))
    assert "Touch to explore · Коснитесь экрана, чтобы начать" in visible_texts(win)


def test_touch_counts_as_activity(open_kiosk, qtbot, clock):
    view = open_kiosk(config=kiosk_config(), clock=clock, start=True)
    view.visit.leaveAttract()
    idle(view, clock, 80)
    # A touch on an empty spot of the home screen: no button, but someone is there.
    tap(view.window, QPoint(view.window.width() - 20, view.window.height() // 2))
    idle(view, clock, 80)
    assert view.visit.phase == P.Active
    idle(view, clock, 11)
    assert view.visit.phase == P.Countdown


@pytest.mark.parametrize("kind", ["mouse", "key", "wheel"])
def test_mouse_keys_and_wheel_count_too(open_kiosk, qtbot, clock, kind):
    view = open_kiosk(config=kiosk_config(), clock=clock, start=True)
    view.visit.leaveAttract()
    idle(view, clock, 85)
    point = QPoint(view.window.width() - 20, view.window.height() // 2)
    if kind == "mouse":
        QTest.mouseClick(view.window, Qt.MouseButton.LeftButton, pos=point)
    elif kind == "key":
        QTest.keyClick(view.window, Qt.Key.Key_A)
    else:
        from PySide6.QtCore import QPointF
        from PySide6.QtGui import QWheelEvent

        event = QWheelEvent(
            QPointF(point),
            QPointF(point),
            QPoint(0, 0),
            QPoint(0, 120),
            Qt.MouseButton.NoButton,
            Qt.KeyboardModifier.NoModifier,
            Qt.ScrollPhase.NoScrollPhase,
            False,
        )
        QGuiApplication.sendEvent(view.window, event)
    idle(view, clock, 85)
    assert view.visit.phase == P.Active


def test_continue_keeps_the_visit(open_kiosk, qtbot, clock):
    view = open_kiosk(config=kiosk_config(), clock=clock, start=True)
    view.visit.leaveAttract()
    nav = view.session.navigator
    nav.open(int(S.Story), 3)
    idle(view, clock, 95)
    qtbot.waitUntil(lambda: exists(view.window, "continueButton"))
    tap(view.window, find(view.window, "continueButton"))
    qtbot.waitUntil(lambda: view.visit.phase == P.Active)
    assert (nav.screen, nav.index) == (S.Story, 3)


def test_start_over_resets_now(open_kiosk, qtbot, clock):
    view = open_kiosk(config=kiosk_config(attract=Attract(enabled=False)), clock=clock, start=True)
    assert view.visit.phase == P.Active  # attract loop off: kiosk opens on Home
    view.session.navigator.open(int(S.Glossary), 0)
    idle(view, clock, 95)
    qtbot.waitUntil(lambda: exists(view.window, "startOverButton"))
    tap(view.window, find(view.window, "startOverButton"))
    qtbot.waitUntil(lambda: view.session.navigator.screen == S.Home)
    assert view.visit.phase == P.Active


def test_bundle_sets_the_idle_timeout_unless_the_config_does(
    open_kiosk, qtbot, clock, tmp_path, default_doc, write_doc
):
    default_doc["visit"] = {"idle_timeout": 30, "countdown": 10}
    bundle = write_doc(default_doc)
    view = open_kiosk(bundle=bundle, config=Config(pin_hash=PIN_HASH), clock=clock, start=True)
    assert (view.visit.timeout, view.visit.countdown) == (30, 10)
    view2 = open_kiosk(bundle=bundle, config=kiosk_config(idle_timeout=60), clock=clock)
    assert (view2.visit.timeout, view2.visit.countdown) == (60, 20)


def test_attract_loop_shows_slides_with_captions_and_drifts(open_kiosk, qtbot, clock):
    view = open_kiosk(config=kiosk_config(), clock=clock, start=True)
    win = view.window
    qtbot.waitUntil(lambda: exists(win, "attractLoop"))
    texts = visible_texts(win)
    assert any(t.startswith("Members of the Revolutionary Military Council") for t in texts)
    assert "Baku, 1920" in texts
    loop, stage = find(win, "attractLoop"), find(win, "attractStage")
    start = (stage.x(), stage.y())
    loop.setProperty("driftStepMs", 50)  # Theme.driftStepMs is 20 s
    # The drift against burn-in: the whole stage steps aside, by whole pixels.
    qtbot.waitUntil(lambda: (stage.x(), stage.y()) != start)
    assert stage.x() == round(stage.x()) and stage.y() == round(stage.y())
    assert max(abs(stage.x()), abs(stage.y())) <= 0.015 * max(win.width(), win.height()) + 1


def test_attract_loop_draws_nothing_between_its_steps(open_kiosk, qtbot, clock):
    """At rest the loop costs a frame per step of its cross-fades and drift, and nothing in
    between: no property of it is animated continuously (each frame of a software-rendered
    screen costs CPU, for hours)."""
    view = open_kiosk(
        config=kiosk_config(attract=Attract(slide_seconds=120)), clock=clock, start=True
    )
    win = view.window
    qtbot.waitUntil(lambda: exists(win, "attractLoop"))
    loop, stage = find(win, "attractLoop"), find(win, "attractStage")
    qtbot.waitUntil(lambda: loop.property("fadeStep") == 8)  # the first slide is in
    # Home's picture, made in the background on a first start, fades in under the loop:
    # wait until it is made and in, so that what is counted is the loop's own frames.
    session = view.session
    qtbot.waitUntil(
        lambda: not session.making_renditions and session.exhibit.heroUrl.toString() != ""
    )
    hero = find(win, "heroImage")
    picture = next(
        c for c in hero.childItems() if c.metaObject().className().startswith("QQuickImage")
    )
    qtbot.waitUntil(lambda: picture.opacity() == 1.0 and not hero.property("loading"), timeout=5000)
    # Each frame drawn, by the drift step (the loop's timer) it came after.
    frames: list[int] = []
    win.frameSwapped.connect(lambda: frames.append(loop.property("driftStep")))
    first = loop.property("driftStep")
    loop.setProperty("driftStepMs", 300)
    qtbot.waitUntil(lambda: loop.property("driftStep") >= first + 3, timeout=10000)  # ~0.9 s
    # Frames after the first step and before the third: one or two per step (the stage
    # moved), never the 35 or so of 600 ms of a continuous animation (or of a step
    # smoothed by one).
    between = [f for f in frames if first + 1 <= f < first + 3]
    assert 1 <= len(between) <= 4, f"{len(between)} frames drawn in two drift steps"
    assert stage.x() == round(stage.x()) and stage.y() == round(stage.y())


def test_slides_cross_fade_in_a_few_steps(open_kiosk, qtbot, clock):
    view = open_kiosk(
        config=kiosk_config(attract=Attract(slide_seconds=2)), clock=clock, start=True
    )
    win = view.window
    qtbot.waitUntil(lambda: exists(win, "attractLoop"))
    loop = find(win, "attractLoop")
    first = loop.property("slide")
    fades: list[float] = []  # the cross-fade as each frame showed it
    win.frameSwapped.connect(lambda: fades.append(loop.property("fade")))
    qtbot.waitUntil(lambda: loop.property("slide") != first, timeout=5000)
    qtbot.waitUntil(lambda: loop.property("fade") == 1.0, timeout=5000)
    qtbot.waitUntil(lambda: fades[-1] == 1.0)
    shown = sorted({f for f in fades if f < 1.0})
    assert shown[0] == 0.0
    # A handful of steps, each drawn once or twice, not one step per frame.
    assert 4 <= len(shown) <= 8, shown
    assert sum(1 for f in fades if f < 1.0) <= 2 * len(shown) + 2  # + the picture decoded


def test_attract_loop_can_be_turned_off(open_kiosk, qtbot, clock):
    view = open_kiosk(config=kiosk_config(attract=Attract(enabled=False)), clock=clock, start=True)
    idle(view, clock, 200)
    idle(view, clock, 200)
    assert view.visit.phase == P.Active
    assert not exists(view.window, "attractLoop")


# --- staff -------------------------------------------------------------------------------------


def corner(view):
    return QPoint(8, 8)


def test_five_corner_taps_within_3_s_open_the_pin_pad(open_kiosk, qtbot, clock):
    view = open_kiosk(config=kiosk_config(), clock=clock)
    for _ in range(4):
        tap(view.window, corner(view))
        clock.advance(0.5)
    assert not view.staff.pinPadOpen
    tap(view.window, corner(view))
    qtbot.waitUntil(lambda: exists(view.window, "pinPad"))


def test_slow_or_misplaced_taps_do_not(open_kiosk, qtbot, clock):
    view = open_kiosk(config=kiosk_config(), clock=clock)
    for _ in range(10):  # slow: one tap a second is never five within three seconds
        tap(view.window, corner(view))
        clock.advance(1.0)
    for _ in range(6):  # quick, but not in the corner
        tap(view.window, QPoint(200, 8))
        clock.advance(0.2)
    assert not view.staff.pinPadOpen  # each tap is counted as it is delivered
    assert not exists(view.window, "pinPad")
    assert view.session.navigator.screen == S.Home
    open_pad(view, qtbot, clock)  # while five quick ones in the corner do


def shown(view, qtbot, name):
    """The item ``name`` once it is on screen and laid out: staff overlays are made when
    they open, and positioners place their rows in the polish before the next frame."""
    qtbot.waitUntil(lambda: exists(view.window, name), timeout=5000)
    with qtbot.waitSignal(view.window.frameSwapped, timeout=5000):
        view.window.update()
    return find(view.window, name)


def enter(view, qtbot, digits):
    for d in digits:
        tap(view.window, find(view.window, f"pin_{d}"))
    tap(view.window, find(view.window, "pin_ok"))


def open_pad(view, qtbot, clock):
    for _ in range(5):
        tap(view.window, corner(view))
        clock.advance(0.3)
    shown(view, qtbot, "pinPad")


def test_right_pin_opens_the_staff_panel(open_kiosk, qtbot, clock):
    view = open_kiosk(config=kiosk_config(), clock=clock)
    open_pad(view, qtbot, clock)
    enter(view, qtbot, PIN)
    qtbot.waitUntil(lambda: exists(view.window, "staffPanel"), timeout=5000)
    texts = "\n".join(visible_texts(view.window))
    assert "Exhibit: The Baku Operation, April–May 1920 (facts: SMPHR) (baku-1920 1.0.0)" in texts
    assert "Validation: 0 errors, 0 warnings" in texts
    assert "Software: kiosk 0.1.0" in texts
    assert not exists(view.window, "pinPad")


def test_wrong_pins_lock_the_pad(open_kiosk, qtbot, clock):
    view = open_kiosk(config=kiosk_config(), clock=clock)
    open_pad(view, qtbot, clock)
    enter(view, qtbot, "1111")
    qtbot.waitUntil(lambda: "Wrong PIN" in visible_texts(view.window), timeout=5000)
    for _ in range(4):
        enter(view, qtbot, "1111")
        qtbot.waitUntil(lambda: not view.staff.checking, timeout=5000)
    qtbot.waitUntil(lambda: "Locked. Try again in 30 seconds." in visible_texts(view.window))
    enter(view, qtbot, PIN)  # even the right PIN waits out the lock: it is not even checked
    assert not view.staff.checking
    assert not view.staff.panelOpen
    clock.advance(31)
    enter(view, qtbot, PIN)
    qtbot.waitUntil(lambda: view.staff.panelOpen, timeout=5000)


def test_the_lock_out_survives_a_restart_of_the_kiosk(open_kiosk, qtbot, clock):
    view = open_kiosk(config=kiosk_config(), clock=clock)
    open_pad(view, qtbot, clock)
    for _ in range(5):
        enter(view, qtbot, "1111")
        qtbot.waitUntil(lambda: not view.staff.checking, timeout=5000)
    qtbot.waitUntil(lambda: "Locked. Try again in 30 seconds." in visible_texts(view.window))
    # systemd restarts the kiosk: a new view reads the lock from the state folder.
    again = open_kiosk(config=kiosk_config(), clock=clock)
    open_pad(again, qtbot, clock)
    qtbot.waitUntil(
        lambda: any(t.startswith("Locked. Try again in") for t in visible_texts(again.window))
    )
    enter(again, qtbot, PIN)  # the right PIN waits out the lock too
    assert not again.staff.checking and not again.staff.panelOpen


def test_a_check_that_fails_never_leaves_the_pad_waiting(open_kiosk, qtbot, clock, monkeypatch):
    import kiosk.ui.staff

    real = kiosk.ui.staff.verify_pin

    def broken(pin, stored):
        raise MemoryError("scrypt could not allocate")

    monkeypatch.setattr(kiosk.ui.staff, "verify_pin", broken)
    view = open_kiosk(config=kiosk_config(), clock=clock)
    open_pad(view, qtbot, clock)
    enter(view, qtbot, PIN)
    qtbot.waitUntil(
        lambda: "The PIN cannot be checked. Staff: see the log." in visible_texts(view.window)
    )
    assert not view.staff.checking
    monkeypatch.setattr(kiosk.ui.staff, "verify_pin", real)
    enter(view, qtbot, PIN)  # the pad answers again
    qtbot.waitUntil(lambda: view.staff.panelOpen, timeout=5000)


def test_the_staff_panel_closes_itself_on_idle(open_kiosk, qtbot, clock):
    view = open_kiosk(config=kiosk_config(), clock=clock, start=True)
    view.visit.leaveAttract()
    open_pad(view, qtbot, clock)
    enter(view, qtbot, PIN)
    qtbot.waitUntil(lambda: view.staff.panelOpen, timeout=5000)
    idle(view, clock, 91)
    idle(view, clock, 21)
    assert not view.staff.panelOpen
    assert not exists(view.window, "staffPanel")


def test_staff_reload_switch_display_test_and_leave(open_kiosk, qtbot, clock, tmp_path, bundle_dir):
    import shutil

    content = tmp_path / "exhibits"
    shutil.copytree(DEFAULT_BUNDLE, content / "baku-copy")
    other = content / "baku-copy" / "bundle.json"
    other.write_text(other.read_text().replace('"version": "1.0.0"', '"version": "2.0.0"'))
    view = open_kiosk(config=kiosk_config(content_dir=content), clock=clock)
    view.enter_kiosk()
    open_pad(view, qtbot, clock)
    enter(view, qtbot, PIN)
    shown(view, qtbot, "switch_baku-copy")

    tap(view.window, find(view.window, "staffDisplayTest"))
    tap(view.window, shown(view, qtbot, "displayTestClose"))
    qtbot.waitUntil(lambda: not exists(view.window, "displayTest"))

    with qtbot.waitSignal(view.session.loaded, timeout=10_000):
        tap(view.window, find(view.window, "switch_baku-copy"))
    assert view.session.bundle.version == "2.0.0"
    assert view.session.path == content / "baku-copy"
    assert not view.staff.panelOpen

    open_pad(view, qtbot, clock)  # a switch locks the staff session again
    enter(view, qtbot, PIN)
    with qtbot.waitSignal(view.session.loaded, timeout=10_000):
        tap(view.window, shown(view, qtbot, "staffReload"))
    assert view.session.bundle.version == "2.0.0"

    open_pad(view, qtbot, clock)
    enter(view, qtbot, PIN)
    tap(view.window, shown(view, qtbot, "staffLeaveKiosk"))
    qtbot.waitUntil(lambda: not view.kiosk)
    assert QGuiApplication.overrideCursor() is None


def test_a_broken_bundle_on_reload_keeps_the_exhibit_on_screen(open_kiosk, qtbot, clock, tmp_path):
    view = open_kiosk(config=kiosk_config(), clock=clock)
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "bundle.json").write_text("{")
    view.session.reload(broken)
    qtbot.waitUntil(lambda: view.session.problems != [], timeout=5000)
    assert view.session.bundle.id == "baku-1920"
    assert "The Baku Operation" in visible_texts(view.window)
    assert any("invalid JSON" in p for p in view.staff.info["loadProblems"])


def test_cursor_comes_back_for_staff_and_quit_works_in_kiosk_mode(open_kiosk, qtbot, clock):
    view = open_kiosk(config=kiosk_config(), clock=clock)
    view.enter_kiosk()
    assert QGuiApplication.overrideCursor().shape() == Qt.CursorShape.BlankCursor
    open_pad(view, qtbot, clock)
    assert QGuiApplication.overrideCursor() is None  # staff see where they point
    tap(view.window, find(view.window, "pinCancel"))
    qtbot.waitUntil(lambda: QGuiApplication.overrideCursor() is not None)
    open_pad(view, qtbot, clock)
    enter(view, qtbot, PIN)
    tap(view.window, shown(view, qtbot, "staffQuit"))
    qtbot.waitUntil(lambda: not view.window.isVisible())


def test_config_problems_are_shown_to_staff(open_kiosk, qtbot, clock):
    view = open_kiosk(config=kiosk_config(), clock=clock)
    view.staff.config_problems = ["config.toml: screen_inches: too small; using the default (43.0)"]
    open_pad(view, qtbot, clock)
    enter(view, qtbot, PIN)
    qtbot.waitUntil(lambda: view.staff.panelOpen, timeout=5000)
    qtbot.waitUntil(
        lambda: any("screen_inches: too small" in t for t in visible_texts(view.window))
    )


def test_switching_to_a_bundle_with_other_languages_updates_the_switch(
    open_kiosk, qtbot, clock, default_doc, write_doc
):
    view = open_kiosk(config=kiosk_config(), clock=clock)
    assert exists(view.window, "language_ru")
    default_doc["languages"] = ["en"]
    for text in _texts_of(default_doc):
        text.pop("ru", None)
    for term in default_doc["glossary"]:
        term.pop("forms", None)
    english_only = write_doc(default_doc)
    with qtbot.waitSignal(view.session.loaded, timeout=10_000):
        view.session.reload(english_only)
    qtbot.waitUntil(lambda: not exists(view.window, "language_ru"))
    assert exists(view.window, "language_en")


def _texts_of(value):
    """Every language map in a bundle document."""
    if isinstance(value, dict):
        if "en" in value and "ru" in value:
            yield value
        for child in value.values():
            yield from _texts_of(child)
    elif isinstance(value, list):
        for child in value:
            yield from _texts_of(child)


def test_attract_loop_holds_only_the_slides_on_show(open_kiosk, qtbot, clock):
    # A thousand-photo exhibit must not load a thousand images to rest: only the slide on
    # show and the one fading out are instantiated.
    from tests.ui.scene import items

    view = open_kiosk(config=kiosk_config(), clock=clock, start=True)
    qtbot.waitUntil(lambda: exists(view.window, "attractLoop"))
    loop = find(view.window, "attractLoop")

    def photos():
        return [i for i in items(loop) if i.property("loading") is not None]

    assert len(photos()) == 1
    loop.setProperty("previous", 0)
    loop.setProperty("slide", 1)
    qtbot.waitUntil(lambda: len(photos()) == 2)
    assert view.session.photos.rowCount() + view.session.people.rowCount() == 7
