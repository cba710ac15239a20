"""Recorded narration in a bundle: the ``audio`` maps and the sound files they name.

The files are real: WAV from the standard library's writer, Ogg Opus and MP3 built here
frame by frame (silence, which any decoder plays), a JPEG from Pillow. Each problem is
looked for by its code and its JSON path in a real `kiosk validate` run.
"""

from __future__ import annotations

import json
import math
import os
import re
import struct
import wave
import zlib
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from kiosk.cli import main
from kiosk.content.assets import AssetError
from kiosk.content.load import load_bundle
from kiosk.content.narration import MAX_SECONDS, MIN_SECONDS, check_audio, sniff_audio

# --- real sound files ---------------------------------------------------------------------


def write_wav(path: Path, seconds: float, *, rate: int = 16000, tone: bool = True) -> Path:
    """A mono 16-bit PCM WAV: a 440 Hz tone (or silence) of ``seconds``."""
    frames = round(seconds * rate)
    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        if tone:
            w.writeframes(
                b"".join(
                    struct.pack("<h", round(8000 * math.sin(2 * math.pi * 440 * i / rate)))
                    for i in range(frames)
                )
            )
        else:
            w.writeframes(bytes(2 * frames))
    return path


def _ogg_crc(data: bytes) -> int:
    """Ogg's CRC-32 (polynomial 0x04C11DB7, not reflected, no final XOR)."""
    crc = 0
    for byte in data:
        crc ^= byte << 24
        for _ in range(8):
            crc = ((crc << 1) ^ 0x04C11DB7) if crc & 0x80000000 else crc << 1
            crc &= 0xFFFFFFFF
    return crc


def _ogg_page(packets: list[bytes], granule: int, sequence: int, flags: int) -> bytes:
    lacing = b""
    for packet in packets:
        lacing += b"\xff" * (len(packet) // 255) + bytes([len(packet) % 255])
    header = struct.pack(
        "<4sBBqIIIB", b"OggS", 0, flags, granule, 0x4B494F53, sequence, 0, len(lacing)
    )
    page = header + lacing + b"".join(packets)
    return page[:22] + struct.pack("<I", _ogg_crc(page)) + page[26:]


#: A 20 ms CELT frame of silence (fullband, mono): the TOC byte 0xF8 and two bytes.
OPUS_SILENCE = b"\xf8\xff\xfe"


def write_opus(path: Path, seconds: float) -> Path:
    """An Ogg Opus file of ``seconds`` of silence (RFC 7845: OpusHead, OpusTags, audio)."""
    pre_skip = 312
    frames = round(seconds * 50)
    head = b"OpusHead" + struct.pack("<BBHIhB", 1, 1, pre_skip, 48000, 0, 0)
    tags = b"OpusTags" + struct.pack("<I", 5) + b"kiosk" + struct.pack("<I", 0)
    pages = [_ogg_page([head], 0, 0, 0x02), _ogg_page([tags], 0, 1, 0)]
    sequence, done = 2, 0
    while done < frames:
        count = min(50, frames - done)
        done += count
        last = done == frames
        granule = pre_skip + done * 960
        pages.append(_ogg_page([OPUS_SILENCE] * count, granule, sequence, 0x04 if last else 0))
        sequence += 1
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"".join(pages))
    return path


def write_mp3(path: Path, seconds: float) -> Path:
    """An MP3 (MPEG-1 Layer III, 128 kbit/s, 44.1 kHz, mono) of ``seconds`` of silence:
    frames of 1,152 samples whose side information and data are all zero."""
    frame = b"\xff\xfb\x90\xc4" + bytes(417 - 4)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(frame * round(seconds * 44100 / 1152))
    return path


def write_jpeg(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (64, 48), (120, 60, 30)).save(path, "JPEG")
    return path


# --- the files by themselves ----------------------------------------------------------------


def test_the_test_files_are_what_they_claim(tmp_path):
    # Our own Ogg pages carry a CRC that zlib's (reflected) CRC-32 would not give: checked
    # against the one mutagen computes when it reads the page.
    from mutagen.ogg import OggPage

    opus = write_opus(tmp_path / "a.opus", 1.0)
    with opus.open("rb") as fh:
        first = OggPage(fh)
    assert first.packets[0].startswith(b"OpusHead")
    assert first.write() == opus.read_bytes()[: len(first.write())]
    assert _ogg_crc(b"abc") != zlib.crc32(b"abc")


@pytest.mark.parametrize(
    ("make", "fmt", "seconds"),
    [
        (lambda p: write_wav(p / "a.wav", 1.5), "WAV", 1.5),
        (lambda p: write_opus(p / "a.ogg", 2.0), "Ogg Opus", 2.0),
        (lambda p: write_mp3(p / "a.mp3", 3.0), "MP3", 3.0),
    ],
)
def test_a_good_recording_gives_its_format_and_length(tmp_path, make, fmt, seconds):
    path = make(tmp_path)
    info = check_audio(tmp_path, path.name)
    assert info.format == fmt
    assert info.seconds == pytest.approx(seconds, abs=0.05)


