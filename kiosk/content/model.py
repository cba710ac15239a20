"""The exhibit bundle, format version 1, as typed models.

A bundle is a folder holding ``bundle.json`` and the asset files it names. These models
are the single definition of the format: loading validates against them and the JSON
Schema in ``resources/schema/`` is generated from them (``kiosk schema``).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    field_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError

from kiosk.content import uiwords
from kiosk.content.dates import Dating
from kiosk.content.text import LANG_CODE, LangText, Paragraphs

FORMAT_NAME = "kiosk-bundle"
FORMAT_VERSION = 1

#: Ids are short, lower-case and stable: they appear in references and in file names.
Id = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9][a-z0-9._-]{0,63}$"),
    Field(
        description="Lower-case letters, digits, '.', '_' and '-'; starts with a letter or digit."
    ),
]
LangCode = Annotated[str, StringConstraints(pattern=LANG_CODE)]
AssetPath = Annotated[
    str,
    StringConstraints(min_length=1, max_length=255),
    Field(description="Path of a file inside the bundle folder, with forward slashes."),
]
#: Recorded narration: a sound file per language, read to visitors on headphones instead
#: of the kiosk's synthetic voice (checked in kiosk.content.narration).
Narration = Annotated[
    dict[LangCode, AssetPath],
    Field(
        description="Recorded narration of this item's text per language, a sound file "
        '(WAV, Ogg Vorbis or Opus, MP3 or FLAC) of 0.2 s to 30 minutes: {"en": '
        '"audio/story-1.en.ogg"}. Texts without one are read by the kiosk\'s own voice.'
    ),
]


class _Strict(BaseModel):
    # Unknown keys are errors: a misspelt "titel" must not silently vanish.
    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True)


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


class Exhibit(_Strict):
    """What the exhibit is called and whom it credits."""

    title: LangText
    subtitle: LangText | None = None
    summary: Paragraphs | None = Field(default=None, description="A short introduction.")
    source: LangText | None = Field(
        default=None, description="Where the facts come from (a collection, an archive)."
    )
    credit: LangText | None = Field(default=None, description="Who made the exhibit.")
    rights: LangText | None = Field(default=None, description="Copyright and licence statement.")
    hero: Id | None = Field(default=None, description="Media id of the home screen's image.")
    audio: Narration = Field(default_factory=dict)


class Media(_Strict):
    """A photograph, document or other image and everything its caption says."""

    id: Id
    file: AssetPath
    kind: MediaKind = MediaKind.PHOTO
    title: LangText = Field(description="The caption's title.")
    date: Dating | None = None
    place: LangText | None = None
    inventory_number: LangText | None = Field(
        default=None, description='Catalogue or inventory number, e.g. "SMPHR F.III-15332".'
    )
    credit: LangText | None = None
    rights: LangText | None = None
    alt: LangText | None = Field(
        default=None, description="What the image shows, for screen readers and placeholders."
    )
    description: Paragraphs | None = None
    people: list[Id] = Field(default_factory=list, description="Ids of the people shown.")
    audio: Narration = Field(default_factory=dict)


class OtherName(_Strict):
    """A real surname, pseudonym or other name a person is known by."""

    kind: NameKind
    name: LangText


class Role(_Strict):
    """An office or role, with the period it was held where known."""

    title: LangText
    period: Dating | None = None


class Person(_Strict):
    """A person of the exhibit, for the portrait gallery."""

    id: Id
    name: LangText
    sort_name: LangText | None = Field(
        default=None, description='How the name sorts, e.g. "Kirov, Sergei".'
    )
    other_names: list[OtherName] = Field(default_factory=list)
    born: Dating | None = None
    died: Dating | None = None
    summary: LangText | None = Field(default=None, description="One line under the name.")
    roles: list[Role] = Field(default_factory=list)
    biography: Paragraphs | None = None
    portrait: Id | None = Field(default=None, description="Media id of the portrait.")
    audio: Narration = Field(default_factory=dict)


class StoryPage(_Strict):
    """One page of the exhibit's story."""

    id: Id
    title: LangText
    date: Dating | None = Field(default=None, description="Shown prominently on the page.")
    body: Paragraphs
    media: list[Id] = Field(default_factory=list, description="Media ids shown with the page.")
    people: list[Id] = Field(default_factory=list, description="Ids of people the page names.")
    audio: Narration = Field(default_factory=dict)


