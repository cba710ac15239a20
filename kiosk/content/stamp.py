"""Validation stamps: a bundle checked once is not checked again until one of its files changes.

A full check of a bundle opens every file it names (the 1,000 + 1,000 exhibit: about 0.8 s
on the gallery machine's two cores), and the kiosk would do it at every start. After a check
that found no error (``kiosk prepare``, or a start), a stamp is written in the cache folder:
the size and times of every file in the bundle folder, which kiosk checked it and with which
image limit, and what the check found: the bundle as it was validated (its canonical JSON,
kiosk.content.spec.canonical), each image's header facts and the warnings. A later load whose
bundle folder still matches the stamp file for file (same names, sizes, modification and
change times) builds the bundle from the stamp's document and takes its findings instead of
checking again, without importing the schema's pydantic; any difference, a file more or
less, another kiosk version or another limit, and the bundle is checked in full (and
stamped anew).

A stamp is a cache, never a source of truth: one that cannot be read, parsed, built from or
written is ignored (and logged by the caller). A stale stamp cannot be taken (its files no
longer match); a forged one needs write access to the kiosk's cache folder, from which its
own config, which names the bundle folder, can be changed as well.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import secrets
from pathlib import Path
from typing import Any

from kiosk import __version__
from kiosk.atomic import fsync_folder
from kiosk.content.assets import ImageInfo
from kiosk.content.problems import Problem, Severity

#: The layout of a stamp file; a stamp of another layout is ignored. (2: the document.)
STAMP_FORMAT = 2
#: A bundle folder with more files than this is checked at every start (walking it would
#: cost more than the check saves, and a stamp of it would be megabytes).
MAX_FILES = 50_000
#: Where stamps live, inside the cache folder.
STAMPS_DIR = "stamps"

_CONTENT = Path(__file__).resolve().parent
_FONTS = _CONTENT.parent / "fonts"


def stat_key(st: os.stat_result) -> list[int]:
    """What a stamp keeps of a file: size, modification and change times (ns)."""
    return [st.st_size, st.st_mtime_ns, st.st_ctime_ns]


def _code() -> list[list[Any]]:
    """What the checks depend on besides the bundle: their own source files, when they are
    files (a source tree: a change to the checks makes every stamp stale even when the
    version number has not moved), the shipped fonts (the glyph checks), and Pillow's
    version (the image checks)."""
    from PIL import __version__ as pillow

    found: list[list[Any]] = [["Pillow", pillow]]
    for folder, suffix in ((_CONTENT, ".py"), (_FONTS, ".ttf")):
        with contextlib.suppress(OSError):
            for entry in sorted(os.scandir(folder), key=lambda e: e.name):
                if entry.name.endswith(suffix):
                    found.append([entry.name, *stat_key(entry.stat())])
    return found


def fingerprint(root: Path, max_pixels: int) -> dict[str, Any] | None:
    """What a stamp of the bundle folder ``root`` records about it now, or None when it cannot
    be taken (a folder that cannot be listed, too many files)."""
    files: dict[str, list[int]] = {}
    links: dict[str, str] = {}
    try:
        for folder, dirs, names in os.walk(root, onerror=_raise):
            dirs.sort()
            # A link (to a folder or a file) by where it points: a link turned elsewhere
            # inside the bundle shows other files under the same names. os.walk does not
            # go down a link to a folder; its target, inside the bundle, is walked itself.
            for name in (*dirs, *names):
                path = os.path.join(folder, name)  # noqa: PTH118
                if os.path.islink(path):  # noqa: PTH114
                    links[_relative(path, root)] = os.readlink(path)  # noqa: PTH115
            for name in names:
                # Strings, not Path objects: thousands of files, at every start.
                path = os.path.join(folder, name)  # noqa: PTH118
                try:
                    st = os.stat(path)  # noqa: PTH116  (a link: its target, whose change counts)
                except FileNotFoundError:
                    continue  # a dangling link: the check reports it when it matters
                files[_relative(path, root)] = stat_key(st)
                if len(files) > MAX_FILES:
                    return None
    except OSError:
        return None
    return {
        "format": STAMP_FORMAT,
        "kiosk": __version__,
        "code": _code(),
        "root": str(root),
        "max_pixels": max_pixels,
        "files": files,
        "links": links,
    }


def _relative(path: str, root: Path) -> str:
    return os.path.relpath(path, root).replace(os.sep, "/")


def _raise(exc: OSError) -> None:
    raise exc


def stamp_path(stamps: Path, root: Path) -> Path:
    """The stamp file of the bundle folder ``root`` in the folder ``stamps``."""
    digest = hashlib.sha256(str(root).encode("utf-8", "surrogateescape")).hexdigest()[:32]
    return stamps / f"{digest}.json"


def read(
    stamps: Path, root: Path, taken: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, ImageInfo], list[Problem]] | None:
    """The findings of the stamp of ``root`` if it matches ``taken`` (its fingerprint now):
    the bundle's canonical document, each image's header facts and the warnings; None when
    there is no such stamp."""
    try:
        data = json.loads(stamp_path(stamps, root).read_bytes())
        if not isinstance(data, dict) or data.get("fingerprint") != taken:
            return None
        document = data["document"]
        if not isinstance(document, dict):
            return None
        images = {
            str(media_id): ImageInfo(
                format=str(info["format"]),
                width=int(info["width"]),
                height=int(info["height"]),
                mode=str(info["mode"]),
                notes=tuple((str(code), str(message)) for code, message in info["notes"]),
            )
            for media_id, info in data["images"].items()
        }
        problems = [
            Problem(
                Severity(p["severity"]),
                str(p["code"]),
                str(p["message"]),
                str(p["file"]),
                str(p["path"]),
                p["line"] if isinstance(p["line"], int) else None,
                p["column"] if isinstance(p["column"], int) else None,
            )
            for p in data["problems"]
        ]
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None  # missing, unreadable, damaged or of another layout: check in full
    if any(p.severity is Severity.ERROR for p in problems):
        return None  # a bundle with errors is never stamped
    return document, images, problems


def write(
    stamps: Path,
    root: Path,
    taken: dict[str, Any],
    document: dict[str, Any],
    images: dict[str, ImageInfo],
    problems: list[Problem],
) -> None:
    """Stamp ``root`` as checked when its files were as ``taken`` says (the fingerprint taken
    before the check began: a file changed during the check makes the stamp stale at once),
    with ``document``, the bundle as the check validated it. Raises OSError (a full or
    read-only disk…) for the caller to log."""
    data = {
        # Where the bundle was (the stamp's name is a digest of it): for ``prune``.
        "root": os.fsdecode(root),
        "fingerprint": taken,
        "document": document,
        "images": {
            media_id: {
                "format": info.format,
                "width": info.width,
                "height": info.height,
                "mode": info.mode,
                "notes": [list(note) for note in info.notes],
            }
            for media_id, info in images.items()
        },
        "problems": [p.to_json() for p in problems],
    }
    stamps.mkdir(parents=True, exist_ok=True)
    path = stamp_path(stamps, root)
    # Whole or not at all: written under a name of this process's, then renamed; a writer
    # killed half-way leaves that name, which the next load sweeps (``sweep``).
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    try:
        with tmp.open("xb") as f:
            f.write(json.dumps(data, ensure_ascii=False).encode())
            f.flush()
            os.fsync(f.fileno())
        tmp.replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    with contextlib.suppress(OSError):
        fsync_folder(stamps)
    prune(stamps)


def prune(stamps: Path) -> list[Path]:
    """Remove the stamps of bundle folders that are gone; the ones removed. An exhibit
    installed from a pack goes in a folder of its version, and the one it replaces is
    removed in time: without this, a kiosk that runs for years would keep a stamp of every
    version it ever showed. (A folder that is only away for now, on a stick, is checked in
    full when it is back, and stamped again.)"""
    removed = []
    with contextlib.suppress(OSError):
        for entry in os.scandir(stamps):
            if not entry.name.endswith(".json"):
                continue
            try:
                with open(entry.path, "rb") as f:  # noqa: PTH123
                    root = json.loads(f.read()).get("root")
            except (OSError, ValueError, AttributeError):
                continue  # unreadable, damaged or of another kind: read ignores it anyway
            if isinstance(root, str) and not os.path.isdir(root):  # noqa: PTH112
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)  # noqa: PTH108
                    removed.append(Path(entry.path))
    return removed


_TEMP = re.compile(r"\..+\.(\d+)\.[0-9a-f]+\.tmp")


def sweep(stamps: Path) -> list[Path]:
    """Remove the half-written stamps of writers that are gone (killed mid-write); the
    ones removed. A live writer's (``kiosk prepare`` beside the kiosk) is left alone."""
    removed = []
    with contextlib.suppress(OSError):
        for entry in os.scandir(stamps):
            match = _TEMP.fullmatch(entry.name)
            if match is None or _alive(int(match.group(1))):
                continue
            with contextlib.suppress(OSError):
                os.unlink(entry.path)  # noqa: PTH108
                removed.append(Path(entry.path))
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's: alive
    return True
