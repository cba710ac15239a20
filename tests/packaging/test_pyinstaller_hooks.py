"""PyInstaller's own hook for Babel collects the CLDR data that packaging/cldr_data.py then
prunes (``make test-dist``, where the ``dist`` extra is installed: no skip when it is not,
an import error)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from PyInstaller.utils import hooks


def test_pyinstallers_hook_collects_babels_data():
    spec = importlib.util.find_spec("PyInstaller")
    assert spec is not None and spec.origin is not None
    hook = (Path(spec.origin).parent / "hooks" / "hook-babel.py").read_text(encoding="utf-8")
    assert "collect_data_files('babel')" in hook or 'collect_data_files("babel")' in hook
    dests = {dest for _src, dest in hooks.collect_data_files("babel")}
    assert {"babel", "babel/locale-data"} <= dests
    assert any(Path(src).name == "global.dat" for src, _ in hooks.collect_data_files("babel"))
