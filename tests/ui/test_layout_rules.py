"""Layout rules in the real scene: a right-to-left language mirrors the layout, five language
names that do not fit become a compact picker, a long definition scrolls inside its card with
Close in reach, cut edges fade, the viewer tells once per visit that photographs zoom, a
double tap glides, the caption toggle never reloads the photograph, and a tap in the gutter
between portraits still opens one."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF, QRectF

from kiosk.ui.navigation import Navigator
from kiosk.ui.proof import _enum, _value
from tests.ui.scene import center, exists, find, items, scene_rect, tap, visible_texts

S = Navigator.Screen


@pytest.fixture(scope="module")
def stress_bundle(tmp_path_factory):
    from tests.stress import make_stress_bundle

    return make_stress_bundle(tmp_path_factory.mktemp("stress"))


def switch(qtbot, view, code):
    """Choose a language as the switch does, and wait until every text is in it."""
    with qtbot.waitSignal(view.session.languageChanged, timeout=10_000):
        view.session.language.choose(code)


def window_rect(view) -> QRectF:
    return QRectF(0, 0, view.window.width(), view.window.height())


def test_hebrew_mirrors_the_layout_and_english_puts_it_back(open_kiosk, qtbot, stress_bundle):
    view = open_kiosk(bundle=stress_bundle)
    win = view.window
    half = win.width() / 2

    def mirrored() -> bool:
        hero, words = find(win, "heroImage"), find(win, "homeWords")
        return scene_rect(hero).left() > half and scene_rect(words).right() < half

    qtbot.waitUntil(lambda: exists(win, "heroImage"))
    assert not mirrored()
    assert scene_rect(find(win, "heroImage")).right() < half

    def cue_at_start() -> bool:
        words = find(win, "homeWords")
        cues = [i for i in items(words) if i.objectName() == "scrollCue" and i.isVisible()]
        return bool(cues) and scene_rect(cues[0]).left() - scene_rect(words).left() < 2

    assert not cue_at_start()  # Home's column is long here: its cue is at the right
    switch(qtbot, view, "he")
    qtbot.waitUntil(mirrored)
    # Home was on screen through the switch: its cue moved to the line's end, the left.
    qtbot.waitUntil(cue_at_start)
    # Into the exhibit: Home and Back move to the right-hand end of the band.
    view.session.navigator.open(int(S.Viewer), 0)
    qtbot.waitUntil(lambda: exists(win, "viewerFrame_0") and exists(win, "captionPanel"))
    # (The band's row lays itself out at the next polish.)
    qtbot.waitUntil(lambda: scene_rect(find(win, "homeButton")).left() > half)
    home, back = find(win, "homeButton"), find(win, "backButton")
    assert scene_rect(back).left() > half and scene_rect(back).right() < scene_rect(home).left()
    # The caption panel stands at the left, the photograph to its right.
    panel, photos = find(win, "captionPanel"), find(win, "viewerPhotos")
    qtbot.waitUntil(lambda: scene_rect(panel).left() == pytest.approx(0, abs=0.5))
    assert scene_rect(photos).left() >= scene_rect(panel).right() - 0.5
    # Previous at the right, Next at the left, each arrow pointing its way.
    previous, following = find(win, "previousPhoto"), find(win, "nextPhoto")
    assert scene_rect(previous).left() > scene_rect(following).right()
    assert previous.property("text").startswith("›")
    assert following.property("text").endswith("‹")
    # The scroll cue stands at the line's end, the left, with room kept for it there.
    view.session.navigator.open(int(S.Photos), 0)
    qtbot.waitUntil(lambda: exists(win, "photo_0"))
    grid = find(win, "photoGrid")
    (cue,) = [i for i in items(grid) if i.objectName() == "scrollCue" and i.isVisible()]
    cells = [i for i in items(grid) if i.objectName().startswith("photo_") and i.isVisible()]
    assert scene_rect(cue).right() < half
    assert min(scene_rect(c).left() for c in cells) >= scene_rect(cue).right()
    view.session.navigator.open(int(S.Glossary), 0)
    qtbot.waitUntil(lambda: exists(win, "glossaryList"))
    listing = find(win, "glossaryList")
    (cue,) = [i for i in items(listing) if i.objectName() == "scrollCue" and i.isVisible()]
    words = [
        i
        for i in items(listing)
        if i.inherits("QQuickText") and i.isVisible() and str(i.property("text")).strip()
    ]
    assert min(scene_rect(w).left() + w.property("leftPadding") for w in words) >= (
        scene_rect(cue).right()
    )
    view.session.navigator.open(int(S.Viewer), 0)
    qtbot.waitUntil(lambda: exists(win, "captionPanel"))
    switch(qtbot, view, "en")
    qtbot.waitUntil(lambda: scene_rect(find(win, "captionPanel")).right() > win.width() - 1)
    assert find(win, "previousPhoto").property("text").startswith("‹")


def test_five_language_names_that_do_not_fit_become_a_compact_picker(
    open_kiosk, qtbot, stress_bundle
):
    view = open_kiosk(size=(1080, 1920), bundle=stress_bundle)
    win = view.window
    bar = find(win, "navBar")
    qtbot.waitUntil(lambda: exists(win, "languageMenuButton"))
    in_bar = [i for i in items(bar) if i.objectName().startswith("language_") and i.isVisible()]
    assert in_bar == []
    button = find(win, "languageMenuButton")
    assert button.property("text") == "Language: English"
    assert not exists(win, "languageMenu")
    tap(win, button)
    qtbot.waitUntil(lambda: exists(win, "languageMenu"))
    menu = find(win, "languageMenu")
    names = [i for i in items(menu) if i.objectName().startswith("language_") and i.isVisible()]
    assert len(names) == 5
    for name in names:  # every one whole, on screen, above the band
        rect = scene_rect(name)
        assert window_rect(view).contains(rect) and rect.bottom() <= scene_rect(bar).top()
    with qtbot.waitSignal(view.session.languageChanged, timeout=10_000):
        tap(win, find(win, "language_de"))
    qtbot.waitUntil(lambda: not exists(win, "languageMenu"))
    assert find(win, "languageMenuButton").property("text") == "Sprache: Deutsch"
    # A tap beside the list, on Home's picture, closes the list and does nothing else (the
    # picture would open the viewer).
    hero = find(win, "heroImage")
    tap(win, find(win, "languageMenuButton"))
    qtbot.waitUntil(lambda: exists(win, "languageMenu"))
    assert not scene_rect(find(win, "languageMenu")).contains(QPointF(center(hero)))
    tap(win, hero)
    qtbot.waitUntil(lambda: not exists(win, "languageMenu"))
    assert view.session.navigator.screen == S.Home
    tap(win, hero)  # the control: with the list closed, the same tap opens the picture
    qtbot.waitUntil(lambda: view.session.navigator.screen == S.Viewer)


def test_five_language_names_that_fit_stay_a_row(open_kiosk, qtbot, stress_bundle):
    view = open_kiosk(bundle=stress_bundle)
    win = view.window
    qtbot.waitUntil(lambda: exists(win, "language_he"))
    assert not exists(win, "languageMenuButton")
    for code in ("en", "ru", "de", "az", "he"):
        assert window_rect(view).contains(scene_rect(find(win, f"language_{code}")))


def test_a_long_definition_scrolls_in_its_card_and_close_stays_in_reach(
    open_kiosk, qtbot, default_doc, write_doc
):
    doc = default_doc
    long = " ".join(["The committee governed the city and the oil fields."] * 60)
    doc["glossary"][0]["definition"] = {"en": long, "ru": long}
    view = open_kiosk(bundle=write_doc(doc))
    win = view.window
    view.session.navigator.open(int(S.Glossary), 0)
    qtbot.waitUntil(lambda: exists(win, "glossaryScreen"))
    # The card as a term link opens it (Main's show(): the term's id).
    card_root = next(i for i in items(win.contentItem()) if i.objectName() == "glossaryCard")
    card_root.setProperty("termId", doc["glossary"][0]["id"])
    qtbot.waitUntil(lambda: exists(win, "termCard") and exists(win, "closeTermButton"))
    card, close = find(win, "termCard"), find(win, "closeTermButton")
    words = find(win, "termWords")
    assert window_rect(view).contains(scene_rect(card))
    assert scene_rect(card).contains(scene_rect(close))
    assert words.property("contentHeight") > words.height() * 2
    cue = [i for i in items(words) if i.objectName() == "scrollCue" and i.isVisible()]
    fade = [i for i in items(words) if i.objectName() == "scrollFadeEnd" and i.isVisible()]
    assert cue and fade
    tap(win, close)
    qtbot.waitUntil(lambda: not exists(win, "termCard"))


def test_cut_edges_fade_only_where_content_continues(open_kiosk, qtbot, stress_bundle):
    view = open_kiosk(bundle=stress_bundle)
    win = view.window
    view.session.navigator.open(int(S.Glossary), 0)
    qtbot.waitUntil(lambda: exists(win, "glossaryScreen"))
    view_item = find(win, "glossaryList")

    def fades() -> tuple[bool, bool]:
        kids = {c.objectName(): c.isVisible() for c in view_item.childItems()}
        return kids.get("scrollFadeStart", False), kids.get("scrollFadeEnd", False)

    qtbot.waitUntil(lambda: fades() == (False, True))
    end = _value(view_item, "originY + contentHeight - height")
    view_item.setProperty("contentY", end)
    qtbot.waitUntil(lambda: fades() == (True, False))


def _viewer(view, qtbot, index=0):
    win = view.window
    view.session.navigator.open(int(S.Viewer), index)
    qtbot.waitUntil(lambda: exists(win, f"viewerFrame_{index}"))
    return find(win, "photoViewer"), find(win, f"viewerFrame_{index}")


def test_the_viewer_says_once_per_visit_that_photographs_zoom(open_kiosk, qtbot):
    view = open_kiosk()
    win = view.window
    hint = "Pinch or double-tap the photograph to zoom"
    _viewer(view, qtbot, 1)  # opened on the second photograph, from the grid
    qtbot.waitUntil(lambda: hint in visible_texts(win))
    tap(win, find(win, "nextPhoto"))  # the next photograph: the hint has done its work
    qtbot.waitUntil(lambda: hint not in visible_texts(win))
    view.session.navigator.home()
    qtbot.waitUntil(lambda: exists(win, "homeScreen"))
    _viewer(view, qtbot, 0)
    qtbot.waitUntil(lambda: exists(win, "viewerBar"))
    assert not find(win, "photoViewer").property("zoomHintShown")
    assert hint not in visible_texts(win)
    view.session.resetVisit()  # the next visitor
    qtbot.waitUntil(lambda: exists(win, "homeScreen"))
    _viewer(view, qtbot)
    qtbot.waitUntil(lambda: hint in visible_texts(win))


def test_a_double_tap_glides_to_its_zoom(open_kiosk, qtbot):
    view = open_kiosk()
    win = view.window
    viewer, frame = _viewer(view, qtbot)
    seen: list[float] = []
    frame.zoomChanged.connect(lambda: seen.append(float(frame.property("zoom"))))
    pt = center(frame)
    tap(win, pt)
    tap(win, pt)
    qtbot.waitUntil(lambda: viewer.property("currentZoom") > 2)
    qtbot.waitUntil(lambda: (seen and seen[-1] == pytest.approx(2.5, abs=0.01)) or len(seen) > 3)
    between = [z for z in seen if 1.01 < z < max(seen) - 0.01]
    assert len(between) >= 2, f"the zoom jumped: {seen}"


def test_the_caption_toggle_never_reloads_the_photograph(open_kiosk, qtbot):
    view = open_kiosk()
    win = view.window
    viewer, frame = _viewer(view, qtbot)
    photo = next(i for i in items(frame) if i.inherits("QQuickImage") and i.isVisible())
    qtbot.waitUntil(lambda: _enum(photo, "status") == 1)  # Image.Ready
    statuses: list[int] = []
    photo.statusChanged.connect(lambda: statuses.append(_enum(photo, "status")))
    size = photo.property("sourceSize")
    for open_ in (False, True, False):
        tap(win, find(win, "captionToggle"))
        qtbot.waitUntil(lambda open_=open_: viewer.property("captionsOpen") is open_)
        # The frame has its new width (a new decode size would ask for a reload at once).
        qtbot.waitUntil(
            lambda open_=open_: (
                frame.width() == pytest.approx(find(win, "viewerPhotos").width(), abs=0.5)
            )
        )
        with qtbot.waitSignal(win.frameSwapped, timeout=2000):
            win.update()
    assert statuses == [] and photo.property("sourceSize") == size
    assert _enum(photo, "status") == 1


def test_a_tap_in_the_gutter_between_photographs_opens_one(open_kiosk, qtbot):
    view = open_kiosk()
    win = view.window
    view.session.navigator.open(int(S.Photos), 0)
    qtbot.waitUntil(lambda: exists(win, "photo_0") and exists(win, "photo_1"))
    pictures = [
        i for i in items(find(win, "photo_1")) if i.inherits("QQuickImage") and i.isVisible()
    ]
    first_picture = [
        i for i in items(find(win, "photo_0")) if i.inherits("QQuickImage") and i.isVisible()
    ]
    gap = QPointF(
        (scene_rect(first_picture[0]).right() + scene_rect(pictures[0]).left()) / 2,
        scene_rect(pictures[0]).center().y(),
    )
    assert scene_rect(pictures[0]).left() - scene_rect(first_picture[0]).right() > 4
    tap(win, gap.toPoint())
    qtbot.waitUntil(lambda: view.session.navigator.screen == S.Viewer)
    assert view.session.navigator.index in (0, 1)


def test_a_tap_in_the_gutter_between_portraits_opens_one(open_kiosk, qtbot):
    view = open_kiosk()
    win = view.window
    view.session.navigator.open(int(S.People), 0)
    qtbot.waitUntil(lambda: exists(win, "person_0") and exists(win, "person_1"))
    first, second = find(win, "person_0"), find(win, "person_1")
    gap = QPointF(scene_rect(first).right() - 2, scene_rect(first).center().y())
    assert scene_rect(first).contains(gap) and not scene_rect(second).contains(gap)
    tap(win, gap.toPoint())
    qtbot.waitUntil(lambda: view.session.navigator.screen == S.Person)
    assert view.session.navigator.index == 0


def test_a_long_glossary_has_an_a_to_z_index_that_jumps_to_each_letter(
    open_kiosk, qtbot, stress_bundle
):
    view = open_kiosk(bundle=stress_bundle)
    win = view.window
    glossary = view.session.exhibit.glossary
    switch(qtbot, view, "ru")
    view.session.navigator.open(int(S.Glossary), 0)
    qtbot.waitUntil(lambda: exists(win, "glossaryIndex"))
    letters = [(r.letter, r.first) for r in glossary.letters.rows]
    assert len(letters) > 3
    # Every term is under its letter, the letters in the order of the sorted terms.
    assert [t.letter for t in glossary.rows] == sorted(
        (t.letter for t in glossary.rows), key=[ltr for ltr, _ in letters].index
    )
    listing = find(win, "glossaryList")
    # At the top, the first letter is the one the index shows as where the visitor is.
    qtbot.waitUntil(
        lambda: find(win, f"glossaryIndex_{letters[0][0]}").property("selected") is True
    )
    letter, first = letters[-2]
    tap(win, find(win, f"glossaryIndex_{letter}"))
    term = glossary.rows[first].term

    def at_top() -> bool:
        heading = [i for i in items(listing) if i.objectName() == f"glossaryLetter_{letter}"]
        return bool(heading) and abs(scene_rect(heading[0]).top() - scene_rect(listing).top()) < 2

    qtbot.waitUntil(at_top)
    assert term in visible_texts(win)
    qtbot.waitUntil(lambda: find(win, f"glossaryIndex_{letter}").property("selected") is True)


def test_a_short_glossary_has_no_index(open_kiosk, qtbot):
    view = open_kiosk()
    win = view.window
    view.session.navigator.open(int(S.Glossary), 0)
    qtbot.waitUntil(lambda: exists(win, "glossaryList"))
    assert not exists(win, "glossaryIndex")
    assert exists(win, "glossaryLetter_A")  # the letters still head their terms


def test_back_to_the_photographs_returns_to_the_same_row(open_kiosk, qtbot, default_doc, write_doc):
    # Two hundred photographs: rows of different heights, most of them not made yet.
    doc = default_doc
    (photo,) = [m for m in doc["media"] if m["id"] == "f-iii-541"]
    titles = ["Baku", "The 11th Army of the Workers' and Peasants' Red Army enters Baku " * 3]
    for i in range(200):
        copy = dict(photo, id=f"copy-{i:03d}")
        copy["title"] = {"en": f"{titles[i % 2]} {i}", "ru": f"Копия {i}"}
        doc["media"].append(copy)
    view = open_kiosk(bundle=write_doc(doc))
    win, nav = view.window, view.session.navigator
    nav.open(int(S.Photos), 0)
    qtbot.waitUntil(lambda: exists(win, "photoGrid"))
    grid = find(win, "photoGrid")
    layout_rows = _value(grid, "count")
    assert layout_rows > 40
    grid.setProperty("contentY", _value(grid, "originY") + 12_000)
    qtbot.waitUntil(lambda: not grid.property("moving"))

    def top_row() -> int:
        return int(_value(grid, "indexAt(width / 2, contentY + 1)"))

    row = top_row()
    assert row > 10
    cells = [
        i
        for i in items(grid)
        if i.objectName().startswith("photo_") and i.isVisible() and i.height() > 0
    ]
    shown = [c for c in cells if window_rect(view).contains(scene_rect(c).center())]
    tap(win, shown[0])
    qtbot.waitUntil(lambda: nav.screen == S.Viewer)
    tap(win, find(win, "backButton"))
    qtbot.waitUntil(lambda: nav.screen == S.Photos and exists(win, "photoGrid"))
    grid = find(win, "photoGrid")
    qtbot.waitUntil(lambda: top_row() == row)
