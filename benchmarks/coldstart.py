"""Cold start in a real X window: from exec of ``kiosk run`` to Home complete with its images.

    python benchmarks/coldstart.py BUNDLE --cache DIR [--runs 7] [--inject-ms MS]

Each run starts a fresh ``python -m kiosk run BUNDLE --kiosk --no-pin`` (kiosk mode covers
the screen; the config turns the attract loop off, so Home is the first screen) on its own
Xvfb screen of 1920×1080, with the rendition cache prepared for that screen. Every start has
a home folder of its own, but the config's text is the same at every start, and the platform's
cache folder (``XDG_CACHE_HOME``: the stamp of the checked config) and the log folder are
kept beside the rendition cache, as a gallery machine keeps them; the warm-up start makes the
stamp. Times are from just before the
exec, on the system's monotonic clock, to:

- ``ready``: the app's own READY=1 on its notify socket (its first frame after loading);
- ``complete``: the swap of the first frame in which Home shows every one of its images
  loaded (benchmarks/probe/sitecustomize.py, loaded through PYTHONPATH, watches the frames
  from inside the process; it reads the scene on the GUI thread before each frame is
  synchronised and stamps the frame's swap);
- ``settled``: the first such frame in which the images and the screen have also faded in;
- ``screen``: the cross-check from outside: Xvfb's framebuffer (``-fbdir``) is sampled every
  few milliseconds, and this is the first sample from which the screen no longer changes
  (it equals the screen one second after ``settled``).

``--inject-ms`` makes the process sleep that long before anything of the app runs (the
self-check, ``interleaved``: ``complete`` must grow by about as much). Prints one JSON
object.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import mmap
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))

from benchmarks.harness import pct  # noqa: E402

SIZE = (1920, 1080)
EVENTS = ("ready", "complete", "settled")


@contextlib.contextmanager
def xvfb(size: tuple[int, int] = SIZE) -> Iterator[tuple[str, Path]]:
    """An Xvfb screen of ``size``: (DISPLAY, its framebuffer file)."""
    exe = shutil.which("Xvfb")
    if exe is None:
        raise SystemExit("coldstart: Xvfb is not installed (apt-get install xvfb)")
    number = next(n for n in range(90, 200) if not Path(f"/tmp/.X11-unix/X{n}").exists())
    with tempfile.TemporaryDirectory(prefix="kiosk-xvfb-") as fbdir:
        proc = subprocess.Popen(
            [
                exe,
                f":{number}",
                "-screen",
                "0",
                f"{size[0]}x{size[1]}x24",
                "-nolisten",
                "tcp",
                "-fbdir",
                fbdir,
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            deadline = time.monotonic() + 10
            while not Path(f"/tmp/.X11-unix/X{number}").exists():
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise SystemExit("coldstart: Xvfb did not start")
                time.sleep(0.02)
            yield f":{number}", Path(fbdir) / "Xvfb_screen0"
        finally:
            proc.terminate()
            proc.wait()


def save_screen(framebuffer: Path, out: Path) -> None:
    """The framebuffer (an XWD file of 32-bit pixels) as a PNG, to look at."""
    from PIL import Image

    data = framebuffer.read_bytes()
    fields = [int.from_bytes(data[i : i + 4], "big") for i in range(0, 100, 4)]
    header, width, height = fields[0], fields[4], fields[5]
    per_line, colours = fields[12], fields[19]
    pixels = data[header + 12 * colours :]
    Image.frombuffer("RGB", (width, height), pixels, "raw", "BGRX", per_line, 1).save(out)


def start_once(
    bundle: Path,
    cache: Path,
    display: str,
    framebuffer: Path,
    inject_ms: int = 0,
    screenshot: Path | None = None,
) -> dict[str, float]:
    """One cold start: seconds from exec to each event, and to the screen's last change."""
    with tempfile.TemporaryDirectory(prefix="kiosk-start-") as tmp:
        address = str(Path(tmp) / "notify.sock")
        server = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        server.bind(address)
        server.settimeout(0.004)
        config = Path(tmp) / "config.toml"
        kept = cache.parent / f"{cache.name}-home"  # the same config text at every start
        config.write_text(
            f'log_dir = "{kept}/log"\ncache_dir = "{cache}"\n\n[attract]\nenabled = false\n',
            encoding="utf-8",
        )
        env = {
            k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY")
        }
        env.update(
            DISPLAY=display,
            HOME=tmp,
            XDG_CACHE_HOME=str(kept / "cache"),
            NOTIFY_SOCKET=address,
            KIOSK_BENCH_PROBE=address,
            KIOSK_BENCH_DELAY_MS=str(inject_ms),
            PYTHONPATH=os.pathsep.join(
                [str(HERE / "probe"), *filter(None, [os.environ.get("PYTHONPATH")])]
            ),
        )
        fb = framebuffer.open("rb")
        screen = mmap.mmap(fb.fileno(), 0, access=mmap.ACCESS_READ)
        samples: list[tuple[float, bytes]] = []
        times: dict[str, float] = {}
        start = time.monotonic()
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "kiosk",
                "run",
                str(bundle),
                "--kiosk",
                "--no-pin",
                "--config",
                str(config),
            ],
            cwd=REPO,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            deadline = start + 120
            finish: float | None = None
            while finish is None or time.monotonic() < finish:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise SystemExit(f"coldstart: no settled Home (got {sorted(times)})")
                samples.append((time.monotonic(), screen[::251]))
                try:
                    message = server.recv(128).decode()
                except TimeoutError:
                    continue
                name, _, stamp = message.partition(" ")
                if name == "READY=1":
                    times.setdefault("ready", time.monotonic() - start)
                elif name in EVENTS or name.startswith("mark-"):
                    times.setdefault(name, float(stamp) - start)
                    if name == "settled":
                        finish = time.monotonic() + 1.0
            if screenshot is not None:
                save_screen(framebuffer, screenshot)
        finally:
            proc.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(10)
            if proc.poll() is None:
                proc.kill()
                proc.wait()
            screen.close()
            fb.close()
            server.close()
        final = samples[-1][1]
        changed = (
            max(i for i, (_, s) in enumerate(samples) if s != final)
            if any(s != final for _, s in samples)
            else 0
        )
        times["screen"] = samples[min(changed + 1, len(samples) - 1)][0] - start
        times["samples"] = len(samples)
        return times


