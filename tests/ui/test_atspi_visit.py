"""A screen-reader-only visit of the whole exhibit, and the order a screen reader reads in
(issue 13, "Done when").

One real kiosk (``tests/ui/atspi.py``: Xvfb, a private session and accessibility bus) serves
the module. The visit uses nothing but AT-SPI: it reads the tree as Orca does and presses
through its actions (no touch, no key): the language buttons, Home's sections, Next through
the story, each card of the people and photograph grids, every glossary term link of every
story page. What it must find is taken from the bundle itself, loaded with the project's
content loader (``kiosk.content``), in each language; the UI's own words (the buttons it
presses) from the kiosk's translations.

What "read" means here: an object of the current screen (on view, or scrolled out of the
window: Qt gives those a place but not the ``visible`` state; screens and overlays that are
not up have neither) whose accessible name holds the text, reporting the text's language.
One out of view must come into view when the screen reader moves to it (its "Set Focus"
action, what Orca does as it reads on): Qt calls objects outside the window invisible, and
a screen reader skips them. Qt does not see a Flickable's clip, so "showing" cannot tell a
text hidden under another part of the same window.

The reading order rule, for the objects a screen reader stops at on one screen (the
outermost showing objects with a name: a heading, label, paragraph, picture, button, list
item; what is inside one of them is read as part of it):

1. the screen's title (its heading; in the viewer, the photograph itself, named by its alt
   text) comes before every other object: focus lands on it when the screen opens, and
   "read from here" must not skip what is above it in the tree;
2. every content object comes before every control: the page indicator, Previous and Next,
   the viewer's caption switch, the chronology strip, Home's ways in and the navigation
   bar (whatever is in a tool bar);
3. among the content objects, and among the controls: when A is wholly above B (A's bottom
   at or above B's top) and they share a column (their horizontal spans overlap), A comes
   first; when they share a row (they overlap over at least half the taller one's height:
   a tall picture beside a column of lines is a column of its own, not in their rows) and A lies
   wholly before B in the line (left of it: both languages are left to right), A comes
   first. Objects that share neither a row nor a column (two columns side by side) are not
   ordered by the rule.

Skipped, saying what to install, where the accessibility stack is missing.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial

import pytest

from kiosk import _resources_rc  # noqa: F401  # the translations, for the UI's words
from kiosk.content.dates import Dating, lifespan
from kiosk.content.load import load_bundle
from kiosk.content.model import Bundle, GlossaryTerm, Media
from kiosk.content.text import LangText, Paragraphs, plain
from kiosk.ui.i18n import autonym, translate_in
from kiosk.ui.present import photo_ids
from tests.conftest import DEFAULT_BUNDLE
from tests.ui.atspi import AtspiKiosk, Node, atspi_kiosk, needs_atspi, showing

pytestmark = needs_atspi


def _bundle() -> Bundle:
    loaded = load_bundle(DEFAULT_BUNDLE)
    assert loaded.bundle is not None, f"{DEFAULT_BUNDLE}: {loaded.report}"
    return loaded.bundle


BUNDLE = _bundle()
LANGUAGES = list(BUNDLE.languages)
MEDIA = BUNDLE.media_by_id()

# Roles a screen reader stops at and reads; containers (lists, panels, fillers, tool bars,
# dialogs) are read through their children.
READABLE = {
    "heading",
    "label",
    "paragraph",
    "static",
    "image",
    "push button",
    "toggle button",
    "check box",
    "radio button",
    "link",
    "list item",
}
# Seconds the visit may take to see a screen it asked for.
SCREEN_SECONDS = 30.0
# Seconds a text moved to ("Set Focus") may take to scroll into view.
REACH_SECONDS = 5.0


def words(text: str) -> str:
    """``text`` with its whitespace made single: how the comparisons see it."""
    return " ".join(text.split())


def tr(lang: str, context: str, source: str) -> str:
    """A UI word of ``context`` (the QML file's name) as the kiosk shows it in ``lang``."""
    return translate_in(lang, context, source, BUNDLE.ui.get(lang))


def text(value: LangText | None, lang: str) -> str:
    return value.get(lang, BUNDLE.default_language) if value else ""


def paras(value: Paragraphs | None, lang: str) -> list[str]:
    """The paragraphs as a visitor reads them: markup (emphasis, term links) removed."""
    return [words(plain(p)) for p in value.get(lang, BUNDLE.default_language)] if value else []


def date(value: Dating | None, lang: str) -> str:
    return value.display(lang, BUNDLE.default_language, BUNDLE.ui.get(lang)) if value else ""


def _inside(node: Node, outer: Node) -> bool:
    return len(node.path) > len(outer.path) and node.path[: len(outer.path)] == outer.path


def current(nodes: list[Node]) -> list[Node]:
    """The objects of the screen that is up (and of any overlay open on it), on view or
    scrolled out of the window (Qt calls those invisible, but gives their place); not
    those of screens and overlays that are not up (no place)."""
    return [
        n
        for n in nodes
        if n.role not in ("application", "frame")
        and ("visible" in n.states or n.extents is not None)
    ]


@dataclass
class Reading:
    """One language's visit: the kiosk, and what was found wrong, screen by screen."""

    kiosk: AtspiKiosk
    lang: str
    problems: list[str]

    def check(self, screen: str, nodes: list[Node], expected: list[str]) -> None:
        """Each expected text is carried by an object of the screen, in the language; one
        out of view comes into view when a screen reader moves to it ("Set Focus")."""
        here = current(nodes)
        for want in filter(None, map(words, expected)):
            carriers = [n for n in here if want in words(n.name)]
            if not carriers:
                self.problems.append(f"{screen}: not in the tree: {want!r}")
                continue
            if not any(n.showing for n in carriers):
                movable = [n for n in carriers if "Set Focus" in n.actions]
                self.problems += self.reach(screen, (movable or carriers)[0])
            wrong = [n for n in carriers if not (n.locale or "").startswith(self.lang)]
            if len(wrong) == len(carriers):
                self.problems.append(
                    f"{screen}: {want[:50]!r} says it is in {wrong[0].locale}, not {self.lang}"
                )

    def reach(self, screen: str, node: Node) -> list[str]:
        """Move to ``node`` as a screen reader does (its "Set Focus" action); what is
        wrong if it does not come into view."""
        what = f"{screen}: {node} at {node.extents} is out of view"
        refused = self.kiosk.try_press(node.name, node.role, at=node, action="Set Focus")
        if refused is not None:
            return [f"{what}, and cannot be moved to: {refused}"]
        try:
            self.kiosk.wait_for(
                lambda t: any(n.path == node.path and n.showing for n in t),
                REACH_SECONDS,
                f"{node} to come into view",
            )
        except AssertionError:
            return [f"{what}, and moving to it (Set Focus) does not bring it into view"]
        return []


def heading(nodes: list[Node], name: str) -> bool:
    return any(n.role == "heading" and words(n.name) == words(name) for n in showing(nodes))


def headed(name: str) -> Callable[[list[Node]], bool]:
    """Whether a tree shows the heading ``name`` (what to wait for)."""
    return lambda nodes: heading(nodes, name)


def _layout(nodes: list[Node]) -> list[tuple[tuple[int, ...], str, object]]:
    return [(n.path, n.name, n.extents) for n in showing(nodes)]


def settled(kiosk: AtspiKiosk, nodes: list[Node]) -> list[Node]:
    """The tree once nothing on screen moves: the same objects in the same places in two
    walks running (a page glides in, the previous one out, both in the tree meanwhile)."""
    deadline = time.monotonic() + SCREEN_SECONDS
    while True:
        again = kiosk.tree()
        if _layout(again) == _layout(nodes):
            return again
        assert time.monotonic() < deadline, f"the screen still moves: {_layout(again)}"
        nodes = again


def go(
    kiosk: AtspiKiosk, name: str, role: str, ready: Callable[[list[Node]], object]
) -> list[Node]:
    """Press ``name`` and wait for the screen it opens, settled; that screen's tree."""
    kiosk.press(name, role)
    return settled(kiosk, kiosk.wait_for(ready, SCREEN_SECONDS, f"{name!r} to open its screen"))


def home(kiosk: AtspiKiosk, lang: str) -> list[Node]:
    """Home, in ``lang`` (through the navigation bar's Home, unless already there)."""
    title = text(BUNDLE.exhibit.title, lang)
    nodes = kiosk.tree()
    # On Home the window is called by the exhibit's title alone (its heading may be
    # scrolled out of sight, where the screen reader went on to the credits).
    if heading(nodes, title) or any(n.role == "frame" and n.name == title for n in nodes):
        return settled(kiosk, nodes)
    return go(kiosk, tr(lang, "NavBar", "Home"), "push button", headed(title))


def open_section(kiosk: AtspiKiosk, lang: str, entry: str, heading: str) -> list[Node]:
    """Home, then its way in called ``entry`` (the English word, pressed in ``lang``), once
    the section's ``heading`` shows."""
    home(kiosk, lang)
    return go(kiosk, tr(lang, "HomeScreen", entry), "push button", headed(heading))


def choose(kiosk: AtspiKiosk, lang: str) -> None:
    """Switch the language with its button in the navigation bar, as a visitor would; a
    card a failed test left open is closed first (the tests share one kiosk)."""
    nodes = kiosk.tree()
    closes = {tr(code, "GlossaryCard", "Close") for code in LANGUAGES}
    for close in [n.name for n in showing(nodes) if n.role == "push button"]:
        if close in closes:
            kiosk.press(close, "push button")
            nodes = kiosk.wait_for(
                lambda t: not [n for n in showing(t) if n.name in closes],
                SCREEN_SECONDS,
                "the open card to close",
            )
            break
    button = [n for n in showing(nodes) if n.role == "push button" and n.name == autonym(lang)]
    assert button, f"no button {autonym(lang)!r}: {', '.join(map(str, showing(nodes)))}"
    if "selected" not in button[0].states:
        kiosk.press(autonym(lang), "push button")
        kiosk.wait_for(
            lambda t: any(n.name == autonym(lang) and "selected" in n.states for n in showing(t)),
            SCREEN_SECONDS,
            f"{autonym(lang)} to be the chosen language",
        )


def term_of(link: str, lang: str) -> GlossaryTerm | None:
    """The glossary term a link so named in a ``lang`` text stands for."""
    for term in BUNDLE.glossary:
        forms = {text(term.term, lang), *term.forms.get(lang, [])}
        if words(link).casefold() in {f.casefold() for f in forms}:
            return term
    return None


# -- the visit --------------------------------------------------------------------------------


def visit_home(kiosk: AtspiKiosk, reading: Reading) -> None:
    lang, ex = reading.lang, BUNDLE.exhibit
    nodes = home(kiosk, lang)
    hero = MEDIA.get(ex.hero or "")
    reading.check(
        "home",
        nodes,
        [
            text(ex.title, lang),
            text(ex.subtitle, lang),
            *paras(ex.summary, lang),
            text(ex.source, lang),
            text(ex.credit, lang),
            text(ex.rights, lang),
        ],
    )
    if hero is not None:
        alt = words(plain(text(hero.alt, lang)))
        if not [n for n in showing(nodes) if n.role == "image" and words(n.name) == alt]:
            reading.problems.append(f"home: no picture named with the hero's alt {alt!r}")


def visit_story(kiosk: AtspiKiosk, reading: Reading) -> None:
    lang = reading.lang
    pages = BUNDLE.story
    first = text(pages[0].title, lang)
    nodes = open_section(kiosk, lang, "Story", first)
    next_name = tr(lang, "PagerBar", "Next")
    for i, page in enumerate(pages):
        title = text(page.title, lang)
        screen = f"story page {i + 1} ({title})"
        if i:
            nodes = go(kiosk, next_name, "push button", headed(title))
        reading.check(screen, nodes, [title, date(page.date, lang), *paras(page.body, lang)])
        for mid in page.media:
            alt = words(plain(text(MEDIA[mid].alt, lang)))
            if not [n for n in showing(nodes) if n.role == "image" and words(n.name) == alt]:
                reading.problems.append(f"{screen}: no picture named with its alt {alt!r}")
        read_term_links(kiosk, reading, screen, nodes)
    last = [n for n in showing(kiosk.tree()) if n.name == next_name]
    if [n for n in last if "enabled" in n.states]:
        reading.problems.append(f"the story's last page offers {next_name!r} as if it went on")


def card_of(nodes: list[Node], term: str) -> list[Node]:
    """The glossary card showing ``term``: a dialog headed with it, and all inside it."""
    for dialog in showing(nodes):
        if dialog.role != "dialog":
            continue
        inside = [n for n in nodes if _inside(n, dialog)]
        if any(n.role == "heading" and words(n.name) == words(term) for n in showing(inside)):
            return [dialog, *inside]
    return []


def read_term_links(kiosk: AtspiKiosk, reading: Reading, screen: str, nodes: list[Node]) -> None:
    """Press each term link of the screen's paragraphs; its card must read the term's
    definition, and close again."""
    lang = reading.lang
    links = [n for n in showing(nodes) if n.role == "link"]
    close = tr(lang, "GlossaryCard", "Close")
    for link in links:
        term = term_of(link.name, lang)
        if term is None:
            reading.problems.append(f"{screen}: a link {link.name!r} to no glossary term")
            continue
        name, definition = text(term.term, lang), words(text(term.definition, lang))
        kiosk.press(link.name, "link", at=link)
        card = kiosk.wait_for(
            partial(card_of, term=name),
            SCREEN_SECONDS,
            f"the card of {name!r} (pressed {link.name!r} on {screen})",
        )
        reading.check(f"{screen}, the card of {name!r}", card_of(card, name), [name, definition])
        kiosk.press(close, "push button")

        def closed(nodes: list[Node], name: str = name) -> bool:
            return not card_of(nodes, name)

        kiosk.wait_for(
            closed,
            SCREEN_SECONDS,
            f"the card of {name!r} to close",
        )


def visit_people(kiosk: AtspiKiosk, reading: Reading) -> None:
    lang = reading.lang
    people = tr(lang, "PeopleScreen", "People")
    nodes = open_section(kiosk, lang, "People", people)
    for person in BUNDLE.people:
        name = text(person.name, lang)
        cards = [
            n
            for n in showing(nodes)
            if n.role == "push button" and words(n.name).startswith(words(name))
        ]
        if len(cards) != 1:
            reading.problems.append(f"people: {len(cards)} cards for {name!r} in the grid")
            continue
        page = go(kiosk, cards[0].name, "push button", headed(name))
        words_ui = BUNDLE.ui.get(lang)
        portrait = MEDIA.get(person.portrait or "")
        reading.check(
            f"person {name!r}",
            page,
            [
                name,
                lifespan(person.born, person.died, lang, words_ui),
                text(person.summary, lang),
                *(text(other.name, lang) for other in person.other_names),
                *(text(role.title, lang) for role in person.roles),
                *(date(role.period, lang) for role in person.roles),
                *paras(person.biography, lang),
                *([words(plain(text(portrait.alt, lang)))] if portrait else []),
            ],
        )
        nodes = go(kiosk, tr(lang, "NavBar", "Back"), "push button", headed(people))


def caption(media: Media, lang: str) -> list[str]:
    """What the viewer's caption shows of a photograph, as the bundle has it."""
    return [
        text(media.title, lang),
        text(media.place, lang),
        date(media.date, lang),
        *paras(media.description, lang),
        text(media.inventory_number, lang),
        text(media.credit, lang),
        text(media.rights, lang),
    ]


def visit_photographs(kiosk: AtspiKiosk, reading: Reading) -> None:
    lang = reading.lang
    grid = tr(lang, "PhotosScreen", "Photographs")
    nodes = open_section(kiosk, lang, "Photographs", grid)
    for mid in photo_ids(BUNDLE):
        media = MEDIA[mid]
        title, alt = words(text(media.title, lang)), words(plain(text(media.alt, lang)))
        description = words(" ".join(paras(media.description, lang)))
        cards = [n for n in showing(nodes) if n.role == "push button" and words(n.name) == title]
        if len(cards) != 1:
            reading.problems.append(f"photographs: {len(cards)} cards for {title!r} in the grid")
            continue

        def shown(t: list[Node], alt: str = alt) -> bool:
            return any(n.role == "image" and words(n.name) == alt for n in showing(t))

        viewer = go(kiosk, cards[0].name, "push button", shown)
        screen = f"viewer {mid}"
        reading.check(screen, viewer, caption(media, lang))
        image = [n for n in showing(viewer) if n.role == "image" and words(n.name) == alt]
        if description and words(image[0].description) != description:
            reading.problems.append(
                f"{screen}: the picture's description is {image[0].description!r}, "
                f"not the bundle's {description!r}"
            )
        nodes = go(kiosk, tr(lang, "NavBar", "Back"), "push button", headed(grid))


def visit_glossary(kiosk: AtspiKiosk, reading: Reading) -> None:
    lang = reading.lang
    glossary = tr(lang, "GlossaryScreen", "Glossary")
    nodes = open_section(kiosk, lang, "Glossary", glossary)
    for term in BUNDLE.glossary:
        name = text(term.term, lang)
        reading.check(f"glossary, {name!r}", nodes, [name, text(term.definition, lang)])


@pytest.fixture(scope="module")
def kiosk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AtspiKiosk]:
    """One kiosk for the module: the visit in every language and the reading order."""
    with atspi_kiosk(tmp_path_factory.mktemp("atspi-visit")) as running:
        yield running


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_screen_reader_alone_reads_the_whole_exhibit(kiosk: AtspiKiosk, lang: str) -> None:
    """Every story page, person, photograph's caption and glossary definition, reached by
    AT-SPI presses alone and read from the tree, in each of the bundle's languages."""
    began = time.monotonic()
    reading = Reading(kiosk, lang, [])
    choose(kiosk, lang)
    visit_home(kiosk, reading)
    visit_story(kiosk, reading)
    visit_people(kiosk, reading)
    visit_photographs(kiosk, reading)
    visit_glossary(kiosk, reading)
    print(f"the {lang} visit took {time.monotonic() - began:.1f} s")
    assert reading.problems == [], "\n".join(reading.problems)


