"""`kiosk soak`: a seeded monkey on the real scene, for hours, counting what goes wrong.

A gallery kiosk runs for weeks between restarts. The soak shows that the scene stays clean
over a long run of visitors: it opens the exhibit offscreen, as `kiosk run` does, and sends
real touch events (kiosk.ui.touch) in a seeded random mix: taps on the controls a visitor
can see, taps anywhere, swipes over the pagers, pinches on the photograph viewer, short
pauses and long idles. A long idle moves the visit clock on by the idle timeout, so that
"Still there?" comes up; the monkey then either answers it or lets the countdown run out,
and the visit resets to the attract loop, as it does when a visitor walks away.

Every minute it prints one line: touch events sent, warnings and errors logged (Qt and QML
warnings come through the "kiosk.qt" logger; a Python exception in a slot is an error),
visit resets, and the process's memory (RSS and PSS). It fails (exit status 1) on any
warning or error, and when memory grew by more than a bound between the end of the warm-up
(caches filled, every screen built once) and the end of the run. Memory for that bound is
measured in one state, on the attract loop just after a visit reset, with Python's garbage
collected and the C heap trimmed: measured anywhere, it swings by 30 MB with what is on
screen (a photograph at full zoom, say), which would hide a leak of a few MB. The same
seed gives the same sequence of choices; what the scene does with them still depends on
timing. The scene is drawn offscreen (`kiosk soak` needs no display).
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import logging
import random
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import TextIO

from PySide6.QtCore import QPoint
from PySide6.QtQuick import QQuickItem, QQuickWindow

from kiosk.config import Config
from kiosk.ui import touch
from kiosk.ui.app import KioskView, create_app
from kiosk.ui.idle import VisitClock
from kiosk.ui.navigation import Navigator

#: Items a visitor never reaches: the staff corner and what it opens.
STAFF_ONLY = ("staffCorner", "staffPanel", "pinPad", "displayTest")

#: How the monkey spends its turns (weights).
ACTIONS = {
    "tap": 55,
    "tap_anywhere": 10,
    "swipe": 18,
    "pinch": 10,
    "pause": 4,
    "idle": 3,
}

#: Seconds between two memory samples.
SAMPLE_S = 5.0


class SoakError(RuntimeError):
    """The soak could not start (the bundle does not load); the message says why."""


class Counter(logging.Handler):
    """Keeps every warning and error logged anywhere in the process, in order."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.warnings: list[str] = []
        self.errors: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        line = f"{record.levelname} {record.name}: {record.getMessage()}"
        (self.errors if record.levelno >= logging.ERROR else self.warnings).append(line)


class SoakClock:
    """The real monotonic clock plus a jump the monkey adds for a long idle: an hour of
    nobody at the kiosk costs no time."""

    def __init__(self) -> None:
        self.offset = 0.0

    def __call__(self) -> float:
        return time.monotonic() + self.offset


def settled_memory_mb() -> tuple[float, float]:
    """RSS and PSS once Python's garbage is collected and the C heap has handed its free
    pages back (glibc's malloc_trim): what is still in use, not what the allocator kept."""
    gc.collect()
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    return memory_mb()


def memory_mb() -> tuple[float, float]:
    """This process's resident and proportional set sizes, in MB (Linux /proc)."""
    rss = pss = 0.0
    try:
        for line in Path("/proc/self/smaps_rollup").read_text().splitlines():
            if line.startswith("Rss:"):
                rss = int(line.split()[1]) / 1024
            elif line.startswith("Pss:"):
                pss = int(line.split()[1]) / 1024
    except OSError:
        import resource

        rss = pss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return rss, pss


