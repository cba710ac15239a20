"""The UI's own strings (qsTr in QML, translate() in Python) in the visitor's language."""

from __future__ import annotations

import logging
import threading

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

log = logging.getLogger(__name__)

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


class UiTranslator:
    """Installs the compiled translation of the UI strings for one language at a time.

    Translators are installed on the application, so there is one for the whole process
    (``translator()``): a second session (a reloaded bundle) must not leave the first one's
    language behind. Each language's translator is loaded once and reused; at most one is
    installed at any time.
    """

    def __init__(self) -> None:
        self._current: QTranslator | None = None

    @property
    def installed(self) -> QTranslator | None:
        """The translator installed now (None for English without plural forms)."""
        return self._current

    def use(self, code: str) -> None:
        """Translate the UI into ``code`` (English needs its file only for plural forms)."""
        app = QCoreApplication.instance()
        if app is None:
            return
        translator = _load(code)
        if translator is self._current:
            return
        if self._current is not None:
            app.removeTranslator(self._current)
            self._current = None
        if translator is not None:
            app.installTranslator(translator)
            self._current = translator
        elif code != "en":
            log.warning("no UI translation for %r; the UI stays in English", code)


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


def translate_in(code: str, context: str, text: str) -> str:
    """``text`` in language ``code``, whatever the UI's current language is (any thread)."""
    with _lock:
        translator = _load_into(_lookups, code)
        found = translator.translate(context, text) if translator else ""
    return found or text
