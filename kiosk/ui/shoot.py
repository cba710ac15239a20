"""The real kiosk scene, offscreen, walked through every state at each size and language.

Shared by `kiosk render` (which captures each state) and `kiosk proof` (which inspects it).
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QCoreApplication, QEventLoop, QObject

from kiosk.config import Config
from kiosk.pin import hash_pin
from kiosk.ui.app import KioskView, create_app
from kiosk.ui.walk import Clock, State, WalkError, settle, switch_language, wait, walk

LOAD_TIMEOUT_S = 60.0
#: How long captures wait for the background renditions (then they go on with originals).
RENDITIONS_TIMEOUT_S = 300.0


class Shooter:
    """Opens a bundle in the real scene, with motion off, for walking and capturing."""

    def __init__(self, bundle: Path, *, screen_inches: float = 43.0) -> None:
        self.app = create_app()
        self.clock = Clock()
        # A PIN nobody knows, so that the walk can show the staff PIN pad.
        config = Config(screen_inches=screen_inches, pin_hash=hash_pin(_throwaway_pin()))
        self.view = KioskView(bundle, config=config, clock=self.clock)
        theme = self.view.engine.singletonInstance("Kiosk", "Theme")
        assert isinstance(theme, QObject)
        self.theme: QObject = theme
        self.theme.setProperty("motion", False)
        session = self.view.session
        session.start()
        deadline = time.monotonic() + LOAD_TIMEOUT_S
        while session.loading and time.monotonic() < deadline:
            self.app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
            wait(20)
        if not session.ready or session.bundle is None:
            problems = "\n".join(session.problems) or "loading timed out"
            self.close()
            raise WalkError(f"the bundle cannot be shown:\n{problems}")
        # The pictures as visitors see them once the renditions are made, whatever the
        # timing: a capture taken while they were being made showed some from originals.
        deadline = time.monotonic() + RENDITIONS_TIMEOUT_S
        while session.making_renditions and time.monotonic() < deadline:
            self.app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
            wait(20)
        self.languages: list[str] = list(session.bundle.languages)

    def __enter__(self) -> Shooter:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the scene (the application object stays for the process)."""
        self.view.close()
        QCoreApplication.processEvents()

    def check_languages(self, languages: list[str] | None) -> list[str]:
        """The languages asked for, all of them in the bundle (WalkError otherwise)."""
        langs = languages or self.languages
        unknown = [code for code in langs if code not in self.languages]
        if unknown:
            raise WalkError(
                f"the bundle has no {', '.join(unknown)}; it has {', '.join(self.languages)}"
            )
        return langs

    def states(
        self, sizes: list[tuple[int, int]], languages: list[str] | None = None
    ) -> Iterator[tuple[tuple[int, int], str, State]]:
        """Each state at each size and in each language, the scene showing it."""
        langs = self.check_languages(languages)
        for size in sizes:
            self.view.window.resize(*size)
            for lang in langs:
                switch_language(self.view, lang)
                settle(self.view)
                for state in walk(self.view, self.clock):
                    yield size, lang, state


def _throwaway_pin() -> str:
    return "".join(secrets.choice("0123456789") for _ in range(8))
