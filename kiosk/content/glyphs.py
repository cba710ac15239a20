"""Which characters the kiosk can draw: the shipped fonts' character maps (through fontTools).

The kiosk draws every text in PT Serif or PT Sans (``kiosk/fonts/``, registered by
kiosk.ui.app). A character neither has is drawn by Qt from a system font that has it; the
kiosk's Debian package depends on fonts-dejavu-core for that, so DejaVu Sans and DejaVu
Serif are the fallback a gallery machine always has. A character none of these has is drawn
as an empty box: that is what ``kiosk validate`` warns about (kiosk.content.checks).

The five PT fonts cover the same characters, so one set stands for them. Reading a font's
character map takes fontTools (about 50 ms to import, 10 ms a font), so the sets are kept
once per process and on disk in the user's cache (keyed by each font file's size and
modification time): validating a bundle costs a set lookup per distinct character.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import re
import tempfile
import unicodedata
from collections.abc import Iterable
from pathlib import Path

import platformdirs

from kiosk.paths import shipped_font

#: The fonts the kiosk registers and draws with (kiosk.ui.app.FONTS).
SHIPPED_FONTS = (
    "PTSerif-Regular.ttf",
    "PTSerif-Italic.ttf",
    "PTSerif-Bold.ttf",
    "PTSans-Regular.ttf",
    "PTSans-Bold.ttf",
)
#: What the kiosk's Debian package brings for Qt to fall back on (fonts-dejavu-core).
FALLBACK_FONTS = (
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"),
)
SHIPPED_NAMES = "PT Serif and PT Sans"
FALLBACK_NAMES = "DejaVu Sans and DejaVu Serif"

#: Characters nobody needs a glyph for: controls and formatting characters (other checks
#: look at those), line and paragraph separators.
_NOT_DRAWN = frozenset(("Cc", "Cf", "Cs", "Zl", "Zp"))

_CACHE_VERSION = 1


def _cache_file() -> Path:
    return platformdirs.user_cache_path("kiosk") / "font-coverage.json"


def _read_cmap(path: Path) -> frozenset[int]:
    # Imported here: only a cache miss pays for fontTools. The modules fontTools imports by
    # name as it reads a character map are named too, so that PyInstaller bundles them.
    import fontTools.encodings.codecs
    import fontTools.misc.encodingTools
    import fontTools.ttLib.standardGlyphOrder
    import fontTools.ttLib.tables._c_m_a_p
    import fontTools.ttLib.tables._m_a_x_p
    import fontTools.ttLib.tables._p_o_s_t
    import fontTools.unicode  # noqa: F401
    from fontTools.ttLib import TTFont

    with TTFont(path, lazy=True) as font:
        return frozenset(font.getBestCmap() or {})


def _ranges(points: frozenset[int]) -> list[list[int]]:
    out: list[list[int]] = []
    for p in sorted(points):
        if out and out[-1][1] == p - 1:
            out[-1][1] = p
        else:
            out.append([p, p])
    return out


def _coverage(paths: Iterable[Path]) -> frozenset[int] | None:
    """The characters all of ``paths`` have; None when none of them can be read."""
    cache_path = _cache_file()
    try:
        cache = json.loads(cache_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        cache = None
    if not isinstance(cache, dict) or cache.get("version") != _CACHE_VERSION:
        cache = {"version": _CACHE_VERSION}
    fonts = cache.get("fonts")
    if not isinstance(fonts, dict):
        fonts = cache["fonts"] = {}
    sets: list[frozenset[int]] = []
    changed = False
    for path in paths:
        try:
            stat = path.stat()
        except OSError:
            continue
        key = f"{stat.st_size}:{stat.st_mtime_ns}"
        entry = fonts.get(str(path))
        if isinstance(entry, dict) and entry.get("key") == key:
            with contextlib.suppress(TypeError, ValueError):  # a damaged cache: read again
                sets.append(frozenset(p for lo, hi in entry["ranges"] for p in range(lo, hi + 1)))
                continue
        try:
            points = _read_cmap(path)
        except Exception:  # a damaged font: fontTools raises anything
            continue
        fonts[str(path)] = {"key": key, "ranges": _ranges(points)}
        sets.append(points)
        changed = True
    if changed:
        _write_cache(cache_path, cache)
    return frozenset.intersection(*sets) if sets else None


def _write_cache(path: Path, cache: dict[str, object]) -> None:
    """Best effort: a read-only or full cache folder only means reading the fonts again."""
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".font-coverage.", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump(cache, out)
            Path(tmp).replace(path)
        finally:
            with contextlib.suppress(OSError):
                Path(tmp).unlink()


@functools.cache
def shipped() -> frozenset[int]:
    """The characters every shipped font has (empty when they cannot be read)."""
    return _coverage(shipped_font(name) for name in SHIPPED_FONTS) or frozenset()


@functools.cache
def fallback() -> frozenset[int] | None:
    """The characters the fallback fonts have between them, or None on a computer without
    them (a curator's own, say), where what a gallery machine draws cannot be known."""
    sets = [s for path in FALLBACK_FONTS if (s := _coverage([path])) is not None]
    return frozenset().union(*sets) if sets else None


def undrawable(chars: Iterable[str]) -> tuple[set[str], bool]:
    """Of ``chars``, those the kiosk cannot draw, and whether the fallback fonts were
    checked too (False: they are missing here, so these are only what PT lacks)."""
    have = shipped()
    missing = {
        c
        for c in chars
        if ord(c) not in have and unicodedata.category(c) not in _NOT_DRAWN and c != " "
    }
    if not missing:
        return missing, True
    more = fallback()
    if more is None:
        return missing, False
    return {c for c in missing if ord(c) not in more}, True


@functools.cache
def _outside() -> re.Pattern[str]:
    """A character of a JSON text that the shipped fonts may not draw, or a combining mark."""
    fine = {p for p in shipped() if unicodedata.category(chr(p)) not in ("Mn", "Me")}
    fine |= {0x09, 0x0A, 0x0D, 0x20}  # JSON's whitespace between values
    inside = "".join(
        re.escape(chr(lo)) + ("-" + re.escape(chr(hi)) if hi > lo else "")
        for lo, hi in _ranges(frozenset(fine))
    )
    return re.compile(f"[^{inside}]" if inside else "[\\s\\S]")


_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")


def all_drawn(source: str) -> bool:
    """Whether every character of the JSON text ``source`` (written or as a \\u escape) is in
    the shipped fonts and none is a combining mark: then no text of it needs looking at one
    by one. One scan of the text, quick even for a bundle of a thousand people."""
    outside = _outside()
    if outside.search(source):
        return False
    if "\\" not in source:
        return True
    return not any(outside.match(chr(int(h, 16))) for h in set(_ESCAPE.findall(source)))
