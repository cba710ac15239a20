"""The app shows renditions from the cache, and makes missing ones without blocking."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtQml import QQmlExpression, qmlContext
from PySide6.QtQuick import QQuickItem

from kiosk.config import Config
from kiosk.ui.navigation import Navigator
from tests.ui.scene import exists, find, image_file, items

S = Navigator.Screen
READY = 1  # Image.Ready


def shown(root: QQuickItem) -> list[QQuickItem]:
    """The visible Image items with a source, ``root`` and below."""
    return [
        i
        for i in items(root)
        if i.inherits("QQuickImage") and i.isVisible() and not i.property("source").isEmpty()
    ]


def file_of(image: QQuickItem) -> Path:
    return image_file(image)


def loaded(image: QQuickItem) -> bool:
    # PySide6 has no converter for the status enum: let QML read it, as a number.
    value, _ = QQmlExpression(qmlContext(image), image, "status").evaluate()
    return int(value) == READY


def hero(view) -> QQuickItem:
    (image,) = shown(find(view.window, "heroImage"))
    return image


def open_screen(view, qtbot, screen: S, index: int, name: str) -> list[QQuickItem]:
    """Open a screen as a visitor would and wait until every image on it has loaded."""
    nav = view.session.navigator
    nav.home()
    nav.open(int(screen), index)
    qtbot.waitUntil(lambda: exists(view.window, name))
    root = find(view.window, name)
    qtbot.waitUntil(lambda: bool(shown(root)) and all(loaded(i) for i in shown(root)))
    return shown(root)


def test_missing_renditions_are_made_in_the_background_and_then_shown(open_kiosk, qtbot, tmp_path):
    cache = tmp_path / "cache"
    view = open_kiosk(config=Config(cache_dir=cache))
    # Nothing was made before the exhibit opened: Home shows the hero's placeholder, never
    # the original (making the renditions takes far longer than the first frame does).
    assert not shown(find(view.window, "heroImage"))
    assert exists(view.window, "placeholder")

    # Once made, the screens show them, each the size it needs: the screen-fit image on
    # Home and in the viewer, thumbnails in the grids. Every image on those screens
    # comes from the cache and has loaded.
    qtbot.waitUntil(lambda: bool(shown(find(view.window, "heroImage"))), timeout=20_000)
    assert cache in file_of(hero(view)).parents
    qtbot.waitUntil(lambda: loaded(hero(view)))
    assert "-screen-" in file_of(hero(view)).name
    for screen, index, name, size in [
        (S.Photos, 0, "photosScreen", "-thumb-"),
        (S.People, 0, "peopleScreen", "-thumb-"),
        (S.Viewer, 2, "photoViewer", "-screen-"),
    ]:
        files = [file_of(i) for i in open_screen(view, qtbot, screen, index, name)]
        assert files, name
        for f in files:
            assert cache in f.parents and size in f.name, (name, f)
            assert f.is_file()

    # A second start finds them all: the renditions are shown from the first frame, and
    # nothing is made again.
    made = {
        p: p.stat().st_mtime_ns
        for p in cache.rglob("*")
        if p.is_file() and ("-thumb-" in p.name or "-screen-" in p.name)
    }
    again = open_kiosk(config=Config(cache_dir=cache))
    assert cache in file_of(hero(again)).parents
    files = [file_of(i) for i in open_screen(again, qtbot, S.Photos, 0, "photosScreen")]
    assert files and all(cache in f.parents for f in files)
    assert len(made) >= 12  # a thumbnail and a screen-fit image of each of the six
    assert {p: p.stat().st_mtime_ns for p in made} == made
