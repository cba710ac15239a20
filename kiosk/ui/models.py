"""List models for QML: rows of plain, already localised data with IntEnum roles.

A presenter (``kiosk.ui.present``) builds the rows for one language on the GUI thread from
the loaded bundle; switching language replaces the rows' data in place (``dataChanged``), so
views keep their position.
"""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    Property,
    QAbstractListModel,
    QByteArray,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
    Slot,
)

from kiosk.ui.signals import emit

_ROLE_BASE = int(Qt.ItemDataRole.UserRole) + 1


def _roles(*names: str) -> type[IntEnum]:
    return IntEnum("Roles", {n: _ROLE_BASE + i for i, n in enumerate(names)})  # type: ignore[return-value]


class RowModel(QAbstractListModel):
    """A list of dict rows; each dict key is a role of the same (lowerCamelCase) name."""

    Roles: type[IntEnum] = _roles("key")
    countChanged = Signal()
    """Emitted when the number of rows changes."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[dict[str, Any]] = []
        self._names = {r.value: r.name for r in self.Roles}

    def set_rows(self, rows: list[dict[str, Any]]) -> None:
        """Replace the rows: in place when the count is unchanged (a language switch)."""
        for row in rows:
            missing = set(self._names.values()) - set(row)
            if missing:
                raise ValueError(f"{type(self).__name__} row lacks roles {sorted(missing)}")
        if len(rows) == len(self._rows) and rows:
            self._rows = rows
            emit(self.dataChanged, self.index(0), self.index(len(rows) - 1), list(self._names))
            return
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()
        emit(self.countChanged)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        name = self._names.get(role)
        if name is None:
            if role == Qt.ItemDataRole.DisplayRole:
                return self._rows[index.row()].get(next(iter(self._names.values())))
            return None
        return self._rows[index.row()][name]

    def roleNames(self) -> dict[int, QByteArray]:
        return {value: QByteArray(name.encode()) for value, name in self._names.items()}

    @Property(int, notify=countChanged)
    def count(self) -> int:
        """The number of rows."""
        return len(self._rows)

    @Slot(int, result="QVariantMap")
    def get(self, row: int) -> dict[str, Any]:
        """One row as a map (empty when out of range), for views outside a delegate."""
        return dict(self._rows[row]) if 0 <= row < len(self._rows) else {}

    @Slot(str, result=int)
    def indexOf(self, key: str) -> int:
        """The row whose first role (its id) is ``key``, or -1."""
        first = next(iter(self._names.values()))
        return next((i for i, r in enumerate(self._rows) if r[first] == key), -1)


class StoryModel(RowModel):
    """The story's pages."""

    Roles = _roles("pageId", "title", "date", "paragraphs", "media")


class PeopleModel(RowModel):
    """The people of the portrait gallery."""

    Roles = _roles(
        "personId",
        "name",
        "lifespan",
        "summary",
        "otherNames",
        "roles",
        "biography",
        "portraitUrl",
        "portraitThumbUrl",
        "portraitAlt",
        "appearsIn",
    )


class PhotoModel(RowModel):
    """The photographs of the viewer, with everything the captions panel shows."""

    Roles = _roles(
        "mediaId",
        "url",
        "thumbUrl",
        "title",
        "date",
        "place",
        "inventoryNumber",
        "credit",
        "rights",
        "alt",
        "people",
        "imageWidth",
        "imageHeight",
        "deepZoom",
    )


class GlossaryModel(RowModel):
    """Glossary terms and their definitions."""

    Roles = _roles("termId", "term", "definition")
