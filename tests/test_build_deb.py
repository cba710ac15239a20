"""packaging/build_deb.py's reading of the bundled distributions' requirements."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType, SimpleNamespace

REPO = Path(__file__).resolve().parent.parent


def _build_deb() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_deb", REPO / "packaging" / "build_deb.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("build_deb", module)  # its dataclasses look their module up
    spec.loader.exec_module(sys.modules["build_deb"])
    return sys.modules["build_deb"]


def test_requirements_follow_their_markers_and_leave_extras_out():
    """Babel asks for pytz only on Python < 3.9: the copyright file's list of what is
    bundled must not look for it (CI stopped on 'pytz is not installed')."""
    dist = SimpleNamespace(
        requires=[
            'pytz>=2015.7; python_version < "3.9"',
            "sortedcontainers>=2.1 ; extra == 'all'",
            "typing_extensions>=4.6; python_version >= '3.10'",
            "Pillow[tests]<14,>=11.0",
            f'onlyhere; sys_platform == "{sys.platform}"',
            'nothere; sys_platform == "no-such-platform"',
        ]
    )
    assert _build_deb()._requirement_names(dist) == ["typing_extensions", "Pillow", "onlyhere"]


def test_the_bundled_distributions_are_all_installed_here():
    """Every runtime requirement of kiosk, followed down, is found in this environment."""
    build_deb = _build_deb()
    names = {build_deb._norm(d.metadata["Name"]) for d in build_deb.runtime_dists()}
    assert {"pyside6-essentials", "pillow", "babel", "fonttools"} <= names
    assert "pytz" not in names
