"""Driving the real QML scene as a visitor does: find items, tap, swipe and pinch by touch."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, QPointF
from PySide6.QtQuick import QQuickItem, QQuickWindow

from kiosk.ui.touch import (  # noqa: F401 (the touch helpers, re-exported for the tests)
    center,
    drag,
    items,
    pinch,
    really_visible,
    scene_rect,
    shown_rect,
    swipe,
    tap,
    touch_device,
)


def find(window: QQuickWindow, name: str) -> QQuickItem:
    """The visible item called ``name`` (objectName); fails if there is none."""
    found = [i for i in items(window.contentItem()) if i.objectName() == name and i.isVisible()]
    assert found, f"no visible item named {name!r}"
    return found[0]


def exists(window: QQuickWindow, name: str) -> bool:
    """Whether a visible item called ``name`` is in the scene."""
    return any(i.objectName() == name and i.isVisible() for i in items(window.contentItem()))


def visible_texts(window: QQuickWindow) -> list[str]:
    """Every text a visitor can see right now, in scene order."""
    return [
        str(i.property("text"))
        for i in items(window.contentItem())
        if i.inherits("QQuickText")
        and _really_visible(i, window)
        and str(i.property("text")).strip()
    ]


_really_visible = really_visible


def text_items(window: QQuickWindow) -> list[QQuickItem]:
    """The Text items a visitor can see right now."""
    return [
        i
        for i in items(window.contentItem())
        if i.inherits("QQuickText")
        and _really_visible(i, window)
        and str(i.property("text")).strip()
    ]


def link_point(text_item: QQuickItem, href: str) -> QPoint:
    """A point on the link ``href`` inside a StyledText item: scan until linkAt() finds it."""
    w, h = int(text_item.width()), int(text_item.height())
    for y in range(2, h, 6):
        for x in range(2, w, 6):
            if text_item.linkAt(x, y) == href:
                return text_item.mapToScene(QPointF(x, y)).toPoint()
    raise AssertionError(f"no link {href} in {text_item.property('text')!r}")


def image_file(image: QQuickItem) -> Path:
    """The file an Image shows."""
    return Path(image.property("source").toLocalFile())
