"""Build the Debian package of the kiosk from a PyInstaller onedir: ``make deb``.

    python packaging/build_deb.py [ONEDIR] [--out DIR]

ONEDIR (default ``dist/kiosk``, made by ``make dist``) holds the executable ``kiosk`` and
its ``_internal/`` folder. The result is ``DIR/kiosk_<version>_amd64.deb`` (DIR defaults to
``dist``), built with ``dpkg-deb --root-owner-group -Zxz``. It holds:

- the onedir as ``/opt/kiosk/``, and ``/usr/bin/kiosk``, a wrapper that sets
  ``KIOSK_CONFIG=/etc/kiosk/config.toml`` (unless set) and execs ``/opt/kiosk/kiosk``;
- the systemd unit, sysusers and tmpfiles files, the PAM stack, and the system
  configuration ``/etc/kiosk/config.toml`` (a conffile), all from ``packaging/``;
- ``/usr/share/doc/kiosk/``: ``copyright`` (machine-readable) and ``licenses/``, the
  licence texts of everything bundled: the Python packages (from their dist-info folders
  in the environment this script runs in, which must be the one the onedir was built
  from), Python, the LGPL for Qt, the ParaType font licence, and the Debian copyright files
  of system libraries PyInstaller copied from the build machine.

The version is ``kiosk.__version__``, which must equal pyproject.toml's.
Run it with the project's virtual environment: ``.venv/bin/python packaging/build_deb.py``.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import hashlib
import importlib.metadata as md
import os
import re
import shutil
import stat
import subprocess
import sys
import sysconfig
import tempfile
import time
import tomllib
from dataclasses import dataclass, field
from email.utils import formatdate
from pathlib import Path

from packaging.requirements import Requirement  # PyInstaller's own dependency

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
DEB = HERE / "deb"
ARCH = "amd64"
MAINTAINER = "The kiosk developers <kiosk@example.org>"
DOC = Path("usr/share/doc/kiosk")
DOC_ROOT = f"/{DOC}"
LIB_DIRS = (Path("/usr/lib/x86_64-linux-gnu"), Path("/lib/x86_64-linux-gnu"), Path("/usr/lib"))

#: packaging/ file -> its place in the package.
FILES = {
    HERE / "systemd" / "kiosk.service": Path("usr/lib/systemd/system/kiosk.service"),
    HERE / "systemd" / "kiosk-session.service": Path(
        "usr/lib/systemd/system/kiosk-session.service"
    ),
    HERE / "systemd" / "kiosk.sysusers": Path("usr/lib/sysusers.d/kiosk.conf"),
    HERE / "systemd" / "kiosk.tmpfiles": Path("usr/lib/tmpfiles.d/kiosk.conf"),
    HERE / "pam" / "kiosk": Path("etc/pam.d/kiosk"),
    HERE / "udev" / "90-kiosk-usb.rules": Path("usr/lib/udev/rules.d/90-kiosk-usb.rules"),
    HERE / "config.toml": Path("etc/kiosk/config.toml"),
    DEB / "kiosk": Path("usr/bin/kiosk"),
    HERE / "kit-README.txt": DOC / "README.gallery.txt",
    DEB / "lintian-overrides": Path("usr/share/lintian/overrides/kiosk"),
}
SCRIPTS = ("postinst", "prerm", "postrm")


class BuildError(Exception):
    """Something the person running the build has to fix; the message says what."""


def version() -> str:
    """``kiosk.__version__``, checked against pyproject.toml's version."""
    text = (REPO / "kiosk" / "__init__.py").read_text(encoding="utf-8")
    found = re.search(r'^__version__\s*=\s*"([^"]+)"', text, re.M)
    if not found:
        raise BuildError("kiosk/__init__.py has no __version__")
    with (REPO / "pyproject.toml").open("rb") as f:
        project = tomllib.load(f)["project"]["version"]
    if found.group(1) != project:
        raise BuildError(
            f"kiosk/__init__.py says {found.group(1)} but pyproject.toml says {project}; "
            "make them agree"
        )
    if not re.fullmatch(r"[0-9][A-Za-z0-9.+~]*", project):
        raise BuildError(f"{project!r} is not a Debian version (digits, letters, . + ~)")
    return str(project)


