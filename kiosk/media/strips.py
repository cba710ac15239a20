"""An original's pixels in bands, upright and in sRGB: a JPEG decoded once, a band at a time.

Pillow decodes a JPEG whole: a 100-megapixel scan takes 400 MB (four bytes a pixel) before
anything is cut from it. Its tile pyramid needs the full-size pixels only one band of
tiles at a time (:func:`kiosk.media.tiles.cut_bands`), so a JPEG is decoded here with
libjpeg's own scanline API, through ctypes, into bands of rows: the same library Pillow
loaded, with the settings Pillow's decoder uses (the same output colour space, DCT method
and upsampling), so the pixels are the ones Pillow would give. Each band is turned into
sRGB (:func:`kiosk.media.renditions.to_srgb`, pixel by pixel: a band converts as its part
of the whole would) and upright (EXIF orientation: a band of source rows is a band of
rows, or of columns, of the upright image).

Other formats (TIFF, PNG, …) are decoded whole by Pillow as before and handed out in bands
cut from that one image.

libjpeg reports a fatal error by calling ``error_exit``, which must not return (C code
``longjmp``s out of it; Python cannot). The decoder therefore runs on a thread of its own:
on a fatal error, that thread hands the message over and then waits forever inside the
callback, never returning into libjpeg; the caller gets :class:`JpegError` (or
``MemoryError``, when libjpeg ran out of memory) like any decoder's exception. The parked
thread keeps what libjpeg had allocated, so :func:`stuck` tells a worker process to end
after its job rather than carry that into the next one (:mod:`kiosk.media.worker`).
Warnings (damaged data that libjpeg fills in with grey) are counted, and ignored as
Pillow ignores them (``kiosk validate --deep`` reports them).

No Qt here.
"""

from __future__ import annotations

import ctypes
import os
import queue
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from PIL import Image, ImageFile

from kiosk.content import libjpeg
from kiosk.media.cancel import CancelToken, check
from kiosk.media.renditions import to_srgb, upright_srgb

#: How often a caller waiting for the next band looks at its cancel token (seconds).
POLL = 0.05

#: A field of struct jpeg_decompress_struct (libjpeg 6.2 ABI, LP64), besides libjpeg's.
_OUT_COLOR_SPACE = 64
#: ``prctl`` option (linux/prctl.h): this thread's name.
_PR_SET_NAME = 15
#: J_COLOR_SPACE for each Pillow mode of a JPEG, as Pillow's decoder asks for it.
_COLOR_SPACE = {"L": 1, "RGB": 2, "CMYK": 4}

#: EXIF orientation → the transpose that makes the image upright (as ImageOps.exif_transpose),
#: whether a band of source rows becomes a band of columns, and whether the bands come
#: out in reverse order (the first source rows are the last rows or columns upright).
_ORIENTATIONS: dict[int, tuple[Image.Transpose | None, bool, bool]] = {
    1: (None, False, False),
    2: (Image.Transpose.FLIP_LEFT_RIGHT, False, False),
    3: (Image.Transpose.ROTATE_180, False, True),
    4: (Image.Transpose.FLIP_TOP_BOTTOM, False, True),
    5: (Image.Transpose.TRANSPOSE, True, False),
    6: (Image.Transpose.ROTATE_270, True, True),
    7: (Image.Transpose.TRANSVERSE, True, True),
    8: (Image.Transpose.ROTATE_90, True, False),
}


class JpegError(OSError):
    """libjpeg stopped decoding with a fatal error (a damaged or unsupported file)."""


#: Decoders whose thread is parked in libjpeg's ``error_exit`` (see the module): kept
#: alive here, with the memory and callbacks libjpeg may still point at.
_stuck: list[JpegStrips] = []


def stuck() -> bool:
    """Whether a decoder of this process stopped on a fatal error and holds what libjpeg
    allocated for it: the process should end once its job is reported."""
    return bool(_stuck)


