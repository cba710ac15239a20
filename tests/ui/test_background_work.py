"""The app's background work has a lifecycle: the configured pixel limit reaches every
opener; a rendition batch reports each bad file and goes on; a reload cancels the batch at
once (and a failed reload resumes it); leftovers of killed builds are removed at start;
and quitting during a batch of large scans ends the process within a second."""

from __future__ import annotations

import io
import json
import logging
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtQml import QQmlExpression, qmlContext
from PySide6.QtQuick import QQuickItem

from kiosk.config import Config
from kiosk.media import tiles
from kiosk.media.renditions import Cache, Job, Located, Spec
from kiosk.media.tiles import TileSpec
from kiosk.ui import tasks
from kiosk.ui.navigation import Navigator
from kiosk.ui.renditions import Made, Renditions
from tests.conftest import DEFAULT_BUNDLE, REPO
from tests.processes import alive, thread_names, until, workers
from tests.ui.scene import exists, find, image_file, items

MP_200 = 200_000_000


def odd_png(path: Path) -> Path:
    """A PNG that validates but whose decoding raises SyntaxError (a broken chunk type)."""
    buf = io.BytesIO()
    Image.effect_noise((600, 400), 40).convert("RGB").save(buf, "PNG")
    data = bytearray(buf.getvalue())
    second = data.index(b"IDAT", data.index(b"IDAT") + 4)
    data[second : second + 4] = b"\x01\x02\x03\x04"
    path.write_bytes(bytes(data))
    return path


def with_image(write_doc, default_doc, name: str, make) -> Path:
    """The default exhibit with its third photograph replaced by ``make(path)``."""
    default_doc["media"][2]["file"] = f"images/{name}"
    bundle = write_doc(default_doc)
    make(bundle / "images" / name)
    return bundle


def temporaries(root: Path) -> list[Path]:
    return list(root.rglob(".*.tmp"))


def cutting(cache: Path) -> bool:
    """A pyramid's temporary folder exists: its tiles are being written."""
    return any(cache.glob(f"*/.*.tmp/{tiles.TILES_DIR}"))


def over(qtbot, timeout: int = 60_000) -> None:
    qtbot.waitUntil(lambda: not tasks.busy(), timeout=timeout)


# --- the pixel limit -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def scan_jpeg(tmp_path_factory) -> Path:
    """A 182-megapixel JPEG scan, over twice Pillow's own limit (3 MB; over a second to
    decode, seconds to cut into tiles)."""
    path = tmp_path_factory.mktemp("scan") / "scan.jpg"
    Image.new("RGB", (14000, 13000), (120, 90, 60)).save(path, quality=80)
    return path


@pytest.fixture
def scan_182_mp(write_doc, default_doc, scan_jpeg) -> Path:
    """The default exhibit with the 182-megapixel scan as its third photograph."""
    return with_image(write_doc, default_doc, "scan.jpg", lambda p: shutil.copy(scan_jpeg, p))


def file_of(image: QQuickItem) -> Path:
    return image_file(image)


def image_ready(image: QQuickItem) -> bool:
    value, _ = QQmlExpression(qmlContext(image), image, "status").evaluate()
    return int(value) == 1  # Image.Ready


def shows_rendition(root: QQuickItem, cache: Path) -> bool:
    """A visible image under ``root`` shows a screen-fit rendition from ``cache``, loaded."""
    return any(
        i.inherits("QQuickImage")
        and i.isVisible()
        and cache in file_of(i).parents
        and "-screen-" in file_of(i).name
        and image_ready(i)
        for i in items(root)
    )


def test_an_exhibit_configured_for_200_mp_shows_a_182_mp_scan(
    open_kiosk, scan_182_mp, tmp_path, qtbot
):
    cache = tmp_path / "cache"
    # open_kiosk waits until the exhibit has loaded: validation took the config's limit.
    view = open_kiosk(bundle=scan_182_mp, config=Config(cache_dir=cache, max_image_pixels=MP_200))
    # The viewer shows the scan's screen-fit rendition, made by a job that took the limit too.
    view.session.navigator.open(int(Navigator.Screen.Viewer), 2)
    qtbot.waitUntil(lambda: exists(view.window, "photoViewer"))
    viewer = find(view.window, "photoViewer")
    qtbot.waitUntil(lambda: shows_rendition(viewer, cache), timeout=30_000)
    scan = Cache(cache).digest(scan_182_mp / "images" / "scan.jpg")
    assert any(p.name.startswith(f"{scan}-screen-") for p in cache.glob(f"{scan[:2]}/*"))
    over(qtbot)  # and its tile pyramid
    assert (cache / scan[:2] / f"{scan}-{TileSpec().key}" / tiles.DESCRIPTOR).is_file()


