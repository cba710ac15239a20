"""Reading a bundle folder: bytes → JSON → schema → checks → plain values, every problem reported.

``load_bundle`` never raises for anything wrong with the bundle: it returns a ``Loaded``
whose report lists every problem found in one pass (JSON syntax, schema, references, files,
completeness), and whose ``bundle`` is set only when there are no errors.

The schema (kiosk.content.spec, pydantic) and the checks are imported only when a bundle is
checked: a load whose validation stamp matches the bundle's files builds the bundle from the
stamp (kiosk.content.stamp) and imports neither.
"""

from __future__ import annotations

import difflib
import errno
import json
import math
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.content import stamp
from kiosk.content.assets import DEFAULT_PIXEL_LIMIT, ImageInfo, file_kind
from kiosk.content.model import FORMAT_NAME, FORMAT_VERSION, Bundle, Exhibit
from kiosk.content.problems import Problem, Report
from kiosk.content.text import (
    html_tag,
    may_have_bad_characters,
    string_lines,
    string_problems,
    without_surrogates,
)

if TYPE_CHECKING:
    from kiosk.content import checks

BUNDLE_FILE = "bundle.json"
#: bundle.json holds text only (images are separate files); a bigger one is a mistake.
MAX_BUNDLE_BYTES = 8 * 1024 * 1024


@dataclass
class Loaded:
    """The result of loading: the bundle (when it has no errors) and the report."""

    root: Path
    report: Report
    bundle: Bundle | None = None
    images: dict[str, ImageInfo] = field(default_factory=dict)
    """Header facts (format, size) of each readable image, by media id."""
    document: dict[str, Any] | None = field(default=None, repr=False)
    """The bundle as checked, in canonical JSON (kiosk.content.spec.canonical): what a
    validation stamp keeps, to build the bundle from at the next start."""
    stamp: str = ""
    """With a stamps folder: "matched" when the bundle's files matched the stamp of an earlier
    check (the checks were not run again), "written" when it was checked and stamped, or why
    no stamp was written (for the log)."""


class _DuplicateKeyError(ValueError):
    pass


def bundle_paths(path: Path) -> tuple[Path, Path]:
    """(bundle folder, bundle.json) for a folder or for a bundle.json path."""
    # os.path.isdir never raises (Path.is_dir does, for a folder that cannot be searched).
    if os.path.isdir(path) or path.suffix.lower() != ".json":  # noqa: PTH112
        return path, path / BUNDLE_FILE
    return path.parent, path


def load_bundle(
    path: Path | str,
    *,
    check_files: bool = True,
    max_pixels: int = DEFAULT_PIXEL_LIMIT,
    deep: bool = False,
    stamps: Path | None = None,
    trust_stamp: bool = True,
) -> Loaded:
    """Load and check the bundle at ``path`` (its folder, or its bundle.json); images of
    more than ``max_pixels`` pixels (the config's ``max_image_pixels``) are refused. With
    ``deep`` every image is decoded as well (slow: for ``validate --deep``, in a worker).

    ``stamps``: a folder of validation stamps (kiosk.content.stamp). When the bundle's files
    match the stamp of an earlier check, its findings are taken instead of checking again;
    a bundle checked in full with no error is stamped. ``trust_stamp`` false checks in full
    whatever the stamp says, and stamps anew (``kiosk prepare``)."""
    root, json_path = bundle_paths(Path(path))
    report = Report(json_path)
    loaded = Loaded(root, report)
    try:  # is_dir and is_file raise PermissionError for a folder that cannot be searched
        if not root.is_dir():
            report.error("not-found", f'bundle folder "{root}" does not exist')
            return loaded
        is_file = json_path.is_file()
    except OSError as exc:
        report.error("unreadable", _unreadable(root, exc))
        return loaded
    if not is_file:
        report.error("not-found", _not_a_file(root, json_path))
        return loaded
    real = root.resolve()
    taken = (
        stamp.fingerprint(real, max_pixels)
        if stamps is not None and check_files and not deep
        else None
    )
    size = json_path.stat().st_size
    if size > MAX_BUNDLE_BYTES:
        report.error(
            "too-large",
            f"{BUNDLE_FILE} is {size:,} bytes, over the limit of {MAX_BUNDLE_BYTES:,}; "
            "keep images and other media in separate files",
        )
        return loaded
    if stamps is not None:
        stamp.sweep(stamps)
    if stamps is not None and taken is not None and trust_stamp and _as_taken(json_path, taken):
        # The stamp keeps the bundle as checked: bundle.json is not read at all then. (A
        # change of its mode or owner changes its ctime, which makes the stamp stale.)
        found = stamp.read(stamps, real, taken)
        trusted = _trusted(root, report, *found) if found is not None else None
        if trusted is not None:
            return trusted
    try:
        data = json_path.read_bytes()
    except OSError as exc:  # permission denied, an I/O error: say so, never a traceback
        report.error("unreadable", _unreadable(json_path, exc))
        return loaded
    if taken is not None and not _as_taken(json_path, taken):
        taken = None  # edited since the fingerprint: checked in full, and not stamped
    loaded = check_document(
        data, root, report, check_files=check_files, max_pixels=max_pixels, deep=deep
    )
    if stamps is None or loaded.bundle is None:
        return loaded
    if taken is None:
        if check_files and not deep:
            loaded.stamp = (
                "not stamped: the bundle folder could not be listed, has too many files, "
                "or changed while it was checked"
            )
        return loaded
    try:
        assert loaded.document is not None  # set with the bundle
        stamp.write(stamps, real, taken, loaded.document, loaded.images, report.problems)
        loaded.stamp = "written"
    except OSError as exc:
        loaded.stamp = f"not stamped: {exc}"
    return loaded


