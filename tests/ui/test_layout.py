"""Every screen at every supported size: no overlap, nothing clipped, large targets, 7:1 text."""

from __future__ import annotations

import itertools

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QAccessible, QColor
from PySide6.QtTest import QTest

from kiosk.ui.navigation import Navigator
from tests.ui.scene import exists, items, shown_rect, text_items

S = Navigator.Screen
SIZES = [(1280, 800), (1920, 1080), (1080, 1920), (3840, 2160)]
SCREENS = [
    (S.Home, 0, "homeScreen"),
    (S.Story, 0, "storyScreen"),
    (S.Story, 3, "storyScreen"),
    (S.Story, 6, "storyScreen"),
    (S.People, 0, "peopleScreen"),
    (S.Person, 0, "personScreen"),
    (S.Person, 2, "personScreen"),
    (S.Photos, 0, "photosScreen"),
    (S.Viewer, 0, "photoViewer"),
    (S.Glossary, 0, "glossaryScreen"),
]


def theme(view):
    return view.engine.singletonInstance("Kiosk", "Theme")


def show(view, qtbot, screen, index, name):
    nav = view.session.navigator
    nav.home()
    if screen != S.Home:
        nav.open(int(screen), index)
    qtbot.waitUntil(lambda: exists(view.window, name))
    QTest.qWait(350)


def _in_sideways_scroller(item):
    parent = item.parentItem()
    while parent is not None:
        content_width = parent.property("contentWidth")
        if parent.clip() and content_width is not None and content_width > parent.width() + 1:
            return True
        parent = parent.parentItem()
    return False


def _overlaps(view):
    rects = [(i, shown_rect(i)) for i in text_items(view.window)]
    found = []
    for (a, ra), (b, rb) in itertools.combinations(rects, 2):
        inter = ra.intersected(rb)
        if inter.width() > 2 and inter.height() > 2:
            found.append((a.property("text"), b.property("text")))
    return found


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("lang", ["en", "ru"])
def test_no_text_overlaps_or_is_cut_off(open_kiosk, qtbot, size, lang):
    view = open_kiosk(size)
    view.session.setLanguage(lang)
    window = QRectF(0, 0, size[0], size[1])
    problems = []
    for screen, index, name in SCREENS:
        show(view, qtbot, screen, index, name)
        for a, b in _overlaps(view):
            problems.append(f"{name}[{index}]: {a!r} overlaps {b!r}")
        for item in text_items(view.window):
            text = item.property("text")
            if item.property("truncated"):
                problems.append(f"{name}[{index}]: {text!r} is cut off (elided)")
            rect = shown_rect(item)
            full = item.mapRectToScene(QRectF(0, 0, item.width(), item.height()))
            if not window.contains(rect):
                problems.append(f"{name}[{index}]: {text!r} runs off the window")
            # Cut at the side is a defect unless a sideways-scrolling view does the cutting.
            cut = rect.width() + 1 < full.width() and rect.height() + 1 >= full.height()
            if cut and not _in_sideways_scroller(item):
                problems.append(f"{name}[{index}]: {text!r} is clipped at the side")
    assert problems == []


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_touch_targets_are_at_least_15_mm_and_text_24_pt(open_kiosk, qtbot, size):
    view = open_kiosk(size)
    t = theme(view)
    px_per_mm = t.property("pxPerMm")
    assert t.property("bodySize") >= 8.47 * px_per_mm  # 24 pt = 8.47 mm
    small, checked = [], 0
    for screen, index, name in SCREENS:
        show(view, qtbot, screen, index, name)
        buttons = [
            i
            for i in items(view.window.contentItem())
            if i.metaObject().className().startswith("KioskButton") and i.isVisible()
        ]
        checked += len(buttons)
        small += [
            (name, b.property("text"), b.width(), b.height())
            for b in buttons
            if min(b.width(), b.height()) < 15 * px_per_mm - 0.5
        ]
    assert checked > 40  # every screen has its buttons, and the bar's four
    assert small == []


def _luminance(color: QColor) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(color.redF())
        + 0.7152 * channel(color.greenF())
        + 0.0722 * channel(color.blueF())
    )


def contrast(a: QColor, b: QColor) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


PAIRS = [
    ("ink", "paper"),
    ("inkSoft", "paper"),
    ("ink", "paperDeep"),
    ("inkSoft", "paperDeep"),
    ("accent", "paper"),
    ("accentText", "accent"),
    ("accentText", "pressed"),
    ("accentText", "night"),
    ("accentText", "nightRaised"),
    ("nightTextSoft", "nightRaised"),
    ("nightText", "night"),
    ("nightTextSoft", "night"),
]


@pytest.mark.parametrize(("fg", "bg"), PAIRS)
def test_text_contrast_is_at_least_7_to_1(kiosk, fg, bg):
    t = theme(kiosk)
    ratio = contrast(QColor(t.property(fg)), QColor(t.property(bg)))
    assert ratio >= 7, f"{fg} on {bg}: {ratio:.2f}:1"


def test_every_control_has_an_accessible_name_and_role(kiosk, qtbot):
    QAccessible.setActive(True)
    seen = []
    for screen, index, name in SCREENS:
        show(kiosk, qtbot, screen, index, name)
        root = QAccessible.queryAccessibleInterface(kiosk.window)
        stack = [root]
        while stack:
            iface = stack.pop()
            for k in range(iface.childCount()):
                child = iface.child(k)
                if child is None or child.state().invisible:
                    continue
                if child.role() == QAccessible.Role.Button:
                    seen.append((name, child.text(QAccessible.Text.Name)))
                stack.append(child)
    unnamed = [s for s in seen if not s[1].strip()]
    assert unnamed == []
    names = {n for _, n in seen}
    assert {"Home", "Back", "English", "Русский", "Story", "Next", "Previous"} <= names
    assert "Sergei Kirov, 1884–1934" in names  # a portrait in the grid is a named button
