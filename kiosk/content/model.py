"""The exhibit bundle, format version 1, as the plain values the kiosk shows.

A bundle is a folder holding ``bundle.json`` and the asset files it names. The format is
defined, and a bundle checked, by the pydantic models of kiosk.content.spec; a bundle that
passes is built as these plain, frozen values from its canonical JSON (``from_json``).
A kiosk whose validation stamp matches the bundle's files builds them from the stamp and
never imports pydantic. Each class here has a twin of the same name and fields in
kiosk.content.spec; a test keeps the two in step.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from kiosk.content.dates import Dating
from kiosk.content.text import LangText, Paragraphs

FORMAT_NAME = "kiosk-bundle"
FORMAT_VERSION = 1

#: A JSON object as a checked document holds it.
Json = Mapping[str, Any]


class MediaKind(StrEnum):
    """What a media item is; the UI words it and may treat kinds differently."""

    PHOTO = "photo"
    PORTRAIT = "portrait"
    DOCUMENT = "document"
    MAP = "map"
    POSTER = "poster"
    OBJECT = "object"
    ARTWORK = "artwork"


class NameKind(StrEnum):
    """How another name of a person relates to the display name."""

    REAL_SURNAME = "real_surname"
    BIRTH_NAME = "birth_name"
    PARTY_PSEUDONYM = "party_pseudonym"
    PSEUDONYM = "pseudonym"
    NICKNAME = "nickname"
    VARIANT_SPELLING = "variant_spelling"
    OTHER = "other"


def _text(value: Any) -> LangText | None:
    return LangText(value) if value is not None else None


def _paragraphs(value: Any) -> Paragraphs | None:
    return Paragraphs(value) if value is not None else None


def _date(value: Any) -> Dating | None:
    return Dating.from_json(value) if value is not None else None


@dataclass(frozen=True, slots=True, kw_only=True)
class Exhibit:
    """What the exhibit is called and whom it credits."""

    title: LangText
    subtitle: LangText | None = None
    summary: Paragraphs | None = None
    source: LangText | None = None
    credit: LangText | None = None
    rights: LangText | None = None
    hero: str | None = None
    audio: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_json(cls, data: Json) -> Exhibit:
        """The exhibit from its checked JSON object."""
        return cls(
            title=LangText(data["title"]),
            subtitle=_text(data.get("subtitle")),
            summary=_paragraphs(data.get("summary")),
            source=_text(data.get("source")),
            credit=_text(data.get("credit")),
            rights=_text(data.get("rights")),
            hero=data.get("hero"),
            audio=dict(data.get("audio", {})),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class Media:
    """A photograph, document or other image and everything its caption says."""

    id: str
    file: str
    kind: MediaKind = MediaKind.PHOTO
    title: LangText
    date: Dating | None = None
    place: LangText | None = None
    inventory_number: LangText | None = None
    credit: LangText | None = None
    rights: LangText | None = None
    alt: LangText | None = None
    description: Paragraphs | None = None
    people: list[str] = field(default_factory=list)
    audio: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_json(cls, data: Json) -> Media:
        """A media item from its checked JSON object."""
        return cls(
            id=data["id"],
            file=data["file"],
            kind=MediaKind(data.get("kind", MediaKind.PHOTO)),
            title=LangText(data["title"]),
            date=_date(data.get("date")),
            place=_text(data.get("place")),
            inventory_number=_text(data.get("inventory_number")),
            credit=_text(data.get("credit")),
            rights=_text(data.get("rights")),
            alt=_text(data.get("alt")),
            description=_paragraphs(data.get("description")),
            people=list(data.get("people", [])),
            audio=dict(data.get("audio", {})),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class OtherName:
    """A real surname, pseudonym or other name a person is known by."""

    kind: NameKind
    name: LangText

    @classmethod
    def from_json(cls, data: Json) -> OtherName:
        """Another name from its checked JSON object."""
        return cls(kind=NameKind(data["kind"]), name=LangText(data["name"]))


@dataclass(frozen=True, slots=True, kw_only=True)
class Role:
    """An office or role, with the period it was held where known."""

    title: LangText
    period: Dating | None = None

    @classmethod
    def from_json(cls, data: Json) -> Role:
        """A role from its checked JSON object."""
        return cls(title=LangText(data["title"]), period=_date(data.get("period")))


@dataclass(frozen=True, slots=True, kw_only=True)
class Person:
    """A person of the exhibit, for the portrait gallery."""

    id: str
    name: LangText
    sort_name: LangText | None = None
    other_names: list[OtherName] = field(default_factory=list)
    born: Dating | None = None
    died: Dating | None = None
    summary: LangText | None = None
    roles: list[Role] = field(default_factory=list)
    biography: Paragraphs | None = None
    portrait: str | None = None
    audio: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_json(cls, data: Json) -> Person:
        """A person from their checked JSON object."""
        return cls(
            id=data["id"],
            name=LangText(data["name"]),
            sort_name=_text(data.get("sort_name")),
            other_names=[OtherName.from_json(n) for n in data.get("other_names", [])],
            born=_date(data.get("born")),
            died=_date(data.get("died")),
            summary=_text(data.get("summary")),
            roles=[Role.from_json(r) for r in data.get("roles", [])],
            biography=_paragraphs(data.get("biography")),
            portrait=data.get("portrait"),
            audio=dict(data.get("audio", {})),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class StoryPage:
    """One page of the exhibit's story."""

    id: str
    title: LangText
    date: Dating | None = None
    body: Paragraphs
    media: list[str] = field(default_factory=list)
    people: list[str] = field(default_factory=list)
    audio: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_json(cls, data: Json) -> StoryPage:
        """A story page from its checked JSON object."""
        return cls(
            id=data["id"],
            title=LangText(data["title"]),
            date=_date(data.get("date")),
            body=Paragraphs(data["body"]),
            media=list(data.get("media", [])),
            people=list(data.get("people", [])),
            audio=dict(data.get("audio", {})),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class GlossaryTerm:
    """A term and its definition."""

    id: str
    term: LangText
    definition: LangText
    forms: dict[str, list[str]] = field(default_factory=dict)
    audio: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_json(cls, data: Json) -> GlossaryTerm:
        """A glossary term from its checked JSON object."""
        return cls(
            id=data["id"],
            term=LangText(data["term"]),
            definition=LangText(data["definition"]),
            forms={lang: list(forms) for lang, forms in data.get("forms", {}).items()},
            audio=dict(data.get("audio", {})),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class VisitSettings:
    """How long a visit may be idle on this exhibit (the kiosk's config can override)."""

    idle_timeout: float | None = None
    countdown: float | None = None

    @classmethod
    def from_json(cls, data: Json) -> VisitSettings:
        """The visit settings from their checked JSON object."""
        idle, countdown = data.get("idle_timeout"), data.get("countdown")
        return cls(
            idle_timeout=float(idle) if idle is not None else None,
            countdown=float(countdown) if countdown is not None else None,
        )


#: The UI's words for one key: the words, or their forms by CLDR plural category.
UiWord = str | dict[str, str]


@dataclass(frozen=True, slots=True, kw_only=True)
class Bundle:
    """A complete exhibit: ``bundle.json`` of format version 1."""

    schema_ref: str | None = field(default=None, metadata={"json": "$schema"})
    format: str = FORMAT_NAME
    format_version: int
    id: str
    version: str
    name: str
    languages: list[str]
    default_language: str
    exhibit: Exhibit
    story: list[StoryPage] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    media: list[Media] = field(default_factory=list)
    glossary: list[GlossaryTerm] = field(default_factory=list)
    visit: VisitSettings | None = None
    ui: dict[str, dict[str, UiWord]] = field(default_factory=dict)

    @classmethod
    def from_json(cls, data: Json) -> Bundle:
        """The bundle from its checked, canonical JSON (kiosk.content.spec.canonical):
        KeyError or TypeError when ``data`` is not such a document."""
        visit = data.get("visit")
        return cls(
            schema_ref=data.get("$schema"),
            format=data.get("format", FORMAT_NAME),
            format_version=data["format_version"],
            id=data["id"],
            version=data["version"],
            name=data["name"],
            languages=list(data["languages"]),
            default_language=data["default_language"],
            exhibit=Exhibit.from_json(data["exhibit"]),
            story=[StoryPage.from_json(p) for p in data.get("story", [])],
            people=[Person.from_json(p) for p in data.get("people", [])],
            media=[Media.from_json(m) for m in data.get("media", [])],
            glossary=[GlossaryTerm.from_json(t) for t in data.get("glossary", [])],
            visit=VisitSettings.from_json(visit) if visit is not None else None,
            ui=data.get("ui", {}),
        )

    def media_by_id(self) -> dict[str, Media]:
        """Media items by id."""
        return {m.id: m for m in self.media}

    def people_by_id(self) -> dict[str, Person]:
        """People by id."""
        return {p.id: p for p in self.people}
