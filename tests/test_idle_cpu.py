"""The pieces of benchmarks/idle_cpu.py that need no display: CPU time from /proc over real
processes, and the arithmetic that turns it into % of a core."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest

from benchmarks.idle_cpu import (
    HZ,
    _stat_fields,
    check_state,
    percent_of_core,
    process_ticks,
    ticks_between,
    tree,
)

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")

BURN = "while True: pass"
SLEEP = "import time; time.sleep(600)"


def parent_of(child: str) -> str:
    """A process that starts ``child`` and sleeps: its own CPU stays near nothing."""
    return (
        "import subprocess, sys, time\n"
        f"subprocess.Popen([sys.executable, '-c', {child!r}])\n"
        "time.sleep(600)\n"
    )


@contextmanager
def started(
    code: str, stdin: int | None = None, stdout: int | None = None
) -> Iterator[subprocess.Popen[str]]:
    """``python -c code`` in a process group of its own, killed whole afterwards."""
    proc = subprocess.Popen(
        [sys.executable, "-c", code], start_new_session=True, text=True, stdin=stdin, stdout=stdout
    )
    try:
        yield proc
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


def until(predicate: Callable[[], bool], timeout: float = 60.0, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.02)


def test_percent_of_one_core() -> None:
    assert percent_of_core(50, 1.0, hz=100) == pytest.approx(50.0)
    assert percent_of_core(200, 2.0, hz=100) == pytest.approx(100.0)
    assert percent_of_core(300, 1.0, hz=100) == pytest.approx(300.0)  # three cores busy
    assert percent_of_core(30, 20.0, hz=100) == pytest.approx(1.5)
    with pytest.raises(ValueError, match="0 s"):
        percent_of_core(10, 0.0)


def test_stat_fields_survive_a_command_name_with_spaces_and_parentheses() -> None:
    line = "4242 (QSG (a) b) S 17 4242 4242 0 -1 4194560 10 0 0 0 123 45 6 7 20 0 9 0 1\n"
    fields = _stat_fields(line)
    assert fields[0] == "S"
    assert fields[1] == "17"  # ppid
    assert fields[11:15] == ["123", "45", "6", "7"]  # utime stime cutime cstime


def test_ticks_between_counts_growth_births_and_takes_off_the_reaped() -> None:
    assert ticks_between({1: 10}, {1: 25}) == 15
    assert ticks_between({1: 10}, {1: 12, 3: 4}) == 6  # a child born in the window
    # Child 2 had used 5 ticks, used 3 more and was reaped: its 8 are in the parent's
    # cutime now (10 -> 18), of which only 3 fell in the window.
    assert ticks_between({1: 10, 2: 5}, {1: 18}) == 3


def test_a_burning_grandchild_counts_a_sleeping_one_does_not() -> None:
    with started(parent_of(BURN)) as burner, started(parent_of(SLEEP)) as sleeper:
        # Both parents have started their child (each tree is two processes).
        until(lambda: len(tree(burner.pid)) == 2 and len(tree(sleeper.pid)) == 2, what="children")
        burn0, sleep0 = tree(burner.pid), tree(sleeper.pid)
        own0 = process_ticks(burner.pid)[1]
        # The burner's tree is the clock: half a second of its CPU.
        until(lambda: ticks_between(burn0, tree(burner.pid)) >= HZ // 2, what="the burner")
        slept = ticks_between(sleep0, tree(sleeper.pid))
        own = process_ticks(burner.pid)[1] - own0
    assert slept <= HZ // 10, f"a sleeping tree used {slept / HZ:.2f} s"
    # What the tree used was the grandchild's, not its sleeping parent's.
    assert own <= HZ // 10


REAPED_CHILD = """
import sys, time
def burn(seconds):
    end = time.process_time() + seconds
    while time.process_time() < end:
        pass
burn(0.2)
print("started", flush=True)
sys.stdin.readline()
burn(0.3)
"""

REAPING_PARENT = (
    "import subprocess, sys, time\n"
    f"subprocess.run([sys.executable, '-c', {REAPED_CHILD!r}])\n"
    "print('done', flush=True)\n"
    "time.sleep(600)\n"
)


def test_a_child_reaped_in_the_window_counts_only_its_time_in_the_window() -> None:
    with started(REAPING_PARENT, stdin=subprocess.PIPE, stdout=subprocess.PIPE) as parent:
        assert parent.stdin is not None and parent.stdout is not None
        assert parent.stdout.readline().strip() == "started"  # 0.2 s used before the window
        before = tree(parent.pid)
        assert len(before) == 2
        parent.stdin.write("go\n")
        parent.stdin.flush()
        assert parent.stdout.readline().strip() == "done"  # 0.3 s more, then reaped
        after = tree(parent.pid)
    assert len(after) == 1
    used = ticks_between(before, after) / HZ
    assert 0.25 <= used < 0.45, f"{used:.2f} s for a child that burned 0.3 s in the window"


def test_check_state_knows_the_attract_loop_from_home() -> None:
    check_state("attract", {"screen": 0, "phase": 2})
    check_state("home", {"screen": 0, "phase": 0})
    check_state("viewer", {"screen": 5, "phase": 0})
    with pytest.raises(SystemExit, match="Home is not on screen"):
        check_state("home", {"screen": 0, "phase": 2})
    with pytest.raises(SystemExit, match="Attract loop is not on screen"):
        check_state("attract", {"screen": 0, "phase": 0})
    with pytest.raises(SystemExit, match="Photo viewer is not on screen"):
        check_state("viewer", {"screen": 4, "phase": 0})
