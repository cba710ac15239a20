"""A child process that makes renditions, one job at a time, and can be killed at any moment.

Decoding a 180-megapixel scan takes seconds inside Pillow's C code, where no thread can be
interrupted: a kiosk that made its renditions on a thread could not quit until the decode
ended. The app's batches run their jobs here instead. Cancelling a batch (a reload, another
exhibit, quit) kills the child at once; the temporary files of the job it was making are
then removed by the parent, which knows the child's pid and the job's folder, and the cache
never holds a half-written file since every write is renamed into place whole. The next job
starts a fresh child (a spawned interpreter importing only the media layer: no Qt, about a
tenth of a second).

The child also keeps the kiosk's memory apart: a decode that exhausts memory, or a crash in
a decoder, ends the child (reported as that job's failure), not the exhibit on screen.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import signal
import threading
import weakref
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess

from kiosk.media import scratch
from kiosk.media.cancel import Cancelled, CancelToken
from kiosk.media.jobs import Outcome, attempt, failed
from kiosk.media.renditions import Job

#: How often a waiting parent looks at its cancel token (seconds).
POLL = 0.05

_live: weakref.WeakSet[Worker] = weakref.WeakSet()


class WorkerLostError(RuntimeError):
    """The child process ended in the middle of a job (out of memory, a crash, a signal)."""


class _ParentToken(CancelToken):
    """In the child: cancelled when the parent is gone (its end of the pipe closed), so an
    orphaned child stops at the next step instead of finishing work nobody will show."""

    def __init__(self, conn: Connection) -> None:
        super().__init__()
        self._conn = conn

    @property
    def cancelled(self) -> bool:
        if not super().cancelled:
            try:
                if self._conn.poll():  # the parent sends nothing during a job: EOF
                    self.cancel()
            except OSError:
                self.cancel()
        return super().cancelled


def _serve(conn: Connection) -> None:
    """The child's loop: a job in, its outcome out (None if cancelled); None to stop."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C in a terminal: the parent decides
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if not isinstance(job, Job):
            return
        try:
            reply: Outcome | None = attempt(job, _ParentToken(conn))
        except Cancelled:
            reply = None
        try:
            conn.send(reply)
        except OSError:
            return


class Worker:
    """A child process running jobs under the shared error policy; see the module."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._proc: BaseProcess | None = None
        self._conn: Connection | None = None
        self._job: Job | None = None

    @property
    def pid(self) -> int | None:
        """The child's pid, while there is one."""
        proc = self._proc
        return proc.pid if proc is not None else None

    def _start(self) -> tuple[BaseProcess, Connection]:
        # Spawned, never forked: forking a process with Qt's threads may deadlock the child.
        ctx = multiprocessing.get_context("spawn")
        parent, child = ctx.Pipe()
        proc = ctx.Process(target=_serve, args=(child,), name="kiosk-media", daemon=True)
        proc.start()
        child.close()
        _live.add(self)
        return proc, parent

    def run(self, job: Job, token: CancelToken) -> Outcome:
        """Make ``job`` in the child; its outcome (failures included, see
        :mod:`kiosk.media.jobs`). Cancelled as soon as ``token`` is: the child is then
        killed and its temporary files removed before this returns."""
        token.check()
        with self._lock:
            if self._proc is None:
                self._proc, self._conn = self._start()
            proc, conn = self._proc, self._conn
            assert conn is not None
            self._job = job
        try:
            conn.send(job)
            while not conn.poll(POLL):
                if token.cancelled:
                    self.kill()
                    raise Cancelled
            reply = conn.recv()
        except (EOFError, OSError):
            # The child ended mid-job: killed by us (cancelled), or by a crash or the OOM
            # killer. Either way it is gone: remove what it left, start afresh next time.
            self.kill()
            if token.cancelled:
                raise Cancelled from None
            code = proc.exitcode
            return failed(job, WorkerLostError(f"the worker process ended (exit status {code})"))
        finally:
            with self._lock:
                mine = self._proc is proc
                if mine:
                    self._job = None
            if not mine:
                conn.close()  # the child was killed meanwhile: this thread was its reader
        if reply is None:  # the child saw its own token (it never does while we live)
            raise Cancelled
        assert isinstance(reply, Outcome)
        return reply

    def kill(self) -> None:
        """End the child now (SIGKILL) and remove its job's temporary files. Any thread."""
        with self._lock:
            proc, conn, job = self._proc, self._conn, self._job
            self._proc = self._conn = self._job = None
        _live.discard(self)
        if proc is None:
            return
        proc.kill()
        proc.join(5)  # at once, unless the kernel holds it (a hung disk): then go on
        if conn is not None and job is None:
            conn.close()  # otherwise its reader, the thread in run(), is still using it
        if job is not None and proc.pid is not None and proc.exitcode is not None:
            scratch.sweep_of(job.cache_root / job.digest[:2], proc.pid)

    def close(self, timeout: float = 2.0) -> None:
        """Let an idle child leave on its own (killed if it does not within ``timeout``)."""
        with self._lock:
            proc, conn, busy = self._proc, self._conn, self._job is not None
            if not busy:
                self._proc = self._conn = None
        if busy:
            self.kill()
            return
        _live.discard(self)
        if proc is None or conn is None:
            return
        with contextlib.suppress(OSError):
            conn.send(None)
        proc.join(timeout)
        if proc.exitcode is None:
            proc.kill()
            proc.join()
        conn.close()

    def __enter__(self) -> Worker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def kill_all() -> None:
    """Kill every worker's child now (quitting: nothing may outlive the kiosk)."""
    for worker in list(_live):
        worker.kill()
