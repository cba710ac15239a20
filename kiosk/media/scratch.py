"""Temporary files of the rendition cache: how they are named, and removing those left over.

Every file or folder of the cache is written under a temporary name next to its final one
and renamed into place in one step, so the cache never holds a half-written rendition or
pyramid. A build that is killed (a quit, a power cut, the out-of-memory killer) leaves its
temporary file behind; :func:`sweep` removes them at the next start or ``kiosk prepare``.

A temporary name says who wrote it: ``.<final name>.<pid>.<8 hex digits>.tmp``. The random
part keeps two builds of the same rendition (in one process or two) out of each other's
way; the pid tells a sweep whether the writer may still be at work.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import shutil
import time
from collections.abc import Collection, Iterator
from pathlib import Path

#: Ours, and only ours: a sweep never touches a name that does not match. The random part
#: is optional for leftovers of older versions (``.<name>.<pid>.tmp``).
_TEMP = re.compile(r"^\.(?P<final>.+)\.(?P<pid>[0-9]+)(?:\.[0-9a-f]{8})?\.tmp$")

#: Leftovers of a process that still runs are removed only when older than this: no build
#: takes a day, and a live process's young file is being written.
STALE_SECONDS = 24 * 3600.0


def temp_path(final: Path) -> Path:
    """A fresh temporary name for ``final``, in the same folder (so a rename is atomic)."""
    return final.with_name(f".{final.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")


def owner(path: Path) -> int | None:
    """The pid that wrote a temporary file or folder of ours; None if the name is not ours."""
    match = _TEMP.match(path.name)
    return int(match["pid"]) if match else None


def remove(path: Path) -> None:
    """Remove a temporary file or folder, whichever it is; gone already is fine."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


def running(pid: int) -> bool:
    """Whether a process ``pid`` runs (of any user; a zombie has stopped writing)."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # someone else's process
    try:
        # Linux: "pid (name) state …"; a killed child stays a zombie until reaped, and in a
        # container whose init never reaps, forever.
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return True
    return stat.rpartition(")")[2].split()[:1] != ["Z"]


def _folders(root: Path) -> Iterator[Path]:
    """The cache root and its two-hex-digit folders (where renditions and pyramids live)."""
    yield root
    with contextlib.suppress(OSError):
        for entry in os.scandir(root):
            if len(entry.name) == 2 and entry.is_dir(follow_symlinks=False):
                yield Path(entry.path)


def sweep(
    root: Path,
    *,
    dead: Collection[int] = (),
    stale: float = STALE_SECONDS,
    now: float | None = None,
) -> list[Path]:
    """Remove our leftover temporary files and folders from the cache at ``root``; what was
    removed.

    One is removed when the process that wrote it is gone (or is in ``dead``: a worker just
    killed), or, if that pid runs (perhaps a new process with a recycled pid), when it is
    older than ``stale`` seconds. Nothing else is touched: not other names, not a young file
    of a live process (``kiosk prepare`` may be at work on the same cache).
    """
    now = time.time() if now is None else now
    removed = []
    for folder in _folders(root):
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            pid = owner(Path(entry.name))
            if pid is None:
                continue
            if pid not in dead and running(pid):
                try:
                    age = now - entry.stat(follow_symlinks=False).st_mtime
                except OSError:
                    continue
                if age < stale:
                    continue
            path = Path(entry.path)
            remove(path)
            removed.append(path)
    return removed


def sweep_of(folder: Path, pid: int) -> list[Path]:
    """Remove the temporary files that process ``pid`` (now gone) left in ``folder``."""
    removed = []
    with contextlib.suppress(OSError):
        for entry in os.scandir(folder):
            if owner(Path(entry.name)) == pid:
                path = Path(entry.path)
                remove(path)
                removed.append(path)
    return removed
