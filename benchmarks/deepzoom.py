"""Deep zoom of a 100-MP scan in the real viewer, offscreen; prints one JSON object.

    QT_QPA_PLATFORM=offscreen python benchmarks/deepzoom.py BUNDLE --cache DIR

The bundle's first photograph is the scan, its pyramid already made (``kiosk prepare``).
Measures: opening the viewer until the photograph is on screen; zooming to one original
pixel per screen pixel until every visible tile is on screen; panning across the whole scan
at 1:1 (each pan until its tiles are on screen); and the process's peak resident memory.
Run by ``benchmarks/run.py`` in a fresh process.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import Q_ARG, QMetaObject, QObject  # noqa: TID251
from PySide6.QtTest import QTest  # noqa: TID251

from benchmarks.scene import find, next_frame, pct, wait
from kiosk.config import Config
from kiosk.ui.app import KioskView, create_app
from kiosk.ui.navigation import Navigator


def status_mb(key: str) -> float:
    """A memory figure of this process from /proc (VmRSS: now; VmHWM: the peak so far)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def walk(item):  # type: ignore[no-untyped-def]
    """``item`` and every item below it."""
    yield item
    for child in item.childItems():
        yield from walk(child)


def tiles_on_screen(view: KioskView) -> list:  # type: ignore[type-arg]
    return [
        i for i in walk(view.window.contentItem()) if i.objectName() == "tile" and i.isVisible()
    ]


def until(predicate, timeout: float = 10.0) -> None:  # type: ignore[no-untyped-def]
    """Process events until ``predicate()`` holds (1-ms steps)."""
    deadline = time.perf_counter() + timeout
    while not predicate():
        if time.perf_counter() > deadline:
            raise TimeoutError("the viewer did not get there in time")
        QTest.qWait(1)


def all_tiles_loaded(view: KioskView) -> bool:
    tiles = tiles_on_screen(view)
    return bool(tiles) and all(t.property("loaded") for t in tiles)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("bundle", type=Path)
    parser.add_argument("--cache", type=Path, required=True)
    parser.add_argument("--size", default="1920x1080")
    args = parser.parse_args()
    w, h = (int(v) for v in args.size.split("x"))

    create_app()
    config = Config(cache_dir=args.cache, max_image_pixels=200_000_000)
    view = KioskView(args.bundle, config=config)
    view.window.resize(w, h)
    view.window.show()
    view.session.start()
    until(lambda: view.session.ready)
    wait(1000)
    row = view.session.photos.get(0)
    if not row["deepZoom"]["folder"]:
        raise SystemExit("the scan has no pyramid: run kiosk prepare first")
    out: dict[str, object] = {
        "scan": f"{row['deepZoom']['width']}×{row['deepZoom']['height']}",
        "rss_before_mb": round(status_mb("VmRSS"), 1),
    }

    # Open the viewer on the scan: until the screen-fit image is on screen.
    start = time.perf_counter()
    view.session.navigator.open(int(Navigator.Screen.Viewer), 0)
    until(lambda: _photo_ready(view))
    next_frame(view)
    out["open_to_photo_s"] = round(time.perf_counter() - start, 3)

    frame = find(view, "viewerFrame_0")
    canvas = find(view, "viewerCanvas_0")
    grid = frame.findChild(QObject, "tileGrid_0")
    one = float(frame.property("oneToOne"))
    cx, cy = frame.width() / 2, frame.height() / 2

    # Zoom to 1:1 about the middle: until every visible tile is on screen.
    start = time.perf_counter()
    QMetaObject.invokeMethod(
        frame, "zoomAbout", Q_ARG(float, one), Q_ARG(float, cx), Q_ARG(float, cy)
    )
    until(lambda: all_tiles_loaded(view))
    next_frame(view)
    out["zoom_to_1to1_s"] = round(time.perf_counter() - start, 3)
    out["level"] = grid.property("level")
    out["tiles_on_screen"] = len(tiles_on_screen(view))

    # Pan across the whole scan at 1:1, a screenful at a time, row by row.
    pans: list[float] = []
    cw, ch = canvas.width(), canvas.height()
    steps_x = max(2, int(cw / frame.width()) + 1)
    steps_y = max(2, int(ch / frame.height()) + 1)
    most_tiles = 0
    for j in range(steps_y):
        for i in range(steps_x):
            x = -(cw - frame.width()) * i / (steps_x - 1)
            y = -(ch - frame.height()) * j / (steps_y - 1)
            start = time.perf_counter()
            canvas.setX(x)
            canvas.setY(y)
            until(lambda: all_tiles_loaded(view))
            next_frame(view)
            pans.append((time.perf_counter() - start) * 1000)
            most_tiles = max(most_tiles, len(tiles_on_screen(view)))
    out["pan_to_tiles_ms"] = {
        "median": round(statistics.median(pans), 1),
        "p95": round(pct(pans, 0.95), 1),
        "max": round(max(pans), 1),
        "pans": len(pans),
    }
    out["most_tiles_at_once"] = most_tiles
    out["tiles_requested"] = grid.property("requested")

    # Back to fit.
    QMetaObject.invokeMethod(frame, "fit")
    wait(500)
    out["rss_after_mb"] = round(status_mb("VmRSS"), 1)
    out["peak_rss_mb"] = round(status_mb("VmHWM"), 1)
    view.close()
    print(json.dumps(out))


def _photo_ready(view: KioskView) -> bool:
    try:
        frame = find(view, "viewerFrame_0")
    except LookupError:
        return False
    photos = [i for i in walk(frame) if i.metaObject().className().startswith("Photo")]
    return bool(photos) and all(
        not p.property("loading") and p.property("paintedWidth") > 0 for p in photos
    )


if __name__ == "__main__":
    sys.exit(main())
