"""The config's plain values and its stamp: kiosk.config holds plain twins of the models
that check the file (kiosk.config_spec), and a start whose config.toml has the text of one
an earlier check found nothing wrong with takes that check's settings from a stamp, without
importing pydantic. Any other text, and the file is checked in full."""

from __future__ import annotations

import dataclasses
import json
import os
import tomllib
from pathlib import Path

import pytest
from pydantic import BaseModel

from kiosk import config_spec
from kiosk.cli import main
from kiosk.config import (
    KEEP_STAMPS,
    KEYS,
    Attract,
    Config,
    Keys,
    Reach,
    last_good_path,
    load_config,
    pin_path,
    stamps_dir,
)
from kiosk.pin import hash_pin
from tests.conftest import outcome_and_checkers

EVERY_KEY = """\
kiosk = true
bundle = "/srv/exhibits/baku"
content_dir = "/srv/exhibits"
screen = 1
screen_inches = 55
idle_timeout = 120
countdown = 25
log_dir = "/var/log/kiosk"
cache_dir = "/var/cache/kiosk"
max_image_pixels = 200_000_000
usb_dirs = ["/mnt/usb"]
log_max_bytes = 2_000_000
log_backups = 3

[attract]
enabled = false
slide_seconds = 12
drift = false

[reach]
screen_bottom_in = 28
low_in = 16
high_in = 46

[keys]
next = ["N"]
quieter = ["F9"]
"""


@pytest.mark.parametrize("model", list(config_spec.TWINS), ids=lambda m: m.__name__)
def test_the_twin_has_the_models_fields_and_defaults(model: type[BaseModel]):
    twin = config_spec.TWINS[model]
    assert twin.__name__ == model.__name__
    assert [f.name for f in dataclasses.fields(twin)] == list(model.model_fields)
    default = twin()
    for name, info in model.model_fields.items():
        want = info.get_default(call_default_factory=True)
        if isinstance(want, BaseModel):
            want = config_spec.typed(want)
        assert getattr(default, name) == want, name


def test_every_key_is_built_as_validation_gave_it(tmp_path: Path):
    path = tmp_path / "config.toml"
    path.write_text(EVERY_KEY)
    loaded = load_config(path)
    assert loaded.problems == []
    # Every key differs from its default, so none can be lost to a default unnoticed…
    assert [k for k in KEYS if getattr(loaded.config, k) == getattr(Config(), k)] == ["pin_hash"]
    # …and each is what validation makes of it: 55 → 55.0, "/srv/…" → a Path, key names
    # as Qt writes them. Compared as text, so that 55 and 55.0 differ.
    want = Config(
        kiosk=True,
        bundle=Path("/srv/exhibits/baku"),
        content_dir=Path("/srv/exhibits"),
        screen=1,
        screen_inches=55.0,
        idle_timeout=120.0,
        countdown=25.0,
        attract=Attract(enabled=False, slide_seconds=12.0, drift=False),
        reach=Reach(screen_bottom_in=28.0, low_in=16.0, high_in=46.0),
        keys=Keys(next=["N"], quieter=["F9"]),
        log_dir=Path("/var/log/kiosk"),
        cache_dir=Path("/var/cache/kiosk"),
        max_image_pixels=200_000_000,
        usb_dirs=[Path("/mnt/usb")],
        log_max_bytes=2_000_000,
        log_backups=3,
    )
    assert repr(loaded.config) == repr(want)
    checked = config_spec.Config.model_validate(tomllib.loads(EVERY_KEY))
    assert repr(config_spec.typed(checked)) == repr(want)


def _stamped_twice(path: Path, stamps: Path):
    first = load_config(path, stamps=stamps)
    second = load_config(path, stamps=stamps)
    return first, second


def test_a_second_load_takes_the_stamp_and_finds_the_same(tmp_path: Path, monkeypatch):
    path, stamps = tmp_path / "config.toml", tmp_path / "stamps"
    path.write_text(EVERY_KEY)
    first = load_config(path, stamps=stamps)
    assert first.stamp == "written" and first.problems == []

    def no_check(raw):
        raise AssertionError("the file was checked again")

    monkeypatch.setattr("kiosk.config._check", no_check)
    second = load_config(path, stamps=stamps)
    assert second.stamp == "matched"
    assert repr(second.config) == repr(first.config)  # 55.0 stays 55.0, a Path a Path
    assert (second.config, second.sources, second.problems, second.notes) == (
        first.config,
        first.sources,
        [],
        [],
    )


def _modules_after_load(path: Path, stamps: Path) -> tuple[str, list[str]]:
    """In a fresh interpreter: the stamp outcome of a load, and which of the modules that
    check a config file (pydantic, its models) it imported."""
    return outcome_and_checkers(
        "from pathlib import Path; from kiosk.config import load_config\n"
        f"loaded = load_config(Path({str(path)!r}), stamps=Path({str(stamps)!r}))\n"
        "assert not loaded.problems, loaded.problems\n"
        "print(loaded.stamp)"
    )