def check_onedir(onedir: Path) -> None:
    exe = onedir / "kiosk"
    if not (exe.is_file() and os.access(exe, os.X_OK)):
        raise BuildError(
            f"{exe} is not there (or not executable): build the frozen kiosk first with "
            "`make dist`, or name its folder: build_deb.py PATH/TO/ONEDIR"
        )


# --- licences -------------------------------------------------------------------------


@dataclass
class Component:
    """One bundled thing and its licence, for the copyright file and licenses/."""

    name: str
    version: str
    license: str
    files: list[str]
    copyright: list[str]
    texts: dict[str, str] = field(default_factory=dict)  # file name -> licence text
    comment: str = ""


_COPYRIGHT = re.compile(r"^\s*(?:Copyright\b|\(c\)|©)\s*(?:\(c\)|©)?\s*", re.I)
_NOT_A_HOLDER = re.compile(r"notice|holder|license|permission|owner|Free Software Found", re.I)
_YEAR = re.compile(r"\b(?:19|20)[0-9x]{2}\b")


def copyright_lines(text: str, limit: int = 4) -> list[str]:
    """The first few holders named by "Copyright (c) YEAR ..." lines of a licence text,
    without the word "Copyright" (boilerplate and the licence's own copyright left out)."""
    found: list[str] = []
    for line in text.splitlines():
        line = line.strip().strip('"')
        match = _COPYRIGHT.match(line)
        if not match or _NOT_A_HOLDER.search(line) or not _YEAR.search(line):
            continue
        holder = line[match.end() :].strip()
        if holder and len(holder) < 160 and holder not in found:
            found.append(holder)
        if len(found) == limit:
            break
    return found


def _requirement_names(dist: md.Distribution) -> list[str]:
    """The distributions `dist` needs here: no extras, and only those whose environment
    marker holds for this interpreter, the one the onedir bundles (Babel asks for pytz
    only on Python < 3.9)."""
    names = []
    for text in dist.requires or []:
        req = Requirement(text)
        if req.marker is not None and not req.marker.evaluate({"extra": ""}):
            continue
        names.append(req.name)
    return names


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def runtime_dists() -> list[md.Distribution]:
    """kiosk's installed runtime requirements, recursively (no extras), and PyInstaller
    (its bootloader is the executable), in a stable order."""
    seen: dict[str, md.Distribution] = {}
    todo = ["kiosk"]
    while todo:
        name = _norm(todo.pop())
        if name in seen:
            continue
        try:
            dist = md.distribution(name)
        except md.PackageNotFoundError:
            raise BuildError(
                f"the Python package {name!r} is not installed in {sys.prefix}; run this "
                "script with the environment the onedir was built from (.venv/bin/python)"
            ) from None
        seen[name] = dist
        todo.extend(_requirement_names(dist))
    seen.pop("kiosk")
    # A real onedir is built with PyInstaller in this environment; a stand-in need not be.
    with contextlib.suppress(md.PackageNotFoundError):
        seen["pyinstaller"] = md.distribution("pyinstaller")
    with contextlib.suppress(md.PackageNotFoundError):  # its runtime hooks may be bundled
        seen["pyinstaller-hooks-contrib"] = md.distribution("pyinstaller-hooks-contrib")
    return [seen[k] for k in sorted(seen)]


def _license_files(dist: md.Distribution) -> dict[str, str]:
    texts = {}
    for f in dist.files or []:
        parts = Path(str(f)).parts
        name = parts[-1]
        in_dist_info = parts[0].endswith(".dist-info")
        if in_dist_info and (
            "licenses" in parts or re.match(r"(LICEN[CS]E|COPYING|NOTICE|AUTHORS)", name, re.I)
        ):
            path = Path(str(dist.locate_file(f)))
            if path.is_file():
                texts[name if name not in texts else "-".join(parts[1:])] = path.read_text(
                    encoding="utf-8", errors="replace"
                )
    return texts


