"""What a screen reader is told when the screen changes: the window's title names the screen
and the exhibit, and the focus moves to the screen's title (a page's, a person's name, the
photograph), so reading starts there; an overlay keeps the focus while it is open."""

from __future__ import annotations

from PySide6.QtQuick import QQuickItem

from kiosk.ui.navigation import Navigator
from tests.ui.scene import find, tap

S = Navigator.Screen


def focused(view) -> QQuickItem | None:
    return view.window.activeFocusItem()


def focus_is_on(view, name: str, text: str) -> bool:
    item = focused(view)
    return item is not None and item.objectName() == name and item.property("text") == text


def test_each_screen_names_the_window_and_takes_the_focus_to_its_title(open_kiosk, qtbot):
    view = open_kiosk()
    session, win = view.session, view.window
    exhibit = session.exhibit.property("title")
    assert exhibit
    qtbot.waitUntil(lambda: focus_is_on(view, "homeTitle", exhibit))
    assert win.title() == exhibit

    page = session.story.rows[2]
    session.navigator.open(int(S.Story), 2)
    qtbot.waitUntil(lambda: focus_is_on(view, "pageTitle", page.title))
    assert win.title() == f"{page.title} – {exhibit}"
    # A page turned: the new page's title, however it was turned.
    session.navigator.setIndex(3)
    turned = session.story.rows[3].title
    qtbot.waitUntil(lambda: focus_is_on(view, "pageTitle", turned))
    assert win.title() == f"{turned} – {exhibit}"

    person = session.people.rows[1]
    session.navigator.open(int(S.Person), 1)
    qtbot.waitUntil(lambda: focus_is_on(view, "personName", person.name))
    assert win.title() == f"{person.name} – {exhibit}"

    session.navigator.open(int(S.People), 0)
    qtbot.waitUntil(lambda: win.title().startswith("People – "))
    assert focused(view).property("text") == "People"

    photo = session.photos.rows[0]
    session.navigator.open(int(S.Viewer), 0)
    qtbot.waitUntil(lambda: win.title() == f"{photo.title} – {exhibit}")
    item = focused(view)
    assert item is not None and item.property("alt") == photo.alt
    assert item.property("caption") == (photo.alt or photo.title)

    session.navigator.home()
    qtbot.waitUntil(lambda: focus_is_on(view, "homeTitle", exhibit))
    assert win.title() == exhibit


def test_the_title_follows_the_language(open_kiosk, qtbot):
    view = open_kiosk()
    session = view.session
    session.navigator.open(int(S.Glossary), 0)
    qtbot.waitUntil(lambda: view.window.title().startswith("Glossary – "))
    with qtbot.waitSignal(session.languageChanged, timeout=10_000):
        session.language.choose("ru")
    exhibit = session.exhibit.property("title")
    qtbot.waitUntil(lambda: view.window.title() == f"Словарь – {exhibit}")
    assert focused(view).property("text") == "Словарь"


def test_an_open_term_card_keeps_the_focus_and_gives_it_back(open_kiosk, qtbot):
    view = open_kiosk()
    session, win = view.session, view.window
    session.navigator.open(int(S.Story), 0)
    first = session.story.rows[0].title
    qtbot.waitUntil(lambda: focus_is_on(view, "pageTitle", first))
    card = win.findChild(QQuickItem, "glossaryCard")
    card.setProperty("termId", "azrevkom")  # what a tapped term link does
    qtbot.waitUntil(lambda: card.property("opacity") == 1)
    session.navigator.setIndex(1)  # the page behind turns (a swipe, a key)
    second = session.story.rows[1].title
    qtbot.waitUntil(lambda: session.navigator.index == 1)
    assert not focus_is_on(view, "pageTitle", second)
    tap(win, find(win, "closeTermButton"))
    qtbot.waitUntil(lambda: focus_is_on(view, "pageTitle", second))
