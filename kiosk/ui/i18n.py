"""The UI's own strings (qsTr in QML, translate() in Python) in the visitor's language.

They come from the kiosk's compiled translations (English plural forms, Russian) and from
a bundle's own ``ui`` words, which come first: they give a language the kiosk does not ship,
or override a shipped one. A bundle's plural forms are chosen by CLDR's rules for the
language (``kiosk.content.cldr``), so Ukrainian says "1 секунду", "2 секунди", "5 секунд".
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Mapping

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

from kiosk.content import cldr

log = logging.getLogger(__name__)

#: A language's words as a bundle gives them (``Bundle.ui[code]``): the words, or for a
#: string with %n its forms by CLDR plural category.
Words = Mapping[str, object]

#: Each language by its own name, as the language switch shows it (never a flag).
AUTONYMS = {
    "en": "English",
    "ru": "Русский",
    "az": "Azərbaycanca",
    "de": "Deutsch",
    "fr": "Français",
    "uk": "Українська",
}


def autonym(code: str) -> str:
    """A language's name in that language, capitalised."""
    if code in AUTONYMS:
        return AUTONYMS[code]
    name = QLocale(code).nativeLanguageName()
    return name[:1].upper() + name[1:] if name else code


def bundle_word(code: str, words: Words | None, source: str, n: int = -1) -> str | None:
    """The bundle's words for ``source`` in ``code`` (for ``n``, the CLDR plural form that
    ``n`` takes there), or None when it gives none."""
    given = words.get(source) if words else None
    if isinstance(given, Mapping):
        form = given.get(cldr.plural_category(code, n)) if n >= 0 else None
        given = form if isinstance(form, str) and form else given.get("other")
    return given if isinstance(given, str) and given else None


class WordsTranslator(QTranslator):
    """A bundle's own words for one language, then the kiosk's translation of it (if any).

    Qt asks it for every ``qsTr`` and ``tr`` (``translate`` is a virtual that PySide
    dispatches to Python) on the thread that translates; it only reads what it was given.
    """

    def __init__(self, code: str, words: Words, shipped: QTranslator | None) -> None:
        super().__init__()
        self.code = code
        self.words = dict(words)
        self._shipped = shipped

    def translate(
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str | None:  # None: "not here", as Qt's null QString
        """The words for ``source``; None lets Qt keep the English source."""
        found = bundle_word(self.code, self.words, source, n)
        if found is None and self._shipped is not None:
            found = self._shipped.translate(context, source, disambiguation, n) or None
        return found

    def isEmpty(self) -> bool:
        """Never: an empty translator is installed without telling anyone (no LanguageChange)."""
        return False


class UiTranslator:
    """Installs the UI's words for one language at a time: the bundle's own words for it
    (before the kiosk's translation), else the kiosk's compiled translation.

    Translators are installed on the application, so there is one for the whole process
    (``translator()``): a second session (a reloaded bundle) must not leave the first one's
    language or words behind. Each language's translator is loaded once and reused (one
    with a bundle's words until another bundle brings others); at most one is installed.
    """

    def __init__(self) -> None:
        self._current: QTranslator | None = None

    @property
    def installed(self) -> QTranslator | None:
        """The translator installed now (None for English without plural forms)."""
        return self._current

    def use(self, code: str, words: Words | None = None) -> bool:
        """Translate the UI into ``code`` (English needs its file only for plural forms),
        with the bundle's own ``words`` for it first; whether the translator changed (the
        QML must then retranslate, even when the language is the same)."""
        app = QCoreApplication.instance()
        if app is None:
            return False
        if not words and _load(code) is None and code != "en":
            log.warning("no UI words for %r; the UI stays in English", code)
        translator = _with_words(code, words) if words else _shipped(code)
        if translator is self._current:
            return False
        if self._current is not None:
            app.removeTranslator(self._current)
            self._current = None
        if translator is not None:
            app.installTranslator(translator)
            self._current = translator
        return True


_translator = UiTranslator()


def translator() -> UiTranslator:
    """The process's one UI translator."""
    return _translator


#: Each language's compiled translation, loaded once (None: there is none): those the UI
#: installs, and separate ones that ``translate_in`` reads on any thread (QTranslator is
#: reentrant, not thread-safe: an instance is only ever read by one thread at a time).
_by_language: dict[str, QTranslator | None] = {}
_lookups: dict[str, QTranslator | None] = {}
_lock = threading.Lock()


def _load_into(cache: dict[str, QTranslator | None], code: str) -> QTranslator | None:
    if code not in cache:
        translator = QTranslator()
        app = QCoreApplication.instance()
        if app is not None:  # loaded on a worker: it belongs to the GUI thread all the same
            translator.moveToThread(app.thread())
        cache[code] = translator if translator.load(f":/kiosk/i18n/kiosk_{code}.qm") else None
    return cache[code]


def _load(code: str) -> QTranslator | None:
    with _lock:
        return _load_into(_by_language, code)


def _shipped(code: str) -> QTranslator | None:
    """The kiosk's translation into ``code``; for a language it does not ship, English's
    plural forms ("1 second", "5 seconds") rather than the source's "5 second(s)"."""
    return _load(code) or _load("en")


#: The bundle's words for each language, as the UI installs them: one translator per
#: language, made again when another bundle brings other words.
_worded: dict[str, WordsTranslator] = {}


def _with_words(code: str, words: Words) -> WordsTranslator:
    made = _worded.get(code)
    if made is None or made.words != dict(words):
        made = _worded[code] = WordsTranslator(code, words, _shipped(code))
        app = QCoreApplication.instance()
        if app is not None:
            made.moveToThread(app.thread())
    return made


def translate_in(code: str, context: str, text: str, words: Words | None = None) -> str:
    """``text`` in language ``code``, whatever the UI's current language is (any thread);
    ``words``, the bundle's own words for ``code``, come first."""
    found = bundle_word(code, words, text)
    if found is not None:
        return found
    with _lock:
        translator = _load_into(_lookups, code)
        found = translator.translate(context, text) if translator else ""
    return found or text
