"""The limits a decode of an untrusted image runs under, in its worker process.

A curator's file may be built, on purpose or by a broken scanner, to exhaust a decoder: a
2 MB progressive JPEG whose scans repeat takes minutes to decode (a decode-time bomb); a
52 KB fax-compressed TIFF of 44,000² pixels unpacks to gigabytes (a pixel bomb). The pixel
limit (``max_image_pixels``) refuses big headers before anything is decoded; what remains
is bounded here, per job, in the worker process (:mod:`kiosk.media.worker`):

- **Wall time.** The parent kills a worker whose decode takes longer than
  :data:`WALL_FLOOR` seconds plus :data:`WALL_PER_MEGAPIXEL` seconds per megapixel of the
  image (its header's width × height). Decoding a 100-MP baseline JPEG takes about 0.6 s on
  a desktop core: 6 ms per megapixel, so the allowance is some 16 times that, for slower
  kiosk hardware and a busy machine; the floor covers starting up and small files. Only
  the decode is timed: what follows (turning, colour conversion, cutting tiles, writing
  them) is our own work, proportional to the pixels the header announced.
- **Memory.** The child sets its own address-space limit (``RLIMIT_AS``) before it decodes:
  :data:`BYTES_PER_PIXEL` × :data:`WORKING_COPIES` bytes per pixel of the image plus
  :data:`BASE_BYTES` for the interpreter and its libraries, but never more than
  :data:`RAM_SHARE` of the machine's memory split between the workers running side by
  side; there are only as many workers as can each have what the largest image needs
  (:func:`workers_for`). A decode past it gets ``MemoryError`` (reported as that image's
  failure), instead of the kernel's OOM killer choosing a victim, perhaps the kiosk on
  screen.
- **Orphans.** A worker dies with the process that started it (``PR_SET_PDEATHSIG`` on
  Linux, and the end of its pipe as before): a ``kill -9`` of ``kiosk prepare`` leaves no
  decoder running.

The constants are module-level on purpose: a deployment with unusual hardware changes
them in one place, and :class:`Limits` carries them (or a test's own) into each job.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import resource
import signal
import sys
from dataclasses import dataclass, field
from pathlib import Path

#: Seconds any decode may take, whatever its size (starting up, opening, small files).
WALL_FLOOR = 5.0

#: Seconds of decoding allowed per megapixel of the image, on top of :data:`WALL_FLOOR`:
#: a 100-MP original may decode for 15 s, a 24-MP one for 7.4 s.
WALL_PER_MEGAPIXEL = 0.1

#: Seconds a worker may take to start (a spawned interpreter importing Pillow) and read a
#: job's header, before its decode is timed.
STARTUP_SECONDS = 30.0

#: Bytes per pixel of a decoded image: Pillow keeps RGB, RGBA, CMYK and 32-bit grey in four
#: bytes a pixel (8-bit grey and bilevel in one, 16-bit grey in two).
BYTES_PER_PIXEL = 4

#: Full-size images alive at once while making an original's outputs: the decoded image,
#: one turned or colour-converted copy while it replaces the first, and the pyramid's next
#: level with the resizing buffers (at most a third more): 2.4, rounded up.
WORKING_COPIES = 3

#: Address space of the worker before it decodes anything: the interpreter, Pillow,
#: libjpeg, libtiff, LittleCMS and their mappings take about 50 MB (``VmSize``); the rest
#: is room for encoding buffers, the written files' checks and the allocator's slack.
BASE_BYTES = 256 << 20

#: The largest part of the machine's memory the decoding workers may take together (the
#: rest is for the kiosk on screen, the system and the file cache).
RAM_SHARE = 0.5

#: ``prctl`` option (linux/prctl.h): the signal a process gets when its parent dies.
_PR_SET_PDEATHSIG = 1


def machine_memory() -> int | None:
    """The machine's physical memory in bytes, if the system says."""
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):
        return None


@dataclass(frozen=True)
class Limits:
    """The wall time and memory one decode may take (see the module for the defaults).

    Plain data: the parent keeps it to time the decode, and sends it with each job to the
    child, which applies the memory limit to itself."""

    # Read when a Limits is made, so that changing the module's constants takes effect.
    wall_floor: float = field(default_factory=lambda: WALL_FLOOR)
    wall_per_megapixel: float = field(default_factory=lambda: WALL_PER_MEGAPIXEL)
    #: Workers decoding side by side: they split :data:`RAM_SHARE` of the memory.
    workers: int = 1
    #: A fixed address-space limit in bytes instead of the one derived from the pixels.
    memory: int | None = None

    def wall(self, pixels: int) -> float:
        """Seconds a decode of an image of ``pixels`` pixels may take."""
        return self.wall_floor + self.wall_per_megapixel * max(0, pixels) / 1e6

    def address_space(self, pixels: int) -> int:
        """Bytes of address space a worker decoding ``pixels`` pixels may use."""
        if self.memory is not None:
            return self.memory
        wanted = BASE_BYTES + max(0, pixels) * BYTES_PER_PIXEL * WORKING_COPIES
        ram = machine_memory()
        if ram is None:
            return wanted
        cap = int(ram * RAM_SHARE) // max(1, self.workers)
        return max(BASE_BYTES, min(wanted, cap))


