"""A kiosk that always starts: with a missing, invalid or unreadable exhibit the scene is
"unavailable" for visitors, systemd still hears READY=1, and staff can switch to another
exhibit, which is then shown."""

from __future__ import annotations

import errno
import shutil
import socket
from pathlib import Path

import pytest

from kiosk.ui.app import KioskView, SystemdReady
from kiosk.ui.exhibit import Exhibit
from kiosk.ui.i18n import translator
from tests.conftest import DEFAULT_BUNDLE
from tests.ui.scene import exists, find, scene_rect, tap, visible_texts
from tests.ui.test_kiosk_mode import PIN, enter, kiosk_config, open_pad, shown


def missing(tmp_path, monkeypatch):
    return tmp_path / "nowhere"


def invalid(tmp_path, monkeypatch):
    bad = tmp_path / "invalid"
    bad.mkdir()
    (bad / "bundle.json").write_text("{ not json", encoding="utf-8")
    return bad


def unreadable(tmp_path, monkeypatch):
    # Tests run as root, which reads anything: the read is refused as it would be for the
    # kiosk's user (mode 000, another owner).
    bad = tmp_path / "unreadable"
    shutil.copytree(DEFAULT_BUNDLE, bad)
    target = bad / "bundle.json"
    real_bytes, real_text = Path.read_bytes, Path.read_text

    def refuse(path):
        if path == target:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))

    def read_bytes(self):
        refuse(self)
        return real_bytes(self)

    def read_text(self, *args, **kwargs):
        refuse(self)
        return real_text(self, *args, **kwargs)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    monkeypatch.setattr(Path, "read_text", read_text)
    return bad


BAD = [missing, invalid, unreadable]
#: What staff (and the log) are told for each.
SAID = {missing: "does not exist", invalid: "invalid JSON", unreadable: "Permission denied"}


@pytest.fixture
def notify_socket(tmp_path, monkeypatch):
    """A socket standing in for systemd's, named by NOTIFY_SOCKET; returns what it got."""
    address = tmp_path / "notify.sock"
    server = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    server.bind(str(address))
    server.setblocking(False)
    monkeypatch.setenv("NOTIFY_SOCKET", str(address))
    got: list[str] = []

    def received() -> list[str]:
        while True:
            try:
                got.append(server.recv(256).decode())
            except BlockingIOError:
                return got

    yield received
    server.close()


@pytest.fixture
def start_unavailable(qapp, qtbot, qml_warnings, tmp_path, notify_socket):
    """Start the real scene (kiosk mode, a PIN) on ``bundle`` as ``kiosk run`` does, with
    READY=1 watched; no QML warning allowed."""
    views = []

    def start(bundle, clock):
        content = tmp_path / "exhibits"
        shutil.copytree(DEFAULT_BUNDLE, content / "baku-copy")
        view = KioskView(bundle, config=kiosk_config(content_dir=content), clock=clock)
        views.append(view)
        view.window.resize(1280, 1600)  # every panel button on screen
        view.enter_kiosk()
        ready = SystemdReady(view)
        views.append(ready)
        qtbot.waitExposed(view.window)
        with qtbot.waitSignal(view.session.stateChanged, timeout=10_000):
            view.start()
        return view, ready

    yield start
    for view in views:
        if isinstance(view, KioskView):
            view.leave_kiosk()
            view.close()
    assert qml_warnings() == [], "QML warnings (every one is a defect)"


def in_view(view, qtbot, item):
    """``item`` scrolled into its panel's view, as staff would scroll to it (the panel's
    list of recent warnings, longer after other tests, can push it below the fold)."""
    flick = item.parentItem()
    while flick is not None and not flick.inherits("QQuickFlickable"):
        flick = flick.parentItem()
    assert flick is not None
    offset = scene_rect(item).top() - scene_rect(flick).top()
    most = max(0.0, flick.property("contentHeight") - flick.height())
    flick.setProperty("contentY", min(most, max(0.0, flick.property("contentY") + offset)))
    with qtbot.waitSignal(view.window.frameSwapped, timeout=5000):
        view.window.update()
    assert scene_rect(flick).contains(scene_rect(item)), "the button cannot be scrolled to"
    return item