# -- reading order ----------------------------------------------------------------------------


def stops(nodes: list[Node]) -> list[Node]:
    """The objects a screen reader stops at, in its reading order: showing, named, of a
    readable role, and not inside another such object (read as part of it)."""
    out: list[Node] = []
    for node in showing(nodes):
        if node.role not in READABLE or not node.name.strip() or node.extents is None:
            continue
        if any(_inside(node, outer) for outer in out):
            continue
        out.append(node)
    return out


def controls(nodes: list[Node], lang: str) -> set[tuple[int, ...]]:
    """Paths of the screen's controls: the tool bars (the navigation bar, a pager's bar)
    and the chronology strip, with all inside them; the pager's buttons, its page indicator
    and the viewer's caption switch wherever they are."""
    containers = [
        n
        for n in showing(nodes)
        if n.role == "tool bar"
        or (n.role == "list" and n.name == tr(lang, "StoryScreen", "Chronology"))
    ]
    pager = {
        tr(lang, "PagerBar", "Previous"),
        tr(lang, "PagerBar", "Next"),
        tr(lang, "PersonScreen", "Previous person"),
        tr(lang, "PersonScreen", "Next person"),
        tr(lang, "PhotoViewer", "Previous photograph"),
        tr(lang, "PhotoViewer", "Next photograph"),
        tr(lang, "PhotoViewer", "Caption"),
    }
    template = tr(lang, "PagerBar", "%1 · %2 of %3")
    indicator = re.compile(
        "^"
        + re.escape(template).replace("%1", ".+").replace("%2", r"\d+").replace("%3", r"\d+")
        + "$"
    )
    return {
        n.path
        for n in showing(nodes)
        if n.name in pager
        or indicator.match(n.name)
        or any(n is c or _inside(n, c) for c in containers)
    }


