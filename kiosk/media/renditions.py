"""Renditions: the sizes the UI shows, made once from each original and cached by content.

Archival originals are big (50–150 megapixels, TIFF, CMYK, 16-bit). The kiosk never shows
one directly: Pillow makes a grid thumbnail and a screen-fit image, decoding JPEGs at a
reduced scale (``draft``) and shrinking in steps (``reducing_gap``), turning them upright
(EXIF orientation) and into sRGB (through the embedded ICC profile, with its rendering
intent), 8 bits per channel. The cache key is the original's SHA-256 and the spec, so an
unchanged image is never decoded again, wherever the bundle moves.

An original bigger than the screen also gets a deep-zoom tile pyramid. Then one decode at
full size makes everything: it goes by in bands (:mod:`kiosk.media.strips`, a JPEG never
decoded whole), the pyramid is cut from them level by level (:mod:`kiosk.media.tiles`),
and the renditions are made from one of its smaller levels (:func:`make_all`).
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import math
import shutil
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PIL import Image, ImageCms, ImageOps

from kiosk.content.assets import BUNDLE_FORMATS, DEFAULT_PIXEL_LIMIT, open_image
from kiosk.media import scratch
from kiosk.media.cancel import Cancelled, CancelToken, check

if TYPE_CHECKING:
    from kiosk.media.tiles import Pyramid, TileSpec

#: Bump when the way renditions are made changes: old cache entries are then not used.
RECIPE = 1


@dataclass(frozen=True)
class Spec:
    """One rendition size: fit within ``width`` × ``height``."""

    name: str
    width: int
    height: int
    quality: int = 86

    @property
    def key(self) -> str:
        """What the cache file name says about the spec."""
        return f"{self.name}-{self.width}x{self.height}-q{self.quality}-r{RECIPE}"


def specs_for(display: tuple[int, int] = (1920, 1080)) -> tuple[Spec, Spec]:
    """A grid thumbnail and a screen-fit rendition for a display (either orientation)."""
    long_edge = max(display)
    return Spec("thumb", 640, 640), Spec("screen", long_edge, long_edge)


def needs_tiles(size: tuple[int, int], specs: Iterable[Spec]) -> bool:
    """Whether an original of ``size`` is bigger than the largest rendition, so that
    zooming in deserves a tile pyramid."""
    largest = max((max(s.width, s.height) for s in specs), default=0)
    return max(size) > largest


def file_digest(path: Path) -> str:
    """SHA-256 of a file's content, read in blocks (originals can be hundreds of MB)."""
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


_SRGB = ImageCms.createProfile("sRGB")


def to_srgb(im: Image.Image) -> Image.Image:
    """8-bit RGB, RGBA or L in sRGB, from whatever mode and profile the original has."""
    icc = im.info.get("icc_profile")
    if im.mode in ("I;16", "I;16B", "I;16L", "I;16N", "I"):
        # 16-bit grey: scale to 8 bits (convert("L") would clip everything above 255).
        scale = 1 / 256 if im.mode != "I" or _max_value(im) > 255 else 1
        im = im.convert("I").point(lambda v: v * scale).convert("L")
    elif im.mode == "1":
        im = im.convert("L")
    elif im.mode in ("P", "PA"):
        im = im.convert("RGBA" if "transparency" in im.info or im.mode == "PA" else "RGB")
    elif im.mode == "LA":
        im = im.convert("RGBA")
    elif im.mode in ("RGBX", "YCbCr", "LAB", "HSV", "F"):
        im = im.convert("RGB")
    if icc and im.mode != "L":
        # The profile's own rendering intent: perceptual for most photographs.
        with contextlib.suppress(ImageCms.PyCMSError, OSError, ValueError):
            src = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            intent = ImageCms.Intent(ImageCms.getDefaultIntent(src))
            out_mode = "RGBA" if im.mode == "RGBA" else "RGB"
            converted = ImageCms.profileToProfile(
                im, src, _SRGB, renderingIntent=intent, outputMode=out_mode
            )
            if converted is not None:
                return converted
    if im.mode == "CMYK":
        im = im.convert("RGB")  # no profile: Pillow's naive conversion is all we have
    return im


