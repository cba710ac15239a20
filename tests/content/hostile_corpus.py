"""A corpus of hostile, damaged and awkward image files, written by the tests themselves,
each with what `kiosk validate` must say about it.

Every file is small: a pixel bomb is a small image whose header claims a huge size (the
header is all the checks read before refusing it), never real pixels. ``write_corpus``
writes every case into a folder; ``CASES`` lists them with their expected outcome for a
plain check (header and structure, what every load does) and a deep one (the image decoded
too, ``validate --deep``).
"""

from __future__ import annotations

import functools
import io
import itertools
import os
import re
import struct
import unicodedata
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from PIL import Image, ImageCms, PngImagePlugin

Outcome = Literal["accepted", "warning", "error"]


@dataclass(frozen=True)
class Expect:
    """What validate says about a file: accepted (nothing), or a warning or an error whose
    problem code is ``code`` and whose message contains ``words``."""

    outcome: Outcome
    code: str = ""
    words: str = ""


@dataclass(frozen=True)
class Case:
    """One file of the corpus: ``reference`` is the path bundle.json gives (it differs from
    the file's own name only where that is the point of the case)."""

    name: str
    write: Callable[[Path], None]
    plain: Expect
    deep: Expect | None = None  # None: as plain
    reference: str = ""

    @property
    def ref(self) -> str:
        return self.reference or self.name

    @property
    def expect_deep(self) -> Expect:
        return self.deep or self.plain


ACCEPTED = Expect("accepted")
CUT_SHORT = Expect("error", "bad-image", "is cut short")
TOO_LARGE = Expect("error", "image-too-large", "more than")
NOT_AN_IMAGE = Expect("error", "bad-image", "is not a JPEG, PNG, TIFF or WebP image")
DAMAGED_DATA = Expect("error", "bad-image", "decodes with errors")

_PIL = {"jpg": "JPEG", "png": "PNG", "webp": "WEBP", "tif": "TIFF"}


def _picture(size: tuple[int, int] = (96, 64)) -> Image.Image:
    """A small picture with detail everywhere (so every part of it is coded data)."""
    return Image.effect_noise(size, 50).convert("RGB")


def _encoded(ext: str, image: Image.Image | None = None, **options: object) -> bytes:
    buf = io.BytesIO()
    (image or _picture()).save(buf, _PIL[ext], **options)
    return buf.getvalue()


def _saved(data: bytes | Callable[[], bytes]) -> Callable[[Path], None]:
    def write(path: Path) -> None:
        path.write_bytes(data() if callable(data) else data)

    return write


def _png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


# --- pixel bombs: a small file whose header claims a huge picture --------------------------


def _png_bomb() -> bytes:
    data = bytearray(_encoded("png"))
    ihdr = data.find(b"IHDR")
    data[ihdr + 4 : ihdr + 12] = struct.pack(">II", 100_000, 100_000)
    data[ihdr + 17 : ihdr + 21] = struct.pack(">I", zlib.crc32(bytes(data[ihdr : ihdr + 17])))
    return bytes(data)


def _jpeg_bomb() -> bytes:
    data = bytearray(_encoded("jpg"))
    sof = data.find(b"\xff\xc0")
    data[sof + 5 : sof + 9] = struct.pack(">HH", 65_000, 65_000)
    return bytes(data)


def _webp_bomb() -> bytes:
    data = bytearray(_encoded("webp", lossless=False))
    frame = data.find(b"\x9d\x01\x2a")  # the VP8 key frame's start code, then 14-bit sizes
    data[frame + 3 : frame + 7] = struct.pack("<HH", 16_383, 16_383)
    return bytes(data)


def _tiff_bomb() -> bytes:
    """A TIFF whose width and length tags say 60000×60000 (its strips hold 96×64)."""
    data = bytearray(_encoded("tif"))
    order = "<" if data[:2] == b"II" else ">"
    (ifd,) = struct.unpack(order + "I", data[4:8])
    (count,) = struct.unpack(order + "H", data[ifd : ifd + 2])
    for i in range(count):
        at = ifd + 2 + 12 * i
        tag, kind = struct.unpack(order + "HH", data[at : at + 4])
        if tag in (256, 257):
            fmt = order + ("H" if kind == 3 else "I")
            data[at + 8 : at + 8 + struct.calcsize(fmt)] = struct.pack(fmt, 60_000)
    return bytes(data)


def _gif() -> bytes:
    buf = io.BytesIO()
    _picture().convert("P").save(buf, "GIF")
    return buf.getvalue()


# --- damaged files -------------------------------------------------------------------------


def _cut(ext: str, share: float = 2 / 3, **options: object) -> Callable[[], bytes]:
    def make() -> bytes:
        data = _encoded(ext, _picture((300, 200)), **options)
        return data[: int(len(data) * share)]

    return make


