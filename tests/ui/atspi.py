"""The real kiosk as a screen reader meets it: AT-SPI over a private session bus under Xvfb.

``atspi_kiosk(tmp_path, *args)`` starts, each in a private environment: an Xvfb, a D-Bus
session bus, the accessibility bus (at-spi2-core's launcher, which also brings up the
registry) and the real ``python -m kiosk run ARGS`` on the xcb platform with Qt's AT-SPI
bridge on. What it yields reads the kiosk's accessible tree with ``tests/ui/atspi_client.py``
(run by Debian's ``/usr/bin/python3``, where ``python3-pyatspi`` lives) and presses nodes
through it, as Orca would. Everything is stopped on leaving, and the test fails if any
process it started is still there.

Qt exposes its tree only when, as it starts, the accessibility bus's ``org.a11y.Status``
says ``IsEnabled`` or ``ScreenReaderEnabled`` (a desktop sets the second when Orca runs),
or when ``QT_LINUX_ACCESSIBILITY_ALWAYS_ON=1``. The launcher alone leaves both false (the
desktop setting it reads is off), so the harness sets ``ScreenReaderEnabled`` as a desktop
would, and the kiosk runs with no variable a gallery machine would lack.

Debian packages: xvfb, dbus, at-spi2-core, python3-pyatspi (``make build-deps`` installs
them). Where one is missing the tests that use this are skipped, saying which and how to
install it; they never pass silently.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.processes import alive, until
from tests.ui.test_fullscreen_x11 import kiosk_on, x_server

SYSTEM_PYTHON = "/usr/bin/python3"
BUS_LAUNCHER = "/usr/libexec/at-spi-bus-launcher"
CLIENT = Path(__file__).with_name("atspi_client.py")
INSTALL = (
    "apt-get install --no-install-recommends xvfb dbus at-spi2-core python3-pyatspi "
    "(or `make build-deps`)"
)
# How long the kiosk may take from its start to a tree with its first screen in it.
START_SECONDS = float(os.environ.get("ATSPI_START_SECONDS", "60"))


def missing() -> str | None:
    """Why the harness cannot run here (which program or package is absent), or None."""
    absent = [p for p in ("Xvfb", "dbus-daemon", "dbus-send") if shutil.which(p) is None]
    if not Path(BUS_LAUNCHER).exists():
        absent.append(f"{BUS_LAUNCHER} (at-spi2-core)")
    if not Path(SYSTEM_PYTHON).exists():
        absent.append(f"{SYSTEM_PYTHON} (python3)")
    else:
        probe = subprocess.run(
            [SYSTEM_PYTHON, "-c", "import pyatspi"], capture_output=True, text=True, timeout=60
        )
        if probe.returncode != 0:
            last = (probe.stderr.strip().splitlines() or ["?"])[-1]
            absent.append(f"pyatspi for {SYSTEM_PYTHON} (python3-pyatspi: {last})")
    if absent:
        return f"the AT-SPI harness needs {', '.join(absent)}; install with: {INSTALL}"
    return None


_why_not = missing()

#: Mark for a module of AT-SPI tests: skipped, with the reason, where the stack is absent.
needs_atspi = pytest.mark.skipif(_why_not is not None, reason=_why_not or "")


@dataclass(frozen=True)
class Node:
    """One accessible object as the client saw it. ``path`` is its child index from the
    application down; the tree's list is in reading order (depth first)."""

    path: tuple[int, ...]
    role: str
    name: str
    description: str
    states: frozenset[str]
    actions: tuple[str, ...]
    locale: str | None
    attributes: dict[str, str]
    extents: tuple[int, int, int, int] | None

    @property
    def showing(self) -> bool:
        """On screen now (visible, and every ancestor too)."""
        return "showing" in self.states

    def __str__(self) -> str:
        return f"{self.role} {self.name!r}"


def _node(raw: dict[str, Any]) -> Node:
    extents = raw["extents"]
    return Node(
        path=tuple(raw["path"]),
        role=str(raw["role"]),
        name=str(raw["name"]),
        description=str(raw["description"]),
        states=frozenset(raw["states"]),
        actions=tuple(raw["actions"]),
        locale=None if raw["locale"] is None else str(raw["locale"]),
        attributes=dict(raw["attributes"]),
        extents=None if extents is None else (extents[0], extents[1], extents[2], extents[3]),
    )


