"""An original is never shown as Qt reads the file (sideways, in the wrong colours, whole):
until its rendition exists (a first start, a full or read-only cache, a failed batch) the
picture's placeholder stands in; then the rendition, upright and in sRGB. Where the batch
is switched off here, every picture stays a placeholder for the whole test."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from kiosk.config import Config
from kiosk.ui.navigation import Navigator
from kiosk.ui.renditions import Renditions
from tests.icc import swapped_red_green
from tests.ui.scene import exists, find, image_file, items, scene_rect, shown_rect, visible_texts
from tests.ui.test_images import SCREENS, images, status

S = Navigator.Screen
READY = 1  # Image.Ready

#: Stored 400×200, red on the left and blue on the right, EXIF orientation 6 (turn 90°
#: clockwise to show): upright it is 200×400, "red" on top and blue below. Its profile
#: swaps red and green: converted to sRGB, the top is green.
STORED = (400, 200)


def sideways_swapped_jpeg(path: Path) -> None:
    im = Image.new("RGB", STORED, (0, 0, 255))
    im.paste((255, 0, 0), (0, 0, STORED[0] // 2, STORED[1]))
    exif = Image.Exif()
    exif[0x0112] = 6
    im.save(path, "JPEG", quality=95, exif=exif.tobytes(), icc_profile=swapped_red_green())


@pytest.fixture
def no_renditions(monkeypatch):
    """The background batch makes nothing: originals stay on screen."""
    monkeypatch.setattr(Renditions, "start", lambda self, located, show: None)


@pytest.fixture
def tricky_bundle(write_doc, default_doc) -> tuple[Path, str, str]:
    """The default exhibit with a sideways, wrongly-coloured-if-unmanaged third photograph
    and a damaged fourth media file; returns the bundle and the two media ids."""
    media = default_doc["media"]
    photos = [m for m in media if m.get("kind", "photo") == "photo"]
    turned, broken = photos[0], photos[1]
    turned["file"] = "images/sideways.jpg"
    broken["file"] = "images/damaged.png"
    bundle = write_doc(default_doc)
    sideways_swapped_jpeg(bundle / "images" / "sideways.jpg")
    buf = io.BytesIO()
    Image.effect_noise((300, 200), 40).convert("RGB").save(buf, "PNG")
    data = bytearray(buf.getvalue())
    # A valid header and a damaged first data chunk: the check at load time reads only
    # headers (a full decode is `validate --deep`'s job), so it reaches the screen.
    start = data.index(b"IDAT") + 8
    data[start : start + 40] = b"\xff" * 40
    (bundle / "images" / "damaged.png").write_bytes(bytes(data))
    return bundle, turned["id"], broken["id"]


def viewer_image(view, index: int):
    """The viewer's photograph for ``index``, once it has a source."""
    frame = find(view.window, f"viewerFrame_{index}")
    found = [i for i in images(frame) if i.objectName() != "tile"]
    return found[0] if found else None


def placeholders(root) -> list:
    return [
        i
        for i in items(root)
        if i.objectName() == "placeholder" and i.isVisible() and not shown_rect(i).isEmpty()
    ]


def test_no_screen_shows_an_original(open_kiosk, qtbot, tmp_path, no_renditions):
    view = open_kiosk(config=Config(cache_dir=tmp_path / "cache"))
    session = view.session
    bundle_root = session.path.resolve()
    visits = [(S.Home, 0), (S.People, 0), (S.Photos, 0)]
    visits += [(S.Person, i) for i in range(len(session.bundle.people))]
    visits += [(S.Viewer, i) for i in range(len(session.photo_ids))]
    for screen, index in visits:
        nav = session.navigator
        nav.home()
        nav.open(int(screen), index)
        qtbot.waitUntil(lambda s=screen: exists(view.window, SCREENS[s]))
        root = find(view.window, SCREENS[screen])
        # Every picture is its placeholder (the caption in a calm frame), and no Image
        # anywhere reads a file of the bundle.
        qtbot.waitUntil(lambda r=root: bool(placeholders(r)))
        for image in images(view.window.contentItem()):
            source = image.property("source")
            assert not source.isLocalFile() or bundle_root not in (
                Path(source.toLocalFile()).resolve().parents
            ), f"{screen.name} {index} shows the original {source.toString()}"
        # A person whose portrait is not prepared yet is not taken for one without (every
        # person of the default exhibit has a portrait): no initials in its place.
        if screen == S.Person:
            initials = [
                i
                for i in items(root)
                if i.objectName() == "portraitInitials"
                and i.isVisible()
                and not shown_rect(i).isEmpty()
            ]
            assert initials == [], f"person {index}: initials instead of a placeholder"


