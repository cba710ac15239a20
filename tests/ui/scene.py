"""Driving the real QML scene as a visitor does: find items, tap, swipe and pinch by touch."""

from __future__ import annotations

from collections.abc import Iterator

from PySide6.QtCore import QPoint, QPointF, QRectF
from PySide6.QtGui import QPointingDevice
from PySide6.QtQuick import QQuickItem, QQuickWindow
from PySide6.QtTest import QTest

_device: QPointingDevice | None = None


def touch_device() -> QPointingDevice:
    """One touchscreen for the whole test session (Qt keeps registered devices)."""
    global _device
    if _device is None:
        _device = QTest.createTouchDevice()
    return _device


def items(root: QQuickItem) -> Iterator[QQuickItem]:
    """``root`` and every item below it, depth first."""
    yield root
    for child in root.childItems():
        yield from items(child)


def find(window: QQuickWindow, name: str) -> QQuickItem:
    """The visible item called ``name`` (objectName); fails if there is none."""
    found = [i for i in items(window.contentItem()) if i.objectName() == name and i.isVisible()]
    assert found, f"no visible item named {name!r}"
    return found[0]


def exists(window: QQuickWindow, name: str) -> bool:
    """Whether a visible item called ``name`` is in the scene."""
    return any(i.objectName() == name and i.isVisible() for i in items(window.contentItem()))


def scene_rect(item: QQuickItem) -> QRectF:
    """The item's rectangle in window coordinates."""
    return item.mapRectToScene(QRectF(0, 0, item.width(), item.height()))


def shown_rect(item: QQuickItem) -> QRectF:
    """The part of the item a visitor can see: its rectangle cut by every clipping ancestor."""
    rect = scene_rect(item)
    parent = item.parentItem()
    while parent is not None:
        if parent.clip():
            rect = rect.intersected(scene_rect(parent))
        parent = parent.parentItem()
    return rect


def center(item: QQuickItem) -> QPoint:
    """The middle of the visible part of ``item``, in window coordinates."""
    return shown_rect(item).center().toPoint()


def tap(window: QQuickWindow, point: QPoint | QQuickItem) -> None:
    """A one-finger tap (press and release in place)."""
    pt = center(point) if isinstance(point, QQuickItem) else point
    QTest.touchEvent(window, touch_device()).press(0, pt, window).commit()
    QTest.qWait(20)
    QTest.touchEvent(window, touch_device()).release(0, pt, window).commit()
    QTest.qWait(20)


def drag(window: QQuickWindow, start: QPoint, end: QPoint, steps: int = 12) -> None:
    """One finger pressed at ``start``, moved to ``end`` in steps, and lifted."""
    dev = touch_device()
    QTest.touchEvent(window, dev).press(0, start, window).commit()
    for i in range(1, steps + 1):
        QTest.qWait(16)
        p = start + (end - start) * (i / steps)
        QTest.touchEvent(window, dev).move(0, p, window).commit()
    QTest.qWait(16)
    QTest.touchEvent(window, dev).release(0, end, window).commit()
    QTest.qWait(20)


def swipe(window: QQuickWindow, over: QQuickItem, direction: int) -> None:
    """A horizontal swipe across most of ``over``: -1 leftwards (next), +1 rightwards."""
    rect = shown_rect(over)
    y = int(rect.center().y())
    a = QPoint(int(rect.left() + rect.width() * 0.85), y)
    b = QPoint(int(rect.left() + rect.width() * 0.15), y)
    drag(window, a, b) if direction < 0 else drag(window, b, a)


def pinch(window: QQuickWindow, at: QPoint, start: float, end: float, steps: int = 12) -> None:
    """Two fingers on either side of ``at``, ``start`` px apart, spread (or closed) to ``end``."""
    dev = touch_device()

    def points(d: float) -> tuple[QPoint, QPoint]:
        return at - QPoint(int(d / 2), 0), at + QPoint(int(d / 2), 0)

    a, b = points(start)
    QTest.touchEvent(window, dev).press(0, a, window).press(1, b, window).commit()
    for i in range(1, steps + 1):
        QTest.qWait(16)
        a, b = points(start + (end - start) * i / steps)
        QTest.touchEvent(window, dev).move(0, a, window).move(1, b, window).commit()
    QTest.qWait(16)
    QTest.touchEvent(window, dev).release(0, a, window).release(1, b, window).commit()
    QTest.qWait(20)


def visible_texts(window: QQuickWindow) -> list[str]:
    """Every text a visitor can see right now, in scene order."""
    return [
        str(i.property("text"))
        for i in items(window.contentItem())
        if i.inherits("QQuickText")
        and _really_visible(i, window)
        and str(i.property("text")).strip()
    ]


def _really_visible(item: QQuickItem, window: QQuickWindow) -> bool:
    if not item.isVisible() or item.opacity() <= 0.01:
        return False
    parent = item.parentItem()
    while parent is not None:
        if parent.opacity() <= 0.01:
            return False
        parent = parent.parentItem()
    rect = shown_rect(item).intersected(QRectF(0, 0, window.width(), window.height()))
    return rect.width() > 1 and rect.height() > 1


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
