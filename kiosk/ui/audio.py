"""The narrator: headphone audio for QML, recorded narration or text read by espeak-ng.

QML asks it to ``read`` a text (the focused item, a whole page, a caption) or to ``play``
a recorded narration file, and binds its controls to ``speaking``, ``volume`` and ``rate``.
Nothing here blocks the GUI thread: speech is synthesised and the player's process is
started on a worker (kiosk.ui.tasks.run_task); the GUI thread only claims a play (which
kills the one before: a signal, no wait) and hears back when it ends. A ``stop``, a new
request, the visit's reset or quit supersede a play still being prepared, so it never
starts late.

A kiosk without gst-play-1.0 or espeak-ng still runs: the narrator logs once what to
install, and ``available`` / ``canRead`` are false for QML to hide its audio controls.
"""

from __future__ import annotations

import contextlib
import logging
import math
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Property, QObject, QTimer, Signal, Slot
from PySide6.QtQml import QmlElement, QmlUncreatable
from PySide6.QtQuick import QQuickItem, QQuickWindow

from kiosk.media import speech
from kiosk.media.player import Played, Player, PlayerError
from kiosk.ui import readout, tasks
from kiosk.ui.signals import emit

QML_IMPORT_NAME = "Kiosk.Backend"
QML_IMPORT_MAJOR_VERSION = 1

log = logging.getLogger("kiosk.audio")

#: How much ``louder`` and ``quieter`` change the volume.
VOLUME_STEP = 0.1
#: The volume a visit starts at: loud enough on museum headphones, not at their limit.
DEFAULT_VOLUME = 0.7
#: The slowest and fastest speech, times espeak-ng's normal speed.
MIN_RATE, MAX_RATE = 0.5, 2.0
#: While audio plays the visitor is listening, not gone: every this many ms it counts as
#: activity (``listening``), so "Still there?" does not cut a long page or recording short.
KEEPALIVE_MS = 10_000
#: How much ``slower`` and ``faster`` change the speed.
RATE_STEP = 0.25


