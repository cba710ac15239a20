"""Emitting signals never wears out ``True`` (the PySide6 6.12.0 leak that aborted a soak run)."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal

from kiosk.ui.navigation import Navigator
from kiosk.ui.signals import emit
from tests.ui.scene import exists


class Sender(QObject):
    ping = Signal()
    text = Signal(str)


def test_emit_keeps_true_alive():
    sender = Sender()
    before = sys.getrefcount(True)
    for _ in range(5000):
        emit(sender.ping)
        emit(sender.text, "x")
    assert sys.getrefcount(True) >= before


def test_thousands_of_screen_changes_do_not_crash(open_kiosk, qtbot):
    # The soak that found the leak: every navigation emits from Python. Before the fix
    # this aborted the interpreter after a few hundred screens on Python 3.11.
    view = open_kiosk()
    nav = view.session.navigator
    before = sys.getrefcount(True)
    for i in range(400):  # ~1,600 emits: well past the ~600 references True starts with
        nav.home()
        nav.open(int(Navigator.Screen.Person), i % 4)
    qtbot.waitUntil(lambda: exists(view.window, "personScreen"))
    assert sys.getrefcount(True) >= before - 50
