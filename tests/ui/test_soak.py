"""`kiosk soak`: a minute of real touches on the real scene passes clean, and a warning fails it."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import DEFAULT_BUNDLE


def soak_env(tmp_path: Path) -> dict[str, str]:
    """A private cache, state and config; no platform chosen (the command takes offscreen)."""
    env = dict(os.environ)
    for var in ("XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME", "XDG_DATA_HOME"):
        env[var] = str(tmp_path / var.lower())
    env.pop("QT_QPA_PLATFORM", None)
    return env


def run_soak(tmp_path: Path, *args: str, timeout: float = 240) -> subprocess.CompletedProcess[str]:
    """`kiosk soak` in its own process."""
    return subprocess.run(
        [sys.executable, "-m", "kiosk", "soak", *args],
        env=soak_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def test_a_minute_of_touches_leaves_no_warning_no_error_and_no_leak(tmp_path):
    done = run_soak(tmp_path, "--minutes", "1", "--seed", "7", "--size", "1280x800")
    out = done.stdout
    assert done.returncode == 0, out + done.stderr
    (line,) = [m for m in out.splitlines() if m.startswith("minute 1:")]
    events = int(re.search(r"(\d+) touch events", line)[1])
    assert events > 300  # presses, moves and releases: the monkey kept busy all minute
    assert " 0 warnings, 0 errors" in line
    assert re.search(r"RSS \d+\.\d MB, PSS \d+\.\d MB", line)
    summary = out[out.index("soak: 1 min") :]
    resets = int(re.search(r"(\d+) visit resets", summary)[1])
    assert resets >= 1  # a long idle ran "Still there?" out and the visit started over
    growth = float(re.search(r"growth ([+-]\d+\.\d) MB", summary)[1])
    assert growth <= 5.0
    opened = re.search(r"screens opened: (.*)", summary)[1]
    assert {"Story", "Photos", "Viewer"} <= {part.split()[0] for part in opened.split(", ")}
    assert out.rstrip().endswith("soak: passed")
    assert done.stderr == ""


def test_a_warning_from_the_scene_fails_the_soak(tmp_path):
    # The exhibit's pictures vanish once it is shown (a stick pulled, a disk gone): the
    # kiosk warns as its renditions cannot be made (the scene shows their placeholders),
    # and the soak must fail on those warnings.
    bundle = tmp_path / "bundle"
    shutil.copytree(DEFAULT_BUNDLE, bundle)
    env = soak_env(tmp_path)
    args = [str(bundle), "--minutes", "0.5", "--seed", "3", "--size", "1280x800"]
    with subprocess.Popen(
        [sys.executable, "-m", "kiosk", "soak", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as proc:
        assert proc.stdout is not None
        first = proc.stdout.readline()
        assert first.startswith(f"soak: {bundle} shown at 1280x800"), first
        for picture in (bundle / "images").iterdir():
            picture.unlink()
        shutil.rmtree(tmp_path / "xdg_cache_home")
        out, err = proc.communicate(timeout=240)
    assert proc.returncode == 1, out + err
    assert not re.search(r"minute 1: .* 0 warnings", out)
    assert re.search(r"soak: by source: .*\d+ WARNING kiosk\.ui\.renditions", out), out
    assert re.search(
        r"^\s*WARNING kiosk\.ui\.renditions: .*images/.*FileNotFoundError", out + err, re.M
    )
    assert "soak: FAILED: every warning and error above is a defect" in out


def test_an_exhibit_that_cannot_be_shown_stops_the_soak_at_once(tmp_path):
    bundle = tmp_path / "bundle"
    bundle.mkdir()
    (bundle / "bundle.json").write_text('{"format": ', encoding="utf-8")
    done = run_soak(tmp_path, str(bundle), "--minutes", "1", timeout=60)
    assert done.returncode == 2
    assert f"kiosk soak: {bundle}: the exhibit cannot be shown" in done.stderr
    assert "bundle.json:1:" in done.stderr  # the log line names the file and the place
    assert "minute 1" not in done.stdout


def test_memory_growth_over_the_bound_fails_the_report():
    from kiosk.ui.soak import Report

    within = Report(minutes=1, baseline_mb=180.0, final_mb=184.9, max_growth_mb=5.0)
    assert within.ok and within.summary().endswith("soak: passed")
    over = Report(minutes=1, baseline_mb=180.0, final_mb=185.2, max_growth_mb=5.0)
    assert not over.ok
    assert "soak: FAILED: memory grew 5.2 MB after the warm-up (more than 5 MB)" in over.summary()