def _max_value(im: Image.Image) -> int:
    extrema = im.getextrema()
    high = extrema[1] if isinstance(extrema, tuple) and len(extrema) == 2 else 255
    return int(high) if isinstance(high, int | float) else 255


def render(
    src: Path,
    spec: Spec,
    *,
    max_pixels: int = DEFAULT_PIXEL_LIMIT,
    token: CancelToken | None = None,
    on_decoded: Callable[[], None] | None = None,
) -> Image.Image:
    """The rendition of ``src`` for ``spec`` (decoded at the smallest scale that will do).

    Originals of more than ``max_pixels`` pixels are refused (DecompressionBombError);
    ``token`` is checked between the decode, the colour conversion and the resize;
    ``on_decoded`` is called once the pixels are decoded (the sandbox stops timing there)."""
    with open_image(src, formats=BUNDLE_FORMATS, max_pixels=max_pixels) as im:
        rgb = upright_srgb(im, max(spec.width, spec.height), token, on_decoded)
        rgb = fit(rgb, spec)
        # Closing the file closes an image that is still the opened one: keep a copy.
        return rgb.copy() if rgb is im else rgb


def upright_srgb(
    im: Image.Image,
    edge: int | None,
    token: CancelToken | None = None,
    on_decoded: Callable[[], None] | None = None,
) -> Image.Image:
    """Decode an opened original, upright (EXIF orientation) and in 8-bit sRGB; a JPEG at
    the smallest scale whose long edge is at least ``edge`` (None: full size).

    May return ``im`` itself (changed in place): keep it open while the result is used."""
    if edge is not None and im.format == "JPEG":
        # The EXIF orientation may swap width and height: ask the JPEG decoder for a
        # scale that is large enough either way.
        im.draft(im.mode if im.mode == "CMYK" else "RGB", (edge, edge))
    check(token)
    im.load()
    if on_decoded is not None:
        on_decoded()
    check(token)
    # In place: a turned copy of a big original would double the memory it takes.
    ImageOps.exif_transpose(im, in_place=True)
    rgb = to_srgb(im)
    check(token)
    return rgb


def fit_size(size: tuple[int, int], spec: Spec) -> tuple[int, int]:
    """The size of ``size`` fitted within the spec's box, keeping its aspect ratio (as
    ``Image.thumbnail`` rounds it); ``size`` itself when it fits already."""
    width, height = size
    x, y = spec.width, spec.height
    if x >= width and y >= height:
        return size
    aspect = width / height

    def round_aspect(number: float, key: Callable[[int], float]) -> int:
        return max(min(math.floor(number), math.ceil(number), key=key), 1)

    if x / y >= aspect:
        x = round_aspect(y * aspect, key=lambda n: abs(aspect - n / y))
    else:
        y = round_aspect(x / aspect, key=lambda n: 0 if n == 0 else abs(aspect - x / n))
    return x, y


def fit(im: Image.Image, spec: Spec) -> Image.Image:
    """``im`` shrunk to fit the spec (a new image; ``im`` itself when it fits already):
    Lanczos, reducing first by whole factors (``reducing_gap``), as ``thumbnail`` does."""
    size = fit_size(im.size, spec)
    if size == im.size:
        return im
    return im.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)


def save(im: Image.Image, out: Path, spec: Spec) -> Path:
    """Write a rendition atomically: JPEG, or PNG where there is transparency; written
    whole, fsynced and decoded back before it is renamed into place
    (:func:`kiosk.media.scratch.write_image`: :class:`~kiosk.media.scratch.CacheWriteError`
    and nothing left behind when that fails)."""
    alpha = im.mode == "RGBA"
    target = out.with_suffix(".png" if alpha else ".jpg")
    scratch.makedirs(target.parent)
    if alpha:
        return scratch.write_image(target, im, "PNG", optimize=False, compress_level=6)
    return scratch.write_image(
        target, im, "JPEG", quality=spec.quality, optimize=True, progressive=False
    )


