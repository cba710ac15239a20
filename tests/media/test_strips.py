"""One decode per original, a JPEG in bands: the bands are the pixels Pillow decodes (upright,
in sRGB), a pyramid cut band by band is tile for tile the one cut from the whole image, the
renditions come from one of its levels, and a JPEG that stops libjpeg fails cleanly, in
the process or in a worker. The images are made here."""

from __future__ import annotations

import io
import threading
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageDraw, ImageFile, ImageOps, ImageStat

from kiosk.content.assets import BUNDLE_FORMATS, open_image
from kiosk.media import jobs, scratch, strips, tiles
from kiosk.media.cancel import Cancelled, CancelToken
from kiosk.media.renditions import (
    Cache,
    Job,
    Spec,
    fit,
    fit_size,
    group,
    render,
    source_level,
    to_srgb,
)
from kiosk.media.tiles import Pyramid, TileSpec
from kiosk.media.worker import Worker
from tests.icc import swapped_red_green
from tests.media.test_jobs import CancelAtFirstTile, temporaries
from tests.processes import until

THUMB, SCREEN = Spec("thumb", 64, 64), Spec("screen", 256, 256)


def noise_jpeg(path: Path, size=(1100, 700), mode="RGB", orientation=1, **params) -> Path:
    """A JPEG whose every pixel differs from its neighbours (a misplaced band shows), with
    an EXIF orientation."""
    exif = Image.Exif()
    exif[0x0112] = orientation
    im = Image.effect_noise(size, 60).convert("L")
    if mode != "L":
        im = Image.merge("RGB", [im, im.rotate(90, expand=False), im.transpose(1)])
        im = im.convert(mode)
    im.save(path, "JPEG", quality=90, exif=exif, **params)
    return path


def pillow_upright(src: Path) -> Image.Image:
    """The original as Pillow decodes it whole, upright and in sRGB (the old way)."""
    with Image.open(src) as im:
        return to_srgb(ImageOps.exif_transpose(im))


def assembled(upright: strips.Upright) -> Image.Image:
    canvas = Image.new(upright.mode, upright.size)
    for start, band in upright.bands:
        canvas.paste(band, (start, 0) if upright.columns else (0, start))
    return canvas


@pytest.mark.parametrize("orientation", range(1, 9))
@pytest.mark.parametrize("mode", ["RGB", "L", "CMYK"])
def test_bands_are_the_pixels_pillow_decodes_upright(tmp_path, orientation, mode):
    src = noise_jpeg(tmp_path / "o.jpg", mode=mode, orientation=orientation)
    with open_image(src, formats=BUNDLE_FORMATS, max_pixels=10**9) as original:
        assert strips.streamable(original)
        upright = strips.upright(original, src, 128)
        whole = assembled(upright)
    expected = pillow_upright(src)
    assert upright.columns == (orientation >= 5)
    assert whole.size == expected.size == upright.size
    assert whole.mode == expected.mode
    assert ImageChops.difference(whole, expected).getbbox() is None


def test_an_embedded_profile_converts_band_by_band_as_the_whole(tmp_path):
    src = noise_jpeg(tmp_path / "swapped.jpg", icc_profile=swapped_red_green())
    with open_image(src, formats=BUNDLE_FORMATS, max_pixels=10**9) as original:
        whole = assembled(strips.upright(original, src, 100))
    expected = pillow_upright(src)
    assert ImageChops.difference(whole, expected).getbbox() is None
    with Image.open(src) as raw:  # and the profile did change the pixels
        assert ImageChops.difference(whole, raw.convert("RGB")).getbbox() is not None


