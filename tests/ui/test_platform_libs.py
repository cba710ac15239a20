"""When Qt's platform plugin cannot load, the kiosk names exactly the missing libraries and
the Debian packages that ship them (issue #9 item 7).

The libraries are hidden for real: stubs built with gcc, linked into a test library or into
the load path, then deleted, so that the dynamic linker itself cannot find them.
"""

from __future__ import annotations

import ctypes
import os
import re
import subprocess
import sys
import sysconfig
from pathlib import Path

from kiosk import platform_libs
from kiosk.platform_libs import (
    DEBIAN_PACKAGES,
    WAYLAND_PACKAGES,
    XCB_PACKAGES,
    QtPlatformNotes,
    debian_packages,
    diagnose,
    link_report,
    missing_libraries,
    pyside_plugins_dir,
)
from tests.conftest import REPO

# Libraries in the table that a machine may well not have; the first one the dynamic linker
# cannot load here is the one the tests hide (Qt 6 no longer needs xinerama, so on this
# project's machines it is libxcb-xinerama.so.0).
HIDEABLE = (
    "libxcb-xinerama.so.0",
    "libxcb-xinput.so.0",
    "libvulkan.so.1",
    "libwayland-egl.so.1",
    "libwayland-cursor.so.0",
    "libxcb-keysyms.so.1",
    "libxcb-icccm.so.4",
    "libxcb-render-util.so.0",
    "libxcb-image.so.0",
    "libxcb-cursor.so.0",
    "libxkbcommon-x11.so.0",
)
MADE_UP = "libkiosk-test-nowhere.so.7"

# What every Debian system has; PySide6 bundles the rest of what Qt needs (ICU, Qt itself).
BASE = {"libc.so.6", "libm.so.6", "libpthread.so.0", "libdl.so.2", "librt.so.1"}
BASE |= {"libstdc++.so.6", "libgcc_s.so.1", "ld-linux-x86-64.so.2"}


def _loadable(soname: str) -> bool:
    """Whether the dynamic linker finds ``soname`` (asked directly, not through ldd)."""
    try:
        ctypes.CDLL(soname)
    except OSError:
        return False
    return True


def _absent_table_soname() -> str:
    """A soname from the table that this machine does not have, else a made-up one."""
    return next((s for s in HIDEABLE if not _loadable(s)), MADE_UP)


def _gcc_lib(
    folder: Path, soname: str, *, needs: tuple[str, ...] = (), rpath: bool = False
) -> Path:
    """A tiny shared library called ``soname`` that needs the libraries ``needs``, which
    must be in ``folder`` at link time."""
    folder.mkdir(parents=True, exist_ok=True)
    source = folder / f"{soname}.c"
    symbol = "kiosk_stub_" + re.sub(r"\W", "_", soname)
    source.write_text(f"int {symbol}(void) {{ return 1; }}\n")
    out = folder / soname
    command = ["gcc", "-shared", "-fPIC", "-o", str(out), str(source), f"-Wl,-soname,{soname}"]
    command += ["-L", str(folder), "-Wl,--no-as-needed"] + [f"-l:{n}" for n in needs]
    if rpath:
        command.append("-Wl,-rpath,$ORIGIN")
    subprocess.run(command, check=True, capture_output=True, text=True)
    source.unlink()
    return out


def _plugins() -> Path:
    plugins = pyside_plugins_dir()
    assert plugins is not None
    return plugins


def _needed(path: Path) -> list[str]:
    """The DT_NEEDED entries of a shared object, as readelf shows them."""
    out = subprocess.run(
        ["readelf", "-d", str(path)], check=True, capture_output=True, text=True
    ).stdout
    return re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", out)


