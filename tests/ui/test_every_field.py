"""Every field of the bundle format appears on some screen, or does what it is for.

The issue's "done when": "Every field of the format appears on some screen (a test lists
the fields and finds each in the scene)". The fields are listed from the models
(kiosk/content/model.py), so a field added to the format fails here until it is catalogued
below. A copy of the default exhibit gets a marker in each field (the optional ones the
exhibit leaves empty included); the real scene is walked through every state, as
`kiosk proof` walks it (kiosk.ui.walk), at 1280x800 in English; then each field is looked
for by how it is shown:

- TEXT: its marker is the words of a visible text (StyledText compared as plain text);
- DATE: its marker date, worded by the same formatter as the UI's (kiosk.content.dates), is;
- IMAGE: a media id shows as a visible, loaded image of that media's file (the original or
  a rendition made from it: renditions are named by the original's SHA-256);
- ALT: the image's accessible name, which is what a screen reader says;
- LINK: a person id as a tappable chip with the person's name; a glossary form as a term
  link in the text it occurs in;
- EFFECT: what the field changes, asserted (the order of the People screen, the visit's
  timings, the language a visit starts in, a refused format…);
- KEY: an id, found when a field that refers to it finds what it names;
- NOT SHOWN: not visitor-facing, with the reason, printed by the test.

A date's own parts (year, month, part, from/to, night, label…) are listed too: each must be
in one of the marker dates, and every marker date is found worded as the UI words it.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import time
import types
import typing
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from pydantic import BaseModel, Field, RootModel
from PySide6.QtCore import QRectF
from PySide6.QtGui import QAccessible
from PySide6.QtQml import QQmlExpression, qmlContext
from PySide6.QtQuick import QQuickItem

from kiosk.content import spec
from kiosk.content.dates import lifespan
from kiosk.content.load import check_document
from kiosk.content.model import Bundle, NameKind
from kiosk.content.problems import Report
from kiosk.media.renditions import file_digest
from kiosk.ui import shoot
from kiosk.ui.i18n import autonym
from kiosk.ui.navigation import Navigator
from kiosk.ui.present import name_kind_label
from kiosk.ui.proof import Scene
from kiosk.ui.walk import settle, switch_language, wait, walk
from tests.conftest import DEFAULT_BUNDLE
from tests.ui.scene import image_file, tap

SIZE = (1280, 800)
LANG = "en"  # the language walked, and the default: the visit starts in it, and comes back
OTHER = "ru"  # listed first, so that starting in the first language would not pass for it
PIN = "24681357"

# --- the fields of the format, from the models --------------------------------------------


def _unwrap(hint: Any) -> Any:
    """A type without Annotated[...] and without "| None"."""
    while True:
        origin = typing.get_origin(hint)
        if origin is typing.Annotated:
            hint = typing.get_args(hint)[0]
            continue
        if origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(hint) if a is not type(None)]
            if len(args) == 1:
                hint = args[0]
                continue
        return hint


def leaf_paths(model: type[BaseModel], prefix: str = "", *, into_dates: bool = False) -> list[str]:
    """Every leaf field of ``model`` by its JSON name: "people[].roles[].title". A list is
    "[]"; a language map (LangText, Paragraphs) and any other map is a leaf; a date
    (Dating) is a leaf unless ``into_dates``."""
    out = []
    for name, info in model.model_fields.items():
        path = prefix + (info.alias or name)
        hint = _unwrap(info.annotation)
        if typing.get_origin(hint) is list:
            path += "[]"
            hint = _unwrap(typing.get_args(hint)[0])
        nested = (
            isinstance(hint, type)
            and issubclass(hint, BaseModel)
            and not issubclass(hint, RootModel)
            and (into_dates or not issubclass(hint, spec.Dating))
        )
        out += leaf_paths(hint, path + ".", into_dates=into_dates) if nested else [path]
    return out


# --- the marker bundle --------------------------------------------------------------------


def mark(path: str) -> str:
    """The words written into the field at ``path``: unique, and no other marker's part."""
    return f"[{path}]"


