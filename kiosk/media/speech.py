"""Offline text-to-speech: bundle text read aloud by espeak-ng, into a WAV file.

Recorded narration (a bundle's ``audio`` maps) covers what a curator chose to record; the
rest is read by a speech engine on the kiosk itself, since the kiosk makes no network
request, ever. espeak-ng (the Debian 12 package ``espeak-ng``) is small, fast, well kept
and speaks over a hundred languages, English and Russian among them; its voice is robotic
but clear at any speed, which is what a visitor using headphones needs.

This module only synthesises: it runs the ``espeak-ng`` program in a subprocess, with a
timeout, and writes its speech to a WAV file. How the file is played (and stopped on a
reset) is the UI's business. Bundle text is plain text, never markup, so:

- the text goes in on standard input, never on the command line: a text starting with
  "-" cannot be taken for an option, and no shell ever sees it;
- SSML is off (no ``-m``): ``<speak>`` in a text is read out as words, not obeyed;
- espeak-ng reads ``[[...]]`` as phoneme codes even without SSML, so "[[" is split;
- control characters are spaces: espeak-ng takes some (U+0001) as its own commands.

Pass a paragraph's words (kiosk.content.text.plain), not its ``*emphasis*`` markup.
"""

from __future__ import annotations

import io
import math
import os
import re
import shutil
import subprocess
import tempfile
import time
import unicodedata
import wave
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

#: The program, looked up on PATH when speech is wanted.
PROGRAM = "espeak-ng"

#: espeak-ng's normal speed in words per minute; ``rate`` multiplies it.
NORMAL_WPM = 175
#: The slowest and fastest ``rate``: espeak-ng speaks 80 to 450 words per minute.
MIN_RATE, MAX_RATE = 0.5, 2.5
#: The loudest ``volume``: espeak-ng's amplitude goes to 200, twice its normal 100.
MAX_VOLUME = 2.0

#: Seconds a synthesis may take before it is killed. espeak-ng speaks a 300-character
#: paragraph in well under a second (README, "Recorded narration"); a minute means it is
#: stuck.
DEFAULT_TIMEOUT = 60.0

#: Seconds for listing the voices (``espeak-ng --voices``).
VOICES_TIMEOUT = 15.0

_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}([-_][A-Za-z0-9]{1,8})*$")
_OTHER = re.compile(r"\(([^ ()]+) (\d+)\)")


class SpeechError(RuntimeError):
    """Speech could not be made: no espeak-ng, no voice for the language, a failed or
    stuck run. The message says which, and what to do."""


@dataclass(frozen=True)
class Voice:
    """One espeak-ng voice, as ``espeak-ng --voices`` lists it."""

    #: Its language, as espeak-ng writes it: "en-gb", "ru".
    language: str
    #: Its name: "English_(Great_Britain)".
    name: str
    #: Its file under espeak-ng-data/voices, which ``-v`` takes: "gmw/en".
    file: str
    #: How well it serves its language: lower is better.
    priority: int
    #: Other languages it serves, with its priority for each: (("en", 2),).
    others: tuple[tuple[str, int], ...] = ()

    def serves(self, language: str) -> int | None:
        """Its priority for ``language`` (lower case), or None if it does not serve it."""
        found = [
            p for code, p in ((self.language, self.priority), *self.others) if code == language
        ]
        return min(found) if found else None


@dataclass(frozen=True)
class Speech:
    """A text made into speech."""

    path: Path
    #: Length of the audio, in seconds.
    seconds: float
    voice: Voice
    #: Seconds the synthesis took.
    took: float


def program() -> str:
    """The path of espeak-ng on PATH, or SpeechError saying how to install it."""
    found = shutil.which(PROGRAM)
    if found is None:
        raise SpeechError(
            f"{PROGRAM} is not installed (not found on PATH), so the kiosk cannot read text "
            f"aloud; install the Debian package {PROGRAM} (apt-get install {PROGRAM})"
        )
    return found


def voices() -> list[Voice]:
    """Every voice espeak-ng has, but MBROLA's (they need the mbrola program and its
    voice files, which Debian does not install with espeak-ng)."""
    return list(_voices(program()))


@lru_cache(maxsize=4)
def _voices(exe: str) -> tuple[Voice, ...]:
    out = _run([exe, "--voices"], b"", VOICES_TIMEOUT, "listing its voices")
    return tuple(parse_voices(out.decode("utf-8", "replace")))


def parse_voices(listing: str) -> list[Voice]:
    """The voices in the output of ``espeak-ng --voices`` (a header line, then one voice
    a line: priority, language, age/gender, name, file, other languages)."""
    found = []
    for line in listing.splitlines()[1:]:
        parts = line.split(None, 5)
        if len(parts) < 5 or not parts[0].isdigit() or parts[4].startswith("mb/"):
            continue
        others = tuple(
            (code, int(p)) for code, p in _OTHER.findall(parts[5] if len(parts) > 5 else "")
        )
        found.append(Voice(parts[1].lower(), parts[3], parts[4], int(parts[0]), others))
    return found


