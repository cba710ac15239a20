"""Checks beyond the schema: languages, ids and references, asset files, and completeness.

They run on whatever part of a bundle is valid, so that one run reports every problem
rather than the first. Sections are lists of ``(index in the document, item)`` so that a
problem's JSON path points at the item in the curator's file even when others were invalid.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from kiosk.content.assets import DEFAULT_PIXEL_LIMIT, AssetError, ImageInfo, check_image
from kiosk.content.model import Exhibit, GlossaryTerm, Media, Person, StoryPage
from kiosk.content.text import LangText, Paragraphs, markup_problems

Sections = dict[str, list[tuple[int, Any]]]

#: Language names for messages; other codes are shown as they are.
LANGUAGE_NAMES = {"en": "English", "ru": "Russian", "de": "German", "fr": "French"}

#: Caption fields every media item should have in every language (the completeness lint).
CAPTION_FIELDS = ("title", "date", "place", "inventory_number", "credit", "rights", "alt")


def check_bundle(
    report: Any,
    root: Path,
    sections: Sections,
    exhibit: Exhibit | None,
    langs: tuple[list[str], str] | None,
    known_ids: dict[str, list[str]],
    *,
    complete: bool = True,
    check_files: bool = True,
    max_pixels: int = DEFAULT_PIXEL_LIMIT,
) -> dict[str, ImageInfo]:
    """Run every check that the valid parts of a bundle allow; the header of each good image.

    ``complete`` says the sections are the whole bundle, not just its valid items: only then
    can a media item be said to be used nowhere. Images over ``max_pixels`` are refused.
    """
    if langs is not None:
        _check_languages(report, *langs)
    _check_ids(report, sections)
    _check_references(report, sections, exhibit, known_ids, complete)
    images = _check_files(report, root, sections, max_pixels) if check_files else {}
    _check_texts(report, sections, exhibit, langs)
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
    report: Any, root: Path, sections: Sections, max_pixels: int
) -> dict[str, ImageInfo]:
    images = {}
    for i, media in sections["media"]:
        try:
            images[media.id] = check_image(root, media.file, max_pixels=max_pixels)
        except AssetError as exc:
            report.error(exc.code, str(exc), f"media[{i}].file")
    return images


def walk_texts(value: Any, path: str) -> Iterator[tuple[str, LangText | Paragraphs]]:
    """Every language text inside a model, with its JSON path."""
    if isinstance(value, LangText | Paragraphs):
        yield path, value
    elif isinstance(value, BaseModel):
        for name, info in type(value).model_fields.items():
            key = info.alias or name
            yield from walk_texts(getattr(value, name), f"{path}.{key}" if path else key)
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
