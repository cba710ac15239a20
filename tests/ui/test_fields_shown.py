"""The default exhibit's fields that lead somewhere, driven by taps in the real scene: a
glossary term in a photograph's description and in a biography opens its card, and a story
page's people are chips that open each person's page."""

from __future__ import annotations

from PySide6.QtQuick import QQuickItem

from kiosk.ui.navigation import Navigator
from tests.ui.scene import exists, find, items, link_point, tap, visible_texts

S = Navigator.Screen


def paragraph_with(root: QQuickItem, href: str) -> QQuickItem:
    """The visible paragraph under ``root`` that links ``href``."""
    found = [
        i
        for i in items(root)
        if i.objectName() == "paragraph" and i.isVisible() and href in str(i.property("text"))
    ]
    assert found, f"no paragraph links {href}"
    return found[0]


def card_shows(win, words: str) -> bool:
    """The glossary card is open and its definition says ``words``."""
    return exists(win, "termCard") and words in str(find(win, "termDefinition").property("text"))


def test_a_term_in_a_photographs_description_opens_its_card(kiosk, qtbot):
    win, session = kiosk.window, kiosk.session
    index = session.photo_ids.index("f-iii-541")
    session.navigator.open(int(S.Viewer), index)
    qtbot.waitUntil(lambda: exists(win, "captionDescription"))
    description = find(win, "captionDescription")
    assert "29–30 April 1920" in " ".join(visible_texts(win))
    paragraph = paragraph_with(description, "term:azrevkom")
    tap(win, link_point(paragraph, "term:azrevkom"))
    qtbot.waitUntil(lambda: card_shows(win, "Provisional Azerbaijan Revolutionary Committee"))
    assert session.navigator.screen == S.Viewer  # the card is over the viewer, not instead


def test_a_term_in_a_biography_opens_its_card(kiosk, qtbot):
    win, session = kiosk.window, kiosk.session
    where = session.people.index_of("ordzhonikidze")
    session.navigator.open(int(S.Person), where)
    qtbot.waitUntil(lambda: exists(win, "personPages"))
    pages = find(win, "personPages")
    qtbot.waitUntil(lambda: pages.property("currentIndex") == where)
    page = pages.property("currentItem")
    href = "term:rcp-b"
    qtbot.waitUntil(lambda: any(href in str(i.property("text")) for i in items(page)))
    paragraph = paragraph_with(page, href)
    tap(win, link_point(paragraph, href))
    qtbot.waitUntil(lambda: card_shows(win, "Russian Communist Party (Bolsheviks)."))


def test_a_story_pages_people_are_chips_that_open_each_person(kiosk, qtbot):
    win, session = kiosk.window, kiosk.session
    nav = session.navigator
    (page,) = [i for i, p in enumerate(session.bundle.story) if p.id == "armoured-trains"]
    nav.open(int(S.Story), page)
    qtbot.waitUntil(lambda: exists(win, "pagePerson_efremov"))
    chip = find(win, "pagePerson_efremov")
    assert chip.property("text") == "Mikhail Efremov"
    tap(win, chip)
    qtbot.waitUntil(lambda: nav.screen == S.Person)
    assert nav.index == session.people.index_of("efremov")
    qtbot.waitUntil(lambda: "Mikhail Efremov" in visible_texts(win))
    # Back returns to the page the visitor came from.
    tap(win, find(win, "backButton"))
    qtbot.waitUntil(lambda: nav.screen == S.Story and nav.index == page)
