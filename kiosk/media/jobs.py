"""One error policy for every rendition job, shared by ``kiosk prepare`` and the app.

A batch of renditions is many independent jobs over files a curator brought: one odd file
must never stop the others. Whatever a job raises (an unreadable or truncated file, an
image over the pixel limit, a ``SyntaxError`` from a malformed header, ``MemoryError``,
a decode over its time limit) is reported with the file it came from, where the bundle
names it when the job knows, and the reason; the batch goes on. Only a cancellation
stops it.

A job may make several renditions of one original from one decode
(:func:`kiosk.media.renditions.make_all`); its outcome then holds one part per rendition.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kiosk.media import sandbox, scratch, tiles
from kiosk.media.cancel import Cancelled, CancelToken
from kiosk.media.renditions import Cache, Job, make_all, run_job
from kiosk.media.tiles import Pyramid, TileSpec


@dataclass(frozen=True)
class Outcome:
    """What became of one job: the rendition made (and a pyramid's geometry), or why not.

    Plain, picklable data: it comes back from worker processes."""

    job: Job
    path: Path | None = None
    pyramid: Pyramid | None = None
    problem: str | None = None
    """What went wrong, naming the original; None when the rendition was made."""
    disk: int | None = None
    """The errno when the cache's disk was at fault (full, read-only, not writable: see
    :data:`kiosk.media.scratch.DISK_ERRNOS`): a batch then stops writing, reports it once
    and goes on with what it has."""
    reason: str | None = None
    """The problem without the file's name ("SyntaxError: broken PNG file")."""
    parts: tuple[Outcome, ...] = ()
    """For a job of several renditions, one outcome per rendition (in the job's order)."""
    peak: int | None = None
    """The worker's peak resident memory in bytes after the job, when it ran in one."""

    @property
    def ok(self) -> bool:
        """Whether the rendition (every one of them) was made."""
        return self.problem is None

    def each(self) -> tuple[Outcome, ...]:
        """One outcome per rendition: the parts, or this one."""
        return self.parts or (self,)


def _reason(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


def failed(job: Job, exc: BaseException) -> Outcome:
    """The outcome of a job that raised ``exc`` (here, or in a worker process that died,
    or was killed at its time limit): every rendition of it failed the same way."""
    if isinstance(exc, Exception):
        exc = sandbox.explain(exc)  # a MemoryError under the worker's limit says so
    reason = _reason(exc)
    if job.also:
        return _whole(job, tuple(failed(part, exc) for part in job.parts()))
    return Outcome(
        job,
        problem=f"{job.label}: could not make its {job.spec.name}: {reason}",
        disk=scratch.disk_error(exc),
        reason=reason,
    )


def salvaged(job: Job, exc: BaseException) -> Outcome:
    """The outcome of a job whose worker was killed (at its time limit, or by the kernel):
    the renditions it had finished (renamed into the cache whole) count as made, the rest
    failed with ``exc``."""
    cache = Cache(job.cache_root)
    parts = []
    for part in job.parts():
        try:
            path = cache.find(part.digest, part.spec)
        except OSError:
            path = None
        parts.append(failed(part, exc) if path is None else _made(part, path))
    return _whole(job, tuple(parts)) if job.also else parts[0]


def skipped(job: Job, code: int) -> Outcome:
    """The outcome of a job not tried: the cache's disk failed an earlier one (``code``)."""
    if job.also:
        return _whole(job, tuple(skipped(part, code) for part in job.parts()))
    return Outcome(
        job,
        problem=f"{job.label}: its {job.spec.name} was not made: {os.strerror(code)}",
        disk=code,
        reason=os.strerror(code),
    )


def _whole(job: Job, parts: tuple[Outcome, ...]) -> Outcome:
    """The outcome of a job of several renditions, from theirs: its problem is one line
    (the renditions that failed, and why) when they failed for one reason."""
    bad = [p for p in parts if p.problem is not None]
    disk = next((p.disk for p in bad if p.disk is not None), None)
    if not bad:
        return Outcome(job, parts=parts)
    reasons = {p.reason for p in bad}
    if len(reasons) == 1 and None not in reasons:
        names = [p.job.spec.name for p in bad]
        listed = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
        problem = f"{job.label}: could not make its {listed}: {bad[0].reason}"
    else:
        problem = "; ".join(p.problem or "" for p in bad)
    return Outcome(job, problem=problem, disk=disk, reason=bad[0].reason, parts=parts)


def attempt(
    job: Job,
    token: CancelToken | None = None,
    on_decoded: Callable[[], None] | None = None,
) -> Outcome:
    """Run ``job`` under the policy: any exception becomes a failed outcome naming the file.
    A job of several renditions decodes its original once (``make_all``).

    Only :class:`~kiosk.media.cancel.Cancelled` (and KeyboardInterrupt, SystemExit) pass
    through: they end the batch, not the job. ``on_decoded`` is called once the original's
    pixels are decoded (the sandbox times the decode up to there)."""
    if job.also:
        results = make_all(job, token, on_decoded)
        parts = []
        for part, (_spec, result) in zip(job.parts(), results, strict=True):
            if isinstance(result, Exception):
                parts.append(failed(part, result))
            else:
                parts.append(_made(part, result))
        return _whole(job, tuple(parts))
    try:
        path = run_job(job, token, on_decoded)
        return _made(job, path)
    except Cancelled:
        raise
    except Exception as exc:  # the policy: every failure is one job's, reported, not fatal
        return failed(job, exc)


def _made(job: Job, path: Path) -> Outcome:
    """The outcome of a rendition made at ``path`` (a pyramid's geometry read back)."""
    try:
        pyramid = tiles.read(path.parent) if isinstance(job.spec, TileSpec) else None
    except (OSError, ValueError) as exc:
        return failed(job, exc)
    return Outcome(job, path, pyramid)