def measure(
    bundle: Path, cache: Path, runs: int, inject_ms: int = 0, screenshot: Path | None = None
) -> dict[str, object]:
    """``runs`` cold starts after one unmeasured one: each event's median, p95 and runs."""
    with xvfb() as (display, framebuffer):
        # The page cache, fonts, pipelines (and the screen, if asked for).
        start_once(bundle, cache, display, framebuffer, screenshot=screenshot)
        results = [start_once(bundle, cache, display, framebuffer, inject_ms) for _ in range(runs)]
    out: dict[str, object] = {"runs": runs, "inject_ms": inject_ms}
    marks = sorted({k for r in results for k in r if k.startswith("mark-")})
    for name in (*EVENTS, "screen", *marks):
        values = [r[name] for r in results if name in r]
        out[name] = {
            "median": round(statistics.median(values), 3),
            "p95": round(pct(values, 0.95), 3),
            "all": [round(v, 3) for v in values],
        }
    return out


def interleaved(
    bundle: Path, cache: Path, runs: int, inject_ms: int
) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    """``runs`` starts without and ``runs`` with ``inject_ms``, alternately on one screen (so
    that whatever else the machine does falls on both alike): each event's seconds."""
    base: dict[str, list[float]] = {name: [] for name in EVENTS}
    slow: dict[str, list[float]] = {name: [] for name in EVENTS}
    with xvfb() as (display, framebuffer):
        start_once(bundle, cache, display, framebuffer)
        for _ in range(runs):
            for delay, into in ((0, base), (inject_ms, slow)):
                result = start_once(bundle, cache, display, framebuffer, delay)
                for name in EVENTS:
                    into[name].append(result[name])
    return base, slow


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("bundle", type=Path)
    parser.add_argument("--cache", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--inject-ms", type=int, default=0)
    parser.add_argument("--screenshot", type=Path, help="save the settled screen as a PNG")
    args = parser.parse_args()
    found = measure(
        args.bundle.resolve(), args.cache.resolve(), args.runs, args.inject_ms, args.screenshot
    )
    print(json.dumps(found))


if __name__ == "__main__":
    main()
