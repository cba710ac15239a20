"""The keymap in config.toml: Qt's key names, bad names and clashes named with their line."""

from __future__ import annotations

import re

import pytest

from kiosk.config import KEY_ACTIONS, Config, Keys, describe, load_config
from kiosk.keynames import KeyNameError, normalise


def test_the_defaults_serve_a_keyboard_and_a_keypad():
    keys = Config().keys
    assert keys.next[0] == "Right" and keys.previous[0] == "Left"
    assert {"Return", "Enter"} <= set(keys.activate)
    assert {"Esc", "Backspace"} <= set(keys.back)
    assert keys.help[0] == "F1"
    assert keys.louder == ["Volume Up"] and keys.quieter == ["Volume Down"]
    every = [name for action in KEY_ACTIONS for name in getattr(keys, action)]
    assert len(every) == len(set(every)), "a default key does two things"


@pytest.mark.parametrize(
    ("written", "qt"),
    [
        ("right", "Right"),
        ("Escape", "Esc"),
        ("page down", "PgDown"),
        ("volume up", "Volume Up"),
        ("ctrl+right", "Ctrl+Right"),
        ("Num+Enter", "Num+Enter"),
        ("x", "X"),
        ("+", "+"),
        ("Ctrl++", "Ctrl++"),
    ],
)
def test_key_names_are_kept_as_qt_writes_them(written, qt):
    assert normalise(written) == qt


@pytest.mark.parametrize(
    ("written", "hint"),
    [
        ("VolumeUp", 'did you mean "Volume Up"?'),
        ("Rigth", 'did you mean "Right"?'),
        ("Hyper+Right", 'unknown modifier "Hyper"'),
        ("  ", "an empty key name"),
    ],
)
def test_an_unknown_key_name_says_what_to_write(written, hint):
    with pytest.raises(KeyNameError, match=hint.replace("?", r"\?")):
        normalise(written)


def test_a_bad_key_name_is_a_problem_with_its_line_and_the_default_holds(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text(
        'idle_timeout = 60\n\n[keys]\nnext = ["F8"]\nhelp = ["F2", "VolumeUp"]\nback = ["escape"]\n'
    )
    loaded = load_config(path)  # never raises: the kiosk starts
    keys = loaded.config.keys
    assert loaded.config.idle_timeout == 60
    assert keys.next == ["F8"]  # the good actions are kept, as Qt spells them
    assert keys.back == ["Esc"]
    assert keys.help == ["F1", "Help"]  # the bad one: its default
    [problem] = loaded.problems
    assert problem.startswith(f'{path}, line 5: keys.help: unknown key name "VolumeUp"')
    assert 'did you mean "Volume Up"?' in problem
    assert 'using the default (["F1", "Help"])' in problem
    assert "Value error" not in problem


def test_a_key_for_two_actions_is_a_problem_and_the_later_action_keeps_its_keys(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('[keys]\nnext = ["Right", "F5"]\n\nactivate = ["Return", "f5"]\n')
    loaded = load_config(path)
    keys = loaded.config.keys
    assert keys.next == ["Right", "F5"]
    assert keys.activate == ["Return", "Enter", "Select"]
    [problem] = loaded.problems
    assert problem.startswith(f"{path}, line 4: keys.activate: ")
    assert '"F5" is already the key for next; a key does one thing' in problem


def test_a_key_named_for_an_action_leaves_the_defaults_of_the_others(tmp_path):
    # A keypad whose select key sends Right: Right selects, and no longer pages.
    path = tmp_path / "config.toml"
    path.write_text('[keys]\nactivate = ["Right"]\n')
    loaded = load_config(path)
    assert loaded.problems == []
    assert loaded.config.keys.activate == ["Right"]
    assert loaded.config.keys.next == ["Media Next", "PgDown"]


def test_every_action_is_shown_by_config_show(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('[keys]\nnext = ["F8"]\n')
    shown = describe(load_config(path))
    for action in KEY_ACTIONS:
        assert f"\nkeys.{action} " in shown
    assert re.search(r'\nkeys\.next += \["F8"\] ', shown)  # the keys are aligned: any width
    unwrapped = shown.replace("\n# ", " ")
    assert (
        'keys that show the next page, person or photograph. Default ["Right", "Media Next", '
        '"PgDown"]' in unwrapped
    )


def test_unknown_actions_are_unknown_keys(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('[keys]\nzoom = ["Z"]\n')
    [problem] = load_config(path).problems
    assert problem.startswith(f'{path}, line 2: unknown key "keys.zoom"')
    assert Keys() == load_config(path).config.keys
