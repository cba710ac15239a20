"""Decoding in a sandbox: each decode runs in a worker process under a wall-time limit and a
memory limit, dies with its parent, and one decode of an original makes all its outputs.
The hostile files are made here: a progressive JPEG whose last scan repeats thousands of
times (a decode-time bomb), and a 5 KB fax-compressed TIFF of 44,000² pixels (a pixel
bomb)."""

from __future__ import annotations

import io
import json
import os
import shutil
import signal
import struct
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PIL import Image

from kiosk.cli import build_parser, main
from kiosk.media import jobs, renditions, sandbox, strips, tiles
from kiosk.media.cancel import CancelToken
from kiosk.media.renditions import Cache, Job, Spec, group
from kiosk.media.sandbox import Limits
from kiosk.media.tiles import TileSpec
from kiosk.media.worker import Worker
from tests.conftest import DEFAULT_BUNDLE, REPO
from tests.media.test_jobs import odd_png, temporaries
from tests.processes import alive, child_pids, until

THUMB, SCREEN = Spec("thumb", 64, 64), Spec("screen", 256, 256)


def stalling_jpeg(path: Path, edge: int = 2000, repeats: int = 3000) -> Path:
    """A valid progressive JPEG whose last scan is repeated ``repeats`` times: a few hundred
    KB that libjpeg decodes scan after scan (some 3 ms a scan at 2000², so 3000 repeats
    take about ten seconds; at 8000² they take minutes)."""
    buf = io.BytesIO()
    Image.new("RGB", (edge, edge), (120, 90, 60)).save(buf, "JPEG", progressive=True)
    data = buf.getvalue()
    scans, i = [], 2
    while data[i + 1] != 0xD9:  # walk the markers to the end of image
        length = int.from_bytes(data[i + 2 : i + 4], "big")
        if data[i + 1] != 0xDA:
            i += 2 + length
            continue
        j = data.index(b"\xff", i + 2 + length)  # a scan's data runs to the next marker
        while data[j + 1] == 0 or 0xD0 <= data[j + 1] <= 0xD7:  # (not stuffing or RSTn)
            j = data.index(b"\xff", j + 2)
        scans.append((i, j))
        i = j
    start, end = scans[-1]
    path.write_bytes(data[:end] + data[start:end] * repeats + data[end:])
    return path


