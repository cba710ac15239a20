"""Peak memory, wall time and decodes of ``kiosk prepare`` of a 100-megapixel scan.

    python benchmarks/prepare_peak.py [--runs N] [--tree SOURCE_TREE]

Prepares the scan bundle of benchmarks/run.py (benchmarks/.work/scan-100mp: a 12240×8160
JPEG and a small portrait, made by benchmarks/synthetic.py if missing) into a cold cache,
on the benchmark screen (1920×1080), in a fresh ``python -m kiosk prepare`` process, and
prints one JSON line:

- ``worker_peak_mb``: each child process's own peak resident memory (``VmHWM``, read from
  /proc every 20 ms while it runs: prepare kills its workers rather than waiting for them
  to exit), the largest first; ``worker_reported_mb``: what prepare itself printed (the
  worker's ``VmHWM`` after each job: kiosk.media.sandbox.peak_memory);
- ``parent_peak_mb``: the ``kiosk prepare`` process's own ``VmHWM``;
- ``tree_maxrss_mb``: ``getrusage(RUSAGE_CHILDREN).ru_maxrss`` here, the largest of the
  whole process tree (the kernel's figure; it also counts a worker's pages before its exec);
- ``wall_s``: the prepare's wall time;
- ``decodes``: per original, how many times its pixels were decoded (Pillow's
  ``ImageFile.load`` of it, and the strip decoder's passes over it), with the size each
  decode produced.

The figures come from a probe (a ``sitecustomize`` written to a temporary folder and put on
``PYTHONPATH`` of the prepare and so of its workers); it only watches and writes a line
per event to a log. Not part of the test run.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))

# benchmarks/run.py's scan (not imported from there: run.py loads the scene harness).
SCAN_SIZE = (12240, 8160)
SCAN_LIMIT = "200000000"
SCAN = HERE / ".work" / "scan-100mp"
SCREEN = "1920x1080"

PROBE = '''
"""Benchmark probe (benchmarks/prepare_peak.py): logs decodes and the exit peak."""
import atexit, json, os, sys

_LOG = os.environ.get("KIOSK_BENCH_DECODES", "")
_ROOT = os.environ.get("KIOSK_BENCH_ORIGINALS", "")


def _note(**record):
    record["pid"] = os.getpid()
    with open(_LOG, "a", encoding="utf-8") as fh:
        fh.write(json.dumps(record) + "\\n")


def _hwm():
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    return 0


def _original(name):
    return bool(name) and str(name).startswith(_ROOT)


def _exit():
    import multiprocessing

    if multiprocessing.parent_process() is not None:
        role = "worker"
    else:
        role = "prepare" if sys.argv and "kiosk" in sys.argv[0] else "other"
    _note(kind="exit", role=role, hwm=_hwm())


if _LOG:
    atexit.register(_exit)
    from PIL import ImageFile

    _load = ImageFile.ImageFile.load

    def load(self):
        if self.tile and _original(getattr(self, "filename", "")):
            _note(kind="decode", how="pillow", file=self.filename, size=list(self.size))
        return _load(self)

    ImageFile.ImageFile.load = load

    def _patch(strips):
        start = strips.JpegStrips.__init__

        def opened(self, path, mode, rawmode, size, heights):
            if _original(path):
                how = f"strips of {len(heights)} bands"
                _note(kind="decode", how=how, file=str(path), size=list(size))
            start(self, path, mode, rawmode, size, heights)

        strips.JpegStrips.__init__ = opened

    import importlib.abc

    class _AfterImport(importlib.abc.MetaPathFinder):
        """Patches kiosk.media.strips once it is imported (from whichever tree runs)."""

        def find_spec(self, name, path, target=None):
            if name != "kiosk.media.strips":
                return None
            for finder in sys.meta_path:
                find = None if finder is self else getattr(finder, "find_spec", None)
                spec = find(name, path, target) if find is not None else None
                if spec is not None:
                    break
            else:
                return None
            run = spec.loader.exec_module

            def exec_module(module):
                run(module)
                _patch(module)

            spec.loader.exec_module = exec_module
            return spec

    sys.meta_path.insert(0, _AfterImport())
'''


def ensure_scan() -> Path:
    """The scan bundle, made as benchmarks/run.py makes it when it is not there."""
    if not (SCAN / "bundle.json").exists():
        from benchmarks.synthetic import make_bundle, make_scan

        print("making a 100-megapixel scan…", file=sys.stderr)
        make_bundle(SCAN, people=1, photos=1)
        make_scan(SCAN / "images" / "photo-00000.jpg", SCAN_SIZE)
    return SCAN


def _status(pid: int) -> tuple[int, int] | None:
    """The parent pid and ``VmHWM`` (bytes) of process ``pid``, if it is still there."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text("ascii")
        status = Path(f"/proc/{pid}/status").read_text("ascii")
    except OSError:
        return None
    ppid = int(stat.rsplit(")", 1)[1].split()[1])
    hwm = next(
        (int(line.split()[1]) * 1024 for line in status.splitlines() if line.startswith("VmHWM:")),
        0,
    )
    return ppid, hwm


