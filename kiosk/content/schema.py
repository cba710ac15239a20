"""The bundle format's JSON Schema, generated from its models (kiosk.content.spec) for editors
and other tools."""

from __future__ import annotations

import json
from pathlib import Path

from kiosk.content.spec import FORMAT_VERSION, Bundle

#: Where the generated schema is committed, relative to the repository root.
SCHEMA_PATH = Path("resources") / "schema" / f"bundle-v{FORMAT_VERSION}.schema.json"


def schema() -> dict[str, object]:
    """The JSON Schema (draft 2020-12) of ``bundle.json``."""
    doc = Bundle.model_json_schema(by_alias=True, mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": f"Kiosk exhibit bundle, format version {FORMAT_VERSION}",
        **{k: v for k, v in doc.items() if k != "title"},
    }


def schema_text() -> str:
    """The schema as the committed file holds it (stable key order, final newline)."""
    return json.dumps(schema(), ensure_ascii=False, indent=2) + "\n"
