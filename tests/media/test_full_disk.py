"""Nothing half-written, ever: a full, read-only or unwritable cache fails cleanly (no
truncated rendition is renamed into place, nothing is counted as made that was not), is
reported once per batch, and what an earlier crash cut short is deleted and made again."""

from __future__ import annotations

import errno
import logging
import os
import shutil
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PIL import Image

from kiosk.content.stamp import STAMPS_DIR
from kiosk.media import jobs, scratch, tiles
from kiosk.media.renditions import Cache, Job, Spec, locate, run_job
from kiosk.media.tiles import TileSpec
from kiosk.ui import renditions as app_renditions
from kiosk.ui.app import QML_CACHE_DIR

THUMB = Spec("thumb", 64, 64)
SCREEN = Spec("screen", 200, 200)
TILES = TileSpec(tile=128)


@pytest.fixture
def original(tmp_path: Path) -> Path:
    """A 420×300 JPEG with detail (so that its renditions are not tiny): a small pyramid."""
    path = tmp_path / "src" / "original.jpg"
    path.parent.mkdir()
    Image.effect_noise((420, 300), 60).convert("RGB").save(path, quality=90)
    return path


def cache_files(root: Path) -> list[Path]:
    """Every file in the cache but the digest index, the validation stamps and the QML
    byte code."""
    return sorted(
        p
        for p in root.rglob("*")
        if p.is_file()
        and p.name != "digests.json"
        and not {STAMPS_DIR, QML_CACHE_DIR} & set(p.relative_to(root).parts)
    )


def assert_only_whole_files(root: Path) -> int:
    """Every file of the cache is complete: images decode, descriptors parse, no temporary
    file is left; how many renditions and pyramids (descriptors) there are."""
    assert list(root.rglob(".*.tmp")) == [], "a temporary file was left behind"
    made = 0
    for path in cache_files(root):
        if path.name == tiles.DESCRIPTOR:
            pyramid = tiles.read(path.parent)
            count = sum(1 for _ in (path.parent / tiles.TILES_DIR).rglob("*.jpg"))
            assert count == pyramid.tile_count(), path
            made += 1
            continue
        with Image.open(path) as im:
            im.load()  # raises on a truncated file (LOAD_TRUNCATED_IMAGES is off)
        assert scratch.looks_whole(path), path
        made += path.parent.parent == root  # a rendition, not a tile
    return made


class FullDisk:
    """The low-level writes of :mod:`kiosk.media.scratch` on a disk with ``free`` bytes:
    a write takes what fits (a short write, as the kernel does) and then fails ENOSPC."""

    def __init__(self, free: int, code: int = errno.ENOSPC) -> None:
        self.free = free
        self.code = code
        self.refused = 0
        self._lock = threading.Lock()
        self._write = os.write

    def write(self, fd: int, data: memoryview | bytes) -> int:
        with self._lock:
            if self.free <= 0:
                self.refused += 1
                raise OSError(self.code, os.strerror(self.code))
            n = min(len(data), self.free)
            self.free -= n
        return self._write(fd, data[:n])


class FailNth:
    """A stand-in for one low-level call that raises ``OSError(code)`` on its ``n``-th call."""

    def __init__(self, real: Callable[..., object], n: int, code: int = errno.ENOSPC) -> None:
        self.real, self.n, self.code, self.calls = real, n, code, 0
        self._lock = threading.Lock()

    def __call__(self, *args: object) -> object:
        with self._lock:
            self.calls += 1
            fail = self.calls == self.n
        if fail:
            raise OSError(self.code, os.strerror(self.code))
        return self.real(*args)


def build_all(cache: Cache, src: Path) -> list[BaseException]:
    """Build a thumb, a screen rendition and a pyramid; the errors met (each one's own)."""
    digest = cache.digest(src)
    errors: list[BaseException] = []
    for spec in (THUMB, SCREEN, TILES):
        try:
            cache.build(src, digest, spec)
        except OSError as exc:
            errors.append(exc)
    return errors


