"""Every screen and state a visitor or staff member can reach, walked in the real scene.

`kiosk render` captures each state and `kiosk proof` inspects it; both walk the same list, so
what a curator proofs is what they see. The scene is driven through the same objects a
visitor's taps drive (the navigator, the visit clock, the staff desk), motion is turned off
so that each state is captured settled, and a state is handed over only once its images
have loaded and a frame with it has been drawn. With the visitor's options held (``hold``:
`kiosk proof --large-text`, `kiosk render --seated`…) every state is walked with them on.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from PySide6.QtCore import QEventLoop, QObject, QTimer
from PySide6.QtQml import QQmlExpression, qmlContext
from PySide6.QtQuick import QQuickItem, QQuickWindow

from kiosk.ui.app import KioskView
from kiosk.ui.navigation import Navigator
from kiosk.ui.options import Held

#: The longest a state may take to settle (its images decoded, a frame drawn).
SETTLE_TIMEOUT_S = 20.0


class WalkError(RuntimeError):
    """The exhibit could not be walked; the message says where it stuck."""


@dataclass(frozen=True)
class State:
    """One state of the scene, named for file names and for people."""

    name: str  # "07-story-3-most-of-the-country-end": sorts in visiting order
    label: str  # "Story, page 3 of 7, scrolled to the end"


class Clock:
    """A clock the walk moves by hand, so that it can bring up "Still there?" at will."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def slug(text: str) -> str:
    """A short file-name form of a text."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40] or "item"


def wait(ms: int) -> None:
    """Let the event loop run for ``ms`` milliseconds."""
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def items(root: QQuickItem) -> Iterator[QQuickItem]:
    """``root`` and every item below it."""
    yield root
    for child in root.childItems():
        yield from items(child)


def find(window: QQuickWindow, name: str, *, shown: bool = True) -> QQuickItem | None:
    """The first item called ``name`` (with ``shown``, the first visible one), if any."""
    for item in items(window.contentItem()):
        if item.objectName() == name and (item.isVisible() or not shown):
            return item
    return None


def next_frame(window: QQuickWindow, timeout_ms: int = 2000) -> None:
    """Wait until the window has drawn a frame after now (layouts are polished before it)."""
    loop = QEventLoop()
    done: list[bool] = []

    def swapped() -> None:
        done.append(True)
        loop.quit()

    window.frameSwapped.connect(swapped)
    try:
        window.update()
        QTimer.singleShot(timeout_ms, loop.quit)
        if not done:
            loop.exec()
    finally:
        window.frameSwapped.disconnect(swapped)


def _positions(root: QQuickItem) -> tuple[tuple[float, float], ...]:
    """Where every scrolling view's content stands (a view gliding to its current item,
    the chronology to a page's date, moves it from frame to frame)."""
    return tuple(
        (float(item.property("contentX")), float(item.property("contentY")))
        for item in items(root)
        if item.inherits("QQuickFlickable")
    )


def settle(view: KioskView) -> None:
    """Return once no image is loading, the screen is fully shown, no view is still
    gliding into place (the same positions two frames running) and a frame is drawn."""
    deadline = time.monotonic() + SETTLE_TIMEOUT_S
    window = view.window
    before: tuple[tuple[float, float], ...] | None = None
    while True:
        next_frame(window)
        root = window.contentItem()
        loading = any(item.property("loading") is True for item in items(root))
        screen = window.property("currentScreen")
        shown = not isinstance(screen, QQuickItem) or screen.opacity() >= 0.999
        now = _positions(root)
        still, before = now == before, now
        if not loading and shown and still:
            next_frame(window)  # the frame with the last image in it
            return
        if time.monotonic() > deadline:
            why = "an image is still loading" if loading else "it is still moving"
            raise WalkError(f"a screen did not settle: {why}")
        wait(15)


def _scrolled_to_end(view: KioskView) -> bool:
    """Scroll the screen's own scrolling view to its end; False when it does not scroll."""
    screen = view.window.property("currentScreen")
    if not isinstance(screen, QObject):
        return False
    # Read through QML: PySide6 has no converter for a QQuickFlickable* property.
    context = qmlContext(screen)
    if context is None:
        return False
    flick = QQmlExpression(context, screen, "scrollView").evaluate()[0]
    if not isinstance(flick, QQuickItem):
        return False
    extra = float(flick.property("contentHeight")) - flick.height()
    if extra <= 1:
        return False
    flick.setProperty("contentY", float(flick.property("originY")) + extra)
    return True


def _with_end(
    view: KioskView, named: Callable[[str, str], State], kind: str, label: str
) -> Iterator[State]:
    """The state, then (when it scrolls) the same state scrolled to its end."""
    settle(view)
    yield named(kind, label)
    if _scrolled_to_end(view):
        settle(view)
        yield named(f"{kind}-end", f"{label}, scrolled to the end")


def hold(view: KioskView, options: Held) -> None:
    """Keep the visitor's ``options`` on for the whole walk: "Still there?" and the
    attract loop end the visit, which turns a visitor's options off, but not held ones."""
    view.options.hold(
        large_text=options.large_text, high_contrast=options.high_contrast, seated=options.seated
    )


