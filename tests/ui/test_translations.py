"""The Russian UI translation is complete, current with the QML, and compiled into the app."""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from tests.conftest import REPO

TS = REPO / "resources" / "i18n" / "kiosk_ru.ts"
BIN = Path(sys.executable).parent


def sources(ts: Path) -> set[str]:
    return {str(m.findtext("source")) for m in ET.parse(ts).getroot().iter("message")}


def test_every_ui_string_is_translated():
    unfinished = [
        m.findtext("source")
        for m in ET.parse(TS).getroot().iter("message")
        if m.find("translation") is None
        or m.find("translation").get("type") in ("unfinished", "obsolete")
        or not (m.findtext("translation") or "").strip()
    ]
    assert unfinished == []


def test_ts_file_holds_every_string_of_the_qml(tmp_path):
    copy = tmp_path / "kiosk_ru.ts"
    shutil.copy(TS, copy)
    qml = sorted(str(p) for p in (REPO / "resources" / "qml").rglob("*.qml"))
    subprocess.run(
        [str(BIN / "pyside6-lupdate"), *qml, str(REPO / "kiosk/ui/present.py"), "-ts", str(copy)],
        check=True,
        capture_output=True,
    )
    assert sources(copy) == sources(TS), "run `make translations`, translate, and commit"


def test_compiled_translation_is_current(tmp_path):
    qm = tmp_path / "kiosk_ru.qm"
    subprocess.run(
        [str(BIN / "pyside6-lrelease"), str(TS), "-qm", str(qm)], check=True, capture_output=True
    )
    committed = REPO / "resources" / "i18n" / "kiosk_ru.qm"
    assert qm.read_bytes() == committed.read_bytes(), "run `make resources` and commit"
