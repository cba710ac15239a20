"""Deep zoom: a tile pyramid of a big original, in the Deep Zoom Image (DZI) layout.

Level ``max_level`` is the upright original at full size; each level below is half the one
above (rounded up), down to level 0 of one pixel. Every level is cut into ``tile`` × ``tile``
tiles without overlap (the last row and column are smaller), stored as
``image_files/<level>/<col>_<row>.jpg`` next to an ``image.dzi`` descriptor that other DZI
viewers can read too. The viewer asks :meth:`Pyramid.visible` which tiles it needs for
what is on screen and loads only those.

A pyramid is cut from bands of the full-size image, one row of tiles at a time (or one
column, for an original turned a quarter by its EXIF orientation), each band halved into
the level below as it goes (:class:`_Levels`): the tiles are those of cutting each whole
level, and nothing holds the full-size image whole (a JPEG is decoded in bands:
:mod:`kiosk.media.strips`).

No Qt here: prepare's worker processes build pyramids, and the geometry is plain arithmetic.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

from PIL import Image

from kiosk.content.assets import BUNDLE_FORMATS, DEFAULT_PIXEL_LIMIT, open_image
from kiosk.media import scratch, strips
from kiosk.media.cancel import CancelToken, check
from kiosk.media.renditions import RECIPE
from kiosk.media.strips import Upright

DZI_NS = "http://schemas.microsoft.com/deepzoom/2008"
DESCRIPTOR = "image.dzi"
TILES_DIR = "image_files"


@dataclass(frozen=True)
class TileSpec:
    """How pyramids are cut: tile edge and JPEG quality."""

    tile: int = 256
    quality: int = 85
    name: str = "tiles"

    @property
    def key(self) -> str:
        """What the cache folder name says about the spec."""
        return f"dzi-{self.tile}-q{self.quality}-r{RECIPE}"


@dataclass(frozen=True)
class Pyramid:
    """The geometry of one tile pyramid: the full (upright) size and the tile edge."""

    width: int
    height: int
    tile: int = 256
    format: str = "jpg"

    def __post_init__(self) -> None:
        if self.width < 1 or self.height < 1 or self.tile < 1:
            raise ValueError(f"a pyramid needs a positive size and tile, not {self}")

    @property
    def max_level(self) -> int:
        """The full-size level: ceil(log2(longest edge)), as DZI defines it."""
        return (max(self.width, self.height) - 1).bit_length()

    def level_size(self, level: int) -> tuple[int, int]:
        """The pixel size of ``level`` (each level halves the one above, rounding up)."""
        if not 0 <= level <= self.max_level:
            raise ValueError(f"level {level} is not in 0..{self.max_level}")
        factor = 1 << (self.max_level - level)
        return -(-self.width // factor), -(-self.height // factor)

    def grid(self, level: int) -> tuple[int, int]:
        """Columns and rows of tiles at ``level``."""
        w, h = self.level_size(level)
        return -(-w // self.tile), -(-h // self.tile)

    def tile_box(self, level: int, col: int, row: int) -> tuple[int, int, int, int]:
        """The tile's pixels in its level: (left, top, right, bottom), right/bottom exclusive."""
        w, h = self.level_size(level)
        cols, rows = self.grid(level)
        if not (0 <= col < cols and 0 <= row < rows):
            raise ValueError(f"tile {col},{row} is outside level {level}'s {cols}×{rows} grid")
        left, top = col * self.tile, row * self.tile
        return left, top, min(left + self.tile, w), min(top + self.tile, h)

    def tiles(self, level: int) -> Iterator[tuple[int, int]]:
        """Every (col, row) of ``level``."""
        cols, rows = self.grid(level)
        for row in range(rows):
            for col in range(cols):
                yield col, row

    def tile_count(self) -> int:
        """Tiles in the whole pyramid."""
        return sum(c * r for c, r in (self.grid(level) for level in range(self.max_level + 1)))

    def scale(self, level: int) -> float:
        """Pixels of ``level`` per pixel of the full image."""
        return 1.0 / (1 << (self.max_level - level))

    def level_for(self, scale: float) -> int:
        """The smallest level with at least ``scale`` pixels per full-image pixel (screen
        pixels per image pixel): sharp on screen without decoding more than it needs."""
        if scale >= 1:
            return self.max_level
        if scale <= 0:
            return 0
        # 1e-9: a scale of exactly 1/2^k picks level max-k, not the one above.
        steps = math.floor(-math.log2(scale) + 1e-9)
        return max(0, self.max_level - steps)

    def visible(
        self, level: int, x: float, y: float, w: float, h: float, margin: int = 0
    ) -> list[tuple[int, int]]:
        """The tiles of ``level`` that meet the rectangle (x, y, w, h), given in full-image
        pixels, plus ``margin`` tiles around it (so that a short pan finds them loaded)."""
        # Only the part of the rectangle on the image counts.
        left, top = max(0.0, x), max(0.0, y)
        right, bottom = min(float(self.width), x + w), min(float(self.height), y + h)
        if right <= left or bottom <= top:
            return []
        s = self.scale(level) / self.tile  # full-image pixels → tile units
        cols, rows = self.grid(level)
        c0 = max(0, math.floor(left * s) - margin)
        r0 = max(0, math.floor(top * s) - margin)
        c1 = min(cols - 1, math.ceil(right * s) - 1 + margin)
        r1 = min(rows - 1, math.ceil(bottom * s) - 1 + margin)
        return [(c, r) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)]

    def tile_path(self, root: Path, level: int, col: int, row: int) -> Path:
        """Where a tile lives under the pyramid's folder ``root``."""
        return root / TILES_DIR / str(level) / f"{col}_{row}.{self.format}"

    def to_dzi(self) -> str:
        """The DZI descriptor."""
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<Image xmlns="{DZI_NS}" Format="{self.format}" Overlap="0" TileSize="{self.tile}">'
            f'<Size Width="{self.width}" Height="{self.height}"/></Image>\n'
        )

    @classmethod
    def from_dzi(cls, text: str) -> Pyramid:
        """Read a DZI descriptor (ours: no overlap); ValueError when it is not one."""
        try:
            root = ElementTree.fromstring(text)
        except ElementTree.ParseError as exc:
            raise ValueError(f"not a DZI descriptor: {exc}") from exc
        size = root.find(f"{{{DZI_NS}}}Size")
        if root.tag != f"{{{DZI_NS}}}Image" or size is None:
            raise ValueError("not a DZI descriptor: no Image/Size")
        if root.get("Overlap", "0") != "0":
            raise ValueError("DZI descriptors with overlapping tiles are not supported")
        return cls(
            width=int(size.get("Width", "0")),
            height=int(size.get("Height", "0")),
            tile=int(root.get("TileSize", "0")),
            format=root.get("Format", "jpg"),
        )


