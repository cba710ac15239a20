"""A language switch re-sorts the people (by sort name, per language): the visitor stays on
the person they were reading, and Back returns to the same ones.

Here Huseynov sorts second in English (Efremov, Huseynov, Kirov…) and first in Russian
(Гусейнов, Ефремов, Киров…): after a switch the same position is somebody else.
"""

from __future__ import annotations

import copy

from kiosk.ui.navigation import Entry, Navigator, moved
from tests.ui.scene import exists, find, scene_rect, tap, visible_texts

S = Navigator.Screen

HUSEYNOV = {"en": "Mirza Davud Huseynov", "ru": "Мирза Давуд Гусейнов"}
EFREMOV = {"en": "Mikhail Efremov", "ru": "Михаил Ефремов"}


def with_huseynov(doc):
    """The default exhibit and one more person, shown in the third photograph."""
    doc = copy.deepcopy(doc)
    doc["people"].append(
        {
            "id": "huseynov",
            "name": HUSEYNOV,
            "sort_name": {"en": "Huseynov, Mirza Davud", "ru": "Гусейнов, Мирза Давуд"},
            "summary": {"en": "Revolutionary", "ru": "Революционер"},
        }
    )
    (photo,) = [m for m in doc["media"] if m["id"] == "f-iii-541"]
    photo["people"] = ["huseynov"]
    return doc


def switch(qtbot, session, code):
    """Choose a language as the switch does, and wait until every text is in it."""
    with qtbot.waitSignal(session.languageChanged, timeout=5000):
        session.language.choose(code)


def person_shown(qtbot, win, nav, name, others):
    """The person screen is on top and its pager, at rest on the entry's index, shows
    ``name`` and none of ``others``."""
    qtbot.waitUntil(lambda: nav.screen == S.Person and exists(win, "personPages"))
    pages = find(win, "personPages")
    qtbot.waitUntil(lambda: pages.property("currentIndex") == nav.index)
    qtbot.waitUntil(lambda: pages.property("currentItem").property("name") == name)
    # At rest on it (a tap on a moving pager only stops it).
    page = pages.property("currentItem")
    qtbot.waitUntil(lambda: abs(scene_rect(page).x() - scene_rect(pages).x()) < 0.5)
    qtbot.waitUntil(
        lambda: name in visible_texts(win) and not set(others) & set(visible_texts(win)),
        timeout=5000,
    )


def test_a_language_switch_keeps_the_person_and_back_returns_to_them(
    open_kiosk, qtbot, default_doc, write_doc
):
    view = open_kiosk(bundle=write_doc(with_huseynov(default_doc)))
    win, session = view.window, view.session
    nav = session.navigator
    order = {"en": [p.person_id for p in session.people.rows]}
    assert order["en"][:3] == ["efremov", "huseynov", "kirov"]

    tap(win, find(win, "openPeople"))
    qtbot.waitUntil(lambda: exists(win, "person_1"))
    tap(win, find(win, "person_1"))
    person_shown(qtbot, win, nav, HUSEYNOV["en"], [EFREMOV["en"]])
    assert nav.index == 1

    switch(qtbot, session, "ru")
    assert [p.person_id for p in session.people.rows][:3] == ["huseynov", "efremov", "kirov"]
    assert nav.index == 0  # where Huseynov is now
    assert [e.screen for e in nav.entries] == [S.Home, S.People, S.Person]
    person_shown(qtbot, win, nav, HUSEYNOV["ru"], [EFREMOV["ru"]])

    # On to a photograph of his, switch back there, and Back: the person below followed.
    tap(win, find(win, "appearsIn_f-iii-541"))
    qtbot.waitUntil(lambda: nav.screen == S.Viewer and exists(win, "photoViewer"))
    viewer_at = nav.index
    switch(qtbot, session, "en")
    assert nav.index == viewer_at  # photographs are not re-sorted
    assert [(e.screen, e.index) for e in nav.entries][1:] == [
        (S.People, 0),
        (S.Person, 1),
        (S.Viewer, viewer_at),
    ]
    tap(win, find(win, "backButton"))
    person_shown(qtbot, win, nav, HUSEYNOV["en"], [EFREMOV["en"]])

    # And forward again, the other way round.
    tap(win, find(win, "appearsIn_f-iii-541"))
    qtbot.waitUntil(lambda: nav.screen == S.Viewer and exists(win, "photoViewer"))
    switch(qtbot, session, "ru")
    tap(win, find(win, "backButton"))
    person_shown(qtbot, win, nav, HUSEYNOV["ru"], [EFREMOV["ru"]])
    assert nav.index == 0


