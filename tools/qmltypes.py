"""Type information for the Python types QML imports, and qmllint over every QML file.

``make qmltypes`` writes, for every import name the modules of ``kiosk/ui`` register
(``QML_IMPORT_NAME = "Kiosk.Backend"``), a QML module folder that qmllint and qmlls read::

    build/qml/Kiosk/Backend/qmldir
    build/qml/Kiosk/Backend/kiosk_backend.qmltypes

``make qmllint`` (and the qmllint test in ``tests/``) then lints every ``.qml`` file under
``resources/qml`` with that folder and ``resources/qml`` as import paths, every warning
category at warning level or stricter (but ``compiler``: see ``BELOW_WARNING``), and fails
on any warning.

Which classes are registered, and how (``@QmlElement``, ``@QmlNamedElement``,
``@QmlUncreatable``, ``@QmlSingleton``, ``@QmlAnonymous``), is read from the sources, as
``pyside6-metaobjectdump`` does; what they offer QML (properties, signals, slots, enums) is
read from their live ``QMetaObject``, which is what the QML engine sees at run time.
``pyside6-metaobjectdump`` guesses those from the syntax and gets them wrong here: it types
``Property(list)`` as ``list`` rather than ``QVariantList``, ``Property(Navigator)`` as a
value rather than a pointer, and misses enums declared with ``QEnum(State)``. The
description is handed, in moc's JSON format, to ``pyside6-qmltyperegistrar
--generate-qmltypes``, the tool ``pyside6-project`` uses for the same job.

Python QObject types that registered types only refer to (a property's type, a base class)
are described too, without a QML name, as ``QML_ANONYMOUS`` types are in C++: QML can read
them but not name them.

The files are generated, not committed: making them takes about a second, they are never
shipped (the app registers its types from Python at run time), and a committed copy would
go stale with every change to the Python API.
"""

from __future__ import annotations

import argparse
import ast
import importlib
import json
import re
import subprocess
import sys
import sysconfig
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
UI = REPO / "kiosk" / "ui"
QML = REPO / "resources" / "qml"
DEFAULT_OUT = REPO / "build" / "qml"

# Class decorators of PySide6.QtQml → the class infos moc writes for their C++ macros.
ELEMENT = "QML.Element"
_FLAG_DECORATORS = {
    "QmlElement": (ELEMENT, "auto"),
    "QmlSingleton": ("QML.Singleton", "true"),
    "QmlAnonymous": (ELEMENT, "anonymous"),
}
_UNSUPPORTED = {"QmlAttached", "QmlExtended", "QmlForeign"}

# Qt's own metatypes, where qmltyperegistrar finds the Qt base classes (QObject,
# QAbstractListModel, QQuickItem, ...) of the Python types.
_FOREIGN_MODULES = ("core", "gui", "qml", "qmlmodels", "quick")

# Every category qmllint knows counts as a warning, including those it disables or only
# reports as info by default, except these (category → severity).
BELOW_WARNING: dict[str, str] = {
    # What qmlsc could not compile to C++. A PySide6 app never compiles QML to C++ (Qt for
    # Python's pyside6-qmlcachegen page: "only QML byte code is relevant"); the engine runs
    # the QML from qrc whatever this category says. Qt disables it by default too.
    "compiler": "disable",
}

_SEVERITIES = ("disable", "info", "warning", "error")

Infos = list[tuple[str, str]]
"""A class's QML class infos: ("QML.Element", "auto"), ("QML.Creatable", "false"), ..."""


@dataclass
class Registered:
    """A class a module registers to QML, as its decorators say."""

    module: str
    name: str
    line: int
    infos: Infos


@dataclass
class ImportName:
    """One QML module made of Python types: its URI, version and registered classes."""

    uri: str
    major: int = 1
    minor: int = 0
    classes: list[Registered] = field(default_factory=list)

    @property
    def folder(self) -> Path:
        """The module's folder under an import path: ``Kiosk.Backend`` → ``Kiosk/Backend``."""
        return Path(*self.uri.split("."))

    @property
    def typeinfo(self) -> str:
        """The .qmltypes file's name: ``Kiosk.Backend`` → ``kiosk_backend.qmltypes``."""
        return self.uri.lower().replace(".", "_") + ".qmltypes"


# -- what the sources register ---------------------------------------------------------------


def _decorator_name(node: ast.expr) -> str:
    target = node.func if isinstance(node, ast.Call) else node
    if isinstance(target, ast.Attribute):
        return target.attr
    return target.id if isinstance(target, ast.Name) else ""


def _first_string(node: ast.expr) -> str | None:
    if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
        value = node.args[0].value
        return value if isinstance(value, str) else None
    return None


