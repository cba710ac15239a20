"""Every field is shown: photo descriptions and biographies with glossary links, the people a
story page names, and people and terms sorted per language (with the index letter of each
term), every position into those lists being into the sorted one."""

from __future__ import annotations

import copy
import threading
from typing import Any

import pytest

from kiosk.content import load_bundle, spec
from kiosk.content.model import Bundle
from kiosk.ui import rows
from kiosk.ui.models import PersonChipModel, PhotoModel, StoryModel
from kiosk.ui.present import Built, Presenter
from tests.conftest import DEFAULT_BUNDLE

DEFAULT_PEOPLE = ["efremov", "kirov", "ordzhonikidze", "raskolnikov"]


@pytest.fixture(scope="module")
def presenter() -> Presenter:
    loaded = load_bundle(DEFAULT_BUNDLE)
    assert loaded.bundle is not None
    return Presenter(loaded.bundle, loaded.root, loaded.images)


def _text(en: str, ru: str) -> dict[str, str]:
    return {"en": en, "ru": ru}


def bare(**parts: Any) -> Bundle:
    """A bundle without files: only what the rows are made of."""
    doc: dict[str, Any] = {
        "format_version": 1,
        "id": "sorting",
        "version": "1",
        "name": "Sorting",
        "languages": ["en", "ru"],
        "default_language": "en",
        "exhibit": {"title": _text("Sorting", "Сортировка")},
    }
    return _typed(doc | parts)


def _typed(doc: dict[str, Any]) -> Bundle:
    """A bundle document validated and built as the kiosk builds it."""
    bundle: Bundle = spec.typed(spec.Bundle.model_validate(doc))
    return bundle


def built(bundle: Bundle, lang: str) -> Built:
    return Presenter(bundle, DEFAULT_BUNDLE, {}).build(lang)


def person(pid: str, name: dict[str, str], sort_name: dict[str, str] | None = None) -> dict:
    return {"id": pid, "name": name} | ({"sort_name": sort_name} if sort_name else {})


def term(tid: str, en: str, ru: str) -> dict:
    return {"id": tid, "term": _text(en, ru), "definition": _text(f"About {en}.", f"О {ru}.")}


def role(model, name):
    return next(k for k, v in model.roleNames().items() if bytes(v.data()).decode() == name)


# -- descriptions and biographies -----------------------------------------------------------


def test_a_photo_description_is_shown_as_paragraphs_with_term_links(qapp, default_doc):
    doc = copy.deepcopy(default_doc)
    media = {m["id"]: m for m in doc["media"]}
    media["f-iii-15332"]["description"] = {
        "en": ["Members of the *Revolutionary Military Council* of the 11th Army.", "Baku, 1920."],
        "ru": ["Члены Реввоенсовета 11-й армии."],
    }
    media["f-iii-541"]["description"] = {"en": ["A rally of the RCP(b) & friends."]}
    del media["f-iii-33870"]["description"]  # none given: none shown
    bundle = _typed(doc)
    en, ru = built(bundle, "en"), built(bundle, "ru")
    photos = {p.media_id: p for p in en.photos}
    assert photos["f-iii-15332"].description == (
        'Members of the <a href="term:revvoensovet"><i>Revolutionary Military Council</i></a>'
        " of the 11th Army.",
        "Baku, 1920.",
    )
    photos_ru = {p.media_id: p for p in ru.photos}
    # A Russian word form (forms.ru) links too.
    assert photos_ru["f-iii-15332"].description == (
        'Члены <a href="term:revvoensovet">Реввоенсовета</a> 11-й армии.',
    )
    # No Russian text: the default language's, escaped (its terms are linked by the Russian
    # forms, as on story pages: none here).
    assert photos_ru["f-iii-541"].description == ("A rally of the RCP(b) &amp; friends.",)
    assert {p.media_id: p for p in en.photos}["f-iii-541"].description == (
        'A rally of the <a href="term:rcp-b">RCP(b)</a> &amp; friends.',
    )
    assert photos["f-iii-33870"].description == ()

    # A role of the photo model (``description``), a list of strings.
    model = PhotoModel()
    model.set_rows(en.photos)
    row = model.index_of("f-iii-15332")
    shown = model.data(model.index(row), role(model, "description"))
    assert shown == list(photos["f-iii-15332"].description)


