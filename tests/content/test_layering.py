"""The content and media layers never import Qt, so validation runs without a display."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import DEFAULT_BUNDLE, REPO

# Modules that must never import Qt (kiosk/cli.py imports it lazily, only for `run` and
# `render`; the test below checks its other verbs at run time).
QT_FREE = [
    *sorted((REPO / "kiosk" / "content").glob("*.py")),
    *sorted((REPO / "kiosk" / "media").glob("*.py")),
    REPO / "kiosk" / "paths.py",
    REPO / "kiosk" / "platform_libs.py",
    REPO / "kiosk" / "reach.py",
]


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize(
    "path",
    QT_FREE,
    ids=lambda p: str(p.relative_to(REPO)),
)
def test_no_qt_import_in_source(path):
    qt = {n for n in _imports(path) if n.split(".")[0] in ("PySide6", "shiboken6", "kiosk")}
    assert not {n for n in qt if n.split(".")[0] != "kiosk"}
    assert not {n for n in qt if n.startswith("kiosk.ui")}


def test_validate_pack_and_install_run_without_loading_qt(tmp_path):
    code = (
        "import sys; from kiosk.cli import main; status = main(['validate', '--strict', "
        f"{str(DEFAULT_BUNDLE)!r}]); "
        f"status |= main(['pack', {str(DEFAULT_BUNDLE)!r}, '-o', {str(tmp_path)!r}]); "
        f"status |= main(['install', {str(tmp_path / 'baku-1920-1.0.0.kioskpack')!r}, "
        f"'--exhibits', {str(tmp_path / 'exhibits')!r}]); "
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6')); "
        "print('QT:', loaded); sys.exit(status)"
    )
    env = {"PATH": "/usr/bin:/bin"}  # no DISPLAY, no QT_QPA_PLATFORM
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=REPO
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "QT: []" in result.stdout
    assert "valid: 0 errors, 0 warnings" in result.stdout
