"""Work off the GUI thread, in two lanes, with results posted back by ``to_main``.

- ``run_task``: short interactive work a visitor or staff member waits for (a PIN check, a
  bundle load, a folder listing), on a small pool of its own.
- ``run_batch``: long batch work (renditions for a whole exhibit: minutes), one batch at a
  time on a lane of its own, so an interactive task never waits behind it. A batch gets a
  :class:`~kiosk.media.cancel.CancelToken` to check between its steps and can be cancelled
  (a reload, another exhibit, quit); ``busy()`` says whether any batch is queued, running
  or has a result on its way (``batches()`` lists them); ``shutdown()`` cancels them all
  at quit.

Workers return plain data; only the GUI thread touches Qt models and QML. This is the
``run_task`` / ``to_main`` pair MusicBrainz Picard uses, on top of Python threads. The
batch lane's thread is a daemon: a batch stuck in C code never holds the process at exit
(the app's rendition batches run their decodes in a child process it kills, see
``kiosk.media.worker``).
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal, Slot

from kiosk.media.cancel import Cancelled, CancelToken
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
    """Run short ``work`` on a worker thread, then ``done(result)`` on the GUI thread.

    If ``work`` raises, ``failed(exc)`` runs on the GUI thread instead (or the error is logged).
    Long work that may be cancelled goes to :func:`run_batch` instead.
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


class Batch(Generic[T]):
    """A batch handed to :func:`run_batch`: cancel it, or see whether it is over."""

    def __init__(
        self,
        work: Callable[[CancelToken], T],
        done: Callable[[T], None],
        failed: Callable[[BaseException], None] | None,
        name: str,
    ) -> None:
        self.name = name
        self.token = CancelToken()
        self._work = work
        self._done = done
        self._failed = failed
        self._over = threading.Event()

    def cancel(self) -> None:
        """Stop the batch: not started, it never starts; running, its work stops at its
        next check of the token; finished, its result is not delivered. Neither ``done`` nor
        ``failed`` runs after this."""
        self.token.cancel()

    @property
    def cancelled(self) -> bool:
        """Whether :meth:`cancel` was called."""
        return self.token.cancelled

    @property
    def over(self) -> bool:
        """Whether the batch has ended: its result delivered, or it was dropped."""
        return self._over.is_set()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the batch is over or ``timeout`` seconds pass; whether it is over.
        (Its result is delivered on the GUI thread: do not wait for that on the GUI thread.)"""
        return self._over.wait(timeout)

    def __repr__(self) -> str:
        state = "over" if self.over else "cancelled" if self.cancelled else "open"
        return f"<Batch {self.name or '?'} {state}>"

    def _run(self) -> None:
        """On the lane: the work, then its result or error posted to the GUI thread."""
        if self.cancelled:
            self._end()
            return
        try:
            result = self._work(self.token)
        except Cancelled:
            log.debug("batch %s cancelled", self.name)
            self._end()
            return
        except Exception as exc:
            if self.cancelled:
                log.debug("batch %s failed after it was cancelled: %r", self.name, exc)
                self._end()
                return
            error = exc  # ``exc`` is unbound when the except block ends
            self._post(lambda: self._deliver_error(error))
            return
        if self.cancelled:  # while it finished: nobody wants the result
            self._end()
            return
        self._post(lambda: self._deliver(result))

    def _post(self, fn: Callable[[], None]) -> None:
        try:
            to_main(fn)
        except RuntimeError:  # the application is gone: nobody to deliver to
            self._end()

    def _deliver(self, result: T) -> None:
        try:
            if not self.cancelled:
                self._done(result)
        finally:
            self._end()

    def _deliver_error(self, exc: BaseException) -> None:
        try:
            if self.cancelled:
                return
            if self._failed is not None:
                self._failed(exc)
            else:
                log.error("background batch %s failed", self.name, exc_info=exc)
        finally:
            self._end()

    def _end(self) -> None:
        self._over.set()
        _lane.ended(self)


class _Lane:
    """One daemon thread running batches in the order they came, one at a time."""

    def __init__(self) -> None:
        self._queue: queue.SimpleQueue[Batch[Any]] = queue.SimpleQueue()
        self._lock = threading.Condition()
        self._open: list[Batch[Any]] = []
        self._current: Batch[Any] | None = None
        self._thread: threading.Thread | None = None
        self._closed = False

    def submit(self, batch: Batch[Any]) -> None:
        with self._lock:
            if self._closed:
                batch.cancel()  # after shutdown: dropped, never started
            self._open.append(batch)
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._loop, name="kiosk-batch", daemon=True)
                self._thread.start()
        self._queue.put(batch)

    def _loop(self) -> None:
        while True:
            batch = self._queue.get()
            with self._lock:
                self._current = batch
            try:
                batch._run()
            except BaseException:
                log.exception("batch %s broke out of its work", batch.name)
                batch._end()
            finally:
                with self._lock:
                    self._current = None
                    self._lock.notify_all()

    def ended(self, batch: Batch[Any]) -> None:
        with self._lock:
            if batch in self._open:
                self._open.remove(batch)

    def open(self) -> list[Batch[Any]]:
        with self._lock:
            return list(self._open)

    def close(self) -> None:
        with self._lock:
            self._closed = True

    def wait_idle(self, timeout: float) -> bool:
        """Wait until no batch's work is running; whether that happened within ``timeout``."""
        with self._lock:
            return self._lock.wait_for(lambda: self._current is None, timeout=timeout)


_lane = _Lane()


def run_batch(
    work: Callable[[CancelToken], T],
    done: Callable[[T], None],
    failed: Callable[[BaseException], None] | None = None,
    *,
    name: str = "",
) -> Batch[T]:
    """Run long ``work(token)`` on the batch lane (after any batch before it), then
    ``done(result)`` on the GUI thread, unless the batch was cancelled meanwhile.

    ``work`` checks ``token`` between its steps (``token.check()`` raises ``Cancelled``,
    which ends the batch quietly). If it raises anything else, ``failed(exc)`` runs on the
    GUI thread instead (or the error is logged). Cancel with the returned handle.
    """
    _get_poster()  # created on the calling (GUI) thread
    batch = Batch(work, done, failed, name)
    _lane.submit(batch)
    return batch


def batches() -> list[Batch[Any]]:
    """The batches queued, running, or with a result not yet delivered, oldest first."""
    return _lane.open()


def busy() -> bool:
    """Whether any batch is queued, running, or has a result not yet delivered to the GUI
    thread. (Benchmarks wait for this to be False before timing anything.)"""
    return bool(_lane.open())


def cancel_batches() -> None:
    """Cancel every batch queued or running."""
    for batch in _lane.open():
        batch.cancel()


def shutdown(timeout: float = 0.5) -> bool:
    """At quit: cancel every batch, refuse new ones, and wait up to ``timeout`` seconds for
    the batch at work to stop; whether it did. The lane is a daemon thread: even a batch
    that does not stop never keeps the process alive."""
    _lane.close()
    cancel_batches()
    return _lane.wait_idle(timeout)
