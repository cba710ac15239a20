"""Recorded narration: the sound files a bundle's ``audio`` maps name, checked.

A story page, a person, a media item (its caption and description), a glossary term and
the exhibit's front text may carry a recording per language, read to visitors on
headphones instead of the kiosk's synthetic voice (kiosk.media.speech). Like images, the
files come from a curator's folder and are untrusted: each must be inside the bundle
(kiosk.content.assets.resolve_asset), a format a kiosk can play, and of a sane length.

The format is decided by the file's first bytes, never its name: WAV (PCM), Ogg Vorbis,
Ogg Opus, MP3 or FLAC, what GStreamer, PipeWire's tools and every browser engine play on
Debian 12 without extra codecs. The length comes from the header (mutagen reads it for
each format; nothing is decoded), so checking a bundle stays cheap.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.content.assets import AssetError, check_regular_file, resolve_asset, sniff

#: The formats a recording may be in, in words.
AUDIO_FORMATS = ("WAV", "Ogg Vorbis", "Ogg Opus", "MP3", "FLAC")

#: The shortest and longest recording (seconds): shorter is a slip (an empty export),
#: longer is no narration of one text (a whole tour, a concert).
MIN_SECONDS = 0.2
MAX_SECONDS = 30 * 60

#: WAV sample formats players take: integer PCM, IEEE float, and "extensible" (which
#: holds either, for more than two channels or more than 16 bits).
_WAV_PLAIN = {1: "PCM", 3: "IEEE float", 0xFFFE: "extensible"}

#: Bytes read to tell the format: an Ogg page header with its segment table (at most 282
#: bytes) and the start of its first packet.
_HEAD = 512


@dataclass(frozen=True)
class AudioInfo:
    """What the header of a sound file says."""

    format: str
    seconds: float


def sniff_audio(head: bytes) -> str | None:
    """The sound format the first bytes of a file announce, if it is an allowed one (an
    MP3 that starts with an ID3 tag is told by ``_sniff_file``, which skips the tag)."""
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return "WAV"
    if head[:4] == b"fLaC":
        return "FLAC"
    if head[:4] == b"OggS" and len(head) >= 27:
        start = 27 + head[26]  # the page header, then one byte per segment
        packet = head[start : start + 8]
        if packet.startswith(b"\x01vorbis"):
            return "Ogg Vorbis"
        if packet.startswith(b"OpusHead"):
            return "Ogg Opus"
        return None  # Ogg holding FLAC, Speex or video: not for a kiosk
    if _mpeg_frame(head):
        return "MP3"
    return None


def _mpeg_frame(head: bytes) -> bool:
    """Whether ``head`` starts with the header of an MPEG audio Layer III frame."""
    if len(head) < 4 or head[0] != 0xFF or head[1] & 0xE0 != 0xE0:
        return False
    version, layer = (head[1] >> 3) & 3, (head[1] >> 1) & 3
    bitrate, rate = head[2] >> 4, (head[2] >> 2) & 3
    return version != 1 and layer == 1 and bitrate not in (0, 15) and rate != 3


def _sniff_file(path: Path) -> tuple[str | None, bytes]:
    """(format, first bytes) of the file: an ID3v2 tag at its start is skipped, as it may
    stand before an MP3's first frame (or, rarely, a FLAC stream)."""
    with path.open("rb") as fh:
        head = fh.read(_HEAD)
        if head[:3] == b"ID3" and len(head) >= 10:
            size = 10 + sum((b & 0x7F) << (7 * (3 - i)) for i, b in enumerate(head[6:10]))
            size += 10 if head[5] & 0x10 else 0  # a footer follows the tag
            fh.seek(size)
            after = fh.read(_HEAD)
            found = sniff_audio(after)
            return (found if found in ("MP3", "FLAC") else None), head
    return sniff_audio(head), head


def check_audio(root: Path, relative: str) -> AudioInfo:
    """Check that ``relative`` is a safe, existing recording in an allowed format and of
    an allowed length; its format and length. Anything else raises AssetError."""
    path = resolve_asset(root, relative)
    check_regular_file(root, relative, path, "sound file")
    try:
        fmt, head = _sniff_file(path)
    except OSError as exc:
        raise AssetError(
            "unreadable-file",
            f'"{relative}" cannot be read ({exc.strerror or exc}); check its permissions',
        ) from None
    if fmt is None:
        image = sniff(head)
        what = f"it is a {image} image" if image else "by its content"
        raise AssetError(
            "bad-audio",
            f'"{relative}" is not a {", ".join(AUDIO_FORMATS[:-1])} or {AUDIO_FORMATS[-1]} '
            f"sound file ({what}); export the recording in one of those formats",
        )
    seconds = _length(path, relative, fmt)
    if not MIN_SECONDS <= seconds <= MAX_SECONDS:
        raise AssetError(
            "audio-length",
            f'"{relative}" is {_duration(seconds)} long; a recording must last from '
            f"{MIN_SECONDS:g} s to {MAX_SECONDS // 60} minutes. "
            + (
                "Export it again: it holds no sound"
                if seconds < MIN_SECONDS
                else "Record each text on its own"
            ),
        )
    return AudioInfo(fmt, seconds)


def _length(path: Path, relative: str, fmt: str) -> float:
    """Seconds of audio, from the file's header (as mutagen reads each format)."""
    from mutagen.flac import FLAC
    from mutagen.mp3 import MP3
    from mutagen.oggopus import OggOpus
    from mutagen.oggvorbis import OggVorbis
    from mutagen.wave import WAVE

    kinds: dict[str, Any] = {
        "WAV": WAVE,
        "Ogg Vorbis": OggVorbis,
        "Ogg Opus": OggOpus,
        "MP3": MP3,
        "FLAC": FLAC,
    }
    try:
        info = kinds[fmt](path).info
    except Exception as exc:  # mutagen's errors, or a parser's bug on a hostile file
        raise AssetError(
            "bad-audio",
            f'"{relative}" cannot be read as {fmt}: its header is damaged '
            f"({type(exc).__name__}: {exc}); export the recording again",
        ) from None
    if fmt == "WAV":
        sample_format = int(getattr(info, "audio_format", 1))
        if sample_format not in _WAV_PLAIN:
            raise AssetError(
                "bad-audio",
                f'"{relative}" is a WAV file of compressed audio (format tag '
                f"0x{sample_format:04x}), which players may not take; export it as PCM WAV, "
                "or as Ogg, MP3 or FLAC",
            )
    seconds = float(getattr(info, "length", 0.0) or 0.0)
    return seconds if seconds == seconds else 0.0  # NaN from a header of zeros


def _duration(seconds: float) -> str:
    if seconds < 60:
        return f"{seconds:.2f} s"
    minutes, rest = divmod(round(seconds), 60)
    if minutes < 60:
        return f"{minutes} min {rest} s"
    return f"{minutes // 60} h {minutes % 60} min"
