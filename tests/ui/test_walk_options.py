"""`kiosk proof` and `kiosk render` with the visitor's options held on (--large-text,
--high-contrast, --seated): on at every state the walk reaches, "Still there?" and the
attract loop (which end the visit) and what comes after them included; off without the
flags. A render with options goes to a folder of its own beside the plain one.

Whether proof finds nothing with the options on is the QML's business (tested with it).
"""

from __future__ import annotations

import json

import pytest

from kiosk.cli import _held, build_parser, main
from kiosk.ui.idle import VisitClock
from kiosk.ui.options import Held
from kiosk.ui.proof import Finding
from kiosk.ui.shoot import Shooter
from tests.conftest import DEFAULT_BUNDLE
from tests.ui.scene import find, tap
from tests.ui.test_kiosk_mode import idle, kiosk_config

P = VisitClock.Phase
NAMES = ("largeText", "highContrast", "seated", "textScale")
OFF = {"largeText": False, "highContrast": False, "seated": False, "textScale": 1.0}
LARGE_SEATED = {"largeText": True, "highContrast": False, "seated": True, "textScale": 2.0}


def options_of(view) -> dict[str, object]:
    """The options as QML reads them, through the meta-object."""
    return {name: view.options.property(name) for name in NAMES}


def test_the_flags_parse():
    parser = build_parser()
    for verb, needed in (("proof", []), ("render", ["--out", "renders"])):
        args = parser.parse_args([verb, *needed, "--large-text", "--seated"])
        assert _held(args) == Held(large_text=True, seated=True)
        args = parser.parse_args([verb, *needed, "--high-contrast"])
        assert _held(args) == Held(high_contrast=True)
        assert _held(parser.parse_args([verb, *needed])) == Held()
    assert Held(large_text=True, seated=True).folder == "large-text+seated"
    assert Held(True, True, True).label == "large-text high-contrast seated"
    assert Held().folder == Held().label == ""


def test_a_finding_says_which_options_were_on():
    found = Finding("Home", "title", "elided", "shortened", "en", "1280x800", "001-home")
    assert found.line() == "1280x800 en · Home · title: elided: shortened"
    held = Finding("Home", "title", "elided", "shortened", "en", "1280x800", "001-home", "seated")
    assert held.line() == "1280x800 en seated · Home · title: elided: shortened"


@pytest.fixture
def walked(monkeypatch):
    """Every state the command walks: (its name, the options, the visit's phase) as it was
    shown, read from Python as each state is handed over."""
    seen: list[tuple[str, dict[str, object], int]] = []
    original = Shooter.states

    def states(self, sizes, languages=None):
        for size, lang, state in original(self, sizes, languages):
            seen.append((state.name, options_of(self.view), self.view.visit.phase))
            yield size, lang, state

    monkeypatch.setattr(Shooter, "states", states)
    return seen


def kinds(walked) -> list[str]:
    return [name.split("-", 1)[1] for name, _, _ in walked]


@pytest.mark.parametrize(
    ("flags", "expected", "words"),
    [(["--large-text", "--seated"], LARGE_SEATED, "large-text seated"), ([], OFF, "")],
    ids=["large-text-seated", "no-flags"],
)
def test_proof_walks_every_state_with_the_options_held(
    qapp, walked, capsys, flags, expected, words
):
    args = ["proof", str(DEFAULT_BUNDLE), "--size", "1280x800", "--lang", "en", "--json"]
    assert main([*args, *flags]) in (0, 1)
    findings = json.loads(capsys.readouterr().out)
    walk = kinds(walked)
    # The states that end the visit, and one after them.
    assert walk.index("still-there") < walk.index("attract") < walk.index("pin-pad")
    (attract,) = [phase for name, _, phase in walked if name.endswith("-attract")]
    assert attract == P.Attract  # the attract loop really ran (and reset the visit)
    for name, options, _ in walked:
        assert options == expected, name
    assert all(f["options"] == words for f in findings)


def test_render_with_options_goes_beside_the_plain_render(qapp, tmp_path, walked, capsys):
    args = ["render", str(DEFAULT_BUNDLE), "--out", str(tmp_path), "--size", "540x960"]
    assert main([*args, "--lang", "ru"]) == 0
    plain = {
        p: p.read_bytes()
        for p in [*(tmp_path / "ru").glob("*.png"), tmp_path / "contact-sheet.png"]
    }
    capsys.readouterr()
    walked.clear()
    assert main([*args, "--lang", "ru", "--high-contrast"]) == 0
    folder = tmp_path / "high-contrast"
    assert f"screens to {folder}/<language>/ and {folder / 'contact-sheet.png'}" in (
        capsys.readouterr().out
    )
    held = sorted(p.name for p in (folder / "ru").glob("*.png"))
    assert held == sorted(p.name for p in plain if p.parent.name == "ru")
    assert len(held) == len(walked)
    assert (folder / "contact-sheet.png").is_file()
    # The plain render is as it was, and nothing joined it.
    assert {p: p.read_bytes() for p in plain} == plain
    assert set((tmp_path / "ru").glob("*.png")) == {p for p in plain if p.parent.name == "ru"}
    for name, options, _ in walked:
        assert options["highContrast"] is True and options["largeText"] is False, name


def test_held_options_outlast_every_reset_and_go_when_released(open_kiosk, qtbot, clock):
    view = open_kiosk(config=kiosk_config(), clock=clock, start=True)
    tap(view.window, find(view.window, "attractLoop"))
    qtbot.waitUntil(lambda: view.visit.phase == P.Active)
    view.options.hold(large_text=True, seated=True)
    assert options_of(view) == LARGE_SEATED
    view.options.setHighContrast(True)  # a visitor's own choice
    idle(view, clock, 91)
    idle(view, clock, 20)
    assert view.visit.phase == P.Attract
    # The visitor's choice ends with the visit; the held ones stay.
    qtbot.waitUntil(lambda: options_of(view) == LARGE_SEATED)
    view.session.resetVisit()
    assert options_of(view) == LARGE_SEATED
    view.options.hold()  # released: the next reset turns them off
    assert options_of(view) == LARGE_SEATED
    view.options.reset()
    assert options_of(view) == OFF


def test_no_visitor_can_hold_an_option(qapp, kiosk):
    """QML (and so a visitor, or a screen reader) reaches only slots, signals and
    properties: ``hold`` is none of them."""
    meta = kiosk.options.metaObject()
    methods = [meta.method(i) for i in range(meta.methodCount())]
    names = {bytes(m.name().data()).decode() for m in methods}
    assert "reset" in names and "setLargeText" in names  # the list is the real one
    assert not {n for n in names if n.lower().startswith("hold")}
