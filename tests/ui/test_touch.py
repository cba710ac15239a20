"""Real touch events on the real scene: taps, swipes, pinches, panels, chips and languages."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtTest import QTest

from kiosk.ui.navigation import Navigator
from tests.ui.scene import (
    center,
    drag,
    exists,
    find,
    link_point,
    pinch,
    shown_rect,
    swipe,
    tap,
    touch_device,
    visible_texts,
)

S = Navigator.Screen


def settle(qtbot, view):
    """Wait for the screen's fade-in and any move to finish."""
    QTest.qWait(350)


def test_taps_open_every_screen_and_home_back_return(kiosk, qtbot):
    nav, win = kiosk.session.navigator, kiosk.window
    for button, screen, name in [
        ("openStory", S.Story, "storyScreen"),
        ("openPeople", S.People, "peopleScreen"),
        ("openPhotos", S.Photos, "photosScreen"),
        ("openGlossary", S.Glossary, "glossaryScreen"),
    ]:
        tap(win, find(win, button))
        qtbot.waitUntil(lambda s=screen: nav.screen == s)
        qtbot.waitUntil(lambda n=name: exists(win, n))
        tap(win, find(win, "backButton"))
        qtbot.waitUntil(lambda: nav.screen == S.Home)

    tap(win, find(win, "openPeople"))
    qtbot.waitUntil(lambda: exists(win, "person_2"))
    tap(win, find(win, "person_2"))
    qtbot.waitUntil(lambda: nav.screen == S.Person and nav.index == 2)
    assert nav.depth == 3
    tap(win, find(win, "homeButton"))
    qtbot.waitUntil(lambda: nav.screen == S.Home and nav.depth == 1)


def test_a_tap_acts_on_release_and_shows_its_press_at_once(kiosk, qtbot):
    win, nav = kiosk.window, kiosk.session.navigator
    button = find(win, "openStory")
    pt = center(button)
    QTest.touchEvent(win, touch_device()).press(0, pt, win).commit()
    with qtbot.waitSignal(win.frameSwapped, timeout=2000):
        pass
    assert button.property("pressed") is True
    assert button.property("scale") < 1  # the press shows in the very next frame
    assert nav.screen == S.Home  # nothing happens before the finger lifts
    QTest.touchEvent(win, touch_device()).release(0, pt, win).commit()
    qtbot.waitUntil(lambda: nav.screen == S.Story)


def test_sliding_off_a_button_cancels_it(kiosk, qtbot):
    win, nav = kiosk.window, kiosk.session.navigator
    button = find(win, "openPeople")
    rect = shown_rect(button)
    start = center(button)
    outside = QPoint(int(rect.right() + rect.width()), int(rect.bottom() + rect.height()))
    # The button says it has seen the finger lift off it and let it go: only then does
    # "nothing happened" mean anything.
    with qtbot.waitSignal(button.canceled, timeout=2000):
        drag(win, start, outside)
    with qtbot.waitSignal(win.frameSwapped, timeout=2000):
        win.update()  # and a frame drawn since: what the visitor sees after lifting
    assert nav.screen == S.Home
    assert button.property("pressed") is False


def test_swipe_changes_the_story_page(kiosk, qtbot):
    win, nav = kiosk.window, kiosk.session.navigator
    nav.open(int(S.Story), 0)
    qtbot.waitUntil(lambda: exists(win, "storyPages"))
    settle(qtbot, kiosk)
    pages = find(win, "storyPages")
    swipe(win, pages, -1)
    qtbot.waitUntil(lambda: nav.index == 1)
    swipe(win, pages, -1)
    qtbot.waitUntil(lambda: nav.index == 2)
    swipe(win, pages, +1)
    qtbot.waitUntil(lambda: nav.index == 1)
    qtbot.waitUntil(lambda: "A revolutionary committee" in visible_texts(win))


def test_next_previous_and_the_chronology_strip(kiosk, qtbot):
    win, nav = kiosk.window, kiosk.session.navigator
    nav.open(int(S.Story), 0)
    qtbot.waitUntil(lambda: exists(win, "nextPage"))
    settle(qtbot, kiosk)
    tap(win, find(win, "nextPage"))
    qtbot.waitUntil(lambda: nav.index == 1)
    tap(win, find(win, "chronology_3"))
    qtbot.waitUntil(lambda: nav.index == 3)
    qtbot.waitUntil(lambda: "night of 27/28 April 1920" in visible_texts(win))
    tap(win, find(win, "previousPage"))
    qtbot.waitUntil(lambda: nav.index == 2)


