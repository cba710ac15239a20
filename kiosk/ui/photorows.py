"""``PhotoRows``: the Photographs grid as justified rows (``kiosk.ui.justify``), for QML.

A ListView shows one delegate per row; each row's ``cells`` is a nested list model (see
``kiosk.ui.models``) for a Repeater. The exhibit makes the one ``PhotoRows`` of its
photographs (QML makes no Python objects: see ``kiosk.ui.models``); a screen sets its
sizes::

    Binding { target: exhibit.photoRows; property: "width"; value: grid.width }
    Binding { target: exhibit.photoRows; property: "targetHeight"; value: 220 }
    ListView {
        model: exhibit.photoRows
        delegate: Item {
            required property real rowHeight    // imageHeight + labelHeight
            required property real imageHeight
            required property var cells         // photoIndex, cellX, cellWidth
            ...
        }
    }

The layout follows the photographs model (reset, rows inserted, removed or moved, data
changed, layout changed) and the properties; the rows are replaced with ``modelReset`` only
when the layout actually changes, and a width change under 1 px is no change (a view
settling on a fractional width must not rebuild the grid).
"""

# No ``from __future__ import annotations`` here: RowModel reads the rows' field types with
# typing.get_type_hints in kiosk.ui.rows' namespace, where PhotoCell is not a name; real
# annotations need no evaluation.

import math
import weakref
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    Property,
    QAbstractItemModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtQml import QmlElement, QmlUncreatable
from shiboken6 import isValid

from kiosk.ui.justify import justify
from kiosk.ui.models import MADE_IN_PYTHON, RowModel
from kiosk.ui.signals import emit

QML_IMPORT_NAME = "Kiosk.Backend"
QML_IMPORT_MAJOR_VERSION = 1

#: The aspect of a photograph whose size is not known (width or height 0).
UNKNOWN_ASPECT = 4 / 3
#: The roles read from the photographs model.
WIDTH_ROLE = "imageWidth"
HEIGHT_ROLE = "imageHeight"
#: A width change smaller than this (px) keeps the layout.
WIDTH_STEP = 1.0


@dataclass(frozen=True, slots=True)
class PhotoCell:
    """A photograph's cell in its row: which photograph, its left edge and width (px)."""

    photo_index: int
    cell_x: float
    cell_width: float


@dataclass(frozen=True, slots=True)
class PhotoRow:
    """A row of the grid: its height with the captions under it, the pictures' height, cells."""

    row_height: float
    image_height: float
    cells: tuple[PhotoCell, ...]


@QmlElement
@QmlUncreatable("Cells are made by PhotoRows.")
class PhotoCellModel(RowModel[PhotoCell]):  # type: ignore[operator]  # stubs: QmlUncreatable not callable
    """The cells of one row of ``PhotoRows``."""

    row_type = PhotoCell

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        # All numbers, no id: nothing to display (Qt's views take text or nothing there).
        return None if role == Qt.ItemDataRole.DisplayRole else super().data(index, role)


def _size(value: Any) -> float:
    """A role's value as a size in pixels (0: unknown)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return 0.0
    return float(value) if math.isfinite(value) and value > 0 else 0.0


def _real(value: float) -> float:
    """A property's value, NaN and infinities taken as 0."""
    value = float(value)
    return value if math.isfinite(value) else 0.0


