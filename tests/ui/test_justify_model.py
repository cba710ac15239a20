"""PhotoRows (kiosk.ui.photorows): the justified layout as a list model QML binds to.

The photographs are PhotoModel rows, as the exhibit's presenter builds them, with the
picture sizes each test needs.
"""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtCore import QByteArray, QUrl
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtQml import QQmlComponent, QQmlEngine
from PySide6.QtTest import QSignalSpy

from kiosk.content import load_bundle
from kiosk.ui.justify import justify
from kiosk.ui.models import MADE_IN_PYTHON, PhotoModel
from kiosk.ui.photorows import UNKNOWN_ASPECT, PhotoRows
from kiosk.ui.present import Presenter
from tests.conftest import DEFAULT_BUNDLE

#: (width, height) of the photographs most tests show: a panorama, a tall document, a
#: photograph of unknown size among ordinary ones.
SIZES = [(2000, 1400), (1200, 1500), (6000, 1000), (1000, 3000), (1600, 1200), (0, 900)]
SIZES += [(1500 + 100 * (i % 5), 1000 + 80 * (i % 3)) for i in range(14)]


@pytest.fixture(scope="module")
def presenter():
    loaded = load_bundle(DEFAULT_BUNDLE)
    assert loaded.bundle is not None
    return Presenter(loaded.bundle, loaded.root, loaded.images)


def photos_of(presenter, sizes, language="en"):
    """The exhibit's photographs, as many as ``sizes``, each with its size from there."""
    real = presenter.build(language).photos
    return [
        dataclasses.replace(
            real[i % len(real)], media_id=f"photo-{i}", image_width=w, image_height=h
        )
        for i, (w, h) in enumerate(sizes)
    ]


def photo_model(presenter, sizes=SIZES):
    model = PhotoModel()
    model.set_rows(photos_of(presenter, sizes))
    return model


def aspects_of(sizes):
    return [w / h if w and h else UNKNOWN_ASPECT for w, h in sizes]


def role(model, name):
    names = {bytes(v.data()).decode(): k for k, v in model.roleNames().items()}
    return names[name]


def shown(model):
    """Every row as (rowHeight, imageHeight, [(photoIndex, cellX, cellWidth), ...])."""
    out = []
    for r in range(model.rowCount()):
        index = model.index(r)
        cells = model.data(index, role(model, "cells"))
        out.append(
            (
                model.data(index, role(model, "rowHeight")),
                model.data(index, role(model, "imageHeight")),
                [
                    tuple(
                        cells.data(cells.index(c), role(cells, name))
                        for name in ("photoIndex", "cellX", "cellWidth")
                    )
                    for c in range(cells.rowCount())
                ],
            )
        )
    return out


def expected(sizes, width, target=200.0, spacing=8.0, label=40.0):
    return [
        (
            row.height + label,
            row.height,
            [(c.index, c.x, c.width) for c in row.cells],
        )
        for row in justify(aspects_of(sizes), width, target, spacing)
    ]


def photo_rows(photos, width=1000.0, target=200.0, spacing=8.0, label=40.0):
    model = PhotoRows()
    model.photos = photos
    model.width = width
    model.targetHeight = target
    model.spacing = spacing
    model.labelHeight = label
    return model


def test_rows_show_the_justified_layout(qapp, presenter):
    grid = photo_rows(photo_model(presenter))
    assert shown(grid) == expected(SIZES, 1000)
    assert grid.count == grid.rowCount() > 3
    # The roles QML binds to, by name; the caption strip is in rowHeight only.
    first = shown(grid)[0]
    assert first[0] == pytest.approx(first[1] + 40)
    assert [c[0] for row in shown(grid) for c in row[2]] == list(range(len(SIZES)))


def test_a_photograph_of_unknown_size_counts_as_4_3(qapp, presenter):
    grid = photo_rows(photo_model(presenter, [(0, 900), (1600, 0)]), width=2000)
    ((_, height, cells),) = shown(grid)
    assert height == 200
    assert [width for _, _, width in cells] == pytest.approx([4 / 3 * 200] * 2, abs=1)


