"""What the Unicode CLDR (through Babel) knows about a bundle's language.

A bundle names its languages by code ("en", "az", "he", "pt-BR", "sr-Latn"); each is mapped
once to a Babel ``Locale``: the code itself when CLDR has it, else its base language, else
English. Nothing here raises for an unknown code: a visitor must never see a crash because a
curator chose a language CLDR does not describe.
"""

from __future__ import annotations

import functools

from babel import Locale, UnknownLocaleError

#: CLDR's plural categories, in its order; each language uses "other" and some of the rest.
PLURAL_CATEGORIES = ("zero", "one", "two", "few", "many", "other")

#: Bundles are written with the day before the month ("2 May 1920"), as in British English;
#: a bare "en" reads that way. "en-US" and other regions get their own CLDR data.
_LOCALE_OF = {"en": "en_GB"}
_FALLBACK = "en_GB"


@functools.cache
def locale(code: str) -> Locale:
    """The CLDR locale for a bundle language code (its base language, else English)."""
    for candidate in (_LOCALE_OF.get(code, code), code.split("-")[0]):
        try:
            return Locale.parse(candidate, sep="-" if "-" in candidate else "_")
        except (UnknownLocaleError, ValueError, TypeError):
            continue
    return Locale.parse(_FALLBACK)


def known(code: str) -> bool:
    """Whether CLDR describes ``code`` or its base language (otherwise English stands in)."""
    base = code.split("-")[0]
    return locale(code).language == base or base == "en"


def plural_categories(code: str) -> tuple[str, ...]:
    """The plural categories ``code`` uses, in CLDR's order ("one", "few", "many", "other")."""
    used = set(locale(code).plural_form.tags) | {"other"}
    return tuple(c for c in PLURAL_CATEGORIES if c in used)


def plural_category(code: str, n: int) -> str:
    """Which plural form ``n`` takes in ``code``: "one", "few", "many", "other", …"""
    return str(locale(code).plural_form(abs(n)))


def right_to_left(code: str) -> bool:
    """Whether ``code`` is written right to left (Hebrew, Arabic, Persian…)."""
    return bool(locale(code).character_order == "right-to-left")


def approximately_sign(code: str) -> str:
    """CLDR's sign for "approximately" in ``code`` ("~", "≈", "≃")."""
    loc = locale(code)
    symbols = loc.number_symbols.get(loc.default_numbering_system) or loc.number_symbols["latn"]
    return str(symbols.get("approximatelySign", "~"))
