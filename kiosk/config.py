"""The kiosk's configuration: one TOML file, every key with a documented default.

A bad value never stops a kiosk from starting: the key falls back to its default and the
problem is reported (to the terminal, the log and the staff panel). ``kiosk config show``
prints the effective configuration and where each value came from.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs
import tomlkit
from pydantic import BaseModel, ConfigDict, Field, ValidationError

APP = "kiosk"


class Attract(BaseModel):
    """The attract loop shown when nobody is using the kiosk."""

    model_config = ConfigDict(extra="forbid")

    enabled: bool = Field(default=True, description="Show the attract loop after a reset.")
    slide_seconds: float = Field(default=8.0, ge=2, le=120, description="Time per slide.")
    drift: bool = Field(default=True, description="Move slowly against screen burn-in.")


class Config(BaseModel):
    """Every setting, with its default."""

    model_config = ConfigDict(extra="forbid")

    kiosk: bool = Field(default=False, description="Start locked down, full screen.")
    bundle: Path | None = Field(default=None, description="Exhibit to show (default: shipped).")
    content_dir: Path | None = Field(
        default=None, description="Folder of exhibits staff can switch between."
    )
    screen: int = Field(default=0, ge=0, le=16, description="Which screen, 0 = the primary.")
    screen_inches: float = Field(default=43.0, ge=7, le=150, description="Screen diagonal.")
    idle_timeout: float | None = Field(
        default=None, ge=10, le=3600, description="Seconds before 'Still there?' (bundle, or 90)."
    )
    countdown: float | None = Field(
        default=None, ge=5, le=120, description="Seconds the question waits (bundle, or 20)."
    )
    attract: Attract = Field(default_factory=Attract, description="The attract loop.")
    pin_hash: str | None = Field(default=None, description='Set with "kiosk set-pin".')
    log_dir: Path | None = Field(default=None, description="Where logs go (default: platform).")
    cache_dir: Path | None = Field(
        default=None, description="Where image renditions are kept (default: platform)."
    )
    max_image_pixels: int | None = Field(
        default=None,
        ge=1_000_000,
        le=2_000_000_000,
        description="Largest original accepted, in pixels (default: Pillow's 89,478,485).",
    )
    usb_dirs: list[Path] = Field(
        default_factory=lambda: [Path("/media"), Path("/run/media")],
        description="Where staff look for exhibit packs on mounted USB sticks.",
    )
    log_max_bytes: int = Field(
        default=1_000_000, ge=10_000, le=100_000_000, description="Size at which kiosk.log rotates."
    )
    log_backups: int = Field(default=5, ge=1, le=50, description="Rotated logs kept.")


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


def describe(loaded: Loaded) -> str:
    """The effective configuration as ``kiosk config show`` prints it."""
    lines = [f"# config file: {loaded.path}" + ("" if loaded.path.exists() else " (not present)")]
    width = max(len(k) for k in Config.model_fields)
    for key, info in Config.model_fields.items():
        value = getattr(loaded.config, key)
        shown = _show(value)
        if key == "pin_hash" and value:
            shown = "(set)"
        lines.append(f"{key:<{width}} = {shown:<28} # {loaded.sources[key]}; {info.description}")
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
