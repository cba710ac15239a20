"""`kiosk proof` finds planted defects, and none in the default exhibit at any size."""

from __future__ import annotations

import json
import time

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtQml import QQmlComponent, QQmlEngine
from PySide6.QtQuick import QQuickItem

from kiosk.cli import main
from kiosk.ui.navigation import Navigator
from kiosk.ui.options import Held
from kiosk.ui.proof import (
    CLIPPED,
    CONTRAST,
    DEFAULT_SIZES,
    OUT_OF_REACH,
    OVERLAPPED,
    inspect,
    proof,
    report,
)
from kiosk.ui.shoot import Shooter
from kiosk.ui.walk import items, settle, wait
from tests.conftest import DEFAULT_BUNDLE

PLANTED = b"""
import QtQuick
import Kiosk

// On a plain paper ground of its own, so that what is behind each defect is known.
Rectangle {
    x: 20; y: 240; width: 1200; height: 300
    z: 100
    color: Theme.paper

    Item {
        objectName: "plantedBox"
        x: 20; y: 20; width: 360; height: 20
        clip: true

        BodyText {
            objectName: "plantedText"
            width: 360
            text: "A line of text far too tall for the box that holds it"
        }
    }
    KioskButton { objectName: "plantedFirst"; x: 440; y: 20; text: "First" }
    KioskButton { objectName: "plantedSecond"; x: 480; y: 50; text: "Second" }
    KioskButton {
        objectName: "plantedFaint"
        x: 840; y: 20
        text: "Faint"
        background: Rectangle {
            color: Theme.paper
            border.width: 3
            border.color: Theme.paperDeep
        }
    }
}
"""


def _plant(shooter: Shooter) -> QQuickItem:
    component = QQmlComponent(shooter.view.engine, shooter.view.window)  # lives with the window
    component.setData(PLANTED, QUrl("planted.qml"))
    planted = component.create()
    assert isinstance(planted, QQuickItem), component.errorString()
    QQmlEngine.setObjectOwnership(planted, QQmlEngine.ObjectOwnership.CppOwnership)
    planted.setParentItem(shooter.view.window.contentItem())
    settle(shooter.view)
    return planted


def _about(findings, name, problem):
    return [f for f in findings if name in f[0] and f[1] == problem]


def _pair(findings, a, b):
    """The two planted buttons reported as overlapping each other."""
    return [
        f
        for f in findings
        if f[1] == OVERLAPPED and ((a in f[0] and b in f[2]) or (b in f[0] and a in f[2]))
    ]


def test_the_three_planted_defects_are_reported_and_go_away_when_fixed(qapp):
    with Shooter(DEFAULT_BUNDLE) as shooter:
        shooter.view.window.resize(1280, 800)
        settle(shooter.view)
        target = float(shooter.theme.property("targetSize"))
        assert inspect(shooter.view.window, target) == []  # Home as shipped is clean
        planted = _plant(shooter)
        found = inspect(shooter.view.window, target)
        assert _about(found, "plantedText", CLIPPED), found
        assert _pair(found, "plantedFirst", "plantedSecond"), found
        assert _about(found, "plantedFaint", CONTRAST), found
        faint = _about(found, "plantedFaint", CONTRAST)[0][2]
        assert "fill 1.00:1" in faint and "border 1.15:1" in faint  # paperDeep on paper

        # Each finding is about the defect itself: fix one and its finding goes.
        box = next(i for i in planted.findChildren(QQuickItem) if i.objectName() == "plantedBox")
        box.setHeight(400)
        second = next(
            i for i in planted.findChildren(QQuickItem) if i.objectName() == "plantedSecond"
        )
        second.setY(200)
        settle(shooter.view)
        found = inspect(shooter.view.window, target)
        assert not _about(found, "plantedText", CLIPPED), found
        assert not _pair(found, "plantedFirst", "plantedSecond"), found
        assert _about(found, "plantedFaint", CONTRAST), found
        planted.setParentItem(None)
        planted.deleteLater()


CUE_OVER_TEXT = b"""
import QtQuick
import QtQuick.Templates as T
import Kiosk

// A view that scrolls, with its cue, and a line of text as wide as the view: the cue's bar
// stands on the line's last letters.
Rectangle {
    x: 20; y: 240; width: 600; height: 300
    z: 100
    color: Theme.paper

    Flickable {
        objectName: "plantedView"
        anchors.fill: parent
        contentHeight: 900
        clip: true
        T.ScrollIndicator.vertical: ScrollCue {}

        BodyText {
            objectName: "plantedLine"
            width: parent.width
            horizontalAlignment: Text.AlignRight
            text: "A line that runs to the edge"
        }
    }
}
"""


def test_a_scroll_cue_on_text_is_reported_and_goes_when_the_text_makes_room(qapp):
    with Shooter(DEFAULT_BUNDLE) as shooter:
        shooter.view.window.resize(1280, 800)
        settle(shooter.view)
        target = float(shooter.theme.property("targetSize"))
        component = QQmlComponent(shooter.view.engine)
        component.setData(CUE_OVER_TEXT, QUrl("cue.qml"))
        planted = component.create()
        assert isinstance(planted, QQuickItem), component.errorString()
        QQmlEngine.setObjectOwnership(planted, QQmlEngine.ObjectOwnership.CppOwnership)
        planted.setParentItem(shooter.view.window.contentItem())
        settle(shooter.view)
        found = inspect(shooter.view.window, target)
        assert [f for f in _about(found, "plantedLine", OVERLAPPED) if "scroll cue" in f[2]], found
        line = next(i for i in planted.findChildren(QQuickItem) if i.objectName() == "plantedLine")
        line.setWidth(line.width() - float(shooter.theme.property("scrollCueWidth")) * 2)
        settle(shooter.view)
        found = inspect(shooter.view.window, target)
        assert not [f for f in _about(found, "plantedLine", OVERLAPPED) if "scroll cue" in f[2]]
        planted.setParentItem(None)
        planted.deleteLater()


