"""The application: Qt set-up, fonts, the QML engine and the exhibit session."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from PySide6.QtCore import QtMsgType, qInstallMessageHandler
from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtQml import QQmlApplicationEngine
from PySide6.QtQuick import QQuickWindow

import kiosk._resources_rc  # noqa: F401  (registers the compiled QML module and fonts)
from kiosk.ui import navigation as _navigation  # noqa: F401  (registers Navigator)
from kiosk.ui.session import ExhibitSession

log = logging.getLogger("kiosk.qt")

FONTS = ("PTSerif-Regular", "PTSerif-Italic", "PTSerif-Bold", "PTSans-Regular", "PTSans-Bold")

NO_DISPLAY = """\
kiosk: there is no display to show the exhibit on (neither DISPLAY nor WAYLAND_DISPLAY is
set, and no QT_QPA_PLATFORM was chosen). Start the kiosk from a graphical session, under a
single-app compositor such as cage, or on a virtual screen with `xvfb-run kiosk run`. To check
a bundle without a screen use `kiosk validate PATH`."""

PLATFORM_FAILED = """\
kiosk: Qt could not open the display ({detail}). The graphics libraries Qt needs may be
missing (on Debian: apt-get install libxkbcommon-x11-0 libxcb-cursor0 libegl1), or the display
named by DISPLAY / WAYLAND_DISPLAY is not reachable. To check a bundle without a screen use
`kiosk validate PATH`."""


def display_available() -> bool:
    """Whether Qt has somewhere to draw: a chosen platform, or an X11 or Wayland display."""
    if sys.platform != "linux":
        return True
    env = os.environ
    return bool(env.get("QT_QPA_PLATFORM") or env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"))


def _qt_message(mode: QtMsgType, context: object, message: str) -> None:
    if mode == QtMsgType.QtFatalMsg:
        # Qt aborts right after this handler; say what to do instead of a plugin dump.
        if "platform plugin" in message or "could not connect to display" in message:
            first = message.strip().splitlines()[0]
            print(PLATFORM_FAILED.format(detail=first), file=sys.stderr)
            os._exit(3)
        log.critical("%s", message)
        return
    level = {
        QtMsgType.QtDebugMsg: logging.DEBUG,
        QtMsgType.QtInfoMsg: logging.INFO,
        QtMsgType.QtWarningMsg: logging.WARNING,
        QtMsgType.QtCriticalMsg: logging.ERROR,
    }.get(mode, logging.WARNING)
    log.log(level, "%s", message)


def create_app(argv: list[str] | None = None) -> QGuiApplication:
    """The Qt application with our message handler and shipped fonts."""
    qInstallMessageHandler(_qt_message)
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


class KioskView:
    """The QML scene of one exhibit: its session, engine and window."""

    def __init__(self, bundle: Path, *, screen_inches: float = 43.0) -> None:
        self.session = ExhibitSession(bundle)
        self.engine = QQmlApplicationEngine()
        self.engine.setInitialProperties(
            {"session": self.session, "screenInches": float(screen_inches)}
        )
        self.engine.loadFromModule("Kiosk", "Main")
        roots = self.engine.rootObjects()
        if not roots or not isinstance(roots[0], QQuickWindow):
            raise RuntimeError("the QML module Kiosk could not be loaded (see the log)")
        self.window: QQuickWindow = roots[0]
        # qsTr() bindings re-evaluate only on retranslate(); the session has already
        # installed the new translator and rebuilt its rows when it emits this.
        self.session.languageChanged.connect(self.engine.retranslate)

    def close(self) -> None:
        """Tear down the scene before the session it uses (QML must not outlive it)."""
        self.window.close()
        engine = self.engine
        del self.window, self.engine
        del engine


def run(bundle: Path, *, fullscreen: bool = False, screen_inches: float = 43.0) -> int:
    """Show the exhibit in ``bundle`` until the window closes; the process exit status."""
    if not display_available():
        print(NO_DISPLAY, file=sys.stderr)
        return 3
    app = create_app()
    try:
        view = KioskView(bundle, screen_inches=screen_inches)
    except RuntimeError as exc:
        log.error("%s", exc)
        return 1
    if fullscreen:
        view.window.showFullScreen()
    view.session.start()
    status = app.exec()
    view.close()
    return status
