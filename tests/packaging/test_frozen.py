"""The frozen kiosk (``make dist``) does what the source tree does.

Every test runs ``dist/kiosk/kiosk`` from an empty working directory with a private HOME:
validate, prepare and render on the exhibit shipped inside the onedir, and kiosk mode under
Xvfb talking to a fake systemd. ``make test-dist`` runs them.
"""

from __future__ import annotations

import json
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PIL import Image, ImageChops

from tests.conftest import REPO

RENDER_SIZE = "1280x800"
# The screens of one build differ run to run by up to 1/255 (software rasterising); the
# frozen build may differ from the source tree by no more than twice that.
SCREEN_TOLERANCE = 2
# The contact sheet is made of the screens shrunk with a Lanczos filter, whose negative
# lobes, rounded once per pass, turn a 1/255 difference into up to 3/255: two renders of
# the source tree alone differ that much.
CONTACT_SHEET_TOLERANCE = 4


def kiosk(
    exe: Path | list[str], *args: str, cwd: Path, env: dict[str, str], timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    command = [str(exe)] if isinstance(exe, Path) else exe
    return subprocess.run(
        [*command, *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def test_onedir_passes_check_libs(onedir):
    """Every library resolves, glibc ≤ 2.36, no graphics driver bundled, at most 170 MB."""
    done = subprocess.run(
        [sys.executable, str(REPO / "packaging" / "check_libs.py"), str(onedir), "--max-mb", "170"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr + done.stdout  # the problems, then the report


def test_validate_the_shipped_exhibit(frozen, shipped_exhibit, workdir, clean_env):
    done = kiosk(frozen, "validate", "--strict", str(shipped_exhibit), cwd=workdir, env=clean_env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.strip().endswith("valid: 0 errors, 0 warnings")


def _break_json(bundle: Path) -> str:
    path = bundle / "bundle.json"
    path.write_text(path.read_text(encoding="utf-8").replace('"format"', '"format" 1', 1))
    return "bundle.json:"


def _remove_image(bundle: Path) -> str:
    doc = json.loads((bundle / "bundle.json").read_text(encoding="utf-8"))
    image = str(doc["media"][0]["file"])
    (bundle / image).unlink()
    return image


@pytest.mark.parametrize("breakage", [_break_json, _remove_image], ids=["json", "image"])
def test_validate_names_what_is_broken(frozen, shipped_exhibit, workdir, clean_env, breakage):
    bundle = workdir / "broken"
    shutil.copytree(shipped_exhibit, bundle)
    named = breakage(bundle)
    done = kiosk(frozen, "validate", str(bundle), cwd=workdir, env=clean_env)
    assert done.returncode == 1, done.stdout + done.stderr
    errors = [line for line in done.stdout.splitlines() if ": error: " in line]
    assert errors, done.stdout
    assert any(named in line for line in errors), done.stdout
    assert "NOT valid" in done.stdout


def _files(root: Path) -> dict[str, bytes]:
    # digests.json maps each original's absolute path to its digest, a validation stamp is
    # named by the bundle's path, and the QML byte code is the engine's own: all differ by
    # location (and are checked on their own below).
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
        and p.name != "digests.json"
        and p.relative_to(root).parts[0] not in ("stamps", "qml")
    }


def test_prepare_makes_the_renditions_the_source_tree_makes(frozen, workdir, clean_env):
    """The shipped exhibit by default (kiosk.paths.shipped_bundle() in the frozen build), on
    a ProcessPoolExecutor (multiprocessing.freeze_support() in the entry script)."""
    cache = workdir / "cache"
    done = kiosk(frozen, "prepare", "--cache", str(cache), cwd=workdir, env=clean_env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "6 images, 12 renditions and 2 tile pyramids made" in done.stdout
    made = _files(cache)
    assert len(made) > 14  # 12 renditions, then the tiles of 2 pyramids and their .dzi
    # The frozen prepare stamps the bundle as checked and compiles the QML for the first start.
    # (Into QML_DISK_CACHE_PATH when set, as the tests' environment sets it.)
    assert len(list((cache / "stamps").glob("*.json"))) == 1
    compiled = re.search(r"QML compiled into \S+ \((\d+) files\)", done.stdout)
    assert compiled and int(compiled.group(1)) >= 20, done.stdout

    source_cache = workdir / "source-cache"
    source = [sys.executable, "-m", "kiosk"]
    done = kiosk(source, "prepare", "--cache", str(source_cache), cwd=REPO, env=clean_env)
    assert done.returncode == 0, done.stdout + done.stderr
    expected = _files(source_cache)
    assert sorted(made) == sorted(expected)
    differing = [name for name in made if made[name] != expected[name]]
    assert not differing, f"{len(differing)} files differ from the source tree's: {differing[:5]}"


def _render(command: Path | list[str], out: Path, cwd: Path, env: dict[str, str]) -> None:
    done = kiosk(
        command, "render", "--out", str(out), "--size", RENDER_SIZE, "--lang", "en",
        cwd=cwd, env=env, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, f"{command}: {done.stdout}{done.stderr}"


def test_render_matches_the_source_tree(frozen, workdir, clean_env, tmp_path):
    frozen_out, source_out = workdir / "frozen", workdir / "source"
    _render(frozen, frozen_out, workdir, clean_env)
    source_env = dict(clean_env, HOME=str(tmp_path / "source-home"))
    Path(source_env["HOME"]).mkdir()
    _render([sys.executable, "-m", "kiosk"], source_out, REPO, source_env)

    frozen_pngs = sorted(str(p.relative_to(frozen_out)) for p in frozen_out.rglob("*.png"))
    source_pngs = sorted(str(p.relative_to(source_out)) for p in source_out.rglob("*.png"))
    assert frozen_pngs == source_pngs
    assert len(source_pngs) > 10
    worst: dict[str, int] = {}
    for name in source_pngs:
        with Image.open(frozen_out / name) as a, Image.open(source_out / name) as b:
            assert a.size == b.size, name
            diff = ImageChops.difference(a.convert("RGBA"), b.convert("RGBA"))
            extrema = diff.getextrema()  # (low, high) per band
            assert isinstance(extrema[0], tuple)
            worst[name] = int(max(band[1] for band in extrema if isinstance(band, tuple)))
    over = {
        name: value
        for name, value in worst.items()
        if value > (CONTACT_SHEET_TOLERANCE if name == "contact-sheet.png" else SCREEN_TOLERANCE)
    }
    assert not over, f"screens differing from the source tree's by more than allowed (/255): {over}"


def _recv(sock: socket.socket, until: float) -> bytes | None:
    remaining = until - time.monotonic()
    if remaining <= 0:
        return None
    sock.settimeout(remaining)
    try:
        return sock.recv(256)
    except TimeoutError:
        return None


def test_kiosk_mode_under_xvfb_talks_to_systemd(
    frozen, xvfb, notify_socket, workdir, clean_env, tmp_path
):
    """READY=1 after the first frame within 10 s, WATCHDOG=1 every 500 ms for
    WATCHDOG_USEC=1000000, and SIGTERM a clean exit (status 0) within 5 s."""
    sock, address = notify_socket
    log_dir, cache_dir = tmp_path / "log", tmp_path / "cache"
    config = tmp_path / "config.toml"
    config.write_text(f'log_dir = "{log_dir}"\ncache_dir = "{cache_dir}"\n', encoding="utf-8")
    env = dict(clean_env, DISPLAY=xvfb, NOTIFY_SOCKET=address, WATCHDOG_USEC="1000000")
    started = time.monotonic()
    proc = subprocess.Popen(
        [str(frozen), "run", "--kiosk", "--no-pin", "--config", str(config)],
        cwd=workdir,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        ready_by = started + 10
        while (message := _recv(sock, ready_by)) not in (b"READY=1", None):
            pass
        assert message == b"READY=1", f"no READY=1 within 10 s (exit status {proc.poll()})"

        pings, window = 0, 3.0
        until = time.monotonic() + window
        while (message := _recv(sock, until)) is not None:
            pings += message == b"WATCHDOG=1"
        assert 4 <= pings <= 8, f"{pings} WATCHDOG=1 in {window} s; expected 6 (every 500 ms)"

        proc.send_signal(signal.SIGTERM)
        try:
            status = proc.wait(5)
        except subprocess.TimeoutExpired:
            pytest.fail("the kiosk did not end within 5 s of SIGTERM")
        assert status == 0, f"exit status {status} after SIGTERM"
    finally:
        if proc.poll() is None:
            proc.kill()
        output = proc.communicate()[0]
    log = (log_dir / "kiosk.log").read_text(encoding="utf-8")
    # Qt's and QML's own complaints (a missing plugin, QML module or image format) go to
    # the kiosk.qt logger; in a complete build there are none.
    qt_problems = [
        line
        for line in log.splitlines()
        if " kiosk.qt: " in line and any(f" {lvl} " in line for lvl in ("WARNING", "ERROR"))
    ]
    assert not qt_problems, "\n".join(qt_problems) + "\n" + output[-2000:]