def reference_tiles(im: Image.Image, spec: TileSpec) -> dict[str, bytes]:
    """Every tile file of the pyramid of ``im`` as the whole-image cut made it: each level
    whole, cropped tile by tile, then halved (``reduce(2)``) into the next."""
    pyramid = Pyramid(im.width, im.height, spec.tile)
    out = {}
    for level in range(pyramid.max_level, -1, -1):
        for col, row in pyramid.tiles(level):
            buf = io.BytesIO()
            im.crop(pyramid.tile_box(level, col, row)).save(buf, "JPEG", quality=spec.quality)
            out[f"{level}/{col}_{row}.jpg"] = buf.getvalue()
        im = im.reduce(2)
    return out


@pytest.mark.parametrize(
    ("orientation", "tile"), [(1, 256), (3, 256), (6, 256), (8, 100), (5, 127), (7, 64)]
)
def test_a_pyramid_cut_in_bands_is_tile_for_tile_the_whole_image_cut(tmp_path, orientation, tile):
    src = noise_jpeg(tmp_path / "o.jpg", size=(1300, 900), orientation=orientation)
    spec = TileSpec(tile=tile)
    pyramid = tiles.build(src, tmp_path / "p", spec)
    expected = reference_tiles(pillow_upright(src), spec)
    root = tmp_path / "p" / tiles.TILES_DIR
    made = {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*.jpg")}
    assert (pyramid.width, pyramid.height) == ((900, 1300) if orientation >= 5 else (1300, 900))
    assert made.keys() == expected.keys()
    assert [name for name in made if made[name] != expected[name]] == []  # byte for byte


def counted_decodes(monkeypatch, src: Path) -> list[str]:
    """Every decode of ``src`` from now on: Pillow's (``ImageFile.load``) and libjpeg's
    in bands (``JpegStrips``)."""
    seen: list[str] = []
    load, start = ImageFile.ImageFile.load, strips.JpegStrips.__init__

    def counting_load(self):
        if self.tile and Path(self.filename or "") == src:
            seen.append(f"pillow {self.size[0]}×{self.size[1]}")
        return load(self)

    def counting_start(self, path, mode, rawmode, size, heights):
        if Path(path) == src:
            seen.append(f"bands {size[0]}×{size[1]}")
        start(self, path, mode, rawmode, size, heights)

    monkeypatch.setattr(ImageFile.ImageFile, "load", counting_load)
    monkeypatch.setattr(strips.JpegStrips, "__init__", counting_start)
    return seen


def grouped(cache: Path, src: Path, *specs: Spec | TileSpec) -> Job:
    digest = Cache(cache).digest(src)
    (job,) = group(Job(cache, src, digest, spec, 10**9) for spec in specs)
    return job


@pytest.mark.parametrize("suffix", ["jpg", "png"])
def test_one_decode_makes_every_rendition_and_the_pyramid(tmp_path, monkeypatch, suffix):
    src = noise_jpeg(tmp_path / "scan.jpg", size=(2100, 1500), orientation=6)
    if suffix == "png":
        with Image.open(src) as im:
            im.save(tmp_path / "scan.png", exif=im.getexif())
        src = tmp_path / "scan.png"
    decodes = counted_decodes(monkeypatch, src)
    outcome = jobs.attempt(grouped(tmp_path / "cache", src, THUMB, SCREEN, TileSpec()))
    assert outcome.ok, outcome.problem
    # Once each: libjpeg in bands for a JPEG, Pillow whole for anything else.
    assert decodes == ["bands 2100×1500" if suffix == "jpg" else "pillow 2100×1500"]
    thumb, screen, pyramid = outcome.each()
    assert pyramid.pyramid == Pyramid(1500, 2100, 256, "jpg")  # upright: turned a quarter
    for part, spec in ((thumb, THUMB), (screen, SCREEN)):
        with Image.open(part.path or "") as made:
            assert made.size == fit_size((1500, 2100), spec)  # upright: taller than wide
            assert made.height == spec.height > made.width


def scene(size: tuple[int, int]) -> Image.Image:
    """A photograph's worth of detail: shapes and gradients, sharp edges, some grain."""
    im = Image.linear_gradient("L").resize(size).convert("RGB")
    draw = ImageDraw.Draw(im)
    for i in range(12):
        x, y = i * size[0] // 12, (i * 37) % size[1]
        draw.ellipse((x, y, x + size[0] // 8, y + size[1] // 6), fill=(30 * i % 255, 90, 200))
        draw.line((0, y, size[0], size[1] - y), fill=(250, 240, 10), width=3)
    return Image.blend(im, Image.effect_noise(size, 30).convert("RGB"), 0.1)


def jpeg_again(im: Image.Image, spec: Spec) -> Image.Image:
    """``im`` saved as a rendition is, and decoded back."""
    buf = io.BytesIO()
    im.save(buf, "JPEG", quality=spec.quality, optimize=True)
    with Image.open(buf) as back:
        return back.convert("RGB")


def test_renditions_from_a_pyramid_level_are_as_good_as_a_draft_decode(tmp_path):
    src = tmp_path / "scene.jpg"
    scene((3001, 2203)).save(src, quality=92)  # odd sizes: levels round up
    big = Spec("big", 700, 700)
    outcome = jobs.attempt(grouped(tmp_path / "cache", src, THUMB, big, TileSpec()))
    assert outcome.ok, outcome.problem
    whole = pillow_upright(src)
    for part, spec in zip(outcome.each(), (THUMB, big), strict=False):
        best = jpeg_again(fit(whole, spec), spec)  # Lanczos from every pixel
        draft = jpeg_again(render(src, spec), spec)  # the rendition made alone
        with Image.open(part.path or "") as made:
            assert made.size == best.size == draft.size == fit_size((3001, 2203), spec)
            made_off = ImageStat.Stat(ImageChops.difference(made.convert("RGB"), best)).mean
        draft_off = ImageStat.Stat(ImageChops.difference(draft, best)).mean
        # A difference of rounding, not of content or place; no more than a draft's.
        assert max(made_off) < 1.5, made_off
        assert sum(made_off) <= sum(draft_off), (made_off, draft_off)


def test_renditions_come_from_the_level_a_draft_decode_would_give():
    screen = Spec("screen", 1920, 1920)
    pyramid = Pyramid(12240, 8160)
    level = source_level((12240, 8160), [screen, Spec("thumb", 640, 640)], pyramid.max_level)
    assert pyramid.level_size(level) == (3060, 2040)  # a JPEG's draft for 1920: a quarter
    assert source_level((2000, 1500), [screen], 11) == 11  # smaller than it: the whole
    assert source_level((40000, 3000), [screen], 16) == 16  # 3000 is not twice 1920
    assert Pyramid(9000, 40000).level_size(source_level((9000, 40000), [screen], 16)) == (
        2250,
        10000,
    )


def bad_huffman_jpeg(path: Path) -> Path:
    """A JPEG whose Huffman table counts more codes than there can be: Pillow opens it
    (its header parser skips the table) and libjpeg stops at it with a fatal error."""
    buf = io.BytesIO()
    Image.effect_noise((900, 700), 40).convert("RGB").save(buf, "JPEG", quality=85)
    data = bytearray(buf.getvalue())
    table = data.index(b"\xff\xc4")
    data[table + 5 : table + 21] = b"\xff" * 16  # the 16 code counts
    path.write_bytes(bytes(data))
    return path


def test_a_jpeg_that_stops_libjpeg_fails_its_job_cleanly(tmp_path, monkeypatch):
    monkeypatch.setattr(strips, "_stuck", [])
    src = bad_huffman_jpeg(tmp_path / "bad.jpg")
    with Image.open(src) as im, pytest.raises(OSError):
        im.load()  # Pillow's decoder refuses it too
    outcome = jobs.attempt(grouped(tmp_path / "cache", src, THUMB, SCREEN, TileSpec()))
    assert outcome.problem == (
        f"{src}: could not make its thumb, screen and tiles: JpegError: the JPEG decoder "
        "stopped: Bogus Huffman table definition; the file is damaged or unusual: save it "
        "again from an image editor (a baseline JPEG) and replace it"
    )
    assert strips.stuck()  # its thread parked in libjpeg's error_exit, never returning
    assert temporaries(tmp_path / "cache") == []


def test_a_worker_whose_decoder_stopped_reports_it_and_the_next_job_gets_a_fresh_one(tmp_path):
    cache = tmp_path / "cache"
    src = bad_huffman_jpeg(tmp_path / "bad.jpg")
    good = tmp_path / "good.jpg"
    Image.new("RGB", (900, 700), "red").save(good)
    with Worker() as worker:
        failed = worker.run(grouped(cache, src, THUMB, TileSpec()), CancelToken())
        assert worker.pid is None  # it ended after reporting the job
        made = worker.run(grouped(cache, good, THUMB, TileSpec()), CancelToken())
    assert failed.problem is not None
    assert "JpegError: the JPEG decoder stopped: Bogus Huffman table definition" in failed.problem
    assert made.ok, made.problem
    assert temporaries(cache) == []


def decoder_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "kiosk-jpeg"]


def test_a_cancelled_pyramid_stops_its_decoder_and_leaves_nothing(tmp_path):
    src = noise_jpeg(tmp_path / "scan.jpg", size=(2048, 1536))  # six bands of tiles
    cache = tmp_path / "cache"
    token = CancelAtFirstTile(cache)
    before = decoder_threads()
    with pytest.raises(Cancelled):
        jobs.attempt(grouped(cache, src, TileSpec()), token)
    assert 0 < max(token.seen) <= 8, token.seen  # the first band, not the whole level
    assert temporaries(cache) == []
    assert not list(cache.rglob(tiles.DESCRIPTOR)), "no pyramid, whole or half"
    until(lambda: decoder_threads() == before, 5, "the decoder's thread to end")


def test_a_pyramid_that_fails_to_write_stops_its_decoder(tmp_path, monkeypatch):
    src = noise_jpeg(tmp_path / "scan.jpg", size=(2048, 1536))
    written = 0
    real = scratch.write_image

    def full_disk(path, *args, **kwargs):
        nonlocal written
        written += 1
        if written == 3:
            raise scratch.CacheWriteError(path, OSError(28, "No space left on device"))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(scratch, "write_image", full_disk)
    before = decoder_threads()
    with pytest.raises(scratch.CacheWriteError) as failed:
        tiles.build(src, tmp_path / "p", TileSpec())
    assert "No space left" in str(failed.value)  # (the traceback keeps the build's frames)
    until(lambda: decoder_threads() == before, 5, "the decoder's thread to end")
    assert temporaries(tmp_path) == []


def test_a_jpeg_cut_short_fails_as_pillow_fails_it_not_half_grey(tmp_path, monkeypatch):
    """A copy interrupted half-way (a USB stick pulled): libjpeg would fill the rest with
    grey and go on; the job fails, as Pillow's decode of the same file does."""
    src = noise_jpeg(tmp_path / "whole.jpg", size=(1100, 700))
    data = src.read_bytes()
    cut = tmp_path / "cut.jpg"
    cut.write_bytes(data[: len(data) // 2])
    with Image.open(cut) as im, pytest.raises(OSError, match="image file is truncated"):
        im.load()
    out = tmp_path / "pyramid"
    with pytest.raises(OSError, match="image file is truncated"):
        tiles.build(cut, out, TileSpec())
    assert not out.exists() or not any(out.rglob("*.jpg")), "no tile of a picture cut short"
    # Where Pillow is told to take truncated files, so is this decoder.
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)
    assert tiles.build(cut, out, TileSpec()).width == 1100


def test_the_banded_decoder_is_there_on_linux():
    """Without it a 100-MP scan is decoded whole (400 MB): on the kiosk's platform it must
    be found (Pillow's own libjpeg, through ctypes)."""
    import sys

    assert sys.platform.startswith("linux")
    assert strips.available()
