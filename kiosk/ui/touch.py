"""Real touches on the real scene: taps, drags, swipes and pinches through Qt's input path.

The events go in where a touchscreen's do (QTest hands them to the platform input layer),
so handlers, flicking, the visit clock's activity filter and mouse synthesis all see what a
visitor's finger makes; between events the event loop runs with Python's lock released (see
wait()). `kiosk soak` drives the scene with these; the UI tests do too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from PySide6.QtCore import QEventLoop, QPoint, QRectF, QTimer
from PySide6.QtGui import QPointingDevice
from PySide6.QtQuick import QQuickItem, QQuickWindow
from PySide6.QtTest import QTest

_device: QPointingDevice | None = None

#: Called once per touch event sent (a press, a move or a release of one or two fingers).
sent: list[Callable[[], None]] = []


def touch_device() -> QPointingDevice:
    """One touchscreen for the whole process (Qt keeps registered devices)."""
    global _device
    if _device is None:
        _device = QTest.createTouchDevice()
    return _device


def wait(ms: int) -> None:
    """Let the event loop run for ``ms`` milliseconds, with Python's lock released.

    Not QTest.qWait, nor a commit() that processes events: both run the event loop while
    holding the interpreter lock, so anything on another thread that needs Python (a
    worker's callback) waits until they return; and any Qt thread that calls into Python
    while holding a lock the GUI thread then wants deadlocks (seen in the first hour-long
    soak, with an image provider written in Python, which the kiosk no longer has).
    """
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def _sent() -> None:
    for note in sent:
        note()


def items(root: QQuickItem) -> Iterator[QQuickItem]:
    """``root`` and every item below it, depth first."""
    yield root
    for child in root.childItems():
        yield from items(child)


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
    QTest.touchEvent(window, touch_device(), False).press(0, pt, window).commit(False)
    _sent()
    wait(20)
    QTest.touchEvent(window, touch_device(), False).release(0, pt, window).commit(False)
    _sent()
    wait(20)


def drag(window: QQuickWindow, start: QPoint, end: QPoint, steps: int = 12) -> None:
    """One finger pressed at ``start``, moved to ``end`` in steps, and lifted."""
    dev = touch_device()
    QTest.touchEvent(window, dev, False).press(0, start, window).commit(False)
    _sent()
    for i in range(1, steps + 1):
        wait(16)
        p = start + (end - start) * (i / steps)
        QTest.touchEvent(window, dev, False).move(0, p, window).commit(False)
        _sent()
    wait(16)
    QTest.touchEvent(window, dev, False).release(0, end, window).commit(False)
    _sent()
    wait(20)


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
    QTest.touchEvent(window, dev, False).press(0, a, window).press(1, b, window).commit(False)
    _sent()
    for i in range(1, steps + 1):
        wait(16)
        a, b = points(start + (end - start) * i / steps)
        QTest.touchEvent(window, dev, False).move(0, a, window).move(1, b, window).commit(False)
        _sent()
    wait(16)
    QTest.touchEvent(window, dev, False).release(0, a, window).release(1, b, window).commit(False)
    _sent()
    wait(20)


def really_visible(item: QQuickItem, window: QQuickWindow) -> bool:
    """Whether a visitor can see some of ``item``: shown, not faded out, inside the window."""
    if not item.isVisible() or item.opacity() <= 0.01:
        return False
    parent = item.parentItem()
    while parent is not None:
        if parent.opacity() <= 0.01:
            return False
        parent = parent.parentItem()
    rect = shown_rect(item).intersected(QRectF(0, 0, window.width(), window.height()))
    return rect.width() > 1 and rect.height() > 1