@dataclass
class Report:
    """What a soak saw."""

    minutes: float
    events: int = 0
    gestures: dict[str, int] = field(default_factory=dict)
    resets: int = 0
    screens: dict[str, int] = field(default_factory=dict)  # screen name → times opened
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    baseline_mb: float = 0.0
    final_mb: float = 0.0
    peak_mb: float = 0.0
    max_growth_mb: float = 5.0
    compared: str = "every 5 s"  # where memory was measured for the growth

    @property
    def growth_mb(self) -> float:
        """RSS growth from the end of the warm-up to the end of the run."""
        return self.final_mb - self.baseline_mb

    @property
    def ok(self) -> bool:
        """No warning, no error, and memory within the bound."""
        return not self.warnings and not self.errors and self.growth_mb <= self.max_growth_mb

    def summary(self) -> str:
        """The last lines printed: the totals, and why the soak failed if it did."""
        mix = ", ".join(f"{n} {k}" for k, n in sorted(self.gestures.items()))
        lines = [
            f"soak: {self.minutes:g} min, {self.events} touch events ({mix}), "
            f"{self.resets} visit resets, {len(self.warnings)} warnings, "
            f"{len(self.errors)} errors; RSS {self.baseline_mb:.1f} MB after warm-up, "
            f"{self.final_mb:.1f} MB at the end (growth {self.growth_mb:+.1f} MB, "
            f"bound {self.max_growth_mb:g} MB; measured {self.compared}), "
            f"peak {self.peak_mb:.1f} MB"
        ]
        if self.screens:
            opened = ", ".join(f"{k} {n}" for k, n in sorted(self.screens.items()))
            lines.append(f"soak: screens opened: {opened}")
        sources: dict[str, int] = {}
        for line in self.warnings + self.errors:
            level, name = line.split(" ", 2)[:2]
            source = f"{level} {name.rstrip(':')}"
            sources[source] = sources.get(source, 0) + 1
        if sources:
            counted = ", ".join(f"{n} {k}" for k, n in sorted(sources.items()))
            lines.append(f"soak: by source: {counted} (the first 20 of each kind follow)")
        for line in self.warnings[:20] + self.errors[:20]:
            lines.append(f"  {line}")
        if self.growth_mb > self.max_growth_mb:
            lines.append(
                f"soak: FAILED: memory grew {self.growth_mb:.1f} MB after the warm-up "
                f"(more than {self.max_growth_mb:g} MB)"
            )
        if self.warnings or self.errors:
            lines.append("soak: FAILED: every warning and error above is a defect")
        if self.ok:
            lines.append("soak: passed")
        return "\n".join(lines)