def _box(node: Node) -> tuple[int, int, int, int]:
    assert node.extents is not None
    x, y, w, h = node.extents
    return x, y, x + w, y + h


def must_precede(a: Node, b: Node) -> str | None:
    """Why ``a`` must be read before ``b`` by rule 3, or None when it need not."""
    ax0, ay0, ax1, ay1 = _box(a)
    bx0, by0, bx1, by1 = _box(b)
    if ay1 <= by0 and ax0 < bx1 and bx0 < ax1:
        return "is above it"
    overlap = min(ay1, by1) - max(ay0, by0)
    if overlap * 2 >= max(ay1 - ay0, by1 - by0) and ax1 <= bx0:
        return "is before it in its row"
    return None


def _split(nodes: list[Node], title: str, lang: str) -> tuple[Node, list[Node], list[Node]]:
    """The screen's title, its content and its controls, each in the tree's order."""
    read = stops(nodes)
    titles = [n for n in read if words(n.name) == words(title)]
    assert titles, f"no object named {title!r} (the screen's title) among {list(map(str, read))}"
    control_paths = controls(nodes, lang)
    rest = [n for n in read if n is not titles[0]]
    content = [n for n in rest if n.path not in control_paths]
    return titles[0], content, [n for n in rest if n.path in control_paths]


