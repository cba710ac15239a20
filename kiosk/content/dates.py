"""Structured, possibly uncertain historical dates and their display in any language.

Archive dates are rarely a single day. A bundle says what it knows: a year, a month, a day,
a part of a month or year ("mid-May 1920"), an approximation ("c. 1920"), a range
("29–30 April 1920"), or the night between two days. The same value sorts correctly and
displays in every language; anything a structure cannot say goes in ``label``.

The wording comes from the Unicode CLDR through Babel: a point from the language's pattern
for its skeleton (y, yMMMM, yMMMMd), a range from its interval patterns, so German reads
"29.–30. April 1920" and Russian "2 мая 1920 г." (the genitive after a day, "май 1920 г."
alone). What CLDR has no pattern for is the UI's own vocabulary (``DATE_WORDS``): "c.", the
early/mid/late part of a month or year, the night between two days, "b."/"d." of a lifespan.
The kiosk ships those words for English and Russian; a bundle may give them for any language
in its ``ui`` map; without them each is rendered by CLDR alone and still true: "~1920",
"11–20 May 1920" for mid-May, "27–28 April 1920" for the night, "* 1897".
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from babel.dates import match_skeleton, parse_pattern, tokenize_pattern, untokenize_pattern

from kiosk.content import cldr
from kiosk.content.text import LangText

Part = Literal["early", "mid", "late"]

#: A language's UI words as a bundle gives them (``Bundle.ui[lang]``): the words, or forms
#: by plural category (date words are always plain words).
Words = Mapping[str, object]

# The UI's own words for dates, as keys of a bundle's ``ui`` map: each key is its English
# wording, and its placeholders are what the words must keep. "{x}" is a formatted date
# (for a part: the month with its year, as it reads after a day, or the year).
APPROXIMATE = "c. {x}"
PART_WORDS: dict[str, str] = {"early": "early {x}", "mid": "mid-{x}", "late": "late {x}"}
NIGHT = "night of {first}/{second}"
BORN = "b. {x}"
DIED = "d. {x}"

#: Every date word a bundle may give.
DATE_WORDS = (APPROXIMATE, *PART_WORDS.values(), NIGHT, BORN, DIED)

#: The date words the kiosk ships, as its Qt translations ship the rest of the UI's words.
#: In Russian "{x}" after a part is genitive: "середина мая 1920 г.".
SHIPPED_WORDS: dict[str, dict[str, str]] = {
    "en": {key: key for key in DATE_WORDS},
    "ru": {
        APPROXIMATE: "ок. {x}",
        PART_WORDS["early"]: "начало {x}",
        PART_WORDS["mid"]: "середина {x}",
        PART_WORDS["late"]: "конец {x}",
        NIGHT: "ночь с {first} на {second}",
        BORN: "род. {x}",
        DIED: "ум. {x}",
    },
}

# Where the shipped English and Russian depart from CLDR: the kiosk's house style, as the
# default exhibit has always read. English closes the dash between two months ("April–May
# 1920", CLDR: "April – May 1920"); Russian adds "г." to a lone year and "гг." to a range
# of years ("1920 г.", "1918–1920 гг."; CLDR: "1920", "1918–1920") and closes the dash too.
_HOUSE_SKELETONS: dict[str, dict[str, str]] = {"ru": {"y": "y 'г'."}}
_HOUSE_INTERVALS: dict[str, dict[tuple[str, str], tuple[str, str]]] = {
    "en": {("yMMMM", "M"): ("MMMM–", "MMMM y")},
    "ru": {("y", "y"): ("y–", "y 'гг'."), ("yMMMM", "M"): ("LLLL–", "LLLL y 'г'.")},
}

# A part sorts as if it were a day of its month (or a month of its year), so that
# "29 April" < "May" < "early May" < "10 May" < "mid-May" < "late May".
_PART_DAY = {"early": 1, "mid": 15, "late": 25}
_PART_MONTH = {"early": 1, "mid": 6, "late": 10}
# What a part covers when no words say it: days of its month, months of its year.
_PART_DAYS = {"early": (1, 10), "mid": (11, 20), "late": (21, 31)}
_PART_MONTHS = {"early": (1, 4), "mid": (5, 8), "late": (9, 12)}

# A point's skeleton by precision, coarsest first; each with the fields an interval compares.
_YEAR, _MONTH, _DAY = "y", "yMMMM", "yMMMMd"
_PRECISIONS = (_YEAR, _MONTH, _DAY)
_FIELDS = {_YEAR: ("y",), _MONTH: ("y", "M"), _DAY: ("y", "M", "d")}

# CLDR puts thin (U+2009) and narrow no-break (U+202F) spaces around range dashes and
# before "г."; the kiosk's fonts have neither glyph, so they become plain spaces.
_SPACING = str.maketrans({"\u2009": " ", "\u202f": " "})
_SEPARATOR_TRIM = " \u00a0\u2009\u202f\u200e\u200f–—‐-~～"


@dataclass(frozen=True, slots=True)
class DatePoint:
    """One point in time at year, month or day precision, optionally a part of it.

    A plain value, built from a checked document (``from_json``); the rules a point must
    keep are ``point_problem``'s, applied by the format's validation (kiosk.content.spec)."""

    year: int
    month: int | None = None
    day: int | None = None
    part: Part | None = None

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> DatePoint:
        """A point from its checked JSON object."""
        return cls(data["year"], data.get("month"), data.get("day"), data.get("part"))

    def sort_key(self) -> tuple[int, int, int]:
        """A tuple that orders points chronologically (what is unknown sorts first)."""
        if self.month is None:
            return (self.year, _PART_MONTH[self.part] if self.part else 0, 0)
        if self.day is None:
            return (self.year, self.month, _PART_DAY[self.part] if self.part else 0)
        return (self.year, self.month, self.day)


def point_problem(point: DatePoint) -> str | None:
    """What is wrong with a point whose fields are each in range, or None."""
    if point.day is not None and point.month is None:
        return 'a "day" needs a "month"'
    if point.day is not None and point.part is not None:
        return '"part" (early/mid/late) cannot go with an exact "day"'
    if point.day is not None and point.month is not None:
        last = calendar.monthrange(point.year, point.month)[1]
        if point.day > last:
            month = _Wording("en", None).format(_MONTH, dt.date(point.year, point.month, 1))
            return f"{month} has {last} days, not {point.day}"
    return None


def dating_problem(date: Dating) -> str | None:
    """What is wrong with a date whose fields are each valid, or None."""
    point_fields = [date.year, date.month, date.day, date.part]
    if date.start is None and date.end is None:
        if date.year is None:
            return 'a date needs "year", or "from" and "to" for a range'
        # The point's own rules (day needs month, calendar check).
        if problem := point_problem(date.first):
            return problem
    elif any(v is not None for v in point_fields):
        return 'use either "year"/"month"/"day"/"part" or "from"/"to", not both'
    elif date.start is None or date.end is None:
        return 'a range needs both "from" and "to"'
    elif date.end.sort_key() < date.start.sort_key():
        return '"to" is earlier than "from"'
    if date.night and not date.consecutive_days():
        return '"night" needs a range of two consecutive days'
    return None


@dataclass(frozen=True, slots=True)
class Dating:
    """A date as a bundle states it: a single point or a range, maybe approximate.

    Either ``year`` (with ``month``, ``day`` or ``part``) or both ``from`` and ``to``
    (``start`` and ``end`` here). A plain value, built from a checked document."""

    year: int | None = None
    month: int | None = None
    day: int | None = None
    part: Part | None = None
    start: DatePoint | None = field(default=None, metadata={"json": "from"})
    end: DatePoint | None = field(default=None, metadata={"json": "to"})
    approximate: bool = False
    night: bool = False
    label: LangText | None = None

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Dating:
        """A date from its checked JSON object."""
        start, end, label = data.get("from"), data.get("to"), data.get("label")
        return cls(
            data.get("year"),
            data.get("month"),
            data.get("day"),
            data.get("part"),
            DatePoint.from_json(start) if start is not None else None,
            DatePoint.from_json(end) if end is not None else None,
            bool(data.get("approximate", False)),
            bool(data.get("night", False)),
            LangText(label) if label is not None else None,
        )

    @property
    def first(self) -> DatePoint:
        """The earliest point of this date."""
        if self.start is not None:
            return self.start
        assert self.year is not None  # guaranteed by the validator
        return DatePoint(year=self.year, month=self.month, day=self.day, part=self.part)

    @property
    def last(self) -> DatePoint:
        """The latest point of this date."""
        return self.end if self.end is not None else self.first

    def sort_key(self) -> tuple[tuple[int, int, int], tuple[int, int, int]]:
        """Orders dates by their start, then by their end."""
        return (self.first.sort_key(), self.last.sort_key())

    def consecutive_days(self) -> bool:
        """Whether this is a range of two consecutive days (what "night" needs)."""
        a, b = self.start, self.end
        if a is None or b is None or a.day is None or b.day is None:
            return False
        assert a.month is not None and b.month is not None
        return dt.date(b.year, b.month, b.day) - dt.date(a.year, a.month, a.day) == dt.timedelta(1)

    def display(self, lang: str, fallback: str = "en", words: Words | None = None) -> str:
        """The date as a visitor reads it in ``lang``; ``words`` are the bundle's own UI
        words for that language (its ``ui`` map), which come before the shipped ones."""
        if self.label is not None:
            text = self.label.get(lang, fallback)
            if text:
                return text
        return _Wording(lang, words).dating(self)


@dataclass(frozen=True)
class _Span:
    """The days a point covers, and the precision it is shown at."""

    first: dt.date
    last: dt.date
    skeleton: str


def _span(p: DatePoint) -> _Span:
    y = p.year
    if p.month is None:
        m1, m2 = _PART_MONTHS[p.part] if p.part else (1, 12)
        return _Span(
            dt.date(y, m1, 1), dt.date(y, m2, _days_in(y, m2)), _YEAR if not p.part else _MONTH
        )
    if p.day is not None:
        day = dt.date(y, p.month, p.day)
        return _Span(day, day, _DAY)
    last = _days_in(y, p.month)
    if p.part is None:
        return _Span(dt.date(y, p.month, 1), dt.date(y, p.month, last), _MONTH)
    d1, d2 = _PART_DAYS[p.part]
    return _Span(dt.date(y, p.month, d1), dt.date(y, p.month, min(d2, last)), _DAY)


def _days_in(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _precision(p: DatePoint) -> str:
    return _YEAR if p.month is None else _MONTH if p.day is None else _DAY


class _Wording:
    """Dates in one language: CLDR's patterns, and the UI's words where CLDR has none."""

    def __init__(self, lang: str, words: Words | None) -> None:
        self.lang = lang
        self.words = words or {}

    def word(self, key: str) -> str | None:
        """The bundle's words for ``key``, else the shipped ones, else None."""
        given = self.words.get(key)
        if isinstance(given, str) and given:
            return given
        return SHIPPED_WORDS.get(self.lang, {}).get(key)

    # CLDR

    def format(self, skeleton: str, day: dt.date) -> str:
        """``day`` at a skeleton's precision: "1920", "May 1920", "2 May 1920"."""
        return _apply(_pattern(self.lang, skeleton), day, self.lang)

    def interval(self, first: dt.date, last: dt.date, skeleton: str) -> str:
        """CLDR's interval at a skeleton's precision: "29–30 April 1920", "April–May 1920"."""
        halves = self.halves(first, last, skeleton)
        return halves[0] + halves[1] if halves else self.format(skeleton, first)

    def halves(self, first: dt.date, last: dt.date, skeleton: str) -> tuple[str, str] | None:
        """The two halves of CLDR's interval, the separator ending the first ("27–", "28
        April 1920"); the two points around CLDR's fallback separator when it has no
        interval pattern; None when they do not differ at this precision."""
        field = next((f for f in _FIELDS[skeleton] if _field(first, f) != _field(last, f)), None)
        if field is None:
            return None
        parts = _interval(self.lang, skeleton, field)
        if parts is not None:
            return _apply(parts[0], first, self.lang), _apply(parts[1], last, self.lang)
        pattern = _fallback(self.lang)
        if pattern.find("{0}") > pattern.find("{1}"):  # Balochi names the end first
            return self.either(self.format(skeleton, first), self.format(skeleton, last)), ""
        before, after = pattern.split("{1}", 1)
        one, separator = before.split("{0}", 1)
        return one + self.format(skeleton, first) + separator, self.format(skeleton, last) + after

    def either(self, first: str, second: str) -> str:
        """Two formatted points as a range, in CLDR's fallback pattern ("{0} – {1}")."""
        return _fallback(self.lang).replace("{0}", first).replace("{1}", second)

    # Points and ranges

    def point(self, p: DatePoint) -> str:
        """One point: "2 May 1920", "May 1920", "1920", "mid-May 1920"."""
        if p.part is not None:
            template = self.word(PART_WORDS[p.part])
            if template is None:
                span = _span(p)
                return self.interval(span.first, span.last, span.skeleton)
            return _fill(template, x=self.part_of(p))
        day = dt.date(p.year, p.month or 1, p.day or 1)
        return self.format(_precision(p), day)

    def part_of(self, p: DatePoint) -> str:
        """What a part is of: the year, or the month with its year as it reads after a day
        (genitive where the language has one: "мая 1920 г.", "maja 1920")."""
        if p.month is None:
            return self.format(_YEAR, dt.date(p.year, 1, 1))
        return _apply(_month_after_day(self.lang), dt.date(p.year, p.month, 1), self.lang)

    def dating(self, d: Dating) -> str:
        """A whole date, approximate or not."""
        a, b = d.first, d.last
        if d.night:
            text = self.night(a, b)
        elif a == b:
            text = self.point(a)
        elif a.part is None and b.part is None:
            if _precision(a) == _precision(b):
                text = self.interval(_span(a).first, _span(b).first, _precision(a))
            else:
                text = self.either(self.point(a), self.point(b))
        elif all(p.part is None or self.word(PART_WORDS[p.part]) for p in (a, b)):
            text = self.either(self.point(a), self.point(b))
        else:
            text = self.covered(a, b)
        return self.approximate(text) if d.approximate else text

    def covered(self, a: DatePoint, b: DatePoint) -> str:
        """A range with a part CLDR cannot word: the days (or months) it covers, from the
        first of ``a`` to the last of ``b`` ("mid-May – late June" → "11 May – 30 June")."""
        first, last = _span(a), _span(b)
        skeleton = max(first.skeleton, last.skeleton, key=_PRECISIONS.index)
        if first.first >= last.last:
            return self.either(self.point(a), self.point(b))
        return self.interval(first.first, last.last, skeleton)

    def night(self, a: DatePoint, b: DatePoint) -> str:
        """The night between two days: "night of 27/28 April 1920", "27–28 April 1920"."""
        first, last = _span(a).first, _span(b).first
        template = self.word(NIGHT)
        if template is None:
            return self.interval(first, last, _DAY)
        halves = self.halves(first, last, _DAY)
        if halves is None or not halves[1]:  # (never: two days differ; Balochi)
            return _fill(template, first=self.format(_DAY, first), second=self.format(_DAY, last))
        one = _trim_separator(halves[0], _fallback(self.lang))
        return _fill(template, first=one, second=halves[1])

    def approximate(self, text: str) -> str:
        """ "c. 1920"; without words CLDR's sign for approximately: "~1920"."""
        template = self.word(APPROXIMATE)
        return _fill(template, x=text) if template else cldr.approximately_sign(self.lang) + text

    # Lifespans

    def year(self, d: Dating) -> str:
        """A life date's year, marked approximate when it is or when it is a range."""
        text = _apply("y", dt.date(d.first.year, 1, 1), self.lang)
        if d.approximate or d.first.year != d.last.year:
            text = self.approximate(text)
        return text

    def lifespan(self, born: Dating | None, died: Dating | None) -> str:
        """ "1892–1939", "c. 1890–1942", "b. 1897"; without words "* 1897", "† 1942"."""
        if born and died:
            return self.year(born) + _year_separator(self.lang) + self.year(died)
        for date, key, sign in ((born, BORN, "*"), (died, DIED, "†")):
            if date:
                template = self.word(key)
                year = self.year(date)
                return _fill(template, x=year) if template else f"{sign}\u00a0{year}"
        return ""