def _top_level(dist: md.Distribution, internal: Path) -> list[str]:
    """The dist's top-level folders and extension modules present in _internal/."""
    tops = set()
    for f in dist.files or []:
        parts = Path(str(f)).parts
        if parts[0].endswith((".dist-info", ".data")) or parts[0] in ("..", "__pycache__"):
            continue
        if len(parts) > 1 or parts[0].endswith(".so"):
            tops.add(parts[0])
    return sorted(t for t in tops if (internal / t).exists())


def _field(meta: md.PackageMetadata, name: str) -> str | None:
    """One field of a distribution's metadata, or None."""
    values = meta.get_all(name)
    return str(values[0]) if values else None


def python_components(internal: Path) -> list[Component]:
    comps = []
    for dist in runtime_dists():
        meta = dist.metadata
        name, ver = meta["Name"], dist.version
        lic = _field(meta, "License-Expression") or _field(meta, "License") or "see the licence"
        texts = _license_files(dist)
        if _norm(name) in ("pyside6-essentials", "shiboken6"):
            continue  # the Qt paragraph of the copyright template
        files = [
            f"opt/kiosk/_internal/{t}/*" if (internal / t).is_dir() else f"opt/kiosk/_internal/{t}"
            for t in _top_level(dist, internal)
        ]
        comment = ""
        if not files:
            files = ["opt/kiosk/kiosk"]
            comment = f"{name}'s modules are in the executable's archive."
        if _norm(name) == "pyinstaller-hooks-contrib":
            files = ["opt/kiosk/kiosk"]
            comment = "Run-time hooks of PyInstaller, in the executable's archive."
        if _norm(name) == "pyinstaller":
            files = ["opt/kiosk/kiosk"]
            comment = (
                "The executable is PyInstaller's bootloader (with an archive of the kiosk's "
                "own code, Python's standard library and the pure-Python packages below); "
                "the bootloader's licence has an exception for programs it runs."
            )
        if not texts:
            raise BuildError(f"{name} {ver} ships no licence file in its dist-info; add one")
        holders = []
        for text in texts.values():
            holders += [h for h in copyright_lines(text) if h not in holders]
        if not holders:
            author = _field(meta, "Author") or _field(meta, "Author-email") or f"the {name} authors"
            holders = [author]
        comps.append(Component(name, ver, lic, files, holders[:4], texts, comment))
    return comps


def python_itself(internal: Path) -> Component:
    stdlib = Path(sysconfig.get_paths()["stdlib"])
    lic = stdlib / "LICENSE.txt"
    if not lic.is_file():
        raise BuildError(f"Python's licence is not at {lic}")
    ver = ".".join(map(str, sys.version_info[:3]))
    files = [
        f"opt/kiosk/_internal/{p.name}" + ("/*" if p.is_dir() else "")
        for pattern in ("libpython*", "python3*", "lib-dynload", "base_library.zip")
        for p in sorted(internal.glob(pattern))
    ]
    return Component(
        "Python",
        ver,
        "PSF-2.0",
        files or ["opt/kiosk/kiosk"],
        ["Python Software Foundation"],
        {"LICENSE.txt": lic.read_text(encoding="utf-8")},
        "The Python interpreter, its standard library and extension modules.",
    )


_FROM_WHEELS = re.compile(r"lib(python|Qt6|pyside6|shiboken6|icu)")


def debian_package_of(soname: str) -> str | None:
    """The Debian package that installed a library of this file name on this machine."""
    for d in LIB_DIRS:
        path = d / soname
        if path.exists():
            out = subprocess.run(
                ["dpkg-query", "--search", str(path)], capture_output=True, text=True
            )
            if out.returncode == 0:
                return out.stdout.split(":", 1)[0].strip()
    return None


