"""What QML sees of the exhibit: its loading state, its front matter and its models; and the
visitor's language.

Two small registered objects, one concern each. ``Exhibit`` shows what the session has
built; ``Language`` lists the bundle's languages and passes a visitor's choice to the
session, which builds the new rows on a worker and applies them here in place.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import IntEnum

from PySide6.QtCore import Property, QEnum, QObject, QUrl, Signal, Slot
from PySide6.QtQml import QmlElement, QmlUncreatable

from kiosk.content import cldr
from kiosk.ui import rows
from kiosk.ui.models import (
    GlossaryModel,
    LanguageModel,
    PeopleModel,
    PhotoModel,
    SlideModel,
    StoryModel,
    kept,
)
from kiosk.ui.photorows import PhotoRows
from kiosk.ui.present import Built
from kiosk.ui.signals import emit

QML_IMPORT_NAME = "Kiosk.Backend"
QML_IMPORT_MAJOR_VERSION = 1


@QmlElement
@QmlUncreatable("The exhibit is made by the application and passed to Main.")
class Exhibit(QObject):  # type: ignore[operator]  # stubs: QmlUncreatable not callable
    """The exhibit on show: whether it has loaded, its front matter and its lists."""

    class State(IntEnum):
        """Where loading stands.

        ``Unavailable``: there is no exhibit to show (the bundle is missing, unreadable or
        invalid, and none loaded before); visitors see a calm screen, staff can still open
        their panel and switch or install an exhibit. A later successful load is ``Ready``.
        ``Failed`` is its former name, kept for Python callers (the same value).
        """

        Loading = 0
        Ready = 1
        Unavailable = 2
        Failed = 2  # an alias of Unavailable

    QEnum(State)

    stateChanged = Signal()
    """Emitted when loading finishes, or when there is no exhibit to show (Unavailable)."""
    frontChanged = Signal()
    """Emitted when the title, introduction, credits or hero change (a language switch)."""
    touchCallChanged = Signal()
    """Emitted when another bundle (with other languages) is shown."""
    visitReset = Signal()
    """Emitted when the visit goes back to its start: overlays close, settings reset."""
    sectionsChanged = Signal()
    """Emitted when a section (story, people, photos, glossary) gains its first row or
    loses its last: another bundle is shown."""

    #: The sections Home can offer, in Home's order, with the model holding each one's rows.
    SECTIONS = ("story", "people", "photos", "glossary")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._state = Exhibit.State.Loading
        self._front = rows.Front()
        self._touch_call = ""
        self._story = StoryModel(self)
        self._people = PeopleModel(self)
        self._photos = PhotoModel(self)
        self._glossary = GlossaryModel(self)
        self._slides = SlideModel(self)
        self._photo_rows = kept(PhotoRows(self))
        self._photo_rows.setProperty("photos", self._photos)
        self._sections: tuple[str, ...] = ()

    def show(self, built: Built) -> None:
        """Show ``built``: rows in place where the lists keep their length."""
        self._story.set_rows(built.story)
        self._people.set_rows(built.people)
        self._photos.set_rows(built.photos)
        self._glossary.set_rows(built.glossary)
        self._slides.set_rows(built.slides)
        self.show_front(built.front, tuple(n for n in self.SECTIONS if getattr(built, n)))

    def show_front(self, front: rows.Front, sections: tuple[str, ...]) -> None:
        """Show Home: its words and picture, and the ways in to ``sections`` (the lists
        follow: at start-up Home is shown before they are built)."""
        if sections != self._sections:
            self._sections = sections
            emit(self.sectionsChanged)
        if front != self._front:
            self._front = front
            emit(self.frontChanged)

    def set_touch_call(self, text: str) -> None:
        """The attract loop's call to touch, in every language of the bundle."""
        if text != self._touch_call:
            self._touch_call = text
            emit(self.touchCallChanged)

    def set_state(self, state: Exhibit.State) -> None:
        """Loading, Ready or Unavailable."""
        if state != self._state:
            self._state = state
            emit(self.stateChanged)

    @Property(int, notify=stateChanged)
    def state(self) -> int:
        """Loading, Ready or Unavailable."""
        return int(self._state)

    @property
    def status(self) -> Exhibit.State:
        """Loading, Ready or Unavailable (for Python callers)."""
        return self._state

    @property
    def lists(self) -> tuple[StoryModel, PeopleModel, PhotoModel, GlossaryModel, SlideModel]:
        """The models (for Python callers): story, people, photos, glossary, slides."""
        return self._story, self._people, self._photos, self._glossary, self._slides

    @property
    def front(self) -> rows.Front:
        """The front matter shown."""
        return self._front

    @Property(StoryModel, constant=True)
    def story(self) -> StoryModel:
        """The story pages."""
        return self._story

    @Property(PeopleModel, constant=True)
    def people(self) -> PeopleModel:
        """The people of the portrait gallery."""
        return self._people

    @Property(PhotoModel, constant=True)
    def photos(self) -> PhotoModel:
        """The photographs."""
        return self._photos

    @Property(PhotoRows, constant=True)
    def photoRows(self) -> PhotoRows:
        """The photographs in justified rows: the Photographs screen sets their width."""
        return self._photo_rows

    @Property(GlossaryModel, constant=True)
    def glossary(self) -> GlossaryModel:
        """The glossary."""
        return self._glossary

    @Property(SlideModel, constant=True)
    def slides(self) -> SlideModel:
        """The attract loop's pictures."""
        return self._slides

    @Property(list, notify=sectionsChanged)
    def sections(self) -> list[str]:
        """The sections that have something to show, of "story", "people", "photos" and
        "glossary" in that order: Home offers only these (an empty one would open a blank
        page; ``kiosk validate`` warns about it)."""
        return list(self._sections)

    @Property(bool, notify=sectionsChanged)
    def hasStory(self) -> bool:
        """Whether the exhibit has story pages (Home's Story entry)."""
        return "story" in self._sections

    @Property(bool, notify=sectionsChanged)
    def hasPeople(self) -> bool:
        """Whether the exhibit has people (Home's People entry)."""
        return "people" in self._sections

    @Property(bool, notify=sectionsChanged)
    def hasPhotos(self) -> bool:
        """Whether the exhibit has photographs (Home's Photographs entry)."""
        return "photos" in self._sections

    @Property(bool, notify=sectionsChanged)
    def hasGlossary(self) -> bool:
        """Whether the exhibit has a glossary (Home's Glossary entry)."""
        return "glossary" in self._sections

    @Property(str, notify=touchCallChanged)
    def touchCall(self) -> str:
        """The attract loop's call to touch, in every language of the bundle."""
        return self._touch_call

    @Property(str, notify=frontChanged)
    def title(self) -> str:
        """The exhibit's title."""
        return self._front.title

    @Property(str, notify=frontChanged)
    def subtitle(self) -> str:
        """The exhibit's subtitle."""
        return self._front.subtitle

    @Property(list, notify=frontChanged)
    def summary(self) -> list[str]:
        """The exhibit's introduction, as StyledText paragraphs."""
        return list(self._front.summary)

    @Property(str, notify=frontChanged)
    def source(self) -> str:
        """Where the exhibit's facts come from."""
        return self._front.source

    @Property(str, notify=frontChanged)
    def credit(self) -> str:
        """Who made the exhibit."""
        return self._front.credit

    @Property(str, notify=frontChanged)
    def rights(self) -> str:
        """The exhibit's copyright statement."""
        return self._front.rights

    @Property(QUrl, notify=frontChanged)
    def heroUrl(self) -> QUrl:
        """The home screen's image."""
        return self._front.hero_url

    @Property(str, notify=frontChanged)
    def heroAlt(self) -> str:
        """What the home screen's image shows, for a screen reader."""
        return self._front.hero_alt

    @Property(int, notify=frontChanged)
    def heroPhotoIndex(self) -> int:
        """The hero's index among the photographs (-1 if it is not one)."""
        return self._front.hero_photo_index

    @Property(str, notify=frontChanged)
    def narration(self) -> str:
        """The recorded narration of Home's text (title, subtitle, introduction) in the
        current language: an absolute path for ``Narrator.play``, or "" when there is none
        and ``Narrator.read`` speaks the text instead. Never another language's recording.
        Changes with the language and the bundle (``frontChanged``)."""
        return self._front.narration


