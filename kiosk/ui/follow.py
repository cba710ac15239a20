"""Follow the installed exhibit: when ``kiosk install`` or ``kiosk rollback`` switches
``<content_dir>/current`` (from a shell, while the kiosk runs), show the new version.

The versions themselves never change once installed, so the only thing to watch is where
the links point. The check runs on a worker; the scene keeps the exhibit it shows until
the new one has loaded (``ExhibitSession.reload``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer

from kiosk.content import packs
from kiosk.ui.tasks import run_task

log = logging.getLogger(__name__)


class CurrentFollower(QObject):
    """Calls ``show(path)`` when the exhibit ``<root>/current`` resolves to changes."""

    def __init__(
        self,
        root: Path,
        shown: Callable[[], Path],
        show: Callable[[Path], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._root = root
        self._shown = shown
        self._show = show
        self._watcher = QFileSystemWatcher(self)
        self._watcher.directoryChanged.connect(self._changed)
        # Links are swapped with two or three renames in a row: look once they settle.
        self._settle = QTimer(self, singleShot=True, interval=300)
        self._settle.timeout.connect(self._check)
        self._check()  # which folders to watch is read on a worker too

    def _changed(self, _path: str) -> None:
        self._settle.start()

    def _check(self) -> None:
        root = self._root

        def look() -> tuple[Path | None, list[str]]:
            # The root itself may be a symbolic link (to another disk): only its children
            # are filtered. Each exhibit's folder holds that exhibit's links.
            children = (
                [p for p in root.iterdir() if p.is_dir() and not p.is_symlink()]
                if root.is_dir()
                else []
            )
            folders = [root, *(p for p in children if not p.name.startswith("."))]
            return packs.shown_bundle(root), [str(p) for p in folders if p.is_dir()]

        run_task(look, self._compare, lambda exc: log.warning("cannot read %s: %s", root, exc))

    def _compare(self, seen: tuple[Path | None, list[str]]) -> None:
        target, folders = seen
        new = sorted(set(folders) - set(self._watcher.directories()))
        if new:
            self._watcher.addPaths(new)
        if target is None or target == self._shown():
            return
        log.info("the installed exhibit changed to %s; showing it", target)
        self._show(target)