def system_library_components(internal: Path) -> list[Component]:
    """Libraries PyInstaller copied from the build machine, with their Debian copyright."""
    packages: dict[str, list[str]] = {}
    for path in sorted(internal.glob("*.so*")):
        if _FROM_WHEELS.match(path.name):
            continue  # not the system's: Python, and Qt's own (the copyright template's)
        pkg = debian_package_of(path.name)
        if pkg:
            packages.setdefault(pkg.split(":")[0], []).append(path.name)
    comps = []
    for pkg, libs in sorted(packages.items()):
        copyright_file = Path("/usr/share/doc") / pkg / "copyright"
        if not copyright_file.is_file():
            raise BuildError(f"{copyright_file} is missing (bundled: {', '.join(libs)})")
        out = subprocess.run(
            ["dpkg-query", "--show", "--showformat=${Version}", pkg],
            capture_output=True,
            text=True,
            check=True,
        )
        comps.append(
            Component(
                pkg,
                out.stdout.strip(),
                f"Debian-{pkg}",
                [f"opt/kiosk/_internal/{lib}" for lib in libs],
                [f"see /usr/share/doc/kiosk/licenses/debian-{pkg}/copyright"],
                {"copyright": copyright_file.read_text(encoding="utf-8", errors="replace")},
                f"Copied by PyInstaller from the build machine's Debian package {pkg}; "
                "its Debian copyright file lists the holders and licences.",
            )
        )
    return comps


def paratype_text() -> str:
    for path in (REPO / "kiosk" / "fonts", REPO / "resources" / "fonts"):
        lic = path / "LICENSE-ParaType.txt"
        if lic.is_file():
            return lic.read_text(encoding="utf-8")
    raise BuildError("LICENSE-ParaType.txt is in neither kiosk/fonts/ nor resources/fonts/")


_WHOLE_LICENCE = re.compile(
    r"GNU GENERAL PUBLIC LICENSE\s+Version|Apache License\s+Version 2\.0, January 2004"
)


def _inline(text: str) -> bool:
    """Whether a licence text goes into the copyright file itself, not only licenses/.

    Debian wants the GPL and the Apache licence referred to, not copied (lintian:
    copyright-file-contains-full-*-license); very long texts are referred to as well."""
    return len(text) <= 20_000 and not _WHOLE_LICENCE.search(text)


def _indent(text: str) -> str:
    """A licence text as a copyright-file field body: indented, blank lines as " ."."""
    lines = [line.rstrip().replace("\t", "    ") for line in text.strip("\n").splitlines()]
    return "\n".join(f" {line}" if line.strip() else " ." for line in lines)


