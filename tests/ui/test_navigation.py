"""Navigation that remembers: Back returns to the screen exactly as the visitor left it.

Each test goes the way a visitor does, with real touch events: scroll, tap into an item,
tap Back, and finds the list at the same position, the pager on the same item and the page
scrolled as far as it was.
"""

from __future__ import annotations

import copy

from PySide6.QtCore import QPoint
from PySide6.QtQuick import QQuickItem

from kiosk.ui.navigation import Navigator
from tests.ui.scene import drag, exists, find, items, shown_rect, swipe, tap

S = Navigator.Screen


def at_rest(qtbot, view: QQuickItem) -> None:
    """Wait until a flicked view has stopped."""
    qtbot.waitUntil(lambda: not view.property("moving"), timeout=10_000)


def scroll_up(window, view: QQuickItem, times: int) -> None:
    """Drag the content of ``view`` upwards (to see what is further down)."""
    rect = shown_rect(view)
    x = int(rect.center().x())
    for _ in range(times):
        drag(window, QPoint(x, int(rect.bottom() - 40)), QPoint(x, int(rect.top() + 40)), steps=8)


def forty_people(doc):
    """The default exhibit with 40 people: the portrait gallery scrolls."""
    people = doc["people"]
    for i in range(40 - len(people)):
        person = copy.deepcopy(people[i % len(people)])
        person["id"] = f"{person['id']}-{i}"
        people.append(person)
    for media in doc["media"]:
        media.pop("people", None)
    return doc


def test_back_returns_to_the_people_grid_where_it_was_scrolled(
    open_kiosk, qtbot, default_doc, write_doc
):
    view = open_kiosk(bundle=write_doc(forty_people(default_doc)))
    win, nav = view.window, view.session.navigator
    tap(win, find(win, "openPeople"))
    qtbot.waitUntil(lambda: exists(win, "peopleGrid"))
    grid = find(win, "peopleGrid")
    scroll_up(win, grid, 3)
    at_rest(qtbot, grid)
    left_at = grid.property("contentY")
    assert left_at > grid.height()  # far down: more than a screenful

    # A person visible now, far down the list.
    cells = [i for i in items(grid) if i.objectName().startswith("person_")]
    shown = [c for c in cells if shown_rect(c).intersects(shown_rect(grid)) and c.isVisible()]
    cell = max(shown, key=lambda c: int(c.objectName().split("_")[1]))
    index = int(cell.objectName().split("_")[1])
    assert index > 8
    tap(win, cell)
    qtbot.waitUntil(lambda: nav.screen == S.Person and nav.index == index)
    qtbot.waitUntil(lambda: exists(win, "personPages"))

    tap(win, find(win, "backButton"))
    qtbot.waitUntil(lambda: nav.screen == S.People and exists(win, "peopleGrid"))
    grid = find(win, "peopleGrid")
    assert abs(grid.property("contentY") - left_at) < 1


def test_back_from_the_viewer_returns_to_the_same_person_scrolled_as_far(open_kiosk, qtbot):
    view = open_kiosk(size=(1280, 800))
    win, nav = view.window, view.session.navigator
    tap(win, find(win, "openPeople"))
    qtbot.waitUntil(lambda: exists(win, "person_0"))
    tap(win, find(win, "person_0"))
    qtbot.waitUntil(lambda: exists(win, "personPages"))
    pages = find(win, "personPages")
    at_rest(qtbot, pages)
    swipe(win, pages, -1)  # to Kirov, who appears in a photograph
    qtbot.waitUntil(lambda: nav.index == 1)
    at_rest(qtbot, pages)
    page = pages.property("currentItem")
    scroll_up(win, page, 1)
    at_rest(qtbot, page)
    left_at = page.property("contentY")
    assert left_at > 0

    # On Kirov's page (other pages of the pager are built too).
    photo = next(i for i in items(page) if i.objectName() == "appearsIn_f-iii-15332")
    assert shown_rect(photo).height() > 0  # in sight after the scroll
    tap(win, photo)
    qtbot.waitUntil(lambda: nav.screen == S.Viewer)
    qtbot.waitUntil(lambda: exists(win, "photoViewer"))

    tap(win, find(win, "backButton"))
    qtbot.waitUntil(lambda: nav.screen == S.Person and exists(win, "personPages"))
    pages = find(win, "personPages")
    assert (nav.index, pages.property("currentIndex")) == (1, 1)
    page = pages.property("currentItem")
    assert abs(page.property("contentY") - left_at) < 1


def test_a_screen_follows_its_entry_when_the_entry_moves(kiosk, qtbot):
    # The pager is not read once: a change of the entry (a chronology date, a person chip)
    # moves the screen that is already showing it.
    win, nav = kiosk.window, kiosk.session.navigator
    nav.open(int(S.Story), 1)
    qtbot.waitUntil(lambda: exists(win, "storyPages"))
    pages = find(win, "storyPages")
    assert pages.property("currentIndex") == 1
    nav.open(int(S.Story), 4)  # the same screen: the entry moves
    qtbot.waitUntil(lambda: pages.property("currentIndex") == 4)
    assert find(win, "storyPages") is pages  # not rebuilt


def test_a_view_with_more_to_see_says_so(open_kiosk, qtbot, default_doc, write_doc):
    view = open_kiosk(bundle=write_doc(forty_people(default_doc)))
    win = view.window
    tap(win, find(win, "openPeople"))
    qtbot.waitUntil(lambda: exists(win, "peopleGrid"))
    grid = find(win, "peopleGrid")
    cues = [i for i in items(grid.parentItem()) if i.objectName() == "scrollCue"]
    assert len(cues) == 1
    cue = cues[0]
    qtbot.waitUntil(lambda: cue.isVisible() and shown_rect(cue).height() > 0)
    bar = cue.property("contentItem")
    top = bar.mapToScene(bar.boundingRect().topLeft()).y()
    scroll_up(win, grid, 2)
    at_rest(qtbot, grid)
    assert bar.mapToScene(bar.boundingRect().topLeft()).y() > top  # it follows the scroll

    # A list that fits shows none: a cue only where there is more.
    tap(win, find(win, "homeButton"))
    tap(win, find(win, "openGlossary"))
    qtbot.waitUntil(lambda: exists(win, "glossaryList"))
    glossary = find(win, "glossaryList")
    (cue,) = [i for i in items(glossary) if i.objectName() == "scrollCue"]
    fits = glossary.property("contentHeight") <= glossary.height()
    assert cue.isVisible() is not fits
