"""Language maps, paragraphs and the inline markup subset."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.content.text import LangText, Paragraphs, Span, markup_problems, parse_inline, plain


def test_fallback_order():
    text = LangText({"en": "Baku", "ru": " "})
    assert text.get("ru", "en") == "Baku"
    assert text.get("az") == "Baku"
    assert LangText({}).get("en") == ""
    assert text.has("en") and not text.has("ru")


def test_paragraphs_fallback():
    body = Paragraphs({"en": ["One.", "Two."], "ru": []})
    assert body.get("ru", "en") == ["One.", "Two."]
    assert not body.has("ru")
    assert list(body.texts()) == [("en", "One."), ("en", "Two.")]


def test_emphasis_and_breaks():
    assert parse_inline("taken *without a shot*.\nNext line") == [
        Span("taken "),
        Span("without a shot", emphasis=True),
        Span("."),
        Span("\n"),
        Span("Next line"),
    ]


def test_escaped_and_unpaired_stars_are_literal():
    assert plain(r"5 \* 4") == "5 * 4"
    assert plain("a * b") == "a * b"
    assert markup_problems("a * b") == [
        'has an unpaired "*"; close the emphasis or write \\* for an asterisk'
    ]
    assert markup_problems(r"a \* b") == []


@pytest.mark.parametrize("html", ["<b>x</b>", "a<br/>b", '<a href="x">y</a>', "&nbsp;", "&#8212;"])
def test_html_is_detected(html):
    assert any("HTML" in p for p in markup_problems(html))


def test_comparisons_are_not_html():
    assert markup_problems("1 < 2 and 3 > 2") == []


@given(st.text())
def test_parse_never_loses_plain_text(text):
    # Whatever the markup, the letters a visitor reads are the text minus markup characters.
    spans = parse_inline(text)
    rebuilt = "".join(s.text for s in spans)
    assert rebuilt.replace("*", "").replace("\\", "") == text.replace("*", "").replace("\\", "")