def test_a_biography_links_the_glossary_terms_it_names(presenter):
    for lang, link in [
        ("en", '<a href="term:revvoensovet">Revolutionary Military Council</a>'),
        ("ru", '<a href="term:revvoensovet">Реввоенсовет</a>'),
    ]:
        people = {p.person_id: p for p in presenter.build(lang).people}
        assert any(link in paragraph for paragraph in people["kirov"].biography)


# -- the people a story page names ----------------------------------------------------------


def test_a_story_page_lists_its_people_at_their_places_in_the_sorted_gallery(qapp, presenter):
    en = presenter.build("en")
    pages = {p.page_id: p for p in en.story}
    # The page's own order; the index into the gallery, which is sorted by surname.
    assert pages["aftermath"].people == (
        rows.PersonChip("raskolnikov", "Fyodor Raskolnikov", 3),
        rows.PersonChip("kirov", "Sergei Kirov", 1),
        rows.PersonChip("ordzhonikidze", "Grigory Ordzhonikidze", 2),
    )
    assert pages["armoured-trains"].people == (rows.PersonChip("efremov", "Mikhail Efremov", 0),)
    assert pages["operation"].people == ()
    ru = {p.page_id: p for p in presenter.build("ru").story}
    assert ru["aftermath"].people[0] == rows.PersonChip("raskolnikov", "Фёдор Раскольников", 3)

    # A role of the story model (``people``), a nested model of chips.
    model = StoryModel(qapp)
    model.set_rows(en.story)
    chips = model.data(model.index(model.index_of("aftermath")), role(model, "people"))
    assert isinstance(chips, PersonChipModel)
    assert chips.data(chips.index(0), role(chips, "personIndex")) == 3


def mixed_people() -> list[dict]:
    """People whose English and Russian orders differ, with every way to give a sort name."""
    return [
        person("kirov", _text("Sergei Kirov", "Сергей Киров"), _text("Kirov, S.", "Киров, С.")),
        # Huseynov sorts after Kirov in English (H < K), before him in Russian (Г < К).
        person(
            "huseynov",
            _text("Mirza Davud Huseynov", "Мирза Давуд Гусейнов"),
            _text("Huseynov, Mirza Davud", "Гусейнов, Мирза Давуд"),
        ),
        # Zhukov sorts last in English (Z) and between them in Russian (Ж).
        person("zhukov", _text("Ivan Zhukov", "Иван Жуков"), _text("Zhukov, Ivan", "Жуков, Иван")),
        # Only an English sort name: Russian sorts the Russian name ("Али Абилов", first
        # under А), not the English sort name (Latin: after every Cyrillic name).
        person("abilov", _text("Ali Abilov", "Али Абилов"), {"en": "Abilov, Ali"}),
        # No sort name at all: the name sorts ("Ёлкин" with Е, between Г and Ж).
        person("yolkin", _text("yolkin", "Ёлкин")),
        # Numbers by value, case ignored; equal keys by id.
        person("p10", _text("Person 10", "Человек 10")),
        person("p9", _text("person 9", "человек 9")),
        person("twin-b", _text("Twin", "Близнец")),
        person("twin-a", _text("TWIN", "БЛИЗНЕЦ")),
    ]


def test_people_are_sorted_by_sort_name_in_each_language(qapp):
    bundle = bare(
        people=mixed_people(),
        media=[
            {"id": "m", "file": "m.jpg", "title": _text("M", "М"), "people": ["zhukov", "kirov"]}
        ],
        story=[{"id": "s", "title": _text("S", "С"), "body": {"en": ["."]}, "people": ["zhukov"]}],
    )
    en, ru = built(bundle, "en"), built(bundle, "ru")
    assert [p.person_id for p in en.people] == [
        "abilov", "huseynov", "kirov", "p9", "p10", "twin-a", "twin-b", "yolkin", "zhukov",
    ]  # fmt: skip
    # In Russian every name sorts in Cyrillic: "yolkin" has a Russian name, so sorts as Ёлкин.
    assert [p.person_id for p in ru.people] == [
        "abilov", "twin-a", "twin-b", "huseynov", "yolkin", "zhukov", "kirov", "p9", "p10",
    ]  # fmt: skip
    for b in (en, ru):
        order = [p.person_id for p in b.people]
        chips = [c for photo in b.photos for c in photo.people]
        chips += [c for page in b.story for c in page.people]
        assert [c.person_id for c in chips] == ["zhukov", "kirov", "zhukov"]  # the file's order
        for chip in chips:
            assert order[chip.person_index] == chip.person_id
        # The attract loop's portraits follow the gallery (here none has a portrait).
        assert [s.slide_id for s in b.slides if s.slide_id.startswith("person:")] == []


