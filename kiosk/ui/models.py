"""List models for QML: typed rows (``kiosk.ui.rows``) with one role per field.

Every model shows rows of one dataclass; its roles are the dataclass's fields in
lowerCamelCase. A field holding a tuple of rows is a nested list: QML gets a model of its
own for it (made when a delegate first asks, kept while the row lives, and updated in place
with the row), so delegates bind to roles all the way down and never read maps.

Replacing the rows with as many new ones (a language switch, renditions made in the
background) changes them in place with ``dataChanged``: views keep their position and
delegates are not rebuilt. ``OneRow`` shows a single row of a model by its id or position,
for a card or panel outside any list; ``RowOf`` one row by position, in constant time.

QML never makes an object of these Python types: each model hands out the one-row models
(``oneRow``, ``oneRowWithId``) and the photo model its tile grids (``takeTileGrid``). PySide
6.12 keeps every object QML makes of a Python type for ever: its creation function holds a
reference it never gives back, so a delegate made and destroyed a thousand times leaves a
thousand objects and all they hold (an hour of visits grew the kiosk by 63 MB). Objects
made here have a parent and are kept, one per row or per view at a time, however often
the screens come and go; ``QmlUncreatable`` makes the QML engine refuse a ``RowOf {}``.
"""

from __future__ import annotations

import dataclasses
import typing
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, TypeVar

