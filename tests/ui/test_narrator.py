"""The narrator (kiosk.ui.audio) with the real espeak-ng and gst-play-1.0, in the real scene.

Audio goes to ``fakesink sync=true`` (no sound card needed; the audio still takes its real
time). Latencies are measured from the slot call to the signal that the process runs.
"""

from __future__ import annotations

import logging
import shutil
import time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from kiosk.ui.audio import DEFAULT_VOLUME, VOLUME_STEP, Narrator
from tests.media.test_player import silence

SINK = "fakesink sync=true"

needs_audio = pytest.mark.skipif(
    shutil.which("gst-play-1.0") is None or shutil.which("espeak-ng") is None,
    reason="gst-play-1.0 or espeak-ng is not installed (make build-deps installs them)",
)

#: About 3,000 characters: espeak-ng takes a good part of a second to speak it to a file.
LONG = " ".join(["The Red Army reached Baku at the end of April 1920."] * 60)


@pytest.fixture
def narrator(qapp):
    made = Narrator(lambda: "en", sink=SINK)
    yield made
    made.close()


@needs_audio
def test_read_returns_before_the_speech_is_made(narrator, qtbot):
    began = time.monotonic()
    with qtbot.waitSignal(narrator.started, timeout=20_000):
        narrator.read(LONG)
        returned = time.monotonic() - began
        # Back on the GUI thread while espeak-ng still speaks: nothing plays yet.
        assert narrator.speaking
        assert narrator.player is not None and not narrator.player.playing
    started = time.monotonic() - began
    assert returned < 0.05, returned
    assert started > returned
    assert narrator.player.playing
    with qtbot.waitSignal(narrator.speakingChanged, timeout=1000):
        narrator.stop()
    assert not narrator.speaking
    assert narrator.player.wait(0.2)


@needs_audio
def test_a_recording_plays_through_and_ends(narrator, qtbot, tmp_path):
    wav = silence(tmp_path / "narration.wav", 1.0)
    began = time.monotonic()
    with qtbot.waitSignal(narrator.started, timeout=5000):
        narrator.play(str(wav))
    start = time.monotonic() - began
    with qtbot.waitSignal(narrator.finished, timeout=5000) as ended:
        pass
    took = time.monotonic() - began
    assert ended.args == [True]
    assert not narrator.speaking
    assert start < 0.5, start
    assert 0.9 <= took <= 2.5, took


@needs_audio
def test_stop_silences_within_a_fifth_of_a_second(narrator, qtbot, tmp_path):
    wav = silence(tmp_path / "long.wav", 10.0)
    with qtbot.waitSignal(narrator.started, timeout=5000):
        narrator.play(str(wav))
    player = narrator.player
    assert player is not None
    began = time.monotonic()
    narrator.stop()
    assert player.wait(1.0)
    took = time.monotonic() - began
    assert took < 0.2, took
    assert not narrator.speaking


@needs_audio
def test_a_file_that_cannot_play_is_reported(narrator, qtbot, tmp_path, caplog):
    bad = tmp_path / "broken.ogg"
    bad.write_bytes(b"OggS" + b"\0" * 200)
    with (
        caplog.at_level(logging.WARNING, logger="kiosk.audio"),
        qtbot.waitSignal(narrator.finished, timeout=5000) as ended,
    ):
        narrator.play(str(bad))
    assert ended.args == [False]
    assert not narrator.speaking
    assert any("broken.ogg" in r.getMessage() for r in caplog.records), caplog.text


@needs_audio
def test_a_language_without_a_voice_is_reported(qapp, qtbot, caplog):
    narrator = Narrator(lambda: "tlh", sink=SINK)
    try:
        with (
            caplog.at_level(logging.WARNING, logger="kiosk.audio"),
            qtbot.waitSignal(narrator.finished, timeout=10_000) as ended,
        ):
            narrator.read("Qapla'")
        assert ended.args == [False]
        assert not narrator.speaking
        assert '"tlh"' in caplog.text
    finally:
        narrator.close()


