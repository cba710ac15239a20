"""Every QML file passes qmllint with no warning, knowing the Python types it imports.

tools/qmltypes.py describes the types the UI registers (``Kiosk.Backend``) to qmllint, in a
temporary import path, and lints every file under ``resources/qml`` with every warning
category on. The types are made in a child process: it needs a QCoreApplication, which must
not be the one the Qt tests get.
"""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path
from types import ModuleType

import pytest

from tests.conftest import REPO

TOOL = REPO / "tools" / "qmltypes.py"


def _load_tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("tools_qmltypes", TOOL)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


qmltypes = _load_tool()


@pytest.fixture(scope="module")
def types(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An import path holding the generated Kiosk.Backend module."""
    out = tmp_path_factory.mktemp("qml")
    result = subprocess.run(
        [sys.executable, str(TOOL), "--out", str(out)],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return out


def _exports(qmltypes_file: Path) -> set[str]:
    text = qmltypes_file.read_text(encoding="utf-8")
    return set(re.findall(r'"[\w.]+/(\w+) \d+\.\d+"', text))


def test_every_registered_type_is_described(types: Path) -> None:
    modules = qmltypes.registrations()
    assert modules, "no module of kiosk/ui registers a QML type"
    for module in modules:
        folder = types / module.folder
        assert (folder / "qmldir").read_text(encoding="utf-8").startswith(f"module {module.uri}\n")
        named = {
            r.name if value == "auto" else value
            for r in module.classes
            for key, value in r.infos
            if key == qmltypes.ELEMENT and value != "anonymous"
        }
        assert named <= _exports(folder / module.typeinfo)


def test_qmllint_knows_the_members_of_the_python_types(types: Path, tmp_path: Path) -> None:
    """A member the Python type lacks is a warning: the lint does read the generated types."""
    module = qmltypes.registrations()[0]
    name = next(r.name for r in module.classes if dict(r.infos)[qmltypes.ELEMENT] == "auto")
    bad = tmp_path / "Bad.qml"
    bad.write_text(
        f"import QtQuick\nimport {module.uri}\n\n"
        f"Item {{\n    id: root\n    required property {name} backend\n"
        "    readonly property int probe: root.backend.noSuchMember\n}\n",
        encoding="utf-8",
    )
    findings = qmltypes.lint(types, [bad])
    assert [(f.line, f.category) for f in findings] == [(7, "missing-property")], findings


def test_every_qml_file_passes_qmllint(types: Path) -> None:
    files = qmltypes.qml_files()
    assert len(files) > 10
    findings = qmltypes.lint(types)
    by_file: dict[str, list[str]] = defaultdict(list)
    for f in findings:
        by_file[f.file].append(str(f))
    kinds = Counter(f.category for f in findings)
    report = "\n".join(line for file in sorted(by_file) for line in by_file[file])
    summary = ", ".join(f"{n} {kind}" for kind, n in kinds.most_common())
    assert not findings, f"qmllint: {len(findings)} warnings ({summary}):\n{report}"
