"""`kiosk validate` warns when an original is too small for the largest size the app shows it
at: more than twice its own size at 1920×1080 (kiosk.content.checks, Display and MAX_UPSCALE)."""

from __future__ import annotations

import json
import re

from PIL import Image

from kiosk.cli import main
from kiosk.content.checks import ATTRACT, MAX_UPSCALE, PORTRAIT, PORTRAIT_THUMB, VIEWER
from tests.conftest import DEFAULT_BUNDLE


def small_image_warnings(path, capsys) -> list[dict]:
    """The small-image problems `kiosk validate --json` reports for the bundle at ``path``."""
    main(["validate", "--json", str(path)])
    report = json.loads(capsys.readouterr().out)
    return [p for p in report["problems"] if p["code"] == "small-image"]


def swap_original(doc, bundle, media_id, size, name):
    """Point media ``media_id`` at a new JPEG of ``size``; its index in "media"."""
    Image.new("RGB", size, (120, 110, 100)).save(bundle / "images" / name, "JPEG")
    index = next(i for i, m in enumerate(doc["media"]) if m["id"] == media_id)
    doc["media"][index]["file"] = f"images/{name}"
    return index


def test_the_default_exhibit_has_no_original_too_small(capsys):
    assert small_image_warnings(DEFAULT_BUNDLE, capsys) == []


def test_a_tiny_photograph_is_named_with_its_sizes_and_what_to_do(
    write_doc, default_doc, bundle_dir, capsys
):
    index = swap_original(default_doc, bundle_dir, "f-iii-15332", (160, 120), "tiny.jpg")
    (warning,) = small_image_warnings(write_doc(default_doc), capsys)
    assert warning["severity"] == "warning"
    assert warning["path"] == f"media[{index}]"
    message = warning["message"]
    assert '"images/tiny.jpg" is 160×120 pixels' in message
    # A photograph's largest box is the viewer's or the attract loop's: both say where.
    shown = re.search(r"shown at (\d+)×(\d+) in (the [a-z ]+) \(at 1920×1080\)", message)
    assert shown, message
    width, height = int(shown[1]), int(shown[2])
    assert width / 160 > MAX_UPSCALE and abs(width / 160 - height / 120) < 0.02
    assert width <= VIEWER.width and height >= VIEWER.height  # fitted to the height
    need = re.search(r"supply a larger scan of at least (\d+)×(\d+)$", message)
    assert need, message
    assert (int(need[1]), int(need[2])) == (-(-width // MAX_UPSCALE), -(-height // MAX_UPSCALE))


def test_an_original_at_exactly_the_threshold_does_not_warn(
    write_doc, default_doc, bundle_dir, capsys
):
    swap_original(default_doc, bundle_dir, "f-iii-15332", (160, 120), "tiny.jpg")
    (warning,) = small_image_warnings(write_doc(default_doc), capsys)
    need = re.search(r"at least (\d+)×(\d+)$", warning["message"])
    assert need
    threshold = (int(need[1]), int(need[2]))
    # What the warning asks for is enough, and exactly enough: one pixel less still warns.
    swap_original(default_doc, bundle_dir, "f-iii-15332", threshold, "tiny.jpg")
    assert small_image_warnings(write_doc(default_doc), capsys) == []
    smaller = (threshold[0] - 1, threshold[1] - 1)
    swap_original(default_doc, bundle_dir, "f-iii-15332", smaller, "tiny.jpg")
    assert len(small_image_warnings(write_doc(default_doc), capsys)) == 1


def test_a_portrait_is_measured_against_where_portraits_are_shown(
    write_doc, default_doc, bundle_dir, capsys
):
    # A portrait used only as one is not in the viewer: its boxes are the person's page,
    # the People grid and the attract loop.
    index = swap_original(default_doc, bundle_dir, "kirov-portrait", (120, 150), "kirov.jpg")
    (warning,) = small_image_warnings(write_doc(default_doc), capsys)
    assert warning["path"] == f"media[{index}]"
    message = warning["message"]
    assert '"images/kirov.jpg" is 120×150 pixels' in message
    assert any(f" in {box.name} (" in message for box in (PORTRAIT, PORTRAIT_THUMB, ATTRACT))
    need = re.search(r"at least (\d+)×(\d+)$", message)
    assert need
    swap_original(
        default_doc, bundle_dir, "kirov-portrait", (int(need[1]), int(need[2])), "kirov.jpg"
    )
    assert small_image_warnings(write_doc(default_doc), capsys) == []