#: A glossary form, whole word, in the story text, a biography and a media description.
FORM = "Mkformword"
PERSON_NAME = f"Zinaida {mark('people[].name')}"  # sorts last by name…
SORT_NAME = "Abasova, Zinaida"  # …and first by sort name
#: The UI's own words the bundle overrides in English: a button and a date word.
UI_STORY = f"{mark('ui')} Story"
UI_CIRCA = f"{mark('ui.date')} {{x}}"
IDLE_TIMEOUT = 123.0
COUNTDOWN = 47.0

#: The marker dates, each where it is shown; together they set every part a date has.
DATES: dict[str, dict[str, Any]] = {
    "story[].date": {
        "from": {"year": 1920, "month": 4, "day": 25},
        "to": {"year": 1920, "month": 4, "day": 26},
        "night": True,
    },
    "story[].date (label)": {
        "from": {"year": 1920, "month": 4},
        "to": {"year": 1920, "month": 5},
        "label": {"en": mark("story[].date.label"), "ru": mark("story[].date.label") + " ru"},
    },
    "media[].date": {"year": 1917, "approximate": True},
    "people[].born": {"year": 1881},
    "people[].died": {"year": 1941, "approximate": True},
    "people[].roles[].period": {
        "from": {"year": 1918, "month": 5, "part": "mid"},
        "to": {"year": 1919, "month": 2, "part": "early"},
    },
    "people[].roles[].period (part)": {"year": 1919, "month": 3, "part": "late"},
    "people[].roles[].period (day)": {"year": 1920, "month": 11, "day": 3},
}


def _both(path: str) -> dict[str, str]:
    return {"en": mark(path), "ru": mark(path) + " ru"}


def _paragraphs(path: str, *extra: str) -> dict[str, list[str]]:
    return {"en": [" ".join((mark(path), *extra))], "ru": [mark(path) + " ru"]}


def _picture(path: Path, colour: tuple[int, int, int]) -> None:
    """A plain picture of its own colour (so its SHA-256, and its renditions', are its own)."""
    Image.new("RGB", (1200, 900), colour).save(path, "JPEG", quality=80)


def make_marker_bundle(dest: Path) -> Path:
    """A copy of the default exhibit with a marker in every field; returns its folder."""
    root = dest / "markers"
    shutil.copytree(DEFAULT_BUNDLE, root)
    doc = json.loads((root / "bundle.json").read_text(encoding="utf-8"))
    doc.update(
        id="marker-bundle-id",
        version="9.8.7-marker",
        name=mark("name"),
        languages=[OTHER, LANG],  # the switch shows them in this order
        default_language=LANG,
        visit={"idle_timeout": IDLE_TIMEOUT, "countdown": COUNTDOWN},
        ui={LANG: {"Story": UI_STORY, "c. {x}": UI_CIRCA}},
    )
    ex = doc["exhibit"]
    for key in ("title", "subtitle", "source", "credit", "rights"):
        ex[key] = _both(f"exhibit.{key}")
    ex["summary"] = _paragraphs("exhibit.summary")
    ex["hero"] = "f-iii-15332"  # not the default exhibit's hero

    first, second = doc["story"][0], doc["story"][1]
    first.update(
        title=_both("story[].title"),
        date=DATES["story[].date (label)"],
        body=_paragraphs("story[].body", f"The {FORM} met."),
        media=["marker-media"],
        people=["marker-person"],
    )
    second["date"] = DATES["story[].date"]

    images = root / "images"
    _picture(images / "marker-media.jpg", (40, 90, 140))
    _picture(images / "marker-portrait.jpg", (140, 90, 40))
    caption = {
        key: _both(f"media[].{key}")
        for key in ("title", "place", "inventory_number", "credit", "rights", "alt")
    }
    doc["media"] += [
        {
            "id": "marker-media",
            "file": "images/marker-media.jpg",
            "kind": "photo",
            **caption,
            "date": DATES["media[].date"],
            "description": _paragraphs("media[].description", f"A {FORM} here."),
            "people": ["marker-person"],
        },
        {
            # A portrait used only as one: its kind keeps it out of the Photographs.
            "id": "marker-portrait",
            "file": "images/marker-portrait.jpg",
            "kind": "portrait",
            "title": _both("portrait title"),
            "alt": _both("portrait alt"),
        },
    ]
    doc["people"].append(
        {
            "id": "marker-person",
            "name": {"en": PERSON_NAME, "ru": PERSON_NAME + " ru"},
            "sort_name": {"en": SORT_NAME, "ru": SORT_NAME},
            "other_names": [{"kind": "nickname", "name": _both("people[].other_names[].name")}],
            "born": DATES["people[].born"],
            "died": DATES["people[].died"],
            "summary": _both("people[].summary"),
            "roles": [
                {"title": _both("people[].roles[].title"), "period": DATES[period]}
                for period in (
                    "people[].roles[].period",
                    "people[].roles[].period (part)",
                    "people[].roles[].period (day)",
                )
            ],
            "biography": _paragraphs("people[].biography", f"Then the {FORM} again."),
            "portrait": "marker-portrait",
        }
    )
    doc["glossary"].append(
        {
            "id": "marker-term",
            "term": _both("glossary[].term"),
            "definition": _both("glossary[].definition"),
            "forms": {LANG: [FORM]},
        }
    )
    (root / "bundle.json").write_text(json.dumps(doc, ensure_ascii=False, indent=2), "utf-8")
    return root


