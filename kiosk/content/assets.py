"""Asset files of a bundle: safe paths and allowed image formats.

A bundle comes from a curator's folder or a USB stick, so asset paths are untrusted: they
must stay inside the bundle, and a file must really be the image format its name claims.

The checks tell the truth about a file: bytes after a whole image (a motion-photo video,
padding) are no fault, damage inside one is, even where the decoder quietly fills it with
grey (libjpeg's warnings and libtiff's errors, which Pillow drops, are read through
kiosk.content.libjpeg and kiosk.content.libtiff), and what Pillow says is put in words a
curator can act on. tests/content/hostile_corpus.py lists the files they are tried on.
"""

from __future__ import annotations

import errno
import os
import re
import stat
import threading
import unicodedata
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any, BinaryIO

from PIL import Image, ImageFile

from kiosk.content import libtiff
from kiosk.content.libjpeg import jpeg_warnings

#: Image formats a bundle may use, by file name ending, with Pillow's name for each.
IMAGE_FORMATS = {
    ".jpg": "JPEG",
    ".jpeg": "JPEG",
    ".png": "PNG",
    ".tif": "TIFF",
    ".tiff": "TIFF",
    ".webp": "WEBP",
}
_MAGIC = (
    (b"\xff\xd8\xff", "JPEG"),
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
    (b"II+\x00", "TIFF"),  # BigTIFF
    (b"MM\x00+", "TIFF"),
)
_WINDOWS_DRIVE = re.compile(r"^[A-Za-z]:")


class AssetError(ValueError):
    """An asset path or file that the kiosk refuses; the message says why and what to do."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class ImageInfo:
    """What the header of an image file says."""

    format: str
    width: int
    height: int
    mode: str
    #: Warnings about the file, as (problem code, message): bytes after the image, damaged
    #: EXIF data… The image is usable; validate reports them.
    notes: tuple[tuple[str, str], ...] = ()


def resolve_asset(root: Path, relative: str) -> Path:
    """The real path of ``relative`` inside the bundle folder ``root``, or AssetError."""
    if "\\" in relative:
        raise AssetError("unsafe-path", f'"{relative}" uses "\\"; write paths with "/"')
    if relative.startswith("/") or _WINDOWS_DRIVE.match(relative):
        raise AssetError(
            "unsafe-path", f'"{relative}" is absolute; give a path relative to the bundle folder'
        )
    parts = PurePosixPath(relative).parts
    if ".." in parts:
        raise AssetError(
            "unsafe-path", f'"{relative}" contains ".."; assets must be inside the bundle folder'
        )
    if any(ord(c) < 32 for c in relative):
        raise AssetError("unsafe-path", f"{relative!r} contains control characters")
    base = root.resolve()
    target = (base / relative).resolve()
    if not target.is_relative_to(base):
        raise AssetError(
            "unsafe-path",
            f'"{relative}" leads outside the bundle folder (through a symbolic link); '
            "copy the file into the bundle instead",
        )
    return target


def sniff(head: bytes) -> str | None:
    """The image format that the first bytes of a file announce, if it is an allowed one."""
    for magic, fmt in _MAGIC:
        if head.startswith(magic):
            return fmt
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WEBP"
    return None


#: The default pixel limit: Pillow's own decompression-bomb limit (its MAX_IMAGE_PIXELS).
DEFAULT_PIXEL_LIMIT = 89_478_485

#: Pillow's names of the formats a bundle may use: every opener names them, so that no
#: other decoder (EPS through Ghostscript, say) ever sees a bundle's files.
BUNDLE_FORMATS: tuple[str, ...] = ("JPEG", "PNG", "TIFF", "WEBP")


def open_image(path: Path, *, formats: Sequence[str], max_pixels: int) -> ImageFile.ImageFile:
    """Open ``path`` as one of ``formats`` (lazily: only the header is read), refusing an
    image of more than ``max_pixels`` pixels with ``DecompressionBombError`` before anything
    is decoded. Close it (``with``) when done.

    The limit is always the caller's (the config's ``max_image_pixels``, passed down), never
    the process-wide ``Image.MAX_IMAGE_PIXELS``: Pillow's own check reads that global when
    a file is opened and again when a TIFF is decoded, so it is kept off here. A limit that
    one place forgot to set would otherwise refuse, in that place only, what the config
    allows.
    """
    Image.MAX_IMAGE_PIXELS = None  # our check below replaces Pillow's global one
    with pillow_warnings(path.name, []):  # check_image reports them; elsewhere, no raw text
        im = Image.open(path, formats=list(formats))
    pixels = im.width * im.height
    if pixels > max_pixels:
        im.close()
        raise Image.DecompressionBombError(
            f"{path.name} has {pixels:,} pixels ({im.width}×{im.height}), more than the "
            f"limit of {max_pixels:,} (max_image_pixels in the kiosk config)"
        )
    return im


#: Bytes after the end of a complete image (a phone's motion-photo video, an editor's
#: padding, a stray newline) are harmless: the kiosk reads the image and ignores them. Past
#: this many bytes they are worth a warning, since they are copied to every kiosk for
#: nothing: 64 KiB is more than any padding and less than the shortest motion-photo clip.
TRAILING_WARN_BYTES = 64 * 1024

#: PNG text and metadata chunks (tEXt, zTXt, iTXt, eXIf) are read whole when the file is
#: opened, by every check and every decode: past this many bytes in all, validate warns.
PNG_METADATA_WARN_BYTES = 1024 * 1024

_PNG_METADATA = {b"tEXt", b"zTXt", b"iTXt", b"eXIf"}


@dataclass(frozen=True)
class Structure:
    """What a walk over a file's structure found, without decoding any pixels."""

    #: The file ends before the image does (the message says where), or None.
    cut_short: str | None = None
    #: Bytes after the end of the image (None: the format cannot tell, as TIFF).
    trailing: int | None = None
    #: Bytes of PNG text and metadata chunks.
    metadata: int = 0
    #: Scans in a JPEG (1 for a baseline one, about 10 for a progressive one).
    scans: int = 0
    #: The structure is broken (the message says how), though the file is complete.
    damaged: str | None = None


