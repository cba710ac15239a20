"""Visitor-facing text: language maps, paragraphs and the tiny inline markup.

Every text a visitor reads is a language map such as ``{"en": "…", "ru": "…"}``. Longer
texts are lists of paragraphs per language. Inside a paragraph the only markup is
``*emphasis*`` and a line break (a newline character); ``\\*`` is a literal asterisk.
HTML is never interpreted: a tag in a text is a validation error.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

LANG_CODE = r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"
_LANG_RE = re.compile(LANG_CODE)
_TAG_RE = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(\s[^<>]*)?/?>|&[a-zA-Z]+;|&#\d+;")


def check_codes(keys: Iterable[str]) -> None:
    """Raise ValueError naming the first key that is not a language code (for the
    format's validation, kiosk.content.spec)."""
    for code in keys:
        if not _LANG_RE.match(code):
            raise ValueError(
                f'"{code}" is not a language code; use a lower-case code such as "en" or "ru"'
            )


class LangText:
    """One text in several languages: ``{"en": "Baku", "ru": "Баку"}``.

    A plain value (validated by kiosk.content.spec when a bundle is checked): the kiosk
    builds these from a checked document without importing pydantic."""

    __slots__ = ("root",)

    def __init__(self, root: dict[str, str]) -> None:
        self.root = root

    def __eq__(self, other: object) -> bool:
        return isinstance(other, type(self)) and other.root == self.root

    __hash__ = None  # type: ignore[assignment]  # a dict inside: not hashable

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.root!r})"

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


class Paragraphs:
    """A longer text as paragraphs per language: ``{"en": ["…", "…"], "ru": ["…"]}``."""

    __slots__ = ("root",)

    def __init__(self, root: dict[str, list[str]]) -> None:
        self.root = root

    def __eq__(self, other: object) -> bool:
        return isinstance(other, type(self)) and other.root == self.root

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.root!r})"

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


# -- characters ------------------------------------------------------------------------------
#
# What a string may contain, decided per kind of string:
#
# - a paragraph (a ``Paragraphs`` text) may hold line breaks (``\n``): they are its markup;
# - every other string (a short text such as a title or caption, a UI word, an id, a file
#   name, a key) holds no line break: it is shown on one line, or used as a name;
# - no string holds a tab, a carriage return or any other control character (C0, DEL, C1):
#   the kiosk draws them as nothing or as a box, and they come from pasting, not writing;
# - no string holds half of a UTF-16 surrogate pair (a JSON escape such as ``\ud800`` with
#   no partner), nor U+FFFD, the replacement character that marks text already damaged by
#   a wrong encoding (visitors would read "�");
# - bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) must be
#   closed in the string that opens them: an unclosed override reverses text that follows.

#: Characters that may be wrong in a string: a string without any is skipped quickly.
_SUSPECT = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffd\u202a-\u202e\u2066-\u2069]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_OPENERS = {
    "\u202a": "LEFT-TO-RIGHT EMBEDDING",
    "\u202b": "RIGHT-TO-LEFT EMBEDDING",
    "\u202d": "LEFT-TO-RIGHT OVERRIDE",
    "\u202e": "RIGHT-TO-LEFT OVERRIDE",
    "\u2066": "LEFT-TO-RIGHT ISOLATE",
    "\u2067": "RIGHT-TO-LEFT ISOLATE",
    "\u2068": "FIRST STRONG ISOLATE",
}
_CLOSERS = {"\u202c": "POP DIRECTIONAL FORMATTING", "\u2069": "POP DIRECTIONAL ISOLATE"}
_ISOLATES = "\u2066\u2067\u2068"
_NAMED_CONTROLS = {
    "\x00": "a NUL character",
    "\t": "a tab",
    "\n": "a line break",
    "\r": "a carriage return",
}

#: Combining marks (accents, vowel signs) allowed on one letter. Vietnamese puts two on a
#: letter, pointed Hebrew with cantillation up to four; more is "Zalgo" text whose marks
#: stack above and below the line, over the lines and buttons next to it: an error.
MAX_MARKS = 4


def code_point(ch: str) -> str:
    """``U+0301`` for a character, as messages name it."""
    return f"U+{ord(ch):04X}"


def shown(ch: str) -> str:
    """A character as a message shows it: ``U+00E9 "é"``, or only the code point for a
    character that cannot be printed (a control, a lone surrogate, a combining mark)."""
    if unicodedata.category(ch)[0] in "CMZ" and ch != " ":
        return code_point(ch)
    return f'{code_point(ch)} "{ch}"'


