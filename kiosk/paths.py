"""Where things are: the shipped exhibit and fonts, read as package data.

They live inside the ``kiosk`` package (``kiosk/exhibits/``, ``kiosk/fonts/``), so a source
tree, an installed wheel and a frozen build find them the same way, through
``importlib.resources``, from any working directory.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

DEFAULT_EXHIBIT = "baku-1920"


def package_path(*parts: str) -> Path:
    """A file or folder shipped inside the ``kiosk`` package, as a real path.

    The kiosk is installed as files (a source tree, a wheel unpacked by pip, a PyInstaller
    onedir), never run from a zip: a bundle folder must be a folder on disk.
    """
    traversable = resources.files("kiosk").joinpath(*parts)
    return Path(str(traversable))


def shipped_bundle() -> Path:
    """The default exhibit that ships with the kiosk."""
    return package_path("exhibits", DEFAULT_EXHIBIT)


def shipped_font(name: str) -> Path:
    """One of the shipped TrueType fonts (PT Serif, PT Sans), e.g. ``PTSans-Regular.ttf``."""
    return package_path("fonts", name)


def default_bundle() -> Path:
    """The bundle to show when none is named: $KIOSK_BUNDLE, else the shipped default exhibit."""
    env = os.environ.get("KIOSK_BUNDLE")
    if env:
        return Path(env)
    return shipped_bundle()
