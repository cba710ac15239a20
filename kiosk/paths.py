"""Where things are: the default exhibit, from a source tree, a wheel or a frozen build."""

from __future__ import annotations

import os
import sys
from pathlib import Path

DEFAULT_EXHIBIT = "baku-1920"


def default_bundle() -> Path:
    """The bundle to show when none is named: $KIOSK_BUNDLE, else the shipped default exhibit."""
    env = os.environ.get("KIOSK_BUNDLE")
    if env:
        return Path(env)
    frozen = getattr(sys, "_MEIPASS", None)
    candidates = [Path(frozen) / "data"] if frozen else []
    candidates.append(Path(__file__).resolve().parent.parent / "data")
    for base in candidates:
        if (base / DEFAULT_EXHIBIT / "bundle.json").is_file():
            return base / DEFAULT_EXHIBIT
    return candidates[-1] / DEFAULT_EXHIBIT
