"""The exhibit bundle: its model, loading and validation. This package never imports Qt.

Its names are imported when first used (PEP 562): a module of the package that needs none of
the models (``kiosk.content.assets``, ``kiosk.content.packs``, ``kiosk.content.stamp``) does
not pay for them. The bundle's values (``kiosk.content.model``) are plain classes; pydantic
and the checks are imported only when a bundle is checked, not when a validation stamp
matches (``kiosk.content.load``).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kiosk.content.load import Loaded, load_bundle
    from kiosk.content.model import Bundle
    from kiosk.content.problems import Problem, Report, Severity

__all__ = ["Bundle", "Loaded", "Problem", "Report", "Severity", "load_bundle"]

_WHERE = {
    "Bundle": "kiosk.content.model",
    "Loaded": "kiosk.content.load",
    "load_bundle": "kiosk.content.load",
    "Problem": "kiosk.content.problems",
    "Report": "kiosk.content.problems",
    "Severity": "kiosk.content.problems",
}


def __getattr__(name: str) -> Any:
    where = _WHERE.get(name)
    if where is None:
        raise AttributeError(f"module 'kiosk.content' has no attribute {name!r}")
    return getattr(importlib.import_module(where), name)