def check_image(
    root: Path, relative: str, *, max_pixels: int = DEFAULT_PIXEL_LIMIT, deep: bool = False
) -> ImageInfo:
    """Check that ``relative`` is a safe, existing, allowed and readable image; read its header.
    Images of more than ``max_pixels`` pixels are refused.

    Without ``deep`` only the header and the file's structure are read (no pixel is decoded):
    this is what every load of a bundle does, so it must stay cheap. With ``deep`` the image
    is decoded too, which alone finds damage inside the image data (``_decode``): call it
    where a decode may take long, in a worker with limits (``validate --deep``,
    ``prepare``). Warnings (bytes after the image, Pillow's own warnings) come back in
    ``ImageInfo.notes``. Anything else raises AssetError, never another exception.
    """
    path = resolve_asset(root, relative)
    suffix = PurePosixPath(relative).suffix.lower()
    expected = IMAGE_FORMATS.get(suffix)
    if expected is None:
        allowed = ", ".join(sorted(IMAGE_FORMATS))
        raise AssetError(
            "unsupported-file", f'"{relative}": files ending "{suffix}" are not allowed ({allowed})'
        )
    check_regular_file(root, relative, path)
    try:
        with path.open("rb") as fh:
            head = fh.read(16)
    except OSError as exc:
        raise AssetError(
            "unreadable-file",
            f'"{relative}" cannot be read ({exc.strerror}); check its permissions',
        ) from None
    actual = sniff(head)
    if actual is None:
        raise AssetError(
            "bad-image", f'"{relative}" is not a JPEG, PNG, TIFF or WebP image (by its content)'
        )
    if actual != expected:
        raise AssetError(
            "bad-image",
            f'"{relative}" is named {suffix} but contains a {actual} image; rename or convert it',
        )
    notes: list[tuple[str, str]] = []
    # The structure first (a TIFF's needs its tags, so it waits for Pillow): Pillow's own
    # words for a file cut short ("could not create decoder object") mean nothing to curators.
    try:
        structure = _structure(path, actual, None) if actual != "TIFF" else None
    except OSError as exc:
        raise AssetError(
            "unreadable-file",
            f'"{relative}" cannot be read ({exc.strerror or exc}); check the disk and the file',
        ) from None
    _refuse_damaged(relative, structure)
    try:
        with (
            pillow_warnings(relative, notes),
            open_image(path, formats=[actual], max_pixels=max_pixels) as im,
        ):
            info = ImageInfo(actual, im.width, im.height, im.mode)
            structure = structure or _structure(path, actual, im)
            if actual != "PNG" or "exif" in im.info:  # a PNG's getexif() would decode it
                im.getexif()  # Pillow warns here about damaged EXIF data
            if deep and structure.cut_short is None and structure.damaged is None:
                notes += _decode(path, actual, im, relative)
    except Image.DecompressionBombError:
        raise AssetError(
            "image-too-large",
            f'"{relative}" has more than {max_pixels:,} pixels; scale it down before adding '
            "it, or raise max_image_pixels in the kiosk config",
        ) from None
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise AssetError("bad-image", _pillow_error(relative, actual, exc)) from None
    except Exception as exc:  # a decoder's bug on a hostile file: still one image's fault
        raise AssetError(
            "bad-image",
            f'"{relative}" cannot be read as {actual}: Pillow failed on it '
            f"({type(exc).__name__}: {exc}); export it again",
        ) from None
    _refuse_damaged(relative, structure)
    errors = [message for code, message in notes if code == "bad-image"]
    if errors:
        raise AssetError("bad-image", errors[0])
    if structure.trailing is not None and structure.trailing > TRAILING_WARN_BYTES:
        notes.append(
            (
                "trailing-data",
                f'"{relative}" has {structure.trailing:,} bytes after the end of its image '
                "(a phone's motion-photo video, or data an editor left); the kiosk shows the "
                "picture and ignores them, but they are copied to every kiosk. Export the "
                "picture alone to leave them out",
            )
        )
    if structure.metadata > PNG_METADATA_WARN_BYTES:
        notes.append(
            (
                "large-metadata",
                f'"{relative}" holds {structure.metadata:,} bytes of text and metadata '
                "(tEXt, zTXt, iTXt or eXIf chunks), read whenever the file is opened; save "
                'it again without them (most editors: "export" without metadata)',
            )
        )
    return ImageInfo(info.format, info.width, info.height, info.mode, tuple(notes))


