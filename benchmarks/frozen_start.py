"""Cold start to first frame: the frozen kiosk (``make dist``) against the source tree.

    python benchmarks/frozen_start.py [--runs 9] [--onedir dist/kiosk]

Each run is a fresh process showing the default exhibit offscreen, timed from its start to
READY=1 on a fake notify socket (``cold_start`` of benchmarks/run.py). The two are
interleaved, source then frozen, so that whatever else the machine does falls on both
alike. Renditions are made beforehand with ``kiosk prepare``. Not part of the test run.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.harness import pct
from benchmarks.run import DEFAULT, REPO, WORK, cold_start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=9, help="runs of each (default 9)")
    parser.add_argument("--onedir", type=Path, default=REPO / "dist" / "kiosk")
    args = parser.parse_args()
    exe = args.onedir / "kiosk"
    if not exe.is_file():
        print(f"frozen_start: {exe} is missing: run make dist first", file=sys.stderr)
        return 2

    cache = WORK / "frozen-start-cache"
    WORK.mkdir(exist_ok=True)
    subprocess.run(
        [sys.executable, "-m", "kiosk", "prepare", str(DEFAULT), "--cache", str(cache)],
        cwd=REPO,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    # One unmeasured start of each, so that neither pays for filling the page cache.
    cold_start(DEFAULT, cache, 1)
    cold_start(DEFAULT, cache, 1, command=[str(exe)])

    times: dict[str, list[float]] = {"source": [], "frozen": []}
    for i in range(args.runs):
        times["source"] += cold_start(DEFAULT, cache, 1)
        times["frozen"] += cold_start(DEFAULT, cache, 1, command=[str(exe)])
        print(
            f"run {i + 1}/{args.runs}: source {times['source'][-1]:.3f} s, "
            f"frozen {times['frozen'][-1]:.3f} s",
            file=sys.stderr,
        )
    print("cold start to first frame, default exhibit, offscreen (READY=1)")
    for name, values in times.items():
        print(
            f"  {name:<6}  median {statistics.median(values):.2f} s, "
            f"p95 {pct(values, 0.95):.2f} s, min {min(values):.2f} s (n={len(values)})"
        )
    ratio = statistics.median(times["frozen"]) / statistics.median(times["source"])
    print(f"  frozen / source (medians): {ratio:.2f}")
    return self_check(exe, cache, statistics.median(times["frozen"]))


INJECTED = 0.3


def self_check(exe: Path, cache: Path, baseline: float) -> int:
    """The harness sees a delay in the measured path: the frozen kiosk started through a
    wrapper that sleeps 0.3 s first must measure at least 0.25 s slower."""
    wrapper = ["/bin/sh", "-c", f'sleep {INJECTED}; exec "$0" "$@"', str(exe)]
    slowed = statistics.median(cold_start(DEFAULT, cache, 3, command=wrapper))
    seen = slowed - baseline
    print(f"  self-check: {INJECTED:.2f} s injected before exec, {seen:.2f} s seen")
    if seen < INJECTED - 0.05:
        print("frozen_start: the harness does not see an injected delay", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