def lifespan(
    born: Dating | None, died: Dating | None, lang: str, words: Words | None = None
) -> str:
    """Life dates as a label shows them: "1892–1939", "c. 1890–1942", "b. 1897"."""
    return _Wording(lang, words).lifespan(born, died)


def _fill(template: str, **values: str) -> str:
    """``template`` with its placeholders filled (never raising on a stray brace)."""
    for name, value in values.items():
        template = template.replace("{" + name + "}", value)
    return template


# CLDR patterns, looked up once per language.


def _field(day: dt.date, field: str) -> int:
    return {"y": day.year, "M": day.month, "d": day.day}[field]


def _apply(pattern: str, day: dt.date, lang: str) -> str:
    return parse_pattern(pattern).apply(day, cldr.locale(lang)).translate(_SPACING)


def _widen(pattern: str, skeleton: str) -> str:
    """A matched pattern with its month names as wide as the skeleton asks ("MMMM"): CLDR's
    matching adjusts field widths (TR35, "Matching Skeletons"); Babel's does not."""
    want = skeleton.count("M")
    if want < 4:
        return pattern
    tokens = []
    for kind, value in tokenize_pattern(pattern):
        if kind == "field" and isinstance(value, tuple):
            char, width = value
            if char in "ML" and 3 <= width < want:
                value = (char, want)
        tokens.append((kind, value))
    return untokenize_pattern(tokens)


