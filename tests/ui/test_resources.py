"""The compiled resources (kiosk/_resources_rc.py) hold exactly the files in resources/."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from PySide6.QtCore import QFile, QIODevice

import kiosk._resources_rc  # noqa: F401
from tests.conftest import REPO

QRC = REPO / "resources" / "kiosk.qrc"


def listed() -> dict[str, str]:
    """Resource path → file path, as kiosk.qrc lists them."""
    out = {}
    for res in ET.parse(QRC).getroot().iter("qresource"):
        prefix = res.get("prefix", "/").rstrip("/")
        for f in res.iter("file"):
            out[f"{prefix}/{f.get('alias') or f.text}"] = str(f.text)
    return out


def test_compiled_resources_match_the_sources():
    stale = []
    for resource, path in listed().items():
        qfile = QFile(f":{resource}")
        assert qfile.open(QIODevice.OpenModeFlag.ReadOnly), f"{resource} is not compiled in"
        if bytes(qfile.readAll().data()) != (QRC.parent / path).read_bytes():
            stale.append(path)
    assert stale == [], "resources are stale: run `make resources` and commit"


def test_every_qml_file_is_listed():
    on_disk = {
        str(p.relative_to(QRC.parent)) for p in (QRC.parent / "qml").rglob("*") if p.is_file()
    }
    assert on_disk <= set(listed().values())
