"""The stress exhibit (tests/stress.py) loads, and its stresses are really there."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kiosk.content import load_bundle
from tests.stress import make_stress_bundle


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
    assert "de" in bundle.languages
    assert any(len(page.media) == 4 for page in bundle.story)
    assert any(person.portrait is None for person in bundle.people)


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
