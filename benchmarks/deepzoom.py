"""Deep zoom of a 100-MP scan in the real viewer, on an offscreen 1920×1080 screen; prints one
JSON object.

    python benchmarks/deepzoom.py BUNDLE --cache DIR [--inject-ms MS]

The bundle's first photograph is the scan and Home's hero image, its pyramid already made
(``kiosk prepare --size 1920x1080``). Every figure starts its clock just before a visitor's
input is queued (``harness.Touch``) and stops at the swap of the first frame that shows the
result (``harness.Frames``):

- ``open_to_photo``: a tap on Home's hero image → the first frame in which the viewer shows
  the screen-fit image (its ``Image`` ready and painted).
- ``double_tap_to_tiles``: a double tap on the photograph (zoom ×2.5 about it) → the first
  frame in which tiles that are ready cover the whole view.
- ``pan_to_tiles``: at one original pixel per screen pixel, a finger down, past the drag
  threshold, then one move of a screenful (the clock starts when that move is queued) → the
  first frame in which ready tiles cover the whole new view; the pans go row by row over the
  whole scan. Coverage is checked on a 12 × 8 grid of points of the view, each of which must
  lie on a ready tile of the level shown, so old tiles still on screen never count.

The 1:1 zoom before the pans is set programmatically (``zoomAbout``), untimed. No worker task
may run while a figure is timed. Also reported: the process's peak resident memory.

For the self-check, ``--inject-ms MS`` then opens and zooms twelve more times and alternates
every sample (those and the pans) between with and without MS of work on the GUI thread in
the measured path: a slot on the press of Home's image, and on the tile grid's first rows
about to be inserted in each sample (before the new tiles start loading; once, though a zoom
or a pan inserts several rows). ``check`` gives the medians of both halves;
alternating puts whatever else the machine does on both alike.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import Q_ARG, QMetaObject, QObject  # noqa: TID251

from benchmarks import harness as h
from benchmarks.scene import Scene


def status_mb(key: str) -> float:
    """A memory figure of this process from /proc (VmRSS: now; VmHWM: the peak so far)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


class Viewer:
    """The viewer's first photograph: its frame, canvas, tile layer and tile grid."""

    def __init__(self, scene: Scene) -> None:
        self.frame = h.find(scene.window, "viewerFrame_0")
        self.canvas = h.find(scene.window, "viewerCanvas_0")
        self.layer = h.find(scene.window, "tileLayer_0", visible=False)
        # The page's grid is the photo model's (lent to the page: QML makes no Python object).
        from kiosk.ui.deepzoom import TileGrid

        grids = [
            g
            for g in scene.view.session.photos.children()
            if isinstance(g, TileGrid) and g.property("row") == 0
        ]
        assert len(grids) == 1, "the viewer's first page has no tile grid"
        self.grid = grids[0]

    def tiles(self) -> list:  # type: ignore[type-arg]
        """The tile items now in the scene."""
        return [t for t in self.layer.childItems() if t.objectName() == "tile"]

    def covered(self) -> bool:
        """Whether ready tiles of the level shown cover every sampled point of the view."""
        if not self.layer.isVisible():
            return False
        level = self.grid.property("level")
        boxes = [
            (t.x(), t.y(), t.x() + t.width(), t.y() + t.height())
            for t in self.tiles()
            if t.property("loaded") and t.property("tileLevel") == level
        ]
        if not boxes:
            return False
        w, hgt = self.frame.width(), self.frame.height()
        iw, ih = self.layer.width(), self.layer.height()
        for i in range(12):
            for j in range(8):
                p = self.frame.mapToItem(
                    self.layer, h.QPointF(w * (i + 0.5) / 12, hgt * (j + 0.5) / 8)
                )
                if not (0 <= p.x() < iw and 0 <= p.y() < ih):
                    continue  # outside the photograph (letterbox)
                if not any(a <= p.x() < c and b <= p.y() < d for a, b, c, d in boxes):
                    return False
        return True


def _sign(v: float) -> int:
    return (v > 0) - (v < 0)


