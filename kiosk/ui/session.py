"""The exhibit session: loads the bundle, builds its rows, switches language, makes renditions.

It is the Python side's composition root and is not handed to QML: QML gets the small
objects it owns, one concern each (``exhibit``, ``language``, ``navigator``). Loading,
validation and building the rows of a language all run on worker threads; the GUI thread
only takes the finished rows over, in place.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QLocale, QObject, Signal, Slot

from kiosk.content import Bundle, Loaded, load_bundle
from kiosk.content.assets import DEFAULT_PIXEL_LIMIT
from kiosk.content.stamp import STAMPS_DIR
from kiosk.media.renditions import Cache, Located, Spec, locate
from kiosk.media.tiles import TileSpec
from kiosk.ui.exhibit import Exhibit, Language
from kiosk.ui.i18n import translate_in, translator
from kiosk.ui.models import GlossaryModel, PeopleModel, PhotoModel, StoryModel
from kiosk.ui.navigation import Navigator, moved
from kiosk.ui.present import TOUCH_CALL, Built, Presenter
from kiosk.ui.renditions import Made, Renditions
from kiosk.ui.rows import Front
from kiosk.ui.signals import emit
from kiosk.ui.tasks import call, run_task

log = logging.getLogger(__name__)

#: The UI's language while there is no exhibit (so no languages) to show.
NO_EXHIBIT_LANGUAGE = "en"

_Result = tuple[Loaded, Presenter | None, Front | None]
#: A reloaded bundle made ready to show whole: its renditions found, its rows built.
_Prepared = tuple[Located | None, Built]


class ExhibitSession(QObject):
    """One visitor-facing exhibit: which bundle, whether it has loaded, and in which language."""

    State = Exhibit.State

    stateChanged = Signal()
    """Emitted when loading finishes, or when there is no exhibit to show."""
    languageChanged = Signal()
    """Emitted after every text has been switched to another language."""
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
        max_pixels: int = DEFAULT_PIXEL_LIMIT,
    ) -> None:
        """``max_pixels``: the largest original accepted (the config's max_image_pixels)."""
        super().__init__(parent)
        self._path = path
        self._max_pixels = max_pixels
        self._renditions = Renditions(cache.root if cache is not None else None)
        self._pending: Path | None = None
        #: Reloads asked for so far: only the latest one's outcome is shown.
        self._reloads = 0
        self._cache = cache
        self._specs = specs
        self._tiles = tiles
        self._bundle: Bundle | None = None
        self._presenter: Presenter | None = None
        self._problems: list[str] = []
        self._summary = ""
        #: The language of the row build under way (one at a time), and whether the rows
        #: were asked for again since it started (another language, new renditions).
        self._building: str | None = None
        self._stale = False
        #: The presenter whose Home is shown while its lists are being prepared, and what
        #: its renditions lack (made once the lists are shown).
        self._filling: Presenter | None = None
        self._missing: Located | None = None
        #: The presenter whose renditions in the cache have been looked up: only rows built
        #: after that point lets the lists count as shown (they point to those files).
        self._located: Presenter | None = None
        self._stopped = False
        self.exhibit = Exhibit(self)
        self.exhibit.stateChanged.connect(self.stateChanged)
        self.visitReset.connect(self.exhibit.visitReset)
        self.language = Language(self.setLanguage, self)
        self.navigator = Navigator(self)

    def start(self) -> None:
        """Load and validate the bundle on a worker thread."""
        run_task(call(self._load, self._path), self._on_loaded, self._on_crash)

    def _load(self, path: Path) -> _Result:
        """On a worker: validate the bundle (or take its stamp) and prepare Home: its words
        and the renditions of its picture. Home is shown first; which renditions exist for
        every other picture, and the lists' rows, follow on workers (``_on_loaded``): the
        1,000-person exhibit's lists take longer to prepare than all of Home."""
        stamps = self._cache.root / STAMPS_DIR if self._cache is not None else None
        loaded = load_bundle(path, max_pixels=self._max_pixels, stamps=stamps)
        if loaded.bundle is None:
            return loaded, None, None
        presenter = Presenter(
            loaded.bundle,
            loaded.root,
            loaded.images,
            {},
            {},
            screen_edge=max((max(s.width, s.height) for s in self._specs), default=0),
        )
        hero = loaded.bundle.exhibit.hero
        if hero:
            self._found(presenter, self._locate(loaded, hero))
        return loaded, presenter, presenter.front(loaded.bundle.default_language)

    def _locate(self, loaded: Loaded, only: str | None = None) -> Located | None:
        """On a worker: which renditions of the bundle's pictures (or of media ``only``)
        are in the cache, and the jobs that make the others."""
        if self._cache is None or not self._specs or loaded.bundle is None:
            return None
        media = [(i, m) for i, m in enumerate(loaded.bundle.media) if only in (None, m.id)]
        source = loaded.report.source.name
        return locate(
            self._cache,
            {m.id: loaded.root / m.file for _, m in media},
            self._specs,
            tiles=self._tiles,
            sizes={mid: (info.width, info.height) for mid, info in loaded.images.items()},
            max_pixels=self._max_pixels,
            where={m.id: f"{source}: media[{i}].file" for i, m in media},
        )

    @staticmethod
    def _found(presenter: Presenter, located: Located | None) -> None:
        """Point ``presenter`` at the renditions ``located`` found."""
        if located is None:
            return
        for media_id, paths in located.found.items():
            presenter.renditions.setdefault(media_id, {}).update(paths)
        presenter.pyramids.update(located.pyramids)

    def _make_missing(self, located: Located) -> None:
        """Make the renditions not yet in the cache, in a background batch (the one under
        way, if any, is cancelled); then show them."""
        bundle = self._bundle

        def show(made: Made) -> None:
            if self._presenter is None or self._bundle is not bundle or not made.count:
                return  # another bundle was loaded meanwhile, or nothing new to show
            for media_id, paths in made.renditions.items():
                self._presenter.renditions.setdefault(media_id, {}).update(paths)
            self._presenter.pyramids.update(made.pyramids)
            self._build()  # the rows point to the new files; built on a worker

        self._renditions.start(located, show)

    def stop(self) -> None:
        """Cancel the background batch (quitting): its worker process is killed at once;
        none starts after this."""
        self._stopped = True
        self._renditions.cancel()

    def reload(self, path: Path | None = None) -> None:
        """Load the bundle again (or another one); the current one stays until it is ready.

        A bundle that fails to load leaves the current exhibit on screen: a visitor never
        loses the exhibit to a staff member's mistake.
        """
        target = path or self._path
        if target == self._pending:
            return  # asked twice (staff panel and the installed-exhibit follower): load once
        self._pending = target
        self._reloads += 1
        seq = self._reloads
        self._renditions.cancel()  # the batch of what is shown; resumed if this fails

        def crashed(exc: BaseException) -> None:
            if seq != self._reloads:
                return  # another reload was asked for since
            self._pending = None
            self._renditions.resume()
            self._on_crash(exc, target)

        run_task(call(self._load, target), lambda r: self._on_reloaded(target, r, seq), crashed)

    def _on_reloaded(self, path: Path, result: _Result, seq: int) -> None:
        if seq != self._reloads:
            return  # another reload was asked for since: its outcome is the one shown
        loaded, presenter, _front = result
        if loaded.bundle is None and self._bundle is not None:
            self._pending = None
            for problem in loaded.report.errors:
                log.error("%s", problem)
            self._problems = [str(p) for p in loaded.report.errors]
            self._renditions.resume()  # the exhibit shown stays: so does its batch
            return
        if self._bundle is None or presenter is None:
            # Nothing was shown (the exhibit was unavailable): as at the first start.
            self._pending = None
            self._path = path
            self._on_loaded(result)
            self.navigator.home()
            emit(self.visitReset)
            return

        # The exhibit shown stays until the new one is whole: the renditions of all its
        # pictures looked up and its rows built, on a worker; then all of it at once (its
        # Home, lists, languages), never one exhibit's Home with the other's lists.
        def ready(prepared: _Prepared) -> None:
            if seq != self._reloads:
                return
            self._pending = None
            self._path = path
            self._on_loaded(result, prepared)
            self.navigator.home()
            emit(self.visitReset)

        def failed(exc: BaseException) -> None:
            if seq != self._reloads:
                return
            self._pending = None
            log.error("%s cannot be shown; the exhibit shown stays: %s", path, exc, exc_info=exc)
            self._problems = [f"{type(exc).__name__}: {exc}"]
            self._renditions.resume()

        run_task(call(self._prepare, loaded, presenter), ready, failed)

    def _prepare(self, loaded: Loaded, presenter: Presenter) -> _Prepared:
        """On a worker, for a reload: which renditions every picture has (pointed to by
        ``presenter``, not shown yet), and the rows in the bundle's default language."""
        assert loaded.bundle is not None
        try:
            located = self._locate(loaded)
        except Exception as exc:  # the rows get placeholders for the pictures
            log.error("could not look for the exhibit's renditions: %s", exc, exc_info=exc)
            located = None
        self._found(presenter, located)
        return located, presenter.build(loaded.bundle.default_language)

    @Slot()
    def resetVisit(self) -> None:
        """Back to the start: Home, the default language, every overlay closed."""
        self.navigator.home()
        if self._bundle is not None:
            self.setLanguage(self._bundle.default_language)
        emit(self.visitReset)

    def _on_loaded(self, result: _Result, prepared: _Prepared | None = None) -> None:
        """Show a loaded bundle: at the first start Home first, then the lists (looked up
        and built on workers); after a reload, ``prepared`` (its renditions and rows) shows
        all of it at once."""
        loaded, presenter, front = result
        if loaded.stamp == "matched":
            log.info("%s: its files match the stamp of an earlier check", loaded.root)
        elif loaded.stamp not in ("", "written"):
            log.warning("%s: %s (it will be checked in full again)", loaded.root, loaded.stamp)
        for problem in loaded.report.errors:
            log.error("%s", problem)
        if loaded.report.warnings:
            # One line, not one per warning: a large exhibit must not flood the log.
            log.warning(
                "%s has %d warnings; `kiosk validate %s` lists them",
                loaded.report.source,
                len(loaded.report.warnings),
                loaded.root,
            )
        self._problems = [str(p) for p in loaded.report.errors]
        self._summary = loaded.report.summary()
        if loaded.bundle is None or presenter is None or front is None:
            self._unavailable()
            return
        self._bundle = loaded.bundle
        self._presenter = presenter
        self._stale = False  # a build for the old bundle is dropped
        codes, ui = loaded.bundle.languages, loaded.bundle.ui
        calls = (translate_in(code, "Kiosk", TOUCH_CALL, ui.get(code)) for code in codes)
        self.exhibit.set_touch_call(" · ".join(dict.fromkeys(calls)))
        lang = loaded.bundle.default_language
        self.language.set_languages(presenter.languages())
        self.language.set_chosen(lang)
        if prepared is not None:
            located, built = prepared
            self._filling, self._missing, self._located = None, located, presenter
            self._show(built)
            emit(self.bundleChanged)
            self.exhibit.set_state(Exhibit.State.Ready)
            self._filled()
            return
        self._filling, self._missing, self._located = presenter, None, None
        self._show_front(lang, front, presenter.sections())
        emit(self.bundleChanged)
        self.exhibit.set_state(Exhibit.State.Ready)
        # Home is on screen; then which renditions every other picture has, then the rows.
        run_task(
            call(self._locate, loaded),
            lambda located: self._on_located(presenter, located),
            lambda exc: self._on_locate_crash(presenter, exc),
        )

    def _on_located(self, presenter: Presenter, located: Located | None) -> None:
        if presenter is not self._presenter:
            return  # another bundle was loaded meanwhile
        self._found(presenter, located)
        self._missing, self._located = located, presenter
        self._build()  # the lists' rows, on a worker; then `loaded` (see _start_build)

    def _on_locate_crash(self, presenter: Presenter, exc: BaseException) -> None:
        log.error("could not look for the exhibit's renditions: %s", exc, exc_info=exc)
        self._on_located(presenter, None)  # the rows, with placeholders for the pictures

    def _filled(self) -> None:
        """The lists' first rows are shown: the bundle has loaded; make what is missing."""
        self._filling = None
        emit(self.loaded)
        missing, self._missing = self._missing, None
        if missing is not None and not self._stopped:
            self._make_missing(missing)

    def _on_crash(self, exc: BaseException, path: Path | None = None) -> None:
        log.error("loading %s failed unexpectedly", path or self._path, exc_info=exc)
        self._problems = [f"{type(exc).__name__}: {exc}"]
        self._unavailable()

    def _unavailable(self) -> None:
        """A load failed: with an exhibit on screen it stays (visitors never lose it to a
        staff member's mistake); with none, there is no exhibit to show (Unavailable)."""
        if self._bundle is None:
            if self.exhibit.status != Exhibit.State.Unavailable:
                log.warning("no exhibit to show from %s; visitors see 'unavailable'", self._path)
            # The UI's words are the kiosk's own (English), whatever language an earlier
            # exhibit in this process left installed.
            if translator().use(NO_EXHIBIT_LANGUAGE):
                emit(self.languageChanged)
            self.exhibit.set_state(Exhibit.State.Unavailable)

    def _build(self) -> None:
        """Have the rows of the chosen language built on a worker, then shown in place.

        One build at a time: asked again while one is under way (a visitor tapping
        languages, renditions arriving), the next starts when it ends, for the language
        chosen by then. A build whose language is still the chosen one is shown, even if
        rows were asked for again meanwhile; so a visitor sees the last language tapped,
        soon, and no build is thrown away unseen when its language is still wanted.
        """
        self._stale = True
        if self._building is None:
            self._start_build()

    def _start_build(self) -> None:
        presenter = self._presenter
        if presenter is None:
            return
        code = self.language.picked
        self._building, self._stale = code, False
        # Rows that can complete the start-up: built knowing which renditions exist (a
        # language tapped while Home was shown first builds rows without them).
        after_locate = self._located is presenter

        def done(built: Built) -> None:
            self._building = None
            if presenter is self._presenter and built.language == self.language.picked:
                self._show(built)
                if self._filling is presenter and after_locate:
                    self._filled()
            if self._stale:
                self._start_build()

        def failed(exc: BaseException) -> None:
            self._building = None
            log.error("could not show the exhibit in %r: %s", code, exc, exc_info=exc)
            if self._filling is presenter and after_locate and not self._stale:
                self._filled()  # Home stays; the lists cannot be shown
            if self._stale:
                self._start_build()
            elif presenter is self._presenter:
                self.language.set_chosen(self.language.code)  # the switch shows the truth

        run_task(call(presenter.build, code), done, failed)

    def _show_front(self, lang: str, front: Front, sections: tuple[str, ...]) -> None:
        """On the GUI thread: Home in ``lang`` (the UI's words, the front), before the lists
        (as ``_show`` does for all of it)."""
        self._in_language(lang, lambda: self.exhibit.show_front(front, sections))

    def _show(self, built: Built) -> None:
        """On the GUI thread: the UI's words first, then the rows, in place; then the
        navigation follows each person to their place in the new language's order."""

        def rows() -> None:
            before = [p.person_id for p in self.people.rows]
            self.exhibit.show(built)
            after = [p.person_id for p in built.people]
            self.navigator.renumber(Navigator.Screen.Person, moved(before, after))

        self._in_language(built.language, rows)

    def _in_language(self, lang: str, show: Callable[[], None]) -> None:
        """The UI's words and the process's locale in ``lang``, then ``show`` what is in it;
        then the language is the one shown (``languageChanged`` if it or its words changed)."""
        # The bundle's own words for the language come first; a reloaded bundle's other
        # words for the same language retranslate the QML as a language switch does.
        words = self._bundle.ui.get(lang) if self._bundle is not None else None
        reworded = translator().use(lang, words)
        # Every text is now in this language: the process's locale says so too, which is
        # what the accessibility bridge reports for a text (a screen reader picks its voice
        # by it) and what QML's number and date formatting follow.
        QLocale.setDefault(QLocale(lang))
        show()
        changed = lang != self.language.code or reworded
        self.language.set_current(lang)
        if changed:
            emit(self.languageChanged)

    @property
    def bundle(self) -> Bundle | None:
        """The loaded bundle, once ready."""
        return self._bundle

    @property
    def ready(self) -> bool:
        """Whether the bundle has loaded (for Python callers; QML reads ``state``)."""
        return self.exhibit.status == Exhibit.State.Ready

    @property
    def loading(self) -> bool:
        """Whether the bundle is still loading: until Home is on show and the lists have
        their rows (Home is shown first)."""
        return self.exhibit.status == Exhibit.State.Loading or self._filling is not None

    @property
    def making_renditions(self) -> bool:
        """Whether the background work for the exhibit shown is still under way (until it
        ends, some pictures show from their originals: `kiosk render` waits for it)."""
        return self._renditions.busy

    @property
    def unavailable(self) -> bool:
        """Whether there is no exhibit to show (the first load failed, and none since)."""
        return self.exhibit.status == Exhibit.State.Unavailable

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

    @property
    def state(self) -> int:
        """Loading, Ready or Unavailable."""
        return int(self.exhibit.status)

    @property
    def current_language(self) -> str:
        """The visitor's current language code."""
        return self.language.code

    def setLanguage(self, code: str) -> None:
        """Switch every visible text, UI words included, to ``code`` (if the bundle has it);
        ``languageChanged`` says when it is done."""
        if self._bundle is None or code not in self._bundle.languages:
            return
        self.language.set_chosen(code)
        if self._building == code:
            return  # under way: it is shown when it ends
        if code != self.language.code or self._building is not None:
            self._build()

    @property
    def story(self) -> StoryModel:
        """The story pages."""
        return self.exhibit.lists[0]

    @property
    def people(self) -> PeopleModel:
        """The people of the portrait gallery."""
        return self.exhibit.lists[1]

    @property
    def photos(self) -> PhotoModel:
        """The photographs."""
        return self.exhibit.lists[2]

    @property
    def glossary(self) -> GlossaryModel:
        """The glossary."""
        return self.exhibit.lists[3]