def test_the_linker_reports_exactly_the_hidden_libraries(tmp_path):
    hidden = _absent_table_soname()
    libs = tmp_path / "lib"
    _gcc_lib(libs, "libkiosk-test-deep.so.1")
    _gcc_lib(libs, hidden)
    middle_needs = ("libkiosk-test-deep.so.1", hidden)  # the hidden one twice: named once
    _gcc_lib(libs, "libkiosk-test-middle.so.1", needs=middle_needs, rpath=True)
    plugin = _gcc_lib(
        libs, "libqfake.so", needs=("libkiosk-test-middle.so.1", hidden, "libz.so.1"), rpath=True
    )
    assert missing_libraries(plugin) == []  # all there: nothing to report
    (libs / hidden).unlink()
    (libs / "libkiosk-test-deep.so.1").unlink()  # needed only through "middle"

    missing = missing_libraries(plugin)

    assert missing is not None
    assert sorted(missing) == sorted([hidden, "libkiosk-test-deep.so.1"])  # each once
    packages, unknown = debian_packages(missing)
    if hidden == MADE_UP:  # only on a machine with every library in HIDEABLE
        assert (packages, sorted(unknown)) == ([], sorted(missing))
    else:
        assert packages == [DEBIAN_PACKAGES[hidden]]
        assert unknown == ["libkiosk-test-deep.so.1"]


def test_a_library_too_old_for_the_plugin_is_named(tmp_path):
    """Installed, but without the symbol version the plugin was linked against."""
    platforms = tmp_path / "plugins" / "platforms"
    platforms.mkdir(parents=True)
    source = tmp_path / "xkb.c"
    source.write_text("int kiosk_xkb(void) { return 1; }\n")
    lib = platforms / "libxkbcommon.so.0"  # shadows the system's through RUNPATH $ORIGIN

    def build(version: str) -> None:
        script = tmp_path / "xkb.map"
        script.write_text(f"{version} {{ global: kiosk_xkb; local: *; }};\n")
        subprocess.run(
            [
                *("gcc", "-shared", "-fPIC", "-o", str(lib), str(source)),
                *("-Wl,-soname,libxkbcommon.so.0", f"-Wl,--version-script={script}"),
            ],
            check=True,
        )

    build("V_0.99.0")
    plugin = platforms / "libqfake.so"
    user = tmp_path / "user.c"
    user.write_text("int kiosk_xkb(void);\nint kiosk_use(void) { return kiosk_xkb(); }\n")
    subprocess.run(
        [
            *("gcc", "-shared", "-fPIC", "-o", str(plugin), str(user), "-L", str(platforms)),
            *("-l:libxkbcommon.so.0", "-Wl,-rpath,$ORIGIN"),
        ],
        check=True,
    )
    report = link_report(plugin)
    assert report is not None and report.too_old == [] and report.missing == []
    build("V_0.5.0")  # an older library: the version the plugin needs is not there

    report = link_report(plugin)

    assert report is not None and report.missing == []
    assert report.too_old_sonames() == ["libxkbcommon.so.0"]
    assert "version `V_0.99.0' not found" in report.too_old[0]
    notes = QtPlatformNotes()
    notes.note('Could not load the Qt platform plugin "fake" in "" even though it was found.')
    found = diagnose("no Qt platform plugin", notes=notes, plugins_dir=tmp_path / "plugins")
    assert "Libraries it needs are too old: libxkbcommon.so.0." in found.text
    assert "\n    apt-get install libxkbcommon0\n" in found.text


def test_the_icccm_stub_maps_to_its_package():
    packages, unknown = debian_packages(
        ["libxcb-icccm.so.4", "libxcb-keysyms.so.1", "libxcb-icccm.so.4", MADE_UP]
    )
    assert packages == ["libxcb-icccm4", "libxcb-keysyms1"]
    assert unknown == [MADE_UP]


def test_no_answer_without_ldd_or_from_a_file_that_is_no_library(tmp_path, monkeypatch):
    text = tmp_path / "libqnot.so"
    text.write_text("not a library\n")
    assert missing_libraries(text) is None
    assert missing_libraries(tmp_path / "absent.so") is None
    monkeypatch.setenv("PATH", str(tmp_path))  # no ldd on this PATH
    assert missing_libraries(Path(sys.executable)) is None