@functools.cache
def _pattern(lang: str, skeleton: str) -> str:
    house = _HOUSE_SKELETONS.get(lang, {}).get(skeleton)
    if house is not None:
        return house
    skeletons = cldr.locale(lang).datetime_skeletons
    key = skeleton if skeleton in skeletons else match_skeleton(skeleton, skeletons)
    if key is None:  # no locale lacks y, yMMMM and yMMMd; but never fail a visitor
        return {_YEAR: "y", _MONTH: "MMMM y", _DAY: "d MMMM y"}[skeleton]
    return _widen(skeletons[key].pattern, skeleton)


@functools.cache
def _interval(lang: str, skeleton: str, field: str) -> tuple[str, str] | None:
    """The two halves of CLDR's interval pattern for ``skeleton`` when ``field`` is the
    greatest that differs; None when the locale has none."""
    house = _HOUSE_INTERVALS.get(lang, {}).get((skeleton, field))
    if house is not None:
        return house
    formats = cldr.locale(lang).interval_formats
    key = skeleton if skeleton in formats else match_skeleton(skeleton, formats)
    parts = formats[key].get(field) if key else None
    if not parts:
        return None
    halves = (parts[0], parts[1]) if len(parts) == 2 else _split(parts[0])
    if halves is None:
        return None
    return _widen(halves[0], skeleton), _widen(halves[1], skeleton)