def _as_taken(json_path: Path, taken: dict[str, Any]) -> bool:
    """Whether bundle.json, read after the fingerprint was taken, is still as it says."""
    try:
        return bool(taken["files"].get(json_path.name) == stamp.stat_key(json_path.stat()))
    except OSError:
        return False


def _trusted(
    root: Path,
    report: Report,
    document: dict[str, Any],
    images: dict[str, ImageInfo],
    problems: list[Problem],
) -> Loaded | None:
    """The bundle as a stamp of its files says it was found: built from the document the
    check produced, not checked again (its warnings and image facts taken from the stamp
    too); None if the stamp's document will not build (a damaged or foreign stamp)."""
    try:
        bundle = Bundle.from_json(document)
    except (KeyError, TypeError, ValueError, AttributeError):
        return None
    report.problems.extend(problems)
    return Loaded(root, report, bundle, images, document, stamp="matched")


def _not_a_file(root: Path, json_path: Path) -> str:
    """Why bundle.json cannot be read as a file: missing, a symbolic link loop or to
    nothing, or not a regular file (a FIFO would make a read wait forever)."""
    try:
        mode = json_path.stat().st_mode
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return f"{json_path} is a symbolic link loop; replace it with the file itself"
        if exc.errno == errno.EACCES:
            return _unreadable(json_path, exc)
        if json_path.is_symlink():
            return f"{json_path} is a symbolic link to a file that does not exist"
        return f"no {BUNDLE_FILE} in {root}; a bundle folder needs one"
    return (
        f"{json_path} is {file_kind(mode)}, not a regular file; "
        f"a bundle folder needs a {BUNDLE_FILE} file"
    )


def _unreadable(path: Path, exc: OSError) -> str:
    """Why ``path`` cannot be read, and what to do: for permission denied, whom the
    file must be readable by (the kiosk's user reads it, not its owner)."""
    why = exc.strerror or str(exc)
    if exc.errno not in (errno.EACCES, errno.EPERM):
        return f"{path} cannot be read ({why}); copy the bundle again"
    user = _user_name()
    return (
        f"{path} cannot be read ({why}); make it (and the folders above it) readable by "
        f"the user the kiosk runs as ({user}), e.g. chmod -R a+rX on the bundle folder"
    )


def _user_name() -> str:
    import pwd

    uid = os.geteuid()
    try:
        return f'"{pwd.getpwuid(uid).pw_name}"'
    except KeyError:
        return f"uid {uid}"