def switch_language(view: KioskView, lang: str, timeout_s: float = SETTLE_TIMEOUT_S) -> None:
    """Show every text in ``lang`` (its rows are built on a worker)."""
    session = view.session
    session.setLanguage(lang)
    limit = time.monotonic() + timeout_s
    while session.language.code != lang and time.monotonic() < limit:
        wait(20)
    if session.language.code != lang:
        raise WalkError(f"switching to {lang} timed out")


def walk(view: KioskView, clock: Clock) -> Iterator[State]:
    """Every state of the loaded exhibit in the current language, in visiting order.

    The view must have been made with ``clock`` as its clock, so that the walk can bring up
    "Still there?". Between two states the scene is driven; a state is yielded settled.
    """
    session = view.session
    bundle = session.bundle
    if bundle is None:
        raise WalkError("the exhibit is not loaded")
    nav = session.navigator
    window = view.window
    number = 0

    def named(kind: str, label: str) -> State:
        nonlocal number
        number += 1
        return State(f"{number:03d}-{kind}", label)

    def open_(screen: Navigator.Screen, index: int = 0) -> None:
        nav.home()
        if screen != Navigator.Screen.Home:
            nav.open(int(screen), index)

    open_(Navigator.Screen.Home)
    yield from _with_end(view, named, "home", "Home")
    # More languages than the band has room for: the compact picker's list, open.
    menu = find(window, "languageMenu", shown=False)
    menu_root = menu.parentItem() if menu is not None else None
    if menu_root is not None and find(window, "languageMenuButton") is not None:
        menu_root.setProperty("open", True)
        settle(view)
        yield named("language-menu", "Language list")
        menu_root.setProperty("open", False)
    pages = len(bundle.story)
    for i, page in enumerate(bundle.story):
        open_(Navigator.Screen.Story, i)
        label = f"Story, page {i + 1} of {pages}"
        yield from _with_end(view, named, f"story-{i + 1}-{slug(page.id)}", label)
    open_(Navigator.Screen.People)
    yield from _with_end(view, named, "people", "People")
    # In the bundle's order, the same in every language (a contact sheet lines them up);
    # each opened at its place in this language's gallery, which is sorted by sort name.
    where = {row.person_id: i for i, row in enumerate(session.people.rows)}
    for person in bundle.people:
        i = where[person.id]
        open_(Navigator.Screen.Person, i)
        label = f"Person {i + 1} of {len(bundle.people)} ({person.id})"
        yield from _with_end(view, named, f"person-{slug(person.id)}", label)
    open_(Navigator.Screen.Photos)
    yield from _with_end(view, named, "photographs", "Photographs")
    photos = session.photo_ids
    for i, media_id in enumerate(photos):
        open_(Navigator.Screen.Viewer, i)
        label = f"Photograph {i + 1} of {len(photos)} ({media_id})"
        settle(view)
        viewer = find(window, "photoViewer")
        if viewer is not None:
            viewer.setProperty("captionsOpen", True)
        yield from _with_end(view, named, f"photo-{slug(media_id)}", label)
        if viewer is not None:
            viewer.setProperty("captionsOpen", False)
            settle(view)
            yield named(f"photo-{slug(media_id)}-bare", f"{label}, caption hidden")
            viewer.setProperty("captionsOpen", True)
    open_(Navigator.Screen.Glossary)
    yield from _with_end(view, named, "glossary", "Glossary")
    card = find(window, "glossaryCard", shown=False)
    for term in bundle.glossary:
        if card is None:
            break
        card.setProperty("termId", term.id)
        settle(view)
        yield named(f"term-{slug(term.id)}", f"Glossary card: {term.id}")
        card.setProperty("termId", "")
    open_(Navigator.Screen.Home)
    # "Still there?": the visit clock runs out (its clock is ours), then the visitor stays.
    visit = view.visit
    clock.now += visit.timeout + 0.5
    visit.tick()
    settle(view)
    yield named("still-there", '"Still there?"')
    visit.continueVisit()
    if visit.attract_enabled:
        visit.startOver()
        settle(view)
        yield named("attract", "Attract loop")
        visit.leaveAttract()
    staff = view.staff
    if view.config.pin_hash:
        for _ in range(5):
            staff.cornerTapped()
        settle(view)
        yield named("pin-pad", "Staff PIN pad")
        staff.closeAll()
    open_(Navigator.Screen.Home)
    # The visitor's options, open (last: the states before keep their numbers), and at
    # their end when they scroll (larger text on a short band).
    sheet = find(window, "optionsSheet", shown=False)
    sheet_root = sheet.parentItem() if sheet is not None else None
    if sheet_root is not None:
        sheet_root.setProperty("open", True)
        settle(view)
        yield named("options", "Options for this visit")
        listed = find(window, "optionsList", shown=False)
        if listed is not None:
            extra = float(listed.property("contentHeight")) - listed.height()
            if extra > 1:
                listed.setProperty("contentY", extra)
                settle(view)
                yield named("options-end", "Options for this visit, scrolled to the end")
        sheet_root.setProperty("open", False)
    open_(Navigator.Screen.Home)
    settle(view)
