"""Batches of renditions without Qt: one error policy for every job, cancellation between
steps or by killing the worker process, and no temporary file left behind."""

from __future__ import annotations

import io
import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from PIL import Image

from kiosk.media import jobs, renditions, scratch, tiles
from kiosk.media.cancel import Cancelled, CancelToken
from kiosk.media.renditions import Cache, Job, Spec
from kiosk.media.tiles import TileSpec
from kiosk.media.worker import Worker
from tests.conftest import REPO
from tests.processes import alive, child_pids, thread_names, until

THUMB = Spec("thumb", 64, 64)


def job_for(cache_root: Path, src: Path, spec, max_pixels: int = 10**9) -> Job:
    cache = Cache(cache_root)
    return Job(cache.root, src, cache.digest(src), spec, max_pixels)


def odd_png(path: Path) -> Path:
    """A PNG that validates (sound header and end) but whose second IDAT chunk has a broken
    type: Pillow raises SyntaxError while decoding it."""
    buf = io.BytesIO()
    Image.effect_noise((600, 400), 40).convert("RGB").save(buf, "PNG")
    data = bytearray(buf.getvalue())
    second = data.index(b"IDAT", data.index(b"IDAT") + 4)
    data[second : second + 4] = b"\x01\x02\x03\x04"
    path.write_bytes(bytes(data))
    return path


def temporaries(root: Path) -> list[Path]:
    return list(root.rglob(".*.tmp"))


@pytest.fixture(scope="module")
def scan(tmp_path_factory) -> Path:
    """A 182-megapixel JPEG (3 MB): seconds of decoding and cutting, no more."""
    path = tmp_path_factory.mktemp("scan") / "scan.jpg"
    Image.new("RGB", (14000, 13000), (120, 90, 60)).save(path, quality=80)
    return path