def read(folder: Path) -> Pyramid:
    """The pyramid stored in ``folder`` (OSError or ValueError when it is not readable)."""
    return Pyramid.from_dzi((folder / DESCRIPTOR).read_text(encoding="utf-8"))


def band_length(spec: TileSpec) -> int:
    """How many rows (or columns) of full-size pixels a pyramid is cut from at a time: one
    row of tiles, or two for an odd tile edge, so that every band starts at an even pixel
    and halves exactly into the level below."""
    return spec.tile if spec.tile % 2 == 0 else 2 * spec.tile


class _Levels:
    """The levels of a pyramid made band by band: each band of a level is cut into its
    tiles, then halved (box filter, ``Image.reduce``) into half a band of the level below,
    which is cut in turn once both its halves are there. A band starts at an even pixel,
    so its half is exactly that part of the whole level halved: the tiles are the ones
    cutting each whole level would make. What is held at once: about one band per level
    (and the ``keep`` level whole, when asked for)."""

    def __init__(
        self,
        pyramid: Pyramid,
        root: Path,
        spec: TileSpec,
        upright: Upright,
        token: CancelToken | None,
        keep: int | None,
    ) -> None:
        self.pyramid, self.root, self.spec, self.token = pyramid, root, spec, token
        self.columns, self.band = upright.columns, upright.band
        self.keep = keep
        #: The level ``keep``, pasted together band by band.
        self.kept: Image.Image | None = None
        self._halves: dict[tuple[int, int], list[Image.Image | None]] = {}

    def _length(self, level: int) -> int:
        """The level's extent along the bands' axis."""
        return self.pyramid.level_size(level)[0 if self.columns else 1]

    def add(self, level: int, start: int, band: Image.Image) -> None:
        """Take the band of ``level`` that starts at ``start`` along the axis."""
        length, across = self._length(level), self.pyramid.level_size(level)
        extent = min(self.band, length - start)
        expected = (extent, across[1]) if self.columns else (across[0], extent)
        if start % self.band or band.size != expected:
            raise ValueError(f"a band of {band.size} at {start} does not fit level {level}")
        self._cut(level, start, band)
        if level == self.keep:
            if self.kept is None:
                self.kept = Image.new(band.mode, self.pyramid.level_size(level))
            self.kept.paste(band, (start, 0) if self.columns else (0, start))
        if level == 0:
            return
        index = start // self.band
        key = (level - 1, index // 2)
        halves = self._halves.setdefault(key, [None, None])
        halves[index % 2] = band.reduce(2)
        del band
        first, second = halves
        if first is None or (second is None and start + self.band < length):
            return  # the other half is still to come
        del self._halves[key]
        if second is not None:
            size = (
                (first.width + second.width, first.height)
                if self.columns
                else (first.width, first.height + second.height)
            )
            joined = Image.new(first.mode, size)
            joined.paste(first, (0, 0))
            joined.paste(second, (first.width, 0) if self.columns else (0, first.height))
            first = joined
            del joined, second
        self.add(level - 1, key[1] * self.band, first)

    def _cut(self, level: int, start: int, band: Image.Image) -> None:
        """Write the tiles of ``band``. ``token`` is checked before each row of tiles (each
        tile, in a band of columns)."""
        pyramid, tile = self.pyramid, self.pyramid.tile
        cols, rows = pyramid.grid(level)
        extent = band.width if self.columns else band.height
        offset = (start, 0) if self.columns else (0, start)
        for along in range(start // tile, -(-(start + extent) // tile)):
            for other in range(rows if self.columns else cols):
                col, row = (along, other) if self.columns else (other, along)
                if col == 0 or self.columns:
                    check(self.token)
                left, top, right, bottom = pyramid.tile_box(level, col, row)
                x, y = offset
                piece = band.crop((left - x, top - y, right - x, bottom - y))
                path = pyramid.tile_path(self.root, level, col, row)
                # Inside the temporary folder: written whole, fsynced and decoded back,
                # but under its final name (the folder is renamed, not each tile).
                if pyramid.format == "png":
                    scratch.write_image(path, piece, "PNG", atomic=False, compress_level=3)
                else:
                    scratch.write_image(
                        path, piece, "JPEG", atomic=False, quality=self.spec.quality
                    )


def cut_bands(
    upright: Upright,
    folder: Path,
    spec: TileSpec,
    token: CancelToken | None = None,
    *,
    keep: int | None = None,
    on_kept: Callable[[Image.Image], None] | None = None,
) -> Pyramid:
    """Cut the pyramid of an original given in bands (:mod:`kiosk.media.strips`) into a
    temporary folder, then rename it to ``folder`` in one step; its geometry. ``token`` is
    checked before each band and row of tiles. With ``keep``, that level is also pasted
    together whole and handed to ``on_kept`` before the pyramid is renamed into place
    (the renditions are made from it: the original is decoded once for everything)."""
    if upright.band != band_length(spec):
        raise ValueError(f"bands of {upright.band} cannot make tiles of {spec.tile}")
    width, height = upright.size
    pyramid = Pyramid(width, height, spec.tile, "png" if upright.mode == "RGBA" else "jpg")
    tmp = scratch.temp_path(folder)
    levels = _Levels(pyramid, tmp, spec, upright, token, keep)
    try:
        for start, band in upright.bands:
            check(token)
            if not tmp.exists():  # once the decode has made its first band
                _make_folders(tmp, pyramid)
            levels.add(pyramid.max_level, start, band)
            del band
        _check_complete(tmp, pyramid)
        if on_kept is not None and levels.kept is not None:
            kept, levels.kept = levels.kept, None
            on_kept(kept)
            del kept
        check(token)
        scratch.write_file(
            tmp / DESCRIPTOR,
            pyramid.to_dzi().encode("utf-8"),
            verify=lambda p: _check_descriptor(p, pyramid),
            atomic=False,
        )
        scratch.sync_tree(tmp)
        try:
            scratch.rename(tmp, folder)
        except OSError:
            if not (folder / DESCRIPTOR).is_file():  # not another process's finished copy
                raise
    finally:
        close = getattr(upright.bands, "close", None)
        if close is not None:
            close()  # a decoder still running stops
        scratch.remove(tmp)
    return pyramid


def _make_folders(tmp: Path, pyramid: Pyramid) -> None:
    """The temporary folder of a pyramid and a folder for each of its levels."""
    scratch.makedirs(tmp / TILES_DIR)
    for level in range(pyramid.max_level, -1, -1):
        # Not parents=True: a folder removed under the build fails it, never revives it.
        try:
            (tmp / TILES_DIR / str(level)).mkdir()
        except OSError as exc:
            raise scratch.CacheWriteError(tmp / TILES_DIR / str(level), exc) from exc


def _check_descriptor(path: Path, pyramid: Pyramid) -> None:
    """Raise unless the descriptor at ``path`` describes ``pyramid``."""
    if Pyramid.from_dzi(path.read_text(encoding="utf-8")) != pyramid:
        raise ValueError(f"{path} does not describe {pyramid}")


def _check_complete(tmp: Path, pyramid: Pyramid) -> None:
    """OSError unless every tile of every level is in ``tmp``: a pyramid is renamed into
    the cache whole or not at all."""
    for level in range(pyramid.max_level + 1):
        cols, rows = pyramid.grid(level)
        have = sum(1 for _ in (tmp / TILES_DIR / str(level)).iterdir())
        if have != cols * rows:
            raise OSError(f"level {level} of {tmp} has {have} of {cols * rows} tiles")


def build(
    src: Path,
    folder: Path,
    spec: TileSpec,
    *,
    max_pixels: int = DEFAULT_PIXEL_LIMIT,
    token: CancelToken | None = None,
    on_decoded: Callable[[], None] | None = None,
) -> Pyramid:
    """Cut the pyramid of ``src`` into ``folder``, atomically: a half-made pyramid is never
    found, whatever interrupts the build. The original is decoded once, a JPEG in bands
    (:mod:`kiosk.media.strips`); each level is the one above halved (box filter), band by
    band, so the whole pyramid costs one decode and never holds a big original whole.

    Originals of more than ``max_pixels`` pixels are refused (DecompressionBombError);
    ``token`` is checked while decoding, between the colour conversion, bands and tile
    rows; ``on_decoded`` is called once the decode is under way for good (the sandbox
    stops timing there: :func:`kiosk.media.strips.upright`)."""
    with open_image(src, formats=BUNDLE_FORMATS, max_pixels=max_pixels) as original:
        upright = strips.upright(original, src, band_length(spec), token, on_decoded)
        return cut_bands(upright, folder, spec, token)
