"""Renditions of awkward originals come out upright, sRGB, 8-bit and the right size; the
cache is keyed by content and hit on a second run; truncated files are caught."""

from __future__ import annotations

import io
import json

import pytest
from PIL import Image, ImageCms, JpegImagePlugin

from kiosk.content.assets import AssetError, check_image
from kiosk.media import renditions
from kiosk.media.renditions import Cache, Spec, missing_jobs, render, run_job, specs_for

SPEC = Spec("screen", 256, 256)


def two_halves(size=(400, 200), left=(200, 30, 30), right=(30, 30, 200), mode="RGB"):
    im = Image.new(mode, size, right)
    im.paste(left, (0, 0, size[0] // 2, size[1]))
    return im


def dominant(im, xy):
    r, _g, b = im.convert("RGB").getpixel(xy)[:3]
    return "red" if r > b + 60 else "blue" if b > r + 60 else "grey"


def test_exif_rotated_jpeg_comes_out_upright(tmp_path):
    src = tmp_path / "rotated.jpg"
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90° clockwise to display"
    two_halves().save(src, "JPEG", exif=exif)
    out = render(src, SPEC)
    assert out.size == (128, 256)  # portrait once upright
    assert dominant(out, (64, 10)) == "red"  # the left half is now on top
    assert dominant(out, (64, 245)) == "blue"


def test_cmyk_becomes_rgb(tmp_path):
    src = tmp_path / "cmyk.jpg"
    Image.new("CMYK", (300, 300), (0, 255, 255, 0)).save(src, "JPEG")  # red ink
    out = render(src, SPEC)
    assert out.mode == "RGB" and out.size == (256, 256)
    assert dominant(out, (100, 100)) == "red"


def test_16_bit_grey_is_scaled_not_clipped(tmp_path):
    src = tmp_path / "grey16.png"
    Image.new("I;16", (300, 300), 40000).save(src)
    out = render(src, SPEC)
    assert out.mode == "L"
    assert 150 <= out.getpixel((10, 10)) <= 160  # 40000 / 256 ≈ 156, not 255


def test_grayscale_stays_grey(tmp_path):
    src = tmp_path / "grey.jpg"
    Image.new("L", (600, 300), 90).save(src, "JPEG")
    out = render(src, SPEC)
    assert out.mode == "L" and out.size == (256, 128)


def test_palette_with_transparency_keeps_its_alpha_as_png(tmp_path):
    src = tmp_path / "palette.png"
    im = Image.new("P", (300, 200), 0)
    im.putpalette([255, 255, 255, 200, 0, 0] + [0] * 762)
    im.paste(1, (100, 50, 200, 150))
    im.info["transparency"] = 0
    im.save(src, transparency=0)
    cache = Cache(tmp_path / "cache")
    path = cache.build(src, cache.digest(src), SPEC)
    assert path.suffix == ".png"
    out = Image.open(path)
    assert out.mode == "RGBA"
    assert out.getpixel((5, 5))[3] == 0  # transparent corner
    assert out.getpixel((128, 85))[:3] == (200, 0, 0)


@pytest.mark.parametrize(
    ("name", "fmt", "kw"),
    [
        ("progressive.jpg", "JPEG", {"progressive": True}),
        ("photo.webp", "WEBP", {}),
        ("scan.tif", "TIFF", {"compression": "tiff_lzw"}),
    ],
)
def test_other_formats(tmp_path, name, fmt, kw):
    src = tmp_path / name
    two_halves((1000, 500)).save(src, fmt, **kw)
    out = render(src, SPEC)
    assert out.size == (256, 128) and out.mode == "RGB"
    assert dominant(out, (20, 64)) == "red" and dominant(out, (230, 64)) == "blue"


def test_embedded_profile_is_converted_to_srgb(tmp_path):
    src = tmp_path / "tagged.jpg"
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    Image.new("RGB", (300, 300), (10, 120, 200)).save(src, "JPEG", icc_profile=profile)
    out = render(src, SPEC)
    assert out.mode == "RGB"
    r, g, b = out.getpixel((50, 50))
    assert abs(r - 10) < 8 and abs(g - 120) < 8 and abs(b - 200) < 8


def test_jpeg_is_decoded_at_reduced_scale(tmp_path, monkeypatch):
    src = tmp_path / "big.jpg"
    Image.new("RGB", (4000, 3000), (90, 90, 90)).save(src, "JPEG")
    seen = []
    real = JpegImagePlugin.JpegImageFile.draft

    def draft(self, mode, size):
        result = real(self, mode, size)
        seen.append(self.size)  # the size the decoder will produce
        return result

    monkeypatch.setattr(JpegImagePlugin.JpegImageFile, "draft", draft)
    out = render(src, SPEC)
    assert seen and max(seen[0]) <= 1000  # the decoder scaled 4000 px down by 4 or more
    assert out.size == (256, 192)


def test_cache_is_keyed_by_content_and_hit_on_a_second_run(tmp_path, monkeypatch):
    bundle = tmp_path / "bundle"
    bundle.mkdir()
    originals = []
    for i in range(3):
        p = bundle / f"{i}.jpg"
        Image.new("RGB", (800, 600), (i * 40, 80, 80)).save(p, "JPEG")
        originals.append(p)
    cache = Cache(tmp_path / "cache")
    specs = specs_for((1280, 800))
    jobs = missing_jobs(cache, originals, specs)
    assert len(jobs) == 6
    made = [run_job(job) for job in jobs]
    assert all(p.is_file() and p.parent.parent == cache.root for p in made)

    opened = []
    hashed = []
    monkeypatch.setattr(Image, "open", lambda *a, **k: opened.append(a) or None)
    real_digest = renditions.file_digest
    monkeypatch.setattr(renditions, "file_digest", lambda p: hashed.append(p) or real_digest(p))
    again = Cache(tmp_path / "cache")
    assert missing_jobs(again, originals, specs) == []
    assert opened == [] and hashed == []  # no decode, and not even a re-hash

    # The same content under another name is the same rendition.
    copy = bundle / "copy.jpg"
    copy.write_bytes(originals[0].read_bytes())
    assert missing_jobs(again, [copy], specs) == []
    assert json.loads((cache.root / "digests.json").read_text())


def test_changed_content_is_built_again(tmp_path):
    src = tmp_path / "a.jpg"
    Image.new("RGB", (300, 300), (0, 0, 0)).save(src, "JPEG")
    cache = Cache(tmp_path / "cache")
    first = cache.build(src, cache.digest(src), SPEC)
    Image.new("RGB", (300, 300), (255, 255, 255)).save(src, "JPEG", quality=50)
    second = cache.build(src, Cache(tmp_path / "cache").digest(src), SPEC)
    assert first != second


@pytest.mark.parametrize(
    ("ext", "fmt"), [("jpg", "JPEG"), ("png", "PNG"), ("tif", "TIFF"), ("webp", "WEBP")]
)
def test_truncated_image_is_refused_at_validate_time(tmp_path, ext, fmt):
    buf = io.BytesIO()
    Image.effect_noise((300, 200), 40).convert("RGB").save(buf, fmt)
    (tmp_path / f"cut.{ext}").write_bytes(buf.getvalue()[: len(buf.getvalue()) * 2 // 3])
    with pytest.raises(AssetError) as exc:
        check_image(tmp_path, f"cut.{ext}")
    assert exc.value.code == "bad-image"


def test_prepare_makes_every_rendition_once(tmp_path, capsys):
    from kiosk.cli import main
    from tests.conftest import DEFAULT_BUNDLE

    cache = tmp_path / "cache"
    assert main(["prepare", str(DEFAULT_BUNDLE), "--cache", str(cache), "--size", "1280x800"]) == 0
    out = capsys.readouterr().out
    # Every stand-in (1500 or 2000 px) is bigger than a 1280-px screen: each gets tiles.
    assert "6 images, 12 renditions and 6 tile pyramids made (0 already cached)" in out
    made = sorted(cache.glob("*/*.jpg"))
    assert len(made) == 12
    assert all(max(Image.open(p).size) <= 1280 for p in made)
    assert len(list(cache.glob("*/*-dzi-*/image.dzi"))) == 6
    assert main(["prepare", str(DEFAULT_BUNDLE), "--cache", str(cache), "--size", "1280x800"]) == 0
    out = capsys.readouterr().out
    assert "0 renditions and 0 tile pyramids made (18 already cached)" in out
    assert main(["prepare", str(DEFAULT_BUNDLE), "--cache", str(cache), "--size", "1920x1080"]) == 0
    # A bigger screen: new screen-fit renditions (thumbnails stay); only the two 2000-px
    # originals are bigger than it, and their pyramids are already made.
    assert "6 renditions and 0 tile pyramids made (8 already cached)" in capsys.readouterr().out


def test_prepare_refuses_an_invalid_bundle(tmp_path, capsys):
    from kiosk.cli import main

    (tmp_path / "bundle.json").write_text("{}")
    assert main(["prepare", str(tmp_path), "--cache", str(tmp_path / "c")]) == 1
    assert "nothing was made" in capsys.readouterr().err


def test_prepare_reports_an_image_it_cannot_make_and_makes_the_rest(
    write_doc, default_doc, tmp_path, capsys
):
    from kiosk.cli import main

    # A PNG whose header and end are sound (validation passes it) but whose compressed
    # pixels are damaged: only decoding finds out.
    default_doc["media"][2]["file"] = "images/damaged.png"
    bundle = write_doc(default_doc)
    buf = io.BytesIO()
    Image.effect_noise((1500, 1000), 40).convert("RGB").save(buf, "PNG")
    data = bytearray(buf.getvalue())
    at = data.index(b"IDAT") + 5000
    data[at : at + 64] = bytes(64)
    src = bundle / "images" / "damaged.png"
    src.write_bytes(bytes(data))
    cache = tmp_path / "cache"
    code = main(["prepare", str(bundle), "--cache", str(cache), "--size", "1280x800"])
    captured = capsys.readouterr()
    assert code == 1
    where = "(bundle.json: media[2].file)"
    assert f"{src} {where}: could not make its thumb, screen and tiles: " in captured.err
    assert "3 could not be made" in captured.err  # thumb, screen and tiles
    assert "fix or replace the files and run it again" in captured.err
    # The other five originals: every rendition and pyramid made.
    assert "6 images, 10 renditions and 5 tile pyramids made (0 already cached)" in captured.out