class Monkey:
    """Chooses and sends the next gesture on the scene; the random generator is seeded."""

    def __init__(self, view: KioskView, rng: random.Random, clock: SoakClock) -> None:
        self.view = view
        self.window: QQuickWindow = view.window
        self.rng = rng
        self.clock = clock
        self.gestures: dict[str, int] = {}
        #: (seconds since the start, RSS MB) on the attract loop after each reset: the same
        #: state each time, so growth between these is growth, not what happens to be shown.
        self.settled: list[tuple[float, float]] = []
        self.begun = time.monotonic()

    def _shown(self, name_prefix: str) -> list[QQuickItem]:
        return [
            i
            for i in touch.items(self.window.contentItem())
            if i.objectName().startswith(name_prefix) and touch.really_visible(i, self.window)
        ]

    def _staff_only(self, item: QQuickItem) -> bool:
        node: QQuickItem | None = item
        while node is not None:
            if node.objectName() in STAFF_ONLY:
                return True
            node = node.parentItem()
        return False

    def tappable(self) -> list[QQuickItem]:
        """The controls a visitor can see and tap now: buttons and items with a tap handler."""
        found = []
        for item in touch.items(self.window.contentItem()):
            if not item.isEnabled():
                continue
            is_button = item.inherits("QQuickAbstractButton")
            if not is_button and not any(c.inherits("QQuickTapHandler") for c in item.children()):
                continue
            if touch.really_visible(item, self.window) and not self._staff_only(item):
                found.append(item)
        return found

    def step(self) -> None:
        """One gesture (or a pause), chosen at random by ACTIONS' weights."""
        if self._leave_staff_screens():
            return
        kinds = list(ACTIONS)
        kind = self.rng.choices(kinds, weights=[ACTIONS[k] for k in kinds])[0]
        done = getattr(self, f"_{kind}")()
        if not done:
            kind = "tap" if self._tap() else "pause"
            if kind == "pause":
                self._pause()
        self.gestures[kind] = self.gestures.get(kind, 0) + 1

    def _leave_staff_screens(self) -> bool:
        # Five quick taps in the corner open the PIN pad (or, with no PIN, the staff panel):
        # a visitor's random taps can; the monkey closes it, as the visitor would walk away.
        for name in ("pinCancel", "staffClose", "displayTestClose"):
            shown = self._shown(name)
            if shown:
                touch.tap(self.window, shown[0])
                self.gestures["staff-close"] = self.gestures.get("staff-close", 0) + 1
                return True
        return False

    def _tap(self) -> bool:
        targets = self.tappable()
        if not targets:
            return False
        touch.tap(self.window, self.rng.choice(targets))
        return True

    def _tap_anywhere(self) -> bool:
        # Anywhere, the staff corner too: should five land there within three seconds, the
        # pad opens and the next turn closes it (_leave_staff_screens).
        w, h = self.window.width(), self.window.height()
        x, y = self.rng.randrange(w), self.rng.randrange(h)
        touch.tap(self.window, QPoint(x, y))
        return True

    def _swipe(self) -> bool:
        pagers = [
            i
            for prefix in ("storyPages", "personPages", "viewerPhotos", "languageList")
            for i in self._shown(prefix)
        ]
        if pagers:
            touch.swipe(self.window, self.rng.choice(pagers), self.rng.choice((-1, 1)))
            return True
        # Elsewhere a swipe is a drag: scroll a grid or a long page, or nothing at all.
        w, h = self.window.width(), self.window.height()
        start = QPoint(self.rng.randrange(w), self.rng.randrange(h))
        end = QPoint(self.rng.randrange(w), self.rng.randrange(h))
        touch.drag(self.window, start, end)
        return True

    def _pinch(self) -> bool:
        canvases = self._shown("viewerCanvas_")
        if not canvases:
            return False
        rect = touch.shown_rect(self.rng.choice(canvases))
        at = QPoint(
            int(rect.left() + rect.width() * self.rng.uniform(0.3, 0.7)),
            int(rect.top() + rect.height() * self.rng.uniform(0.3, 0.7)),
        )
        near, far = self.rng.uniform(40, 120), self.rng.uniform(200, 600)
        a, b = (near, far) if self.rng.random() < 0.6 else (far, near)
        touch.pinch(self.window, at, a, b)
        return True

    def _pause(self) -> bool:
        # A visitor reading: nothing happens for a while, but less than the idle timeout.
        touch.wait(self.rng.randrange(200, 3000))
        return True

    def _idle(self) -> bool:
        # Nobody there for longer than the idle timeout: "Still there?" comes up; then the
        # visitor answers it, or nobody does and the visit resets to the attract loop.
        visit = self.view.visit
        if visit.property("phase") != VisitClock.Phase.Active:
            return False
        self.clock.offset += visit.timeout + 0.5
        if not _wait_until(lambda: visit.property("phase") == VisitClock.Phase.Countdown, 5.0):
            return True  # a touch came in between (a gesture in flight): the visit goes on
        touch.wait(self.rng.randrange(300, 1500))
        if self.rng.random() < 0.3:
            answer = self._shown("continueButton") or self._shown("startOverButton")
            if answer:
                touch.tap(self.window, answer[0])
                return True
        self.clock.offset += visit.countdown + 0.5
        _wait_until(lambda: visit.property("phase") != VisitClock.Phase.Countdown, 5.0)
        touch.wait(self.rng.randrange(500, 4000))  # the attract loop runs a while
        if visit.property("phase") == VisitClock.Phase.Attract:
            rss, _pss = settled_memory_mb()
            self.settled.append((time.monotonic() - self.begun, rss))
        return True


def _wait_until(condition: Callable[[], bool], seconds: float) -> bool:
    end = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > end:
            return False
        touch.wait(20)
    return True


