"""Reading aloud in the scene: the visitor asks for a page from the options, or presses help
on a keypad; from then on each page is read as it comes and each control as the keys reach
it, in the visitor's language, until the visit ends. A page with a recording plays it.

The words come from the accessibility tree (kiosk.ui.readout): what is heard is what a
screen reader reads. The real espeak-ng makes the speech and gst-play-1.0 plays it into a
``fakesink`` (no sound card); the tests record what was handed to each of them.
"""

from __future__ import annotations

import shutil

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from kiosk.media import speech
from kiosk.ui import readout
from kiosk.ui.audio import DEFAULT_VOLUME, Narrator
from kiosk.ui.navigation import Navigator
from tests.ui.scene import exists, find, really_visible, tap
from tests.ui.test_narration_roles import RECORDED, narrated
from tests.ui.test_options_sheet import close_options, open_options, press

S = Navigator.Screen

needs_audio = pytest.mark.skipif(
    shutil.which("gst-play-1.0") is None or shutil.which("espeak-ng") is None,
    reason="gst-play-1.0 or espeak-ng is not installed (make build-deps installs them)",
)


@pytest.fixture
def heard(monkeypatch):
    """Every text handed to espeak-ng (with its language), and every file to the player."""
    said: list[tuple[str, str]] = []
    played: list[str] = []
    real_synthesize = speech.synthesize

    def synthesize(text, language, out, **kw):
        said.append((text, language))
        return real_synthesize(text, language, out, **kw)

    monkeypatch.setattr(speech, "synthesize", synthesize)
    real_init = Narrator.__init__

    def init(self, language, *, sink=None, parent=None):
        real_init(self, language, sink="fakesink sync=true", parent=parent)
        player = self.player
        if player is not None:
            real_play = player.play

            def play(path, **kw):
                played.append(str(path))
                return real_play(path, **kw)

            player.play = play

    monkeypatch.setattr(Narrator, "__init__", init)
    return said, played


def story_page(view, index: int) -> None:
    view.session.navigator.open(int(S.Story), index)


def page_words(view) -> list[str]:
    screen = view.window.property("currentScreen")
    return readout.page_text(view.window, screen.property("readable")).split("\n")


def test_a_page_reads_as_a_screen_reader_reads_it_without_its_controls(open_kiosk, qtbot):
    view = open_kiosk(size=(1920, 1080))
    story_page(view, 3)
    story = view.session.exhibit.lists[0]
    qtbot.waitUntil(lambda: exists(view.window, "storyPages"))
    qtbot.waitUntil(lambda: view.window.property("title").startswith("The armoured trains"))
    words = page_words(view)
    title = words.index("The armoured trains")
    assert title == 0  # the page's title first, then its date
    assert words[1] == "night of 27/28 April 1920"
    # The paragraphs, each whole and in order after the title.
    paragraphs = [w for w in words if len(w) > 80 and not w.startswith("Stand-in plate")]
    assert len(paragraphs) >= 2
    assert all(words.index(p) > title for p in paragraphs)
    # The picture after the words: its alt text, then its caption.
    alt = next(w for w in words if w.startswith("Stand-in plate: a head-and-shoulders"))
    assert words.index(alt) > max(words.index(p) for p in paragraphs)
    # Its caption is the name the page's people already said: not said twice.
    assert words.count("Mikhail Efremov") == 1
    assert words.index("People on this page:") < words.index("Mikhail Efremov") < words.index(alt)
    for control in ("‹ Previous", "Next ›", "Previous", "Next", "Home", "Back"):
        assert control not in words, control
    assert story.rowCount() == 7


@needs_audio
def test_read_this_page_aloud_reads_the_page_and_then_each_page_as_it_comes(
    open_kiosk, qtbot, heard
):
    said, _ = heard
    view = open_kiosk()
    story_page(view, 0)
    qtbot.waitUntil(lambda: view.window.property("title").startswith("The operation"))
    open_options(qtbot, view)
    press(qtbot, view, "readAloudButton")
    qtbot.waitUntil(lambda: any("The operation" in text for text, _ in said), timeout=10_000)
    text, language = next((t, lang) for t, lang in said if "The operation" in t)
    assert language == "en"
    assert "In April 1920" in text
    assert view.narrator.property("speaking")
    assert view.window.property("listening")
    # A Stop button in the band while it speaks; it stops at once.
    qtbot.waitUntil(lambda: exists(view.window, "stopAudioButton"))
    # Next: the new page is read in its turn.
    tap(view.window, find(view.window, "nextPage"))
    qtbot.waitUntil(lambda: any("A revolutionary committee" in t for t, _ in said), timeout=10_000)
    tap(view.window, find(view.window, "stopAudioButton"))
    qtbot.waitUntil(lambda: not view.narrator.property("speaking"))
    assert not exists(view.window, "stopAudioButton")


@needs_audio
def test_in_russian_it_reads_russian(open_kiosk, qtbot, heard):
    said, _ = heard
    view = open_kiosk()
    view.session.setLanguage("ru")
    qtbot.waitUntil(lambda: view.session.language.code == "ru")
    story_page(view, 0)
    qtbot.waitUntil(lambda: exists(view.window, "storyPages"))
    open_options(qtbot, view)
    assert find(view.window, "readAloudButton").property("text") == "Прочитать страницу вслух"
    press(qtbot, view, "readAloudButton")
    qtbot.waitUntil(lambda: any("Операция" in t for t, _ in said), timeout=10_000)
    assert all(lang == "ru" for _, lang in said), said


