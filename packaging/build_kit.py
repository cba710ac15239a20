"""Build the offline install kit for gallery machines: ``make kit``.

    python packaging/build_kit.py [--deb dist/kiosk_<version>_amd64.deb] [--out dist]
                                  [--exhibit PACK.kioskpack ...]

The kit is ``OUT/kiosk-kit-<version>/`` and ``OUT/kiosk-kit-<version>.tar``: everything a
Debian 12 (bookworm, amd64) machine needs to install the kiosk with no network.

    kiosk_<version>_amd64.deb   the kiosk (make deb)
    debs/                       the .debs of every dependency a minimal Debian 12 lacks, as
                                a flat apt repository (debs/Packages)
    exhibits/                   exhibit packs (*.kioskpack) install.sh installs, if any
    install.sh                  run as root on the gallery machine
    README.txt                  for IT
    SHA256SUMS                  install.sh checks the copy against it first

Which dependencies go into debs/ (needs apt and the Debian 12 package lists on the build
machine, and the network to fetch the .debs with ``apt-get download``):

1. The base: the packages of Priority required or important (what the Debian installer
   puts on a minimal system, and ``debootstrap`` without --variant) and their own
   dependencies, as apt resolves them for an empty system.
2. The kit: what apt installs, with no Recommends, for the base plus the kiosk .deb
   (the recursive Depends/Pre-Depends closure), minus the base.
3. Never seatd (see AVOID below).
4. Plus the base's packages built from the same source as a kit package (libpam-systemd
   comes with systemd, libsystemd0, udev ...): they depend on each other at exactly the
   same version, so a machine installed from older media must upgrade them together.

apt takes from debs/ only what the machine lacks or has older, so a kit built today still
installs on an up-to-date machine.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
ARCHES = ("amd64", "all")
BASE_PRIORITIES = ("required", "important")
#: Packages apt must not choose for an alternative. libseat1 depends on "seatd | logind":
#: from an empty system apt takes seatd, a second seat manager beside logind, which the
#: kiosk's session already uses (libpam-systemd provides logind). Left out of the kit,
#: apt on the gallery machine cannot pick it either.
AVOID = ("seatd",)


class KitError(Exception):
    """Something the person building the kit has to fix; the message says what."""


def version() -> str:
    """The package's version, as build_deb.py reads and checks it."""
    from build_deb import BuildError
    from build_deb import version as deb_version

    try:
        return deb_version()
    except BuildError as exc:
        raise KitError(str(exc)) from None


def run(cmd: list[str], cwd: Path | None = None) -> str:
    out = subprocess.run(cmd, capture_output=True, text=True, cwd=cwd)
    if out.returncode != 0:
        raise KitError(f"{' '.join(cmd[:3])} ... failed:\n{out.stderr.strip()}")
    return out.stdout


def stanzas(text: str) -> list[dict[str, str]]:
    """Debian control stanzas (continuation lines folded into their field)."""
    result = []
    for block in text.split("\n\n"):
        fields: dict[str, str] = {}
        key = None
        for line in block.splitlines():
            if line[:1] in (" ", "\t") and key:
                fields[key] += "\n" + line
            elif ":" in line:
                key, _, value = line.partition(":")
                fields[key] = value.strip()
        if fields:
            result.append(fields)
    return result


def base_packages() -> list[str]:
    """Every package of Priority required or important in the apt lists."""
    names = {
        s["Package"]
        for s in stanzas(run(["apt-cache", "dumpavail"]))
        if s.get("Priority") in BASE_PRIORITIES and s.get("Architecture") in ARCHES
    }
    if len(names) < 30:
        raise KitError(
            f"apt knows only {len(names)} required/important packages: run `apt-get update` "
            "with Debian 12 (bookworm) sources"
        )
    return sorted(names)


def simulate(packages: list[str]) -> dict[str, str]:
    """name -> version of what apt would install on an empty system, without Recommends."""
    with tempfile.NamedTemporaryFile(prefix="kiosk-kit-status-") as empty:
        out = run(
            [
                "apt-get",
                "install",
                "--simulate",
                "--no-install-recommends",
                "-o",
                f"Dir::State::status={empty.name}",
                "-o",
                "Debug::NoLocking=1",
                *packages,
            ]
        )
    installs = {}
    for line in out.splitlines():
        # Inst libfoo1 (1.2-3 Debian:12.12/stable [amd64])
        m = re.match(r"Inst (\S+) \((\S+) ", line)
        if m:
            installs[m.group(1).split(":")[0]] = m.group(2)
    return installs


def sources(names: list[str]) -> dict[str, str]:
    """name -> source package of each package's candidate version."""
    result = {}
    for s in stanzas(run(["apt-cache", "show", "--no-all-versions", *names])):
        src = s.get("Source", s["Package"]).split()[0]
        result[s["Package"]] = src
    return result


