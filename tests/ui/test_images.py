"""Every image on every screen is decoded off the GUI thread, at about the size it is shown.

The scene is walked as a visitor reaches it (each screen opened through the navigator, and
the attract loop of a kiosk at rest), and every ``Image`` item in it is read back: it loads
asynchronously, and what it decoded is no bigger than what covers its box on screen at the
screen's device pixel ratio. A 2000-px original decoded whole for a 300-px thumbnail, or
decoded on the GUI thread, fails here.
"""

from __future__ import annotations

from PySide6.QtCore import QSizeF
from PySide6.QtQml import QQmlExpression, qmlContext
from PySide6.QtQuick import QQuickItem, QQuickWindow

from kiosk.config import Config
from kiosk.ui.navigation import Navigator
from tests.conftest import DEFAULT_BUNDLE
from tests.ui.scene import exists, find, items, scene_rect

S = Navigator.Screen
READY = 1  # Image.Ready

#: Qt decodes a preserve-aspect image just large enough to cover its sourceSize (the fill
#: mode then fits or crops it when painting), so one side of the decoded image matches the
#: box and the other is longer by the aspect ratio. The photo viewer decodes at its frame's
#: size, a margin larger than the photograph's box. Hence: the smaller of the two ratios
#: decoded/shown is at most the device pixel ratio, with this allowance.
SLACK = 1.25

SCREENS = {
    S.Home: "homeScreen",
    S.Story: "storyScreen",
    S.People: "peopleScreen",
    S.Person: "personScreen",
    S.Photos: "photosScreen",
    S.Viewer: "photoViewer",
    S.Glossary: "glossaryScreen",
}


def images(root: QQuickItem) -> list[QQuickItem]:
    """The visible Image items with a source, ``root`` and below."""
    return [
        i
        for i in items(root)
        if i.inherits("QQuickImage") and i.isVisible() and not i.property("source").isEmpty()
    ]


def status(image: QQuickItem) -> int:
    # PySide6 has no converter for the enum: let QML read it, as a number.
    value, _ = QQmlExpression(qmlContext(image), image, "status").evaluate()
    return int(value)


def all_loaded(root: QQuickItem) -> bool:
    return all(status(i) == READY for i in images(root))


def check_images(window: QQuickWindow, root: QQuickItem, where: str) -> list[str]:
    """Check every image shown now under ``root``; returns their names (what was checked)."""
    dpr = window.effectiveDevicePixelRatio()
    seen = []
    for image in images(root):
        name = f"{where}: {image.property('source').fileName()}"
        assert image.property("asynchronous") is True, f"{name} is decoded on the GUI thread"
        shown = scene_rect(image).size()
        # Qt sets an Image's implicit size to the decoded pixels over the device pixel ratio.
        decoded = QSizeF(image.implicitWidth() * dpr, image.implicitHeight() * dpr)
        requested = image.property("sourceSize")
        assert shown.width() >= 1 and shown.height() >= 1, name
        assert not decoded.isEmpty(), name
        ratio = min(
            decoded.width() / (shown.width() * dpr), decoded.height() / (shown.height() * dpr)
        )
        assert ratio <= SLACK, (
            f"{name} is decoded at {decoded.width():.0f}×{decoded.height():.0f} px (sourceSize "
            f"{requested.width()}×{requested.height()}) for a box of "
            f"{shown.width():.0f}×{shown.height():.0f} at device pixel ratio {dpr}"
        )
        seen.append(name)
    return seen


def open_screen(view, qtbot, screen: S, index: int) -> None:
    nav = view.session.navigator
    nav.home()
    nav.open(int(screen), index)
    qtbot.waitUntil(lambda: nav.screen == int(screen) and exists(view.window, SCREENS[screen]))
    qtbot.waitUntil(lambda: all_loaded(view.window.contentItem()), timeout=10_000)


def test_every_image_on_every_screen_is_async_and_decoded_at_its_shown_size(
    open_kiosk, qtbot, tmp_path
):
    view = open_kiosk(config=Config(cache_dir=tmp_path / "cache"))
    session = view.session
    bundle = session.bundle
    assert bundle is not None
    # Pictures are shown from their renditions (placeholders until then): let them be made.
    qtbot.waitUntil(lambda: not session.making_renditions, timeout=60_000)
    visits = [(S.Home, 0), (S.People, 0), (S.Photos, 0), (S.Glossary, 0)]
    visits += [(S.Story, i) for i in range(len(bundle.story))]
    visits += [(S.Person, i) for i in range(len(bundle.people))]
    visits += [(S.Viewer, i) for i in range(len(session.photo_ids))]
    checked: dict[S, list[str]] = {}
    for screen, index in visits:
        open_screen(view, qtbot, screen, index)
        if screen == S.Viewer:
            # The viewer decodes for its largest box, the photograph with the caption hidden,
            # so that toggling the caption never loads it again: check it in that box.
            viewer = find(view.window, "photoViewer")
            viewer.setProperty("captionsOpen", False)
            qtbot.waitUntil(lambda: not exists(view.window, "captionPanel"))
        checked.setdefault(screen, []).extend(
            check_images(view.window, view.window.contentItem(), f"{screen.name} {index}")
        )
    # Each screen that shows photographs was really looked at (the glossary has none).
    assert {s for s, seen in checked.items() if seen} == set(SCREENS) - {S.Glossary}, checked
    assert sum(len(seen) for seen in checked.values()) >= 30


def test_the_attract_loop_decodes_its_slides_at_their_shown_size(open_kiosk, qtbot, tmp_path):
    config = Config(kiosk=True, cache_dir=tmp_path / "cache")
    view = open_kiosk(bundle=DEFAULT_BUNDLE, config=config, start=True)
    qtbot.waitUntil(lambda: exists(view.window, "attractLoop"))
    loop = find(view.window, "attractLoop")
    qtbot.waitUntil(lambda: bool(images(loop)) and all_loaded(loop))
    assert check_images(view.window, loop, "attract loop")


def test_a_person_without_a_portrait_gets_their_initials_not_an_empty_frame(
    open_kiosk, qtbot, tmp_path
):
    import json
    import shutil

    from tests.ui.scene import shown_rect, visible_texts

    bundle = tmp_path / "bundle"
    shutil.copytree(DEFAULT_BUNDLE, bundle)
    data = json.loads((bundle / "bundle.json").read_text(encoding="utf-8"))
    del data["people"][0]["portrait"]  # Raskolnikov
    (bundle / "bundle.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    view = open_kiosk(bundle=bundle)
    nav = view.session.navigator
    nav.open(int(Navigator.Screen.Person), 3)  # Raskolnikov, last by sort name
    qtbot.waitUntil(lambda: exists(view.window, "portraitInitials"))
    assert "FR" in visible_texts(view.window)
    nav.home()
    nav.open(int(Navigator.Screen.Person), 1)  # Kirov has a portrait: no initials
    qtbot.waitUntil(lambda: exists(view.window, "personName"))
    qtbot.waitUntil(lambda: "Sergei Kirov" in visible_texts(view.window))
    # (Raskolnikov's page may still exist beside it in the pager, out of sight.)
    shown = [
        i
        for i in items(view.window.contentItem())
        if i.objectName() == "portraitInitials" and i.isVisible() and not shown_rect(i).isEmpty()
    ]
    assert shown == []
    assert "SK" not in visible_texts(view.window)
