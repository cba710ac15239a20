"""In-process measurements of the real scene on an offscreen 1920×1080 screen; prints one
JSON object.

    python benchmarks/scene.py BUNDLE --cache DIR [--only tap,switch,scroll,language]
        [--visit-all] [--switches N] [--inject-ms MS] [--runs N]

Every timed figure starts its clock just before a visitor's input is queued (touch events
posted to the event queue, see ``harness.Touch``) and stops at the swap of the first frame
that shows the result (``harness.Frames``):

- ``tap``: finger down on Home's Story button → the first frame with the button pressed.
- ``switch``: a swipe on the person pager, the finger moving 9 % of the width per frame: the
  move that makes the next person current → the first frame in which the navigator is at
  that person and their name is on screen; and the finger lifted → the first frame with the
  pager at rest on the new page (its own glide: informational).
- ``scroll``: the people grid dragged up by a finger in strokes, one move (⅛ row) queued per
  frame: the intervals between the frames that show consecutive moves; and ``work_ms``, the
  CPU time the GUI and render threads spent in each interval (the frame's work, without
  the waiting: on the offscreen platform an update waits for a 5-ms timer, and each move
  is queued only once the frame before it is swapped).
- ``language``: a tap on the other language's button on the People screen (1,000 portraits):
  the longest time the GUI thread did not get back to its event loop (a 1-ms timer's
  longest gap) from the tap until the switch is on screen, nothing is in flight and 300 ms
  have passed; and tap → the first frame whose portrait names are in the new language.

Before any timing the bundle has loaded, every worker task has finished, and no rendition
was built in this process (the cache must hold every rendition for this screen: run
``kiosk prepare --size 1920x1080``). The tap, switch and scroll sections fail if a worker
task starts or a rendition is built while they are timed. The memory figures
(``--visit-all``, ``--switches``) are not timed. Each run is a fresh process.

For the self-checks of ``run.py --self-check``, ``--inject-ms MS`` alternates the samples
between with and without MS of work on the GUI thread in their measured path (a slot on the
button's press, on the navigator's index change, on the grid's scrolling, on the language
change); ``check`` gives the medians of both halves.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import Q_ARG, QMetaObject  # noqa: TID251

from benchmarks import harness as h

SECTIONS = ("tap", "switch", "scroll", "language")


def rss_mb() -> float:
    """Resident memory of this process, in MB (from /proc)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


