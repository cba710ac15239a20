"""House rules of the QML, checked on the source (no Qt needed): text through the project's
text family, rows through roles, colours from the Theme."""

from __future__ import annotations

import re
from pathlib import Path

QML = Path(__file__).resolve().parent.parent / "resources" / "qml" / "Kiosk"

# Where a bare Text may stand: the text family itself, the paragraph renderer (the one place
# that shows our parsed spans as StyledText) and the button's label.
TEXT_ALLOWED = {
    "text/Heading.qml",
    "text/BodyText.qml",
    "text/SmallText.qml",
    "text/FieldLabel.qml",
    "components/Paragraphs.qml",
}


def qml_files() -> list[tuple[str, list[str]]]:
    files = sorted(QML.rglob("*.qml"))
    assert len(files) > 20  # the module is where this test thinks it is
    return [(str(p.relative_to(QML)), p.read_text(encoding="utf-8").splitlines()) for p in files]


def code(line: str) -> str:
    """The line without a trailing // comment (none of our strings holds //)."""
    return line.split("//", 1)[0]


def test_every_string_goes_through_the_text_family():
    offenders = [
        f"{name}:{i}"
        for name, lines in qml_files()
        if name not in TEXT_ALLOWED
        for i, line in enumerate(lines, 1)
        if re.search(r"(^|:\s*)Text \{", code(line).strip()) and "contentItem: Text {" not in line
    ]
    assert offenders == [], (
        "use Heading, BodyText, SmallText or FieldLabel (resources/qml/Kiosk/text)"
    )


def test_qml_binds_to_roles_and_never_fetches_rows():
    offenders = [
        f"{name}:{i}: {line.strip()}"
        for name, lines in qml_files()
        for i, line in enumerate(lines, 1)
        if re.search(r"\.(get|indexOf)\(", code(line))
    ]
    assert offenders == []


def test_every_colour_comes_from_the_theme():
    offenders = [
        f"{name}:{i}: {line.strip()}"
        for name, lines in qml_files()
        if name != "Theme.qml"
        for i, line in enumerate(lines, 1)
        if re.search(
            r"\"#[0-9a-fA-F]{3,8}\"|Qt\.rgba?\(|\"(red|white|black|grey|gray)\"", code(line)
        )
    ]
    assert offenders == []
