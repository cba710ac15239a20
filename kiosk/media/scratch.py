"""Temporary files of the rendition cache: how they are named, and removing those left over.

Every file or folder of the cache is written under a temporary name next to its final one
and renamed into place in one step, so the cache never holds a half-written rendition or
pyramid. A build that is killed (a quit, a power cut, the out-of-memory killer) leaves its
temporary file behind; :func:`sweep` removes them at the next start or ``kiosk prepare``.

A temporary name says who wrote it: ``.<final name>.<pid>.<8 hex digits>.tmp``. The random
part keeps two builds of the same rendition (in one process or two) out of each other's
way; the pid tells a sweep whether the writer may still be at work.

Every file goes through :func:`write_file` (or :func:`write_image`, :func:`write_text`): the
content is written whole to a temporary name, flushed, ``fsync``-ed, checked (an image is
opened and fully decoded again from the disk) and only then renamed into place. Whatever
fails on the way (a full disk, a read-only or unwritable cache, a check) removes the
temporary file and raises :class:`CacheWriteError`, an ``OSError`` with the cause's errno:
the cache never holds a truncated rendition, even when the disk fills up mid-write.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import re
import secrets
import shutil
import time
from collections.abc import Callable, Collection, Iterator
from pathlib import Path
from typing import Any

from PIL import Image

#: Ours, and only ours: a sweep never touches a name that does not match. The random part
#: is optional for leftovers of older versions (``.<name>.<pid>.tmp``).
#: The final name is matched lazily: a random part of eight decimal digits is not a pid.
_TEMP = re.compile(r"^\.(?P<final>.+?)\.(?P<pid>[0-9]+)(?:\.[0-9a-f]{8})?\.tmp$")

#: Leftovers of a process that still runs are removed only when older than this: no build
#: takes a day, and a live process's young file is being written.
STALE_SECONDS = 24 * 3600.0


#: The errors that mean the cache's disk, not one file, is at fault: writing more is futile
#: until someone frees space or makes the folder writable.
DISK_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM})

#: The low-level calls every write goes through (module names, so that tests can make
#: them fail at any point, as a full disk does).
_open = os.open
_write = os.write
_fsync = os.fsync
_close = os.close
_replace = os.replace


class CacheWriteError(OSError):
    """A file of the rendition cache could not be written whole; nothing was left behind.

    An ``OSError`` carrying the cause's errno (``EIO`` when the written file failed its
    check), so ``exc.errno in DISK_ERRNOS`` tells a full or read-only disk from one file."""

    def __init__(self, path: Path, cause: BaseException) -> None:
        code = cause.errno if isinstance(cause, OSError) and cause.errno else errno.EIO
        reason = cause.strerror if isinstance(cause, OSError) and cause.strerror else None
        reason = reason or (f"{type(cause).__name__}: {cause}" if str(cause) else repr(cause))
        super().__init__(code, f"could not write {path}: {reason}")
        self.path = path

    def __str__(self) -> str:
        return str(self.strerror)

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (self.path, self.errno, self.strerror))

    @property
    def disk(self) -> bool:
        """Whether the disk or folder is at fault (full, read-only, not ours to write)."""
        return self.errno in DISK_ERRNOS


def _rebuild(path: Path, code: int, message: str) -> CacheWriteError:
    exc = CacheWriteError(path, OSError(code, ""))
    exc.strerror = message
    return exc


def disk_error(exc: BaseException) -> int | None:
    """The errno of ``exc`` when it says the cache's disk is full, read-only or not
    writable (a :class:`CacheWriteError` of :data:`DISK_ERRNOS`); otherwise None."""
    if isinstance(exc, CacheWriteError) and exc.disk:
        return exc.errno
    return None


def disk_advice(code: int, root: Path) -> str:
    """One sentence for staff: what is wrong with the cache folder ``root`` and what to do."""
    if code in (errno.ENOSPC, errno.EDQUOT):
        what = "its disk is full"
        todo = "free space on that disk (or set another cache_dir)"
    elif code == errno.EROFS:
        what = "its disk is read-only"
        todo = "mount that disk read-write (or set another cache_dir)"
    else:
        what = "the kiosk may not write there"
        todo = "make that folder writable for the kiosk's user (or set another cache_dir)"
    return (
        f"the rendition cache {root} cannot be written: {what} ({os.strerror(code)}); "
        f"{todo}, and what is missing is made at the next start"
    )


def makedirs(folder: Path) -> None:
    """``folder`` and its parents, or :class:`CacheWriteError` (a read-only cache, say)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CacheWriteError(folder, exc) from exc


def _sync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable (not every file system can: then never mind)."""
    with contextlib.suppress(OSError):
        fd = _open(str(folder), os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            _fsync(fd)
        finally:
            _close(fd)


def _write_whole(path: Path, data: bytes) -> None:
    """``data`` into a new file ``path``, every byte, flushed to the disk."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    fd = _open(str(path), flags, 0o644)
    try:
        view = memoryview(data)
        while view:
            n = _write(fd, view)
            if n <= 0:  # a write that makes no progress: the disk took nothing more
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            view = view[n:]
        _fsync(fd)
    finally:
        _close(fd)
    size = path.stat().st_size
    if size != len(data):
        raise OSError(errno.EIO, f"{size} of {len(data)} bytes on the disk")


