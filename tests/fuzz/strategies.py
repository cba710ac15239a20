"""Hypothesis strategies for bundle.json: structurally valid exhibits, and mutations of them.

``valid_docs()`` draws a bundle document that the format accepts: any number of languages
(right-to-left ones, a code CLDR does not know, regional variants), texts in several
scripts with long unbreakable words, one combining mark on a letter, emoji and paired
*emphasis*; dates in every form a "date" may take (a point at year, month or day
precision, a part of a month, a range, approximate, a night, a label); people, pages,
photographs and glossary terms that refer to one another; images named from a small pool
of real files (``write_images``).

``mutated_bytes()`` takes such a document and breaks it, a few ways at once: keys removed
or added, values of the wrong type, references to ids that do not exist, impossible dates,
deep nesting, huge and odd numbers, characters that are not text (controls, lone
surrogates, bidi overrides, piles of combining marks), and, last, the JSON bytes
themselves (cut short, bytes flipped, a BOM, invalid UTF-8, NaN, a duplicate key).
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re
from pathlib import Path
from typing import Any

from hypothesis import strategies as st
from PIL import Image

#: The image files every drawn bundle may name (``write_images`` makes them).
IMAGES = {
    "images/a.png": ("PNG", (64, 48)),
    "images/b.jpg": ("JPEG", (48, 64)),
    "images/c.webp": ("WEBP", (40, 40)),
    "images/d.tif": ("TIFF", (32, 24)),
    "images/long name, with spaces.jpg": ("JPEG", (80, 20)),
}

#: Language codes a bundle may list: shipped, right to left, regional, unknown to CLDR.
LANGUAGES = ["en", "ru", "de", "he", "ar", "fa", "az", "ja", "el", "sr-Latn", "pt-BR", "zzz"]

_LETTERS = (
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ"
    "äöüßÄÖÜçğışəÇĞİŞƏ"
    "אבגדהוזחטיכלמנסעפצקרשת"
    "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"
    "αβγδεζηθικλμνξοπρστυφχψω"
    "日本語漢字かなカナ"
    "0123456789"
)
_MARKS = "\u0301\u0308\u0327\u05b7\u064e\u0651"
_PUNCTUATION = ".,;:!?-–—()«»\"'/…%№§"
_EMOJI = ["🚂", "📜", "🏛️", "👩🏽‍🏫", "🇦🇿", "❤️"]

_GAPS = [" ", " ", " ", ", ", ". ", " – ", "\u00a0"]


def _word(rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.04:
        return "".join(rng.choices(_LETTERS, k=rng.randint(60, 140)))  # no break anywhere
    if kind < 0.08:
        return rng.choice(_EMOJI)
    if kind < 0.12:
        return "*" + "".join(rng.choices(_LETTERS, k=rng.randint(1, 8))) + "*"  # emphasis
    out = ""
    for _ in range(rng.randint(1, 12)):
        out += rng.choice(_LETTERS)
        if rng.random() < 0.05:
            out += rng.choice(_MARKS)  # one combining mark on a letter
    return out


def _words(rng: random.Random, max_words: int = 12) -> str:
    text = ""
    for i in range(rng.randint(1, max_words)):
        if i:
            text += rng.choice(_GAPS)
        text += _word(rng)
        if rng.random() < 0.25:
            text += rng.choice(_PUNCTUATION)
    return text


def _some(rng: random.Random, languages: list[str]) -> list[str]:
    """Some of ``languages``, one at least (a missing translation is only a warning)."""
    return rng.sample(languages, rng.randint(1, len(languages)))


def _lang_text(rng: random.Random, languages: list[str], max_words: int = 8) -> dict[str, str]:
    return {lang: _words(rng, max_words) for lang in _some(rng, languages)}


def _paragraphs(rng: random.Random, languages: list[str]) -> dict[str, list[str]]:
    out = {}
    for lang in _some(rng, languages):
        paras = [_words(rng, 30) for _ in range(rng.randint(1, 4))]
        if rng.random() < 0.3:
            paras[0] += "\n" + _words(rng, 6)  # a line break inside a paragraph
        out[lang] = paras
    return out


_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]


def _point(rng: random.Random) -> dict[str, Any]:
    """A point at year, month or day precision, maybe a part (early, mid, late)."""
    year = rng.randint(1, 9999) if rng.random() < 0.3 else rng.randint(1850, 2030)
    point: dict[str, Any] = {"year": year}
    precision = rng.choice(["year", "month", "day"])
    if precision != "year":
        point["month"] = rng.randint(1, 12)
    if precision == "day":
        month = point["month"]
        leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
        point["day"] = rng.randint(1, 29 if month == 2 and leap else _DAYS[month - 1])
    elif rng.random() < 0.4:
        point["part"] = rng.choice(["early", "mid", "late"])
    return point


def _key(p: dict[str, Any]) -> tuple[int, int, int]:
    if "month" not in p:
        return (p["year"], {"early": 1, "mid": 6, "late": 10}.get(p.get("part", ""), 0), 0)
    parts = {"early": 1, "mid": 15, "late": 25}
    return (p["year"], p["month"], p.get("day") or parts.get(p.get("part", ""), 0))


def _dating(rng: random.Random, languages: list[str]) -> dict[str, Any]:
    """A "date" in any form the format accepts."""
    form = rng.choice(["point", "range", "night"])
    out: dict[str, Any]
    if form == "point":
        out = _point(rng)
    elif form == "range":
        a, b = sorted([_point(rng), _point(rng)], key=_key)
        out = {"from": a, "to": b}
    else:
        day = dt.date(1, 1, 1) + dt.timedelta(days=rng.randint(0, 3652057))  # to 9999-12-30
        nxt = day + dt.timedelta(days=1)
        out = {
            "from": {"year": day.year, "month": day.month, "day": day.day},
            "to": {"year": nxt.year, "month": nxt.month, "day": nxt.day},
            "night": True,
        }
    if rng.random() < 0.3:
        out["approximate"] = True
    if rng.random() < 0.15:
        out["label"] = _lang_text(rng, languages, 4)
    return out


def _seeded(make: Any, *args: Any) -> st.SearchStrategy[Any]:
    """A strategy drawing one seed and making a value from it with ``make(rng, *args)``:
    one draw per text (a draw per character made generation take nearly all the time)."""
    return st.integers(0, 2**32 - 1).map(lambda seed: make(random.Random(seed), *args))


def words(max_words: int = 12) -> st.SearchStrategy[str]:
    """A non-blank string of words in several scripts."""
    return _seeded(_words, max_words)


def lang_text(languages: list[str], max_words: int = 8) -> st.SearchStrategy[dict[str, str]]:
    """A text in some of ``languages``."""
    return _seeded(_lang_text, languages, max_words)


def paragraphs(languages: list[str]) -> st.SearchStrategy[dict[str, list[str]]]:
    """Paragraphs in some of ``languages``; a paragraph may hold a line break."""
    return _seeded(_paragraphs, languages)


def dating(languages: list[str]) -> st.SearchStrategy[dict[str, Any]]:
    """A "date" in any form the format accepts."""
    return _seeded(_dating, languages)


_ID_START = "abcdefghijklmnopqrstuvwxyz0123456789"
_ID_REST = _ID_START + "._-"


def _an_id(rng: random.Random) -> str:
    return rng.choice(_ID_START) + "".join(rng.choices(_ID_REST, k=rng.randint(0, 20)))


_ID = st.integers(0, 2**32 - 1).map(lambda seed: _an_id(random.Random(seed)))


@st.composite
def _ids(draw: st.DrawFn, n: int) -> list[str]:
    rng = random.Random(draw(st.integers(0, 2**32 - 1)))
    out: dict[str, None] = {}
    while len(out) < n:
        out[_an_id(rng)] = None
    return list(out)


@st.composite
def valid_docs(draw: st.DrawFn) -> dict[str, Any]:
    """A bundle.json document the format accepts (it may have warnings, never errors)."""
    languages = draw(st.lists(st.sampled_from(LANGUAGES), min_size=1, max_size=4, unique=True))
    maybe = st.booleans()
    n_media, n_people, n_pages, n_terms = (
        draw(st.integers(0, 5)),
        draw(st.integers(0, 5)),
        draw(st.integers(0, 4)),
        draw(st.integers(0, 4)),
    )
    media_ids, person_ids = draw(_ids(n_media)), draw(_ids(n_people))
    page_ids, term_ids = draw(_ids(n_pages)), draw(_ids(n_terms))

    rng = random.Random(draw(st.integers(0, 2**32 - 1)))

    def optional(into: dict[str, Any], key: str, make: Any) -> None:
        """``into[key] = make()`` in about half the documents (whether is a draw)."""
        if draw(maybe):
            into[key] = make()

    def refs(ids: list[str]) -> list[str]:
        return rng.sample(ids, rng.randint(0, min(3, len(ids))))

    media = []
    for mid in media_ids:
        item: dict[str, Any] = {
            "id": mid,
            "file": rng.choice(sorted(IMAGES)),
            "title": _lang_text(rng, languages),
        }
        optional(item, "kind", lambda: rng.choice(["photo", "portrait", "document", "map"]))
        optional(item, "date", lambda: _dating(rng, languages))
        for key in ("place", "inventory_number", "credit", "rights", "alt"):
            optional(item, key, lambda: _lang_text(rng, languages, 5))
        optional(item, "description", lambda: _paragraphs(rng, languages))
        optional(item, "people", lambda: refs(person_ids))
        media.append(item)
    people = []
    for pid in person_ids:
        person: dict[str, Any] = {"id": pid, "name": _lang_text(rng, languages, 4)}
        optional(person, "sort_name", lambda: _lang_text(rng, languages, 4))
        optional(
            person,
            "other_names",
            lambda: [
                {
                    "kind": rng.choice(["real_surname", "birth_name", "party_pseudonym", "other"]),
                    "name": _lang_text(rng, languages, 3),
                }
                for _ in range(rng.randint(0, 3))
            ],
        )
        optional(person, "born", lambda: _dating(rng, languages))
        optional(person, "died", lambda: _dating(rng, languages))
        optional(person, "summary", lambda: _lang_text(rng, languages))
        optional(
            person,
            "roles",
            lambda: [
                {"title": _lang_text(rng, languages, 5)}
                | ({"period": _dating(rng, languages)} if rng.random() < 0.5 else {})
                for _ in range(rng.randint(0, 3))
            ],
        )
        optional(person, "biography", lambda: _paragraphs(rng, languages))
        if media_ids:
            optional(person, "portrait", lambda: rng.choice(media_ids))
        people.append(person)
    story = []
    for sid in page_ids:
        page: dict[str, Any] = {
            "id": sid,
            "title": _lang_text(rng, languages),
            "body": _paragraphs(rng, languages),
        }
        optional(page, "date", lambda: _dating(rng, languages))
        optional(page, "media", lambda: refs(media_ids))
        optional(page, "people", lambda: refs(person_ids))
        story.append(page)
    glossary = []
    for tid in term_ids:
        term: dict[str, Any] = {
            "id": tid,
            "term": _lang_text(rng, languages, 3),
            "definition": _lang_text(rng, languages, 12),
        }
        optional(
            term,
            "forms",
            lambda: {
                lang: [_words(rng, 2) for _ in range(rng.randint(0, 4))]
                for lang in _some(rng, languages)
            },
        )
        glossary.append(term)
    exhibit: dict[str, Any] = {"title": _lang_text(rng, languages)}
    for key in ("subtitle", "source", "credit", "rights"):
        optional(exhibit, key, lambda: _lang_text(rng, languages))
    optional(exhibit, "summary", lambda: _paragraphs(rng, languages))
    if media_ids:
        optional(exhibit, "hero", lambda: rng.choice(media_ids))
    doc: dict[str, Any] = {
        "format": "kiosk-bundle",
        "format_version": 1,
        "id": _an_id(rng),
        "version": "".join(rng.choices(_LETTERS + ".-", k=rng.randint(1, 40))),
        "name": _words(rng, 6).replace("\u00a0", " ")[:200].strip() or "x",
        "languages": languages,
        "default_language": draw(st.sampled_from(languages)),
        "exhibit": exhibit,
    }
    for key, items in (("story", story), ("people", people), ("media", media)):
        if items or draw(maybe):
            doc[key] = items
    if glossary:
        doc["glossary"] = glossary
    if draw(maybe):
        doc["visit"] = draw(
            st.fixed_dictionaries(
                {},
                optional={
                    "idle_timeout": st.floats(10, 3600),
                    "countdown": st.integers(5, 120),
                },
            )
        )
    if draw(maybe):
        own = [code for code in languages if code not in ("en", "ru")]
        if own:
            doc["ui"] = {
                draw(st.sampled_from(own)): draw(
                    st.dictionaries(st.sampled_from(["Story", "People", "Next"]), words(2))
                )
            }
    return doc


# --- mutations -----------------------------------------------------------------------------

#: Values of every JSON type, odd ones first: what a wrong type looks like.
_ODD_STRINGS = [
    "",
    " ",
    "\u0000",
    "\t\r\n",
    "\ud800",  # a lone surrogate (json.dumps writes it as an escape)
    "\udfff\ud800",
    "\ufffd",
    "\u202eevil\u202c",
    "\u2066open",
    "a" + "\u0301" * 40,
    "\u0301" * 5,
    "\uffff\ufffe",
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
    "<b>bold</b>",
    "&amp;",
    "*half",
    "../../etc/passwd",
    "/absolute/path.png",
    "images/missing.png",
    "images",
    "C:\\windows\\file.jpg",
    "images/a.png\u0000.txt",
]
_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from([0, -1, 1e308, -1e308, 5e-324, 2**63, 2**64 + 1, -(2**63) - 1, 10**400]),
    st.sampled_from(_ODD_STRINGS),
    st.builds(lambda: "x" * 5000),  # (not in the list: statistics print the list whole)
    st.text(max_size=20),
)
_values = st.recursive(
    _scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)


def _paths(value: Any, at: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path into a JSON value, the value itself first (down to 40 levels)."""
    out = [at]
    if len(at) >= 40:
        return out
    if isinstance(value, dict):
        for key, item in value.items():
            out += _paths(item, (*at, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            out += _paths(item, (*at, i))
    return out


def _get(doc: Any, path: tuple[Any, ...]) -> Any:
    for key in path:
        doc = doc[key]
    return doc


@st.composite
def _mutate_once(draw: st.DrawFn, doc: Any) -> Any:
    """``doc`` with one thing broken (in place where it can be; the new root returned)."""
    paths = _paths(doc)
    # A depth first, then a path at that depth: the top-level keys, a handful among
    # hundreds of paths, are then broken as often as anything deep inside.
    depths = sorted({len(p) for p in paths})
    depth = draw(st.sampled_from(depths))
    path = draw(st.sampled_from([p for p in paths if len(p) == depth]))
    kind = draw(
        st.sampled_from(
            [
                "replace",
                "delete",
                "add",
                "dangle",
                "bad-date",
                "nest",
                "duplicate-id",
                "language",
                "odd-string",
                "odd-key",
            ]
        )
    )
    if kind == "replace" or not path:
        value = draw(_values)
        if not path:
            return value if draw(st.integers(0, 9)) == 0 else doc
        _get(doc, path[:-1])[path[-1]] = value
    elif kind == "delete":
        parent = _get(doc, path[:-1])
        del parent[path[-1]]
    elif kind == "add":
        target = _get(doc, path)
        if isinstance(target, dict):
            target[draw(st.sampled_from(["titel", "extra", "id", "$schema", "", "\u0000"]))] = draw(
                _values
            )
        elif isinstance(target, list):
            target.append(draw(_values))
    elif kind == "dangle":
        refs = [
            p
            for p in paths
            if (p and p[-1] in ("hero", "portrait"))
            or (len(p) >= 2 and p[-2] in ("people", "media") and isinstance(p[-1], int))
        ]
        if refs:
            ref = draw(st.sampled_from(refs))
            _get(doc, ref[:-1])[ref[-1]] = draw(st.sampled_from(["nobody", "x", "A", "ghost-1"]))
    elif kind == "bad-date":
        dates = [p for p in paths if p and p[-1] in ("date", "born", "died", "period")]
        if dates:
            where = draw(st.sampled_from(dates))
            _get(doc, where[:-1])[where[-1]] = draw(
                st.sampled_from(
                    [
                        {"year": 1920, "month": 13},
                        {"year": 1921, "month": 2, "day": 29},
                        {"year": 0},
                        {"year": 10000},
                        {"year": 1920, "day": 3},
                        {"year": 1920, "month": 4, "day": 3, "part": "mid"},
                        {"from": {"year": 1921}, "to": {"year": 1920}},
                        {"from": {"year": 1920}},
                        {"year": 1920, "from": {"year": 1920}, "to": {"year": 1921}},
                        {"from": {"year": 1920}, "to": {"year": 1921}, "night": True},
                        {"year": "1920"},
                        {"year": 1920.5},
                        {"year": True},
                        {"year": 1920, "part": "sometime"},
                        {"year": 1920, "label": "April"},
                        {},
                        "1920-04-28",
                    ]
                )
            )
    elif kind == "nest":
        # A marker, written out as brackets by _dumps: nesting thousands deep in Python
        # objects would overflow this module's own recursion (and json.dumps's).
        depth = draw(st.sampled_from([20, 50, 500, 5000, 100_000]))
        _get(doc, path[:-1])[path[-1]] = f"{_NEST}{depth}:{draw(st.sampled_from('[{'))}"
    elif kind == "duplicate-id":
        for section in ("media", "people", "story", "glossary"):
            items = doc.get(section) if isinstance(doc, dict) else None
            if isinstance(items, list) and items and isinstance(items[0], dict):
                items.append(dict(items[0]))
                break
    elif kind == "language":
        if isinstance(doc, dict):
            doc[draw(st.sampled_from(["languages", "default_language"]))] = draw(
                st.sampled_from(
                    [[], ["en", "en"], ["EN"], ["english"], "en", ["xx-"], ["en", 5], "zz", None]
                )
            )
    elif kind == "odd-string":
        strings = [p for p in paths if p and isinstance(_get(doc, p), str)]
        if strings:
            where = draw(st.sampled_from(strings))
            old = _get(doc, where)
            odd = draw(st.sampled_from(_ODD_STRINGS))
            new = draw(st.sampled_from([odd, old + odd, odd + old]))
            _get(doc, where[:-1])[where[-1]] = new
    elif kind == "odd-key":
        target = _get(doc, path)
        if isinstance(target, dict) and target:
            key = draw(st.sampled_from(sorted(target)))
            target[draw(st.sampled_from(_ODD_STRINGS))] = target.pop(key)
    return doc


_NEST = "@nest@"
_NESTED = re.compile(rb'"@nest@(\d+):([\[{])"')


def _nested(match: re.Match[bytes]) -> bytes:
    depth, kind = int(match[1]), match[2]
    if kind == b"[":
        return b"[" * depth + b"1" + b"]" * depth
    return b'{"a": ' * depth + b"1" + b"}" * depth


def _dumps(doc: Any) -> bytes:
    # Lone surrogates cannot be UTF-8: as \u escapes (ensure_ascii) they reach the parser.
    try:
        data = json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8")
    except UnicodeEncodeError:
        data = json.dumps(doc, indent=1).encode("ascii")
    return _NESTED.sub(_nested, data)


@st.composite
def _break_bytes(draw: st.DrawFn, data: bytes) -> bytes:
    kind = draw(
        st.sampled_from(
            ["cut", "flip", "insert", "bom", "utf16", "latin1", "nan", "dup", "comma", "digits"]
        )
    )
    if kind == "cut":
        return data[: draw(st.integers(0, max(0, len(data) - 1)))]
    if kind == "flip" and data:
        i = draw(st.integers(0, len(data) - 1))
        return data[:i] + bytes([draw(st.integers(0, 255))]) + data[i + 1 :]
    if kind == "insert":
        i = draw(st.integers(0, len(data)))
        return data[:i] + draw(st.binary(min_size=1, max_size=8)) + data[i:]
    if kind == "bom":
        return b"\xef\xbb\xbf" + data
    if kind == "utf16":
        return data.decode("utf-8").encode("utf-16")
    if kind == "latin1":
        return data.replace(b'"', b'"\xe9', 1)
    if kind == "nan":
        return data.replace(b"1", b"NaN", 1) if b"1" in data else b"[NaN]"
    if kind == "dup":
        return data.replace(b'"id": ', b'"id": "dup", "id": ', 1)
    if kind == "comma":
        return data.replace(b"}", b",}", 1)
    digits = b"9" * draw(st.sampled_from([400, 4301, 20000]))
    return data.replace(b'"format_version": 1', b'"format_version": ' + digits, 1)


@st.composite
def mutated_bytes(draw: st.DrawFn) -> bytes:
    """The bytes of a valid document with one to four things broken."""
    doc: Any = draw(valid_docs())
    for _ in range(draw(st.integers(1, 4))):
        doc = draw(_mutate_once(doc))
    data = _dumps(doc)
    if draw(st.integers(0, 3)) == 0:
        data = draw(_break_bytes(data))
    return data


def write_images(root: Path) -> None:
    """The pool of small real image files the drawn bundles name, under ``root``."""
    for name, (fmt, size) in IMAGES.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        Image.new("RGB", size, (90, 120, 150)).save(path, fmt)
