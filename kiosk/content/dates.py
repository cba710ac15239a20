"""Structured, possibly uncertain historical dates and their display in each language.

Archive dates are rarely a single day. A bundle says what it knows: a year, a month, a day,
a part of a month or year ("mid-May 1920"), an approximation ("c. 1920"), a range
("29–30 April 1920"), or the night between two days. The same value sorts correctly and
displays in each supported language; anything a structure cannot say goes in ``label``.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from typing import Literal, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from kiosk.content.text import LangText

Part = Literal["early", "mid", "late"]


@dataclass(frozen=True)
class _Words:
    """How one language words dates."""

    months: tuple[str, ...]  # alone: "May 1920", "май 1920"
    months_after_day: tuple[str, ...]  # "2 May", "2 мая"
    parts: dict[str, str]  # "{x}" is a month (after-day form) with its year, or a year
    approx: str
    point_suffix: str  # after a point's year: "" or " г."
    years_suffix: str  # after a range of bare years: "" or " гг."
    night: str  # "{d1}", "{d2}": the two days; "{rest}": month and year
    night_across: str  # "{first}", "{second}": the two days with their months


def _twelve(names: str) -> tuple[str, ...]:
    months = tuple(names.split(" "))
    assert len(months) == 12
    return months


_EN_MONTHS = _twelve(
    "January February March April May June July August September October November December"
)
_WORDS = {
    "en": _Words(
        months=_EN_MONTHS,
        months_after_day=_EN_MONTHS,
        parts={"early": "early {x}", "mid": "mid-{x}", "late": "late {x}"},
        approx="c. ",
        point_suffix="",
        years_suffix="",
        night="night of {d1}/{d2} {rest}",
        night_across="night of {first}/{second}",
    ),
    # Russian needs the nominative ("май 1920") alone and the genitive after a day ("2 мая").
    "ru": _Words(
        months=_twelve(
            "январь февраль март апрель май июнь июль август сентябрь октябрь ноябрь декабрь"
        ),
        months_after_day=_twelve(
            "января февраля марта апреля мая июня июля августа сентября октября ноября декабря"
        ),
        parts={"early": "начало {x}", "mid": "середина {x}", "late": "конец {x}"},
        approx="ок. ",
        point_suffix=" г.",
        years_suffix=" гг.",
        night="ночь с {d1} на {d2} {rest}",
        night_across="ночь с {first} на {second}",
    ),
}
# A part sorts as if it were a day of its month (or a month of its year), so that
# "29 April" < "May" < "early May" < "10 May" < "mid-May" < "late May".
_PART_DAY = {"early": 1, "mid": 15, "late": 25}
_PART_MONTH = {"early": 1, "mid": 6, "late": 10}

#: Languages whose date wording the kiosk knows; others get ISO 8601-style numbers.
DATE_LANGUAGES = tuple(_WORDS)


class DatePoint(BaseModel):
    """One point in time at year, month or day precision, optionally a part of it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    year: int = Field(ge=1, le=9999, description="Year of the Common Era.")
    month: int | None = Field(default=None, ge=1, le=12, description="Month, 1–12.")
    day: int | None = Field(default=None, ge=1, le=31, description="Day of the month.")
    part: Part | None = Field(
        default=None,
        description='Part of the month (or of the year, without a month): "mid" gives "mid-May".',
    )

    @model_validator(mode="after")
    def _check(self) -> Self:
        if self.day is not None and self.month is None:
            raise ValueError('a "day" needs a "month"')
        if self.day is not None and self.part is not None:
            raise ValueError('"part" (early/mid/late) cannot go with an exact "day"')
        if self.day is not None and self.month is not None:
            last = calendar.monthrange(self.year, self.month)[1]
            if self.day > last:
                raise ValueError(
                    f"{_EN_MONTHS[self.month - 1]} {self.year} has {last} days, not {self.day}"
                )
        return self

    def sort_key(self) -> tuple[int, int, int]:
        """A tuple that orders points chronologically (what is unknown sorts first)."""
        if self.month is None:
            return (self.year, _PART_MONTH[self.part] if self.part else 0, 0)
        if self.day is None:
            return (self.year, self.month, _PART_DAY[self.part] if self.part else 0)
        return (self.year, self.month, self.day)


