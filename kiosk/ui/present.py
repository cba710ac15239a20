"""From the loaded bundle to the rows of the QML models, for one language.

Plain data in, typed rows out (``kiosk.ui.rows``, with ``QUrl`` for images built with
``fromLocalFile``): QML never assembles paths or parses bundle text. ``Presenter.build``
touches no QObject, so it runs on a worker thread; the UI words it needs come from the
translation of the language asked for, not from the one the UI shows.

People and glossary terms are sorted per language, by Qt's collation for it (``QCollator``:
not a QObject, one per build, so safe on that worker): "Жуков" comes before "Киров" in
Russian though "Zhukov" comes after "Kirov" in English. Every position into those lists
(``PersonChip.person_index``) is into the sorted list of the same language.
"""

from __future__ import annotations

import contextlib
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cmp_to_key
from pathlib import Path, PurePosixPath
from typing import TypeVar

from PySide6.QtCore import QCollator, QLocale, Qt, QUrl

from kiosk.content.assets import ImageInfo
from kiosk.content.dates import Dating, lifespan
from kiosk.content.glossary import TermMatcher
from kiosk.content.model import Bundle, GlossaryTerm, Media, MediaKind, NameKind, Person
from kiosk.content.text import LangText, plain
from kiosk.media.tiles import Pyramid
from kiosk.ui import rows
from kiosk.ui.i18n import Words, autonym, translate_in
from kiosk.ui.richtext import paragraphs


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Marks ``text`` for translation without translating it now."""
    return text


#: The attract loop's call, shown in every language of the bundle at once.
TOUCH_CALL = QT_TRANSLATE_NOOP("Kiosk", "Touch to explore")


_NAME_KIND_LABELS = {
    NameKind.REAL_SURNAME: QT_TRANSLATE_NOOP("Kiosk", "Real surname"),
    NameKind.BIRTH_NAME: QT_TRANSLATE_NOOP("Kiosk", "Born"),
    NameKind.PARTY_PSEUDONYM: QT_TRANSLATE_NOOP("Kiosk", "Party pseudonym"),
    NameKind.PSEUDONYM: QT_TRANSLATE_NOOP("Kiosk", "Pseudonym"),
    NameKind.NICKNAME: QT_TRANSLATE_NOOP("Kiosk", "Nickname"),
    NameKind.VARIANT_SPELLING: QT_TRANSLATE_NOOP("Kiosk", "Also spelt"),
    NameKind.OTHER: QT_TRANSLATE_NOOP("Kiosk", "Also known as"),
}


def name_kind_label(kind: NameKind, lang: str, words: Words | None = None) -> str:
    """How the UI introduces another name, in ``lang`` (``words``: the bundle's for it)."""
    return translate_in(lang, "Kiosk", _NAME_KIND_LABELS[kind], words)


@dataclass(frozen=True)
class Built:
    """Everything the models show, prepared for one language."""

    language: str
    front: rows.Front
    story: tuple[rows.Page, ...]
    people: tuple[rows.Person, ...]
    photos: tuple[rows.Photo, ...]
    glossary: tuple[rows.Term, ...]
    slides: tuple[rows.Slide, ...]
    languages: tuple[rows.Language, ...]


T = TypeVar("T")

#: The index letter of a term that starts with no letter (a number, say).
NO_LETTER = "#"


def collator(lang: str) -> QCollator:
    """Qt's collation for ``lang``: "No. 9" before "No. 10", and case makes no order."""
    c = QCollator(QLocale(lang))
    c.setNumericMode(True)
    c.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    return c


def collated(
    items: Sequence[T], key: Callable[[T], str], ident: Callable[[T], str], by: QCollator
) -> list[T]:
    """``items`` in ``by``'s order of their ``key``; equal keys by id, so that the order is
    the same on every build (positions into it are stored in the navigation stack)."""
    keyed = [(key(item), ident(item), item) for item in items]

    def compare(a: tuple[str, str, T], b: tuple[str, str, T]) -> int:
        return by.compare(a[0], b[0]) or (a[1] > b[1]) - (a[1] < b[1])

    return [item for _, _, item in sorted(keyed, key=cmp_to_key(compare))]


def index_text(term: str) -> str:
    """A term from its first letter or digit on: quotes and brackets before it neither sort
    it nor give it its index letter ("«Мусават»" sorts and is indexed under М)."""
    return next((term[i:] for i, ch in enumerate(term) if ch.isalnum()), "")


def index_letter(term: str, by: QCollator) -> str:
    """The A–Z index letter of ``term``: its first letter upper-cased, or ``NO_LETTER``
    when it starts with a digit or has no letter or digit.

    An accented letter the language sorts with its base letter is indexed under that base
    (É under E in English, Ё under Е in Russian), so that terms sharing a letter stay
    together in the collated order; one it sorts apart keeps its own (Ä in Swedish, Й).
    """
    first = index_text(term)[:1]
    if not first.isalpha():
        return NO_LETTER
    letter = first.upper()[0]  # "ß".upper() is "SS"
    name = unicodedata.name(letter, "")
    bases = [unicodedata.normalize("NFD", letter)[0]]  # É → E, Ё → Е
    if " WITH " in name:  # Ł, Ø, Đ do not decompose
        # (No letter of that name for some: "ARABIC LIGATURE LAM WITH ALEF …".)
        with contextlib.suppress(KeyError):
            bases.append(unicodedata.lookup(name.split(" WITH ")[0]))
    for base in bases:
        # Equal at the first letter (the base's accent only a second-level difference),
        # the digits decide; a letter of its own sorts after its base whatever follows.
        if base != letter and base.isalpha() and by.compare(base + "9", letter + "0") > 0:
            return base
    return letter


def sorted_people(bundle: Bundle, lang: str, by: QCollator) -> list[Person]:
    """The people in ``lang``'s order of their sort names (else their names)."""
    default = bundle.default_language

    def key(p: Person) -> str:
        # This language's own words first: another language's sort name would sort a
        # Cyrillic name among the Latin ones ("Zhukov, Georgy" in a Russian gallery).
        if p.sort_name and p.sort_name.has(lang):
            return p.sort_name.get(lang)
        if p.name.has(lang):
            return p.name.get(lang)
        sort_name = p.sort_name.get(default) if p.sort_name else ""
        return sort_name or p.name.get(lang, default)

    return collated(bundle.people, key, lambda p: p.id, by)


def sorted_terms(bundle: Bundle, lang: str, by: QCollator) -> list[GlossaryTerm]:
    """The glossary in ``lang``'s order of its terms (from their first letter or digit)."""
    default = bundle.default_language

    def key(t: GlossaryTerm) -> str:
        return index_text(t.term.get(lang, default))

    return collated(bundle.glossary, key, lambda t: t.id, by)


def photo_ids(bundle: Bundle) -> list[str]:
    """The media of the Photographs screen and viewer: all but portraits used only as such."""
    on_pages = {mid for page in bundle.story for mid in page.media}
    if bundle.exhibit.hero:
        on_pages.add(bundle.exhibit.hero)
    return [m.id for m in bundle.media if m.kind != MediaKind.PORTRAIT or m.id in on_pages]


class Presenter:
    """Builds the localised rows of one bundle."""

    def __init__(
        self,
        bundle: Bundle,
        root: Path,
        images: dict[str, ImageInfo],
        renditions: dict[str, dict[str, Path]] | None = None,
        pyramids: dict[str, Pyramid] | None = None,
        screen_edge: int = 0,
    ) -> None:
        self.bundle = bundle
        self.root = root.resolve()
        self.images = images
        #: Media id → {"thumb": path, "screen": path, "tiles": descriptor}, those made.
        self.renditions = renditions or {}
        #: Media id → its deep-zoom pyramid, for those made.
        self.pyramids = pyramids or {}
        #: The screen-fit rendition's long edge (what shows under the tiles).
        self.screen_edge = screen_edge
        self.photo_ids = photo_ids(bundle)
        self._media = bundle.media_by_id()
        self._people = bundle.people_by_id()
        self._photo_index = {mid: i for i, mid in enumerate(self.photo_ids)}
        #: Person id → the photographs showing them, in viewer order (one pass, not one
        #: pass per person: a 1,000-person bundle made that a million checks).
        self._appears_in: dict[str, list[str]] = {}
        for mid in self.photo_ids:
            for pid in dict.fromkeys(self._media[mid].people):
                self._appears_in.setdefault(pid, []).append(mid)

    def text(self, value: LangText | None, lang: str) -> str:
        """A language text, falling back to the default language."""
        return value.get(lang, self.bundle.default_language) if value else ""

    def narration(self, audio: Mapping[str, str], lang: str) -> str:
        """The recording of a text in ``lang`` (an ``audio`` map's), as an absolute path in
        the bundle folder; "" when there is none, and the kiosk's own voice reads the text.

        No fallback to the default language, unlike the texts: a visitor who chose Russian
        must not hear English. The file is not looked at here: the bundle was validated with
        its files (kiosk.content.narration) before it reached the Presenter, and a bundle
        with a bad recording does not load at all.
        """
        relative = audio.get(lang)
        return str(self.root.joinpath(*PurePosixPath(relative).parts)) if relative else ""

    def date(self, value: Dating | None, lang: str) -> str:
        """A date as displayed in ``lang`` (with the bundle's own date words for it)."""
        words = self.bundle.ui.get(lang)
        return value.display(lang, self.bundle.default_language, words) if value else ""

    def originals(self) -> dict[str, Path]:
        """Every media item's original file, by id."""
        return {m.id: self.root / m.file for m in self.bundle.media}

    def url(self, media_id: str | None, size: str = "screen") -> QUrl:
        """The image of a media item at a rendition size ("thumb" or "screen"); empty
        until that rendition has been made (the screens show a placeholder), or when there
        is none."""
        media = self._media.get(media_id or "")
        if media is None:
            return QUrl()
        made = self.renditions.get(media.id, {}).get(size)
        # Never the original: Qt reads a file as it is, without its EXIF orientation or its
        # ICC profile (a portrait sideways, a ProPhoto red brown), and whole. Until its
        # rendition is made, the picture's placeholder (with its caption) stands in.
        return QUrl.fromLocalFile(str(made)) if made else QUrl()

    def _alt(self, media_id: str | None, lang: str) -> str:
        """The alt text of a media item, for a screen reader ("" when there is none)."""
        media = self._media.get(media_id or "")
        return plain(self.text(media.alt, lang)) if media is not None else ""

    def _thumb(self, media: Media, lang: str) -> rows.Thumb:
        return rows.Thumb(
            media_id=media.id,
            url=self.url(media.id),
            thumb_url=self.url(media.id, "thumb"),
            title=self.text(media.title, lang),
            alt=plain(self.text(media.alt, lang)) or self.text(media.title, lang),
            photo_index=self._photo_index.get(media.id, -1),
        )

    def build(self, lang: str) -> Built:
        """All rows for ``lang`` (on any thread)."""
        b = self.bundle
        matcher = TermMatcher(b.glossary, lang) if b.glossary else None
        default = b.default_language
        by = collator(lang)
        in_order = sorted_people(b, lang, by)
        where = {p.id: i for i, p in enumerate(in_order)}
        story = tuple(
            rows.Page(
                page_id=page.id,
                title=self.text(page.title, lang),
                date=self.date(page.date, lang),
                paragraphs=tuple(paragraphs(page.body.get(lang, default), matcher)),
                media=tuple(self._thumb(self._media[m], lang) for m in page.media),
                people=self._chips(page.people, lang, where),
                narration=self.narration(page.audio, lang),
            )
            for page in b.story
        )
        photos = tuple(
            self._photo(self._media[mid], lang, matcher, where) for mid in self.photo_ids
        )
        people = tuple(self._person(person, lang, matcher) for person in in_order)
        glossary = tuple(
            rows.Term(
                term_id=t.id,
                term=self.text(t.term, lang),
                definition=self.text(t.definition, lang),
                letter=index_letter(self.text(t.term, lang), by),
                narration=self.narration(t.audio, lang),
            )
            for t in sorted_terms(b, lang, by)
        )
        slides = tuple(
            rows.Slide(
                slide_id=p.media_id,
                url=p.url,
                caption=p.title,
                detail=", ".join(s for s in (p.place, p.date) if s),
                alt=p.alt,
            )
            for p in photos
        ) + tuple(
            rows.Slide(
                slide_id=f"person:{p.person_id}",
                url=p.portrait_url,
                caption=p.name,
                detail=p.lifespan,
                alt=p.portrait_alt,
            )
            for p in people
            if p.has_portrait  # shown as its placeholder until the portrait is prepared
        )
        return Built(
            lang, self.front(lang), story, people, photos, glossary, slides, self.languages()
        )

    def front(self, lang: str) -> rows.Front:
        """What Home says in ``lang`` (the first thing shown: built before the lists)."""
        ex = self.bundle.exhibit
        default = self.bundle.default_language
        return rows.Front(
            title=self.text(ex.title, lang),
            subtitle=self.text(ex.subtitle, lang),
            summary=tuple(paragraphs(ex.summary.get(lang, default) if ex.summary else [])),
            source=self.text(ex.source, lang),
            credit=self.text(ex.credit, lang),
            rights=self.text(ex.rights, lang),
            hero_url=self.url(ex.hero),
            hero_photo_index=self._photo_index.get(ex.hero or "", -1),
            hero_alt=self._alt(ex.hero, lang),
            narration=self.narration(ex.audio, lang),
        )

    def languages(self) -> tuple[rows.Language, ...]:
        """The bundle's languages, each by its own name."""
        return tuple(rows.Language(code, autonym(code)) for code in self.bundle.languages)

    def sections(self) -> tuple[str, ...]:
        """The sections with something to show, in Home's order (as the lists will have)."""
        b = self.bundle
        has = {
            "story": bool(b.story),
            "people": bool(b.people),
            "photos": bool(self.photo_ids),
            "glossary": bool(b.glossary),
        }
        return tuple(name for name, yes in has.items() if yes)

    def _chips(
        self, people: list[str], lang: str, where: Mapping[str, int]
    ) -> tuple[rows.PersonChip, ...]:
        """Links to people (in the order given), at their places in ``lang``'s gallery."""
        return tuple(
            rows.PersonChip(pid, self.text(self._people[pid].name, lang), where[pid])
            for pid in people
        )

    def _person(self, person: Person, lang: str, matcher: TermMatcher | None) -> rows.Person:
        portrait = self._media.get(person.portrait or "")
        default = self.bundle.default_language
        return rows.Person(
            person_id=person.id,
            name=self.text(person.name, lang),
            lifespan=lifespan(person.born, person.died, lang, self.bundle.ui.get(lang)),
            summary=self.text(person.summary, lang),
            other_names=tuple(
                rows.OtherName(
                    name_kind_label(n.kind, lang, self.bundle.ui.get(lang)),
                    self.text(n.name, lang),
                )
                for n in person.other_names
            ),
            roles=tuple(
                rows.Post(self.text(r.title, lang), self.date(r.period, lang)) for r in person.roles
            ),
            biography=tuple(
                paragraphs(person.biography.get(lang, default) if person.biography else [], matcher)
            ),
            portrait_url=self.url(person.portrait),
            portrait_thumb_url=self.url(person.portrait, "thumb"),
            portrait_alt=self.text(portrait.alt, lang) if portrait else "",
            appears_in=tuple(
                self._thumb(self._media[mid], lang) for mid in self._appears_in.get(person.id, [])
            ),
            has_portrait=portrait is not None,
            narration=self.narration(person.audio, lang),
        )

    def _photo(
        self, media: Media, lang: str, matcher: TermMatcher | None, where: Mapping[str, int]
    ) -> rows.Photo:
        info = self.images.get(media.id)
        deep_zoom = self._deep_zoom(media.id)
        default = self.bundle.default_language
        description = media.description.get(lang, default) if media.description else []
        return rows.Photo(
            media_id=media.id,
            url=self.url(media.id),
            thumb_url=self.url(media.id, "thumb"),
            title=self.text(media.title, lang),
            date=self.date(media.date, lang),
            place=self.text(media.place, lang),
            inventory_number=self.text(media.inventory_number, lang),
            credit=self.text(media.credit, lang),
            rights=self.text(media.rights, lang),
            alt=self.text(media.alt, lang),
            description=tuple(paragraphs(description, matcher)),
            description_text="\n".join(plain(paragraph) for paragraph in description),
            people=self._chips(media.people, lang, where),
            image_width=info.width if info else 0,
            image_height=info.height if info else 0,
            has_tiles=deep_zoom is not None,
            narration=self.narration(media.audio, lang),
            deep_zoom=deep_zoom,
        )

    def _deep_zoom(self, media_id: str) -> rows.DeepZoom | None:
        descriptor = self.renditions.get(media_id, {}).get("tiles")
        pyramid = self.pyramids.get(media_id)
        if descriptor is None or pyramid is None:
            return None
        # Without its screen-fit rendition the viewer shows the original at screen size.
        made = "screen" in self.renditions.get(media_id, {})
        return rows.DeepZoom(pyramid, str(descriptor.parent), self.screen_edge if made else 0)