def test_a_lower_limit_refuses_the_scan_with_a_clear_error(qapp, qtbot, scan_182_mp, tmp_path):
    from kiosk.ui.app import KioskView

    config = Config(cache_dir=tmp_path / "cache", max_image_pixels=150_000_000)
    view = KioskView(scan_182_mp, config=config)
    try:
        view.session.start()
        qtbot.waitUntil(lambda: not view.session.loading, timeout=10_000)
        assert not view.session.ready
        assert any(
            '"images/scan.jpg" has more than 150,000,000 pixels; scale it down before adding '
            "it, or raise max_image_pixels in the kiosk config" in problem
            for problem in view.session.problems
        ), view.session.problems
    finally:
        view.close()


# --- one error policy ------------------------------------------------------------------------


def test_a_batch_reports_each_bad_file_and_makes_the_rest(qapp, qtbot, tmp_path, caplog):
    caplog.set_level(logging.WARNING, logger="kiosk.ui.renditions")
    cache = Cache(tmp_path / "cache")
    big = tmp_path / "big.png"
    Image.new("1", (3000, 2000)).save(big)
    odd = odd_png(tmp_path / "odd.png")
    good = tmp_path / "good.png"
    Image.new("RGB", (300, 200), "red").save(good)
    thumb = Spec("thumb", 64, 64)

    def job(src: Path, max_pixels: int = MP_200) -> Job:
        return Job(cache.root, src, cache.digest(src), thumb, max_pixels)

    located = Located(
        found={},
        jobs={"big": [job(big, max_pixels=5_000_000)], "odd": [job(odd)], "good": [job(good)]},
    )
    shown: list[Made] = []
    Renditions().start(located, shown.append)
    qtbot.waitUntil(lambda: len(shown) == 1, timeout=30_000)
    (made,) = shown
    assert set(made.renditions) == {"good"}  # the batch went on past both failures
    assert made.renditions["good"]["thumb"].is_file()
    assert len(made.problems) == 2
    assert (
        f"{big}: could not make its thumb: DecompressionBombError: big.png has "
        in (made.problems[0])
    )
    assert f"{odd}: could not make its thumb: SyntaxError: broken PNG file" in made.problems[1]
    logged = [r.getMessage() for r in caplog.records]
    assert made.problems == [m for m in logged if "could not make" in m]
    assert temporaries(cache.root) == []


def test_an_odd_file_in_an_exhibit_is_logged_and_the_others_are_made(
    open_kiosk, write_doc, default_doc, tmp_path, qtbot, caplog, expected_warnings
):
    expected_warnings.append("odd.png: Unable to read image data")  # Qt cannot show it either
    caplog.set_level(logging.WARNING, logger="kiosk.ui.renditions")
    bundle = with_image(write_doc, default_doc, "odd.png", odd_png)
    cache = tmp_path / "cache"
    open_kiosk(bundle=bundle, config=Config(cache_dir=cache))
    over(qtbot)
    src = bundle / "images" / "odd.png"
    media = json.loads((bundle / "bundle.json").read_text(encoding="utf-8"))["media"]
    i = next(n for n, m in enumerate(media) if m["file"] == "images/odd.png")
    logged = [r.getMessage() for r in caplog.records]
    for spec in ("thumb", "screen"):
        # The original's file and its place in the bundle, as `kiosk prepare` names it.
        line = (
            f"{src} (bundle.json: media[{i}].file): could not make its {spec}: "
            "SyntaxError: broken PNG file"
        )
        assert any(m.startswith(line) for m in logged), logged
    thumbs = [p for p in cache.rglob("*-thumb-*") if p.is_file()]
    assert len(thumbs) == 5  # the five other originals


# --- cancelled on reload, resumed when the reload fails ------------------------------------------


@pytest.fixture
def scan_80_mp(write_doc, default_doc) -> Path:
    """An 80-megapixel scan: a pyramid that takes a few seconds to cut."""
    return with_image(
        write_doc,
        default_doc,
        "big.jpg",
        lambda p: Image.new("RGB", (10000, 8000), (90, 60, 30)).save(p, quality=80),
    )


def rendition_batch() -> tasks.Batch:
    (batch,) = [b for b in tasks.batches() if b.name == "renditions" and not b.cancelled]
    return batch


def test_a_reload_cancels_the_batch_at_once_and_makes_nothing_twice(
    open_kiosk, scan_80_mp, tmp_path, qtbot, caplog
):
    cache = tmp_path / "cache"
    view = open_kiosk(bundle=scan_80_mp, config=Config(cache_dir=cache))
    qtbot.waitUntil(lambda: cutting(cache), timeout=30_000)
    first = rendition_batch()
    with qtbot.waitSignal(view.session.loaded, timeout=10_000):
        view.session.reload()  # staff: "Reload"
        assert first.cancelled  # at once, not when the new load is done
        qtbot.waitUntil(lambda: first.over, timeout=2000)
        assert temporaries(cache) == []  # its worker was killed, its files removed
    second = rendition_batch()  # the reloaded exhibit's, the only one
    assert second is not first
    over(qtbot)
    assert temporaries(cache) == []
    assert len(list(cache.rglob(tiles.DESCRIPTOR))) == 6  # each pyramid once, whole
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]


