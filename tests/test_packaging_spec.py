"""The frozen build keeps exactly the Qt QML modules the app's QML needs (no Qt import here).

packaging/kiosk.spec keeps of PySide6's ``Qt/qml`` only the modules listed in
packaging/qml_modules.py. A QML file that gains ``import QtQuick.Controls`` would work from
the source tree and fail in the frozen kiosk, so these tests compare the list with the
``import`` lines of every QML file under resources/qml, and with the ``import``/``depends``
lines of the installed PySide6's ``qmldir`` files.
"""

from __future__ import annotations

import ast
import importlib.util
import re
import shutil
from pathlib import Path
from types import ModuleType

import pytest

from tests.conftest import REPO

QML_ROOT = REPO / "resources" / "qml"
SPEC = REPO / "packaging" / "kiosk.spec"

# `import QtQuick`, `import QtQuick.Window 2.15 as W`; not `import "dir"` or `import "x.js"`
QML_IMPORT = re.compile(r"^\s*import\s+([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)", re.MULTILINE)
# qmldir: `import QtQml auto`, `optional import X`, `default import X`, `depends X 1.0`
QMLDIR_IMPORT = re.compile(
    r"^\s*(?:(?:optional|default)\s+)?(?:import|depends)\s+([\w.]+)", re.MULTILINE
)


def _qml_modules() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "qml_modules", REPO / "packaging" / "qml_modules.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _pyside_qml_dir() -> Path:
    """PySide6's Qt/qml folder, found without importing PySide6."""
    spec = importlib.util.find_spec("PySide6")
    assert spec is not None and spec.submodule_search_locations
    return Path(next(iter(spec.submodule_search_locations))) / "Qt" / "qml"


def qml_imports(root: Path) -> dict[str, list[str]]:
    """Every module imported by a QML file under ``root``: module → the files importing it."""
    found: dict[str, list[str]] = {}
    for path in sorted(root.rglob("*.qml")):
        for module in QML_IMPORT.findall(path.read_text(encoding="utf-8")):
            found.setdefault(module, []).append(str(path.relative_to(root)))
    return found


def qmldir_closure(modules: set[str], qml_dir: Path) -> dict[str, str]:
    """``modules`` and everything their qmldir files import, transitively: module → why."""
    why = dict.fromkeys(modules, "imported by the app's QML")
    todo = sorted(modules)
    while todo:
        module = todo.pop()
        qmldir = qml_dir / module.replace(".", "/") / "qmldir"
        if not qmldir.is_file():
            continue  # "QML" and other built-in modules have no folder
        for dep in QMLDIR_IMPORT.findall(qmldir.read_text(encoding="utf-8")):
            if dep not in why and (qml_dir / dep.replace(".", "/")).is_dir():
                why[dep] = f"{module}/qmldir imports it"
                todo.append(dep)
    return why


def spec_problems(qml_root: Path, qml_dir: Path) -> list[str]:
    """Why the spec's kept QML modules do not match what the QML under ``qml_root`` needs."""
    mods = _qml_modules()
    problems = []
    imported = qml_imports(qml_root)
    qt_imports = {m for m in imported if m not in mods.APP_MODULES}
    for module in sorted(qt_imports - set(mods.IMPORTED)):
        problems.append(
            f"{module} is imported by {', '.join(imported[module])} but not kept by the "
            "frozen build: add it to IMPORTED in packaging/qml_modules.py"
        )
    for module in sorted(set(mods.IMPORTED) - qt_imports):
        problems.append(
            f"{module} is kept by the frozen build (IMPORTED in packaging/qml_modules.py) "
            "but no QML file imports it: remove it"
        )
    needed = qmldir_closure(qt_imports, qml_dir)
    for module in sorted(set(needed) - set(mods.KEPT)):
        problems.append(
            f"{module} is needed ({needed[module]}) but not kept: add it to DEPENDENCIES "
            "in packaging/qml_modules.py"
        )
    for module in sorted(set(mods.KEPT) - set(needed)):
        problems.append(
            f"{module} is kept by packaging/qml_modules.py but neither imported by the QML "
            "nor by a module it imports: remove it"
        )
    return problems


def test_spec_keeps_exactly_the_qml_modules_the_qml_needs():
    assert spec_problems(QML_ROOT, _pyside_qml_dir()) == []


def test_the_check_fails_when_a_qml_file_gains_an_import(tmp_path):
    root = tmp_path / "qml"
    shutil.copytree(QML_ROOT, root)
    main = root / "Kiosk" / "Main.qml"
    main.write_text("import QtQuick.Controls\n" + main.read_text(encoding="utf-8"))
    problems = spec_problems(root, _pyside_qml_dir())
    assert any(p.startswith("QtQuick.Controls is imported by Kiosk/Main.qml") for p in problems)


def test_the_app_modules_are_the_apps_own():
    """Kiosk is the compiled module (resources/qml/Kiosk/qmldir); Kiosk.Backend is registered
    from Python. Neither may hide a Qt module the spec should have kept."""
    mods = _qml_modules()
    qmldir = (QML_ROOT / "Kiosk" / "qmldir").read_text(encoding="utf-8")
    registered = {
        m
        for path in (REPO / "kiosk" / "ui").glob("*.py")
        for m in re.findall(r'^QML_IMPORT_NAME = "([\w.]+)"', path.read_text(), re.MULTILINE)
    }
    assert re.search(r"^module Kiosk$", qmldir, re.MULTILINE)
    assert {"Kiosk", *registered} == set(mods.APP_MODULES)
    assert not any((_pyside_qml_dir() / m.replace(".", "/")).exists() for m in mods.APP_MODULES)


@pytest.mark.parametrize("name", ["KEPT", "module_dir"])
def test_the_spec_reads_its_qml_modules_from_qml_modules_py(name):
    tree = ast.parse(SPEC.read_text(encoding="utf-8"))
    imported = {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module == "qml_modules"
        for alias in node.names
    }
    assert name in imported
