"""Paragraph spans → the StyledText subset QML's Text renders: <i>, <br> and term links.

Bundle text is never interpreted as markup: every character a curator wrote is escaped, and
only the tags made here from the bundle's own tiny markup reach QML.
"""

from __future__ import annotations

from html import escape

from kiosk.content.glossary import TermMatcher, TermSpan
from kiosk.content.text import parse_inline

TERM_SCHEME = "term:"


def to_styled(spans: list[TermSpan]) -> str:
    """StyledText for ``spans``; glossary terms become ``term:<id>`` links."""
    out = []
    for span in spans:
        if span.is_break:
            out.append("<br>")
            continue
        text = escape(span.text, quote=False)
        if span.emphasis:
            text = f"<i>{text}</i>"
        if span.term:
            href = escape(TERM_SCHEME + span.term)
            text = f'<a href="{href}">{text}</a>'
        out.append(text)
    return "".join(out)


def paragraphs(texts: list[str], matcher: TermMatcher | None = None) -> list[str]:
    """Each paragraph as StyledText (terms linked only when a matcher is given)."""
    if matcher is None:
        return [to_styled([TermSpan(s.text, s.emphasis) for s in parse_inline(t)]) for t in texts]
    return [to_styled(matcher.mark(t)) for t in texts]
