"""The Python side QML relies on: list models (qtmodeltester), navigation, rich text."""

from __future__ import annotations

import pytest

from kiosk.content import load_bundle
from kiosk.content.glossary import TermMatcher
from kiosk.ui.models import GlossaryModel, PeopleModel, PhotoModel, StoryModel
from kiosk.ui.navigation import Navigator
from kiosk.ui.present import Presenter
from kiosk.ui.richtext import paragraphs, to_styled
from tests.conftest import DEFAULT_BUNDLE

S = Navigator.Screen


@pytest.fixture(scope="module")
def presenter():
    loaded = load_bundle(DEFAULT_BUNDLE)
    assert loaded.bundle is not None
    return Presenter(loaded.bundle, loaded.root, loaded.images)


@pytest.mark.parametrize(
    ("model_cls", "part"),
    [
        (StoryModel, "story"),
        (PeopleModel, "people"),
        (PhotoModel, "photos"),
        (GlossaryModel, "glossary"),
    ],
)
def test_models_pass_qtmodeltester(qapp, qtmodeltester, presenter, model_cls, part):
    model = model_cls()
    model.set_rows(getattr(presenter.build("en"), part))
    qtmodeltester.check(model, force_py=True)
    assert model.rowCount() > 0
    # A language switch changes data in place and the model stays consistent.
    model.set_rows(getattr(presenter.build("ru"), part))
    qtmodeltester.check(model, force_py=True)


def test_role_names_are_lower_camel_case(qapp):
    names = [bytes(n.data()).decode() for n in PhotoModel().roleNames().values()]
    assert "inventoryNumber" in names
    assert all(n[0].islower() and "_" not in n for n in names)


def test_language_switch_keeps_rows_and_emits_data_changed(qapp, qtbot, presenter):
    model = PeopleModel()
    model.set_rows(presenter.build("en").people)
    with qtbot.assertNotEmitted(model.modelReset), qtbot.waitSignal(model.dataChanged):
        model.set_rows(presenter.build("ru").people)
    assert model.get(1)["name"] == "Сергей Киров"
    assert model.indexOf("efremov") == 3


def test_a_row_missing_a_role_is_refused(qapp):
    with pytest.raises(ValueError, match="lacks roles"):
        GlossaryModel().set_rows([{"termId": "x", "term": "X"}])


def test_photographs_leave_out_portrait_details(presenter):
    assert presenter.photo_ids == ["f-iii-15332", "f-iii-33870", "f-iii-541"]
    people = {p["personId"]: p for p in presenter.build("en").people}
    assert [a["mediaId"] for a in people["kirov"]["appearsIn"]] == ["f-iii-15332"]
    assert people["efremov"]["portraitUrl"].isLocalFile()


def test_navigator_stack(qapp, qtbot):
    nav = Navigator()
    assert (nav.screen, nav.index, nav.depth, nav.canGoBack) == (S.Home, 0, 1, False)
    nav.open(int(S.People), 0)
    nav.open(int(S.Person), 2)
    assert (nav.screen, nav.index, nav.depth) == (S.Person, 2, 3)
    with qtbot.waitSignal(nav.indexChanged), qtbot.assertNotEmitted(nav.screenChanged):
        nav.setIndex(3)
    nav.open(int(S.Person), 1)  # same screen: moved, not stacked
    assert nav.depth == 3
    nav.back()
    assert (nav.screen, nav.depth) == (S.People, 2)
    nav.home()
    assert (nav.screen, nav.depth, nav.canGoBack) == (S.Home, 1, False)
    nav.back()  # nothing below Home
    assert nav.depth == 1


def test_styled_text_escapes_everything_the_curator_wrote(presenter):
    matcher = TermMatcher(presenter.bundle.glossary, "en")
    (html,) = paragraphs(["<script>x</script> & *Azrevkom* took power"], matcher)
    assert html == (
        "&lt;script&gt;x&lt;/script&gt; &amp; "
        '<a href="term:azrevkom"><i>Azrevkom</i></a> took power'
    )
    assert to_styled([]) == ""


def test_russian_word_forms_are_linked(presenter):
    matcher = TermMatcher(presenter.bundle.glossary, "ru")
    spans = matcher.mark("власть Азревкому; РКП(б) и мусаватистов")
    assert [(s.text, s.term) for s in spans if s.term] == [
        ("Азревкому", "azrevkom"),
        ("РКП(б)", "rcp-b"),
        ("мусаватистов", "musavat"),
    ]
