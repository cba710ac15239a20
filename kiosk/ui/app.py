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


def create_engine(session: ExhibitSession) -> QQmlApplicationEngine:
    """Load the Kiosk QML module's Main with ``session`` as its required property."""
    engine = QQmlApplicationEngine()
    engine.setInitialProperties({"session": session})
    engine.loadFromModule("Kiosk", "Main")
    return engine


def run(bundle: Path, *, fullscreen: bool = False) -> int:
    """Show the exhibit in ``bundle`` until the window closes; the process exit status."""
    if not display_available():
        print(NO_DISPLAY, file=sys.stderr)
        return 3
    app = create_app()
    session = ExhibitSession(bundle)
    engine = create_engine(session)
    if not engine.rootObjects():
        log.error("the QML module Kiosk could not be loaded")
        return 1
    window = engine.rootObjects()[0]
    assert isinstance(window, QQuickWindow)
    if fullscreen:
        window.showFullScreen()
    session.start()
    status = app.exec()
    # The engine must go before the session it refers to.
    del engine
    return status