def showing(nodes: list[Node]) -> list[Node]:
    """The nodes on screen, in reading order."""
    return [n for n in nodes if n.showing]


def named(nodes: list[Node], name: str, role: str | None = None) -> list[Node]:
    """The showing nodes called ``name`` (and of ``role``)."""
    return [n for n in showing(nodes) if n.name == name and role in (None, n.role)]


def of_role(nodes: list[Node], role: str) -> list[Node]:
    """The showing nodes of ``role`` ("heading", "push button", "image"…), in reading order."""
    return [n for n in showing(nodes) if n.role == role]


class AtspiKiosk:
    """A running kiosk, read and pressed through AT-SPI (what ``atspi_kiosk`` yields)."""

    def __init__(self, proc: subprocess.Popen[bytes], display: str, env: dict[str, str]):
        self.proc = proc
        self.display = display
        self._env = env
        #: Seconds from starting Xvfb to the first tree with the kiosk's first screen.
        self.startup = 0.0

    def _client(self, *args: str) -> subprocess.CompletedProcess[str]:
        assert self.proc.poll() is None, f"the kiosk exited with status {self.proc.returncode}"
        done = subprocess.run(
            [SYSTEM_PYTHON, str(CLIENT), *args, "--pid", str(self.proc.pid)],
            env=self._env,
            capture_output=True,
            text=True,
            timeout=180,
        )
        # A kiosk that quit meanwhile is the news, not the client's "no application".
        assert self.proc.poll() is None, f"the kiosk exited with status {self.proc.returncode}"
        return done

    def tree(self) -> list[Node]:
        """The kiosk's whole accessible tree, in reading order."""
        done = self._client("tree")
        assert done.returncode == 0, f"atspi_client tree: {done.stderr.strip()}"
        return [_node(raw) for raw in json.loads(done.stdout)["nodes"]]

    def _press(
        self, name: str, role: str | None, at: Node | None, action: str | None = None
    ) -> subprocess.CompletedProcess[str]:
        path = [] if at is None else ["--path", ".".join(map(str, at.path))]
        how = [] if action is None else ["--action", action]
        return self._client("press", name, *([role] if role else []), *path, *how)

    def press(
        self,
        name: str,
        role: str | None = None,
        at: Node | None = None,
        action: str | None = None,
    ) -> Node:
        """Call the first action of the one showing node named ``name`` (and of ``role``),
        as a screen reader's "activate" does; fail when there is none or more than one.
        ``at``: that node of an earlier tree instead, showing or not. ``action``: the
        action so named instead of the first ("Set Focus" is a screen reader moving to it)."""
        done = self._press(name, role, at, action)
        assert done.returncode == 0, done.stderr.strip()
        return _node(json.loads(done.stdout)["pressed"])

    def try_press(
        self,
        name: str,
        role: str | None = None,
        at: Node | None = None,
        action: str | None = None,
    ) -> str | None:
        """Like ``press``, but a refusal is an answer: None when pressed, else why not."""
        done = self._press(name, role, at, action)
        return None if done.returncode == 0 else done.stderr.strip()

    def wait_for(
        self, predicate: Callable[[list[Node]], object], timeout: float = 30, what: str = ""
    ) -> list[Node]:
        """Walk the tree again (no fixed wait) until ``predicate`` holds for it; that tree.
        Fails naming ``what`` and listing what was showing."""
        deadline = time.monotonic() + timeout
        while True:
            nodes = self.tree()
            if predicate(nodes):
                return nodes
            if time.monotonic() > deadline:
                seen = ", ".join(map(str, showing(nodes)))
                raise AssertionError(
                    f"timed out after {timeout:.0f} s waiting for {what or predicate}; "
                    f"showing: {seen}"
                )
            time.sleep(0.2)


def _ours(marker: str) -> list[int]:
    """Processes still running whose environment carries ``marker`` (ours and their
    children: the bus launcher's bus and the registry it activates among them)."""
    needle = marker.encode()
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            environ = (entry / "environ").read_bytes()
        except OSError:
            continue
        if needle in environ and alive(int(entry.name)):
            found.append(int(entry.name))
    return found