from PySide6.QtCore import (
    Property,
    QAbstractItemModel,
    QAbstractListModel,
    QByteArray,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtQml import QmlElement, QmlUncreatable, QQmlEngine

from kiosk.ui import rows
from kiosk.ui.signals import emit

if typing.TYPE_CHECKING:
    from kiosk.ui.deepzoom import TileGrid

QML_IMPORT_NAME = "Kiosk.Backend"
QML_IMPORT_MAJOR_VERSION = 1

_ROLE_BASE = int(Qt.ItemDataRole.UserRole) + 1

#: How many nested-list models a model keeps alive. A delegate asks for its row's nested
#: models when it is made, and only the delegates on or near the screen live (a pager's
#: page and its neighbours, one captions panel): far fewer than this. Visiting all of a
#: 1,000-person exhibit made 3,500 of them, about 70 MB kept for nothing; the least
#: recently asked for are let go.
NESTED_KEPT = 64
_MADE_BY_THE_EXHIBIT = "Models are made by the exhibit."
#: Why QML may not make an object of a Python type (see the module's docstring).
MADE_IN_PYTHON = (
    "Made in Python and handed to QML (PySide keeps every object QML makes of a Python type)."
)
R = TypeVar("R")


Q = TypeVar("Q", bound=QObject)


def kept(obj: Q) -> Q:
    """``obj``, which has a parent, marked as C++'s to keep: QML, which receives it from a
    method, would otherwise take it as its own to collect."""
    assert obj.parent() is not None, "a kept object needs a parent to own it"
    QQmlEngine.setObjectOwnership(obj, QQmlEngine.ObjectOwnership.CppOwnership)
    return obj


def camel(name: str) -> str:
    """``inventory_number`` → ``inventoryNumber``."""
    first, *rest = name.split("_")
    return first + "".join(part.title() for part in rest)


@dataclass(frozen=True)
class _Role:
    """One role: the field it shows and, for a nested list, the model class that shows it."""

    value: int
    field: str
    name: str
    nested: type[RowModel[Any]] | None


#: Row class → the model class that shows a tuple of such rows (filled as classes are made).
_MODEL_FOR: dict[type, type[RowModel[Any]]] = {}


class RowModel(QAbstractListModel, Generic[R]):
    """A list of ``row_type`` rows, one role per field."""

    row_type: ClassVar[type]
    _layout: ClassVar[dict[int, _Role] | None] = None

    countChanged = Signal()
    """Emitted when the number of rows changes."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "row_type" in cls.__dict__:
            _MODEL_FOR[cls.row_type] = cls
            cls._layout = None

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: tuple[R, ...] = ()
        self._roles = self._describe()
        self._names = {r.value: QByteArray(r.name.encode()) for r in self._roles.values()}
        #: (row, role) → the model of that row's nested list, once QML has asked for it; the
        #: most recently asked for last (see ``NESTED_KEPT``).
        self._children: OrderedDict[tuple[int, int], RowModel[Any]] = OrderedDict()
        #: The one-row models handed to QML, by position and by id (never let go: QML may
        #: hold them; at most one of each per row).
        self._one_row: dict[int, RowOf] = {}
        self._one_with_id: dict[str, OneRow] = {}

    @classmethod
    def _describe(cls) -> dict[int, _Role]:
        if cls._layout is None:
            hints = typing.get_type_hints(cls.row_type, vars(rows))
            layout: dict[int, _Role] = {}
            for f in dataclasses.fields(cls.row_type):
                if not f.metadata.get("role", True):
                    continue
                nested = None
                hint = hints[f.name]
                if typing.get_origin(hint) is tuple:
                    item = typing.get_args(hint)[0]
                    nested = _MODEL_FOR.get(item) if isinstance(item, type) else None
                value = _ROLE_BASE + len(layout)
                layout[value] = _Role(value, f.name, camel(f.name), nested)
            cls._layout = layout
        return cls._layout

    # -- Python side ---------------------------------------------------------------------

    @property
    def rows(self) -> tuple[R, ...]:
        """The rows shown."""
        return self._rows

    def index_of(self, key: str) -> int:
        """The position of the row whose id (first field) is ``key``, or -1."""
        first = next(iter(self._roles.values())).field
        return next((i for i, r in enumerate(self._rows) if getattr(r, first) == key), -1)

    def set_rows(self, new: Sequence[R]) -> None:
        """Replace the rows: in place when their number is unchanged (a language switch)."""
        for row in new:
            if not isinstance(row, self.row_type):
                raise TypeError(
                    f"{type(self).__name__} shows {self.row_type.__name__} rows, "
                    f"not {type(row).__name__}"
                )
        new = tuple(new)
        if len(new) == len(self._rows) and new:
            self._rows = new
            for (r, role), child in self._children.items():
                child.set_rows(getattr(new[r], self._roles[role].field))
            emit(self.dataChanged, self.index(0), self.index(len(new) - 1), list(self._roles))
            return
        self.beginResetModel()
        self._rows = new
        children, self._children = self._children, OrderedDict()
        self.endResetModel()
        for child in children.values():
            child.deleteLater()
        emit(self.countChanged)

    # -- the model -----------------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def roleNames(self) -> dict[int, QByteArray]:
        return dict(self._names)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        r = index.row()
        if not index.isValid() or not 0 <= r < len(self._rows):
            return None
        spec = self._roles.get(role)
        if spec is None:
            if role == Qt.ItemDataRole.DisplayRole:  # the first field: the row's id
                spec = next(iter(self._roles.values()))
            else:
                return None
        value = getattr(self._rows[r], spec.field)
        if spec.nested is not None:
            key = (r, role)
            child = self._children.get(key)
            if child is None:
                child = spec.nested(self)
                child.set_rows(value)
                self._children[key] = child
                if len(self._children) > NESTED_KEPT:
                    _, oldest = self._children.popitem(last=False)
                    oldest.deleteLater()
            else:
                self._children.move_to_end(key)
            return child
        return list(value) if isinstance(value, tuple) else value

    @Property(int, notify=countChanged)
    def count(self) -> int:
        """The number of rows."""
        return len(self._rows)

    @Slot(int, result=QObject)
    def oneRow(self, row: int) -> RowOf:
        """Row ``row`` alone, as a model of one row that follows this one (a cell, a
        panel). One per position, kept with this model; any negative position gives the
        same empty one (never None: PySide 6.12 crashes QML with a None for an object)."""
        row = max(row, -1)
        one = self._one_row.get(row)
        if one is None:
            one = self._one_row[row] = kept(RowOf(self))
            one.setProperty("sourceModel", self)
            one.setProperty("row", row)
        return one

    @Slot(str, result=QObject)
    def oneRowWithId(self, key: str) -> OneRow:
        """The row whose id is ``key`` alone, wherever another language sorts it (a card).
        One per id asked for, kept with this model; "" gives an empty model."""
        one = self._one_with_id.get(key)
        if one is None:
            one = self._one_with_id[key] = kept(OneRow(self))
            one.setSourceModel(self)
            one.setProperty("key", key)
        return one


@QmlElement
@QmlUncreatable(_MADE_BY_THE_EXHIBIT)
class ThumbModel(RowModel[rows.Thumb]):  # type: ignore[operator]  # stubs: QmlUncreatable not callable
    """Photographs shown small."""

    row_type = rows.Thumb


@QmlElement
@QmlUncreatable(_MADE_BY_THE_EXHIBIT)
class OtherNameModel(RowModel[rows.OtherName]):  # type: ignore[operator]  # stubs: QmlUncreatable not callable
    """A person's other names."""

    row_type = rows.OtherName


@QmlElement
@QmlUncreatable(_MADE_BY_THE_EXHIBIT)
class PostModel(RowModel[rows.Post]):  # type: ignore[operator]  # stubs: QmlUncreatable not callable
    """The roles a person held."""

    row_type = rows.Post


@QmlElement
@QmlUncreatable(_MADE_BY_THE_EXHIBIT)
class PersonChipModel(RowModel[rows.PersonChip]):  # type: ignore[operator]  # stubs: QmlUncreatable not callable
    """The people in a photograph."""

    row_type = rows.PersonChip


@QmlElement
@QmlUncreatable(_MADE_BY_THE_EXHIBIT)
class StoryModel(RowModel[rows.Page]):  # type: ignore[operator]  # stubs: QmlUncreatable not callable
    """The story's pages."""

    row_type = rows.Page


@QmlElement
@QmlUncreatable(_MADE_BY_THE_EXHIBIT)
class PeopleModel(RowModel[rows.Person]):  # type: ignore[operator]  # stubs: QmlUncreatable not callable
    """The people of the portrait gallery."""

    row_type = rows.Person


@QmlElement
@QmlUncreatable(_MADE_BY_THE_EXHIBIT)
class PhotoModel(RowModel[rows.Photo]):  # type: ignore[operator]  # stubs: QmlUncreatable not callable
    """The photographs of the viewer, with everything the captions panel shows."""

    row_type = rows.Photo

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._grids_free: list[TileGrid] = []
        self._grids_made = 0

    def deep_zoom(self, row: int) -> rows.DeepZoom | None:
        """Row ``row``'s tile pyramid (the tile grid asks; it never passes through QML)."""
        return self._rows[row].deep_zoom if 0 <= row < len(self._rows) else None

    @Slot(int, result=QObject)
    def takeTileGrid(self, row: int) -> TileGrid:
        """A tile grid for a viewer's page of row ``row``, to give back with
        ``giveBackTileGrid`` when the page goes: grids are reused, so there are only ever
        as many as pages alive at once."""
        from kiosk.ui.deepzoom import TileGrid  # (it imports this module)

        if self._grids_free:
            grid = self._grids_free.pop()
        else:
            grid = kept(TileGrid(self))
            grid.setProperty("photos", self)
            self._grids_made += 1
        grid.setProperty("row", row)
        return grid

    @Slot(QObject)
    def giveBackTileGrid(self, grid: QObject | None) -> None:
        """Take back a grid from ``takeTileGrid``: it shows nothing until taken again."""
        from kiosk.ui.deepzoom import TileGrid  # (it imports this module)

        if isinstance(grid, TileGrid) and grid.parent() is self and grid not in self._grids_free:
            grid.clear()
            grid.setProperty("row", -1)
            self._grids_free.append(grid)

    @property
    def tile_grids_made(self) -> int:
        """How many tile grids were ever made (for tests: pages reuse them)."""
        return self._grids_made


@QmlElement
@QmlUncreatable(_MADE_BY_THE_EXHIBIT)
class LetterModel(RowModel[rows.Letter]):  # type: ignore[operator]  # stubs: QmlUncreatable not callable
    """The letters of the glossary's A–Z index."""

    row_type = rows.Letter


@QmlElement
@QmlUncreatable(_MADE_BY_THE_EXHIBIT)
class GlossaryModel(RowModel[rows.Term]):  # type: ignore[operator]  # stubs: QmlUncreatable not callable
    """Glossary terms and their definitions, with the letters that index them."""

    row_type = rows.Term

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._letters = LetterModel(self)

    def set_rows(self, new: Sequence[rows.Term]) -> None:
        """Replace the terms, and the index with them (each letter where its terms begin)."""
        super().set_rows(new)
        firsts: dict[str, int] = {}
        for i, term in enumerate(self._rows):
            firsts.setdefault(term.letter, i)
        self._letters.set_rows([rows.Letter(letter, i) for letter, i in firsts.items()])

    @Property(LetterModel, constant=True)
    def letters(self) -> LetterModel:
        """The A–Z index: one row per letter that begins a term, in the glossary's order."""
        return self._letters


@QmlElement
@QmlUncreatable(_MADE_BY_THE_EXHIBIT)
class SlideModel(RowModel[rows.Slide]):  # type: ignore[operator]  # stubs: QmlUncreatable not callable
    """The attract loop's pictures."""

    row_type = rows.Slide


@QmlElement
@QmlUncreatable(_MADE_BY_THE_EXHIBIT)
class LanguageModel(RowModel[rows.Language]):  # type: ignore[operator]  # stubs: QmlUncreatable not callable
    """The bundle's languages, each by its own name."""

    row_type = rows.Language


@QmlElement
@QmlUncreatable(MADE_IN_PYTHON)
class OneRow(QSortFilterProxyModel):  # type: ignore[operator]  # stubs: QmlUncreatable not callable
    """One row of ``sourceModel``: the one whose id (first role) is ``key`` or, when no key
    is set, the one at position ``row``. A card or panel shows it with a Repeater whose
    delegate binds to the roles, and follows a language switch like any delegate."""

    keyChanged = Signal()
    """Emitted when another id is chosen."""
    rowChanged = Signal()
    """Emitted when another position is chosen."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._key = ""
        self._row = -1

    def filterAcceptsRow(
        self,
        source_row: int,
        source_parent: QModelIndex | QPersistentModelIndex,
    ) -> bool:
        source = self.sourceModel()
        if source is None:
            return False
        if self._key:
            index = source.index(source_row, 0, source_parent)
            return bool(source.data(index, Qt.ItemDataRole.DisplayRole) == self._key)
        return source_row == self._row

    @Property(str, notify=keyChanged)
    def key(self) -> str:
        """The id of the row shown ("" to choose by ``row``)."""
        return self._key

    @key.setter  # type: ignore[no-redef]
    def key(self, key: str) -> None:
        if key != self._key:
            self.beginFilterChange()
            self._key = key
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
            emit(self.keyChanged)

    @Property(int, notify=rowChanged)
    def row(self) -> int:
        """The position of the row shown when there is no ``key`` (-1: none)."""
        return self._row

    @row.setter  # type: ignore[no-redef]
    def row(self, row: int) -> None:
        if row != self._row:
            self.beginFilterChange()
            self._row = row
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
            emit(self.rowChanged)


@QmlElement
@QmlUncreatable(MADE_IN_PYTHON)
class RowOf(QAbstractListModel):  # type: ignore[operator]  # stubs: QmlUncreatable not callable
    """Row ``row`` of ``sourceModel`` as a model of one row, in constant time: for views
    that show many single rows at once (each cell of the Photographs grid), where a
    filtering proxy would test every row of the source for each of them. It follows the
    source: a change to its row is a change to it, any other reshaping a reset."""

    sourceModelChanged = Signal()
    """Emitted when another model is shown from."""
    rowChanged = Signal()
    """Emitted when another position is chosen."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._source: QAbstractItemModel | None = None
        self._row = -1

    def _shown(self) -> bool:
        return self._source is not None and 0 <= self._row < self._source.rowCount()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or not self._shown() else 1

    def roleNames(self) -> dict[int, QByteArray]:
        return self._source.roleNames() if self._source is not None else {}

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if not index.isValid() or index.row() != 0 or not self._shown():
            return None
        assert self._source is not None
        return self._source.data(self._source.index(self._row, 0), role)

    def _changed(self, first: QModelIndex, last: QModelIndex, roles: list[int]) -> None:
        if self._shown() and first.row() <= self._row <= last.row():
            emit(self.dataChanged, self.index(0), self.index(0), roles)

    def _reset(self, *_: Any) -> None:
        self.beginResetModel()
        self.endResetModel()

    @Property(QAbstractItemModel, notify=sourceModelChanged)
    def sourceModel(self) -> QAbstractItemModel | None:
        """The model the row is taken from."""
        return self._source

    @sourceModel.setter  # type: ignore[no-redef]
    def sourceModel(self, source: QAbstractItemModel | None) -> None:
        if source is self._source:
            return
        self.beginResetModel()
        if self._source is not None:
            self._source.dataChanged.disconnect(self._changed)
            for signal in self._reshaping(self._source):
                signal.disconnect(self._reset)
        self._source = source
        if source is not None:
            source.dataChanged.connect(self._changed)
            for signal in self._reshaping(source):
                signal.connect(self._reset)
        self.endResetModel()
        emit(self.sourceModelChanged)

    @staticmethod
    def _reshaping(source: QAbstractItemModel) -> tuple[Any, ...]:
        return (
            source.modelReset,
            source.rowsInserted,
            source.rowsRemoved,
            source.rowsMoved,
            source.layoutChanged,
        )

    @Property(int, notify=rowChanged)
    def row(self) -> int:
        """The position of the row shown (-1: none)."""
        return self._row

    @row.setter  # type: ignore[no-redef]
    def row(self, row: int) -> None:
        if row != self._row:
            self.beginResetModel()
            self._row = row
            self.endResetModel()
            emit(self.rowChanged)
