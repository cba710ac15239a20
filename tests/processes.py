"""Watching child processes from a test, through /proc: their pids, memory and state."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path


def child_pids(pid: int) -> list[int]:
    """The direct children of ``pid`` (every thread's)."""
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            found += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
    return found


def workers(pid: int) -> list[int]:
    """The kiosk's spawned worker processes (not multiprocessing's resource tracker)."""
    out = []
    for child in child_pids(pid):
        try:
            cmdline = Path(f"/proc/{child}/cmdline").read_bytes()
        except OSError:
            continue
        if b"spawn_main" in cmdline:
            out.append(child)
    return out


def rss_mb(pid: int) -> float:
    """Resident memory of ``pid`` in MB (0 once it is gone)."""
    try:
        pages = int(Path(f"/proc/{pid}/statm").read_text().split()[1])
    except (OSError, IndexError):
        return 0.0
    return pages * os.sysconf("SC_PAGE_SIZE") / 1e6


def thread_names(pid: int) -> list[str]:
    """The names of the threads of ``pid`` (their ``comm``; none once it is gone)."""
    names = []
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            names.append((task / "comm").read_text().strip())
    except OSError:
        pass
    return names


def alive(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie does not)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def until(condition: Callable[[], object], timeout: float, what: str) -> None:
    """Poll ``condition`` (not a fixed wait) until it holds, or fail naming ``what``."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.005)


#: The start of a command that runs as root without the capabilities that pass permission
#: checks (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH): the tests run as root, and this venv's
#: interpreter is not reachable for another user, so this is how a test meets "Permission
#: denied" as the kiosk's user would. Add ``--regid``/``--clear-groups`` for a group.
WITHOUT_DAC = [
    "setpriv",
    "--bounding-set=-dac_override,-dac_read_search",
    "--inh-caps=-dac_override,-dac_read_search",
]
