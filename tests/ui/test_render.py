"""`kiosk render`: one PNG per state per language, the right size, none blank, and a sheet."""

from __future__ import annotations

import shutil

from PIL import Image, ImageStat

from kiosk.cli import main
from kiosk.ui.render import render
from tests.conftest import DEFAULT_BUNDLE

# Every state `kiosk proof` walks, in visiting order (a long page also at its end).
EXPECTED = [
    "home",
    *[f"story-{n}" for n in ("1-operation", "2-azrevkom", "3-uprising", "4-armoured-trains")],
    *[f"story-{n}" for n in ("5-republic", "6-eleventh-army", "7-aftermath")],
    "people",
    *[f"person-{p}" for p in ("raskolnikov", "kirov", "ordzhonikidze", "efremov")],
    "photographs",
    *[f"photo-f-iii-{n}{s}" for n in ("15332", "33870", "541") for s in ("", "-bare")],
    "glossary",
    *[f"term-{t}" for t in ("azrevkom", "rcp-b", "musavat", "revvoensovet", "rsfsr")],
    "still-there",
    "attract",
    "pin-pad",
    "options",
]


def _kinds(folder):
    """The states in a language folder, in file order, without numbers and scrolled ends."""
    names = sorted(p.stem for p in folder.glob("*.png"))
    numbers = [int(n.split("-", 1)[0]) for n in names]
    assert numbers == list(range(1, len(names) + 1))  # numbered in visiting order
    return [n.split("-", 1)[1] for n in names if not n.endswith("-end")]


def test_every_screen_in_every_language(qapp, tmp_path, qml_warnings):
    paths = render(DEFAULT_BUNDLE, tmp_path, size=(960, 600))
    sheet = paths[-1]
    assert sheet == tmp_path / "contact-sheet.png"
    for lang in ("en", "ru"):
        assert _kinds(tmp_path / lang) == EXPECTED
    for path in paths[:-1]:
        with Image.open(path) as im:
            assert im.size == (960, 600), path
            # Not blank: a rendered screen has text and controls, so its pixels vary (a
            # blank one does not at all; the dark PIN pad varies least, about 18).
            assert ImageStat.Stat(im.convert("L")).stddev[0] > 10, f"{path} looks blank"
    with Image.open(sheet) as im:
        assert im.width > 960
    # The same screen differs between languages (texts are translated, not copied).
    en = Image.open(tmp_path / "en" / "001-home.png").convert("L")
    ru = Image.open(tmp_path / "ru" / "001-home.png").convert("L")
    assert en.tobytes() != ru.tobytes()
    assert qml_warnings() == []


def test_cli_render_one_language_portrait(qapp, tmp_path, capsys):
    status = main(
        ["render", str(DEFAULT_BUNDLE), "--out", str(tmp_path), "--size", "540x960", "--lang", "ru"]
    )
    assert status == 0
    written = len(list((tmp_path / "ru").glob("*.png")))
    assert f"wrote {written} screens" in capsys.readouterr().out
    # 540 pixels wide: the band has no room for both languages beside Home, Back and
    # Options, so the compact picker's list is a state of its own.
    assert _kinds(tmp_path / "ru") == [EXPECTED[0], "language-menu", *EXPECTED[1:]]
    assert not (tmp_path / "en").exists()
    (page,) = (tmp_path / "ru").glob("*-story-4-armoured-trains.png")
    with Image.open(page) as im:
        assert im.size == (540, 960)


def test_cli_render_refuses_a_broken_bundle(qapp, tmp_path, capsys):
    (tmp_path / "bundle.json").write_text("[]")
    assert main(["render", str(tmp_path), "--out", str(tmp_path / "out")]) == 1
    assert "the top level must be a JSON object" in capsys.readouterr().err


def test_a_missing_image_shows_a_placeholder_with_its_caption(
    open_kiosk, qtbot, tmp_path, expected_warnings
):
    # The file disappears after validation (a USB stick pulled): the visitor sees the caption.
    from kiosk.config import Config
    from kiosk.ui.navigation import Navigator
    from tests.ui.scene import exists, visible_texts

    bundle = tmp_path / "bundle"
    shutil.copytree(DEFAULT_BUNDLE, bundle)
    unwritable = tmp_path / "not-a-folder"
    unwritable.write_text("")  # no renditions can be cached: the viewer reads the original
    view = open_kiosk(bundle=bundle, config=Config(cache_dir=unwritable))
    (bundle / "images" / "f-iii-541.jpg").unlink()
    expected_warnings.append("f-iii-541.jpg")
    view.session.navigator.open(int(Navigator.Screen.Viewer), 2)
    qtbot.waitUntil(lambda: exists(view.window, "viewerFrame_2"))
    alt = "Stand-in plate: a column of small figures below a city skyline"
    qtbot.waitUntil(lambda: any(t.startswith(alt) for t in visible_texts(view.window)))
    assert view.session.navigator.screen == Navigator.Screen.Viewer
