"""Everything a visitor sees, a screen-reader user can read: every visible text is in the
accessibility tree (as its own object or in the name of the button it labels), every button
and picture has a name, and every tappable thing a press action."""

from __future__ import annotations

import re
from html import unescape

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtGui import QAccessible
from PySide6.QtQuick import QQuickItem

from kiosk.ui.navigation import Navigator
from tests.ui.a11y import nodes, press
from tests.ui.scene import find, text_items

S = Navigator.Screen


def plain(text: str) -> str:
    """A Text item's words without our StyledText markup, whitespace made single."""
    text = re.sub(r"<br>", " ", text)
    text = unescape(re.sub(r"<[^>]*>", "", text))
    return " ".join(text.split())


def button_of(item: QQuickItem) -> QQuickItem | None:
    """The button ``item`` is the label of, if any."""
    parent = item.parentItem()
    while parent is not None:
        if parent.inherits("QQuickAbstractButton"):
            return parent
        parent = parent.parentItem()
    return None


def unread(window) -> list[str]:
    """The visible texts no accessible object carries: a text is read as its own object,
    within a paragraph or name, or as the name of the button it labels (which may leave
    out a decoration: "‹ Back" is the button "Back")."""
    names = [" ".join(n.name.split()) for n in nodes(window)]
    missing = []
    for item in text_items(window):
        words = plain(str(item.property("text")))
        if not words or any(words in name for name in names):
            continue
        button = button_of(item)
        iface = QAccessible.queryAccessibleInterface(button) if button is not None else None
        if iface is not None and iface.text(QAccessible.Text.Name).strip():
            continue
        missing.append(words)
    return missing


SCREENS = [
    ("home", None, 0),
    ("story 1", S.Story, 0),
    ("story 4", S.Story, 3),
    ("people", S.People, 0),
    ("person 1", S.Person, 0),
    ("photographs", S.Photos, 0),
    ("viewer", S.Viewer, 0),
    ("glossary", S.Glossary, 0),
]


@pytest.mark.parametrize("language", ["en", "ru"])
def test_every_visible_text_is_in_the_tree_and_every_control_is_named(open_kiosk, qtbot, language):
    view = open_kiosk()
    session, win = view.session, view.window
    if language != "en":
        with qtbot.waitSignal(session.languageChanged, timeout=10_000):
            session.language.choose(language)
    problems: dict[str, list[str]] = {}
    for label, screen, index in SCREENS:
        if screen is None:
            session.navigator.home()
        else:
            session.navigator.open(int(screen), index)
        qtbot.waitUntil(lambda: bool(text_items(win)))
        qtbot.wait(400)  # the screen's fade-in and its images: what is shown settles
        shown = nodes(win)
        found = [f"text not in the tree: {t!r}" for t in unread(win)]
        found += [
            f"{n.role} without a name"
            for n in shown
            if n.role in ("Button", "Link", "Graphic", "Heading", "CheckBox", "Indicator")
            and not n.name
        ]
        found += [
            f"{n.role} {n.name!r} cannot be pressed"
            for n in shown
            if n.role in ("Button", "Link") and "Press" not in n.actions
        ]
        if found:
            problems[label] = found
    assert problems == {}, "\n".join(f"{k}: {v}" for k, vs in problems.items() for v in vs)


def graphics(window) -> list[tuple[str, str]]:
    """(name, description) of every picture in the tree, in reading order."""
    return [(n.name, n.description) for n in nodes(window) if n.role == "Graphic"]


def test_pictures_are_named_with_the_bundles_alt_text(open_kiosk, qtbot):
    view = open_kiosk()
    session, win = view.session, view.window
    exhibit = session.exhibit
    assert exhibit.property("heroAlt")
    qtbot.waitUntil(lambda: (exhibit.property("heroAlt"), "") in graphics(win))

    session.navigator.open(int(S.Photos), 0)
    qtbot.waitUntil(lambda: len(graphics(win)) >= 3)
    alts = {p.alt for p in session.photos.rows}
    shown = [name for name, _ in graphics(win)]
    assert shown and set(shown) <= alts, set(shown) - alts

    session.navigator.open(int(S.People), 0)
    qtbot.waitUntil(lambda: len(graphics(win)) >= 3)
    portraits = {p.portrait_alt or p.name for p in session.people.rows}
    assert {name for name, _ in graphics(win)} <= portraits

    photo = next(i for i, p in enumerate(session.photos.rows) if p.description_text)
    session.navigator.open(int(S.Viewer), photo)
    row = session.photos.rows[photo]
    qtbot.waitUntil(lambda: (row.alt, row.description_text) in graphics(win))
    # Only the photograph on show: its neighbours, out of sight, are not read (found: the
    # next one, behind the caption panel, was read as a second photograph).
    others = {p.alt for i, p in enumerate(session.photos.rows) if i != photo}
    assert not [name for name, _ in graphics(win) if name in others]
    # Pictures that open the viewer can be pressed as a screen reader does.
    session.navigator.open(int(S.Story), 3)
    qtbot.waitUntil(lambda: any(n.role == "Graphic" and "Press" in n.actions for n in nodes(win)))