@cache
def _library() -> tuple[ctypes.CDLL, ctypes.CDLL] | None:
    """libjpeg (the one Pillow uses, when it is the 6.2 ABI on 64-bit Linux) and libc."""
    if libjpeg._library() is None:  # the same checks as the warnings' look
        return None
    path = libjpeg._library_path()
    if path is None:
        return None
    try:
        lib, libc = ctypes.CDLL(path), ctypes.CDLL(None)
    except OSError:
        return None
    lib.jpeg_std_error.restype = ctypes.c_void_p
    lib.jpeg_std_error.argtypes = [ctypes.c_void_p]
    lib.jpeg_CreateDecompress.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_size_t]
    lib.jpeg_stdio_src.argtypes = [ctypes.c_void_p, ctypes.c_void_p]
    lib.jpeg_read_header.argtypes = [ctypes.c_void_p, ctypes.c_int]
    lib.jpeg_start_decompress.argtypes = [ctypes.c_void_p]
    lib.jpeg_read_scanlines.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_uint]
    lib.jpeg_read_scanlines.restype = ctypes.c_uint
    lib.jpeg_abort_decompress.argtypes = [ctypes.c_void_p]
    lib.jpeg_destroy_decompress.argtypes = [ctypes.c_void_p]
    libc.fopen.restype = ctypes.c_void_p
    libc.fopen.argtypes = [ctypes.c_char_p, ctypes.c_char_p]
    libc.fclose.argtypes = [ctypes.c_void_p]
    return lib, libc


def available() -> bool:
    """Whether JPEGs can be decoded in bands here (libjpeg 6.2 on 64-bit Linux)."""
    return _library() is not None