def visual(group: list[Node]) -> list[Node]:
    """``group`` in an order the rule accepts (one of them: the rule leaves columns side by
    side free): each next is the topmost, then leftmost, that nothing left over must
    precede (of all left over, should boxes overlap in a cycle)."""
    left, out = list(group), []
    while left:
        free = [b for b in left if not any(must_precede(a, b) for a in left if a is not b)]
        out.append(min(free or left, key=lambda n: _box(n)[1::-1]))
        left.remove(out[-1])
    return out


def out_of_order(nodes: list[Node], title: str, lang: str) -> list[str]:
    """Every breach of the reading order rule (module docstring) on the screen shown, one
    line per object read too early, and the order the screen should read in."""
    read = stops(nodes)
    first, content, control = _split(nodes, title, lang)
    found: list[str] = []
    early = read[: read.index(first)]
    if early:
        found.append(f"the title {first} is read after {', '.join(map(str, early))}")
    last_content = max((read.index(n) for n in content), default=-1)
    early = [c for c in control if read.index(c) < last_content]
    if early:
        found.append(f"the controls {', '.join(map(str, early))} are read before content")
    for group in (content, control):
        for i, b in enumerate(group):
            drawn = [(a, why) for a in group[i + 1 :] if (why := must_precede(a, b))]
            found += [
                f"{b} {b.extents} is read before {a} {a.extents}, which {why}"
                for a, why in drawn[:1]  # the first is enough to find it by
            ]
    if found:
        should = [first, *visual(content), *visual(control)]
        found.append(
            "an order the rule accepts:\n  " + "\n  ".join(f"{n} {n.extents}" for n in should)
        )
    return found


