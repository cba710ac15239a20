"""A start-up probe for benchmarks/coldstart.py, loaded into `kiosk run` through PYTHONPATH.

Inactive unless KIOSK_BENCH_PROBE names a datagram socket. Then, once ``kiosk.ui.app`` is
imported, the app's ``SystemdReady`` (made just before the view starts loading) also sets up
a :class:`Probe` on the window, which sends the ``time.monotonic()`` of two frames to that
socket:

- ``complete T``: the swap of the first frame in which Home is on screen with every image of
  it loaded (each visible ``Image`` with a source has loaded and painted something);
- ``settled T``: the first such frame in which those images and the screen are also fully
  faded in (every ancestor at opacity 1).

The state is read on the GUI thread just before the frame is synchronised (``afterAnimating``,
which both render loops emit there), taken by the frame while the GUI thread waits for the
synchronisation (``afterSynchronizing``) and stamped when that frame is swapped
(``frameSwapped``, on the render thread with the threaded loop). KIOSK_BENCH_DELAY_MS, for
the self-check, makes the process sleep that long first, before anything of the app runs (a
sleep later, on the GUI thread, can hide behind work of the X server or of a worker thread).
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import os
import socket
import sys
import time
from types import ModuleType
from typing import Any

_ADDRESS = os.environ.get("KIOSK_BENCH_PROBE", "")


def _send(message: str) -> None:
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as s:
        s.sendto(message.encode(), _ADDRESS)


def _images(root: Any) -> list[Any]:
    found = []
    stack = [root]
    while stack:
        item = stack.pop()
        if not item.isVisible():
            continue
        if item.metaObject().className().startswith("QQuickImage"):
            found.append(item)
        stack.extend(item.childItems())
    return found


def _opaque(item: Any) -> bool:
    while item is not None:
        if item.opacity() < 1:
            return False
        item = item.parentItem()
    return True


def mark(name: str) -> None:
    """A step of the start-up reached now (``mark-NAME T``): where the time goes."""
    _send(f"mark-{name} {time.monotonic():.6f}")


def _attach(view: Any) -> None:
    from PySide6.QtCore import QObject, Qt  # noqa: TID251

    mark("window")  # the QML scene is loaded: its window exists, not yet shown
    window = view.window
    view.session.loaded.connect(lambda: mark("loaded"))
    window.frameSwapped.connect(lambda: mark("first-frame"), Qt.ConnectionType.SingleShotConnection)
    home = int(view.session.navigator.Screen.Home)

    class Probe(QObject):
        def __init__(self) -> None:
            super().__init__()
            self.state = ""  # what the GUI thread saw last
            self.synced = ""  # what the frame being rendered shows
            self.sent: set[str] = set()
            direct = Qt.ConnectionType.DirectConnection
            window.afterAnimating.connect(self.look, direct)
            window.afterSynchronizing.connect(self.sync, direct)
            window.frameSwapped.connect(self.swapped, direct)

        def look(self) -> None:
            if "settled" in self.sent:
                return
            state = ""
            if view.session.ready and view.session.navigator.screen == home:
                images = [
                    i for i in _images(window.contentItem()) if not i.property("source").isEmpty()
                ]
                if images and all(
                    i.property("progress") == 1.0 and i.property("paintedWidth") > 0 for i in images
                ):
                    state = "settled" if all(_opaque(i) for i in images) else "complete"
            self.state = state

        def sync(self) -> None:
            self.synced = self.state  # the GUI thread waits while the scene is synchronised

        def swapped(self) -> None:
            now = time.monotonic()
            for name in ("complete", "settled"):
                if name not in self.sent and self.synced in (name, "settled"):
                    self.sent.add(name)
                    _send(f"{name} {now:.6f}")

    view._bench_probe = Probe()


#: What each active probe attaches to the app's view (the cold-start probe's ``_attach``,
#: the idle probe's ``_idle_attach``), when ``SystemdReady`` is made for it.
_ATTACH: list[Any] = []


class _Finder(importlib.abc.MetaPathFinder):
    """Patches kiosk.ui.app right after it is imported, for every probe in ``_ATTACH``."""

    def find_spec(self, name: str, path: Any, target: Any = None) -> Any:
        if name != "kiosk.ui.app":
            return None
        sys.meta_path.remove(self)
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        if spec is None or spec.loader is None:
            return spec
        loader = spec.loader
        original = loader.exec_module

        def exec_module(module: ModuleType) -> None:
            original(module)
            if _ADDRESS:
                mark("imported")  # kiosk.ui.app and all it imports
            ready = module.SystemdReady
            init = ready.__init__

            def patched(self: Any, view: Any) -> None:
                init(self, view)
                for attach in _ATTACH:
                    attach(view)

            ready.__init__ = patched

        loader.exec_module = exec_module  # type: ignore[method-assign]
        return spec


if _ADDRESS:
    _ATTACH.append(_attach)
    time.sleep(int(os.environ.get("KIOSK_BENCH_DELAY_MS", "0") or 0) / 1000)
    mark("python")  # the interpreter is up (site-packages found)


# ---------------------------------------------------------------------------------------------
# The idle-CPU probe, for benchmarks/idle_cpu.py: self-contained, inactive unless
# KIOSK_BENCH_FRAMES names a path. Then, once the app's SystemdReady is made, the probe counts
# the window's swapped frames and binds a datagram socket at that path; the benchmark sends it
# one command a datagram and it answers the sender (see _IdleProbe.handle). It waits on the
# socket with a QSocketNotifier, so between commands it costs nothing: no timer, no polling.
# KIOSK_BENCH_BUSY="MS/PERIOD" (the self-check) adds a timer that burns MS of CPU every PERIOD
# milliseconds on the GUI thread.

_FRAMES_PATH = os.environ.get("KIOSK_BENCH_FRAMES", "")


def _idle_attach(view: Any) -> None:
    import json
    import threading

    from PySide6.QtCore import QObject, QSocketNotifier, Qt, QTimer  # noqa: TID251
    from PySide6.QtQml import QQmlEngine  # noqa: TID251

    window = view.window
    session = view.session
    nav = session.navigator
    screens = nav.Screen
    places = {
        "home": screens.Home,
        "story": screens.Story,
        "people": screens.People,
        "person": screens.Person,
        "photos": screens.Photos,
        "viewer": screens.Viewer,
        "glossary": screens.Glossary,
    }

    def context_name(obj: Any) -> str:
        context = QQmlEngine.contextForObject(obj)
        name = context.nameForObject(obj) if context is not None else ""
        return name or obj.objectName()

    def where(obj: Any) -> str:
        """The object's QML id (or objectName) and its named ancestors, innermost first."""
        names: list[str] = []
        while obj is not None and len(names) < 4:
            name = context_name(obj)
            if name:
                names.append(name)
            obj = obj.parent()
        return " < ".join(names)

    def items() -> list[Any]:
        """Every item of the scene, by the visual tree (as tests/ui/scene.py walks it)."""
        found, stack = [], [window.contentItem()]
        while stack:
            item = stack.pop()
            found.append(item)
            stack.extend(item.childItems())
        return found

    def running() -> list[dict[str, Any]]:
        """Every object of the scene with a true ``running`` or ``playing`` (animations,
        timers, busy indicators, animated images), where it is, and whether its nearest
        item is visible: what can keep the scene repainting."""
        seen: set[int] = set()
        found = []
        objects: list[Any] = []
        for item in items():
            objects.append(item)
            objects.extend(item.findChildren(QObject))
        for obj in objects:
            key = id(obj)
            if key in seen:
                continue
            seen.add(key)
            meta = obj.metaObject()
            for prop in ("running", "playing"):
                index = meta.indexOfProperty(prop)
                if index < 0 or obj.property(prop) is not True:
                    continue
                owner = obj
                while owner is not None and not hasattr(owner, "isVisible"):
                    owner = owner.parent()
                found.append(
                    {
                        "class": meta.className(),
                        "where": where(obj),
                        "visible": bool(owner.isVisible()) if owner is not None else None,
                        "interval": obj.property("interval"),
                    }
                )
        return found

    class _IdleProbe(QObject):
        def __init__(self) -> None:
            super().__init__()
            self.frames = 0
            self.swap_threads: set[str] = set()
            window.frameSwapped.connect(self.swapped, Qt.ConnectionType.DirectConnection)
            self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
            self.sock.bind(_FRAMES_PATH)
            self.sock.setblocking(False)
            self.notifier = QSocketNotifier(self.sock.fileno(), QSocketNotifier.Type.Read)
            self.notifier.activated.connect(self.readable)
            self.busy = QTimer()
            spec = os.environ.get("KIOSK_BENCH_BUSY", "")
            if spec:
                burn_ms, _, period = spec.partition("/")
                self.burn = int(burn_ms) / 1000
                self.busy.setInterval(int(period or 50))
                self.busy.timeout.connect(self.burn_cpu)
                self.busy.start()

        def swapped(self) -> None:
            self.frames += 1  # on the render thread with the threaded loop
            if len(self.swap_threads) < 2:
                self.swap_threads.add(threading.current_thread().name)

        def burn_cpu(self) -> None:
            end = time.thread_time() + self.burn
            while time.thread_time() < end:
                pass

        def readable(self) -> None:
            while True:
                try:
                    data, sender = self.sock.recvfrom(256)
                except BlockingIOError:
                    return
                try:
                    reply = self.handle(data.decode())
                except Exception as exc:  # the benchmark reads the reason
                    reply = {"error": f"{type(exc).__name__}: {exc}"}
                if sender:
                    self.sock.sendto(json.dumps(reply).encode(), sender)

        def handle(self, command: str) -> dict[str, Any]:
            """``state``: ready, screen, phase, frames; ``go NAME``: show a state (a screen
            through the Navigator, ``options`` the options sheet on Home, ``attract`` the
            visit's reset to the attract loop); ``running``: what animates."""
            verb, _, arg = command.partition(" ")
            if verb == "state":
                api = window.rendererInterface().graphicsApi()
                return {
                    "ready": bool(session.ready),
                    "screen": int(nav.screen),
                    "phase": int(view.visit.phase),
                    "frames": self.frames,
                    "time": time.monotonic(),
                    "graphics_api": getattr(api, "name", str(api)),
                    "swap_threads": sorted(self.swap_threads),
                    "main_thread": threading.main_thread().name,
                    "source": str(sys.modules["kiosk"].__file__),
                    "options_open": any(
                        i.objectName() == "optionsSheet" and i.isVisible() for i in items()
                    ),
                }
            if verb == "go":
                if arg == "attract":
                    if int(view.visit.phase) != int(view.visit.Phase.Attract):
                        view.visit.startOver()
                elif arg == "options":
                    nav.home()
                    cards = [i for i in items() if i.objectName() == "optionsSheet"]
                    if not cards:
                        raise LookupError("no item named optionsSheet in the scene")
                    cards[0].parentItem().setProperty("open", True)
                elif arg in places:
                    if int(view.visit.phase) == int(view.visit.Phase.Attract):
                        view.visit.leaveAttract()
                    nav.open(int(places[arg]), 0)
                else:
                    raise KeyError(f"unknown state {arg!r}")
                return {"ok": True}
            if verb == "running":
                return {"running": running()}
            raise KeyError(f"unknown command {command!r}")

    view._bench_idle_probe = _IdleProbe()


if _FRAMES_PATH:
    _ATTACH.append(_idle_attach)
if _ATTACH:
    sys.meta_path.insert(0, _Finder())