class JpegStrips:
    """One pass of libjpeg over the JPEG at ``path``, handing out its rows as bands of
    ``heights`` rows each (in order, top to bottom; they add up to its height), as Pillow
    images of ``mode`` (unpacked with Pillow's ``rawmode``, as its decoder does).

    The decoder runs ahead by one band on its own thread (see the module); iterate once
    with :meth:`bands`, which waits for each band while checking a cancel token."""

    def __init__(
        self,
        path: Path,
        mode: str,
        rawmode: str,
        size: tuple[int, int],
        heights: Sequence[int],
    ) -> None:
        found = _library()
        if found is None or mode not in _COLOR_SPACE or sum(heights) != size[1]:
            raise ValueError(f"cannot decode {path} in bands ({mode}, {size}, {heights})")
        self.path, self.mode, self.rawmode, self.size = path, mode, rawmode, size
        self.heights = list(heights)
        #: Warnings libjpeg gave (damaged data it filled in).
        self.warnings = 0
        #: Whether the file ended before its picture did (libjpeg fills the rest with grey
        #: and warns; Pillow raises "image file is truncated": so does this decoder).
        self.truncated = False
        self._lib, self._libc = found
        self._out: queue.SimpleQueue[object] = queue.SimpleQueue()
        self._room = threading.Semaphore(1)  # bands decoded but not yet taken, beyond one
        self._stop = threading.Event()
        self._keep: list[Any] = []  # what libjpeg points at: alive as long as it may
        #: What a fatal error needs to park the decoder's thread, made before decoding.
        self._parking = (
            ctypes.create_string_buffer(200),
            threading.Event(),
            JpegError("the JPEG decoder stopped (out of memory): the file is too large here"),
        )

    def bands(self, token: CancelToken | None = None) -> Iterator[Image.Image]:
        """The bands, top to bottom; raises what stopped the decoder (:class:`JpegError`,
        ``MemoryError``), or :class:`~kiosk.media.cancel.Cancelled` while waiting. The
        decoder starts with the first band asked for and stops when this ends."""
        check(token)
        threading.Thread(target=self._run, name="kiosk-jpeg", daemon=True).start()
        try:
            for _ in self.heights:
                item = self._take(token)
                if isinstance(item, BaseException):
                    raise item
                self._room.release()
                assert isinstance(item, Image.Image)
                yield item
        finally:
            self.close()

    def close(self) -> None:
        """Stop the decoder (it frees what it holds at its next band)."""
        self._stop.set()
        self._room.release()

    def _take(self, token: CancelToken | None) -> object:
        while True:
            check(token)
            try:
                return self._out.get(timeout=POLL)
            except queue.Empty:
                continue

    def _run(self) -> None:
        """The decoder's thread: every band into the queue, then the end (or an error)."""
        lib, libc = self._lib, self._libc
        libc.prctl(_PR_SET_NAME, b"kiosk-jpeg", 0, 0, 0)  # for top -H, and for tests
        err = libjpeg._ErrorManager()
        cinfo = ctypes.create_string_buffer(libjpeg._STRUCT_SIZE)
        emit = libjpeg._Emit(lambda common, level: self._emit(err, common, level))
        fatal = libjpeg._Callback(lambda common: self._fatal(err, common))
        quiet = libjpeg._Callback(lambda common: None)
        self._keep += [err, cinfo, emit, fatal, quiet]
        lib.jpeg_std_error(ctypes.addressof(err))
        err.emit_message, err.error_exit, err.output_message = emit, fatal, quiet
        ctypes.c_void_p.from_buffer(cinfo, 0).value = ctypes.addressof(err)
        lib.jpeg_CreateDecompress(cinfo, libjpeg._JPEG_LIB_VERSION, libjpeg._STRUCT_SIZE)
        fh = libc.fopen(os.fsencode(self.path), b"rb")
        try:
            if not fh:
                raise OSError(f"cannot open {self.path}")
            lib.jpeg_stdio_src(cinfo, fh)
            lib.jpeg_read_header(cinfo, 1)
            ctypes.c_int.from_buffer(cinfo, _OUT_COLOR_SPACE).value = _COLOR_SPACE[self.mode]
            lib.jpeg_start_decompress(cinfo)  # a progressive file is read whole here
            width = ctypes.c_uint.from_buffer(cinfo, libjpeg._OUTPUT_WIDTH).value
            height = ctypes.c_uint.from_buffer(cinfo, libjpeg._OUTPUT_HEIGHT).value
            components = ctypes.c_int.from_buffer(cinfo, libjpeg._OUTPUT_COMPONENTS).value
            if (width, height) != self.size or components != len(self.mode):
                # Pillow's reading of the header and libjpeg's disagree: a crafted file.
                raise JpegError(
                    f"libjpeg reads {width}×{height}×{components} where Pillow read "
                    f"{self.size[0]}×{self.size[1]} {self.mode}: the file is damaged or "
                    "unusual: save it again from an image editor and replace it"
                )
            stride = width * components
            buffer = ctypes.create_string_buffer(stride * max(self.heights, default=1))
            base = ctypes.addressof(buffer)
            for rows in self.heights:
                while not self._room.acquire(timeout=POLL):
                    if self._stop.is_set():
                        return
                if self._stop.is_set():
                    return
                pointers = (ctypes.c_void_p * rows)(*(base + i * stride for i in range(rows)))
                start = ctypes.addressof(pointers)
                done = 0
                while done < rows:
                    got = lib.jpeg_read_scanlines(cinfo, start + done * 8, rows - done)
                    if got == 0:  # never with a file source; a guard against a loop
                        raise JpegError("libjpeg returned no rows")
                    done += got
                if self.truncated and not ImageFile.LOAD_TRUNCATED_IMAGES:
                    raise OSError("image file is truncated (the JPEG ends before its picture)")
                view = memoryview(buffer)[: stride * rows]
                self._out.put(Image.frombytes(self.mode, (width, rows), view, "raw", self.rawmode))
        except BaseException as exc:
            self._out.put(exc)
        finally:
            # Not jpeg_finish_decompress: it reads what follows the last scan, where a
            # crafted file could make libjpeg stop with a fatal error after all.
            lib.jpeg_abort_decompress(cinfo)
            lib.jpeg_destroy_decompress(cinfo)
            if fh:
                libc.fclose(fh)
            self._keep.clear()

    def _emit(self, err: libjpeg._ErrorManager, common: int | None, level: int) -> None:
        if level >= 0:
            return  # trace messages; below 0, a warning
        self.warnings += 1
        if self.truncated:
            return
        # Named by its words: its number differs between libjpeg versions.
        buffer = ctypes.create_string_buffer(200)
        err.format_message(common, ctypes.cast(buffer, ctypes.c_char_p))
        if buffer.value.startswith(b"Premature end of JPEG file"):
            self.truncated = True

    def _fatal(self, err: libjpeg._ErrorManager, common: int | None) -> None:
        """libjpeg's ``error_exit``: hand the error over, then never return (see module).
        What it needs to park is made beforehand (``_parking``): out of memory, making it
        here could raise, and returning into libjpeg is undefined behaviour."""
        buffer, park, fallback = self._parking
        try:
            _stuck.append(self)
            err.format_message(common, ctypes.cast(buffer, ctypes.c_char_p))
            message = buffer.value.decode("ascii", "replace")
            if "Insufficient memory" in message:
                self._out.put(MemoryError())  # under the worker's limit: explained there
            else:
                self._out.put(
                    JpegError(
                        f"the JPEG decoder stopped: {message}; the file is damaged or "
                        "unusual: save it again from an image editor (a baseline JPEG) and "
                        "replace it"
                    )
                )
        except BaseException:
            self._out.put(fallback)
        finally:
            while True:  # never back into libjpeg
                park.wait()


