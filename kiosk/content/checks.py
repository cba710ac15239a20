"""Checks beyond the schema: languages, ids and references, asset files, and completeness.

They run on whatever part of a bundle is valid, so that one run reports every problem
rather than the first. Sections are lists of ``(index in the document, item)`` so that a
problem's JSON path points at the item in the curator's file even when others were invalid.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction
from math import ceil
from pathlib import Path
from typing import Any

from kiosk.content import cldr, glyphs, uiwords
from kiosk.content.assets import DEFAULT_PIXEL_LIMIT, AssetError, ImageInfo, check_image
from kiosk.content.model import Exhibit, GlossaryTerm, Media, MediaKind, Person, StoryPage
from kiosk.content.narration import check_audio
from kiosk.content.text import LangText, Paragraphs, mark_pattern, mark_runs, markup_problems, shown

Sections = dict[str, list[tuple[int, Any]]]

#: Language names for messages; other codes are shown as they are.
LANGUAGE_NAMES = {"en": "English", "ru": "Russian", "de": "German", "fr": "French"}

#: Caption fields every media item should have in every language (the completeness lint).
CAPTION_FIELDS = ("title", "date", "place", "inventory_number", "credit", "rights", "alt")


@dataclass(frozen=True)
class Display:
    """A box the app draws pictures in, in pixels at the default render size (1920×1080)."""

    name: str
    width: int
    height: int
    #: The picture fills the box and is cut to it (QML's PreserveAspectCrop); else it fits.
    crop: bool = False


# Where pictures are drawn at 1920×1080 (`kiosk render`'s default size), as the QML screens
# named lay them out: each box is a Photo item's size measured in the real scene, and
# tests/ui/test_display_sizes.py fails if any picture is drawn in a larger box than these.
#: PhotoViewer.qml, caption hidden: the screen less Theme.margin each side, the pager bar
#: and the bottom band; the photograph fits in it (zoom aside).
VIEWER = Display("the photo viewer", 1834, 734)
#: AttractLoop.qml: the screen less its margins, the caption and the call to touch.
ATTRACT = Display("the attract loop", 1834, 763)
#: PersonScreen.qml: pictureShare (0.32) of the width, Theme.portraitAspect (1.25) as tall;
#: cropped to fill.
PORTRAIT = Display("a person's page", 614, 768, crop=True)
#: StoryScreen.qml: beside the text (textShare, 0.58 of the width), at most
#: pictureShareWide (0.55) of the page's height.
STORY = Display("a story page", 705, 368)
#: HomeScreen.qml: heroWidthShare (0.45) of the width, the height less Theme.margin each
#: side and the bottom band; the picture fits in it, whole.
HERO = Display("the picture on Home", 864, 864)
#: PhotosScreen.qml: a grid cell, Theme.photoAspect (0.75) as tall as wide.
PHOTO_THUMB = Display("the Photographs grid", 597, 448)
#: PeopleScreen.qml: a grid cell; cropped to fill.
PORTRAIT_THUMB = Display("the People grid", 442, 580, crop=True)
#: PersonScreen.qml: an "Appears in" thumbnail (appearsInShare, 0.3, of the details' width).
APPEARS_IN = Display('a person\'s "Appears in"', 346, 260)

#: An original drawn more than this many times its own size looks soft: validate warns.
MAX_UPSCALE = 2


def check_bundle(
    report: Any,
    root: Path,
    sections: Sections,
    exhibit: Exhibit | None,
    langs: tuple[list[str], str] | None,
    known_ids: dict[str, list[str]],
    *,
    ui: Any = None,
    complete: bool = True,
    check_files: bool = True,
    max_pixels: int = DEFAULT_PIXEL_LIMIT,
    deep: bool = False,
    source: str | None = None,
) -> dict[str, ImageInfo]:
    """Run every check that the valid parts of a bundle allow; the header of each good image.

    ``complete`` says the sections are the whole bundle, not just its valid items: only then
    can a media item be said to be used nowhere. Images over ``max_pixels`` are refused.
    ``ui`` is the bundle's own UI words (its ``ui`` map, as in the document). ``deep``
    decodes every image too (kiosk.content.assets.check_image). ``source`` is the
    bundle.json text: with it the font check can often skip looking at each text.
    """
    if langs is not None:
        _check_languages(report, *langs)
        _check_ui_words(report, langs[0], ui if isinstance(ui, dict) else {})
    _check_ids(report, sections)
    _check_references(report, sections, exhibit, known_ids, complete)
    images = _check_files(report, root, sections, max_pixels, deep) if check_files else {}
    _check_narration(report, root, sections, exhibit, langs, check_files)
    _check_display_sizes(report, sections, exhibit, images)
    _check_texts(report, sections, exhibit, langs)
    if source is None or not glyphs.all_drawn(source):
        _check_drawing(report, sections, exhibit, ui if isinstance(ui, dict) else {})
    _check_sections(report, sections, exhibit, known_ids, complete)
    _check_completeness(report, sections, exhibit, langs)
    return images


def _lang(code: str) -> str:
    name = LANGUAGE_NAMES.get(code)
    return f"{name} ({code})" if name else f'"{code}"'


def _check_languages(report: Any, languages: list[str], default: str) -> None:
    seen: set[str] = set()
    for i, code in enumerate(languages):
        if code in seen:
            report.error("language", f'"{code}" is listed twice', f"languages[{i}]")
        seen.add(code)
    if default not in languages:
        listed = ", ".join(languages)
        report.error(
            "language",
            f'"{default}" is not one of the bundle\'s languages ({listed}); add it there',
            "default_language",
        )


def _check_ui_words(report: Any, languages: list[str], ui: dict[str, Any]) -> None:
    """Each language needs the UI's own words: shipped (English, Russian) or the bundle's;
    and CLDR's data (Babel's) for its dates and plural forms."""
    for i, code in enumerate(languages):
        if not cldr.known(code):
            report.warning(
                "cldr",
                f'the Unicode CLDR has no data for "{code}": its dates and plural forms '
                'follow English. Check the code (ISO 639, such as "az" or "he")',
                f"languages[{i}]",
            )
    for code in dict.fromkeys(languages):
        if code not in uiwords.SHIPPED_LANGUAGES and code not in ui:
            report.warning(
                "ui-words",
                f"the kiosk has no UI words in {_lang(code)}: visitors would read its buttons "
                'and messages ("Story", "Next", "Still there?") in English. Add them to '
                f'"ui" as "{code}": {{"Story": "…", …}} (README: "The UI\'s own words")',
                f"ui.{code}",
            )
    for code, words in ui.items():
        if code not in languages:
            report.error(
                "language",
                f"{_lang(code)} is not one of the bundle's languages "
                f'({", ".join(languages)}); add it to "languages" or remove these words',
                f"ui.{code}",
            )
        elif code not in uiwords.SHIPPED_LANGUAGES and isinstance(words, dict):
            missing = uiwords.missing(words)
            if missing:
                first = ", ".join(f'"{key}"' for key in missing[:3])
                report.warning(
                    "ui-words",
                    f"{len(missing)} of the {len(uiwords.VISITOR_KEYS)} UI words visitors "
                    f"see are missing in {_lang(code)} ({first}"
                    f"{', …' if len(missing) > 3 else ''}); visitors read those in English "
                    "(or dates worded by CLDR alone). Add them here",
                    f"ui.{code}",
                )


def _check_ids(report: Any, sections: Sections) -> None:
    for name, items in sections.items():
        first: dict[str, int] = {}
        for i, item in items:
            if item.id in first:
                report.error(
                    "duplicate-id",
                    f'duplicate id "{item.id}" (first used at {name}[{first[item.id]}]); '
                    "ids must be unique",
                    f"{name}[{i}].id",
                )
            else:
                first[item.id] = i


def _check_references(
    report: Any,
    sections: Sections,
    exhibit: Exhibit | None,
    known: dict[str, list[str]],
    complete: bool,
) -> None:
    media_ids, people_ids = set(known["media"]), set(known["people"])
    used: set[str] = set()

    def ref(kind: str, ids: set[str], value: str | None, path: str) -> None:
        if value is None:
            return
        if kind == "media":
            used.add(value)
        if value not in ids:
            report.error(
                "unknown-ref", f'unknown {kind} id "{value}"; add it to "{_plural(kind)}"', path
            )

    if exhibit is not None:
        ref("media", media_ids, exhibit.hero, "exhibit.hero")
    for i, person in sections["people"]:
        assert isinstance(person, Person)
        ref("media", media_ids, person.portrait, f"people[{i}].portrait")
    for i, page in sections["story"]:
        assert isinstance(page, StoryPage)
        for j, mid in enumerate(page.media):
            ref("media", media_ids, mid, f"story[{i}].media[{j}]")
        for j, pid in enumerate(page.people):
            ref("person", people_ids, pid, f"story[{i}].people[{j}]")
    for i, media in sections["media"]:
        assert isinstance(media, Media)
        for j, pid in enumerate(media.people):
            ref("person", people_ids, pid, f"media[{i}].people[{j}]")
    for i, media in sections["media"] if complete else []:
        if media.id not in used:
            report.warning(
                "unused-media",
                f'"{media.id}" is used nowhere: not the hero, a portrait or on a story page',
                f"media[{i}]",
            )


def _plural(kind: str) -> str:
    return {"person": "people", "media": "media"}[kind]


def _check_files(
    report: Any, root: Path, sections: Sections, max_pixels: int, deep: bool = False
) -> dict[str, ImageInfo]:
    images = {}
    for i, media in sections["media"]:
        try:
            images[media.id] = check_image(root, media.file, max_pixels=max_pixels, deep=deep)
        except AssetError as exc:
            report.error(exc.code, str(exc), f"media[{i}].file")
            continue
        for code, message in images[media.id].notes:
            report.warning(code, message, f"media[{i}].file")
    return images


def _check_narration(
    report: Any,
    root: Path,
    sections: Sections,
    exhibit: Exhibit | None,
    langs: tuple[list[str], str] | None,
    check_files: bool,
) -> None:
    """Each recording of an ``audio`` map: in a language of the bundle, and a sound file
    inside it of an allowed format and length (kiosk.content.narration)."""
    owners: list[tuple[str, Any]] = [("exhibit", exhibit)] if exhibit is not None else []
    owners += [(f"{name}[{i}]", item) for name, items in sections.items() for i, item in items]
    allowed = langs[0] if langs else None
    for where, owner in owners:
        for code, relative in getattr(owner, "audio", {}).items():
            path = f"{where}.audio.{code}"
            if allowed is not None and code not in allowed:
                report.error(
                    "language",
                    f"{_lang(code)} is not one of the bundle's languages "
                    f'({", ".join(allowed)}); add it to "languages" or remove this recording',
                    path,
                )
            if check_files:
                try:
                    check_audio(root, relative)
                except AssetError as exc:
                    report.error(exc.code, str(exc), path)


def _displays(sections: Sections, exhibit: Exhibit | None) -> dict[str, list[Display]]:
    """Media id → every box the app draws it in. The viewer, its grid and the attract loop
    show every media item but a portrait used only as one (kiosk.ui.present.photo_ids)."""
    shown: dict[str, list[Display]] = {}
    on_pages: set[str] = set()
    if exhibit is not None and exhibit.hero:
        shown.setdefault(exhibit.hero, []).append(HERO)
        on_pages.add(exhibit.hero)
    for _, page in sections["story"]:
        assert isinstance(page, StoryPage)
        for mid in page.media:
            shown.setdefault(mid, []).append(STORY)
            on_pages.add(mid)
    for _, person in sections["people"]:
        assert isinstance(person, Person)
        if person.portrait:
            shown.setdefault(person.portrait, []).extend((PORTRAIT, PORTRAIT_THUMB, ATTRACT))
    for _, media in sections["media"]:
        assert isinstance(media, Media)
        if media.kind != MediaKind.PORTRAIT or media.id in on_pages:
            where = shown.setdefault(media.id, [])
            where += [VIEWER, ATTRACT, PHOTO_THUMB] + ([APPEARS_IN] if media.people else [])
    return shown


def _scale(width: int, height: int, box: Display) -> Fraction:
    """How many times its own size a ``width``×``height`` picture is drawn in ``box``."""
    ratios = (Fraction(box.width, width), Fraction(box.height, height))
    return max(ratios) if box.crop else min(ratios)


def _check_display_sizes(
    report: Any, sections: Sections, exhibit: Exhibit | None, images: dict[str, ImageInfo]
) -> None:
    """Warn about an original smaller than half the largest size the app draws it at."""
    shown = _displays(sections, exhibit)
    for i, media in sections["media"]:
        info = images.get(media.id)
        if info is None or not shown.get(media.id) or not info.width or not info.height:
            continue
        scale, box = max(
            ((_scale(info.width, info.height, box), box) for box in shown[media.id]),
            key=lambda found: found[0],
        )
        if scale <= MAX_UPSCALE:
            continue
        size = (round(info.width * scale), round(info.height * scale))
        drawn = f"{size[0]}×{size[1]}"
        if box.crop and size != (box.width, box.height):
            drawn += f" (cut to {box.width}×{box.height})"
        need = f"{ceil(info.width * scale / MAX_UPSCALE)}×{ceil(info.height * scale / MAX_UPSCALE)}"
        report.warning(
            "small-image",
            f'"{media.file}" is {info.width}×{info.height} pixels but is shown at {drawn} in '
            f"{box.name} (at 1920×1080), {float(scale):.1f} times its size, so it looks "
            f"soft; supply a larger scan of at least {need}",
            f"media[{i}]",
        )


def walk_texts(value: Any, path: str) -> Iterator[tuple[str, LangText | Paragraphs]]:
    """Every language text inside a model, with its JSON path."""
    if isinstance(value, LangText | Paragraphs):
        yield path, value
    elif dataclasses.is_dataclass(value):
        for f in dataclasses.fields(value):
            key = f.metadata.get("json", f.name)
            yield from walk_texts(getattr(value, f.name), f"{path}.{key}" if path else key)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from walk_texts(item, f"{path}[{i}]")


def _all_texts(
    sections: Sections, exhibit: Exhibit | None
) -> Iterator[tuple[str, LangText | Paragraphs]]:
    if exhibit is not None:
        yield from walk_texts(exhibit, "exhibit")
    for name, items in sections.items():
        for i, item in items:
            yield from walk_texts(item, f"{name}[{i}]")


def _check_texts(
    report: Any,
    sections: Sections,
    exhibit: Exhibit | None,
    langs: tuple[list[str], str] | None,
) -> None:
    allowed = set(langs[0]) if langs else None
    for path, text in _all_texts(sections, exhibit):
        if not any(t.strip() for _, t in text.texts()):
            report.error("empty-text", "is empty in every language; write it or leave it out", path)
        for code in text.languages():
            if allowed is not None and code not in allowed:
                report.error(
                    "language",
                    f"{_lang(code)} is not one of the bundle's languages "
                    f'({", ".join(sorted(allowed))}); add it to "languages" or remove this text',
                    f"{path}.{code}",
                )
        for code, body in text.texts():
            for problem in markup_problems(body):
                severity = report.error if "HTML" in problem else report.warning
                severity("markup", problem, f"{path}.{code}")
    for i, term in sections["glossary"]:
        assert isinstance(term, GlossaryTerm)
        for code in term.forms:
            if allowed is not None and code not in allowed:
                report.error(
                    "language",
                    f"{_lang(code)} is not one of the bundle's languages",
                    f"glossary[{i}].forms.{code}",
                )


def _check_completeness(
    report: Any,
    sections: Sections,
    exhibit: Exhibit | None,
    langs: tuple[list[str], str] | None,
) -> None:
    if langs is None:
        return
    languages = langs[0]
    for i, media in sections["media"]:
        assert isinstance(media, Media)
        missing = [f for f in CAPTION_FIELDS if getattr(media, f) is None]
        if missing:
            report.warning(
                "incomplete-caption",
                f'"{media.id}" has no {", ".join(missing)}; '
                "visitors and staff expect a full caption",
                f"media[{i}]",
            )
    for path, text in _all_texts(sections, exhibit):
        if not any(t.strip() for _, t in text.texts()):
            continue  # reported as empty-text
        for code in languages:
            if not text.has(code):
                report.warning("missing-translation", f"no {_lang(code)} text", path)


def _visible_strings(
    sections: Sections, exhibit: Exhibit | None, ui: dict[str, Any]
) -> list[tuple[str, str]]:
    """(JSON path, string) of every text visitors read: the language texts (a paragraph by
    its index) and the bundle's UI words (a plural form by its category)."""
    out = []
    for path, text in _all_texts(sections, exhibit):
        if isinstance(text, Paragraphs):
            for code, paras in text.root.items():
                out += [(f"{path}.{code}[{i}]", para) for i, para in enumerate(paras)]
        else:
            out += [(f"{path}.{code}", body) for code, body in text.texts()]
    for code, words in ui.items():
        for key, value in words.items() if isinstance(words, dict) else ():
            at = (
                f"ui.{code}.{key}"
                if _KEY.match(key)
                else f"ui.{code}[{json.dumps(key, ensure_ascii=False)}]"
            )
            if isinstance(value, str):
                out.append((at, value))
            elif isinstance(value, dict):
                out += [(f"{at}.{form}", v) for form, v in value.items() if isinstance(v, str)]
    return out


