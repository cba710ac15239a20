"""Asset files of a bundle: safe paths and allowed image formats.

A bundle comes from a curator's folder or a USB stick, so asset paths are untrusted: they
must stay inside the bundle, and a file must really be the image format its name claims.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from PIL import Image, ImageFile

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
    im = Image.open(path, formats=list(formats))
    pixels = im.width * im.height
    if pixels > max_pixels:
        im.close()
        raise Image.DecompressionBombError(
            f"{path.name} has {pixels:,} pixels ({im.width}×{im.height}), more than the "
            f"limit of {max_pixels:,} (max_image_pixels in the kiosk config)"
        )
    return im


def check_image(root: Path, relative: str, *, max_pixels: int = DEFAULT_PIXEL_LIMIT) -> ImageInfo:
    """Check that ``relative`` is a safe, existing, allowed and readable image; read its header.
    Images of more than ``max_pixels`` pixels are refused.

    Only the header is read: decoding happens later, off the GUI thread, in the media layer.
    """
    path = resolve_asset(root, relative)
    suffix = PurePosixPath(relative).suffix.lower()
    expected = IMAGE_FORMATS.get(suffix)
    if expected is None:
        allowed = ", ".join(sorted(IMAGE_FORMATS))
        raise AssetError(
            "unsupported-file", f'"{relative}": files ending "{suffix}" are not allowed ({allowed})'
        )
    if not path.exists():
        raise AssetError("missing-file", f'"{relative}" does not exist in the bundle folder')
    if not path.is_file():
        raise AssetError("missing-file", f'"{relative}" is not a file')
    with path.open("rb") as fh:
        head = fh.read(16)
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
    try:
        with open_image(path, formats=[actual], max_pixels=max_pixels) as im:
            info = ImageInfo(actual, im.width, im.height, im.mode)
            truncated = _looks_truncated(path, actual, im)
    except Image.DecompressionBombError:
        raise AssetError(
            "image-too-large",
            f'"{relative}" has more than {max_pixels:,} pixels; scale it down before adding '
            "it, or raise max_image_pixels in the kiosk config",
        ) from None
    except (OSError, SyntaxError, ValueError) as exc:
        raise AssetError("bad-image", f'"{relative}" cannot be read as {actual}: {exc}') from exc
    if truncated:
        raise AssetError(
            "bad-image",
            f'"{relative}" is cut short (the file ends before the image does); '
            "copy it again from the original",
        )
    return info


_PNG_END = b"\x00\x00\x00\x00IEND\xaeB`\x82"


def _looks_truncated(path: Path, fmt: str, im: Image.Image) -> bool:
    """Cheap checks that the file is complete, without decoding a possibly huge image."""
    size = path.stat().st_size
    with path.open("rb") as fh:
        fh.seek(max(0, size - 1024))
        tail = fh.read()
    if fmt == "JPEG":
        return b"\xff\xd9" not in tail  # the end-of-image marker
    if fmt == "PNG":
        return not tail.rstrip(b"\x00").endswith(_PNG_END)
    if fmt == "WEBP":
        with path.open("rb") as fh:
            head = fh.read(8)
        return int.from_bytes(head[4:8], "little") + 8 > size
    if fmt == "TIFF":
        tags = getattr(im, "tag_v2", {})
        offsets = tags.get(273) or tags.get(324) or ()
        counts = tags.get(279) or tags.get(325) or ()
        ends = [o + c for o, c in zip(offsets, counts, strict=False)]
        return bool(ends) and max(ends) > size
    return False
