"""Asset paths stay inside the bundle folder, judged on real paths, not on strings.

A check written as a string prefix lets in a sibling folder whose name begins with the
bundle's (``bundle-evil`` next to ``bundle``), and a check on paths that are not resolved
misses symbolic links. These tests put both next to the default exhibit's copy.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PIL import Image

from kiosk.content import load_bundle
from kiosk.content.assets import AssetError, resolve_asset


@pytest.fixture
def sibling(bundle_dir: Path) -> Path:
    """A folder next to the bundle whose name starts with the bundle folder's name, holding
    a valid image: only a string-prefix check would take it for part of the bundle."""
    evil = bundle_dir.with_name(bundle_dir.name + "-evil")
    evil.mkdir()
    Image.new("RGB", (8, 8), (200, 0, 0)).save(evil / "secret.jpg")
    assert str(evil / "secret.jpg").startswith(str(bundle_dir))  # what fools a prefix check
    return evil


def point_media_at(bundle_dir: Path, file: str) -> Path:
    """The bundle with its third media item's file set to ``file``."""
    doc = json.loads((bundle_dir / "bundle.json").read_text(encoding="utf-8"))
    doc["media"][2]["file"] = file
    (bundle_dir / "bundle.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return bundle_dir


def unsafe(bundle_dir: Path) -> list[str]:
    """The unsafe-path problems of the bundle, as "path: message"."""
    report = load_bundle(bundle_dir).report
    return [f"{p.path}: {p.message}" for p in report.problems if p.code == "unsafe-path"]


def test_a_link_into_a_sibling_folder_named_like_the_bundle_is_refused(bundle_dir, sibling):
    # A relative link, as a curator's tool or a packed USB stick would carry it.
    (bundle_dir / "images" / "evil.jpg").symlink_to(Path("..", "..", sibling.name, "secret.jpg"))
    with pytest.raises(AssetError, match="leads outside the bundle folder") as refused:
        resolve_asset(bundle_dir, "images/evil.jpg")
    assert refused.value.code == "unsafe-path"
    problems = unsafe(point_media_at(bundle_dir, "images/evil.jpg"))
    assert problems == [
        'media[2].file: "images/evil.jpg" leads outside the bundle folder (through a symbolic '
        "link); copy the file into the bundle instead"
    ]


def test_a_linked_folder_leading_out_of_the_bundle_is_refused(bundle_dir, sibling):
    (bundle_dir / "images" / "more").symlink_to(sibling, target_is_directory=True)
    with pytest.raises(AssetError, match="leads outside the bundle folder"):
        resolve_asset(bundle_dir, "images/more/secret.jpg")
    assert len(unsafe(point_media_at(bundle_dir, "images/more/secret.jpg"))) == 1


def test_a_link_that_stays_inside_the_bundle_is_followed(bundle_dir, sibling):
    (bundle_dir / "images" / "alias.jpg").symlink_to("f-iii-541.jpg")
    target = resolve_asset(bundle_dir, "images/alias.jpg")
    assert target == (bundle_dir / "images" / "f-iii-541.jpg").resolve()
    loaded = load_bundle(point_media_at(bundle_dir, "images/alias.jpg"))
    assert loaded.bundle is not None and loaded.report.errors == []


def test_a_bundle_opened_through_a_linked_folder_keeps_its_files(bundle_dir, sibling, tmp_path):
    # The installed exhibit is opened through a "current" link to its version folder: the
    # bundle's own files must stay inside, whichever way the folder was reached.
    current = tmp_path / "current"
    current.symlink_to(bundle_dir, target_is_directory=True)
    assert resolve_asset(current, "images/f-iii-541.jpg") == (
        bundle_dir.resolve() / "images" / "f-iii-541.jpg"
    )
    loaded = load_bundle(current)
    assert loaded.bundle is not None and loaded.report.errors == []
    # ... and a sibling of the real folder is still outside it.
    (bundle_dir / "images" / "evil.jpg").symlink_to(sibling / "secret.jpg")
    with pytest.raises(AssetError, match="leads outside the bundle folder"):
        resolve_asset(current, "images/evil.jpg")
