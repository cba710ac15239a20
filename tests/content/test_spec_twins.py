"""The format's pydantic models (kiosk.content.spec) and the plain values the kiosk builds
from a checked bundle (kiosk.content.model): the same fields in the same order, the same
defaults, and nothing lost or changed between a validated document and the values built
from it, which is what a start from a validation stamp builds."""

from __future__ import annotations

import copy
import dataclasses
import json
from enum import Enum
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from pydantic import BaseModel, RootModel, ValidationError

from kiosk.content import spec
from kiosk.content.model import Bundle
from kiosk.content.text import LangText, Paragraphs
from tests.fuzz.strategies import valid_docs
from tests.ui.test_every_field import make_marker_bundle

MODELS = [m for m in spec.TWINS if not issubclass(m, RootModel)]


def _json_names(twin: Any) -> list[str]:
    return [f.metadata.get("json", f.name) for f in dataclasses.fields(twin)]


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_the_twin_has_the_models_fields_in_order(model: type[BaseModel]):
    twin = spec.TWINS[model]
    assert twin.__name__ == model.__name__
    assert [f.name for f in dataclasses.fields(twin)] == list(model.model_fields)
    assert _json_names(twin) == [info.alias or n for n, info in model.model_fields.items()]


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_the_twin_has_the_models_defaults(model: type[BaseModel]):
    for f in dataclasses.fields(spec.TWINS[model]):
        info = model.model_fields[f.name]
        if info.is_required():
            assert f.default is dataclasses.MISSING, f.name
            assert f.default_factory is dataclasses.MISSING, f.name
            continue
        has = f.default if f.default is not dataclasses.MISSING else f.default_factory()
        assert has == info.get_default(call_default_factory=True), f.name


def plain_json(value: Any) -> Any:
    """A built value as JSON, every field (defaults too) under its JSON name."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            f.metadata.get("json", f.name): plain_json(getattr(value, f.name))
            for f in dataclasses.fields(value)
        }
    if isinstance(value, LangText | Paragraphs):
        return plain_json(value.root)
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dict):
        return {k: plain_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain_json(v) for v in value]
    return value


def _documents(tmp_path: Path, default_doc: dict[str, Any]) -> list[dict[str, Any]]:
    # A marker in every field of the format (tests/ui/test_every_field.py holds it to that).
    markers = make_marker_bundle(tmp_path)
    lax = copy.deepcopy(default_doc)  # JSON that validation accepts and converts
    lax["visit"] = {"idle_timeout": 30, "countdown": "15"}
    lax["story"][0]["date"] = {"year": "1920", "month": 4.0, "approximate": 1}
    bare = {  # nothing optional
        "format_version": 1,
        "id": "bare",
        "version": "1",
        "name": "Bare",
        "languages": ["en"],
        "default_language": "en",
        "exhibit": {"title": {"en": "Bare"}},
    }
    return [
        default_doc,
        json.loads((markers / "bundle.json").read_text(encoding="utf-8")),
        lax,
        bare,
    ]


def test_a_built_bundle_holds_exactly_what_validation_gave(tmp_path, default_doc):
    for doc in _documents(tmp_path, default_doc):
        checked = spec.Bundle.model_validate(doc)
        built = Bundle.from_json(spec.canonical(checked))
        # Compared as JSON text, so that 30 and 30.0, or 1 and true, differ.
        want = json.dumps(checked.model_dump(mode="json", by_alias=True), sort_keys=True)
        assert json.dumps(plain_json(built), sort_keys=True) == want, doc["id"]
        # And through a stamp's JSON text, as a start reads it.
        again = Bundle.from_json(json.loads(json.dumps(spec.canonical(checked))))
        assert again == built


def _as_json_text(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


@given(doc=valid_docs())
def test_any_valid_bundle_is_built_as_validation_gave_it(doc: dict[str, Any]):
    # The fuzzer's valid bundles: every field drawn in and out, dates of every shape.
    checked = spec.Bundle.model_validate(doc)
    built = Bundle.from_json(json.loads(json.dumps(spec.canonical(checked))))
    assert _as_json_text(plain_json(built)) == _as_json_text(
        checked.model_dump(mode="json", by_alias=True)
    )


def test_the_rules_of_a_date_still_hold():
    with pytest.raises(ValidationError, match="February 1921 has 28 days"):
        spec.Dating.model_validate({"year": 1921, "month": 2, "day": 29})
    with pytest.raises(ValidationError, match='"to" is earlier than "from"'):
        spec.Dating.model_validate({"from": {"year": 1921}, "to": {"year": 1920}})
    with pytest.raises(ValidationError, match='"night" needs a range of two consecutive days'):
        spec.Dating.model_validate({"year": 1920, "night": True})
    with pytest.raises(ValidationError, match="not a language code"):
        spec.LangText.model_validate({"English": "Baku"})
