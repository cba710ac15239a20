"""The tiles of a deep-zoom pyramid that the photo viewer shows at its current zoom and pan.

The viewer tells :class:`TileGrid` what part of the image is on screen and at how many screen
pixels per image pixel; the grid answers with rows of tiles of the one level that is sharp
there, only those that meet the view. QML draws each row as an asynchronously loaded
``Image``, so tiles are decoded off the GUI thread and only visible ones are in memory.
Rows that stay visible are kept (only the difference is inserted and removed), so a pan
never reloads a tile already shown.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    Property,
    QAbstractListModel,
    QByteArray,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QUrl,
    Signal,
    Slot,
)
from PySide6.QtQml import QmlElement, QmlUncreatable

from kiosk.media.tiles import TILES_DIR, Pyramid
from kiosk.ui.models import MADE_IN_PYTHON, PhotoModel
from kiosk.ui.signals import emit

QML_IMPORT_NAME = "Kiosk.Backend"
QML_IMPORT_MAJOR_VERSION = 1

_ROLES = ("tileUrl", "tileX", "tileY", "tileWidth", "tileHeight", "tileLevel")
_BASE = int(Qt.ItemDataRole.UserRole) + 1

#: Tiles are worth showing once the view needs this much more detail than the base image.
SHARPER = 1.05


@QmlElement
@QmlUncreatable(MADE_IN_PYTHON)
class TileGrid(QAbstractListModel):  # type: ignore[operator]  # stubs: QmlUncreatable not callable
    """The visible tiles of one pyramid, in full-image coordinates. A viewer's page takes one
    from its photo model (``PhotoModel.takeTileGrid``) and gives it back when it goes."""

    pyramidChanged = Signal()
    """Emitted when the photograph's pyramid changes (another row, or one was just made)."""
    photosChanged = Signal()
    """Emitted when another photo model is set."""
    rowChanged = Signal()
    """Emitted when another photograph is chosen."""
    levelChanged = Signal()
    """Emitted when the level shown changes (-1: none, the base image is sharp enough)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._photos: PhotoModel | None = None
        self._row = -1
        self._pyramid: Pyramid | None = None
        self._folder = ""
        self._base_edge = 0
        self._level = -1
        self._keys: list[tuple[int, int, int]] = []
        self._requested = 0

    # -- the model -----------------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._keys)

    def roleNames(self) -> dict[int, QByteArray]:
        return {_BASE + i: QByteArray(name.encode()) for i, name in enumerate(_ROLES)}

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if self._pyramid is None or not 0 <= index.row() < len(self._keys):
            return None
        level, col, row = self._keys[index.row()]
        p = self._pyramid
        left, top, right, bottom = p.tile_box(level, col, row)
        k = 1 << (p.max_level - level)  # level pixels → full-image pixels
        match role - _BASE:
            case 0:
                return QUrl.fromLocalFile(
                    f"{self._folder}/{TILES_DIR}/{level}/{col}_{row}.{p.format}"
                )
            case 1:
                return float(left * k)
            case 2:
                return float(top * k)
            case 3:
                return float(min((right - left) * k, p.width - left * k))
            case 4:
                return float(min((bottom - top) * k, p.height - top * k))
            case 5:
                return level
        return None

    # -- what QML sets -------------------------------------------------------------------

    @Property(QObject, notify=photosChanged)
    def photos(self) -> QObject | None:
        """The photo model whose row ``row`` this grid shows the tiles of."""
        return self._photos

    @photos.setter  # type: ignore[no-redef]
    def photos(self, photos: QObject | None) -> None:
        if photos is self._photos:
            return
        if self._photos is not None:
            for signal in (self._photos.dataChanged, self._photos.modelReset):
                signal.disconnect(self._refresh)
        self._photos = photos if isinstance(photos, PhotoModel) else None
        if self._photos is not None:
            # A pyramid made in the background arrives as changed row data.
            self._photos.dataChanged.connect(self._refresh)
            self._photos.modelReset.connect(self._refresh)
        emit(self.photosChanged)
        self._refresh()

    @Property(int, notify=rowChanged)
    def row(self) -> int:
        """Which photograph of ``photos``."""
        return self._row

    @row.setter  # type: ignore[no-redef]
    def row(self, row: int) -> None:
        if row != self._row:
            self._row = row
            emit(self.rowChanged)
            self._refresh()

    def _refresh(self, *_: object) -> None:
        """Take the pyramid of the row shown (it stays in Python: QML never carries it)."""
        zoom = self._photos.deep_zoom(self._row) if self._photos is not None else None
        pyramid = zoom.pyramid if zoom else None
        folder = zoom.folder if zoom else ""
        base_edge = zoom.base_edge if zoom else 0
        if (pyramid, folder, base_edge) == (self._pyramid, self._folder, self._base_edge):
            return
        self._pyramid, self._folder, self._base_edge = pyramid, folder, base_edge
        self._show(-1, [])
        emit(self.pyramidChanged)

    @Property(bool, notify=pyramidChanged)
    def available(self) -> bool:
        """Whether there is a pyramid (the viewer then allows zooming to 1:1)."""
        return self._pyramid is not None

    @Property(int, notify=levelChanged)
    def level(self) -> int:
        """The pyramid level shown, or -1."""
        return self._level

    @Property(int, notify=levelChanged)
    def requested(self) -> int:
        """How many tiles have been handed to the view since the pyramid was set."""
        return self._requested

    @Slot(float, float, float, float, float)
    def setView(self, scale: float, x: float, y: float, width: float, height: float) -> None:
        """The view shows the image rectangle (x, y, width, height), in full-image pixels,
        at ``scale`` device pixels per full-image pixel."""
        p = self._pyramid
        if p is None:
            return
        if scale * max(p.width, p.height) <= self._base_edge * SHARPER:
            self._show(-1, [])  # the base image already has every pixel the screen can show
            return
        level = p.level_for(scale)
        keys = [(level, c, r) for c, r in p.visible(level, x, y, width, height)]
        self._show(level, keys)

    @Slot()
    def clear(self) -> None:
        """No tiles (the photo went back to fit, or out of view)."""
        self._show(-1, [])

    def _show(self, level: int, keys: list[tuple[int, int, int]]) -> None:
        """Change the rows to ``keys``: remove the rows no longer wanted, add the new ones."""
        wanted = set(keys)
        # Remove from the end so that the indices still to remove stay valid.
        i = len(self._keys) - 1
        while i >= 0:
            if self._keys[i] in wanted:
                i -= 1
                continue
            j = i
            while j - 1 >= 0 and self._keys[j - 1] not in wanted:
                j -= 1
            self.beginRemoveRows(QModelIndex(), j, i)
            del self._keys[j : i + 1]
            self.endRemoveRows()
            i = j - 1
        have = set(self._keys)
        new = [k for k in keys if k not in have]
        if new:
            first = len(self._keys)
            self.beginInsertRows(QModelIndex(), first, first + len(new) - 1)
            self._keys.extend(new)
            self.endInsertRows()
            self._requested += len(new)
        if level != self._level or new:
            self._level = level
            emit(self.levelChanged)

    def visible_keys(self) -> list[tuple[int, int, int]]:
        """(level, col, row) of every row, for tests and benchmarks."""
        return list(self._keys)