def test_every_failure_is_reported_with_its_file_and_the_next_job_is_made(tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    big = tmp_path / "big.png"
    Image.new("1", (3000, 2000)).save(big)
    hungry = tmp_path / "hungry.png"
    Image.new("RGB", (300, 200), "blue").save(hungry)
    good = tmp_path / "good.png"
    Image.new("RGB", (300, 200), "red").save(good)
    real_render = renditions.render

    def render(src, spec, **kw):
        if src == hungry:
            raise MemoryError
        return real_render(src, spec, **kw)

    monkeypatch.setattr(renditions, "render", render)
    batch = [
        (job_for(cache, big, THUMB, max_pixels=5_000_000), "DecompressionBombError: big.png "),
        (job_for(cache, odd_png(tmp_path / "odd.png"), THUMB), "SyntaxError: broken PNG file"),
        (job_for(cache, hungry, THUMB), "could not make its thumb: MemoryError"),
        (Job(cache, tmp_path / "gone.png", "ab" * 32, THUMB, 10**9), "FileNotFoundError"),
        (job_for(cache, good, THUMB), None),
    ]
    outcomes = [jobs.attempt(job) for job, _ in batch]
    for outcome, (job, expected) in zip(outcomes, batch, strict=True):
        if expected is None:
            assert outcome.ok and outcome.path is not None and outcome.path.is_file()
        else:
            assert not outcome.ok and outcome.path is None
            assert outcome.problem is not None
            assert outcome.problem.startswith(f"{job.src}: could not make its thumb: ")
            assert expected in outcome.problem
    assert temporaries(cache) == []


def test_a_pyramid_outcome_carries_its_geometry(tmp_path):
    src = tmp_path / "wide.png"
    Image.new("RGB", (900, 300), "green").save(src)
    outcome = jobs.attempt(job_for(tmp_path / "cache", src, TileSpec()))
    assert outcome.ok and outcome.pyramid == tiles.Pyramid(900, 300, 256, "jpg")


def test_a_cancellation_is_not_a_failure_it_ends_the_batch(tmp_path):
    src = tmp_path / "a.png"
    Image.new("RGB", (300, 200), "red").save(src)
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        jobs.attempt(job_for(tmp_path / "cache", src, THUMB), token)
    assert not list((tmp_path / "cache").rglob("*.jpg"))


class CancelAtFirstTile(CancelToken):
    """Cancelled as soon as the pyramid under construction holds a tile; remembers how
    many tiles there were at each check."""

    def __init__(self, cache: Path) -> None:
        super().__init__()
        self.cache = cache
        self.seen: list[int] = []

    @property
    def cancelled(self) -> bool:
        count = sum(1 for _ in self.cache.glob(f"*/.*.tmp/{tiles.TILES_DIR}/*/*"))
        self.seen.append(count)
        return count > 0


def test_a_pyramid_stops_within_a_tile_row_and_leaves_nothing(tmp_path):
    src = tmp_path / "scan.png"
    Image.effect_noise((2048, 1024), 60).convert("RGB").save(src)  # 8 × 4 tiles on top
    cache = tmp_path / "cache"
    token = CancelAtFirstTile(cache)
    with pytest.raises(Cancelled):
        jobs.attempt(job_for(cache, src, TileSpec()), token)
    assert 0 < max(token.seen) <= 8, token.seen  # the first row, not the whole level
    assert temporaries(cache) == []
    assert not list(cache.rglob(tiles.DESCRIPTOR)), "no pyramid, whole or half"


def decoding(worker: Worker) -> bool:
    """The worker's child is inside libjpeg: its JPEG decoder's thread runs (named so by
    kiosk.media.strips)."""
    return worker.pid is not None and "kiosk-jpeg" in thread_names(worker.pid)


def cutting(cache: Path) -> bool:
    """The pyramid's temporary folder exists: tiles are being written."""
    return any(cache.glob(f"*/.*.tmp/{tiles.TILES_DIR}"))


@pytest.mark.parametrize("phase", ["decode", "cut"])
def test_cancelling_kills_the_worker_at_once_and_leaves_nothing(scan, tmp_path, phase):
    from tests.media.test_sandbox import stalling_jpeg

    cache = tmp_path / "cache"
    # The decode of a progressive JPEG is all in libjpeg before the first band: one whose
    # scans repeat stays there for seconds.
    src = stalling_jpeg(tmp_path / "stall.jpg") if phase == "decode" else scan
    job = job_for(cache, src, TileSpec())
    token = CancelToken()
    result: list[object] = []
    with Worker() as worker:

        def run() -> None:
            try:
                result.append(worker.run(job, token))
            except Cancelled as exc:
                result.append(exc)

        thread = threading.Thread(target=run)
        thread.start()
        if phase == "decode":
            until(lambda: decoding(worker), 30, "the worker to decode the scan")
            assert not cutting(cache)
        else:
            until(lambda: cutting(cache), 30, "the worker to cut tiles")
        pid = worker.pid
        assert pid is not None and alive(pid)
        start = time.monotonic()
        token.cancel()
        thread.join(5)
        took = time.monotonic() - start
    assert isinstance(result[0], Cancelled)
    assert took < 0.5, f"cancelling took {took:.2f} s"
    assert not alive(pid)
    assert temporaries(cache) == []
    assert not list(cache.rglob(tiles.DESCRIPTOR)), "no pyramid, whole or half"


def test_a_worker_that_dies_fails_its_job_only(scan, tmp_path):
    cache = tmp_path / "cache"
    small = tmp_path / "small.png"
    Image.new("RGB", (300, 200), "red").save(small)
    holder: list[jobs.Outcome] = []
    with Worker() as worker:
        thread = threading.Thread(
            target=lambda: holder.append(
                worker.run(job_for(cache, scan, TileSpec()), CancelToken())
            )
        )
        thread.start()
        until(lambda: cutting(cache), 30, "the worker to cut tiles")
        assert worker.pid is not None
        os.kill(worker.pid, signal.SIGKILL)  # as the out-of-memory killer would
        thread.join(5)
        (outcome,) = holder
        assert outcome.problem is not None
        assert outcome.problem.startswith(f"{scan}: could not make its tiles: WorkerLostError")
        assert temporaries(cache) == []
        after = worker.run(job_for(cache, small, THUMB), CancelToken())  # a new child
        assert after.ok


def test_an_orphaned_worker_stops_at_its_next_step():
    from multiprocessing import Pipe

    from kiosk.media.worker import _ParentToken

    parent, child = Pipe()
    token = _ParentToken(child)
    assert not token.cancelled
    parent.close()  # the kiosk is gone
    assert token.cancelled
    with pytest.raises(Cancelled):
        token.check()


# --- leftovers ---------------------------------------------------------------------------


def dead_pid() -> int:
    """The pid of a process that has ended (and been reaped)."""
    child = subprocess.Popen(["true"])
    child.wait()
    return child.pid


def test_temporary_names_say_who_wrote_them(tmp_path):
    name = scratch.temp_path(tmp_path / "ab" / "abc-thumb.jpg")
    assert name.parent == tmp_path / "ab"
    assert name.name.startswith(".abc-thumb.jpg.") and name.name.endswith(".tmp")
    assert scratch.owner(name) == os.getpid()
    assert scratch.temp_path(tmp_path / "x") != scratch.temp_path(tmp_path / "x")
    for other in ("abc.jpg", ".hidden", "abc.123.tmp", ".abc.tmp", ".abc.12x.tmp"):
        assert scratch.owner(Path(other)) is None, other


def test_a_sweep_removes_only_our_leftovers_of_gone_or_old_writers(tmp_path):
    root = tmp_path / "cache"
    (root / "ab").mkdir(parents=True)
    (root / "deeper" / "ab").mkdir(parents=True)
    dead, me = dead_pid(), os.getpid()
    gone_file = root / "ab" / f".x-thumb.jpg.{dead}.0123abcd.tmp"
    gone_dir = root / "ab" / f".x-dzi-256.{dead}.89abcdef.tmp"
    gone_old_style = root / f".digests.json.{dead}.tmp"
    young_live = root / "ab" / f".y-thumb.jpg.{me}.0123abcd.tmp"
    old_live = root / "ab" / f".z-thumb.jpg.{me}.0123abcd.tmp"
    for path in (gone_file, gone_old_style, young_live, old_live):
        path.write_bytes(b"half")
    (gone_dir / tiles.TILES_DIR / "3").mkdir(parents=True)
    (gone_dir / tiles.TILES_DIR / "3" / "0_0.jpg").write_bytes(b"half")
    os.utime(old_live, (time.time() - 2 * scratch.STALE_SECONDS,) * 2)
    keep = [
        root / "ab" / "x-thumb.jpg",  # a finished rendition
        root / "ab" / "notes.tmp",  # not one of our names
        root / "ab" / f"x.{dead}.tmp",  # no leading dot: not ours
        root / "deeper" / "ab" / f".x.jpg.{dead}.0123abcd.tmp",  # not a cache folder
        root / "digests.json",
    ]
    for path in keep:
        path.write_bytes(b"keep")
    removed = scratch.sweep(root)
    assert set(removed) == {gone_file, gone_dir, gone_old_style, old_live}
    for path in removed:
        assert not path.exists()
    assert young_live.exists()  # its writer may be at work (a prepare on the same cache)
    for path in keep:
        assert path.exists()


def test_prepare_removes_what_a_killed_prepare_left(write_doc, default_doc, tmp_path, capsys):
    from kiosk.cli import main

    # 80 MP: under the default limit, and a pyramid that takes a few seconds.
    default_doc["media"][2]["file"] = "images/big.jpg"
    bundle = write_doc(default_doc)
    Image.new("RGB", (10000, 8000), (90, 60, 30)).save(bundle / "images" / "big.jpg")
    cache = tmp_path / "cache"
    args = ["prepare", str(bundle), "--cache", str(cache), "--size", "1280x800"]
    proc = subprocess.Popen(
        [sys.executable, "-m", "kiosk", *args],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        until(lambda: cutting(cache), 60, "prepare to cut tiles")
    finally:
        for pid in [proc.pid, *child_pids(proc.pid)]:
            os.kill(pid, signal.SIGKILL)  # a power cut, for the files' sake
        proc.wait()
    left = temporaries(cache)
    assert left, "the killed prepare left its temporary files"
    assert main(args) == 0
    out = capsys.readouterr().out
    for path in left:
        assert f"kiosk prepare: removed {path}, left by a build that was interrupted" in out
        assert not path.exists()
    assert temporaries(cache) == []
    assert len(list(cache.rglob(tiles.DESCRIPTOR))) == 6  # every pyramid, whole


def test_prepare_reports_an_odd_file_with_its_error_and_makes_the_rest(
    write_doc, default_doc, tmp_path, capsys
):
    from kiosk.cli import main

    default_doc["media"][2]["file"] = "images/odd.png"
    bundle = write_doc(default_doc)
    src = odd_png(bundle / "images" / "odd.png")
    cache = tmp_path / "cache"
    assert main(["prepare", str(bundle), "--cache", str(cache), "--size", "1280x800"]) == 1
    captured = capsys.readouterr()
    # One line for the original, with its JSON path: one decode makes both.
    line = f"{src} (bundle.json: media[2].file): could not make its thumb and screen: "
    assert line + "SyntaxError: broken PNG file" in captured.err
    assert "6 images, 10 renditions and 5 tile pyramids made" in captured.out


def test_a_prepare_worker_that_dies_fails_its_job_only(write_doc, default_doc, tmp_path):
    # Two 80-MP originals: their pyramids are made first, one per process; one process is
    # killed (as the out-of-memory killer would) while it cuts tiles. That one job fails;
    # the other pyramid and every rendition queued behind them are still made.
    for i in (1, 2):
        default_doc["media"][i]["file"] = f"images/big-{i}.jpg"
    bundle = write_doc(default_doc)
    for i in (1, 2):
        Image.new("RGB", (10000, 8000), (90, 60, 30 * i)).save(bundle / "images" / f"big-{i}.jpg")
    cache = tmp_path / "cache"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "kiosk",
            "prepare",
            str(bundle),
            "--cache",
            str(cache),
            "--size",
            "1280x800",
        ],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        until(lambda: cutting(cache), 60, "prepare to cut tiles")
        workers = [
            pid
            for pid in child_pids(proc.pid)
            if b"resource_tracker" not in Path(f"/proc/{pid}/cmdline").read_bytes()
        ]
        assert len(workers) == 2  # one per core, each on a pyramid
        os.kill(workers[0], signal.SIGKILL)
        out, err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            for pid in [*child_pids(proc.pid), proc.pid]:  # no worker outlives a failure
                os.kill(pid, signal.SIGKILL)
            proc.wait()
    assert proc.returncode == 1
    problems = [line for line in err.splitlines() if "could not make its" in line]
    assert len(problems) == 1, err
    # Its tiles at least (one decode makes an original's renditions and tiles: what was
    # already in the cache when the worker died still counts as made).
    assert re.search(r"could not make its (\w+, |\w+ and )*tiles: WorkerLostError", problems[0])
    # Of 6: the killed original's renditions may have been made before its worker died.
    made = re.search(r"6 images, (\d+) renditions and 5 tile pyramids made", out)
    assert made and 10 <= int(made.group(1)) <= 12, out
    assert temporaries(cache) == []
