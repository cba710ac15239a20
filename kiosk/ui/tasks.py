"""Slow work off the GUI thread: ``run_task`` runs a function on a worker, ``to_main`` posts back.

Workers return plain data; only the GUI thread touches Qt models and QML. This is the
small pair MusicBrainz Picard uses, on top of a Python thread pool.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal, Slot

from kiosk.ui.signals import emit

T = TypeVar("T")
log = logging.getLogger(__name__)


class _Poster(QObject):
    """Lives in the GUI thread; a queued signal carries callables to it from workers."""

    posted = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.posted.connect(self._run, Qt.ConnectionType.QueuedConnection)

    @Slot(object)
    def _run(self, fn: Callable[[], None]) -> None:
        try:
            fn()
        except Exception:
            log.exception("error in a callback posted to the GUI thread")


_pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="kiosk-worker")
_poster: _Poster | None = None


def _get_poster() -> _Poster:
    global _poster
    if _poster is None:
        app = QCoreApplication.instance()
        if app is None:
            raise RuntimeError("run_task needs a running Qt application")
        _poster = _Poster()
        _poster.moveToThread(app.thread())
    return _poster


def to_main(fn: Callable[[], None]) -> None:
    """Run ``fn`` on the GUI thread, soon (never synchronously)."""
    emit(_get_poster().posted, fn)


def run_task(
    work: Callable[[], T],
    done: Callable[[T], None],
    failed: Callable[[BaseException], None] | None = None,
) -> Future[T]:
    """Run ``work`` on a worker thread, then ``done(result)`` on the GUI thread.

    If ``work`` raises, ``failed(exc)`` runs on the GUI thread instead (or the error is logged).
    """
    _get_poster()  # created on the calling (GUI) thread

    def finished(future: Future[T]) -> None:
        exc = future.exception()
        if exc is None:
            result = future.result()
            to_main(lambda: done(result))
        elif failed is not None:
            to_main(lambda: failed(exc))
        else:
            log.error("background task failed", exc_info=exc)

    future = _pool.submit(work)
    future.add_done_callback(finished)
    return future


def call(fn: Callable[..., Any], *args: Any) -> Callable[[], Any]:
    """A zero-argument callable, for ``run_task(call(load, path), …)``."""
    return lambda: fn(*args)
