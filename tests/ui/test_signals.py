"""Emitting signals never wears out ``True`` (the PySide6 6.12.0 leak that aborted a soak run).

PySide6 6.12.0's ``SignalInstance.emit()`` returns ``True`` without taking a reference to it.
Where ``True`` is mortal (Python 3.11) every emit from Python takes one of its references for
good, until the interpreter aborts; :func:`kiosk.ui.signals.emit` gives it back. From Python
3.12 ``True`` is immortal: its reference count is pinned, a missing reference changes nothing
and ``sys.getrefcount(True)`` cannot move, so a count taken in this process proves nothing.
The leak and its repair are therefore measured in a Python without immortal objects running
the same PySide6 (its wheels are built for the stable ABI), and here, in-process, the tests
check what can be seen: the helper gives back exactly what the probe says is lost, and the
app's emits go through the helper.
"""

from __future__ import annotations

import ast
import ctypes
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import PySide6
import pytest
from PySide6.QtCore import QObject, Signal

import kiosk.ui.signals
from kiosk.ui.navigation import Navigator
from kiosk.ui.signals import emit
from tests.conftest import REPO
from tests.ui.scene import exists


class Sender(QObject):
    ping = Signal()
    text = Signal(str)
    thing = Signal(object)


# --- in a Python where True is mortal: the real leak, and the repair -----------------------

#: Run in the mortal Python: the probe's verdict, True's reference count around emits through
#: the helper, then around raw emits (the control: the leak is really there to be seen);
#: whatever was lost is given back before exit, so that a failure is reported, not an abort.
MORTAL_SCRIPT = """
import ctypes, json, sys
from PySide6.QtCore import QObject, Signal
from kiosk.ui import signals

N = int(sys.argv[1])

class Sender(QObject):
    ping = Signal()
    text = Signal(str)

sender = Sender()
before = sys.getrefcount(True)
for _ in range(N):
    signals.emit(sender.ping)
    signals.emit(sender.text, "x")
helper = before - sys.getrefcount(True)
before = sys.getrefcount(True)
for _ in range(N):
    sender.ping.emit()
raw = before - sys.getrefcount(True)
for _ in range(max(0, helper) + max(0, raw)):
    ctypes.pythonapi.Py_IncRef(ctypes.py_object(True))
print(json.dumps({"leaks": signals.LEAKS, "helper": helper, "raw": raw,
                  "version": list(sys.version_info[:2])}))
"""
# Under True's ~500 references at start: without the helper, the count drops by 2 × N and
# the test sees it, rather than the interpreter aborting before it can report.
N = 100


def _mortal_python() -> tuple[str, dict[str, str]] | None:
    """A Python without immortal objects (this one, or a 3.10–3.11 on this machine) that
    can import this PySide6, with its environment."""
    site = str(Path(PySide6.__file__).resolve().parent.parent)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), site])}
    env.pop("PYTHONHOME", None)
    mortal = [sys.executable] if sys.version_info < (3, 12) else []
    for exe in mortal + [shutil.which(n) for n in ("python3.11", "python3.10")]:
        if exe is None:
            continue
        probe = subprocess.run(
            [exe, "-c", "import PySide6.QtCore"],
            env=env,
            capture_output=True,
            timeout=60,
        )
        if probe.returncode == 0:
            return exe, env
    return None


