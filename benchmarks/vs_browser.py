"""The kiosk against Chromium's kiosk mode showing the same Home: time to a settled screen, memory.

    python benchmarks/vs_browser.py [--bundle DIR] [--runs 7]      (or: make bench-browser)
    python benchmarks/vs_browser.py --self-check [--no-inject]

Home is written as one static HTML page (benchmarks/home_html.py: the same words, the same
hero rendition file, the same fonts and colours). Both programs start on one Xvfb screen of
1280×800 (software rendering: there is no GPU), alternately, one unmeasured start each and
then ``--runs`` each, the order swapped every round (kiosk first, then Chromium first):

- the kiosk: ``python -m kiosk run BUNDLE --kiosk --no-pin --config CFG`` (as
  benchmarks/coldstart.py runs it: full screen, no cursor, the attract loop off so Home comes
  first; the cache was made by ``kiosk prepare --size 1280x800`` beforehand);
- Chromium: ``chromium --kiosk --disable-gpu --no-first-run … file:///…/home.html`` with
  one profile (``--user-data-dir``) and home folder kept from start to start, as a gallery
  machine keeps them, made by the unmeasured warm-up start (the kiosk's caches are made
  beforehand too); ``--fresh-profile`` gives each start a new one instead, as a machine that
  wipes its browser between visitors would. The window is placed on the whole screen
  (``--window-position``/``--window-size``): with no window manager, ``--kiosk`` alone
  leaves a smaller window.

Both are measured the same way, from outside. The clock starts just before the exec
(``time.monotonic``). Xvfb's framebuffer file (``-fbdir``) is read every few milliseconds
and a checksum of the whole screen kept whenever it changes; the screen has settled once it
has not changed for ``--settle`` seconds (1.5). The figure is the time of the first grab
equal to that settled screen. Then the memory: the proportional set size (PSS, shared pages
divided among their users) of every process of the program, summed: the tree under the
exec'd process (parents from /proc/*/stat) and any process that left it whose command line
names the run's own temporary folder (Chromium's crash handlers detach themselves). PSS
counts a page shared by Chromium's processes once in their sum, where RSS would count it
in each; but a library page shared with some other program running at the time (another
Python and Qt process, say) counts only in part, so the kiosk's figure drops while such a
program runs; the private pages (USS) are reported beside it, which do not move so. Then
the whole lot is killed and waited for, and its temporary folder removed.

``--self-check`` starts the kiosk alternately as it is and with a 200-ms sleep before the
same exec (``sh -c 'sleep …; exec …'``, the same wrapper with ``sleep 0`` for the runs
without): the median growth of the pairs must be at least 80 % of 200 ms (and under
3 × 200 + 30 ms), or it exits 1. ``--no-inject`` is the control, with nothing injected:
the check must then fail (it exits 0 when it does, 1 when it passes), as run.py's.

Chromium or Xvfb missing: says how to install it and exits 2 (it installs nothing). Prints
a table, then one JSON line with every figure.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import mmap
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
DEFAULT_BUNDLE = REPO / "kiosk" / "exhibits" / "baku-1920"
sys.path.insert(0, str(REPO))

SIZE = (1280, 800)
INJECT_MS = 200
#: How often the screen is read: a checksum of the whole 4-MB framebuffer takes about 1 ms.
INTERVAL = 0.005
#: The longest a start may take before the run is given up.
TIMEOUT = 90.0


# --- what is needed -----------------------------------------------------------------------


def find_chromium() -> str | None:
    """Chromium's executable, under either of its names."""
    return shutil.which("chromium") or shutil.which("chromium-browser")


def missing_tools() -> str | None:
    """What to install before measuring, in words; None when nothing is missing."""
    lines = []
    if find_chromium() is None:
        lines.append(
            "Chromium is not installed (neither chromium nor chromium-browser is on PATH). "
            "On Debian or Ubuntu: sudo apt-get install chromium"
        )
    if shutil.which("Xvfb") is None:
        lines.append("Xvfb is not installed. On Debian or Ubuntu: sudo apt-get install xvfb")
    if not lines:
        return None
    return "vs_browser: " + "\nvs_browser: ".join(lines) + "\nvs_browser: nothing was measured."


# --- the screen, from outside -------------------------------------------------------------