def test_the_format_comes_from_the_content_not_the_name(tmp_path):
    write_opus(tmp_path / "speech.mp3", 1.0)
    assert check_audio(tmp_path, "speech.mp3").format == "Ogg Opus"
    write_wav(tmp_path / "speech.ogg", 1.0)
    assert check_audio(tmp_path, "speech.ogg").format == "WAV"


def test_an_mp3_behind_an_id3_tag_is_an_mp3(tmp_path):
    body = write_mp3(tmp_path / "plain.mp3", 1.0).read_bytes()
    frame = b"TIT2" + struct.pack(">I", 6) + b"\x00\x00" + b"\x03Hello"
    tag = b"ID3\x04\x00\x00" + bytes([0, 0, 0, len(frame)]) + frame
    (tmp_path / "tagged.mp3").write_bytes(tag + body)
    assert check_audio(tmp_path, "tagged.mp3").format == "MP3"
    # The tag alone, then other bytes, is no MP3.
    (tmp_path / "tag-only.mp3").write_bytes(tag + bytes(2000))
    with pytest.raises(AssetError, match="not a WAV"):
        check_audio(tmp_path, "tag-only.mp3")


def test_sniffing_refuses_ogg_of_other_codecs():
    flac_in_ogg = _ogg_page([b"\x7fFLAC\x01\x00" + bytes(40)], 0, 0, 0x02)
    assert sniff_audio(flac_in_ogg) is None
    assert sniff_audio(_ogg_page([b"\x01vorbis" + bytes(22)], 0, 0, 0x02)) == "Ogg Vorbis"


# --- in a bundle: every problem at its own JSON path -------------------------------------


def _problems(path: Path) -> list[tuple[str, str, str]]:
    loaded = load_bundle(path)
    return [(p.code, p.path, p.message) for p in loaded.report.problems]


def _at(problems: list[tuple[str, str, str]], path: str) -> list[tuple[str, str]]:
    return [(code, message) for code, where, message in problems if where == path]


def test_good_recordings_on_every_kind_of_text_pass(write_doc, default_doc, bundle_dir):
    write_wav(bundle_dir / "audio" / "intro.en.wav", 2.0)
    write_opus(bundle_dir / "audio" / "story-1.ru.ogg", 1.0)
    write_mp3(bundle_dir / "audio" / "person.en.mp3", 1.0)
    doc = default_doc
    doc["exhibit"]["audio"] = {"en": "audio/intro.en.wav"}
    doc["story"][0]["audio"] = {"ru": "audio/story-1.ru.ogg", "en": "audio/intro.en.wav"}
    doc["people"][0]["audio"] = {"en": "audio/person.en.mp3"}
    doc["media"][0]["audio"] = {"en": "audio/intro.en.wav"}
    doc["glossary"][0]["audio"] = {"ru": "audio/story-1.ru.ogg"}
    path = write_doc(doc)
    loaded = load_bundle(path)
    assert loaded.report.problems == []
    assert loaded.bundle is not None
    assert loaded.bundle.story[0].audio["ru"] == "audio/story-1.ru.ogg"
    assert main(["validate", "--strict", str(path)]) == 0


def test_every_bad_recording_is_its_own_problem_at_its_path(write_doc, default_doc, bundle_dir):
    audio = bundle_dir / "audio"
    write_jpeg(audio / "photo.ogg")
    (audio / "empty.ogg").write_bytes(b"")
    write_wav(audio / "silent.wav", 0.0)
    write_wav(audio / "two-hours.wav", 2 * 3600, rate=1000, tone=False)
    write_wav(audio / "fine.wav", 1.0)
    (bundle_dir.parent / "outside.wav").write_bytes((audio / "fine.wav").read_bytes())
    (audio / "link.wav").symlink_to(bundle_dir.parent / "outside.wav")
    doc = default_doc
    doc["exhibit"]["audio"] = {"en": "audio/missing.ogg"}
    doc["story"][0]["audio"] = {"en": "../outside.wav", "ru": "audio/link.wav"}
    doc["story"][1]["audio"] = {"en": "audio/photo.ogg"}
    doc["people"][0]["audio"] = {"en": "audio/empty.ogg", "ru": "audio/silent.wav"}
    doc["media"][1]["audio"] = {"ru": "audio/two-hours.wav", "de": "audio/fine.wav"}
    doc["glossary"][0]["audio"] = {"en": "audio/fine.wav"}
    problems = _problems(write_doc(doc))

    def only(path: str, code: str, *words: str) -> None:
        found = _at(problems, path)
        assert [c for c, _ in found] == [code], (path, found)
        message = found[0][1]
        for word in words:
            assert word in message, (path, message)

    only("exhibit.audio.en", "missing-file", '"audio/missing.ogg"', "does not exist")
    only("story[0].audio.en", "unsafe-path", '"../outside.wav"', "inside the bundle folder")
    only("story[0].audio.ru", "unsafe-path", '"audio/link.wav"', "leads outside")
    only("story[1].audio.en", "bad-audio", '"audio/photo.ogg"', "JPEG image", "export")
    only("people[0].audio.en", "bad-audio", '"audio/empty.ogg"', "not a WAV")
    only("people[0].audio.ru", "audio-length", '"audio/silent.wav"', "0.00 s", "0.2 s")
    only("media[1].audio.ru", "audio-length", '"audio/two-hours.wav"', "2 h 0 min", "30 minutes")
    only("media[1].audio.de", "language", "German (de)", '"languages"')
    assert _at(problems, "glossary[0].audio.en") == []
    audio_problems = [p for p in problems if ".audio." in p[1]]
    assert len(audio_problems) == 8, audio_problems