def photo_shown(scene: Scene) -> bool:
    """Whether the viewer shows its first photograph's screen-fit image."""
    try:
        frame = h.find(scene.window, "viewerFrame_0")
    except LookupError:
        return False
    photos = [i for i in h.walk(frame) if i.metaObject().className().startswith("Photo")]
    return bool(photos) and all(
        not p.property("loading") and p.property("paintedWidth") > 0 for p in photos
    )


class FirstRows:
    """The injected delay on the first rows of tiles inserted in a sample only: a zoom or a
    pan inserts several rows, and the self-check wants one known delay per sample. Connected
    once to each tile grid (connected again, every row would run it once per connection)."""

    def __init__(self, delay: h.Delay) -> None:
        self.delay = delay
        self.fired = False
        self._grids: list[QObject] = []

    def attach(self, grid: QObject) -> None:
        """Run on ``grid``'s rows about to be inserted (once per grid, however often asked)."""
        if not any(g is grid for g in self._grids):
            self._grids.append(grid)
            grid.rowsAboutToBeInserted.connect(self)  # type: ignore[attr-defined]

    def arm(self) -> None:
        """A new sample: the next rows inserted run the delay (when it is on)."""
        self.fired = False

    def __call__(self, *_args: object) -> None:
        if not self.fired:
            self.fired = True
            self.delay()


def open_viewer(scene: Scene, delay: h.Delay) -> float:
    """From Home: a tap on its image → seconds until the viewer shows the photograph."""
    scene.go(0)
    hero = h.find(scene.window, "heroImage")
    # On the press (the release that opens the viewer is handled after it): a slot on the
    # navigator would run beside the photograph's decoding, not before it.
    taps = [c for c in hero.findChildren(QObject) if "TapHandler" in c.metaObject().className()]
    assert taps, "Home's image has no tap handler"
    taps[0].pressedChanged.connect(lambda: delay() if taps[0].property("pressed") else None)
    took = scene.frames.time_until(
        lambda: scene.touch.tap(h.centre(hero)), lambda: photo_shown(scene), timeout=20
    )
    h.wait(300)
    return took


