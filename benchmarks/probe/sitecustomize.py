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


def _attach(view: Any) -> None:
    from PySide6.QtCore import QObject, Qt  # noqa: TID251

    window = view.window
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


class _Finder(importlib.abc.MetaPathFinder):
    """Patches kiosk.ui.app right after it is imported."""

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
            ready = module.SystemdReady
            init = ready.__init__

            def patched(self: Any, view: Any) -> None:
                init(self, view)
                _attach(view)

            ready.__init__ = patched

        loader.exec_module = exec_module  # type: ignore[method-assign]
        return spec


if _ADDRESS:
    sys.meta_path.insert(0, _Finder())
    time.sleep(int(os.environ.get("KIOSK_BENCH_DELAY_MS", "0") or 0) / 1000)