def test_the_default_exhibit_is_sorted_by_surname(presenter):
    for lang in ("en", "ru"):
        b = presenter.build(lang)
        assert [p.person_id for p in b.people] == DEFAULT_PEOPLE
        portraits = [s.slide_id[len("person:") :] for s in b.slides if ":" in s.slide_id]
        assert portraits == DEFAULT_PEOPLE  # every one has a portrait, in the gallery's order
        for photo in b.photos:
            for chip in photo.people:
                assert b.people[chip.person_index].person_id == chip.person_id


def test_rows_sorted_on_worker_threads_are_those_sorted_on_the_gui_thread(presenter):
    # QCollator is made per build, on the thread that builds: four at once agree.
    expected = {lang: presenter.build(lang) for lang in ("en", "ru")}
    results: dict[int, Built] = {}
    errors: list[BaseException] = []

    def work(i: int) -> None:
        try:
            for _ in range(5):
                results[i] = presenter.build("ru" if i % 2 else "en")
        except BaseException as exc:  # reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert errors == []
    assert len(results) == 4
    for i, b in results.items():
        want = expected["ru" if i % 2 else "en"]
        assert b.people == want.people and b.glossary == want.glossary
        assert b.photos == want.photos and b.story == want.story
    assert [t.term_id for t in expected["ru"].glossary] != [
        t.term_id for t in expected["en"].glossary
    ]  # the languages do sort differently: the threads sorted, not copied


# -- glossary order and index letters -------------------------------------------------------


def test_the_default_glossary_is_sorted_with_index_letters(presenter):
    en = presenter.build("en").glossary
    assert [(t.term_id, t.letter) for t in en] == [
        ("azrevkom", "A"),
        ("musavat", "M"),
        ("rcp-b", "R"),  # RC before Re
        ("revvoensovet", "R"),
        ("rsfsr", "R"),
    ]
    ru = presenter.build("ru").glossary
    assert [(t.term_id, t.letter) for t in ru] == [
        ("azrevkom", "А"),
        ("musavat", "М"),
        ("revvoensovet", "Р"),  # Ре before РК
        ("rcp-b", "Р"),
        ("rsfsr", "Р"),
    ]
    for terms in (en, ru):
        assert_letters_adjacent(terms)


def assert_letters_adjacent(terms: tuple[rows.Term, ...]) -> None:
    """The sections of the A–Z index: each letter one run of the sorted list."""
    letters = [t.letter for t in terms]
    runs = [x for i, x in enumerate(letters) if i == 0 or letters[i - 1] != x]
    assert len(runs) == len(set(runs)), letters


MIXED_TERMS = [
    term("zebra", "zebra", "Zebra"),
    term("yolka", "Yolka", "Ёлка"),
    term("elka", "Elka", "елка"),
    term("yozh", "yozh", "ёж"),
    term("zhuk", "Zhuk", "Жук"),
    term("musavat", "“Musavat”", "«Мусават»"),
    term("moscow", "Moscow", "Москва"),
    term("year", "1920 uprising", "1920 год"),
    term("eclair", "éclair", "эклер"),
    term("emile", "Émile", "Эмиль"),
    term("eagle", "Eagle", "Орёл"),
    term("eve", "Eve", "Ева"),
    term("item10", "item 10", "пункт 10"),
    term("item9", "Item 9", "пункт 9"),
    term("dash", "—", "—"),
    term("iot", "Yot", "Йот"),
    term("ink", "Ink", "Иней"),
    term("jam", "jam", "Jam"),
]