def write_file(
    final: Path,
    data: bytes,
    *,
    verify: Callable[[Path], None] | None = None,
    atomic: bool = True,
) -> Path:
    """Write ``data`` as ``final``: to a temporary name in the same folder, whole, fsynced,
    checked by ``verify(temp)`` (which raises if the file is not right), then renamed into
    place. ``atomic=False`` writes ``final`` itself (already inside a temporary folder).
    On any failure nothing is left and :class:`CacheWriteError` is raised."""
    tmp = temp_path(final) if atomic else final
    try:
        _write_whole(tmp, data)
        if verify is not None:
            verify(tmp)
        if atomic:
            _replace(tmp, final)
    except Exception as exc:
        remove(tmp)
        raise CacheWriteError(final, exc) from exc
    if atomic:
        _sync_folder(final.parent)
    return final


def sync_tree(folder: Path) -> None:
    """fsync ``folder`` and the folders under it (their entries: the files were synced
    as they were written), before the whole tree is renamed into place."""
    for dirpath, _dirs, _files in os.walk(folder):
        _sync_folder(Path(dirpath))


def rename(tmp: Path, final: Path) -> None:
    """Rename a temporary file or folder into place, durably; :class:`CacheWriteError`
    when that fails (the temporary one is left for the caller to remove)."""
    try:
        _replace(tmp, final)
    except OSError as exc:
        raise CacheWriteError(final, exc) from exc
    _sync_folder(final.parent)


def check_image(
    path: Path, size: tuple[int, int] | None = None, *, format: str | None = None
) -> None:
    """Raise unless ``path`` opens and fully decodes (to ``size``, when given) and, for a
    JPEG or PNG (its ``format``, or its suffix), ends with its end marker: libjpeg decodes
    a file that lacks its last bytes without a word."""
    with Image.open(path) as im:
        im.load()
        if size is not None and im.size != size:
            raise ValueError(f"decodes to {im.size[0]}×{im.size[1]}, not {size[0]}×{size[1]}")
    suffix = {"JPEG": ".jpg", "PNG": ".png"}.get(format or "", path.suffix.lower())
    if suffix in _ENDS and not _ends_whole(path, _ENDS[suffix]):
        raise ValueError("its end marker is missing: the file was cut short")


def write_image(
    final: Path, im: Image.Image, format: str, *, atomic: bool = True, **params: Any
) -> Path:
    """Encode ``im`` as ``format`` (with Pillow's ``params``) and write it like
    :func:`write_file`, checked by decoding it back from the disk whole."""
    buf = io.BytesIO()
    try:
        im.save(buf, format, **params)
    except OSError as exc:
        raise CacheWriteError(final, exc) from exc
    return write_file(
        final,
        buf.getvalue(),
        verify=lambda p: check_image(p, im.size, format=format),
        atomic=atomic,
    )


def write_text(final: Path, text: str, *, verify: Callable[[Path], None] | None = None) -> Path:
    """Write ``text`` (UTF-8) like :func:`write_file`."""
    return write_file(final, text.encode("utf-8"), verify=verify)


#: How each kind of rendition ends when it is whole: a truncated file lacks its end.
_ENDS = {".jpg": (b"\xff\xd9",), ".png": (b"IEND\xaeB`\x82",)}


def looks_whole(path: Path) -> bool:
    """A cheap check (no decode) that a cached JPEG or PNG was not cut short: it ends with
    its end marker. Other kinds (and unreadable files) are judged whole only if readable."""
    ends = _ENDS.get(path.suffix.lower())
    return _ends_whole(path, ends)


def _ends_whole(path: Path, ends: tuple[bytes, ...] | None) -> bool:
    """Whether ``path`` is readable, not empty, and ends with one of ``ends`` (if given)."""
    try:
        with path.open("rb") as fh:
            fh.seek(0, os.SEEK_END)
            if fh.tell() == 0:
                return False
            if ends is None:
                return True
            fh.seek(max(0, fh.tell() - 16))
            tail = fh.read()
    except OSError:
        return False
    return tail.endswith(ends)


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


def started(pid: int) -> float | None:
    """When process ``pid`` started (seconds since the epoch), if Linux's /proc says."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
        ticks = int(stat.rpartition(")")[2].split()[19])  # field 22: starttime
        for line in Path("/proc/stat").read_text(encoding="ascii").splitlines():
            if line.startswith("btime "):
                return int(line.split()[1]) + ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        pass
    return None


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
    killed), or, if that pid runs, when it is older than that process (the pid was recycled,
    after a reboot say: the writer is gone) or older than ``stale`` seconds. Nothing else is
    touched: not other names, not a young file of a live process (``kiosk prepare`` may be
    at work on the same cache).
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
                    mtime = entry.stat(follow_symlinks=False).st_mtime
                except OSError:
                    continue
                born = started(pid)
                # 1 s of slack: the clock ticks of /proc are coarser than file times.
                if now - mtime < stale and (born is None or mtime >= born - 1.0):
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
