"""In-process measurements of the real scene, offscreen; prints one JSON object.

    QT_QPA_PLATFORM=offscreen python benchmarks/scene.py BUNDLE [--visit-all] [--switches N]

Run by ``benchmarks/run.py``; each run is a fresh process so memory figures start clean.
"""

from __future__ import annotations

import argparse
import gc
import itertools
import json
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, QPoint, QTimer  # noqa: TID251
from PySide6.QtTest import QTest  # noqa: TID251

from kiosk.config import Config
from kiosk.ui.app import KioskView, create_app
from kiosk.ui.navigation import Navigator

S = Navigator.Screen


def rss_mb() -> float:
    """Resident memory of this process, in MB (from /proc)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def wait(ms: int) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def flush_deletes() -> None:
    """Run pending deleteLater()s. This script drives the scene from nested event loops,
    where Qt would otherwise keep every unloaded screen until the outermost loop returns
    (in the app, events arrive on the main loop and screens go as soon as they unload)."""
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


MEMORY_GUARD_MB = 3000


def next_frame(view: KioskView, timeout_ms: int = 2000) -> float:
    """Seconds until the window presents its next frame."""
    flush_deletes()
    if rss_mb() > MEMORY_GUARD_MB:
        raise SystemExit(f"resident memory passed {MEMORY_GUARD_MB} MB: stopping")
    loop = QEventLoop()
    start = time.perf_counter()
    stamp: list[float] = []

    def swapped() -> None:
        if not stamp:
            stamp.append(time.perf_counter())
            loop.quit()

    view.window.frameSwapped.connect(swapped)
    QTimer.singleShot(timeout_ms, loop.quit)
    view.window.update()
    loop.exec()
    view.window.frameSwapped.disconnect(swapped)
    return (stamp[0] if stamp else time.perf_counter()) - start


def find(view: KioskView, name: str):  # type: ignore[no-untyped-def]
    def walk(item):  # type: ignore[no-untyped-def]
        yield item
        for child in item.childItems():
            yield from walk(child)

    for item in walk(view.window.contentItem()):
        if item.objectName() == name and item.isVisible():
            return item
    raise LookupError(name)


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("bundle", type=Path)
    parser.add_argument("--cache", type=Path, required=True)
    parser.add_argument("--visit-all", action="store_true")
    parser.add_argument("--switches", type=int, default=0)
    parser.add_argument("--size", default="1920x1080")
    args = parser.parse_args()
    w, h = (int(v) for v in args.size.split("x"))

    app = create_app()
    view = KioskView(args.bundle, config=Config(cache_dir=args.cache))
    view.window.resize(w, h)
    loop = QEventLoop()
    view.session.loaded.connect(loop.quit)
    view.session.start()
    loop.exec()
    wait(1500)  # images decoded, background renditions settled
    out: dict[str, object] = {"rss_after_start_mb": round(rss_mb(), 1)}
    nav = view.session.navigator
    bundle = view.session.bundle
    assert bundle is not None

    # Tap → the next frame (the press feedback), on the Story entry, 60 times.
    button = find(view, "openStory")
    centre = button.mapToScene(button.boundingRect().center()).toPoint()
    device = QTest.createTouchDevice()
    taps = []
    for _ in range(60):
        QTest.touchEvent(view.window, device).press(0, centre, view.window).commit()
        taps.append(next_frame(view))
        QTest.touchEvent(view.window, device).move(0, centre + QPoint(0, 400), view.window).commit()
        QTest.touchEvent(view.window, device).release(
            0, centre + QPoint(0, 400), view.window
        ).commit()
        wait(30)
    out["tap_to_frame_ms"] = {
        "median": round(statistics.median(taps) * 1000, 1),
        "p95": round(pct(taps, 0.95) * 1000, 1),
    }

    # Page switch: input → the first frame of the new page (person pages, 100 switches).
    switches = []
    nav.open(int(S.Person), 0)
    wait(400)
    for i in range(1, 101):
        start = time.perf_counter()
        nav.setIndex(i % len(bundle.people))
        frame = next_frame(view)
        switches.append(time.perf_counter() - start if frame else frame)
    out["page_switch_ms"] = {
        "median": round(statistics.median(switches) * 1000, 1),
        "p95": round(pct(switches, 0.95) * 1000, 1),
    }

    # People grid scroll: frame intervals while the grid moves one row every frame.
    nav.home()
    nav.open(int(S.People), 0)
    wait(600)
    grid = find(view, "peopleGrid")
    stamps: list[float] = []
    view.window.frameSwapped.connect(lambda: stamps.append(time.perf_counter()))
    step = grid.property("cellHeight") / 8
    end = max(0.0, grid.property("contentHeight") - grid.height())
    y = 0.0
    deadline = time.perf_counter() + 8
    while y < end and time.perf_counter() < deadline:
        y = min(end, y + step)
        grid.setProperty("contentY", y)
        next_frame(view)
    intervals = [b - a for a, b in itertools.pairwise(stamps)]
    if intervals:
        out["scroll_frame_ms"] = {
            "frames": len(intervals),
            "median": round(statistics.median(intervals) * 1000, 1),
            "p99": round(pct(intervals, 0.99) * 1000, 1),
            "max": round(max(intervals) * 1000, 1),
            "rows_scrolled": round(y / grid.property("cellHeight")),
        }

    if args.visit_all:
        screens = [(S.Home, 0), (S.People, 0), (S.Photos, 0), (S.Glossary, 0)]
        screens += [(S.Story, i) for i in range(len(bundle.story))]
        screens += [(S.Person, i) for i in range(len(bundle.people))]
        screens += [(S.Viewer, i) for i in range(len(view.session.photo_ids))]
        started = time.perf_counter()
        for screen, index in screens:
            nav.home()
            if screen != S.Home:
                nav.open(int(screen), index)
            next_frame(view)
        gc.collect()
        wait(500)
        out["visit_all"] = {
            "screens": len(screens),
            "seconds": round(time.perf_counter() - started, 1),
            "rss_after_mb": round(rss_mb(), 1),
        }

    if args.switches:
        nav.home()
        nav.open(int(S.Person), 0)
        wait(300)
        samples = []
        for i in range(args.switches):
            nav.setIndex((i * 7) % len(bundle.people))
            next_frame(view)
            if i % 1000 == 999:
                gc.collect()
                app.processEvents()
                samples.append(rss_mb())
        growth = (samples[-1] - samples[0]) / max(1, len(samples) - 1) if samples else 0
        out["switch_memory_mb"] = {
            "per_1000": [round(s, 1) for s in samples],
            "growth_per_1000": round(growth, 2),
        }

    view.close()
    print(json.dumps(out))
    sys.stdout.flush()
    os._exit(0)  # the figures are out; skip a slow teardown of thousands of items


if __name__ == "__main__":
    main()