class Screen:
    """Xvfb's framebuffer file (XWD), read in place: a checksum of every byte of it."""

    def __init__(self, framebuffer: Path) -> None:
        self._file = framebuffer.open("rb")
        self._map = mmap.mmap(self._file.fileno(), 0, access=mmap.ACCESS_READ)

    def grab(self) -> int:
        """The screen now, as a CRC-32 of the whole framebuffer."""
        return zlib.crc32(self._map)

    def close(self) -> None:
        self._map.close()
        self._file.close()


def first_equal_to_settled(samples: Sequence[tuple[float, int]]) -> tuple[float, float]:
    """Of the grabs (time, digest), each kept when the screen changed: the time of the first
    one equal to the last (the settled screen), and the time of the last change."""
    if not samples:
        raise ValueError("no grabs of the screen")
    settled = samples[-1][1]
    first = next(t for t, digest in samples if digest == settled)
    return first, samples[-1][0]


# --- processes ----------------------------------------------------------------------------


def _stat(pid: int) -> tuple[int, str] | None:
    """(parent pid, state) of a process; None once it is gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = text[text.rfind(")") + 2 :].split()  # the name may hold spaces and brackets
    return int(fields[1]), fields[0]


def _pids() -> list[int]:
    return [int(p.name) for p in Path("/proc").iterdir() if p.name.isdigit()]


def _cmdline(pid: int) -> str:
    try:
        return (
            Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        )
    except OSError:
        return ""


def processes(root: int, marker: str | None = None) -> list[int]:
    """``root`` and every live process under it, plus (with ``marker``) any other process
    whose command line contains ``marker``: one that detached itself from the tree."""
    parents: dict[int, int] = {}
    for pid in _pids():
        stat = _stat(pid)
        if stat is not None and stat[1] != "Z":
            parents[pid] = stat[0]
    from benchmarks.proctree import descendants

    found = descendants(parents, root) if root in parents else set()
    if marker:
        found.update(pid for pid in parents if pid != os.getpid() and marker in _cmdline(pid))
    return sorted(found)


def rollup_kb(pids: Sequence[int], *names: str) -> int:
    """The summed fields ``names`` (``Pss``, ``Private_Dirty``…) of /proc/PID/smaps_rollup
    of ``pids``, in kB (a process gone meanwhile counts nothing)."""
    total = 0
    for pid in pids:
        try:
            rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
        except OSError:
            continue
        for line in rollup.splitlines():
            name, _, value = line.partition(":")
            if name in names:
                total += int(value.split()[0])
    return total


def pss_kb(pids: Sequence[int]) -> int:
    """The processes' summed PSS, in kB."""
    return rollup_kb(pids, "Pss")


def private_kb(pids: Sequence[int]) -> int:
    """The processes' summed private pages (USS: clean and dirty), in kB: unlike PSS, it
    does not move with whatever else shares their libraries, and leaves those out."""
    return rollup_kb(pids, "Private_Clean", "Private_Dirty")


def kill_all(proc: subprocess.Popen[bytes], marker: str, timeout: float = 20.0) -> None:
    """Kill the program's whole process group and everything it started, and wait until
    every one of them is gone."""
    doomed = processes(proc.pid, marker)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)  # started in its own session: its group
    for pid in doomed:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(pid, signal.SIGKILL)
    proc.wait(timeout)
    deadline = time.monotonic() + timeout
    while True:
        alive = [p for p in doomed if (s := _stat(p)) is not None and s[1] != "Z"]
        alive += [p for p in processes(proc.pid, marker) if p != proc.pid and p not in alive]
        if not alive:
            return
        if time.monotonic() > deadline:
            raise SystemExit(f"vs_browser: processes {alive} outlived SIGKILL")
        for pid in alive:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(pid, signal.SIGKILL)
        time.sleep(0.02)


# --- one start ----------------------------------------------------------------------------


@dataclass
class Run:
    """One start: seconds to the settled screen, to its last change, and memory."""

    program: str
    seconds: float
    last_change: float
    pss_mb: float
    private_mb: float
    processes: int
    grabs: int
    samples: list[tuple[float, int]] = field(repr=False, default_factory=list)


@dataclass
class Setup:
    """What every start shares: the screen, the bundle, its cache and its page."""

    display: str
    framebuffer: Path
    screen: Screen
    blank: int
    bundle: Path
    cache: Path
    page: Path
    chromium: str
    settle: float
    #: The home folder of both programs and Chromium's profile, kept from run to run (as a
    #: gallery machine keeps them): Chromium's first-run work is done by the warm-up start,
    #: as the kiosk's renditions, validation stamp and QML byte code are made beforehand
    #: (and the stamp of its checked config, in this home's cache folder, by the warm-up).
    #: None: a fresh home and profile for every start (``--fresh-profile``).
    home: Path | None = None


