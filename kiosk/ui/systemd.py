"""systemd integration without extra dependencies: READY=1 after the first frame (of the
exhibit, or of the "unavailable" screen when there is none to show), a watchdog pinged from
the GUI thread (so that a frozen UI stops pinging and is restarted), and SIGTERM as a clean
quit. A notify socket that is missing or refuses is logged once, not once per ping.

A live event loop is not enough: a kiosk whose window another program unmapped or hid is
alive with a black screen. So the pings also stop once the window has been off screen for
longer than the watchdog interval (``WATCHDOG_USEC``; see :class:`kiosk.ui.screenguard.
Exposure`), and systemd restarts the kiosk. In kiosk mode the window normally puts itself
back within about half a second, long before that.

Under a single-app compositor (cage) the unit's main process is the compositor and the
kiosk is its child: systemd then names the compositor in WATCHDOG_PID, and the unit needs
``NotifyAccess=all`` for the kiosk's messages to count. The kiosk pings for its parent in
that case, since the compositor itself never does.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
from collections.abc import Callable

from PySide6.QtCore import QObject, QSocketNotifier, QTimer

log = logging.getLogger(__name__)


#: Why the last message could not be sent (None: it was, or none was tried): a socket that
#: refuses is reported once, not once per watchdog ping (86,400 lines a day).
_failure: str | None = None


def notify(message: str) -> bool:
    """Send one sd_notify message, if systemd asked for them (NOTIFY_SOCKET); whether sent.

    A failure is logged once, until a message gets through again."""
    global _failure
    address = os.environ.get("NOTIFY_SOCKET")
    if not address:
        return False
    shown = address
    if address.startswith("@"):  # an abstract socket
        address = "\0" + address[1:]
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC) as sock:
            sock.connect(address)
            sock.sendall(message.encode())
    except OSError as exc:
        reason = f"{shown}: {exc.strerror or exc}"
        if _failure != reason:
            log.warning(
                "could not notify systemd (%s) at %s; not repeated until it works again",
                message,
                reason,
            )
            _failure = reason
        return False
    if _failure is not None:
        log.info("systemd's notify socket %s works again", shown)
        _failure = None
    return True


def watchdog_interval_ms() -> int | None:
    """Half of WATCHDOG_USEC in ms, when the watchdog is this process's or its parent's.

    The parent counts because under cage the unit's main process is the compositor, and
    it is the kiosk's event loop that must prove it is alive.
    """
    usec = os.environ.get("WATCHDOG_USEC")
    pid = os.environ.get("WATCHDOG_PID")
    if not usec or (pid and pid not in (str(os.getpid()), str(os.getppid()))):
        return None
    try:
        return max(100, int(usec) // 2000)
    except ValueError:
        return None


class Watchdog(QObject):
    """Pings WATCHDOG=1 from a GUI-thread timer: a blocked event loop stops the pings, and
    so does a window off screen for longer than the watchdog interval (``unseen``: for how
    many seconds it has been off screen)."""

    def __init__(
        self, parent: QObject | None = None, *, unseen: Callable[[], float] | None = None
    ) -> None:
        super().__init__(parent)
        self._unseen = unseen
        self._limit = 0.0  # seconds off screen after which the pings stop (set by start)
        self._withheld = False  # whether the pings stopped for a window off screen
        self.pings = 0  # sent, for tests and the log
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.ping)

    def ping(self) -> bool:
        """Send one WATCHDOG=1, unless the window has been off screen for too long; whether
        one was sent."""
        off = self._unseen() if self._unseen is not None else 0.0
        if off > self._limit > 0:
            if not self._withheld:
                log.error(
                    "the kiosk's window has not been on screen for %.1f s, longer than the "
                    "watchdog interval (%.1f s): no more watchdog pings, so that systemd "
                    "restarts the kiosk",
                    off,
                    self._limit,
                )
                self._withheld = True
            return False
        if self._withheld:
            log.warning("the kiosk's window is on screen again; watchdog pings resume")
            self._withheld = False
        sent = notify("WATCHDOG=1")
        self.pings += sent
        return sent

    def start(self) -> bool:
        """Start pinging if systemd set a watchdog for us; whether it did."""
        interval = watchdog_interval_ms()
        if interval is not None and not os.environ.get("NOTIFY_SOCKET"):
            log.warning("systemd set a watchdog but no NOTIFY_SOCKET to ping it on; no pings")
            return False
        if interval is None:
            if os.environ.get("WATCHDOG_USEC"):
                log.info(
                    "WATCHDOG_PID=%s is neither this process nor its parent; no pings",
                    os.environ.get("WATCHDOG_PID"),
                )
            return False
        self._limit = 2 * interval / 1000  # WATCHDOG_USEC, the whole interval
        self._timer.start(interval)
        log.info("pinging the systemd watchdog every %d ms", interval)
        return True


class TermSignals(QObject):
    """SIGTERM and SIGINT as a clean quit, delivered through the Qt event loop.

    Python runs a signal handler only when the interpreter gets control, which a blocked
    ``exec()`` never gives it: the handler writes to a socket (``set_wakeup_fd``) that a
    ``QSocketNotifier`` watches, so the quit happens on the GUI thread at once.
    """

    def __init__(self, on_signal: Callable[[int], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._on_signal = on_signal
        self._read, self._write = socket.socketpair()
        self._read.setblocking(False)
        self._write.setblocking(False)
        self._notifier = QSocketNotifier(self._read.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._wake)
        self._old_fd = signal.set_wakeup_fd(self._write.fileno(), warn_on_full_buffer=False)
        self._old = {sig: signal.signal(sig, self._noop) for sig in (signal.SIGTERM, signal.SIGINT)}

    @staticmethod
    def _noop(signum: int, frame: object) -> None:
        """The wakeup fd does the work; a Python handler must exist for it to be written."""

    def _wake(self) -> None:
        try:
            data = self._read.recv(64)
        except BlockingIOError:
            return
        for signum in data:
            log.info("received %s; quitting cleanly", signal.Signals(signum).name)
            self._on_signal(signum)

    def close(self) -> None:
        """Give the signals back to their previous handlers."""
        for sig, handler in self._old.items():
            signal.signal(sig, handler)
        signal.set_wakeup_fd(self._old_fd)
        self._notifier.setEnabled(False)
        self._read.close()
        self._write.close()
