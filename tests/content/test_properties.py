"""Random and mutated documents only ever produce validation problems, never an exception."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.content.load import check_document
from kiosk.content.problems import Problem, Report, Severity
from tests.conftest import DEFAULT_BUNDLE

DOC = json.loads((DEFAULT_BUNDLE / "bundle.json").read_text(encoding="utf-8"))

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**70), 2**70)
    | st.floats(allow_nan=False)
    | st.text(max_size=20)
    | st.sampled_from(["en", "ru", "f-iii-541", "kirov", "images/f-iii-541.jpg", "../x.jpg"]),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)


def _all_keys(value: Any) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in _all_keys(v)}
    if isinstance(value, list):
        return {k for v in value for k in _all_keys(v)}
    return set()


FIELD_NAMES = sorted(_all_keys(DOC))


def _containers(value: Any, out: list[Any]) -> list[Any]:
    if isinstance(value, dict | list):
        out.append(value)
        for child in value.values() if isinstance(value, dict) else value:
            _containers(child, out)
    return out


def check(data: bytes) -> Report:
    report = Report(Path("bundle.json"))
    loaded = check_document(data, DEFAULT_BUNDLE, report)
    for problem in report.problems:
        assert isinstance(problem, Problem)
        assert problem.message
        assert problem.severity in (Severity.ERROR, Severity.WARNING)
    # A bundle comes back exactly when there is no error.
    assert (loaded.bundle is not None) == (not report.errors)
    return report


@given(st.binary(max_size=200))
def test_random_bytes(data):
    report = check(data)
    assert report.errors


@given(json_values)
def test_random_json(value):
    report = check(json.dumps(value).encode())
    assert report.errors


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_mutated_default_bundle(data):
    doc = copy.deepcopy(DOC)
    for _ in range(data.draw(st.integers(1, 4))):
        target = data.draw(st.sampled_from(_containers(doc, [])))
        action = data.draw(st.sampled_from(["replace", "delete", "insert"]))
        if isinstance(target, dict):
            if not target or action == "insert":
                key = data.draw(st.sampled_from(FIELD_NAMES) | st.text(max_size=6))
                target[key] = data.draw(json_values)
            else:
                key = data.draw(st.sampled_from(sorted(target)))
                if action == "delete":
                    del target[key]
                else:
                    target[key] = data.draw(json_values)
        elif isinstance(target, list):
            if not target or action == "insert":
                target.append(data.draw(json_values))
            else:
                i = data.draw(st.integers(0, len(target) - 1))
                if action == "delete":
                    del target[i]
                else:
                    target[i] = data.draw(json_values)
    check(json.dumps(doc, ensure_ascii=False).encode())


@given(st.integers(0, len(json.dumps(DOC)) - 1), st.sampled_from(["", ",", "}", '"', "\\", "\x00"]))
def test_corrupted_text(pos, insert):
    text = json.dumps(DOC, ensure_ascii=False, indent=2)
    check((text[:pos] + insert + text[pos + 1 :]).encode())