def test_in_a_mortal_python_the_helper_gives_back_what_emit_takes():
    found = _mortal_python()
    if found is None:
        pytest.skip("no Python 3.10/3.11 able to import this PySide6 on this machine")
    exe, env = found
    done = subprocess.run(
        [exe, "-c", MORTAL_SCRIPT, str(N)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=REPO,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["version"] < [3, 12]
    if PySide6.__version_info__[:3] == (6, 12, 0):
        # The leak this guards against: each raw emit takes a reference from True.
        assert result["raw"] == N, result
        assert result["leaks"] is True
    # Through the helper, True keeps every reference, leak or not.
    assert result["helper"] == 0, result


# --- here: what can be observed with an immortal True ----------------------------------------


class GiveBacks:
    """Wraps ``ctypes.pythonapi.Py_IncRef``: records each reference given back, and gives
    it (where True is mortal, the count must stay right)."""

    def __init__(self, real) -> None:
        self.real = real
        self.objects: list[object] = []

    def __call__(self, obj: ctypes.py_object) -> None:
        self.objects.append(obj.value)
        self.real(obj)


@pytest.fixture
def give_backs(monkeypatch) -> GiveBacks:
    spy = GiveBacks(ctypes.pythonapi.Py_IncRef)
    monkeypatch.setattr(ctypes.pythonapi, "Py_IncRef", spy)
    return spy


def test_the_probe_at_import_judged_this_python_and_pyside6():
    mortal = sys.version_info < (3, 12)
    assert kiosk.ui.signals.MORTAL_SINGLETONS is mortal
    if not mortal:
        # Immortal True: nothing is lost, so nothing is given back, whatever PySide6 does.
        assert kiosk.ui.signals.LEAKS is False
    elif PySide6.__version_info__[:3] == (6, 12, 0):
        assert kiosk.ui.signals.LEAKS is True
    else:
        pytest.skip(f"whether PySide6 {PySide6.__version__} leaks is not known here")


def test_when_the_probe_saw_a_leak_each_emit_gives_back_one_reference(monkeypatch, give_backs):
    monkeypatch.setattr(kiosk.ui.signals, "LEAKS", True)
    sender = Sender()
    mortal = object()
    for _ in range(50):
        emit(sender.ping)
        emit(sender.text, "x")
        emit(sender.thing, mortal)
    # One reference of what emit() returned, per emit, and nothing else.
    assert give_backs.objects == [True] * 150
    # The arguments pass through untouched: a mortal one keeps its count.
    before = sys.getrefcount(mortal)
    for _ in range(50):
        emit(sender.thing, mortal)
    assert sys.getrefcount(mortal) == before


def test_without_a_leak_emit_gives_nothing_back(monkeypatch, give_backs):
    monkeypatch.setattr(kiosk.ui.signals, "LEAKS", False)
    sender = Sender()
    received = []
    sender.text.connect(received.append)
    for _ in range(50):
        emit(sender.ping)
        emit(sender.text, "x")
    assert give_backs.objects == []
    assert received == ["x"] * 50  # and it still emits


def test_thousands_of_screen_changes_go_through_the_helper(
    open_kiosk, qtbot, monkeypatch, give_backs
):
    # The soak that found the leak: every navigation emits from Python. Before the fix this
    # aborted the interpreter after a few hundred screens on Python 3.11; here each of those
    # emits must reach the helper, which would give back what it took.
    view = open_kiosk()
    nav = view.session.navigator
    monkeypatch.setattr(kiosk.ui.signals, "LEAKS", True)
    for i in range(400):
        nav.home()
        nav.open(int(Navigator.Screen.Person), i % 4)
    given = list(give_backs.objects)
    qtbot.waitUntil(lambda: exists(view.window, "personScreen"))
    assert nav.screen == Navigator.Screen.Person and nav.index == 3
    # At least one signal per screen change (800), each one's reference given back.
    assert len(given) >= 800
    assert set(given) <= {True, False}


def _is_super(node: ast.expr) -> bool:
    """Whether ``node`` is ``super()``: ``super().emit(record)`` is a base class's method
    (logging.Handler.emit), not a Qt signal."""
    return (
        isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "super"
    )


def test_no_code_emits_a_signal_around_the_helper():
    # One direct `.emit()` is enough to abort a kiosk on Python 3.11 after a few thousand
    # touches: every emit in the app goes through kiosk.ui.signals.emit.
    helper = REPO / "kiosk" / "ui" / "signals.py"
    direct = []
    for path in sorted((REPO / "kiosk").rglob("*.py")):
        if path == helper or path.name.endswith("_rc.py"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "emit"
                and not _is_super(node.func.value)  # a logging handler's own emit
            ):
                direct.append(f"{path.relative_to(REPO)}:{node.lineno}")
    assert direct == []
