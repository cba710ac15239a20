"""The shipped exhibit: it loads, passes --strict, and says what the fact sheet says."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageStat

from kiosk.content import load_bundle
from kiosk.content.dates import lifespan
from tests.conftest import DEFAULT_BUNDLE, REPO


@pytest.fixture(scope="module")
def bundle():
    loaded = load_bundle(DEFAULT_BUNDLE)
    assert loaded.report.problems == []
    assert loaded.bundle is not None
    return loaded.bundle


def test_strict_validation_passes():
    loaded = load_bundle(DEFAULT_BUNDLE)
    assert loaded.report.ok(strict=True), [str(p) for p in loaded.report.problems]


def test_languages(bundle):
    assert bundle.languages == ["en", "ru"]
    assert bundle.default_language == "en"


def test_story_follows_the_chronology(bundle):
    keys = [page.date.sort_key() for page in bundle.story[1:]]
    assert keys == sorted(keys)
    dates = [page.date.display("en") for page in bundle.story]
    assert dates == [
        "April–May 1920",
        "26 April 1920",
        "27 April 1920",
        "night of 27/28 April 1920",
        "28 April 1920",
        "29–30 April 1920",
        "mid-May 1920",
    ]
    assert bundle.story[3].date.display("ru") == "ночь с 27 на 28 апреля 1920 г."
    assert bundle.story[6].date.display("ru") == "середина мая 1920 г."


def test_people_from_the_fact_sheet(bundle):
    people = {p.id: p for p in bundle.people}
    assert set(people) == {"raskolnikov", "kirov", "ordzhonikidze", "efremov"}
    assert lifespan(people["raskolnikov"].born, people["raskolnikov"].died, "en") == "1892–1939"
    assert lifespan(people["efremov"].born, people["efremov"].died, "ru") == "1897–1942"
    other = {p.id: [(n.kind, n.name.get("en")) for n in p.other_names] for p in bundle.people}
    assert other["raskolnikov"] == [("real_surname", "Ilyin")]
    assert other["kirov"] == [("real_surname", "Kostrikov")]
    assert other["ordzhonikidze"] == [("party_pseudonym", "Sergo")]
    for person in bundle.people:
        assert person.portrait is not None
        assert person.biography is not None and person.biography.has("ru")


def test_photographs_with_catalogue_numbers(bundle):
    media = bundle.media_by_id()
    for number in ("F.III-15332", "F.III-33870", "F.III-541"):
        item = media[f"f-iii-{number.split('-')[1]}"]
        assert item.inventory_number is not None
        assert item.inventory_number.get("en") == f"SMPHR {number}"
        assert number in item.inventory_number.get("ru")
    assert set(media["f-iii-15332"].people) == {"raskolnikov", "kirov", "ordzhonikidze"}


def test_every_image_is_a_declared_stand_in_and_smphr_is_credited(bundle):
    for item in bundle.media:
        assert item.credit is not None
        assert item.credit.get("en").startswith("Stand-in image. Original: SMPHR")
        assert item.credit.get("ru").startswith("Условное изображение. Оригинал: ГМПИР")
    assert bundle.exhibit.source is not None
    assert "SMPHR" in bundle.exhibit.source.get("en")
    assert "ГМПИР" in bundle.exhibit.source.get("ru")


def test_glossary(bundle):
    terms = {t.id: t.term.get("en") for t in bundle.glossary}
    assert terms == {
        "azrevkom": "Azrevkom",
        "rcp-b": "RCP(b)",
        "musavat": "Musavat",
        "revvoensovet": "Revolutionary Military Council",
        "rsfsr": "Russian SFSR",
    }


def test_standin_script_reproduces_the_committed_images(tmp_path: Path):
    # The committed images come from the committed script: regenerate and compare pixels
    # (not bytes: another FreeType may place a glyph one pixel apart).
    script = REPO / "data" / "make_baku_standins.py"
    subprocess.run([sys.executable, str(script), "--out", str(tmp_path)], check=True, cwd=REPO)
    committed = sorted((DEFAULT_BUNDLE / "images").glob("*.jpg"))
    assert len(committed) == 6
    for path in committed:
        fresh = Image.open(tmp_path / path.name).convert("L")
        old = Image.open(path).convert("L")
        assert fresh.size == old.size
        diff = ImageStat.Stat(ImageChops.difference(fresh, old)).mean[0]
        assert diff < 2.0, f"{path.name} differs from what the script makes (mean {diff:.2f})"
