"""Configuration and the staff PIN: defaults, bad values named, the PIN never in clear."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.config import Config, describe, load_config, write_key
from kiosk.pin import MAX_FAILURES, PinError, PinLock, hash_pin, parse_hash, verify_pin
from tests.conftest import REPO


def kiosk(*args, stdin="", env=None):
    """Run the kiosk command in a fresh process (no display: QT_QPA_PLATFORM=offscreen)."""
    return subprocess.run(
        [sys.executable, "-m", "kiosk", *map(str, args)],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env
        or {
            "PATH": "/usr/bin:/bin",
            "QT_QPA_PLATFORM": "offscreen",
            # The tests' own cache folder (conftest), for the config's stamp: not the user's.
            "XDG_CACHE_HOME": os.environ["XDG_CACHE_HOME"],
        },
    )


def test_missing_file_means_defaults(tmp_path):
    loaded = load_config(tmp_path / "none.toml")
    assert loaded.config == Config()
    assert loaded.problems == []
    assert set(loaded.sources.values()) == {"default"}


def test_values_and_their_sources(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text("kiosk = true\nscreen_inches = 55\n[attract]\nslide_seconds = 12\n")
    loaded = load_config(path)
    assert loaded.config.kiosk is True
    assert loaded.config.screen_inches == 55
    assert loaded.config.attract.slide_seconds == 12
    assert loaded.sources["kiosk"] == str(path)
    assert loaded.sources["idle_timeout"] == "default"
    lines = {ln.split()[0]: ln for ln in describe(loaded).splitlines() if not ln.startswith("#")}
    assert f"# {path}" in lines["kiosk"]
    assert "= 55.0" in lines["screen_inches"]
    assert "# default" in lines["idle_timeout"]


def test_a_bad_value_names_the_key_and_falls_back(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('idle_timeout = 2\nscreen_inches = "big"\nkiosk = true\ncolour = "red"\n')
    loaded = load_config(path)
    assert loaded.config.kiosk is True  # the good key is kept
    assert loaded.config.idle_timeout is None
    assert loaded.config.screen_inches == 43
    joined = "\n".join(loaded.problems)
    assert "idle_timeout: Input should be greater than or equal to 10" in joined
    assert "using the default (not set)" in joined
    assert "screen_inches: Input should be a valid number" in joined
    assert 'unknown key "colour"' in joined
    assert all(p.startswith(str(path)) for p in loaded.problems)


def test_toml_syntax_error_gives_line_and_column(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text("kiosk = true\nscreen = \n")
    loaded = load_config(path)
    assert loaded.config == Config()
    (problem,) = loaded.problems
    assert "line 2" in problem and "using the defaults" in problem


def test_config_show_cli(tmp_path, capsys):
    path = tmp_path / "config.toml"
    path.write_text("screen = 1\n")
    assert main(["config", "show", "--config", str(path)]) == 0
    out = capsys.readouterr().out
    line = next(ln for ln in out.splitlines() if ln.startswith("screen "))
    assert line.split("#")[0].split("=")[1].strip() == "1"
    assert f"# {path}" in line
    path.write_text("screen = -1\n")
    assert main(["config", "show", "--config", str(path)]) == 1
    assert "# problem:" in capsys.readouterr().out


def test_pin_is_stored_only_as_a_salted_slow_hash():
    stored = hash_pin("2468")
    assert "2468" not in stored
    n, _r, _p, salt, digest = parse_hash(stored)
    assert n >= 2**14 and len(salt) == 16 and len(digest) == 32
    assert hash_pin("2468") != stored  # salted
    assert verify_pin("2468", stored)
    assert not verify_pin("2469", stored)


@pytest.mark.parametrize("bad", ["12", "12a4", "１２３４", "1234567890123", ""])
def test_pin_format(bad):
    with pytest.raises(PinError):
        hash_pin(bad)


def test_damaged_hash_is_reported():
    with pytest.raises(PinError, match="kiosk set-pin"):
        verify_pin("1234", "plain:1234")


def test_lockout_grows():
    now = [0.0]
    lock = PinLock(clock=lambda: now[0])
    for _ in range(MAX_FAILURES):
        assert lock.seconds_locked() == 0
        lock.record(False)
    assert lock.seconds_locked() == 30
    now[0] += 30
    assert lock.seconds_locked() == 0
    for _ in range(MAX_FAILURES):
        lock.record(False)
    assert lock.seconds_locked() == 60
    now[0] += 60
    lock.record(True)
    for _ in range(MAX_FAILURES):
        lock.record(False)
    assert lock.seconds_locked() == 30  # a right PIN starts the count again


def test_set_pin_writes_only_the_hash_in_its_own_file(tmp_path):
    path = tmp_path / "config.toml"
    before = "# gallery 3, left kiosk\nscreen_inches = 55\n"
    path.write_text(before)
    result = kiosk("set-pin", "--config", path, stdin="97531\n97531\n")
    assert result.returncode == 0, result.stderr
    assert path.read_text() == before  # config.toml is not touched: a typo there cannot lose it
    pin_file = tmp_path / "staff-pin"
    assert str(pin_file) in result.stdout
    assert "97531" not in pin_file.read_text()
    stored = load_config(path).config.pin_hash
    assert stored is not None and verify_pin("97531", stored)
    assert oct(pin_file.stat().st_mode & 0o777) == "0o600"  # readable by its owner only


def test_a_new_config_file_is_private_from_its_first_byte(tmp_path, monkeypatch):
    import kiosk.atomic

    path = tmp_path / "config.toml"
    modes = []
    real_mkstemp = kiosk.atomic.tempfile.mkstemp

    def spy(*args, **kwargs):  # the temporary file's mode as it is made, before a byte
        fd, name = real_mkstemp(*args, **kwargs)
        modes.append(Path(name).stat().st_mode & 0o777)
        return fd, name

    monkeypatch.setattr(kiosk.atomic.tempfile, "mkstemp", spy)
    write_key(path, "pin_hash", "scrypt$…")
    assert modes and set(modes) == {0o600}
    assert path.stat().st_mode & 0o777 == 0o600


@pytest.mark.skipif(os.getuid() != 0, reason="only root can give a file to another group")
def test_set_pin_keeps_the_group_that_lets_the_kiosk_user_read_it(tmp_path):
    # /etc/kiosk/config.toml is root:kiosk 0640: the kiosk user must still read it after
    # `sudo kiosk set-pin` rewrites it.
    path = tmp_path / "config.toml"
    path.write_text("kiosk = true\n")
    os.chown(path, 0, 65534)
    path.chmod(0o640)
    write_key(path, "pin_hash", "x")
    st = path.stat()
    assert (st.st_uid, st.st_gid, st.st_mode & 0o777) == (0, 65534, 0o640)


def test_kiosk_config_names_the_config_file(tmp_path, monkeypatch):
    path = tmp_path / "elsewhere.toml"
    path.write_text("screen_inches = 55\n")
    monkeypatch.setenv("KIOSK_CONFIG", str(path))
    loaded = load_config()
    assert loaded.path == path and loaded.config.screen_inches == 55


def test_set_pin_refuses_a_mismatch_and_changes_nothing(tmp_path):
    path = tmp_path / "config.toml"
    result = kiosk("set-pin", "--config", path, stdin="1234\n4321\n")
    assert result.returncode == 1
    assert "differ" in result.stderr
    assert not path.exists()


def test_write_key_creates_the_file(tmp_path):
    path = tmp_path / "sub" / "config.toml"
    write_key(path, "kiosk", True)
    assert load_config(path).config.kiosk is True


def test_kiosk_mode_without_a_pin_refuses_to_start(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text("kiosk = true\n")
    result = kiosk("run", "--config", path)
    assert result.returncode == 2
    assert "kiosk mode needs a staff PIN" in result.stderr
    assert "kiosk set-pin" in result.stderr and "--no-pin" in result.stderr


def test_windowed_run_with_a_bad_config_stops_and_names_the_key(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text("screen_inches = 1\n")
    result = kiosk("run", "--config", path)
    assert result.returncode == 1
    assert "screen_inches" in result.stderr


def test_the_pin_lock_survives_a_restart(tmp_path):
    now, wall = [1000.0], [1_800_000_000.0]
    state = tmp_path / "state" / "pin-lock.json"
    lock = PinLock(clock=lambda: now[0], path=state, wall=lambda: wall[0])
    for _ in range(MAX_FAILURES):
        lock.record(False)
    assert lock.seconds_locked() == 30
    assert state.stat().st_mode & 0o777 == 0o600
    # A power cycle: the monotonic clock starts again from 0, the wall clock goes on.
    now[0], wall[0] = 0.0, wall[0] + 10
    again = PinLock(clock=lambda: now[0], path=state, wall=lambda: wall[0])
    assert again.seconds_locked() == pytest.approx(20)
    for _ in range(MAX_FAILURES):  # after it, the next lock is the doubled one
        now[0] += 21
        again.record(False)
    assert again.seconds_locked() == 60


def test_a_damaged_pin_lock_file_starts_afresh_and_never_locks_for_ever(tmp_path):
    state = tmp_path / "pin-lock.json"
    state.write_text("{not json")
    assert PinLock(path=state).seconds_locked() == 0
    state.write_text('{"failures": 3, "lockouts": 999999999, "locked_until": 1e300}')
    lock = PinLock(path=state)
    assert lock.seconds_locked() <= 3600  # at most the longest lock, whatever the file says
    lock.record(True)
    assert lock.seconds_locked() == 0


def test_parse_hash_refuses_costs_scrypt_cannot_pay():
    import base64

    salt = base64.b64encode(b"s" * 16).decode()
    digest = base64.b64encode(b"d" * 32).decode()
    with pytest.raises(PinError, match="too much memory or time"):
        parse_hash(f"scrypt${2**20}$8$1${salt}${digest}")
    with pytest.raises(PinError, match="too much memory or time"):
        parse_hash(f"scrypt${2**16}$8$16${salt}${digest}")
    assert parse_hash(f"scrypt${2**14}$8$1${salt}${digest}")[0] == 2**14
