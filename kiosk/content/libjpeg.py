"""The warnings libjpeg gives while decoding a JPEG, which Pillow throws away.

libjpeg reports damaged image data ("Corrupt JPEG data: premature end of data segment",
"… extraneous bytes before marker") as warnings and carries on, filling what it could not
read with grey. Pillow's decoder silences those warnings (its ``output_message`` does
nothing and it never looks at ``num_warnings``), so a JPEG cut short with an end marker
added decodes "fine" in Pillow. This module runs the same library (the one Pillow loaded)
through its own API with ctypes and counts the warnings.

It relies on the libjpeg 6.2 ABI (``libjpeg.so.62``, what Pillow's wheels and Debian's
libjpeg-turbo ship) on a 64-bit machine: the size of the decompress struct and the offsets
of the few fields used are fixed there. With any other library ``jpeg_warnings`` returns
None (the check is skipped) rather than guess at a struct.

Call it only on a file Pillow has decoded without error: libjpeg's fatal errors end in
``error_exit``, which must not return, and Python cannot ``longjmp``. Pillow's decode (the
same library, the same scaling) has already met every fatal error the data can cause.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import sys
from functools import cache
from pathlib import Path

from PIL import Image

_STRUCT_SIZE = 632  # sizeof(struct jpeg_decompress_struct), libjpeg 6.2 ABI, LP64
_JPEG_LIB_VERSION = 62
_SCALE_NUM, _SCALE_DENOM = 68, 72
_DCT_METHOD, _FANCY_UPSAMPLING = 96, 100
_OUTPUT_WIDTH, _OUTPUT_HEIGHT, _OUTPUT_COMPONENTS, _OUTPUT_SCANLINE = 136, 140, 148, 168
_JDCT_IFAST = 1

_Callback = ctypes.CFUNCTYPE(None, ctypes.c_void_p)
_Emit = ctypes.CFUNCTYPE(None, ctypes.c_void_p, ctypes.c_int)
_Format = ctypes.CFUNCTYPE(None, ctypes.c_void_p, ctypes.c_char_p)


class _ErrorManager(ctypes.Structure):
    """struct jpeg_error_mgr (jerror.h)."""

    _fields_ = [
        ("error_exit", _Callback),
        ("emit_message", _Emit),
        ("output_message", _Callback),
        ("format_message", _Format),
        ("reset_error_mgr", ctypes.c_void_p),
        ("msg_code", ctypes.c_int),
        ("msg_parm", ctypes.c_char * 80),
        ("trace_level", ctypes.c_int),
        ("num_warnings", ctypes.c_long),
        ("jpeg_message_table", ctypes.c_void_p),
        ("last_jpeg_message", ctypes.c_int),
        ("addon_message_table", ctypes.c_void_p),
        ("first_addon_message", ctypes.c_int),
        ("last_addon_message", ctypes.c_int),
    ]


def _library_path() -> str | None:
    """The libjpeg that Pillow's decoder uses (from the process's memory map), else the
    system's."""
    from PIL import _imaging  # noqa: F401  # loads Pillow's libjpeg

    try:
        with Path("/proc/self/maps").open(encoding="utf-8", errors="replace") as maps:
            for line in maps:
                name = line.rsplit(" ", 1)[-1].strip()
                if "libjpeg" in Path(name).name:
                    return name
    except OSError:
        pass
    return ctypes.util.find_library("jpeg")


@cache
def _library() -> ctypes.CDLL | None:
    if sys.maxsize <= 2**32 or not sys.platform.startswith("linux"):
        return None
    path = _library_path()
    if not path or ".so.62" not in Path(path).name:
        return None
    try:
        lib = ctypes.CDLL(path)
    except OSError:
        return None
    lib.jpeg_std_error.restype = ctypes.c_void_p
    lib.jpeg_std_error.argtypes = [ctypes.c_void_p]
    lib.jpeg_CreateDecompress.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_size_t]
    lib.jpeg_mem_src.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_ulong]
    lib.jpeg_read_header.argtypes = [ctypes.c_void_p, ctypes.c_int]
    lib.jpeg_start_decompress.argtypes = [ctypes.c_void_p]
    lib.jpeg_read_scanlines.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_uint]
    lib.jpeg_read_scanlines.restype = ctypes.c_uint
    lib.jpeg_finish_decompress.argtypes = [ctypes.c_void_p]
    lib.jpeg_destroy_decompress.argtypes = [ctypes.c_void_p]
    return lib


def available() -> bool:
    """Whether ``jpeg_warnings`` can look (a libjpeg 6.2 on 64-bit Linux)."""
    return _library() is not None


def jpeg_warnings(data: bytes) -> list[str] | None:
    """libjpeg's warnings while decoding ``data`` (at an eighth of its size: the entropy
    decoding, where damage shows, is the same): [] for a sound file, None when the check is
    not available here."""
    lib = _library()
    if lib is None:
        return None
    Image.init()
    messages: list[str] = []
    err = _ErrorManager()
    cinfo = ctypes.create_string_buffer(_STRUCT_SIZE)

    def text(common: int | None) -> str:
        buffer = ctypes.create_string_buffer(200)
        err.format_message(common, ctypes.cast(buffer, ctypes.c_char_p))
        return buffer.value.decode("ascii", "replace")

    def emit(common: int | None, level: int) -> None:
        if level < 0:  # a warning; levels 0 and up are trace messages
            messages.append(text(common))

    def fatal(common: int | None) -> None:
        # Not expected after Pillow's decode succeeded (see the module's docstring); libjpeg
        # cannot go on from here and Python cannot unwind through C, so end the process.
        sys.stderr.write(f"kiosk: libjpeg: {text(common)}\n")
        sys.stderr.flush()
        os._exit(70)

    lib.jpeg_std_error(ctypes.addressof(err))
    keep = (_Emit(emit), _Callback(fatal))
    err.emit_message, err.error_exit = keep
    ctypes.c_void_p.from_buffer(cinfo, 0).value = ctypes.addressof(err)
    lib.jpeg_CreateDecompress(cinfo, _JPEG_LIB_VERSION, _STRUCT_SIZE)
    try:
        lib.jpeg_mem_src(cinfo, data, len(data))
        lib.jpeg_read_header(cinfo, 1)
        ctypes.c_uint.from_buffer(cinfo, _SCALE_NUM).value = 1
        ctypes.c_uint.from_buffer(cinfo, _SCALE_DENOM).value = 8
        ctypes.c_int.from_buffer(cinfo, _DCT_METHOD).value = _JDCT_IFAST
        ctypes.c_int.from_buffer(cinfo, _FANCY_UPSAMPLING).value = 0
        lib.jpeg_start_decompress(cinfo)
        width = ctypes.c_uint.from_buffer(cinfo, _OUTPUT_WIDTH).value
        height = ctypes.c_uint.from_buffer(cinfo, _OUTPUT_HEIGHT).value
        components = ctypes.c_int.from_buffer(cinfo, _OUTPUT_COMPONENTS).value
        row = ctypes.create_string_buffer(max(1, width * components))
        rows = (ctypes.c_void_p * 1)(ctypes.addressof(row))
        scanline = ctypes.c_uint.from_buffer(cinfo, _OUTPUT_SCANLINE)
        while scanline.value < height:
            if lib.jpeg_read_scanlines(cinfo, rows, 1) != 1:
                break
        lib.jpeg_finish_decompress(cinfo)
    finally:
        lib.jpeg_destroy_decompress(cinfo)
    del keep
    return messages