class Cache:
    """Renditions on disk: ``<root>/<ab>/<sha256>-<spec key>.jpg|png``.

    A small index remembers each original's digest by path, size and modification time,
    so that a start-up does not re-read unchanged originals to hash them.
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        self._index_path = root / "digests.json"
        self._index: dict[str, list[object]] | None = None

    def _load_index(self) -> dict[str, list[object]]:
        if self._index is None:
            try:
                self._index = json.loads(self._index_path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                self._index = {}
        return self._index

    def digest(self, path: Path) -> str:
        """The content digest of ``path`` (from the index when the file is unchanged)."""
        st = path.stat()
        index = self._load_index()
        key = str(path.resolve())
        known = index.get(key)
        if known and known[0] == st.st_size and known[1] == st.st_mtime_ns:
            return str(known[2])
        digest = file_digest(path)
        index[key] = [st.st_size, st.st_mtime_ns, digest]
        return digest

    def save_index(self) -> None:
        """Write the digest index (atomically); an unwritable cache only costs re-hashing."""
        if self._index is None:
            return
        with contextlib.suppress(OSError):  # CacheWriteError too: nothing half-written
            scratch.makedirs(self.root)
            scratch.write_text(self._index_path, json.dumps(self._index), verify=_check_json)

    def base(self, digest: str, spec: Spec | TileSpec) -> Path:
        """The cache path of a rendition without its suffix (a pyramid's folder)."""
        return self.root / digest[:2] / f"{digest}-{spec.key}"

    def find(self, digest: str, spec: Spec | TileSpec, *, decode: bool = False) -> Path | None:
        """The cached rendition (a pyramid's descriptor), if it exists whole.

        A rendition cut short (by a crash or a full disk, before renditions were checked
        as they were written) is deleted, so that it is made again: a cheap look at its
        end marker, or with ``decode`` a full decode (in a worker, before building)."""
        base = self.base(digest, spec)
        if not isinstance(spec, Spec):
            from kiosk.media import tiles

            descriptor = base / tiles.DESCRIPTOR
            if not descriptor.is_file():
                return None
            try:
                tiles.read(base)
            except (OSError, ValueError):
                shutil.rmtree(base, ignore_errors=True)  # unreadable: make it again
                return None
            return descriptor
        for suffix in (".jpg", ".png"):
            candidate = base.with_suffix(suffix)
            if not candidate.is_file():
                continue
            if _whole(candidate, decode=decode):
                return candidate
            with contextlib.suppress(OSError):
                candidate.unlink()
        return None

    def build(
        self,
        src: Path,
        digest: str,
        spec: Spec | TileSpec,
        *,
        max_pixels: int = DEFAULT_PIXEL_LIMIT,
        token: CancelToken | None = None,
        on_decoded: Callable[[], None] | None = None,
    ) -> Path:
        """Make (or find) the rendition of ``src`` for ``spec``, from an original of at most
        ``max_pixels`` pixels; ``token`` is checked between steps (see :mod:`.cancel`);
        ``on_decoded`` is called once the original's pixels are decoded."""
        found = self.find(digest, spec, decode=True)
        if found is not None:
            return found
        if not isinstance(spec, Spec):
            from kiosk.media import tiles

            folder = self.base(digest, spec)
            scratch.makedirs(folder.parent)
            tiles.build(
                src, folder, spec, max_pixels=max_pixels, token=token, on_decoded=on_decoded
            )
            return folder / tiles.DESCRIPTOR
        image = render(src, spec, max_pixels=max_pixels, token=token, on_decoded=on_decoded)
        check(token)
        return save(image, self.base(digest, spec), spec)


def _whole(path: Path, *, decode: bool) -> bool:
    """Whether a cached rendition is whole: its end marker is there (and it decodes)."""
    if not scratch.looks_whole(path):
        return False
    if decode:
        try:
            scratch.check_image(path)
        except Exception:  # whatever Pillow makes of a damaged file: not whole
            return False
    return True


def _check_json(path: Path) -> None:
    """Raise unless ``path`` holds the JSON just written (the digest index)."""
    json.loads(path.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Job:
    """The renditions of one original to make: for worker processes (plain, picklable data).

    ``spec`` and the ``also`` specs are all made from one decode of the original
    (:func:`make_all`): decoding is most of the cost, and a 100-MP original decoded three
    times (thumbnail, screen, tiles) took three times as long for nothing."""

    cache_root: Path
    src: Path
    digest: str
    spec: Spec | TileSpec
    #: The largest original accepted (the config's ``max_image_pixels``): it travels with
    #: the job into whichever process makes it.
    max_pixels: int
    #: Where the original is named, for reports: "bundle.json: media[3].file", or "" when
    #: the caller does not know.
    where: str = ""
    #: Further renditions of the same original, made from the same decode.
    also: tuple[Spec | TileSpec, ...] = ()

    @property
    def specs(self) -> tuple[Spec | TileSpec, ...]:
        """Every rendition this job makes."""
        return (self.spec, *self.also)

    def parts(self) -> list[Job]:
        """One job per rendition (the same original, the same decode limits)."""
        return [replace(self, spec=spec, also=()) for spec in self.specs]

    @property
    def label(self) -> str:
        """The original as reports name it: its path, and where the bundle names it."""
        return f"{self.src} ({self.where})" if self.where else str(self.src)


def group(jobs: Iterable[Job]) -> list[Job]:
    """``jobs`` with those of one original merged into one job (in the order each original
    first appears; its renditions in the order given): one decode makes them all."""
    merged: dict[tuple[Path, Path, str, int, str], Job] = {}
    for job in jobs:
        key = (job.cache_root, job.src, job.digest, job.max_pixels, job.where)
        have = merged.get(key)
        if have is None:
            merged[key] = job
        else:
            new = tuple(s for s in job.specs if s not in have.specs)
            merged[key] = replace(have, also=(*have.also, *new))
    return list(merged.values())


def run_job(
    job: Job, token: CancelToken | None = None, on_decoded: Callable[[], None] | None = None
) -> Path:
    """Make one rendition (in a worker process); ``kiosk.media.jobs.attempt`` is the same
    under the error policy every caller shares. A job of several renditions:
    :func:`make_all`."""
    return Cache(job.cache_root).build(
        job.src,
        job.digest,
        job.spec,
        max_pixels=job.max_pixels,
        token=token,
        on_decoded=on_decoded,
    )


def make_all(
    job: Job,
    token: CancelToken | None = None,
    on_decoded: Callable[[], None] | None = None,
) -> list[tuple[Spec | TileSpec, Path | Exception]]:
    """Make every rendition of ``job`` from one decode of its original: a JPEG needing
    only renditions at a reduced scale, each resized from that decode; with a pyramid, at
    full size in bands (a JPEG never held whole), the renditions resized from one of the
    pyramid's levels. Returns, per spec, the path made (or found already made) or the
    exception that stopped it.

    A failure to open or decode the original fails every rendition not found; a failure
    to write one fails that one; after a full or read-only cache (``DISK_ERRNOS``) the
    rest are not tried. ``on_decoded`` is called once the pixels are decoded."""
    from kiosk.media import tiles as tiles_module

    cache = Cache(job.cache_root)
    done: dict[Spec | TileSpec, Path | Exception] = {}
    todo: list[Spec | TileSpec] = []
    for spec in job.specs:
        found = cache.find(job.digest, spec, decode=True)
        if found is not None:
            done[spec] = found
        else:
            todo.append(spec)
    if todo:
        try:
            _make_from_one_decode(job, todo, cache, done, token, on_decoded, tiles_module)
        except Cancelled:
            raise
        except Exception as exc:  # the original failed: every rendition not made fails
            for spec in todo:
                done.setdefault(spec, exc)
    return [(spec, done[spec]) for spec in job.specs]


def _make_from_one_decode(
    job: Job,
    todo: list[Spec | TileSpec],
    cache: Cache,
    done: dict[Spec | TileSpec, Path | Exception],
    token: CancelToken | None,
    on_decoded: Callable[[], None] | None,
    tiles_module: Any,
) -> None:
    """Decode the original of ``job`` once and make the ``todo`` specs into ``done``.

    With a pyramid, the original is decoded at full size in bands (a JPEG never whole:
    :mod:`kiosk.media.strips`); the pyramid is cut from them band by band, and the
    renditions are made from one of its levels, kept whole for them: the one a JPEG's
    draft decode for the largest rendition would give (:func:`source_level`; a quarter of
    each side for a 100-MP scan on a 1920×1080 screen, 25 MB)."""
    plain = sorted((s for s in todo if isinstance(s, Spec)), key=lambda s: -max(s.width, s.height))
    pyramids = [s for s in todo if not isinstance(s, Spec)]
    if not pyramids:
        edge = max(max(s.width, s.height) for s in plain)
        with open_image(job.src, formats=BUNDLE_FORMATS, max_pixels=job.max_pixels) as original:
            im = upright_srgb(original, edge, token, on_decoded)
            if im is not original:
                original.close()  # its pixels are no longer needed: free them now
            for spec in plain:
                _make(job, spec, fit(im, spec), cache, done, token)
        return
    from kiosk.media import strips

    first, *others = pyramids
    with open_image(job.src, formats=BUNDLE_FORMATS, max_pixels=job.max_pixels) as original:
        upright = strips.upright(
            original, job.src, tiles_module.band_length(first), token, on_decoded
        )
        size = upright.size
        top = tiles_module.Pyramid(*size).max_level
        level = source_level(size, plain, top)

        def renditions(kept: Image.Image) -> None:
            for spec in plain:
                image = shrink(kept, size, 1 << (top - level), fit_size(size, spec))
                _make(job, spec, image, cache, done, token)

        folder = cache.base(job.digest, first)
        scratch.makedirs(folder.parent)
        tiles_module.cut_bands(
            upright, folder, first, token, keep=level if plain else None, on_kept=renditions
        )
        done[first] = folder / tiles_module.DESCRIPTOR
    for tile_spec in others:  # another tile size (nothing asks for two): its own decode
        check(token)
        folder = cache.base(job.digest, tile_spec)
        scratch.makedirs(folder.parent)
        tiles_module.build(job.src, folder, tile_spec, max_pixels=job.max_pixels, token=token)
        done[tile_spec] = folder / tiles_module.DESCRIPTOR


def _make(
    job: Job,
    spec: Spec,
    image: Image.Image,
    cache: Cache,
    done: dict[Spec | TileSpec, Path | Exception],
    token: CancelToken | None,
) -> None:
    """Save one rendition of ``job`` into ``done``: a failure to write it fails it alone,
    but a full or read-only cache (``DISK_ERRNOS``) fails the rest too (raised)."""
    check(token)
    try:
        done[spec] = save(image, cache.base(job.digest, spec), spec)
    except OSError as exc:
        if scratch.disk_error(exc) is not None:
            raise  # the cache takes nothing more: the rest fail with it
        done[spec] = exc


def source_level(size: tuple[int, int], specs: Iterable[Spec], max_level: int) -> int:
    """The level of the pyramid of an upright original of ``size`` to make the renditions
    ``specs`` from: the original reduced by the largest power of two that leaves both its
    sides at least the largest spec's box edge, as a JPEG's ``draft`` scale is chosen when
    renditions are made alone (:func:`upright_srgb`), so that the renditions are made from
    as many pixels as they would be then. ``max_level`` (the full size) when the original
    is not twice that edge both ways."""
    edge = max((max(s.width, s.height) for s in specs), default=0)
    ratio = min(size) // edge if edge else 1
    steps = max(1, ratio).bit_length() - 1
    return max(0, max_level - steps)


def shrink(
    im: Image.Image, full: tuple[int, int], factor: int, size: tuple[int, int]
) -> Image.Image:
    """``im``, an image of ``full`` size reduced by ``factor`` (a pyramid level: each side
    divided and rounded up), resized to ``size`` (Lanczos, as :func:`fit`); ``im`` itself
    when it has that size already. Its last row and column may stand for less than
    ``factor`` pixels of the full image: the box says exactly which part is the image."""
    if im.size == size:
        return im
    box = (0.0, 0.0, full[0] / factor, full[1] / factor)
    return im.resize(size, Image.Resampling.LANCZOS, box=box, reducing_gap=3.0)


def _wanted(
    specs: list[Spec], tiles: TileSpec | None, size: tuple[int, int] | None
) -> list[Spec | TileSpec]:
    wanted: list[Spec | TileSpec] = list(specs)
    if tiles is not None and size is not None and needs_tiles(size, specs):
        wanted.append(tiles)
    return wanted


def missing_jobs(
    cache: Cache,
    originals: Iterable[Path],
    specs: Iterable[Spec],
    *,
    tiles: TileSpec | None = None,
    sizes: Mapping[Path, tuple[int, int]] | None = None,
    max_pixels: int = DEFAULT_PIXEL_LIMIT,
    where: Mapping[Path, str] | None = None,
) -> list[Job]:
    """The renditions not yet in the cache (and the tile pyramids, for originals bigger
    than the largest rendition when ``tiles`` and their ``sizes`` are given), as jobs that
    accept originals of up to ``max_pixels`` pixels, one per rendition (:func:`group`
    merges those of one original); ``where``: how reports name each original's place in
    its bundle."""
    jobs: list[Job] = []
    spec_list = list(specs)
    for src in originals:
        digest = cache.digest(src)
        jobs.extend(
            Job(cache.root, src, digest, spec, max_pixels, (where or {}).get(src, ""))
            for spec in _wanted(spec_list, tiles, (sizes or {}).get(src))
            if cache.find(digest, spec) is None
        )
    cache.save_index()
    return jobs


@dataclass
class Located:
    """For each media id, the renditions already made (by spec name) and the jobs left."""

    found: dict[str, dict[str, Path]]
    jobs: dict[str, list[Job]]
    #: Media id → the geometry of its tile pyramid, for those already made.
    pyramids: dict[str, Pyramid] = field(default_factory=dict)


def locate(
    cache: Cache,
    originals: dict[str, Path],
    specs: Iterable[Spec],
    *,
    tiles: TileSpec | None = None,
    sizes: Mapping[str, tuple[int, int]] | None = None,
    max_pixels: int = DEFAULT_PIXEL_LIMIT,
    where: Mapping[str, str] | None = None,
) -> Located:
    """Which renditions of ``originals`` (media id → file) exist, and what is missing (as
    jobs that accept originals of up to ``max_pixels`` pixels); with ``tiles`` and the
    originals' ``sizes``, the tile pyramids too. ``where`` (media id → "bundle.json:
    media[3].file") is how a job's failure names the original's place in the bundle.

    Reads (and hashes) only files it has not seen unchanged before; never decodes.
    """
    from kiosk.media import tiles as tiles_module

    spec_list = list(specs)
    found: dict[str, dict[str, Path]] = {}
    jobs: dict[str, list[Job]] = {}
    pyramids: dict[str, Pyramid] = {}
    for media_id, src in originals.items():
        try:
            digest = cache.digest(src)
        except OSError:
            continue  # a file gone since validation: the UI shows its placeholder
        for spec in _wanted(spec_list, tiles, (sizes or {}).get(media_id)):
            path = cache.find(digest, spec)  # a damaged entry is deleted: made again
            if path is not None and not isinstance(spec, Spec):
                try:
                    pyramids[media_id] = tiles_module.read(path.parent)
                except (OSError, ValueError):
                    shutil.rmtree(path.parent, ignore_errors=True)  # unreadable: make again
                    path = None
            if path is None:
                place = (where or {}).get(media_id, "")
                job = Job(cache.root, src, digest, spec, max_pixels, place)
                jobs.setdefault(media_id, []).append(job)
            else:
                found.setdefault(media_id, {})[spec.name] = path
    cache.save_index()
    return Located(found, jobs, pyramids)
