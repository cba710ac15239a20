"""The bundle format, format version 1, as pydantic models: its validation and its schema.

These models are the single definition of what ``bundle.json`` may hold: a bundle is
checked against them (kiosk.content.load) and the JSON Schema in ``resources/schema/`` is
generated from them (``kiosk schema``). They carry no behaviour: a bundle that passes is
built as the plain values of kiosk.content.model (``typed``), which the kiosk uses and which
a start whose validation stamp matches builds from the stamp without importing pydantic.
Each model here has a plain twin of the same name and fields there; a test keeps the two
in step.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, Self, get_args

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    RootModel,
    StringConstraints,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError

from kiosk.content import dates, model, text, uiwords
from kiosk.content.dates import Part
from kiosk.content.model import FORMAT_NAME, FORMAT_VERSION, MediaKind, NameKind
from kiosk.content.text import LANG_CODE

__all__ = ["FORMAT_NAME", "FORMAT_VERSION"]

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


class LangText(RootModel[dict[str, str]]):
    """One text in several languages: ``{"en": "Baku", "ru": "Баку"}``."""

    @field_validator("root")
    @classmethod
    def _codes(cls, value: dict[str, str]) -> dict[str, str]:
        text.check_codes(value)
        return value


class Paragraphs(RootModel[dict[str, list[str]]]):
    """A longer text as paragraphs per language: ``{"en": ["…", "…"], "ru": ["…"]}``."""

    @field_validator("root")
    @classmethod
    def _codes(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        text.check_codes(value)
        return value


class DatePoint(BaseModel):
    """One point in time at year, month or day precision, optionally a part of it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    year: int = Field(ge=1, le=9999, description="Year of the Common Era.")
    month: int | None = Field(default=None, ge=1, le=12, description="Month, 1–12.")
    day: int | None = Field(default=None, ge=1, le=31, description="Day of the month.")
    part: Part | None = Field(
        default=None,
        description='Part of the month (or of the year, without a month): "mid" gives "mid-May".',
    )

    @model_validator(mode="after")
    def _check(self) -> Self:
        point = dates.DatePoint(self.year, self.month, self.day, self.part)
        if problem := dates.point_problem(point):
            raise ValueError(problem)
        return self


class Dating(BaseModel):
    """A date as a bundle states it: a single point or a range, maybe approximate.

    Either ``year`` (with ``month``, ``day`` or ``part``) or both ``from`` and ``to``.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    year: int | None = Field(default=None, ge=1, le=9999)
    month: int | None = Field(default=None, ge=1, le=12)
    day: int | None = Field(default=None, ge=1, le=31)
    part: Part | None = None
    start: DatePoint | None = Field(
        default=None, alias="from", description="First point of a range."
    )
    end: DatePoint | None = Field(default=None, alias="to", description="Last point of a range.")
    approximate: bool = Field(default=False, description='Shown as "c. 1920" / "ок. 1920".')
    night: bool = Field(
        default=False,
        description='For a range of two consecutive days: "night of 27/28 April 1920".',
    )
    label: LangText | None = Field(
        default=None,
        description="Wording to show instead of the generated one; the structure still sorts.",
    )

    @model_validator(mode="after")
    def _check(self) -> Self:
        if problem := dates.dating_problem(typed(self)):
            raise ValueError(problem)
        return self


class _Strict(BaseModel):
    # Unknown keys are errors: a misspelt "titel" must not silently vanish.
    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True)


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


#: Each model's plain twin in kiosk.content.model (or .dates, .text), which builds it from
#: the model's canonical JSON.
TWINS: dict[type[BaseModel], Any] = {
    LangText: text.LangText,
    Paragraphs: text.Paragraphs,
    DatePoint: dates.DatePoint,
    Dating: dates.Dating,
    Exhibit: model.Exhibit,
    Media: model.Media,
    OtherName: model.OtherName,
    Role: model.Role,
    Person: model.Person,
    StoryPage: model.StoryPage,
    GlossaryTerm: model.GlossaryTerm,
    VisitSettings: model.VisitSettings,
    Bundle: model.Bundle,
}


def canonical(value: BaseModel) -> Any:
    """A validated value as JSON in one form: coerced as validation coerced it, keys as the
    format spells them, defaults left out. A validation stamp keeps the bundle so."""
    return value.model_dump(mode="json", by_alias=True, exclude_defaults=True)


def typed(value: Any) -> Any:
    """A validated model as its plain twin (kiosk.content.model), built from its canonical
    JSON as a start from a stamp builds it."""
    twin = TWINS[type(value)]
    data = canonical(value)
    return twin(data) if twin in (text.LangText, text.Paragraphs) else twin.from_json(data)


def valid(spec: type[BaseModel], value: Any) -> Any:
    """``value`` checked against ``spec`` and built as its plain twin; None if invalid."""
    try:
        return typed(spec.model_validate(value))
    except ValidationError:
        return None


#: The sections of items, each checked by itself when the whole bundle is not valid.
SECTIONS: dict[str, type[BaseModel]] = {
    "media": Media,
    "people": Person,
    "story": StoryPage,
    "glossary": GlossaryTerm,
}

_MODELS: list[type[BaseModel]] = [
    Bundle,
    Exhibit,
    Media,
    Person,
    OtherName,
    Role,
    StoryPage,
    GlossaryTerm,
    Dating,
    DatePoint,
    VisitSettings,
]


def _fields_of(*types: type) -> set[str]:
    """Names (as in JSON) of the fields whose annotation mentions one of ``types``."""
    return {
        info.alias or name
        for m in _MODELS
        for name, info in m.model_fields.items()
        if any(t in get_args(info.annotation) or info.annotation is t for t in types)
    }


#: Every key the format knows, for "did you mean" hints on unknown keys.
FIELD_NAMES = {info.alias or name for m in _MODELS for name, info in m.model_fields.items()}
#: Keys whose value is a language map, and keys whose value is paragraphs per language.
TEXT_FIELDS = _fields_of(LangText)
PARAGRAPH_FIELDS = _fields_of(Paragraphs)
