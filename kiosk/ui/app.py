"""The application: Qt set-up, fonts, the QML engine and the exhibit session."""

from __future__ import annotations

import logging
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QRect, Qt, QtMsgType, qInstallMessageHandler
from PySide6.QtGui import QCursor, QFontDatabase, QGuiApplication, QKeyEvent, QScreen
from PySide6.QtQml import QQmlApplicationEngine
from PySide6.QtQuick import QQuickWindow, QSGRendererInterface

import kiosk._resources_rc  # noqa: F401  (registers the compiled QML module and fonts)
from kiosk.config import (
    DEFAULT_COUNTDOWN,
    DEFAULT_IDLE_TIMEOUT,
    Config,
    default_cache_dir,
    default_content_dir,
    default_state_dir,
)
from kiosk.content.assets import DEFAULT_PIXEL_LIMIT
from kiosk.media.renditions import Cache, specs_for
from kiosk.media.tiles import TileSpec
from kiosk.media.worker import kill_all as kill_workers
from kiosk.ui import deepzoom as _deepzoom  # noqa: F401  (registers TileGrid)
from kiosk.ui import models as _models  # noqa: F401  (registers the models and OneRow)
from kiosk.ui import navigation as _navigation  # noqa: F401  (registers Navigator)
from kiosk.ui import photorows as _photorows  # noqa: F401  (registers PhotoRows)
from kiosk.ui import tasks
from kiosk.ui.audio import Narrator
from kiosk.ui.exhibit import Exhibit
from kiosk.ui.follow import CurrentFollower
from kiosk.ui.idle import VisitClock
from kiosk.ui.keys import KeyInput
from kiosk.ui.navigation import Navigator
from kiosk.ui.offline import OfflineFactory
from kiosk.ui.options import VisitorOptions
from kiosk.ui.screenguard import Exposure, ScreenGuard
from kiosk.ui.session import ExhibitSession
from kiosk.ui.staff import StaffDesk
from kiosk.ui.systemd import TermSignals, Watchdog, notify

log = logging.getLogger("kiosk.qt")

FONTS = ("PTSerif-Regular", "PTSerif-Italic", "PTSerif-Bold", "PTSans-Regular", "PTSans-Bold")

NO_DISPLAY = """\
kiosk: there is no display to show the exhibit on (neither DISPLAY nor WAYLAND_DISPLAY is
set, and no QT_QPA_PLATFORM was chosen). Start the kiosk from a graphical session, under a
single-app compositor such as cage, or on a virtual screen with `xvfb-run kiosk run`. To check
a bundle without a screen use `kiosk validate PATH`."""

# {diagnosis} (kiosk.platform_libs) names exactly the libraries missing, with one apt line.
PLATFORM_FAILED = """\
kiosk: Qt could not start its {platform} platform plugin, so there is no window to show the
exhibit in.
{diagnosis}
To check a bundle without a screen use `kiosk validate PATH`."""


def display_available() -> bool:
    """Whether Qt has somewhere to draw: a chosen platform, or an X11 or Wayland display."""
    if sys.platform != "linux":
        return True
    env = os.environ
    return bool(env.get("QT_QPA_PLATFORM") or env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"))


def _qt_message(mode: QtMsgType, context: object, message: str) -> None:
    from kiosk import platform_libs

    platform_libs.NOTES.note(message)  # which plugin Qt tried, where, and what it said
    if mode == QtMsgType.QtFatalMsg:
        # Qt aborts right after this handler; say what to do instead of a plugin dump.
        if "platform plugin" in message or "could not connect to display" in message:
            from PySide6.QtCore import QLibraryInfo

            plugins = QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)
            found = platform_libs.diagnose(message, plugins_dir=Path(plugins) if plugins else None)
            text = PLATFORM_FAILED.format(platform=found.platform, diagnosis=found.text)
            print(text, file=sys.stderr)
            os._exit(3)
        log.critical("%s", message)
        return
    level = {
        QtMsgType.QtDebugMsg: logging.DEBUG,
        QtMsgType.QtInfoMsg: logging.INFO,
        QtMsgType.QtWarningMsg: logging.WARNING,
        QtMsgType.QtCriticalMsg: logging.ERROR,
    }.get(mode, logging.WARNING)
    if level == logging.WARNING and any(note in message for note in _QT_NOTES):
        level = logging.INFO  # known and harmless: not one for the staff panel's warnings
    log.log(level, "%s", message)