def test_terms_of_a_mixed_glossary_sort_and_letter_consistently(qapp):
    bundle = bare(glossary=MIXED_TERMS)
    en, ru = built(bundle, "en").glossary, built(bundle, "ru").glossary
    assert [(t.term, t.letter) for t in en] == [
        ("—", "#"),  # no letter or digit
        ("1920 uprising", "#"),  # a number: before the letters, under #
        ("Eagle", "E"),
        ("éclair", "E"),  # É sorts with E in English, so it is indexed there
        ("Elka", "E"),
        ("Émile", "E"),
        ("Eve", "E"),
        ("Ink", "I"),
        ("Item 9", "I"),  # by value, not by digits
        ("item 10", "I"),
        ("jam", "J"),
        ("Moscow", "M"),
        ("“Musavat”", "M"),  # quotes neither sort nor index it
        ("Yolka", "Y"),
        ("Yot", "Y"),
        ("yozh", "Y"),
        ("zebra", "Z"),
        ("Zhuk", "Z"),
    ]
    assert [(t.term, t.letter) for t in ru] == [
        ("—", "#"),
        ("1920 год", "#"),
        ("Ева", "Е"),
        ("ёж", "Е"),  # Ё sorts with Е in Russian: one section
        ("елка", "Е"),
        ("Ёлка", "Е"),
        ("Жук", "Ж"),
        ("Иней", "И"),
        ("Йот", "Й"),  # Й is a letter of its own
        ("Москва", "М"),
        ("«Мусават»", "М"),
        ("Орёл", "О"),
        ("пункт 9", "П"),
        ("пункт 10", "П"),
        ("эклер", "Э"),
        ("Эмиль", "Э"),
        ("Jam", "J"),  # Latin after Cyrillic in Russian
        ("Zebra", "Z"),
    ]
    assert_letters_adjacent(en)
    assert_letters_adjacent(ru)


def test_a_letter_the_language_sorts_apart_keeps_its_own_section(qapp):
    # Swedish sorts Ä after Z: "Äpple" is under Ä, at the end, not under A.
    bundle = bare(
        languages=["sv"],
        default_language="sv",
        exhibit={"title": {"sv": "Ordlista"}},
        glossary=[
            {"id": i, "term": {"sv": w}, "definition": {"sv": "."}}
            for i, w in [("a", "Apa"), ("ae", "Äpple"), ("b", "Båt"), ("z", "Zon")]
        ],
    )
    sv = built(bundle, "sv").glossary
    assert [(t.term, t.letter) for t in sv] == [
        ("Apa", "A"),
        ("Båt", "B"),
        ("Zon", "Z"),
        ("Äpple", "Ä"),
    ]


def test_a_sort_name_in_another_language_does_not_sort_this_ones_name(qapp):
    # Only an English sort name: in Russian the person sorts by the Russian name, among the
    # Cyrillic names, not by "Zhukov, Georgy" among the Latin ones (after Раскольников).
    bundle = bare(
        people=[
            person("raskolnikov", _text("Fyodor Raskolnikov", "Раскольников"), None),
            person("zhukov", _text("Georgy Zhukov", "Жуков"), {"en": "Zhukov, Georgy"}),
            person("abilov", _text("Abilov", "Абилов"), None),
        ]
    )
    assert [p.person_id for p in built(bundle, "ru").people] == ["abilov", "zhukov", "raskolnikov"]
    assert [p.person_id for p in built(bundle, "en").people] == ["abilov", "raskolnikov", "zhukov"]


def test_a_letter_without_a_named_base_still_gets_an_index_letter(qapp):
    # "ﻻ" is ARABIC LIGATURE LAM WITH ALEF …: there is no letter called "ARABIC LIGATURE LAM".
    terms = [
        {"id": "lam-alef", "term": {"en": "ﻻ term"}, "definition": {"en": "A ligature."}},
        {"id": "lambda", "term": {"en": "ƛ term"}, "definition": {"en": "A barred lambda."}},
        {"id": "plain", "term": {"en": "Plain"}, "definition": {"en": "A word."}},
    ]
    letters = {t.term_id: t.letter for t in built(bare(glossary=terms), "en").glossary}
    assert letters == {"lam-alef": "ﻻ", "lambda": "ƛ", "plain": "P"}