def _refuse_damaged(relative: str, structure: Structure | None) -> None:
    if structure is None:
        return
    if structure.cut_short:
        raise AssetError(
            "bad-image",
            f'"{relative}" is cut short ({structure.cut_short}); copy it again from the original',
        )
    if structure.damaged:
        raise AssetError(
            "bad-image",
            f'"{relative}" is an animated PNG whose frames are damaged '
            f"({structure.damaged}); save it again as a single still PNG",
        )


_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


def file_kind(mode: int) -> str:
    """What a file that is not a regular file is, in words (for "is not a regular file")."""
    return next((words for test, words in _KINDS if test(mode)), "not a regular file")


def check_regular_file(root: Path, relative: str, path: Path, what: str = "image") -> None:
    """Say precisely why ``path`` cannot be read as a file: a symbolic link loop, a link to
    nothing, a name that differs only in Unicode normalisation or case, a folder or FIFO
    (never opened: reading a FIFO would wait forever). ``what`` the file should be ("image",
    "sound file"), for what to do."""
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise AssetError(
                "missing-file",
                f'"{relative}" is a symbolic link loop (links that point at each other); '
                f"replace it with the {what} itself",
            ) from None
        if exc.errno not in (errno.ENOENT, errno.ENOTDIR):
            raise AssetError(
                "unreadable-file",
                f'"{relative}" cannot be read ({exc.strerror}); check its permissions',
            ) from None
        if (root / relative).is_symlink():
            raise AssetError(
                "missing-file",
                f'"{relative}" is a symbolic link to a file that does not exist; '
                f"replace it with the {what} itself",
            ) from None
        raise AssetError("missing-file", _missing(root, relative)) from None
    if not stat.S_ISREG(mode):
        article = "an" if what[0] in "aeiou" else "a"
        raise AssetError(
            "missing-file",
            f'"{relative}" is {file_kind(mode)}, not a regular file; give the path of '
            f"{article} {what}",
        )


