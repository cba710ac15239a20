"""Which of Qt's own QML modules the frozen kiosk keeps (read by packaging/kiosk.spec).

The kiosk's QML module (``Kiosk``) is compiled into ``kiosk/_resources_rc.py`` and loaded
from qrc, and ``Kiosk.Backend`` is registered from Python (``QML_IMPORT_NAME`` in
``kiosk/ui``), so neither is a folder of PySide6's ``Qt/qml``. Of that folder the frozen
build needs only the modules the app's QML imports and the modules those import in turn;
everything else there (Controls and its styles, Dialogs, Layouts, Shapes, Effects, Labs,
VirtualKeyboard, QtTest, QtWayland's compositor, …) is left out.

tests/test_packaging_spec.py checks, without importing Qt, that ``IMPORTED`` is exactly the
set of Qt modules imported by the QML files under ``resources/qml``, and that ``KEPT`` is
exactly the closure of ``IMPORTED`` through the ``import`` and ``depends`` lines of the
installed PySide6's ``qmldir`` files: a new ``import`` in a QML file fails the test until it
is added here.
"""

from __future__ import annotations

# The app's own modules: never collected from PySide6 (they are not there).
APP_MODULES: frozenset[str] = frozenset({"Kiosk", "Kiosk.Backend"})

# What the QML files under resources/qml import from Qt.
IMPORTED: tuple[str, ...] = ("QtQuick", "QtQuick.Layouts", "QtQuick.Templates", "QtQuick.Window")

# What those modules import in turn (read from their qmldir files), and why.
DEPENDENCIES: dict[str, str] = {
    "QtQml": "QtQuick/qmldir: import QtQml auto",
    "QtQml.Models": "QtQml/qmldir: import QtQml.Models auto",
    "QtQml.WorkerScript": "QtQml/qmldir: import QtQml.WorkerScript auto",
}

# Everything the spec keeps of PySide6/Qt/qml: these modules' own folders (qmldir, plugin,
# type information), not their sub-folders, which are other modules.
KEPT: tuple[str, ...] = IMPORTED + tuple(DEPENDENCIES)


def module_dir(module: str) -> str:
    """A module's folder under PySide6's ``Qt/qml``: ``QtQuick.Window`` → ``QtQuick/Window``."""
    return module.replace(".", "/")