def voice_for(language: str, available: list[Voice] | None = None) -> Voice:
    """The espeak-ng voice for a BCP-47 ``language`` ("en", "ru", "en-US"): the best voice
    for the whole tag, else for the tag less its last part ("en-US" → "en"), and so on.
    SpeechError names the language and lists those espeak-ng has when there is none."""
    if not _LANGUAGE.match(language):
        raise ValueError(f'"{language}" is not a language code such as "en" or "ru"')
    choices = voices() if available is None else available
    parts = language.lower().replace("_", "-").split("-")
    for n in range(len(parts), 0, -1):
        wanted = "-".join(parts[:n])
        ranked = [(p, i) for i, v in enumerate(choices) if (p := v.serves(wanted)) is not None]
        if ranked:
            return choices[min(ranked)[1]]
    codes = sorted({v.language for v in choices} | {c for v in choices for c, _ in v.others})
    raise SpeechError(
        f'{PROGRAM} has no voice for the language "{language}", so its texts cannot be read '
        f"aloud; record narration for them (the bundle's audio maps) instead. {PROGRAM} "
        f"speaks: {', '.join(codes)}"
    )


def speakable(text: str) -> str:
    """``text`` as espeak-ng must get it to read it as plain text (see the module's notes)."""
    text = "".join(" " if unicodedata.category(c) == "Cc" and c != "\n" else c for c in text)
    return re.sub(r"\[(?=\[)", "[ ", text).strip()


def synthesize(
    text: str,
    language: str,
    out: Path,
    *,
    rate: float = 1.0,
    volume: float = 1.0,
    timeout: float = DEFAULT_TIMEOUT,
) -> Speech:
    """Speak ``text`` in ``language`` into the WAV file ``out`` (replaced whole, never
    left half written). ``rate`` multiplies the normal speed (MIN_RATE to MAX_RATE);
    ``volume`` is 1.0 for espeak-ng's normal loudness (0 to MAX_VOLUME). No network is
    used: espeak-ng reads its voices from disk. Raises SpeechError if speech cannot be
    made, ValueError for a bad argument."""
    words = speakable(text)
    if not words:
        raise ValueError("there is no text to speak")
    if not (math.isfinite(rate) and MIN_RATE <= rate <= MAX_RATE):
        raise ValueError(f"rate {rate} is outside {MIN_RATE} to {MAX_RATE}")
    if not (math.isfinite(volume) and 0 <= volume <= MAX_VOLUME):
        raise ValueError(f"volume {volume} is outside 0 to {MAX_VOLUME}")
    exe = program()
    voice = voice_for(language)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        started = time.monotonic()
        _run(
            [
                exe,
                "-v",
                voice.file,
                "-s",
                str(round(NORMAL_WPM * rate)),
                "-a",
                str(round(100 * volume)),
                "-b",
                "1",  # the input is UTF-8
                "-w",
                str(tmp),
                "--stdin",
            ],
            words.encode("utf-8"),
            timeout,
            f"speaking {len(words):,} characters in {language}",
        )
        took = time.monotonic() - started
        try:
            seconds = wav_duration(tmp)
        except (wave.Error, EOFError, OSError) as exc:
            raise SpeechError(f"{PROGRAM} wrote no readable WAV file ({exc})") from None
        if seconds <= 0:
            raise SpeechError(f"{PROGRAM} wrote no audio for the text")
        tmp.replace(out)
    finally:
        tmp.unlink(missing_ok=True)
    return Speech(out, seconds, voice, took)


def transcribe(text: str, language: str, *, timeout: float = DEFAULT_TIMEOUT) -> str:
    """What espeak-ng would say for ``text``, as IPA phonemes, with no audio: the same text
    handling as ``synthesize``, for seeing which words it reads."""
    words = speakable(text)
    if not words:
        return ""
    voice = voice_for(language)
    out = _run(
        [program(), "-v", voice.file, "-q", "--ipa", "-b", "1", "--stdin"],
        words.encode("utf-8"),
        timeout,
        f"transcribing {len(words):,} characters in {language}",
    )
    return out.decode("utf-8", "replace").strip()


def wav_duration(source: Path | bytes) -> float:
    """Seconds of audio in a WAV file (a path, or its bytes), from its header."""
    with wave.open(io.BytesIO(source) if isinstance(source, bytes) else str(source), "rb") as w:
        rate = w.getframerate()
        return w.getnframes() / rate if rate else 0.0


def _run(argv: list[str], stdin: bytes, timeout: float, doing: str) -> bytes:
    """Run espeak-ng (no shell), its standard output, or SpeechError with its own words."""
    try:
        done = subprocess.run(argv, input=stdin, capture_output=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        raise SpeechError(
            f"{PROGRAM} took longer than {timeout:g} s {doing} and was stopped"
        ) from None
    except OSError as exc:
        raise SpeechError(f"{PROGRAM} could not be started ({exc.strerror or exc})") from None
    if done.returncode != 0:
        said = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise SpeechError(
            f"{PROGRAM} failed {doing} (exit status {done.returncode}"
            + (f': "{said[0]}"' if said else "")
            + ")"
        )
    return done.stdout