def test_the_layout_passes_qtmodeltester(qapp, qtmodeltester, presenter):
    grid = photo_rows(photo_model(presenter))
    grid.setParent(qapp)  # outlives the model tester's clean-up of its nested model
    qtmodeltester.check(grid, force_py=True)
    cells = grid.data(grid.index(0), role(grid, "cells"))
    qtmodeltester.check(cells, force_py=True)


def test_row_of_finds_the_row_of_a_photograph(qapp, presenter):
    grid = photo_rows(photo_model(presenter))
    for r, (_, _, cells) in enumerate(shown(grid)):
        for photo_index, _, _ in cells:
            assert grid.rowOf(photo_index) == r
    assert grid.rowOf(len(SIZES)) == -1
    assert grid.rowOf(-1) == -1


def test_a_new_width_lays_the_rows_out_again(qapp, presenter):
    grid = photo_rows(photo_model(presenter))
    resets = QSignalSpy(grid.modelReset)
    grid.width = 700.0
    assert resets.count() == 1
    assert grid.width == 700.0
    assert shown(grid) == expected(SIZES, 700)


def test_a_width_change_under_a_pixel_keeps_the_layout(qapp, qtbot, presenter):
    """1000.7 → 1001.2 crosses a whole pixel: laid out again, full rows would move by 1 px."""
    grid = photo_rows(photo_model(presenter), width=1000.7)
    assert expected(SIZES, 1000.7) != expected(SIZES, 1001.2)
    resets = QSignalSpy(grid.modelReset)
    with qtbot.waitSignal(grid.widthChanged, timeout=0):
        grid.width = 1001.2
    assert grid.width == 1001.2
    assert resets.count() == 0
    assert shown(grid) == expected(SIZES, 1000.7)
    grid.width = 1001.5  # still under a pixel from the layout shown
    assert resets.count() == 0
    grid.width = 1001.8  # small steps add up
    assert resets.count() == 1
    assert shown(grid) == expected(SIZES, 1001.8)


def test_no_reset_when_the_layout_stays_the_same(qapp, presenter):
    """Two photographs in a wide grid are the last row at the target height whatever the
    width; a language switch changes the photographs' data but not their sizes."""
    photos = photo_model(presenter, SIZES[:2])
    grid = photo_rows(photos, width=2000)
    resets = QSignalSpy(grid.modelReset)
    grid.width = 1800.0
    assert resets.count() == 0
    changed = QSignalSpy(photos.dataChanged)
    photos.set_rows(photos_of(presenter, SIZES[:2], "ru"))
    assert changed.count() == 1
    assert resets.count() == 0
    assert shown(grid) == expected(SIZES[:2], 1800)


def test_each_property_lays_the_rows_out_again(qapp, presenter):
    grid = photo_rows(photo_model(presenter))
    resets = QSignalSpy(grid.modelReset)
    grid.targetHeight = 150.0
    assert shown(grid) == expected(SIZES, 1000, target=150)
    grid.spacing = 20.0
    assert shown(grid) == expected(SIZES, 1000, target=150, spacing=20)
    grid.labelHeight = 64.0
    assert shown(grid) == expected(SIZES, 1000, target=150, spacing=20, label=64)
    assert resets.count() == 3
    grid.labelHeight = 64.0  # no change
    assert resets.count() == 3
    assert (grid.targetHeight, grid.spacing, grid.labelHeight) == (150.0, 20.0, 64.0)


def test_the_rows_follow_the_photographs_model(qapp, qtbot, presenter):
    photos = photo_model(presenter)
    grid = photo_rows(photos)
    with qtbot.waitSignals([grid.modelReset, grid.countChanged], timeout=0):
        photos.set_rows(photos_of(presenter, SIZES[:3]))
    assert shown(grid) == expected(SIZES[:3], 1000)
    other = photo_model(presenter, SIZES[5:])
    grid.photos = other
    assert grid.photos is other
    assert shown(grid) == expected(SIZES[5:], 1000)
    photos.set_rows(photos_of(presenter, SIZES))  # the old model is no longer followed...
    assert shown(grid) == expected(SIZES[5:], 1000)
    with qtbot.waitSignal(photos.destroyed, timeout=1000):
        photos.deleteLater()  # ...not even to its end
    assert grid.photos is other
    assert shown(grid) == expected(SIZES[5:], 1000)
    grid.photos = None
    assert grid.count == 0