def _split(pattern: str) -> tuple[str, str] | None:
    """An interval pattern Babel left whole ("LLLL تا MMMM y": it takes L and M for two
    fields), split where a field repeats."""
    seen: set[str] = set()
    tokens = tokenize_pattern(pattern)
    for i, (kind, value) in enumerate(tokens):
        if kind == "field" and isinstance(value, tuple):
            char = {"L": "M", "c": "e"}.get(value[0], value[0])
            if char in seen:
                return untokenize_pattern(tokens[:i]), untokenize_pattern(tokens[i:])
            seen.add(char)
    return None


@functools.cache
def _fallback(lang: str) -> str:
    """CLDR's pattern for a range it has no interval pattern for: "{0} – {1}"."""
    pattern = str(cldr.locale(lang).interval_formats.get(None) or "")
    return pattern.translate(_SPACING) if "{0}" in pattern and "{1}" in pattern else "{0} – {1}"


@functools.cache
def _month_after_day(lang: str) -> str:
    """The pattern of a month with its year as it reads after a day. Languages that decline
    month names (Russian "мая", Polish "maja") take the day pattern without its day; the
    others the pattern for a month alone."""
    months = cldr.locale(lang).months
    if months["format"]["wide"] == months["stand-alone"]["wide"]:
        return _pattern(lang, _MONTH)
    tokens = tokenize_pattern(_pattern(lang, _DAY))
    day = next((i for i, (kind, v) in enumerate(tokens) if kind == "field" and v[0] == "d"), None)
    if day is None:
        return _pattern(lang, _MONTH)
    # Without the day and what joins it to the next field (or, last, to the one before).
    end = day + 1
    while end < len(tokens) and tokens[end][0] == "chars":
        end += 1
    start = day
    if end == day + 1:
        while start > 0 and tokens[start - 1][0] == "chars":
            start -= 1
    cut = tokens[:start] + tokens[end:]
    return untokenize_pattern(cut).strip()


def _trim_separator(text: str, fallback: str) -> str:
    """The first half of an interval without the separator that ends it ("27–" → "27")."""
    text = text.rstrip(_SEPARATOR_TRIM)
    word = fallback.replace("{0}", "").replace("{1}", "").strip(_SEPARATOR_TRIM)
    if word and text.endswith(word):
        text = text[: -len(word)]
    return text.rstrip(_SEPARATOR_TRIM)


@functools.cache
def _year_separator(lang: str) -> str:
    """What joins two years in ``lang`` ("–", " تا "), from CLDR's interval of years."""
    formats = cldr.locale(lang).interval_formats
    parts = formats.get("y", {}).get("y") or []
    if len(parts) == 2:
        tokens = tokenize_pattern(parts[0])
        if tokens and tokens[-1][0] == "chars" and isinstance(tokens[-1][1], str):
            return tokens[-1][1].translate(_SPACING)
    return "–"
