"""Staff authority lives in Python: until the PIN is accepted no staff control exists, in the
scene or in its accessibility tree, and every staff action of the StaffDesk is refused.

The actions are every slot of StaffDesk but the way in and the ways out (OPEN_TO_ALL), read
from its meta-object: a new action is covered as soon as it exists, and ``EFFECTS`` must say
what it does when staff are allowed to do it.
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Q_ARG, QMetaMethod, QMetaObject, QObject, Qt
from PySide6.QtGui import QAccessible, QAccessibleInterface

from kiosk.content.packs import install_pack, installed, shown_bundle, write_pack
from kiosk.ui.staff import OPEN_TO_ALL, StaffDesk
from kiosk.ui.tasks import to_main
from tests.ui.scene import exists, items
from tests.ui.test_kiosk_mode import PIN, kiosk_config
from tests.ui.test_staff_exhibits import bundle_version


def methods(cls: type, kind: QMetaMethod.MethodType) -> dict[str, list[str]]:
    """{name: parameter types} of every signal or slot ``cls`` itself declares."""
    meta = cls.staticMetaObject
    found = (meta.method(i) for i in range(meta.methodOffset(), meta.methodCount()))
    return {
        bytes(m.name()).decode(): [bytes(t).decode() for t in m.parameterTypes()]
        for m in found
        if m.methodType() == kind
    }


SIGNALS = list(methods(StaffDesk, QMetaMethod.MethodType.Signal))
ACTIONS = {
    name: params
    for name, params in methods(StaffDesk, QMetaMethod.MethodType.Slot).items()
    if name not in OPEN_TO_ALL
}

#: What the staff panel and the display test are made of, by QML type and by objectName.
STAFF_TYPES = ("StaffPanel", "DisplayTest")
STAFF_NAMES = ("staff", "switch_", "rollback_", "installed_", "displayTest", "touchRing")
#: What a staff button is called on screen (and to a screen reader).
STAFF_LABELS = {
    "Reload exhibit",
    "Display test",
    "Leave kiosk mode",
    "Quit",
    "Stop for maintenance",
    "Install from USB stick",
    "Staff panel",
}


# --- a kiosk where every action would have something to do ---------------------------------


@dataclass
class Staffed:
    """A kiosk in kiosk mode with a PIN, and what its staff could act on."""

    view: Any
    content: Path
    other: Path  # a second exhibit folder to switch to
    mark: Path  # where "Stop for maintenance" would leave its mark
    fired: list[str] = field(default_factory=list)  # every StaffDesk signal emitted
    loads: list[Path] = field(default_factory=list)  # every exhibit loaded since

    def rows(self) -> list[tuple[str, str | None, str | None]]:
        return [(r.id, r.current, r.previous) for r in installed(self.content)]


@pytest.fixture(scope="module")
def packs(tmp_path_factory):
    """Packs of versions 1.0.0, 2.0.0 (installed) and 3.0.0 (on a USB stick)."""
    tmp = tmp_path_factory.mktemp("packs")
    made = tmp / "made"
    stick = tmp / "media" / "curator" / "GALLERY-USB"
    stick.mkdir(parents=True)
    return {
        "1": write_pack(bundle_version(tmp, "1.0.0"), made),
        "2": write_pack(bundle_version(tmp, "2.0.0"), made),
        "3": write_pack(bundle_version(tmp, "3.0.0"), stick),
        "media": tmp / "media",
    }


@pytest.fixture
def staffed(open_kiosk, qtbot, clock, tmp_path, monkeypatch, packs):
    content = tmp_path / "exhibits"
    install_pack(packs["1"], content)
    install_pack(packs["2"], content)  # so there is a version to roll back to
    other = tmp_path / "elsewhere" / "baku-copy"
    shutil.copytree(shown_bundle(content), other)
    mark = tmp_path / "run" / "maintenance"
    monkeypatch.setenv("KIOSK_MAINTENANCE_FILE", str(mark))
    view = open_kiosk(
        bundle=shown_bundle(content),
        config=kiosk_config(content_dir=content, usb_dirs=[packs["media"]]),
        clock=clock,
    )
    view.enter_kiosk()
    out = Staffed(view, content, other, mark)
    for name in SIGNALS:
        getattr(view.staff, name).connect(lambda *_, n=name: out.fired.append(n))
    view.session.loaded.connect(lambda: out.loads.append(view.session.path))
    return out


PYTHON_TYPES = {"QString": str, "int": int, "double": float, "bool": bool}


def call(staff: QObject, name: str, args: list[Any]) -> None:
    """Call the slot ``name`` through the meta-object, as QML and accessibility clients do."""
    typed = [Q_ARG(PYTHON_TYPES[t], a) for t, a in zip(ACTIONS[name], args, strict=True)]
    assert QMetaObject.invokeMethod(staff, name, Qt.ConnectionType.DirectConnection, *typed)


def arguments(kiosk: Staffed, name: str) -> list[Any]:
    """Arguments that would make ``name`` do something (see EFFECTS), or plain ones."""
    if name in EFFECTS:
        return EFFECTS[name].args(kiosk)
    return [PYTHON_TYPES[t](1) for t in ACTIONS[name]]


def unlock(kiosk: Staffed, qtbot) -> None:
    """Accept the PIN as staff do: the corner gesture, then the PIN (checked on a worker)."""
    staff = kiosk.view.staff
    for _ in range(5):
        staff.cornerTapped()
    staff.submitPin(PIN)
    qtbot.waitUntil(lambda: staff.panelOpen, timeout=5000)


def settled(qtbot, view) -> None:
    """Process what is queued: a callable posted to the GUI thread now runs after every
    callback posted before it, and a frame after that."""
    ran = []
    to_main(lambda: ran.append(True))
    qtbot.waitUntil(lambda: ran == [True])
    if view.window.isVisible():  # (an action that got through may have closed it)
        with qtbot.waitSignal(view.window.frameSwapped, timeout=5000):
            view.window.update()


def staff_state(staff: StaffDesk) -> dict[str, Any]:
    """Every property the desk shows QML (the log tail, which records refusals, aside)."""
    meta = staff.metaObject()
    state = {}
    for i in range(meta.propertyOffset(), meta.propertyCount()):
        name = meta.property(i).name()
        value = staff.property(name)
        if name == "info":
            value = {k: v for k, v in value.items() if k != "errors"}
        state[name] = value
    return state


# --- locked: nothing there, nothing done -------------------------------------------------------


def staff_items(window) -> list[str]:
    """Every staff item in the scene, shown or not: by QML type and by objectName."""
    found = []
    for item in items(window.contentItem()):
        kind = item.metaObject().className()
        name = item.objectName()
        if name == "staffCorner":  # the way in: it only counts taps
            continue
        if kind.startswith(STAFF_TYPES) or name.startswith(STAFF_NAMES):
            found.append(f"{kind} {name!r}")
    return found


@pytest.fixture
def screen_reader():
    """Accessibility on, as when a screen reader (or any AT-SPI client) is listening:
    Qt Quick Controls describe themselves to it only then."""
    QAccessible.setActive(True)
    yield
    QAccessible.setActive(False)


def accessible(window) -> list[QAccessibleInterface]:
    """The window's accessibility tree, as a screen reader walks it."""
    out, todo = [], [QAccessible.queryAccessibleInterface(window)]
    while todo:
        node = todo.pop()
        if node is None or not node.isValid():
            continue
        out.append(node)
        todo.extend(node.child(i) for i in range(node.childCount()))
    return out


