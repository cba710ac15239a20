"""Deep zoom in the real viewer: a big original gets a pyramid in the background; zooming in
by touch shows its tiles, only the visible ones, in the right place, down to single pixels."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import QObject, QPoint, QPointF
from PySide6.QtQuick import QQuickItem
from PySide6.QtTest import QTest

from kiosk.config import Config
from kiosk.media.tiles import Pyramid
from kiosk.ui.deepzoom import TileGrid
from kiosk.ui.models import PhotoModel
from kiosk.ui.navigation import Navigator
from tests.ui.scene import center, drag, find, items, pinch, scene_rect, shown_rect, tap

S = Navigator.Screen
BLOCK = 16  # JPEG's chroma blocks are 16 px: a flat 16-px block survives compression


def block_colour(bx: int, by: int) -> tuple[int, int, int]:
    return (bx * 37) % 256, (by * 59) % 256, ((bx + by) * 23) % 256


def checkerboard(size: tuple[int, int]) -> Image.Image:
    """An image of 16-px blocks each coloured after its position: a screen-fit image (4–5
    original pixels per screen pixel here) blurs them into mush; only real tiles at full
    resolution show each block's own colour where it belongs."""
    w, h = size
    cols, rows = -(-w // BLOCK), -(-h // BLOCK)
    small = Image.new("RGB", (cols, rows))
    small.putdata([block_colour(bx, by) for by in range(rows) for bx in range(cols)])
    return small.resize((cols * BLOCK, rows * BLOCK), Image.Resampling.NEAREST).crop((0, 0, w, h))


@pytest.fixture
def big_scan(bundle_dir: Path) -> tuple[Path, str]:
    """The default exhibit with its first photograph replaced by a 6000×4000 scan."""
    doc = json.loads((bundle_dir / "bundle.json").read_text(encoding="utf-8"))
    first = next(m for m in doc["media"] if m["kind"] == "photo")
    checkerboard((6000, 4000)).save(bundle_dir / first["file"], "JPEG", quality=95)
    return bundle_dir, first["id"]


def tile_items(window) -> list[QQuickItem]:
    return [i for i in items(window.contentItem()) if i.objectName() == "tile" and i.isVisible()]


def wait_tiles_loaded(qtbot, window) -> list[QQuickItem]:
    qtbot.waitUntil(
        lambda: bool(tile_items(window)) and all(t.property("loaded") for t in tile_items(window)),
        timeout=10_000,
    )
    with qtbot.waitSignal(window.frameSwapped, timeout=2000):
        window.update()  # one more frame, painted with them
    return tile_items(window)


def grid_of(photos: PhotoModel, row: int) -> TileGrid:
    """The tile grid the viewer's page of ``row`` took from the photo model."""
    grids = [g for g in photos.findChildren(TileGrid) if g.property("row") == row]
    assert len(grids) == 1, f"{len(grids)} tile grids show row {row}"
    return grids[0]


def told_the_view_on_screen(told, frame: QQuickItem) -> bool:
    """Whether the last view the viewer told this frame's tile grid is the one on screen now
    (the viewer tells it a moment after a change, with ``Qt.callLater``)."""
    index = frame.objectName().removeprefix("viewerFrame_")
    views = [view for row, view in told if row == int(index)]
    if not views:
        return False
    _, x, y, _, _ = views[-1]
    layer = frame.findChild(QQuickItem, f"tileLayer_{index}")
    corner = layer.mapFromItem(frame, QPointF(0, 0))  # in original pixels
    return abs(corner.x() - x) < 0.5 and abs(corner.y() - y) < 0.5


def check_tiles_match_the_view(window, frame: QQuickItem, grid: QObject, pyramid: Pyramid):
    """Every tile shown meets the frame, the tiles leave no hole in it, and there are no
    more of them than a screenful of tiles at that level can hold."""
    view = shown_rect(frame)
    tiles = tile_items(window)
    rects = [scene_rect(t) for t in tiles]
    assert all(r.intersects(view) for r in rects), "a tile outside the view was requested"
    layer = scene_rect(find(window, "tileLayer_0")).intersected(view)
    for fx in range(1, 20):
        for fy in range(1, 12):
            p = QPointF(
                layer.left() + layer.width() * fx / 20, layer.top() + layer.height() * fy / 12
            )
            assert any(r.contains(p) for r in rects), f"no tile at {p}"
    level = grid.property("level")
    edge = pyramid.tile / pyramid.scale(level) * rects[0].width() / tiles[0].width()
    most = (int(view.width() / edge) + 2) * (int(view.height() / edge) + 2)
    assert len(tiles) <= most
    keys = grid.visible_keys()
    assert len(keys) == len(tiles) and {k[0] for k in keys} == {level}
    return set(keys)


def check_pixels_are_the_originals(window, frame: QQuickItem) -> int:
    """Grab the screen and compare pixels at block centres with the original's colours
    (in the middle of the frame: buttons float over its edges)."""
    shot = window.grabWindow()
    layer = find(window, "tileLayer_0")
    whole = shown_rect(frame)
    view = whole.adjusted(
        whole.width() / 5, whole.height() / 5, -whole.width() / 5, -whole.height() / 5
    )
    checked = 0
    for fx in range(1, 16):
        for fy in range(1, 10):
            sp = QPointF(view.left() + view.width() * fx / 16, view.top() + view.height() * fy / 10)
            ip = layer.mapFromScene(sp)  # in original pixels
            if not (0 <= ip.x() < 6000 and 0 <= ip.y() < 4000):
                continue
            ox, oy = ip.x() % BLOCK, ip.y() % BLOCK
            if not (5 <= ox <= BLOCK - 5 and 5 <= oy <= BLOCK - 5):
                continue  # near a block's edge: JPEG and scaling may blend neighbours
            want = block_colour(int(ip.x()) // BLOCK, int(ip.y()) // BLOCK)
            got = shot.pixelColor(QPoint(int(sp.x()), int(sp.y())))
            have = (got.red(), got.green(), got.blue())
            assert max(abs(a - b) for a, b in zip(have, want, strict=True)) <= 14, (
                sp,
                ip,
                have,
                want,
            )
            checked += 1
    return checked


@pytest.fixture
def views_told(monkeypatch) -> list[tuple[int, tuple[float, ...]]]:
    """Every view the photo viewer tells a tile grid (the grid's row and the arguments of
    ``setView``): the proof that a grid has been asked, before a test checks its answer."""
    told: list[tuple[int, tuple[float, ...]]] = []
    real = TileGrid.setView

    def spy(self: TileGrid, *view: float) -> None:
        told.append((self.property("row"), view))
        real(self, *view)

    # PySide6 looks the slot up on the object when QML calls it: the spy sees each call.
    monkeypatch.setattr(TileGrid, "setView", spy)
    return told


def test_zooming_a_big_scan_shows_only_its_visible_tiles(
    open_kiosk, qtbot, tmp_path, big_scan, views_told
):
    bundle, media_id = big_scan
    view = open_kiosk(bundle=bundle, config=Config(cache_dir=tmp_path / "cache"))
    win, session = view.window, view.session
    photos = session.photos
    index = photos.index_of(media_id)
    # The pyramid is made in the background after start, then the row points to it.
    qtbot.waitUntil(lambda: photos.deep_zoom(index) is not None, timeout=60_000)
    zoom = photos.deep_zoom(index)
    assert zoom is not None and photos.rows[index].has_tiles
    pyramid = zoom.pyramid
    assert (pyramid.width, pyramid.height) == (6000, 4000)
    assert index == 0

    session.navigator.open(int(S.Viewer), index)
    qtbot.waitUntil(lambda: find(win, "viewerFrame_0").isVisible())
    frame = find(win, "viewerFrame_0")
    grid = grid_of(photos, 0)
    viewer = find(win, "photoViewer")
    # Once the viewer has told the grid what it shows at fit (the grid answers at once):
    # the screen-fit image has every pixel the screen can show, so no tiles at all.
    qtbot.waitUntil(lambda: told_the_view_on_screen(views_told, frame))
    assert grid.property("level") == -1 and tile_items(win) == []
    assert grid.property("requested") == 0
    max_zoom = frame.property("maxZoom")
    one_to_one = frame.property("oneToOne")
    assert one_to_one > 4 and max_zoom == pytest.approx(2 * one_to_one)

    # Double-tap, then spread two fingers until it will go no further: 2 screen pixels
    # per original pixel.
    pt = center(frame)
    tap(win, pt)
    tap(win, pt)
    qtbot.waitUntil(lambda: viewer.property("currentZoom") > 2)
    for _ in range(6):
        pinch(win, pt, 60, 500)
        if frame.property("zoom") >= max_zoom - 1e-6:
            break
    assert frame.property("zoom") == pytest.approx(max_zoom)
    qtbot.waitUntil(lambda: told_the_view_on_screen(views_told, frame))
    assert grid.property("level") == pyramid.max_level
    wait_tiles_loaded(qtbot, win)
    before = check_tiles_match_the_view(win, frame, grid, pyramid)
    assert len(before) < pyramid.tile_count() / 20  # of 521 tiles, a screenful
    assert check_pixels_are_the_originals(win, frame) >= 10
    requested = grid.property("requested")

    # Pan: the newly uncovered tiles are requested, those still on screen are kept.
    drag(win, pt, pt + QPoint(-300, -200))
    qtbot.waitUntil(lambda: told_the_view_on_screen(views_told, frame))
    wait_tiles_loaded(qtbot, win)
    after = check_tiles_match_the_view(win, frame, grid, pyramid)
    assert after != before
    assert grid.property("requested") - requested == len(after - before)
    assert check_pixels_are_the_originals(win, frame) >= 10

    # Pinch out halfway: a coarser level, still only what is visible.
    pinch(win, pt, 500, 60)
    qtbot.waitUntil(lambda: grid.property("level") < pyramid.max_level)
    if grid.property("level") >= 0:
        wait_tiles_loaded(qtbot, win)
        check_tiles_match_the_view(win, frame, grid, pyramid)

    # Back to fit: the tiles go.
    QTest.qWait(700)
    tap(win, pt)
    tap(win, pt)
    qtbot.waitUntil(lambda: viewer.property("currentZoom") == pytest.approx(1))
    qtbot.waitUntil(lambda: tile_items(win) == [])
    assert grid.property("level") == -1


def test_a_photo_no_bigger_than_the_screen_has_no_pyramid(open_kiosk, qtbot, tmp_path, bundle_dir):
    Image.new("RGB", (1000, 650), (90, 80, 70)).save(bundle_dir / "images" / "f-iii-541.jpg")
    view = open_kiosk(bundle=bundle_dir, config=Config(cache_dir=tmp_path / "cache"))
    win, photos = view.window, view.session.photos
    index = photos.index_of("f-iii-541")
    # The other originals (2000 px) get pyramids on this 1280-px screen; this one never.
    qtbot.waitUntil(lambda: photos.deep_zoom(0) is not None, timeout=20_000)
    assert photos.deep_zoom(index) is None and not photos.rows[index].has_tiles
    view.session.navigator.open(int(S.Viewer), index)
    name = f"viewerFrame_{index}"
    qtbot.waitUntil(lambda: find(win, name).isVisible())
    frame = find(win, name)
    assert frame.property("maxZoom") == pytest.approx(find(win, "photoViewer").property("maxZoom"))
    assert grid_of(photos, index).property("available") is False