def _missing(root: Path, relative: str) -> str:
    """ "does not exist", or why a file the curator can see is not found: its name on disk
    differs only in Unicode normalisation (macOS writes "é" as "e" + accent) or in case."""
    target = root / relative
    wanted = unicodedata.normalize("NFC", target.name)
    try:
        names = [p.name for p in target.parent.iterdir()]
    except OSError:
        names = []
    for name in names:
        if name != target.name and unicodedata.normalize("NFC", name) == wanted:
            return (
                f'"{relative}" is not in the bundle folder, but "{name}" is: the names differ '
                f"only in Unicode normalisation (the bundle writes {_form(target.name)}, the "
                f"file's name is {_form(name)}). Rename the file, or retype the path in "
                "bundle.json"
            )
    for name in names:
        if name != target.name and name.casefold() == target.name.casefold():
            return (
                f'"{relative}" is not in the bundle folder, but "{name}" is: the names differ '
                "in upper and lower case, which Linux keeps apart; make them the same"
            )
    return f'"{relative}" does not exist in the bundle folder'


def _form(name: str) -> str:
    if unicodedata.is_normalized("NFC", name):
        return "accented letters as one character (NFC)"
    if unicodedata.is_normalized("NFD", name):
        return "accented letters as a letter and a separate accent (NFD)"
    return "a mix of both forms"


_DECODER_ERRORS = {
    -1: "the image data overruns the picture's size",
    -2: "the image data is damaged: the decoder stopped part way",
    -9: "there is not enough memory to decode it",
}


def _pillow_error(relative: str, fmt: str, exc: BaseException) -> str:
    """Our words for an exception Pillow raised on a bundle image (never its raw text when
    that text means nothing to a curator)."""
    text = str(exc)
    code = re.fullmatch(r"decoder error (-?\d+)", text)
    if code:
        meaning = _DECODER_ERRORS.get(int(code.group(1)), f"the {fmt} decoder failed")
        return f'"{relative}" cannot be decoded as {fmt}: {meaning}; export it again'
    if text.startswith("cannot identify image file"):  # Pillow's opener gave up
        return (
            f'"{relative}" cannot be read as {fmt}: its header is damaged or uses a variant '
            "Pillow does not know; export it again"
        )
    if text == "could not create decoder object":  # libwebp refused the data
        return f'"{relative}" cannot be decoded as {fmt}: the file is damaged; export it again'
    if "image file is truncated" in text or isinstance(exc, EOFError):
        return (
            f'"{relative}" is cut short (the file ends before the image does); '
            "copy it again from the original"
        )
    if isinstance(exc, SyntaxError) and fmt == "PNG":
        return (
            f'"{relative}" is a damaged PNG or animated PNG ({text}); save it again as a '
            "single still PNG"
        )
    return f'"{relative}" cannot be read as {fmt}: {text or type(exc).__name__}'


