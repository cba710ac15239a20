"""What every in-process benchmark shares: a known screen, queued touch input, frame clocks,
and the guarantee that no background work runs while a figure is timed.

- ``use_screen`` gives the offscreen platform a real kiosk screen (1920×1080 by default), so
  the app picks the rendition specs it would pick on the gallery's display.
- :class:`Touch` queues touch steps (down, move, up, from a registered touch screen) as
  posted events: they wait in the event queue as a visitor's touches do, and the event loop
  hands them to QGuiApplication's own touch processing after the clock has started.
  ``QTest.touchEvent`` alone would deliver them synchronously, before any clock could start.
- :class:`Frames` tells which frame first shows a state: the state is read on the GUI
  thread just before the scene is synchronised (``afterAnimating``, or
  ``beforeSynchronizing`` when that is on the GUI thread), and the frame counts once it is
  swapped (``frameSwapped``).
- :class:`Background` counts the worker tasks and batches started and in flight (every
  ``ThreadPoolExecutor``, the app's ``tasks.Batch`` and ``tasks.busy()``) and the
  renditions built in this process (``Cache.build`` calls that made something), so a
  benchmark can assert that none runs during a timed section.
- :class:`Heartbeat` finds the longest time the GUI thread did not get back to its event
  loop; :class:`Delay` and :class:`Pairs` are the self-checks' injected work and their
  samples with and without it.
"""

from __future__ import annotations

import json
import math
import os
import statistics
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

SIZE = (1920, 1080)


def screen_platform(size: tuple[int, int] = SIZE) -> str:
    """A QT_QPA_PLATFORM value: offscreen, on one screen of ``size``."""
    config = Path(tempfile.gettempdir()) / f"kiosk-bench-screen-{size[0]}x{size[1]}.json"
    screen = {
        "name": "bench",
        "x": 0,
        "y": 0,
        "width": size[0],
        "height": size[1],
        "logicalDpi": 96,
        "logicalBaseDpi": 96,
        "dpr": 1,
    }
    config.write_text(json.dumps({"screens": [screen]}), encoding="utf-8")
    return f"offscreen:configfile={config}"


def use_screen(size: tuple[int, int] = SIZE) -> None:
    """Run offscreen on one screen of ``size`` (before the QGuiApplication is made)."""
    os.environ["QT_QPA_PLATFORM"] = screen_platform(size)


# Qt is imported only after use_screen may have run (the platform is read when the app starts,
# but keep the order obvious).
from PySide6.QtCore import (  # noqa: E402, TID251
    QCoreApplication,
    QEvent,
    QEventLoop,
    QObject,
    QPointF,
    Qt,
    QThread,
    QTimer,
    Signal,
)
from PySide6.QtQuick import QQuickItem, QQuickWindow  # noqa: E402, TID251
from PySide6.QtTest import QTest  # noqa: E402, TID251


def pct(values: list[float], q: float) -> float:
    """The ``q`` quantile by nearest rank: p95 of 20 values is the 19th smallest."""
    ordered = sorted(values)
    rank = math.ceil(q * len(ordered) - 1e-9)
    return ordered[min(len(ordered), max(1, rank)) - 1]


def summary(values_s: list[float]) -> dict[str, float]:
    """Median, p95 and max of seconds, in milliseconds."""
    ms = [v * 1000 for v in values_s]
    return {
        "median": round(statistics.median(ms), 1),
        "p95": round(pct(ms, 0.95), 1),
        "max": round(max(ms), 1),
        "n": len(ms),
    }


def wait(ms: int) -> None:
    """Run the event loop for ``ms`` milliseconds."""
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def until(predicate: Callable[[], bool], timeout: float = 20.0, what: str = "") -> None:
    """Run the event loop until ``predicate()`` holds."""
    deadline = time.perf_counter() + timeout
    while not predicate():
        if time.perf_counter() > deadline:
            raise TimeoutError(f"timed out waiting for {what or predicate}")
        QTest.qWait(2)


def walk(item: QQuickItem) -> Iterator[QQuickItem]:
    """``item`` and every item below it."""
    yield item
    for child in item.childItems():
        yield from walk(child)


def find(root: QQuickItem | QQuickWindow, name: str, *, visible: bool = True) -> QQuickItem:
    """The first item called ``name`` (visible, unless told) under ``root``."""
    top = root.contentItem() if isinstance(root, QQuickWindow) else root
    for item in walk(top):
        if item.objectName() == name and (item.isVisible() or not visible):
            return item
    raise LookupError(name)


