"""`kiosk run --fullscreen` on real X servers without a window manager covers the screen.

Without a window manager the full-screen state is only a request nobody answers, so the
kiosk must take its screen's geometry itself, and follow it when the screen changes size.
The real ``kiosk run --fullscreen`` runs against the default exhibit on a bare Xvfb, and on
an Xephyr nested in one (whose screen ``xrandr`` can resize); the window's geometry is read
from outside with ``xwininfo``, as an X client sees it.

Debian packages: xvfb, x11-utils (xwininfo); for the resize test also xserver-xephyr and
x11-xserver-utils (xrandr). ``.ci/run`` installs them all.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from PySide6.QtGui import QGuiApplication

# One line of `xwininfo -root -tree`: id, "name": ("instance" "class"), WxH+x+y (relative to
# the parent) and +X+Y (absolute). The kiosk's window has the class "kiosk" (its instance
# name is the program's: "kiosk", or "__main__.py" under `python -m kiosk`).
_TREE_LINE = re.compile(
    r'^\s*(0x[0-9a-f]+) .*\("[^"]*" "kiosk"\)\s+(\d+)x(\d+)[+-]\d+[+-]\d+\s+([+-]\d+)([+-]\d+)'
)

Geometry = tuple[int, int, int, int]  # width, height, x, y

# A nested X server (in a private Xvfb) whose screen xrandr can resize: 1600×1200, 1024×768…
XEPHYR = ["Xephyr", "-screen", "1600x900", "-resizeable"]


def _need(*programs: str) -> None:
    missing = [p for p in programs if shutil.which(p) is None]
    if missing:
        pytest.skip(f"{', '.join(missing)} not installed (see this file's docstring)")


@contextmanager
def x_server(argv: list[str], env: dict[str, str] | None = None) -> Iterator[str]:
    """An X server started with ``-displayfd`` (it picks a free display number itself and
    writes it once it accepts clients); its DISPLAY value. Stopped on leaving."""
    read, write = os.pipe()
    server = subprocess.Popen(
        [*argv, "-displayfd", str(write), "-nolisten", "tcp"],
        pass_fds=(write,),
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    os.close(write)
    try:
        with os.fdopen(read, "rb") as pipe:
            number = pipe.readline().strip()  # EOF, b"", when the server died
        if not number:
            server.kill()
            err = server.communicate()[1].decode(errors="replace")
            raise AssertionError(f"{argv[0]} did not start: {err[-800:]}")
        yield f":{number.decode()}"
    finally:
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def x_client(display: str, *argv: str) -> str:
    """Run an X client (xwininfo, xrandr) on ``display``; its output, or fail with its words."""
    done = subprocess.run(
        argv,
        env={"PATH": os.environ["PATH"], "DISPLAY": display},
        capture_output=True,
        text=True,
        timeout=20,
    )
    assert done.returncode == 0, f"{' '.join(argv)} on {display}: {done.stderr.strip()}"
    return done.stdout


def window_tree(display: str) -> str:
    """``xwininfo -root -tree``. The walk is not atomic: a window the kiosk (Qt) destroys
    between listing and querying it makes xwininfo fail with BadWindow or BadDrawable, so
    such a walk is taken again (any other failure fails at once)."""
    for _ in range(10):
        done = subprocess.run(
            ("xwininfo", "-root", "-tree"),
            env={"PATH": os.environ["PATH"], "DISPLAY": display},
            capture_output=True,
            text=True,
            timeout=20,
        )
        raced = "Bad Window" in done.stderr or "Bad Drawable" in done.stderr
        if done.returncode == 0 or not raced:
            break
    assert done.returncode == 0, f"xwininfo -root -tree on {display}: {done.stderr.strip()}"
    return done.stdout


def kiosk_windows(display: str) -> list[tuple[str, Geometry]]:
    """The kiosk's top-level windows on ``display``: (id, absolute geometry)."""
    tree = window_tree(display)
    found = []
    for line in tree.splitlines():
        match = _TREE_LINE.match(line)
        if match:
            wid, w, h, x, y = match.groups()
            found.append((wid, (int(w), int(h), int(x), int(y))))
    return found


def screen_size(display: str) -> tuple[int, int]:
    """The size of the root window of ``display``."""
    info = x_client(display, "xwininfo", "-root")
    width = re.search(r"Width: (\d+)", info)
    height = re.search(r"Height: (\d+)", info)
    assert width and height, info
    return int(width[1]), int(height[1])