def kiosk_command(setup: Setup, tmp: Path) -> list[str]:
    """``kiosk run`` with a config of its own (logs in the home folder, the prepared cache, no
    attract loop), as coldstart.py starts it. Its text is the same at every start, as on a
    gallery machine, so the stamp of its check made by the warm-up start is taken (with a
    fresh home, ``--fresh-profile``, it is checked at every start)."""
    config = tmp / "config.toml"
    logs = (setup.home or tmp) / "log"
    config.write_text(
        f'log_dir = "{logs}"\ncache_dir = "{setup.cache}"\n\n[attract]\nenabled = false\n',
        encoding="utf-8",
    )
    return [
        sys.executable,
        "-m",
        "kiosk",
        "run",
        str(setup.bundle),
        "--kiosk",
        "--no-pin",
        "--config",
        str(config),
    ]


def profile(setup: Setup, tmp: Path) -> Path:
    """Chromium's profile folder for a start whose own folder is ``tmp``."""
    return (setup.home or tmp) / "chromium-profile"


def chromium_command(setup: Setup, tmp: Path) -> list[str]:
    """Chromium in kiosk mode on the page, with a fresh profile in ``tmp``, nothing that
    would reach the network, and software rendering."""
    return [
        setup.chromium,
        "--kiosk",
        "--disable-gpu",
        "--no-first-run",
        "--no-default-browser-check",
        *(["--no-sandbox"] if os.geteuid() == 0 else []),  # Chromium refuses root otherwise
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-quic",
        "--window-position=0,0",
        f"--window-size={SIZE[0]},{SIZE[1]}",
        f"--user-data-dir={profile(setup, tmp)}",
        setup.page.as_uri(),
    ]


COMMANDS = {"kiosk": kiosk_command, "chromium": chromium_command}


def delayed(command: list[str], seconds: float) -> list[str]:
    """``command`` exec'd by a shell after sleeping ``seconds`` (0 too: both arms of the
    self-check start through the same wrapper)."""
    return ["/bin/sh", "-c", 'sleep "$1"; shift; exec "$@"', "delay", f"{seconds:.3f}", *command]


def wait_blank(setup: Setup, timeout: float = 10.0) -> None:
    """Until the screen is as Xvfb started (the last program's windows gone)."""
    deadline = time.monotonic() + timeout
    while setup.screen.grab() != setup.blank:
        if time.monotonic() > deadline:
            print("vs_browser: the screen did not return to blank; going on", file=sys.stderr)
            return
        time.sleep(0.01)


