"""CPU at rest: what the kiosk costs, per screen, with nobody touching it (issue 14).

    python benchmarks/idle_cpu.py [BUNDLE] [--seconds 20] [--states attract,home,...]
    python benchmarks/idle_cpu.py --self-check

For each state a fresh ``python -m kiosk run BUNDLE`` starts on its own Xvfb screen of
1280×800 with no GPU, ``QT_QUICK_BACKEND`` and ``QSG_RENDER_LOOP`` unset (the app's and
Qt's own choice of renderer and render loop): the attract loop in kiosk mode
(``--kiosk --no-pin``, ``[attract] enabled = true``: the kiosk opens on it, as a real one
does), every other state ``--fullscreen`` with the attract loop off. The rendition cache is
prepared for the screen beforehand (``kiosk prepare --size 1280x800``) and checked, so no
background work runs while anything is measured; ``idle_timeout`` is an hour, so "Still
there?" never comes.

Getting to a state: the idle probe of benchmarks/probe/sitecustomize.py (KIOSK_BENCH_FRAMES,
loaded through PYTHONPATH) answers commands on a datagram socket and opens each screen
through the app's own Navigator (``open(screen, 0)``: the first page, person or photograph),
the options sheet by setting its ``open``. That is what a tap does, without depending on
where a button is drawn or on the keymap; the probe then reports the screen and the visit's
phase, which are checked before and after the measurement.

Then the screen settles: Xvfb's framebuffer (``-fbdir``) is sampled every 50 ms until it has
not changed for 1.5 s, or for at most 5 s (a screen that never stops moving, the attract
loop). Over the next ``--seconds`` (the attract loop at least 30, several slides) the
benchmark takes:

- ``app``: CPU time of the kiosk process and every descendant, from /proc/PID/stat
  (utime+stime of all its threads, living and ended, plus its reaped children), per thread
  from /proc/PID/task (the busiest are listed: GUI thread, render thread, ...);
- ``xvfb``: the X server's CPU time alike: drawing costs the server too;
- ``fps``: frames swapped per second, counted by the probe on ``frameSwapped``;
- ``running``: the scene's objects whose ``running`` or ``playing`` is true (animations,
  timers, busy indicators), by their QML id, and whether their item is visible.

Figures are % of one core (100 = one core busy all the time). Each row says what drew it:
the graphics API Qt Quick used (``OpenGL``, through Mesa's llvmpipe without a GPU, whose
``llvmpipe-N`` threads then show among the busiest; or ``Software``, Qt Quick's own
renderer) and the render loop, read from the process's threads (Qt's threaded loop runs a
``QSGRenderThread``) and from the thread the probe sees ``frameSwapped`` emitted on.
QSG_INFO=1 is set, but Qt logs what it says at debug level, which the kiosk's log leaves
out. ``--quick-backend`` and ``--render-loop`` set QT_QUICK_BACKEND and QSG_RENDER_LOOP to
compare; ``--source`` runs another source tree's kiosk (``git archive HEAD`` unpacked, for
the figures before a change). Prints a table, then one JSON line.

``--self-check``: Home three times, alternately with nothing injected, with the probe burning
10 ms of CPU every 50 ms on the GUI thread (KIOSK_BENCH_BUSY=10/50, about 20 % of a core),
and with nothing again. It passes when the injected run reads at least 15 points above the
first control and the two controls differ by less than 15.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import mmap
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
WORK = HERE / ".work"
DEFAULT = REPO / "kiosk" / "exhibits" / "baku-1920"
SIZE = (1280, 800)
#: Each state: the probe's name for it, what the table calls it.
STATES = {
    "attract": "Attract loop",
    "home": "Home",
    "story": "Story",
    "people": "People",
    "person": "Person",
    "photos": "Photographs",
    "viewer": "Photo viewer",
    "glossary": "Glossary",
    "options": "Home + options sheet",
}
#: The Navigator's screen (kiosk.ui.navigation.Navigator.Screen) each state must be on.
SCREEN_OF = {
    "attract": 0,
    "home": 0,
    "story": 1,
    "people": 2,
    "person": 3,
    "photos": 4,
    "viewer": 5,
    "glossary": 6,
    "options": 0,
}
ATTRACT_PHASE = 2  # kiosk.ui.idle.VisitClock.Phase.Attract
TARGET = 15.0  # % of one core, issue 14
HZ = os.sysconf("SC_CLK_TCK")


# -- CPU time from /proc ------------------------------------------------------------------


def _stat_fields(text: str) -> list[str]:
    """The fields of a /proc stat line after the command name (which may hold spaces and
    parentheses, so the line is split at its last ')'): field 3 (state) is index 0."""
    return text[text.rindex(")") + 2 :].split()


def process_ticks(pid: int) -> tuple[int, int]:
    """(parent pid, clock ticks of CPU) of one process: utime+stime of all its threads,
    including ended ones, plus cutime+cstime of the children it has reaped."""
    fields = _stat_fields(Path(f"/proc/{pid}/stat").read_text())
    return int(fields[1]), sum(int(f) for f in fields[11:15])


def tree(pid: int) -> dict[int, int]:
    """Clock ticks of ``pid`` and of every living descendant (from /proc), by pid."""
    parents: dict[int, int] = {}
    ticks: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError, ValueError, IndexError):
            ppid, used = process_ticks(int(entry.name))
            parents[int(entry.name)] = ppid
            ticks[int(entry.name)] = used
    if pid not in ticks:
        raise ProcessLookupError(f"process {pid} is gone")
    from benchmarks.proctree import descendants

    return {p: ticks[p] for p in descendants(parents, pid)}


def ticks_between(before: Mapping[int, int], after: Mapping[int, int]) -> int:
    """Clock ticks a process tree used between two ``tree`` snapshots.

    A process in both counts its growth; one born since counts whole. One that ended and was
    reaped has its whole time in its parent's cutime+cstime now, part of the parent's growth,
    so what it had used before the window is taken off again."""
    grown = sum(used - before.get(pid, 0) for pid, used in after.items())
    gone = sum(used for pid, used in before.items() if pid not in after)
    return grown - gone


def thread_ticks(pid: int) -> dict[int, tuple[str, int]]:
    """Each living thread of ``pid``: (its name, clock ticks of utime+stime)."""
    found = {}
    for task in Path(f"/proc/{pid}/task").iterdir():
        with contextlib.suppress(OSError, ValueError, IndexError):
            fields = _stat_fields((task / "stat").read_text())
            name = (task / "comm").read_text().strip()
            found[int(task.name)] = (name, int(fields[11]) + int(fields[12]))
    return found


def percent_of_core(ticks: int, seconds: float, hz: int = HZ) -> float:
    """``ticks`` of CPU over ``seconds`` of wall clock, as % of one core."""
    if seconds <= 0:
        raise ValueError(f"a window of {seconds} s measures nothing")
    return 100.0 * ticks / hz / seconds


# -- the app under Xvfb ---------------------------------------------------------------------


@dataclass
class Figures:
    """One state's measurement."""

    state: str
    seconds: float
    app: float  # % of one core, the kiosk and its descendants
    xvfb: float  # % of one core, the X server
    fps: float
    settle_s: float
    settled: bool  # whether the screen stopped changing before the window
    threads: dict[str, float] = field(default_factory=dict)  # busiest threads, % of a core
    running: list[dict[str, Any]] = field(default_factory=list)
    render_loop: str = ""
    graphics_api: str = ""
    source: str = ""  # the source tree the kiosk ran from