def zoom_in(scene: Scene, viewer: Viewer) -> float:
    """A double tap in the middle of the photograph → seconds until tiles cover the view."""
    middle = h.centre(viewer.frame)

    def double_tap() -> None:
        scene.touch.tap(middle)
        scene.touch.tap(middle)

    return scene.frames.time_until(double_tap, viewer.covered, timeout=20)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("bundle", type=Path)
    parser.add_argument("--cache", type=Path, required=True)
    parser.add_argument("--size", default="1920x1080")
    parser.add_argument(
        "--inject-ms",
        type=int,
        default=-1,
        help="self-check: alternate samples with and without this much injected work",
    )
    parser.add_argument("--max-pans", type=int, default=0, help="stop after this many pans")
    args = parser.parse_args()
    w, hgt = (int(v) for v in args.size.split("x"))
    checking = args.inject_ms >= 0

    from kiosk.ui.navigation import Navigator

    scene = Scene(
        args.bundle, args.cache, (w, hgt), max_image_pixels=200_000_000, inject_ms=args.inject_ms
    )
    delay, sample = scene.delay, scene.pairs.add
    out: dict[str, object] = {"rss_before_mb": round(status_mb("VmRSS"), 1)}
    before = scene.quiet()

    # The first view, in a fresh process: open, then double tap.
    out["open_to_photo_ms"] = round(open_viewer(scene, delay) * 1000, 1)
    assert scene.nav.screen == int(Navigator.Screen.Viewer)
    h.wait(500)
    viewer = Viewer(scene)
    if not viewer.grid.property("available"):
        raise SystemExit("the scan has no pyramid: run kiosk prepare first")
    # Before the new tiles' items exist, so before their images start loading.
    rows = FirstRows(delay)
    rows.attach(viewer.grid)
    rows.arm()
    out["double_tap_to_tiles_ms"] = round(zoom_in(scene, viewer) * 1000, 1)
    out["zoom_after_double_tap"] = round(float(viewer.frame.property("zoom")), 2)
    if checking:
        # Paired samples: open and zoom again, every other time with the delay (the images
        # are in Qt's cache now for both alike).
        for i in range(12):
            delay.on = i % 2 == 1
            sample("open_to_photo_ms", open_viewer(scene, delay))
            viewer = Viewer(scene)
            rows.attach(viewer.grid)
            rows.arm()
            sample("double_tap_to_tiles_ms", zoom_in(scene, viewer))
        delay.on = False
    scene.background.assert_quiet_since(before, "open and zoom")

    # To 1:1 (set-up, untimed), then pan a screenful at a time, row by row.
    one = float(viewer.frame.property("oneToOne"))
    QMetaObject.invokeMethod(
        viewer.frame,
        "zoomAbout",
        Q_ARG(float, one),
        Q_ARG(float, viewer.frame.width() / 2),
        Q_ARG(float, viewer.frame.height() / 2),
    )
    QMetaObject.invokeMethod(viewer.frame, "fit")
    QMetaObject.invokeMethod(
        viewer.frame, "zoomAbout", Q_ARG(float, one), Q_ARG(float, 0.0), Q_ARG(float, 0.0)
    )
    h.until(viewer.covered, 20, "the tiles at 1:1")
    h.wait(300)
    out["one_to_one_zoom"] = round(one, 2)
    out["level"] = viewer.grid.property("level")

    fw, fh = viewer.frame.width(), viewer.frame.height()
    cw, ch = viewer.canvas.width(), viewer.canvas.height()
    origin = viewer.frame.mapToScene(h.QPointF(0, 0))
    margin = 24.0
    pans: list[float] = []
    most = 0
    before = scene.quiet()

    def pan(dx: float, dy: float) -> None:
        """Drag the canvas by (dx, dy) screen pixels: timed from the big move."""
        nonlocal most
        sx = origin.x() + (fw - margin if dx < 0 else margin)
        sy = origin.y() + (fh - margin if dy < 0 else margin)
        start = h.QPointF(sx, sy)
        nudge = h.QPointF(sx + 12 * _sign(dx), sy + 12 * _sign(dy))
        scene.touch.press(start)
        h.wait(16)
        scene.touch.move(nudge)  # past the drag threshold: the drag handler takes the touch
        h.wait(32)
        end = h.QPointF(nudge.x() + dx, nudge.y() + dy)
        delay.on = checking and len(pans) % 2 == 1
        rows.arm()
        x0, y0 = float(viewer.canvas.x()), float(viewer.canvas.y())

        def arrived() -> bool:
            moved = abs(viewer.canvas.x() - x0) + abs(viewer.canvas.y() - y0)
            return moved >= 0.9 * (abs(dx) + abs(dy)) and viewer.covered()

        pans.append(scene.frames.time_until(lambda: scene.touch.move(end), arrived, timeout=20))
        sample("pan_to_tiles_ms", pans[-1])
        delay.on = False
        scene.touch.release(end)
        h.wait(40)
        most = max(most, len(viewer.tiles()))

    row = 0
    while not (args.max_pans and len(pans) >= args.max_pans):
        # Across the row: leftwards on even rows (the view moves right), back on odd ones.
        direction = -1 if row % 2 == 0 else 1
        while not (args.max_pans and len(pans) >= args.max_pans):
            x = float(viewer.canvas.x())
            room = (x - (fw - cw)) if direction < 0 else -x
            if room < 1:
                break
            pan(direction * min(fw - 2 * margin - 12, room), 0)
        room = float(viewer.canvas.y()) - (fh - ch)
        if room < 1 or (args.max_pans and len(pans) >= args.max_pans):
            break
        pan(0, -min(fh - 2 * margin - 12, room))
        row += 1
    scene.background.assert_quiet_since(before, "pans")
    out["pan_to_tiles_ms"] = h.summary(pans)
    if checking:
        out["check"] = scene.pairs.medians()
    out["most_tiles_at_once"] = most
    out["tiles_requested"] = viewer.grid.property("requested")
    QMetaObject.invokeMethod(viewer.frame, "fit")
    h.wait(500)
    out["rss_after_mb"] = round(status_mb("VmRSS"), 1)
    out["peak_rss_mb"] = round(status_mb("VmHWM"), 1)
    print(json.dumps(out))
    sys.stdout.flush()
    os._exit(0)


if __name__ == "__main__":
    main()