def start_once(
    setup: Setup, program: str, inject: float | None = None, screenshot: Path | None = None
) -> Run:
    """One start of ``program`` (``inject``: through the delay wrapper, sleeping that long)."""
    from benchmarks.coldstart import save_screen

    wait_blank(setup)
    with tempfile.TemporaryDirectory(prefix=f"vs-browser-{program}-") as tmp_name:
        tmp = Path(tmp_name)
        command = COMMANDS[program](setup, tmp)
        if inject is not None:
            command = delayed(command, inject)
        env = {
            k: v
            for k, v in os.environ.items()
            if k not in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY", "NOTIFY_SOCKET")
        }
        env.update(DISPLAY=setup.display, HOME=str(setup.home or tmp))
        # What names this start's processes in their command lines (the detached ones too).
        marker = str(profile(setup, tmp)) if program == "chromium" else str(tmp)
        last = setup.screen.grab()
        samples: list[tuple[float, int]] = []
        start = time.monotonic()
        proc = subprocess.Popen(
            command,
            cwd=REPO,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        try:
            samples.append((0.0, last))
            changed = start
            while True:
                now = time.monotonic()
                digest = setup.screen.grab()
                if digest != last:
                    samples.append((now - start, digest))
                    last, changed = digest, now
                elif len(samples) > 1 and now - changed >= setup.settle:
                    break
                if now - start > TIMEOUT:
                    raise SystemExit(
                        f"vs_browser: {program}'s screen did not settle in {TIMEOUT} s"
                    )
                if proc.poll() is not None:
                    raise SystemExit(f"vs_browser: {program} exited ({proc.returncode}) at start")
                time.sleep(max(0.0, INTERVAL - (time.monotonic() - now)))
            pids = processes(proc.pid, marker)
            memory, private = pss_kb(pids), private_kb(pids)
            if screenshot is not None:
                save_screen(setup.framebuffer, screenshot)
        finally:
            kill_all(proc, marker)
    first, last_change = first_equal_to_settled(samples)
    return Run(
        program, first, last_change, memory / 1024, private / 1024, len(pids), len(samples), samples
    )


# --- the runs -----------------------------------------------------------------------------


@contextlib.contextmanager
def prepared(
    bundle: Path, settle: float, chromium: str, fresh_profile: bool = False
) -> Iterator[Setup]:
    """A cache for 1280×800, the page, and the Xvfb screen, for the length of the runs."""
    from benchmarks.coldstart import xvfb
    from benchmarks.harness import prepare_cache
    from benchmarks.home_html import write

    with tempfile.TemporaryDirectory(prefix="vs-browser-") as work_name:
        work = Path(work_name)
        cache = work / "cache"
        print(f"kiosk prepare --size {SIZE[0]}x{SIZE[1]}…", file=sys.stderr)
        prepare_cache(bundle, cache, SIZE)
        page = write(bundle, cache, work, SIZE)
        with xvfb(SIZE) as (display, framebuffer):
            screen = Screen(framebuffer)
            try:
                blank = screen.grab()
                home = None if fresh_profile else work / "home"
                if home is not None:
                    home.mkdir()
                yield Setup(
                    display,
                    framebuffer,
                    screen,
                    blank,
                    bundle,
                    cache,
                    page,
                    chromium,
                    settle,
                    home,
                )
            finally:
                screen.close()


def spread(values: list[float], digits: int = 3) -> dict[str, object]:
    """Median, p95, min, max and every value."""
    from benchmarks.harness import pct

    return {
        "median": round(statistics.median(values), digits),
        "p95": round(pct(values, 0.95), digits),
        "min": round(min(values), digits),
        "max": round(max(values), digits),
        "all": [round(v, digits) for v in values],
    }


def compare(setup: Setup, runs: int, shots: Path | None) -> dict[str, object]:
    """Both programs, interleaved: one unmeasured start each, then ``runs`` each."""
    order = ["kiosk", "chromium"]
    for program in order:
        shot = shots / f"{program}.png" if shots else None
        warm = start_once(setup, program, screenshot=shot)
        print(f"  warm-up {program}: {warm.seconds:.3f} s, {warm.pss_mb:.0f} MB", file=sys.stderr)
    found: dict[str, list[Run]] = {p: [] for p in order}
    for i in range(runs):
        for program in order if i % 2 == 0 else order[::-1]:
            run = start_once(setup, program)
            found[program].append(run)
            print(
                f"  {i + 1}/{runs} {program}: settled screen at {run.seconds:.3f} s "
                f"(last change {run.last_change:.3f} s, {run.grabs} screens), "
                f"{run.pss_mb:.0f} MB PSS ({run.private_mb:.0f} MB private) in "
                f"{run.processes} processes",
                file=sys.stderr,
            )
    out: dict[str, object] = {"runs": runs, "screen": f"{SIZE[0]}x{SIZE[1]}"}
    for program, done in found.items():
        out[program] = {
            "settled_s": spread([r.seconds for r in done]),
            "last_change_s": spread([r.last_change for r in done]),
            "pss_mb": spread([r.pss_mb for r in done], 1),
            "private_mb": spread([r.private_mb for r in done], 1),
            "processes": spread([float(r.processes) for r in done], 0),
        }
    med = {
        p: (
            statistics.median(r.seconds for r in found[p]),
            statistics.median(r.pss_mb for r in found[p]),
        )
        for p in order
    }
    private = {p: statistics.median(r.private_mb for r in found[p]) for p in order}
    out["ratio_kiosk_to_chromium"] = {
        "settled": round(med["kiosk"][0] / med["chromium"][0], 2),
        "pss": round(med["kiosk"][1] / med["chromium"][1], 2),
        "private": round(private["kiosk"] / private["chromium"], 2),
    }
    return out


def self_check(setup: Setup, runs: int, inject: bool) -> dict[str, object]:
    """The kiosk with and without 200 ms before its exec, alternately: the growth."""
    seconds = INJECT_MS / 1000 if inject else 0.0
    start_once(setup, "kiosk", inject=0.0)
    start_once(setup, "kiosk", inject=seconds)
    base: list[float] = []
    slow: list[float] = []
    for i in range(runs):
        a = start_once(setup, "kiosk", inject=0.0).seconds
        b = start_once(setup, "kiosk", inject=seconds).seconds
        base.append(a)
        slow.append(b)
        print(f"  pair {i + 1}/{runs}: {a:.3f} s → {b:.3f} s", file=sys.stderr)
    grew = statistics.median(b - a for a, b in zip(base, slow, strict=True)) * 1000
    ok = 0.8 * INJECT_MS <= grew <= 3 * INJECT_MS + 30
    return {
        "injected_ms": INJECT_MS if inject else 0,
        "expected_ms": INJECT_MS,
        "without_s": spread(base),
        "with_s": spread(slow),
        "grew_ms": round(grew, 1),
        "ok": ok,
    }


def report(found: dict[str, object]) -> None:
    """The comparison as a few lines of text."""
    print(f"Home on one Xvfb screen of {found['screen']}, {found['runs']} starts each, interleaved")
    for program in ("kiosk", "chromium"):
        f = found[program]
        assert isinstance(f, dict)
        t, m, u = f["settled_s"], f["pss_mb"], f["private_mb"]
        print(
            f"  {program:9} settled screen: median {t['median']:.3f} s, p95 {t['p95']:.3f} s "
            f"(min {t['min']:.3f}, max {t['max']:.3f}); PSS median {m['median']:.0f} MB "
            f"(min {m['min']:.0f}, max {m['max']:.0f}), private {u['median']:.0f} MB, in "
            f"{f['processes']['median']:.0f} processes"
        )
    r = found["ratio_kiosk_to_chromium"]
    assert isinstance(r, dict)
    print(
        f"  kiosk / Chromium: time {r['settled']:.2f}×, memory {r['pss']:.2f}× "
        f"(private pages {r['private']:.2f}×)"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bundle", type=Path, default=DEFAULT_BUNDLE)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument(
        "--settle",
        type=float,
        default=1.5,
        help="seconds unchanged before the screen counts as settled",
    )
    parser.add_argument("--screenshots", type=Path, help="save each warm-up's settled screen here")
    parser.add_argument(
        "--fresh-profile",
        action="store_true",
        help="a fresh home folder and Chromium profile for every start (default: kept, "
        "warmed by the warm-up start, as the kiosk's caches are)",
    )
    parser.add_argument(
        "--self-check", action="store_true", help="kiosk starts with and without 200 ms"
    )
    parser.add_argument(
        "--no-inject", action="store_true", help="with --self-check: inject nothing (must fail)"
    )
    args = parser.parse_args(argv)
    missing = missing_tools()
    if missing:
        print(missing, file=sys.stderr)
        return 2
    chromium = find_chromium()
    assert chromium is not None
    if args.screenshots:
        args.screenshots.mkdir(parents=True, exist_ok=True)
    with prepared(args.bundle.resolve(), args.settle, chromium, args.fresh_profile) as setup:
        if not args.self_check:
            found = compare(setup, args.runs, args.screenshots)
            report(found)
            print(json.dumps(found))
            return 0
        check = self_check(setup, args.runs, inject=not args.no_inject)
    without, with_delay = check["without_s"], check["with_s"]
    assert isinstance(without, dict) and isinstance(with_delay, dict)
    print(
        f"self-check ({'200 ms injected' if not args.no_inject else 'CONTROL: nothing injected'}): "
        f"kiosk settled screen median {without['median']:.3f} s → "
        f"{with_delay['median']:.3f} s, grew {check['grew_ms']:+.1f} ms (median of "
        f"{args.runs} pairs; it must grow by {0.8 * INJECT_MS:.0f}–{3 * INJECT_MS + 30} ms): "
        f"{'ok' if check['ok'] else 'FAIL'}"
    )
    print(json.dumps({"self_check": check}))
    if args.no_inject:
        if check["ok"]:
            print(
                "vs_browser: the check passed with nothing injected: it cannot tell a delay "
                "from noise",
                file=sys.stderr,
            )
            return 1
        print("the control failed, as it must", file=sys.stderr)
        return 0
    return 0 if check["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
