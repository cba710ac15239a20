"""Visitor-facing text: language maps, paragraphs and the tiny inline markup.

Every text a visitor reads is a language map such as ``{"en": "…", "ru": "…"}``. Longer
texts are lists of paragraphs per language. Inside a paragraph the only markup is
``*emphasis*`` and a line break (a newline character); ``\\*`` is a literal asterisk.
HTML is never interpreted: a tag in a text is a validation error.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from pydantic import RootModel, field_validator

LANG_CODE = r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"
_LANG_RE = re.compile(LANG_CODE)
_TAG_RE = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(\s[^<>]*)?/?>|&[a-zA-Z]+;|&#\d+;")


def _check_codes(keys: Iterator[str]) -> None:
    for code in keys:
        if not _LANG_RE.match(code):
            raise ValueError(
                f'"{code}" is not a language code; use a lower-case code such as "en" or "ru"'
            )


class LangText(RootModel[dict[str, str]]):
    """One text in several languages: ``{"en": "Baku", "ru": "Баку"}``."""

    @field_validator("root")
    @classmethod
    def _codes(cls, value: dict[str, str]) -> dict[str, str]:
        _check_codes(iter(value))
        return value

    def get(self, lang: str, fallback: str | None = None) -> str:
        """The text in ``lang``, else in ``fallback``, else in any language, else ""."""
        for code in (lang, fallback):
            if code and self.root.get(code, "").strip():
                return self.root[code]
        return next((t for t in self.root.values() if t.strip()), "")

    def has(self, lang: str) -> bool:
        """Whether a non-blank text exists in ``lang``."""
        return bool(self.root.get(lang, "").strip())

    def languages(self) -> list[str]:
        """The language codes this text is given in."""
        return list(self.root)

    def texts(self) -> Iterator[tuple[str, str]]:
        """(language, text) pairs, for checks that look inside every text."""
        yield from self.root.items()


class Paragraphs(RootModel[dict[str, list[str]]]):
    """A longer text as paragraphs per language: ``{"en": ["…", "…"], "ru": ["…"]}``."""

    @field_validator("root")
    @classmethod
    def _codes(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        _check_codes(iter(value))
        return value

    def get(self, lang: str, fallback: str | None = None) -> list[str]:
        """The paragraphs in ``lang``, else ``fallback``, else any language, else []."""
        for code in (lang, fallback):
            if code and self.has(code):
                return self.root[code]
        return next((p for p in self.root.values() if any(s.strip() for s in p)), [])

    def has(self, lang: str) -> bool:
        """Whether ``lang`` has at least one non-blank paragraph."""
        return any(p.strip() for p in self.root.get(lang, []))

    def languages(self) -> list[str]:
        """The language codes this text is given in."""
        return list(self.root)

    def texts(self) -> Iterator[tuple[str, str]]:
        """(language, paragraph) pairs, for checks that look inside every text."""
        for lang, paras in self.root.items():
            for para in paras:
                yield lang, para


@dataclass(frozen=True)
class Span:
    """A run of paragraph text: plain or emphasised, or a line break when ``text`` is "\\n"."""

    text: str
    emphasis: bool = False

    @property
    def is_break(self) -> bool:
        """Whether this span is a line break."""
        return self.text == "\n"


def parse_inline(text: str) -> list[Span]:
    """Split a paragraph into spans. Unbalanced ``*`` is taken literally (validation warns)."""
    spans: list[Span] = []
    buf: list[str] = []
    emphasis = False
    # A lone trailing "*" with no partner is literal text, not the start of emphasis.
    stars = _unescaped_stars(text)
    open_star_ok = len(stars) % 2 == 0
    last_star = stars[-1] if stars else -1

    def flush() -> None:
        if buf:
            spans.append(Span("".join(buf), emphasis))
            buf.clear()

    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text) and text[i + 1] in "*\\":
            buf.append(text[i + 1])
            i += 2
            continue
        if ch == "*" and (open_star_ok or i != last_star):
            flush()
            emphasis = not emphasis
        elif ch == "\n":
            flush()
            spans.append(Span("\n", False))
        else:
            buf.append(ch)
        i += 1
    flush()
    return [s for s in spans if s.text]


def _unescaped_stars(text: str) -> list[int]:
    positions = []
    i = 0
    while i < len(text):
        if text[i] == "\\" and i + 1 < len(text) and text[i + 1] in "*\\":
            i += 2
            continue
        if text[i] == "*":
            positions.append(i)
        i += 1
    return positions


def html_tag(text: str) -> str | None:
    """The first HTML tag or entity in ``text``, if it has one."""
    tag = _TAG_RE.search(text)
    return tag.group(0) if tag else None


def markup_problems(text: str) -> list[str]:
    """What is wrong with a paragraph's markup, as sentences a curator can act on."""
    problems = []
    tag = html_tag(text)
    if tag:
        problems.append(
            f'contains HTML ("{tag}"); HTML is not shown. '
            "Use *asterisks* for emphasis and a new line for a line break"
        )
    if len(_unescaped_stars(text)) % 2:
        problems.append(r'has an unpaired "*"; close the emphasis or write \* for an asterisk')
    return problems


def plain(text: str) -> str:
    """A paragraph with its markup removed, for search, alt text and accessibility names."""
    return "".join(s.text for s in parse_inline(text))
