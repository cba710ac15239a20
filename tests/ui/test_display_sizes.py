"""The boxes `kiosk validate` assumes pictures are drawn in (kiosk.content.checks: VIEWER,
PORTRAIT, STORY, …) hold for the real scene at the default render size, 1920×1080.

Every picture on every screen (the viewer with its caption shown and hidden, and the attract
loop) is read back: its box must fit in the box validate assumes for that screen, and a
picture cropped to fill its box must be assumed cropped. Otherwise validate would let a
small original be upscaled more than it says. When a layout change makes a picture larger,
update the Display constants in checks.py from the sizes this test reports.
"""

from __future__ import annotations

from PySide6.QtQuick import QQuickItem

from kiosk.config import Config
from kiosk.content import checks
from kiosk.content.checks import Display
from kiosk.ui.navigation import Navigator
from tests.conftest import DEFAULT_BUNDLE
from tests.ui.scene import exists, find, items, scene_rect

S = Navigator.Screen
SIZE = (1920, 1080)
CROP = 2  # Image.PreserveAspectCrop
SLACK = 1.0  # px: the constants are the measured sizes, rounded to whole pixels

SCREENS = {
    S.Home: ("homeScreen", [checks.HERO]),
    S.Story: ("storyScreen", [checks.STORY]),
    S.People: ("peopleScreen", [checks.PORTRAIT_THUMB]),
    S.Person: ("personScreen", [checks.PORTRAIT, checks.APPEARS_IN]),
    S.Photos: ("photosScreen", [checks.PHOTO_THUMB]),
    S.Viewer: ("photoViewer", [checks.VIEWER]),
}


def photos(root: QQuickItem) -> list[QQuickItem]:
    """The visible Photo items (the component every picture is drawn by) under ``root``."""
    return [
        i
        for i in items(root)
        if i.property("decodeSize") is not None
        and i.isVisible()
        and not i.property("source").isEmpty()
    ]


def loaded(root: QQuickItem) -> bool:
    return all(p.property("loading") is False for p in photos(root))


def check(root: QQuickItem, boxes: list[Display], where: str) -> list[str]:
    """Every picture under ``root`` fits one of ``boxes``; returns what was checked."""
    seen = []
    for photo in photos(root):
        size = scene_rect(photo).size()
        cropped = photo.property("fillMode") == CROP
        name = f"{where}: {photo.property('source').fileName()}"
        fits = [
            box
            for box in boxes
            if size.width() <= box.width + SLACK
            and size.height() <= box.height + SLACK
            and (box.crop or not cropped)
        ]
        assert fits, (
            f"{name} is drawn in a box of {size.width():.1f}×{size.height():.1f}"
            f"{' (cropped to fill)' if cropped else ''}, which validate's boxes do not hold: "
            + ", ".join(f"{b.width}×{b.height}{' crop' if b.crop else ''}" for b in boxes)
            + " (kiosk/content/checks.py)"
        )
        seen.append(name)
    return seen


def test_validate_knows_the_largest_box_of_every_picture(open_kiosk, qtbot, tmp_path):
    view = open_kiosk(size=SIZE, config=Config(cache_dir=tmp_path / "cache"))
    session, window = view.session, view.window
    bundle = session.bundle
    assert bundle is not None
    # Pictures are shown from their renditions (placeholders until then): let them be made.
    qtbot.waitUntil(lambda: not session.making_renditions, timeout=60_000)
    visits = [(S.Home, 0), (S.People, 0), (S.Photos, 0)]
    visits += [(S.Story, i) for i in range(len(bundle.story))]
    visits += [(S.Person, i) for i in range(len(bundle.people))]
    visits += [(S.Viewer, i) for i in range(len(session.photo_ids))]
    checked: dict[S, list[str]] = {}
    nav = session.navigator
    for screen, index in visits:
        name, boxes = SCREENS[screen]
        nav.home()
        nav.open(int(screen), index)
        qtbot.waitUntil(lambda s=screen, n=name: nav.screen == int(s) and exists(window, n))
        qtbot.waitUntil(lambda: loaded(window.contentItem()), timeout=10_000)
        where = f"{screen.name} {index}"
        checked.setdefault(screen, []).extend(check(find(window, name), boxes, where))
        if screen == S.Viewer:
            viewer = find(window, name)
            viewer.setProperty("captionsOpen", False)
            panel = find(window, "captionPanel")
            qtbot.waitUntil(lambda v=viewer, p=panel: p.x() >= v.width() - 0.5)
            checked[screen] += check(viewer, boxes, f"{where}, caption hidden")
            viewer.setProperty("captionsOpen", True)
    assert all(checked.get(screen) for screen in SCREENS), checked


def test_validate_knows_the_attract_loops_box(open_kiosk, qtbot, tmp_path):
    config = Config(kiosk=True, cache_dir=tmp_path / "cache")
    view = open_kiosk(size=SIZE, bundle=DEFAULT_BUNDLE, config=config, start=True)
    qtbot.waitUntil(lambda: exists(view.window, "attractLoop"))
    loop = find(view.window, "attractLoop")
    qtbot.waitUntil(lambda: bool(photos(loop)) and loaded(loop), timeout=10_000)
    assert check(loop, [checks.ATTRACT], "attract loop")