def g4_tiff(path: Path, width: int = 44_000, height: int = 44_000) -> Path:
    """A bilevel TIFF, CCITT group 4, all white: one bit a row, so 44,000² pixels (1.9 GB
    once decoded) fit in 5.6 KB."""
    bits = "1" * height + "000000000001" * 2  # each row: "same as the row above"; then EOFB
    bits += "0" * (-len(bits) % 8)
    data = int(bits, 2).to_bytes(len(bits) // 8, "big")
    entries = [(256, 4, width), (257, 4, height), (258, 3, 1), (259, 3, 4), (262, 3, 0)]
    entries += [(273, 4, 0), (277, 3, 1), (278, 4, height), (279, 4, len(data))]
    offset = 8 + 2 + 12 * len(entries) + 4
    out = bytearray(b"II*\x00" + struct.pack("<IH", 8, len(entries)))
    for tag, kind, value in entries:  # kind 3: a SHORT, padded to four bytes; 4: a LONG
        value = offset if tag == 273 else value
        packed = struct.pack("<HH", value, 0) if kind == 3 else struct.pack("<I", value)
        out += struct.pack("<HHI", tag, kind, 1) + packed
    path.write_bytes(bytes(out + struct.pack("<I", 0) + data))
    return path


def grouped(cache: Path, src: Path, where: str, max_pixels: int = 2_000_000_000) -> Job:
    digest = Cache(cache).digest(src)
    specs = (THUMB, SCREEN, TileSpec())
    (job,) = group(Job(cache, src, digest, spec, max_pixels, where) for spec in specs)
    return job


def test_one_worker_reports_a_stall_a_pixel_bomb_and_an_exception_and_makes_the_rest(tmp_path):
    cache = tmp_path / "cache"
    stall = stalling_jpeg(tmp_path / "stall.jpg")
    bomb = g4_tiff(tmp_path / "fax.tif")
    odd = odd_png(tmp_path / "odd.png")
    good = tmp_path / "good.png"
    Image.new("RGB", (600, 400), "red").save(good)
    batch = [grouped(cache, src, f"media[{i}].file") for i, src in enumerate([stall, bomb, odd])]
    # One second of decoding for the stall; for the bomb, 512 MB (and five seconds, so that
    # a memory limit that failed to hold ends the test instead of taking gigabytes).
    with Worker(Limits(wall_floor=1.0, wall_per_megapixel=0.0)) as worker:
        stalled = worker.run(batch[0], CancelToken())
        assert worker.pid is None  # killed at its limit; the next job starts a fresh one
        worker.limits = Limits(wall_floor=5.0, wall_per_megapixel=0.0, memory=512 << 20)
        outcomes = [stalled] + [worker.run(job, CancelToken()) for job in batch[1:]]
        made = worker.run(grouped(cache, good, "media[3].file"), CancelToken())
    assert [o.problem is not None for o in outcomes] == [True, True, True]
    stalled_line, bomb_line, odd_line = (o.problem or "" for o in outcomes)
    all_three = "could not make its thumb, screen and tiles"
    assert stalled_line.startswith(
        f"{stall} (media[0].file): {all_three}: DecodeTimeoutError: decoding took longer "
        "than 1.0 s, the limit for its 4.0 megapixels"
    )
    assert "save it again from an image editor" in stalled_line
    assert bomb_line.startswith(
        f"{bomb} (media[1].file): {all_three}: DecodeMemoryError: decoding needs more memory "
        "than the 512 MB allowed for 1,936.0 megapixels"
    )
    assert odd_line.startswith(f"{odd} (media[2].file): {all_three}: SyntaxError: broken PNG")
    assert made.ok and [p.job.spec.name for p in made.each()] == ["thumb", "screen", "tiles"]
    assert all(p.path is not None and p.path.is_file() for p in made.each())
    assert made.peak is not None and 20e6 < made.peak < 512 << 20
    assert temporaries(cache) == []


def test_a_pixel_bomb_is_refused_by_its_header_before_any_decode(tmp_path):
    bomb = g4_tiff(tmp_path / "fax.tif")
    assert bomb.stat().st_size < 6000
    ballast = bytearray(400 << 20)  # a big parent: the worker's own peak must not count it
    ballast[::4096] = b"x" * len(ballast[::4096])
    with Worker() as worker:
        outcome = worker.run(grouped(tmp_path / "c", bomb, "", 89_478_485), CancelToken())
    assert outcome.problem is not None
    assert "DecompressionBombError: fax.tif has 1,936,000,000 pixels" in outcome.problem
    assert outcome.peak is not None and outcome.peak < 200e6  # nothing was decoded


def test_the_limits_follow_the_pixels_and_share_the_machine(monkeypatch):
    limits = Limits()
    assert limits.wall(64_000_000) == pytest.approx(sandbox.WALL_FLOOR + 6.4)
    assert limits.wall(0) == sandbox.WALL_FLOOR
    monkeypatch.setattr(sandbox, "machine_memory", lambda: 64 << 30)
    per_pixel = sandbox.BYTES_PER_PIXEL * sandbox.WORKING_COPIES
    assert limits.address_space(100_000_000) == sandbox.BASE_BYTES + 100_000_000 * per_pixel
    # Two thousand megapixels would want 24 GB: two workers get half of half the memory.
    assert Limits(workers=2).address_space(2_000_000_000) == (64 << 30) // 4
    assert Limits(memory=123).address_space(10**9) == 123
    monkeypatch.setattr(sandbox, "WALL_FLOOR", 1.5)  # one constant to change, documented
    assert Limits().wall(0) == 1.5


def test_many_cores_and_little_memory_mean_fewer_workers_not_smaller_limits(monkeypatch):
    """64 cores sharing 4 GB (half of 8) would give each worker 64 MB, less than any decode
    needs: there are as many workers as can each have what the largest image needs."""
    monkeypatch.setattr(sandbox, "machine_memory", lambda: 8 << 30)
    need = sandbox.BASE_BYTES + 100_000_000 * sandbox.BYTES_PER_PIXEL * sandbox.WORKING_COPIES
    count = sandbox.workers_for(64, 100_000_000)
    assert count == (4 << 30) // need == 2
    assert Limits(workers=count).address_space(100_000_000) == need  # the whole need
    assert sandbox.workers_for(64, 1_000_000) == (4 << 30) // (sandbox.BASE_BYTES + 12_000_000)
    assert sandbox.workers_for(2, 1_000_000) == 2  # never more than asked for
    assert sandbox.workers_for(64, 10**10) == 1  # bigger than the share: one, at the cap
    monkeypatch.setattr(sandbox, "machine_memory", lambda: None)
    assert sandbox.workers_for(8, 10**9) == 8  # the system does not say: one per core


def test_prepare_and_deep_checks_run_as_many_workers_as_the_memory_allows(
    tmp_path, monkeypatch, capsys
):
    from kiosk.media import worker

    seen: list[tuple[int, int, int]] = []
    real = sandbox.workers_for

    def spy(wanted: int, largest: int) -> int:
        seen.append((wanted, largest, real(wanted, largest)))
        return seen[-1][2]

    monkeypatch.setattr(sandbox, "workers_for", spy)
    monkeypatch.setattr(worker.os, "cpu_count", lambda: 64)
    monkeypatch.setattr(sandbox, "machine_memory", lambda: 1 << 30)  # 512 MB to share
    bundle = tmp_path / "b"
    shutil.copytree(DEFAULT_BUNDLE, bundle)
    assert main(["validate", "--deep", str(bundle)]) == 0
    assert main(["prepare", str(bundle), "--cache", str(tmp_path / "cache")]) == 0
    capsys.readouterr()
    assert len(seen) == 2
    for wanted, largest, count in seen:
        assert largest > 1_000_000  # the bundle's largest original, read from its header
        assert count == 1 < wanted  # 512 MB hold one worker's need, not two


def test_one_decode_makes_all_the_renditions_and_the_pyramid(tmp_path, monkeypatch):
    src = tmp_path / "scan.jpg"
    Image.new("RGB", (4000, 3000), (30, 60, 90)).save(src, quality=80)
    decoded: list[tuple[int, int]] = []
    real = renditions.upright_srgb

    def counting(im, edge, *args):
        out = real(im, edge, *args)
        decoded.append(out.size)
        return out

    def streaming(self, path, mode, rawmode, size, heights):
        decoded.append(size)  # a JPEG with a pyramid is decoded in bands
        real_strips(self, path, mode, rawmode, size, heights)

    real_strips = strips.JpegStrips.__init__
    monkeypatch.setattr(renditions, "upright_srgb", counting)
    monkeypatch.setattr(strips, "upright_srgb", counting)
    monkeypatch.setattr(strips.JpegStrips, "__init__", streaming)
    cache = tmp_path / "cache"
    outcome = jobs.attempt(grouped(cache, src, ""))
    assert outcome.ok and decoded == [(4000, 3000)]  # once, at full size, for the pyramid
    thumb, screen, pyramid = outcome.each()
    assert Image.open(thumb.path or "").size == (64, 48)
    assert Image.open(screen.path or "").size == (256, 192)
    assert pyramid.pyramid == tiles.Pyramid(4000, 3000, 256, "jpg")
    # Renditions alone: one decode at the scale the largest needs (libjpeg's 1/8 here).
    decoded.clear()
    other = tmp_path / "other.jpg"
    Image.new("RGB", (4000, 3000), (90, 60, 30)).save(other, quality=80)
    digest = Cache(cache).digest(other)
    (job,) = group(Job(cache, other, digest, spec, 10**9) for spec in (THUMB, SCREEN))
    outcome = jobs.attempt(job)
    assert outcome.ok and decoded == [(500, 375)]


def stall_bundle(bundle_dir: Path, *, everywhere: bool = False, repeats: int = 3000) -> Path:
    """The default exhibit with its second image (or every image) a stalling JPEG."""
    stalling_jpeg(bundle_dir / "images" / "stall.jpg", repeats=repeats)
    doc = json.loads((bundle_dir / "bundle.json").read_text(encoding="utf-8"))
    for i, media in enumerate(doc["media"]):
        if everywhere or i == 1:
            media["file"] = "images/stall.jpg"
    (bundle_dir / "bundle.json").write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    return bundle_dir


@pytest.fixture
def short_limits(monkeypatch):
    """One second of decoding for any image (the documented constants, changed)."""
    monkeypatch.setattr(sandbox, "WALL_FLOOR", 1.0)
    monkeypatch.setattr(sandbox, "WALL_PER_MEGAPIXEL", 0.0)


def test_prepare_refuses_a_decode_time_bomb_within_seconds_and_makes_the_rest(
    bundle_dir, tmp_path, capsys, short_limits
):
    bundle = stall_bundle(bundle_dir)
    began = time.monotonic()
    code = main(["prepare", str(bundle), "--cache", str(tmp_path / "c"), "--size", "1280x800"])
    took = time.monotonic() - began
    captured = capsys.readouterr()
    assert code == 1
    src = bundle / "images" / "stall.jpg"
    assert (
        f"kiosk prepare: {src} (bundle.json: media[1].file): could not make its thumb, "
        "screen and tiles: DecodeTimeoutError: decoding took longer than 1.0 s"
    ) in captured.err
    assert "3 could not be made" in captured.err
    assert "6 images, 10 renditions and" in captured.out  # the five others: every one
    assert took < 30  # the bomb alone would take ten seconds, three times (the old way)


def test_validate_deep_decodes_every_image_and_reports_each_with_its_json_path(
    bundle_dir, capsys, short_limits
):
    bundle = stall_bundle(bundle_dir)
    assert main(["validate", str(bundle)]) == 0  # the header checks cannot see it
    capsys.readouterr()
    g4_tiff(bundle / "images" / "fax.tif")
    doc = json.loads((bundle / "bundle.json").read_text(encoding="utf-8"))
    doc["media"][2]["file"] = "images/fax.tif"
    (bundle / "bundle.json").write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    assert main(["validate", "--deep", "--json", str(bundle)]) == 1
    report = json.loads(capsys.readouterr().out)
    found = {(p["code"], p["path"]): p["message"] for p in report["problems"]}
    assert set(found) == {("decode-timeout", "media[1].file"), ("image-too-large", "media[2].file")}
    message = found["decode-timeout", "media[1].file"]
    assert message.startswith('"images/stall.jpg": decoding took longer than 1.0 s')
    # The other four images decode: nothing reported for them.


def test_a_killed_prepare_leaves_no_worker_decoding(bundle_dir, tmp_path):
    # Every image is the same stalling JPEG, so prepare runs one job in one worker, which
    # decodes for a long while (the default limit allows it 5.4 s; the decode takes far
    # longer). prepare is killed outright: its worker must go at once, not finish.
    bundle = stall_bundle(bundle_dir, everywhere=True, repeats=6000)
    command = [sys.executable, "-m", "kiosk", "prepare", str(bundle), "--cache"]
    proc = subprocess.Popen(
        [*command, str(tmp_path / "c")],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    found: list[int] = []

    def decoding() -> bool:
        for pid in child_pids(proc.pid):
            try:
                stat = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
            except OSError:
                continue
            cpu = (int(stat[11]) + int(stat[12])) / os.sysconf("SC_CLK_TCK")
            if b"spawn_main" in cmdline and b"resource_tracker" not in cmdline and cpu > 1.0:
                found.append(pid)
                return True
        return False

    try:
        until(decoding, 30, "prepare's worker to be decoding")
        (worker,) = found
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        until(lambda: not alive(worker), 2, "the orphaned worker to die")
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        for pid in found:
            if alive(pid):
                os.kill(pid, signal.SIGKILL)


@pytest.mark.parametrize("verb", ["validate", "prepare", "pack", "install"])
@pytest.mark.parametrize("value", ["-5", "1", "1e20", "999999", "2000000001", "many"])
def test_max_pixels_refuses_what_the_config_would(verb, value, capsys):
    tail = {"validate": ["b"], "prepare": [], "pack": ["-o", "out"], "install": ["p.kioskpack"]}
    with pytest.raises(SystemExit) as exit_:
        build_parser().parse_args([verb, *tail[verb], "--max-pixels", value])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert f"argument --max-pixels: {value!r} is not a pixel count between 1,000,000 and " in err
    assert "2,000,000,000" in err


@pytest.mark.parametrize(
    ("value", "expected"),
    [("1000000", 1_000_000), ("2000000000", 2_000_000_000), ("200_000_000", 200_000_000)],
)
def test_max_pixels_takes_the_config_range(value, expected):
    args = build_parser().parse_args(["prepare", "--max-pixels", value])
    assert args.max_pixels == expected
