"""Babel's CLDR data for the frozen kiosk: every locale, but only what the kiosk reads.

PyInstaller's hook for Babel (PyInstaller/hooks/hook-babel.py) collects ``babel/global.dat``
and the whole of ``babel/locale-data``: 30 MB of pickled dicts, one file per locale, mostly
names of languages, territories, currencies, units and time zones. The kiosk reads only
dates, plural rules, number symbols and writing direction (kiosk/content/cldr.py and
dates.py), so packaging/kiosk.spec replaces each locale file with a copy holding only
those keys (``KEPT``): 1.1 MB, and any language a bundle may name still works.
tests/test_cldr_data.py formats dates in every locale with the pruned data and
compares them with the full data's.
"""

from __future__ import annotations

import pickle
from collections.abc import Iterable
from pathlib import Path

#: Where the hook puts the locale files inside the frozen app.
LOCALE_DATA = "babel/locale-data/"

#: The keys of a locale file the kiosk reads, directly or through Babel's date formatting:
#: month names, skeleton and interval patterns, number symbols (the sign of
#: "approximately", by the default numbering system), plural rules and character order.
#: Each is needed: tests/test_cldr_data.py fails without any one of them.
KEPT = frozenset(
    {
        "months",
        "datetime_skeletons",
        "interval_formats",
        "number_symbols",
        "default_numbering_system",
        "plural_form",
        "character_order",
    }
)

Entry = tuple[str, str, str]  # PyInstaller's TOC entry: (destination, source, typecode)


def prune_file(source: Path, target: Path) -> None:
    """Write the locale file ``source`` to ``target`` with only the ``KEPT`` keys."""
    with source.open("rb") as f:
        data = pickle.load(f)  # Babel's own data, read as Babel reads it
    kept = {key: value for key, value in data.items() if key in KEPT}
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("wb") as f:
        pickle.dump(kept, f, protocol=pickle.HIGHEST_PROTOCOL)


def prune_datas(datas: Iterable[Entry], workdir: Path) -> list[Entry]:
    """PyInstaller's data entries with each of Babel's locale files replaced by its pruned
    copy, written under ``workdir``. Fails when the hook collected no CLDR data."""
    out = []
    locales = 0
    for dest, src, typecode in datas:
        if dest.startswith(LOCALE_DATA) and dest.endswith(".dat"):
            pruned = workdir / Path(dest).name
            prune_file(Path(src), pruned)
            out.append((dest, str(pruned), typecode))
            locales += 1
        else:
            out.append((dest, src, typecode))
    dests = {dest for dest, _, _ in out}
    missing = {"babel/global.dat", LOCALE_DATA + "root.dat", LOCALE_DATA + "en.dat"} - dests
    if missing or locales < 100:
        raise SystemExit(
            f"kiosk.spec: Babel's CLDR data was not collected ({', '.join(sorted(missing))} "
            f"missing, {locales} locale files): PyInstaller's hook-babel.py should collect "
            "babel/global.dat and babel/locale-data"
        )
    return out