def write_licences(doc: Path, internal: Path, maintainer: str) -> list[Component]:
    """licenses/ and the machine-readable copyright file in the package's doc folder.

    Components that share their files (the pure-Python packages all live in the
    executable's archive) share one Files paragraph: its License is "A and B and ...".
    """
    lic_dir = doc / "licenses"
    lic_dir.mkdir(parents=True)
    comps = [
        python_itself(internal),
        *python_components(internal),
        *system_library_components(internal),
    ]
    by_files: dict[tuple[str, ...], list[tuple[Component, str]]] = {}
    licences = []
    for c in comps:
        debian = c.license.startswith("Debian-")
        folder = f"debian-{c.name}" if debian else f"{c.name}-{c.version}"
        (lic_dir / folder).mkdir()
        for fname, text in c.texts.items():
            (lic_dir / folder / fname).write_text(text, encoding="utf-8")
        if debian:
            short = c.license
            licences.append(
                f"License: {short}\n The licences listed in the Debian copyright file of "
                f"{c.name} {c.version},\n /usr/share/doc/kiosk/licenses/{folder}/copyright"
            )
        else:
            short = f"{c.name}-license"
            note = (
                f"{c.name} {c.version}: {c.license}; the text is in {DOC_ROOT}/licenses/{folder}/"
            )
            if all(_inline(t) for t in c.texts.values()):
                body = "\n .\n".join(_indent(t) for t in c.texts.values())
                licences.append(f"License: {short}\n{_indent(_wrap(note))}\n .\n{body}")
            else:  # long, or holding the whole GPL or Apache licence: by reference
                licences.append(f"License: {short}\n{_indent(_wrap(note))}")
        by_files.setdefault(tuple(c.files), []).append((c, short))
    paragraphs = []
    for files, members in by_files.items():
        holders = [h for c, _ in members for h in c.copyright]
        comment = " ".join(f"{c.name} {c.version} ({c.license}). {c.comment}" for c, _ in members)
        paragraphs.append(
            f"Files: {' '.join(files)}\n"
            f"Copyright: {_indent(chr(10).join(dict.fromkeys(holders))).strip()}\n"
            f"License: {' and '.join(short for _, short in members)}\n"
            f"Comment: {_indent(_wrap(comment.strip())).lstrip()}\n"
        )
    (lic_dir / "LGPL-3.0.txt").write_text(
        Path("/usr/share/common-licenses/LGPL-3").read_text(encoding="utf-8"), encoding="utf-8"
    )
    (lic_dir / "GPL-3.0.txt").write_text(
        Path("/usr/share/common-licenses/GPL-3").read_text(encoding="utf-8"), encoding="utf-8"
    )
    paratype = paratype_text()
    (lic_dir / "ParaType-Free-Font-License.txt").write_text(paratype, encoding="utf-8")
    licences.append("License: ParaType-Free-Font-License\n" + _indent(paratype))
    licences.append(
        "License: CC-BY-4.0\n Creative Commons Attribution 4.0 International. The legal code"
        " is at\n https://creativecommons.org/licenses/by/4.0/legalcode"
    )
    try:
        pyside = md.version("PySide6-Essentials")
    except md.PackageNotFoundError:
        pyside = "(not installed at build time)"
    template = (DEB / "copyright").read_text(encoding="utf-8")
    text = (
        template.replace("@MAINTAINER@", maintainer)
        .replace("@PYSIDE_VERSION@", pyside)
        .replace("@COMPONENTS@\n", "\n".join(paragraphs) + "\n")
        .replace("@LICENSES@\n", "".join(f"\n{lic}\n" for lic in licences))
    )
    (doc / "copyright").write_text(text, encoding="utf-8")
    return comps


def _wrap(text: str, width: int = 78) -> str:
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return "\n".join([*lines, line])


# --- the package ----------------------------------------------------------------------


def _source_date() -> int:
    if "SOURCE_DATE_EPOCH" in os.environ:
        return int(os.environ["SOURCE_DATE_EPOCH"])
    out = subprocess.run(
        ["git", "-C", str(REPO), "log", "-1", "--format=%ct"], capture_output=True, text=True
    )
    return (
        int(out.stdout.strip()) if out.returncode == 0 and out.stdout.strip() else int(time.time())
    )


def write_changelog(doc: Path, ver: str, maintainer: str, when: int) -> None:
    text = (
        f"kiosk ({ver}) stable; urgency=medium\n\n"
        "  * Built from the kiosk source tree; its history is the project's git log.\n\n"
        f" -- {maintainer}  {formatdate(when)}\n"
    )
    with (
        (doc / "changelog.gz").open("wb") as raw,
        gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=9, mtime=when) as gz,
    ):
        gz.write(text.encode())