def test_a_load_from_a_stamp_imports_no_pydantic(tmp_path: Path):
    path, stamps = tmp_path / "config.toml", tmp_path / "stamps"
    path.write_text(EVERY_KEY)
    outcome, heavy = _modules_after_load(path, stamps)
    assert outcome == "written" and {"pydantic", "kiosk.config_spec"} <= set(heavy)
    assert _modules_after_load(path, stamps) == ("matched", [])


def test_no_config_file_needs_no_check(tmp_path: Path):
    path, stamps = tmp_path / "config.toml", tmp_path / "stamps"
    loaded = load_config(path, stamps=stamps)
    assert loaded.config == Config() and loaded.problems == []
    assert not stamps.exists()


def test_an_edit_is_checked_and_its_problem_reported(tmp_path: Path):
    path, stamps = tmp_path / "config.toml", tmp_path / "stamps"
    path.write_text(EVERY_KEY)
    _stamped_twice(path, stamps)
    path.write_text(EVERY_KEY.replace("countdown = 25", "countdown = 500"))
    for _ in range(2):  # a file with a problem is never stamped: it is reported every start
        loaded = load_config(path, stamps=stamps)
        assert loaded.stamp == "not stamped: the config has problems"
        [problem] = loaded.problems
        assert "countdown" in problem and loaded.config.countdown == 25.0  # the last good


def test_a_missing_last_good_copy_is_saved_from_the_stamp(tmp_path: Path):
    path, stamps = tmp_path / "config.toml", tmp_path / "stamps"
    path.write_text(EVERY_KEY)
    _stamped_twice(path, stamps)
    last_good_path(path).unlink()  # a broken file later would have nothing to fall back to
    again = load_config(path, stamps=stamps)
    assert again.stamp == "matched" and again.notes == []
    assert last_good_path(path).read_text() == EVERY_KEY


def test_the_same_text_rewritten_or_elsewhere_takes_the_stamp(tmp_path: Path):
    path, stamps = tmp_path / "config.toml", tmp_path / "stamps"
    path.write_text(EVERY_KEY)
    first, _ = _stamped_twice(path, stamps)
    os.utime(path, ns=(1, 1))  # rewritten by a config tool: other times, the same text
    assert load_config(path, stamps=stamps).stamp == "matched"
    other = tmp_path / "elsewhere" / "config.toml"
    other.parent.mkdir()
    other.write_text(EVERY_KEY)
    moved = load_config(other, stamps=stamps)
    assert moved.stamp == "matched" and moved.config == first.config
    assert moved.sources == {k: v.replace(str(path), str(other)) for k, v in first.sources.items()}
    assert last_good_path(other).read_text() == EVERY_KEY


def test_only_the_newest_stamps_are_kept_and_the_one_in_use_is_kept(tmp_path: Path):
    path, stamps = tmp_path / "config.toml", tmp_path / "stamps"

    def text(n: int) -> str:
        return EVERY_KEY.replace("countdown = 25", f"countdown = {10 + n}")

    path.write_text(text(0))
    assert load_config(path, stamps=stamps).stamp == "written"
    for n in range(1, KEEP_STAMPS):  # the folder full, text 0's the oldest stamp
        path.write_text(text(n))
        assert load_config(path, stamps=stamps).stamp == "written"
    path.write_text(text(0))
    assert load_config(path, stamps=stamps).stamp == "matched"  # in use again
    for n in range(KEEP_STAMPS, KEEP_STAMPS + 3):
        path.write_text(text(n))
        assert load_config(path, stamps=stamps).stamp == "written"
    assert len(list(stamps.glob("*.json"))) == KEEP_STAMPS
    path.write_text(text(0))
    assert load_config(path, stamps=stamps).stamp == "matched"  # kept: used lately
    path.write_text(text(1))
    assert load_config(path, stamps=stamps).stamp == "written"  # pruned: not used lately


def test_the_pin_file_is_read_at_every_start(tmp_path: Path):
    path, stamps = tmp_path / "config.toml", tmp_path / "stamps"
    path.write_text(EVERY_KEY)
    pin_path(path).write_text(hash_pin("1357") + "\n")
    first, second = _stamped_twice(path, stamps)
    assert second.stamp == "matched" and second.config.pin_hash == first.config.pin_hash
    newer = hash_pin("2468")
    pin_path(path).write_text(newer + "\n")
    third = load_config(path, stamps=stamps)
    assert third.stamp == "matched" and third.config.pin_hash == newer
    pin_path(path).write_text("damaged\n")
    fourth = load_config(path, stamps=stamps)
    assert fourth.config.pin_hash is None and fourth.pin_problem is not None


