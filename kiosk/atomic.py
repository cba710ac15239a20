"""Files written whole or not at all, and the temporaries a killed writer leaves behind.

The configuration (``kiosk set-pin``, ``kiosk config set``) and the PIN lock's state are
written this way: a power cut or a ``kill -9`` leaves the old file or the new one, never
half of one, and what a dead writer left is swept up by the next one.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import tempfile
import time
from pathlib import Path

__all__ = ["LEFTOVER_AGE", "fsync_folder", "glob_escape", "sweep_leftovers", "write_atomic"]


def write_atomic(
    path: Path, data: bytes, *, mode: int = 0o600, owner: tuple[int, int] | None = None
) -> None:
    """Write ``data`` to ``path`` whole or not at all: a temporary file in the same folder
    (private from its first byte), written, flushed and fsynced, then renamed over ``path``,
    and the folder fsynced. On any error the temporary file is removed, ``path`` is as it
    was, and the OSError (ENOSPC, EROFS, EACCES…) is raised for the caller to report."""
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            if owner is not None and owner != (os.getuid(), os.getgid()):
                with contextlib.suppress(PermissionError):  # only root may give files away
                    os.fchown(f.fileno(), *owner)
            os.fchmod(f.fileno(), mode)
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        Path(name).replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            Path(name).unlink()
        raise
    fsync_folder(path.parent)


#: A temporary file of ``write_atomic`` older than this was left by a writer that died
#: (a killed ``set-pin``, a power cut): a live writer renames its file within a second.
LEFTOVER_AGE = 600.0


def sweep_leftovers(path: Path, *, now: float | None = None) -> list[Path]:
    """Remove the temporary files ``write_atomic`` left beside ``path`` when its writer was
    killed (``.config.toml.<random>.tmp``), once they are older than :data:`LEFTOVER_AGE`;
    the ones removed. Best effort: a reader without write access to the folder (``kiosk
    config show`` as a user) leaves them for the next writer."""
    cutoff = (time.time() if now is None else now) - LEFTOVER_AGE
    removed: list[Path] = []
    try:
        candidates = list(path.parent.glob(f".{glob_escape(path.name)}.*.tmp"))
    except OSError:
        return removed
    for leftover in candidates:
        with contextlib.suppress(OSError):
            st = leftover.lstat()
            if stat.S_ISREG(st.st_mode) and st.st_mtime < cutoff:
                leftover.unlink()
                removed.append(leftover)
    return removed


def glob_escape(name: str) -> str:
    """``name`` with glob's special characters taken literally."""
    return re.sub(r"([*?\[])", r"[\1]", name)


def fsync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable (best effort: not every file system allows it)."""
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)