def normalise_modes(root: Path) -> None:
    """Folders 0755; files 0755 if executable by anyone, else 0644 (no odd modes); shared
    libraries 0644, as Debian has them (the loader maps them without the x bit)."""
    for dirpath, _dirnames, filenames in os.walk(root):
        Path(dirpath).chmod(0o755)
        for name in filenames:
            path = Path(dirpath) / name
            if path.is_symlink():
                continue
            executable = path.stat().st_mode & (stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
            shared_library = re.search(r"\.so(\.[0-9.]+)?$", name) is not None
            path.chmod(0o755 if executable and not shared_library else 0o644)


def installed_size_kib(root: Path) -> int:
    total = 0
    for dirpath, _dirs, files in os.walk(root):
        if Path(dirpath).relative_to(root).parts[:1] == ("DEBIAN",):
            continue
        total += 1  # the folder itself, as dpkg-gencontrol counts it
        for name in files:
            path = Path(dirpath) / name
            size = path.lstat().st_size
            total += max(1, -(-size // 1024))
    return total


def write_md5sums(root: Path, conffiles: list[str]) -> None:
    lines = []
    for dirpath, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not (Path(dirpath) == root and d == "DEBIAN"))
        for name in sorted(files):
            path = Path(dirpath) / name
            rel = path.relative_to(root).as_posix()
            if path.is_symlink() or f"/{rel}" in conffiles:
                continue
            digest = hashlib.md5(path.read_bytes(), usedforsecurity=False).hexdigest()
            lines.append(f"{digest}  {rel}\n")
    (root / "DEBIAN" / "md5sums").write_text("".join(lines), encoding="utf-8")


def control_text(ver: str, maintainer: str, size_kib: int) -> str:
    lines = [
        line
        for line in (DEB / "control").read_text(encoding="utf-8").splitlines()
        if not line.startswith("#")
    ]
    # Debian's binary control files want Depends on one line; the template folds it.
    text = "\n".join(lines).replace(",\n ", ", ") + "\n"
    return (
        text.replace("@VERSION@", ver)
        .replace("@MAINTAINER@", maintainer)
        .replace("@INSTALLED_SIZE@", str(size_kib))
    )


def stage(onedir: Path, root: Path, ver: str, maintainer: str) -> None:
    """Lay the package's files out under root (DEBIAN/ included)."""
    shutil.copytree(onedir, root / "opt" / "kiosk", symlinks=True)
    for src, dest in FILES.items():
        (root / dest).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, root / dest)
    doc = root / DOC
    write_licences(doc, root / "opt" / "kiosk" / "_internal", maintainer)
    write_changelog(doc, ver, maintainer, _source_date())
    control = root / "DEBIAN"
    control.mkdir()
    for name in SCRIPTS:
        shutil.copy2(DEB / name, control / name)
    shutil.copy2(DEB / "conffiles", control / "conffiles")
    normalise_modes(root)
    for name in SCRIPTS:
        (control / name).chmod(0o755)
    conffiles = (control / "conffiles").read_text(encoding="utf-8").split()
    for conffile in conffiles:
        if not (root / conffile.lstrip("/")).is_file():
            raise BuildError(f"conffile {conffile} is not in the package")
    write_md5sums(root, conffiles)
    (control / "control").write_text(
        control_text(ver, maintainer, installed_size_kib(root)), encoding="utf-8"
    )


def build(onedir: Path, out: Path, maintainer: str = MAINTAINER) -> Path:
    onedir = onedir.resolve()
    check_onedir(onedir)
    ver = version()
    out.mkdir(parents=True, exist_ok=True)
    deb = out / f"kiosk_{ver}_{ARCH}.deb"
    with tempfile.TemporaryDirectory(prefix="kiosk-deb-") as tmp:
        root = Path(tmp) / "root"
        root.mkdir()
        stage(onedir, root, ver, maintainer)
        part = deb.with_name(deb.name + ".part")
        env = {**os.environ, "SOURCE_DATE_EPOCH": str(_source_date())}
        subprocess.run(
            ["dpkg-deb", "--root-owner-group", "-Zxz", "-z9", "--build", str(root), str(part)],
            check=True,
            env=env,
            stdout=subprocess.DEVNULL,
        )
        part.replace(deb)
    return deb


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "onedir", nargs="?", type=Path, default=REPO / "dist" / "kiosk", help="the onedir"
    )
    parser.add_argument("--out", type=Path, default=REPO / "dist", help="where the .deb goes")
    parser.add_argument(
        "--maintainer",
        default=os.environ.get("KIOSK_DEB_MAINTAINER", MAINTAINER),
        help="the Maintainer field (default: $KIOSK_DEB_MAINTAINER or %(default)s)",
    )
    args = parser.parse_args(argv)
    if shutil.which("dpkg-deb") is None:
        print("build_deb: dpkg-deb is missing (apt-get install dpkg)", file=sys.stderr)
        return 1
    try:
        deb = build(args.onedir, args.out, args.maintainer)
    except BuildError as exc:
        print(f"build_deb: {exc}", file=sys.stderr)
        return 1
    print(f"build_deb: wrote {deb} ({deb.stat().st_size / 2**20:.1f} MiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