def xvfb_pid(display: str) -> int:
    """The pid of the X server of ``display``, from its lock file."""
    return int(Path(f"/tmp/.X{display.lstrip(':')}-lock").read_text().strip())


class Probe:
    """The benchmark's end of the idle probe's socket (benchmarks/probe/sitecustomize.py)."""

    def __init__(self, folder: Path) -> None:
        self.address = str(folder / "probe.sock")
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind(str(folder / "bench.sock"))

    def ask(self, command: str, timeout: float = 10.0) -> dict[str, Any]:
        """Send one command; the probe's answer (an ``error`` in it raises)."""
        self.sock.settimeout(timeout)
        self.sock.sendto(command.encode(), self.address)
        answer: dict[str, Any] = json.loads(self.sock.recv(65536).decode())
        if "error" in answer:
            raise RuntimeError(f"idle probe, {command!r}: {answer['error']}")
        return answer

    def close(self) -> None:
        self.sock.close()


def wait_for(predicate: Any, timeout: float, what: str) -> None:
    """Poll ``predicate`` until it is true; fail naming ``what`` after ``timeout`` s."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise SystemExit(f"idle_cpu: timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(0.05)


def settle(framebuffer: Path, quiet: float = 1.5, cap: float = 5.0) -> tuple[float, bool]:
    """Wait until the screen has not changed for ``quiet`` s, or ``cap`` s in all:
    (seconds waited, whether it went quiet)."""
    with framebuffer.open("rb") as fb, mmap.mmap(fb.fileno(), 0, access=mmap.ACCESS_READ) as m:
        start = time.monotonic()
        last, since = m[::251], start
        while True:
            now = time.monotonic()
            if now - since >= quiet:
                return now - start, True
            if now - start >= cap:
                return now - start, False
            time.sleep(0.05)
            sample = m[::251]
            if sample != last:
                last, since = sample, time.monotonic()


def render_loop(pid: int, swap_threads: list[str], main_thread: str) -> str:
    """Which scene-graph render loop runs: ``threaded`` when a QSGRenderThread exists or
    frames are swapped off the main thread, else ``basic``."""
    names = {name for name, _ in thread_ticks(pid).values()}
    if any(n.startswith("QSGRenderThr") for n in names) or any(
        t != main_thread for t in swap_threads
    ):
        return "threaded"
    return "basic"


def measure_state(
    state: str,
    bundle: Path,
    cache: Path,
    display: str,
    framebuffer: Path,
    seconds: float,
    *,
    busy: str = "",
    loop: str = "",
    keep_log: Path | None = None,
    source: Path = REPO,
    shots: Path | None = None,
    backend: str = "",
) -> Figures:
    """Start the kiosk, show ``state``, let it settle, measure ``seconds``; stop it."""
    if state not in STATES:
        raise SystemExit(f"idle_cpu: unknown state {state!r}; known: {', '.join(STATES)}")
    attract = state == "attract"
    with tempfile.TemporaryDirectory(prefix="kiosk-idle-") as tmp:
        folder = Path(tmp)
        config = folder / "config.toml"
        config.write_text(
            f'log_dir = "{folder}/log"\ncache_dir = "{cache}"\nidle_timeout = 3600\n\n'
            f"[attract]\nenabled = {'true' if attract else 'false'}\n",
            encoding="utf-8",
        )
        env = {
            k: v
            for k, v in os.environ.items()
            if k
            not in (
                "QT_QPA_PLATFORM",
                "WAYLAND_DISPLAY",
                "QT_QUICK_BACKEND",
                "QSG_RENDER_LOOP",
                "KIOSK_BENCH_PROBE",
                "KIOSK_BENCH_BUSY",
            )
        }
        env.update(
            DISPLAY=display,
            HOME=tmp,
            QSG_INFO="1",
            KIOSK_BENCH_FRAMES=str(folder / "probe.sock"),
            PYTHONPATH=os.pathsep.join(
                [str(HERE / "probe"), *filter(None, [os.environ.get("PYTHONPATH")])]
            ),
        )
        if busy:
            env["KIOSK_BENCH_BUSY"] = busy
        if loop:
            env["QSG_RENDER_LOOP"] = loop
        if backend:
            env["QT_QUICK_BACKEND"] = backend
        mode = ["--kiosk", "--no-pin"] if attract else ["--fullscreen"]
        probe = Probe(folder)
        with (folder / "output.log").open("wb") as output:
            proc = subprocess.Popen(
                [sys.executable, "-m", "kiosk", "run", str(bundle), *mode, "--config", str(config)],
                cwd=source,
                env=env,
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        try:

            def alive() -> None:
                if proc.poll() is not None:
                    text = (folder / "output.log").read_text(errors="replace")[-2000:]
                    raise SystemExit(f"idle_cpu: the kiosk exited ({proc.returncode}):\n{text}")

            def ready() -> bool:
                alive()
                if not Path(probe.address).exists():
                    return False
                return bool(probe.ask("state")["ready"])

            wait_for(ready, 120, "the exhibit to load")
            probe.ask(f"go {state}")
            first = probe.ask("state")
            check_state(state, first)
            settle_s, settled = settle(framebuffer)
            window = max(seconds, 30.0) if attract else seconds
            xpid = xvfb_pid(display)
            app0, x0, threads0 = tree(proc.pid), tree(xpid), thread_ticks(proc.pid)
            frames0 = probe.ask("state")
            start = time.monotonic()
            time.sleep(window)  # the measurement window: nothing of ours runs meanwhile
            app1, x1, threads1 = tree(proc.pid), tree(xpid), thread_ticks(proc.pid)
            frames1 = probe.ask("state")
            elapsed = time.monotonic() - start
            alive()
            check_state(state, frames1)
            running = probe.ask("running")["running"]
            if shots is not None:
                from benchmarks.coldstart import save_screen

                shots.mkdir(parents=True, exist_ok=True)
                save_screen(framebuffer, shots / f"{state}{'-busy' if busy else ''}.png")
            per_thread: dict[str, float] = {}
            for tid, (name, used) in threads1.items():
                grown = used - threads0.get(tid, (name, 0))[1]
                per_thread[name] = per_thread.get(name, 0.0) + percent_of_core(grown, elapsed)
            busiest = dict(sorted(per_thread.items(), key=lambda kv: -kv[1])[:4])
            return Figures(
                state=state,
                seconds=round(elapsed, 2),
                app=round(percent_of_core(ticks_between(app0, app1), elapsed), 1),
                xvfb=round(percent_of_core(ticks_between(x0, x1), elapsed), 1),
                fps=round(
                    (frames1["frames"] - frames0["frames"]) / (frames1["time"] - frames0["time"]),
                    1,
                ),
                settle_s=round(settle_s, 2),
                settled=settled,
                threads={k: round(v, 1) for k, v in busiest.items() if v >= 0.05},
                running=running,
                render_loop=render_loop(proc.pid, frames1["swap_threads"], frames1["main_thread"]),
                graphics_api=str(frames1["graphics_api"]),
                source=str(Path(frames1["source"]).parent.parent),
            )
        finally:
            proc.terminate()
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
            probe.close()
            if keep_log is not None:
                keep_log.mkdir(parents=True, exist_ok=True)
                with contextlib.suppress(OSError):
                    (keep_log / f"{state}{'-busy' if busy else ''}.log").write_bytes(
                        (folder / "output.log").read_bytes()
                    )


def check_state(state: str, answer: Mapping[str, Any]) -> None:
    """Fail unless the probe's ``state`` answer shows ``state`` (screen and visit phase)."""
    want_attract = state == "attract"
    on_attract = answer["phase"] == ATTRACT_PHASE
    sheet = bool(answer.get("options_open", False))
    if (
        answer["screen"] != SCREEN_OF[state]
        or on_attract != want_attract
        or sheet != (state == "options")
    ):
        raise SystemExit(
            f"idle_cpu: {STATES[state]} is not on screen (navigator screen "
            f"{answer['screen']}, visit phase {answer['phase']}, options sheet "
            f"{'open' if sheet else 'closed'})"
        )


