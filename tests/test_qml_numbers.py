"""No magic numbers in the QML (checked on the source, no Qt needed): every size, share,
duration and count has a name. Design values live in Theme.qml; a proportion that belongs to
one screen or component is a named property at the top of it. Anywhere else a number may be
0, 1 or 2 (halving, centring, indices, ``count - 1``), and nothing more."""

from __future__ import annotations

import re
from pathlib import Path

QML = Path(__file__).resolve().parent.parent / "resources" / "qml" / "Kiosk"

# Numbers that need no name: nothing, one, halves and doubles (and their negatives).
PLAIN = {0.0, 1.0, 2.0}

# A numeric literal, not the digits of a name ("pin_3", "item2") or a hex colour's.
NUMBER = re.compile(r"(?<![\w$.])(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?(?![\w$])")

# A line that names what it holds: `property real share: 0.45`, `readonly property int …`.
DECLARATION = re.compile(r"^\s*(?:(?:readonly|required|default)\s+)*property\s+[\w.<>]+\s+\w+\s*:")


def strip(source: str) -> str:
    """The source with comments and the insides of string literals blanked out (line
    breaks kept, so line numbers stay right)."""
    out: list[str] = []
    i, n = 0, len(source)
    while i < n:
        c = source[i]
        if source.startswith("//", i):
            end = source.find("\n", i)
            i = n if end < 0 else end
        elif source.startswith("/*", i):
            end = source.find("*/", i + 2)
            end = n if end < 0 else end + 2
            out.append(re.sub(r"[^\n]", " ", source[i:end]))
            i = end
        elif c in "\"'`":
            out.append(c)
            i += 1
            while i < n and source[i] != c:
                if source[i] == "\\":
                    out.append(" ")
                    i += 1
                out.append("\n" if i < n and source[i] == "\n" else " ")
                i += 1
            if i < n:
                out.append(c)
                i += 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


def unnamed(source: str) -> list[tuple[int, str]]:
    """(line number, literal) of each number that is neither plain nor declared by name."""
    found = []
    for number, line in enumerate(strip(source).splitlines(), 1):
        if line.lstrip().startswith("import ") or DECLARATION.match(line):
            continue
        literals = (m.group() for m in NUMBER.finditer(line))
        found += [(number, literal) for literal in literals if float(literal) not in PLAIN]
    return found


def test_the_scanner_finds_what_it_should():
    assert unnamed("width: Theme.u * 90") == [(1, "90")]
    assert unnamed("font.pixelSize: Theme.titleSize * 0.8") == [(1, "0.8")]
    assert unnamed("Item {\n    spacing: .5\n}") == [(2, ".5")]
    assert unnamed("x: a ? 3 : 4") == [(1, "3"), (1, "4")]
    assert unnamed("if (s.length < 12)") == [(1, "12")]
    # Named, plain, or not a number of the code at all.
    assert unnamed("readonly property real heroShare: 0.45 // of the width") == []
    assert unnamed("    property int keys: 12") == []
    assert unnamed("required property real ratio: 1.25") == []
    assert unnamed("x: -1\ny: width / 2 - 1\nz: count - 1\nopacity: 1.0") == []
    assert unnamed("import QtQuick 2.15\nimport Kiosk 1.0") == []
    assert unnamed('text: "3 of 12 " + qsTr("5 items") // 75 characters') == []
    assert unnamed("color: \"#99000000\"\nname: 'a 7\\' b'") == []
    assert unnamed("/* 40\n   50 */ x: 0") == []
    assert unnamed('objectName: "pin_" + item2.index3') == []


def test_every_number_in_the_qml_has_a_name():
    files = sorted(QML.rglob("*.qml"))
    assert len(files) > 20  # the module is where this test thinks it is
    offenders = [
        f"{path.relative_to(QML)}:{line}: {literal}"
        for path in files
        if path.name != "Theme.qml"
        for line, literal in unnamed(path.read_text(encoding="utf-8"))
    ]
    assert offenders == [], (
        "name these numbers: a design value as a readonly property of Theme.qml, a screen's "
        "own proportion as a `readonly property real name: value // what it is` at its top"
    )
