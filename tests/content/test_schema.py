"""The committed JSON Schema is current, and it accepts what the loader accepts."""

from __future__ import annotations

import json

import jsonschema

from kiosk.content.schema import SCHEMA_PATH, schema_text
from tests.conftest import DEFAULT_BUNDLE, REPO


def test_committed_schema_is_current():
    committed = (REPO / SCHEMA_PATH).read_text(encoding="utf-8")
    assert committed == schema_text(), "the schema is stale: run `make schema` and commit it"


def test_default_bundle_validates_against_the_schema():
    doc = json.loads((DEFAULT_BUNDLE / "bundle.json").read_text(encoding="utf-8"))
    schema = json.loads((REPO / SCHEMA_PATH).read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(doc))
    assert errors == []


def test_schema_refuses_what_an_editor_should_flag(default_doc):
    schema = json.loads((REPO / SCHEMA_PATH).read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    default_doc["people"][0]["titel"] = "x"
    default_doc["media"][0]["kind"] = "daguerreotype"
    default_doc["story"][0]["title"] = "not a map"
    messages = sorted(e.json_path for e in validator.iter_errors(default_doc))
    assert messages == ["$.media[0].kind", "$.people[0]", "$.story[0].title"]


def test_bundle_points_editors_at_the_schema():
    doc = json.loads((DEFAULT_BUNDLE / "bundle.json").read_text(encoding="utf-8"))
    assert (DEFAULT_BUNDLE / doc["$schema"]).resolve() == (REPO / SCHEMA_PATH).resolve()
