"""The kiosk's configuration: one TOML file, every key with a documented default.

A bad value never stops a kiosk from starting: the key falls back to its default and the
problem is reported (to the terminal, the log and the staff panel). ``kiosk config show``
prints every key with what it does (units, range, default), its effective value and where
that value came from.
"""

from __future__ import annotations

import contextlib
import os
import stat
import textwrap
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs
import tomlkit
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from pydantic.fields import FieldInfo

APP = "kiosk"


class Attract(BaseModel):
    """The attract loop shown when nobody is using the kiosk."""

    model_config = ConfigDict(extra="forbid")

    enabled: bool = Field(
        default=True,
        description="Show the attract loop (a slideshow of the exhibit's photographs and "
        "portraits with a call to touch) in kiosk mode at start and after each visit's reset. "
        "true or false; default true.",
    )
    slide_seconds: float = Field(
        default=8.0,
        ge=2,
        le=120,
        description="How long the attract loop shows each picture, in seconds. 2 to 120; "
        "default 8.",
    )
    drift: bool = Field(
        default=True,
        description="Move the attract loop slowly, up to 1.5% of the screen each way, against "
        "screen burn-in. true or false; default true.",
    )


class Config(BaseModel):
    """Every setting, with its default."""

    model_config = ConfigDict(extra="forbid")

    kiosk: bool = Field(
        default=False,
        description="Start in kiosk mode, as `kiosk run --kiosk` does: full screen, frameless "
        "and above other windows, no cursor, exit keys ignored, opening on the attract loop; "
        "needs pin_hash (or --no-pin). true or false; default false.",
    )
    bundle: Path | None = Field(
        default=None,
        description="The exhibit folder to show. A folder path; default: the exhibit "
        "`kiosk install` made current (<content_dir>/current, followed as it changes), else "
        "the exhibit shipped with the kiosk.",
    )
    content_dir: Path | None = Field(
        default=None,
        description="The folder of installed exhibits (`kiosk install`), which staff can "
        "switch between. A folder path; default ~/.local/share/kiosk/exhibits (the "
        "platform's data folder).",
    )
    screen: int = Field(
        default=0,
        ge=0,
        le=16,
        description="Which screen to fill in kiosk mode and with --fullscreen: 0 is the "
        "primary, a number past the last screen means the last. 0 to 16; default 0.",
    )
    screen_inches: float = Field(
        default=43.0,
        ge=7,
        le=150,
        description="The screen's real diagonal in inches, from which touch targets (at least "
        "15 mm) and body text (at least 24 pt print) are sized; as --screen-inches. 7 to 150; "
        "default 43.",
    )
    idle_timeout: float | None = Field(
        default=None,
        ge=10,
        le=3600,
        description='Seconds without a touch, mouse, key or wheel event before "Still '
        'there?" is asked. 10 to 3600; default: the exhibit\'s (bundle.json "visit"), else 90.',
    )
    countdown: float | None = Field(
        default=None,
        ge=5,
        le=120,
        description='Seconds "Still there?" waits before the visit resets to Home (and the '
        'attract loop). 5 to 120; default: the exhibit\'s (bundle.json "visit"), else 20.',
    )
    attract: Attract = Field(
        default_factory=Attract,
        description="The attract loop: a [attract] table of the keys enabled, slide_seconds "
        "and drift.",
    )
    pin_hash: str | None = Field(
        default=None,
        description="The staff PIN as a salted scrypt hash, never in clear: set it with "
        "`kiosk set-pin`. Default: not set, and then kiosk mode refuses to start "
        "(unless --no-pin).",
    )
    log_dir: Path | None = Field(
        default=None,
        description="The folder of kiosk.log and its rotations. A folder path; default "
        "~/.local/state/kiosk/log (the platform's log folder).",
    )
    cache_dir: Path | None = Field(
        default=None,
        description="The folder of image renditions and deep-zoom tile pyramids, made once "
        "per image (deleting it costs only time). A folder path; default "
        "~/.cache/kiosk/renditions (the platform's cache folder).",
    )
    max_image_pixels: int | None = Field(
        default=None,
        ge=1_000_000,
        le=2_000_000_000,
        description="The largest original image accepted, in pixels (width × height); larger "
        "ones are refused before they are decoded. 1,000,000 to 2,000,000,000; default "
        "Pillow's limit, 89,478,485.",
    )
    usb_dirs: list[Path] = Field(
        default_factory=lambda: [Path("/media"), Path("/run/media")],
        description='Where the staff panel\'s "Install from USB stick" looks for exhibit packs '
        "(.kioskpack, up to three folders down). A list of folder paths; default "
        '["/media", "/run/media"].',
    )
    log_max_bytes: int = Field(
        default=1_000_000,
        ge=10_000,
        le=100_000_000,
        description="The size in bytes at which kiosk.log is rotated. 10,000 to 100,000,000; "
        "default 1,000,000.",
    )
    log_backups: int = Field(
        default=5,
        ge=1,
        le=50,
        description="How many rotated logs (kiosk.log.1 …) are kept besides kiosk.log. 1 to "
        "50; default 5.",
    )


DEFAULT_IDLE_TIMEOUT = 90.0
DEFAULT_COUNTDOWN = 20.0