_KEY = re.compile(r"^[$\w][\w-]*$")


def _check_drawing(
    report: Any, sections: Sections, exhibit: Exhibit | None, ui: dict[str, Any]
) -> None:
    """Characters the kiosk's fonts cannot draw (a warning: visitors see boxes) and too many
    combining marks on one letter (an error: they stack over the lines around). Each distinct
    character of the bundle is looked at once; only texts holding a bad one are searched."""
    strings = _visible_strings(sections, exhibit, ui)
    chars: set[str] = set()
    for _, value in strings:
        chars.update(value)
    chars.discard("\ufffd")  # an error already (kiosk.content.text.character_problems)
    missing, sure = glyphs.undrawable(chars)
    if missing:
        find = re.compile("[" + "".join(re.escape(c) for c in sorted(missing)) + "]")
        caveat = (
            ""
            if sure
            else f" (only {glyphs.SHIPPED_NAMES} were checked: {glyphs.FALLBACK_NAMES}, "
            "which the kiosk's package installs for Qt to fall back on, are not on this "
            "computer)"
        )
        for path, value in strings:
            found = sorted(set(find.findall(value)))
            if not found:
                continue
            listed = ", ".join(shown(c) for c in found[:8]) + (", …" if len(found) > 8 else "")
            report.warning(
                "font",
                f"has characters the kiosk's fonts cannot draw: {listed}; visitors see an "
                f"empty box for each{caveat}. Replace them (an emoji with words, say), or "
                "give the gallery machine a font that has them for Qt to fall back on (such "
                "as the Debian packages fonts-noto-cjk or fonts-noto-color-emoji)",
                path,
            )
    marks = mark_pattern(chars)
    if marks is not None:
        for path, value in strings:
            for problem in mark_runs(value, marks):
                report.error("combining-marks", problem, path)


