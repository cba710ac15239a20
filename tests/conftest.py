"""Shared fixtures: the default exhibit, and writable copies of it to break on purpose."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parent.parent
DEFAULT_BUNDLE = REPO / "kiosk" / "exhibits" / "baku-1920"

#: What checks a bundle or a config file (kiosk.content.load, kiosk.config): a start that
#: needs no check imports none of it.
CHECKERS = (
    "pydantic",
    "pydantic_core",
    "kiosk.config_spec",
    "kiosk.content.spec",
    "kiosk.content.checks",
)


def outcome_and_checkers(code: str) -> tuple[str, list[str]]:
    """Run ``code`` in a fresh interpreter of this repository's kiosk: (the last line it
    prints, the modules of ``CHECKERS`` it imported, by name)."""
    import subprocess
    import sys

    report = (
        "\nimport sys as _sys\nprint(' '.join(sorted(m for m in _sys.modules if "
        f"m.split('.')[0] in {CHECKERS!r} or m in {CHECKERS!r})))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code + report], capture_output=True, text=True, cwd=REPO
    )
    assert done.returncode == 0, done.stderr
    *printed, imported = done.stdout.splitlines()
    return (printed[-1] if printed else ""), imported.split()


@pytest.fixture(autouse=True, scope="session")
def _private_platform_dirs(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Config, cache and logs of every test live in a temporary home, not the user's."""
    import os

    base = tmp_path_factory.mktemp("xdg")
    for var in ("XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME", "XDG_DATA_HOME"):
        os.environ[var] = str(base / var.lower())
    # One QML byte-code cache for the whole run (Qt reads the variable once per process;
    # the kiosk would otherwise point it at the first test's cache folder).
    os.environ["QML_DISK_CACHE_PATH"] = str(base / "qml")


@pytest.fixture(scope="session")
def qapp_cls():
    """The kiosk is a QGuiApplication (no widgets), wherever a test needs Qt: `kiosk prepare`,
    run in-process by a test, makes one to compile the QML."""
    from PySide6.QtGui import QGuiApplication  # noqa: TID251  (for pytest-qt, not the layers)

    return QGuiApplication


@pytest.fixture(autouse=True)
def _private_state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """State kept between runs (the PIN lock) is each test's own: one test's lock-out
    must not lock the next test's pad."""
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "xdg_state_home"))


@pytest.fixture(autouse=True)
def _private_recent_errors() -> None:
    """The staff panel's recent warnings are each test's own: one test's warnings must not
    lengthen the next test's panel (and push its buttons below the fold)."""
    from kiosk import logs

    logs.recent.clear()


@pytest.fixture
def bundle_dir(tmp_path: Path) -> Path:
    """A private copy of the default exhibit."""
    target = tmp_path / "bundle"
    shutil.copytree(DEFAULT_BUNDLE, target)
    return target


@pytest.fixture
def default_doc() -> dict[str, Any]:
    """The default exhibit's bundle.json as a fresh dict."""
    return json.loads((DEFAULT_BUNDLE / "bundle.json").read_text(encoding="utf-8"))


@pytest.fixture
def write_doc(bundle_dir: Path) -> Callable[[dict[str, Any]], Path]:
    """Write a document as the copy's bundle.json; returns the bundle folder."""

    def write(doc: dict[str, Any]) -> Path:
        text = json.dumps(doc, ensure_ascii=False, indent=2)
        (bundle_dir / "bundle.json").write_text(text, encoding="utf-8")
        return bundle_dir

    return write