def prepare(bundle: Path, cache: Path) -> None:
    """Every rendition the app wants on the 1280×800 screen, made beforehand and checked."""
    from benchmarks.harness import prepare_cache

    prepare_cache(bundle, cache, SIZE)


@contextlib.contextmanager
def screen() -> Iterator[tuple[str, Path]]:
    """An Xvfb screen of 1280×800 (coldstart.py's): (DISPLAY, its framebuffer file)."""
    from benchmarks.coldstart import xvfb

    with xvfb(SIZE) as found:
        yield found


def table(rows: list[Figures]) -> str:
    """The figures as a plain-text table."""
    lines = [
        f"{'state':<22} {'app %':>6} {'Xvfb %':>7} {'fps':>6} {'settle':>7}  {'drawn by':<17} "
        "busiest threads",
        "-" * 110,
    ]
    for r in rows:
        mark = " " if r.app <= TARGET else "!"
        threads = ", ".join(f"{k} {v:.1f}" for k, v in r.threads.items())
        settle_text = f"{r.settle_s:.1f}{'' if r.settled else '*'}"
        lines.append(
            f"{STATES[r.state]:<22} {r.app:>5.1f}{mark} {r.xvfb:>7.1f} {r.fps:>6.1f} "
            f"{settle_text:>7}  {r.graphics_api + '/' + r.render_loop:<17} {threads}"
        )
    lines.append(
        f"% of one core over each window; ! above the {TARGET:.0f} % target; "
        "* the screen never stopped changing (5 s cap)"
    )
    return "\n".join(lines)