# --- what the scene shows -----------------------------------------------------------------


@dataclass
class State:
    """What one state of the scene shows a visitor."""

    name: str  # the walk's state name: "003-story-1-operation"
    texts: list[tuple[str, str, QRectF]] = field(default_factory=list)  # plain, raw, where
    images: list[Path] = field(default_factory=list)  # files of loaded images
    controls: list[str] = field(default_factory=list)  # words of tappable items
    accessible: list[str] = field(default_factory=list)  # names of images, for screen readers


def _plain(raw: str) -> str:
    """StyledText as the words it shows."""
    return html.unescape(re.sub(r"<[^>]*>", "", re.sub(r"<br\s*/?>", "\n", raw)))


def _is_control(item: QQuickItem) -> bool:
    if item.inherits("QQuickAbstractButton"):
        return True
    return any(c.inherits("QQuickTapHandler") and c.property("enabled") for c in item.children())


def _words_of(item: QQuickItem) -> str:
    """What a control says: its text, else the first visible text inside it."""
    text = item.property("text")
    if isinstance(text, str) and text:
        return text
    for child in item.childItems():
        words = _words_of(child) if child.isVisible() else ""
        if words:
            return words
    return ""


def _box(item: QQuickItem) -> QRectF:
    return item.mapRectToScene(QRectF(0, 0, item.width(), item.height()))


def _pages(view: QQuickItem) -> bool:
    """Whether a view shows one page at a time (the pager: another page is another state)."""
    context = qmlContext(view)
    if context is None or not view.inherits("QQuickListView"):
        return False
    return QQmlExpression(context, view, "snapMode + 0").evaluate()[0] == 2  # SnapOneItem


def _reachable(rect: QRectF, clippers: tuple[QQuickItem, ...], window: QRectF) -> bool:
    """Whether a visitor can see ``rect``: on the window and inside every clipping item, or
    scrolled into view by a view that scrolls (not on another page of a pager)."""
    scrolls = False
    for clipper in clippers:
        box = _box(clipper)
        if not box.intersects(rect) and (
            not clipper.inherits("QQuickFlickable") or _pages(clipper)
        ):
            return False
        if clipper.inherits("QQuickFlickable"):
            scrolls = True
            if not box.intersects(window):
                return False  # the scrolling view itself is out of sight
    return scrolls or window.intersects(rect)