@dataclass
class Upright:
    """An original's pixels, upright and in 8-bit sRGB, as bands of ``band`` rows or (for
    an original turned a quarter by its EXIF orientation) columns of the upright image:
    the bands start at multiples of ``band`` along that axis and cover the image once,
    in whatever order the decode makes them (``(start, image)`` pairs)."""

    size: tuple[int, int]
    mode: str
    #: Whether the bands are columns of the upright image (else rows).
    columns: bool
    band: int
    bands: Iterator[tuple[int, Image.Image]]


def _band_spans(length: int, band: int, reverse: bool) -> list[tuple[int, int]]:
    """(start, length) of each band of an axis of ``length`` pixels, upright coordinates,
    in the order of the source rows (reversed when the orientation flips that axis)."""
    spans = [(start, min(band, length - start)) for start in range(0, length, band)]
    return spans[::-1] if reverse else spans


def streamable(original: ImageFile.ImageFile) -> bool:
    """Whether ``original`` (opened, not decoded) can be decoded in bands here."""
    tile = original.tile
    return (
        original.format == "JPEG"
        and len(tile) == 1
        and tile[0][0] == "jpeg"
        and original.mode in _COLOR_SPACE
        and not original.decoderconfig  # not drafted
        and isinstance(tile[0][3], tuple)
        and available()
    )


def upright(
    original: ImageFile.ImageFile,
    src: Path,
    band: int,
    token: CancelToken | None = None,
    on_decoded: Callable[[], None] | None = None,
) -> Upright:
    """The upright sRGB pixels of ``original`` (opened from ``src``, not yet decoded) in
    bands of ``band`` pixels; ``on_decoded`` is called once decoding is under way for good.

    A JPEG is decoded in bands (:class:`JpegStrips`): ``on_decoded`` comes with its first
    band, after libjpeg has read the header and, for a progressive JPEG, every scan (where
    a file built to stall decoders stalls); the rest of its decode takes time in proportion
    to the pixels its header announced. Anything else is decoded whole first."""
    if not streamable(original):
        im = upright_srgb(original, None, token, on_decoded)
        if im is not original:
            original.close()  # a 100-MP original is 400 MB decoded: free it before cutting
        return whole(im, band)
    orientation = original.getexif().get(0x0112, 1)
    method, columns, reverse = _ORIENTATIONS.get(orientation, _ORIENTATIONS[1])
    width, height = original.size
    spans = _band_spans(height, band, reverse)
    rawmode = str(original.tile[0][3][0])  # type: ignore[index]
    icc = original.info.get("icc_profile")
    decoder = JpegStrips(src, original.mode, rawmode, original.size, [n for _, n in spans])
    mode = "L" if original.mode == "L" else "RGB"

    def bands() -> Iterator[tuple[int, Image.Image]]:
        first = True
        for (start, _rows), raw in zip(spans, decoder.bands(token), strict=True):
            if first and on_decoded is not None:
                on_decoded()
            first = False
            if icc:
                raw.info["icc_profile"] = icc
            out = to_srgb(raw)
            del raw
            if out.mode != mode:
                out = out.convert(mode)
            yield start, out if method is None else out.transpose(method)

    size = (height, width) if columns else (width, height)
    return Upright(size, mode, columns, band, bands())


def whole(im: Image.Image, band: int) -> Upright:
    """An upright sRGB image decoded whole, in bands of rows (cropped as they are asked
    for); other modes become RGB."""
    if im.mode not in ("RGB", "RGBA", "L"):
        im = im.convert("RGB")

    def crops() -> Iterator[tuple[int, Image.Image]]:
        for start in range(0, im.height, band):
            yield start, im.crop((0, start, im.width, min(im.height, start + band)))

    return Upright(im.size, im.mode, False, band, crops())
