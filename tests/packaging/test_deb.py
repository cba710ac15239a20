"""The Debian package (``make deb``) and the offline kit's installer.

Run after ``make dist deb``, as root (systemd-tmpfiles sets owners), on Debian 12 with
systemd, shellcheck and (for the cage test) cage and xwayland installed::

    .venv/bin/pytest tests/packaging/test_deb.py

$KIOSK_DEB names another .deb to test. Without the .deb every test fails with a message
saying to run ``make deb``: a package that was not tested must not look like one that
passed. Only the cage test may be skipped, and only when cage or Xwayland is not installed.

The package is unpacked into a temporary root (``dpkg-deb -x`` and ``-e``) with Debian's
base accounts (base-passwd), and systemd's own tools are pointed at it with ``--root``:
systemd-sysusers, systemd-tmpfiles, systemctl enable, systemd-analyze verify.
"""

from __future__ import annotations

import contextlib
import os
import re
import shlex
import shutil
import signal
import socket
import struct
import subprocess
import tempfile
import time
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
DIST = REPO / "dist"
PACKAGING = REPO / "packaging"
UNITS = ("kiosk.service", "kiosk-session.service")
MAX_DEB_BYTES = 50 * 2**20
SYSTEM_UNITS = Path("/usr/lib/systemd/system")


def _version() -> str:
    text = (REPO / "kiosk" / "__init__.py").read_text(encoding="utf-8")
    found = re.search(r'^__version__\s*=\s*"([^"]+)"', text, re.M)
    assert found, "kiosk/__init__.py has no __version__"
    return found.group(1)


def _run(cmd: list[str], **kw: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, capture_output=True, text=True, check=False, **kw)  # type: ignore[call-overload]


def _need(tool: str, package: str) -> str:
    path = shutil.which(tool)
    if path is None:
        pytest.fail(f"{tool} is not installed (on Debian: apt-get install {package})")
    return path


def _need_root() -> None:
    if os.geteuid() != 0:
        pytest.fail("run these tests as root: systemd-tmpfiles must set owners (CI runs as root)")


def parse_unit(text: str) -> dict[str, list[tuple[str, str]]]:
    """A systemd unit file as {section: [(key, value), ...]}, keys repeated as written
    (Environment=, After=, ExecStop= may appear more than once), continuation lines joined."""
    sections: dict[str, list[tuple[str, str]]] = {}
    current: list[tuple[str, str]] | None = None
    pending = ""
    for raw in text.splitlines():
        line = pending + raw.strip()
        pending = ""
        if line.endswith("\\"):
            pending = line[:-1] + " "
            continue
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], [])
            continue
        assert current is not None, f"a setting outside any section: {line!r}"
        key, sep, value = line.partition("=")
        assert sep, f"not a setting: {line!r}"
        current.append((key.strip(), value.strip()))
    return sections


def values(unit: dict[str, list[tuple[str, str]]], section: str, key: str) -> list[str]:
    return [v for k, v in unit.get(section, []) if k == key]


def one(unit: dict[str, list[tuple[str, str]]], section: str, key: str) -> str:
    found = values(unit, section, key)
    assert len(found) == 1, f"[{section}] {key}= is set {len(found)} times: {found}"
    return found[0]


def environment(unit: dict[str, list[tuple[str, str]]]) -> dict[str, str]:
    env = {}
    for value in values(unit, "Service", "Environment"):
        for word in shlex.split(value):
            name, _, val = word.partition("=")
            env[name] = val
    return env


# --- the package, unpacked ------------------------------------------------------------


@pytest.fixture(scope="session")
def deb() -> Path:
    """dist/kiosk_<version>_amd64.deb, or the package named by $KIOSK_DEB."""
    path = Path(os.environ.get("KIOSK_DEB") or DIST / f"kiosk_{_version()}_amd64.deb")
    if not path.is_file():
        others = ", ".join(p.name for p in DIST.glob("kiosk_*.deb")) or "none"
        pytest.fail(
            f"{path} is missing (other .debs in dist/: {others}): build it "
            "with `make dist deb` (or `make deb` after `make dist`) before these tests"
        )
    return path


