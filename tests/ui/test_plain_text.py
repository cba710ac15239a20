"""Text from a bundle is plain text: the only rich text comes from our own parsed spans."""

from __future__ import annotations

import re

from PySide6.QtQml import QQmlExpression, qmlContext

from kiosk.ui.navigation import Navigator
from tests.conftest import REPO
from tests.ui.scene import text_items

QML = REPO / "resources" / "qml"
PLAIN, STYLED = 0, 4  # Text.PlainText, Text.StyledText (Text.AutoText is 2)


def test_every_text_in_the_qml_is_plain_but_the_paragraph_renderer():
    offenders = []
    for path in sorted(QML.rglob("*.qml")):
        lines = path.read_text(encoding="utf-8").splitlines()
        for i, line in enumerate(lines):
            if not re.match(r"^\s*(\w+:\s*)?Text \{\s*$", line):
                continue
            indent = len(line) - len(line.lstrip()) + 4
            block, depth = [], 1
            for inner in lines[i + 1 :]:
                depth += inner.count("{") - inner.count("}")
                if depth <= 0:
                    break
                if len(inner) - len(inner.lstrip()) == indent:
                    block.append(inner.strip())
            wanted = (
                "textFormat: Text.StyledText"
                if path.name == "Paragraphs.qml"
                else "textFormat: Text.PlainText"
            )
            if wanted not in block:
                offenders.append(f"{path.relative_to(QML)}:{i + 1}")
    assert offenders == [], "Text items without textFormat: Text.PlainText"


def test_on_screen_only_paragraphs_are_styled(kiosk, qtbot):
    nav = kiosk.session.navigator
    for screen in Navigator.Screen:
        nav.home()
        nav.open(int(screen), 0)
        qtbot.waitUntil(lambda s=screen: nav.screen == int(s))
        with qtbot.waitSignal(kiosk.window.frameSwapped, timeout=5000):
            kiosk.window.update()  # the screen's Loader has built it by the next frame
        texts = text_items(kiosk.window)
        assert texts, screen
        for t in texts:
            expected = STYLED if t.objectName() == "paragraph" else PLAIN
            # PySide6 has no converter for the enum: let QML read it, as a number.
            got, _ = QQmlExpression(qmlContext(t), t, "textFormat").evaluate()
            assert int(got) == expected, (screen, t.property("text"))
