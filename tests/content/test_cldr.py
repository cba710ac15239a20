"""Any language through CLDR: dates, plural forms and writing direction from Babel's data,
the UI's own words from a bundle's ``ui`` map, and what ``validate`` says about both.

The expected strings were written from CLDR's data as Babel 2.18 (CLDR 47) ships it and
read by eye: German "29.–30. April 1920", Azerbaijani month names ("aprel", "may", "iyul")
in CLDR's own order for a day range ("1920 aprel 29–30"), Hebrew "ב" before a month after
a day ("2 במאי 1920") and none before one alone ("מאי 1920").
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import jsonschema
import pytest

from kiosk.content import cldr, load_bundle, spec, uiwords
from kiosk.content.dates import DATE_WORDS, SHIPPED_WORDS, lifespan
from kiosk.content.schema import SCHEMA_PATH
from tests.conftest import REPO


def d(**kw):
    return spec.typed(spec.Dating.model_validate(kw))


def p(y, m=None, day=None, part=None):
    return {k: v for k, v in {"year": y, "month": m, "day": day, "part": part}.items() if v}


SHAPES = {
    "day": d(year=1920, month=5, day=2),
    "month": d(year=1920, month=5),
    "year": d(year=1920),
    "approximate": d(year=1920, approximate=True),
    "mid-month": d(year=1920, month=5, part="mid"),
    "late February": d(year=1920, month=2, part="late"),
    "late year": d(year=1920, part="late"),
    "days, one month": d(**{"from": p(1920, 4, 29), "to": p(1920, 4, 30)}),
    "days, two months": d(**{"from": p(1920, 4, 29), "to": p(1920, 5, 2)}),
    "days, two years": d(**{"from": p(1919, 7, 31), "to": p(1920, 5, 19)}),
    "months": d(**{"from": p(1920, 4), "to": p(1920, 5)}),
    "years": d(**{"from": p(1918), "to": p(1920)}),
    "night": d(**{"from": p(1920, 4, 27), "to": p(1920, 4, 28), "night": True}),
    "night, two months": d(**{"from": p(1920, 4, 30), "to": p(1920, 5, 1), "night": True}),
}

# Per language, each shape in SHAPES order. en and ru with the shipped words; de, az, he
# and ar have none, so what CLDR cannot say is rendered by CLDR alone: "~1920", a part of
# a month as its days (11–20, 21–end), a part of a year as its months, the night as its
# two days.
EXPECTED = {
    "en": [
        "2 May 1920",
        "May 1920",
        "1920",
        "c. 1920",
        "mid-May 1920",
        "late February 1920",
        "late 1920",
        "29–30 April 1920",
        "29 April – 2 May 1920",
        "31 July 1919 – 19 May 1920",
        "April–May 1920",
        "1918–1920",
        "night of 27/28 April 1920",
        "night of 30 April/1 May 1920",
    ],
    "ru": [
        "2 мая 1920 г.",  # genitive after a day
        "май 1920 г.",  # nominative alone
        "1920 г.",
        "ок. 1920 г.",
        "середина мая 1920 г.",
        "конец февраля 1920 г.",
        "конец 1920 г.",
        "29–30 апреля 1920 г.",
        "29 апреля – 2 мая 1920 г.",
        "31 июля 1919 г. – 19 мая 1920 г.",
        "апрель–май 1920 г.",
        "1918–1920 гг.",
        "ночь с 27 на 28 апреля 1920 г.",
        "ночь с 30 апреля на 1 мая 1920 г.",
    ],
    "de": [
        "2. Mai 1920",
        "Mai 1920",
        "1920",
        "≈1920",
        "11.–20. Mai 1920",
        "21.–29. Februar 1920",  # 1920 is a leap year
        "September–Dezember 1920",
        "29.–30. April 1920",
        "29. April – 2. Mai 1920",
        "31. Juli 1919 – 19. Mai 1920",
        "April–Mai 1920",
        "1918–1920",
        "27.–28. April 1920",
        "30. April – 1. Mai 1920",
    ],
    "az": [
        "2 may 1920",
        "may 1920",
        "1920",
        "~1920",
        "1920 may 11–20",
        "1920 fevral 21–29",
        "sentyabr–dekabr 1920",
        "1920 aprel 29–30",
        "29 aprel 1920 – 2 may",
        "31 iyul 1919 – 19 may 1920",
        "aprel–may 1920",
        "1918–1920",
        "1920 aprel 27–28",
        "30 aprel 1920 – 1 may",
    ],
    "he": [
        "2 במאי 1920",
        "מאי 1920",
        "1920",
        "~1920",
        "11–20 במאי 1920",
        "21–29 בפברואר 1920",
        "ספטמבר–דצמבר 1920",
        "29–30 באפריל 1920",
        "29 אפריל – 2 מאי 1920",
        "31 יולי 1919 – 19 מאי 1920",
        "אפריל–מאי 1920",
        "1918–1920",
        "27–28 באפריל 1920",
        "30 אפריל – 1 מאי 1920",
    ],
    "ar": [
        "2 مايو 1920",
        "مايو 1920",
        "1920",
        "~1920",
        "11–20 مايو 1920",
        "21–29 فبراير 1920",
        "سبتمبر – ديسمبر 1920",
        "29–30 أبريل 1920",
        "29 أبريل – 2 مايو 1920",
        "31 يوليو 1919 – 19 مايو 1920",
        "أبريل – مايو 1920",
        "1918–1920",
        "27–28 أبريل 1920",
        "30 أبريل – 1 مايو 1920",
    ],
}


@pytest.mark.parametrize("lang", EXPECTED)
@pytest.mark.parametrize("shape", range(len(SHAPES)), ids=list(SHAPES))
def test_each_shape_in_each_language(lang, shape):
    date = list(SHAPES.values())[shape]
    assert date.display(lang) == EXPECTED[lang][shape]


LIFESPANS = {
    "en": ["1892–1939", "c. 1890–1942", "b. 1897", "d. 1942"],
    "ru": ["1892–1939", "ок. 1890–1942", "род. 1897", "ум. 1942"],
    "de": ["1892–1939", "≈1890–1942", "*\u00a01897", "†\u00a01942"],
    "az": ["1892–1939", "~1890–1942", "*\u00a01897", "†\u00a01942"],
    "he": ["1892–1939", "~1890–1942", "*\u00a01897", "†\u00a01942"],
}


@pytest.mark.parametrize("lang", LIFESPANS)
def test_lifespans(lang):
    assert [
        lifespan(d(year=1892), d(year=1939), lang),
        lifespan(d(year=1890, approximate=True), d(year=1942), lang),
        lifespan(d(year=1897), None, lang),
        lifespan(None, d(year=1942), lang),
    ] == LIFESPANS[lang]


def test_a_range_of_parts_without_words_is_the_days_it_covers():
    mid_may_to_late_june = d(**{"from": p(1920, 5, part="mid"), "to": p(1920, 6, part="late")})
    assert mid_may_to_late_june.display("de") == "11. Mai – 30. Juni 1920"
    assert mid_may_to_late_june.display("en") == "mid-May 1920 – late June 1920"
    early_to_mid = d(**{"from": p(1919, part="early"), "to": p(1920, part="mid")})
    assert early_to_mid.display("de") == "Januar 1919 – August 1920"
    assert d(year=1920, part="early").display("he") == "ינואר–אפריל 1920"


GERMAN = {
    "c. {x}": "ca. {x}",
    "early {x}": "Anfang {x}",
    "mid-{x}": "Mitte {x}",
    "late {x}": "Ende {x}",
    "night of {first}/{second}": "Nacht vom {first} auf den {second}",
    "b. {x}": "geb. {x}",
    "d. {x}": "gest. {x}",
}


def test_a_bundles_date_words_are_used_with_cldrs_patterns():
    assert SHAPES["approximate"].display("de", words=GERMAN) == "ca. 1920"
    assert SHAPES["mid-month"].display("de", words=GERMAN) == "Mitte Mai 1920"
    assert SHAPES["late year"].display("de", words=GERMAN) == "Ende 1920"
    assert SHAPES["night"].display("de", words=GERMAN) == "Nacht vom 27. auf den 28. April 1920"
    assert (
        SHAPES["night, two months"].display("de", words=GERMAN)
        == "Nacht vom 30. April auf den 1. Mai 1920"
    )
    assert lifespan(d(year=1897), None, "de", GERMAN) == "geb. 1897"
    assert lifespan(None, d(year=1942, approximate=True), "de", GERMAN) == "gest. ca. 1942"
    # Words the bundle leaves out fall back to CLDR alone.
    assert SHAPES["approximate"].display("de", words={"mid-{x}": "Mitte {x}"}) == "≈1920"


def test_a_part_of_a_month_is_worded_with_the_month_as_after_a_day():
    """Languages that decline month names need the form a day takes ("maja", "травня")."""
    mid_may = SHAPES["mid-month"]
    assert mid_may.display("pl", words={"mid-{x}": "połowa {x}"}) == "połowa maja 1920"
    assert mid_may.display("uk", words={"mid-{x}": "середина {x}"}) == "середина травня 1920 р."
    assert mid_may.display("he", words={"mid-{x}": "אמצע {x}"}) == "אמצע מאי 1920"


def test_a_bundles_words_come_before_the_shipped_ones():
    assert SHAPES["approximate"].display("ru", words={"c. {x}": "около {x}"}) == "около 1920 г."
    assert SHAPES["approximate"].display("en", words={"c. {x}": "circa {x}"}) == "circa 1920"


@pytest.mark.parametrize(
    ("code", "as_"),
    [("en", "en"), ("he-ZZ", "he"), ("de-AT", "de"), ("qq", "en"), ("x-klingon", "en")],
)
def test_any_code_gets_cldr_data_never_a_crash(code, as_):
    assert cldr.locale(code).language == as_
    assert SHAPES["day"].display(code)


def test_bare_english_is_written_day_first_and_us_english_as_americans_write():
    assert SHAPES["day"].display("en") == "2 May 1920"
    assert SHAPES["day"].display("en-US") == "May 2, 1920"


def test_plural_categories_and_direction_come_from_cldr():
    assert [cldr.plural_category("uk", n) for n in (1, 2, 5, 21)] == ["one", "few", "many", "one"]
    assert [cldr.plural_category("de", n) for n in (1, 2, 5, 21)] == ["one", "other"] + [
        "other"
    ] * 2
    assert cldr.plural_categories("pl") == ("one", "few", "many", "other")
    assert cldr.plural_categories("ar") == ("zero", "one", "two", "few", "many", "other")
    assert [cldr.right_to_left(c) for c in ("he", "ar", "fa", "de", "az", "ru")] == [
        True,
        True,
        True,
        False,
        False,
        False,
    ]


def test_the_ui_strings_are_those_of_the_translations():
    """A bundle may give words for exactly the UI's strings: those of the .ts files."""
    ts = ET.parse(REPO / "resources" / "i18n" / "kiosk_ru.ts").getroot()
    strings: dict[str, list[str]] = {}
    for context in ts.iter("context"):
        name = str(context.findtext("name"))
        strings[name] = [str(m.findtext("source")) for m in context.iter("message")]
    current = {k: tuple(v) for k, v in strings.items()}
    assert current == uiwords.UI_STRINGS, (
        "the UI's strings changed: replace UI_STRINGS in kiosk/content/uiwords.py with\n"
        + "\n".join(f"    {k!r}: {v!r}," for k, v in current.items())
    )
    shipped = {path.stem.removeprefix("kiosk_") for path in (REPO / "resources/i18n").glob("*.ts")}
    assert set(uiwords.SHIPPED_LANGUAGES) == shipped == set(SHIPPED_WORDS)
    assert set(DATE_WORDS) <= uiwords.UI_KEYS
    assert "The exhibit starts over in %n second(s)." in uiwords.VISITOR_KEYS
    assert "Wrong PIN" in uiwords.UI_KEYS and "Wrong PIN" not in uiwords.VISITOR_KEYS