#: Pillow's warnings, in our words: (what Pillow says, what we tell the curator).
_WARNING_WORDS = (
    (
        "Corrupt EXIF data",
        "its EXIF data (camera and orientation tags) is damaged, so the "
        "kiosk may show it unrotated; save it again in an editor",
    ),
    (
        "MPO",
        "it is a multi-picture (MPO) file whose structure is damaged; the kiosk shows "
        "its first picture only. Save that picture again as a plain JPEG",
    ),
    ("Truncated File Read", "its EXIF or other metadata ends early; save it again"),
    ("metadata", "its metadata is damaged; save it again"),
)

_warnings_lock = threading.RLock()  # re-entrant: a nested use must not hang
_taking = threading.local()


@contextmanager
def pillow_warnings(relative: str, notes: list[tuple[str, str]]) -> Iterator[None]:
    """Turn Python warnings that Pillow raises on this thread (damaged EXIF, malformed MPO
    files…) into our own words in ``notes`` (as ("image-warning", message)), never their
    raw text. Wrap any Pillow call on a bundle's image whose output a curator may read
    (``open_image`` wraps its own).

    ``warnings.catch_warnings`` changes process-wide state and is not safe when two
    threads enter it at once, so every use here holds one lock, and only warnings from the
    thread that holds it are taken: others go on to the handler they had. Inside another
    ``pillow_warnings`` on the same thread, the outer one takes them."""
    if getattr(_taking, "active", False):
        yield
        return
    thread = threading.get_ident()
    seen: set[str] = set()

    def show(message: Warning | str, category: type[Warning], *args: Any, **kw: Any) -> None:
        if threading.get_ident() != thread:
            previous(message, category, *args, **kw)
            return
        text = str(message)
        words = next((w for key, w in _WARNING_WORDS if key in text), None)
        if words is None:
            words = f"Pillow, which reads it, reports a problem ({category.__name__})"
        if words not in seen:
            seen.add(words)
            notes.append(("image-warning", f'"{relative}": {words}'))

    with _warnings_lock, warnings.catch_warnings():
        warnings.simplefilter("always")
        previous = warnings.showwarning
        warnings.showwarning = show
        _taking.active = True
        try:
            yield
        finally:
            _taking.active = False


def _structure(path: Path, fmt: str, im: Image.Image | None) -> Structure:
    """Walk the file's structure (no pixel decoded): where the image ends, and whether the
    file ends first."""
    # Read, not mapped: a mapped file that shrinks (a USB stick pulled out) kills the
    # process with SIGBUS, where a read only fails.
    with path.open("rb") as fh:
        if fmt == "JPEG":
            return _jpeg_structure(fh.read())
        if fmt == "PNG":
            return _png_structure(fh)
        if fmt == "WEBP":
            size = os.fstat(fh.fileno()).st_size
            declared = int.from_bytes(fh.read(8)[4:8], "little") + 8
            declared += declared % 2  # RIFF pads odd chunks with a byte
            if declared > size + 1:
                return Structure(cut_short=f"{size:,} of {declared:,} bytes")
            return Structure(trailing=max(0, size - declared))
    tags = getattr(im, "tag_v2", None) or {}
    offsets = tags.get(273) or tags.get(324) or ()
    counts = tags.get(279) or tags.get(325) or ()
    ends = [o + c for o, c in zip(offsets, counts, strict=False)]
    size = path.stat().st_size
    if ends and max(ends) > size:
        return Structure(cut_short=f"{size:,} of {max(ends):,} bytes")
    return Structure()


#: A marker after entropy-coded data: 0xFF then anything but a stuffed 0x00, a restart
#: marker (RST0–7, part of the scan) or a fill byte 0xFF.
_JPEG_MARKER = re.compile(rb"\xff[^\x00\xd0-\xd7\xff]")
_NO_LENGTH = {0x01, 0xD8, *range(0xD0, 0xD8)}