def test_a_cut_text_in_a_view_that_scrolls_with_a_cue_is_fine_without_the_cue_it_is_not(qapp):
    with Shooter(DEFAULT_BUNDLE) as shooter:
        shooter.view.window.resize(1280, 800)
        view = shooter.view
        view.session.navigator.open(int(Navigator.Screen.Glossary), 0)  # longer than the screen
        # Renditions arriving rebuild the rows (and the cues with them): let them all come.
        deadline = time.monotonic() + 60
        while view.session.making_renditions and time.monotonic() < deadline:
            wait(50)
        settle(view)
        target = float(shooter.theme.property("targetSize"))
        assert inspect(view.window, target) == []
        cues = [
            i
            for i in items(view.window.contentItem())
            if i.objectName() == "scrollCue" and i.isVisible()
        ]
        assert cues
        # Hidden just before the inspection, with no event processed in between: a cue's own
        # bindings (its flickable's size, its fade) may show it again at the next frame.
        for cue in cues:
            cue.setVisible(False)
        found = inspect(view.window, target)
        assert any(f[1] == CLIPPED and "no scroll cue" in f[2] for f in found), found


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_default_exhibit_has_no_findings_at_any_size(qapp, lang):
    assert proof(DEFAULT_BUNDLE, sizes=DEFAULT_SIZES, languages=[lang]) == []


#: The visitor's options as `kiosk proof` holds them on: the two that move the layout alone,
#: and all three at once (high contrast moves nothing: its colours are checked there).
OPTION_RUNS = {
    "large-text": Held(large_text=True),
    "seated": Held(seated=True),
    "all-three": Held(large_text=True, high_contrast=True, seated=True),
}


@pytest.mark.parametrize("held", OPTION_RUNS.values(), ids=OPTION_RUNS.keys())
def test_the_default_exhibit_has_no_findings_with_the_visitors_options(qapp, held):
    # Text twice the size, the high-contrast palette, every control between 15" and 48"
    # above the floor (a 43" screen with its bottom edge 30" up: the default [reach]).
    findings = proof(DEFAULT_BUNDLE, sizes=DEFAULT_SIZES, languages=["en", "ru"], options=held)
    assert findings == [], report(findings, as_json=False)


def test_a_control_outside_the_seated_band_is_reported(qapp):
    with Shooter(DEFAULT_BUNDLE) as shooter:
        shooter.view.window.resize(1280, 800)
        settle(shooter.view)
        target = float(shooter.theme.property("targetSize"))
        assert inspect(shooter.view.window, target, (0, 800)) == []
        # A band that ends above the bottom band: its buttons are out of a seated reach.
        found = inspect(shooter.view.window, target, (0, 600))
        out = [f for f in found if f[1] == OUT_OF_REACH]
        assert any("optionsButton" in f[0] for f in out), found
        assert all("outside the seated visitor's 0–600" in f[2] for f in out), out


def test_cli_proof_prints_json_and_says_which_language_is_missing(qapp, capsys):
    args = ["proof", str(DEFAULT_BUNDLE), "--size", "1280x800", "--lang", "en", "--json"]
    assert main(args) == 0
    assert json.loads(capsys.readouterr().out) == []
    assert main(["proof", str(DEFAULT_BUNDLE), "--size", "1280x800", "--lang", "xx"]) == 2
    assert "the bundle has no xx; it has en, ru" in capsys.readouterr().err


@pytest.fixture(scope="module")
def stress_bundle(tmp_path_factory):
    from tests.stress import make_stress_bundle

    return make_stress_bundle(tmp_path_factory.mktemp("stress"))


#: Every language at the smallest landscape and the portrait size; English and the
#: right-to-left Hebrew also at full HD and 4K.
STRESS_RUNS = {
    "every-language-1280x800-1080x1920": (
        [(1280, 800), (1080, 1920)],
        ["en", "ru", "de", "az", "he"],
    ),
    "en-he-1920x1080-3840x2160": ([(1920, 1080), (3840, 2160)], ["en", "he"]),
}


@pytest.mark.parametrize("sizes, languages", STRESS_RUNS.values(), ids=STRESS_RUNS.keys())
def test_the_stress_bundle_has_no_findings(qapp, stress_bundle, sizes, languages):
    # 40 people, 60 terms, five languages (German with an 80-letter word, Azerbaijani, and
    # Hebrew, mirrored right to left), titles three times as long, four pictures on a page,
    # a panorama, a tall document, a tiny original, a person without a portrait.
    findings = proof(stress_bundle, sizes=sizes, languages=languages)
    assert findings == [], report(findings, as_json=False)


def test_the_stress_bundle_has_no_findings_with_every_option_on(qapp, stress_bundle):
    # The long words, many people and terms and right-to-left Hebrew, with text twice the
    # size, high contrast and every control in a seated visitor's reach.
    held = Held(large_text=True, high_contrast=True, seated=True)
    findings = proof(
        stress_bundle, sizes=[(1280, 800), (1080, 1920)], languages=["de", "az", "he"], options=held
    )
    assert findings == [], report(findings, as_json=False)
