"""The exhibit session QML sees: the loaded bundle and its state, loaded off the GUI thread."""

from __future__ import annotations

import logging
from enum import IntEnum
from pathlib import Path

from PySide6.QtCore import Property, QEnum, QObject, Signal, Slot
from PySide6.QtQml import QmlElement, QmlUncreatable

from kiosk.content import Bundle, Loaded, load_bundle
from kiosk.ui.tasks import call, run_task

QML_IMPORT_NAME = "Kiosk.Backend"
QML_IMPORT_MAJOR_VERSION = 1

log = logging.getLogger(__name__)


@QmlElement
@QmlUncreatable("The session is created by the application and passed to Main.")
class ExhibitSession(QObject):  # type: ignore[operator]  # stubs: QmlUncreatable not callable
    """One visitor-facing exhibit: which bundle, whether it has loaded, and in which language."""

    class State(IntEnum):
        """Where loading stands."""

        Loading = 0
        Ready = 1
        Failed = 2

    QEnum(State)

    stateChanged = Signal()
    """Emitted when loading finishes or fails."""
    languageChanged = Signal()
    """Emitted when the visitor picks another language."""
    loaded = Signal()
    """Emitted once the bundle is ready (tests and start-up timing wait on it)."""

    def __init__(self, path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._path = path
        self._state = ExhibitSession.State.Loading
        self._bundle: Bundle | None = None
        self._language = ""
        self._problems: list[str] = []

    def start(self) -> None:
        """Load and validate the bundle on a worker thread."""
        run_task(call(load_bundle, self._path), self._on_loaded, self._on_crash)

    def _on_loaded(self, result: Loaded) -> None:
        for problem in result.report.problems:
            (log.error if problem.severity == "error" else log.warning)("%s", problem)
        self._problems = [str(p) for p in result.report.errors]
        if result.bundle is None:
            self._set_state(ExhibitSession.State.Failed)
            return
        self._bundle = result.bundle
        self._language = result.bundle.default_language
        self._set_state(ExhibitSession.State.Ready)
        self.languageChanged.emit()
        self.loaded.emit()

    def _on_crash(self, exc: BaseException) -> None:
        log.error("loading %s failed unexpectedly", self._path, exc_info=exc)
        self._problems = [f"{type(exc).__name__}: {exc}"]
        self._set_state(ExhibitSession.State.Failed)

    def _set_state(self, state: State) -> None:
        if state != self._state:
            self._state = state
            self.stateChanged.emit()

    @property
    def bundle(self) -> Bundle | None:
        """The loaded bundle, once ready."""
        return self._bundle

    @property
    def problems(self) -> list[str]:
        """Why loading failed, for staff and the terminal; never shown to visitors."""
        return list(self._problems)

    @Property(int, notify=stateChanged)
    def state(self) -> int:
        """Loading, Ready or Failed."""
        return int(self._state)

    @Property(str, notify=languageChanged)
    def language(self) -> str:
        """The visitor's current language code."""
        return self._language

    @Slot(str)
    def setLanguage(self, code: str) -> None:
        """Switch the visitor's language, if the bundle has it."""
        if self._bundle and code in self._bundle.languages and code != self._language:
            self._language = code
            self.languageChanged.emit()

    def _text(self, attr: str) -> str:
        if self._bundle is None:
            return ""
        value = getattr(self._bundle.exhibit, attr)
        return value.get(self._language, self._bundle.default_language) if value else ""

    @Property(str, notify=languageChanged)
    def title(self) -> str:
        """The exhibit's title in the current language."""
        return self._text("title")

    @Property(str, notify=languageChanged)
    def subtitle(self) -> str:
        """The exhibit's subtitle in the current language."""
        return self._text("subtitle")