def default_path() -> Path:
    """The config file: $KIOSK_CONFIG, else the platform's (~/.config/kiosk/config.toml).

    The Debian package sets KIOSK_CONFIG=/etc/kiosk/config.toml for its unit and for
    ``/usr/bin/kiosk``, so that IT and the kiosk user read the same file.
    """
    env = os.environ.get("KIOSK_CONFIG")
    if env:
        return Path(env)
    return platformdirs.user_config_path(APP) / "config.toml"


def default_log_dir() -> Path:
    """The platform's log folder: ~/.local/state/kiosk/log on Linux."""
    return platformdirs.user_log_path(APP)


def default_cache_dir() -> Path:
    """Where renditions are cached: ~/.cache/kiosk/renditions on Linux."""
    return platformdirs.user_cache_path(APP) / "renditions"


def default_state_dir() -> Path:
    """What the kiosk keeps between runs (the PIN lock): ~/.local/state/kiosk on Linux."""
    return platformdirs.user_state_path(APP)


def default_content_dir() -> Path:
    """Where exhibits live for staff to switch between: ~/.local/share/kiosk/exhibits."""
    return platformdirs.user_data_path(APP) / "exhibits"


@dataclass
class Loaded:
    """The effective configuration, where each value came from, and what was wrong."""

    config: Config
    path: Path
    sources: dict[str, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def set(self, key: str, value: Any, source: str) -> None:
        """Override one key (from the command line), keeping the record of its source."""
        self.config = self.config.model_copy(update={key: value})
        self.sources[key] = source


def load_config(path: Path | None = None) -> Loaded:
    """Read the config file (a missing one means all defaults); never raises for bad content."""
    path = path or default_path()
    loaded = Loaded(Config(), path, dict.fromkeys(Config.model_fields, "default"))
    if not path.exists():
        return loaded
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError) as exc:
        loaded.problems.append(f"{path}: {exc}; using the defaults for every key")
        return loaded
    good: dict[str, Any] = {}
    for key, value in raw.items():
        if key not in Config.model_fields:
            loaded.problems.append(f'{path}: unknown key "{key}"; it is ignored')
            continue
        try:
            Config.model_validate({key: value})
        except ValidationError as exc:
            for err in exc.errors(include_url=False):
                where = ".".join(str(p) for p in err["loc"])
                loaded.problems.append(
                    f"{path}: {where}: {err['msg']}; using the default "
                    f"({_show(Config.model_fields[key].get_default(call_default_factory=True))})"
                )
            continue
        good[key] = value
        loaded.sources[key] = str(path)
    loaded.config = Config.model_validate(good)
    return loaded


def _show(value: Any) -> str:
    if isinstance(value, BaseModel):
        return ", ".join(f"{k} = {_show(v)}" for k, v in value.model_dump().items())
    if value is None:
        return "not set"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str | Path):
        return f'"{value}"'
    if isinstance(value, list):
        return "[" + ", ".join(_show(v) for v in value) + "]"
    return str(value)


def config_keys() -> list[tuple[str, FieldInfo]]:
    """Every key of the config file, a table's keys as ``table.key``, with its field."""
    keys: list[tuple[str, FieldInfo]] = []
    for key, info in Config.model_fields.items():
        table = info.annotation
        if isinstance(table, type) and issubclass(table, BaseModel):
            keys += [(f"{key}.{sub}", field) for sub, field in table.model_fields.items()]
        else:
            keys.append((key, info))
    return keys


def describe(loaded: Loaded) -> str:
    """The effective configuration as ``kiosk config show`` prints it: for every key, what it
    does (units, range, default) as a comment, then its value and where the value came from."""
    lines = [f"# config file: {loaded.path}" + ("" if loaded.path.exists() else " (not present)")]
    keys = config_keys()
    width = max(len(k) for k, _ in keys)
    for key, info in keys:
        value: Any = loaded.config
        for part in key.split("."):
            value = getattr(value, part)
        shown = _show(value)
        if key == "pin_hash" and value:
            shown = "(set)"
        source = loaded.sources[key.split(".")[0]]
        lines += textwrap.wrap(
            info.description or "", width=92, initial_indent="# ", subsequent_indent="# "
        )
        lines.append(f"{key:<{width}} = {shown:<28} # {source}")
    lines += [f"# problem: {p}" for p in loaded.problems]
    return "\n".join(lines) + "\n"


def write_key(path: Path, key: str, value: Any) -> None:
    """Set one key in the config file, keeping its comments, layout, owner and mode; atomic.

    A new file is 0600 from its first byte (it may hold the PIN hash). An existing one keeps
    its mode and group, so that /etc/kiosk/config.toml stays readable by the kiosk user.
    """
    doc = tomlkit.parse(path.read_text(encoding="utf-8")) if path.exists() else tomlkit.document()
    doc[key] = value
    path.parent.mkdir(parents=True, exist_ok=True)
    old = path.stat() if path.exists() else None
    mode = stat.S_IMODE(old.st_mode) & 0o660 if old else 0o600
    tmp = path.with_suffix(".toml.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            if old is not None and (old.st_uid, old.st_gid) != (os.getuid(), os.getgid()):
                with contextlib.suppress(PermissionError):  # only root may give files away
                    os.fchown(f.fileno(), old.st_uid, old.st_gid)
            os.fchmod(f.fileno(), mode)
            f.write(tomlkit.dumps(doc))
            f.flush()
            os.fsync(f.fileno())
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