def watch(proc: subprocess.Popen[bytes]) -> dict[int, int]:
    """Until ``proc`` ends: the largest ``VmHWM`` seen of each of its child processes (the
    workers: they are killed, not left to exit, so only a look from outside sees them)."""
    seen: dict[int, int] = {}
    while proc.poll() is None:
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            found = _status(int(entry.name))
            if found is not None and found[0] == proc.pid:
                seen[int(entry.name)] = max(seen.get(int(entry.name), 0), found[1])
        time.sleep(0.02)
    return seen


def one_run(tree: Path = REPO) -> dict[str, Any]:
    """Prepare the scan once, into a cold cache, with the kiosk of source ``tree``; the
    figures."""
    bundle = ensure_scan()
    with tempfile.TemporaryDirectory(prefix="prepare-peak-") as tmp:
        probe = Path(tmp) / "probe"
        probe.mkdir()
        (probe / "sitecustomize.py").write_text(PROBE, encoding="utf-8")
        log = Path(tmp) / "log.jsonl"
        log.touch()
        cache = Path(tmp) / "cache"
        env = dict(
            os.environ,
            PYTHONPATH=os.pathsep.join([str(probe), *filter(None, [os.environ.get("PYTHONPATH")])]),
            KIOSK_BENCH_DECODES=str(log),
            KIOSK_BENCH_ORIGINALS=str((bundle / "images").resolve()),
        )
        command = [sys.executable, "-m", "kiosk", "prepare", str(bundle.resolve())]
        command += ["--cache", str(cache), "--size", SCREEN, "--max-pixels", SCAN_LIMIT]
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        start = time.perf_counter()
        out, err = Path(tmp) / "out", Path(tmp) / "err"
        with out.open("w") as stdout, err.open("w") as stderr:
            proc = subprocess.Popen(command, cwd=tree, env=env, stdout=stdout, stderr=stderr)
            seen = watch(proc)
        wall = time.perf_counter() - start
        result = subprocess.CompletedProcess(
            command, proc.returncode, out.read_text("utf-8"), err.read_text("utf-8")
        )
        tree = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        if result.returncode != 0:
            sys.stderr.write(result.stdout + result.stderr)
            raise SystemExit(f"kiosk prepare failed ({result.returncode})")
        records = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
        shutil.rmtree(cache, ignore_errors=True)
    reported = re.search(r"peak memory of a worker: ([\d,]+) MB", result.stdout)
    exits = [r for r in records if r["kind"] == "exit"]
    workers = sorted(seen.values(), reverse=True)
    parent = [r["hwm"] for r in exits if r["role"] == "prepare"]
    decodes: dict[str, list[str]] = {}
    for r in records:
        if r["kind"] == "decode":
            size = "×".join(map(str, r["size"]))
            decodes.setdefault(Path(r["file"]).name, []).append(f"{r['how']} {size}")
    return {
        "megapixels": round(SCAN_SIZE[0] * SCAN_SIZE[1] / 1e6, 1),
        "wall_s": round(wall, 2),
        "worker_peak_mb": [round(b / 1e6) for b in workers],
        "worker_reported_mb": int(reported.group(1).replace(",", "")) if reported else None,
        "parent_peak_mb": round(max(parent) / 1e6) if parent else None,
        "tree_maxrss_mb": round(tree * 1024 / 1e6) if tree > before else None,
        "decodes": {name: {"count": len(d), "each": d} for name, d in sorted(decodes.items())},
        "summary": next((line for line in result.stdout.splitlines() if " images, " in line), ""),
    }


def main() -> None:
    """Command line: one JSON line (with ``--runs N``, the figures of each run)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument(
        "--tree",
        type=Path,
        default=REPO,
        help="the source tree whose kiosk prepares (for a before/after: an older commit's "
        "`git archive` unpacked somewhere); default: this one",
    )
    args = parser.parse_args()
    runs = [one_run(args.tree.resolve()) for _ in range(max(1, args.runs))]
    print(json.dumps(runs[0] if len(runs) == 1 else {"runs": runs}, ensure_ascii=False))


if __name__ == "__main__":
    main()
