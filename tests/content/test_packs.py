"""Exhibit packs: writing, hostile archives refused before a byte is written, atomic
installs that survive being killed at any point, rollback, and the command line."""

from __future__ import annotations

import hashlib
import io
import json
import os
import random
import re
import shutil
import stat
import subprocess
import sys
import tarfile
import time
from pathlib import Path

import pytest

from kiosk.content import load_bundle
from kiosk.content.packs import (
    MANIFEST,
    Limits,
    Manifest,
    PackError,
    find_packs,
    install_pack,
    installed,
    rollback,
    shown_bundle,
    write_pack,
)
from tests.conftest import DEFAULT_BUNDLE, REPO

ID = "baku-1920"


def bundle_copy(tmp: Path, version: str, name: str = "bundle") -> Path:
    """The default exhibit, as version ``version``."""
    out = tmp / f"{name}-{version}"
    shutil.copytree(DEFAULT_BUNDLE, out)
    doc = json.loads((out / "bundle.json").read_text(encoding="utf-8"))
    doc["version"] = version
    doc.pop("$schema", None)
    (out / "bundle.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return out


@pytest.fixture(scope="module")
def packs(tmp_path_factory) -> dict[str, Path]:
    tmp = tmp_path_factory.mktemp("packs")
    return {v: write_pack(bundle_copy(tmp, v), tmp / "out") for v in ("1.0.0", "2.0.0")}


def tree(root: Path) -> dict[str, tuple[int, int | str]]:
    """Every entry below ``root``: (type bits, size or link target)."""
    out: dict[str, tuple[int, int | str]] = {}
    if not root.exists():
        return out
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            p = Path(dirpath) / name
            st = p.lstat()
            what = str(p.readlink()) if p.is_symlink() else st.st_size
            out[str(p.relative_to(root))] = (stat.S_IFMT(st.st_mode), what)
    return out


def check_complete(version_dir: Path) -> None:
    """A version folder holds exactly its manifest's files, byte for byte, and validates."""
    manifest = Manifest.parse((version_dir / MANIFEST).read_bytes(), "test")
    files = {p.relative_to(version_dir).as_posix() for p in version_dir.rglob("*") if p.is_file()}
    assert files == {f.path for f in manifest.files} | {MANIFEST}
    for f in manifest.files:
        assert hashlib.sha256((version_dir / f.path).read_bytes()).hexdigest() == f.sha256
    assert load_bundle(version_dir).report.ok()


# --- writing ----------------------------------------------------------------------------


def test_a_pack_holds_one_top_folder_and_a_manifest_of_every_file(packs):
    with tarfile.open(packs["1.0.0"]) as tar:
        names = tar.getnames()
        manifest = Manifest.parse(tar.extractfile(f"{ID}-1.0.0/{MANIFEST}").read(), "t")
    assert packs["1.0.0"].name == f"{ID}-1.0.0.kioskpack"
    assert {n.split("/")[0] for n in names} == {f"{ID}-1.0.0"}
    on_disk = {p.relative_to(DEFAULT_BUNDLE).as_posix() for p in DEFAULT_BUNDLE.rglob("*")}
    assert {f.path for f in manifest.files} == {
        p for p in on_disk if (DEFAULT_BUNDLE / p).is_file()
    }
    assert all(len(f.sha256) == 64 for f in manifest.files)


def test_the_same_bundle_gives_the_same_pack(tmp_path, packs):
    again = write_pack(bundle_copy(tmp_path, "1.0.0"), tmp_path / "again")
    assert again.read_bytes() == packs["1.0.0"].read_bytes()


def test_pack_refuses_a_bundle_that_is_not_strictly_valid(tmp_path):
    bundle = bundle_copy(tmp_path, "1.0.0")
    doc = json.loads((bundle / "bundle.json").read_text())
    doc["exhibit"]["title"].pop("ru")  # a missing translation: a warning, refused by --strict
    (bundle / "bundle.json").write_text(json.dumps(doc, ensure_ascii=False))
    with pytest.raises(PackError, match=r"(?s)does not validate with --strict.*no Russian"):
        write_pack(bundle, tmp_path / "out")
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_pack_refuses_a_symbolic_link_in_the_bundle(tmp_path):
    bundle = bundle_copy(tmp_path, "1.0.0")
    (bundle / "images" / "extra.jpg").symlink_to(bundle / "images" / "kirov.jpg")
    with pytest.raises(PackError, match=r"extra\.jpg: a symbolic link"):
        write_pack(bundle, tmp_path / "out")


def test_pack_refuses_a_version_that_cannot_name_a_folder(tmp_path):
    with pytest.raises(PackError, match=r'version "1\.0 beta" cannot name a folder'):
        write_pack(bundle_copy(tmp_path, "1.0 beta"), tmp_path / "out")


# --- installing, switching, rolling back -------------------------------------------------


def test_install_then_upgrade_then_rollback(tmp_path, packs):
    root = tmp_path / "exhibits"
    first = install_pack(packs["1.0.0"], root)
    assert (first.version, first.previous, first.already) == ("1.0.0", None, False)
    assert shown_bundle(root) == (root / ID / "1.0.0").resolve()
    check_complete(root / ID / "1.0.0")
    second = install_pack(packs["2.0.0"], root)
    assert (second.version, second.previous) == ("2.0.0", "1.0.0")
    assert shown_bundle(root) == (root / ID / "2.0.0").resolve()
    assert rollback(root, ID) == ("2.0.0", "1.0.0")
    assert shown_bundle(root) == (root / ID / "1.0.0").resolve()
    assert rollback(root, ID) == ("1.0.0", "2.0.0")  # and forward again
    (row,) = installed(root)
    assert (row.id, row.current, row.previous, row.shown) == (ID, "2.0.0", "1.0.0", True)
    assert list((root / ".staging").iterdir()) == []


def test_installed_files_get_our_modes_not_the_archives(tmp_path, packs):
    def odd_modes(info, data):
        info.mode = 0o600 if info.isreg() else 0o700  # unreadable by the kiosk's user
        return data

    odd = rebuild(packs["1.0.0"], tmp_path / "odd.kioskpack", edit=odd_modes)
    root = tmp_path / "exhibits"
    install_pack(odd, root)
    version = root / ID / "1.0.0"
    modes = {p.stat().st_mode & 0o7777 for p in version.rglob("*")}
    assert modes == {0o644, 0o755}


def test_only_current_and_previous_are_kept(tmp_path, packs):
    root = tmp_path / "exhibits"
    third = write_pack(bundle_copy(tmp_path, "3.0.0"), tmp_path / "out")
    install_pack(packs["1.0.0"], root)
    install_pack(packs["2.0.0"], root)
    result = install_pack(third, root)
    assert result.removed == ["1.0.0"]
    assert installed(root)[0].versions == ["2.0.0", "3.0.0"]


def test_the_same_version_again_is_made_current_not_duplicated(tmp_path, packs):
    root = tmp_path / "exhibits"
    install_pack(packs["1.0.0"], root)
    install_pack(packs["2.0.0"], root)
    rollback(root, ID)
    again = install_pack(packs["2.0.0"], root)  # IT re-installs from the USB stick
    assert again.already and again.version == "2.0.0"
    assert installed(root)[0].current == "2.0.0"


def test_a_different_exhibit_under_an_installed_version_is_refused(tmp_path, packs):
    root = tmp_path / "exhibits"
    install_pack(packs["1.0.0"], root)
    changed = bundle_copy(tmp_path, "1.0.0")
    doc = json.loads((changed / "bundle.json").read_text())
    doc["exhibit"]["title"]["en"] = "Another title, same version"
    (changed / "bundle.json").write_text(json.dumps(doc, ensure_ascii=False))
    other = write_pack(changed, tmp_path / "other")
    before = tree(root)
    with pytest.raises(PackError, match=r"already installed with other content.*new version"):
        install_pack(other, root)
    assert tree(root) == before


def test_rollback_with_nothing_to_go_back_to(tmp_path, packs):
    root = tmp_path / "exhibits"
    root.mkdir()
    with pytest.raises(PackError, match="no exhibit"):
        rollback(root, ID)
    install_pack(packs["1.0.0"], root)
    with pytest.raises(PackError, match="no previous version"):
        rollback(root, ID)


def test_too_little_disk_space_is_refused_before_writing(tmp_path, packs):
    root = tmp_path / "exhibits"
    with pytest.raises(PackError, match=r"needs .* MB on the disk .* only 1\.0 MB is free"):
        install_pack(packs["1.0.0"], root, free_bytes=lambda _p: 1_000_000)
    assert not (root / ID).exists() and not (root / "current").exists()


def test_a_read_only_exhibits_folder_is_reported_not_a_traceback(tmp_path, packs, monkeypatch):
    import errno
    import tempfile

    def read_only(*_a, **_kw):
        raise OSError(errno.EROFS, "Read-only file system", str(tmp_path / "exhibits"))

    monkeypatch.setattr(tempfile, "mkdtemp", read_only)
    with pytest.raises(PackError, match=r"could not install into .*Read-only file system"):
        install_pack(packs["1.0.0"], tmp_path / "exhibits")
    assert not (tmp_path / "exhibits" / "current").exists()


def test_a_disk_that_fills_up_while_extracting_changes_nothing(tmp_path, packs, monkeypatch):
    import errno

    root = tmp_path / "exhibits"
    install_pack(packs["1.0.0"], root)
    before = tree(root)
    real = tarfile.TarFile.extract
    written = []

    def fills_up(self, member, *a, **kw):
        if len(written) == 3:
            raise OSError(errno.ENOSPC, "No space left on device")
        written.append(member)
        return real(self, member, *a, **kw)

    monkeypatch.setattr(tarfile.TarFile, "extract", fills_up)
    with pytest.raises(PackError, match="the disk filled up while extracting"):
        install_pack(packs["2.0.0"], root)
    assert tree(root) == before  # the half-extracted staging copy is gone too
    assert shown_bundle(root) == (root / ID / "1.0.0").resolve()


def test_an_exhibit_that_does_not_validate_is_not_installed(tmp_path, packs):
    # A pack whose manifest is right but whose bundle.json references a missing portrait.
    root = tmp_path / "exhibits"
    bad = rebuild(
        packs["1.0.0"],
        tmp_path / "bad.kioskpack",
        edit_json=lambda doc: doc["people"][0].__setitem__("portrait", "nobody"),
    )
    with pytest.raises(PackError, match=r'(?s)not valid for this kiosk.*unknown media id "nobody"'):
        install_pack(bad, root)
    assert not (root / ID).exists()
    assert list((root / ".staging").iterdir()) == []


def test_find_packs_on_mounted_media(tmp_path, packs):
    media = tmp_path / "media"
    (media / "curator" / "USB STICK" / "exhibits").mkdir(parents=True)
    shutil.copy(packs["1.0.0"], media / "curator" / "USB STICK" / "exhibits")
    (media / "curator" / "USB STICK" / "notes.txt").write_text("not a pack")
    (tmp_path / "run-media").mkdir()
    found = find_packs([media, tmp_path / "run-media", tmp_path / "absent"])
    assert [p.name for p in found] == [packs["1.0.0"].name]


# --- hostile packs ------------------------------------------------------------------------


def rebuild(good: Path, out: Path, *, extra=(), skip=(), edit=None, edit_json=None) -> Path:
    """A copy of ``good`` with members added, left out or changed (tests only).

    ``edit(info, data)`` changes bytes without touching the manifest (a damaged pack);
    ``edit_json(doc)`` changes bundle.json and writes a manifest that matches it (a pack
    made from a bundle that does not validate)."""
    with tarfile.open(good) as src:
        entries = [(i, src.extractfile(i).read() if i.isreg() else None) for i in src]
    top = entries[0][0].name
    if edit_json:
        by_name = {i.name: n for n, (i, _) in enumerate(entries)}
        doc = json.loads(entries[by_name[f"{top}/bundle.json"]][1])
        edit_json(doc)
        raw = json.dumps(doc, ensure_ascii=False).encode()
        man = json.loads(entries[by_name[f"{top}/{MANIFEST}"]][1])
        for f in man["files"]:
            if f["path"] == "bundle.json":
                f["size"], f["sha256"] = len(raw), hashlib.sha256(raw).hexdigest()
        entries[by_name[f"{top}/bundle.json"]] = (entries[by_name[f"{top}/bundle.json"]][0], raw)
        entries[by_name[f"{top}/{MANIFEST}"]] = (
            entries[by_name[f"{top}/{MANIFEST}"]][0],
            json.dumps(man).encode(),
        )
    with tarfile.open(out, "w:", format=tarfile.PAX_FORMAT) as dst:
        for info, data in [*entries, *extra]:
            if info.name in skip:
                continue
            if edit:
                data = edit(info, data)
            if data is not None:
                info.size = len(data)
            dst.addfile(info, io.BytesIO(data) if data is not None else None)
    return out


def member(name: str, kind=tarfile.REGTYPE, *, data: bytes = b"x", mode=0o644, link=""):
    info = tarfile.TarInfo(name)
    info.type = kind
    info.mode = mode
    info.linkname = link
    info.size = len(data) if kind == tarfile.REGTYPE else 0
    return info, data if kind == tarfile.REGTYPE else None


TOP = f"{ID}-1.0.0"
HOSTILE = {
    "dotdot": ([member(f"{TOP}/../../escaped.txt")], r"\.\." + '" in the path'),
    "absolute": ([member("/tmp/kiosk-absolute.txt")], "an absolute path"),
    "absolute-symlink": (
        [member(f"{TOP}/images/passwd", tarfile.SYMTYPE, link="/etc/passwd")],
        'a symbolic link \\(to "/etc/passwd"\\)',
    ),
    "outside-symlink": (
        [member(f"{TOP}/images/up", tarfile.SYMTYPE, link="../../../../etc")],
        "a symbolic link",
    ),
    "inside-symlink": (
        [member(f"{TOP}/images/k.jpg", tarfile.SYMTYPE, link="kirov.jpg")],
        "a symbolic link",
    ),
    "hard-link": (
        [member(f"{TOP}/images/h.jpg", tarfile.LNKTYPE, link="/etc/shadow")],
        "a hard link",
    ),
    "device": ([member(f"{TOP}/images/sda", tarfile.BLKTYPE)], "a device file"),
    "char-device": ([member(f"{TOP}/images/null", tarfile.CHRTYPE)], "a device file"),
    "fifo": ([member(f"{TOP}/images/pipe", tarfile.FIFOTYPE)], "a FIFO"),
    "setuid": ([member(f"{TOP}/images/run.sh", mode=0o4755)], "a setuid, setgid or sticky bit"),
    "duplicate": ([member(f"{TOP}/bundle.json", data=b"{}")], "appears twice"),
    "two-tops": ([member("another-exhibit/bundle.json")], "more than one top folder"),
    "top-level-file": ([member("README.txt")], "more than one top folder"),
    "unlisted": ([member(f"{TOP}/images/extra.jpg")], f"not listed in {MANIFEST}"),
    "backslash": ([member(f"{TOP}/images\\..\\x")], "control characters or"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_packs_are_refused_naming_member_and_rule(tmp_path, packs, case):
    extra, rule = HOSTILE[case]
    hostile = rebuild(packs["1.0.0"], tmp_path / f"{case}.kioskpack", extra=extra)
    root = tmp_path / "sandbox" / "exhibits"
    root.mkdir(parents=True)
    around = tree(tmp_path / "sandbox")
    with pytest.raises(PackError) as caught:
        install_pack(hostile, root)
    message = str(caught.value)
    assert f'member "{extra[0][0].name}"' in message
    assert re.search(rule, message), message
    assert "nothing installed" in message
    assert tree(tmp_path / "sandbox") == around  # not a byte written, anywhere
    assert not Path("/tmp/kiosk-absolute.txt").exists()


def test_a_flipped_byte_is_caught_by_the_manifest(tmp_path, packs):
    def flip(info, data):
        if info.name.endswith("kirov.jpg"):
            data = bytearray(data)
            data[len(data) // 2] ^= 0x01
            return bytes(data)
        return data

    root = tmp_path / "exhibits"
    bad = rebuild(packs["1.0.0"], tmp_path / "flipped.kioskpack", edit=flip)
    with pytest.raises(PackError, match=r'"images/kirov\.jpg" does not match its SHA-256'):
        install_pack(bad, root)
    assert not (root / ID).exists() and not (root / "current").exists()
    assert list((root / ".staging").iterdir()) == []


def test_a_file_missing_from_the_pack_is_caught_before_extracting(tmp_path, packs):
    bad = rebuild(packs["1.0.0"], tmp_path / "missing.kioskpack", skip={f"{TOP}/images/kirov.jpg"})
    with pytest.raises(PackError, match=r'"images/kirov\.jpg" is listed .* but missing'):
        install_pack(bad, tmp_path / "exhibits")
    assert not (tmp_path / "exhibits" / ".staging").exists()


@pytest.mark.parametrize("keep", [0.3, 0.7, 0.98])
def test_a_truncated_pack_is_refused(tmp_path, packs, keep):
    data = packs["1.0.0"].read_bytes()
    cut = tmp_path / "cut.kioskpack"
    cut.write_bytes(data[: int(len(data) * keep)])
    with pytest.raises(PackError, match=r"cut short|damaged|missing from the pack"):
        install_pack(cut, tmp_path / "exhibits")
    assert not (tmp_path / "exhibits" / ID).exists()


def test_limits_on_members_and_sizes(tmp_path, packs):
    root = tmp_path / "exhibits"
    with pytest.raises(PackError, match="more than 5 members"):
        install_pack(packs["1.0.0"], root, limits=Limits(max_members=5))
    with pytest.raises(PackError, match=r"over the limit of 10,000"):
        install_pack(packs["1.0.0"], root, limits=Limits(max_file_bytes=10_000))
    with pytest.raises(PackError, match=r"add up to more than 200,000 bytes"):
        install_pack(packs["1.0.0"], root, limits=Limits(max_total_bytes=200_000))
    assert not (root / ID).exists()


def test_not_a_pack(tmp_path):
    gz = tmp_path / "x.kioskpack"
    with tarfile.open(gz, "w:gz") as tar:
        info, data = member("x/bundle.json")
        tar.addfile(info, io.BytesIO(data))
    with pytest.raises(PackError, match="not a readable pack"):
        install_pack(gz, tmp_path / "exhibits")
    with pytest.raises(PackError, match=r'must end in "\.kioskpack"'):
        install_pack(tmp_path / "x.tar", tmp_path / "exhibits")
    with pytest.raises(PackError, match="no such file"):
        install_pack(tmp_path / "absent.kioskpack", tmp_path / "exhibits")


# --- killed installs ----------------------------------------------------------------------

VICTIM = """
import os, signal, sys, time
from pathlib import Path
from kiosk.content.packs import install_pack
pack, root = Path(sys.argv[1]), Path(sys.argv[2])
for line in sys.stdin:
    delay = float(line)
    started = time.monotonic()
    pid = os.fork()
    if pid == 0:
        try:
            install_pack(pack, root)
        finally:
            os._exit(0)
    if delay >= 0:
        time.sleep(delay)
        # Not reaped yet, so the pid is still the child's, even if it has just finished.
        os.kill(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    print(os.WIFSIGNALED(status), time.monotonic() - started, flush=True)
"""


def test_a_kill_at_any_point_leaves_current_old_or_new(tmp_path, packs):
    """100 installs of 2.0.0 over 1.0.0, each child killed (SIGKILL) at a random moment."""
    root = tmp_path / "exhibits"
    install_pack(packs["1.0.0"], root)
    proc = subprocess.Popen(
        [sys.executable, "-c", VICTIM, str(packs["2.0.0"]), str(root)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=REPO,
    )

    def once(delay: float) -> tuple[bool, float]:
        """Fork an install and kill it after ``delay`` s (never, if negative)."""
        proc.stdin.write(f"{delay}\n")
        proc.stdin.flush()
        killed, took = proc.stdout.readline().split()
        return killed == "True", float(took)

    def reset() -> None:  # back to 1.0.0 current, 2.0.0 not installed
        exhibit = root / ID
        if (exhibit / "current").readlink() != Path("1.0.0"):
            (exhibit / "current").unlink()
            (exhibit / "current").symlink_to("1.0.0")
        shutil.rmtree(exhibit / "2.0.0", ignore_errors=True)

    rng = random.Random(20260425)
    try:
        durations = []
        for _ in range(3):
            killed, took = once(-1)
            assert not killed
            assert (root / ID / "current").readlink() == Path("2.0.0")
            durations.append(took)
            reset()
        span = max(durations) * 1.1
        outcomes = {"1.0.0": 0, "2.0.0": 0}
        left_work = 0
        for _ in range(100):
            once(rng.uniform(0, span))
            version = str((root / ID / "current").readlink())
            outcomes[version] += 1  # a KeyError here is a broken link: the test fails
            check_complete(root / ID / version)
            assert shown_bundle(root) == (root / ID / version).resolve()
            left_work += any((root / ".staging").iterdir())
            reset()
    finally:
        proc.stdin.close()
        proc.wait(timeout=30)
    print(f"kills: {outcomes}, left work behind: {left_work}, span {span:.3f} s")
    # The kills landed before, during and after the switch.
    assert outcomes["1.0.0"] > 0 and outcomes["2.0.0"] > 0, outcomes
    assert left_work > 0, "no kill landed mid-install"
    # And the next install clears what the killed ones left behind.
    install_pack(packs["2.0.0"], root)
    assert list((root / ".staging").iterdir()) == []
    check_complete(root / ID / "2.0.0")


# --- the command line ----------------------------------------------------------------------


def kiosk(*args: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kiosk", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=REPO,
        env={"PATH": "/usr/bin:/bin", "HOME": "/nonexistent"},
    )


def test_command_line_pack_install_exhibits_rollback(tmp_path):
    root = tmp_path / "exhibits"
    made = kiosk("pack", bundle_copy(tmp_path, "1.0.0"), "-o", tmp_path / "usb")
    assert made.returncode == 0, made.stderr
    kiosk("pack", bundle_copy(tmp_path, "1.1.0"), "-o", tmp_path / "usb")
    packs = sorted((tmp_path / "usb").glob("*.kioskpack"))
    assert [p.name for p in packs] == [f"{ID}-1.0.0.kioskpack", f"{ID}-1.1.0.kioskpack"]
    done = kiosk("install", *packs, "--exhibits", root)
    assert done.returncode == 0, done.stderr
    assert f"{ID} 1.1.0 installed; it is now current (previous: 1.0.0)" in done.stdout
    listing = kiosk("exhibits", "--exhibits", root)
    assert f"* {ID}  current 1.1.0  previous 1.0.0" in listing.stdout
    back = kiosk("rollback", ID, "--exhibits", root)
    assert back.returncode == 0 and "1.0.0 is current again (was 1.1.0)" in back.stdout
    again = kiosk("rollback", "nope", "--exhibits", root)
    assert again.returncode == 1 and 'no exhibit "nope"' in again.stderr


def test_command_line_names_a_hostile_member(tmp_path, packs):
    hostile = rebuild(packs["1.0.0"], tmp_path / "evil.kioskpack", extra=HOSTILE["fifo"][0])
    result = kiosk("install", hostile, "--exhibits", tmp_path / "exhibits")
    assert result.returncode == 1
    assert f'member "{TOP}/images/pipe": a FIFO' in result.stderr
    assert "Traceback" not in result.stderr


def test_the_kiosk_shows_the_installed_current_exhibit(tmp_path, packs):
    from kiosk.cli import _installed_bundle
    from kiosk.config import Config

    root = tmp_path / "exhibits"
    assert _installed_bundle(Config(content_dir=root)) is None  # nothing installed: shipped
    install_pack(packs["2.0.0"], root)
    assert _installed_bundle(Config(content_dir=root)) == (root / ID / "2.0.0").resolve()


@pytest.mark.skipif(os.geteuid() != 0, reason="the rule is about root")
def test_root_may_not_install_into_the_kiosk_users_folder(tmp_path, packs):
    root = tmp_path / "exhibits"
    root.mkdir()
    os.chown(root, 65534, 65534)  # nobody: stands for the kiosk user
    result = kiosk("install", packs["1.0.0"], "--exhibits", root)
    assert result.returncode == 2
    assert (
        "belongs to the user nobody" in result.stderr
        and "runuser -u nobody -- kiosk install" in result.stderr
    )
    assert list(root.iterdir()) == []


# --- names the exhibits folder keeps for itself, malformed headers, versions -------------


def craft(out: Path, top: str, manifest: bytes, files: dict[str, bytes]) -> Path:
    """A pack written by hand: any top folder, any manifest, any files (tests only)."""
    with tarfile.open(out, "w:", format=tarfile.PAX_FORMAT) as tar:
        for name, data in {MANIFEST: manifest, **files}.items():
            info = tarfile.TarInfo(f"{top}/{name}")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return out


def manifest_of(exhibit: str, version: str, files: dict[str, bytes]) -> bytes:
    entries = [
        {"path": k, "size": len(v), "sha256": hashlib.sha256(v).hexdigest()}
        for k, v in files.items()
    ]
    doc = {"format": "kiosk-pack", "format_version": 1, "id": exhibit, "version": version}
    return json.dumps({**doc, "files": entries}).encode()


@pytest.mark.parametrize(
    ("exhibit", "version", "complaint"),
    [
        ("current", "1.0.0", 'id "current" cannot name an exhibit folder'),
        ("previous", "1.0.0", 'id "previous" cannot name an exhibit folder'),
        ("..", "1.0.0", 'id ".." cannot name an exhibit folder'),
        (".", "1.0.0", 'id "." cannot name an exhibit folder'),
        (ID, "current", 'version "current" cannot name a folder'),
        (ID, "previous", 'version "previous" cannot name a folder'),
        (ID, "..", 'version ".." cannot name a folder'),
    ],
)
def test_reserved_and_unsafe_names_are_refused(tmp_path, packs, exhibit, version, complaint):
    root = tmp_path / "exhibits"
    install_pack(packs["1.0.0"], root)
    files = {"bundle.json": (DEFAULT_BUNDLE / "bundle.json").read_bytes()}
    bad = craft(
        tmp_path / "bad.kioskpack",
        f"{exhibit}-{version}",
        manifest_of(exhibit, version, files),
        files,
    )
    before = tree(root)
    with pytest.raises(PackError, match=re.escape(complaint)):
        install_pack(bad, root)
    assert tree(root) == before
    assert shown_bundle(root) == (root / ID / "1.0.0").resolve()


def test_pack_refuses_a_bundle_whose_version_is_a_reserved_name(tmp_path):
    with pytest.raises(PackError, match='version "current" cannot name a folder'):
        write_pack(bundle_copy(tmp_path, "current"), tmp_path / "out")


def test_thousands_of_chained_long_name_headers_are_refused_not_a_traceback(tmp_path):
    # Each GNU long-name header makes tarfile recurse once: ~3,000 of them overflow the stack.
    out = tmp_path / "chain.kioskpack"
    block = bytearray()
    for i in range(3000):
        name = f"x{i}".encode().ljust(200, b"a")
        info = tarfile.TarInfo("././@LongLink")
        info.type = tarfile.GNUTYPE_LONGNAME
        info.size = len(name) + 1
        block += info.tobuf(tarfile.GNU_FORMAT) + (name + b"\0").ljust(512, b"\0")
    final = tarfile.TarInfo("top/bundle.json")
    final.size = 0
    out.write_bytes(bytes(block) + final.tobuf(tarfile.GNU_FORMAT) + b"\0" * 1024)
    with pytest.raises(PackError, match=r"RecursionError"):
        install_pack(out, tmp_path / "exhibits")


def test_a_deeply_nested_manifest_is_refused_not_a_traceback(tmp_path):
    files = {"bundle.json": b"{}"}
    bad = craft(tmp_path / "deep.kioskpack", f"{ID}-1.0.0", b"[" * 200_000, files)
    with pytest.raises(PackError, match="not a readable manifest"):
        install_pack(bad, tmp_path / "exhibits")


def test_a_very_long_member_name_is_refused(tmp_path, packs):
    long = f"{TOP}/images/" + "a" * 5000 + ".jpg"
    bad = rebuild(packs["1.0.0"], tmp_path / "long.kioskpack", extra=[member(long)])
    with pytest.raises(PackError, match="a name over 1024 characters"):
        install_pack(bad, tmp_path / "exhibits")


def test_an_older_version_is_refused_unless_asked(tmp_path, packs):
    root = tmp_path / "exhibits"
    install_pack(packs["2.0.0"], root)
    with pytest.raises(PackError, match=r"1\.0\.0 is older than the current 2\.0\.0"):
        install_pack(packs["1.0.0"], root)
    assert installed(root)[0].current == "2.0.0"
    result = install_pack(packs["1.0.0"], root, allow_older=True)
    assert (result.version, result.previous) == ("1.0.0", "2.0.0")


def test_versions_compare_numbers_as_numbers():
    from kiosk.content.packs import version_key

    ordered = ["1.2.0", "1.9.0", "1.10.0", "2.0.0", "10.0.0"]
    assert sorted(ordered, key=version_key) == ordered
    assert sorted(["10.0.0", "1.10.0", "2.0.0", "1.9.0", "1.2.0"], key=version_key) == ordered


def test_a_failed_clean_up_is_reported_but_the_install_stands(tmp_path, packs, monkeypatch):
    import kiosk.content.packs as packs_module

    root = tmp_path / "exhibits"
    third = write_pack(bundle_copy(tmp_path, "3.0.0"), tmp_path / "out")
    install_pack(packs["1.0.0"], root)
    install_pack(packs["2.0.0"], root)
    real = packs_module.tempfile.mkdtemp

    def no_room(*a, **kw):
        if kw.get("prefix") == "old.":
            raise OSError(13, "Permission denied")
        return real(*a, **kw)

    monkeypatch.setattr(packs_module.tempfile, "mkdtemp", no_room)
    result = install_pack(third, root)
    assert result.removed == [] and "Permission denied" in result.not_removed[0]
    assert installed(root)[0].current == "3.0.0"


def test_installed_files_carry_the_install_time(tmp_path, packs):
    root = tmp_path / "exhibits"
    started = time.time() - 5
    install_pack(packs["1.0.0"], root)
    assert all(p.stat().st_mtime >= started for p in (root / ID / "1.0.0").rglob("*.jpg"))


STEPPER = """
import os, shutil, sys, tarfile
from pathlib import Path
from kiosk.content import packs

what, arg, root = sys.argv[1], sys.argv[2], Path(sys.argv[3])
# Every call that changes the disk is a step; the child dies (no clean-up, no finally) just
# before step N, as if the machine lost power or the OOM killer struck there.
STEPS = ["rename", "replace", "symlink", "fsync", "unlink", "rmdir", "mkdir"]
for line in sys.stdin:
    crash_at = int(line)
    pid = os.fork()
    if pid == 0:
        count = [0]

        def step(fn):
            def wrapped(*a, **kw):
                count[0] += 1
                if count[0] == crash_at:
                    os._exit(9)
                return fn(*a, **kw)
            return wrapped

        for name in STEPS:
            setattr(os, name, step(getattr(os, name)))
        tarfile.TarFile.extract = step(tarfile.TarFile.extract)
        if what == "install":
            packs.install_pack(Path(arg), root)
        else:
            packs.rollback(root, arg)
        os._exit(100 + min(count[0], 150))  # finished: tell how many steps it took
    _, status = os.waitpid(pid, 0)
    print(os.WEXITSTATUS(status), flush=True)
"""


@pytest.mark.parametrize("what", ["install", "rollback"])
def test_a_crash_before_any_single_step_leaves_a_complete_exhibit(tmp_path, packs, what):
    """Deterministic: the child dies before its 1st, 2nd, … disk-changing call, in turn,
    through the whole install (with the clean-up of an old version) or rollback."""
    pristine = tmp_path / "pristine"
    install_pack(packs["1.0.0"], pristine)
    install_pack(packs["2.0.0"], pristine)  # current 2.0.0, previous 1.0.0
    third = write_pack(bundle_copy(tmp_path, "3.0.0"), tmp_path / "out")
    root = tmp_path / "exhibits"
    arg = str(third) if what == "install" else ID
    allowed = {"2.0.0", "3.0.0"} if what == "install" else {"2.0.0", "1.0.0"}
    proc = subprocess.Popen(
        [sys.executable, "-c", STEPPER, what, arg, str(root)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=REPO,
    )
    seen = set()
    try:
        crash_at, total = 1, None
        while total is None or crash_at <= total:
            shutil.rmtree(root, ignore_errors=True)
            shutil.copytree(pristine, root, symlinks=True)
            proc.stdin.write(f"{crash_at}\n")
            proc.stdin.flush()
            status = int(proc.stdout.readline())
            if status >= 100:  # the run finished before reaching this step
                total = status - 100
                assert crash_at > total
                break
            assert status == 9
            version = str((root / ID / "current").readlink())
            assert version in allowed, (crash_at, version)
            check_complete(root / ID / version)
            assert shown_bundle(root) == (root / ID / version).resolve()
            previous = root / ID / "previous"
            if previous.is_symlink():
                check_complete(root / ID / str(previous.readlink()))
            seen.add(version)
            crash_at += 1
    finally:
        proc.stdin.close()
        proc.wait(timeout=30)
    # It really walked through the steps (an install: extraction, fsyncs, renames, links,
    # clean-up; a rollback: the lock and two links).
    assert total is not None and total > (40 if what == "install" else 5), total
    assert seen == allowed  # crashes before and after the switch


def test_choose_packs_takes_the_newest_of_each_exhibit_and_the_shown_one_last(tmp_path, packs):
    from kiosk.content.packs import choose_packs

    stick = tmp_path / "stick"
    stick.mkdir()
    old, new = (shutil.copy(packs[v], stick) for v in ("1.0.0", "2.0.0"))
    ten = write_pack(bundle_copy(tmp_path, "10.0.0"), stick)
    other_src = bundle_copy(tmp_path, "1.0.0", name="other")
    doc = json.loads((other_src / "bundle.json").read_text())
    doc["id"] = "another-exhibit"
    (other_src / "bundle.json").write_text(json.dumps(doc, ensure_ascii=False))
    other = write_pack(other_src, stick)
    broken = stick / "broken.kioskpack"
    broken.write_bytes(b"not a tar")
    found = sorted(stick.iterdir())
    chosen, skipped = choose_packs(found, shown=ID)
    assert chosen == [other, ten]  # 10.0.0 beats 2.0.0; the shown exhibit comes last
    assert sum("a newer pack of baku-1920" in s for s in skipped) == 2
    assert any("broken.kioskpack: not a readable pack" in s for s in skipped)
    assert {Path(old).name, Path(new).name} <= {Path(s.split(":")[0]).name for s in skipped}


def test_skip_installed_leaves_an_installed_exhibit_alone(tmp_path, packs):
    root = tmp_path / "exhibits"
    install_pack(packs["1.0.0"], root)
    result = kiosk("install", "--skip-installed", packs["2.0.0"], "--exhibits", root)
    assert result.returncode == 0, result.stderr
    assert f"{ID} 1.0.0 is installed already; left as it is" in result.stdout
    assert installed(root)[0].current == "1.0.0"


def test_mistyped_exhibits_folders_are_said_plainly_and_not_created(tmp_path, packs):
    result = kiosk("rollback", ID, "--exhibits", tmp_path / "typo")
    assert result.returncode == 1 and "is not an exhibits folder" in result.stderr
    assert not (tmp_path / "typo").exists()
    (tmp_path / "a-file").write_text("x")
    result = kiosk("install", packs["1.0.0"], "--exhibits", tmp_path / "a-file")
    assert result.returncode == 1 and "is a file, not an exhibits folder" in result.stderr
