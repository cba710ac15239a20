"""What visits leave behind: nothing. PySide 6.12 keeps every object QML makes of a Python
type for ever (its creation function holds a reference it never gives back), so the kiosk's
QML makes none: the models hand out the objects screens need, one per row or per page at a
time (``kiosk.ui.models``). An hour of simulated visits grew the kiosk by 63 MB before."""

from __future__ import annotations

import gc
import importlib
import inspect
import pkgutil
from collections import Counter

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QUrl
from PySide6.QtQml import QQmlComponent, QQmlEngine
from PySide6.QtTest import QTest

import kiosk.ui
from kiosk.content import load_bundle
from kiosk.ui.deepzoom import TileGrid
from kiosk.ui.models import GlossaryModel, OneRow, PhotoModel, RowOf
from kiosk.ui.navigation import Navigator
from kiosk.ui.present import Presenter
from tests.conftest import DEFAULT_BUNDLE
from tests.ui.scene import exists, find

S = Navigator.Screen


@pytest.fixture(scope="module")
def presenter() -> Presenter:
    loaded = load_bundle(DEFAULT_BUNDLE)
    assert loaded.bundle is not None
    return Presenter(loaded.bundle, loaded.root, loaded.images)


def python_qobject_types() -> list[type[QObject]]:
    """Every QObject type the kiosk's UI package defines in Python."""
    found: dict[str, type[QObject]] = {}
    for info in pkgutil.iter_modules(kiosk.ui.__path__, "kiosk.ui."):
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if (
                inspect.isclass(value)
                and issubclass(value, QObject)
                and value.__module__ == module.__name__
            ):
                found[name] = value
    return list(found.values())


def test_qml_can_make_no_object_of_a_python_type(qapp):
    """The engine refuses ``T {}`` for every Python type of the UI: a screen that tried
    would fail to load in every test, not leak quietly in a gallery."""
    types = python_qobject_types()
    assert {"TileGrid", "RowOf", "OneRow", "PhotoRows", "Exhibit"} <= {t.__name__ for t in types}
    engine = QQmlEngine()
    made = []
    for t in types:
        component = QQmlComponent(engine)
        component.setData(f"import Kiosk.Backend\n{t.__name__} {{}}".encode(), QUrl("t.qml"))
        if not component.isError():
            made.append(t.__name__)
    assert made == [], f"QML can make these Python types (each one made is kept for ever): {made}"


def test_one_row_models_are_made_once_and_kept_by_the_model(qapp, presenter):
    photos = PhotoModel()
    photos.set_rows(presenter.build("en").photos)
    one = photos.oneRow(2)
    assert isinstance(one, RowOf) and photos.oneRow(2) is one
    assert one.parent() is photos
    assert QQmlEngine.objectOwnership(one) == QQmlEngine.ObjectOwnership.CppOwnership
    title = next(k for k, v in photos.roleNames().items() if bytes(v) == b"title")
    assert one.data(one.index(0, 0), title) == photos.rows[2].title
    # Every negative position is the one empty model (QML gets an object, never null).
    empty = photos.oneRow(-7)
    assert empty is photos.oneRow(-1) and empty.rowCount() == 0

    glossary = GlossaryModel()
    glossary.set_rows(presenter.build("en").glossary)
    card = glossary.oneRowWithId("azrevkom")
    assert isinstance(card, OneRow) and glossary.oneRowWithId("azrevkom") is card
    term = next(k for k, v in glossary.roleNames().items() if bytes(v) == b"term")
    glossary.set_rows(presenter.build("ru").glossary)
    assert card.data(card.index(0, 0), term) == "Азревком"
    assert glossary.oneRowWithId("").rowCount() == 0


def test_tile_grids_are_given_back_and_taken_again(qapp, presenter):
    photos = PhotoModel()
    photos.set_rows(presenter.build("en").photos)
    first, second = photos.takeTileGrid(0), photos.takeTileGrid(1)
    assert isinstance(first, TileGrid) and first is not second
    assert (first.property("row"), second.property("row")) == (0, 1)
    photos.giveBackTileGrid(first)
    photos.giveBackTileGrid(first)  # twice: still one grid to take again
    assert first.property("row") == -1 and first.rowCount() == 0
    again = photos.takeTileGrid(3)
    assert again is first and again.property("row") == 3
    assert photos.takeTileGrid(4) not in (first, second)
    assert photos.tile_grids_made == 3
    photos.giveBackTileGrid(None)  # a page that never took one
    photos.giveBackTileGrid(PhotoModel())  # not a grid: ignored


def kiosk_objects() -> Counter[str]:
    """The kiosk's live Qt objects made in Python, by type (background jobs, which come and
    go with the renditions, are not counted)."""
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()
    return Counter(
        type(o).__qualname__
        for o in gc.get_objects()
        if isinstance(o, QObject) and type(o).__module__.startswith("kiosk.")
    )


@pytest.mark.parametrize("rounds", [6])
def test_visits_leave_no_python_objects_behind(open_kiosk, qtbot, rounds):
    """The screens that make the most (the Photographs grid's cells, the viewer's pages,
    tile grids and captions) opened and left again and again: after the first visits, no
    type of the kiosk's has more live objects than before."""
    view = open_kiosk()
    win, session = view.window, view.session
    navigator, photos = session.navigator, session.photos

    def visit() -> None:
        navigator.open(int(S.Photos), 0)
        qtbot.waitUntil(lambda: exists(win, "photo_0"))
        grid = find(win, "photoGrid")
        grid.setProperty("contentY", grid.property("contentHeight"))  # cells made and dropped
        grid.setProperty("contentY", 0)
        for i in range(min(3, photos.count)):
            navigator.open(int(S.Viewer), i)
            qtbot.waitUntil(lambda i=i: exists(win, f"viewerFrame_{i}"))
            if i + 1 < photos.count:
                navigator.setIndex(i + 1)  # the pager moves: pages made and dropped
                qtbot.waitUntil(lambda i=i: exists(win, f"viewerFrame_{i + 1}"))
            navigator.back()
            qtbot.waitUntil(lambda: not exists(win, "photoViewer"))
        navigator.home()
        qtbot.waitUntil(lambda: not exists(win, "photosScreen"))
        QTest.qWait(50)

    visit()
    visit()
    before = kiosk_objects()
    for _ in range(rounds):
        visit()
    after = kiosk_objects()
    grown = {name: (before[name], n) for name, n in after.items() if n > before[name]}
    assert grown == {}, f"live objects (before, after {rounds} more visits): {grown}"
    # The pages took their grids from the model and gave them back.
    assert 0 < photos.tile_grids_made <= 6
