"""The renditions a loaded exhibit lacks, made in the background, in cancellable batches.

The session hands over what :func:`kiosk.media.renditions.locate` found missing; a batch
makes the renditions, then another the tile pyramids, on the batch lane
(``kiosk.ui.tasks.run_batch``), each job in a worker process
(``kiosk.media.worker``) under the error policy ``prepare`` uses too
(``kiosk.media.jobs``): a file that fails is logged with its name and the batch goes on.
Starting another batch (a reload, another exhibit) cancels the one under way, so two
batches never race on the same files; quitting kills the worker at once. What was made is
handed back on the GUI thread as plain data.

The first batch of a process also removes the temporary files that killed builds left in
the cache (``kiosk.media.scratch``).

A full, read-only or unwritable cache (``ENOSPC``, ``EROFS``, ``EACCES``) fails the job
that meets it without leaving anything half-written; the batch then stops writing (the
jobs left would fail the same way), logs it once with the cache folder and what to do, and
the kiosk shows what it has (originals at screen size where renditions are missing).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.media import scratch
from kiosk.media.cancel import CancelToken
from kiosk.media.jobs import skipped
from kiosk.media.renditions import Job, Located, Spec, group
from kiosk.media.tiles import Pyramid, TileSpec
from kiosk.media.worker import Worker
from kiosk.ui.tasks import Batch, run_batch

log = logging.getLogger(__name__)


@dataclass
class Made:
    """What a batch made: media id → {spec name: path}, the pyramids, and what failed."""

    renditions: dict[str, dict[str, Path]] = field(default_factory=dict)
    pyramids: dict[str, Pyramid] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    #: The errno of a full, read-only or unwritable cache met by this batch (reported
    #: once; the jobs after it were not tried), else None.
    disk: int | None = None

    @property
    def count(self) -> int:
        """Renditions and pyramids made."""
        return sum(len(paths) for paths in self.renditions.values())


def phases(located: Located) -> list[list[tuple[str, Job]]]:
    """The jobs of ``located`` (with their media ids) in two phases: the renditions first
    (every screen needs them), the pyramids after (only zooming does). Empty ones left out.

    An original's renditions are one job (one decode, at the scale the largest needs: a
    JPEG at a fraction of its size); its pyramid needs the full-size decode, later. So an
    original is decoded twice here, not three times; ``kiosk prepare`` decodes it once."""
    plain: list[tuple[str, Job]] = []
    pyramids: list[tuple[str, Job]] = []
    for media_id, jobs in located.jobs.items():
        plain += [(media_id, job) for job in group(j for j in jobs if isinstance(j.spec, Spec))]
        pyramids += [(media_id, job) for job in jobs if isinstance(job.spec, TileSpec)]
    return [phase for phase in (plain, pyramids) if phase]


def make(jobs: list[tuple[str, Job]], token: CancelToken, *, sweep: Path | None = None) -> Made:
    """Make ``jobs`` one by one in a worker process, checking ``token`` between jobs (a
    cancel during a job kills the worker). Runs on the batch lane. ``sweep``: a cache root
    to clear of leftover temporary files first."""
    if sweep is not None:
        for path in scratch.sweep(sweep):
            log.info("removed %s, left by a build that was interrupted", path)
    made = Made()
    with Worker() as worker:
        for done, (media_id, job) in enumerate(jobs):
            token.check()
            if made.disk is not None:  # the cache cannot take more: don't try
                made.problems += [p.problem or "" for p in skipped(job, made.disk).each()]
                continue
            for outcome in worker.run(job, token).each():  # one per rendition
                if outcome.disk is not None and made.disk is None:  # once, for the batch
                    made.disk = outcome.disk
                    left = sum(len(j.specs) for _, j in jobs[done:])
                    log.error(
                        "%d renditions not made: %s",
                        left,
                        scratch.disk_advice(outcome.disk, job.cache_root),
                    )
                if outcome.path is None:
                    if outcome.disk is None:
                        log.warning("%s", outcome.problem)
                    made.problems.append(outcome.problem or "")
                    continue
                made.renditions.setdefault(media_id, {})[outcome.job.spec.name] = outcome.path
                if outcome.pyramid is not None:
                    made.pyramids[media_id] = outcome.pyramid
    return made


class Renditions:
    """Makes what a bundle's cache lacks, one batch at a time (see the module)."""

    def __init__(self, cache_root: Path | None = None) -> None:
        """``cache_root``: the cache to clear of leftover temporary files at the first batch."""
        self._cache_root = cache_root
        self._batch: Batch[Made] | None = None
        self._again: Callable[[], object] | None = None

    def start(self, located: Located, show: Callable[[Made], None]) -> Batch[Made] | None:
        """Cancel the batch under way, if any, and make what ``located`` lacks: first the
        renditions (every screen needs them), then the pyramids (only zooming does), each
        phase a batch of its own followed by ``show(made)`` on the GUI thread (not if
        cancelled). The first batch, if one runs."""
        self.cancel()
        sweep, self._cache_root = self._cache_root, None  # once a process is enough
        return self._run(phases(located), sweep, show)

    def _run(
        self,
        todo: list[list[tuple[str, Job]]],
        sweep: Path | None,
        show: Callable[[Made], None],
    ) -> Batch[Made] | None:
        if not todo and sweep is None:
            self._again = None
            return None
        jobs, rest = (todo[0], todo[1:]) if todo else ([], [])
        self._again = lambda: self._run(todo, None, show)

        def done(made: Made) -> None:
            if made.count:
                log.info("made %d renditions in the background", made.count)
                show(made)
            if rest and made.disk is None:  # a full or read-only cache: not the next phase
                self._run(rest, None, show)  # started before this one ends: never idle
            else:
                self._again = None

        self._batch = run_batch(
            lambda token: make(jobs, token, sweep=sweep), done, self._failed, name="renditions"
        )
        return self._batch

    @staticmethod
    def _failed(exc: BaseException) -> None:
        log.error("making renditions failed", exc_info=exc)

    def cancel(self) -> None:
        """Cancel the batch under way (a reload, another exhibit, quit)."""
        if self._batch is not None:
            self._batch.cancel()
            self._batch = None

    def resume(self) -> None:
        """Start the last batch again if it was cancelled before it finished (a reload
        that failed leaves the same exhibit on screen); what was made meanwhile is found
        in the cache and not made twice."""
        if self._batch is None and self._again is not None:
            self._again()

    @property
    def busy(self) -> bool:
        """Whether a phase is still to finish (its renditions not yet shown)."""
        return self._again is not None

    @property
    def batch(self) -> Batch[Made] | None:
        """The batch under way (or the last one started), until cancelled."""
        return self._batch