def read_state(window: Any, name: str) -> State:
    """The visible texts, images and controls of the window now."""
    state = State(name)
    bounds = QRectF(0, 0, window.width(), window.height())
    scene = Scene.of(window)
    # An overlay that owns all input (a glossary card, "Still there?") hides what is under it.
    layer = scene.modal_layer()
    for node in scene.nodes:
        item = node.item
        if layer is not None and item is not layer and layer not in node.ancestors:
            continue
        if not _reachable(node.rect, node.clippers, bounds):
            continue
        if item.inherits("QQuickText") or item.inherits("QQuickTextEdit"):
            raw = str(item.property("text") or "")
            if raw.strip():
                state.texts.append((_plain(raw), raw, node.rect))
        elif item.inherits("QQuickImage") and float(item.property("paintedWidth") or 0) > 0:
            source = item.property("source")
            if source is not None and source.isLocalFile():
                state.images.append(image_file(item))
        if _is_control(item) and item.isEnabled():
            state.controls.append(_words_of(item))
        face = QAccessible.queryAccessibleInterface(item)
        if face is not None and face.role() == QAccessible.Role.Graphic:
            state.accessible.append(face.text(QAccessible.Text.Name))
    return state


@dataclass
class Seen:
    """Everything the walk and the extra steps saw, and the facts about effects."""

    root: Path
    bundle: Bundle
    states: list[State] = field(default_factory=list)
    effects: dict[str, tuple[bool, str]] = field(default_factory=dict)

    def where(self, screens: tuple[str, ...]) -> Iterator[State]:
        """The states whose names contain one of ``screens`` (every state for none)."""
        for state in self.states:
            if not screens or any(s in state.name for s in screens):
                yield state

    def file_of(self, media_id: str) -> Path:
        return self.root / self.bundle.media_by_id()[media_id].file

    def shows_image(self, state: State, media_id: str) -> bool:
        original = self.file_of(media_id).resolve()
        digest = file_digest(original)
        return any(p.resolve() == original or p.name.startswith(digest) for p in state.images)


def _wait_until(condition: Callable[[], bool], seconds: float = 10.0) -> bool:
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        wait(20)
    return condition()


@pytest.fixture(scope="module")
def seen(qapp, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Seen]:
    root = make_marker_bundle(tmp_path_factory.mktemp("every-field"))
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(shoot, "_throwaway_pin", lambda: PIN)  # so that staff can get in
        shooter = shoot.Shooter(root)
    with shooter:
        view, clock = shooter.view, shooter.clock
        session, window = view.session, view.window
        assert session.bundle is not None
        result = Seen(root, session.bundle)
        effects = result.effects
        window.resize(*SIZE)
        settle(view)

        # The visit starts in the default language (not the first one listed).
        started = session.language.code
        title = any(t[0] == mark("exhibit.title") for t in read_state(window, "start").texts)

        for state in walk(view, clock):
            result.states.append(read_state(window, state.name))

        # A visitor switches language; the visit starts over, in the default language again.
        switch_language(view, OTHER)
        view.visit.startOver()
        _wait_until(lambda: session.language.code == LANG)
        effects["default_language"] = (
            started == LANG and title and session.language.code == LANG,
            f"started in {started!r} with the title {mark('exhibit.title')!r} shown: {title}; "
            f"after a visit in {OTHER!r} started over: {session.language.code!r}",
        )
        view.visit.leaveAttract()
        settle(view)

        # The idle timeout: "Still there?" comes after the bundle's seconds, not before.
        visit = view.visit
        visit.continueVisit()
        clock.now += IDLE_TIMEOUT - 1
        visit.tick()
        before = visit.phase
        clock.now += 2
        visit.tick()
        after = visit.phase
        visit.continueVisit()
        countdown = int(visit.Phase.Countdown)
        effects["visit.idle_timeout"] = (
            before != countdown and after == countdown,
            f"after {IDLE_TIMEOUT - 1:.0f} s: phase {before}; after {IDLE_TIMEOUT + 1:.0f} s: "
            f"phase {after} (Countdown is {countdown})",
        )

        # A person chip in a photograph's caption leads to that person.
        nav = session.navigator
        nav.home()
        nav.open(int(Navigator.Screen.Viewer), session.photo_ids.index("marker-media"))
        settle(view)
        scene = Scene.of(window)
        chips = [
            n.item
            for n in scene.nodes
            if _is_control(n.item) and _words_of(n.item) == PERSON_NAME and not n.shown.isEmpty()
        ]
        if chips:
            tap(window, chips[0])
            settle(view)
        shown_names = [
            _plain(str(n.item.property("text")))
            for n in Scene.of(window).nodes
            if n.item.inherits("QQuickText") and not n.shown.isEmpty()
        ]
        effects["people[].id"] = (
            bool(chips)
            and nav.screen == int(Navigator.Screen.Person)
            and PERSON_NAME in shown_names,
            f"{len(chips)} chip(s) named {PERSON_NAME!r}; after a tap on one: screen "
            f"{nav.screen}, the person's name in view: {PERSON_NAME in shown_names}",
        )
        nav.home()
        settle(view)

        # The staff panel, opened as staff open it.
        for _ in range(5):
            view.staff.cornerTapped()
        view.staff.submitPin(PIN)
        if _wait_until(lambda: bool(view.staff.panelOpen)):
            settle(view)
            result.states.append(read_state(window, "staff-panel"))
        view.staff.closeAll()
        settle(view)

    # The format's own name and version: a bundle of another is refused.
    doc = json.loads((root / "bundle.json").read_text(encoding="utf-8"))
    for key, other in (("format", "kiosk-bundle-2"), ("format_version", 2)):
        report = Report(root / "bundle.json")
        data = json.dumps({**doc, key: other}).encode()
        check_document(data, root, report, check_files=False)
        refused = [p.path for p in report.errors]
        effects[key] = (key in refused, f"{key}={other!r}: errors at {refused}")
    yield result


