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

Each job runs under the limits of :mod:`kiosk.media.sandbox`: the child reads the image's
header, limits its own address space for that many pixels and tells the parent the size;
the parent then allows the decode its wall time (per megapixel, with a floor) and kills
the child when it overruns, reporting the job as failed. The child dies with its parent
(``PR_SET_PDEATHSIG``). ``kiosk validate --deep`` runs its full decode checks here too
(:meth:`Worker.check`).

A child whose JPEG decoder stopped on a fatal error (its thread parked with what libjpeg
had allocated: :mod:`kiosk.media.strips`) reports that job and ends; the next job starts a
fresh child.
"""

from __future__ import annotations

import contextlib
import dataclasses
import multiprocessing
import os
import signal
import threading
import time
import weakref
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess

from kiosk.media import sandbox, scratch, strips
from kiosk.media.cancel import Cancelled, CancelToken
from kiosk.media.jobs import Outcome, attempt, salvaged
from kiosk.media.renditions import Job
from kiosk.media.sandbox import Check, Checked, DecodeTimeoutError, Limits

#: How often a waiting parent looks at its cancel token (seconds).
POLL = 0.05

_live: weakref.WeakSet[Worker] = weakref.WeakSet()


class WorkerLostError(RuntimeError):
    """The child process ended in the middle of a job (out of memory, a crash, a signal)."""


@dataclass(frozen=True)
class _Started:
    """Child to parent: the job's image has ``pixels`` pixels; its decode starts."""

    pixels: int


@dataclass(frozen=True)
class _Decoded:
    """Child to parent: the pixels are decoded; the rest is not timed."""


@dataclass(frozen=True)
class _Retiring:
    """Child to parent, before its reply: it ends after this job (a JPEG decoder of its
    stopped on a fatal error and holds what it had: :func:`kiosk.media.strips.stuck`)."""


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


