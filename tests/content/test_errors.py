"""Every class of bundle error, with the message a curator reads."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from kiosk.content import Severity, load_bundle
from kiosk.content.load import MAX_BUNDLE_BYTES


def messages(path: Path, severity: Severity | None = None) -> list[str]:
    """Each problem as "path: message" (without the file name, which is a tmp path)."""
    report = load_bundle(path).report
    return [
        f"{p.path}: {p.message}" if p.path else p.message
        for p in report.problems
        if severity is None or p.severity is severity
    ]


def only(path: Path) -> Any:
    """The single problem of a bundle."""
    problems = load_bundle(path).report.problems
    assert len(problems) == 1, [str(p) for p in problems]
    return problems[0]


def write_raw(bundle_dir: Path, data: bytes) -> Path:
    (bundle_dir / "bundle.json").write_bytes(data)
    return bundle_dir


# --- finding and reading the file ---------------------------------------------------------


def test_missing_folder(tmp_path):
    problem = only(tmp_path / "nowhere")
    assert problem.code == "not-found"
    assert "does not exist" in problem.message


def test_folder_without_bundle_json(tmp_path):
    problem = only(tmp_path)
    assert problem.code == "not-found"
    assert "no bundle.json" in problem.message


def test_bundle_json_path_is_accepted(bundle_dir):
    loaded = load_bundle(bundle_dir / "bundle.json")
    assert loaded.bundle is not None
    assert loaded.root == bundle_dir


def test_too_large(bundle_dir):
    write_raw(bundle_dir, b" " * (MAX_BUNDLE_BYTES + 1))
    problem = only(bundle_dir)
    assert problem.code == "too-large"
    assert "over the limit" in problem.message


def test_utf8_bom(bundle_dir):
    data = (bundle_dir / "bundle.json").read_bytes()
    problem = only(write_raw(bundle_dir, b"\xef\xbb\xbf" + data))
    assert problem.code == "encoding"
    assert "BOM" in problem.message and "UTF-8 without a BOM" in problem.message
    assert (problem.line, problem.column) == (1, 1)


def test_utf16(bundle_dir):
    data = (bundle_dir / "bundle.json").read_text(encoding="utf-8").encode("utf-16")
    problem = only(write_raw(bundle_dir, data))
    assert problem.code == "encoding"
    assert "UTF-16" in problem.message


def test_invalid_utf8_names_line_and_column(bundle_dir):
    problem = only(write_raw(bundle_dir, b'{\n  "id": "caf\xe9"\n}'))
    assert problem.code == "encoding"
    assert "0xe9" in problem.message
    assert (problem.line, problem.column) == (2, 13)


# --- JSON syntax -----------------------------------------------------------------------


def test_syntax_error_names_file_line_and_column(bundle_dir):
    problem = only(write_raw(bundle_dir, b'{\n  "id": "x",\n  "version" "1"\n}'))
    assert problem.code == "json-syntax"
    assert (problem.line, problem.column) == (3, 13)
    assert str(problem).startswith(f"{bundle_dir / 'bundle.json'}:3:13: error: invalid JSON")


def test_trailing_comma_gets_a_hint(bundle_dir):
    problem = only(write_raw(bundle_dir, b'{\n  "id": "x",\n}'))
    assert "trailing comma" in problem.message
    # Python 3.13 points at the comma (line 2), older ones at the brace (line 3).
    assert problem.line in (2, 3)


def test_duplicate_key(bundle_dir):
    problem = only(write_raw(bundle_dir, b'{\n  "id": "a",\n  "id": "b"\n}'))
    assert problem.code == "json-syntax"
    assert 'the key "id" appears twice' in problem.message
    assert problem.line == 3


def test_nan_is_refused(bundle_dir):
    problem = only(write_raw(bundle_dir, b'{"format_version": NaN}'))
    assert "NaN is not allowed" in problem.message


def test_top_level_must_be_an_object(bundle_dir):
    problem = only(write_raw(bundle_dir, b"[1, 2]"))
    assert problem.message == "the top level must be a JSON object {…}, not a list"


# --- format and schema -------------------------------------------------------------------


def test_newer_format_version(write_doc, default_doc):
    default_doc["format_version"] = 2
    problem = only(write_doc(default_doc))
    assert problem.path == "format_version"
    assert "Update the kiosk software" in problem.message


def test_wrong_format_name(write_doc, default_doc):
    default_doc["format"] = "something-else"
    assert only(write_doc(default_doc)).path == "format"


def test_missing_required_field(write_doc, default_doc):
    del default_doc["people"][1]["name"]
    assert messages(write_doc(default_doc)) == ["people[1].name: required, but missing"]


def test_unknown_field_suggests_the_right_one(write_doc, default_doc):
    default_doc["media"][0]["titel"] = default_doc["media"][0].pop("title")
    assert messages(write_doc(default_doc), Severity.ERROR) == [
        "media[0].title: required, but missing",
        'media[0].titel: unknown field; did you mean "title"?',
    ]


def test_text_must_be_a_language_map(write_doc, default_doc):
    default_doc["exhibit"]["subtitle"] = "April–May 1920"
    assert messages(write_doc(default_doc)) == [
        'exhibit.subtitle: expected a language map such as {"en": "…", "ru": "…"}, not a string'
    ]


def test_paragraphs_must_be_lists_per_language(write_doc, default_doc):
    default_doc["story"][0]["body"] = {"en": "one paragraph", "ru": ["абзац"]}
    assert messages(write_doc(default_doc)) == [
        'story[0].body.en: Input should be a valid list, got "one paragraph"'
    ]


def test_bad_id(write_doc, default_doc):
    default_doc["glossary"][0]["id"] = "Azrevkom Term"
    (msg,) = messages(write_doc(default_doc))
    assert msg.startswith('glossary[0].id: "Azrevkom Term" is not a valid id')


def test_bad_language_code(write_doc, default_doc):
    default_doc["languages"] = ["en", "Russian"]
    msgs = messages(write_doc(default_doc), Severity.ERROR)
    assert 'languages[1]: "Russian" is not a language code such as "en"' in msgs


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        ({"year": 1920, "day": 3}, 'a "day" needs a "month"'),
        ({"year": 1920, "month": 2, "day": 30}, "February 1920 has 29 days, not 30"),
        ({"year": 1920, "month": 5, "day": 3, "part": "mid"}, '"part" (early/mid/late) cannot'),
        ({"from": {"year": 1920}}, 'a range needs both "from" and "to"'),
        ({"from": {"year": 1921}, "to": {"year": 1920}}, '"to" is earlier than "from"'),
        ({"year": 1920, "from": {"year": 1920}, "to": {"year": 1921}}, "not both"),
        ({"year": 1920, "night": True}, '"night" needs a range of two consecutive days'),
        ({}, 'a date needs "year"'),
    ],
)
def test_bad_dates(write_doc, default_doc, date, expected):
    default_doc["story"][1]["date"] = date
    (msg,) = messages(write_doc(default_doc))
    assert msg.startswith("story[1].date")
    assert expected in msg


# --- references --------------------------------------------------------------------------


def test_unknown_media_id_message_is_exact(write_doc, default_doc):
    default_doc["people"][2]["portrait"] = "f-iii-99"
    assert messages(write_doc(default_doc), Severity.ERROR) == [
        'people[2].portrait: unknown media id "f-iii-99"; add it to "media"'
    ]


@pytest.mark.parametrize(
    ("where", "path"),
    [
        (lambda d: d["exhibit"].__setitem__("hero", "nope"), "exhibit.hero"),
        (lambda d: d["story"][3]["media"].append("nope"), "story[3].media[1]"),
        (lambda d: d["story"][3]["people"].append("nope"), "story[3].people[1]"),
        (lambda d: d["media"][0]["people"].append("nope"), "media[0].people[3]"),
    ],
)
def test_every_reference_is_checked(write_doc, default_doc, where, path):
    where(default_doc)
    (msg,) = messages(write_doc(default_doc), Severity.ERROR)
    assert msg.startswith(f"{path}: unknown ")
    assert '"nope"' in msg


def test_duplicate_id(write_doc, default_doc):
    default_doc["people"][3]["id"] = "kirov"
    msgs = messages(write_doc(default_doc), Severity.ERROR)
    assert (
        'people[3].id: duplicate id "kirov" (first used at people[1]); ids must be unique' in msgs
    )


def test_unused_media_is_a_warning(write_doc, default_doc):
    default_doc["story"][6]["media"] = []
    path = write_doc(default_doc)
    assert messages(path) == [
        'media[0]: "f-iii-15332" is used nowhere: not the hero, a portrait or on a story page'
    ]
    report = load_bundle(path).report
    assert report.ok() and not report.ok(strict=True)


def test_reference_to_an_invalid_item_is_not_called_unknown(write_doc, default_doc):
    # The media item is broken, but it exists: report what is wrong with it, not the portrait.
    default_doc["media"][1]["kind"] = "daguerreotype"
    msgs = messages(write_doc(default_doc), Severity.ERROR)
    assert len(msgs) == 1
    assert msgs[0].startswith("media[1].kind: Input should be")


# --- asset files -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("file", "code", "words"),
    [
        ("/etc/passwd.jpg", "unsafe-path", "is absolute"),
        ("C:/images/a.jpg", "unsafe-path", "is absolute"),
        ("images/../../secret.jpg", "unsafe-path", 'contains ".."'),
        ("images\\f-iii-541.jpg", "unsafe-path", 'uses "\\"'),
        ("images/missing.jpg", "missing-file", "does not exist"),
        ("images/notes.txt", "unsupported-file", 'files ending ".txt" are not allowed'),
        ("images", "unsupported-file", 'files ending ""'),
    ],
)
def test_asset_paths(write_doc, default_doc, file, code, words):
    default_doc["media"][2]["file"] = file
    problem = only(write_doc(default_doc))
    assert (problem.code, problem.path) == (code, "media[2].file")
    assert words in problem.message


def test_symlink_out_of_the_bundle(write_doc, default_doc, bundle_dir, tmp_path):
    outside = tmp_path / "outside.jpg"
    Image.new("RGB", (8, 8)).save(outside)
    (bundle_dir / "images" / "link.jpg").symlink_to(outside)
    default_doc["media"][2]["file"] = "images/link.jpg"
    problem = only(write_doc(default_doc))
    assert problem.code == "unsafe-path"
    assert "outside the bundle folder" in problem.message


def test_content_must_match_the_name(write_doc, default_doc, bundle_dir):
    Image.new("RGB", (8, 8)).save(bundle_dir / "images" / "fake.jpg", "PNG")
    default_doc["media"][2]["file"] = "images/fake.jpg"
    problem = only(write_doc(default_doc))
    assert problem.code == "bad-image"
    assert "named .jpg but contains a PNG image" in problem.message


def test_not_an_image_at_all(write_doc, default_doc, bundle_dir):
    (bundle_dir / "images" / "script.png").write_text("#!/bin/sh\necho hello\n")
    default_doc["media"][2]["file"] = "images/script.png"
    problem = only(write_doc(default_doc))
    assert problem.code == "bad-image"
    assert "is not a JPEG, PNG, TIFF or WebP image" in problem.message


def test_broken_header(write_doc, default_doc, bundle_dir):
    (bundle_dir / "images" / "broken.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 20)
    default_doc["media"][2]["file"] = "images/broken.png"
    problem = only(write_doc(default_doc))
    assert problem.code == "bad-image"
    assert "cannot be read as PNG" in problem.message


def test_webp_and_tiff_are_allowed(write_doc, default_doc, bundle_dir):
    # Big enough for where they are shown (a smaller original is a "small-image" warning).
    Image.new("RGB", (1000, 1000)).save(bundle_dir / "images" / "a.webp")
    Image.new("RGB", (1000, 1000)).save(bundle_dir / "images" / "b.tif")
    default_doc["media"][2]["file"] = "images/a.webp"
    default_doc["media"][1]["file"] = "images/b.tif"
    assert load_bundle(write_doc(default_doc)).report.problems == []


# --- languages, markup and completeness ----------------------------------------------------


def test_default_language_must_be_listed(write_doc, default_doc):
    default_doc["default_language"] = "de"
    msgs = messages(write_doc(default_doc))
    assert msgs == [
        'default_language: "de" is not one of the bundle\'s languages (en, ru); add it there'
    ]


def test_text_in_an_unlisted_language(write_doc, default_doc):
    default_doc["story"][0]["title"]["de"] = "Die Operation"
    assert messages(write_doc(default_doc)) == [
        "story[0].title.de: German (de) is not one of the bundle's languages (en, ru); "
        'add it to "languages" or remove this text'
    ]


def test_missing_translation_is_a_warning(write_doc, default_doc):
    del default_doc["people"][0]["biography"]["ru"]
    default_doc["exhibit"]["subtitle"]["ru"] = "  "
    assert messages(write_doc(default_doc), Severity.WARNING) == [
        "exhibit.subtitle: no Russian (ru) text",
        "people[0].biography: no Russian (ru) text",
    ]


def test_text_empty_everywhere_is_an_error(write_doc, default_doc):
    default_doc["story"][2]["title"] = {"en": "", "ru": " "}
    assert messages(write_doc(default_doc), Severity.ERROR) == [
        "story[2].title: is empty in every language; write it or leave it out"
    ]


@pytest.mark.parametrize("field", ["date", "place", "inventory_number", "credit", "rights", "alt"])
def test_incomplete_caption(write_doc, default_doc, field):
    del default_doc["media"][2][field]
    (msg,) = messages(write_doc(default_doc), Severity.WARNING)
    assert msg.startswith(f'media[2]: "f-iii-541" has no {field};')


def test_html_is_an_error_and_an_unpaired_star_a_warning(write_doc, default_doc):
    default_doc["story"][2]["body"]["en"][0] = "The <b>uprising</b> began."
    default_doc["story"][2]["body"]["ru"][0] = "Восстание *началось."
    path = write_doc(default_doc)
    assert messages(path, Severity.ERROR) == [
        'story[2].body.en: contains HTML ("<b>"); HTML is not shown. '
        "Use *asterisks* for emphasis and a new line for a line break"
    ]
    assert messages(path, Severity.WARNING) == [
        'story[2].body.ru: has an unpaired "*"; close the emphasis or write \\* for an asterisk'
    ]


# --- one run, every problem -------------------------------------------------------------------


def test_all_problems_are_reported_in_one_run(write_doc, default_doc):
    default_doc["people"][2]["portrait"] = "f-iii-99"  # reference
    default_doc["people"][1]["born"] = {"year": 1884, "day": 3}  # schema, other item
    default_doc["media"][0]["file"] = "images/none.jpg"  # file
    default_doc["story"][0]["title"]["de"] = "x"  # language
    del default_doc["glossary"][1]["definition"]["ru"]  # warning
    report = load_bundle(write_doc(default_doc)).report
    codes = sorted(p.code for p in report.problems)
    assert codes == ["language", "missing-file", "missing-translation", "schema", "unknown-ref"]
    assert len(report.errors) == 4
    assert load_bundle(write_doc(default_doc)).bundle is None


def test_problem_text_form(write_doc, default_doc):
    default_doc["people"][2]["portrait"] = "f-iii-99"
    path = write_doc(default_doc)
    (problem,) = load_bundle(path).report.errors
    assert str(problem) == (
        f'{path / "bundle.json"}: error: people[2].portrait: unknown media id "f-iii-99"; '
        'add it to "media"'
    )
    assert json.loads(json.dumps(problem.to_json()))["severity"] == "error"


@pytest.mark.parametrize(
    ("where", "path"),
    [
        (lambda d: d.__setitem__("name", '<img src="http://127.0.0.1:9/x">'), "name"),
        (lambda d: d.__setitem__("version", "1.0 <b>"), "version"),
        (lambda d: d["media"][0].__setitem__("file", "images/<i>x</i>.jpg"), "media[0].file"),
        (lambda d: d["exhibit"]["title"].__setitem__("en", "A &amp; B"), "exhibit.title.en"),
    ],
    ids=["name", "version", "file", "title"],
)
def test_markup_is_refused_in_every_string_not_only_visitor_texts(
    write_doc, default_doc, where, path
):
    where(default_doc)
    found = [m for m in messages(write_doc(default_doc), Severity.ERROR) if "HTML" in m]
    assert [m.split(":")[0] for m in found] == [path], found
