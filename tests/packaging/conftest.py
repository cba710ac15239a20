"""Fixtures for the tests of the frozen build (``make test-dist``; not part of ``make test``).

They need the onedir that ``make dist`` builds, ``dist/kiosk/`` (or the one named by
$KIOSK_ONEDIR, e.g. an installed /opt/kiosk), and fail, never skip, when it is missing: a
frozen build that was not tested must not look like one that passed. The kiosk-mode test
also needs Xvfb (on Debian: apt-get install xvfb xauth).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import REPO

ONEDIR = Path(os.environ.get("KIOSK_ONEDIR") or REPO / "dist" / "kiosk")

# Variables of the developer's session that would change what the kiosk does.
SCRUBBED = (
    "QT_QPA_PLATFORM",
    "DISPLAY",
    "WAYLAND_DISPLAY",
    "NOTIFY_SOCKET",
    "WATCHDOG_USEC",
    "WATCHDOG_PID",
    "KIOSK_BUNDLE",
    "KIOSK_CONFIG",
    "KIOSK_MAINTENANCE_FILE",
    "XDG_CONFIG_HOME",
    "XDG_CACHE_HOME",
    "XDG_STATE_HOME",
    "XDG_DATA_HOME",
    "LD_LIBRARY_PATH",
    "PYTHONPATH",
)


@pytest.fixture(scope="session")
def onedir() -> Path:
    """The frozen onedir: ``kiosk`` and ``_internal/``."""
    exe = ONEDIR / "kiosk"
    if not exe.is_file() or not os.access(exe, os.X_OK):
        pytest.fail(f"{exe} is missing: run make dist first (these tests test the frozen build)")
    return ONEDIR


@pytest.fixture(scope="session")
def frozen(onedir: Path) -> Path:
    """The frozen executable, ``dist/kiosk/kiosk``."""
    return onedir / "kiosk"


@pytest.fixture(scope="session")
def shipped_exhibit(onedir: Path) -> Path:
    """The default exhibit inside the onedir, where kiosk.paths.shipped_bundle() finds it."""
    return onedir / "_internal" / "kiosk" / "exhibits" / "baku-1920"


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    """An empty working directory, so that nothing is found relative to the source tree."""
    path = tmp_path / "work"
    path.mkdir()
    return path


@pytest.fixture
def clean_env(tmp_path: Path) -> dict[str, str]:
    """The environment for a kiosk process: a private, empty HOME; no display, no systemd."""
    home = tmp_path / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in SCRUBBED}
    env["HOME"] = str(home)
    return env


def _free_display() -> int:
    for number in range(90, 200):
        if (
            not Path(f"/tmp/.X11-unix/X{number}").exists()
            and not Path(f"/tmp/.X{number}-lock").exists()
        ):
            return number
    raise RuntimeError("no free X display number between :90 and :199")


@pytest.fixture(scope="session")
def xvfb() -> Iterator[str]:
    """A private Xvfb server, 1280x800x24, on a free display; its DISPLAY value."""
    if shutil.which("Xvfb") is None:
        pytest.fail("Xvfb is not installed (on Debian: apt-get install xvfb xauth)")
    for _attempt in range(3):
        number = _free_display()
        server = subprocess.Popen(
            ["Xvfb", f":{number}", "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        sock = Path(f"/tmp/.X11-unix/X{number}")
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and server.poll() is None and not sock.exists():
            time.sleep(0.05)
        if server.poll() is None and sock.exists():
            break
        server.kill()
        _, err = server.communicate()
        # Another server took the number first: try the next free one.
    else:
        pytest.fail(f"Xvfb did not start: {err.decode(errors='replace')[-500:]}")
    try:
        yield f":{number}"
    finally:
        server.terminate()
        try:
            server.wait(5)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


@pytest.fixture
def notify_socket(tmp_path: Path) -> Iterator[tuple[socket.socket, str]]:
    """A fake systemd notify socket: (the bound datagram socket, its address)."""
    address = str(tmp_path / "notify.sock")
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(address)
    try:
        yield sock, address
    finally:
        sock.close()
