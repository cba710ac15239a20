"""`kiosk render`: one PNG per screen per language, the right size, none blank, and a sheet."""

from __future__ import annotations

import shutil

from PIL import Image, ImageStat

from kiosk.cli import main
from kiosk.ui.render import render
from tests.conftest import DEFAULT_BUNDLE

EXPECTED = (
    ["01-home"]
    + [f"{i + 2:02d}-story-{i + 1:02d}" for i in range(7)]
    + ["09-people"]
    + [f"{i + 10:02d}-person-{i + 1:02d}" for i in range(4)]
    + ["14-photographs"]
    + [f"{i + 15:02d}-photo-{i + 1:02d}" for i in range(3)]
    + ["18-glossary"]
)


def test_every_screen_in_every_language(qapp, tmp_path, qml_warnings):
    paths = render(DEFAULT_BUNDLE, tmp_path, size=(960, 600))
    sheet = paths[-1]
    assert sheet == tmp_path / "contact-sheet.png"
    for lang in ("en", "ru"):
        names = sorted(p.name for p in (tmp_path / lang).glob("*.png"))
        assert [n[: len(e)] for n, e in zip(names, EXPECTED, strict=True)] == EXPECTED
    for path in paths[:-1]:
        with Image.open(path) as im:
            assert im.size == (960, 600), path
            # Not blank: a rendered screen has text and images, so its pixels vary.
            assert ImageStat.Stat(im.convert("L")).stddev[0] > 20, f"{path} looks blank"
    with Image.open(sheet) as im:
        assert im.width > 960
    # The same screen differs between languages (texts are translated, not copied).
    en = Image.open(tmp_path / "en" / "01-home.png").convert("L")
    ru = Image.open(tmp_path / "ru" / "01-home.png").convert("L")
    assert en.tobytes() != ru.tobytes()
    assert qml_warnings() == []


def test_cli_render_one_language_portrait(qapp, tmp_path, capsys):
    status = main(
        ["render", str(DEFAULT_BUNDLE), "--out", str(tmp_path), "--size", "540x960", "--lang", "ru"]
    )
    assert status == 0
    assert "wrote 18 screens" in capsys.readouterr().out
    assert not (tmp_path / "en").exists()
    with Image.open(tmp_path / "ru" / "05-story-04-armoured-trains.png") as im:
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
