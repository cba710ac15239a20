"""Finding glossary terms in story text, so that a visitor can tap them for a definition."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from kiosk.content.model import GlossaryTerm
from kiosk.content.text import parse_inline


@dataclass(frozen=True)
class TermSpan:
    """A span of paragraph text, with the glossary term it names (if any)."""

    text: str
    emphasis: bool = False
    term: str | None = None

    @property
    def is_break(self) -> bool:
        """Whether this span is a line break."""
        return self.text == "\n"


class TermMatcher:
    """Marks every form of every glossary term of one language, as whole words, longest first."""

    def __init__(self, terms: Sequence[GlossaryTerm], lang: str) -> None:
        forms: dict[str, str] = {}
        for term in terms:
            for form in [term.term.get(lang, ""), *term.forms.get(lang, [])]:
                if form.strip():
                    forms.setdefault(form, term.id)
        alternatives = sorted(forms, key=len, reverse=True)
        self._ids = [forms[f] for f in alternatives]
        body = "|".join(f"(?P<t{i}>{re.escape(f)})" for i, f in enumerate(alternatives))
        # \b fails next to ")" in "RCP(b)": look for any non-word neighbour instead.
        self._pattern = re.compile(rf"(?<!\w)(?:{body})(?!\w)") if alternatives else None

    def mark(self, text: str) -> list[TermSpan]:
        """A paragraph as spans, with glossary terms marked (emphasis and breaks kept)."""
        out: list[TermSpan] = []
        for span in parse_inline(text):
            if self._pattern is None or span.is_break:
                out.append(TermSpan(span.text, span.emphasis))
                continue
            pos = 0
            for match in self._pattern.finditer(span.text):
                if match.start() > pos:
                    out.append(TermSpan(span.text[pos : match.start()], span.emphasis))
                term = self._ids[int((match.lastgroup or "t0")[1:])]
                out.append(TermSpan(match.group(0), span.emphasis, term))
                pos = match.end()
            if pos < len(span.text):
                out.append(TermSpan(span.text[pos:], span.emphasis))
        return out