def test_story_image_opens_the_viewer_and_a_term_its_definition(kiosk, qtbot):
    win, nav = kiosk.window, kiosk.session.navigator
    nav.open(int(S.Story), 3)
    qtbot.waitUntil(lambda: exists(win, "pageImage_f-iii-33870"))
    settle(qtbot, kiosk)
    # "RCP(b)" is a glossary term inside the page text: tap the link.
    paragraph = next(
        i for i in _texts(win) if "RCP(b)" in str(i.property("text")) and shown_rect(i).width() > 0
    )
    link = link_point(paragraph, "term:rcp-b")
    tap(win, link)
    qtbot.waitUntil(lambda: "The Russian Communist Party (Bolsheviks)." in visible_texts(win))
    tap(win, find(win, "closeTermButton"))
    qtbot.waitUntil(lambda: "The Russian Communist Party (Bolsheviks)." not in visible_texts(win))

    tap(win, find(win, "pageImage_f-iii-33870"))
    qtbot.waitUntil(lambda: nav.screen == S.Viewer)
    assert kiosk.session.photo_ids[nav.index] == "f-iii-33870"


def test_swipe_between_people(kiosk, qtbot):
    win, nav = kiosk.window, kiosk.session.navigator
    nav.open(int(S.Person), 0)
    qtbot.waitUntil(lambda: exists(win, "personPages"))
    settle(qtbot, kiosk)
    swipe(win, find(win, "personPages"), -1)
    qtbot.waitUntil(lambda: nav.index == 1)
    qtbot.waitUntil(lambda: "Sergei Kirov" in visible_texts(win))
    assert "Real surname: Kostrikov" in visible_texts(win)


def _viewer(kiosk, qtbot, index=0):
    win, nav = kiosk.window, kiosk.session.navigator
    nav.open(int(S.Viewer), index)
    qtbot.waitUntil(lambda: exists(win, f"viewerFrame_{index}"))
    settle(qtbot, kiosk)
    return find(win, "photoViewer"), find(win, f"viewerFrame_{index}")


def test_pinch_zooms_the_photo_and_swipe_is_off_while_zoomed(kiosk, qtbot):
    win, nav = kiosk.window, kiosk.session.navigator
    viewer, frame = _viewer(kiosk, qtbot)
    assert viewer.property("currentZoom") == pytest.approx(1)
    pinch(win, center(frame), 80, 320)
    qtbot.waitUntil(lambda: viewer.property("currentZoom") > 2)
    zoomed = viewer.property("currentZoom")
    assert zoomed <= viewer.property("maxZoom")
    canvas = find(win, "viewerCanvas_0")
    strip = find(win, "viewerPhotos")
    before, strip_before = canvas.x(), strip.property("contentX")
    swipe(win, frame, -1)  # pans the photo, does not change it
    # Wait until the swipe has moved something: the photo, or the strip of photos (which
    # moves with the finger when it takes a swipe, well before the photo changes).
    qtbot.waitUntil(lambda: canvas.x() < before - 50 or strip.property("contentX") != strip_before)
    assert strip.property("contentX") == strip_before, "the swipe moved the strip"
    assert strip.property("moving") is False
    assert canvas.x() < before - 50  # dragged leftwards with the finger
    assert nav.index == 0
    pinch(win, center(frame), 300, 60)
    qtbot.waitUntil(lambda: viewer.property("currentZoom") < zoomed)


def test_double_tap_zooms_in_and_back_to_fit(kiosk, qtbot):
    win = kiosk.window
    viewer, frame = _viewer(kiosk, qtbot)
    pt = center(frame)
    tap(win, pt)
    tap(win, pt)
    qtbot.waitUntil(lambda: viewer.property("currentZoom") > 2)
    QTest.qWait(700)  # past the double-tap interval
    tap(win, pt)
    tap(win, pt)
    qtbot.waitUntil(lambda: viewer.property("currentZoom") == pytest.approx(1))