def check_document(
    data: bytes,
    root: Path,
    report: Report,
    *,
    check_files: bool = True,
    max_pixels: int = DEFAULT_PIXEL_LIMIT,
    deep: bool = False,
) -> Loaded:
    """Check the bytes of a bundle.json whose assets live in ``root``."""
    from pydantic import ValidationError

    from kiosk.content import checks, spec

    loaded = Loaded(root, report)
    parsed, doc = parse_json(data, report)
    if not parsed:
        return loaded
    if not isinstance(doc, dict):
        report.error("schema", f"the top level must be a JSON object {{…}}, not {_kind(doc)}")
        return loaded
    source = data.decode("utf-8")  # parse_json has found it to be UTF-8
    doc = _check_characters(doc, source, report)
    if not _check_format(doc, report):
        return loaded
    _check_plain_strings(doc, (), report)
    try:
        checked: spec.Bundle | None = spec.Bundle.model_validate(doc)
    except ValidationError as exc:
        checked = None
        for err in exc.errors(include_url=False):
            report.error("schema", _message(err), _json_path(err["loc"]))
    document = spec.canonical(checked) if checked is not None else None
    bundle = Bundle.from_json(document) if document is not None else None
    sections, exhibit, langs = _parts(doc, bundle)
    known_ids = {name: _raw_ids(doc.get(name)) for name in ("media", "people", "story", "glossary")}
    loaded.images = checks.check_bundle(
        report,
        root,
        sections,
        exhibit,
        langs,
        known_ids,
        ui=doc.get("ui"),
        complete=bundle is not None,
        check_files=check_files,
        max_pixels=max_pixels,
        deep=deep,
        source=source,
    )
    if bundle is not None and not report.errors:
        loaded.bundle, loaded.document = bundle, document
    return loaded


def parse_json(data: bytes, report: Report) -> tuple[bool, Any]:
    """Decode and parse bundle.json: (True, value), or record why not and give (False, None)."""
    for bom, name in (
        (b"\xef\xbb\xbf", "UTF-8 with a byte-order mark (BOM)"),
        (b"\xff\xfe\x00\x00", "UTF-32"),
        (b"\x00\x00\xfe\xff", "UTF-32"),
        (b"\xff\xfe", "UTF-16"),
        (b"\xfe\xff", "UTF-16"),
    ):
        if data.startswith(bom):
            report.error(
                "encoding",
                f"{BUNDLE_FILE} is saved as {name}; save it as UTF-8 without a BOM "
                '(in most editors: "UTF-8", not "UTF-8 with BOM" or "Unicode")',
                line=1,
                column=1,
            )
            return False, None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        report.error(
            "encoding",
            f"byte 0x{data[exc.start]:02x} is not valid UTF-8; save the file as UTF-8",
            line=line,
            column=column,
        )
        return False, None

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        obj: dict[str, Any] = {}
        for key, value in items:
            if key in obj:
                raise _DuplicateKeyError(key)
            obj[key] = value
        return obj

    def constant(name: str) -> float:
        raise ValueError(f"{name} is not allowed in JSON")

    try:
        value = json.loads(text, object_pairs_hook=pairs, parse_constant=constant)
        if _deeper_than(value, MAX_DEPTH):
            # json reads deeper than the checks after it can walk (they recurse per level).
            raise RecursionError
        return True, value
    except json.JSONDecodeError as exc:
        report.error("json-syntax", _json_hint(exc), line=exc.lineno, column=exc.colno)
    except _DuplicateKeyError as exc:
        report.error(
            "json-syntax",
            f'the key "{exc}" appears twice in one object; keep one',
            line=_find_key_line(text, str(exc)),
        )
    except RecursionError:
        line, depth = _deepest(text)
        report.error(
            "json-syntax",
            f"lists and objects are nested {depth:,} deep here, too deep to read; a bundle "
            "needs a few levels (look for a run of [ or {)",
            line=line,
        )
    except ValueError as exc:
        digits = _LONG_NUMBER.search(text)
        if "integer string conversion" in str(exc) and digits:
            line = text.count("\n", 0, digits.start(1)) + 1
            report.error(
                "json-syntax",
                f"a number with {len(digits.group(1)):,} digits is too long to read; write "
                'a long code or number as text in quotes ("…")',
                line=line,
            )
        else:
            report.error("json-syntax", f"{exc}")
    return False, None


#: A JSON number longer than Python reads as an integer (sys.get_int_max_str_digits).
_LONG_NUMBER = re.compile(r"[:\[,]\s*-?(\d{4301,})")


