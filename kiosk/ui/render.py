"""`kiosk render`: every screen of an exhibit, in every language, to PNG files, offscreen.

Curators proof an exhibit from these before opening day. The real scene is driven through
its navigator exactly as a visitor's taps drive it, and each screen is captured once its
images have loaded and its transition has finished.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer
from PySide6.QtQuick import QQuickItem

from kiosk.config import Config
from kiosk.media.contact import contact_sheet
from kiosk.ui.app import KioskView, create_app
from kiosk.ui.navigation import Navigator
from kiosk.ui.session import ExhibitSession

SETTLE_MS = 320  # a little longer than Theme.transitionMs


@dataclass(frozen=True)
class Shot:
    """One screen to capture."""

    name: str
    screen: Navigator.Screen
    index: int = 0


class RenderError(RuntimeError):
    """The bundle could not be shown; the message lists why."""


def _wait(ms: int) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40] or "item"


def _items(item: QQuickItem) -> list[QQuickItem]:
    out = [item]
    for child in item.childItems():
        out.extend(_items(child))
    return out


def _settled(view: KioskView) -> bool:
    """No image still loading and the screen's fade-in finished."""
    root = view.window.contentItem()
    # Photo items say whether their image is still loading.
    if any(item.property("loading") is True for item in _items(root)):
        return False
    screen = view.window.property("currentScreen")
    return isinstance(screen, QQuickItem) and screen.opacity() >= 0.999


def shots(session: ExhibitSession) -> list[Shot]:
    """Every screen of the loaded exhibit, in visiting order."""
    bundle = session.bundle
    assert bundle is not None
    out = [Shot("home", Navigator.Screen.Home)]
    out += [
        Shot(f"story-{i + 1:02d}-{p.id}", Navigator.Screen.Story, i)
        for i, p in enumerate(bundle.story)
    ]
    out.append(Shot("people", Navigator.Screen.People))
    out += [
        Shot(f"person-{i + 1:02d}-{p.id}", Navigator.Screen.Person, i)
        for i, p in enumerate(bundle.people)
    ]
    out.append(Shot("photographs", Navigator.Screen.Photos))
    out += [
        Shot(f"photo-{i + 1:02d}-{_slug(mid)}", Navigator.Screen.Viewer, i)
        for i, mid in enumerate(session.photo_ids)
    ]
    out.append(Shot("glossary", Navigator.Screen.Glossary))
    return out


def render(
    bundle: Path,
    out: Path,
    *,
    size: tuple[int, int] = (1920, 1080),
    languages: list[str] | None = None,
    screen_inches: float = 43.0,
    timeout_s: float = 20.0,
) -> list[Path]:
    """Render every screen; returns the PNG paths, the contact sheet last."""
    app = create_app()
    # No visit clock runs here: a render is never reset by idleness.
    view = KioskView(bundle, config=Config(screen_inches=screen_inches))
    try:
        view.window.resize(*size)
        session = view.session
        session.start()
        deadline = time.monotonic() + timeout_s
        while session.loading and time.monotonic() < deadline:
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
            _wait(20)
        if not session.ready or session.bundle is None:
            problems = "\n".join(session.problems) or "loading timed out"
            raise RenderError(f"the bundle cannot be shown:\n{problems}")
        langs = languages or session.bundle.languages
        have = session.bundle.languages
        unknown = [code for code in langs if code not in have]
        if unknown:
            raise RenderError(f"the bundle has no {', '.join(unknown)}; it has {', '.join(have)}")
        written: list[tuple[str, Path]] = []
        for lang in langs:
            session.setLanguage(lang)
            limit = time.monotonic() + timeout_s
            while session.language.code != lang and time.monotonic() < limit:
                _wait(20)  # the rows of a language are built on a worker
            if session.language.code != lang:
                raise RenderError(f"switching to {lang} timed out")
            for number, shot in enumerate(shots(session), start=1):
                nav = session.navigator
                nav.home()
                if shot.screen != Navigator.Screen.Home:
                    nav.open(int(shot.screen), shot.index)
                _wait(SETTLE_MS)
                limit = time.monotonic() + timeout_s
                while not _settled(view) and time.monotonic() < limit:
                    _wait(30)
                _wait(60)  # one more frame after the last image arrived
                path = out / lang / f"{number:02d}-{shot.name}.png"
                path.parent.mkdir(parents=True, exist_ok=True)
                if not view.window.grabWindow().save(str(path)):
                    raise RenderError(f"could not write {path}")
                written.append((f"{lang} {number:02d} {shot.name}", path))
        try:
            sheet = contact_sheet(written, out / "contact-sheet.png")
        except OSError as exc:
            raise RenderError(f"could not draw the contact sheet: {exc}") from None
        return [p for _, p in written] + [sheet]
    finally:
        view.close()
        QCoreApplication.processEvents()