def accessible_staff(window) -> list[str]:
    return [
        node.text(QAccessible.Text.Name)
        for node in accessible(window)
        if node.text(QAccessible.Text.Name) in STAFF_LABELS
    ]


def test_a_locked_kiosk_has_no_staff_controls_in_the_scene_or_the_accessibility_tree(
    screen_reader, staffed, qtbot
):
    view = staffed.view
    assert accessible(view.window), "the accessibility tree is empty: the walk sees nothing"
    assert staff_items(view.window) == []
    assert accessible_staff(view.window) == []
    # The PIN pad is the way in, yet it too exists only while it is open.
    for _ in range(5):
        view.staff.cornerTapped()
    qtbot.waitUntil(lambda: exists(view.window, "pinPad"))
    assert staff_items(view.window) == []
    assert accessible_staff(view.window) == []

    # Once the PIN is accepted the same walks find them: they are not blind.
    view.staff.submitPin(PIN)
    qtbot.waitUntil(lambda: view.staff.panelOpen, timeout=5000)
    qtbot.waitUntil(lambda: exists(view.window, "staffQuit"))
    assert any(s.startswith("StaffPanel") for s in staff_items(view.window))
    assert {"Quit", "Leave kiosk mode", "Reload exhibit"} <= set(accessible_staff(view.window))

    view.staff.closeAll()  # locked again: gone again
    qtbot.waitUntil(lambda: staff_items(view.window) == [])
    assert accessible_staff(view.window) == []


def test_a_right_pin_checked_after_its_pad_closed_unlocks_nothing(staffed, qtbot):
    staff = staffed.view.staff
    for _ in range(5):
        staff.cornerTapped()
    staff.submitPin(PIN)
    assert staff.checking
    staff.closeAll()  # the visit resets on idle while the PIN is being checked
    qtbot.waitUntil(lambda: not staff.checking, timeout=5000)  # the check has answered
    settled(qtbot, staffed.view)
    assert not staff.panelOpen
    assert staff_items(staffed.view.window) == []