def centre(item: QQuickItem) -> QPointF:
    """The item's centre in window coordinates."""
    return item.mapToScene(item.boundingRect().center())


def on_screen(item: QQuickItem, window: QQuickWindow) -> bool:
    """Whether ``item`` is visible and wholly inside the window."""
    if not item.isVisible() or item.opacity() <= 0:
        return False
    r = item.mapRectToScene(item.boundingRect())
    w, h = window.width(), window.height()
    return r.left() >= -0.5 and r.top() >= -0.5 and r.right() <= w + 0.5 and r.bottom() <= h + 0.5


class _Delivery(QEvent):
    """A queued touch step: its ``deliver`` runs when the event loop reaches it."""

    TYPE = QEvent.Type(QEvent.registerEventType())

    def __init__(self, deliver: Callable[[], None]) -> None:
        super().__init__(_Delivery.TYPE)
        self.deliver = deliver


class _Courier(QObject):
    """Lives on the GUI thread and hands each queued touch step to Qt's input path."""

    def event(self, event: QEvent) -> bool:
        if isinstance(event, _Delivery):
            event.deliver()
            return True
        return super().event(event)


class Touch:
    """One finger on a registered touch screen; each step is queued, then delivered.

    A step is a posted event: it waits in the event queue behind whatever is already there,
    as a touch from the platform does, and is delivered when the event loop reaches it
    through QGuiApplication's own touch processing (``QWindowSystemInterface``, by way of
    ``QTest``'s touch sequence, committed without processing events). A ``QTouchEvent``
    posted straight to the window is not enough: it reaches the window, but without the
    processing that records where a touch point was pressed, Qt Quick's handlers ignore it.
    """

    def __init__(self, window: QQuickWindow) -> None:
        self.window = window
        self.device = QTest.createTouchDevice()
        self._courier = _Courier()

    def _queue(self, step: Callable[[QTest.QTouchEventSequence], object]) -> None:
        def deliver() -> None:
            sequence = QTest.touchEvent(self.window, self.device, False)
            step(sequence)
            sequence.commit(False)

        QCoreApplication.postEvent(self._courier, _Delivery(deliver))

    def press(self, pos: QPointF) -> None:
        """Queue a finger down at ``pos`` (window coordinates)."""
        self._queue(lambda s: s.press(0, pos.toPoint(), self.window))

    def move(self, pos: QPointF) -> None:
        """Queue the finger moving to ``pos``."""
        self._queue(lambda s: s.move(0, pos.toPoint(), self.window))

    def release(self, pos: QPointF) -> None:
        """Queue the finger lifting at ``pos``."""
        self._queue(lambda s: s.release(0, pos.toPoint(), self.window))

    def tap(self, pos: QPointF) -> None:
        """Queue a press and a release at ``pos``."""
        self.press(pos)
        self.release(pos)


class Frames(QObject):
    """The first frame of a window that shows a state, and when it was swapped."""

    shown = Signal()

    def __init__(self, window: QQuickWindow) -> None:
        super().__init__()
        self.window = window
        self._check: Callable[[], bool] | None = None
        self._latest = False
        self._synced = False
        self._gui = QCoreApplication.instance().thread()  # type: ignore[union-attr]
        self.shown_at: float | None = None
        direct = Qt.ConnectionType.DirectConnection
        window.afterAnimating.connect(self._animating, direct)
        window.beforeSynchronizing.connect(self._synchronizing, direct)
        window.frameSwapped.connect(self._swapped, direct)

    def _evaluate(self) -> None:
        if self._check is not None and self.shown_at is None:
            self._latest = bool(self._check())

    def _animating(self) -> None:
        self._evaluate()

    def _synchronizing(self) -> None:
        if QThread.currentThread() == self._gui:
            self._evaluate()
        self._synced = self._latest

    def _swapped(self) -> None:
        now = time.perf_counter()
        self.swap_thread = threading.get_ident()  # which thread renders (see cpu_clocks)
        if self._check is not None and self._synced and self.shown_at is None:
            self.shown_at = now
            self.shown.emit()

    def cpu_clocks(self) -> list[int]:
        """The CPU-time clocks of the threads that make a frame: the GUI thread, and the
        render thread when it is another (after a first swap). Their sum over an interval
        is the work that went into the frames swapped in it."""
        threads = {threading.main_thread().ident, getattr(self, "swap_thread", None)}
        return [time.pthread_getcpuclockid(t) for t in threads if t is not None]

    def time_until(
        self,
        act: Callable[[], None],
        shows: Callable[[], bool],
        timeout: float = 10.0,
        *,
        request_frame: bool = False,
    ) -> float:
        """Seconds from just before ``act()`` (which queues the input) to the swap of the
        first frame in which ``shows()`` holds. ``shows()`` must not hold before. Nothing
        asks for a frame but the input itself, unless ``request_frame``."""
        if shows():
            raise AssertionError("the state to wait for is already shown before the input")
        loop = QEventLoop()
        self.shown.connect(loop.quit, Qt.ConnectionType.QueuedConnection)
        timer = QTimer()
        timer.setSingleShot(True)
        timer.timeout.connect(loop.quit)
        self.shown_at = None
        self._latest = self._synced = False
        self._check = shows
        start = time.perf_counter()
        act()
        timer.start(int(timeout * 1000))
        if request_frame:
            self.window.update()
        if self.shown_at is None:
            loop.exec()
        self._check = None
        self.shown.disconnect(loop.quit)
        if self.shown_at is None:
            raise TimeoutError(f"no frame showed the result within {timeout} s")
        return self.shown_at - start

    def next_frame(self, timeout: float = 2.0) -> float:
        """Ask for a frame and wait for its swap; seconds it took."""
        return self.time_until(lambda: None, _Once(), timeout, request_frame=True)


