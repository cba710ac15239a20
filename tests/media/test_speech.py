"""Offline text-to-speech through the real espeak-ng (kiosk.media.speech).

Speech is made for real and measured from the WAV file written; the no-network test runs
the synthesis inside a network namespace with no interface up (``unshare -n``, as root),
after checking that nothing can be reached from inside it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from kiosk.media import speech
from kiosk.media.speech import SpeechError, synthesize, transcribe, voice_for, wav_duration

needs_espeak = pytest.mark.skipif(
    shutil.which("espeak-ng") is None,
    reason="espeak-ng is not installed (make build-deps installs it)",
)

EN = "The Red Army reached Baku at the end of April 1920."
RU = "Красная армия вошла в Баку в конце апреля 1920 года."


@needs_espeak
@pytest.mark.parametrize(("language", "text"), [("en", EN), ("ru", RU)])
def test_speech_is_a_real_wav_of_some_length(tmp_path, language, text):
    out = tmp_path / f"{language}.wav"
    made = synthesize(text, language, out)
    data = out.read_bytes()
    assert data[:4] == b"RIFF" and data[8:12] == b"WAVE"
    assert made.seconds > 0.3
    assert made.seconds == wav_duration(out) == wav_duration(data)
    assert made.voice.serves(language) is not None
    assert list(tmp_path.iterdir()) == [out]  # no temporary file left beside it


@needs_espeak
def test_each_language_has_its_own_voice():
    assert voice_for("en").file != voice_for("ru").file
    assert voice_for("ru-RU") == voice_for("ru")  # a region espeak-ng lacks: the language
    assert voice_for("en-US").language == "en-us"  # a region it has: that voice


@needs_espeak
def test_a_language_without_a_voice_is_named_with_those_there_are():
    with pytest.raises(SpeechError) as caught:
        voice_for("tlh")
    message = str(caught.value)
    assert '"tlh"' in message
    assert "record narration" in message
    assert ", en," in message and ", ru," in message


@needs_espeak
def test_rate_and_volume_change_the_speech(tmp_path):
    normal = synthesize(EN, "en", tmp_path / "normal.wav")
    fast = synthesize(EN, "en", tmp_path / "fast.wav", rate=2.0)
    assert fast.seconds < normal.seconds * 0.7
    quiet = synthesize(EN, "en", tmp_path / "quiet.wav", volume=0.2)
    assert _peak(quiet.path) < _peak(normal.path) * 0.5
    for bad in ({"rate": 0.1}, {"rate": float("nan")}, {"volume": -1.0}, {"volume": 5.0}):
        with pytest.raises(ValueError, match="outside"):
            synthesize(EN, "en", tmp_path / "bad.wav", **bad)  # type: ignore[arg-type]


def _peak(path: Path) -> int:
    import array
    import wave

    with wave.open(str(path), "rb") as w:
        samples = array.array("h", w.readframes(w.getnframes()))
    return max(abs(s) for s in samples)


# --- plain text is plain text -------------------------------------------------------------


@needs_espeak
def test_a_text_starting_with_a_dash_is_read_not_taken_as_an_option(tmp_path):
    # As an option, "-w /tmp/x" would make espeak-ng write elsewhere; "-v ru" change voice.
    said = transcribe("-v ru hello", "en")
    assert said.startswith("vˈiː ")
    assert "həlˈəʊ" in said
    text = "-w elsewhere.wav"
    made = synthesize(text, "en", tmp_path / "dash.wav")
    assert made.seconds > 0.5
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dash.wav"]


@needs_espeak
def test_ssml_looking_markup_is_read_out_not_obeyed(tmp_path):
    said = transcribe('<speak>hello <break time="5s"/> world</speak>', "en")
    assert "spˈiːk" in said and "bɹˈeɪk" in said  # the tags' words are read
    plain = synthesize("hello world", "en", tmp_path / "plain.wav")
    marked = synthesize('<speak>hello <break time="5s"/> world</speak>', "en", tmp_path / "m.wav")
    # Obeyed, the break would add five seconds and the tags nothing; read, they add words.
    assert plain.seconds + 1 < marked.seconds < plain.seconds + 5


@needs_espeak
def test_phoneme_brackets_and_control_characters_are_plain_text():
    # espeak-ng reads [[...]] as its phoneme codes; "h@l'oU" so read would say "hello".
    said = transcribe("[[h@l'oU]]", "en")
    assert "həlˈəʊ" not in said
    assert said.startswith("ˈeɪtʃ")  # the letters, read as text
    # U+0001 starts an espeak-ng command in its input ("\x0150S": speak slower).
    assert transcribe("one\x01" + "20S two", "en") == transcribe("one 20S two", "en")


def test_nothing_to_speak_is_refused(tmp_path):
    with pytest.raises(ValueError, match="no text"):
        synthesize(" \x00\n ", "en", tmp_path / "x.wav")


# --- without espeak-ng, or stuck ------------------------------------------------------------


def test_missing_espeak_ng_says_what_to_install(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # a PATH with no espeak-ng on it
    with pytest.raises(SpeechError, match=r"not installed.*apt-get install espeak-ng"):
        synthesize(EN, "en", tmp_path / "x.wav")
    assert not (tmp_path / "x.wav").exists()


def test_a_stuck_espeak_ng_is_stopped_at_the_timeout(tmp_path, monkeypatch):
    fake = tmp_path / "bin" / "espeak-ng"
    fake.parent.mkdir()
    # Lists one voice, then hangs on anything else.
    fake.write_text(
        "#!/bin/sh\n"
        'if [ "$1" = --voices ]; then\n'
        '  echo "Pty Language Age/Gender VoiceName File Other Languages"\n'
        '  echo " 5  en  --/M  English  gmw/en"\n'
        "  exit 0\n"
        "fi\n"
        f"exec {shutil.which('sleep')} 30\n"
    )
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", str(fake.parent))
    with pytest.raises(SpeechError, match=r"longer than 1 s .* was stopped"):
        synthesize(EN, "en", tmp_path / "x.wav", timeout=1.0)
    assert not (tmp_path / "x.wav").exists()


def test_a_failing_espeak_ng_is_reported_with_its_words(tmp_path, monkeypatch):
    fake = tmp_path / "bin" / "espeak-ng"
    fake.parent.mkdir()
    fake.write_text(
        "#!/bin/sh\n"
        'if [ "$1" = --voices ]; then echo header; echo " 5 ru --/M Russian zle/ru"; exit 0; fi\n'
        'echo "Error: The specified espeak-ng voice does not exist." >&2\n'
        "exit 1\n"
    )
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", str(fake.parent))
    with pytest.raises(SpeechError, match=r"exit status 1: \"Error: The specified"):
        synthesize(RU, "ru", tmp_path / "x.wav")


def test_the_voice_listing_is_parsed():
    listing = textwrap.dedent("""\
        Pty Language       Age/Gender VoiceName          File                 Other Languages
         2  en-gb           --/M      English_(Great_Britain) gmw/en               (en 2)
         2  en-us           --/M      English_(America)  gmw/en-US            (en 3)
         5  en-us           --/F      us-mbrola-1        mb/mb-us1            (en 8)
         5  ru              --/M      Russian            zle/ru
        """)
    voices = speech.parse_voices(listing)
    assert [v.file for v in voices] == ["gmw/en", "gmw/en-US", "zle/ru"]  # no MBROLA
    assert voice_for("en", voices).file == "gmw/en"
    assert voice_for("en-US", voices).file == "gmw/en-US"
    assert voice_for("ru", voices).file == "zle/ru"
    with pytest.raises(ValueError, match="not a language code"):
        voice_for("-v", voices)


# --- no network -----------------------------------------------------------------------------


def _can_unshare_network() -> bool:
    unshare = shutil.which("unshare")
    if unshare is None:
        return False
    return subprocess.run([unshare, "-n", "true"], capture_output=True, check=False).returncode == 0


@needs_espeak
@pytest.mark.skipif(not _can_unshare_network(), reason="unshare -n needs root (or user namespaces)")
def test_speech_is_made_with_no_network_at_all(tmp_path):
    # Inside: first show that the network cannot be reached (a connect fails at once, no
    # interface but a loopback that is down), then speak English and Russian.
    script = textwrap.dedent(f"""
        import errno, socket, sys
        from pathlib import Path
        from kiosk.media.speech import synthesize
        s = socket.socket()
        try:
            s.connect(("192.0.2.1", 80))
            sys.exit("the network is reachable inside the namespace")
        except OSError as exc:
            assert exc.errno in (errno.ENETUNREACH, errno.EHOSTUNREACH), exc
        for lang, text in (("en", {EN!r}), ("ru", {RU!r})):
            made = synthesize(text, lang, Path({str(tmp_path)!r}) / (lang + ".wav"))
            print(lang, made.seconds)
    """)
    done = subprocess.run(
        ["unshare", "-n", sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, "PYTHONPATH": str(Path(speech.__file__).parents[2])},
    )
    assert done.returncode == 0, done.stderr
    lengths = dict(line.split() for line in done.stdout.splitlines())
    assert float(lengths["en"]) > 0.3 and float(lengths["ru"]) > 0.3
    assert wav_duration(tmp_path / "ru.wav") == float(lengths["ru"])
