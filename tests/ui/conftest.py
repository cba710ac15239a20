"""Qt fixtures: a QGuiApplication set up as the kiosk sets it up, and QML warnings as failures."""

from __future__ import annotations

import logging
import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(scope="session")
def qapp_cls():
    from PySide6.QtGui import QGuiApplication

    return QGuiApplication


@pytest.fixture(scope="session")
def qapp(qapp_args, qapp_cls):
    from kiosk.ui.app import create_app

    return create_app(qapp_args)


@pytest.fixture(autouse=True)
def _process_locale():
    """A language shown makes the process's default locale its own (kiosk.ui.session): the
    next test starts from the locale the run started with."""
    from PySide6.QtCore import QLocale

    before = QLocale()
    yield
    QLocale.setDefault(before)


@pytest.fixture
def qml_warnings(caplog):
    """The Qt and QML warnings logged during a test (the app routes them to "kiosk.qt")."""
    from PySide6.QtCore import qInstallMessageHandler

    from kiosk.ui.app import _qt_message

    qInstallMessageHandler(_qt_message)  # pytest-qt installs its own per test
    caplog.set_level(logging.WARNING, logger="kiosk.qt")

    def collected() -> list[str]:
        # caplog keeps one list per test phase: read the current one each time.
        return [r.getMessage() for r in caplog.records if r.name == "kiosk.qt"]

    return collected


@pytest.fixture
def expected_warnings():
    """Substrings of warnings a test provokes on purpose (say, a deleted image file)."""
    return []


@pytest.fixture
def open_kiosk(qapp, qtbot, qml_warnings, expected_warnings):
    """Open the real scene on a bundle at a size, loaded and shown; no QML warning allowed."""
    from PySide6.QtTest import QTest

    from kiosk.ui.app import KioskView
    from tests.conftest import DEFAULT_BUNDLE

    views = []

    def open_(
        size=(1280, 800), bundle=DEFAULT_BUNDLE, config=None, clock=None, start=False, follow=None
    ):
        """``start`` runs the visit clock too (idle, attract); by default only the bundle loads."""
        kw = {"clock": clock} if clock is not None else {}
        view = KioskView(bundle, config=config, follow=follow, **kw)
        views.append(view)
        view.window.resize(*size)
        qtbot.waitExposed(view.window)
        with qtbot.waitSignal(view.session.loaded, timeout=10_000):
            view.start() if start else view.session.start()
        QTest.qWait(50)
        return view

    yield open_
    for view in views:
        view.close()
    unexpected = [w for w in qml_warnings() if not any(e in w for e in expected_warnings)]
    assert unexpected == [], "QML warnings (every one is a defect)"


@pytest.fixture
def kiosk(open_kiosk):
    """The default exhibit at 1280×800, on its home screen."""
    return open_kiosk()


class FakeClock:
    """A clock tests move by hand: hours of idleness in no time."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock():
    """A hand-moved clock for the visit and the staff desk."""
    return FakeClock()
