"""Non-text contrast (WCAG 2.2, 1.4.11) as the screen shows it: a selected control stands out
3:1 from its unselected neighbours and from the surface under it, and a pressed control 3:1
from how it looked before the finger came. Measured on pixels of the real scene."""

from __future__ import annotations

from PySide6.QtCore import QPoint
from PySide6.QtGui import QColor, QImage
from PySide6.QtQuick import QQuickItem
from PySide6.QtTest import QTest

from kiosk.ui.touch import touch_device
from tests.ui.scene import find, scene_rect
from tests.ui.test_layout import contrast


def fill_of(image: QImage, item: QQuickItem, dpr: float) -> QColor:
    """The colour of a control's fill: inside its edge, left of its centred label."""
    rect = scene_rect(item)
    edge = item.height() * 0.15
    return image.pixelColor(int((rect.x() + edge) * dpr), int(rect.center().y() * dpr))


def opaque(item: QQuickItem) -> bool:
    """Whether the item and everything it stands in is fully opaque (no fade under way)."""
    while item is not None:
        if item.opacity() < 1:
            return False
        item = item.parentItem()
    return True


def band_colour(image: QImage, band: QQuickItem, dpr: float) -> QColor:
    rect = scene_rect(band)
    return image.pixelColor(int((rect.right() - 2) * dpr), int((rect.bottom() - 2) * dpr))


def test_the_selected_language_stands_out_on_the_band(open_kiosk, qtbot):
    view = open_kiosk()
    win = view.window
    dpr = win.devicePixelRatio()
    qtbot.waitUntil(lambda: opaque(find(win, "language_en")))
    image = win.grabWindow()
    chosen = fill_of(image, find(win, "language_en"), dpr)
    other = fill_of(image, find(win, "language_ru"), dpr)
    band = band_colour(image, find(win, "navBar"), dpr)
    assert contrast(chosen, other) >= 3, (chosen.name(), other.name())
    assert contrast(chosen, band) >= 3, (chosen.name(), band.name())


def pressed_fill(qtbot, win, item: QQuickItem) -> tuple[QColor, QColor]:
    """The control's fill before and while a finger holds it (then slides off it, so that
    nothing is pressed)."""
    dpr = win.devicePixelRatio()
    qtbot.waitUntil(lambda: opaque(item))  # the screen's fade-in over
    before = fill_of(win.grabWindow(), item, dpr)
    point = scene_rect(item).center().toPoint()
    device = touch_device()
    QTest.touchEvent(win, device).press(0, point, win).commit()
    try:
        qtbot.waitUntil(lambda: bool(item.property("pressed")), timeout=2000)
        during = fill_of(win.grabWindow(), item, dpr)
    finally:
        away = QPoint(win.width() // 2, win.height() // 2)
        QTest.touchEvent(win, device).move(0, away, win).commit()
        QTest.touchEvent(win, device).release(0, away, win).commit()
    return before, during


def test_a_pressed_control_changes_by_3_to_1(open_kiosk, qtbot):
    view = open_kiosk()
    win = view.window
    for name in ("openStory", "language_ru", "language_en"):  # primary, dark, dark selected
        before, during = pressed_fill(qtbot, win, find(win, name))
        assert contrast(before, during) >= 3, (name, before.name(), during.name())
        qtbot.waitUntil(lambda name=name: not find(win, name).property("pressed"))
