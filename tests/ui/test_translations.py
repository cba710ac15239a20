"""UI translations are complete, current with the sources, and compiled into the app."""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.conftest import REPO

I18N = REPO / "resources" / "i18n"
BIN = Path(sys.executable).parent
# Russian translates everything; English (the source language) only its plural forms.
FILES = {"kiosk_ru.ts": [], "kiosk_en.ts": ["-pluralonly"]}


def sources(ts: Path) -> set[str]:
    return {str(m.findtext("source")) for m in ET.parse(ts).getroot().iter("message")}


@pytest.mark.parametrize("name", FILES)
def test_every_ui_string_is_translated(name):
    unfinished = []
    for m in ET.parse(I18N / name).getroot().iter("message"):
        tr = m.find("translation")
        # (An Element with no children is falsy: compare with None.)
        texts = (
            [] if tr is None else [tr.text or ""] + [f.text or "" for f in tr.iter("numerusform")]
        )
        if (
            tr is None
            or tr.get("type") in ("unfinished", "obsolete")
            or not any(t.strip() for t in texts)
        ):
            unfinished.append(m.findtext("source"))
    assert unfinished == []


@pytest.mark.parametrize(("name", "flags"), FILES.items())
def test_ts_files_hold_every_string_of_the_sources(tmp_path, name, flags):
    copy = tmp_path / name
    shutil.copy(I18N / name, copy)
    files = sorted(str(p) for p in (REPO / "resources" / "qml").rglob("*.qml"))
    files += sorted(str(p) for p in (REPO / "kiosk" / "ui").glob("*.py"))
    subprocess.run(
        [str(BIN / "pyside6-lupdate"), *files, *flags, "-ts", str(copy)],
        check=True,
        capture_output=True,
    )
    assert sources(copy) == sources(I18N / name), "run `make translations`, translate, commit"


@pytest.mark.parametrize("name", FILES)
def test_compiled_translation_is_current(tmp_path, name):
    qm = tmp_path / name.replace(".ts", ".qm")
    subprocess.run(
        [str(BIN / "pyside6-lrelease"), str(I18N / name), "-qm", str(qm)],
        check=True,
        capture_output=True,
    )
    committed = I18N / name.replace(".ts", ".qm")
    assert qm.read_bytes() == committed.read_bytes(), "run `make resources` and commit"