def _problems(write_doc, doc, severity="error"):
    report = load_bundle(write_doc(doc)).report
    found = report.errors if severity == "error" else report.warnings
    return [(x.path, x.message) for x in found]


COUNTDOWN = "The exhibit starts over in %n second(s)."


def test_a_bundles_ui_words_load(write_doc, default_doc):
    default_doc["languages"] += ["pl"]
    default_doc["ui"] = {
        "pl": {
            "Next": "Dalej",
            COUNTDOWN: {
                "one": "%n sekunda",
                "few": "%n sekundy",
                "many": "%n sekund",
                "other": "%n sekundy",
            },
            "mid-{x}": "połowa {x}",
        },
        "ru": {"Next": "Дальше"},
    }
    loaded = load_bundle(write_doc(default_doc))
    assert loaded.report.errors == []
    assert loaded.bundle is not None
    assert loaded.bundle.ui["pl"]["Next"] == "Dalej"


@pytest.mark.parametrize(
    ("words", "path", "message"),
    [
        ({"Nxt": "Weiter"}, "ui.de.Nxt", 'not one of the UI\'s strings; did you mean "Next"?'),
        ({"Story": ""}, "ui.de.Story", "is empty"),
        ({"Story": " "}, "ui.de.Story", "is empty"),
        (
            {COUNTDOWN: {"one": "in %n Sekunde", "few": "x", "other": "in %n Sekunden"}},
            f'ui.de["{COUNTDOWN}"].few',
            '"few" is not a plural form of "de" in CLDR; use one, other',
        ),
        ({COUNTDOWN: {"one": "in %n Sekunde"}}, f'ui.de["{COUNTDOWN}"]', 'needs the form "other"'),
        ({COUNTDOWN: {"other": ""}}, f'ui.de["{COUNTDOWN}"].other', "is empty"),
        ({"Story": {"other": "Geschichte"}}, "ui.de.Story", "has no %n, so no plural forms"),
        ({"c. {x}": "ca."}, 'ui.de["c. {x}"]', "must keep {x}"),
        ({"%1 · %2 of %3": "%1 · %2"}, 'ui.de["%1 · %2 of %3"]', "must keep %3"),
        ({"Next": "Weiter %1"}, "ui.de.Next", "has %1, which the kiosk does not fill in"),
        ({"Next": 3}, "ui.de.Next", "expected a string"),
    ],
)
def test_bad_ui_words_are_errors_at_their_json_path(write_doc, default_doc, words, path, message):
    default_doc["languages"] += ["de"]
    default_doc["ui"] = {"de": words}
    errors = _problems(write_doc, default_doc)
    assert [e for e in errors if e[0] == path and message in e[1]], errors


