"""systemd integration without extra dependencies: READY=1 after the first frame, and a
watchdog pinged from the GUI thread, so that a frozen UI stops pinging and is restarted."""

from __future__ import annotations

import logging
import os
import socket

from PySide6.QtCore import QObject, QTimer

log = logging.getLogger(__name__)


def notify(message: str) -> bool:
    """Send one sd_notify message, if systemd asked for them (NOTIFY_SOCKET)."""
    address = os.environ.get("NOTIFY_SOCKET")
    if not address:
        return False
    if address.startswith("@"):  # an abstract socket
        address = "\0" + address[1:]
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC) as sock:
            sock.connect(address)
            sock.sendall(message.encode())
    except OSError as exc:
        log.warning("could not notify systemd (%s): %s", message, exc)
        return False
    return True


def watchdog_interval_ms() -> int | None:
    """Half of WATCHDOG_USEC in ms, when the watchdog is for this process."""
    usec = os.environ.get("WATCHDOG_USEC")
    pid = os.environ.get("WATCHDOG_PID")
    if not usec or (pid and pid != str(os.getpid())):
        return None
    try:
        return max(100, int(usec) // 2000)
    except ValueError:
        return None


class Watchdog(QObject):
    """Pings WATCHDOG=1 from a GUI-thread timer: a blocked event loop stops the pings."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.timeout.connect(lambda: notify("WATCHDOG=1"))

    def start(self) -> bool:
        """Start pinging if systemd set a watchdog; whether it did."""
        interval = watchdog_interval_ms()
        if interval is None:
            return False
        self._timer.start(interval)
        return True