class Dating(BaseModel):
    """A date as a bundle states it: a single point or a range, maybe approximate.

    Either ``year`` (with ``month``, ``day`` or ``part``) or both ``from`` and ``to``.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    year: int | None = Field(default=None, ge=1, le=9999)
    month: int | None = Field(default=None, ge=1, le=12)
    day: int | None = Field(default=None, ge=1, le=31)
    part: Part | None = None
    start: DatePoint | None = Field(
        default=None, alias="from", description="First point of a range."
    )
    end: DatePoint | None = Field(default=None, alias="to", description="Last point of a range.")
    approximate: bool = Field(default=False, description='Shown as "c. 1920" / "ок. 1920".')
    night: bool = Field(
        default=False,
        description='For a range of two consecutive days: "night of 27/28 April 1920".',
    )
    label: LangText | None = Field(
        default=None,
        description="Wording to show instead of the generated one; the structure still sorts.",
    )

    @model_validator(mode="after")
    def _check(self) -> Self:
        point_fields = [self.year, self.month, self.day, self.part]
        if self.start is None and self.end is None:
            if self.year is None:
                raise ValueError('a date needs "year", or "from" and "to" for a range')
            # Reuse the point's own rules (day needs month, calendar check).
            DatePoint(year=self.year, month=self.month, day=self.day, part=self.part)
        else:
            if any(v is not None for v in point_fields):
                raise ValueError('use either "year"/"month"/"day"/"part" or "from"/"to", not both')
            if self.start is None or self.end is None:
                raise ValueError('a range needs both "from" and "to"')
            if self.end.sort_key() < self.start.sort_key():
                raise ValueError('"to" is earlier than "from"')
        if self.night and not self._consecutive_days():
            raise ValueError('"night" needs a range of two consecutive days')
        return self

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

    def _consecutive_days(self) -> bool:
        a, b = self.start, self.end
        if a is None or b is None or a.day is None or b.day is None:
            return False
        assert a.month is not None and b.month is not None
        return dt.date(b.year, b.month, b.day) - dt.date(a.year, a.month, a.day) == dt.timedelta(1)

    def display(self, lang: str, fallback: str = "en") -> str:
        """The date as a visitor reads it in ``lang``."""
        if self.label is not None:
            text = self.label.get(lang, fallback)
            if text:
                return text
        words = _WORDS.get(lang)
        return _format(self, words) if words else _format_iso(self)


def _point(p: DatePoint, w: _Words) -> str:
    """A point without the year suffix: "2 May 1920", "mid-May 1920", "май 1920"."""
    if p.month is None:
        return w.parts[p.part].format(x=p.year) if p.part else str(p.year)
    if p.day is not None:
        return f"{p.day} {w.months_after_day[p.month - 1]} {p.year}"
    if p.part:
        return w.parts[p.part].format(x=f"{w.months_after_day[p.month - 1]} {p.year}")
    return f"{w.months[p.month - 1]} {p.year}"


def _format(d: Dating, w: _Words) -> str:
    a, b = d.first, d.last
    sfx = w.point_suffix
    gen = w.months_after_day
    if d.night:
        assert a.month is not None and b.month is not None
        if (a.year, a.month) == (b.year, b.month):
            text = w.night.format(d1=a.day, d2=b.day, rest=f"{gen[b.month - 1]} {b.year}{sfx}")
        else:
            first = f"{a.day} {gen[a.month - 1]}" + (f" {a.year}{sfx}" if a.year != b.year else "")
            text = w.night_across.format(first=first, second=_point(b, w) + sfx)
    elif a == b:
        text = _point(a, w) + sfx
    elif all(p.month is None and p.part is None for p in (a, b)):
        text = f"{a.year}–{b.year}{w.years_suffix}"
    elif a.year != b.year or a.part or b.part or a.month is None or b.month is None:
        text = f"{_point(a, w)}{sfx} – {_point(b, w)}{sfx}"
    elif a.day is None and b.day is None:
        text = f"{w.months[a.month - 1]}–{w.months[b.month - 1]} {a.year}{sfx}"
    elif a.day is not None and b.day is not None and a.month == b.month:
        text = f"{a.day}–{b.day} {gen[a.month - 1]} {a.year}{sfx}"
    elif a.day is not None and b.day is not None:
        text = f"{a.day} {gen[a.month - 1]} – {b.day} {gen[b.month - 1]} {a.year}{sfx}"
    else:
        text = f"{_point(a, w)}{sfx} – {_point(b, w)}{sfx}"
    return w.approx + text if d.approximate else text


def _format_iso(d: Dating) -> str:
    def iso(p: DatePoint) -> str:
        text = str(p.year).zfill(4)
        if p.month is not None:
            text += f"-{p.month:02d}"
        if p.day is not None:
            text += f"-{p.day:02d}"
        return text

    a, b = d.first, d.last
    text = iso(a) if a == b else f"{iso(a)}/{iso(b)}"
    return f"{text}~" if d.approximate else text


def lifespan(born: Dating | None, died: Dating | None, lang: str) -> str:
    """Life dates as a label shows them: "1892–1939", "c. 1890–1942", "b. 1897"."""

    def year(d: Dating) -> str:
        y = str(d.first.year)
        if d.approximate or d.first.year != d.last.year:
            y = ("ок. " if lang == "ru" else "c. ") + y
        return y

    if born and died:
        return f"{year(born)}–{year(died)}"
    if born:
        return ("род. " if lang == "ru" else "b. ") + year(born)
    if died:
        return ("ум. " if lang == "ru" else "d. ") + year(died)
    return ""