def test_swipe_between_photos_when_not_zoomed(kiosk, qtbot):
    win, nav = kiosk.window, kiosk.session.navigator
    _, frame = _viewer(kiosk, qtbot)
    swipe(win, frame, -1)
    qtbot.waitUntil(lambda: nav.index == 1)


def test_captions_panel_opens_and_closes(kiosk, qtbot):
    win = kiosk.window
    viewer, _ = _viewer(kiosk, qtbot)
    panel = find(win, "captionPanel")
    # The caption's title (its first line: the description may push the rest below the fold).
    title = (
        "Members of the Revolutionary Military Council of the 11th Army: "
        "Fyodor Raskolnikov, Sergei Kirov, Grigory Ordzhonikidze"
    )
    assert title in visible_texts(win)
    open_x = panel.x()
    tap(win, find(win, "captionToggle"))
    qtbot.waitUntil(lambda: viewer.property("captionsOpen") is False)
    qtbot.waitUntil(lambda: not panel.isVisible())
    assert title not in visible_texts(win)
    tap(win, find(win, "captionToggle"))
    qtbot.waitUntil(lambda: panel.x() == pytest.approx(open_x))
    assert title in visible_texts(win)


def test_person_chip_opens_that_person(kiosk, qtbot):
    win, nav = kiosk.window, kiosk.session.navigator
    _viewer(kiosk, qtbot)
    tap(win, find(win, "personChip_kirov"))
    qtbot.waitUntil(lambda: nav.screen == S.Person)
    assert nav.index == 1
    qtbot.waitUntil(lambda: "Sergei Kirov" in visible_texts(win))


def test_appears_in_opens_the_photograph(kiosk, qtbot):
    win, nav = kiosk.window, kiosk.session.navigator
    nav.open(int(S.Person), 0)  # Efremov (people sort by sort name)
    qtbot.waitUntil(lambda: exists(win, "appearsIn_f-iii-33870"))
    settle(qtbot, kiosk)
    tap(win, find(win, "appearsIn_f-iii-33870"))
    qtbot.waitUntil(lambda: nav.screen == S.Viewer)
    assert kiosk.session.photo_ids[nav.index] == "f-iii-33870"


CYRILLIC = re.compile("[А-Яа-яЁё]")


@pytest.mark.parametrize(
    ("screen", "index", "en", "ru"),
    [
        (S.Home, 0, "Photographs", "Фотографии"),
        (S.Story, 4, "A Soviet republic", "Советская республика"),
        (S.People, 0, "Grigory Ordzhonikidze", "Григорий Орджоникидзе"),
        (S.Person, 2, "Party pseudonym: Sergo", "Партийный псевдоним: Серго"),
        (S.Photos, 0, "1920", "1920 г."),
        (S.Viewer, 2, "Catalogue number", "Инвентарный номер"),
        (S.Glossary, 0, "Azrevkom", "Азревком"),
    ],
)
def test_language_switch_changes_every_visible_text(kiosk, qtbot, screen, index, en, ru):
    win, nav = kiosk.window, kiosk.session.navigator
    if screen != S.Home:
        nav.open(int(screen), index)
    settle(qtbot, kiosk)
    qtbot.waitUntil(lambda: en in visible_texts(win))
    before = visible_texts(win)
    tap(win, find(win, "language_ru"))
    qtbot.waitUntil(lambda: ru in visible_texts(win))
    next_frame(qtbot, win)  # laid out for the new texts: what a visitor sees
    after = visible_texts(win)
    # Chrome too: every text with letters is now Russian, except the language names,
    # the button back to English, and catalogue numbers (SMPHR F.III-…).
    latin_only = [
        t for t in after if re.search("[A-Za-z]", t) and not CYRILLIC.search(t) and t != "English"
    ]
    assert latin_only == [], latin_only
    # The nav bar's Home (on Home itself, where it is hidden, the Story entry).
    ui_word = ("Главная", "Home") if "Home" in before else ("История", "Story")
    assert ui_word[0] in after and ui_word[1] in before
    tap(win, find(win, "language_en"))
    qtbot.waitUntil(lambda: en in visible_texts(win))
    next_frame(qtbot, win)
    assert visible_texts(win) == before


def next_frame(qtbot, win):
    with qtbot.waitSignal(win.frameSwapped, timeout=5000):
        win.update()


def _texts(win):
    from tests.ui.scene import text_items

    return text_items(win)