def test_a_swipe_after_a_switch_goes_on_in_the_new_order(open_kiosk, qtbot, default_doc, write_doc):
    # Efremov is first in English: switched to Russian he is second, and Back from the
    # People grid and into him again finds him where the grid now has him.
    view = open_kiosk(bundle=write_doc(with_huseynov(default_doc)))
    win, session = view.window, view.session
    nav = session.navigator
    nav.open(int(S.People), 0)
    nav.open(int(S.Person), 0)
    person_shown(qtbot, win, nav, EFREMOV["en"], [HUSEYNOV["en"]])
    switch(qtbot, session, "ru")
    assert nav.index == 1
    person_shown(qtbot, win, nav, EFREMOV["ru"], [HUSEYNOV["ru"]])
    tap(win, find(win, "backButton"))
    qtbot.waitUntil(lambda: exists(win, "person_1"))
    tap(win, find(win, "person_1"))  # the grid's second cell: Efremov in Russian
    person_shown(qtbot, win, nav, EFREMOV["ru"], [HUSEYNOV["ru"]])


def test_renumber_moves_each_entry_of_the_screen_with_its_item(qapp, qtbot):
    nav = Navigator()
    nav.open(int(S.People), 0)
    nav.keepScroll(300.0)
    nav.open(int(S.Person), 1)
    nav.keepScroll(120.0)  # how far the person's page was read
    nav.open(int(S.Viewer), 1)
    swap = [1, 0, 2]  # items 0 and 1 changed places
    # Not on top: nothing on screen changes.
    with (
        qtbot.assertNotEmitted(nav.indexChanged),
        qtbot.assertNotEmitted(nav.screenChanged),
        qtbot.assertNotEmitted(nav.entryChanged),
        qtbot.assertNotEmitted(nav.depthChanged),
    ):
        nav.renumber(S.Person, swap)
    assert nav.entries[1:] == (
        Entry(S.People, 0, 300.0),
        Entry(S.Person, 0, 120.0),
        Entry(S.Viewer, 1),
    )
    nav.back()
    assert (nav.screen, nav.index, nav.scroll) == (S.Person, 0, 120.0)
    # On top: the pager follows the index; the entry (and its scroll) stays.
    with (
        qtbot.waitSignal(nav.indexChanged),
        qtbot.assertNotEmitted(nav.entryChanged),
        qtbot.assertNotEmitted(nav.leaving),
    ):
        nav.renumber(S.Person, swap)
    assert (nav.screen, nav.index, nav.scroll) == (S.Person, 1, 120.0)
    with qtbot.assertNotEmitted(nav.indexChanged):
        nav.renumber(S.Person, [0, 1, 2])  # the same order
        nav.renumber(S.Story, swap)  # another screen's list
    assert nav.index == 1


def test_moved_maps_positions_through_ids():
    assert moved(["a", "b", "c"], ["b", "c", "a"]) == [2, 0, 1]
    assert moved(["a", "gone"], ["a"]) == [0, 1]  # an item that is gone stays put
    assert moved([], ["a"]) == []


def test_render_and_proof_walk_each_person_to_their_own_page(qapp, default_doc, write_doc):
    # `kiosk render` and `kiosk proof` name a state after the person; the page captured
    # must be that person's in every language's order.
    from kiosk.ui.shoot import Shooter
    from kiosk.ui.walk import switch_language, walk

    names = {p["id"]: p["name"] for p in with_huseynov(default_doc)["people"]}
    with Shooter(write_doc(with_huseynov(default_doc))) as shooter:
        view = shooter.view
        view.window.resize(1280, 800)
        nav, people = view.session.navigator, view.session.people
        for lang in ("en", "ru"):
            switch_language(view, lang)
            seen = []
            for state in walk(view, shooter.clock):
                if "-photographs" in state.name:
                    break
                if "-person-" not in state.name or state.name.endswith("-end"):
                    continue
                pid = state.name.split("-person-", 1)[1]
                seen.append(pid)
                assert people.rows[nav.index].person_id == pid
                assert names[pid][lang] in visible_texts(view.window)
            assert seen == list(names)  # the bundle's order, the same in every language