def _class_infos(cls: ast.ClassDef, where: str) -> Infos:
    """The QML class infos of a class's decorators (empty: not registered)."""
    infos: Infos = []
    for node in cls.decorator_list:
        name = _decorator_name(node)
        if name in _FLAG_DECORATORS:
            infos.append(_FLAG_DECORATORS[name])
        elif name == "QmlNamedElement":
            infos.append((ELEMENT, _first_string(node) or cls.name))
        elif name == "QmlUncreatable":
            infos.append(("QML.Creatable", "false"))
            reason = _first_string(node)
            if reason:
                infos.append(("QML.UncreatableReason", reason))
        elif name in _UNSUPPORTED:
            raise SystemExit(f"{where}: @{name} is not described by tools/qmltypes.py yet")
    return infos if any(key == ELEMENT for key, _ in infos) else []


def _constants(tree: ast.Module) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for node in tree.body:
        if (
            isinstance(node, ast.Assign)
            and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Name)
            and isinstance(node.value, ast.Constant)
        ):
            out[node.targets[0].id] = node.value.value
    return out


def registrations(sources: Iterable[Path] | None = None) -> list[ImportName]:
    """The import names the UI modules register, with their classes, by URI."""
    found: dict[str, ImportName] = {}
    for path in sorted(sources if sources is not None else UI.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        consts = _constants(tree)
        uri = consts.get("QML_IMPORT_NAME")
        if not isinstance(uri, str):
            continue
        module = ".".join(path.relative_to(REPO).with_suffix("").parts)
        entry = found.setdefault(uri, ImportName(uri))
        entry.major = int(consts.get("QML_IMPORT_MAJOR_VERSION", entry.major))
        entry.minor = int(consts.get("QML_IMPORT_MINOR_VERSION", entry.minor))
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                infos = _class_infos(node, f"{path.relative_to(REPO)}:{node.lineno}")
                if infos:
                    entry.classes.append(Registered(module, node.name, node.lineno, infos))
    return [found[uri] for uri in sorted(found)]


# -- what the classes offer QML ---------------------------------------------------------------


def _is_python(cls: type) -> bool:
    return not cls.__module__.startswith(("PySide6", "shiboken6"))


def _python_qobject_types() -> dict[str, type]:
    """className → class, for every QObject subclass defined in the loaded kiosk modules."""
    out: dict[str, type] = {}
    for name, module in list(sys.modules.items()):
        if name != "kiosk" and not name.startswith("kiosk."):
            continue
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and value.__module__ == name
                and hasattr(value, "staticMetaObject")
            ):
                out[value.staticMetaObject.className()] = value
    return out


def _referenced(type_name: str) -> str:
    """The class a C++ type name refers to: ``Navigator*`` → ``Navigator``."""
    return type_name.rstrip("*&").strip().removeprefix("const ")


def _source(cls: type) -> tuple[str, int]:
    module = sys.modules[cls.__module__]
    path = Path(module.__file__ or "").resolve()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ClassDef) and node.name == cls.__name__:
            return path.relative_to(REPO).as_posix(), node.lineno
    return path.relative_to(REPO).as_posix(), 0


def _arguments(method: Any) -> list[dict[str, str]]:
    names = [bytes(n.data()).decode() for n in method.parameterNames()]
    types = [bytes(t.data()).decode() for t in method.parameterTypes()]
    return [{"name": n, "type": t} if n else {"type": t} for n, t in zip(names, types, strict=True)]


def describe(cls: type, infos: Infos) -> dict[str, Any]:
    """One class in moc's JSON format, from its live meta-object."""
    from PySide6.QtCore import QMetaMethod  # noqa: TID251  (reads the Qt layer's meta-objects)

    mo = cls.staticMetaObject  # type: ignore[attr-defined]
    file, line = _source(cls)
    access = {
        QMetaMethod.Access.Public: "public",
        QMetaMethod.Access.Protected: "protected",
        QMetaMethod.Access.Private: "private",
    }
    own_infos = [
        (mo.classInfo(i).name(), mo.classInfo(i).value())
        for i in range(mo.classInfoOffset(), mo.classInfoCount())
    ]
    data: dict[str, Any] = {
        "className": mo.className(),
        "qualifiedClassName": mo.className(),
        "object": True,
        "lineNumber": line,
        "inputFile": file,
        "superClasses": [{"access": "public", "name": mo.superClass().className()}],
        "classInfos": [{"name": k, "value": v} for k, v in [*infos, *own_infos]],
    }
    properties = []
    for i in range(mo.propertyOffset(), mo.propertyCount()):
        p = mo.property(i)
        prop: dict[str, Any] = {
            "name": p.name(),
            "type": p.typeName(),
            "read": p.name(),
            "index": i - mo.propertyOffset(),
            "constant": p.isConstant(),
            "final": p.isFinal(),
            "required": p.isRequired(),
            "designable": p.isDesignable(),
            "scriptable": p.isScriptable(),
            "stored": p.isStored(),
            "user": p.isUser(),
        }
        if p.isWritable():
            prop["write"] = p.name()
        if p.isResettable():
            prop["reset"] = p.name()
        if p.hasNotifySignal():
            prop["notify"] = bytes(p.notifySignal().name().data()).decode()
        properties.append(prop)
    kinds = {
        QMetaMethod.MethodType.Signal: "signals",
        QMetaMethod.MethodType.Slot: "slots",
        QMetaMethod.MethodType.Method: "methods",
    }
    for i in range(mo.methodOffset(), mo.methodCount()):
        m = mo.method(i)
        entry: dict[str, Any] = {
            "access": access[m.access()],
            "name": bytes(m.name().data()).decode(),
            "arguments": _arguments(m),
            "returnType": m.typeName() or "void",
            "index": i - mo.methodOffset(),
        }
        if m.revision():
            entry["revision"] = m.revision()
        data.setdefault(kinds[m.methodType()], []).append(entry)
    for i in range(mo.enumeratorOffset(), mo.enumeratorCount()):
        e = mo.enumerator(i)
        data.setdefault("enums", []).append(
            {
                "name": e.name(),
                "isClass": e.isScoped(),
                "isFlag": e.isFlag(),
                "values": [e.key(k) for k in range(e.keyCount())],
            }
        )
    if properties:
        data["properties"] = properties
    return data


