"""Headphone audio through the real gst-play-1.0 (kiosk.media.player).

No sound card is needed: plays go to ``fakesink sync=true``, which consumes the audio at its
real pace, so a 1-second WAV takes about a second and a stop can be timed.
"""

from __future__ import annotations

import shutil
import subprocess
import threading
import time
import wave
from pathlib import Path

import pytest

from kiosk.media import player as player_module
from kiosk.media.player import Played, Player, PlayerError, first_error

needs_gst = pytest.mark.skipif(
    shutil.which("gst-play-1.0") is None,
    reason="gst-play-1.0 is not installed (make build-deps installs it)",
)

SINK = "fakesink sync=true"


def silence(path: Path, seconds: float, rate: int = 22050) -> Path:
    """A mono 16-bit WAV of ``seconds`` of silence."""
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(b"\0\0" * round(rate * seconds))
    return path


class Ends:
    """Collects the Played of each play, and waits for them."""

    def __init__(self) -> None:
        self.played: list[Played] = []
        self._cond = threading.Condition()

    def __call__(self, played: Played) -> None:
        with self._cond:
            self.played.append(played)
            self._cond.notify_all()

    def wait(self, count: int, timeout: float = 10.0) -> list[Played]:
        with self._cond:
            assert self._cond.wait_for(lambda: len(self.played) >= count, timeout), self.played
            return list(self.played)


def alive(pid: int) -> bool:
    """Whether ``pid`` still runs (a zombie counts as gone)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


@needs_gst
def test_a_one_second_wav_plays_for_about_a_second(tmp_path):
    ends = Ends()
    player = Player(sink=SINK, finished=ends)
    began = time.monotonic()
    pid = player.play(silence(tmp_path / "one.wav", 1.0), volume=0.5)
    start = time.monotonic() - began
    assert pid is not None and player.playing
    (played,) = ends.wait(1)
    assert played.ok, played
    assert played.status == 0 and played.error == "" and not played.stopped
    assert 0.9 <= played.seconds <= 2.0, played.seconds
    assert start < 0.5, start  # the process runs when play returns
    assert not player.playing


@needs_gst
def test_stop_ends_the_play_at_once(tmp_path):
    ends = Ends()
    player = Player(sink=SINK, finished=ends)
    pid = player.play(silence(tmp_path / "long.wav", 5.0))
    assert pid is not None
    time.sleep(0.3)  # let it play: the stop below must kill a play under way
    assert alive(pid)
    began = time.monotonic()
    player.stop()
    assert player.wait(1.0)
    took = time.monotonic() - began
    assert took < 0.2, took
    assert not alive(pid)
    (played,) = ends.wait(1)
    assert played.stopped and not played.ok
    assert played.seconds < 1.5


@needs_gst
def test_a_new_play_stops_the_one_before(tmp_path):
    ends = Ends()
    player = Player(sink=SINK, finished=ends)
    first = player.play(silence(tmp_path / "a.wav", 5.0))
    second = player.play(silence(tmp_path / "b.wav", 0.5))
    assert first is not None and second is not None and first != second
    played = ends.wait(2)
    by_name = {p.path.name: p for p in played}
    assert by_name["a.wav"].stopped and by_name["a.wav"].seconds < 1.0
    assert by_name["b.wav"].ok
    assert not alive(first)


@needs_gst
def test_a_play_claimed_then_stopped_never_starts(tmp_path):
    player = Player(sink=SINK)
    ticket = player.claim()
    player.stop()
    assert player.play(silence(tmp_path / "a.wav", 1.0), ticket=ticket) is None
    assert not player.playing
    newest = player.claim()
    assert player.play(silence(tmp_path / "b.wav", 0.2), ticket=newest) is not None
    player.stop()


@needs_gst
def test_a_file_gst_cannot_play_is_reported_with_its_error(tmp_path):
    ends = Ends()
    player = Player(sink=SINK, finished=ends)
    bad = tmp_path / "-not audio.wav"  # a name like an option stays a file name
    bad.write_bytes(b"this is not a WAV file\n" * 50)
    player.play(bad)
    (played,) = ends.wait(1)
    assert not played.ok and not played.stopped
    assert "This appears to be a text file" in played.error, played
    assert played.path == bad


@needs_gst
def test_the_sink_comes_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("KIOSK_AUDIO_SINK", SINK)
    ends = Ends()
    player = Player(finished=ends)
    assert player.sink == SINK
    player.play(silence(tmp_path / "half.wav", 0.5))
    (played,) = ends.wait(1)
    assert played.ok and played.seconds >= 0.45


def test_without_gst_play_the_error_says_what_to_install(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(PlayerError) as caught:
        Player()
    message = str(caught.value)
    assert "gst-play-1.0 is not installed" in message
    assert "apt-get install gstreamer1.0-plugins-base-apps" in message
    for package in player_module.PACKAGES:
        assert package in message


def test_gst_plays_error_line_is_found():
    said = (
        "ERROR Resource not found. for file:///x.wav\n"
        "ERROR debug information: ../plugins/elements/gstfilesrc.c(553): ...\n"
    )
    assert first_error(said) == "Resource not found. for file:///x.wav"
    assert first_error("WARNING Failed to connect: Connection refused\n") == ""


ENCODERS = {
    "ogg": ("44100", "vorbisenc ! oggmux"),
    "opus": ("48000", "opusenc ! oggmux"),
    "flac": ("44100", "flacenc"),
}


@needs_gst
@pytest.mark.parametrize("kind", sorted(ENCODERS))
def test_the_bundles_compressed_formats_play_for_their_length(tmp_path, kind):
    """Ogg Vorbis, Opus and FLAC (as the bundle's audio maps allow), made by GStreamer's
    own encoders: one second of tone each. (MP3 needs an encoder Debian ships elsewhere.)"""
    rate, encoder = ENCODERS[kind]
    out = tmp_path / f"one.{kind}"
    pipeline = (
        f"audiotestsrc num-buffers={int(rate) // 1000} samplesperbuffer=1000 "
        f"! audio/x-raw,rate={rate} ! audioconvert ! {encoder} ! filesink location={out}"
    )
    subprocess.run(["gst-launch-1.0", "-q", *pipeline.split()], check=True, timeout=30)
    ends = Ends()
    Player(sink=SINK, finished=ends).play(out)
    (played,) = ends.wait(1)
    assert played.ok, played
    assert 0.9 <= played.seconds <= 2.0, played.seconds