def closure(deb: Path) -> tuple[dict[str, str], dict[str, str]]:
    """(what the kit needs: name -> version, the base: name -> version)."""
    base = base_packages()
    base_set = simulate(base)
    with_kiosk = simulate([*base, str(deb.resolve()), *(f"{name}-" for name in AVOID)])
    kit = {n: v for n, v in with_kiosk.items() if n not in base_set and n != "kiosk"}
    if not kit:
        raise KitError("apt found nothing to add for the kiosk; is the .deb's Depends empty?")
    src = sources([*kit, *base_set])
    kit_sources = {src[n] for n in kit}
    for name, ver in base_set.items():
        if src.get(name) in kit_sources:
            kit[name] = ver
    return dict(sorted(kit.items())), base_set


def download(packages: dict[str, str], dest: Path) -> None:
    dest.mkdir(parents=True, exist_ok=True)
    specs = [f"{n}={v}" for n, v in packages.items()]
    run(["apt-get", "download", "-q", *specs], cwd=dest)
    got = {p.name.split("_")[0] for p in dest.glob("*.deb")}
    missing = sorted(set(packages) - got)
    if missing:
        raise KitError(f"apt-get download did not fetch: {', '.join(missing)}")


def write_packages_index(debs: Path) -> None:
    """debs/Packages: a flat apt repository of the folder (apt reads it from file:)."""
    entries = []
    for deb in sorted(debs.glob("*.deb")):
        control = run(["dpkg-deb", "--field", str(deb)]).rstrip("\n")
        data = deb.read_bytes()
        entries.append(
            f"{control}\nFilename: ./{deb.name}\nSize: {len(data)}\n"
            f"MD5sum: {hashlib.md5(data, usedforsecurity=False).hexdigest()}\n"
            f"SHA256: {hashlib.sha256(data).hexdigest()}\n"
        )
    (debs / "Packages").write_text("\n".join(entries), encoding="utf-8")


def write_sums(kit: Path) -> None:
    lines = []
    for path in sorted(p for p in kit.rglob("*") if p.is_file() and p.name != "SHA256SUMS"):
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        lines.append(f"{digest}  {path.relative_to(kit).as_posix()}\n")
    (kit / "SHA256SUMS").write_text("".join(lines), encoding="utf-8")


def make_tar(kit: Path) -> Path:
    tar_path = kit.with_name(kit.name + ".tar")
    part = tar_path.with_name(tar_path.name + ".part")

    def clean(info: tarfile.TarInfo) -> tarfile.TarInfo:
        info.uid = info.gid = 0
        info.uname = info.gname = "root"
        return info

    with tarfile.open(part, "w", format=tarfile.GNU_FORMAT) as tar:
        tar.add(kit, arcname=kit.name, filter=clean)
    part.replace(tar_path)
    return tar_path


def build(deb: Path, out: Path, exhibits: list[Path]) -> tuple[Path, Path, dict[str, str]]:
    """The kit folder, its tar, and the dependency packages in it (name -> version)."""
    if not deb.is_file():
        raise KitError(f"{deb} is not there: run `make deb` first")
    ver = version()
    if f"_{ver}_" not in deb.name:
        raise KitError(f"{deb.name} is not version {ver} (kiosk/__init__.py)")
    for pack in exhibits:
        if pack.suffix != ".kioskpack" or not pack.is_file():
            raise KitError(f"{pack} is not a .kioskpack file")
    kit = out / f"kiosk-kit-{ver}"
    if kit.exists():
        shutil.rmtree(kit)
    kit.mkdir(parents=True)
    needed, _base = closure(deb)
    print(f"build_kit: {len(needed)} packages a minimal Debian 12 lacks; downloading them")
    download(needed, kit / "debs")
    write_packages_index(kit / "debs")
    shutil.copy2(deb, kit / deb.name)
    shutil.copy2(HERE / "install.sh", kit / "install.sh")
    (kit / "install.sh").chmod(0o755)
    shutil.copy2(HERE / "kit-README.txt", kit / "README.txt")
    if exhibits:
        (kit / "exhibits").mkdir()
        for pack in exhibits:
            shutil.copy2(pack, kit / "exhibits" / pack.name)
    (kit / "debs" / "LIST.txt").write_text(
        "".join(f"{n} {v}\n" for n, v in needed.items()), encoding="utf-8"
    )
    write_sums(kit)
    return kit, make_tar(kit), needed


def main(argv: list[str] | None = None) -> int:
    ver = version()
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--deb", type=Path, default=REPO / "dist" / f"kiosk_{ver}_amd64.deb", help="the .deb"
    )
    parser.add_argument("--out", type=Path, default=REPO / "dist", help="where the kit goes")
    parser.add_argument(
        "--exhibit",
        type=Path,
        action="append",
        default=[],
        metavar="PACK",
        help="an exhibit pack to put in the kit (repeatable)",
    )
    args = parser.parse_args(argv)
    for tool in ("apt-get", "apt-cache", "dpkg-deb"):
        if shutil.which(tool) is None:
            print(f"build_kit: {tool} is missing; build the kit on Debian 12", file=sys.stderr)
            return 1
    try:
        kit, tar_path, needed = build(args.deb, args.out, args.exhibit)
    except KitError as exc:
        print(f"build_kit: {exc}", file=sys.stderr)
        return 1
    print(
        f"build_kit: wrote {kit}/ and {tar_path.name} ({len(needed)} dependency packages, "
        f"{tar_path.stat().st_size / 2**20:.0f} MiB)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