def character_problems(text: str, *, line_breaks: bool = False) -> list[str]:
    """What is wrong with the characters of one string, as sentences a curator can act on.

    ``line_breaks`` says the string is a paragraph, where ``\\n`` is a line break.
    """
    if not _SUSPECT.search(text):
        return []
    problems: list[str] = []
    controls: dict[str, int] = {}
    surrogates: dict[str, int] = {}
    replacement = -1
    for i, ch in enumerate(text):
        if ch < " " or "\x7f" <= ch <= "\x9f":
            if ch == "\n" and line_breaks:
                continue
            controls.setdefault(ch, i)
        elif "\ud800" <= ch <= "\udfff":
            surrogates.setdefault(ch, i)
        elif ch == "\ufffd" and replacement < 0:
            replacement = i
    if surrogates:
        found = ", ".join(f"{code_point(c)} at character {i + 1}" for c, i in surrogates.items())
        problems.append(
            f"has half of a character ({found}): a \\u escape for one half of a UTF-16 "
            "surrogate pair with no other half. Write the character itself, or its "
            "escape for the whole character (such as \\ud83d\\ude00 for one emoji)"
        )
    for ch, i in controls.items():
        name = _NAMED_CONTROLS.get(ch, "the control character")
        what = f"has {name} ({code_point(ch)}) at character {i + 1}"
        if ch == "\n":
            problems.append(f"{what}; only paragraphs have line breaks: use a space")
        elif ch == "\t":
            problems.append(f"{what}; use a space")
        elif ch == "\r":
            fix = "a line break is \\n alone" if line_breaks else "use a space"
            problems.append(f"{what}; remove it ({fix})")
        else:
            problems.append(
                f"{what}, which is not text (it comes from pasting or a broken export) and "
                "is not shown; remove it"
            )
    if replacement >= 0:
        problems.append(
            f'has U+FFFD "\ufffd" at character {replacement + 1}, the mark of text already '
            "damaged by a wrong encoding; visitors would read it. Type the character meant "
            "in its place"
        )
    problems.extend(_bidi_problems(text))
    return problems


#: At most this many unbalanced directional controls are described per string (the rest
#: are counted): a hostile string of a million must not make a million messages.
MAX_BIDI_PROBLEMS = 5


def _bidi_problems(text: str) -> list[str]:
    """Unbalanced directional formatting: an opener never closed, or a closer never opened.

    Linear in the text: the open isolates' places are kept apart, so that a closing
    U+2069 finds its isolate at once instead of searching every mark still open."""
    stack: list[tuple[str, int]] = []
    isolates: list[int] = []  # where in ``stack`` each open isolate is, innermost last
    stray: list[tuple[str, int]] = []
    for i, ch in enumerate(text):
        if ch in _OPENERS:
            if ch in _ISOLATES:
                isolates.append(len(stack))
            stack.append((ch, i))
        elif ch == "\u202c":  # closes the last embedding or override, not an isolate
            if stack and stack[-1][0] not in _ISOLATES:
                stack.pop()
            else:
                stray.append((ch, i))
        elif ch == "\u2069":  # closes the last isolate and everything opened inside it
            if isolates:
                del stack[isolates.pop() :]
            else:
                stray.append((ch, i))
    problems = [
        f"opens {code_point(ch)} {_OPENERS[ch]} at character {i + 1} and never closes it, "
        f"so it reorders the text after it; close it with "
        f"{'U+2069' if ch in _ISOLATES else 'U+202C'} or remove it"
        for ch, i in stack[:MAX_BIDI_PROBLEMS]
    ]
    if len(stack) > MAX_BIDI_PROBLEMS:
        problems.append(
            f"and {len(stack) - MAX_BIDI_PROBLEMS:,} more directional marks never closed"
        )
    problems += [
        f"has {code_point(ch)} {_CLOSERS[ch]} at character {i + 1} with nothing open to "
        "close; remove it"
        for ch, i in stray[:MAX_BIDI_PROBLEMS]
    ]
    if len(stray) > MAX_BIDI_PROBLEMS:
        problems.append(
            f"and {len(stray) - MAX_BIDI_PROBLEMS:,} more closing marks with nothing open"
        )
    return problems


