"""The rows the QML models show, one frozen dataclass per kind of row.

Each field is a model role of the same name in lowerCamelCase (``inventory_number`` →
``inventoryNumber``). A field holding a tuple of rows is a nested list: QML sees it as a
model of its own (see ``kiosk.ui.models``), never as a list of maps. A field whose metadata
says ``role=False`` stays in Python (the deep-zoom pyramid: the viewer's tile grid asks the
model for it).

Rows are built on a worker thread (``kiosk.ui.present``) and are immutable, so the GUI
thread can take them over without copying.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QUrl

from kiosk.media.tiles import Pyramid

#: For fields that are not roles.
PYTHON_ONLY = {"role": False}


@dataclass(frozen=True, slots=True)
class Thumb:
    """A photograph shown small (on a story page, under a person's biography)."""

    media_id: str
    url: QUrl
    thumb_url: QUrl
    title: str
    alt: str
    photo_index: int


@dataclass(frozen=True, slots=True)
class OtherName:
    """Another name of a person, with how the UI introduces it ("Party pseudonym")."""

    label: str
    name: str


@dataclass(frozen=True, slots=True)
class Post:
    """A role a person held, and when."""

    title: str
    period: str


@dataclass(frozen=True, slots=True)
class PersonChip:
    """A person shown in a photograph or named by a story page, as a link to their page
    (``person_index``: their place in the gallery of the same language, which is sorted)."""

    person_id: str
    name: str
    person_index: int


@dataclass(frozen=True, slots=True)
class Page:
    """A story page."""

    page_id: str
    title: str
    date: str
    paragraphs: tuple[str, ...]
    media: tuple[Thumb, ...]
    #: The people the page names, in the bundle's order, linked to their pages.
    people: tuple[PersonChip, ...]
    #: The recorded narration of the page in the language shown: an absolute
    #: path, or "" when there is none (the kiosk's own voice reads the text then).
    narration: str = ""


@dataclass(frozen=True, slots=True)
class Person:
    """A person of the portrait gallery, in its order for the language (by sort name)."""

    person_id: str
    name: str
    lifespan: str
    summary: str
    other_names: tuple[OtherName, ...]
    roles: tuple[Post, ...]
    biography: tuple[str, ...]
    portrait_url: QUrl
    portrait_thumb_url: QUrl
    portrait_alt: str
    appears_in: tuple[Thumb, ...]
    #: Whether the collection has a portrait (its URL stays empty until it is prepared).
    has_portrait: bool = False
    #: The recorded narration of the person's text in the language shown: an absolute
    #: path, or "" when there is none (the kiosk's own voice reads the text then).
    narration: str = ""


@dataclass(frozen=True, slots=True)
class DeepZoom:
    """A photograph's tile pyramid, when one has been made (stays in Python)."""

    pyramid: Pyramid
    folder: str
    #: The long edge of the image shown under the tiles (0: the original at screen size).
    base_edge: int


@dataclass(frozen=True, slots=True)
class Photo:
    """A photograph of the viewer, with everything its captions panel says."""

    media_id: str
    url: QUrl
    thumb_url: QUrl
    title: str
    date: str
    place: str
    inventory_number: str
    credit: str
    rights: str
    alt: str
    #: What the curator says about it, as StyledText paragraphs with glossary links.
    description: tuple[str, ...]
    #: The same in plain words, for a screen reader (the picture's accessible description).
    description_text: str
    people: tuple[PersonChip, ...]
    image_width: int
    image_height: int
    has_tiles: bool
    #: The recorded narration of its caption and description in the language shown: an
    #: absolute path, or "" when there is none (the kiosk's own voice reads the text then).
    narration: str = ""
    deep_zoom: DeepZoom | None = field(default=None, metadata=PYTHON_ONLY)


@dataclass(frozen=True, slots=True)
class Term:
    """A glossary term, in the glossary's order for its language."""

    term_id: str
    term: str
    definition: str
    #: The A–Z index's letter (a section of the list): the glossary is sorted, so terms
    #: sharing a letter are next to each other.
    letter: str
    #: The recorded narration of the term and its definition in the language shown: an
    #: absolute path, or "" when there is none (the kiosk's own voice reads the text then).
    narration: str = ""


@dataclass(frozen=True, slots=True)
class Letter:
    """A letter of the glossary's A–Z index, and where its terms begin."""

    letter: str
    #: The position of the letter's first term in the glossary.
    first: int


@dataclass(frozen=True, slots=True)
class Slide:
    """One picture of the attract loop, with its caption."""

    slide_id: str
    url: QUrl
    caption: str
    detail: str
    #: What the picture shows, for a screen reader (the bundle's alt text).
    alt: str = ""


@dataclass(frozen=True, slots=True)
class Language:
    """A language of the bundle, by its own name."""

    code: str
    name: str


@dataclass(frozen=True, slots=True)
class Front:
    """What Home and the window say about the exhibit as a whole."""

    title: str = ""
    subtitle: str = ""
    summary: tuple[str, ...] = ()
    source: str = ""
    credit: str = ""
    rights: str = ""
    hero_url: QUrl = field(default_factory=QUrl)
    hero_photo_index: int = -1
    #: What the hero shows, for a screen reader (the bundle's alt text).
    hero_alt: str = ""
    #: The recorded narration of the exhibit's front text (Home) in the language shown:
    #: an absolute path, or "" when there is none (the kiosk's own voice reads the text then).
    narration: str = ""