def _cut_with_end_marker(progressive: bool) -> bytes:
    """A JPEG cut to a third with an end-of-image marker put back (a progressive one: cut
    in the middle of its longest scan): the structure is whole, but the image data stops
    early, and libjpeg fills the rest with grey."""
    data = _encoded("jpg", _picture((400, 300)), quality=90, progressive=progressive)
    if not progressive:
        return data[: len(data) // 3] + b"\xff\xd9"
    markers = [m.start() for m in re.finditer(rb"\xff[^\x00\xd0-\xd7\xff]", data)]
    scans = [(after - at, at) for at, after in itertools.pairwise(markers) if data[at + 1] == 0xDA]
    length, start = max(scans)
    return data[: start + length // 2] + b"\xff\xd9"


def _tiff_corrupt_strip() -> bytes:
    """An LZW TIFF whose middle strip is scrambled: libtiff reports "Using code not yet in
    table" and Pillow only "decoder error -2"."""
    data = bytearray(_encoded("tif", _picture((300, 200)), compression="tiff_lzw"))
    with Image.open(io.BytesIO(bytes(data))) as im:
        tags = getattr(im, "tag_v2")  # noqa: B009  # a TIFF's tags
        offsets, counts = tags[273], tags[279]
    middle = len(offsets) // 2
    start, count = offsets[middle], counts[middle]
    data[start : start + count] = bytes(reversed(data[start : start + count]))
    return bytes(data)


def _apng_out_of_sequence() -> bytes:
    """An animated PNG whose second frame control chunk has a wrong sequence number (Pillow
    raises SyntaxError "APNG contains frame sequence errors" when it reaches it)."""
    buf = io.BytesIO()
    frames = [Image.new("RGB", (32, 32), colour) for colour in ("red", "green", "blue")]
    frames[0].save(buf, "PNG", save_all=True, append_images=frames[1:])
    data = bytearray(buf.getvalue())
    at = data.find(b"fcTL", data.find(b"fcTL") + 4)
    data[at + 4 : at + 8] = struct.pack(">I", 77)
    data[at + 30 : at + 34] = struct.pack(">I", zlib.crc32(bytes(data[at : at + 30])))
    return bytes(data)


def _apng_good() -> bytes:
    buf = io.BytesIO()
    frames = [Image.new("RGB", (32, 32), colour) for colour in ("red", "green", "blue")]
    frames[0].save(buf, "PNG", save_all=True, append_images=frames[1:])
    return buf.getvalue()


def _corrupt_exif() -> bytes:
    exif = b"Exif\x00\x00MM\x00*\x00\x00\x00\x08\x00\x05\xff"
    return _encoded("jpg", exif=exif)


def _malformed_mpo() -> bytes:
    """A JPEG with a multi-picture (MPF) segment that claims two pictures and lists none:
    Pillow warns "Image appears to be a malformed MPO file"."""
    ifd = (
        b"MM\x00*\x00\x00\x00\x08"
        + struct.pack(">H", 2)
        + struct.pack(">HHII", 0xB000, 7, 4, 0x30313030)
        + struct.pack(">HHII", 0xB001, 4, 1, 2)
        + b"\x00\x00\x00\x00"
    )
    segment = b"MPF\x00" + ifd
    data = _encoded("jpg")
    return data[:2] + b"\xff\xe2" + struct.pack(">H", len(segment) + 2) + segment + data[2:]


def _big_text_png() -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_itxt("Comment", "x" * 2_000_000)
    return _encoded("png", pnginfo=info)


# --- awkward but sound files ---------------------------------------------------------------


def _oriented(ext: str, orientation: int) -> bytes:
    picture = _picture()
    if ext == "tif":
        return _encoded(ext, picture, tiffinfo={274: orientation})
    exif = Image.Exif()
    exif[274] = orientation
    return _encoded(ext, picture, exif=exif.tobytes())


def _icc(ext: str) -> bytes:
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    return _encoded(ext, icc_profile=profile)


def _motion_photo() -> bytes:
    """A still JPEG followed by a video, as phones save "motion photos"."""
    video = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + os.urandom(300_000)
    return _encoded("jpg") + video


# --- files that are not files --------------------------------------------------------------


def _symlink_loop(path: Path) -> None:
    other = path.with_name("loop-b.jpg")
    path.symlink_to(other.name)
    other.symlink_to(path.name)


def _dangling_link(path: Path) -> None:
    path.symlink_to("nowhere.jpg")


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _folder(path: Path) -> None:
    path.mkdir()


NFC_NAME = unicodedata.normalize("NFC", "café.jpg")
NFD_NAME = unicodedata.normalize("NFD", "café.jpg")


CASES: list[Case] = [
    # Pixel bombs, one per format the loader accepts; a GIF is refused by its name.
    Case("bomb.png", _saved(_png_bomb), TOO_LARGE),
    Case("bomb.jpg", _saved(_jpeg_bomb), TOO_LARGE),
    Case("bomb.tif", _saved(_tiff_bomb), TOO_LARGE),
    Case("bomb.webp", _saved(_webp_bomb), TOO_LARGE),
    Case("bomb.gif", _saved(_gif), Expect("error", "unsupported-file", 'files ending ".gif"')),
    Case("gif-named.png", _saved(_gif), NOT_AN_IMAGE),
    # Cut short, per format.
    Case("cut.jpg", _saved(_cut("jpg")), CUT_SHORT),
    Case("cut-progressive.jpg", _saved(_cut("jpg", progressive=True)), CUT_SHORT),
    Case("cut.png", _saved(_cut("png")), CUT_SHORT),
    Case("cut.webp", _saved(_cut("webp")), CUT_SHORT),
    Case("cut.tif", _saved(_cut("tif")), CUT_SHORT),
    Case("header-only.png", _saved(_cut("png", share=0.02)), CUT_SHORT),
    # Whole in structure, damaged inside: only a decode can tell.
    Case("cut-then-end-marker.jpg", _saved(_cut_with_end_marker(False)), ACCEPTED, DAMAGED_DATA),
    Case(
        "cut-then-end-marker-progressive.jpg",
        _saved(_cut_with_end_marker(True)),
        ACCEPTED,
        DAMAGED_DATA,
    ),
    Case(
        "corrupt-strip.tif",
        _saved(_tiff_corrupt_strip),
        ACCEPTED,
        Expect("error", "bad-image", "the image data is damaged"),
    ),
    Case(
        "apng-sequence.png",
        _saved(_apng_out_of_sequence),
        Expect("error", "bad-image", "animated PNG whose frames are damaged"),
    ),
    Case("apng.png", _saved(_apng_good), ACCEPTED),
    # Bytes after a complete image: accepted; a warning when there are many.
    Case("trailing-2k.jpg", _saved(lambda: _encoded("jpg") + os.urandom(2048)), ACCEPTED),
    Case("trailing-newline.png", _saved(lambda: _encoded("png") + b"\n"), ACCEPTED),
    Case("trailing-zeros.webp", _saved(lambda: _encoded("webp") + bytes(1000)), ACCEPTED),
    Case(
        "motion-photo.jpg",
        _saved(_motion_photo),
        Expect("warning", "trailing-data", "bytes after the end of its image"),
    ),
    Case(
        "trailing-100k.png",
        _saved(lambda: _encoded("png") + bytes(100_000)),
        Expect("warning", "trailing-data", "100,000 bytes after the end of its image"),
    ),
    # Metadata: damaged or huge.
    Case(
        "corrupt-exif.jpg",
        _saved(_corrupt_exif),
        Expect("warning", "image-warning", "EXIF data (camera and orientation tags) is damaged"),
    ),
    Case(
        "malformed-mpo.jpg",
        _saved(_malformed_mpo),
        Expect("warning", "image-warning", "multi-picture (MPO) file whose structure is damaged"),
    ),
    Case(
        "big-text.png",
        _saved(_big_text_png),
        Expect("warning", "large-metadata", "bytes of text and metadata"),
    ),
    # Not images at all.
    Case("empty.jpg", _saved(b""), NOT_AN_IMAGE),
    Case("text.jpg", _saved(b"This is a caption, not a photograph.\n"), NOT_AN_IMAGE),
    # Not regular files, or not where the bundle says.
    Case(
        "loop-a.jpg",
        _symlink_loop,
        Expect("error", "missing-file", "is a symbolic link loop"),
    ),
    Case(
        "dangling.jpg",
        _dangling_link,
        Expect("error", "missing-file", "symbolic link to a file that does not exist"),
    ),
    Case("fifo.jpg", _fifo, Expect("error", "missing-file", "named pipe (FIFO), not a regular")),
    Case("folder.jpg", _folder, Expect("error", "missing-file", "is a folder, not a regular")),
    Case(
        NFD_NAME,
        _saved(lambda: _encoded("jpg")),
        Expect("error", "missing-file", "differ only in Unicode normalisation"),
        reference=NFC_NAME,
    ),
    # Sound files every kiosk must take: each EXIF orientation in each format, ICC profiles.
    *(
        Case(f"orientation-{o}.{ext}", _saved(functools.partial(_oriented, ext, o)), ACCEPTED)
        for ext in ("jpg", "png", "webp", "tif")
        for o in range(1, 9)
    ),
    *(Case(f"icc.{ext}", _saved(functools.partial(_icc, ext)), ACCEPTED) for ext in _PIL),
]


def write_corpus(folder: Path) -> list[Case]:
    """Write every case into ``folder`` (created); the cases, in order."""
    folder.mkdir(parents=True, exist_ok=True)
    for case in CASES:
        case.write(folder / case.name)
    return CASES
