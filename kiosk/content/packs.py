"""Exhibit packs: one file that carries a bundle to an offline gallery machine, and its
atomic installation with rollback.

A pack (``<id>-<version>.kioskpack``) is an uncompressed tar with one top folder,
``<id>-<version>/``, holding the bundle's files and ``kiosk-pack.json``: the id, the version
and the size and SHA-256 of every other file. Images are already compressed, and an
uncompressed tar can be checked header by header without expanding anything.

Installed exhibits live in the exhibits folder (``content_dir``)::

    <root>/<id>/<version>/     one complete, checked, never-modified copy per version
    <root>/<id>/current        -> <version>     the version shown
    <root>/<id>/previous       -> <version>     the one ``kiosk rollback`` returns to
    <root>/current             -> <id>/current  the exhibit the kiosk shows
    <root>/.staging/           work in progress (cleared by the next install)
    <root>/.lock               held while an install, a rollback or a clean-up runs

``install_pack`` reads every header before it writes a byte and refuses anything but
regular files and folders under one top folder, within member, size and disk limits. It
extracts with tarfile's ``data`` filter into a staging folder on the same filesystem,
checks the result against the manifest exactly (no missing, extra or changed file),
validates the bundle, fsyncs every file and folder, renames the version into place and
only then switches ``current`` with ``rename``: a process killed at any step leaves
``current`` on the old or the new version, each complete and valid.
"""

from __future__ import annotations

import contextlib
import copy
import errno
import fcntl
import hashlib
import io
import json
import os
import re
import shutil
import stat
import tarfile
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from kiosk import __version__
from kiosk.content.assets import DEFAULT_PIXEL_LIMIT

SUFFIX = ".kioskpack"
MANIFEST = "kiosk-pack.json"
FORMAT = "kiosk-pack"
FORMAT_VERSION = 1
STAGING = ".staging"
LOCK = ".lock"
CURRENT = "current"
PREVIOUS = "previous"
_VERSION = re.compile(r"^[0-9A-Za-z][0-9A-Za-z.+~_-]{0,39}$")
_ID = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")  # the bundle format's Id
#: Names the exhibits folder uses for its own links: never an exhibit's id or version.
RESERVED = frozenset({CURRENT, PREVIOUS})
_CHUNK = 1 << 20

Progress = Callable[[str, float], None]
"""Called with a step ("checking", "extracting", "verifying", "validating", "switching")
and the fraction done, 0–1."""


class PackError(Exception):
    """A pack that cannot be written or installed, with what to do; nothing was changed."""


@dataclass(frozen=True)
class Limits:
    """What a pack may hold. Generous for an exhibit, small for an attack."""

    max_members: int = 50_000
    max_file_bytes: int = 4 << 30
    max_total_bytes: int = 32 << 30
    max_manifest_bytes: int = 16 << 20
    max_name_chars: int = 1024
    free_margin_bytes: int = 64 << 20
    """Disk space left over after an install, for logs and renditions."""


@dataclass(frozen=True)
class FileEntry:
    """One file of a pack's manifest."""

    path: str
    size: int
    sha256: str