def order_on_home(kiosk: AtspiKiosk, lang: str) -> tuple[list[Node], str]:
    return home(kiosk, lang), text(BUNDLE.exhibit.title, lang)


def order_on_a_story_page_with_a_picture(kiosk: AtspiKiosk, lang: str) -> tuple[list[Node], str]:
    index = next(i for i, p in enumerate(BUNDLE.story) if p.media)
    titles = [text(p.title, lang) for p in BUNDLE.story]
    nodes = open_section(kiosk, lang, "Story", titles[0])
    for title in titles[1 : index + 1]:
        nodes = go(kiosk, tr(lang, "PagerBar", "Next"), "push button", headed(title))
    return nodes, titles[index]


def order_on_a_person(kiosk: AtspiKiosk, lang: str) -> tuple[list[Node], str]:
    people = tr(lang, "PeopleScreen", "People")
    nodes = open_section(kiosk, lang, "People", people)
    person = next(p for p in BUNDLE.people if p.portrait)  # a person with a picture
    name = text(person.name, lang)
    card = next(n for n in showing(nodes) if n.role == "push button" and n.name.startswith(name))
    return go(kiosk, card.name, "push button", headed(name)), name


def order_in_the_viewer(kiosk: AtspiKiosk, lang: str) -> tuple[list[Node], str]:
    grid = tr(lang, "PhotosScreen", "Photographs")
    nodes = open_section(kiosk, lang, "Photographs", grid)
    media = MEDIA[photo_ids(BUNDLE)[0]]
    title, alt = text(media.title, lang), words(plain(text(media.alt, lang)))
    nodes = go(
        kiosk,
        title,
        "push button",
        lambda t: any(n.role == "image" and words(n.name) == alt for n in showing(t)),
    )
    # The photograph is the viewer's heading (the focus lands on it), named by its alt.
    image = next(n for n in showing(nodes) if n.role == "image" and words(n.name) == alt)
    return nodes, image.name


