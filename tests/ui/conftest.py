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