class _Once:
    """False the first time it is asked (before the input), true after."""

    def __init__(self) -> None:
        self.asked = False

    def __call__(self) -> bool:
        seen, self.asked = self.asked, True
        return seen


class Heartbeat(QObject):
    """A 1-ms timer on the GUI thread: the gaps between its ticks are how long the event
    loop could not run (the GUI thread was busy)."""

    def __init__(self) -> None:
        super().__init__()
        self.ticks: list[float] = []
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(1)
        self._timer.timeout.connect(self._tick)

    def _tick(self) -> None:
        self.ticks.append(time.perf_counter())

    def start(self) -> None:
        """Start ticking (forgets earlier ticks)."""
        self.ticks = [time.perf_counter()]
        self._timer.start()

    def stop(self) -> float:
        """Stop; the longest gap between ticks, in seconds."""
        self._timer.stop()
        self.ticks.append(time.perf_counter())
        return max((b - a for a, b in zip(self.ticks, self.ticks[1:], strict=False)), default=0)


class Delay:
    """Work injected on the GUI thread while ``on``: the self-checks connect it to a signal in
    the measured path and alternate it from one sample to the next, so that whatever else
    the machine does falls on the samples with and without it alike."""

    def __init__(self, ms: int) -> None:
        self.ms = ms
        self.on = False
        #: Busy work instead of sleep, holding Python's lock: for a figure of the CPU a
        #: frame takes (the grid's scroll, with no worker running). Elsewhere asleep, so
        #: that the workers a figure waits for (tiles, a language's rows) go on meanwhile.
        self.busy = False

    def __call__(self, *_args: object) -> None:
        if not (self.on and self.ms):
            return
        if not self.busy:
            time.sleep(self.ms / 1000)
            return
        end = time.perf_counter() + self.ms / 1000
        while time.perf_counter() < end:
            pass


class Pairs:
    """Samples split by whether the delay was on when they were taken."""

    def __init__(self, delay: Delay) -> None:
        self.delay = delay
        self.samples: dict[str, tuple[list[float], list[float]]] = {}

    def add(self, name: str, seconds: float) -> None:
        """Record a sample of ``name`` (in seconds)."""
        self.samples.setdefault(name, ([], []))[int(self.delay.on)].append(seconds)

    def medians(self) -> dict[str, list[float]]:
        """name → [median without, median with] the delay, in milliseconds."""
        return {
            name: [round(statistics.median(v) * 1000, 1) if v else float("nan") for v in pair]
            for name, pair in self.samples.items()
        }


