"""Text edge cases in a bundle (issue 12, item 9): lone surrogates, control characters,
U+FFFD, unbalanced bidirectional controls, "Zalgo" stacks of combining marks, characters
the fonts cannot draw, empty exhibit sections and files the kiosk's user cannot read.

Each is reported by ``kiosk validate`` with the file, the line where it can be found and the
JSON path, and says what to do; none raises, in validate, validate --json, load_bundle or
the app's logging.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.cli import main
from kiosk.content import glyphs, load_bundle
from kiosk.content.problems import Problem
from kiosk.content.text import (
    MAX_MARKS,
    character_problems,
    string_lines,
    string_problems,
    without_surrogates,
)
from tests.conftest import DEFAULT_BUNDLE, REPO

Doc = dict[str, Any]


def write_ascii(bundle: Path, doc: Doc) -> str:
    """Write ``doc`` as bundle.json with every non-ASCII character escaped (a lone surrogate
    can only be written so); returns the text."""
    text = json.dumps(doc, ensure_ascii=True, indent=2)
    (bundle / "bundle.json").write_text(text, encoding="ascii")
    return text


def line_of(text: str, needle: str) -> int:
    """The line (from 1) of the one place ``needle`` is in ``text``."""
    assert text.count(needle) == 1, needle
    return text[: text.index(needle)].count("\n") + 1


def problems(bundle: Path, code: str | None = None) -> list[Problem]:
    found = load_bundle(bundle).report.problems
    for p in found:  # every message can be written as UTF-8: no surrogate reached one
        str(p).encode("utf-8")
        json.dumps(p.to_json(), ensure_ascii=False).encode("utf-8")
    return [p for p in found if code is None or p.code == code]


# -- lone surrogates -----------------------------------------------------------------------


def test_a_lone_surrogate_in_a_text_is_an_error_at_its_line_and_path(bundle_dir, default_doc):
    default_doc["media"][1]["title"]["en"] = "Baku \ud800 station"
    text = write_ascii(bundle_dir, default_doc)
    [problem] = problems(bundle_dir, "character")
    assert problem.severity == "error"
    assert problem.path == "media[1].title.en"
    assert problem.line == line_of(text, r'"Baku \ud800 station"')
    assert problem.file == str(bundle_dir / "bundle.json")
    assert "U+D800 at character 6" in problem.message
    assert "half of a character" in problem.message and "Write the character" in problem.message


@pytest.mark.parametrize(
    ("where", "path"),
    [
        ("language key", 'exhibit.title["\\udc01"]'),
        ("languages", "languages[0]"),
        ("ui key", 'ui["\\ud800x"]'),
        ("ui word key", 'ui.ru["\\udfff"]'),
    ],
)
def test_a_lone_surrogate_in_a_key_or_in_languages_is_reported_not_raised(
    bundle_dir, default_doc, where, path
):
    if where == "language key":
        default_doc["exhibit"]["title"]["\udc01"] = "x"
    elif where == "languages":
        default_doc["languages"].insert(0, "\ud800")
    elif where == "ui key":
        default_doc["ui"] = {"\ud800x": {"Story": "x"}}
    else:
        default_doc["ui"] = {"ru": {"\udfff": "x"}}
    write_ascii(bundle_dir, default_doc)
    loaded = load_bundle(bundle_dir)
    assert loaded.bundle is None
    found = [p for p in problems(bundle_dir, "character") if p.path == path]
    assert len(found) == 1, [str(p) for p in problems(bundle_dir)]
    assert found[0].line is not None
    assert ("the key has" in found[0].message) == (where != "languages")


def surrogate_bundle(bundle_dir: Path, default_doc: Doc) -> Path:
    default_doc["languages"].insert(0, "\ud800")
    default_doc["exhibit"]["title"]["\ud801"] = "x"
    default_doc["exhibit"]["subtitle"]["en"] = "\udc00"
    default_doc["ui"] = {"\ud802": {"Story": "\ud803"}}
    write_ascii(bundle_dir, default_doc)
    return bundle_dir


def kiosk(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "kiosk", *args],
        cwd=REPO,
        capture_output=True,
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", **(env or {})},
    )


def test_validate_writes_every_surrogate_problem_as_utf8_text(bundle_dir, default_doc):
    bundle = surrogate_bundle(bundle_dir, default_doc)
    result = kiosk("validate", str(bundle))
    assert result.returncode == 1
    assert b"Traceback" not in result.stderr and result.stderr == b""
    out = result.stdout.decode("utf-8")  # strict: raises on anything that is not UTF-8
    assert out.count("half of a character") == 5
    assert 'exhibit.title["\\ud801"]: the key has half of a character (U+D801' in out


@pytest.mark.parametrize("encoding", ["utf-8", "latin-1"])
def test_validate_json_is_always_valid_utf8_json(bundle_dir, default_doc, encoding):
    bundle = surrogate_bundle(bundle_dir, default_doc)
    result = kiosk("validate", "--json", str(bundle), env={"PYTHONIOENCODING": encoding})
    assert result.returncode == 1, result.stderr
    assert result.stderr == b""
    report = json.loads(result.stdout.decode("utf-8"))
    characters = [p for p in report["problems"] if p["code"] == "character"]
    assert {p["path"] for p in characters} == {
        "languages[0]",
        'exhibit.title["\\ud801"]',
        "exhibit.subtitle.en",
        'ui["\\ud802"]',
        'ui["\\ud802"].Story',
    }
    assert all(p["line"] for p in characters)


def test_validate_json_escapes_a_surrogate_that_reaches_a_message(bundle_dir, monkeypatch, capsys):
    # Belt and braces: should a message ever hold a lone surrogate, the report still goes
    # out, as its \u escape (valid JSON), instead of stopping with a UnicodeEncodeError.
    real = load_bundle

    def with_surrogate(*args: Any, **kw: Any) -> Any:
        loaded = real(*args, **kw)
        loaded.report.error("test", "a message with \ud800 in it")
        return loaded

    monkeypatch.setattr("kiosk.content.load_bundle", with_surrogate)
    assert main(["validate", "--json", str(bundle_dir)]) == 1
    out = capsys.readouterr().out
    out.encode("utf-8")
    assert json.loads(out)["problems"][-1]["message"] == "a message with \ud800 in it"


def test_the_app_logs_a_surrogate_bundle_without_a_logging_error(bundle_dir, default_doc, tmp_path):
    # `kiosk render` loads the bundle through the app's session, which logs each problem.
    bundle = surrogate_bundle(bundle_dir, default_doc)
    result = kiosk("render", str(bundle), "--out", str(tmp_path / "out"), "--lang", "en")
    err = result.stderr.decode("utf-8")
    assert "Traceback" not in err and "Logging error" not in err and "UnicodeEncodeError" not in err
    assert "ERROR kiosk.ui.session" in err
    assert 'exhibit.title["\\ud801"]: the key has half of a character' in err


# -- control characters, U+FFFD, bidirectional controls --------------------------------------


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("Baku\x00station", "a NUL character (U+0000) at character 5"),
        ("Baku\tstation", "a tab (U+0009) at character 5; use a space"),
        ("Baku\nstation", "a line break (U+000A) at character 5; only paragraphs have line"),
        ("Baku\rstation", "a carriage return (U+000D) at character 5; remove it (use a space)"),
        ("Baku\x07", "the control character (U+0007) at character 5"),
        ("Baku\x7f", "the control character (U+007F)"),
        ("Baku\x85", "the control character (U+0085)"),
        ("Baku \ufffd", 'U+FFFD "\ufffd" at character 6, the mark of text already damaged'),
        ("\u202eukaB", "opens U+202E RIGHT-TO-LEFT OVERRIDE at character 1 and never closes"),
        ("Baku\u2069", "U+2069 POP DIRECTIONAL ISOLATE at character 5 with nothing open"),
    ],
)
def test_a_bad_character_in_a_caption_is_an_error(bundle_dir, default_doc, value, words):
    default_doc["media"][0]["place"]["en"] = value
    text = write_ascii(bundle_dir, default_doc)
    [problem] = problems(bundle_dir, "character")
    assert problem.severity == "error"
    assert problem.path == "media[0].place.en"
    assert words in problem.message
    assert problem.line == line_of(text, json.dumps(value))
    assert load_bundle(bundle_dir).bundle is None


@pytest.mark.parametrize("value", ["Baku \ufffd", "\u202eukaB", "Baku\x85", "Baku\u2069"])
def test_a_bad_character_written_as_itself_is_found_too(default_doc, write_doc, value):
    # Not as a \u escape: the character itself, in UTF-8, as an editor would save it.
    default_doc["media"][0]["place"]["en"] = value
    bundle = write_doc(default_doc)
    assert value in (bundle / "bundle.json").read_text(encoding="utf-8")
    [problem] = problems(bundle, "character")
    assert problem.path == "media[0].place.en" and problem.line is not None


def test_paragraphs_may_break_lines_but_not_hold_a_carriage_return(bundle_dir, default_doc):
    default_doc["story"][0]["body"]["en"][0] = "One line\nand the next"
    default_doc["story"][0]["body"]["en"].append("Windows\r\nline end")
    text = write_ascii(bundle_dir, default_doc)
    [problem] = problems(bundle_dir, "character")
    last = len(default_doc["story"][0]["body"]["en"]) - 1
    assert problem.path == f"story[0].body.en[{last}]"
    assert "carriage return" in problem.message and "a line break is \\n alone" in problem.message
    assert problem.line == line_of(text, '"Windows\\r\\nline end"')


@pytest.mark.parametrize(
    ("path", "set_value"),
    [
        ("name", lambda d: d.__setitem__("name", "Staff\x00title")),
        ("version", lambda d: d.__setitem__("version", "1.0\t")),
        ("media[0].file", lambda d: d["media"][0].__setitem__("file", "images/a\x1f.jpg")),
        ("ui.ru.Story", lambda d: d.__setitem__("ui", {"ru": {"Story": "Ист\nория"}})),
    ],
)
def test_no_string_anywhere_holds_a_control_character(bundle_dir, default_doc, path, set_value):
    set_value(default_doc)
    write_ascii(bundle_dir, default_doc)
    found = [p for p in problems(bundle_dir, "character") if p.path == path]
    assert len(found) == 1 and found[0].severity == "error"


def test_balanced_bidirectional_controls_are_fine():
    assert character_problems("\u2067שלום\u2069 and \u202bx\u202c and \u2068\u202ay\u2069") == []
    assert character_problems("\u202c") != []  # a closer with nothing open
    assert character_problems("\u2066x\u202c") != []  # a PDF does not close an isolate


def test_identical_bad_strings_each_get_their_own_line(bundle_dir, default_doc):
    for media in default_doc["media"][:3]:
        media["credit"]["en"] = "Archive\x00"
    text = write_ascii(bundle_dir, default_doc)
    found = problems(bundle_dir, "character")
    assert [p.path for p in found] == [f"media[{i}].credit.en" for i in range(3)]
    expected = [i + 1 for i, ln in enumerate(text.splitlines()) if '"Archive\\u0000"' in ln]
    assert [p.line for p in found] == expected and len(set(expected)) == 3


def test_lines_are_found_however_the_string_is_escaped():
    source = (
        '{"a": "x",\n "b": ["\\u0041\\t", "A\\u0009"],\n "\\ud800": "\\/\\"\\u00e9\\ud83d\\ude00"}'
    )
    doc = json.loads(source)
    found = list(string_problems(doc, set()))
    assert [(loc, index) for loc, index, _ in found] == [
        (("b", 0), 3),
        (("b", 1), 4),
        (("\ud800",), 5),
    ]
    assert string_lines(source, {3, 4, 5, 6}) == {3: 2, 4: 2, 5: 3, 6: 3}


@given(
    st.recursive(
        st.text(st.one_of(st.characters(), st.sampled_from("\ud800\udfff\x00\n\u202e\ufffd"))),
        lambda inner: (
            st.lists(inner, max_size=4)
            | st.dictionaries(st.text(st.sampled_from("ab\ud800\t")), inner, max_size=4)
        ),
        max_leaves=12,
    )
)
def test_any_json_value_is_checked_without_raising_and_mended_to_utf8(value):
    for _, _, found in string_problems({"x": value}, {"body"}):
        assert found
    json.dumps(without_surrogates(value), ensure_ascii=False).encode("utf-8")


# -- combining marks ------------------------------------------------------------------------


def test_too_many_combining_marks_on_a_letter_is_an_error(bundle_dir, default_doc):
    default_doc["people"][0]["summary"]["en"] = "Ze" + "\u0301" * (MAX_MARKS + 1) + "lgo"
    default_doc["people"][1]["summary"]["en"] = "Z" + "\u0303\u0301" * 100
    default_doc["people"][2]["summary"]["en"] = "Vie\u0323\u0302t" + "a" + "\u0301" * MAX_MARKS
    write_ascii(bundle_dir, default_doc)
    found = problems(bundle_dir, "combining-marks")
    assert [(p.path, p.severity) for p in found] == [
        ("people[0].summary.en", "error"),
        ("people[1].summary.en", "error"),
    ]
    assert f'has {MAX_MARKS + 1} combining marks on "e" at character 3' in found[0].message
    assert "has 200 combining marks" in found[1].message
    assert "Remove the extra marks" in found[0].message


# -- characters the fonts cannot draw -------------------------------------------------------


@pytest.mark.parametrize("escaped", [True, False], ids=["escaped", "written"])
def test_characters_no_font_has_are_warned_about_per_field(
    bundle_dir, default_doc, write_doc, escaped
):
    default_doc["exhibit"]["title"]["en"] = "Baku 中文 中"
    default_doc["story"][1]["body"]["ru"].append("Знак \U000e0041 и \ue000")
    default_doc["ui"] = {"ru": {"Story": "История 中"}}
    if escaped:  # as \u escapes in bundle.json
        write_ascii(bundle_dir, default_doc)
    else:  # as the characters themselves
        write_doc(default_doc)
    found = {p.path: p for p in problems(bundle_dir, "font")}
    last = len(default_doc["story"][1]["body"]["ru"]) - 1
    assert set(found) == {"exhibit.title.en", f"story[1].body.ru[{last}]", "ui.ru.Story"}
    assert all(p.severity == "warning" for p in found.values())
    title = found["exhibit.title.en"].message
    assert 'U+4E2D "中", U+6587 "文"' in title and "visitors see an empty box" in title
    assert "fonts-noto-cjk" in title
    private = found[f"story[1].body.ru[{last}]"].message
    assert "cannot draw: U+E000;" in private  # a tag character (U+E0041) is never drawn
    assert load_bundle(bundle_dir).bundle is not None  # a warning: the bundle still loads


def test_what_only_the_fallback_fonts_have_is_drawn(bundle_dir, default_doc):
    if glyphs.fallback() is None:
        pytest.fail(f"the kiosk's fallback fonts are not installed: {glyphs.FALLBACK_FONTS}")
    assert ord("א") not in glyphs.shipped() and ord("א") in glyphs.fallback()
    default_doc["exhibit"]["title"]["en"] = "Baku שלום ✓"
    write_ascii(bundle_dir, default_doc)
    assert problems(bundle_dir, "font") == []


def test_without_the_fallback_fonts_the_warning_says_what_was_checked(
    bundle_dir, default_doc, monkeypatch
):
    monkeypatch.setattr(glyphs, "FALLBACK_FONTS", (bundle_dir / "no-such-font.ttf",))
    glyphs.fallback.cache_clear()
    try:
        default_doc["exhibit"]["title"]["en"] = "Baku שלום"
        write_ascii(bundle_dir, default_doc)
        [problem] = problems(bundle_dir, "font")
    finally:
        glyphs.fallback.cache_clear()
    assert problem.path == "exhibit.title.en"
    assert "only PT Serif and PT Sans were checked" in problem.message


def test_font_coverage_is_read_once_and_cached_on_disk(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    glyphs.shipped.cache_clear()
    try:
        first = glyphs.shipped()
        assert ord("Ж") in first and ord("A") in first and ord("中") not in first
        cache = tmp_path / "cache" / "kiosk" / "font-coverage.json"
        assert len(json.loads(cache.read_text())["fonts"]) == len(glyphs.SHIPPED_FONTS)

        def no_fonttools(path: Path) -> frozenset[int]:
            raise AssertionError(f"read {path} again instead of the cache")

        monkeypatch.setattr(glyphs, "_read_cmap", no_fonttools)
        glyphs.shipped.cache_clear()
        assert glyphs.shipped() == first
        # A damaged cache is read past: the fonts are read again.
        cache.write_text('{"version": 1, "fonts": {"x": 1')
        monkeypatch.undo()
        monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
        glyphs.shipped.cache_clear()
        assert glyphs.shipped() == first
    finally:
        glyphs.shipped.cache_clear()


# -- empty sections ---------------------------------------------------------------------------


def without_people(doc: Doc) -> Doc:
    doc["people"] = []
    for item in doc["story"] + doc["media"]:
        item["people"] = []
    return doc


def test_an_exhibit_without_people_is_warned_about(bundle_dir, default_doc):
    write_ascii(bundle_dir, without_people(default_doc))
    [problem] = problems(bundle_dir, "empty-section")
    assert (problem.severity, problem.path) == ("warning", "people")
    assert "Home offers no People" in problem.message and '"people"' in problem.message
    assert load_bundle(bundle_dir).bundle is not None


def test_an_exhibit_without_story_or_photographs_is_warned_about(bundle_dir, default_doc):
    default_doc["story"] = []
    portraits = {p["portrait"] for p in default_doc["people"] if p.get("portrait")}
    default_doc["media"] = [m for m in default_doc["media"] if m["id"] in portraits]
    for media in default_doc["media"]:
        media["kind"] = "portrait"
    default_doc["exhibit"].pop("hero", None)
    write_ascii(bundle_dir, default_doc)
    found = {p.path: p.message for p in problems(bundle_dir, "empty-section")}
    assert set(found) == {"story", "media"}
    assert "no story pages" in found["story"] and "no photographs" in found["media"]
    # A portrait that is the picture on Home is among the photographs (present.photo_ids).
    default_doc["exhibit"]["hero"] = default_doc["media"][0]["id"]
    write_ascii(bundle_dir, default_doc)
    assert [p.path for p in problems(bundle_dir, "empty-section")] == ["story"]


def test_home_is_told_which_sections_exist(qapp, qtbot, bundle_dir, default_doc):
    from kiosk.ui.exhibit import Exhibit
    from kiosk.ui.present import Presenter

    def built(root: Path) -> Any:
        loaded = load_bundle(root)
        assert loaded.bundle is not None
        return Presenter(loaded.bundle, loaded.root, loaded.images).build("en")

    exhibit = Exhibit()
    full = built(DEFAULT_BUNDLE)
    with qtbot.waitSignal(exhibit.sectionsChanged, timeout=1000):
        exhibit.show(full)
    assert exhibit.property("sections") == ["story", "people", "photos", "glossary"]
    assert all(exhibit.property(f"has{s}") for s in ("Story", "People", "Photos", "Glossary"))

    write_ascii(bundle_dir, without_people(default_doc))
    with qtbot.waitSignal(exhibit.sectionsChanged, timeout=1000):
        exhibit.show(built(bundle_dir))
    assert exhibit.property("sections") == ["story", "photos", "glossary"]
    assert exhibit.property("hasPeople") is False
    assert exhibit.property("hasStory") is True and exhibit.property("hasPhotos") is True
    # The same sections again (a language switch) is no change.
    with qtbot.assertNotEmitted(exhibit.sectionsChanged):
        exhibit.show(built(bundle_dir))


# -- files the kiosk's user cannot read --------------------------------------------------------

NOBODY = 65534


@pytest.fixture(scope="module")
def as_nobody(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[..., Any]]:
    """Run ``python -m kiosk ARGS`` as the user nobody, who, unlike root, meets "Permission
    denied". When this interpreter lives where nobody cannot reach it (pyenv under /root), a
    copy of it and its standard library is made in a folder nobody can read."""
    base = Path(tempfile.mkdtemp(prefix="kiosk-nobody-", dir="/tmp"))
    base.chmod(0o755)
    python, env = sys.executable, {}
    probe = ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"]
    if subprocess.run([*probe, python, "-c", "pass"], capture_output=True).returncode != 0:
        prefix = Path(sys.base_prefix)
        lib = prefix / "lib"
        stdlib = Path(sysconfig.get_paths(vars={"installed_base": str(prefix)})["stdlib"])
        (base / "py" / "bin").mkdir(parents=True)
        (base / "py" / "lib").mkdir()
        name = f"python{sys.version_info.major}.{sys.version_info.minor}"
        shutil.copy2(prefix / "bin" / name, base / "py" / "bin" / name)
        for so in lib.glob("libpython*.so*"):
            shutil.copy2(so, base / "py" / "lib" / so.name, follow_symlinks=True)
        shutil.copytree(
            stdlib,
            base / "py" / "lib" / stdlib.name,
            ignore=shutil.ignore_patterns("test", "site-packages", "__pycache__", "idlelib"),
        )
        python = str(base / "py" / "bin" / name)
        site = sysconfig.get_paths()["purelib"]
        env = {"LD_LIBRARY_PATH": str(base / "py" / "lib"), "PYTHONPATH": f"{REPO}:{site}"}
    home = base / "home"
    home.mkdir()
    os.chown(home, NOBODY, NOBODY)
    subprocess.run(["chmod", "-R", "a+rX", str(base)], check=True)

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*probe, python, "-m", "kiosk", *args],
            cwd=base,
            capture_output=True,
            text=True,
            timeout=120,
            env={
                "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
                "HOME": str(home),
                "XDG_CONFIG_HOME": str(home / "config"),
                "XDG_CACHE_HOME": str(home / "cache"),
                "XDG_STATE_HOME": str(home / "state"),
                "QT_QPA_PLATFORM": "offscreen",
                "PYTHONPATH": str(REPO),
                **env,
            },
        )

    run.base = base
    yield run
    shutil.rmtree(base)


@pytest.fixture
def shared_bundle(as_nobody: Any) -> Iterator[Path]:
    """A copy of the default exhibit that nobody can read (pytest's tmp_path is root's)."""
    folder = Path(tempfile.mkdtemp(prefix="bundle-", dir=as_nobody.base))
    folder.chmod(0o755)
    target = folder / "bundle"
    shutil.copytree(DEFAULT_BUNDLE, target)
    subprocess.run(["chmod", "-R", "a+rX", str(folder)], check=True)
    yield target
    subprocess.run(["chmod", "-R", "u+rwX", str(folder)], check=True)
    shutil.rmtree(folder)


def test_nobody_can_validate_the_readable_copy(as_nobody, shared_bundle):
    result = as_nobody("validate", str(shared_bundle))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("valid: 0 errors, 0 warnings")


@pytest.mark.parametrize("verb", ["validate", "prepare", "render"])
def test_an_unreadable_bundle_json_is_reported_as_such(as_nobody, shared_bundle, verb):
    (shared_bundle / "bundle.json").chmod(0o000)
    out = str(as_nobody.base / "home" / verb)
    extra = {"prepare": ["--cache", out], "render": ["--out", out, "--lang", "en"]}
    result = as_nobody(verb, str(shared_bundle), *extra.get(verb, []))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    assert (
        f"{shared_bundle / 'bundle.json'}: error: {shared_bundle / 'bundle.json'} cannot be "
        "read (Permission denied); make it (and the folders above it) readable by the user "
        'the kiosk runs as ("nobody")'
    ) in result.stdout + result.stderr


def test_a_bundle_folder_nobody_can_enter_is_reported_as_such(as_nobody, shared_bundle):
    shared_bundle.chmod(0o700)
    result = as_nobody("validate", "--json", str(shared_bundle))
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    [problem] = json.loads(result.stdout)["problems"]
    assert problem["code"] == "unreadable"
    assert problem["message"].startswith(f"{shared_bundle} cannot be read (Permission denied)")


def test_an_unreadable_image_is_reported_with_its_path(as_nobody, shared_bundle):
    doc = json.loads((shared_bundle / "bundle.json").read_text(encoding="utf-8"))
    (shared_bundle / doc["media"][2]["file"]).chmod(0o000)
    result = as_nobody("validate", "--json", str(shared_bundle))
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    errors = [p for p in json.loads(result.stdout)["problems"] if p["severity"] == "error"]
    assert [(p["path"], "Permission denied" in p["message"]) for p in errors] == [
        ("media[2].file", True)
    ]


def test_other_read_errors_say_to_copy_the_bundle_again(bundle_dir, monkeypatch):
    def failing(self: Path) -> bytes:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(Path, "read_bytes", failing)
    [problem] = load_bundle(bundle_dir).report.problems
    assert problem.code == "unreadable"
    assert problem.message == (
        f"{bundle_dir / 'bundle.json'} cannot be read (Input/output error); copy the bundle again"
    )


def test_a_folder_where_bundle_json_should_be(tmp_path):
    (tmp_path / "bundle.json").mkdir()
    [problem] = load_bundle(tmp_path).report.problems
    assert "is a folder, not a regular file" in problem.message


def test_a_flood_of_directional_marks_makes_a_few_messages_not_a_million():
    from kiosk.content.text import MAX_BIDI_PROBLEMS, _bidi_problems

    flood = "\u202a" * 100_000 + "\u2069" * 100_000  # embeddings, then isolate closers
    problems = _bidi_problems(flood)
    assert len(problems) == 2 * (MAX_BIDI_PROBLEMS + 1), problems[:3]
    assert problems[MAX_BIDI_PROBLEMS] == "and 99,995 more directional marks never closed"
    assert problems[-1] == "and 99,995 more closing marks with nothing open"
    # An isolate closes the embeddings opened inside it, and only its own isolate.
    assert _bidi_problems("a\u2066b\u202ac\u2069d") == []
    (left,) = _bidi_problems("\u2067x\u2066y\u2069")
    assert left.startswith("opens U+2067") and "at character 1 " in left
