"""`kiosk render`: every screen and state of an exhibit, in every language, to PNG files.

Curators proof an exhibit from these before opening day. The states are those `kiosk proof`
inspects (kiosk.ui.walk): each story page, person and photograph (with its caption shown and
hidden), a long page at its top and scrolled to its end, every glossary card, "Still
there?", the attract loop and the staff PIN pad. Each is captured settled, offscreen.

Plain renders go to ``OUT/<language>/NNN-state.png`` and ``OUT/contact-sheet.png``. With
visitor options held on (``--large-text``, ``--high-contrast``, ``--seated``) the same
layout sits in a folder named for them, ``OUT/large-text+seated/<language>/…``: a render
with options never overwrites the plain one in the same ``--out``, and each folder says
what it shows.
"""

from __future__ import annotations

from pathlib import Path

from kiosk.media.contact import contact_sheet
from kiosk.ui.options import Held
from kiosk.ui.shoot import Shooter
from kiosk.ui.walk import WalkError, hold


class RenderError(RuntimeError):
    """The bundle could not be shown; the message lists why."""


def render(
    bundle: Path,
    out: Path,
    *,
    size: tuple[int, int] = (1920, 1080),
    languages: list[str] | None = None,
    screen_inches: float = 43.0,
    options: Held | None = None,
) -> list[Path]:
    """Render every state; returns the PNG paths, the contact sheet last. ``options``:
    the visitor's options held on for every state; the files then go to ``out`` /
    ``options.folder`` ("large-text+seated")."""
    held = options or Held()
    out = out / held.folder if held.folder else out
    written: list[tuple[str, Path]] = []
    try:
        with Shooter(bundle, screen_inches=screen_inches) as shooter:
            hold(shooter.view, held)
            for _size, lang, state in shooter.states([size], languages):
                path = out / lang / f"{state.name}.png"
                path.parent.mkdir(parents=True, exist_ok=True)
                if not shooter.view.window.grabWindow().save(str(path)):
                    raise RenderError(f"could not write {path}")
                label = " ".join(part for part in (lang, held.label, state.name) if part)
                written.append((label, path))
    except WalkError as exc:
        raise RenderError(str(exc)) from None
    try:
        sheet = contact_sheet(written, out / "contact-sheet.png")
    except OSError as exc:
        raise RenderError(f"could not draw the contact sheet: {exc}") from None
    return [p for _, p in written] + [sheet]