class Scene:
    """The app's scene on one bundle, with the harness's input, frames and guards."""

    def __init__(
        self,
        bundle: Path,
        cache: Path,
        size: tuple[int, int],
        *,
        max_image_pixels: int = 0,
        inject_ms: int = -1,
    ) -> None:
        """``inject_ms`` ≥ 0: the self-check (see ``alternate``)."""
        self.checking = inject_ms >= 0
        self.delay = h.Delay(max(0, inject_ms))
        self.pairs = h.Pairs(self.delay)
        h.use_screen(size)
        self.background = h.Background()
        from kiosk.config import Config
        from kiosk.media.renditions import specs_for
        from kiosk.ui import app as kiosk_app

        self.app = kiosk_app.create_app()
        screen = self.app.primaryScreen()
        seen = (screen.size().width(), screen.size().height())
        pixels = getattr(kiosk_app, "_screen_pixels", lambda: seen)()
        if seen != size or specs_for(pixels) != specs_for(size):
            raise SystemExit(f"the app sees a {seen} screen ({pixels} px), not {size}")
        config = Config(cache_dir=cache)
        if max_image_pixels:
            config = Config(cache_dir=cache, max_image_pixels=max_image_pixels)
        self.view = kiosk_app.KioskView(bundle, config=config)
        self.window = self.view.window
        self.window.showFullScreen()
        started = time.perf_counter()
        self.view.session.start()
        h.until(
            lambda: self.view.session.ready and not self.view.session.loading,
            120,
            "the bundle to load",
        )
        self.background.settle()
        self.loaded_s = time.perf_counter() - started
        if self.background.built:
            raise SystemExit(
                f"the app built {len(self.background.built)} renditions after loading "
                f"(e.g. {self.background.built[0]}): the cache was not prepared for this screen"
            )
        h.wait(800)  # images decoded, fades done
        self.frames = h.Frames(self.window)
        self.touch = h.Touch(self.window)
        self.nav = self.view.session.navigator
        bundle_obj = self.view.session.bundle
        assert bundle_obj is not None
        self.bundle = bundle_obj

    def language_code(self) -> str:
        """The language shown (the session's ``current_language``, or its older ``language``)."""
        session = self.view.session
        code = getattr(session, "current_language", None)
        return str(code if code is not None else session.language)

    def alternate(self, i: int) -> None:
        """Self-check: the injected delay is on for every other sample (odd ``i``)."""
        self.delay.on = self.checking and i % 2 == 1

    def quiet(self) -> tuple[int, int]:
        """Assert nothing runs in the background now; a snapshot to compare with later."""
        if self.background.in_flight():
            raise SystemExit("a worker task is in flight before a timed section")
        return self.background.snapshot()

    def go(self, screen: int, index: int = 0, settle_ms: int = 700) -> None:
        """Open ``screen`` at ``index`` (set-up, not timed) and let it settle."""
        self.nav.home()
        if screen:
            self.nav.open(screen, index)
        h.wait(settle_ms)
        h.QCoreApplication.sendPostedEvents(None, h.QEvent.Type.DeferredDelete)

    # -- tap → frame ---------------------------------------------------------------------

    def tap(self, runs: int) -> dict[str, object]:
        """Finger down on Home's Story button → the first frame showing it pressed."""
        self.go(0)
        button = h.find(self.window, "openStory")
        at = h.centre(button)
        away = at + h.QPointF(0, 400)
        button.pressedChanged.connect(lambda: self.delay() if button.property("pressed") else None)
        before = self.quiet()
        times = []
        for i in range(runs):
            self.alternate(i)
            times.append(
                self.frames.time_until(
                    lambda: self.touch.press(at), lambda: bool(button.property("pressed"))
                )
            )
            self.pairs.add("tap_to_frame_ms", times[-1])
            self.delay.on = False
            # Slide off before lifting: the press is cancelled and Home stays.
            self.touch.move(away)
            self.touch.release(away)
            h.until(lambda: not button.property("pressed"), 5, "the press to end")
            h.wait(40)
        self.background.assert_quiet_since(before, "tap → frame")
        assert self.nav.screen == 0, "a tap went through to the Story screen"
        return h.summary(times)

    # -- page switch ---------------------------------------------------------------------

    def _pager(self):  # type: ignore[no-untyped-def]
        return h.find(self.window, "personPages")

    def _name_on_screen(self, expected: str) -> bool:
        pager = self._pager()
        for item in h.walk(pager):
            if item.objectName() == "personName" and item.property("text") == expected:
                r = item.mapRectToScene(item.boundingRect())
                return item.isVisible() and r.right() > 0 and r.left() < self.window.width()
        return False

    def switch(self, runs: int) -> dict[str, object]:
        """Swipes to the next person: the drag step that makes the next person current →
        the first frame showing it; the finger lifted → the pager at rest."""
        people = self.bundle.people
        language = self.language_code()
        self.go(3, 0)
        pager = self._pager()
        self.nav.indexChanged.connect(self.delay)
        w, y = self.window.width(), self.window.height() * 0.45
        shown, rest = [], []
        before = self.quiet()
        for i in range(runs):
            new = i + 1
            self.alternate(i)
            name = people[new].name.get(language, self.bundle.default_language)
            x = w * 0.85
            self.touch.press(h.QPointF(x, y))
            h.wait(16)
            x -= w * 0.05  # past the drag threshold: the pager takes the touch
            self.touch.move(h.QPointF(x, y))
            h.wait(16)
            switched = None
            for _ in range(9):  # a finger moving 9 % of the width per frame
                x -= w * 0.09
                was = float(pager.property("contentX"))
                try:
                    took: float | None = self.frames.time_until(
                        lambda x=x: self.touch.move(h.QPointF(x, y)),  # type: ignore[misc]
                        lambda was=was, new=new, name=name: (  # type: ignore[misc]
                            float(pager.property("contentX")) != was
                            and (self.nav.index != new or self._name_on_screen(name))
                        ),
                        timeout=0.5,
                    )
                except TimeoutError:
                    took = None  # a move that did not move the pager (yet): no new frame
                if self.nav.index == new:
                    if took is None:
                        raise SystemExit(f"swipe {i + 1}: no frame showed person {new}")
                    switched = took
                    break
                h.wait(8)
            if switched is None:
                raise SystemExit(f"swipe {i + 1} did not make person {new} current")
            shown.append(switched)
            self.pairs.add("page_switch_ms", switched)
            self.delay.on = False
            target = float(new) * pager.width()
            rest.append(
                self.frames.time_until(
                    lambda x=x: self.touch.release(h.QPointF(x, y)),  # type: ignore[misc]
                    lambda target=target: (  # type: ignore[misc]
                        not pager.property("moving")
                        and abs(float(pager.property("contentX")) - target) < 0.5
                    ),
                )
            )
            if int(pager.property("currentIndex")) != new or self.nav.index != new:
                raise SystemExit(f"swipe {i + 1} did not end on person {new}")
            h.wait(60)
        self.background.assert_quiet_since(before, "page switch")
        return {
            "to_new_page": h.summary(shown),
            "release_to_rest": h.summary(rest),
            "short_swipe_to_rest": self._short_swipes(pager, min(runs, 10)),
        }

    def _short_swipes(self, pager, runs: int) -> dict[str, float]:  # type: ignore[no-untyped-def]
        """A short swipe (a quarter of the width in four frames, back towards the first
        person): the finger lifted → the pager at rest on a page."""
        w, y = self.window.width(), self.window.height() * 0.45
        times = []
        for _ in range(runs):
            x = w * 0.3
            self.touch.press(h.QPointF(x, y))
            for _step in range(4):
                h.wait(16)
                x += w * 0.0625
                self.touch.move(h.QPointF(x, y))
            h.wait(16)
            times.append(
                self.frames.time_until(
                    lambda x=x: self.touch.release(h.QPointF(x, y)),  # type: ignore[misc]
                    lambda: (  # type: ignore[misc]
                        not pager.property("moving")
                        and abs(float(pager.property("contentX")) % pager.width()) < 0.5
                    ),
                )
            )
            h.wait(60)
        return h.summary(times)

    # -- grid scroll ---------------------------------------------------------------------

    def scroll(self, seconds: float = 15.0) -> dict[str, object]:
        """Finger strokes up the people grid, one move queued per frame: frame intervals."""
        self.go(2)
        grid = h.find(self.window, "peopleGrid")
        grid.contentYChanged.connect(self.delay)
        self.delay.busy = True  # its work figure must see the injected work (no worker runs)
        moves = 0
        step = float(grid.property("cellHeight")) / 8
        end = float(grid.property("contentHeight")) - grid.height()
        x = h.centre(grid).x()
        top = grid.mapToScene(h.QPointF(0, 0)).y() + grid.height() * 0.1
        bottom = grid.mapToScene(h.QPointF(0, 0)).y() + grid.height() * 0.9
        intervals: list[float] = []
        # The CPU the process's GUI and render threads spent between those frames (the
        # harness's own moves included): the work of a frame, apart from any waiting.
        work: list[float] = []
        clocks = self.frames.cpu_clocks()

        def cpu() -> float:
            return sum(time.clock_gettime(c) for c in clocks)

        before = self.quiet()
        deadline = time.perf_counter() + seconds
        while time.perf_counter() < deadline and grid.property("contentY") < end - step:
            y = bottom
            self.touch.press(h.QPointF(x, y))
            h.wait(16)
            y -= step  # past the drag threshold: the grid takes the touch
            self.touch.move(h.QPointF(x, y))
            h.wait(16)
            last = None
            last_cpu = 0.0
            while y - step > top and time.perf_counter() < deadline:
                y -= step
                was = float(grid.property("contentY"))
                self.alternate(moves)
                moves += 1
                try:
                    self.frames.time_until(
                        lambda y=y: self.touch.move(h.QPointF(x, y)),  # type: ignore[misc]
                        lambda was=was: float(grid.property("contentY")) != was,  # type: ignore[misc]
                        timeout=0.1,
                    )
                except TimeoutError:
                    last = None  # the grid did not move (yet): no frame to count
                    continue
                now, now_cpu = self.frames.shown_at, cpu()
                if last is not None and now is not None:
                    intervals.append(now - last)
                    work.append(now_cpu - last_cpu)
                    self.pairs.add("scroll_frame_ms", now - last)
                    self.pairs.add("scroll_work_ms", now_cpu - last_cpu)
                last, last_cpu = now, now_cpu
            self.delay.on = False
            h.wait(120)  # hold still, so that lifting the finger does not flick
            self.touch.release(h.QPointF(x, y))
            h.wait(60)
        self.delay.busy = False
        self.background.assert_quiet_since(before, "grid scroll")
        out: dict[str, object] = dict(h.summary(intervals))
        out["p99"] = round(h.pct([v * 1000 for v in intervals], 0.99), 1)
        out["work_ms"] = dict(h.summary(work))
        out["work_ms"]["p99"] = round(h.pct([v * 1000 for v in work], 0.99), 1)
        # The same frames' work where the interval was over a 60 Hz frame: were they busy?
        slow = [w for i, w in zip(intervals, work, strict=True) if i > 1 / 60]
        out["work_ms"]["in_slow"] = dict(h.summary(slow)) if slow else {"n": 0}
        out["threads"] = len(clocks)
        out["rows_scrolled"] = round(float(grid.property("contentY")) / grid.property("cellHeight"))
        return out

    # -- language switch -----------------------------------------------------------------

    def _names_in(self, grid, name: str) -> bool:  # type: ignore[no-untyped-def]
        return any(item.property("text") == name and item.isVisible() for item in h.walk(grid))

    def language(self, runs: int) -> dict[str, object]:
        """Taps on the language buttons on the People screen: GUI stall and tap → frame."""
        session = self.view.session
        codes = list(self.bundle.languages)
        if len(codes) < 2:
            raise SystemExit("the bundle has one language")
        self.go(2)
        grid = h.find(self.window, "peopleGrid")
        first = self.bundle.people[0].name
        session.languageChanged.connect(self.delay)
        beat = h.Heartbeat()
        stalls, shown, tasks = [], [], []
        # The self-check leaves out a first round trip: a visit's first switch is slower
        # (it counts in the figures) and would weigh on one half only.
        warm = 2 if self.checking else 0
        for i in range(-warm, runs):
            code = codes[(codes.index(self.language_code()) + 1) % len(codes)]
            button = h.find(self.window, f"language_{code}")
            at = h.centre(button)
            name = first.get(code, self.bundle.default_language)
            before = self.quiet()
            # With and without the delay in pairs: each half has as many switches to each
            # language (their rows take different times to build).
            self.alternate(max(0, i) // 2)
            beat.start()
            shown.append(
                self.frames.time_until(
                    lambda at=at: self.touch.tap(at),  # type: ignore[misc]
                    lambda code=code, name=name: (  # type: ignore[misc]
                        self.language_code() == code and self._names_in(grid, name)
                    ),
                    timeout=30,
                )
            )
            # The switch may finish in the background (rows made off the GUI thread): watch
            # until nothing is in flight and 300 ms have passed.
            h.until(lambda: self.background.in_flight() == 0, 60, "the switch to finish")
            h.wait(300)
            stalls.append(beat.stop())
            tasks.append(self.background.snapshot()[0] - before[0])
            if i < 0:
                del stalls[-1], shown[-1]
            else:
                self.pairs.add("language_stall_ms", stalls[-1])
                self.pairs.add("language_tap_to_frame_ms", shown[-1])
            self.delay.on = False
        return {
            "stall": h.summary(stalls),
            "tap_to_frame": h.summary(shown),
            "worker_tasks_per_switch": max(tasks),
        }

    # -- memory --------------------------------------------------------------------------

    def visit_all(self) -> dict[str, object]:
        """Open every screen, person and photograph once (untimed); memory after."""
        b = self.bundle
        screens = [(0, 0), (2, 0), (4, 0), (6, 0)]
        screens += [(1, i) for i in range(len(b.story))]
        screens += [(3, i) for i in range(len(b.people))]
        screens += [(5, i) for i in range(len(self.view.session.photo_ids))]
        started = time.perf_counter()
        for screen, index in screens:
            self.nav.home()
            if screen:
                self.nav.open(screen, index)
            h.QCoreApplication.sendPostedEvents(None, h.QEvent.Type.DeferredDelete)
            self.frames.next_frame()
        gc.collect()
        h.wait(500)
        return {
            "screens": len(screens),
            "seconds": round(time.perf_counter() - started, 1),
            "rss_after_mb": round(rss_mb(), 1),
        }

    def page_memory(self, count: int) -> dict[str, object]:
        """Memory over ``count`` person pages shown by moving the pager (untimed): RSS after
        each 1,000, and its growth per 1,000 after the first 1,000."""
        self.go(3, 0)
        pager = self._pager()
        people = len(self.bundle.people)
        samples = []
        for i in range(count):
            index = (i * 7) % people
            pager.setProperty("currentIndex", index)
            QMetaObject.invokeMethod(pager, "positionViewAtIndex", Q_ARG(int, index), Q_ARG(int, 0))
            self.frames.next_frame()
            if i % 1000 == 999:
                gc.collect()
                h.QCoreApplication.sendPostedEvents(None, h.QEvent.Type.DeferredDelete)
                samples.append(rss_mb())
        # From the end of the first 1,000 on: that one also fills caches and pools.
        growth = (samples[-1] - samples[1]) / (len(samples) - 2) if len(samples) > 2 else 0
        return {"per_1000": [round(s, 1) for s in samples], "growth_per_1000": round(growth, 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("bundle", type=Path)
    parser.add_argument("--cache", type=Path, required=True)
    parser.add_argument("--only", default=",".join(SECTIONS), help="sections, comma-separated")
    parser.add_argument("--runs", type=int, default=0, help="samples per section (0: default)")
    parser.add_argument("--visit-all", action="store_true")
    parser.add_argument("--switches", type=int, default=0)
    parser.add_argument(
        "--inject-ms",
        type=int,
        default=-1,
        help="self-check: alternate samples with and without this much injected work",
    )
    parser.add_argument("--size", default="1920x1080")
    args = parser.parse_args()
    w, hgt = (int(v) for v in args.size.split("x"))
    only = [s for s in args.only.split(",") if s]
    for name in only:
        if name not in SECTIONS:
            parser.error(f"unknown section {name}")

    scene = Scene(args.bundle, args.cache, (w, hgt), inject_ms=args.inject_ms)
    out: dict[str, object] = {
        "rss_after_start_mb": round(rss_mb(), 1),
        "load_s": round(scene.loaded_s, 2),
    }
    if "tap" in only:
        out["tap_to_frame_ms"] = scene.tap(args.runs or 60)
    if "switch" in only:
        out["page_switch_ms"] = scene.switch(args.runs or 40)
    if "scroll" in only:
        out["scroll_frame_ms"] = scene.scroll()
    if "language" in only:
        out["language_switch_ms"] = scene.language(args.runs or 20)
    if args.visit_all:
        out["visit_all"] = scene.visit_all()
    if args.switches:
        out["page_memory_mb"] = scene.page_memory(args.switches)
    if scene.checking:
        out["check"] = scene.pairs.medians()
    print(json.dumps(out))
    sys.stdout.flush()
    os._exit(0)  # the figures are out; skip a slow teardown of thousands of items


if __name__ == "__main__":
    main()
