"""Logging: a size-capped rotating file in the platform's log folder, and the recent errors
that the staff panel shows. Unexpected exceptions are logged, never shown to visitors."""

from __future__ import annotations

import collections
import logging
import logging.handlers
import sys
import threading
from pathlib import Path
from types import TracebackType

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class RecentErrors(logging.Handler):
    """Keeps the last warnings and errors in memory for the staff panel."""

    def __init__(self, size: int = 20) -> None:
        super().__init__(level=logging.WARNING)
        self._records: collections.deque[str] = collections.deque(maxlen=size)
        self._lock_ = threading.Lock()
        self.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s", "%H:%M:%S"))

    def emit(self, record: logging.LogRecord) -> None:
        """Remember one record (first line only: the panel is no place for a traceback)."""
        text = self.format(record).splitlines()[0]
        with self._lock_:
            self._records.append(text)

    def lines(self) -> list[str]:
        """The remembered records, newest last."""
        with self._lock_:
            return list(self._records)


recent = RecentErrors()


def setup(log_dir: Path, *, max_bytes: int, backups: int, console: bool = True) -> Path:
    """Log to ``log_dir/kiosk.log`` (rotating) and to the terminal; returns the file's path."""
    log_dir.mkdir(parents=True, exist_ok=True)
    path = log_dir / "kiosk.log"
    root = logging.getLogger()
    root.setLevel(logging.INFO)
    for handler in list(root.handlers):
        if getattr(handler, "_kiosk", False):
            root.removeHandler(handler)
    file_handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=max_bytes, backupCount=backups, encoding="utf-8"
    )
    file_handler.setFormatter(logging.Formatter(FORMAT))
    handlers: list[logging.Handler] = [file_handler, recent]
    if console:
        stream = logging.StreamHandler()
        stream.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        handlers.append(stream)
    for handler in handlers:
        handler._kiosk = True  # type: ignore[attr-defined]
        root.addHandler(handler)
    sys.excepthook = log_unexpected
    threading.excepthook = lambda args: log_unexpected(
        args.exc_type, args.exc_value or args.exc_type(), args.exc_traceback
    )
    return path


def log_unexpected(
    kind: type[BaseException], value: BaseException, tb: TracebackType | None
) -> None:
    """An exception nobody caught (in a Qt slot, say): log it; the visitor's screen goes on."""
    logging.getLogger("kiosk").error("unexpected error: %s", value, exc_info=(kind, value, tb))