def soak(
    bundle: Path,
    *,
    minutes: float,
    seed: int,
    size: tuple[int, int] = (1920, 1080),
    max_growth_mb: float = 5.0,
    warmup_s: float | None = None,
    report_every_s: float = 60.0,
    out: TextIO = sys.stdout,
) -> Report:
    """Run the monkey for ``minutes`` and return what it saw (printed as it goes).

    The warm-up (default: a quarter of the run, at most 5 minutes) fills the caches and
    builds every screen once; memory is compared from its end, each end taken as the
    median of a few samples so that one garbage collection does not decide it.
    """
    counter = Counter()
    root = logging.getLogger()
    root.addHandler(counter)
    if root.level > logging.WARNING or root.level == logging.NOTSET:
        root.setLevel(logging.WARNING)
    previous_hook = sys.excepthook

    def unexpected(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        # An exception in a slot (PySide reports it here) is an error of the run.
        import traceback

        text = "".join(traceback.format_exception(kind, exc, tb))
        counter.errors.append(f"ERROR unexpected exception: {text.strip()}")
        print(text, file=sys.stderr)

    sys.excepthook = unexpected
    create_app()
    clock = SoakClock()
    rng = random.Random(seed)
    report = Report(minutes=minutes, max_growth_mb=max_growth_mb)
    resets = [0]
    events = [0]

    def count_event() -> None:
        events[0] += 1

    touch.sent.append(count_event)
    view = KioskView(bundle, config=Config(), clock=clock)
    try:
        view.visit.resetRequested.connect(lambda: resets.__setitem__(0, resets[0] + 1))
        navigator = view.session.navigator

        def opened() -> None:
            name = Navigator.Screen(navigator.property("screen")).name
            report.screens[name] = report.screens.get(name, 0) + 1

        navigator.screenChanged.connect(opened)
        view.window.resize(*size)
        view.window.show()
        loaded = [False]
        view.session.loaded.connect(lambda: loaded.__setitem__(0, True))
        view.start()
        if not _wait_until(lambda: loaded[0] or view.session.unavailable, 120.0):
            raise SoakError(f"{bundle}: the exhibit did not load within two minutes")
        if view.session.unavailable or view.session.bundle is None:
            raise SoakError(f"{bundle}: the exhibit cannot be shown (`kiosk validate` says why)")
        monkey = Monkey(view, rng, clock)
        print(
            f"soak: {bundle} shown at {size[0]}x{size[1]}; seed {seed}, {minutes:g} min",
            file=out,
            flush=True,
        )
        total_s = minutes * 60
        warm = min(300.0, total_s / 4) if warmup_s is None else warmup_s
        begun = monkey.begun = time.monotonic()
        next_sample = begun
        next_line = begun + report_every_s
        samples: list[tuple[float, float]] = []  # (seconds since start, RSS MB)
        reported = [0, 0, 0, 0]  # events, warnings, errors, resets at the last line
        minute = 0
        while True:
            now = time.monotonic()
            if now >= next_sample:
                rss, _pss = settled_memory_mb()
                samples.append((now - begun, rss))
                report.peak_mb = max(report.peak_mb, rss)
                next_sample = now + SAMPLE_S
            if now >= next_line or now - begun >= total_s:
                minute += 1
                rss, pss = memory_mb()
                counts = [events[0], len(counter.warnings), len(counter.errors), resets[0]]
                new = [c - r for c, r in zip(counts, reported, strict=True)]
                reported = counts
                print(
                    f"minute {minute}: {new[0]} touch events ({counts[0]} in all), "
                    f"{new[1]} warnings, {new[2]} errors, {new[3]} visit resets "
                    f"({counts[3]} in all), RSS {rss:.1f} MB, PSS {pss:.1f} MB",
                    file=out,
                    flush=True,
                )
                next_line += report_every_s
            if now - begun >= total_s:
                break
            monkey.step()
        touch.wait(500)  # what the last gesture set off (a warning, a late error) lands
        # Compared on the attract loop after a reset where there are enough of those
        # (about three a minute), else at the periodic samples.
        settled = [rss for t, rss in monkey.settled if t >= warm]
        after = settled if len(settled) >= 2 else [rss for t, rss in samples if t >= warm]
        report.compared = (
            f"on the attract loop after {len(settled)} resets" if len(settled) >= 2 else "every 5 s"
        )
        before = [rss for t, rss in samples if t < warm]
        head = after[:3] or before[-3:]
        tail = after[-3:] or before[-3:]
        report.baseline_mb = statistics.median(head) if head else 0.0
        report.final_mb = statistics.median(tail) if tail else 0.0
        report.events = events[0]
        report.gestures = dict(monkey.gestures)
        report.resets = resets[0]
    finally:
        touch.sent.remove(count_event)
        view.close()
        touch.wait(100)
        sys.excepthook = previous_hook
        root.removeHandler(counter)
    report.warnings = list(counter.warnings)
    report.errors = list(counter.errors)
    print(report.summary(), file=out, flush=True)
    return report
