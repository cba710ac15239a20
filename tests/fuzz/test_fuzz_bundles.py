"""The bundle fuzzer: whatever bundle.json holds, loading never raises.

Two properties, over documents drawn by tests/fuzz/strategies.py:

- a structurally valid bundle loads (no errors; warnings are allowed), and the Presenter
  builds the rows of every one of its languages, as the kiosk does for the language switch;
- a mutated one (wrong types, missing and extra keys, dangling references, impossible dates,
  deep nesting, huge numbers, odd Unicode, broken JSON bytes) either loads, and then its
  rows build too, or gives a report of problems, each naming where it is; nothing raises.

`make test` runs each with the "default" profile (150 examples each); `make fuzz` with the
"fuzz" profile (5,000 each unless FUZZ_EXAMPLES says otherwise): 10,000 in all.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given

from kiosk.content.load import Loaded, load_bundle
from tests.fuzz.strategies import mutated_bytes, valid_docs, write_images


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """One bundle folder for every example: the image pool, and bundle.json rewritten."""
    root = tmp_path_factory.mktemp("fuzz")
    write_images(root)
    yield root


def load(folder: Path, data: bytes) -> Loaded:
    (folder / "bundle.json").write_bytes(data)
    loaded = load_bundle(folder)
    # What `kiosk validate` prints, as text and as JSON, must come out of every report.
    for problem in loaded.report.problems:
        assert str(problem)
        json.dumps(problem.to_json(), ensure_ascii=False)
    assert loaded.report.summary()
    return loaded


def build_every_language(loaded: Loaded) -> None:
    from kiosk.ui.present import Presenter

    assert loaded.bundle is not None
    presenter = Presenter(loaded.bundle, loaded.root, loaded.images)
    for lang in loaded.bundle.languages:
        built = presenter.build(lang)
        assert built.language == lang


@given(doc=valid_docs())
def test_a_valid_bundle_loads_and_builds_in_every_language(folder, doc):
    loaded = load(folder, json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8"))
    assert loaded.report.errors == [], [str(p) for p in loaded.report.errors]
    build_every_language(loaded)


@given(data=mutated_bytes())
def test_a_broken_bundle_is_reported_never_raised(folder, data):
    loaded = load(folder, data)
    if loaded.bundle is None:
        assert loaded.report.errors, "no bundle, yet no error says why"
        for problem in loaded.report.errors:
            assert problem.message.strip()
    else:
        build_every_language(loaded)


@pytest.mark.parametrize("depth", [999, 2000])
def test_deep_nesting_beside_a_string_to_check_is_reported(tmp_path, depth):
    # The fuzzer's first finding: json read 2,000 levels, then the character checks (which
    # recurse per level) raised RecursionError, because a string held a control character.
    deep = "[" * depth + "1" + "]" * depth
    text = f'{{"format": "kiosk-bundle", "format_version": 1, "x": "\\u0000",\n "y": {deep}}}'
    (tmp_path / "bundle.json").write_text(text)
    (problem,) = load_bundle(tmp_path).report.problems
    assert problem.line == 2
    assert f"nested {depth + 1:,} deep here, too deep to read" in problem.message