def test_words_for_a_language_the_bundle_does_not_have_are_an_error(write_doc, default_doc):
    default_doc["ui"] = {"fr": {"Next": "Suivant"}}
    assert (
        "ui.fr",
        "French (fr) is not one of the bundle's languages (en, ru); add it to "
        '"languages" or remove these words',
    ) in _problems(write_doc, default_doc)


def test_validate_warns_of_a_language_without_ui_words(write_doc, default_doc):
    default_doc["languages"] += ["az", "he"]
    warnings = [w for w in _problems(write_doc, default_doc, "warning") if w[0].startswith("ui")]
    assert [path for path, _ in warnings] == ["ui.az", "ui.he"]
    assert 'the kiosk has no UI words in "az"' in warnings[0][1]
    assert 'Add them to "ui" as "az"' in warnings[0][1]


def test_validate_warns_of_missing_ui_words(write_doc, default_doc):
    default_doc["languages"] += ["de"]
    default_doc["ui"] = {"de": {"Story": "Geschichte", "Caption": "Bildtext"}}
    warnings = [w for w in _problems(write_doc, default_doc, "warning") if w[0].startswith("ui")]
    total = len(uiwords.VISITOR_KEYS)
    assert warnings == [
        (
            "ui.de",
            f"{total - 2} of the {total} UI words visitors see are missing in German (de) "
            '("In this photograph:", "Catalogue number", "Credit", …); visitors read those in '
            "English (or dates worded by CLDR alone). Add them here",
        )
    ]