# --- how each field is shown --------------------------------------------------------------

Found = tuple[bool, str]


@dataclass(frozen=True)
class Check:
    """One way a field is shown, and how to find it."""

    how: str
    where: str
    find: Callable[[Seen], Found] | None  # None: not visitor-facing (``where`` says why)


def text(path: str, *screens: str, words: str | None = None) -> Check:
    """The marker (or ``words``) is the words of a visible text, or part of them."""
    want = words or mark(path)

    def find(seen: Seen) -> Found:
        for state in seen.where(screens):
            for plain, _, _ in state.texts:
                if want in plain:
                    return True, f"{want!r} in {state.name}: {plain[:60]!r}"
        return False, f"no visible text with {want!r}" + (f" on {screens}" if screens else "")

    return Check("TEXT", ", ".join(screens) or "any screen", find)


def date(key: str, *screens: str, beside: str = "") -> Check:
    """The marker date, worded as the UI words it, in a visible text (with ``beside``)."""

    def find(seen: Seen) -> Found:
        words = seen.bundle.ui.get(LANG)
        date = spec.typed(spec.Dating.model_validate(DATES[key]))
        want = date.display(LANG, seen.bundle.default_language, words)
        return _find_pair(seen, screens, want, beside)

    return Check("DATE", ", ".join(screens), find)


def life(*screens: str) -> Check:
    """Born and died, as the life dates say them."""

    def find(seen: Seen) -> Found:
        born = spec.typed(spec.Dating.model_validate(DATES["people[].born"]))
        died = spec.typed(spec.Dating.model_validate(DATES["people[].died"]))
        want = lifespan(born, died, LANG, seen.bundle.ui.get(LANG))
        return _find_pair(seen, screens, want, mark("people[].summary"))

    return Check("DATE", ", ".join(screens), find)


def _find_pair(seen: Seen, screens: tuple[str, ...], want: str, beside: str) -> Found:
    for state in seen.where(screens):
        for plain, _, _ in state.texts:
            if want in plain and beside in plain:
                return True, f"{want!r} in {state.name}: {plain[:60]!r}"
    return False, f"no visible text with {want!r}" + (f" beside {beside!r}" if beside else "")


def image(media_id: str, *screens: str) -> Check:
    """A visible, loaded image of the media item's file (or a rendition of it)."""

    def find(seen: Seen) -> Found:
        for state in seen.where(screens):
            if seen.shows_image(state, media_id):
                return True, f"{seen.file_of(media_id).name} shown in {state.name}"
        return False, f"no image of {seen.file_of(media_id).name} on {screens}"

    return Check("IMAGE", ", ".join(screens), find)