@dataclass(frozen=True)
class Manifest:
    """``kiosk-pack.json``: what the pack holds."""

    id: str
    version: str
    files: tuple[FileEntry, ...]

    @property
    def top(self) -> str:
        """The pack's one top folder, and its file name without the suffix."""
        return f"{self.id}-{self.version}"

    def to_json(self) -> str:
        """The manifest as written into the pack."""
        doc = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "id": self.id,
            "version": self.version,
            "made_by": f"kiosk {__version__}",
            "files": [{"path": f.path, "size": f.size, "sha256": f.sha256} for f in self.files],
        }
        return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"

    @classmethod
    def parse(cls, data: bytes, where: str) -> Manifest:
        """Read a manifest, or PackError naming ``where`` and what is wrong."""
        try:
            doc = json.loads(data.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
            raise PackError(f"{where}: not a readable manifest ({type(exc).__name__})") from None
        if not isinstance(doc, dict) or doc.get("format") != FORMAT:
            raise PackError(f'{where}: not a kiosk pack manifest ("format" is not "{FORMAT}")')
        if doc.get("format_version") != FORMAT_VERSION:
            raise PackError(
                f"{where}: pack format version {doc.get('format_version')!r}; this kiosk reads "
                f"version {FORMAT_VERSION}: update the kiosk or repack the exhibit"
            )
        try:
            files = tuple(
                FileEntry(str(f["path"]), int(f["size"]), str(f["sha256"])) for f in doc["files"]
            )
            manifest = cls(str(doc["id"]), str(doc["version"]), files)
        except (KeyError, TypeError, ValueError) as exc:
            raise PackError(f"{where}: a manifest entry is incomplete or wrong ({exc})") from None
        _check_id(manifest.id, where)
        _check_version(manifest.version, where)
        return manifest


@dataclass
class Installed:
    """One exhibit in the exhibits folder."""

    id: str
    versions: list[str]
    current: str | None
    previous: str | None
    shown: bool
    """Whether the kiosk shows this exhibit (``<root>/current`` points to it)."""


@dataclass
class Result:
    """What an install did."""

    id: str
    version: str
    path: Path
    previous: str | None
    already: bool = False
    """The same version was already installed (it is now current)."""
    removed: list[str] = field(default_factory=list)
    """Older versions removed (neither current nor previous)."""
    not_removed: list[str] = field(default_factory=list)
    """Older versions that could not be removed, with why (the install itself succeeded)."""


# --- writing --------------------------------------------------------------------------


def _check_id(exhibit: str, where: str) -> None:
    if not _ID.match(exhibit) or exhibit in RESERVED:
        raise PackError(
            f'{where}: id "{exhibit}" cannot name an exhibit folder; use lower-case letters, '
            f"digits and . _ - (and not {' or '.join(sorted(RESERVED))})"
        )


def _check_version(version: str, where: str) -> None:
    if not _VERSION.match(version) or version in RESERVED:
        raise PackError(
            f'{where}: version "{version}" cannot name a folder; use letters, digits '
            'and . _ + ~ - (e.g. "1.2.0")'
        )


def version_key(version: str) -> tuple[tuple[int, int | str], ...]:
    """Versions compare part by part, numbers as numbers: 1.10.0 comes after 1.9.2."""
    return tuple(
        (0, int(part)) if part.isdigit() else (1, part)
        for part in re.findall(r"\d+|[^\d.+~_-]+", version)
    )


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def bundle_files(root: Path) -> list[Path]:
    """Every file a pack of the bundle in ``root`` carries, relative to it, sorted.

    Hidden files (``.DS_Store``, editors' backups) are left out; a symbolic link or any
    other special file is refused, since a pack carries regular files only.
    """
    out: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        base = Path(dirpath)
        for d in dirnames:
            if (base / d).is_symlink():
                raise PackError(
                    f"{base / d}: a symbolic link; a pack carries regular files and folders "
                    "only: copy what it points to into the bundle"
                )
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            path = base / name
            mode = path.lstat().st_mode
            if not stat.S_ISREG(mode):
                kind = "a symbolic link" if stat.S_ISLNK(mode) else "not a regular file"
                raise PackError(
                    f"{path}: {kind}; a pack carries regular files and folders only: "
                    "copy the file itself into the bundle"
                )
            out.append(path.relative_to(root))
    return out


def write_pack(bundle: Path, out_dir: Path, *, max_pixels: int = DEFAULT_PIXEL_LIMIT) -> Path:
    """Write ``<out_dir>/<id>-<version>.kioskpack`` from a bundle that validates with
    ``--strict`` (images of up to ``max_pixels`` pixels); atomic (a temporary file renamed
    into place). PackError otherwise."""
    from kiosk.content.load import load_bundle  # pydantic and the checks: only when used

    loaded = load_bundle(bundle, max_pixels=max_pixels)
    if loaded.bundle is None or not loaded.report.ok(strict=True):
        lines = "\n".join(str(p) for p in loaded.report.problems)
        raise PackError(
            f"{bundle} does not validate with --strict ({loaded.report.summary()}); "
            f"fix these first, nothing was written:\n{lines}"
        )
    root = loaded.root
    _check_id(loaded.bundle.id, f"{root / 'bundle.json'}: id")
    _check_version(loaded.bundle.version, f"{root / 'bundle.json'}: version")
    files = bundle_files(root)
    manifest = Manifest(
        loaded.bundle.id,
        loaded.bundle.version,
        tuple(FileEntry(p.as_posix(), (root / p).stat().st_size, _sha256(root / p)) for p in files),
    )
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{manifest.top}{SUFFIX}"
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=out_dir)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as raw:
            with tarfile.open(fileobj=raw, mode="w:", format=tarfile.PAX_FORMAT) as tar:
                _add_dir(tar, manifest.top)
                data = manifest.to_json().encode()
                info = _info(f"{manifest.top}/{MANIFEST}", len(data), 0o644)
                tar.addfile(info, io.BytesIO(data))
                dirs_done: set[str] = set()
                for entry, rel in zip(manifest.files, files, strict=True):
                    for parent in reversed(PurePosixPath(entry.path).parents[:-1]):
                        if str(parent) not in dirs_done:
                            dirs_done.add(str(parent))
                            _add_dir(tar, f"{manifest.top}/{parent}")
                    info = _info(f"{manifest.top}/{entry.path}", entry.size, 0o644)
                    with (root / rel).open("rb") as f:
                        tar.addfile(info, f)
            raw.flush()
            os.fsync(raw.fileno())
        tmp.chmod(0o644)
        tmp.replace(target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return target


def _info(name: str, size: int, mode: int) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.size = size
    info.mode = mode
    info.mtime = 0  # the same bundle gives the same pack, byte for byte
    info.uname = info.gname = ""
    return info


def _add_dir(tar: tarfile.TarFile, name: str) -> None:
    info = _info(name, 0, 0o755)
    info.type = tarfile.DIRTYPE
    tar.addfile(info)


# --- checking a pack before anything is written -------------------------------------


@dataclass
class Checked:
    """A pack whose headers passed every rule."""

    manifest: Manifest
    members: list[tarfile.TarInfo]
    total: int


def _refuse(pack: Path, member: str, rule: str) -> PackError:
    return PackError(f'{pack}: member "{member}": {rule}; the pack was refused, nothing installed')


def _member_path(pack: Path, info: tarfile.TarInfo, limits: Limits) -> PurePosixPath:
    name = info.name
    if not name:
        raise _refuse(pack, name, "an empty name")
    if len(name) > limits.max_name_chars:
        raise _refuse(pack, name[:80] + "…", f"a name over {limits.max_name_chars} characters")
    if any(ord(c) < 32 or c == "\\" for c in name):
        raise _refuse(pack, name, 'control characters or "\\" in the name')
    if name.startswith("/"):
        raise _refuse(pack, name, "an absolute path; members must be relative")
    parts = name.rstrip("/").split("/")
    if ".." in parts:
        raise _refuse(pack, name, '".." in the path would lead outside the exhibit folder')
    if "" in parts or "." in parts:
        raise _refuse(pack, name, 'an empty or "." path segment')
    return PurePosixPath(*parts)


def _member_kind(info: tarfile.TarInfo) -> str | None:
    """What is wrong with the member's type, or None for a regular file or folder."""
    if info.issym():
        return f'a symbolic link (to "{info.linkname}"); packs carry regular files only'
    if info.islnk():
        return f'a hard link (to "{info.linkname}"); packs carry regular files only'
    if info.ischr() or info.isblk():
        return "a device file; packs carry regular files only"
    if info.isfifo():
        return "a FIFO; packs carry regular files only"
    if info.issparse():
        return "a sparse file; packs carry regular files only"
    if not (info.isreg() or info.isdir()):
        return f"an entry of type {info.type!r}; packs carry regular files and folders only"
    return None


def check_pack(pack: Path, *, limits: Limits = Limits()) -> Checked:
    """Read every header of ``pack`` and apply every rule; nothing is written. PackError."""
    if pack.suffix != SUFFIX:
        raise PackError(f'{pack}: not a kiosk pack (the name must end in "{SUFFIX}")')
    try:
        size = pack.stat().st_size
        tar = tarfile.open(pack, mode="r:")  # noqa: SIM115  (closed by the with below)
    except FileNotFoundError:
        raise PackError(f"{pack}: no such file") from None
    except (tarfile.TarError, OSError, RecursionError, ValueError, UnicodeError) as exc:
        raise PackError(
            f"{pack}: not a readable pack ({type(exc).__name__}: {exc}); copy it again from "
            "the curator's original"
        ) from None
    with tar:
        members: list[tarfile.TarInfo] = []
        seen: set[PurePosixPath] = set()
        tops: set[str] = set()
        total = 0
        try:
            for info in tar:
                if len(members) >= limits.max_members:
                    raise _refuse(pack, info.name, f"more than {limits.max_members:,} members")
                path = _member_path(pack, info, limits)
                if (problem := _member_kind(info)) is not None:
                    raise _refuse(pack, info.name, problem)
                if info.mode & (stat.S_ISUID | stat.S_ISGID | stat.S_ISVTX):
                    raise _refuse(pack, info.name, "a setuid, setgid or sticky bit")
                if path in seen:
                    raise _refuse(pack, info.name, "appears twice; a later copy would win")
                seen.add(path)
                tops.add(path.parts[0])
                if len(tops) > 1:
                    raise _refuse(
                        pack, info.name, f"more than one top folder ({', '.join(sorted(tops))})"
                    )
                if info.isreg():
                    if len(path.parts) < 2:
                        raise _refuse(pack, info.name, "a file outside the pack's top folder")
                    if info.size > limits.max_file_bytes:
                        raise _refuse(
                            pack,
                            info.name,
                            f"{info.size:,} bytes, over the limit of {limits.max_file_bytes:,}",
                        )
                    total += info.size
                    if total > limits.max_total_bytes:
                        raise _refuse(
                            pack,
                            info.name,
                            f"the files add up to more than {limits.max_total_bytes:,} bytes",
                        )
                    if info.offset_data + info.size > size:
                        raise PackError(
                            f'{pack}: the file is cut short inside member "{info.name}"; '
                            "copy the pack again"
                        )
                members.append(info)
        except (tarfile.TarError, RecursionError, ValueError, UnicodeError, OverflowError) as exc:
            # Malformed headers (chains of thousands of long-name or PAX headers, broken
            # numbers) are damage or an attack either way: refuse, never a traceback.
            raise PackError(
                f"{pack}: damaged, cut short or malformed ({type(exc).__name__}: {exc}); "
                "copy the pack again"
            ) from None
        if not members:
            raise PackError(f"{pack}: the pack is empty")
        (top,) = tops
        manifest = _read_manifest(pack, tar, top, limits)
    if manifest.top != top:
        raise PackError(
            f'{pack}: the top folder "{top}" does not match the manifest\'s '
            f'"{manifest.top}" (id and version); the pack was made wrongly'
        )
    _check_listing(pack, manifest, members)
    return Checked(manifest, members, total)


def _read_manifest(pack: Path, tar: tarfile.TarFile, top: str, limits: Limits) -> Manifest:
    name = f"{top}/{MANIFEST}"
    try:
        info = tar.getmember(name)
    except KeyError:
        raise PackError(f"{pack}: no {MANIFEST} in its top folder; not a kiosk pack") from None
    if not info.isreg() or info.size > limits.max_manifest_bytes:
        raise _refuse(
            pack,
            name,
            f"the manifest must be a regular file of at most {limits.max_manifest_bytes:,} bytes",
        )
    f = tar.extractfile(info)
    assert f is not None  # a regular member
    return Manifest.parse(f.read(), f"{pack}: {MANIFEST}")


def _check_listing(pack: Path, manifest: Manifest, members: list[tarfile.TarInfo]) -> None:
    """The pack's files are exactly the manifest's, with the sizes it gives."""
    listed = {f.path: f for f in manifest.files}
    top = manifest.top
    present = {
        PurePosixPath(m.name).relative_to(top).as_posix(): m
        for m in members
        if m.isreg() and m.name != f"{top}/{MANIFEST}"
    }
    for path in sorted(present.keys() - listed.keys()):
        raise _refuse(pack, f"{top}/{path}", f"not listed in {MANIFEST}")
    for path in sorted(listed.keys() - present.keys()):
        raise PackError(f'{pack}: "{path}" is listed in {MANIFEST} but missing from the pack')
    for path, entry in listed.items():
        if present[path].size != entry.size:
            raise _refuse(
                pack,
                f"{top}/{path}",
                f"{present[path].size:,} bytes, but the manifest says {entry.size:,}",
            )
    if "bundle.json" not in listed:
        raise PackError(f"{pack}: no bundle.json in the pack; not an exhibit")


# --- the exhibits folder --------------------------------------------------------------


@contextlib.contextmanager
def _locked(root: Path) -> Iterator[None]:
    """Hold the exhibits folder's lock; another install waits for it."""
    root.mkdir(parents=True, exist_ok=True)
    fd = os.open(root / LOCK, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_tree(top: Path) -> None:
    for dirpath, _dirnames, filenames in os.walk(top):
        for name in filenames:
            fd = os.open(Path(dirpath) / name, os.O_RDONLY | os.O_CLOEXEC)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        _fsync_dir(Path(dirpath))


def _set_link(link: Path, target: str) -> None:
    """Point ``link`` at ``target`` atomically: a new link renamed over the old one."""
    tmp = link.with_name(f".{link.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    tmp.symlink_to(target)
    tmp.replace(link)
    _fsync_dir(link.parent)


def _link_target(link: Path) -> str | None:
    try:
        return str(link.readlink())
    except OSError:
        return None


def _clear_staging(root: Path) -> None:
    """Remove what killed installs left behind (only under the lock)."""
    staging = root / STAGING
    if staging.is_dir():
        for entry in staging.iterdir():
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                entry.unlink(missing_ok=True)
    for pattern in (f".{CURRENT}.*.tmp", f"*/.{CURRENT}.*.tmp", f"*/.{PREVIOUS}.*.tmp"):
        for entry in root.glob(pattern):
            entry.unlink(missing_ok=True)


def current_path(root: Path, exhibit: str | None = None) -> Path:
    """The folder the kiosk shows: ``<root>/current``, or one exhibit's ``current``."""
    return root / exhibit / CURRENT if exhibit else root / CURRENT


def shown_bundle(root: Path) -> Path | None:
    """The real folder of the exhibit the kiosk shows from ``root``, if one is installed."""
    link = current_path(root)
    if not (link / "bundle.json").is_file():
        return None
    return link.resolve()


def installed(root: Path) -> list[Installed]:
    """The exhibits in ``root``, by id."""
    if not root.is_dir():
        return []
    shown = shown_id(root)
    out = []
    for d in sorted(root.iterdir()):
        if d.name.startswith(".") or d.is_symlink() or not d.is_dir():
            continue
        versions = sorted(
            v.name
            for v in d.iterdir()
            if not v.is_symlink() and not v.name.startswith(".") and (v / "bundle.json").is_file()
        )
        if not versions:
            continue
        out.append(
            Installed(
                id=d.name,
                versions=versions,
                current=_link_target(d / CURRENT),
                previous=_link_target(d / PREVIOUS),
                shown=d.name == shown,
            )
        )
    return out


def _free_bytes(path: Path) -> int:
    return shutil.disk_usage(path).free


@contextlib.contextmanager
def _disk_errors(what: str, root: Path) -> Iterator[None]:
    """A read-only, full or unreadable disk as a PackError that says where and what."""
    try:
        yield
    except OSError as exc:
        where = exc.filename or root
        raise PackError(
            f"{what}: {exc.strerror or exc} ({where}); the exhibit shown is unchanged: "
            f"check that {root} is on a writable disk with room, owned by the kiosk's user"
        ) from None


def install_pack(
    pack: Path,
    root: Path,
    *,
    limits: Limits = Limits(),
    progress: Progress | None = None,
    free_bytes: Callable[[Path], int] = _free_bytes,
    allow_older: bool = False,
    max_pixels: int = DEFAULT_PIXEL_LIMIT,
) -> Result:
    """Install ``pack`` into the exhibits folder ``root`` and make it current (see the
    module's docstring for the steps). PackError, with nothing changed, when it cannot.

    A version older than the current one is refused unless ``allow_older``: an old pack
    left on a USB stick must not quietly undo a newer exhibit (``rollback`` goes back).
    Its images may have up to ``max_pixels`` pixels (the config's ``max_image_pixels``)."""
    if root.exists() and not root.is_dir():
        raise PackError(f"{root} is a file, not an exhibits folder; nothing was installed")
    with _disk_errors(f"{pack}: could not install into {root}", root):
        return _install(pack, root, limits, progress, free_bytes, allow_older, max_pixels)


def _install(
    pack: Path,
    root: Path,
    limits: Limits,
    progress: Progress | None,
    free_bytes: Callable[[Path], int],
    allow_older: bool,
    max_pixels: int,
) -> Result:
    say = progress or (lambda _step, _done: None)
    say("checking", 0.0)
    checked = check_pack(pack, limits=limits)
    manifest = checked.manifest
    with _locked(root):
        _clear_staging(root)
        exhibit_dir = root / manifest.id
        target = exhibit_dir / manifest.version
        now = _link_target(exhibit_dir / CURRENT)
        if now and not allow_older and version_key(manifest.version) < version_key(now):
            raise PackError(
                f"{pack}: {manifest.id} {manifest.version} is older than the current "
                f"{now}; nothing was changed (to go back use `kiosk rollback {manifest.id}`, "
                "or install with --allow-older)"
            )
        if target.is_dir():
            return _already(pack, root, manifest, target, say)
        need = checked.total + limits.free_margin_bytes
        free = free_bytes(root)
        if free < need:
            raise PackError(
                f"{pack}: needs {_mb(need)} on the disk of {root} "
                f"(the exhibit and a margin of {_mb(limits.free_margin_bytes)}), "
                f"only {_mb(free)} is free; nothing was installed: free some space "
                "(old exhibits: `kiosk exhibits`) and try again"
            )
        staging_root = root / STAGING
        staging_root.mkdir(exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f"{manifest.top}.", dir=staging_root))
        try:
            _extract(pack, checked, staging, say)
            staged = staging / manifest.top
            _verify(pack, manifest, staged, checked.total, say)
            say("validating", 0.0)
            from kiosk.content.load import load_bundle  # pydantic and the checks: when used

            loaded = load_bundle(staged, max_pixels=max_pixels)
            if loaded.bundle is None or not loaded.report.ok():
                lines = "\n".join(str(p) for p in loaded.report.errors)
                raise PackError(
                    f"{pack}: the exhibit in it is not valid for this kiosk "
                    f"({loaded.report.summary()}); nothing was installed:\n{lines}"
                )
            if (loaded.bundle.id, loaded.bundle.version) != (manifest.id, manifest.version):
                raise PackError(
                    f"{pack}: bundle.json says {loaded.bundle.id} {loaded.bundle.version}, "
                    f"the manifest {manifest.id} {manifest.version}; the pack was made wrongly"
                )
            say("switching", 0.0)
            _fsync_tree(staged)
            exhibit_dir.mkdir(exist_ok=True)
            staged.rename(target)
            _fsync_dir(exhibit_dir)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        old = _link_target(exhibit_dir / CURRENT)
        previous = old if old and old != manifest.version else None
        if previous:
            _set_link(exhibit_dir / PREVIOUS, previous)
        _set_link(exhibit_dir / CURRENT, manifest.version)
        _set_link(root / CURRENT, f"{manifest.id}/{CURRENT}")
        removed, left = _remove_old(root, manifest.id)
        say("done", 1.0)
    return Result(
        manifest.id, manifest.version, target, previous, removed=removed, not_removed=left
    )


def _already(pack: Path, root: Path, manifest: Manifest, target: Path, say: Progress) -> Result:
    """The same id and version is installed: fine if it is the same exhibit (it becomes
    current again), refused if it differs (a new exhibit needs a new version)."""
    try:
        have = Manifest.parse((target / MANIFEST).read_bytes(), str(target / MANIFEST))
    except (OSError, PackError):
        have = None
    if have is None or set(have.files) != set(manifest.files):
        raise PackError(
            f"{pack}: {manifest.id} {manifest.version} is already installed with other "
            "content; give the new exhibit a new version in its bundle.json and pack it again"
        )
    exhibit_dir = root / manifest.id
    old = _link_target(exhibit_dir / CURRENT)
    if old != manifest.version:
        if old:
            _set_link(exhibit_dir / PREVIOUS, old)
        _set_link(exhibit_dir / CURRENT, manifest.version)
    _set_link(root / CURRENT, f"{manifest.id}/{CURRENT}")
    say("done", 1.0)
    previous = old if old != manifest.version else _link_target(exhibit_dir / PREVIOUS)
    return Result(manifest.id, manifest.version, target, previous, already=True)


def _mb(n: int) -> str:
    return f"{n / 1e6:,.1f} MB"


def _extract(pack: Path, checked: Checked, staging: Path, say: Progress) -> None:
    say("extracting", 0.0)
    done = 0
    now = int(time.time())
    try:
        with tarfile.open(pack, mode="r:") as tar:
            for info in checked.members:
                # Our own rules have already refused every link and special file; the data
                # filter is the second lock on the same door. Modes are ours, not the
                # archive's: readable by the kiosk's user, never executable.
                mine = copy.copy(info)
                mine.mode = 0o755 if info.isdir() else 0o644
                # Packs carry mtime 0; the rendition cache trusts (path, size, mtime).
                mine.mtime = now
                tar.extract(mine, staging, filter="data")
                done += info.size
                say("extracting", done / max(1, checked.total))
    except (tarfile.TarError, OSError) as exc:
        if isinstance(exc, OSError) and exc.errno == errno.ENOSPC:
            raise PackError(
                f"{pack}: the disk filled up while extracting; nothing was installed"
            ) from None
        raise PackError(f"{pack}: could not be extracted ({exc}); nothing was installed") from None


def _verify(pack: Path, manifest: Manifest, staged: Path, total: int, say: Progress) -> None:
    """What was extracted is exactly what the manifest lists, byte for byte."""
    say("verifying", 0.0)
    found: set[str] = set()
    for dirpath, _dirnames, filenames in os.walk(staged):
        for name in filenames:
            path = Path(dirpath) / name
            if not stat.S_ISREG(path.lstat().st_mode):
                raise PackError(f"{pack}: {path.relative_to(staged)} is not a regular file")
            found.add(path.relative_to(staged).as_posix())
    found.discard(MANIFEST)
    listed = {f.path for f in manifest.files}
    if found != listed:
        extra, missing = sorted(found - listed), sorted(listed - found)
        raise PackError(
            f"{pack}: what was extracted differs from {MANIFEST} "
            f"(extra: {extra}, missing: {missing}); nothing was installed"
        )
    done = 0
    for entry in manifest.files:
        path = staged / entry.path
        if path.stat().st_size != entry.size or _sha256(path) != entry.sha256:
            raise PackError(
                f'{pack}: "{entry.path}" does not match its SHA-256 in {MANIFEST} (the pack '
                "is damaged); copy it again; nothing was installed"
            )
        done += entry.size
        say("verifying", done / max(1, total))


def _remove_old(root: Path, exhibit: str) -> tuple[list[str], list[str]]:
    """Remove versions that are neither current nor previous (moved to staging first, so
    that a kill mid-removal never leaves a half version under a version's name). Best
    effort: the new version is already current, so a failure here is only reported."""
    exhibit_dir = root / exhibit
    keep = {_link_target(exhibit_dir / CURRENT), _link_target(exhibit_dir / PREVIOUS)}
    removed, left = [], []
    for v in sorted(exhibit_dir.iterdir()):
        if v.is_symlink() or v.name.startswith(".") or v.name in keep or not v.is_dir():
            continue
        try:
            trash = Path(tempfile.mkdtemp(prefix="old.", dir=root / STAGING))
            v.rename(trash / v.name)
        except OSError as exc:
            left.append(f"{v}: {exc.strerror or exc}")
            continue
        shutil.rmtree(trash, ignore_errors=True)
        removed.append(v.name)
    return removed, left


def rollback(root: Path, exhibit: str) -> tuple[str, str]:
    """Make ``exhibit``'s previous version current again (and the current one previous);
    (from, to). PackError when there is nothing to go back to."""
    exhibit_dir = root / exhibit
    if not root.is_dir():
        raise PackError(f"{root} is not an exhibits folder (no such folder); nothing was changed")
    with _disk_errors(f"could not roll back {exhibit} in {root}", root), _locked(root):
        now = _link_target(exhibit_dir / CURRENT)
        before = _link_target(exhibit_dir / PREVIOUS)
        if now is None:
            raise PackError(f'no exhibit "{exhibit}" is installed in {root} (see `kiosk exhibits`)')
        if before is None or before == now or not (exhibit_dir / before / "bundle.json").is_file():
            raise PackError(f"{exhibit}: there is no previous version to go back to")
        _set_link(exhibit_dir / CURRENT, before)
        _set_link(exhibit_dir / PREVIOUS, now)
    return now, before


def find_packs(folders: list[Path], *, depth: int = 3) -> list[Path]:
    """Packs on mounted removable media: ``*.kioskpack`` up to ``depth`` folders below
    each of ``folders`` (``/media/<label>``, ``/media/<user>/<label>``,
    ``/run/media/<user>/<label>``)."""
    found: list[Path] = []

    def walk(d: Path, left: int) -> None:
        try:
            entries = sorted(d.iterdir())
        except OSError:  # unreadable, or unplugged meanwhile
            return
        for e in entries:
            if e.name.startswith("."):
                continue
            try:
                if e.is_file() and e.suffix == SUFFIX:
                    found.append(e)
                elif e.is_dir() and left > 0:
                    walk(e, left - 1)
            except OSError:
                continue

    for folder in folders:
        walk(folder, depth)
    return found


def choose_packs(found: list[Path], *, shown: str | None = None) -> tuple[list[Path], list[str]]:
    """Of the packs on a USB stick, the newest of each exhibit, in the order to install
    them (the exhibit shown now last, so that it stays shown), and why the rest are not
    installed. A pack that cannot be read is named with its reason."""
    newest: dict[str, tuple[Path, Manifest]] = {}
    skipped: list[str] = []
    for pack in found:
        try:
            manifest = check_pack(pack).manifest
        except PackError as exc:
            skipped.append(str(exc).splitlines()[0])
            continue
        have = newest.get(manifest.id)
        if have is None or version_key(manifest.version) > version_key(have[1].version):
            if have is not None:
                skipped.append(f"{have[0]}: a newer pack of {manifest.id} is on the stick")
            newest[manifest.id] = (pack, manifest)
        else:
            skipped.append(f"{pack}: a newer pack of {manifest.id} is on the stick")
    order = sorted(newest, key=lambda exhibit: (exhibit == shown, exhibit))
    return [newest[exhibit][0] for exhibit in order], skipped


def installed_version(root: Path, pack: Path) -> str | None:
    """``"<id> <current version>"`` when the exhibit of ``pack`` is installed in ``root``."""
    manifest = check_pack(pack).manifest
    current = _link_target(root / manifest.id / CURRENT)
    return f"{manifest.id} {current}" if current else None


def shown_id(root: Path) -> str | None:
    """The id of the exhibit the kiosk shows from ``root``, if any."""
    target = _link_target(root / CURRENT)
    return target.split("/")[0] if target else None


def describe(rows: list[Installed], root: Path) -> str:
    """``kiosk exhibits``: one line per exhibit."""
    if not rows:
        return f"no exhibits installed in {root}\n"
    lines = [f"# exhibits in {root}"]
    for r in rows:
        mark = "*" if r.shown else " "
        others = [v for v in r.versions if v not in (r.current, r.previous)]
        line = f"{mark} {r.id}  current {r.current or '-'}  previous {r.previous or '-'}"
        if others:
            line += f"  also {', '.join(others)}"
        lines.append(line)
    lines.append("# * = the exhibit the kiosk shows")
    return "\n".join(lines) + "\n"