def test_a_failed_reload_resumes_the_batch_of_the_exhibit_shown(
    open_kiosk, scan_80_mp, tmp_path, qtbot
):
    cache = tmp_path / "cache"
    view = open_kiosk(bundle=scan_80_mp, config=Config(cache_dir=cache))
    qtbot.waitUntil(lambda: cutting(cache), timeout=30_000)
    first = rendition_batch()
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "bundle.json").write_text("{}", encoding="utf-8")
    view.session.reload(broken)  # a staff member's mistake
    assert first.cancelled
    qtbot.waitUntil(lambda: bool(view.session.problems), timeout=10_000)
    assert view.session.path == scan_80_mp  # still showing the exhibit
    again = rendition_batch()
    assert again is not first
    over(qtbot)
    assert len(list(cache.rglob(tiles.DESCRIPTOR))) == 6


# --- leftovers ---------------------------------------------------------------------------------


def test_the_first_batch_removes_leftovers_of_killed_builds(open_kiosk, tmp_path, qtbot):
    cache = tmp_path / "cache"
    (cache / "ab").mkdir(parents=True)
    gone = subprocess.Popen(["true"])
    gone.wait()
    dead = cache / "ab" / f".x-thumb.jpg.{gone.pid}.0123abcd.tmp"
    dead_dir = cache / "ab" / f".x-dzi-256-q85-r1.{gone.pid}.89abcdef.tmp"
    live = cache / "ab" / f".y-thumb.jpg.{os.getpid()}.0123abcd.tmp"  # a prepare at work
    dead.write_bytes(b"half")
    (dead_dir / tiles.TILES_DIR / "9").mkdir(parents=True)
    live.write_bytes(b"half")
    open_kiosk(config=Config(cache_dir=cache))
    over(qtbot)
    assert not dead.exists() and not dead_dir.exists()
    assert live.exists()


# --- quit --------------------------------------------------------------------------------------


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("during", ["decode", "cut"])
def test_quit_during_a_batch_of_large_scans_ends_the_process_within_a_second(
    tmp_path, scan_jpeg, during
):
    bundle = tmp_path / "bundle"
    shutil.copytree(DEFAULT_BUNDLE, bundle)
    doc = json.loads((bundle / "bundle.json").read_text(encoding="utf-8"))
    doc["media"][2]["file"] = "images/scan.jpg"
    (bundle / "bundle.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    shutil.copy(scan_jpeg, bundle / "images" / "scan.jpg")
    cache = tmp_path / "cache"
    config = tmp_path / "config.toml"
    config.write_text(
        f'log_dir = "{tmp_path / "log"}"\ncache_dir = "{cache}"\nmax_image_pixels = {MP_200}\n',
        encoding="utf-8",
    )
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "QT_QPA_PLATFORM": "offscreen",
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "kiosk", "run", "--config", str(config), str(bundle)],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    log = tmp_path / "log" / "kiosk.log"
    try:
        until(lambda: log.exists() and "first frame shown" in log.read_text(), 60, "a frame")

        def decoding() -> bool:
            """The scan's pyramid comes last: a worker decodes it in bands, on a thread of
            its own (named by kiosk.media.strips)."""
            return any("kiosk-jpeg" in thread_names(w) for w in workers(proc.pid))

        until(decoding, 60, "the decode")
        if during == "cut":
            until(lambda: cutting(cache), 30, "tiles being cut")
        worker_pids = workers(proc.pid)
        start = time.monotonic()
        proc.send_signal(signal.SIGTERM)  # as systemd stops the kiosk
        out = proc.communicate(timeout=30)[0]
        took = time.monotonic() - start
    finally:
        if proc.poll() is None:
            proc.kill()  # never leave a kiosk behind, even when the test fails
            proc.communicate()
    assert proc.returncode == 0, out  # a clean quit
    assert took <= 1.0, f"the process took {took:.2f} s to end"
    assert not any(alive(w) for w in worker_pids), "a worker outlived the kiosk"
    assert temporaries(cache) == [], "temporary files left behind"
    for folder in cache.glob("*/*-dzi-*"):
        assert (folder / tiles.DESCRIPTOR).is_file(), f"a half-made pyramid: {folder}"
    assert "received SIGTERM; quitting cleanly" in log.read_text()