@pytest.fixture(scope="session")
def root(deb: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The package unpacked (data in ROOT, control files in ROOT/DEBIAN) on top of Debian's
    base accounts; nothing else of a system."""
    _need("dpkg-deb", "dpkg")
    path = tmp_path_factory.mktemp("root")
    for args in (["-x", str(deb), str(path)], ["-e", str(deb), str(path / "DEBIAN")]):
        out = _run(["dpkg-deb", *args])
        assert out.returncode == 0, out.stderr
    etc = path / "etc"
    etc.mkdir(exist_ok=True)
    for name in ("passwd", "group"):
        master = Path(f"/usr/share/base-passwd/{name}.master")
        assert master.is_file(), f"{master} is missing (Debian's base-passwd)"
        shutil.copy(master, etc / name)
    for name in ("shadow", "gshadow"):
        (etc / name).write_text("", encoding="utf-8")
        (etc / name).chmod(0o640)
    return path


@pytest.fixture(scope="session")
def control(root: Path) -> dict[str, str]:
    fields: dict[str, str] = {}
    key = ""
    for line in (root / "DEBIAN" / "control").read_text(encoding="utf-8").splitlines():
        if line.startswith((" ", "\t")):
            fields[key] += "\n" + line.strip()
        else:
            key, _, value = line.partition(":")
            fields[key] = value.strip()
    return fields


@pytest.fixture(scope="session")
def sysusers(root: Path) -> dict[str, list[str]]:
    """systemd-sysusers run on the root: {user: passwd fields}, plus group members."""
    _need("systemd-sysusers", "systemd")
    out = _run(["systemd-sysusers", f"--root={root}"])
    assert out.returncode == 0, out.stderr
    return {
        line.split(":")[0]: line.split(":")
        for line in (root / "etc" / "passwd").read_text(encoding="utf-8").splitlines()
    }


def groups_of(root: Path, user: str) -> dict[str, int]:
    """The groups that list the user as a member, and their gids."""
    found = {}
    for line in (root / "etc" / "group").read_text(encoding="utf-8").splitlines():
        name, _pw, gid, members = line.split(":")
        if user in members.split(","):
            found[name] = int(gid)
    return found


def test_lintian_finds_no_error(deb: Path) -> None:
    """Debian's own checks: errors fail (an absolute RUNPATH of the build machine was one);
    the warnings left are listed in packaging/README.md."""
    lintian = _need("lintian", "lintian")
    done = _run([lintian, "--fail-on", "error", "--no-tag-display-limit", str(deb)])
    assert done.returncode == 0, done.stdout + done.stderr
    assert not [ln for ln in done.stdout.splitlines() if ln.startswith("E:")], done.stdout


def test_deb_is_small_enough(deb: Path) -> None:
    size = deb.stat().st_size
    assert size <= MAX_DEB_BYTES, f"{deb.name} is {size / 2**20:.1f} MiB, over 50 MiB"


def test_control_names_version_and_dependencies(control: dict[str, str]) -> None:
    assert control["Package"] == "kiosk"
    assert control["Version"] == _version()
    assert control["Architecture"] == "amd64"
    depends = {re.split(r"[\s(]", d.strip())[0] for d in control["Depends"].split(",")}
    # The session, and the graphics stack the onedir leaves to the system.
    for name in (
        "cage",
        "xwayland",
        "systemd",
        "libpam-systemd",
        "procps",
        "libgl1",
        "libegl1",
        "libegl-mesa0",
        "libgl1-mesa-dri",
        "libgbm1",
        "libdrm2",
        "libwayland-client0",
        "libwayland-egl1",
        "libxkbcommon0",
        "fontconfig",
        "fonts-dejavu-core",
        "espeak-ng",
        "gstreamer1.0-plugins-base-apps",
        "gstreamer1.0-plugins-base",
        "gstreamer1.0-plugins-good",
        "gstreamer1.0-alsa",
    ):
        assert name in depends, f"Depends lacks {name}: {control['Depends']}"
    assert "\n" not in control["Depends"], "Depends must be one line in a binary package"


def test_conffiles_are_the_etc_files(root: Path) -> None:
    conffiles = (root / "DEBIAN" / "conffiles").read_text(encoding="utf-8").split()
    in_etc = sorted("/" + p.relative_to(root).as_posix() for p in (root / "etc").rglob("*"))
    in_etc = [p for p in in_etc if (root / p.lstrip("/")).is_file()]
    in_etc = [
        p for p in in_etc if p not in ("/etc/passwd", "/etc/group", "/etc/shadow", "/etc/gshadow")
    ]
    assert sorted(conffiles) == in_etc == ["/etc/kiosk/config.toml", "/etc/pam.d/kiosk"]


def test_sysusers_creates_an_unprivileged_kiosk_user(
    root: Path, sysusers: dict[str, list[str]]
) -> None:
    assert "kiosk" in sysusers, "systemd-sysusers made no user kiosk"
    _name, _pw, uid, gid, _gecos, home, shell = sysusers["kiosk"]
    assert int(uid) != 0 and int(gid) != 0, "the kiosk user must not be root"
    assert int(uid) < 1000, "the kiosk user must be a system user"
    assert home == "/var/lib/kiosk"
    assert shell.endswith("nologin")
    assert {"video", "input", "render"} <= set(groups_of(root, "kiosk"))


def test_tmpfiles_creates_the_folders(root: Path, sysusers: dict[str, list[str]]) -> None:
    _need_root()
    _need("systemd-tmpfiles", "systemd")
    out = _run(["systemd-tmpfiles", f"--root={root}", "--create"])
    assert out.returncode == 0, out.stderr
    uid, gid = int(sysusers["kiosk"][2]), int(sysusers["kiosk"][3])
    adm = int(
        next(
            g for g in (root / "etc/group").read_text().splitlines() if g.startswith("adm:")
        ).split(":")[2]
    )
    expected = {
        "var/lib/kiosk": (0o755, gid),
        "var/lib/kiosk/exhibits": (0o755, gid),
        "var/cache/kiosk": (0o755, gid),
        "var/log/kiosk": (0o2750, adm),
        "run/kiosk": (0o755, gid),
    }
    for rel, (mode, group) in expected.items():
        st = (root / rel).stat()
        assert (root / rel).is_dir(), rel
        assert st.st_uid == uid, f"/{rel} is owned by uid {st.st_uid}, not kiosk ({uid})"
        assert st.st_gid == group, f"/{rel} has gid {st.st_gid}, not {group}"
        assert st.st_mode & 0o7777 == mode, f"/{rel} has mode {st.st_mode & 0o7777:o}"


def test_systemctl_enable_links_the_unit_into_graphical_target(root: Path) -> None:
    _need("systemctl", "systemd")
    out = _run(["systemctl", f"--root={root}", "enable", "kiosk.service"])
    assert out.returncode == 0, out.stderr
    link = root / "etc/systemd/system/graphical.target.wants/kiosk.service"
    assert link.is_symlink(), out.stderr
    assert str(link.readlink()) == "/usr/lib/systemd/system/kiosk.service"


# --- the units --------------------------------------------------------------------------


@pytest.fixture(scope="session")
def unit(root: Path) -> dict[str, list[tuple[str, str]]]:
    return parse_unit((root / "usr/lib/systemd/system/kiosk.service").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def session_unit(root: Path) -> dict[str, list[tuple[str, str]]]:
    path = root / "usr/lib/systemd/system/kiosk-session.service"
    return parse_unit(path.read_text(encoding="utf-8"))


def test_kiosk_unit_settings(unit: dict[str, list[tuple[str, str]]]) -> None:
    expected = {
        "Type": "notify",
        "NotifyAccess": "all",
        "WatchdogSec": "30",
        "Restart": "always",
        "RestartSec": "2",
        "User": "kiosk",
        "KillMode": "mixed",
        "RuntimeDirectory": "kiosk/wayland",
        "UnsetEnvironment": "WATCHDOG_PID",
    }
    for key, value in expected.items():
        assert one(unit, "Service", key) == value, key
    assert one(unit, "Service", "User") not in ("root", "0")
    assert not values(unit, "Service", "PAMName"), (
        "PAMName= here would move cage and the kiosk into a logind session scope, where "
        "systemd ignores their READY=1 and WATCHDOG=1: kiosk-session.service holds the session"
    )
    assert shlex.split(one(unit, "Service", "ExecStart")) == [
        "/usr/bin/cage",
        "--",
        "/usr/bin/kiosk",
        "run",
        "--kiosk",
    ]
    stop = " ".join(values(unit, "Service", "ExecStop"))
    assert "pkill --signal TERM --parent" in stop and "MAINPID" in stop
    env = environment(unit)
    assert env["DBUS_SESSION_BUS_ADDRESS"] == "disabled:"
    assert env["QT_QPA_PLATFORM"] == "wayland"
    assert env["KIOSK_CONFIG"] == "/etc/kiosk/config.toml"
    assert env["KIOSK_MAINTENANCE_FILE"] == "/run/kiosk/maintenance"
    assert env["XDG_RUNTIME_DIR"] == "/run/kiosk/wayland"
    assert env["LANG"] == "C.UTF-8"
    assert one(unit, "Unit", "ConditionPathExists") == "!/run/kiosk/maintenance"
    assert one(unit, "Unit", "BindsTo") == "kiosk-session.service"
    assert "kiosk-session.service" in " ".join(values(unit, "Unit", "After"))
    assert one(unit, "Install", "WantedBy") == "graphical.target"


def test_session_unit_settings(session_unit: dict[str, list[tuple[str, str]]]) -> None:
    for key, value in {
        "User": "kiosk",
        "PAMName": "kiosk",
        "TTYPath": "/dev/tty1",
        "StandardInput": "tty-fail",
        "UtmpIdentifier": "tty1",
    }.items():
        assert one(session_unit, "Service", key) == value, key
    assert "getty@tty1.service" in values(session_unit, "Unit", "Conflicts")
    after = " ".join(values(session_unit, "Unit", "After")).split()
    for name in (
        "systemd-user-sessions.service",
        "getty@tty1.service",
        "plymouth-quit-wait.service",
    ):
        assert name in after
    assert environment(session_unit)["XDG_SESSION_TYPE"] == "wayland"


def test_pam_stack_registers_a_logind_session(root: Path) -> None:
    lines = [
        line.split()
        for line in (root / "etc/pam.d/kiosk").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert ["@include", "common-auth"] in lines
    assert ["@include", "common-account"] in lines
    assert ["session", "required", "pam_systemd.so"] in lines


def test_system_config(root: Path) -> None:
    path = root / "etc/kiosk/config.toml"
    text = path.read_text(encoding="utf-8")
    config = tomllib.loads(text)
    assert config == {
        "kiosk": True,
        "content_dir": "/var/lib/kiosk/exhibits",
        "cache_dir": "/var/cache/kiosk",
        "log_dir": "/var/log/kiosk",
    }
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if re.match(r"^[a-z_]+\s*=", line):
            assert lines[i - 1].startswith("#"), f"no comment above {line!r}"
    from kiosk.config import load_config

    assert load_config(path).problems == []


# --- systemd-analyze verify, and a test of that test ------------------------------------


@pytest.fixture(scope="session")
def verify_root(root: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The package's files, systemd's units of this machine and the programs the units run
    (those not in the package from this machine, where the Depends are installed)."""
    _need("systemd-analyze", "systemd")
    path = tmp_path_factory.mktemp("verify")
    shutil.copytree(root, path, symlinks=True, dirs_exist_ok=True)
    assert (SYSTEM_UNITS / "graphical.target").exists(), f"no systemd units in {SYSTEM_UNITS}"
    shutil.copytree(
        SYSTEM_UNITS, path / "usr/lib/systemd/system", symlinks=True, dirs_exist_ok=True
    )
    for name in UNITS:
        shutil.copy(root / "usr/lib/systemd/system" / name, path / "usr/lib/systemd/system" / name)
        for program in exec_programs((root / "usr/lib/systemd/system" / name).read_text()):
            target = path / program.lstrip("/")
            if target.exists():
                continue
            if not Path(program).exists():
                pytest.fail(f"{name} runs {program}, which is neither in the package nor here")
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(program, target, follow_symlinks=True)
    return path


def exec_programs(text: str) -> list[str]:
    """The absolute programs of a unit's Exec*= lines (prefixes like - + @ removed)."""
    programs = []
    for section in parse_unit(text).values():
        for key, value in section:
            if key.startswith("Exec") and value:
                programs.append(shlex.split(value)[0].lstrip("-+@:!"))
    return programs


def verify(root: Path, *units: str) -> list[str]:
    """Problems systemd-analyze finds in the units: its exit status and every message that
    names one of them (an unknown key is only a warning, with exit status 0)."""
    out = _run(["systemd-analyze", f"--root={root}", "--man=no", "verify", *units])
    problems = [
        line for line in out.stderr.splitlines() if any(u.split(".")[0] in line for u in units)
    ]
    if out.returncode != 0:
        problems.append(f"exit status {out.returncode}: {out.stderr.strip()}")
    return problems


def test_units_pass_systemd_analyze_verify(verify_root: Path) -> None:
    assert verify(verify_root, *UNITS) == []


@pytest.mark.parametrize(
    ("broken", "expected"),
    [
        (("Restart=always", "Restrat=always"), "Unknown key"),
        (("ExecStart=/usr/bin/cage", "ExecStart=/usr/bin/cagee"), "is not executable"),
        (("Type=notify", "Type=notfy"), "Failed to parse"),
    ],
)
def test_verify_catches_a_broken_unit(
    verify_root: Path, broken: tuple[str, str], expected: str
) -> None:
    units = verify_root / "usr/lib/systemd/system"
    text = (units / "kiosk.service").read_text(encoding="utf-8")
    assert broken[0] in text
    (units / "kiosk-broken.service").write_text(text.replace(broken[0], broken[1]), "utf-8")
    try:
        problems = verify(verify_root, "kiosk-broken.service")
    finally:
        (units / "kiosk-broken.service").unlink()
    assert problems, f"systemd-analyze verify found nothing wrong with {broken[1]}"
    assert any(expected in p for p in problems), problems


# --- apt, licences, the wrapper, the program --------------------------------------------


def test_apt_resolves_the_dependencies(deb: Path) -> None:
    _need("apt-get", "apt")
    out = _run(["apt-get", "install", "--simulate", "--no-install-recommends", str(deb)])
    assert out.returncode == 0, out.stdout[-2000:] + out.stderr
    installs = set(re.findall(r"^Inst (\S+)", out.stdout, re.M))
    for name in ("cage", "xwayland"):
        installed = _run(["dpkg-query", "--show", "--showformat=${db:Status-Status}", name])
        assert name in installs or installed.stdout == "installed", (
            f"apt would not install {name}, and it is not installed"
        )


def dep5_paragraphs(text: str) -> list[dict[str, str]]:
    paragraphs = []
    for block in re.split(r"\n\s*\n(?=\S)", text.strip()):
        fields: dict[str, str] = {}
        key = ""
        for line in block.splitlines():
            if line[:1] in (" ", "\t"):
                fields[key] += "\n" + line[1:]
            else:
                key, _, value = line.partition(":")
                fields[key] = value.strip()
        paragraphs.append(fields)
    return paragraphs


def test_licences_are_shipped(root: Path) -> None:
    doc = root / "usr/share/doc/kiosk"
    text = (doc / "copyright").read_text(encoding="utf-8")
    paragraphs = dep5_paragraphs(text)
    assert paragraphs[0]["Format"].startswith(
        "https://www.debian.org/doc/packaging-manuals/copyright-format/1.0"
    )
    files = [p for p in paragraphs if "Files" in p]
    standalone = {
        p["License"].splitlines()[0] for p in paragraphs if "Files" not in p and "License" in p
    }
    used = {name for p in files for name in p["License"].splitlines()[0].split(" and ")}
    assert used <= standalone, f"License names without their text: {sorted(used - standalone)}"
    assert files[0]["Files"] == "*" and files[0]["License"] == "GPL-3.0-or-later"
    for name in ("LGPL-3.0-only", "ParaType-Free-Font-License"):
        assert name in used
    for name in ("pillow", "pydantic", "pydantic_core", "platformdirs", "tomlkit"):
        assert any(
            u.lower().startswith(name.replace("_", "-")) or u.startswith(name) for u in used
        ), name
    lic = doc / "licenses"
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in (lic / "LGPL-3.0.txt").read_text()
    assert "ParaType" in (lic / "ParaType-Free-Font-License.txt").read_text()
    pillow = next(lic.glob("pillow-*/LICENSE")).read_text()
    assert "Secret Labs" in pillow
    for name in ("pydantic-", "pydantic_core-", "platformdirs-", "tomlkit-"):
        texts = list(lic.glob(f"{name}[0-9]*/*"))
        assert texts, f"no licence text of {name[:-1]} in {lic}"
        assert "Permission is hereby granted" in texts[0].read_text(), name  # MIT


def test_usb_sticks_get_a_read_only_automount_under_run_media(root: Path) -> None:
    rule = root / "usr/lib/udev/rules.d/90-kiosk-usb.rules"
    text = rule.read_text(encoding="utf-8")
    assert 'SUBSYSTEMS=="usb"' in text and 'ENV{ID_FS_USAGE}=="filesystem"' in text
    run = re.search(r'RUN\{program\}\+="([^"]+)"', text)
    assert run, text
    command = shlex.split(run.group(1))
    # No mount point: systemd-mount derives /run/media/system/<label>, where usb_dirs look.
    assert command[0] == "/usr/bin/systemd-mount" and command[-1] == "$devnode"
    assert "--automount=yes" in command and "--collect" in command
    assert "--options=ro,nosuid,nodev,noexec" in command
    assert Path(command[0]).is_file()  # the systemd package, a dependency, ships it
    # udev parses it: `udevadm test` names a rules file it cannot read, with its line.
    udevadm = _need("udevadm", "udev")
    probe = Path("/run/udev/rules.d/90-kiosk-usb-test.rules")
    probe.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(rule, probe)
    try:
        out = _run([udevadm, "test", "--action=add", "/sys/class/block/" + _a_block_device()])
    finally:
        probe.unlink()
    said = out.stdout + out.stderr
    assert f"Reading rules file: {probe}" in said, said
    assert not [ln for ln in said.splitlines() if ln.startswith(f"{probe}:")], said


def _a_block_device() -> str:
    return sorted(p.name for p in Path("/sys/class/block").iterdir())[0]


def test_usr_bin_kiosk_runs_opt_kiosk(root: Path, tmp_path: Path) -> None:
    wrapper = root / "usr/bin/kiosk"
    text = wrapper.read_text(encoding="utf-8")
    assert re.search(r'^exec /opt/kiosk/kiosk "\$@"$', text, re.M), text
    target = root / "opt/kiosk/kiosk"
    assert target.is_file() and os.access(target, os.X_OK)
    # What the wrapper passes on: every argument as given, and KIOSK_CONFIG.
    stub = tmp_path / "stub"
    stub.write_text('#!/bin/sh\nprintf "%s\\n" "KIOSK_CONFIG=$KIOSK_CONFIG" "$@"\n')
    stub.chmod(0o755)
    copy = tmp_path / "kiosk"
    copy.write_text(text.replace("/opt/kiosk/kiosk", str(stub)))
    env = {k: v for k, v in os.environ.items() if k != "KIOSK_CONFIG"}
    out = _run(["sh", str(copy), "run", "two words", ""], env=env)
    assert out.stdout.splitlines() == [
        "KIOSK_CONFIG=/etc/kiosk/config.toml",
        "run",
        "two words",
        "",
    ]
    out = _run(["sh", str(copy), "set-pin"], env={**env, "KIOSK_CONFIG": "/tmp/other.toml"})
    assert out.stdout.splitlines() == ["KIOSK_CONFIG=/tmp/other.toml", "set-pin"]


def test_packaged_program_runs(root: Path) -> None:
    out = _run([str(root / "opt/kiosk/kiosk"), "--version"], cwd="/", timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == f"kiosk {_version()}"


def test_scripts_pass_sh_n_and_shellcheck(root: Path) -> None:
    shellcheck = _need("shellcheck", "shellcheck")
    scripts = [
        PACKAGING / "install.sh",
        root / "usr/bin/kiosk",
        *(root / "DEBIAN" / name for name in ("postinst", "prerm", "postrm")),
    ]
    scripts += sorted(DIST.glob("kiosk-kit-*/install.sh"))  # a built kit's copy, if any
    for script in scripts:
        out = _run(["sh", "-n", str(script)])
        assert out.returncode == 0, f"{script}: {out.stderr}"
        out = _run([shellcheck, "--shell=sh", str(script)])
        assert out.returncode == 0, f"{script}:\n{out.stdout}"


def test_maintainer_scripts_are_guarded_for_chroots(root: Path) -> None:
    """Without a running systemd (a chroot, an image build) nothing is started: every
    systemctl and deb-systemd-invoke call sits under the /run/systemd/system test."""
    for name in ("postinst", "prerm", "postrm"):
        text = (root / "DEBIAN" / name).read_text(encoding="utf-8")
        depth = 0
        for line in text.splitlines():
            stripped = line.strip()
            if stripped.startswith("if [ -d /run/systemd/system ]"):
                depth += 1
            elif stripped == "fi" and depth:
                depth -= 1
            elif re.match(r"(systemctl|deb-systemd-invoke)\b", stripped):
                assert depth, f"{name}: {stripped!r} runs even without systemd"


# --- cage, headless: one READY=1, from the kiosk; the unit's stop ------------------------


def _children(pid: int) -> list[int]:
    kids = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        with contextlib.suppress(OSError):
            kids += [int(p) for p in (task / "children").read_text().split()]
    return kids


def _descendants(pid: int) -> set[int]:
    found, todo = set(), [pid]
    while todo:
        for kid in _children(todo.pop()):
            if kid not in found:
                found.add(kid)
                todo.append(kid)
    return found


@pytest.fixture
def headless_cage_env() -> Iterator[tuple[Path, dict[str, str]]]:
    """A folder the user nobody can use (runtime dir, home, config) and its environment."""
    for tool in ("cage", "Xwayland"):
        if shutil.which(tool) is None:
            pytest.skip(f"{tool} is not installed (on Debian: apt-get install cage xwayland)")
    _need_root()
    nobody = 65534
    base = Path(tempfile.mkdtemp(prefix="kiosk-cage-test-"))
    try:
        base.chmod(0o755)
        for name in ("runtime", "home", "state"):
            (base / name).mkdir(mode=0o700)
            os.chown(base / name, nobody, nobody)
        config = base / "config.toml"
        config.write_text(
            f'kiosk = true\nlog_dir = "{base}/state/log"\ncache_dir = "{base}/state/cache"\n'
            f'content_dir = "{base}/state/exhibits"\n'
        )
        config.chmod(0o644)
        env = {
            "PATH": "/usr/sbin:/usr/bin:/sbin:/bin",
            "HOME": str(base / "home"),
            "LANG": "C.UTF-8",
            "XDG_RUNTIME_DIR": str(base / "runtime"),
            "WLR_BACKENDS": "headless",
            "WLR_RENDERER": "pixman",
            "WLR_LIBINPUT_NO_DEVICES": "1",
            "KIOSK_CONFIG": str(config),
            "WATCHDOG_USEC": "2000000",
        }
        yield base, env
    finally:
        shutil.rmtree(base, ignore_errors=True)


def _receive(sock: socket.socket, seconds: float) -> list[tuple[int, str]]:
    """(sender pid, message) of every datagram within the time."""
    got = []
    deadline = time.monotonic() + seconds
    while (left := deadline - time.monotonic()) > 0:
        sock.settimeout(left)
        try:
            data, ancdata, _flags, _addr = sock.recvmsg(4096, socket.CMSG_SPACE(12))
        except TimeoutError:
            break
        pid = -1
        for level, kind, payload in ancdata:
            if level == socket.SOL_SOCKET and kind == socket.SCM_CREDENTIALS:
                pid = struct.unpack("iII", payload[:12])[0]
        got.append((pid, data.decode(errors="replace")))
    return got


def test_cage_runs_the_frozen_kiosk_ready_once_and_stops_cleanly(
    headless_cage_env: tuple[Path, dict[str, str]], unit: dict[str, list[tuple[str, str]]]
) -> None:
    """cage (headless) as an unprivileged user, running dist/kiosk/kiosk as the unit runs
    the kiosk: exactly one READY=1 arrives and it comes from the kiosk, not from cage or an
    Xwayland; the kiosk pings the watchdog; the unit's ExecStop ends it and cage exits 0."""
    base, env = headless_cage_env
    frozen = DIST / "kiosk" / "kiosk"
    if not os.access(frozen, os.X_OK):
        pytest.fail(f"{frozen} is missing: run `make dist` first")
    address = str(base / "notify.sock")
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_PASSCRED, 1)
    sock.bind(address)
    Path(address).chmod(0o777)
    unit_env = environment(unit)
    env.update(
        NOTIFY_SOCKET=address,
        DBUS_SESSION_BUS_ADDRESS=unit_env["DBUS_SESSION_BUS_ADDRESS"],
        QT_QPA_PLATFORM=unit_env["QT_QPA_PLATFORM"],
    )
    command = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--"]
    command += ["cage", "--", str(frozen), "run", "--kiosk", "--no-pin"]
    log = (base / "cage.log").open("w")
    cage = subprocess.Popen(
        command, env=env, cwd=base, start_new_session=True, stdout=log, stderr=subprocess.STDOUT
    )
    try:
        messages = []
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and cage.poll() is None:
            messages += _receive(sock, 0.5)
            if any("READY=1" in m for _, m in messages):
                break
        assert any("READY=1" in m for _, m in messages), (
            f"no READY=1 within 60 s; cage exited {cage.poll()}; messages {messages}"
        )
        messages += _receive(sock, 4)  # anything else that would also claim readiness
        kiosk_pids = _children(cage.pid)
        ready = [pid for pid, m in messages if "READY=1" in m.split("\n")]
        assert len(ready) == 1, f"{len(ready)} READY=1 messages: {messages}"
        assert kiosk_pids, "cage has no child"
        assert ready[0] in set(kiosk_pids) | {d for k in kiosk_pids for d in _descendants(k)}, (
            f"READY=1 came from pid {ready[0]}, not from cage's child {kiosk_pids}"
        )
        assert ready[0] != cage.pid
        pings = [pid for pid, m in messages if "WATCHDOG=1" in m.split("\n")]
        assert pings and set(pings) == {ready[0]}, f"watchdog pings: {messages}"

        # Stop it as the unit does: its ExecStop, with MAINPID set to cage, while this
        # process reaps cage as systemd would (the ExecStop waits for cage to be gone).
        (stop,) = values(unit, "Service", "ExecStop")
        started = time.monotonic()
        argv = shlex.split(stop.lstrip("-").replace("$$", "$"))
        stopper = subprocess.Popen(argv, env={**env, "MAINPID": str(cage.pid)})
        status = cage.wait(timeout=20)
        assert stopper.wait(timeout=10) == 0
        took = time.monotonic() - started
        output = (base / "cage.log").read_text(errors="replace")
        assert status == 0, (
            f"cage exited {status} (134: it was killed by SIGTERM):\n{output[-3000:]}"
        )
        assert took < 15, f"the stop took {took:.1f} s"
    finally:
        sock.close()
        log.close()
        if cage.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(cage.pid, signal.SIGKILL)
            cage.wait()
