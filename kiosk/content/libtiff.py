"""libtiff's error messages, taken instead of printed.

libtiff prints its errors ("Using code not yet in table", "Read error on strip 3") to
standard error itself, while Pillow reports only "decoder error -2". This installs, once,
an error handler in the libtiff that Pillow loaded (with ctypes): on a thread that is
collecting (``collect``) a message is kept, to be put in our own words; on any other
thread it is printed as libtiff would have. libtiff's warnings cannot be taken: Pillow
turns them off before every decode.
"""

from __future__ import annotations

import ctypes
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

_Handler = ctypes.CFUNCTYPE(None, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_void_p)
_local = threading.local()
_vsnprintf: Any = None  # libc's, set by _install


def _library_path() -> str | None:
    from PIL import _imaging  # noqa: F401  # loads Pillow's libtiff

    try:
        with Path("/proc/self/maps").open(encoding="utf-8", errors="replace") as maps:
            for line in maps:
                name = line.rsplit(" ", 1)[-1].strip()
                if Path(name).name.startswith("libtiff"):
                    return name
    except OSError:
        pass
    return None


def _handle(module: bytes | None, fmt: bytes | None, args: int | None) -> None:
    buffer = ctypes.create_string_buffer(1024)
    if fmt is not None and _vsnprintf is not None:
        _vsnprintf(buffer, len(buffer), fmt, args)
    text = buffer.value.decode("utf-8", "replace")
    found: list[str] | None = getattr(_local, "found", None)
    if found is not None:
        found.append(text)
    else:
        where = module.decode("utf-8", "replace") if module else ""
        sys.stderr.write(f"{where}: {text}\n" if where else f"{text}\n")


_handler = _Handler(_handle)


@cache
def _install() -> bool:
    """Put our handler into libtiff (once); False where that cannot be done."""
    global _vsnprintf
    if not sys.platform.startswith("linux"):
        return False
    path = _library_path()
    if path is None:
        return False
    try:
        lib = ctypes.CDLL(path)
        libc = ctypes.CDLL(None)
    except OSError:
        return False
    _vsnprintf = libc.vsnprintf
    _vsnprintf.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_char_p, ctypes.c_void_p]
    lib.TIFFSetErrorHandler.argtypes = [_Handler]
    lib.TIFFSetErrorHandler.restype = ctypes.c_void_p
    lib.TIFFSetErrorHandler(_handler)
    return True


@contextmanager
def collect() -> Iterator[list[str]]:
    """The messages libtiff gives on this thread while the block runs."""
    _install()
    found: list[str] = []
    _local.found = found
    try:
        yield found
    finally:
        _local.found = None