@needs_audio
def test_speech_files_are_removed(narrator, qtbot):
    folder = narrator._dir
    with qtbot.waitSignal(narrator.finished, timeout=10_000) as ended:
        narrator.read("One.")
    assert ended.args == [True]
    qtbot.waitUntil(lambda: list(folder.iterdir()) == [], timeout=2000)
    narrator.close()
    assert not folder.exists()


def test_volume_and_rate_stay_in_range(narrator, qtbot):
    assert narrator.volume == DEFAULT_VOLUME
    with qtbot.waitSignal(narrator.volumeChanged, timeout=1000):
        narrator.louder()
    assert narrator.volume == pytest.approx(DEFAULT_VOLUME + VOLUME_STEP)
    for _ in range(20):
        narrator.louder()
    assert narrator.volume == 1.0
    for _ in range(20):
        narrator.quieter()
    assert narrator.volume == 0.0
    with qtbot.waitSignal(narrator.rateChanged, timeout=1000):
        narrator.setProperty("rate", 5.0)
    assert narrator.rate == 2.0
    narrator.setProperty("rate", 0.1)
    assert narrator.rate == 0.5


def test_without_the_programs_nothing_crashes(qapp, qtbot, tmp_path, monkeypatch, caplog):
    monkeypatch.setenv("PATH", str(tmp_path))
    with caplog.at_level(logging.WARNING, logger="kiosk.audio"):
        narrator = Narrator(lambda: "en")
    try:
        assert not narrator.available and not narrator.canRead
        messages = [r.getMessage() for r in caplog.records]
        assert len(messages) == 1, messages  # said once, with what to install
        assert "apt-get install gstreamer1.0-plugins-base-apps" in messages[0]
        narrator.read("Hello.")
        narrator.play(str(tmp_path / "x.wav"))
        narrator.stop()
        assert not narrator.speaking
    finally:
        narrator.close()


@pytest.mark.skipif(shutil.which("gst-play-1.0") is None, reason="gst-play-1.0 is not installed")
def test_without_espeak_recordings_still_play(qapp, qtbot, tmp_path, monkeypatch, caplog):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    gst = shutil.which("gst-play-1.0")
    assert gst is not None
    (bin_dir / "gst-play-1.0").symlink_to(gst)
    monkeypatch.setenv("PATH", str(bin_dir))
    with caplog.at_level(logging.WARNING, logger="kiosk.audio"):
        narrator = Narrator(lambda: "en", sink=SINK)
    try:
        assert narrator.available and not narrator.canRead
        assert "apt-get install espeak-ng" in caplog.text
        narrator.read("Hello.")
        assert not narrator.speaking
        with qtbot.waitSignal(narrator.finished, timeout=5000) as ended:
            narrator.play(str(silence(tmp_path / "a.wav", 0.3)))
        assert ended.args == [True]
    finally:
        narrator.close()


@needs_audio
def test_the_visits_reset_and_the_volume_keys_reach_the_narrator(
    open_kiosk, qtbot, tmp_path, monkeypatch
):
    monkeypatch.setenv("KIOSK_AUDIO_SINK", SINK)
    view = open_kiosk()
    narrator = view.narrator
    player = narrator.player
    assert player is not None and player.sink == SINK
    volume = narrator.volume
    QTest.keyClick(view.window, Qt.Key.Key_VolumeUp)
    assert narrator.volume == pytest.approx(volume + VOLUME_STEP)
    QTest.keyClick(view.window, Qt.Key.Key_VolumeDown)
    QTest.keyClick(view.window, Qt.Key.Key_VolumeDown)
    assert narrator.volume == pytest.approx(volume - VOLUME_STEP)
    with qtbot.waitSignal(narrator.started, timeout=5000):
        narrator.play(str(silence(tmp_path / "long.wav", 10.0)))
    assert player.playing
    began = time.monotonic()
    view.session.resetVisit()
    assert player.wait(1.0)
    assert time.monotonic() - began < 0.2
    assert not narrator.speaking