def _stop(proc: subprocess.Popen[bytes] | subprocess.Popen[str]) -> None:
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@contextmanager
def _session_bus(env: dict[str, str]) -> Iterator[str]:
    """A private D-Bus session bus (not forked away: this process stops it); its address."""
    bus = subprocess.Popen(
        ["dbus-daemon", "--session", "--nofork", "--print-address=1"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert bus.stdout is not None
        address = bus.stdout.readline().strip()
        assert address, f"dbus-daemon did not start: {bus.communicate(timeout=10)[1][-800:]}"
        yield address
    finally:
        _stop(bus)


def _bus_ready(env: dict[str, str]) -> bool:
    """Whether the launcher owns org.a11y.Bus. Asked of the bus itself: a call to the name
    would have D-Bus start a second launcher, which takes the name from the first."""
    done = subprocess.run(
        [
            "dbus-send",
            "--session",
            "--print-reply",
            "--dest=org.freedesktop.DBus",
            "/org/freedesktop/DBus",
            "org.freedesktop.DBus.NameHasOwner",
            "string:org.a11y.Bus",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
    )
    return done.returncode == 0 and "boolean true" in done.stdout


@contextmanager
def _a11y_bus(env: dict[str, str]) -> Iterator[None]:
    """at-spi2-core's accessibility bus, started now (not left to D-Bus activation, so this
    process owns it and stops it; its bus daemon and the registry go with it)."""
    launcher = subprocess.Popen(
        [BUS_LAUNCHER, "--launch-immediately"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        until(lambda: launcher.poll() is not None or _bus_ready(env), 30, "the AT-SPI bus")
        assert launcher.poll() is None, f"{BUS_LAUNCHER} exited with {launcher.returncode}"
        yield
    finally:
        _stop(launcher)


def _screen_reader_on(env: dict[str, str]) -> None:
    """Say on the session bus that a screen reader runs, as a desktop does when Orca starts:
    Qt reads this when it starts and only then exposes its tree."""
    done = subprocess.run(
        [
            "dbus-send",
            "--session",
            "--print-reply",
            "--dest=org.a11y.Bus",
            "/org/a11y/bus",
            "org.freedesktop.DBus.Properties.Set",
            "string:org.a11y.Status",
            "string:ScreenReaderEnabled",
            "variant:boolean:true",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert done.returncode == 0, f"setting org.a11y.Status ScreenReaderEnabled: {done.stderr}"


@contextmanager
def atspi_kiosk(tmp_path: Path, *args: str, screen: str = "1280x800") -> Iterator[AtspiKiosk]:
    """The real ``kiosk run ARGS`` on a private Xvfb (``screen`` WxH), session bus and
    accessibility bus, once its first screen is in the accessible tree. Its output is in
    ``tmp_path/home/kiosk.out``; it must quit cleanly on SIGTERM at the end, and nothing
    started here may outlive the block."""
    marker = f"KIOSK_ATSPI_RUN={uuid.uuid4().hex}"
    key, _, value = marker.partition("=")
    runtime = tmp_path / "runtime"
    runtime.mkdir(mode=0o700)
    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(tmp_path),
        "XDG_RUNTIME_DIR": str(runtime),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        key: value,
    }
    began = time.monotonic()
    try:
        with ExitStack() as stack:
            display = stack.enter_context(
                x_server(["Xvfb", "-screen", "0", f"{screen}x24"], env=env)
            )
            env["DISPLAY"] = display
            env["DBUS_SESSION_BUS_ADDRESS"] = stack.enter_context(_session_bus(env))
            stack.enter_context(_a11y_bus(env))
            kiosk_env = {
                key: value,
                "DBUS_SESSION_BUS_ADDRESS": env["DBUS_SESSION_BUS_ADDRESS"],
                "XDG_RUNTIME_DIR": str(runtime),
                "QT_QPA_PLATFORM": "xcb",
            }
            if "PYTHONPATH" in os.environ:  # a kiosk from another work tree, as it asks
                kiosk_env["PYTHONPATH"] = os.environ["PYTHONPATH"]
            _screen_reader_on(env)
            proc = stack.enter_context(kiosk_on(display, tmp_path / "home", *args, env=kiosk_env))
            kiosk = AtspiKiosk(proc, display, env)
            kiosk.wait_for(
                lambda nodes: any(n.role == "push button" for n in showing(nodes)),
                START_SECONDS,
                "the kiosk's first screen in the accessible tree",
            )
            kiosk.startup = time.monotonic() - began
            yield kiosk
    finally:
        until(lambda: not _ours(marker), 20, f"every process of this run to end: {_ours(marker)}")
