"""The reach band's arithmetic (kiosk.reach): which rows of the window a seated visitor can
reach, from the screen's diagonal and mounting height and the window's pixels. No Qt."""

from __future__ import annotations

import math

import pytest

from kiosk.reach import SLACK_IN, reach_band, screen_height_in

LANDSCAPE = (1920, 1080)
PORTRAIT = (1080, 1920)


def band(size: tuple[int, int], bottom: float, *, diagonal: float = 43, low=15.0, high=48.0):
    return reach_band(
        diagonal_in=diagonal,
        width_px=size[0],
        height_px=size[1],
        screen_bottom_in=bottom,
        low_in=low,
        high_in=high,
    )


def px_per_in(size: tuple[int, int], diagonal: float = 43) -> float:
    return math.hypot(*size) / diagonal


def test_a_screens_height_follows_from_its_diagonal_and_shape():
    assert screen_height_in(diagonal_in=43, width_px=1920, height_px=1080) == pytest.approx(
        21.08, abs=0.01
    )
    assert screen_height_in(diagonal_in=43, width_px=1080, height_px=1920) == pytest.approx(
        37.48, abs=0.01
    )


def test_a_43_inch_landscape_screen_at_27_inches_is_all_within_reach():
    """Its top is 48.08" up: within the quarter inch a mounting height is measured to."""
    assert 27 + screen_height_in(diagonal_in=43, width_px=1920, height_px=1080) > 48
    assert band(LANDSCAPE, 27) == (0.0, 1080.0)


def test_the_same_screen_at_30_inches_has_its_top_3_inches_out_of_reach():
    top, bottom = band(LANDSCAPE, 30)
    assert top / px_per_in(LANDSCAPE) == pytest.approx(3.08, abs=0.01)
    assert top == pytest.approx(157.6, abs=0.5)
    assert bottom == 1080.0


def test_a_43_inch_portrait_screen_at_20_inches_has_its_top_9_and_a_half_out_of_reach():
    top, bottom = band(PORTRAIT, 20)
    assert top / px_per_in(PORTRAIT) == pytest.approx(9.48, abs=0.01)
    assert bottom == 1920.0
    # The same screen turned to landscape is within reach whole (20 + 21.1 < 48).
    assert band(LANDSCAPE, 20) == (0.0, 1080.0)


def test_a_screen_hung_low_loses_its_bottom_too():
    """A 55" landscape screen with its bottom edge at 10": the 5" under 15" is out of reach."""
    size = (3840, 2160)
    top, bottom = band(size, 10, diagonal=55)
    assert top == 0.0  # its top is at 10 + 27 = 37"
    assert (2160 - bottom) / px_per_in(size, 55) == pytest.approx(5.0)


def test_a_tall_screen_is_cut_at_both_ends():
    """A 75" portrait screen from 12" to 77.4": a band from 15" to 48" in the middle."""
    top, bottom = band(PORTRAIT, 12, diagonal=75)
    ppi = px_per_in(PORTRAIT, 75)
    assert 0 < top < bottom < 1920
    assert (bottom - top) / ppi == pytest.approx(33.0)
    assert (1920 - bottom) / ppi == pytest.approx(3.0)


def test_the_band_is_in_the_windows_pixels_whatever_its_resolution():
    """The same screen at 1280×720 and 3840×2160: the same inches, other pixels."""
    small, large = band((1280, 720), 30), band((3840, 2160), 30)
    assert small[0] / 720 == pytest.approx(large[0] / 2160)
    assert small[1] == 720.0 and large[1] == 2160.0


def test_a_configured_band_moves_the_rows():
    top, bottom = band(LANDSCAPE, 27, low=30, high=40)
    ppi = px_per_in(LANDSCAPE)
    assert (bottom - top) / ppi == pytest.approx(10.0)
    assert (1080 - bottom) / ppi == pytest.approx(3.0)


@pytest.mark.parametrize(
    ("bottom", "expected"),
    [
        (60.0, (1080.0, 1080.0)),  # the whole screen above the band: none of it, at its foot
        (-30.0, (0.0, 0.0)),  # the whole screen below the band: none of it, at its head
    ],
)
def test_a_screen_out_of_reach_gives_an_empty_band_at_its_nearer_edge(bottom, expected):
    assert band(LANDSCAPE, bottom) == expected


def test_the_slack_is_a_quarter_inch_and_no_more():
    ppi = px_per_in(LANDSCAPE)
    height = 1080 / ppi
    just_in = 48 + SLACK_IN - height - 0.01
    just_out = 48 + SLACK_IN - height + 0.01
    assert band(LANDSCAPE, just_in)[0] == 0.0
    assert band(LANDSCAPE, just_out)[0] == pytest.approx((SLACK_IN + 0.01) * ppi)
    assert band(LANDSCAPE, 15 - SLACK_IN + 0.01)[1] == 1080.0
    assert band(LANDSCAPE, 15 - SLACK_IN - 0.01)[1] < 1080.0


@pytest.mark.parametrize("size", [(0, 0), (1920, 0)])
def test_a_window_with_no_size_yet_has_nothing_out_of_reach(size):
    assert band(size, 30) == (0.0, float(size[1]))
    assert reach_band(
        diagonal_in=0, width_px=1920, height_px=1080, screen_bottom_in=30, low_in=15, high_in=48
    ) == (0.0, 1080.0)
