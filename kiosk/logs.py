"""Logging: a size-capped rotating file in the platform's log folder, and the recent errors
that the staff panel shows. Unexpected exceptions are logged, never shown to visitors.

A log folder that cannot be used (read-only, full, no permission), at start or later, never
stops the kiosk: the log goes to stderr (the journal under systemd), said once in one line."""

from __future__ import annotations

import collections
import logging
import logging.handlers
import sys
import threading
import time
from collections.abc import Callable
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

    def clear(self) -> None:
        """Forget every record (a test's own, for the next)."""
        with self._lock_:
            self._records.clear()


recent = RecentErrors()


CONSOLE_FORMAT = "%(levelname)s %(name)s: %(message)s"
#: What ``setup`` returns when the log folder is unusable and the log goes to stderr.
STDERR = Path("/dev/stderr")


def _reason(exc: OSError) -> str:
    """An OSError in words, without the path (the message names the folder)."""
    return exc.strerror or type(exc).__name__


#: How often a log file that failed is tried again (seconds): space freed, a folder made
#: writable again, and the file is back within a minute, without a restart.
RETRY_SECONDS = 60.0


class _LogFile(logging.handlers.RotatingFileHandler):
    """The rotating log file; when writing it fails (a full disk, a folder made read-only),
    it says so once and the records go to stderr (the journal) instead: never a
    "--- Logging error ---" traceback per record. Every :data:`RETRY_SECONDS` a record
    tries the file again; when it works, the file is used again and says so."""

    #: The clock of the retries (tests move it).
    clock: Callable[[], float] = staticmethod(time.monotonic)

    def __init__(
        self, path: Path, *, max_bytes: int, backups: int, fallback: logging.Handler | None
    ) -> None:
        # A lone surrogate from a bundle ("\ud800") is written as its escape, not lost
        # in a "--- Logging error ---" traceback.
        super().__init__(
            path,
            maxBytes=max_bytes,
            backupCount=backups,
            encoding="utf-8",
            errors="backslashreplace",
        )
        #: Where records go once the file fails (None: the console handler has them already).
        self.fallback = fallback
        self.failed = False
        self._failed_at = 0.0
        self._retrying = False

    def emit(self, record: logging.LogRecord) -> None:
        """Write ``record`` to the file, or to the fallback while the file fails."""
        if self.failed:
            if self.clock() - self._failed_at < RETRY_SECONDS:
                if self.fallback is not None:
                    self.fallback.handle(record)
                return
            self._retry(record)
            return
        super().emit(record)

    def _retry(self, record: logging.LogRecord) -> None:
        """Try the file again with ``record``; it stays failed, silently, if it still fails."""
        self._failed_at = self.clock()
        self._retrying, self.failed = True, False
        try:
            super().emit(record)  # opens the file again (the stream is None); errors: below
        finally:
            self._retrying = False
        if not self.failed:
            logging.getLogger("kiosk.logs").warning(
                "the log file in %s can be written again; logging to it",
                Path(self.baseFilename).parent,
            )

    def handleError(self, record: logging.LogRecord) -> None:  # noqa: N802 (logging's name)
        """An OSError while writing: switch to stderr, once; anything else as logging does."""
        exc = sys.exc_info()[1]
        if not isinstance(exc, OSError) or self.failed:
            super().handleError(record)
            return
        self.failed = True
        self._failed_at = self.clock()
        stream, self.stream = self.stream, None
        try:
            if stream is not None:
                stream.close()  # its unwritten buffer fails again: it is dropped
        except OSError:
            pass
        if self._retrying:  # still failing: said already
            if self.fallback is not None:
                self.fallback.handle(record)
            return
        logging.getLogger("kiosk.logs").warning(
            "cannot write the log file in %s any more (%s); logging to stderr (the journal)",
            Path(self.baseFilename).parent,
            _reason(exc),
        )
        if self.fallback is not None:
            self.fallback.handle(record)


def setup(log_dir: Path, *, max_bytes: int, backups: int, console: bool = True) -> Path:
    """Log to ``log_dir/kiosk.log`` (rotating) and to the terminal; returns the file's path.

    A folder that cannot be created or written (read-only, full, no permission) is said
    once, in one line, and the log goes to stderr (the journal) instead: then ``STDERR``."""
    root = logging.getLogger()
    root.setLevel(logging.INFO)
    for handler in list(root.handlers):
        if getattr(handler, "_kiosk", False):
            root.removeHandler(handler)
            if handler is not recent:
                handler.close()
    stderr: logging.Handler = logging.StreamHandler()
    stderr.setFormatter(logging.Formatter(CONSOLE_FORMAT))
    path = log_dir / "kiosk.log"
    file_handler: logging.Handler | None = None
    problem = ""
    try:
        log_dir.mkdir(parents=True, exist_ok=True)
        file_handler = _LogFile(
            path,
            max_bytes=max_bytes,
            backups=backups,
            fallback=None if console else stderr,
        )
    except OSError as exc:
        problem, path = _reason(exc), STDERR
    handlers: list[logging.Handler] = [recent]
    if file_handler is not None:
        file_handler.setFormatter(logging.Formatter(FORMAT))
        handlers.insert(0, file_handler)
    if console or file_handler is None:
        handlers.append(stderr)
    for handler in handlers:
        handler._kiosk = True  # type: ignore[attr-defined]
        root.addHandler(handler)
    if problem:
        logging.getLogger("kiosk.logs").warning(
            "cannot write the log file in %s (%s); logging to stderr (the journal)",
            log_dir,
            problem,
        )
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