def test_every_staff_action_is_refused_on_a_locked_kiosk(staffed, qtbot, caplog):
    view, staff = staffed.view, staffed.view.staff
    assert ACTIONS, "no staff action found on StaffDesk"
    caplog.set_level(logging.WARNING, logger="kiosk.ui.staff")
    rows, state = staffed.rows(), staff_state(staff)

    for name in ACTIONS:
        call(staff, name, arguments(staffed, name))
        refused = [
            r
            for r in caplog.records
            if r.getMessage() == f"staff action {name} refused: the staff session is locked"
        ]
        assert refused, f"{name} was not refused"
    settled(qtbot, view)

    assert staffed.fired == []  # no reload, switch, quit, leave, install, refresh…
    assert staff_state(staff) == state  # no panel, no display test, no message, not busy
    assert view.kiosk and view.window.isVisible()
    assert view.window.flags() & Qt.WindowType.FramelessWindowHint
    assert not staffed.mark.exists()  # not stopped for maintenance
    assert staffed.rows() == rows  # nothing installed, nothing rolled back
    assert staffed.loads == []  # the exhibit was not loaded again
    assert staff_items(view.window) == []


# --- unlocked: the same actions work ------------------------------------------------------------


@dataclass
class Effect:
    """How to call an action (``args``) and what it does once staff are in (``done``)."""

    done: Callable[[Staffed, Any], None]
    args: Callable[[Staffed], list[Any]] = lambda _kiosk: []
    before: Callable[[Staffed, Any], None] = lambda _kiosk, _qtbot: None


def _loaded(path: Callable[[Staffed], Path]) -> Callable[[Staffed, Any], None]:
    def check(kiosk: Staffed, qtbot) -> None:
        assert "reloadRequested" in kiosk.fired
        qtbot.waitUntil(lambda: kiosk.loads == [path(kiosk)], timeout=10_000)

    return check


def _quits(kiosk: Staffed, qtbot) -> None:
    qtbot.waitUntil(lambda: not kiosk.view.window.isVisible())


def _installs(message: str) -> Callable[[Staffed, Any], None]:
    def check(kiosk: Staffed, qtbot) -> None:
        staff = kiosk.view.staff
        qtbot.waitUntil(lambda: staff.installMessage.startswith(message), timeout=20_000)

    return check


def _stops(kiosk: Staffed, qtbot) -> None:
    _quits(kiosk, qtbot)
    assert kiosk.mark.read_text().startswith("stopped by staff")


def _refreshed(kiosk: Staffed, qtbot) -> None:
    assert kiosk.fired == ["changed"]  # at once (the panel's own timer refreshes it too)


def _open_display_test(kiosk: Staffed, qtbot) -> None:
    kiosk.view.staff.openDisplayTest()
    qtbot.waitUntil(lambda: exists(kiosk.view.window, "displayTest"))


EFFECTS: dict[str, Effect] = {
    "reload": Effect(_loaded(lambda k: shown_bundle(k.content).resolve())),
    "switchTo": Effect(_loaded(lambda k: k.other), args=lambda k: [str(k.other)]),
    "openDisplayTest": Effect(
        lambda k, qtbot: qtbot.waitUntil(lambda: exists(k.view.window, "displayTest"))
    ),
    "closeDisplayTest": Effect(
        lambda k, qtbot: qtbot.waitUntil(lambda: not exists(k.view.window, "displayTest")),
        before=_open_display_test,
    ),
    "leaveKiosk": Effect(lambda k, qtbot: qtbot.waitUntil(lambda: not k.view.kiosk)),
    "refresh": Effect(_refreshed),
    "quit": Effect(_quits),
    "installFromUsb": Effect(_installs("Installed: baku-1920 3.0.0")),
    "rollBack": Effect(_installs("Back to baku-1920: 1.0.0"), args=lambda k: ["baku-1920"]),
    "stopForMaintenance": Effect(_stops),
}


def test_every_staff_action_says_what_it_does():
    assert set(ACTIONS) == set(EFFECTS)


@pytest.mark.parametrize("name", list(ACTIONS))
def test_each_staff_action_works_once_the_pin_is_accepted(staffed, qtbot, name):
    effect = EFFECTS[name]
    unlock(staffed, qtbot)
    effect.before(staffed, qtbot)
    staffed.fired.clear()
    call(staffed.view.staff, name, effect.args(staffed))
    effect.done(staffed, qtbot)