def _serve(conn: Connection, parent: int | None = None) -> None:
    """The child's loop: a job and its limits in, its outcome out (None if cancelled);
    None to stop."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C in a terminal: the parent decides
    if parent is not None:
        sandbox.die_with_parent(parent)
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if not isinstance(message, tuple) or len(message) != 2:
            return
        task, limits = message
        if not isinstance(task, Job | Check) or not isinstance(limits, Limits):
            return
        try:
            reply = _one(conn, task, limits)
        except Cancelled:
            reply = None
        except OSError:  # the pipe: the parent is gone
            return
        retiring = strips.stuck()
        try:
            if retiring:
                conn.send(_Retiring())
            conn.send(reply)
        except OSError:
            return
        if retiring:
            return


def _one(conn: Connection, task: Job | Check, limits: Limits) -> Outcome | Checked:
    """Run one task in the child under ``limits``, telling the parent when its decode
    starts (with the image's size) and ends."""
    pixels = sandbox.header_pixels(task.src, task.max_pixels)
    sandbox.apply_memory_limit(limits.address_space(pixels), pixels)
    conn.send(_Started(pixels))
    token = _ParentToken(conn)

    def decoded() -> None:
        conn.send(_Decoded())

    if isinstance(task, Check):
        return sandbox.decode_check(task)  # timed whole: the checks decode more than once
    outcome = attempt(task, token, decoded)
    return dataclasses.replace(outcome, peak=sandbox.peak_memory())


class _TimedOut(Exception):  # noqa: N818  (internal: becomes a DecodeTimeoutError)
    def __init__(self, seconds: float, pixels: int | None) -> None:
        super().__init__()
        self.seconds, self.pixels = seconds, pixels


class _Lost(Exception):  # noqa: N818  (internal: becomes the job's failure)
    def __init__(self, exc: Exception) -> None:
        super().__init__()
        self.exc = exc


class Worker:
    """A child process running jobs under the shared error policy and the sandbox's
    ``limits`` (default: :class:`~kiosk.media.sandbox.Limits`); see the module.

    Use a worker from one thread: the child dies with the thread that started it."""

    def __init__(self, limits: Limits | None = None) -> None:
        self.limits = limits or Limits()
        self._lock = threading.Lock()
        self._proc: BaseProcess | None = None
        self._conn: Connection | None = None
        self._job: Job | Check | None = None

    @property
    def pid(self) -> int | None:
        """The child's pid, while there is one."""
        proc = self._proc
        return proc.pid if proc is not None else None

    def _start(self) -> tuple[BaseProcess, Connection]:
        # Spawned, never forked: forking a process with Qt's threads may deadlock the child.
        ctx = multiprocessing.get_context("spawn")
        parent, child = ctx.Pipe()
        proc = ctx.Process(
            target=_serve, args=(child, os.getpid()), name="kiosk-media", daemon=True
        )
        proc.start()
        child.close()
        _live.add(self)
        return proc, parent

    def run(self, job: Job, token: CancelToken) -> Outcome:
        """Make ``job`` in the child; its outcome (failures included, see
        :mod:`kiosk.media.jobs`: a decode over its time limit, or one that ran out of
        memory, is that job's failure). Cancelled as soon as ``token`` is: the child is
        then killed and its temporary files removed before this returns."""
        try:
            reply = self._call(job, token)
        except _TimedOut as exc:
            return salvaged(job, DecodeTimeoutError(exc.seconds, exc.pixels))
        except _Lost as exc:
            return salvaged(job, exc.exc)
        assert isinstance(reply, Outcome)
        return reply

    def check(self, check: Check, token: CancelToken | None = None) -> Checked:
        """Run the full decode check of one image in the child, under the limits: what it
        found (a time or memory limit, whatever the decoder raised, or nothing)."""
        try:
            reply = self._call(check, token or CancelToken())
        except _TimedOut as exc:
            reason = DecodeTimeoutError(exc.seconds, exc.pixels)
            return Checked(check, "decode-timeout", f'"{check.relative}": {reason}')
        except _Lost as exc:
            code = "decode-memory" if "memory" in str(exc.exc) else "decode-failed"
            return Checked(check, code, f'"{check.relative}": {exc.exc}')
        assert isinstance(reply, Checked)
        return reply

    def _call(self, task: Job | Check, token: CancelToken) -> object:
        """Send ``task`` to the child (started if need be) and wait for its reply, timing
        its decode: :class:`_TimedOut` (the child killed) past the limit, :class:`_Lost`
        when the child died, :class:`Cancelled` (the child killed) when ``token`` is."""
        token.check()
        with self._lock:
            if self._proc is None:
                self._proc, self._conn = self._start()
            proc, conn = self._proc, self._conn
            assert conn is not None
            self._job = task
        # Until the child says the decode starts: time to start it and read the header.
        deadline: float | None = time.monotonic() + sandbox.STARTUP_SECONDS
        allowed = 0.0
        pixels: int | None = None
        retiring = False
        try:
            conn.send((task, self.limits))
            while True:
                if conn.poll(POLL):
                    reply = conn.recv()
                    if isinstance(reply, _Started):
                        pixels = reply.pixels
                        allowed = self.limits.wall(pixels)
                        deadline = time.monotonic() + allowed
                        continue
                    if isinstance(reply, _Decoded):
                        deadline = None  # the rest is our own work, bounded by the pixels
                        continue
                    if isinstance(reply, _Retiring):
                        retiring = True
                        continue
                    break
                if token.cancelled:
                    self.kill()
                    raise Cancelled
                if deadline is not None and time.monotonic() > deadline:
                    self.kill()
                    raise _TimedOut(allowed or sandbox.STARTUP_SECONDS, pixels)
        except (EOFError, OSError):
            # The child ended mid-job: killed by us (cancelled), or by a crash or the OOM
            # killer. Either way it is gone: remove what it left, start afresh next time.
            self.kill()
            if token.cancelled:
                raise Cancelled from None
            raise _Lost(_lost(proc.exitcode, pixels, self.limits)) from None
        else:
            if retiring:
                self.kill()  # it leaves anyway: the next task starts a fresh child
        finally:
            with self._lock:
                mine = self._proc is proc
                if mine:
                    self._job = None
            if not mine:
                conn.close()  # the child was killed meanwhile: this thread was its reader
        if reply is None:  # the child saw its own token (it never does while we live)
            raise Cancelled
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
        if isinstance(job, Job) and proc.pid is not None and proc.exitcode is not None:
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


def _lost(code: int | None, pixels: int | None, limits: Limits) -> Exception:
    """Why a child ended mid-job, from its exit status: a kill by the kernel (SIGKILL, the
    out-of-memory killer) or a crash in a decoder is most likely memory; say so, and the
    limit it had."""
    if code is not None and code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        why = f"the worker process was ended by {name}"
        if -code in (signal.SIGKILL, signal.SIGSEGV, signal.SIGBUS, signal.SIGABRT):
            limit = limits.address_space(pixels or 0) / 2**20
            why += (
                f", most likely for want of memory (it may use {limit:,.0f} MB): the file may "
                "unpack to far more than its size says; scale it down or save it again from "
                "an image editor, and replace it"
            )
        return WorkerLostError(why)
    return WorkerLostError(f"the worker process ended (exit status {code})")


def check_all(checks: list[Check], limits: Limits | None = None) -> list[Checked]:
    """Run ``checks`` on every core (one worker process per core, each under ``limits``
    with the machine's memory shared between them: fewer workers when the largest image
    needs more than a core's share); their results, in order."""
    from concurrent.futures import ThreadPoolExecutor

    if not checks:
        return []
    largest = max(sandbox.header_pixels(c.src, c.max_pixels) for c in checks)
    count = sandbox.workers_for(min(os.cpu_count() or 1, len(checks)), largest)
    limits = dataclasses.replace(limits or Limits(), workers=count)
    local = threading.local()
    workers: list[Worker] = []
    token = CancelToken()

    def one(check: Check) -> Checked:
        worker = getattr(local, "worker", None)
        if worker is None:  # started on this thread, which keeps it (see die_with_parent)
            worker = local.worker = Worker(limits)
            workers.append(worker)
        return worker.check(check, token)

    try:
        with ThreadPoolExecutor(max_workers=count) as pool:
            return list(pool.map(one, checks))
    except BaseException:
        token.cancel()
        raise
    finally:
        for worker in workers:
            worker.close()


def kill_all() -> None:
    """Kill every worker's child now (quitting: nothing may outlive the kiosk)."""
    for worker in list(_live):
        worker.kill()