#: Qt warnings that say nothing is wrong: every screen-reader client that connects asks Qt's
#: accessibility bridge for a D-Bus method it does not have, and Qt says so each time.
_QT_NOTES = ('does not implement "GetApplicationBusAddress"',)


#: Where a machine's GPUs offer their render nodes (Linux's DRM).
DRI_DIR = Path("/dev/dri")


def choose_renderer(dri: Path = DRI_DIR) -> str:
    """How Qt Quick draws: with the GPU through OpenGL when the machine has one, else with
    Qt Quick's own software renderer ("software"), which draws only what changed, with no
    OpenGL at all. Without a GPU, OpenGL is Mesa's llvmpipe: it loads LLVM (60 MB more for
    the process) and redraws the whole window for every frame. QT_QUICK_BACKEND, when set,
    decides instead. Called before the first window is made."""
    if os.environ.get("QT_QUICK_BACKEND"):
        return os.environ["QT_QUICK_BACKEND"]
    try:
        gpu = any(entry.name.startswith("renderD") for entry in os.scandir(dri))
    except OSError:
        gpu = False
    if gpu:
        return "opengl"
    QQuickWindow.setGraphicsApi(QSGRendererInterface.GraphicsApi.Software)
    return "software"


def create_app(argv: list[str] | None = None) -> QGuiApplication:
    """The Qt application with our message handler and shipped fonts."""
    qInstallMessageHandler(_qt_message)
    if QGuiApplication.instance() is None:
        log.info("Qt Quick draws with %s", choose_renderer())
    app = QGuiApplication.instance() or QGuiApplication(argv or [sys.argv[0]])
    assert isinstance(app, QGuiApplication)
    app.setApplicationName("kiosk")
    app.setOrganizationName("kiosk")
    load_fonts()
    return app


def load_fonts() -> None:
    """Register the shipped font families (PT Serif, PT Sans) from the compiled resources."""
    for name in FONTS:
        if QFontDatabase.addApplicationFont(f":/kiosk/fonts/{name}.ttf") < 0:
            log.error("could not load the font %s from the resources", name)


#: Where the QML engine keeps the byte code it compiled, inside the kiosk's cache folder.
QML_CACHE_DIR = "qml"


def use_qml_cache(folder: Path) -> None:
    """Keep the QML engine's compiled byte code in ``folder`` (unless QML_DISK_CACHE_PATH
    says where): the first start compiles every QML file and writes it there, later starts
    load it instead of compiling again. Qt's own default is under the home folder, which a
    kiosk's service user may not have; the kiosk's cache folder it always has. Set before
    the first engine is made (Qt reads it then)."""
    if "QML_DISK_CACHE_PATH" in os.environ:
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:  # a read-only cache: Qt compiles at every start, as it says
        log.warning(
            "the QML byte-code cache %s cannot be made (%s); QML is compiled at each start",
            folder,
            exc,
        )
        return
    os.environ["QML_DISK_CACHE_PATH"] = str(folder)


def prime_qml_cache(folder: Path) -> str:
    """Compile the kiosk's QML into the byte-code cache ``folder`` (``kiosk prepare``, at
    install): the kiosk's first start then loads byte code too. Runs offscreen, shows
    nothing. What was done, in a sentence (a failure is said, never raised: the kiosk
    compiles at its start what is not there)."""
    from PySide6.QtQml import QQmlComponent, QQmlEngine

    if QGuiApplication.instance() is None:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # no display needed, none opened
    use_qml_cache(folder)
    where = Path(os.environ.get("QML_DISK_CACHE_PATH", folder))
    create_app()
    engine = QQmlEngine()
    component = QQmlComponent(engine)
    component.loadFromModule("Kiosk", "Main")
    ready = component.status() == QQmlComponent.Status.Ready
    error = component.errorString().strip()
    try:
        count = sum(1 for path in where.iterdir() if path.suffix == ".qmlc")
    except OSError:
        count = 0
    del component, engine
    if not ready:
        return f"the QML did not compile ({error}); the kiosk compiles it at start"
    if count == 0:
        return f"the QML byte code could not be kept in {where}; the kiosk compiles it at start"
    return f"QML compiled into {where} ({count} files)"