@needs_audio
def test_help_says_how_the_keys_work_then_reads_the_page_and_each_control(open_kiosk, qtbot, heard):
    said, _ = heard
    view = open_kiosk()
    win = view.window
    QTest.keyClick(win, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: any("arrow keys" in t for t, _ in said), timeout=10_000)
    QTest.keyClick(win, Qt.Key.Key_F1)  # again: the page
    qtbot.waitUntil(lambda: any("The Baku Operation" in t for t, _ in said), timeout=10_000)
    # Tab to a control: its name is said.
    count = len(said)
    QTest.keyClick(win, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: len(said) > count, timeout=10_000)
    focused = win.activeFocusItem()
    assert said[-1][0] == readout.item_text(win, focused)
    assert said[-1][0] != ""


@needs_audio
def test_a_page_with_a_recording_plays_it(
    open_kiosk, qtbot, heard, default_doc, bundle_dir, write_doc
):
    said, played = heard
    root = narrated(default_doc, bundle_dir, write_doc)
    view = open_kiosk(bundle=root)
    story = view.session.exhibit.lists[0]
    story_page(view, story.index_of(RECORDED["story"][0]))
    qtbot.waitUntil(lambda: view.window.property("title").startswith("The uprising"))
    open_options(qtbot, view)
    press(qtbot, view, "readAloudButton")
    recording = str((root / RECORDED["story"][1]["en"]).resolve())
    qtbot.waitUntil(lambda: recording in played, timeout=10_000)
    assert not any("The uprising" in t for t, _ in said)  # the voice did not read it too


@needs_audio
def test_volume_and_speed_are_the_visitors_until_the_visit_ends(open_kiosk, qtbot, heard):
    view = open_kiosk()
    narrator = view.narrator
    open_options(qtbot, view)
    press(qtbot, view, "louderButton")
    press(qtbot, view, "slowerButton")
    press(qtbot, view, "slowerButton")
    qtbot.waitUntil(lambda: narrator.property("rate") == pytest.approx(0.5))
    assert narrator.property("volume") > DEFAULT_VOLUME
    close_options(qtbot, view)
    view.window.setProperty("listening", True)
    view.session.resetVisit()
    qtbot.waitUntil(lambda: narrator.property("volume") == pytest.approx(DEFAULT_VOLUME))
    assert narrator.property("rate") == 1
    assert not view.window.property("listening")
    assert really_visible(find(view.window, "optionsButton"), view.window)


def test_the_viewer_reads_its_photograph_and_caption_once_and_not_its_neighbours(open_kiosk, qtbot):
    view = open_kiosk(size=(1920, 1080))
    view.session.navigator.open(int(S.Viewer), 1)  # a photograph with neighbours both sides
    screen = lambda: view.window.property("currentScreen")  # noqa: E731
    qtbot.waitUntil(lambda: screen().objectName() == "photoViewer")
    qtbot.waitUntil(lambda: screen().property("readable") is not screen())
    text = readout.page_text(
        view.window, screen().property("readable"), screen().property("readableAfter")
    )
    lines = text.split("\n")
    assert len(lines) == len(set(lines))  # nothing said twice (the description included)
    stand_ins = [line for line in lines if line.startswith("Stand-in plate")]
    assert len(stand_ins) == 1, stand_ins  # the photograph on show, not its neighbours
    assert view.window.property("title").split(" – ")[0] in lines  # its caption's title
    # The caption hidden: the photograph alone.
    screen().setProperty("captionsOpen", False)
    qtbot.waitUntil(lambda: screen().property("readableAfter") is None)
    alone = readout.page_text(view.window, screen().property("readable"), None)
    assert stand_ins[0] in alone.split("\n")
    assert view.window.property("title").split(" – ")[0] not in alone.split("\n")


@needs_audio
def test_stop_ends_reading_aloud_and_the_keys_go_to_the_title(open_kiosk, qtbot, heard):
    view = open_kiosk()
    win = view.window
    story_page(view, 0)
    qtbot.waitUntil(lambda: win.property("title").startswith("The operation"))
    open_options(qtbot, view)
    press(qtbot, view, "readAloudButton")
    qtbot.waitUntil(lambda: exists(win, "stopAudioButton"))
    stop = find(win, "stopAudioButton")
    stop.forceActiveFocus(Qt.FocusReason.TabFocusReason)
    QTest.keyClick(win, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not view.narrator.property("speaking"))
    assert not win.property("listening")
    assert not stop.isVisible()
    focused = win.activeFocusItem()
    assert focused is not None and focused.isVisible()
    assert focused.objectName() == "pageTitle"


@needs_audio
def test_a_long_reading_is_not_cut_short_by_still_there(open_kiosk, qtbot, heard, clock):
    from tests.ui.test_kiosk_mode import idle, kiosk_config
    from tests.ui.test_narrator import LONG

    view = open_kiosk(config=kiosk_config(), clock=clock, start=True)
    tap(view.window, find(view.window, "attractLoop"))
    qtbot.waitUntil(lambda: view.visit.phase == view.visit.Phase.Active)
    narrator = view.narrator
    narrator._keepalive.setInterval(50)  # every 10 s in the kiosk; not worth the wait here
    narrator.read(LONG * 4)
    qtbot.waitUntil(lambda: narrator.property("speaking"))
    idle(view, clock, 80)
    with qtbot.waitSignal(narrator.listening, timeout=2000):
        pass
    idle(view, clock, 20)  # 100 s after the last touch, 20 s after the audio was heard
    assert view.visit.phase == view.visit.Phase.Active
    narrator.stop()
    idle(view, clock, 91)
    assert view.visit.phase == view.visit.Phase.Countdown  # silent: the clock runs again
