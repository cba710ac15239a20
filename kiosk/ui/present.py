"""From the loaded bundle to the rows of the QML models, for one language.

Plain data in, plain data out (plus ``QUrl`` for images, built with ``fromLocalFile``): QML
never assembles paths or parses bundle text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QUrl

from kiosk.content.assets import ImageInfo
from kiosk.content.dates import Dating, lifespan
from kiosk.content.glossary import TermMatcher
from kiosk.content.model import Bundle, Media, MediaKind, NameKind
from kiosk.content.text import LangText, plain
from kiosk.media.tiles import Pyramid
from kiosk.ui.deepzoom import pyramid_row
from kiosk.ui.richtext import paragraphs


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Marks ``text`` for translation without translating it now."""
    return text


#: The attract loop's call, shown in every language of the bundle at once.
TOUCH_CALL = QT_TRANSLATE_NOOP("Kiosk", "Touch to explore")


def name_kind_label(kind: NameKind) -> str:
    """How the UI introduces another name, in the current UI language."""
    labels = {
        NameKind.REAL_SURNAME: QCoreApplication.translate("Kiosk", "Real surname"),
        NameKind.BIRTH_NAME: QCoreApplication.translate("Kiosk", "Born"),
        NameKind.PARTY_PSEUDONYM: QCoreApplication.translate("Kiosk", "Party pseudonym"),
        NameKind.PSEUDONYM: QCoreApplication.translate("Kiosk", "Pseudonym"),
        NameKind.NICKNAME: QCoreApplication.translate("Kiosk", "Nickname"),
        NameKind.VARIANT_SPELLING: QCoreApplication.translate("Kiosk", "Also spelt"),
        NameKind.OTHER: QCoreApplication.translate("Kiosk", "Also known as"),
    }
    return labels[kind]


@dataclass
class Exhibit:
    """Everything the models show, prepared once per language."""

    story: list[dict[str, Any]] = field(default_factory=list)
    people: list[dict[str, Any]] = field(default_factory=list)
    photos: list[dict[str, Any]] = field(default_factory=list)
    glossary: list[dict[str, Any]] = field(default_factory=list)


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
        self._people_index = {p.id: i for i, p in enumerate(bundle.people)}
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

    def date(self, value: Dating | None, lang: str) -> str:
        """A date as displayed in ``lang``."""
        return value.display(lang, self.bundle.default_language) if value else ""

    def originals(self) -> dict[str, Path]:
        """Every media item's original file, by id."""
        return {m.id: self.root / m.file for m in self.bundle.media}

    def url(self, media_id: str | None, size: str = "screen") -> QUrl:
        """The image of a media item at a rendition size ("thumb" or "screen"), or its
        original until that rendition has been made; empty when there is none."""
        media = self._media.get(media_id or "")
        if media is None:
            return QUrl()
        made = self.renditions.get(media.id, {}).get(size)
        return QUrl.fromLocalFile(str(made or self.root / media.file))

    def _thumb(self, media: Media, lang: str) -> dict[str, Any]:
        return {
            "mediaId": media.id,
            "url": self.url(media.id),
            "thumbUrl": self.url(media.id, "thumb"),
            "title": self.text(media.title, lang),
            "alt": plain(self.text(media.alt, lang)) or self.text(media.title, lang),
            "photoIndex": self._photo_index.get(media.id, -1),
        }

    def build(self, lang: str) -> Exhibit:
        """All rows for ``lang``."""
        b = self.bundle
        matcher = TermMatcher(b.glossary, lang) if b.glossary else None
        default = b.default_language
        story = [
            {
                "pageId": page.id,
                "title": self.text(page.title, lang),
                "date": self.date(page.date, lang),
                "paragraphs": paragraphs(page.body.get(lang, default), matcher),
                "media": [self._thumb(self._media[m], lang) for m in page.media],
            }
            for page in b.story
        ]
        photos = [self._photo(self._media[mid], lang) for mid in self.photo_ids]
        people = []
        for person in b.people:
            portrait = self._media.get(person.portrait or "")
            people.append(
                {
                    "personId": person.id,
                    "name": self.text(person.name, lang),
                    "lifespan": lifespan(person.born, person.died, lang),
                    "summary": self.text(person.summary, lang),
                    "otherNames": [
                        {"label": name_kind_label(n.kind), "name": self.text(n.name, lang)}
                        for n in person.other_names
                    ],
                    "roles": [
                        {"title": self.text(r.title, lang), "period": self.date(r.period, lang)}
                        for r in person.roles
                    ],
                    "biography": paragraphs(
                        person.biography.get(lang, default) if person.biography else []
                    ),
                    "portraitUrl": self.url(person.portrait),
                    "portraitThumbUrl": self.url(person.portrait, "thumb"),
                    "portraitAlt": self.text(portrait.alt, lang) if portrait else "",
                    "appearsIn": [
                        self._thumb(self._media[mid], lang)
                        for mid in self._appears_in.get(person.id, [])
                    ],
                }
            )
        glossary = [
            {
                "termId": t.id,
                "term": self.text(t.term, lang),
                "definition": self.text(t.definition, lang),
            }
            for t in b.glossary
        ]
        return Exhibit(story, people, photos, glossary)

    def _photo(self, media: Media, lang: str) -> dict[str, Any]:
        info = self.images.get(media.id)
        return {
            "mediaId": media.id,
            "url": self.url(media.id),
            "thumbUrl": self.url(media.id, "thumb"),
            "title": self.text(media.title, lang),
            "date": self.date(media.date, lang),
            "place": self.text(media.place, lang),
            "inventoryNumber": self.text(media.inventory_number, lang),
            "credit": self.text(media.credit, lang),
            "rights": self.text(media.rights, lang),
            "alt": self.text(media.alt, lang),
            "people": [
                {
                    "personId": pid,
                    "name": self.text(self._people[pid].name, lang),
                    "personIndex": self._people_index[pid],
                }
                for pid in media.people
            ],
            "imageWidth": info.width if info else 0,
            "imageHeight": info.height if info else 0,
            "deepZoom": self._deep_zoom(media.id),
        }

    def _deep_zoom(self, media_id: str) -> dict[str, Any]:
        descriptor = self.renditions.get(media_id, {}).get("tiles")
        pyramid = self.pyramids.get(media_id)
        if descriptor is None or pyramid is None:
            return pyramid_row(None, "", 0)
        # Without its screen-fit rendition the viewer shows the original at screen size.
        made = "screen" in self.renditions.get(media_id, {})
        return pyramid_row(pyramid, str(descriptor.parent), self.screen_edge if made else 0)