def _configured_screen(index: int) -> QScreen | None:
    """Screen ``index`` (0 = the primary), or the last one when there are fewer."""
    screens = QGuiApplication.screens()
    return screens[min(index, len(screens) - 1)] if screens else None


def _screen_pixels(index: int = 0) -> tuple[int, int]:
    """The configured screen's size in device pixels (what a screen-fit rendition fills)."""
    screen = _configured_screen(index)
    if screen is None:
        return (1920, 1080)
    size, ratio = screen.size(), screen.devicePixelRatio()
    return (max(1280, round(size.width() * ratio)), max(720, round(size.height() * ratio)))


class KeyGuard(QObject):
    """The keys that close an app: ignored in kiosk mode, honoured in a window.

    Escape is not one of them: it is the visitor's Back (kiosk.ui.keys), in a window too."""

    def __init__(self, view: KioskView) -> None:
        super().__init__()
        self._view = view

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Swallow exits for visitors; let Ctrl+Q, Ctrl+W and Alt+F4 close a staff window."""
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        key, mods = event.key(), event.modifiers()
        ctrl = bool(mods & Qt.KeyboardModifier.ControlModifier)
        alt = bool(mods & Qt.KeyboardModifier.AltModifier)
        is_exit = (ctrl and key in (Qt.Key.Key_Q, Qt.Key.Key_W)) or (alt and key == Qt.Key.Key_F4)
        if not is_exit:
            return False
        if self._view.kiosk:
            log.info("ignored an exit key in kiosk mode")
            return True
        logging.getLogger("kiosk.audit").info("window closed by an exit key (not in kiosk mode)")
        self._view.window.close()
        return True


class KioskView:
    """The QML scene of one exhibit: its session, visit clock, staff desk, engine and window."""

    def __init__(
        self,
        bundle: Path,
        *,
        config: Config | None = None,
        clock: Callable[[], float] = time.monotonic,
        follow: Path | None = None,
    ) -> None:
        """``follow``: the exhibits folder whose ``current`` exhibit is shown; a switch of
        that link (``kiosk install``, ``kiosk rollback``) is then shown at once."""
        self.config = config or Config()
        self.kiosk = self.config.kiosk
        #: Whether the window has been in kiosk mode: then the idle reset re-locks it.
        self._relock_on_reset = False
        cache = Cache(self.config.cache_dir or default_cache_dir())
        use_qml_cache(cache.root / QML_CACHE_DIR)
        self.session = ExhibitSession(
            bundle,
            cache=cache,
            specs=specs_for(_screen_pixels(self.config.screen)),
            tiles=TileSpec(),
            max_pixels=self.config.max_image_pixels or DEFAULT_PIXEL_LIMIT,
        )
        self.visit = VisitClock(
            timeout=self.config.idle_timeout or DEFAULT_IDLE_TIMEOUT,
            countdown=self.config.countdown or DEFAULT_COUNTDOWN,
            attract=self.config.attract.enabled,
            clock=clock,
        )
        self.staff = StaffDesk(
            pin_hash=self.config.pin_hash,
            kiosk=self.kiosk,
            content_dir=self.config.content_dir or default_content_dir(),
            usb_dirs=self.config.usb_dirs,
            pin_state=default_state_dir() / "pin-lock.json",
            clock=clock,
            max_pixels=self.config.max_image_pixels or DEFAULT_PIXEL_LIMIT,
        )
        self.staff.info_source = self.session.staff_info
        self.keys = KeyInput(
            self.config.keys, navigator=self.session.navigator, pages=self._pages, visit=self.visit
        )
        self.options = VisitorOptions(
            self.config.reach, diagonal_in=float(self.config.screen_inches), visit=self.visit
        )
        # Headphone audio: louder/quieter keys, and silence when the visit resets.
        self.narrator = Narrator(lambda: self.session.language.code)
        self.keys.louderRequested.connect(self.narrator.louder)
        self.keys.quieterRequested.connect(self.narrator.quieter)
        self.session.visitReset.connect(self.narrator.reset)
        self.engine = QQmlApplicationEngine()
        self.offline = OfflineFactory()  # kept alive as long as the engine
        self.engine.setNetworkAccessManagerFactory(self.offline)
        self.engine.setInitialProperties(
            {
                "exhibit": self.session.exhibit,
                "language": self.session.language,
                "navigator": self.session.navigator,
                "visit": self.visit,
                "staff": self.staff,
                "screenInches": float(self.config.screen_inches),
                "slideSeconds": float(self.config.attract.slide_seconds),
                "drift": self.config.attract.drift,
                # For a `required property KeyInput keyInput` (help, louder, quieter).
                "keyInput": self.keys,
                # For a `required property Narrator narrator` (headphone audio).
                "narrator": self.narrator,
                # For a `required property VisitorOptions options` (kiosk.ui.options).
                "options": self.options,
            }
        )
        self.engine.loadFromModule("Kiosk", "Main")
        roots = self.engine.rootObjects()
        if not roots or not isinstance(roots[0], QQuickWindow):
            raise RuntimeError("the QML module Kiosk could not be loaded (see the log)")
        self.window: QQuickWindow = roots[0]
        # qsTr() bindings re-evaluate only on retranslate(); the session has already
        # installed the new translator and rebuilt its rows when it emits this.
        self.session.languageChanged.connect(self.engine.retranslate)
        self.session.loaded.connect(self._apply_bundle_visit_settings)
        self.visit.resetRequested.connect(self.session.resetVisit)
        self.visit.resetRequested.connect(self.staff.closeAll)
        self.visit.resetRequested.connect(self._relock)
        self.staff.reloadRequested.connect(
            lambda path: self.session.reload(Path(path) if path else None)
        )
        self.staff.leaveKioskRequested.connect(self.leave_kiosk)
        self.staff.quitRequested.connect(self.quit)
        self.staff.changed.connect(self._update_cursor)
        self.follower = (
            CurrentFollower(follow, shown=lambda: self.session.target, show=self.session.reload)
            if follow is not None
            else None
        )
        self.guard = KeyGuard(self)
        # Full screen: whether the window covers its screen, the screen it follows, and the
        # geometry it goes back to (see show_full_screen).
        self._covering = False
        self._followed: QScreen | None = None
        self._normal_geometry: QRect | None = None
        # How long the window has been off screen (the watchdog stops pinging after its
        # interval), and, in kiosk mode, the guard that puts it back (kiosk.ui.screenguard).
        self.exposure = Exposure(self.window)
        self.screen_guard = ScreenGuard(self.window, self._screen_rect)
        self.keys.watch(self.window)
        self.options.watch(self.window)
        self.narrator.watch(self.window)
        # Audio playing is the visitor listening: "Still there?" waits while it plays.
        self.narrator.listening.connect(self.visit.activity)
        # The options last one visit: off when it resets (the attract loop turns them off too).
        self.session.visitReset.connect(self.options.reset)
        # A visitor is there while the kiosk moves at their bidding, by touch, key or a
        # screen reader's actions (AT-SPI presses call QML handlers with no input event).
        self.session.navigator.screenChanged.connect(self.visit.activity)
        self.session.navigator.indexChanged.connect(self.visit.activity)
        app = QGuiApplication.instance()
        assert app is not None
        # Qt calls the filter installed last first: the exit keys' guard, then the visit
        # clock (which sees every key), then the keymap (which takes the keys it knows).
        app.installEventFilter(self.keys)
        app.installEventFilter(self.visit)
        app.installEventFilter(self.guard)

    def _pages(self, screen: Navigator.Screen) -> int:
        """How many pages, people or photographs a paged screen shows (for kiosk.ui.keys)."""
        lists = {
            Navigator.Screen.Story: self.session.story,
            Navigator.Screen.Person: self.session.people,
            Navigator.Screen.Viewer: self.session.photos,
        }
        model = lists.get(screen)
        return model.rowCount() if model is not None else 0

    def _apply_bundle_visit_settings(self) -> None:
        bundle = self.session.bundle
        settings = bundle.visit if bundle else None
        if settings is None:
            return
        if self.config.idle_timeout is None and settings.idle_timeout:
            self.visit.timeout = settings.idle_timeout
        if self.config.countdown is None and settings.countdown:
            self.visit.countdown = settings.countdown

    def start(self) -> None:
        """Load the bundle and start the visit clock (on the attract loop in kiosk mode)."""
        self.session.start()
        self.visit.start(attract=self.kiosk)

    def enter_kiosk(self) -> None:
        """Full screen on the configured screen, frameless, on top, no cursor."""
        self.kiosk = True
        self._relock_on_reset = True  # staff who leave kiosk mode get it back on idle
        self.window.setFlags(
            self.window.flags()
            | Qt.WindowType.FramelessWindowHint
            | Qt.WindowType.WindowStaysOnTopHint
        )
        self.window.setProperty("locked", True)
        self.show_full_screen()
        self._update_cursor()
        self.screen_guard.start()

    def unseen_for(self) -> float:
        """Seconds the window has been off screen while it is meant to cover its screen
        (kiosk mode, ``--fullscreen``); 0 for a normal window, which staff or a curator
        may hide or minimise as they like (the watchdog withholds its pings on this)."""
        return self.exposure.unseen_for() if self._covering else 0.0

    def _screen_rect(self) -> QRect | None:
        """The geometry the window covers while it covers its screen."""
        return self._followed.geometry() if self._covering and self._followed else None

    def show_full_screen(self) -> None:
        """The whole of the configured screen (``--fullscreen``, and kiosk mode).

        The full-screen state is only a request to a window manager; without one (a bare X
        server) the window would stay where it was, 1280×800 in a corner. So the window
        also takes its screen's geometry itself, and takes it again whenever the screen's
        geometry changes (xrandr, a new monitor mode) or the window moves to another screen.
        """
        screen = _configured_screen(self.config.screen)
        if screen is not None:
            self.window.setScreen(screen)
        if not self._covering:
            self._normal_geometry = self.window.geometry()
            self._covering = True
            self.window.screenChanged.connect(self._follow_screen)
        self._follow_screen(self.window.screen())
        self.window.showFullScreen()

    def _follow_screen(self, screen: QScreen | None) -> None:
        """Cover ``screen`` (the window's), and follow its geometry from now on."""
        if self._followed is not None and self._followed is not screen:
            self._followed.geometryChanged.disconnect(self._cover_screen)
            self._followed = None
        if screen is not None and self._followed is None:
            screen.geometryChanged.connect(self._cover_screen)
            self._followed = screen
        self._cover_screen()

    def _cover_screen(self, *_geometry: object) -> None:
        screen = self._followed
        if not self._covering or screen is None:
            return
        rect = screen.geometry()
        if self.window.geometry() != rect:
            log.info(
                "covering the screen %s: %d×%d at %d,%d",
                screen.name(),
                rect.width(),
                rect.height(),
                rect.x(),
                rect.y(),
            )
            self.window.setGeometry(rect)

    def _unfollow(self) -> None:
        """Stop covering the screen and following its geometry."""
        if not self._covering:
            return
        self._covering = False
        self.window.screenChanged.disconnect(self._follow_screen)
        if self._followed is not None:
            self._followed.geometryChanged.disconnect(self._cover_screen)
            self._followed = None

    def _show_normal(self) -> None:
        """A normal window again, at the geometry it had before it covered the screen."""
        covered = self._covering
        self._unfollow()
        self.window.showNormal()
        if covered and self._normal_geometry is not None:
            # Without a window manager nothing else gives the window its size back.
            self.window.setGeometry(self._normal_geometry)

    def leave_kiosk(self) -> None:
        """A normal window with the cursor back, for staff at work."""
        if not self.kiosk:
            return
        self.screen_guard.stop()
        self.kiosk = False
        self.window.setProperty("locked", False)
        self.window.setFlags(
            self.window.flags()
            & ~Qt.WindowType.FramelessWindowHint
            & ~Qt.WindowType.WindowStaysOnTopHint
        )
        self._show_normal()
        self._update_cursor()

    def _relock(self) -> None:
        """The idle reset after staff left kiosk mode (and went away): kiosk mode again,
        and the staff session locked. A window that was never in kiosk mode (plain
        ``kiosk run``) stays a window."""
        if self.kiosk or not self._relock_on_reset:
            return
        self.enter_kiosk()
        self.staff.relock()

    def _update_cursor(self) -> None:
        """No cursor for visitors in kiosk mode; staff at the PIN pad or panel get it back."""
        staff_at_work = self.staff.pinPadOpen or self.staff.panelOpen
        hidden = self.kiosk and not staff_at_work
        if hidden and QGuiApplication.overrideCursor() is None:
            QGuiApplication.setOverrideCursor(QCursor(Qt.CursorShape.BlankCursor))
        elif not hidden:
            while QGuiApplication.overrideCursor() is not None:
                QGuiApplication.restoreOverrideCursor()

    def quit(self) -> None:
        """Staff chose Quit, or systemd sent SIGTERM: stop the background batch (its worker
        process is killed at once), unlock, then close the window."""
        self.session.stop()
        self.narrator.stop()
        self.screen_guard.stop()
        self.kiosk = False
        self.window.setProperty("locked", False)
        self.window.close()

    def close(self) -> None:
        """Tear down the scene before the session it uses (QML must not outlive it)."""
        self.session.stop()
        self.narrator.close()
        app = QGuiApplication.instance()
        if app is not None:
            app.removeEventFilter(self.visit)
            app.removeEventFilter(self.guard)
            app.removeEventFilter(self.keys)
        self.screen_guard.stop()
        self._unfollow()
        self.window.setProperty("locked", False)
        self.window.close()
        engine = self.engine
        del self.window, self.engine
        del engine


def _warn_if_mortal() -> None:
    from PySide6 import __version__ as pyside_version

    from kiosk.ui.signals import MORTAL_SINGLETONS, MORTAL_WARNING

    if MORTAL_SINGLETONS:
        log.warning(MORTAL_WARNING, sys.version.split()[0], pyside_version)


def run(
    bundle: Path,
    *,
    config: Config | None = None,
    fullscreen: bool = False,
    config_problems: list[str] | None = None,
    follow: Path | None = None,
) -> int:
    """Show the exhibit in ``bundle`` until the window closes; the process exit status.

    ``follow``: the exhibits folder ``bundle`` is the current exhibit of (see KioskView)."""
    if not display_available():
        print(NO_DISPLAY, file=sys.stderr)
        return 3
    app = create_app()
    _warn_if_mortal()
    try:
        view = KioskView(bundle, config=config, follow=follow)
    except RuntimeError as exc:
        log.error("%s", exc)
        return 1
    view.staff.config_problems = list(config_problems or [])
    if view.kiosk:
        view.enter_kiosk()
    elif fullscreen:
        view.show_full_screen()
    ready = SystemdReady(view)
    watchdog = Watchdog(unseen=view.unseen_for)
    watchdog.start()

    # systemd stops the kiosk with SIGTERM: close the scene and leave with status 0.
    def terminate(_signum: int) -> None:
        view.quit()
        app.quit()

    signals = TermSignals(terminate)
    view.start()
    status = app.exec()
    # No batch outlives the window: cancelled, its worker killed, its temporary files gone.
    if not tasks.shutdown(timeout=0.5):
        log.warning("a background batch did not stop within 0.5 s; leaving without it")
        kill_workers()
    signals.close()
    del ready, watchdog, signals
    view.close()
    return status


class SystemdReady(QObject):
    """Sends READY=1 once the first frame of the loaded exhibit is on screen, or the first
    frame of the "unavailable" screen when there is no exhibit to show: a kiosk without an
    exhibit has still started (staff can switch or install one), and under ``Type=notify``
    a missing READY=1 would be a restart loop."""

    def __init__(self, view: KioskView) -> None:
        super().__init__()
        self._view = view
        self.shown = False
        view.window.frameSwapped.connect(self._frame)
        # The unavailable screen may look like the loading one: ask for a frame anyway.
        view.session.exhibit.stateChanged.connect(self._state_changed)

    def _state_changed(self) -> None:
        if not self.shown and self._view.session.exhibit.status != Exhibit.State.Loading:
            self._view.window.update()

    def _frame(self) -> None:
        # Home is on show, whole (Main.qml's `started`: not drawn until its pictures are
        # in); its lists may still be on their way: they are not on screen.
        session = self._view.session
        status = session.exhibit.status
        if self.shown or status == Exhibit.State.Loading:
            return
        if status == Exhibit.State.Ready and not self._view.window.property("started"):
            return
        self.shown = True
        self._view.window.frameSwapped.disconnect(self._frame)
        session.exhibit.stateChanged.disconnect(self._state_changed)
        what = "first frame shown" if session.ready else "first frame shown, no exhibit to show"
        if notify("READY=1"):
            log.info("%s; told systemd READY=1", what)
        else:
            log.info("%s", what)
