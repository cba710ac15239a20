"""The [reach] table: where the screen hangs and the band a seated visitor reaches, in inches.

Each bad value is a problem naming the file, the line and the key, and the kiosk still starts
with a band that makes sense (the last good value, else the default)."""

from __future__ import annotations

from dataclasses import asdict

import pytest

from kiosk.config import Config, Reach, load_config
from tests.content.test_config_show import config_show, shown_keys


def test_the_defaults_are_the_ada_forward_reach_range():
    reach = Config().reach
    assert (reach.low_in, reach.high_in) == (15.0, 48.0)
    assert reach.low_in < reach.screen_bottom_in < reach.high_in
    assert Reach.clashes(asdict(reach)) == []


def test_a_measured_screen_and_band_are_read(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text("[reach]\nscreen_bottom_in = 27.5\nlow_in = 20\nhigh_in = 44\n")
    loaded = load_config(path)
    assert loaded.problems == []
    assert loaded.config.reach == Reach(screen_bottom_in=27.5, low_in=20, high_in=44)
    shown = shown_keys(config_show("--config", str(path)))
    assert shown["reach.screen_bottom_in"][:2] == ("27.5", str(path))
    assert shown["reach.high_in"][:2] == ("44.0", str(path))
    assert "inches" in shown["reach.screen_bottom_in"][2]


@pytest.mark.parametrize(
    ("text", "line", "key", "says"),
    [
        ("[reach]\nlow_in = -3\n", 2, "reach.low_in", "greater than or equal to 0"),
        ("[reach]\nhigh_in = 122\n", 2, "reach.high_in", "less than or equal to 72"),
        ("[reach]\n\nscreen_bottom_in = 400\n", 3, "reach.screen_bottom_in", "less than or equal"),
        ('[reach]\nlow_in = "low"\n', 2, "reach.low_in", "valid number"),
    ],
)
def test_a_value_out_of_range_is_a_problem_and_the_default_holds(tmp_path, text, line, key, says):
    path = tmp_path / "config.toml"
    path.write_text("screen_inches = 55\n" + text)
    loaded = load_config(path)  # never raises: the kiosk starts
    [problem] = loaded.problems
    assert problem.startswith(f"{path}, line {line + 1}: {key}: ")
    assert says in problem
    assert "using the default" in problem and "kiosk config show" in problem
    assert loaded.config.reach == Reach()
    assert loaded.config.screen_inches == 55  # the other keys keep theirs


def test_a_band_with_its_bottom_above_its_top_is_refused_naming_both_keys(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text("[reach]\nlow_in = 40\nhigh_in = 30\n")
    loaded = load_config(path)
    low, high = loaded.problems
    assert low.startswith(f"{path}, line 2: reach.low_in: the reach band runs from low_in = 40 ")
    assert high.startswith(f"{path}, line 3: reach.high_in: ")
    assert "high_in must be at least 6 inches above low_in" in high
    assert (loaded.config.reach.low_in, loaded.config.reach.high_in) == (15.0, 48.0)


def test_a_band_too_narrow_for_a_control_is_refused(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text("[reach]\nlow_in = 40\n")  # 8 below the default high_in, 48: enough
    assert load_config(path).problems == []
    path.write_text("[reach]\nhigh_in = 20\n")  # 5 above the default low_in, 15
    [problem] = load_config(path).problems
    assert problem.startswith(f"{path}, line 2: reach.high_in: the reach band runs from ")
    assert load_config(path).config.reach.high_in == 48.0


def test_a_screen_hung_above_the_band_is_refused(tmp_path):
    """A screen whose bottom edge is above 48" has nothing a seated visitor could reach: most
    likely a height measured in centimetres (76 cm is 30")."""
    path = tmp_path / "config.toml"
    path.write_text("[reach]\nscreen_bottom_in = 76\n")
    loaded = load_config(path)
    [problem] = loaded.problems
    assert problem.startswith(f"{path}, line 2: reach.screen_bottom_in: the screen's bottom edge")
    assert "measure the bottom edge of the picture from the floor, in inches" in problem
    assert loaded.config.reach.screen_bottom_in == Reach().screen_bottom_in


def test_a_bad_band_falls_back_to_the_last_good_one(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text("[reach]\nscreen_bottom_in = 25\nlow_in = 20\nhigh_in = 44\n")
    assert load_config(path).problems == []  # saved as the last good copy
    path.write_text("[reach]\nscreen_bottom_in = 25\nlow_in = 40\nhigh_in = 44\n")
    loaded = load_config(path)
    assert len(loaded.problems) == 2
    assert all("the last good value" in p for p in loaded.problems)
    assert loaded.config.reach == Reach(screen_bottom_in=25, low_in=20, high_in=44)


def test_a_pair_still_bad_after_the_fallback_is_the_defaults(tmp_path):
    """The file's high_in (fine with the default low_in) beside the last good copy's low_in
    (fine with that copy's high_in) may still make no band: then the whole table is its
    defaults, never a band with its bottom above its top."""
    path = tmp_path / "config.toml"
    path.write_text("[reach]\nlow_in = 30\nhigh_in = 60\n")
    assert load_config(path).problems == []
    path.write_text('[reach]\nlow_in = "thirty"\nhigh_in = 33\n')
    loaded = load_config(path)
    [problem] = loaded.problems
    assert problem.startswith(f"{path}, line 2: reach.low_in: ")
    assert loaded.config.reach == Reach()
    assert Reach.clashes(asdict(loaded.config.reach)) == []
