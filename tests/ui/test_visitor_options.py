"""The visitor's options (kiosk.ui.options) in the real scene: they last one visit, each change
is the visitor at work, and the seated reach band follows the window as it turns."""

from __future__ import annotations

import pytest
from PySide6.QtTest import QSignalSpy

from kiosk.config import Attract, Reach
from kiosk.reach import reach_band
from kiosk.ui.idle import VisitClock
from kiosk.ui.navigation import Navigator
from tests.ui.scene import exists, find, tap
from tests.ui.test_kiosk_mode import idle, kiosk_config

S = Navigator.Screen
P = VisitClock.Phase
OPTIONS = ("largeText", "highContrast", "seated")


def all_on(view) -> None:
    """Every option on, as a visitor (or a screen reader's action) turns them on."""
    view.options.toggleLargeText()
    view.options.setHighContrast(True)
    view.options.setProperty("seated", True)  # as a QML assignment writes it


def state(view) -> dict[str, object]:
    """What QML reads, through the meta-object as QML reads it."""
    names = (*OPTIONS, "textScale")
    return {name: view.options.property(name) for name in names}


OFF = {"largeText": False, "highContrast": False, "seated": False, "textScale": 1.0}
ON = {"largeText": True, "highContrast": True, "seated": True, "textScale": 2.0}


def test_the_options_end_with_the_visit_and_the_attract_loop(open_kiosk, qtbot, clock):
    view = open_kiosk(config=kiosk_config(), clock=clock, start=True)
    win = view.window
    tap(win, find(win, "attractLoop"))
    qtbot.waitUntil(lambda: view.visit.phase == P.Active)
    all_on(view)
    assert state(view) == ON
    view.session.navigator.open(int(S.Story), 2)
    spies = {name: QSignalSpy(getattr(view.options, f"{name}Changed")) for name in OPTIONS}
    idle(view, clock, 91)
    assert view.visit.phase == P.Countdown
    assert state(view) == ON  # "Still there?" is still the visit
    idle(view, clock, 20)
    assert view.visit.phase == P.Attract
    qtbot.waitUntil(lambda: exists(win, "attractLoop"))
    assert state(view) == OFF
    assert {name: spy.count() for name, spy in spies.items()} == dict.fromkeys(OPTIONS, 1)


def test_start_over_turns_them_off_without_the_attract_loop(open_kiosk, qtbot, clock):
    """The visit's reset itself turns them off: the attract loop need not follow it."""
    view = open_kiosk(config=kiosk_config(attract=Attract(enabled=False)), clock=clock, start=True)
    assert view.visit.phase == P.Active
    all_on(view)
    idle(view, clock, 95)
    qtbot.waitUntil(lambda: exists(view.window, "startOverButton"))
    tap(view.window, find(view.window, "startOverButton"))
    qtbot.waitUntil(lambda: state(view) == OFF)
    assert view.visit.phase == P.Active


def test_the_attract_loop_starts_with_every_option_off(open_kiosk, clock):
    """Whatever was left on before the kiosk went to its attract loop (a start in kiosk mode
    after staff tried the options) is off when the loop shows."""
    view = open_kiosk(config=kiosk_config(), clock=clock)
    all_on(view)
    view.visit.start(attract=True)
    assert view.visit.phase == P.Attract
    assert state(view) == OFF


@pytest.mark.parametrize("change", ["toggleLargeText", "toggleHighContrast", "toggleSeated"])
def test_each_change_is_visitor_activity(open_kiosk, clock, change):
    """A screen reader's toggle comes with no touch or key for the visit clock to see: the
    change itself keeps the visit going."""
    view = open_kiosk(config=kiosk_config(), clock=clock, start=True)
    view.visit.leaveAttract()
    idle(view, clock, 80)
    getattr(view.options, change)()
    idle(view, clock, 80)
    assert view.visit.phase == P.Active
    getattr(view.options, change)()  # off again: still the visitor
    idle(view, clock, 80)
    assert view.visit.phase == P.Active
    idle(view, clock, 11)
    assert view.visit.phase == P.Countdown


def test_setting_an_option_to_what_it_is_changes_nothing(open_kiosk):
    view = open_kiosk()
    spy = QSignalSpy(view.options.largeTextChanged)
    view.options.setLargeText(False)
    assert spy.count() == 0
    view.options.setLargeText(True)
    view.options.setLargeText(True)
    assert spy.count() == 1


def expected_band(size, reach, inches=43.0):
    return reach_band(
        diagonal_in=inches,
        width_px=size[0],
        height_px=size[1],
        screen_bottom_in=reach.screen_bottom_in,
        low_in=reach.low_in,
        high_in=reach.high_in,
    )


def band(view) -> tuple[float, float]:
    return (view.options.property("reachTop"), view.options.property("reachBottom"))


def test_the_reach_band_follows_the_window_as_it_turns(open_kiosk, qtbot):
    """A 43" screen at 20": landscape, all of it within reach; portrait, its top 9" is not."""
    reach = Reach(screen_bottom_in=20)
    view = open_kiosk(size=(1280, 800), config=kiosk_config(kiosk=False, reach=reach))
    assert band(view) == (0.0, 800.0)
    assert view.options.property("allWithinReach") is True
    spy = QSignalSpy(view.options.reachChanged)
    view.window.resize(800, 1280)
    qtbot.waitUntil(lambda: spy.count() >= 1)
    qtbot.waitUntil(lambda: band(view) == pytest.approx(expected_band((800, 1280), reach)))
    top, bottom = band(view)
    assert 250 < top < 350 and bottom == 1280.0
    assert view.options.property("allWithinReach") is False
    view.window.resize(1280, 800)
    qtbot.waitUntil(lambda: band(view) == (0.0, 800.0))
    view.window.resize(1280, 1600)  # taller only: the band follows the height alone too
    qtbot.waitUntil(lambda: band(view) == pytest.approx(expected_band((1280, 1600), reach)))
    assert band(view)[0] > 0


def test_the_reach_band_uses_the_configured_diagonal_and_band(open_kiosk, qtbot):
    """A 55" landscape screen hung low (bottom edge at 10") with a band of 18" to 40"."""
    reach = Reach(screen_bottom_in=10, low_in=18, high_in=40)
    config = kiosk_config(kiosk=False, reach=reach, screen_inches=55)
    view = open_kiosk(size=(1280, 720), config=config)
    want = expected_band((1280, 720), reach, 55)
    assert 0 < want[1] < 720  # its bottom is out of reach: a band that says so
    qtbot.waitUntil(lambda: band(view) == pytest.approx(want))