def self_check(
    bundle: Path, cache: Path, seconds: float, log: Path | None, source: Path = REPO
) -> bool:
    """An injected ~20 % must show; nothing injected must not (see the module docstring)."""
    with screen() as (display, framebuffer):
        runs = [
            measure_state(
                "home",
                bundle,
                cache,
                display,
                framebuffer,
                seconds,
                busy=busy,
                keep_log=log,
                source=source,
            )
            for busy in ("", "10/50", "")
        ]
    control, busy, again = (r.app for r in runs)
    injected_ok = busy - control >= TARGET
    control_ok = abs(again - control) < TARGET
    print(
        json.dumps(
            {
                "self_check": {
                    "control": control,
                    "injected": busy,
                    "control_again": again,
                    "injected_grew": round(busy - control, 1),
                    "controls_differ": round(again - control, 1),
                    "injected_ok": injected_ok,
                    "control_ok": control_ok,
                }
            }
        )
    )
    return injected_ok and control_ok


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("bundle", type=Path, nargs="?", default=DEFAULT)
    parser.add_argument("--cache", type=Path, default=WORK / "idle-cache-1280x800")
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument(
        "--states", default=",".join(STATES), help=f"comma-separated, of: {', '.join(STATES)}"
    )
    parser.add_argument(
        "--render-loop", default="", help="set QSG_RENDER_LOOP (basic, threaded) to compare"
    )
    parser.add_argument(
        "--quick-backend",
        default="",
        help="set QT_QUICK_BACKEND (software, opengl) to compare; default: unset, the app's "
        "own choice",
    )
    parser.add_argument("--log", type=Path, help="keep each run's output here")
    parser.add_argument("--screenshots", type=Path, help="save each state's screen here (PNG)")
    parser.add_argument(
        "--source",
        type=Path,
        default=REPO,
        help="run the kiosk package of this source tree (e.g. `git archive HEAD` unpacked, "
        "for figures before a change); default: this one",
    )
    parser.add_argument("--self-check", action="store_true")
    args = parser.parse_args()
    bundle, cache = args.bundle.resolve(), args.cache.resolve()
    prepare(bundle, cache)
    if args.self_check:
        sys.exit(
            0 if self_check(bundle, cache, args.seconds, args.log, args.source.resolve()) else 1
        )
    states = [s.strip() for s in args.states.split(",") if s.strip()]
    for s in states:
        if s not in STATES:
            raise SystemExit(f"idle_cpu: --states: unknown state {s!r}; known: {', '.join(STATES)}")
    rows = []
    failed: dict[str, str] = {}
    with screen() as (display, framebuffer):
        for state in states:
            try:
                rows.append(
                    measure_state(
                        state,
                        bundle,
                        cache,
                        display,
                        framebuffer,
                        args.seconds,
                        loop=args.render_loop,
                        keep_log=args.log,
                        source=args.source.resolve(),
                        shots=args.screenshots,
                        backend=args.quick_backend,
                    )
                )
            except (SystemExit, RuntimeError, OSError) as exc:
                # One state that cannot be reached must not lose the others' figures.
                failed[state] = str(exc)
                print(f"{STATES[state]}: FAILED: {exc}", file=sys.stderr, flush=True)
                continue
            print(f"{STATES[state]}: {rows[-1].app:.1f} %", file=sys.stderr, flush=True)
    print(table(rows))
    print(
        json.dumps(
            {
                "size": f"{SIZE[0]}x{SIZE[1]}",
                "render_loop": rows[0].render_loop if rows else "",
                "graphics_api": rows[0].graphics_api if rows else "",
                "source": rows[0].source if rows else "",
                "target_percent": TARGET,
                "states": {
                    r.state: {
                        "app_percent": r.app,
                        "xvfb_percent": r.xvfb,
                        "fps": r.fps,
                        "seconds": r.seconds,
                        "settle_s": r.settle_s,
                        "settled": r.settled,
                        "threads": r.threads,
                        "running": r.running,
                        "render_loop": r.render_loop,
                        "graphics_api": r.graphics_api,
                    }
                    for r in rows
                },
                "failed": failed,
            }
        )
    )
    if failed:
        sys.exit(1)


if __name__ == "__main__":
    sys.path.insert(0, str(REPO))
    main()