def test_the_message_names_missing_libraries_and_one_apt_line(tmp_path):
    platforms = tmp_path / "plugins" / "platforms"
    hidden = _absent_table_soname()
    _gcc_lib(platforms, hidden)
    _gcc_lib(platforms, MADE_UP)
    _gcc_lib(platforms, "libqfake.so", needs=(hidden, MADE_UP, "libxcb.so.1"), rpath=True)
    (platforms / hidden).unlink()
    (platforms / MADE_UP).unlink()
    notes = QtPlatformNotes()
    notes.note('Could not load the Qt platform plugin "fake" in "" even though it was found.')

    found = diagnose(
        "This application failed to start because no Qt platform plugin could be initialized.",
        notes=notes,
        plugins_dir=tmp_path / "plugins",
        env={"DISPLAY": ":0"},
    )

    assert found.platform == "fake"
    assert found.missing == [hidden, MADE_UP] or found.missing == [MADE_UP, hidden]
    assert f"(Found with: ldd {platforms / 'libqfake.so'})" in found.text
    if hidden != MADE_UP:
        assert f"\n    apt-get install {DEBIAN_PACKAGES[hidden]}\n" in found.text
    flat = " ".join(found.text.split())
    assert f"No package is known here for {MADE_UP}: `apt-file search {MADE_UP}`." in flat


def test_notes_keep_what_qt_said_about_its_plugins():
    notes = QtPlatformNotes()
    notes.note("qt.qpa.xcb: could not connect to display :99")
    notes.note('Could not load the Qt platform plugin "xcb" in "/opt/p" even though it was found.')
    notes.note('Could not find the Qt platform plugin "foo" in ""')
    notes.note("file:///qml/Main.qml:12: ReferenceError: x is not defined")
    assert notes.tried == [("xcb", "/opt/p")]
    assert notes.not_found == ["foo"]
    assert notes.display_errors == ["qt.qpa.xcb: could not connect to display :99"]


def _closure_packages(files: list[Path]) -> set[str]:
    qt_lib = _plugins().parent / "lib"
    bundled = {p.name for p in qt_lib.iterdir()}
    packages, seen = set(), set()
    todo = list(files)
    while todo:
        for soname in _needed(todo.pop()):
            if soname in seen:
                continue
            seen.add(soname)
            if soname in bundled:
                todo.append(qt_lib / soname)
            elif soname not in BASE:
                assert soname in DEBIAN_PACKAGES, f"{soname} is missing from the table"
                packages.add(DEBIAN_PACKAGES[soname])
    return packages


def test_the_package_lists_are_what_the_plugins_need():
    plugins = _plugins()
    assert plugins.is_relative_to(Path(sys.prefix))
    xcb = [
        plugins / "platforms" / "libqxcb.so",
        *sorted((plugins / "xcbglintegrations").glob("*.so")),
    ]
    assert _closure_packages(xcb) == set(XCB_PACKAGES)
    wayland = [
        plugins / "platforms" / "libqwayland.so",
        plugins / "wayland-graphics-integration-client" / "libqt-plugin-wayland-egl.so",
        plugins / "wayland-shell-integration" / "libxdg-shell.so",
    ]
    assert _closure_packages(wayland) == set(WAYLAND_PACKAGES)


def test_the_table_agrees_with_dpkg():
    """Every library of the table that is installed here belongs to the table's package."""
    triplet = sysconfig.get_config_var("MULTIARCH")  # x86_64-linux-gnu
    paths = [f"{d}/{triplet}/{s}" for s in DEBIAN_PACKAGES for d in ("/usr/lib", "/lib")]
    owners = subprocess.run(
        ["dpkg-query", "-S", *paths], capture_output=True, text=True
    ).stdout  # "libxcb1:amd64: /usr/lib/x86_64-linux-gnu/libxcb.so.1", one per file
    installed: dict[str, set[str]] = {}
    for line in owners.splitlines():
        names, path = line.split(": ", 1)
        for name in names.split(", "):
            installed.setdefault(Path(path).name, set()).add(name.split(":")[0])
    checked = [s for s in DEBIAN_PACKAGES if s in installed]
    for soname in checked:
        assert DEBIAN_PACKAGES[soname] in installed[soname], (soname, installed[soname])
    assert len(checked) >= 30, checked