def test_a_rendition_is_shown_upright_and_in_srgb(open_kiosk, qtbot, tmp_path, tricky_bundle):
    bundle, turned, _ = tricky_bundle
    view = open_kiosk(size=(1280, 800), bundle=bundle, config=Config(cache_dir=tmp_path / "c"))
    index = view.session.photo_ids.index(turned)
    view.session.navigator.open(int(S.Viewer), index)
    qtbot.waitUntil(lambda: exists(view.window, f"viewerFrame_{index}"))
    qtbot.waitUntil(
        lambda: (i := viewer_image(view, index)) is not None and status(i) == READY,
        timeout=60_000,
    )
    image = viewer_image(view, index)
    assert tmp_path / "c" in image_file(image).parents  # the rendition, not the original
    # Upright: the decoded picture is portrait (stored landscape).
    assert image.implicitHeight() > image.implicitWidth() * 1.5, (
        image.implicitWidth(),
        image.implicitHeight(),
    )
    painted_w, painted_h = image.property("paintedWidth"), image.property("paintedHeight")
    centre = scene_rect(image).center()
    assert painted_h > painted_w

    def colours() -> tuple[tuple[int, int, int], tuple[int, int, int]]:
        grab = view.window.grabWindow()
        dpr = grab.devicePixelRatio()

        def at(dy: float) -> tuple[int, int, int]:
            c = grab.pixelColor(round(centre.x() * dpr), round((centre.y() + dy) * dpr))
            return c.red(), c.green(), c.blue()

        return at(-painted_h / 4), at(painted_h / 4)

    def green(c: tuple[int, int, int]) -> bool:
        return c[1] > 200 and c[0] < 60 and c[2] < 60

    def blue(c: tuple[int, int, int]) -> bool:
        return c[2] > 200 and c[0] < 60 and c[1] < 60

    # In the window, once the picture has faded in: green (the profile's "red") on top,
    # blue below; unmanaged it would be red, and sideways it would be red | blue.
    try:
        qtbot.waitUntil(lambda: green(colours()[0]) and blue(colours()[1]), timeout=5000)
    except AssertionError:
        raise AssertionError(f"top and bottom are {colours()}: not green over blue") from None


def test_a_picture_that_cannot_be_prepared_keeps_its_placeholder(
    open_kiosk, qtbot, tmp_path, tricky_bundle
):
    bundle, _, broken = tricky_bundle
    view = open_kiosk(size=(1280, 800), bundle=bundle, config=Config(cache_dir=tmp_path / "c"))
    qtbot.waitUntil(lambda: not view.session.making_renditions, timeout=60_000)
    index = view.session.photo_ids.index(broken)
    view.session.navigator.open(int(S.Viewer), index)
    qtbot.waitUntil(lambda: exists(view.window, f"viewerFrame_{index}"))
    frame = find(view.window, f"viewerFrame_{index}")
    assert viewer_image(view, index) is None  # nothing decoded half, nothing read raw
    assert placeholders(frame), "no placeholder for a picture that cannot be shown"
    # Its caption stands in, and nothing says "error" to visitors.
    texts = visible_texts(view.window)
    assert not any("rror" in t or "OSError" in t for t in texts), texts