@contextmanager
def kiosk_on(
    display: str, home: Path, *args: str, env: dict[str, str] | None = None
) -> Iterator[subprocess.Popen[bytes]]:
    """The real ``kiosk run ARGS`` of the default exhibit on ``display`` (private home);
    stopped with SIGTERM, and it must leave cleanly with status 0. Its output is in
    ``home/kiosk.out``."""
    home.mkdir()
    base = {
        "PATH": os.environ["PATH"],
        "HOME": str(home),
        "DISPLAY": display,
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "XDG_STATE_HOME": str(home / "state"),
        "XDG_DATA_HOME": str(home / "data"),
    }
    out = home / "kiosk.out"
    with out.open("wb") as sink:
        proc = subprocess.Popen(
            [sys.executable, "-m", "kiosk", "run", *args],
            cwd=home,
            env=base | (env or {}),
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    try:
        yield proc
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()  # never leave a kiosk behind, even when the test fails
            proc.wait()
    text = out.read_text(errors="replace")
    assert proc.returncode == 0, text
    assert "received SIGTERM; quitting cleanly" in text, text
    assert "XCB error" not in text, text


def wait_for_geometry(
    display: str, proc: subprocess.Popen[bytes], want: Geometry, timeout: float = 30
) -> None:
    """Poll (no fixed wait) until the kiosk's window on ``display`` has ``want``."""
    deadline = time.monotonic() + timeout
    seen: list[tuple[str, Geometry]] = []
    while time.monotonic() < deadline:
        assert proc.poll() is None, f"the kiosk exited with status {proc.returncode}"
        seen = kiosk_windows(display)
        if [g for _, g in seen] == [want]:
            return
        time.sleep(0.05)
    shown = ", ".join(f"{w}×{h} at {x},{y}" for _, (w, h, x, y) in seen) or "no window"
    raise AssertionError(
        f"the kiosk's window is {shown}, not {want[0]}×{want[1]} at {want[2]},{want[3]} "
        f"(the whole screen) after {timeout:.0f} s"
    )


def test_fullscreen_covers_a_bare_x_server(tmp_path):
    """A 1600×900 Xvfb with no window manager: the window is exactly the screen, not the
    1280×800 design size in a corner."""
    if shutil.which("Xvfb") is None:
        pytest.skip("Xvfb is not installed (Debian: apt-get install xvfb)")
    _need("xwininfo")
    with x_server(["Xvfb", "-screen", "0", "1600x900x24"]) as display:
        assert screen_size(display) == (1600, 900)
        with kiosk_on(display, tmp_path / "home", "--fullscreen") as proc:
            wait_for_geometry(display, proc, (1600, 900, 0, 0))
            (wid, _), *_ = kiosk_windows(display)
            assert "Map State: IsViewable" in x_client(display, "xwininfo", "-id", wid)


def test_fullscreen_follows_the_screen_when_xrandr_resizes_it(tmp_path):
    """Xephyr (inside a private Xvfb) offers xrandr sizes: the window follows each."""
    _need("Xvfb", "Xephyr", "xwininfo", "xrandr")
    with (
        x_server(["Xvfb", "-screen", "0", "1600x1200x24"]) as host,
        x_server(XEPHYR, {"PATH": os.environ["PATH"], "DISPLAY": host}) as display,
        kiosk_on(display, tmp_path / "home", "--fullscreen") as proc,
    ):
        wait_for_geometry(display, proc, (1600, 900, 0, 0))
        for width, height in ((1024, 768), (1600, 1200)):
            x_client(display, "xrandr", "-s", f"{width}x{height}")
            assert screen_size(display) == (width, height)
            wait_for_geometry(display, proc, (width, height, 0, 0))


def test_leaving_kiosk_mode_gives_the_window_its_size_back(open_kiosk):
    """In process (offscreen): covering the screen is undone, since without a window manager
    nothing else would restore the window's size."""
    view = open_kiosk(size=(1280, 800))
    before = view.window.geometry()
    view.enter_kiosk()
    assert view.window.geometry() == QGuiApplication.primaryScreen().geometry() != before
    view.leave_kiosk()
    assert view.window.geometry() == before