@QmlElement
@QmlUncreatable("The language is made by the application and passed to Main.")
class Language(QObject):  # type: ignore[operator]  # stubs: QmlUncreatable not callable
    """The visitor's language: the bundle's languages, the one shown and the one chosen."""

    currentChanged = Signal()
    """Emitted once every text, the UI's words included, is in the new language."""
    rightToLeftChanged = Signal()
    """Emitted when the current language's writing direction differs from the last one's."""
    chosenChanged = Signal()
    """Emitted at once when a visitor picks a language (the texts follow shortly)."""

    def __init__(self, choose: Callable[[str], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._choose = choose
        self._current = ""
        self._chosen = ""
        self._rtl = False
        self._languages = LanguageModel(self)

    def set_current(self, code: str) -> None:
        """The language every text is in now."""
        if code != self._current:
            self._current = code
            rtl = cldr.right_to_left(code)
            if rtl != self._rtl:
                self._rtl = rtl
                emit(self.rightToLeftChanged)
            emit(self.currentChanged)

    def set_chosen(self, code: str) -> None:
        """The language asked for (the switch shows it selected at once)."""
        if code != self._chosen:
            self._chosen = code
            emit(self.chosenChanged)

    def set_languages(self, languages: tuple[rows.Language, ...]) -> None:
        """The bundle's languages."""
        if languages != self._languages.rows:
            self._languages.set_rows(languages)

    @property
    def code(self) -> str:
        """The code of the language every text is in (for Python callers)."""
        return self._current

    @property
    def picked(self) -> str:
        """The code of the language the visitor picked last (for Python callers)."""
        return self._chosen

    @Property(str, notify=currentChanged)
    def current(self) -> str:
        """The code of the language every text is in."""
        return self._current

    @Property(bool, notify=rightToLeftChanged)
    def rightToLeft(self) -> bool:
        """Whether the current language is written right to left (CLDR's character order:
        Hebrew, Arabic…), for the layout to mirror."""
        return self._rtl

    @Property(str, notify=chosenChanged)
    def chosen(self) -> str:
        """The code of the language the visitor picked last."""
        return self._chosen

    @Property(LanguageModel, constant=True)
    def languages(self) -> LanguageModel:
        """The bundle's languages in order, each by its own name."""
        return self._languages

    @Slot(str)
    def choose(self, code: str) -> None:
        """Switch every visible text, UI words included, to ``code`` (if the bundle has it)."""
        self._choose(code)