def alt(path: str, *screens: str) -> Check:
    """The marker is an image's accessible name."""

    def find(seen: Seen) -> Found:
        for state in seen.where(screens):
            if mark(path) in state.accessible:
                return True, f"an image named {mark(path)!r} in {state.name}"
        return False, f"no image with the accessible name {mark(path)!r} on {screens}"

    return Check("ALT", ", ".join(screens), find)


def chip(*screens: str) -> Check:
    """The marker person as a tappable item with their name."""

    def find(seen: Seen) -> Found:
        for state in seen.where(screens):
            if PERSON_NAME in state.controls:
                return True, f"a control {PERSON_NAME!r} in {state.name}"
        return False, f"no control {PERSON_NAME!r} on {screens}"

    return Check("LINK", ", ".join(screens), find)


def term_link(marker: str, *screens: str) -> Check:
    """The glossary form as a link to its term, in the text that holds ``marker``."""
    anchor = f'<a href="term:marker-term">{FORM}</a>'

    def find(seen: Seen) -> Found:
        for state in seen.where(screens):
            for plain, raw, _ in state.texts:
                if marker in plain and anchor in raw:
                    return True, f"{anchor} in {state.name}"
        return False, f"no {anchor} in the text with {marker!r} on {screens}"

    return Check("LINK", f"{marker} ({', '.join(screens)})", find)


def effect(key: str, what: str) -> Check:
    def find(seen: Seen) -> Found:
        return seen.effects.get(key, (False, "not measured"))

    return Check("EFFECT", what, find)


def custom(how: str, what: str, find: Callable[[Seen], Found]) -> Check:
    return Check(how, what, find)


def key(*paths: str) -> Check:
    """An id: it does its work when a field that refers to it finds what it names (each of
    those fields is checked, and fails, on its own)."""

    def find(seen: Seen) -> Found:
        found = [
            f"{p} ({c.where})" for p in paths for c in CATALOGUE[p] if c.find and c.find(seen)[0]
        ]
        return bool(found), f"references found through it: {'; '.join(found) or 'none'}"

    return Check("KEY", "referred to by " + ", ".join(paths), find)


def not_shown(why: str) -> Check:
    return Check("NOT SHOWN", why, None)


def _sorted_people(seen: Seen) -> Found:
    """The People screen lists people by sort name (their name where they have none)."""
    people = seen.bundle.people
    want = [
        p.name.get(LANG)
        for p in sorted(people, key=lambda p: (p.sort_name or p.name).get(LANG).casefold())
    ]
    for state in seen.where(("-people",)):
        found = [(r.y(), r.x(), plain) for plain, _, r in state.texts if plain in want]
        shown = [name for _, _, name in sorted(found)]  # reading order, top row first
        return shown == want, f"shown {shown}, by sort name {want}"
    return False, "no People screen"


def _languages(seen: Seen) -> Found:
    """The language switch: the bundle's languages, in its order, by their own names."""
    want = [autonym(code) for code in seen.bundle.languages]
    for state in seen.where(("-home",)):
        found = sorted((r.x(), plain) for plain, _, r in state.texts if plain in want)
        shown = [name for _, name in found]
        return shown == want, f"switch shows {shown} left to right; the bundle lists {want}"
    return False, "no Home screen"


def _kinds(seen: Seen) -> Found:
    """A photograph is in the Photographs; a portrait used only as one is not."""
    grid = list(seen.where(("-photographs",)))
    photo = any(seen.shows_image(s, "marker-media") for s in grid)
    portrait = any(seen.shows_image(s, "marker-portrait") for s in grid)
    viewer = [s.name for s in seen.where(("photo-marker-portrait",))]
    return (
        photo and not portrait and not viewer,
        f"Photographs show the photo: {photo}, the portrait: {portrait}; viewer states of "
        f"the portrait: {viewer}",
    )


def _countdown(seen: Seen) -> Found:
    """ "Still there?" counts down from the bundle's seconds."""
    for state in seen.where(("still-there",)):
        for plain, _, _ in state.texts:
            if re.search(rf"\b{COUNTDOWN:.0f}\b", plain):
                return True, f"{plain!r} in {state.name}"
    return False, f"no {COUNTDOWN:.0f} in the countdown"


