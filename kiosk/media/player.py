"""Headphone audio: one file at a time, played by GStreamer's ``gst-play-1.0`` in a subprocess.

PySide6-Essentials has no QtMultimedia, and a player in a child process has what the kiosk
needs most: killing it stops the sound at once, whatever state its decoder is in, and a
decoder that crashes ends the child, not the exhibit. ``gst-play-1.0`` (Debian 12's
gstreamer1.0-plugins-base-apps) plays WAV, Ogg Vorbis/Opus, MP3 and FLAC with the base and
good plugins, to ALSA (gstreamer1.0-alsa) or whatever sound server runs.

- No shell: the path is one argument, after every option, so a file named "-x" is a file.
- Each play runs in its own session (process group), and ``stop`` kills that group with
  SIGKILL: nothing is left to drain its buffer.
- A new play stops the one before: the visitor hears one voice.
- ``gst-play-1.0`` exits 0 even when it cannot play a file; it says ``ERROR ...`` on its
  standard error instead. A play counts as failed on a non-zero exit or such a line, and
  the line is reported.
- The sink: gst-play's default (autoaudiosink) unless one is given, or set in the
  environment as ``KIOSK_AUDIO_SINK`` (a GStreamer description such as
  ``fakesink sync=true``, which discards the sound at its real pace: how tests and a
  machine with no sound card play).

Plays are numbered by tickets so that a caller on one thread can claim a play (stopping the
current one at once) and start it on another thread later: a play whose ticket is no longer
the newest is never started, since a ``stop`` or another play came after it.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

#: The program, looked up on PATH.
PROGRAM = "gst-play-1.0"

#: The Debian packages that give PROGRAM and what it needs to play the bundle's formats.
PACKAGES = (
    "gstreamer1.0-plugins-base-apps",
    "gstreamer1.0-tools",
    "gstreamer1.0-plugins-base",
    "gstreamer1.0-plugins-good",
    "gstreamer1.0-alsa",
)

#: The environment variable naming the GStreamer audio sink (a description for
#: ``--audiosink``); unset, gst-play uses autoaudiosink.
SINK_VARIABLE = "KIOSK_AUDIO_SINK"


class PlayerError(RuntimeError):
    """Audio cannot be played at all here: the message says what to install."""


@dataclass(frozen=True)
class Played:
    """How one play ended."""

    path: Path
    ticket: int
    #: The exit status (negative: killed by that signal).
    status: int
    #: gst-play's first error line, or "" when it said none.
    error: str
    #: Seconds from the process's start to its end.
    seconds: float
    #: Whether it was stopped (``stop``, or a newer play) rather than ending by itself.
    stopped: bool

    @property
    def ok(self) -> bool:
        """Whether the file played to its end."""
        return not self.stopped and self.status == 0 and not self.error


def program() -> str:
    """The path of gst-play-1.0 on PATH, or PlayerError saying what to apt-get install."""
    found = shutil.which(PROGRAM)
    if found is None:
        raise PlayerError(
            f"{PROGRAM} is not installed (not found on PATH), so the kiosk cannot play "
            f"audio on headphones; install it with: apt-get install {' '.join(PACKAGES)}"
        )
    return found


def first_error(stderr: str) -> str:
    """The first line of gst-play's standard error that says what went wrong."""
    for line in stderr.splitlines():
        line = line.strip()
        if line.startswith("ERROR ") and not line.startswith("ERROR debug information"):
            return line.removeprefix("ERROR ").strip()
    return ""


class Player:
    """Plays one file at a time; thread safe. ``finished`` is called (on a watcher thread)
    with the :class:`Played` of every play that started, however it ended."""

    def __init__(
        self,
        *,
        sink: str | None = None,
        finished: Callable[[Played], None] | None = None,
    ) -> None:
        """``sink``: a GStreamer audio sink description; None takes $KIOSK_AUDIO_SINK, and
        when that is unset too, gst-play's default. Raises PlayerError without gst-play."""
        self.exe = program()
        self.sink = sink if sink is not None else os.environ.get(SINK_VARIABLE) or None
        self.finished = finished
        self._lock = threading.Lock()
        self._ticket = 0
        self._process: subprocess.Popen[bytes] | None = None
        self._stopped: set[int] = set()  # pids killed by stop or a newer play

    @property
    def ticket(self) -> int:
        """The newest ticket: only a play with this one may start or be reported as current."""
        with self._lock:
            return self._ticket

    def claim(self) -> int:
        """Stop what plays now and return the ticket for the next play (GUI-thread safe:
        a kill, no wait)."""
        with self._lock:
            self._ticket += 1
            self._kill_locked()
            return self._ticket

    def stop(self) -> None:
        """Stop at once: the player's process group is killed, and any play claimed but not
        started yet never starts."""
        self.claim()

    def play(self, path: Path, *, volume: float = 1.0, ticket: int | None = None) -> int | None:
        """Start playing ``path`` at ``volume`` (0 to 1), stopping the play before; the pid,
        or None when ``ticket`` (from :meth:`claim`) is no longer the newest. Returns once
        the process runs, not when it ends."""
        level = min(max(float(volume), 0.0), 1.0)
        argv = [self.exe, "--no-interactive", "-q", f"--volume={level:.3f}"]
        if self.sink:
            argv.append(f"--audiosink={self.sink}")
        argv += ["--", str(path)]
        with self._lock:
            if ticket is None:
                self._ticket += 1
                ticket = self._ticket
            elif ticket != self._ticket:
                return None
            self._kill_locked()
            try:
                process = subprocess.Popen(
                    argv,
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.PIPE,
                    start_new_session=True,  # its own process group, killed whole
                    close_fds=True,
                )
            except OSError as exc:
                raise PlayerError(
                    f"{PROGRAM} could not be started ({exc.strerror or exc}); install it with: "
                    f"apt-get install {' '.join(PACKAGES)}"
                ) from None
            self._process = process
        started = time.monotonic()
        threading.Thread(
            target=self._watch,
            args=(process, Path(path), ticket, started),
            name=f"kiosk-audio-{process.pid}",
            daemon=True,
        ).start()
        return process.pid

    @property
    def playing(self) -> bool:
        """Whether a play's process is running."""
        with self._lock:
            return self._process is not None and self._process.poll() is None

    def wait(self, timeout: float | None = None) -> bool:
        """Block until no play runs (for tests and quit); whether that happened in time."""
        with self._lock:
            process = self._process
        if process is None:
            return True
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            return False
        return True

    def _kill_locked(self) -> None:
        process = self._process
        if process is None or process.poll() is not None:
            return
        self._stopped.add(process.pid)
        with contextlib.suppress(ProcessLookupError):  # it ended meanwhile
            os.killpg(process.pid, signal.SIGKILL)

    def _watch(self, process: subprocess.Popen[bytes], path: Path, ticket: int, t0: float) -> None:
        """On a thread of its own: read the play's errors, reap it, report how it ended."""
        assert process.stderr is not None
        said = process.stderr.read().decode("utf-8", "replace")
        process.stderr.close()
        status = process.wait()
        seconds = time.monotonic() - t0
        with self._lock:
            stopped = process.pid in self._stopped
            self._stopped.discard(process.pid)
            if self._process is process:
                self._process = None
        if self.finished is not None:
            self.finished(Played(path, ticket, status, first_error(said), seconds, stopped))
