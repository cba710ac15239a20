"""A read-only or full cache in the app: the batch of renditions reports it once, with the
folder and what to do, does not go on to the tile pyramids, and the exhibit shows what it
has."""

from __future__ import annotations

import errno
import logging
import os
from pathlib import Path

from PIL import Image

from kiosk.media import jobs, scratch
from kiosk.media.renditions import Cache, Job, Located, Spec
from kiosk.media.tiles import TileSpec
from kiosk.ui import renditions as app_renditions
from kiosk.ui import tasks
from kiosk.ui.renditions import Made, Renditions


class InProcessWorker:
    """kiosk.media.worker.Worker without the child: the monkeypatched writes apply."""

    tried: list[Job] = []  # noqa: RUF012  (reset by the test)

    def __enter__(self) -> InProcessWorker:
        return self

    def __exit__(self, *exc: object) -> None:
        pass

    def run(self, job: Job, token: object) -> jobs.Outcome:
        type(self).tried.append(job)
        return jobs.attempt(job, None)


def test_a_read_only_cache_is_reported_once_and_the_pyramids_are_not_tried(
    qapp, qtbot, tmp_path, monkeypatch, caplog
):
    caplog.set_level(logging.INFO, logger=app_renditions.__name__)
    cache = Cache(tmp_path / "cache")
    thumb, screen = Spec("thumb", 64, 64), Spec("screen", 128, 128)
    located = Located(found={}, jobs={})
    for i in range(3):
        src = tmp_path / f"o{i}.png"
        Image.new("RGB", (400, 300), (40 * i, 90, 30)).save(src)
        digest = cache.digest(src)
        located.jobs[f"m{i}"] = [
            Job(cache.root, src, digest, spec, 10**8) for spec in (thumb, screen, TileSpec())
        ]

    def read_only(path: str, flags: int, *mode: int) -> int:
        if flags & os.O_CREAT:
            raise OSError(errno.EROFS, os.strerror(errno.EROFS))
        return os.open(path, flags, *mode)

    InProcessWorker.tried = []
    monkeypatch.setattr(app_renditions, "Worker", InProcessWorker)
    monkeypatch.setattr(scratch, "_open", read_only)
    shown: list[Made] = []
    Renditions().start(located, shown.append)
    qtbot.waitUntil(lambda: not tasks.busy(), timeout=30_000)
    assert shown == []  # nothing made, nothing to show: the exhibit keeps what it has
    assert len(InProcessWorker.tried) == 1  # neither the other renditions nor the pyramids
    problems = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(problems) == 1, [r.getMessage() for r in problems]
    message = problems[0].getMessage()
    assert str(cache.root) in message and "mount that disk read-write" in message
    assert "6 renditions not made" in message  # this phase's; the pyramids never started
    assert not any(Path(tmp_path / "cache").rglob("*.jpg"))