def workers_for(wanted: int, largest_pixels: int) -> int:
    """How many workers to run side by side, of ``wanted`` (one per core, say), when the
    largest image has ``largest_pixels`` pixels: as many as can each have the memory that
    image needs within :data:`RAM_SHARE` of the machine's, and at least one. Many cores and
    little memory mean fewer workers, never a limit too small for a big scan."""
    wanted = max(1, wanted)
    ram = machine_memory()
    if ram is None:
        return wanted
    need = BASE_BYTES + max(0, largest_pixels) * BYTES_PER_PIXEL * WORKING_COPIES
    return max(1, min(wanted, int(ram * RAM_SHARE) // need))


#: The limit this process set on itself, and for how many pixels (in a worker only).
_applied: tuple[int, int] | None = None


def apply_memory_limit(limit: int, pixels: int) -> None:
    """Limit this process's address space to ``limit`` bytes, for decoding ``pixels``
    pixels (the soft limit: the next job of the same worker may set another). Where the
    system refuses, nothing changes: the time limit and the pixel limit still hold."""
    global _applied
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    try:
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ValueError, OSError):
        return
    _applied = (limit, pixels)


def explain(exc: Exception) -> Exception:
    """``exc``, or for a plain ``MemoryError`` under a limit this process set, a
    :class:`DecodeMemoryError` that says which limit and what to do."""
    if type(exc) is MemoryError and _applied is not None:
        limit, pixels = _applied
        return DecodeMemoryError(limit, pixels)
    return exc


def die_with_parent(parent: int) -> None:
    """Ask the kernel to kill this process when its parent dies (Linux), and leave at once
    if the parent is already gone (it died before the request was made).

    Linux sends the signal when the *thread* that started the process ends, so a worker
    must be started from the thread that keeps using it (as every caller does)."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:
        os._exit(0)


def peak_memory() -> int:
    """This process's peak resident memory so far, in bytes: Linux's ``VmHWM``, which
    starts afresh with the worker's interpreter (``ru_maxrss`` would also count the parent
    it was forked from before the exec), else ``ru_maxrss``."""
    with contextlib.suppress(OSError, ValueError, IndexError):
        for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


@dataclass(frozen=True)
class Check:
    """A full decode check of one image of a bundle (``kiosk validate --deep``): the
    checks of :func:`kiosk.content.assets.check_image` with ``deep``, in a worker, under
    the limits. Plain data, for a worker process."""

    root: Path
    relative: str
    max_pixels: int
    #: Where the bundle names the image ("media[3].file"), for the report.
    where: str = ""

    @property
    def src(self) -> Path:
        """The image file (for its header's size)."""
        return self.root / self.relative


@dataclass(frozen=True)
class Checked:
    """What a :class:`Check` found: None when the image decodes; else a problem code and
    message (naming the file, saying what to do). ``notes``: warnings, as (code, message)."""

    check: Check
    code: str | None = None
    message: str | None = None
    notes: tuple[tuple[str, str], ...] = ()


def header_pixels(src: Path, max_pixels: int) -> int:
    """Width × height from the header of ``src`` (0 when it cannot be read: the job
    itself then fails at opening it, and says why)."""
    from kiosk.content.assets import BUNDLE_FORMATS, open_image

    try:
        with open_image(src, formats=BUNDLE_FORMATS, max_pixels=max_pixels) as im:
            return int(im.width * im.height)
    except Exception:  # reported by the job, which opens it again
        return 0


def decode_check(check: Check) -> Checked:
    """Run the full check of ``check`` here (in a worker: under its limits)."""
    from kiosk.content.assets import AssetError, check_image

    try:
        info = check_image(check.root, check.relative, max_pixels=check.max_pixels, deep=True)
    except AssetError as exc:
        return Checked(check, exc.code, str(exc))
    except Exception as exc:  # whatever a decoder raises is this image's problem
        exc = explain(exc)
        code = "decode-memory" if isinstance(exc, MemoryError) else "bad-image"
        reason = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
        return Checked(check, code, f'"{check.relative}" cannot be decoded: {reason}')
    return Checked(check, notes=tuple(getattr(info, "notes", ())))


class DecodeTimeoutError(TimeoutError):
    """A decode took longer than its wall-time limit; the worker was killed."""

    def __init__(self, seconds: float, pixels: int | None) -> None:
        size = f" for its {pixels / 1e6:,.1f} megapixels" if pixels else ""
        super().__init__(
            f"decoding took longer than {seconds:.1f} s, the limit{size}; the file may be "
            "built to stall decoders (a progressive JPEG whose scans repeat, say): save it "
            "again from an image editor (a baseline JPEG, or TIFF) and replace it"
        )


class DecodeMemoryError(MemoryError):
    """A decode needed more memory than its limit (or the worker died of it)."""

    def __init__(self, limit: int, pixels: int | None, detail: str = "") -> None:
        size = f" for {pixels / 1e6:,.1f} megapixels" if pixels else ""
        why = f" ({detail})" if detail else ""
        super().__init__(
            f"decoding needs more memory than the {limit / 2**20:,.0f} MB allowed{size}{why}; "
            "the file may unpack to far more than its size says (a decompression bomb): "
            "scale it down or save it again from an image editor, and replace it"
        )