def order_on_the_glossary(kiosk: AtspiKiosk, lang: str) -> tuple[list[Node], str]:
    glossary = tr(lang, "GlossaryScreen", "Glossary")
    nodes = open_section(kiosk, lang, "Glossary", glossary)
    return nodes, glossary


@pytest.mark.parametrize(
    "screen",
    [
        order_on_home,
        order_on_a_story_page_with_a_picture,
        order_on_a_person,
        order_in_the_viewer,
        order_on_the_glossary,
    ],
    ids=lambda f: f.__name__.removeprefix("order_").replace("_", " "),
)
def test_the_tree_reads_in_the_order_the_screen_shows(
    kiosk: AtspiKiosk, screen: Callable[[AtspiKiosk, str], tuple[list[Node], str]]
) -> None:
    """The title first, then the content top to bottom and start to end within a row, then
    the page indicator and the controls (the rule in the module docstring)."""
    lang = BUNDLE.default_language
    choose(kiosk, lang)
    nodes, title = screen(kiosk, lang)
    found = out_of_order(nodes, title, lang)
    order = "\n  ".join(f"{n} {n.extents}" for n in stops(nodes))
    assert found == [], "\n".join(found) + f"\nit reads:\n  {order}"


def _made(path: int, role: str, name: str, box: tuple[int, int, int, int]) -> Node:
    return Node((0, path), role, name, "", frozenset({"visible", "showing"}), (), "en", {}, box)


