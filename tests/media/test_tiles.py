"""Deep-zoom tile pyramids: the tiles cover the image exactly at every level, the geometry
picks the right level and exactly the visible tiles, builds are atomic and cached."""

from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image, ImageChops

from kiosk.media import tiles
from kiosk.media.renditions import Cache, Spec, locate, missing_jobs, run_job
from kiosk.media.tiles import Pyramid, TileSpec


def noise(size, mode="RGBA", seed=1):
    """An image whose every pixel differs from its neighbours: a misplaced tile shows."""
    rng = random.Random(seed)
    return Image.frombytes(mode, size, rng.randbytes(size[0] * size[1] * len(mode)))


def assemble(pyramid, folder, level):
    """One level put back together from its tile files, and how often each pixel was
    covered (every pixel exactly once, or the tiles overlap or leave holes)."""
    w, h = pyramid.level_size(level)
    canvas = Image.new("RGBA", (w, h))
    coverage = Image.new("L", (w, h), 0)
    for col, row in pyramid.tiles(level):
        box = pyramid.tile_box(level, col, row)
        with Image.open(pyramid.tile_path(folder, level, col, row)) as tile:
            assert tile.size == (box[2] - box[0], box[3] - box[1])
            canvas.paste(tile.convert("RGBA"), box[:2])
        patch = coverage.crop(box).point(lambda v: v + 1)
        coverage.paste(patch, box[:2])
    return canvas, coverage


def test_tiles_cover_the_image_exactly_at_every_level(tmp_path):
    src = tmp_path / "scan.png"
    original = noise((1300, 700))  # not a multiple of the tile, nor of two
    original.save(src)
    folder = tmp_path / "pyramid"
    pyramid = tiles.build(src, folder, TileSpec(tile=256))
    assert pyramid == Pyramid(1300, 700, 256, "png")  # alpha: lossless tiles
    assert pyramid.max_level == 11  # 2^11 = 2048 ≥ 1300 > 1024
    assert pyramid.level_size(0) == (1, 1)
    files = {p.relative_to(folder) for p in (folder / tiles.TILES_DIR).rglob("*.*")}
    assert len(files) == pyramid.tile_count()
    expected = original
    for level in range(pyramid.max_level, -1, -1):
        canvas, coverage = assemble(pyramid, folder, level)
        assert coverage.getextrema() == (1, 1), f"level {level} has gaps or overlaps"
        assert canvas.size == expected.size
        assert ImageChops.difference(canvas, expected).getbbox() is None, f"level {level}"
        expected = expected.reduce(2)
    assert tiles.read(folder) == pyramid  # the descriptor says the same


def test_jpeg_tiles_of_an_opaque_image_match_it(tmp_path):
    src = tmp_path / "scan.jpg"
    original = Image.new("RGB", (900, 600), (120, 90, 60))
    original.paste((20, 20, 200), (300, 0, 600, 600))
    original.save(src, quality=95)
    pyramid = tiles.build(src, tmp_path / "p", TileSpec())
    assert pyramid.format == "jpg"
    canvas, coverage = assemble(pyramid, tmp_path / "p", pyramid.max_level)
    assert coverage.getextrema() == (1, 1)
    r, _g, b = canvas.convert("RGB").getpixel((450, 300))
    assert b > 150 and r < 60  # the blue band is where it was
    assert canvas.convert("RGB").getpixel((100, 300))[0] > 100


def test_pyramid_is_of_the_upright_image(tmp_path):
    src = tmp_path / "rotated.jpg"
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to display
    im = Image.new("RGB", (800, 300), (30, 30, 200))
    im.paste((200, 30, 30), (0, 0, 400, 300))  # left half red
    im.save(src, exif=exif)
    pyramid = tiles.build(src, tmp_path / "p", TileSpec())
    assert (pyramid.width, pyramid.height) == (300, 800)
    with Image.open(pyramid.tile_path(tmp_path / "p", pyramid.max_level, 0, 0)) as top:
        r, _, b = top.convert("RGB").getpixel((100, 100))
    assert r > b  # the left half is on top once upright


def test_cmyk_and_16_bit_originals_make_srgb_tiles(tmp_path):
    cmyk = tmp_path / "cmyk.jpg"
    Image.new("CMYK", (600, 400), (0, 255, 255, 0)).save(cmyk)
    grey = tmp_path / "grey16.png"
    Image.new("I;16", (600, 400), 40000).save(grey)
    p1 = tiles.build(cmyk, tmp_path / "a", TileSpec())
    with Image.open(p1.tile_path(tmp_path / "a", p1.max_level, 0, 0)) as t:
        assert t.mode == "RGB"
        r, g, b = t.getpixel((10, 10))
        assert r > 200 and g < 60 and b < 60
    p2 = tiles.build(grey, tmp_path / "b", TileSpec())
    with Image.open(p2.tile_path(tmp_path / "b", p2.max_level, 1, 1)) as t:
        assert t.mode == "L" and 150 <= t.getpixel((5, 5)) <= 160


def test_an_interrupted_build_leaves_nothing_behind(tmp_path, monkeypatch):
    src = tmp_path / "scan.jpg"
    Image.new("RGB", (1000, 1000), "grey").save(src)
    saved = 0
    real_save = Image.Image.save

    def failing_save(self, fp, *args, **kwargs):
        nonlocal saved
        saved += 1
        if saved == 7:
            raise OSError(28, "No space left on device")
        return real_save(self, fp, *args, **kwargs)

    monkeypatch.setattr(Image.Image, "save", failing_save)
    cache = Cache(tmp_path / "cache")
    digest = cache.digest(src)
    with pytest.raises(OSError, match="No space"):
        cache.build(src, digest, TileSpec())
    assert cache.find(digest, TileSpec()) is None
    assert [p for p in (tmp_path / "cache").rglob("*") if p.is_dir() and "dzi" in p.name] == []
    monkeypatch.setattr(Image.Image, "save", real_save)
    made = cache.build(src, digest, TileSpec())
    assert made == cache.find(digest, TileSpec()) and made.name == "image.dzi"


