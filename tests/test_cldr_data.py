"""The frozen kiosk's CLDR data (packaging/cldr_data.py) is enough: with every locale file
pruned to the keys it keeps, every locale words dates, plural forms, the sign of
"approximately" and the writing direction exactly as with Babel's full data (that
PyInstaller's hook collects the data is tests/packaging/test_pyinstaller_hooks.py). No Qt here.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from tests.conftest import REPO

# Run in a fresh interpreter so that Babel reads its data from DATA (or its own folder).
WORDING = r"""
import json, sys
import babel.localedata
if sys.argv[1]:
    babel.localedata._dirname = sys.argv[1]
from kiosk.content import cldr, spec
from kiosk.content.dates import lifespan

def d(**kw):
    return spec.typed(spec.Dating.model_validate(kw))

dates = [
    d(year=1920, month=5, day=2),
    d(year=1920, month=5),
    d(year=1920, approximate=True),
    d(year=1920, month=2, part="late"),
    d(year=1920, part="mid"),
    d(**{"from": {"year": 1920, "month": 4, "day": 29},
         "to": {"year": 1920, "month": 5, "day": 2}}),
    d(**{"from": {"year": 1919, "month": 11}, "to": {"year": 1920, "month": 2}}),
    d(**{"from": {"year": 1920, "month": 4, "day": 27}, "to": {"year": 1920, "month": 4, "day": 28},
         "night": True}),
]
out = {}
for code in sorted(babel.localedata.locale_identifiers()):
    tag = code.replace("_", "-")
    out[code] = [date.display(tag) for date in dates] + [
        lifespan(d(year=1890, approximate=True), d(year=1942), tag),
        cldr.plural_categories(tag),
        [cldr.plural_category(tag, n) for n in (0, 1, 2, 3, 5, 11, 21, 101)],
        cldr.right_to_left(tag),
    ]
print(json.dumps(out, ensure_ascii=False))
"""


def _cldr_data() -> ModuleType:
    spec = importlib.util.spec_from_file_location("cldr_data", REPO / "packaging" / "cldr_data.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _babel_dir() -> Path:
    spec = importlib.util.find_spec("babel")
    assert spec is not None and spec.origin is not None
    return Path(spec.origin).parent


def _wording(data_dir: str) -> dict[str, list[object]]:
    done = subprocess.run(
        [sys.executable, "-c", WORDING, data_dir],
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO,
        timeout=600,
    )
    return json.loads(done.stdout)


def test_every_locale_words_dates_the_same_with_the_pruned_data(tmp_path):
    cldr_data = _cldr_data()
    locale_data = _babel_dir() / "locale-data"
    entries = [
        (f"{cldr_data.LOCALE_DATA}{p.name}", str(p), "DATA") for p in locale_data.iterdir()
    ] + [("babel/global.dat", str(_babel_dir() / "global.dat"), "DATA")]
    pruned = cldr_data.prune_datas(entries, tmp_path / "pruned")
    size = sum(Path(src).stat().st_size for dest, src, _ in pruned if dest.endswith(".dat"))
    assert size < 3_000_000  # from 30 MB
    assert (tmp_path / "pruned" / "root.dat").is_file()
    full, small = _wording(""), _wording(str(tmp_path / "pruned"))
    assert len(full) > 700
    assert small == full


def test_the_spec_fails_when_no_cldr_data_was_collected(tmp_path):
    with pytest.raises(SystemExit, match="Babel's CLDR data was not collected"):
        _cldr_data().prune_datas([("babel/__init__.py", "x", "DATA")], tmp_path)


def test_the_spec_prunes_the_cldr_data():
    spec = (REPO / "packaging" / "kiosk.spec").read_text(encoding="utf-8")
    assert "from cldr_data import prune_datas" in spec
    assert "datas = prune_datas(datas," in spec