@pytest.mark.parametrize("call", ["_open", "_write", "_fsync", "_replace"])
def test_enospc_at_any_low_level_call_leaves_only_whole_files(
    call, original, tmp_path, monkeypatch
):
    real = getattr(scratch, call)
    # How many calls a whole build makes, to fail each one of them in turn.
    probe = FailNth(real, 0)
    monkeypatch.setattr(scratch, call, probe)
    assert build_all(Cache(tmp_path / "probe"), original) == []
    total = probe.calls
    assert total >= 3, total
    failures = 0
    for n in range(1, total + 2):
        root = tmp_path / f"cache-{n}"
        hook = FailNth(real, n)
        monkeypatch.setattr(scratch, call, hook)
        errors = build_all(Cache(root), original)
        for exc in errors:
            assert isinstance(exc, scratch.CacheWriteError), repr(exc)
            assert exc.errno == errno.ENOSPC and scratch.disk_error(exc) == errno.ENOSPC
        failures += bool(errors)
        made = assert_only_whole_files(root)
        assert made == 3 - len(errors)  # each failure costs its own rendition only
        # Space freed: the next build makes what is missing, and only that.
        monkeypatch.setattr(scratch, call, real)
        assert build_all(Cache(root), original) == []
        assert assert_only_whole_files(root) == 3
    # _open and _fsync also sync folders (never mind if that fails there): not every call
    # of theirs fails a build; every _write and _replace does.
    assert failures >= (total // 2 if call in ("_open", "_fsync") else total), (failures, total)


def test_a_disk_filling_up_at_any_byte_never_leaves_a_truncated_file(
    original, tmp_path, monkeypatch
):
    probe = Cache(tmp_path / "probe")
    build_all(probe, original)
    size = sum(p.stat().st_size for p in cache_files(probe.root))
    outcomes = set()
    # Free space from nothing to more than the whole build, in uneven steps.
    for free in [*range(0, 4000, 997), *range(4000, size + 5000, max(1, size // 23))]:
        root = tmp_path / f"cache-{free}"
        disk = FullDisk(free)
        monkeypatch.setattr(scratch, "_write", disk.write)
        errors = build_all(Cache(root), original)
        assert all(getattr(e, "errno", None) == errno.ENOSPC for e in errors), errors
        assert assert_only_whole_files(root) == 3 - len(errors)
        assert bool(errors) == bool(disk.refused)
        outcomes.add(len(errors))
    assert outcomes >= {0, 3}, outcomes  # the range covered a full disk and enough space


def in_process(monkeypatch: pytest.MonkeyPatch) -> list[Job]:
    """Run the batches' jobs in this process (so that monkeypatched writes apply); the
    jobs tried, in order."""
    tried: list[Job] = []
    lock = threading.Lock()

    def run(self: object, job: Job, token: object) -> jobs.Outcome:
        with lock:
            tried.append(job)
        return jobs.attempt(job, None)

    monkeypatch.setattr("kiosk.media.worker.Worker.run", run)
    return tried


def made_counts(out: str) -> tuple[int, int]:
    """The renditions and pyramids prepare says it made."""
    line = next(line for line in out.splitlines() if " renditions and " in line)
    words = line.split()
    return int(words[words.index("renditions") - 1]), int(words[words.index("tile") - 1])


@pytest.mark.parametrize("free", [0, 40_000, 150_000, 400_000, 900_000, 1_500_000])
def test_prepare_on_a_full_disk_counts_only_what_it_made_and_fails(
    free, bundle_dir, tmp_path, monkeypatch, capsys
):
    from kiosk.cli import main

    in_process(monkeypatch)
    disk = FullDisk(free)
    monkeypatch.setattr(scratch, "_write", disk.write)
    cache = tmp_path / "cache"
    args = ["prepare", str(bundle_dir), "--cache", str(cache), "--size", "1280x800"]
    code = main(args)
    captured = capsys.readouterr()
    renditions_made, pyramids_made = made_counts(captured.out)
    on_disk = assert_only_whole_files(cache)
    assert renditions_made + pyramids_made == on_disk
    assert disk.refused, "the disk never filled: a test that cannot fail"
    assert code == 1
    assert renditions_made + pyramids_made < 18
    # Reported once, with the folder and what to do; not a line per file.
    assert captured.err.count("free space on that disk") == 1, captured.err
    assert str(cache) in captured.err and "No space left on device" in captured.err
    # Space freed: the rest is made, the whole files kept.
    monkeypatch.setattr(scratch, "_write", os.write)
    assert main(args) == 0
    renditions_made, pyramids_made = made_counts(capsys.readouterr().out)
    assert renditions_made + pyramids_made == 18 - on_disk
    assert assert_only_whole_files(cache) == 18


def planted(cache: Cache, src: Path, spec: Spec) -> Path:
    """A rendition made and then cut short, as a crash on a full disk once left it."""
    path = cache.build(src, cache.digest(src), spec)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def test_a_truncated_rendition_is_found_deleted_and_made_again(original, tmp_path):
    cache = Cache(tmp_path / "cache")
    thumb = planted(cache, original, THUMB)
    screen = cache.build(original, cache.digest(original), SCREEN)
    located = locate(cache, {"m": original}, [THUMB, SCREEN])
    assert not thumb.exists(), "the truncated rendition was kept"
    assert located.found == {"m": {"screen": screen}}
    [job] = located.jobs["m"]
    assert job.spec == THUMB
    assert run_job(job) == thumb
    scratch.check_image(thumb)
    assert assert_only_whole_files(cache.root) == 2


def test_prepare_makes_again_what_was_cut_short(bundle_dir, tmp_path, capsys):
    from kiosk.cli import main

    cache = tmp_path / "cache"
    args = ["prepare", str(bundle_dir), "--cache", str(cache), "--size", "1280x800"]
    assert main(args) == 0
    victim = next(p for p in cache_files(cache) if p.parent.parent == cache)
    victim.write_bytes(victim.read_bytes()[:-1000])
    capsys.readouterr()
    assert main(args) == 0
    assert made_counts(capsys.readouterr().out) == (1, 0)
    scratch.check_image(victim)


def test_a_rendition_that_does_not_decode_is_made_again_by_a_build(original, tmp_path):
    cache = Cache(tmp_path / "cache")
    digest = cache.digest(original)
    path = cache.build(original, digest, THUMB)
    path.write_bytes(b"not a JPEG at all\xff\xd9")  # its end marker, and nothing else
    assert cache.find(digest, THUMB) == path  # the cheap look is fooled
    assert cache.build(original, digest, THUMB) == path
    with Image.open(path) as im:
        im.load()
        assert max(im.size) == 64


def test_an_unreadable_descriptor_is_deleted_and_the_pyramid_made_again(original, tmp_path):
    cache = Cache(tmp_path / "cache")
    digest = cache.digest(original)
    descriptor = cache.build(original, digest, TILES)
    descriptor.write_text('<?xml version="1.0"?><Ima', encoding="utf-8")
    assert cache.find(digest, TILES) is None
    assert not descriptor.parent.exists()
    assert cache.build(original, digest, TILES) == descriptor
    assert assert_only_whole_files(cache.root) == 1


def test_a_failed_check_removes_the_temporary_file_and_says_why(tmp_path):
    def refuse(path: Path) -> None:
        raise ValueError("not what was written")

    final = tmp_path / "x.bin"
    with pytest.raises(scratch.CacheWriteError) as caught:
        scratch.write_file(final, b"data", verify=refuse)
    assert caught.value.errno == errno.EIO and scratch.disk_error(caught.value) is None
    assert f"could not write {final}" in str(caught.value)
    assert "not what was written" in str(caught.value)
    assert list(tmp_path.iterdir()) == []


def test_leftovers_older_than_their_pids_process_are_swept_at_start(tmp_path):
    root = tmp_path / "cache"
    (root / "ab").mkdir(parents=True)
    me = os.getpid()
    born = scratch.started(me)
    assert born is not None and born <= time.time()
    # Our pid, but written before this process started: a recycled pid, a gone writer.
    before = root / "ab" / f".x-thumb.jpg.{me}.0123abcd.tmp"
    ours = root / "ab" / f".y-thumb.jpg.{me}.0123abcd.tmp"
    for path in (before, ours):
        path.write_bytes(b"half")
    os.utime(before, (born - 60,) * 2)
    assert scratch.sweep(root) == [before]
    assert ours.exists()


class InProcessWorker:
    """kiosk.media.worker.Worker without the child: monkeypatched writes apply."""

    tried: list[Job]

    def __enter__(self) -> InProcessWorker:
        return self

    def __exit__(self, *exc: object) -> None:
        pass

    def run(self, job: Job, token: object) -> jobs.Outcome:
        self.tried.append(job)
        return jobs.attempt(job, None)


def batch_jobs(tmp_path: Path, root: Path, count: int) -> list[tuple[str, Job]]:
    found = []
    for i in range(count):
        src = tmp_path / "src" / f"o{i}.png"
        src.parent.mkdir(exist_ok=True)
        Image.new("RGB", (200 + i, 100), (i * 20, 40, 90)).save(src)
        found.append((f"m{i}", Job(root, src, Cache(root).digest(src), THUMB, 10**8)))
    return found


@pytest.mark.parametrize(
    ("code", "advice"),
    [
        (errno.EROFS, "mount that disk read-write"),
        (errno.ENOSPC, "free space on that disk"),
        (errno.EACCES, "make that folder writable"),
    ],
)
def test_a_batch_reports_a_cache_it_cannot_write_once_and_goes_on(
    code, advice, tmp_path, monkeypatch, caplog
):
    root = tmp_path / "cache"
    todo = batch_jobs(tmp_path, root, 5)
    InProcessWorker.tried = []
    monkeypatch.setattr(app_renditions, "Worker", InProcessWorker)
    created = []

    def refuse_after_one(path: str, flags: int, *mode: int) -> int:
        if flags & os.O_CREAT:
            created.append(path)
            if len(created) > 1:  # the 2nd rendition meets a full or read-only disk
                raise OSError(code, os.strerror(code))
        return os.open(path, flags, *mode)

    monkeypatch.setattr(scratch, "_open", refuse_after_one)
    with caplog.at_level(logging.INFO, logger=app_renditions.__name__):
        made = app_renditions.make(todo, app_renditions.CancelToken())
    assert made.disk == code
    assert list(made.renditions) == ["m0"]  # what was made before is shown
    assert len(made.problems) == 4
    assert len(InProcessWorker.tried) == 2  # the rest not tried: the disk would refuse them
    errors = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(errors) == 1, [r.getMessage() for r in errors]
    message = errors[0].getMessage()
    assert str(root) in message and advice in message and "4 renditions not made" in message
    assert assert_only_whole_files(root) == 1


# A real file system: a tmpfs of 300 KB (and a read-only one), where root may mount.


@pytest.fixture
def tiny_tmpfs(tmp_path: Path) -> Iterator[Callable[[str], Path]]:
    mounted: list[Path] = []

    def mount(options: str) -> Path:
        folder = tmp_path / f"tmpfs{len(mounted)}"
        folder.mkdir()
        done = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)],
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip() or done.returncode}")
        mounted.append(folder)
        return folder

    if shutil.which("mount") is None or os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root and mount(8)")
    yield mount
    for folder in mounted:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def test_prepare_on_a_real_tiny_tmpfs(tiny_tmpfs, bundle_dir, capsys):
    from kiosk.cli import main

    cache = tiny_tmpfs("size=300k") / "cache"
    args = ["prepare", str(bundle_dir), "--cache", str(cache), "--size", "1280x800"]
    assert main(args) == 1  # real worker processes, a real full disk
    captured = capsys.readouterr()
    renditions_made, pyramids_made = made_counts(captured.out)
    assert renditions_made + pyramids_made == assert_only_whole_files(cache) < 18
    assert captured.err.count("free space on that disk") == 1, captured.err
    subprocess.run(["mount", "-o", "remount,size=20m", str(cache.parent)], check=True)
    assert main(args) == 0
    assert assert_only_whole_files(cache) == 18


def test_a_batch_on_a_real_read_only_tmpfs(tiny_tmpfs, tmp_path, caplog):
    folder = tiny_tmpfs("size=300k,ro")
    todo = batch_jobs(tmp_path, folder / "cache", 3)
    with caplog.at_level(logging.INFO, logger=app_renditions.__name__):
        made = app_renditions.make(todo, app_renditions.CancelToken())  # real workers
    assert made.disk == errno.EROFS and not made.renditions
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(errors) == 1 and "mount that disk read-write" in errors[0], errors


def test_a_random_part_of_decimal_digits_is_not_taken_for_the_pid(tmp_path, monkeypatch):
    # One time in ~23, temp_path's eight hex digits are all decimal: the sweep must still
    # read the writer's pid, or it would remove a live build's file.
    monkeypatch.setattr(scratch.secrets, "token_hex", lambda n: "90144985")
    name = scratch.temp_path(tmp_path / "ab" / "abc-thumb.jpg")
    assert name.name == f".abc-thumb.jpg.{os.getpid()}.90144985.tmp"
    assert scratch.owner(name) == os.getpid()
    assert scratch.owner(Path(".a.5.77.12345678.tmp")) == 77
    name.parent.mkdir()
    name.write_bytes(b"being written")
    assert scratch.sweep(tmp_path) == []
    assert name.exists()
