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
        self._watch()

    def _watch(self) -> None:
        """Watch the root and every exhibit's folder (where its links live)."""
        wanted = [self._root, *(p for p in self._root.iterdir() if p.is_dir())]
        wanted = [p for p in wanted if not p.is_symlink() and not p.name.startswith(".")]
        have = set(self._watcher.directories())
        new = [str(p) for p in wanted if str(p) not in have]
        if new:
            self._watcher.addPaths(new)

    def _changed(self, _path: str) -> None:
        self._settle.start()

    def _check(self) -> None:
        run_task(lambda: packs.shown_bundle(self._root), self._compare)

    def _compare(self, target: Path | None) -> None:
        if self._root.is_dir():
            self._watch()  # a new exhibit's folder
        if target is None or target == self._shown():
            return
        log.info("the installed exhibit changed to %s; showing it", target)
        self._show(target)