def test_validate_asks_nothing_of_shipped_languages_or_complete_words(write_doc, default_doc):
    default_doc["ui"] = {"ru": {"Next": "Дальше"}}  # an override of one word
    default_doc["languages"] += ["de"]
    default_doc["ui"]["de"] = {key: "x" if "{" not in key else key for key in uiwords.VISITOR_KEYS}
    default_doc["ui"]["de"][COUNTDOWN] = "in %n s"
    warnings = _problems(write_doc, default_doc, "warning")
    assert [w for w in warnings if w[0].startswith("ui")] == []


def test_validate_warns_of_a_code_cldr_does_not_know(write_doc, default_doc):
    default_doc["languages"] += ["qq"]
    default_doc["ui"] = {"qq": {"Next": "Q"}}
    warnings = _problems(write_doc, default_doc, "warning")
    assert any(path == "languages[2]" and "CLDR has no data" in m for path, m in warnings)


def test_the_schema_describes_the_ui_words(default_doc):
    """Editors see the same format: words are strings, plural forms CLDR's categories."""
    schema = json.loads((REPO / SCHEMA_PATH).read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    default_doc["ui"] = {"de": {"Next": "Weiter", COUNTDOWN: {"one": "a", "other": "b"}}}
    assert list(validator.iter_errors(default_doc)) == []
    default_doc["ui"] = {"de": {"Next": "", COUNTDOWN: {"several": "x"}}}
    paths = sorted(e.json_path for e in validator.iter_errors(default_doc))
    assert paths == ["$.ui.de.Next", f"$.ui.de['{COUNTDOWN}']"]
