"""Configuration that cannot lock staff out: a config.toml that does not parse falls back to
the last one that did (kept beside it, written atomically), a bad key keeps the other keys,
the PIN hash lives in a file of its own, a damaged hash is reported, and `set-pin` never
shows a traceback."""

from __future__ import annotations

import errno
import io
import os
import subprocess
import sys
import time

import pytest

from kiosk.atomic import LEFTOVER_AGE
from kiosk.cli import main
from kiosk.config import (
    Config,
    kiosk_mode_refusal,
    last_good_path,
    load_config,
    pin_path,
    store_pin,
)
from kiosk.pin import hash_pin, verify_pin
from tests.conftest import REPO
from tests.processes import WITHOUT_DAC

PIN = "48151"
PIN_HASH = hash_pin(PIN)  # once: scrypt is slow on purpose

GOOD = f"""\
# gallery 3
kiosk = true
countdown = 30
screen_inches = 55
pin_hash = "{PIN_HASH}"
"""


def kiosk(*args, stdin="", display=False):
    """The real command in a fresh process; without a display unless asked (then a run that
    gets past its configuration checks stops with status 3, "no display")."""
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": os.environ.get("HOME", "/"),
        # The tests' own cache folder (conftest), for the config's stamp: not the user's.
        "XDG_CACHE_HOME": os.environ["XDG_CACHE_HOME"],
    }
    if display:
        env["QT_QPA_PLATFORM"] = "offscreen"
    return subprocess.run(
        [sys.executable, "-m", "kiosk", *map(str, args)],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
        timeout=120,
    )


def no_temporary_files(folder):
    return [p.name for p in folder.iterdir() if p.name.endswith(".tmp")] == []


# --- the last good config -------------------------------------------------------------------


