"""Why Qt's platform plugin could not start: the shared libraries it needs that are not
installed, and the Debian packages that provide them.

Qt reports a platform plugin that fails to load with one line ("Could not load the Qt
platform plugin "xcb" in "" even though it was found") and a fatal message that names no
library. The dynamic linker knows which ones are missing: ``ldd`` on the plugin file lists
them as ``libxcb-icccm.so.4 => not found``, including those of the libraries it pulls in.
This module asks it and turns the answer into one ``apt-get install`` line.

No Qt here: the Qt message handler (``kiosk.ui.app``) feeds it Qt's messages and the plugins
folder, and it must work when Qt itself is the thing that is broken.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import textwrap
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

# The libraries that PySide6's platform plugins (xcb, wayland, eglfs and their GL
# integrations) and the Qt libraries they pull in need from the system, by soname, with the
# Debian 12 (bookworm) package that ships each. Checked on Debian 12: `dpkg -S` for the
# installed ones, the package contents for the others (tests/ui/test_platform_libs.py checks
# every installed one again). Libraries that every Debian system has (libc6, libstdc++6,
# libgcc-s1) and those PySide6 bundles (ICU, the Qt libraries) are not listed.
DEBIAN_PACKAGES: dict[str, str] = {
    # xcb (X11)
    "libxcb.so.1": "libxcb1",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-glx.so.0": "libxcb-glx0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xinerama.so.0": "libxcb-xinerama0",
    "libxcb-xinput.so.0": "libxcb-xinput0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libX11.so.6": "libx11-6",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libXau.so.6": "libxau6",
    "libXdmcp.so.6": "libxdmcp6",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    # Wayland
    "libwayland-client.so.0": "libwayland-client0",
    "libwayland-cursor.so.0": "libwayland-cursor0",
    "libwayland-egl.so.1": "libwayland-egl1",
    "libwayland-server.so.0": "libwayland-server0",
    # OpenGL, EGL, Vulkan, KMS
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libGLX.so.0": "libglx0",
    "libGLdispatch.so.0": "libglvnd0",
    "libOpenGL.so.0": "libopengl0",
    "libvulkan.so.1": "libvulkan1",
    "libdrm.so.2": "libdrm2",
    "libgbm.so.1": "libgbm1",
    # Qt Gui, Qt Core and Qt DBus
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libpng16.so.16": "libpng16-16",
    "libexpat.so.1": "libexpat1",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
    "libdbus-1.so.3": "libdbus-1-3",
    "libsystemd.so.0": "libsystemd0",
    "libz.so.1": "zlib1g",
    "libzstd.so.1": "libzstd1",
}

# What Qt Gui, Qt DBus and Qt Core need whichever platform plugin loads.
_GUI_PACKAGES: tuple[str, ...] = (
    "libegl1",
    "libgl1",
    "libfontconfig1",
    "libfreetype6",
    "libglib2.0-0",
    "libdbus-1-3",
    "zlib1g",
    "libzstd1",
)

# Every package that the xcb platform plugin (libqxcb.so and its GL integrations, with
# libQt6XcbQpa, libQt6Gui, libQt6DBus and libQt6Core) needs at run time on Debian 12: what
# `make run` needs on a desktop (the README's line). The wayland plugin's likewise.
XCB_PACKAGES: tuple[str, ...] = (
    "libxcb1",
    "libxcb-cursor0",
    "libxcb-icccm4",
    "libxcb-image0",
    "libxcb-keysyms1",
    "libxcb-randr0",
    "libxcb-render0",
    "libxcb-render-util0",
    "libxcb-shape0",
    "libxcb-shm0",
    "libxcb-sync1",
    "libxcb-util1",
    "libxcb-xfixes0",
    "libxcb-xkb1",
    "libx11-6",
    "libx11-xcb1",
    "libxkbcommon0",
    "libxkbcommon-x11-0",
    "libxcb-glx0",
    *_GUI_PACKAGES,
)

WAYLAND_PACKAGES: tuple[str, ...] = (
    "libwayland-client0",
    "libwayland-cursor0",
    "libwayland-egl1",
    "libxkbcommon0",
    "libx11-6",
    *_GUI_PACKAGES,
)

_NOT_FOUND = re.compile(r"^\s*(\S+)\s+=>\s+not found\s*$")
_TOO_OLD = re.compile(r"\S+: version `[^']+' not found \(required by [^)]+\)")
_NOT_LOADED = re.compile(r'Could not load the Qt platform plugin "([^"]*)" in "([^"]*)"')
_NOT_FOUND_PLUGIN = re.compile(r'Could not find the Qt platform plugin "([^"]*)" in "([^"]*)"')
_AVAILABLE = re.compile(r"Available platform plugins are:\s*([^\n]*?)\.?\s*$", re.MULTILINE)
_DISPLAY_ERRORS = ("could not connect to display", "Failed to create wl_display")


@dataclass
class LinkReport:
    """What the dynamic linker says about loading one shared object."""

    missing: list[str]  # sonames it cannot find, each once, in its order
    too_old: list[str]  # "/usr/lib/…/libfoo.so.1: version `FOO_2' not found (required by …)"

    def too_old_sonames(self) -> list[str]:
        """The libraries that are installed but lack a symbol version that is needed."""
        names = [Path(line.split(": version `")[0]).name for line in self.too_old]
        return list(dict.fromkeys(names))


def link_report(path: Path, *, env: Mapping[str, str] | None = None) -> LinkReport | None:
    """Ask the dynamic linker (``ldd``) about the shared object ``path`` and every library it
    pulls in: which it cannot find, and which are too old; None when that cannot be told (no
    ``ldd`` on this system, or ``path`` is no shared object it can read).

    The linker searches as it would in this process (``LD_LIBRARY_PATH``, the file's own
    RUNPATH, the system's folders), so the answer is the one Qt got when it loaded the file.
    Meant for Qt's own plugin files: ``ldd`` is no tool for untrusted programs.
    """
    ldd = shutil.which("ldd")
    if ldd is None or not path.is_file():
        return None
    try:
        result = subprocess.run(
            [ldd, str(path)],
            capture_output=True,
            text=True,
            errors="replace",
            env=dict(env) if env is not None else None,
            timeout=30,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    report = LinkReport([], [])
    resolved = 0
    for line in result.stdout.splitlines():
        match = _NOT_FOUND.match(line)
        version = _TOO_OLD.search(line)
        if match:
            if match.group(1) not in report.missing:
                report.missing.append(match.group(1))
        elif version:
            if version.group(0) not in report.too_old:
                report.too_old.append(version.group(0))
        elif "=>" in line:
            resolved += 1
    if result.returncode != 0 and not report.missing and not resolved:
        return None  # "not a dynamic executable" and the like
    return report


def missing_libraries(path: Path, *, env: Mapping[str, str] | None = None) -> list[str] | None:
    """The sonames that the dynamic linker cannot find for the shared object ``path`` or for
    any library it pulls in, in the linker's order, each once; None when that cannot be told
    (see ``link_report``)."""
    report = link_report(path, env=env)
    return None if report is None else report.missing


def debian_packages(sonames: Iterable[str]) -> tuple[list[str], list[str]]:
    """The Debian packages that provide ``sonames`` (each once, in order) and the sonames for
    which no package is known here."""
    packages: list[str] = []
    unknown: list[str] = []
    for soname in sonames:
        package = DEBIAN_PACKAGES.get(soname)
        if package is None:
            if soname not in unknown:
                unknown.append(soname)
        elif package not in packages:
            packages.append(package)
    return packages, unknown


def plugin_files(platform: str, folder: Path) -> list[Path]:
    """The plugin file(s) in a ``platforms`` folder that serve ``platform`` (Qt picks plugins
    by the keys in their metadata; the files are named after them: xcb is ``libqxcb.so``,
    wayland, wayland-egl and wayland-brcm are ``libqwayland*.so``)."""
    if not folder.is_dir():
        return []
    exact = folder / f"libq{platform}.so"
    if exact.is_file():
        return [exact]
    base = platform.split("-")[0]
    return sorted(folder.glob(f"libq{base}*.so"))


def pyside_plugins_dir() -> Path | None:
    """Qt's plugins folder inside the installed PySide6, found without importing it."""
    try:
        spec = importlib.util.find_spec("PySide6")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    for location in spec.submodule_search_locations:
        plugins = Path(location) / "Qt" / "plugins"
        if plugins.is_dir():
            return plugins
    return None


@dataclass
class QtPlatformNotes:
    """What Qt said on its way to the fatal message: which platform plugins it tried and
    from where, and why it could not reach a display."""

    tried: list[tuple[str, str]] = field(default_factory=list)  # (platform, folder or "")
    not_found: list[str] = field(default_factory=list)
    display_errors: list[str] = field(default_factory=list)

    def note(self, message: str) -> None:
        """Remember ``message`` if it tells about the platform plugin; cheap for all others."""
        if "platform plugin" in message:
            for match in _NOT_LOADED.finditer(message):
                if match.groups() not in self.tried:
                    self.tried.append((match.group(1), match.group(2)))
            for match in _NOT_FOUND_PLUGIN.finditer(message):
                if match.group(1) not in self.not_found:
                    self.not_found.append(match.group(1))
        elif any(text in message for text in _DISPLAY_ERRORS):
            line = message.strip().splitlines()[0]
            if line not in self.display_errors:
                self.display_errors.append(line)


# Filled by the Qt message handler until Qt gives up (a process has one Qt start-up).
NOTES = QtPlatformNotes()


@dataclass
class Diagnosis:
    """The platform Qt could not start, and what to do about it, in words."""

    platform: str
    text: str
    missing: list[str] = field(default_factory=list)
    packages: list[str] = field(default_factory=list)


def _requested_platforms(env: Mapping[str, str]) -> list[str]:
    chosen = env.get("QT_QPA_PLATFORM", "")
    names = [name.split(":")[0].strip() for name in chosen.split(";")]
    names = [name for name in names if name]
    if names:
        return names
    if env.get("XDG_SESSION_TYPE") == "wayland" and env.get("WAYLAND_DISPLAY"):
        return ["wayland", "xcb"]
    return ["xcb"]


def _fill(text: str) -> str:
    """One paragraph wrapped for a terminal, never inside a `command`."""
    kept = re.sub(r"`[^`]*`", lambda m: m.group(0).replace(" ", "\xa0"), text)
    wrapped = textwrap.fill(kept, width=92, break_on_hyphens=False, break_long_words=False)
    return wrapped.replace("\xa0", " ")


def _displays(env: Mapping[str, str]) -> str:
    shown = [f"{name}={env[name]}" for name in ("DISPLAY", "WAYLAND_DISPLAY") if env.get(name)]
    return ", ".join(shown) or "neither DISPLAY nor WAYLAND_DISPLAY is set"


def diagnose(
    fatal: str,
    *,
    notes: QtPlatformNotes | None = None,
    plugins_dir: Path | None = None,
    env: Mapping[str, str] | None = None,
) -> Diagnosis:
    """Why Qt could not start a platform plugin (``fatal`` is Qt's fatal message), naming
    exactly the libraries that are missing and the one ``apt-get install`` line for them."""
    notes = notes if notes is not None else NOTES
    env = env if env is not None else os.environ
    plugins_dir = plugins_dir or pyside_plugins_dir()
    tried = notes.tried or [(name, "") for name in _requested_platforms(env)]
    platform = ", ".join(dict.fromkeys(name for name, _ in tried))

    if notes.not_found and not notes.tried:
        available = _AVAILABLE.search(fatal)
        has = f"; it has: {available.group(1)}" if available else ""
        chosen = env.get("QT_QPA_PLATFORM", "")
        return Diagnosis(
            platform,
            _fill(
                f"Qt has no platform plugin called {', '.join(notes.not_found)} "
                f"(QT_QPA_PLATFORM={chosen}){has}. Unset QT_QPA_PLATFORM or choose one of those."
            ),
        )

    files: list[Path] = []
    for name, folder in tried:
        folders = [Path(folder)] if folder else []
        if plugins_dir is not None:
            folders.append(plugins_dir / "platforms")
        for candidate in folders:
            files += [f for f in plugin_files(name, candidate) if f not in files]
    missing: list[str] = []
    too_old: list[str] = []
    told = bool(files)
    for path in files:
        report = link_report(path, env=env)
        if report is None:
            told = False
            break
        missing += [soname for soname in report.missing if soname not in missing]
        too_old += [soname for soname in report.too_old_sonames() if soname not in too_old]

    if missing or too_old:
        lines = []
        if missing:
            lines.append(_fill(f"Libraries it needs are not installed: {', '.join(missing)}."))
        if too_old:
            lines.append(_fill(f"Libraries it needs are too old: {', '.join(too_old)}."))
        packages, unknown = debian_packages([*missing, *too_old])
        if packages:
            lines.append("On Debian 12 install them (as root) with:")
            lines.append(f"    apt-get install {' '.join(packages)}")
        for soname in unknown:
            lines.append(
                _fill(f"No package is known here for {soname}: `apt-file search {soname}`.")
            )
        lines.append(f"(Found with: ldd {' '.join(str(f) for f in files)})")
        return Diagnosis(platform, "\n".join(lines), missing, packages)

    if told:
        said = notes.display_errors[0] if notes.display_errors else fatal.strip().splitlines()[0]
        return Diagnosis(
            platform,
            _fill(
                "Its libraries are all installed, so the display is the problem: Qt said "
                f'"{said}" ({_displays(env)}). Start the kiosk inside that graphical session '
                "(check that its display server is running and that this user may use it), "
                "under a single-app compositor such as cage, or on a virtual screen with "
                "`xvfb-run kiosk run`."
            ),
        )

    everything = WAYLAND_PACKAGES if platform.startswith("wayland") else XCB_PACKAGES
    return Diagnosis(
        platform,
        "\n".join(
            [
                _fill(
                    f'Qt said "{fatal.strip().splitlines()[0]}". Either libraries it needs are '
                    f"missing (which ones could not be told here), or the display is not "
                    f"reachable ({_displays(env)}). On Debian 12 the plugin needs:"
                ),
                f"    apt-get install {' '.join(everything)}",
            ]
        ),
    )