def test_lengths_at_the_bounds_pass(tmp_path):
    write_wav(tmp_path / "short.wav", MIN_SECONDS, rate=8000, tone=False)
    write_wav(tmp_path / "long.wav", MAX_SECONDS, rate=1000, tone=False)
    write_wav(tmp_path / "too-short.wav", MIN_SECONDS - 0.01, rate=8000, tone=False)
    assert check_audio(tmp_path, "short.wav").seconds == pytest.approx(MIN_SECONDS)
    assert check_audio(tmp_path, "long.wav").seconds == pytest.approx(MAX_SECONDS)
    with pytest.raises(AssetError, match=r"0\.19 s"):
        check_audio(tmp_path, "too-short.wav")


def test_a_compressed_wav_is_refused(tmp_path):
    path = write_wav(tmp_path / "adpcm.wav", 1.0)
    data = bytearray(path.read_bytes())
    assert data[20:22] == b"\x01\x00"  # the format tag: PCM
    data[20:22] = struct.pack("<H", 0x0011)  # IMA ADPCM
    path.write_bytes(bytes(data))
    with pytest.raises(AssetError, match="compressed audio"):
        check_audio(tmp_path, "adpcm.wav")


def test_a_damaged_ogg_header_is_bad_audio_not_a_crash(write_doc, default_doc, bundle_dir):
    good = write_opus(bundle_dir / "audio" / "cut.ogg", 1.0).read_bytes()
    (bundle_dir / "audio" / "cut.ogg").write_bytes(good[:40])  # inside the first page
    default_doc["story"][0]["audio"] = {"en": "audio/cut.ogg"}
    problems = _problems(write_doc(default_doc))
    (found,) = _at(problems, "story[0].audio.en")
    assert found[0] == "bad-audio"
    assert "export the recording again" in found[1]


def test_a_malformed_language_key_is_a_schema_error(write_doc, default_doc):
    default_doc["story"][0]["audio"] = {"English": "audio/x.wav"}
    problems = _problems(write_doc(default_doc))
    assert [c for c, _ in _at(problems, "story[0].audio.English")] == ["schema"]


def test_validate_reports_recordings_in_json(write_doc, default_doc, bundle_dir, capsys):
    write_jpeg(bundle_dir / "audio" / "photo.ogg")
    default_doc["glossary"][1]["audio"] = {"ru": "audio/photo.ogg"}
    path = write_doc(default_doc)
    assert main(["validate", "--json", str(path)]) == 1
    report: dict[str, Any] = json.loads(capsys.readouterr().out)
    (problem,) = report["problems"]
    assert (problem["code"], problem["path"]) == ("bad-audio", "glossary[1].audio.ru")
    assert problem["file"] == str(path / "bundle.json")


def test_what_is_not_a_regular_file_is_said_to_be_so(tmp_path):
    (tmp_path / "folder.ogg").mkdir()
    os.mkfifo(tmp_path / "pipe.ogg")  # opened, it would make validation wait forever
    (tmp_path / "loop.ogg").symlink_to(tmp_path / "loop.ogg")
    write_wav(tmp_path / "Speech.wav", 1.0)
    for name, code, words in (
        ("folder.ogg", "missing-file", "is a folder, not a regular file"),
        ("pipe.ogg", "missing-file", "is a named pipe (FIFO)"),
        ("loop.ogg", "missing-file", "symbolic link loop"),
        ("speech.wav", "missing-file", 'but "Speech.wav" is'),
    ):
        with pytest.raises(AssetError, match=re.escape(words)) as caught:
            check_audio(tmp_path, name)
        assert caught.value.code == code