def _walk(registered: list[tuple[type, Infos]]) -> Iterator[dict[str, Any]]:
    """Describe the registered classes and every Python QObject type they lead to."""
    known = _python_qobject_types()
    pending = list(registered)
    seen: set[str] = set()
    while pending:
        cls, infos = pending.pop(0)
        if cls.staticMetaObject.className() in seen:  # type: ignore[attr-defined]
            continue
        data = describe(cls, infos)
        seen.add(data["className"])
        yield data
        names = [s["name"] for s in data["superClasses"]]
        names += [p["type"] for p in data.get("properties", [])]
        for kind in ("signals", "slots", "methods"):
            for m in data.get(kind, []):
                names += [m["returnType"], *(a["type"] for a in m["arguments"])]
        for name in map(_referenced, names):
            target = known.get(name)
            if target is not None and _is_python(target) and name not in seen:
                pending.append((target, []))


# -- writing the module ---------------------------------------------------------------------


def _qt_paths() -> tuple[Path, Path]:
    """Qt's metatypes folder and its libexec folder (qmltyperegistrar)."""
    from PySide6.QtCore import QLibraryInfo  # noqa: TID251  (finds Qt's own tools and metatypes)

    arch = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.ArchDataPath))
    libexec = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.LibraryExecutablesPath))
    return arch / "metatypes", libexec


def _check_registered(module: ImportName, classes: list[tuple[type, Infos]]) -> None:
    """Fail if the engine does not know a type under the name its decorators give it."""
    from PySide6.QtCore import QCoreApplication  # noqa: TID251  (qmlTypeId needs one)
    from PySide6.QtQml import qmlTypeId  # noqa: TID251

    _app = QCoreApplication.instance() or QCoreApplication([])
    for cls, infos in classes:
        name = dict(infos)[ELEMENT]
        if name == "anonymous":
            continue
        qml_name = cls.__name__ if name == "auto" else name
        # The stubs say bytes; the function takes str.
        found = qmlTypeId(module.uri, module.major, module.minor, qml_name)  # type: ignore[arg-type]
        if found < 0:
            raise SystemExit(
                f"{cls.__module__}.{cls.__name__} looks registered as {module.uri}/{qml_name} "
                f"{module.major}.{module.minor}, but the QML engine does not know it"
            )


def generate(out: Path = DEFAULT_OUT) -> list[Path]:
    """Write each import name's qmldir and .qmltypes under ``out``; return the folders."""
    metatypes, libexec = _qt_paths()
    foreign = [
        str(p) for m in _FOREIGN_MODULES for p in sorted(metatypes.glob(f"qt6{m}_*metatypes.json"))
    ]
    folders = []
    for module in registrations():
        classes = []
        for reg in module.classes:
            cls = getattr(importlib.import_module(reg.module), reg.name)
            classes.append((cls, reg.infos))
        _check_registered(module, classes)
        folder = out / module.folder
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory() as tmp:
            # One JSON entry per source file, as moc writes one per header.
            by_file: dict[str, list[dict[str, Any]]] = {}
            for data in _walk(classes):
                by_file.setdefault(data.pop("inputFile"), []).append(data)
            moc = [
                {"inputFile": f, "outputRevision": 69, "classes": c}
                for f, c in sorted(by_file.items())
            ]
            json_file = Path(tmp) / "metatypes.json"
            json_file.write_text(json.dumps(moc, indent=2), encoding="utf-8")
            result = subprocess.run(
                [
                    str(libexec / "qmltyperegistrar"),
                    "--import-name",
                    module.uri,
                    "--major-version",
                    str(module.major),
                    "--minor-version",
                    str(module.minor),
                    "--generate-qmltypes",
                    str(folder / module.typeinfo),
                    f"--foreign-types={','.join(foreign)}",
                    "-o",
                    str(Path(tmp) / "registrations.cpp"),
                    str(json_file),
                ],
                capture_output=True,
                text=True,
                check=False,
            )
        if result.returncode != 0 or result.stderr.strip():
            raise SystemExit(f"qmltyperegistrar failed for {module.uri}:\n{result.stderr}")
        (folder / "qmldir").write_text(
            f"module {module.uri}\ntypeinfo {module.typeinfo}\ndepends QtQml\n", encoding="utf-8"
        )
        folders.append(folder)
    return folders