#: Recorded narration is heard, not seen: kiosk validate checks its files (tests/content/
#: test_narration.py); the kiosk does not play it yet (issue 13's audio is synthesis only).
NARRATION = not_shown(
    "recorded narration, for headphones: heard, not shown; the kiosk does not play it yet"
)

#: How each field of the format is shown. Screens are parts of the walk's state names.
CATALOGUE: dict[str, tuple[Check, ...]] = {
    "$schema": (
        not_shown(
            "a pointer to the JSON Schema for the curator's editor (validation as they "
            "type); the kiosk validates against its own models and never reads it"
        ),
    ),
    "format": (effect("format", "a bundle of another format is refused"),),
    "format_version": (effect("format_version", "a bundle of another version is refused"),),
    "id": (text("id", "staff-panel", words="marker-bundle-id"),),
    "version": (text("version", "staff-panel", words="9.8.7-marker"),),
    "name": (text("name", "staff-panel"),),
    "languages[]": (custom("EFFECT", "the language switch, in the bundle's order", _languages),),
    "default_language": (
        effect("default_language", "the visit starts in it, and a reset comes back to it"),
    ),
    "exhibit.title": (text("exhibit.title", "-home"), text("exhibit.title", "attract")),
    "exhibit.subtitle": (text("exhibit.subtitle", "-home"),),
    "exhibit.summary": (text("exhibit.summary", "-home"),),
    "exhibit.source": (text("exhibit.source", "-home"),),
    "exhibit.credit": (text("exhibit.credit", "-home"),),
    "exhibit.rights": (text("exhibit.rights", "-home"),),
    "exhibit.hero": (image("f-iii-15332", "-home"),),
    "exhibit.audio": (NARRATION,),
    "story[].id": (
        not_shown(
            "a page's own key: nothing in format 1 refers to a page; it only names the "
            "page's state in `kiosk render` and `kiosk proof` reports"
        ),
    ),
    "story[].title": (text("story[].title", "story-1"),),
    "story[].date": (
        date("story[].date", "story-2"),
        date("story[].date (label)", "story-1"),
    ),
    "story[].body": (text("story[].body", "story-1"),),
    "story[].media[]": (image("marker-media", "story-1"),),
    "story[].people[]": (chip("story-1"),),
    "story[].audio": (NARRATION,),
    "people[].id": (
        effect("people[].id", "a person chip in a caption leads to that person"),
        key("media[].people[]", "story[].people[]"),
    ),
    "people[].name": (text("people[].name", "person-marker"), text("people[].name", "people")),
    "people[].sort_name": (custom("EFFECT", "the People screen's order", _sorted_people),),
    "people[].other_names[].kind": (
        text(
            "people[].other_names[].kind",
            "person-marker",
            words=f"{name_kind_label(NameKind.NICKNAME, LANG)}: "
            f"{mark('people[].other_names[].name')}",
        ),
    ),
    "people[].other_names[].name": (text("people[].other_names[].name", "person-marker"),),
    "people[].born": (life("person-marker"),),
    "people[].died": (life("person-marker"),),
    "people[].summary": (text("people[].summary", "person-marker"),),
    "people[].roles[].title": (text("people[].roles[].title", "person-marker"),),
    "people[].roles[].period": tuple(
        date(period, "person-marker", beside=mark("people[].roles[].title"))
        for period in (
            "people[].roles[].period",
            "people[].roles[].period (part)",
            "people[].roles[].period (day)",
        )
    ),
    "people[].biography": (text("people[].biography", "person-marker"),),
    "people[].portrait": (image("marker-portrait", "person-marker"),),
    "people[].audio": (NARRATION,),
    "media[].id": (key("exhibit.hero", "story[].media[]", "people[].portrait"),),
    "media[].file": (image("marker-media", "photo-marker-media"),),
    "media[].kind": (custom("EFFECT", "which media the Photographs show", _kinds),),
    "media[].title": (text("media[].title", "photo-marker-media"),),
    "media[].date": (date("media[].date", "photo-marker-media", beside=mark("media[].place")),),
    "media[].place": (text("media[].place", "photo-marker-media"),),
    "media[].inventory_number": (text("media[].inventory_number", "photo-marker-media"),),
    "media[].credit": (text("media[].credit", "photo-marker-media"),),
    "media[].rights": (text("media[].rights", "photo-marker-media"),),
    "media[].alt": (alt("media[].alt", "photo-marker-media"),),
    "media[].description": (text("media[].description", "photo-marker-media"),),
    "media[].people[]": (chip("photo-marker-media"),),
    "media[].audio": (NARRATION,),
    "glossary[].id": (key("glossary[].forms"),),
    "glossary[].term": (text("glossary[].term", "glossary"), text("glossary[].term", "term-")),
    "glossary[].definition": (
        text("glossary[].definition", "glossary"),
        text("glossary[].definition", "term-"),
    ),
    "glossary[].forms": (
        term_link(mark("story[].body"), "story-1"),
        term_link(mark("people[].biography"), "person-marker"),
        term_link(mark("media[].description"), "photo-marker-media"),
    ),
    "glossary[].audio": (NARRATION,),
    "visit.idle_timeout": (
        effect("visit.idle_timeout", '"Still there?" after the bundle\'s idle seconds'),
    ),
    "visit.countdown": (custom("EFFECT", '"Still there?" counts down from it', _countdown),),
    "ui": (
        text("ui", "-home", words=UI_STORY),
        text("ui", "photo-marker-media", words=UI_CIRCA.replace("{x}", "1917")),
    ),
}