@QmlElement
@QmlUncreatable(MADE_IN_PYTHON)
class PhotoRows(RowModel[PhotoRow]):  # type: ignore[operator]  # stubs: QmlUncreatable not callable
    """The photographs of ``photos`` in justified rows ``width`` px wide."""

    row_type = PhotoRow

    photosChanged = Signal()
    """Emitted when another photographs model is shown."""
    widthChanged = Signal()
    """Emitted when the width changes."""
    targetHeightChanged = Signal()
    """Emitted when the target height changes."""
    spacingChanged = Signal()
    """Emitted when the spacing changes."""
    labelHeightChanged = Signal()
    """Emitted when the label height changes."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._photos: QAbstractItemModel | None = None
        self._width = 0.0
        self._laid_width = 0.0  # the width of the layout shown
        self._target = 0.0
        self._spacing = 0.0
        self._label = 0.0
        self._row_of: dict[int, int] = {}
        # The photographs model's end, followed through a weak reference: a model that goes
        # with the rows (the last Python reference to it was theirs) says so when the rows
        # are half gone, and a method of theirs would crash.
        rows = weakref.ref(self)

        def photos_destroyed(*_: object) -> None:
            alive = rows()
            if alive is not None and isValid(alive):
                alive._photos_destroyed()

        self._on_photos_destroyed = photos_destroyed

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        # All numbers, no id: nothing to display (Qt's views take text or nothing there).
        return None if role == Qt.ItemDataRole.DisplayRole else super().data(index, role)

    # -- the layout ----------------------------------------------------------------------

    def aspects(self) -> list[float]:
        """The aspect (width / height) of every photograph, in the model's order."""
        model = self._photos
        if model is None:
            return []
        names = {bytes(name.data()).decode(): role for role, name in model.roleNames().items()}
        width_role, height_role = names.get(WIDTH_ROLE), names.get(HEIGHT_ROLE)
        out: list[float] = []
        for r in range(model.rowCount()):
            index = model.index(r, 0)
            w = _size(model.data(index, width_role)) if width_role is not None else 0.0
            h = _size(model.data(index, height_role)) if height_role is not None else 0.0
            out.append(w / h if w and h else UNKNOWN_ASPECT)
        return out

    def _relayout(self) -> None:
        self._laid_width = self._width
        label = max(0.0, self._label)
        new = tuple(
            PhotoRow(
                row.height + label,
                row.height,
                tuple(PhotoCell(c.index, c.x, c.width) for c in row.cells),
            )
            for row in justify(self.aspects(), self._width, self._target, self._spacing)
        )
        if new != self._rows:
            self._show(new)

    def _show(self, new: Sequence[PhotoRow]) -> None:
        """Replace the rows with a reset (a new layout moves every cell)."""
        before = len(self._rows)
        self.beginResetModel()
        self._rows = tuple(new)
        children, self._children = self._children, OrderedDict()
        self._row_of = {c.photo_index: r for r, row in enumerate(self._rows) for c in row.cells}
        self.endResetModel()
        for child in children.values():
            child.deleteLater()
        if len(self._rows) != before:
            emit(self.countChanged)

    # -- following the photographs -------------------------------------------------------

    def _follow(self, model: QAbstractItemModel, on: bool) -> None:
        pairs = [
            (model.modelReset, self._relayout),
            (model.rowsInserted, self._relayout),
            (model.rowsRemoved, self._relayout),
            (model.rowsMoved, self._relayout),
            (model.layoutChanged, self._relayout),
            (model.dataChanged, self._data_changed),
            (model.destroyed, self._on_photos_destroyed),
        ]
        for signal, slot in pairs:
            if on:
                signal.connect(slot)
            else:
                signal.disconnect(slot)

    def _data_changed(self, _top: QModelIndex, _bottom: QModelIndex, roles: list[int]) -> None:
        model = self._photos
        if model is None:
            return
        names = {
            bytes(name.data()).decode()
            for role, name in model.roleNames().items()
            if not roles or role in roles
        }
        if WIDTH_ROLE in names or HEIGHT_ROLE in names:
            self._relayout()

    def _photos_destroyed(self) -> None:
        self._photos = None
        self._relayout()
        emit(self.photosChanged)

    # -- QML -----------------------------------------------------------------------------

    @Property(QAbstractItemModel, notify=photosChanged)
    def photos(self) -> QAbstractItemModel | None:
        """The photographs: a model with ``imageWidth`` and ``imageHeight`` roles (px; a
        photograph with 0 for either counts as 4:3)."""
        return self._photos

    @photos.setter  # type: ignore[no-redef]
    def photos(self, model: QAbstractItemModel | None) -> None:
        if model is self._photos:
            return
        if self._photos is not None:
            self._follow(self._photos, False)
        self._photos = model
        if model is not None:
            self._follow(model, True)
        self._relayout()
        emit(self.photosChanged)

    @Property(float, notify=widthChanged)
    def width(self) -> float:
        """The width of the rows (px): full rows fill it exactly (to whole pixels)."""
        return self._width

    @width.setter  # type: ignore[no-redef]
    def width(self, width: float) -> None:
        width = _real(width)
        if width == self._width:
            return
        self._width = width
        if abs(width - self._laid_width) >= WIDTH_STEP:
            self._relayout()
        emit(self.widthChanged)

    @Property(float, notify=targetHeightChanged)
    def targetHeight(self) -> float:
        """The height (px) rows of pictures come closest to; the last row keeps it."""
        return self._target

    @targetHeight.setter  # type: ignore[no-redef]
    def targetHeight(self, height: float) -> None:
        height = _real(height)
        if height != self._target:
            self._target = height
            self._relayout()
            emit(self.targetHeightChanged)

    @Property(float, notify=spacingChanged)
    def spacing(self) -> float:
        """The gap between two pictures of a row (px, rounded to whole pixels)."""
        return self._spacing

    @spacing.setter  # type: ignore[no-redef]
    def spacing(self, spacing: float) -> None:
        spacing = _real(spacing)
        if spacing != self._spacing:
            self._spacing = spacing
            self._relayout()
            emit(self.spacingChanged)

    @Property(float, notify=labelHeightChanged)
    def labelHeight(self) -> float:
        """The height (px) of the captions under each row, part of ``rowHeight``."""
        return self._label

    @labelHeight.setter  # type: ignore[no-redef]
    def labelHeight(self, height: float) -> None:
        height = _real(height)
        if height != self._label:
            self._label = height
            self._relayout()
            emit(self.labelHeightChanged)

    @Slot(int, result=int)
    def rowOf(self, photo_index: int) -> int:
        """The row that holds photograph ``photo_index`` (-1: none), to bring it into view."""
        return self._row_of.get(photo_index, -1)