def test_a_pin_hash_in_config_toml_is_never_copied_to_a_stamp(tmp_path: Path):
    path, stamps = tmp_path / "config.toml", tmp_path / "stamps"
    stored = hash_pin("1357")
    path.write_text(f'pin_hash = "{stored}"\n' + EVERY_KEY)
    first, second = _stamped_twice(path, stamps)
    assert first.config.pin_hash == stored == second.config.pin_hash
    assert second.stamp == "not stamped: config.toml holds pin_hash"
    assert not stamps.exists()


def test_a_damaged_stamp_is_checked_in_full_and_replaced(tmp_path: Path):
    path, stamps = tmp_path / "config.toml", tmp_path / "stamps"
    path.write_text(EVERY_KEY)
    first = load_config(path, stamps=stamps)
    [stamp] = stamps.glob("*.json")
    data = json.loads(stamp.read_text())
    damages = [
        b"",
        b"{not json",
        b"[]",
        json.dumps({**data, "name": "another.json"}).encode(),
        json.dumps({**data, "document": {"attract": 3}}).encode(),
        json.dumps({**data, "document": {"no_such_key": 1}}).encode(),
        json.dumps({**data, "document": {"pin_hash": "scrypt$1$x$y"}}).encode(),
        json.dumps({**data, "given": ["no_such_key"]}).encode(),
        json.dumps({**data, "given": []}).encode(),  # settings the file does not give
        json.dumps({**data, "document": {**data["document"], "screen_inches": "55"}}).encode(),
        json.dumps({**data, "document": {**data["document"], "screen": True}}).encode(),
        json.dumps({**data, "document": {**data["document"], "usb_dirs": [3]}}).encode(),
        json.dumps({**data, "document": {**data["document"], "reach": {"low_in": 16}}}).encode(),
    ]
    for damage in damages:
        stamp.write_bytes(damage)
        again = load_config(path, stamps=stamps)
        assert again.stamp == "written", damage
        assert again.config == first.config
    assert load_config(path, stamps=stamps).stamp == "matched"


def test_a_stamps_folder_that_cannot_be_written_loads_and_says_why(tmp_path: Path):
    path = tmp_path / "config.toml"
    path.write_text(EVERY_KEY)
    (tmp_path / "a-file").write_text("")
    stamps = tmp_path / "a-file" / "stamps"  # not a folder, even for root
    loaded = load_config(path, stamps=stamps)
    assert loaded.problems == [] and loaded.config.screen_inches == 55.0
    [note] = loaded.notes
    assert str(stamps) in note and "each start checks" in note


def test_a_last_good_copy_that_cannot_be_saved_does_not_stop_the_stamp(tmp_path: Path):
    # As in /etc/kiosk, which the kiosk's user cannot write: the settings are checked once.
    path, stamps = tmp_path / "config.toml", tmp_path / "stamps"
    path.write_text(EVERY_KEY)
    last_good_path(path).mkdir()  # cannot be replaced by a file, even by root
    first, second = _stamped_twice(path, stamps)
    assert (first.stamp, second.stamp) == ("written", "matched")
    for loaded in (first, second):
        [note] = loaded.notes
        assert note.startswith("could not save the last good copy") and loaded.problems == []


def test_kiosk_run_takes_the_config_from_its_stamp(tmp_path: Path, monkeypatch, caplog):
    import logging

    import kiosk.logs
    import kiosk.ui.app

    path = tmp_path / "config.toml"
    path.write_text(EVERY_KEY.replace("kiosk = true", "kiosk = false"))
    handed = []
    monkeypatch.setattr(kiosk.logs, "setup", lambda folder, **kw: folder / "kiosk.log")
    monkeypatch.setattr(kiosk.ui.app, "display_available", lambda: True)
    monkeypatch.setattr(kiosk.ui.app, "run", lambda bundle, **kw: handed.append(kw) or 0)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    caplog.set_level(logging.INFO, logger="kiosk.config")
    assert main(["run", "--config", str(path)]) == 0
    assert [p.parent for p in stamps_dir().glob("*.json")] == [stamps_dir()]
    assert stamps_dir() == Path(os.environ["XDG_CACHE_HOME"]) / "kiosk" / "config-stamps"
    assert not [r for r in caplog.records if "stamped" in r.getMessage()]
    assert main(["run", "--config", str(path)]) == 0
    assert [r.getMessage() for r in caplog.records if "stamped" in r.getMessage()] == [
        f"{path}: as stamped at an earlier start"
    ]
    assert repr(handed[0]["config"]) == repr(handed[1]["config"])
    assert repr(handed[1]["config"].screen_inches) == "55.0"