def mark_runs(text: str, marks: re.Pattern[str]) -> list[str]:
    """More than ``MAX_MARKS`` combining marks on one letter, as sentences. ``marks`` finds
    runs of more than MAX_MARKS of the combining marks that occur (see ``mark_pattern``)."""
    problems = []
    for run in marks.finditer(text):
        base = text[run.start() - 1] if run.start() else ""
        on = f'on "{base}" ' if base and not unicodedata.combining(base) else ""
        problems.append(
            f"has {len(run.group())} combining marks {on}at character {run.start() + 1} "
            f"(at most {MAX_MARKS} on one letter): they stack off the line over the text "
            "and buttons around it. Remove the extra marks"
        )
    return problems


def mark_pattern(chars: set[str]) -> re.Pattern[str] | None:
    """A pattern for runs of too many combining marks among ``chars`` (the characters a
    bundle uses), or None when it uses none: looking at each distinct character once
    instead of every character of every text keeps a large bundle quick to check."""
    marks = sorted(c for c in chars if unicodedata.category(c) in ("Mn", "Me"))
    if not marks:
        return None
    return re.compile("[" + "".join(re.escape(c) for c in marks) + f"]{{{MAX_MARKS + 1},}}")


def without_surrogates(value: Any) -> Any:
    """``value`` (parsed JSON) with every lone surrogate, in keys and in strings, replaced
    by U+FFFD; the same object when it has none. After they are reported, so that the
    other checks and every message can be encoded as UTF-8."""
    if isinstance(value, str):
        return _SURROGATE.sub("\ufffd", value)
    if isinstance(value, list):
        return [without_surrogates(v) for v in value]
    if isinstance(value, dict):
        return {without_surrogates(k): without_surrogates(v) for k, v in value.items()}
    return value


#: In a JSON text, a character ``_SUSPECT`` finds as itself (JSON's whitespace aside)…
_SUSPECT_WRITTEN = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffd\u202a-\u202e\u2066-\u2069]"
)
#: … or as an escape (a line break too: it is wrong outside paragraphs).
_SUSPECT_ESCAPED = re.compile(
    r"\\(?:[bfnrt]|u(?:00[01]|007|00[89]|[dD][89a-fA-F]|[fF]{3}[dD]|202[a-eA-E]|206[6-9]))"
)


def may_have_bad_characters(source: str) -> bool:
    """Whether the JSON text ``source`` may hold a character ``character_problems`` looks
    at; when not, no string of it needs looking at one by one. A scan or two of the text,
    quick even for a bundle of a thousand people."""
    if _SUSPECT_WRITTEN.search(source):
        return True
    return "\\" in source and _SUSPECT_ESCAPED.search(source) is not None


#: A JSON string token: in a JSON text every '"' outside strings starts one.
_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)


def string_lines(source: str, indices: set[int]) -> dict[int, int]:
    """The line of the ``index``-th string (keys and values, counted from 0 in document
    order, as ``string_problems`` counts them) of the JSON text ``source``, for each of
    ``indices``."""
    lines: dict[int, int] = {}
    last = max(indices, default=-1)
    line, pos = 1, 0
    for index, token in enumerate(_JSON_STRING.finditer(source)):
        if index > last:
            break
        if index in indices:
            line += source.count("\n", pos, token.start())
            pos = token.start()
            lines[index] = line
    return lines


def string_problems(
    value: Any,
    paragraph_fields: set[str],
    loc: tuple[int | str, ...] = (),
    count: list[int] | None = None,
) -> Iterator[tuple[tuple[int | str, ...], int, list[str]]]:
    """(location, index, problems) for every key and string of parsed JSON whose characters
    are wrong (``character_problems``), in document order; ``index`` counts every key and
    string before it, for ``string_lines``. A string is a paragraph when it is in a list
    under a language code under one of ``paragraph_fields``."""
    count = [0] if count is None else count
    if isinstance(value, dict):
        for key, item in value.items():
            count[0] += 1
            if problems := character_problems(key):
                yield (*loc, key), count[0] - 1, [f"the key {p}" for p in problems]
            yield from string_problems(item, paragraph_fields, (*loc, key), count)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from string_problems(item, paragraph_fields, (*loc, i), count)
    elif isinstance(value, str):
        count[0] += 1
        if _SUSPECT.search(value):
            paragraph = len(loc) >= 3 and isinstance(loc[-1], int) and loc[-3] in paragraph_fields
            if problems := character_problems(value, line_breaks=paragraph):
                yield loc, count[0] - 1, problems