class GlossaryTerm(_Strict):
    """A term and its definition."""

    id: Id
    term: LangText
    definition: LangText
    forms: dict[LangCode, list[str]] = Field(
        default_factory=dict,
        description="Other word forms that mark the term in story text (e.g. Russian cases).",
    )
    audio: Narration = Field(default_factory=dict)


class VisitSettings(_Strict):
    """How long a visit may be idle on this exhibit (the kiosk's config can override)."""

    idle_timeout: float | None = Field(
        default=None, ge=10, le=3600, description='Seconds of no touch before "Still there?".'
    )
    countdown: float | None = Field(
        default=None, ge=5, le=120, description="Seconds the question waits before the reset."
    )


Words = Annotated[str, StringConstraints(min_length=1)]
PluralCategory = Literal["zero", "one", "two", "few", "many", "other"]
UiWord = Annotated[
    Words | dict[PluralCategory, Words],
    Field(
        description="The words, or for a string with %n its forms by CLDR plural category "
        'of the language, "other" required: {"one": "%n Sekunde", "other": "%n Sekunden"}.'
    ),
]


class Bundle(_Strict):
    """A complete exhibit: ``bundle.json`` of format version 1."""

    schema_ref: str | None = Field(
        default=None, alias="$schema", description="Path or URL of this format's JSON Schema."
    )
    format: Literal["kiosk-bundle"] = "kiosk-bundle"
    format_version: Literal[1] = Field(description="Version of the bundle format: 1.")
    id: Id
    version: Annotated[str, StringConstraints(min_length=1, max_length=40)] = Field(
        description='The bundle\'s own version, e.g. "1.0.0".'
    )
    name: Annotated[str, StringConstraints(min_length=1, max_length=200)] = Field(
        description="A human title for staff, shown in lists of bundles."
    )
    languages: Annotated[list[LangCode], Field(min_length=1)] = Field(
        description="The bundle's languages, in the order the language switch shows them."
    )
    default_language: LangCode = Field(description="One of languages; the visitor's start.")
    exhibit: Exhibit
    story: list[StoryPage] = Field(default_factory=list)
    people: list[Person] = Field(default_factory=list)
    media: list[Media] = Field(default_factory=list)
    glossary: list[GlossaryTerm] = Field(default_factory=list)
    visit: VisitSettings | None = None
    ui: dict[LangCode, dict[str, UiWord]] = Field(
        default_factory=dict,
        description="The UI's own words per language, for a language the kiosk does not ship "
        "(it ships English and Russian) or to override the shipped ones. A key is the English "
        'source exactly as the kiosk has it ("Story", "Next", "The exhibit starts over in %n '
        'second(s).") or a date word ("c. {x}", "early {x}", "mid-{x}", "late {x}", '
        '"night of {first}/{second}", "b. {x}", "d. {x}"); placeholders must be kept.',
    )

    @field_validator("ui", mode="before")
    @classmethod
    def _check_ui(cls, value: Any) -> Any:
        """Unknown keys, empty words, lost placeholders and plural forms the language does
        not have (per CLDR), each reported at its own path below ``ui``."""
        if not isinstance(value, dict):
            return value  # the type check says what is wrong
        errors = [
            InitErrorDetails(
                type=PydanticCustomError("ui_words", "{why}", {"why": why}),
                loc=(lang, *path),
                input=words,
            )
            for lang, words in value.items()
            for path, why in uiwords.problems(lang, words)
        ]
        if errors:
            raise ValidationError.from_exception_data("ui", errors)
        return value

    def media_by_id(self) -> dict[str, Media]:
        """Media items by id."""
        return {m.id: m for m in self.media}

    def people_by_id(self) -> dict[str, Person]:
        """People by id."""
        return {p.id: p for p in self.people}