def standard_model(sizes):
    """A plain Qt model with the two roles PhotoRows reads (and one it does not)."""
    model = QStandardItemModel()
    width, height, title = 300, 301, 302
    model.setItemRoleNames(
        {width: QByteArray(b"imageWidth"), height: QByteArray(b"imageHeight"), title: b"title"}
    )
    for w, h in sizes:
        model.appendRow(item(w, h))
    return model


def item(w, h):
    it = QStandardItem()
    it.setData(w, 300)
    it.setData(h, 301)
    it.setData("a title", 302)
    return it


def test_the_rows_follow_inserts_removals_changes_and_sorting(qapp, presenter):
    sizes = list(SIZES)
    source = standard_model(sizes)
    grid = photo_rows(source)
    assert shown(grid) == expected(sizes, 1000)
    resets = QSignalSpy(grid.modelReset)

    source.insertRow(1, item(4000, 1000))  # rowsInserted
    sizes.insert(1, (4000, 1000))
    assert shown(grid) == expected(sizes, 1000)

    source.removeRows(0, 3)  # rowsRemoved
    del sizes[:3]
    assert shown(grid) == expected(sizes, 1000)

    source.item(0).setData(900, 300)  # dataChanged: imageWidth
    sizes[0] = (900, sizes[0][1])
    assert shown(grid) == expected(sizes, 1000)
    assert resets.count() == 3

    source.item(0).setData("another title", 302)  # a role PhotoRows does not read
    assert resets.count() == 3

    source.setSortRole(300)
    source.sort(0)  # layoutChanged
    sizes.sort(key=lambda s: s[0])
    assert shown(grid) == expected(sizes, 1000)
    assert resets.count() == 4


def test_a_deleted_photographs_model_leaves_no_rows(qapp, qtbot, presenter):
    photos = photo_model(presenter)
    grid = photo_rows(photos)
    assert grid.count > 0
    with qtbot.waitSignal(grid.photosChanged, timeout=1000):
        photos.deleteLater()
    assert grid.count == 0
    assert grid.photos is None


def make(engine, qml):
    component = QQmlComponent(engine)
    component.setData(qml.encode(), QUrl("inline.qml"))
    assert component.isReady(), component.errorString()
    return component


def test_qml_may_not_make_photo_rows(qapp):
    """QML makes no object of a Python type (PySide would keep every one for ever): the
    engine refuses, saying where the rows come from."""
    engine = QQmlEngine()
    component = QQmlComponent(engine)
    component.setData(b"import Kiosk.Backend\nPhotoRows { width: 800 }", QUrl("inline.qml"))
    assert component.isError()
    assert MADE_IN_PYTHON in component.errorString()


def test_qml_binds_to_the_rows_and_asks_for_the_row_of_a_photograph(qapp, presenter, qml_warnings):
    engine = QQmlEngine()
    qml = """
import QtQuick
import Kiosk.Backend

Item {
    required property PhotoRows grid
    readonly property int count: grid.count
    readonly property int rowOfLast: grid.count > 0 ? grid.rowOf(19) : -2
}
"""
    grid = photo_rows(photo_model(presenter), width=1000)
    made = make(engine, qml)
    item = made.createWithInitialProperties({"grid": grid})
    assert item is not None, made.errorString()
    layout = expected(SIZES, 1000)
    assert item.property("count") == len(layout)
    assert item.property("rowOfLast") == len(layout) - 1
    assert shown(grid) == layout
    grid.setProperty("width", 600.0)
    layout = expected(SIZES, 600)
    assert item.property("count") == len(layout)
    assert item.property("rowOfLast") == len(layout) - 1
    assert shown(grid) == layout
    assert qml_warnings() == []


def test_rows_and_their_photographs_can_go_together(qapp, presenter):
    """The rows hold the last reference to their photographs: dropping both ends the model
    while the rows are half gone, and its end must not reach them (it crashed)."""

    def lay_out_and_leave():
        grid = photo_rows(photo_model(presenter))
        assert grid.count > 0

    for _ in range(3):
        lay_out_and_leave()
