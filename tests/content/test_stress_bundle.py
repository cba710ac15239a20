"""The stress exhibit (tests/stress.py) loads, and its stresses are really there."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.content import cldr, load_bundle, uiwords
from tests.stress import LANGS, UNTRANSLATED_AZ, UNTRANSLATED_HE, make_stress_bundle

#: The languages the kiosk does not ship, whose UI words the bundle gives.
OWN_WORDS = ("de", "az", "he")


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory):
    root = make_stress_bundle(tmp_path_factory.mktemp("stress"))
    result = load_bundle(root)
    assert result.report.ok(), [str(p) for p in result.report.problems]
    assert result.bundle is not None
    return result


def test_counts_and_languages(loaded):
    bundle = loaded.bundle
    assert len(bundle.people) == 40
    assert len(bundle.glossary) == 60
    assert bundle.languages == ["en", "ru", "de", "az", "he"] == list(LANGS)
    assert any(len(page.media) == 4 for page in bundle.story)
    assert any(person.portrait is None for person in bundle.people)


def test_hebrew_is_written_right_to_left_and_titles_are_real_words(loaded):
    assert cldr.right_to_left("he") and not cldr.right_to_left("az")
    exhibit = loaded.bundle.exhibit
    assert exhibit.title.get("he").startswith("מבצע באקו")
    assert exhibit.title.get("az").startswith("Bakı əməliyyatı")
    # Texts nobody translated say so in the language, before the English.
    summary = loaded.bundle.exhibit.summary
    assert summary is not None
    assert summary.get("he")[0].startswith(UNTRANSLATED_HE)
    assert summary.get("az")[0].startswith(UNTRANSLATED_AZ)


@pytest.mark.parametrize("lang", OWN_WORDS)
def test_the_ui_words_are_complete(loaded, lang):
    words = loaded.bundle.ui[lang]
    assert set(words) == uiwords.UI_KEYS  # every key, the staff's included
    assert uiwords.missing(words) == []
    categories = set(cldr.plural_categories(lang))
    for key, value in words.items():
        if uiwords.is_plural(key):
            assert isinstance(value, dict) and set(value) == categories, (key, value)
        else:
            assert isinstance(value, str) and value.strip(), key


def test_validate_warns_only_about_the_tiny_original(loaded, capsys):
    # No language lacks UI words or a translation, and CLDR knows all five.
    warnings = [p for p in loaded.report.warnings if p.code != "small-image"]
    assert warnings == []
    assert main(["validate", str(loaded.root), "--json"]) == 0
    problems = json.loads(capsys.readouterr().out)["problems"]
    assert [p["code"] for p in problems] == ["small-image"]
    assert "stress-tiny" in problems[0]["message"]


def test_long_german_word_in_title(loaded):
    words = re.findall(r"\w+", loaded.bundle.exhibit.title.get("de"))
    assert max(len(w) for w in words) >= 60


def test_sorting_differs_from_file_order(loaded):
    people = loaded.bundle.people
    keys = [(p.sort_name or p.name).get("en") for p in people]
    assert keys != sorted(keys)
    terms = [t.term.get("en") for t in loaded.bundle.glossary]
    assert terms != sorted(terms)


def test_extreme_images(loaded):
    sizes = [(info.width, info.height) for info in loaded.images.values()]
    assert any(w / h >= 5 for w, h in sizes)
    assert any(w / h <= 0.25 for w, h in sizes)
    assert (160, 120) in sizes


def test_generation_is_deterministic(tmp_path: Path):
    first = make_stress_bundle(tmp_path / "a") / "bundle.json"
    second = make_stress_bundle(tmp_path / "b") / "bundle.json"
    assert first.read_bytes() == second.read_bytes()