# -- linting --------------------------------------------------------------------------------


def qmllint() -> str:
    """The ``pyside6-qmllint`` next to this Python (a virtual environment's, say)."""
    return str(Path(sysconfig.get_path("scripts")) / "pyside6-qmllint")


def categories() -> dict[str, str]:
    """Every warning category this qmllint knows → its default severity."""
    text = subprocess.run([qmllint(), "--help"], capture_output=True, text=True, check=True).stdout
    found = re.findall(r"--([a-z][a-z.-]*) <severity>.*?\(default:\s*(\w+)\)", text, re.DOTALL)
    return dict(found)


def severity_options() -> list[str]:
    """Every category at warning level, or stricter where qmllint's default is stricter."""
    options = []
    for name, default in sorted(categories().items()):
        level = BELOW_WARNING.get(name, "warning")
        if name not in BELOW_WARNING and _SEVERITIES.index(default) > _SEVERITIES.index(level):
            level = default  # syntax.duplicate-ids is an error
        options += [f"--{name}", level]
    return options


def qml_files() -> list[Path]:
    """Every QML file of the app."""
    return sorted(QML.rglob("*.qml"))


@dataclass(frozen=True)
class Finding:
    """One qmllint message."""

    file: str
    line: int
    column: int
    category: str
    message: str
    hint: str = ""

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}: {self.message} [{self.category}]"
        return f"{where}\n    hint: {self.hint}" if self.hint else where


def lint(types: Path, files: Iterable[Path] | None = None) -> list[Finding]:
    """qmllint's warnings (and errors) over ``files`` (every QML file of the app), with
    ``types`` (where :func:`generate` wrote) and ``resources/qml`` as import paths."""
    paths = [p.resolve() for p in (qml_files() if files is None else files)]
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "qmllint.json"
        command = [
            qmllint(),
            "--ignore-settings",  # the options below are the whole configuration
            "--max-warnings",
            "0",
            *severity_options(),
            "-I",
            str(QML),
            "-I",
            str(types),
            # The app's own module, so each file knows it belongs to it (Theme is a singleton).
            *(arg for qmldir in sorted(QML.rglob("qmldir")) for arg in ("-i", str(qmldir))),
            "--json",
            str(report),
            *map(str, paths),
        ]
        result = subprocess.run(command, capture_output=True, text=True, cwd=REPO, check=False)
        if not report.exists():
            raise SystemExit(f"qmllint wrote no report:\n{result.stdout}{result.stderr}")
        doc = json.loads(report.read_text(encoding="utf-8"))
    findings = []
    for entry in doc.get("files", []):
        path = Path(entry["filename"])
        name = str(path.relative_to(REPO) if path.is_relative_to(REPO) else path)
        warnings = [w for w in entry.get("warnings", []) if w.get("type") not in ("info", "debug")]
        if not entry.get("success", True) and not warnings:
            findings.append(Finding(name, 0, 0, "syntax", "qmllint failed on this file"))
        for w in warnings:
            hints = [str(s.get("message", "")) for s in w.get("suggestions", [])]
            findings.append(
                Finding(
                    name,
                    int(w.get("line", 0)),
                    int(w.get("column", 0)),
                    str(w.get("id", w.get("type", ""))),
                    str(w.get("message", "")),
                    "; ".join(h for h in hints if h),
                )
            )
    if not findings and result.returncode != 0:
        raise SystemExit(f"qmllint failed with no warning:\n{result.stdout}{result.stderr}")
    return findings


def main(argv: list[str] | None = None) -> int:
    """``make qmltypes`` and ``make qmllint``."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="import path to write")
    parser.add_argument("--lint", action="store_true", help="then lint every QML file")
    args = parser.parse_args(argv)
    for folder in generate(args.out):
        print(f"wrote {folder}")
    if not args.lint:
        return 0
    findings = lint(args.out)
    for finding in findings:
        print(finding)
    print(f"qmllint: {len(findings)} warnings in {len(qml_files())} QML files")
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