def _free_display() -> str:
    number = 99
    while Path(f"/tmp/.X11-unix/X{number}").exists():
        number += 1
    return f":{number}"


def _run_kiosk(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    config = tmp_path / "config.toml"
    config.write_text(f'log_dir = "{tmp_path / "log"}"\n')
    return subprocess.run(
        [sys.executable, "-m", "kiosk", "run", "--config", str(config)],
        cwd=REPO,
        env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(tmp_path), **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def _apt_line(text: str) -> set[str]:
    lines = re.findall(r"^    apt-get install (.+)$", text, re.MULTILINE)
    assert len(lines) <= 1, text
    return set(lines[0].split()) if lines else set()


def test_run_without_an_x_server_says_why(tmp_path):
    display = _free_display()
    plugin = _plugins() / "platforms" / "libqxcb.so"
    really_missing = missing_libraries(plugin)
    assert really_missing is not None

    result = _run_kiosk(tmp_path, QT_QPA_PLATFORM="xcb", DISPLAY=display)

    assert result.returncode == 3, result.stderr
    err = result.stderr
    assert "kiosk: Qt could not start its xcb platform plugin" in err
    assert "Traceback" not in err
    flat = " ".join(err.split())
    if really_missing:  # a machine without some of them: they are named, with the packages
        assert f"not installed: {', '.join(really_missing)}." in flat
        assert _apt_line(err) == set(debian_packages(really_missing)[0])
    else:  # every library there: the display is the problem, and the message says so
        assert "Its libraries are all installed" in flat
        assert f'"could not connect to display {display}"' in flat
        assert f"(DISPLAY={display})" in flat
        assert not _apt_line(err)


def test_a_hidden_library_is_named_with_its_package(tmp_path):
    """libxcb-render-util.so.0 shadowed (LD_LIBRARY_PATH) by one that needs a library this
    machine lacks: Qt's real xcb plugin fails to load for that one library."""
    hidden = _absent_table_soname()
    shadow = tmp_path / "shadow"
    _gcc_lib(shadow, hidden)
    _gcc_lib(shadow, "libxcb-render-util.so.0", needs=(hidden,))
    (shadow / hidden).unlink()
    plugin = _plugins() / "platforms" / "libqxcb.so"
    env = {"QT_QPA_PLATFORM": "xcb", "DISPLAY": _free_display(), "LD_LIBRARY_PATH": str(shadow)}
    expected = missing_libraries(plugin, env=env)
    assert expected is not None and hidden in expected

    result = _run_kiosk(tmp_path, **env)

    assert result.returncode == 3, result.stderr
    err = result.stderr
    flat = " ".join(err.split())
    assert f"Libraries it needs are not installed: {', '.join(expected)}." in flat
    assert f"(Found with: ldd {plugin})" in err
    if hidden == MADE_UP:
        assert f"No package is known here for {MADE_UP}:" in flat
    else:
        assert DEBIAN_PACKAGES[hidden] in _apt_line(err)
        assert _apt_line(err) == set(debian_packages(expected)[0])
    assert "Its libraries are all installed" not in flat


def test_the_shipped_plugins_folder_is_qts():
    from PySide6.QtCore import QLibraryInfo

    qt = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)).resolve()
    assert _plugins().resolve() == qt
    assert platform_libs.plugin_files("xcb", qt / "platforms") == [qt / "platforms" / "libqxcb.so"]
    assert platform_libs.plugin_files("wayland-egl", qt / "platforms") == [
        qt / "platforms" / "libqwayland.so"
    ]


def test_the_readme_quick_start_installs_every_xcb_package():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    command = re.search(r"^apt-get install make python3-venv (.+?)\n```", readme, re.M | re.S)
    assert command is not None
    assert command.group(1).replace("\\", " ").split() == list(XCB_PACKAGES)