def test_the_reading_order_rule_itself() -> None:
    """The rule on a made-up screen: a title, a picture beside two paragraphs, a caption
    under the picture, a page indicator and Next (no kiosk needed). The picture, three
    paragraphs tall, is a column of its own: it and the first paragraph beside it are not
    in one row, and either may be read first."""
    title = _made(1, "heading", "Title", (32, 32, 600, 50))
    first = _made(2, "paragraph", "One", (32, 100, 600, 100))
    picture = _made(3, "image", "Picture", (700, 100, 400, 300))
    second = _made(4, "paragraph", "Two", (32, 450, 600, 100))
    below = _made(5, "label", "Under the picture", (700, 410, 400, 30))
    page = _made(6, "label", "Story · 1 of 2", (200, 600, 800, 30))
    after = _made(7, "push button", "Next", (1100, 600, 100, 60))
    right = [title, first, picture, second, below, page, after]
    assert out_of_order(right, "Title", "en") == []
    # The other column first is as right: the rule leaves columns side by side free.
    assert out_of_order([title, first, second, picture, below, page, after], "Title", "en") == []
    assert out_of_order([title, picture, first, second, below, page, after], "Title", "en") == []
    for wrong, says in [
        ([picture, title, first, second, below, page, after], "the title heading 'Title'"),
        ([title, page, first, picture, second, below, after], "the controls label"),
        ([title, below, picture, first, second, page, after], "which is above it"),
        ([title, first, second, below, picture, page, after], "which is above it"),
        ([title, first, picture, second, below, after, page], "which is before it in its row"),
    ]:
        found = out_of_order(wrong, "Title", "en")
        assert found and says in found[0], found
        assert found[-1].startswith("an order the rule accepts:")
    # What the failure proposes: the topmost, then leftmost, that nothing must precede.
    assert [n.name for n in visual([second, below, picture, first])] == [
        "One",
        "Picture",
        "Under the picture",
        "Two",
    ]
