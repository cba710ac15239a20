"""`kiosk render` and `kiosk proof` capture a screen only once it has settled: no image
loading, the screen faded in, and no view still gliding into place (found: a story page
captured while the chronology still glided to its date, a pixel off from the next run's)."""

from __future__ import annotations

from kiosk.ui.navigation import Navigator
from kiosk.ui.walk import next_frame, settle
from tests.ui.scene import find

S = Navigator.Screen


def test_a_screen_is_settled_only_when_its_views_stand_still(open_kiosk, qtbot):
    view = open_kiosk(size=(1280, 800))
    win, nav = view.window, view.session.navigator
    nav.open(int(S.Story), 0)
    settle(view)
    strip = find(win, "chronology")
    start = strip.property("contentX")
    nav.setIndex(6)  # the last date: the chronology glides to it
    settle(view)
    settled = strip.property("contentX")
    assert settled != start

    frames: list[float] = []

    def two_frames_alike() -> bool:
        next_frame(win)
        frames.append(strip.property("contentX"))
        return len(frames) >= 2 and frames[-1] == frames[-2]

    qtbot.waitUntil(two_frames_alike, timeout=5000)
    assert frames[-1] == settled  # settle had waited for the glide to end
