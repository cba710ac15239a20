"""The kiosk through a screen reader's eyes: AT-SPI against the real ``kiosk run`` (issue 13).

Each test starts the real kiosk under Xvfb with a private session and accessibility bus
(``tests/ui/atspi.py``), reads its accessible tree as Orca would and presses through it.
Skipped, saying what to install, where the accessibility stack is missing.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

from tests.conftest import DEFAULT_BUNDLE
from tests.ui.atspi import (
    AtspiKiosk,
    Node,
    atspi_kiosk,
    named,
    needs_atspi,
    of_role,
    showing,
)
from tests.ui.test_fullscreen_x11 import kiosk_windows
from tests.ui.test_kiosk_mode import PIN_HASH

pytestmark = needs_atspi

BUNDLE: dict[str, Any] = json.loads((DEFAULT_BUNDLE / "bundle.json").read_text("utf-8"))
NAVIGATION = ("Story", "People", "Photographs", "Glossary")

# The staff panel's and PIN pad's labels (resources/qml/Kiosk/components/StaffPanel.qml,
# PinPad.qml): none may be in the tree of a locked kiosk, shown or hidden.
STAFF_LABELS = {
    "Staff panel",
    "Staff PIN",
    "Reload exhibit",
    "Display test",
    "Leave kiosk mode",
    "Quit",
    "Stop for maintenance",
    "Install from USB stick",
    "Switch to another exhibit",
    "Installed exhibits",
    "Recent warnings and errors",
}
# A name that suggests a way out or a staff control, whatever the control is called.
STAFF_WORDS = re.compile(
    r"staff|kiosk|quit|exit|leave|reload|maintenance|display test|install|usb|\bpin\b|"
    r"unlock|switch to|go back to|roll ?back|shut|close window",
    re.IGNORECASE,
)


# The attract loop's button: "Touch to explore" in each of the exhibit's languages.
TOUCH = re.compile(r"^Touch to explore")


def en(field: dict[str, str]) -> str:
    return field["en"]


def _shown(nodes: list[Node]) -> str:
    return ", ".join(map(str, showing(nodes)))


def test_home_reads_the_title_as_a_heading_and_offers_four_buttons(tmp_path: Path) -> None:
    with atspi_kiosk(tmp_path) as kiosk:
        nodes = kiosk.tree()
        title = en(BUNDLE["exhibit"]["title"])
        assert named(nodes, title, "heading"), f"no heading {title!r} in {_shown(nodes)}"
        for name in NAVIGATION:
            buttons = named(nodes, name, "push button")
            assert len(buttons) == 1, f"{name!r}: {buttons} in {_shown(nodes)}"
            assert buttons[0].actions[:1] == ("Press",), f"{name!r} acts with {buttons[0].actions}"


def test_pressing_story_through_atspi_opens_the_story(tmp_path: Path) -> None:
    first = BUNDLE["story"][0]
    with atspi_kiosk(tmp_path) as kiosk:
        assert not named(kiosk.tree(), en(first["title"]), "heading")
        kiosk.press("Story", "push button")
        nodes = kiosk.wait_for(
            lambda nodes: named(nodes, en(first["title"]), "heading"),
            what=f"the story's first page, {en(first['title'])!r}, as a heading",
        )
        # The story, not Home with something added: Home's buttons are gone, and its first
        # paragraph is read.
        assert not named(nodes, "Story", "push button")
        assert named(nodes, "Chronology", "list")
        assert any(n.name == en(first["body"])[0] for n in showing(nodes))


def test_switching_to_russian_is_heard_in_russian(tmp_path: Path) -> None:
    """The language button says which is chosen, and the texts say their language, so that
    a screen reader speaks them with the right voice."""
    with atspi_kiosk(tmp_path) as kiosk:
        nodes = kiosk.tree()
        assert "selected" in named(nodes, "English", "push button")[0].states
        title = named(nodes, en(BUNDLE["exhibit"]["title"]), "heading")[0]
        assert (title.locale or "").startswith("en"), f"{title} says {title.locale}"
        kiosk.press("Русский", "push button")
        ru = BUNDLE["exhibit"]["title"]["ru"]
        nodes = kiosk.wait_for(lambda t: named(t, ru, "heading"), what=f"the heading {ru!r}")
        assert "selected" in named(nodes, "Русский", "push button")[0].states
        assert "selected" not in named(nodes, "English", "push button")[0].states
        for node in [*named(nodes, ru, "heading"), *of_role(nodes, "paragraph")]:
            assert (node.locale or "").startswith("ru"), f"{node} says {node.locale}"


def _locked_kiosk(tmp_path: Path) -> Path:
    """A config with a staff PIN, for ``kiosk run --kiosk``."""
    config = tmp_path / "config.toml"
    config.write_text(f'pin_hash = "{PIN_HASH}"\n', encoding="utf-8")
    return config


def _staffish(nodes: list[Node]) -> list[Node]:
    """Every pressable node, shown or not, whose name suggests staff or a way out (none
    today: this is the net for a control added under a name not in STAFF_LABELS)."""
    return [n for n in nodes if "Press" in n.actions and STAFF_WORDS.search(n.name)]


def _covers(kiosk: AtspiKiosk, size: tuple[int, int]) -> None:
    frames = [n for n in kiosk.tree() if n.role == "frame" and n.showing]
    assert [f.extents for f in frames] == [(0, 0, *size)], frames
    if shutil.which("xwininfo"):  # x11-utils: the X server's own word too
        assert [g for _, g in kiosk_windows(kiosk.display)] == [(*size, 0, 0)]


def test_a_locked_kiosk_offers_no_staff_control_to_a_screen_reader(tmp_path: Path) -> None:
    """Kiosk mode with a PIN set: no staff control in the tree, shown or hidden; pressing
    whatever sounds like one changes nothing. The kiosk still runs, still covers the
    screen, and takes a visitor's press after them."""
    config = _locked_kiosk(tmp_path)
    with atspi_kiosk(tmp_path, "--kiosk", "--config", str(config), screen="1600x900") as kiosk:
        nodes = kiosk.tree()
        assert [n for n in nodes if n.name in STAFF_LABELS] == []
        _covers(kiosk, (1600, 900))

        for node in _staffish(nodes):
            kiosk.try_press(node.name, node.role, at=node)
        for label in sorted(STAFF_LABELS):
            refusal = kiosk.try_press(label)
            assert refusal is not None and "no showing node" in refusal, refusal

        # A visitor's press after those goes through: they have all been handled, and
        # the kiosk is still the locked exhibit.
        attract = [n for n in of_role(kiosk.tree(), "push button") if TOUCH.match(n.name)]
        if attract:  # the attract loop is up (kiosk mode starts with it): touch it away
            kiosk.press(attract[0].name, "push button")
            kiosk.wait_for(
                lambda t: not [n for n in showing(t) if TOUCH.match(n.name)],
                what="the attract loop to go",
            )
        kiosk.press("Story", "push button")
        first = en(BUNDLE["story"][0]["title"])
        kiosk.wait_for(lambda t: named(t, first, "heading"), what="the story's first page")
        assert kiosk.proc.poll() is None
        _covers(kiosk, (1600, 900))
        assert [n for n in kiosk.tree() if n.name in STAFF_LABELS] == []
    out = (tmp_path / "home" / "kiosk.out").read_text(errors="replace")
    assert "staff action:" not in out, out