#: How deep lists and objects may nest: a bundle needs about eight levels; the checks walk
#: the document recursively, and Python stops a recursion at 1,000 (the fuzzer found that
#: a string to check beside 1,000 levels raised RecursionError from the checks).
MAX_DEPTH = 200


def _deeper_than(value: Any, limit: int) -> bool:
    """Whether lists and objects nest more than ``limit`` deep (without recursion)."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            item = list(item.values())
        if isinstance(item, list):
            if depth > limit:
                return True
            stack.extend((child, depth + 1) for child in item)
    return False


def _deepest(text: str) -> tuple[int, int]:
    """(line, depth) where lists and objects are nested deepest, outside strings."""
    depth = best = 0
    line = best_line = 1
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > best:
                best, best_line = depth, line
        elif char in "]}":
            depth -= 1
        if char == "\n":
            line += 1
    return best_line, best


def _json_hint(exc: json.JSONDecodeError) -> str:
    hint = exc.msg
    if "Expecting property name" in hint:
        hint += " (a trailing comma before } is not allowed in JSON)"
    elif "Expecting ',' delimiter" in hint:
        hint += " (a comma is missing between two items)"
    elif "Expecting value" in hint and exc.pos < len(exc.doc) and exc.doc[exc.pos] in "]}":
        hint += " (a trailing comma before ] or } is not allowed in JSON)"
    elif "Invalid control character" in hint:
        hint += " (write a line break inside a string as \\n)"
    return "invalid JSON: " + hint


def _find_key_line(text: str, key: str) -> int | None:
    needle = json.dumps(key) + ":"
    lines = [i + 1 for i, ln in enumerate(text.splitlines()) if needle in ln.replace('": ', '":')]
    return lines[1] if len(lines) > 1 else None


def _check_format(doc: dict[str, Any], report: Report) -> bool:
    fmt = doc.get("format", FORMAT_NAME)
    if fmt != FORMAT_NAME:
        report.error(
            "format", f'"format" is {fmt!r}; a kiosk bundle says "{FORMAT_NAME}"', "format"
        )
        return False
    version = doc.get("format_version")
    if isinstance(version, int) and not isinstance(version, bool) and version > FORMAT_VERSION:
        report.error(
            "format",
            f"this bundle is format version {version}; this kiosk reads version "
            f"{FORMAT_VERSION}. Update the kiosk software",
            "format_version",
        )
        return False
    return True


def _parts(
    doc: dict[str, Any], bundle: Bundle | None
) -> tuple[checks.Sections, Exhibit | None, tuple[list[str], str] | None]:
    """The sections to check: the whole bundle, or each item that is valid by itself."""
    if bundle is not None:
        sections: checks.Sections = {
            "media": list(enumerate(bundle.media)),
            "people": list(enumerate(bundle.people)),
            "story": list(enumerate(bundle.story)),
            "glossary": list(enumerate(bundle.glossary)),
        }
        return sections, bundle.exhibit, (bundle.languages, bundle.default_language)
    from kiosk.content import spec

    sections = {}
    for name, model in spec.SECTIONS.items():
        items = doc.get(name)
        checked = (
            [(i, spec.valid(model, item)) for i, item in enumerate(items)]
            if isinstance(items, list)
            else []
        )
        # Invalid items are left out: the whole-bundle validation has reported them.
        sections[name] = [(i, item) for i, item in checked if item is not None]
    langs = doc.get("languages")
    default = doc.get("default_language")
    lang_info: tuple[list[str], str] | None = None
    if (
        isinstance(langs, list)
        and langs
        and isinstance(default, str)
        and all(isinstance(x, str) for x in langs)
    ):
        lang_info = (langs, default)
    return sections, spec.valid(spec.Exhibit, doc.get("exhibit")), lang_info


def _raw_ids(items: Any) -> list[str]:
    if not isinstance(items, list):
        return []
    return [it["id"] for it in items if isinstance(it, dict) and isinstance(it.get("id"), str)]


def _check_plain_strings(value: Any, loc: tuple[int | str, ...], report: Report) -> None:
    """HTML in any string (ids, names, files, labels…), not only in visitor texts: the kiosk
    shows every string as it is, and a tag in a staff-facing field is as unwelcome as one in
    a caption. Language texts are left to the text checks, which say how to emphasise."""
    from kiosk.content import spec

    if isinstance(value, dict):
        for key, item in value.items():
            if (key in spec.TEXT_FIELDS or key in spec.PARAGRAPH_FIELDS) and isinstance(item, dict):
                continue  # a language map: the text checks look inside
            _check_plain_strings(item, (*loc, key), report)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            _check_plain_strings(item, (*loc, i), report)
    elif isinstance(value, str) and (tag := html_tag(value)):
        report.error(
            "markup",
            f'contains HTML ("{tag}"); the kiosk shows text as it is, never as HTML: '
            "write plain text",
            _json_path(loc),
        )


def _check_characters(doc: dict[str, Any], source: str, report: Report) -> dict[str, Any]:
    """Control characters, lone surrogates, U+FFFD and unbalanced bidirectional controls in
    any key or string (kiosk.content.text), at its line and JSON path. Returns the document
    with lone surrogates replaced, so that no later check or message meets one (a surrogate
    cannot be written as UTF-8: it would stop validation with a UnicodeEncodeError)."""
    if not may_have_bad_characters(source):
        return doc
    from kiosk.content import spec

    found = list(string_problems(doc, spec.PARAGRAPH_FIELDS))
    if not found:
        return doc
    lines = string_lines(source, {index for _, index, _ in found})
    for loc, index, problems in found:
        for problem in problems:
            report.error("character", problem, _json_path(loc), line=lines.get(index))
    return without_surrogates(doc)  # type: ignore[no-any-return]


def _json_path(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        if part == "[key]":  # pydantic's mark for a bad key: the path names the key already
            continue
        if isinstance(part, int):
            out += f"[{part}]"
        elif not _NAME.match(part):  # a key such as "c. {x}" in the ui words
            # A lone surrogate in a key is shown as its \u escape, which UTF-8 can carry.
            quoted = json.dumps(part, ensure_ascii=False)
            out += f"[{quoted.encode('utf-8', 'backslashreplace').decode('utf-8')}]"
        else:
            out += f".{part}" if out else str(part)
    return out


_NAME = re.compile(r"^[$\w][\w-]*$")


def _kind(value: Any) -> str:
    return {
        dict: "an object",
        list: "a list",
        str: "a string",
        bool: "true/false",
        int: "a number",
        float: "a number",
        type(None): "null",
    }.get(type(value), type(value).__name__)


def _message(err: Any) -> str:
    from kiosk.content import spec

    kind = err["type"]
    value = err.get("input")
    if kind == "missing":
        return "required, but missing"
    if kind == "extra_forbidden":
        key = str(err["loc"][-1]) if err["loc"] else ""
        close = difflib.get_close_matches(key, spec.FIELD_NAMES, n=1, cutoff=0.7)
        hint = f'; did you mean "{close[0]}"?' if close else "; remove it or check its spelling"
        return f"unknown field{hint}"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        field = err["loc"][-1] if err["loc"] else ""
        if field in spec.PARAGRAPH_FIELDS:
            expected = 'paragraphs per language, such as {"en": ["…", "…"], "ru": ["…"]}'
        elif field in spec.TEXT_FIELDS:
            expected = 'a language map such as {"en": "…", "ru": "…"}'
        else:
            expected = "an object {…}"
        return f"expected {expected}, not {_kind(value)}"
    if kind == "string_pattern_mismatch":
        pattern = (err.get("ctx") or {}).get("pattern", "")
        if "a-z0-9._-" in pattern:
            return (
                f"{json.dumps(value, ensure_ascii=False)} is not a valid id: use lower-case "
                "letters, digits, '.', '_' and '-' (at most 64), starting with a letter or digit"
            )
        if "A-Za-z0-9]{2,8}" in pattern:
            return f'{json.dumps(value, ensure_ascii=False)} is not a language code such as "en"'
    if kind == "value_error":
        return str(err["msg"]).removeprefix("Value error, ")
    msg = str(err["msg"])
    if kind.endswith("_type") or kind in ("literal_error", "enum"):
        shown = json.dumps(value, ensure_ascii=False) if _is_plain(value) else _kind(value)
        if isinstance(value, float) and not math.isfinite(value):
            shown = str(value)
        if len(shown) > 60:
            shown = shown[:57] + "…"
        msg += f", got {shown}"
    return msg


def _is_plain(value: Any) -> bool:
    return value is None or isinstance(value, str | int | float | bool)
