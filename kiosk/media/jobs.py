"""One error policy for every rendition job, shared by ``kiosk prepare`` and the app.

A batch of renditions is many independent jobs over files a curator brought: one odd file
must never stop the others. Whatever a job raises (an unreadable or truncated file, an
image over the pixel limit, a ``SyntaxError`` from a malformed header, ``MemoryError``) is
reported with the file it came from and the batch goes on. Only a cancellation stops it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from kiosk.media import scratch, tiles
from kiosk.media.cancel import Cancelled, CancelToken
from kiosk.media.renditions import Job, run_job
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

    @property
    def ok(self) -> bool:
        """Whether the rendition was made."""
        return self.problem is None


def failed(job: Job, exc: BaseException) -> Outcome:
    """The outcome of a job that raised ``exc`` (here, or in a worker process that died)."""
    reason = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    return Outcome(
        job,
        problem=f"{job.src}: could not make its {job.spec.name}: {reason}",
        disk=scratch.disk_error(exc),
    )


def skipped(job: Job, code: int) -> Outcome:
    """The outcome of a job not tried: the cache's disk failed an earlier one (``code``)."""
    return Outcome(
        job,
        problem=f"{job.src}: its {job.spec.name} was not made: {os.strerror(code)}",
        disk=code,
    )


def attempt(job: Job, token: CancelToken | None = None) -> Outcome:
    """Run ``job`` under the policy: any exception becomes a failed outcome naming the file.

    Only :class:`~kiosk.media.cancel.Cancelled` (and KeyboardInterrupt, SystemExit) pass
    through: they end the batch, not the job."""
    try:
        path = run_job(job, token)
        pyramid = tiles.read(path.parent) if isinstance(job.spec, TileSpec) else None
    except Cancelled:
        raise
    except Exception as exc:  # the policy: every failure is one job's, reported, not fatal
        return failed(job, exc)
    return Outcome(job, path, pyramid)
