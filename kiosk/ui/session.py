"""The exhibit session QML sees: the bundle, its models, navigation and the visitor's language.

The bundle is loaded and validated on a worker thread; the GUI thread only builds rows.
"""

from __future__ import annotations

import logging
from enum import IntEnum
from pathlib import Path
from typing import Any

from PySide6.QtCore import Property, QEnum, QObject, QUrl, Signal, Slot
from PySide6.QtQml import QmlElement, QmlUncreatable

from kiosk.content import Bundle, Loaded, load_bundle
from kiosk.media import tiles as deep_tiles
from kiosk.media.renditions import Cache, Located, Spec, locate, run_job
from kiosk.media.tiles import Pyramid, TileSpec
from kiosk.ui.i18n import autonym, translate_in, translator
from kiosk.ui.models import GlossaryModel, PeopleModel, PhotoModel, StoryModel
from kiosk.ui.navigation import Navigator
from kiosk.ui.present import TOUCH_CALL, Presenter
from kiosk.ui.richtext import paragraphs
from kiosk.ui.signals import emit
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
    """Emitted after the visitor picks another language and every text has been rebuilt."""
    loaded = Signal()
    """Emitted each time a bundle is ready (tests and start-up timing wait on it)."""
    bundleChanged = Signal()
    """Emitted when a (re)loaded bundle replaces the one shown: its languages may differ."""
    visitReset = Signal()
    """Emitted when the visit goes back to its start: overlays close, settings reset."""

    def __init__(
        self,
        path: Path,
        parent: QObject | None = None,
        *,
        cache: Cache | None = None,
        specs: tuple[Spec, ...] = (),
        tiles: TileSpec | None = None,
    ) -> None:
        super().__init__(parent)
        self._path = path
        self._pending: Path | None = None
        self._cache = cache
        self._specs = specs
        self._tiles = tiles
        self._state = ExhibitSession.State.Loading
        self._bundle: Bundle | None = None
        self._presenter: Presenter | None = None
        self._language = ""
        self._problems: list[str] = []
        self._summary = ""
        self._exhibit: dict[str, Any] = {}
        self._navigator = Navigator(self)
        self._story = StoryModel(self)
        self._people = PeopleModel(self)
        self._photos = PhotoModel(self)
        self._glossary = GlossaryModel(self)

    def start(self) -> None:
        """Load and validate the bundle on a worker thread."""
        run_task(call(self._load, self._path), self._on_loaded, self._on_crash)

    def _load(self, path: Path) -> tuple[Loaded, Located | None]:
        """On a worker: validate the bundle and find the renditions already made."""
        loaded = load_bundle(path)
        if loaded.bundle is None or self._cache is None or not self._specs:
            return loaded, None
        originals = {m.id: loaded.root / m.file for m in loaded.bundle.media}
        sizes = {mid: (info.width, info.height) for mid, info in loaded.images.items()}
        located = locate(self._cache, originals, self._specs, tiles=self._tiles, sizes=sizes)
        return loaded, located

    def _make_missing(self, located: Located) -> None:
        """Make the renditions not yet in the cache, in the background; then show them."""
        jobs = [job for media_jobs in located.jobs.values() for job in media_jobs]
        if not jobs:
            return
        bundle = self._bundle

        # Renditions first (every screen needs them), pyramids after (only zooming does).
        ordered = sorted(
            (
                (media_id, job)
                for media_id, media_jobs in located.jobs.items()
                for job in media_jobs
            ),
            key=lambda item: isinstance(item[1].spec, TileSpec),
        )

        def work() -> tuple[dict[str, dict[str, Path]], dict[str, Pyramid]]:
            made: dict[str, dict[str, Path]] = {}
            pyramids: dict[str, Pyramid] = {}
            for media_id, job in ordered:
                try:
                    path = run_job(job)
                    if isinstance(job.spec, TileSpec):
                        pyramids[media_id] = deep_tiles.read(path.parent)
                    made.setdefault(media_id, {})[job.spec.name] = path
                except (OSError, ValueError) as exc:
                    log.warning("could not make a rendition of %s: %s", job.src, exc)
            return made, pyramids

        def done(result: tuple[dict[str, dict[str, Path]], dict[str, Pyramid]]) -> None:
            made, pyramids = result
            if self._presenter is None or self._bundle is not bundle:
                return  # another bundle was loaded meanwhile
            for media_id, paths in made.items():
                self._presenter.renditions.setdefault(media_id, {}).update(paths)
            self._presenter.pyramids.update(pyramids)
            log.info("made %d renditions in the background", len(jobs))
            self._apply_language(self._language)

        run_task(work, done)

    def reload(self, path: Path | None = None) -> None:
        """Load the bundle again (or another one); the current one stays until it is ready.

        A bundle that fails to load leaves the current exhibit on screen: a visitor never
        loses the exhibit to a staff member's mistake.
        """
        target = path or self._path
        if target == self._pending:
            return  # asked twice (staff panel and the installed-exhibit follower): load once
        self._pending = target

        def crashed(exc: BaseException) -> None:
            self._pending = None
            self._on_crash(exc)

        run_task(call(self._load, target), lambda r: self._on_reloaded(target, r), crashed)

    def _on_reloaded(self, path: Path, loaded: tuple[Loaded, Located | None]) -> None:
        if self._pending == path:
            self._pending = None
        result = loaded[0]
        if result.bundle is None and self._bundle is not None:
            for problem in result.report.errors:
                log.error("%s", problem)
            self._problems = [str(p) for p in result.report.errors]
            return
        self._path = path
        self._on_loaded(loaded)
        self._navigator.home()
        emit(self.visitReset)

    @Slot()
    def resetVisit(self) -> None:
        """Back to the start: Home, the default language, every overlay closed."""
        self._navigator.home()
        if self._bundle is not None:
            self.setLanguage(self._bundle.default_language)
        emit(self.visitReset)

    def _on_loaded(self, loaded: tuple[Loaded, Located | None]) -> None:
        result, located = loaded
        for problem in result.report.errors:
            log.error("%s", problem)
        if result.report.warnings:
            # One line, not one per warning: a large exhibit must not flood the log.
            log.warning(
                "%s has %d warnings; `kiosk validate %s` lists them",
                result.report.source,
                len(result.report.warnings),
                result.root,
            )
        self._problems = [str(p) for p in result.report.errors]
        self._summary = result.report.summary()
        if result.bundle is None:
            self._set_state(ExhibitSession.State.Failed)
            return
        self._bundle = result.bundle
        self._presenter = Presenter(
            result.bundle,
            result.root,
            result.images,
            located.found if located else {},
            located.pyramids if located else {},
            screen_edge=max((max(s.width, s.height) for s in self._specs), default=0),
        )
        emit(self.bundleChanged)
        self._apply_language(result.bundle.default_language)
        self._set_state(ExhibitSession.State.Ready)
        emit(self.loaded)
        if located is not None:
            self._make_missing(located)

    def _on_crash(self, exc: BaseException) -> None:
        log.error("loading %s failed unexpectedly", self._path, exc_info=exc)
        self._problems = [f"{type(exc).__name__}: {exc}"]
        self._set_state(ExhibitSession.State.Failed)

    def _set_state(self, state: State) -> None:
        if state != self._state:
            self._state = state
            emit(self.stateChanged)

    def _apply_language(self, code: str) -> None:
        assert self._presenter is not None and self._bundle is not None
        translator().use(code)  # first: the rows use translated UI words
        try:
            rows = self._presenter.build(code)
        except Exception:
            if self._language:
                translator().use(self._language)  # keep UI words and texts in one language
            raise
        self._language = code
        self._story.set_rows(rows.story)
        self._people.set_rows(rows.people)
        self._photos.set_rows(rows.photos)
        self._glossary.set_rows(rows.glossary)
        p, ex = self._presenter, self._bundle.exhibit
        hero = p.url(ex.hero)
        self._exhibit = {
            "title": p.text(ex.title, code),
            "subtitle": p.text(ex.subtitle, code),
            "summary": paragraphs(
                ex.summary.get(code, self._bundle.default_language) if ex.summary else []
            ),
            "source": p.text(ex.source, code),
            "credit": p.text(ex.credit, code),
            "rights": p.text(ex.rights, code),
            "heroUrl": hero,
            "heroPhotoIndex": p.photo_ids.index(ex.hero) if ex.hero in p.photo_ids else -1,
        }
        emit(self.languageChanged)

    @property
    def bundle(self) -> Bundle | None:
        """The loaded bundle, once ready."""
        return self._bundle

    @property
    def ready(self) -> bool:
        """Whether the bundle has loaded (for Python callers; QML reads ``state``)."""
        return self._state == ExhibitSession.State.Ready

    @property
    def loading(self) -> bool:
        """Whether the bundle is still loading."""
        return self._state == ExhibitSession.State.Loading

    @property
    def photo_ids(self) -> list[str]:
        """Media ids of the photographs, in viewer order."""
        return list(self._presenter.photo_ids) if self._presenter else []

    @property
    def path(self) -> Path:
        """The bundle folder shown."""
        return self._path

    @property
    def target(self) -> Path:
        """The bundle folder being loaded, else the one shown."""
        return self._pending or self._path

    def staff_info(self) -> dict[str, Any]:
        """What the staff panel says about the exhibit."""
        b = self._bundle
        return {
            "bundleTitle": b.name if b else "",
            "bundleId": b.id if b else "",
            "bundleVersion": b.version if b else "",
            "bundlePath": str(self._path),
            "validation": self._summary,
            "loadProblems": list(self._problems),
        }

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

    @Property(list, notify=bundleChanged)
    def languages(self) -> list[dict[str, str]]:
        """The bundle's languages in order, each with its own name: [{code, name}]."""
        codes = self._bundle.languages if self._bundle else []
        return [{"code": c, "name": autonym(c)} for c in codes]

    @Slot(str)
    def setLanguage(self, code: str) -> None:
        """Switch every visible text, UI words included, to ``code`` (if the bundle has it)."""
        if self._bundle and code in self._bundle.languages and code != self._language:
            self._apply_language(code)

    @Property(Navigator, constant=True)
    def navigator(self) -> Navigator:
        """Where the visitor is."""
        return self._navigator

    @Property(QObject, constant=True)
    def story(self) -> StoryModel:
        """The story pages."""
        return self._story

    @Property(QObject, constant=True)
    def people(self) -> PeopleModel:
        """The people of the portrait gallery."""
        return self._people

    @Property(QObject, constant=True)
    def photos(self) -> PhotoModel:
        """The photographs."""
        return self._photos

    @Property(QObject, constant=True)
    def glossary(self) -> GlossaryModel:
        """The glossary."""
        return self._glossary

    def _text(self, key: str) -> Any:
        return self._exhibit.get(key, "")

    @Property(str, notify=bundleChanged)
    def touchCall(self) -> str:
        """The attract loop's call to touch, in every language of the bundle."""
        codes = self._bundle.languages if self._bundle else ["en"]
        return " · ".join(dict.fromkeys(translate_in(code, "Kiosk", TOUCH_CALL) for code in codes))

    @Property(str, notify=languageChanged)
    def title(self) -> str:
        """The exhibit's title."""
        return str(self._text("title"))

    @Property(str, notify=languageChanged)
    def subtitle(self) -> str:
        """The exhibit's subtitle."""
        return str(self._text("subtitle"))

    @Property(list, notify=languageChanged)
    def summary(self) -> list[str]:
        """The exhibit's introduction, as StyledText paragraphs."""
        return list(self._exhibit.get("summary", []))

    @Property(str, notify=languageChanged)
    def source(self) -> str:
        """Where the exhibit's facts come from."""
        return str(self._text("source"))

    @Property(str, notify=languageChanged)
    def credit(self) -> str:
        """Who made the exhibit."""
        return str(self._text("credit"))

    @Property(str, notify=languageChanged)
    def rights(self) -> str:
        """The exhibit's copyright statement."""
        return str(self._text("rights"))

    @Property(QUrl, notify=languageChanged)
    def heroUrl(self) -> QUrl:
        """The home screen's image."""
        url = self._exhibit.get("heroUrl")
        return url if isinstance(url, QUrl) else QUrl()

    @Property(int, notify=languageChanged)
    def heroPhotoIndex(self) -> int:
        """The hero's index among the photographs (-1 if it is not one)."""
        return int(self._exhibit.get("heroPhotoIndex", -1))