@pytest.mark.parametrize("make", BAD, ids=lambda f: f.__name__)
def test_a_kiosk_without_an_exhibit_starts_and_staff_can_switch(
    make, tmp_path, monkeypatch, qtbot, clock, start_unavailable, notify_socket
):
    bad = make(tmp_path, monkeypatch)
    # An earlier exhibit in this process left Russian installed (as an earlier test can):
    # the sentence is still the kiosk's own words, not the last visitor's language.
    translator().use("ru")
    view, ready = start_unavailable(bad, clock)
    session = view.session
    assert session.exhibit.status == Exhibit.State.Unavailable
    assert session.exhibit.state == int(Exhibit.State.Unavailable)
    assert session.unavailable and not session.ready and not session.loading
    assert any(SAID[make] in p for p in session.problems), session.problems  # staff only
    qtbot.waitUntil(lambda: "READY=1" in notify_socket(), timeout=5000)
    assert ready.shown
    texts = visible_texts(view.window)
    assert not any(
        "JSON" in t or "Error" in t or "Permission" in t or str(bad) in t for t in texts
    ), texts
    assert not exists(view.window, "home")
    assert "This exhibit is not available just now. Please come back soon." in texts

    # Staff: the corner, the PIN, the panel, another exhibit.
    open_pad(view, qtbot, clock)
    assert view.staff.pinPadOpen
    enter(view, qtbot, PIN)
    qtbot.waitUntil(lambda: view.staff.panelOpen, timeout=5000)
    assert view.staff.info["loadProblems"]  # the panel says what went wrong
    button = in_view(view, qtbot, shown(view, qtbot, "switch_baku-copy"))
    with qtbot.waitSignal(session.loaded, timeout=10_000):
        tap(view.window, button)
    assert session.exhibit.status == Exhibit.State.Ready
    assert session.ready and not session.unavailable
    assert session.path == tmp_path / "exhibits" / "baku-copy"
    qtbot.waitUntil(lambda: "The Baku Operation" in visible_texts(view.window), timeout=5000)
    assert notify_socket().count("READY=1") == 1  # once per start, not per load


def test_a_second_bad_exhibit_stays_unavailable_then_a_good_one_is_shown(
    tmp_path, monkeypatch, qtbot, clock, start_unavailable
):
    view, _ready = start_unavailable(missing(tmp_path, monkeypatch), clock)
    session = view.session
    assert session.unavailable
    again = invalid(tmp_path, monkeypatch)
    session.reload(again)
    qtbot.waitUntil(lambda: any("invalid JSON" in p for p in session.problems), timeout=5000)
    assert session.unavailable
    with qtbot.waitSignal(session.loaded, timeout=10_000):
        session.reload(DEFAULT_BUNDLE)
    assert session.exhibit.status == Exhibit.State.Ready
    assert find(view.window, "staffCorner") is not None


def test_a_load_that_crashes_on_reload_keeps_the_exhibit_shown(open_kiosk, qtbot, monkeypatch):
    import kiosk.ui.session as session_module

    view = open_kiosk()
    session = view.session

    def crash(path, **kw):
        raise RuntimeError("a bug in the loader")

    monkeypatch.setattr(session_module, "load_bundle", crash)
    session.reload(DEFAULT_BUNDLE.parent / "elsewhere")
    qtbot.waitUntil(lambda: any("a bug in the loader" in p for p in session.problems))
    assert session.exhibit.status == Exhibit.State.Ready
    assert "The Baku Operation" in visible_texts(view.window)


def test_the_unavailable_state_is_in_the_qml_enum():
    meta = Exhibit.staticMetaObject
    enum = meta.enumerator(meta.indexOfEnumerator("State"))
    keys = {enum.key(i): enum.value(i) for i in range(enum.keyCount())}
    assert keys["Unavailable"] == int(Exhibit.State.Unavailable)
    assert keys["Ready"] == int(Exhibit.State.Ready) and keys["Loading"] == 0