def _check_sections(
    report: Any,
    sections: Sections,
    exhibit: Exhibit | None,
    known: dict[str, list[str]],
    complete: bool,
) -> None:
    """An exhibit section with nothing in it: Home leaves its entry out (Exhibit.hasStory,
    hasPeople, hasPhotos in kiosk.ui.exhibit), so visitors never open an empty page."""
    if not known["story"]:
        report.warning(
            "empty-section",
            "the exhibit has no story pages, so Home offers no Story; add pages to "
            '"story" if visitors should read one',
            "story",
        )
    if not known["people"]:
        report.warning(
            "empty-section",
            'the exhibit has no people, so Home offers no People; add them to "people" '
            "if visitors should see a portrait gallery",
            "people",
        )
    if not complete:
        return  # invalid items are left out: photographs may be among them
    # As kiosk.ui.present.photo_ids: every media item but a portrait used only as one.
    on_pages = {mid for _, page in sections["story"] for mid in page.media}
    if exhibit is not None and exhibit.hero:
        on_pages.add(exhibit.hero)
    photos = [m for _, m in sections["media"] if m.kind != MediaKind.PORTRAIT or m.id in on_pages]
    if not photos:
        report.warning(
            "empty-section",
            "the exhibit has no photographs (media used only as portraits are not shown "
            'there), so Home offers no Photographs; add media items to "media"',
            "media",
        )
