"""The Python side QML relies on: typed list models (qtmodeltester), navigation, rich text."""

from __future__ import annotations

import pytest

from kiosk.content import load_bundle
from kiosk.content.glossary import TermMatcher
from kiosk.ui import rows
from kiosk.ui.models import (
    GlossaryModel,
    OneRow,
    OtherNameModel,
    PeopleModel,
    PhotoModel,
    RowOf,
    StoryModel,
    ThumbModel,
)
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
    assert model.rows[1].name == "Сергей Киров"
    assert model.index_of("efremov") == 0  # sorted by sort name: Efremov first


def role(model, name):
    return next(k for k, v in model.roleNames().items() if bytes(v.data()).decode() == name)


def test_nested_lists_are_models_updated_in_place(qapp, qtbot, qtmodeltester, presenter):
    model = PeopleModel(qapp)  # outlives the model tester's clean-up of its nested model
    model.set_rows(presenter.build("en").people)
    row = model.index_of("ordzhonikidze")
    names = model.data(model.index(row), role(model, "otherNames"))
    assert isinstance(names, OtherNameModel)
    qtmodeltester.check(names, force_py=True)
    label = role(names, "label")
    assert names.data(names.index(0), label) == "Party pseudonym"
    appears = model.data(model.index(row), role(model, "appearsIn"))
    assert isinstance(appears, ThumbModel)
    # Asked again: the same model, so delegates bound to it are not rebuilt.
    assert model.data(model.index(row), role(model, "otherNames")) is names
    with qtbot.assertNotEmitted(names.modelReset), qtbot.waitSignal(names.dataChanged):
        model.set_rows(presenter.build("ru").people)
    assert names.data(names.index(0), label) == "Партийный псевдоним"


def test_a_row_of_another_type_is_refused(qapp):
    with pytest.raises(TypeError, match="shows Term rows"):
        GlossaryModel().set_rows([rows.OtherName("x", "X")])


def test_one_row_shows_a_row_by_id_or_position_and_follows_the_language(qapp, presenter):
    glossary = GlossaryModel()
    glossary.set_rows(presenter.build("en").glossary)
    one = OneRow()
    one.setSourceModel(glossary)
    assert one.rowCount() == 0
    one.setProperty("key", "azrevkom")
    assert one.rowCount() == 1
    term = role(glossary, "term")
    assert one.data(one.index(0, 0), term) == "Azrevkom"
    glossary.set_rows(presenter.build("ru").glossary)
    assert one.data(one.index(0, 0), term) == "Азревком"
    one.setProperty("key", "")
    one.setProperty("row", 2)
    assert one.rowCount() == 1
    assert one.data(one.index(0, 0), term) == glossary.rows[2].term


def test_row_of_shows_one_row_follows_it_and_ignores_the_others(
    qapp, qtbot, qtmodeltester, presenter
):
    photos = PhotoModel()
    photos.set_rows(presenter.build("en").photos)
    one = RowOf()
    assert one.rowCount() == 0
    one.setProperty("sourceModel", photos)
    assert one.rowCount() == 0  # no row chosen
    one.setProperty("row", 2)
    qtmodeltester.check(one)
    title = role(photos, "title")
    assert one.rowCount() == 1 and one.roleNames() == photos.roleNames()
    assert one.data(one.index(0, 0), title) == photos.rows[2].title
    # A language switch changes its row in place: the one row changes with it.
    with qtbot.waitSignal(one.dataChanged, timeout=1000):
        photos.set_rows(presenter.build("ru").photos)
    assert one.data(one.index(0, 0), title) == photos.rows[2].title
    assert "Баку" in one.data(one.index(0, 0), title)
    # A change to another row only is not its change.
    changed: list[int] = []
    one.dataChanged.connect(lambda *_: changed.append(1))
    photos.dataChanged.emit(photos.index(0), photos.index(1), [title])
    assert changed == []
    # Fewer rows than its position: none shown (after a reset).
    with qtbot.waitSignal(one.modelReset, timeout=1000):
        photos.set_rows(presenter.build("ru").photos[:2])
    assert one.rowCount() == 0


def test_photographs_leave_out_portrait_details(presenter):
    assert presenter.photo_ids == ["f-iii-15332", "f-iii-33870", "f-iii-541"]
    people = {p.person_id: p for p in presenter.build("en").people}
    assert [a.media_id for a in people["kirov"].appears_in] == ["f-iii-15332"]
    # Efremov has a portrait; with no rendition made yet it is not shown (never the original).
    assert people["efremov"].has_portrait and people["efremov"].portrait_url.isEmpty()


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


def test_entries_keep_their_view_state_for_back(qapp, qtbot):
    nav = Navigator()
    reported = []

    def report():  # what a screen does when it is left
        reported.append(nav.screen)
        nav.keepScroll(240.0 * len(reported))

    nav.leaving.connect(report)
    nav.open(int(S.People), 0)
    nav.open(int(S.Person), 7)  # People is left at 480 (second report)
    nav.setIndex(8)  # a swipe: not a new entry, nothing to report
    assert reported == [S.Home, S.People]
    assert (nav.scroll, nav.index) == (0.0, 8)
    with qtbot.waitSignal(nav.entryChanged):
        nav.back()
    assert (nav.screen, nav.scroll) == (S.People, 480.0)
    nav.home()
    assert (nav.screen, nav.scroll) == (S.Home, 0.0)


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


def test_nested_models_are_kept_only_for_the_rows_recently_shown(qapp, qtbot):
    # Visiting every person of a large exhibit must not keep a model per row forever.
    from PySide6.QtCore import QCoreApplication, QEvent, QUrl
    from shiboken6 import isValid

    from kiosk.ui.models import NESTED_KEPT

    def person(i):
        name = rows.OtherName("Born", f"Name {i}")
        return rows.Person(f"p{i}", f"P {i}", "", "", (name,), (), (), QUrl(), QUrl(), "", ())

    model = PeopleModel(qapp)
    model.set_rows([person(i) for i in range(NESTED_KEPT * 3)])
    names = role(model, "otherNames")
    made = [model.data(model.index(i), names) for i in range(NESTED_KEPT * 3)]
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert len(model._children) == NESTED_KEPT
    assert not isValid(made[0])  # let go
    assert isValid(made[-1]) and model.data(model.index(len(made) - 1), names) is made[-1]
    label = role(made[-1], "name")
    assert made[-1].data(made[-1].index(0), label) == f"Name {len(made) - 1}"