def _jpeg_structure(data: bytes) -> Structure:
    """Segments and scans from SOI to the EOI marker that ends the image; what follows it
    (a motion-photo video, padding) is trailing data, not part of the picture."""
    size, pos, scans = len(data), 2, 0
    while True:
        while pos + 1 < size and data[pos] == 0xFF and data[pos + 1] == 0xFF:
            pos += 1  # fill bytes before a marker
        if pos + 2 > size:
            return Structure(cut_short="no end-of-image marker", scans=scans)
        if data[pos] != 0xFF:  # bytes between segments: find the next marker
            found = _JPEG_MARKER.search(data, pos)
            if found is None:
                return Structure(cut_short="no end-of-image marker", scans=scans)
            pos = found.start()
            continue
        marker = data[pos + 1]
        if marker == 0xD9:
            return Structure(trailing=size - (pos + 2), scans=scans)
        if marker in _NO_LENGTH:
            pos += 2
            continue
        if pos + 4 > size:
            return Structure(cut_short="inside a marker segment", scans=scans)
        end = pos + 2 + int.from_bytes(data[pos + 2 : pos + 4], "big")
        if end > size:
            return Structure(cut_short="inside a marker segment", scans=scans)
        if marker == 0xDA:  # start of scan: entropy-coded data runs to the next marker
            scans += 1
            found = _JPEG_MARKER.search(data, end)
            if found is None:
                return Structure(cut_short="inside the image data", scans=scans)
            pos = found.start()
        else:
            pos = end


def _png_structure(fh: BinaryIO) -> Structure:
    """Chunks from the signature to IEND (their headers only: the data is skipped); bytes
    after IEND are trailing data."""
    size, pos, metadata, sequence = os.fstat(fh.fileno()).st_size, 8, 0, 0
    fh.seek(12)
    if fh.read(4) != b"IHDR":
        return Structure()  # not a PNG's start: Pillow's refusal says so
    while pos + 8 <= size:
        fh.seek(pos)
        header = fh.read(12)
        length = int.from_bytes(header[:4], "big")
        kind = header[4:8]
        end = pos + 12 + length
        if end > size:
            break
        if kind in _PNG_METADATA:
            metadata += length
        elif kind in (b"fcTL", b"fdAT") and length >= 4:
            # An animated PNG numbers its frame chunks 0, 1, 2…; Pillow raises SyntaxError
            # on a frame out of sequence, so catch it here, before any decode.
            number = int.from_bytes(header[8:12], "big")
            if number != sequence:
                return Structure(damaged=f"frame chunk number {number} where {sequence} belongs")
            sequence += 1
        if kind == b"IEND":
            return Structure(trailing=size - end, metadata=metadata)
        pos = end
    return Structure(cut_short="no IEND chunk at its end", metadata=metadata)


def _decode(path: Path, fmt: str, im: ImageFile.ImageFile, relative: str) -> list[tuple[str, str]]:
    """Decode the whole image: errors raise (as Pillow's exceptions), and damage that the
    decoder hides is returned as ("bad-image", message)."""
    if fmt == "JPEG":
        im.draft(im.mode, (max(1, im.width // 8), max(1, im.height // 8)))
    with libtiff.collect() as said:
        try:
            im.load()
        except OSError:
            if not said:
                raise
            return [
                (
                    "bad-image",
                    f'"{relative}" cannot be decoded as {fmt}: the image data is damaged '
                    f'(libtiff says "{said[0]}"); export it again',
                )
            ]
    frames = int(getattr(im, "n_frames", 1))
    if fmt == "PNG" and frames > 1:
        for frame in range(1, frames):  # an APNG: every frame must decode
            im.seek(frame)
            im.load()
    if fmt != "JPEG":
        return []
    found = jpeg_warnings(path.read_bytes())
    if not found:
        return []
    return [
        (
            "bad-image",
            f'"{relative}" is damaged: its image data decodes with errors ("{found[0]}"), '
            "so parts of the picture come out grey or smeared; copy it again from the "
            "original or export it again",
        )
    ]