def test_a_good_config_is_kept_beside_it(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text(GOOD)
    loaded = load_config(path)
    assert loaded.problems == [] and loaded.notes == []
    assert last_good_path(path) == tmp_path / "config.toml.last-good"
    assert last_good_path(path).read_text() == GOOD
    assert no_temporary_files(tmp_path)


def test_a_syntax_error_keeps_the_last_good_config_and_the_pin(tmp_path):
    # The finding: `countdown = [5` made every key fall back, pin_hash included, and
    # `kiosk run --kiosk` refused to start ("kiosk mode needs a staff PIN").
    path = tmp_path / "config.toml"
    path.write_text(GOOD)
    load_config(path)  # a start with the good file: saved as the last good copy
    path.write_text(GOOD.replace("countdown = 30", "countdown = [5"))
    loaded = load_config(path)
    assert loaded.config.kiosk is True
    assert loaded.config.countdown == 30 and loaded.config.screen_inches == 55
    assert loaded.config.pin_hash == PIN_HASH
    assert kiosk_mode_refusal(loaded) is None  # the kiosk-mode start check finds the PIN
    (problem,) = loaded.problems
    assert problem.startswith(f"{path}, line 3")  # the line of `countdown = [5`
    assert "TOML syntax error" in problem
    assert f"using the last good copy {last_good_path(path)}" in problem
    assert "kiosk config show" in problem  # what to do
    assert loaded.sources["countdown"] == f"{last_good_path(path)} (last good)"
    # The broken file never replaces the last good copy.
    assert last_good_path(path).read_text() == GOOD


def test_kiosk_run_starts_with_a_broken_config_and_a_pin(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text(GOOD)
    assert kiosk("config", "show", "--config", path).returncode == 0  # saves the copy
    path.write_text(GOOD.replace("countdown = 30", "countdown = [5"))
    result = kiosk("run", "--kiosk", "--config", path)
    # Status 3 ("no display to run on") comes after the PIN check: the PIN was found.
    assert result.returncode == 3, result.stderr
    assert "kiosk mode needs a staff PIN" not in result.stderr
    assert f"{path}, line 3" in result.stderr
    assert "Traceback" not in result.stderr


def test_with_the_pin_in_its_own_file_a_syntax_error_loses_no_pin(tmp_path):
    path = tmp_path / "config.toml"
    store_pin(path, PIN_HASH)
    path.write_text("kiosk = true\ncountdown = [5\n")  # broken, and no last good copy
    loaded = load_config(path)
    assert loaded.config.pin_hash == PIN_HASH
    assert kiosk_mode_refusal(loaded) is None
    (problem,) = loaded.problems
    assert problem.startswith(f"{path}, line 2") and "using the defaults" in problem


def test_a_bad_key_keeps_the_other_keys(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text(
        "screen_inches = 55\ncountdown = 2\n[attract]\nslide_seconds = 1\ndrift = false\n"
    )
    loaded = load_config(path)
    assert loaded.config.screen_inches == 55
    assert loaded.config.countdown is None  # the default
    assert loaded.config.attract.drift is False  # a bad key in a table keeps the table's others
    assert loaded.config.attract.slide_seconds == 8
    countdown, slide = loaded.problems
    assert countdown.startswith(f"{path}, line 2: countdown: Input should be greater than")
    assert slide.startswith(f"{path}, line 4: attract.slide_seconds: Input should be")
    assert "using the default (8.0)" in slide
    assert not last_good_path(path).exists()  # a file with a problem is no good copy


def test_a_bad_key_takes_its_last_good_value(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text(GOOD)
    load_config(path)
    path.write_text(GOOD.replace("countdown = 30", "countdown = 2").replace("55", "60"))
    loaded = load_config(path)
    assert loaded.config.countdown == 30  # from the last good copy
    assert loaded.config.screen_inches == 60  # the file's own good key
    (problem,) = loaded.problems
    assert problem.startswith(f"{path}, line 3: countdown:")
    assert f"using the last good value (30.0) from {last_good_path(path)}" in problem
    assert loaded.sources["countdown"].endswith("(last good)")
    assert loaded.sources["screen_inches"] == str(path)


def test_the_pin_hash_is_never_in_a_problem(tmp_path):
    # A damaged pin_hash falls back to the last good one: the message says so without the
    # hash itself (it goes to the log, the journal and the staff panel).
    path = tmp_path / "config.toml"
    path.write_text(GOOD)
    load_config(path)
    path.write_text(GOOD.replace(f'pin_hash = "{PIN_HASH}"', "pin_hash = 5"))
    loaded = load_config(path)
    assert loaded.config.pin_hash == PIN_HASH  # the last good one is used
    assert loaded.problems and all("pin_hash" in p for p in loaded.problems)
    for problem in loaded.problems:
        assert PIN_HASH not in problem and PIN_HASH.split("$")[-1] not in problem, problem
    assert "a hash, not shown" in loaded.problems[0]


def test_set_pin_never_follows_a_link_planted_at_a_temporary_name(tmp_path):
    # A folder others can write: a link at the old fixed temporary name must not lead the
    # config's rewrite (set-pin moving pin_hash out) to overwrite what it points to.
    path = tmp_path / "config.toml"
    path.write_text(GOOD)
    victim = tmp_path / "victim"
    victim.write_text("precious")
    for name in ("config.toml.tmp", "config.toml.last-good.tmp"):
        (tmp_path / name).symlink_to(victim)
    result = kiosk("set-pin", "--config", path, stdin="2468\n2468\n")
    assert result.returncode == 0, result.stderr
    assert victim.read_text() == "precious"
    assert not path.is_symlink() and "pin_hash" not in path.read_text()
    assert verify_pin("2468", pin_path(path).read_text().strip())


@pytest.mark.parametrize(
    ("target", "code"), [("os.replace", errno.ENOSPC), ("os.fsync", errno.EROFS)]
)
def test_the_last_good_copy_is_never_half_written(tmp_path, monkeypatch, target, code):
    path = tmp_path / "config.toml"
    path.write_text(GOOD)
    load_config(path)
    newer = GOOD.replace("countdown = 30", "countdown = 40")
    path.write_text(newer)

    def fail(*args, **kwargs):
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(target, fail)
    loaded = load_config(path)
    monkeypatch.undo()
    assert loaded.config.countdown == 40 and loaded.problems == []
    assert last_good_path(path).read_text() == GOOD  # the old copy, whole
    assert no_temporary_files(tmp_path)
    (note,) = loaded.notes  # said once, for the log
    assert str(last_good_path(path)) in note and os.strerror(code) in note


def test_a_read_only_folder_is_said_once_and_the_config_still_loads(tmp_path, monkeypatch):
    import kiosk.atomic

    path = tmp_path / "config.toml"
    path.write_text(GOOD)

    def read_only(*args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(kiosk.atomic.tempfile, "mkstemp", read_only)
    loaded = load_config(path)
    assert loaded.config.countdown == 30 and loaded.problems == []
    assert len(loaded.notes) == 1 and "Read-only file system" in loaded.notes[0]
    assert not last_good_path(path).exists()


def test_config_show_names_the_broken_line(tmp_path, capsys):
    path = tmp_path / "config.toml"
    path.write_text("kiosk = true\ncountdown = [5\n")
    assert main(["config", "show", "--config", str(path)]) == 1
    out = capsys.readouterr().out
    assert f"# problem: {path}, line 2" in out


# --- the PIN file ---------------------------------------------------------------------------


def test_set_pin_moves_a_pin_hash_out_of_the_config_file(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text(GOOD)
    result = kiosk("set-pin", "--config", path, stdin="2468\n2468\n")
    assert result.returncode == 0, result.stderr
    assert "moved the old pin_hash" in result.stdout
    text = path.read_text()
    assert "pin_hash" not in text and "# gallery 3" in text and "countdown = 30" in text
    pin_file = pin_path(path)
    assert pin_file.stat().st_mode & 0o777 == 0o600
    loaded = load_config(path)
    assert loaded.sources["pin_hash"] == str(pin_file)
    assert loaded.config.pin_hash is not None and verify_pin("2468", loaded.config.pin_hash)


def test_the_pin_file_wins_over_a_pin_hash_in_the_config(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text(GOOD)
    other = hash_pin("97531")
    store_pin(tmp_path / "elsewhere.toml", other)  # the same folder: the same staff-pin
    assert load_config(path).config.pin_hash == other


def test_set_pin_on_a_broken_config_stores_the_pin(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text("kiosk = true\ncountdown = [5\n")
    result = kiosk("set-pin", "--config", path, stdin="2468\n2468\n")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert f"could not check {path}" in result.stdout
    assert path.read_text() == "kiosk = true\ncountdown = [5\n"
    assert verify_pin("2468", pin_path(path).read_text().strip())


@pytest.mark.parametrize(
    "content", ["scrypt$16384$8$1$not base64!$AAAA\n", "", "plain:1234\n", "a\nb\n"]
)
def test_a_damaged_pin_file_is_reported_and_kiosk_mode_refuses(tmp_path, capsys, content):
    path = tmp_path / "config.toml"
    path.write_text("kiosk = true\n")
    pin_path(path).write_text(content)
    loaded = load_config(path)
    assert loaded.config.pin_hash is None
    assert loaded.pin_problem is not None and loaded.pin_problem in loaded.problems
    assert str(pin_path(path)) in loaded.pin_problem
    refusal = kiosk_mode_refusal(loaded)
    assert refusal is not None
    assert str(pin_path(path)) in refusal and "kiosk set-pin" in refusal
    assert main(["config", "show", "--config", str(path)]) == 1
    out = capsys.readouterr().out
    assert "(damaged" in out and f"# problem: {pin_path(path)}" in out


def test_kiosk_run_with_a_damaged_pin_says_what_to_do(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text(f'kiosk = true\nlog_dir = "{tmp_path / "log"}"\n')
    pin_path(path).write_text("scrypt$16384$8$1$???$???\n")
    result = kiosk("run", "--config", path, display=True)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert str(pin_path(path)) in result.stderr and "kiosk set-pin" in result.stderr
    # ... and in the kiosk's own log.
    assert "staff PIN hash is damaged" in (tmp_path / "log" / "kiosk.log").read_text()


def test_a_damaged_pin_hash_in_the_config_names_its_line(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('kiosk = true\n\npin_hash = "scrypt$1$2$3"\n')
    loaded = load_config(path)
    assert loaded.config.pin_hash is None
    assert loaded.pin_problem is not None
    assert loaded.pin_problem.startswith(f"{path}, line 3:")
    assert "kiosk set-pin" in (kiosk_mode_refusal(loaded) or "")


# --- set-pin never shows a traceback --------------------------------------------------------


def set_pin(monkeypatch, capsys, path, stdin="2468\n2468\n"):
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin) if isinstance(stdin, str) else stdin)
    status = main(["set-pin", "--config", str(path)])
    return status, capsys.readouterr()


@pytest.mark.parametrize("code", [errno.EROFS, errno.EACCES, errno.ENOSPC])
def test_set_pin_with_an_unwritable_folder_says_so(tmp_path, monkeypatch, capsys, code):
    import kiosk.atomic

    path = tmp_path / "config.toml"
    path.write_text(GOOD)

    def refuse(*args, **kwargs):
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(kiosk.atomic.tempfile, "mkstemp", refuse)
    status, out = set_pin(monkeypatch, capsys, path)
    assert status == 1
    assert f"cannot write {pin_path(path)}: {os.strerror(code)}" in out.err
    assert "nothing was changed" in out.err and "To fix:" in out.err
    assert path.read_text() == GOOD and not pin_path(path).exists()


def test_set_pin_when_the_rename_fails_leaves_nothing_behind(tmp_path, monkeypatch, capsys):
    path = tmp_path / "config.toml"
    store_pin(path, PIN_HASH)

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("os.replace", full)
    status, out = set_pin(monkeypatch, capsys, path)
    assert status == 1 and "No space left on device" in out.err
    assert pin_path(path).read_text().strip() == PIN_HASH  # the old PIN, whole
    assert no_temporary_files(tmp_path)


def test_set_pin_where_the_folder_cannot_exist(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    result = kiosk("set-pin", "--config", blocker / "config.toml", stdin="2468\n2468\n")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "kiosk set-pin: cannot write" in result.stderr


@pytest.mark.parametrize("stdin", ["", "2468\n"])
def test_set_pin_with_input_that_ends(tmp_path, stdin):
    path = tmp_path / "config.toml"
    result = kiosk("set-pin", "--config", path, stdin=stdin)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "the input ended" in result.stderr and "nothing was changed" in result.stderr
    assert not pin_path(path).exists()


def test_set_pin_interrupted(tmp_path, monkeypatch, capsys):
    class Interrupted(io.StringIO):
        def readline(self, *args):
            raise KeyboardInterrupt

    path = tmp_path / "config.toml"
    status, out = set_pin(monkeypatch, capsys, path, stdin=Interrupted())
    assert status == 130 and "interrupted; nothing was changed" in out.err
    assert not pin_path(path).exists()


def test_set_pin_with_input_that_is_not_text(tmp_path):
    path = tmp_path / "config.toml"
    result = subprocess.run(
        [sys.executable, "-m", "kiosk", "set-pin", "--config", str(path)],
        input=b"\xff\xfe\n\xff\xfe\n",
        capture_output=True,
        cwd=REPO,
        env={"PATH": "/usr/bin:/bin", "LC_ALL": "C.UTF-8"},
        timeout=60,
    )
    assert result.returncode == 1
    assert b"Traceback" not in result.stderr and b"nothing was changed" in result.stderr


def test_the_config_model_still_has_a_pin_hash_key():
    # Old config files, the app and the tests still pass the hash in Config.
    assert Config(pin_hash=PIN_HASH).pin_hash == PIN_HASH


def test_kiosk_run_logs_the_problems_and_hands_them_to_the_staff_panel(
    tmp_path, monkeypatch, caplog
):
    import logging

    import kiosk.logs
    import kiosk.ui.app

    path = tmp_path / "config.toml"
    path.write_text(GOOD)
    load_config(path)
    path.write_text(GOOD.replace("countdown = 30", "countdown = [5"))
    handed = {}

    def run(bundle, **kwargs):  # the app itself is not started here
        handed.update(kwargs)
        return 0

    monkeypatch.setattr(kiosk.logs, "setup", lambda folder, **kw: folder / "kiosk.log")
    monkeypatch.setattr(kiosk.ui.app, "display_available", lambda: True)
    monkeypatch.setattr(kiosk.ui.app, "run", run)
    caplog.set_level(logging.INFO, logger="kiosk")
    assert main(["run", "--kiosk", "--config", str(path)]) == 0
    (problem,) = handed["config_problems"]
    assert problem.startswith(f"{path}, line 3") and "kiosk config show" in problem
    assert handed["config"].pin_hash == PIN_HASH and handed["config"].countdown == 30
    logged = [r for r in caplog.records if r.name == "kiosk.config"]
    assert [r.getMessage() for r in logged] == [problem]
    assert logged[0].levelno == logging.ERROR


def test_temporary_files_a_killed_writer_left_are_swept_at_the_next_read(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text("idle_timeout = 90\n", encoding="utf-8")
    old = tmp_path / ".config.toml.k3j2h1.tmp"  # a `set-pin` killed mid-write, long ago
    old.write_text("pin_hash = ", encoding="utf-8")
    stamp = time.time() - LEFTOVER_AGE - 60
    os.utime(old, (stamp, stamp))
    fresh = tmp_path / ".config.toml.a8b7c6.tmp"  # a writer at work right now
    fresh.write_text("", encoding="utf-8")
    other = tmp_path / ".notes.txt.abc.tmp"  # not ours
    other.write_text("", encoding="utf-8")
    os.utime(other, (stamp, stamp))
    target = tmp_path / "precious"
    target.write_text("keep", encoding="utf-8")
    link = tmp_path / ".config.toml.link.tmp"  # a link planted under our name
    link.symlink_to(target)
    os.utime(link, (stamp, stamp), follow_symlinks=False)

    loaded = load_config(path)
    assert loaded.config.idle_timeout == 90
    assert not old.exists()
    assert fresh.exists() and other.exists() and link.is_symlink()
    assert target.read_text(encoding="utf-8") == "keep"


#: A reader that is root without the capabilities to pass permission checks (the tests run
#: as root; this venv's interpreter is not reachable for another user), in the group
#: 65534 only: it reads a file as the kiosk's user in the config's group would.
AS_GROUP_READER = [*WITHOUT_DAC, "--regid=65534", "--clear-groups"]
READ_PIN = "import sys; from pathlib import Path; from kiosk.config import load_config; " + (
    "loaded = load_config(Path(sys.argv[1])); print(loaded.config.pin_hash is not None); "
    "print(*loaded.problems, sep='\\n')"
)


def read_pin_as_group_reader(path):
    return subprocess.run(
        [*AS_GROUP_READER, sys.executable, "-c", READ_PIN, str(path)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_pin_file_is_readable_by_the_kiosk_user_in_the_config_group(tmp_path):
    folder = tmp_path / "etc-kiosk"
    folder.mkdir()
    folder.chmod(0o755)
    tmp_path.chmod(0o755)
    path = folder / "config.toml"
    path.write_text("kiosk = true\n", encoding="utf-8")
    os.chown(path, 1234, 65534)  # root:kiosk in a real install; any other owner here
    path.chmod(0o640)
    store_pin(path, PIN_HASH)  # as `sudo kiosk set-pin` does
    pin = folder / "staff-pin"
    assert pin.stat().st_gid == 65534 and pin.stat().st_mode & 0o777 == 0o640
    result = read_pin_as_group_reader(path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "True", result.stdout
    # The same reader is refused a file only its owner may read: the check can fail.
    pin.chmod(0o600)
    result = read_pin_as_group_reader(path)
    assert result.stdout.splitlines()[0] == "False", result.stdout
    assert "Permission denied" in result.stdout