class Background:
    """Worker tasks in flight and renditions built, counted for the whole process: tasks on
    any ``ThreadPoolExecutor``, the app's batches (``tasks.Batch``, where it has them, and
    its own ``tasks.busy()``), and renditions actually made by ``Cache.build``."""

    def __init__(self) -> None:
        self.futures: list[Future[Any]] = []
        self.built: list[str] = []
        self.batches = 0
        self._lock = threading.Lock()
        original_submit = ThreadPoolExecutor.submit
        tracker = self

        def submit(pool: ThreadPoolExecutor, fn: Any, /, *args: Any, **kwargs: Any) -> Any:
            future = original_submit(pool, fn, *args, **kwargs)
            with tracker._lock:
                tracker.futures.append(future)
            return future

        ThreadPoolExecutor.submit = submit  # type: ignore[method-assign]

        from kiosk.media.renditions import Cache

        original_build = Cache.build

        def build(cache: Cache, src: Path, digest: str, spec: Any) -> Path:
            if cache.find(digest, spec) is None:
                with tracker._lock:
                    tracker.built.append(f"{src.name} {spec.key}")
            return original_build(cache, src, digest, spec)

        Cache.build = build  # type: ignore[method-assign]

        from kiosk.ui import tasks

        batch = getattr(tasks, "Batch", None)
        if batch is not None:
            original_init = batch.__init__

            def counted(obj: Any, *args: Any, **kwargs: Any) -> None:
                with tracker._lock:
                    tracker.batches += 1
                original_init(obj, *args, **kwargs)

            batch.__init__ = counted

    def in_flight(self) -> int:
        """Worker tasks submitted and not finished (the app's own ``busy()`` when it has one)."""
        from kiosk.ui import tasks

        busy = getattr(tasks, "busy", None)
        own = bool(busy()) if callable(busy) else False
        with self._lock:
            running = sum(not f.done() for f in self.futures)
        return running + int(own)

    def settle(self, timeout: float = 600.0) -> None:
        """Wait until no worker task is in flight and their results have been posted back."""
        until(lambda: self.in_flight() == 0, timeout, "background tasks to finish")
        QCoreApplication.sendPostedEvents()
        wait(50)
        until(lambda: self.in_flight() == 0, timeout, "background tasks to finish")

    def snapshot(self) -> tuple[int, int]:
        """(tasks and batches started so far, renditions built so far)."""
        with self._lock:
            return len(self.futures) + self.batches, len(self.built)

    def assert_quiet_since(self, before: tuple[int, int], what: str) -> None:
        """Fail loudly if a worker task was started or a rendition built since ``before``,
        or a task is still in flight."""
        tasks, built = self.snapshot()
        if tasks != before[0] or built != before[1] or self.in_flight():
            raise SystemExit(
                f"background work during '{what}': {tasks - before[0]} tasks started, "
                f"{built - before[1]} renditions built, {self.in_flight()} in flight"
            )


def assert_cache_complete(bundle: Path, cache: Path, display: tuple[int, int]) -> int:
    """Fail unless ``cache`` holds every rendition (and pyramid) the app wants of ``bundle``
    on ``display``; the number of originals checked. Reads the media list of bundle.json and
    each original's header only (any size: the app's own pixel limit is not this check's)."""
    from PIL import Image

    from kiosk.media.renditions import Cache, missing_jobs, specs_for
    from kiosk.media.tiles import TileSpec

    media = json.loads((bundle / "bundle.json").read_text(encoding="utf-8"))["media"]
    originals = [bundle / m["file"] for m in media]
    sizes = {}
    limit, Image.MAX_IMAGE_PIXELS = Image.MAX_IMAGE_PIXELS, None
    try:
        for path in originals:
            with Image.open(path) as im:
                sizes[path] = im.size
    finally:
        Image.MAX_IMAGE_PIXELS = limit
    missing = missing_jobs(
        Cache(cache), originals, specs_for(display), tiles=TileSpec(), sizes=sizes
    )
    if missing:
        raise SystemExit(
            f"{len(missing)} renditions of {bundle.name} for {display[0]}×{display[1]} are "
            f"missing from {cache}: run kiosk prepare --size {display[0]}x{display[1]} first"
        )
    return len(originals)


def prepare_cache(bundle: Path, cache: Path, display: tuple[int, int], *extra: str) -> None:
    """``kiosk prepare`` of ``bundle`` into ``cache`` for ``display``, then checked complete
    (every benchmark that starts the app times it with nothing left to make)."""
    import subprocess
    import sys

    size = f"{display[0]}x{display[1]}"
    command = [sys.executable, "-m", "kiosk", "prepare", str(bundle), "--cache", str(cache)]
    subprocess.run(
        [*command, "--size", size, *extra],
        cwd=Path(__file__).resolve().parent.parent,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    assert_cache_complete(bundle, cache, display)