def test_the_current_language_date_and_caption_are_said_to_be_so(open_kiosk, qtbot):
    view = open_kiosk()
    session, win = view.session, view.window

    def state(name: str) -> tuple[bool, bool]:
        (node,) = [n for n in nodes(win) if n.name == name and "Press" in n.actions]
        return node.selected, node.checked

    assert state("English")[0] and not state("Русский")[0]
    with qtbot.waitSignal(session.languageChanged, timeout=10_000):
        session.language.choose("ru")
    qtbot.waitUntil(lambda: state("Русский")[0] and not state("English")[0])

    session.navigator.open(int(S.Story), 2)
    date = session.story.rows[2].date
    qtbot.waitUntil(lambda: state(date)[0])
    others = [n for n in nodes(win) if n.role == "Button" and n.selected and n.name != "Русский"]
    assert [n.name for n in others] == [date]

    session.navigator.open(int(S.Viewer), 0)
    qtbot.waitUntil(lambda: any(n.name == "Подпись" for n in nodes(win)))
    shown = find(win, "captionPanel").property("open")
    assert state("Подпись") == (False, shown)  # checked while the caption shows
    press(win, "Подпись")
    qtbot.waitUntil(lambda: state("Подпись") == (False, not shown))
    qtbot.waitUntil(lambda: find(win, "viewerPhotos").property("width") > 0)
    assert bool(view.window.findChild(QQuickItem, "captionPanel").property("open")) is not shown


def test_what_an_open_card_covers_cannot_be_pressed(open_kiosk, qtbot):
    """With a term's card open, nothing behind it acts when pressed as a screen reader
    presses it: buttons, term links, pictures (found: "Next" turned the page, a term link
    changed the card, a picture opened the viewer)."""
    view = open_kiosk()
    session, win = view.session, view.window
    session.navigator.open(int(S.Story), 3)  # a page with a picture and term links
    qtbot.waitUntil(lambda: any(n.role == "Graphic" and "Press" in n.actions for n in nodes(win)))
    card = win.findChild(QQuickItem, "glossaryCard")
    card.setProperty("termId", "azrevkom")  # what a tapped term link does
    qtbot.waitUntil(lambda: card.property("opacity") == 1)
    pressed = []
    for node in nodes(win):
        if "Press" not in node.actions or node.item is None or card.isAncestorOf(node.item):
            continue  # the card's own Close acts, of course
        iface = QAccessible.queryAccessibleInterface(node.item)
        iface.actionInterface().doAction("Press")
        pressed.append((node.role, node.name))
    roles = {role for role, _ in pressed}
    assert {"Button", "Link", "Graphic"} <= roles, pressed
    # A press acts at once (the button's click turns the page in the same call): nothing
    # happened means nothing will.
    assert (session.navigator.screen, session.navigator.index) == (int(S.Story), 3)
    assert card.property("termId") == "azrevkom"


def test_objects_say_the_language_they_are_in(open_kiosk, qtbot):
    """A screen reader picks its voice by the language an object reports: the process's
    locale for a text, and each control's own (found: "C" everywhere, after a switch too)."""
    view = open_kiosk()
    session, win = view.session, view.window

    def button_locales() -> dict[str, str]:
        found = {}
        for n in nodes(win):
            iface = QAccessible.queryAccessibleInterface(n.item) if n.item else None
            attrs = iface.attributesInterface() if iface is not None else None
            if n.role == "Button" and attrs is not None:
                found[n.name] = attrs.attributeValue(QAccessible.Attribute.Locale).name()
        return found

    def others(locales: dict[str, str]) -> set[str]:
        return {v for k, v in locales.items() if k not in ("English", "Русский")}

    # Each language's button is in its own language, every other control in the visitor's.
    before = button_locales()
    assert (before["English"], before["Русский"]) == ("en_US", "ru_RU")
    assert QLocale().name() == "en_US" and others(before) == {"en_US"}
    with qtbot.waitSignal(session.languageChanged, timeout=10_000):
        session.language.choose("ru")
    assert QLocale().name() == "ru_RU"
    qtbot.waitUntil(lambda: others(button_locales()) == {"ru_RU"})
    after = button_locales()
    assert (after["English"], after["Русский"]) == ("en_US", "ru_RU")


def test_a_screen_reader_connecting_is_no_warning_for_the_staff_panel(caplog):
    """Each AT-SPI client asks Qt's bridge for a method it lacks, and Qt warns: that is
    logged as information, never among the staff panel's recent warnings."""
    import logging

    from PySide6.QtCore import QtMsgType

    from kiosk import logs
    from kiosk.ui.app import _qt_message

    caplog.set_level(logging.INFO, logger="kiosk.qt")
    message = (
        'AtSpiAdaptor::applicationInterface does not implement "GetApplicationBusAddress" '
        "/org/a11y/atspi/accessible/root"
    )
    qt_log = logging.getLogger("kiosk.qt")
    qt_log.addHandler(logs.recent)  # as kiosk.logs.setup attaches it to the root logger
    try:
        _qt_message(QtMsgType.QtWarningMsg, None, message)
        _qt_message(QtMsgType.QtWarningMsg, None, "QML Text: a real warning")
    finally:
        qt_log.removeHandler(logs.recent)
    levels = {r.getMessage(): r.levelno for r in caplog.records if r.name == "kiosk.qt"}
    assert levels == {message: logging.INFO, "QML Text: a real warning": logging.WARNING}
    assert [m for m in logs.recent.lines() if "GetApplicationBusAddress" in m] == []
    assert any("a real warning" in m for m in logs.recent.lines())
