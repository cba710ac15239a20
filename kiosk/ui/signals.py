"""Emitting Qt signals from Python without the PySide6 6.12.0 reference leak.

In PySide6 6.12.0, ``SignalInstance.emit()`` returns ``True`` without taking a reference
to it. On Python 3.11, where ``True`` is not immortal, every emit from Python takes one
reference from ``True`` for good; after a few thousand (minutes of touching a kiosk) the
interpreter aborts with "deallocating True or False". ``emit()`` here gives the reference
back when, and only when, a probe at import shows the leak, so a fixed PySide6 or an
immortal ``True`` (Python 3.12+) needs nothing.
"""

from __future__ import annotations

import ctypes
import sys
from typing import Any

from PySide6.QtCore import QObject, Signal


class _Probe(QObject):
    fired = Signal()


def _emit_leaks_a_reference() -> bool:
    probe = _Probe()
    before = sys.getrefcount(True)
    for _ in range(16):
        probe.fired.emit()
    lost = before - sys.getrefcount(True)
    # Give back what the probe itself took.
    for _ in range(max(0, lost)):
        ctypes.pythonapi.Py_IncRef(ctypes.py_object(True))
    return lost >= 16


LEAKS = _emit_leaks_a_reference()

#: Whether None, True and False can be worn out by PySide6's reference leaks here.
MORTAL_SINGLETONS = sys.version_info < (3, 12)
MORTAL_WARNING = (
    "this Python (%s) lets PySide6 %s wear out the references of None and True; after "
    "days of use the process may abort. Run the kiosk on Python 3.12 or newer."
)


def emit(signal: Any, *args: Any) -> None:
    """``signal.emit(*args)``, giving back the reference PySide6 6.12.0 fails to take."""
    result = signal.emit(*args)
    if LEAKS and (result is True or result is False):
        ctypes.pythonapi.Py_IncRef(ctypes.py_object(result))
