"""Structured dates: wording in English and Russian, sorting, and what is refused."""

from __future__ import annotations

from dataclasses import asdict

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from kiosk.content import spec
from kiosk.content.dates import DatePoint, Dating, lifespan


def d(**kw):
    return spec.typed(spec.Dating.model_validate(kw))


def p(y, m=None, day=None, part=None):
    return {k: v for k, v in {"year": y, "month": m, "day": day, "part": part}.items() if v}


CASES = [
    (d(year=1920, month=4, day=26), "26 April 1920", "26 апреля 1920 г."),
    (d(year=1920, month=5), "May 1920", "май 1920 г."),
    (d(year=1920), "1920", "1920 г."),
    (d(year=1920, approximate=True), "c. 1920", "ок. 1920 г."),
    (d(year=1920, month=5, part="mid"), "mid-May 1920", "середина мая 1920 г."),
    (d(year=1920, month=5, part="early"), "early May 1920", "начало мая 1920 г."),
    (d(year=1920, part="late"), "late 1920", "конец 1920 г."),
    (
        d(**{"from": p(1920, 4, 29), "to": p(1920, 4, 30)}),
        "29–30 April 1920",
        "29–30 апреля 1920 г.",
    ),
    (
        d(**{"from": p(1920, 4, 29), "to": p(1920, 5, 2)}),
        "29 April – 2 May 1920",
        "29 апреля – 2 мая 1920 г.",
    ),
    (d(**{"from": p(1920, 4), "to": p(1920, 5)}), "April–May 1920", "апрель–май 1920 г."),
    (d(**{"from": p(1918), "to": p(1920)}), "1918–1920", "1918–1920 гг."),
    (
        d(**{"from": p(1920, 4, 27), "to": p(1920, 4, 28), "night": True}),
        "night of 27/28 April 1920",
        "ночь с 27 на 28 апреля 1920 г.",
    ),
    (
        d(**{"from": p(1920, 4, 30), "to": p(1920, 5, 1), "night": True}),
        "night of 30 April/1 May 1920",
        "ночь с 30 апреля на 1 мая 1920 г.",
    ),
    (
        d(**{"from": p(1919, 7, 31), "to": p(1920, 5, 19)}),
        "31 July 1919 – 19 May 1920",
        "31 июля 1919 г. – 19 мая 1920 г.",
    ),
]


@pytest.mark.parametrize(("date", "en", "ru"), CASES)
def test_display(date, en, ru):
    assert date.display("en") == en
    assert date.display("ru") == ru


def test_other_languages_are_worded_by_cldr_not_iso_numbers():
    # Every language CLDR knows (tests/content/test_cldr.py has the details).
    assert d(year=1920, month=4, day=26).display("az") == "26 aprel 1920"
    assert d(**{"from": p(1920, 4), "to": p(1920, 5)}).display("de") == "April–Mai 1920"
    assert d(year=1920, approximate=True).display("fr") == "≃1920"


def test_label_overrides_the_wording_but_not_the_order():
    spring = d(year=1920, month=3, label={"en": "spring 1920", "ru": "весна 1920 г."})
    assert spring.display("en") == "spring 1920"
    assert spring.display("ru") == "весна 1920 г."
    assert spring.sort_key() < d(year=1920, month=4).sort_key()


def test_sorting_is_chronological():
    dates = [
        d(year=1920, month=5, part="late"),
        d(year=1920, month=5, part="mid"),
        d(year=1920, month=5, day=10),
        d(year=1920, month=5, part="early"),
        d(year=1920, month=5),
        d(**{"from": p(1920, 4, 29), "to": p(1920, 4, 30)}),
        d(year=1920, month=4, day=29),
        d(year=1919),
    ]
    ordered = sorted(dates, key=Dating.sort_key)
    assert [x.display("en") for x in ordered] == [
        "1919",
        "29 April 1920",
        "29–30 April 1920",
        "May 1920",
        "early May 1920",
        "10 May 1920",
        "mid-May 1920",
        "late May 1920",
    ]


def test_leap_years():
    assert d(year=1920, month=2, day=29).display("en") == "29 February 1920"
    with pytest.raises(ValidationError, match="February 1921 has 28 days"):
        d(year=1921, month=2, day=29)


def test_lifespan():
    assert lifespan(d(year=1892), d(year=1939), "en") == "1892–1939"
    assert lifespan(d(year=1890, approximate=True), d(year=1942), "en") == "c. 1890–1942"
    assert lifespan(d(year=1897), None, "ru") == "род. 1897"
    assert lifespan(None, d(year=1942), "en") == "d. 1942"
    assert lifespan(None, None, "en") == ""


points = st.builds(
    DatePoint,
    year=st.integers(1, 9999),
    month=st.none() | st.integers(1, 12),
    part=st.none() | st.sampled_from(["early", "mid", "late"]),
)


@given(points, points, st.booleans(), st.sampled_from(["en", "ru", "az"]))
def test_any_valid_range_displays_and_sorts(a, b, approximate, lang):
    start, end = sorted([a, b], key=DatePoint.sort_key)
    date = d(
        **{
            "from": {k: v for k, v in asdict(start).items() if v is not None},
            "to": {k: v for k, v in asdict(end).items() if v is not None},
            "approximate": approximate,
        }
    )
    text = date.display(lang)
    assert str(start.year) in text and str(end.year) in text
    assert date.first.sort_key() <= date.last.sort_key()