@QmlElement
@QmlUncreatable("The narrator belongs to the application.")
class Narrator(QObject):  # type: ignore[operator]  # stubs: QmlUncreatable not callable
    """Headphone audio in the visitor's language: one voice at a time."""

    speakingChanged = Signal()
    """Emitted when audio starts being prepared or played, and when it ends or is stopped."""
    volumeChanged = Signal()
    """Emitted when the volume changes (``louder``, ``quieter``, or set from QML)."""
    rateChanged = Signal()
    """Emitted when the speed of speech changes."""
    availableChanged = Signal()
    """Never emitted after start: what is installed does not change while the kiosk runs."""
    started = Signal()
    """The player's process is running: the visitor hears it now."""
    listening = Signal()
    """Emitted every KEEPALIVE_MS while audio plays (the application counts it as the
    visitor's activity)."""
    finished = Signal(bool)
    """The audio ended by itself: True when it played through, False when it failed (the
    log says why). Not emitted for a play that was stopped."""

    def __init__(
        self,
        language: Callable[[], str],
        *,
        sink: str | None = None,
        parent: QObject | None = None,
    ) -> None:
        """``language``: the code of the language texts are read in now ("en").
        ``sink``: a GStreamer audio sink (tests: "fakesink sync=true"); see kiosk.media.player."""
        super().__init__(parent)
        self._language = language
        self._volume = DEFAULT_VOLUME
        self._rate = 1.0
        self._speaking = False
        self._ticket = 0
        self._player: Player | None = None
        try:
            self._player = Player(sink=sink, finished=self._finished_elsewhere)
        except PlayerError as exc:
            log.warning("%s", exc)
        self._can_speak = shutil.which(speech.PROGRAM) is not None
        if not self._can_speak and self._player is not None:
            try:
                speech.program()
            except speech.SpeechError as exc:
                log.warning("%s", exc)
        # Removed with the narrator, at quit, or when it is collected.
        self._window: QQuickWindow | None = None
        self._keepalive = QTimer(self)
        self._keepalive.setInterval(KEEPALIVE_MS)
        self._keepalive.timeout.connect(self.listening)
        # A synthesis still writing at quit may add a file while the folder is removed:
        # it removes its own file then (``read``), and the folder with it.
        self._tmp = tempfile.TemporaryDirectory(prefix="kiosk-speech-", ignore_cleanup_errors=True)
        self._dir = Path(self._tmp.name)
        self._closed = False

    def watch(self, window: QQuickWindow) -> None:
        """The window whose pages and controls ``readPage`` and ``readItem`` read."""
        self._window = window

    @property
    def player(self) -> Player | None:
        """The player (None without gst-play-1.0), for tests and benchmarks."""
        return self._player

    @Property(bool, notify=availableChanged)
    def available(self) -> bool:
        """Whether audio can be heard at all (gst-play-1.0 is installed)."""
        return self._player is not None

    @Property(bool, notify=availableChanged)
    def canRead(self) -> bool:
        """Whether texts can be read aloud too (espeak-ng is installed as well)."""
        return self._player is not None and self._can_speak

    @Property(bool, notify=speakingChanged)
    def speaking(self) -> bool:
        """Whether audio is being prepared or played (for a Stop button)."""
        return self._speaking

    def _get_volume(self) -> float:
        return self._volume

    def _set_volume(self, value: float) -> None:
        value = min(max(float(value), 0.0), 1.0) if math.isfinite(value) else self._volume
        if value != self._volume:
            self._volume = round(value, 3)
            emit(self.volumeChanged)

    volume = Property(float, _get_volume, _set_volume, notify=volumeChanged)
    """0 (silent) to 1 (the player's full volume). A change applies from the next play:
    gst-play takes its volume when it starts."""

    def _get_rate(self) -> float:
        return self._rate

    def _set_rate(self, value: float) -> None:
        value = min(max(float(value), MIN_RATE), MAX_RATE) if math.isfinite(value) else self._rate
        if value != self._rate:
            self._rate = round(value, 3)
            emit(self.rateChanged)

    rate = Property(float, _get_rate, _set_rate, notify=rateChanged)
    """Speed of speech, 0.5 to 2 times normal (espeak-ng's own rate; recorded narration
    always plays at its speed). Applies from the next text read."""

    @Slot()
    def louder(self) -> None:
        """A step louder (the keypad's volume up)."""
        self._set_volume(self._volume + VOLUME_STEP)

    @Slot()
    def quieter(self) -> None:
        """A step quieter (the keypad's volume down)."""
        self._set_volume(self._volume - VOLUME_STEP)

    @Slot(str)
    def read(self, text: str) -> None:
        """Read a plain text (no markup) aloud in the current language, stopping what
        plays. Returns at once: speech is made and played off the GUI thread."""
        player = self._player
        if player is None or not self._can_speak or self._closed:
            return
        if not speech.speakable(text):
            self.stop()
            return
        ticket = self._claim(player)
        language, rate, volume = self._language(), self._rate, self._volume
        out = self._dir / f"speech-{ticket}.wav"

        def work() -> int | None:
            if player.ticket != ticket:
                return None  # stopped or superseded while queued
            speech.synthesize(text, language, out, rate=rate)
            if self._closed:  # quit meanwhile: nothing plays, and nothing is left behind
                out.unlink(missing_ok=True)
                with contextlib.suppress(OSError):
                    self._dir.rmdir()
                return None
            pid = player.play(out, volume=volume, ticket=ticket)
            if pid is None:
                out.unlink(missing_ok=True)
            return pid

        tasks.run_task(
            work, lambda pid: self._began(ticket, pid), lambda e: self._failed(ticket, e)
        )

    @Slot(str)
    def play(self, path: str) -> None:
        """Play a recorded narration file (a path the exhibit gave QML), stopping what
        plays. Returns at once: the player starts on a worker."""
        player = self._player
        if player is None or self._closed or not path:
            return
        ticket = self._claim(player)
        volume = self._volume

        def work() -> int | None:
            return player.play(Path(path), volume=volume, ticket=ticket)

        tasks.run_task(
            work, lambda pid: self._began(ticket, pid), lambda e: self._failed(ticket, e)
        )

    @Slot()
    def slower(self) -> None:
        """Speak a step slower (from the next text read)."""
        self._set_rate(self._rate - RATE_STEP)

    @Slot()
    def faster(self) -> None:
        """Speak a step faster (from the next text read)."""
        self._set_rate(self._rate + RATE_STEP)

    @Slot(QQuickItem, QQuickItem, str)
    def readPage(self, item: QQuickItem | None, after: QQuickItem | None, narration: str) -> None:
        """Read a whole page aloud: its recorded ``narration`` when it has one in this
        language, else the words a screen reader finds on ``item`` and then on ``after``
        (the viewer's photograph, then its caption; None for a page in one piece)."""
        if narration:
            self.play(narration)
        else:
            self.read(readout.page_text(self._window, item, after))

    @Slot(QQuickItem)
    def readItem(self, item: QQuickItem | None) -> None:
        """Read the one item the keyboard or keypad is on, as a screen reader says it."""
        self.read(readout.item_text(self._window, item))

    @Slot()
    def reset(self) -> None:
        """The visit is over: silence, and the next visitor hears the usual volume and
        speed."""
        self.stop()
        self._set_volume(DEFAULT_VOLUME)
        self._set_rate(1.0)

    @Slot()
    def stop(self) -> None:
        """Silence at once (the visit's reset, a Stop button, quit)."""
        if self._player is not None:
            self._ticket = self._player.claim()
        self._set_speaking(False)

    def close(self) -> None:
        """At quit: stop, refuse new requests and remove the speech files."""
        self.stop()
        self._closed = True
        if self._player is not None:
            self._player.wait(0.5)
        self._tmp.cleanup()

    def _claim(self, player: Player) -> int:
        self._ticket = player.claim()
        self._set_speaking(True)
        return self._ticket

    def _set_speaking(self, value: bool) -> None:
        if value != self._speaking:
            self._speaking = value
            if value:
                self._keepalive.start()
            else:
                self._keepalive.stop()
            emit(self.speakingChanged)

    def _began(self, ticket: int, pid: int | None) -> None:
        if pid is not None and ticket == self._ticket:
            emit(self.started)

    def _failed(self, ticket: int, exc: BaseException) -> None:
        if isinstance(exc, (speech.SpeechError, PlayerError, ValueError, OSError)):
            log.warning("could not play audio: %s", exc)
        else:
            log.error("audio failed", exc_info=exc)
        if ticket == self._ticket:
            self._set_speaking(False)
            emit(self.finished, False)

    def _finished_elsewhere(self, played: Played) -> None:
        """The player's watcher thread: hand the end of a play to the GUI thread."""
        with contextlib.suppress(RuntimeError):  # the application is gone
            tasks.to_main(lambda: self._ended(played))

    def _ended(self, played: Played) -> None:
        if played.path.parent == self._dir:
            played.path.unlink(missing_ok=True)
        if played.stopped or played.ticket != self._ticket:
            return
        if not played.ok:
            log.warning(
                "could not play %s (exit status %d%s)",
                played.path.name,
                played.status,
                f': "{played.error}"' if played.error else "",
            )
        self._set_speaking(False)
        emit(self.finished, played.ok)