def test_only_originals_bigger_than_the_screen_rendition_get_a_pyramid(tmp_path):
    small, big = tmp_path / "small.jpg", tmp_path / "big.jpg"
    Image.new("RGB", (500, 400), "grey").save(small)
    Image.new("RGB", (1500, 900), "grey").save(big)
    specs = (Spec("thumb", 200, 200), Spec("screen", 1000, 1000))
    cache = Cache(tmp_path / "cache")
    sizes = {"s": (500, 400), "b": (1500, 900)}
    located = locate(cache, {"s": small, "b": big}, specs, tiles=TileSpec(), sizes=sizes)
    assert [j.spec.name for j in located.jobs["s"]] == ["thumb", "screen"]
    assert [j.spec.name for j in located.jobs["b"]] == ["thumb", "screen", "tiles"]
    for job in located.jobs["b"]:
        run_job(job)
    again = locate(cache, {"s": small, "b": big}, specs, tiles=TileSpec(), sizes=sizes)
    assert "b" not in again.jobs
    assert again.pyramids == {"b": Pyramid(1500, 900)}
    assert again.found["b"]["tiles"].name == "image.dzi"
    by_path = {small: (500, 400), big: (1500, 900)}
    jobs = missing_jobs(cache, [small, big], specs, tiles=TileSpec(), sizes=by_path)
    assert [(j.src.name, j.spec.name) for j in jobs] == [
        ("small.jpg", "thumb"),
        ("small.jpg", "screen"),
    ]


def test_an_unreadable_descriptor_is_made_again(tmp_path):
    src = tmp_path / "big.jpg"
    Image.new("RGB", (700, 300), "grey").save(src)
    cache = Cache(tmp_path / "cache")
    path = cache.build(src, cache.digest(src), TileSpec())
    path.write_text("<html>not a descriptor</html>")
    located = locate(
        cache, {"m": src}, [Spec("s", 256, 256)], tiles=TileSpec(), sizes={"m": (700, 300)}
    )
    assert [j.spec.name for j in located.jobs["m"]] == ["s", "tiles"]
    run_job(located.jobs["m"][1])
    assert tiles.read(path.parent) == Pyramid(700, 300)


@pytest.mark.parametrize(
    "text",
    [
        "not xml",
        '<Image xmlns="http://example.org"><Size Width="1" Height="1"/></Image>',
        f'<Image xmlns="{tiles.DZI_NS}" TileSize="254" Overlap="1">'
        '<Size Width="9" Height="9"/></Image>',
        f'<Image xmlns="{tiles.DZI_NS}" TileSize="256"><Size Width="0" Height="9"/></Image>',
    ],
)
def test_bad_descriptors_are_refused(text):
    with pytest.raises(ValueError):
        Pyramid.from_dzi(text)


sizes = st.integers(min_value=1, max_value=40_000)


@given(w=sizes, h=sizes, tile=st.sampled_from([1, 7, 256, 510]))
def test_levels_halve_down_to_one_pixel(w, h, tile):
    p = Pyramid(w, h, tile)
    assert p.level_size(p.max_level) == (w, h)
    assert p.level_size(0) == (1, 1)
    for level in range(1, p.max_level + 1):
        above, below = p.level_size(level), p.level_size(level - 1)
        assert below == (-(-above[0] // 2), -(-above[1] // 2))
    assert Pyramid.from_dzi(p.to_dzi()) == p


@given(
    w=st.integers(1, 5000),
    h=st.integers(1, 5000),
    data=st.data(),
)
def test_visible_tiles_are_exactly_those_meeting_the_view(w, h, data):
    p = Pyramid(w, h, 64)
    level = data.draw(st.integers(0, p.max_level))
    x = data.draw(st.floats(-w, w, allow_nan=False))
    y = data.draw(st.floats(-h, h, allow_nan=False))
    vw = data.draw(st.floats(0.5, 2 * w, allow_nan=False))
    vh = data.draw(st.floats(0.5, 2 * h, allow_nan=False))
    k = p.scale(level)
    # The view's part on the image (a level's last tiles may reach a little past it).
    x0, y0, x1, y1 = max(x, 0), max(y, 0), min(x + vw, w), min(y + vh, h)
    brute = set()
    for col, row in p.tiles(level) if x1 > x0 and y1 > y0 else ():
        left, top, right, bottom = p.tile_box(level, col, row)
        # the tile in full-image pixels meets the open view rectangle
        if left / k < x1 and right / k > x0 and top / k < y1 and bottom / k > y0:
            brute.add((col, row))
    assert set(p.visible(level, x, y, vw, vh)) == brute


@given(w=sizes, h=sizes, scale=st.floats(1e-6, 4, allow_nan=False))
def test_level_for_a_scale_is_the_smallest_sharp_one(w, h, scale):
    p = Pyramid(w, h)
    level = p.level_for(scale)
    if scale >= 1:
        assert level == p.max_level
    else:
        assert p.scale(level) >= scale * (1 - 1e-9) or level == p.max_level
        assert level == 0 or p.scale(level - 1) < scale
