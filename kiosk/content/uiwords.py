"""The UI's own words a bundle may give for a language: the ``ui`` map of bundle.json.

The kiosk ships its interface in English and Russian (Qt translations, resources/i18n). For
any other language a bundle may carry the words itself, and for English or Russian override
the shipped ones::

    "ui": {
      "de": {
        "Story": "Geschichte",
        "Next": "Weiter",
        "The exhibit starts over in %n second(s).": {
          "one": "Die Ausstellung beginnt in %n Sekunde von vorn.",
          "other": "Die Ausstellung beginnt in %n Sekunden von vorn."
        },
        "c. {x}": "ca. {x}",
        "mid-{x}": "Mitte {x}"
      }
    }

A key is the English source of a UI string exactly as the QML's ``qsTr`` (and
resources/i18n/kiosk_ru.ts) has it (``UI_STRINGS``), or one of the date words CLDR has no
pattern for (``kiosk.content.dates.DATE_WORDS``). A value is the words, or for a string
with ``%n`` the forms by CLDR plural category of that language ("one", "few", "many",
"other"…; "other" is required). Placeholders (``%1``, ``%2``, ``{x}``…) must be kept.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator, Mapping
from typing import Any

from kiosk.content import cldr
from kiosk.content.dates import DATE_WORDS, SHIPPED_WORDS

#: The UI's strings by Qt translation context (a QML file, or "Kiosk" for Python's), as in
#: resources/i18n/kiosk_ru.ts; tests/content/test_cldr.py keeps the two the same.
UI_STRINGS: dict[str, tuple[str, ...]] = {
    "CaptionPanel": (
        "Caption",
        "In this photograph:",
        "Catalogue number",
        "Credit",
        "Rights",
    ),
    "CountdownOverlay": (
        "Still there?",
        "The exhibit starts over in %n second(s).",
        "Continue",
        "Start over",
    ),
    "DisplayTest": ("Close",),
    "GlossaryCard": ("Close",),
    "GlossaryScreen": (
        "Glossary",
        "Index",
    ),
    "HomeScreen": (
        "Sections",
        "Story",
        "People",
        "Photographs",
        "Glossary",
    ),
    "Kiosk": (
        "Touch to explore",
        "Real surname",
        "Born",
        "Party pseudonym",
        "Pseudonym",
        "Nickname",
        "Also spelt",
        "Also known as",
    ),
    "LanguageMenu": ("Language",),
    "Main": (
        "Reading aloud. The arrow keys move, the middle key chooses, Back goes back. "
        "Press help again to hear this page.",
        "Seated layout: everything to touch is below, within reach.",
        "This exhibit is not available just now. Please come back soon.",
        "One moment…",
    ),
    "NavBar": (
        "Navigation",
        "Home",
        "Back",
        "Stop",
        "Stop reading",
        "Options",
        "Options: larger text, high contrast, seated, read aloud",
        "Language: %1",
    ),
    "OptionsSheet": (
        "%1: on",
        "%1: off",
        "Options for this visit",
        "Larger text",
        "High contrast",
        "Seated: everything within reach",
        "Read this page aloud",
        "Quieter",
        "Louder",
        "Slower",
        "Faster",
        "All of these go back to normal when your visit ends.",
        "Close",
    ),
    "PagerBar": (
        "Previous",
        "Next",
        "%1 · %2 of %3",
    ),
    "PeopleScreen": ("People",),
    "PersonScreen": (
        "Appears in",
        "People",
        "Previous",
        "Next",
        "Previous person",
        "Next person",
    ),
    "PhotoViewer": (
        "Pinch or double-tap the photograph to zoom",
        "Photographs",
        "Previous photograph",
        "Next photograph",
        "Hide caption",
        "Caption",
    ),
    "PhotosScreen": ("Photographs",),
    "PinPad": (
        "Staff PIN",
        "Clear",
        "OK",
        "Cancel",
    ),
    "StaffDesk": (
        "Wrong PIN",
        "The PIN cannot be checked. Staff: see the log.",
        "Locked. Try again in %n second(s).",
        "Locked. Try again in %1.",
        "Looking for exhibit packs…",
        "Installed: %1",
        "Not installed: %1",
        "Going back…",
        "Back to %1",
        "Could not stop for maintenance: %1",
    ),
    "StaffPanel": (
        "Staff panel",
        "Exhibit",
        "Folder",
        "Validation",
        "Software",
        "Running for",
        "Recent warnings and errors",
        "None",
        "Reload exhibit",
        "Display test",
        "Leave kiosk mode",
        "Quit",
        "Stop for maintenance",
        "Close",
        "Installed exhibits",
        "None from packs yet: the exhibit shown is the one shipped with the kiosk or named in "
        "the configuration.",
        "previous %1",
        "shown",
        "Go back to %1",
        "Install from USB stick",
        "Switch to another exhibit",
    ),
    "StoryScreen": (
        "Chronology",
        "People on this page:",
        "Story",
    ),
}

#: Contexts only staff see (the PIN pad and the staff panel): a bundle may translate them,
#: but ``validate`` does not ask for them.
STAFF_CONTEXTS = frozenset({"DisplayTest", "PinPad", "StaffDesk", "StaffPanel"})

#: The languages the kiosk ships the UI's words in (resources/i18n/kiosk_<code>.ts and the
#: date words of kiosk.content.dates): a bundle in another language needs its own.
SHIPPED_LANGUAGES = tuple(SHIPPED_WORDS)

#: Every key a bundle's ``ui`` words may have.
UI_KEYS: frozenset[str] = frozenset(
    {s for strings in UI_STRINGS.values() for s in strings} | set(DATE_WORDS)
)

#: The keys a visitor may see, in the order a curator meets them: what ``validate`` asks a
#: bundle to give for a language the kiosk does not ship.
VISITOR_KEYS: tuple[str, ...] = tuple(
    dict.fromkeys(
        [s for ctx, strings in UI_STRINGS.items() if ctx not in STAFF_CONTEXTS for s in strings]
        + list(DATE_WORDS)
    )
)

_QT_PLACEHOLDER = re.compile(r"%(\d)")
_NAMED_PLACEHOLDER = re.compile(r"{(\w*)}")


def is_plural(key: str) -> bool:
    """Whether ``key`` takes plural forms (it counts something with ``%n``)."""
    return "%n" in key


def placeholders(text: str) -> set[str]:
    """The placeholders of a source or its words: "%1", "%2", "{x}"."""
    return {f"%{m}" for m in _QT_PLACEHOLDER.findall(text)} | {
        f"{{{m}}}" for m in _NAMED_PLACEHOLDER.findall(text)
    }


def problems(lang: str, words: Any) -> Iterator[tuple[tuple[str, ...], str]]:
    """Each problem of one language's ``ui`` words as (path below ``ui.<lang>``, message)."""
    if not isinstance(words, Mapping):
        yield (), 'expected an object of UI words, such as {"Next": "Weiter"}'
        return
    forms = ", ".join(cldr.plural_categories(lang))
    for key, value in words.items():
        if key not in UI_KEYS:
            close = difflib.get_close_matches(key, UI_KEYS, n=1, cutoff=0.6)
            hint = f'did you mean "{close[0]}"?' if close else _KEYS_HINT
            yield (key,), f"not one of the UI's strings; {hint}"
        elif isinstance(value, str):
            yield from _text_problems((key,), key, value)
        elif not isinstance(value, Mapping):
            yield (key,), _VALUE_HINT
        elif not is_plural(key):
            yield (key,), "has no %n, so no plural forms: give one string"
        else:
            for category, form in value.items():
                if category not in forms.split(", "):
                    why = f'"{category}" is not a plural form of "{lang}" in CLDR; use {forms}'
                    yield (key, category), why
                elif not isinstance(form, str):
                    yield (key, category), "expected a string"
                else:
                    yield from _text_problems((key, category), key, form)
            if "other" not in value:
                yield (key,), f'needs the form "other" (the plural forms of "{lang}": {forms})'


_KEYS_HINT = (
    'a key is the English words exactly as the kiosk shows them (README, "The UI\'s own words")'
)
_VALUE_HINT = (
    "expected a string, or for a string with %n its forms by plural category such as "
    '{"one": "…", "other": "…"}'
)


def _text_problems(
    path: tuple[str, ...], key: str, text: str
) -> Iterator[tuple[tuple[str, ...], str]]:
    if not text.strip():
        yield path, "is empty; write the words, or leave the key out for the English"
        return
    wanted, given = placeholders(key), placeholders(text)
    # A plural form may say its number in words ("one second"): %n is not required.
    missing = sorted(wanted - given)
    unknown = sorted(given - wanted)
    if missing:
        yield path, f"must keep {', '.join(missing)} (what the kiosk puts in)"
    if unknown:
        yield path, f"has {', '.join(unknown)}, which the kiosk does not fill in"


def missing(words: Mapping[str, Any]) -> list[str]:
    """The visitor-facing keys ``words`` does not give, in ``VISITOR_KEYS`` order."""
    return [key for key in VISITOR_KEYS if key not in words]