# --- the tests ----------------------------------------------------------------------------


def test_every_field_of_the_format_is_catalogued():
    fields = leaf_paths(spec.Bundle)
    uncatalogued = [f for f in fields if f not in CATALOGUE]
    gone = [f for f in CATALOGUE if f not in fields]
    assert uncatalogued == [], "fields of the format with no entry in CATALOGUE"
    assert gone == [], "CATALOGUE entries for fields the format no longer has"
    assert len(fields) == len(set(fields))


def test_a_field_added_to_the_format_is_found_missing_from_the_catalogue():
    # The listing sees a new field wherever it is added: at the top, in a nested model, in
    # a list's items, in a date.
    class Place(BaseModel):
        name: spec.LangText
        founded: spec.Dating | None = None

    class GrownMedia(spec.Media):
        place_details: list[Place] = Field(default_factory=list)

    class Grown(spec.Bundle):
        credits_page: spec.LangText | None = None
        media: list[GrownMedia] = Field(default_factory=list)

    fields = leaf_paths(Grown)
    assert [f for f in fields if f not in CATALOGUE] == [
        "media[].place_details[].name",
        "media[].place_details[].founded",
        "credits_page",
    ]
    assert "founded" not in leaf_paths(spec.Dating)  # dates have their own listing (below)


def test_every_part_of_a_date_is_in_a_marker_date():
    def given(value: dict[str, Any], prefix: str = "") -> Iterator[str]:
        for k, v in value.items():
            yield from given(v, f"{prefix}{k}.") if k in ("from", "to") else [prefix + k]

    parts = leaf_paths(spec.Dating)
    used = {
        p
        for d in DATES.values()
        for p in given(spec.Dating.model_validate(d).model_dump(by_alias=True, exclude_unset=True))
    }
    assert [p for p in parts if p not in used] == []


@pytest.mark.parametrize("path", list(CATALOGUE))
def test_the_field_is_shown(seen: Seen, path: str):
    lines, missing = [], []
    for check in CATALOGUE[path]:
        if check.find is None:
            lines.append(f"{path}: NOT SHOWN: not visitor-facing: {check.where}")
            continue
        ok, detail = check.find(seen)
        lines.append(
            f"{path}: {check.how} ({check.where}): {'found' if ok else 'NOT FOUND'}: {detail}"
        )
        if not ok:
            missing.append(lines[-1])
    print("\n".join(lines))
    assert missing == [], "\n".join(missing)
