"""The kiosk's configuration: one TOML file, every key with a documented default.

A bad value never stops a kiosk from starting, and never locks staff out: each file that
parses and validates is kept beside it (``config.toml.last-good``, written atomically);
a file that does not parse falls back to that copy, and a bad key to its value there (else
to the key's default), the other keys keeping theirs. Each problem names the file, the line
and what to do, and is reported to the terminal, the log and the staff panel.

The staff PIN's hash lives in a file of its own beside the config file (``staff-pin``,
written only by ``kiosk set-pin``), so that a typo in config.toml cannot lose it; a
``pin_hash`` key in config.toml still works until ``kiosk set-pin`` moves it. A damaged
hash is reported, and kiosk mode then refuses to start with what to do.

``kiosk config show`` prints every key with what it does (units, range, default), its
effective value and where that value came from.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import textwrap
import time
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import platformdirs

from kiosk.atomic import sweep_leftovers, write_atomic
from kiosk.pin import PinError, parse_hash

if TYPE_CHECKING:
    from pydantic import BaseModel
    from pydantic.fields import FieldInfo
    from tomlkit import TOMLDocument

APP = "kiosk"
LAST_GOOD_SUFFIX = ".last-good"
PIN_FILE = "staff-pin"


# The settings, as plain values: the kiosk builds these from a checked file (or from the
# stamp of one, or from nothing: the defaults) without importing pydantic. What each key
# means, its range and its checks are kiosk.config_spec's, whose models are their twins.


@dataclass(frozen=True, slots=True, kw_only=True)
class Attract:
    """The attract loop shown when nobody is using the kiosk."""

    enabled: bool = True
    slide_seconds: float = 8.0
    drift: bool = True

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Attract:
        """The [attract] table from its checked, canonical JSON."""
        return cls(**data)


#: How far apart the reach band's two edges must be, in inches: a narrower band cannot hold
#: a row of 15 mm targets with the text that names them.
MIN_REACH_BAND_IN = 6.0


@dataclass(frozen=True, slots=True, kw_only=True)
class Reach:
    """Where the screen hangs and what a seated visitor can reach: the visitor's seated option
    keeps every control between ``low_in`` and ``high_in`` above the floor.

    The defaults are the ADA's forward reach range (15 to 48 inches, 2010 Standards 308.2).
    The screen's size comes from ``screen_inches`` and the window's shape, so only the height
    of its bottom edge is asked for here. Inches throughout, as the reach range is written.
    """

    screen_bottom_in: float = 30.0
    low_in: float = 15.0
    high_in: float = 48.0

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Reach:
        """The [reach] table from its checked, canonical JSON."""
        return cls(**data)

    @staticmethod
    def clashes(values: Mapping[str, Any]) -> list[tuple[str, str]]:
        """The keys of a [reach] table (each valid on its own) that make no sense together,
        each with what is wrong; a key the table leaves out counts as its default."""
        default = Reach()
        low = float(values.get("low_in", default.low_in))
        high = float(values.get("high_in", default.high_in))
        bottom = float(values.get("screen_bottom_in", default.screen_bottom_in))
        found: list[tuple[str, str]] = []
        if high - low < MIN_REACH_BAND_IN:
            message = (
                f"the reach band runs from low_in = {low:g} to high_in = {high:g} inches; "
                f"high_in must be at least {MIN_REACH_BAND_IN:g} inches above low_in"
            )
            named = [k for k in ("low_in", "high_in") if k in values]
            found += [(key, message) for key in named]
        if bottom >= high:
            key = "screen_bottom_in" if "screen_bottom_in" in values else "high_in"
            message = (
                f"the screen's bottom edge (screen_bottom_in = {bottom:g}) is at or above the "
                f"top of the reach band (high_in = {high:g}), so no control could be within "
                "reach; measure the bottom edge of the picture from the floor, in inches"
            )
            if all(k != key for k, _ in found):
                found.append((key, message))
        return found


#: The visitor's actions a key can do, in the order `kiosk config show` lists them, with
#: what each does.
KEY_DOES = {
    "next": "show the next page, person or photograph",
    "previous": "show the previous page, person or photograph",
    "up": "move up (the focus, or a scrolled text)",
    "down": "move down (the focus, or a scrolled text)",
    "activate": "press what has the focus",
    "back": "go back a screen (never out of the kiosk)",
    "home": "go to the home screen",
    "help": "ask for help (spoken, once audio is there)",
    "louder": "turn the visitor's audio up",
    "quieter": "turn the visitor's audio down",
}
KEY_ACTIONS = tuple(KEY_DOES)

#: Each action's keys by default, as Qt names them (see ``Keys``).
DEFAULT_KEYS: dict[str, tuple[str, ...]] = {
    "next": ("Right", "Media Next", "PgDown"),
    "previous": ("Left", "Media Previous", "PgUp"),
    "up": ("Up",),
    "down": ("Down",),
    "activate": ("Return", "Enter", "Select"),
    "back": ("Esc", "Backspace", "Back"),
    "home": ("Home", "Home Page"),
    "help": ("F1", "Help"),
    "louder": ("Volume Up",),
    "quieter": ("Volume Down",),
}


@dataclass(frozen=True, slots=True, kw_only=True)
class Keys:
    """Which keys do what, for a plain keyboard and for an accessible audio keypad.

    The defaults serve both. The Smithsonian's Universal Keypad (arrows, select, back, help,
    volume) attaches as a USB keyboard, but its documented key codes could not be found when
    this was written, so the defaults are the standard keys a keypad sends for those labels:
    the arrows, Return and the numeric keypad's Enter (or Select) for select, Backspace,
    Escape or the Back key for back, F1 or Help for help, and the volume keys. A museum whose
    keypad sends other keys names them in [keys] (the log names, once, each named key the
    kiosk is sent that the keymap does not know: see kiosk.ui.keys).
    """

    next: list[str] = field(default_factory=lambda: list(DEFAULT_KEYS["next"]))
    previous: list[str] = field(default_factory=lambda: list(DEFAULT_KEYS["previous"]))
    up: list[str] = field(default_factory=lambda: list(DEFAULT_KEYS["up"]))
    down: list[str] = field(default_factory=lambda: list(DEFAULT_KEYS["down"]))
    activate: list[str] = field(default_factory=lambda: list(DEFAULT_KEYS["activate"]))
    back: list[str] = field(default_factory=lambda: list(DEFAULT_KEYS["back"]))
    home: list[str] = field(default_factory=lambda: list(DEFAULT_KEYS["home"]))
    help: list[str] = field(default_factory=lambda: list(DEFAULT_KEYS["help"]))
    louder: list[str] = field(default_factory=lambda: list(DEFAULT_KEYS["louder"]))
    quieter: list[str] = field(default_factory=lambda: list(DEFAULT_KEYS["quieter"]))

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Keys:
        """The [keys] table from its checked, canonical JSON."""
        return cls(**{action: list(names) for action, names in data.items()})


def _path(value: Any) -> Path | None:
    return Path(value) if value is not None else None


@dataclass(frozen=True, slots=True, kw_only=True)
class Config:
    """Every setting, with its default."""

    kiosk: bool = False
    bundle: Path | None = None
    content_dir: Path | None = None
    screen: int = 0
    screen_inches: float = 43.0
    idle_timeout: float | None = None
    countdown: float | None = None
    attract: Attract = field(default_factory=Attract)
    reach: Reach = field(default_factory=Reach)
    keys: Keys = field(default_factory=Keys)
    pin_hash: str | None = None
    log_dir: Path | None = None
    cache_dir: Path | None = None
    max_image_pixels: int | None = None
    usb_dirs: list[Path] = field(default_factory=lambda: [Path("/media"), Path("/run/media")])
    log_max_bytes: int = 1_000_000
    log_backups: int = 5

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Config:
        """The settings from their checked, canonical JSON (kiosk.config_spec.canonical)."""
        values = dict(data)
        for key in ("bundle", "content_dir", "log_dir", "cache_dir"):
            if key in values:
                values[key] = _path(values[key])
        if "usb_dirs" in values:
            values["usb_dirs"] = [Path(p) for p in values["usb_dirs"]]
        for key, table in (("attract", Attract), ("reach", Reach), ("keys", Keys)):
            if key in values:
                values[key] = table.from_json(values[key])
        return cls(**values)


#: The keys of the file, each table's (its twin in kiosk.config_spec) keys under it.
TABLES: dict[str, Any] = {"attract": Attract, "reach": Reach, "keys": Keys}
KEYS = tuple(f.name for f in fields(Config))


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


def last_good_path(path: Path) -> Path:
    """The copy of the last config file that parsed and validated: ``config.toml.last-good``."""
    return path.with_name(path.name + LAST_GOOD_SUFFIX)


def pin_path(path: Path) -> Path:
    """The staff PIN's own file, beside the config file: ``staff-pin``."""
    return path.with_name(PIN_FILE)


@dataclass
class Loaded:
    """The effective configuration, where each value came from, and what was wrong.

    ``problems``: what is wrong with the configuration (each names the file, the line where
    known, and what to do); the app logs them at start and the staff panel shows them.
    ``notes``: what the log should say once but is not wrong with the configuration (say,
    that the last good copy could not be saved). ``pin_problem``: why the stored PIN hash
    cannot be used (also among ``problems``); kiosk mode refuses to start then.
    """

    config: Config
    path: Path
    sources: dict[str, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    pin_problem: str | None = None
    text: str | None = field(default=None, repr=False)
    """The config file's text as read (None: there is none, or it could not be read)."""
    document: dict[str, Any] | None = field(default=None, repr=False)
    """The file's settings as validated, in canonical JSON (kiosk.config_spec.canonical),
    by this load or by the check its stamp records: what a config stamp keeps. None when
    there is no file, or it has a problem that left no settings to validate."""
    stamp: str = ""
    """With a stamps folder: "matched" (the file matched the stamp of an earlier check, and
    was not checked again), "written", or why not (for the log)."""

    @property
    def pin_file(self) -> Path:
        """Where ``kiosk set-pin`` stores the PIN hash for this config file."""
        return pin_path(self.path)

    def set(self, key: str, value: Any, source: str) -> None:
        """Override one key (from the command line), keeping the record of its source."""
        self.config = replace(self.config, **{key: value})
        self.sources[key] = source


@dataclass
class _Issue:
    loc: tuple[str, ...]
    message: str
    unknown: bool = False


def _check(raw: dict[str, Any]) -> tuple[dict[str, Any], list[_Issue]]:
    """The keys of a parsed file that are valid, each on its own (a table's keys one by one),
    and what is wrong with the others."""
    from pydantic import ValidationError

    from kiosk import config_spec

    good: dict[str, Any] = {}
    issues: list[_Issue] = []

    def one(model: type[BaseModel], key: str, value: Any, prefix: tuple[str, ...]) -> bool:
        if key not in model.model_fields:
            issues.append(_Issue((*prefix, key), "unknown key", unknown=True))
            return False
        try:
            model.model_validate({key: value})
        except ValidationError as exc:
            for err in exc.errors(include_url=False):
                loc = (*prefix, *(str(p) for p in err["loc"]))
                issues.append(_Issue(loc, err["msg"]))
            return False
        return True

    for key, value in raw.items():
        table = config_spec.table(key)
        if table is not None and isinstance(value, dict):
            good[key] = {k: v for k, v in value.items() if one(table, k, v, (key,))}
            clashes = getattr(table, "clashes", None)  # a check across the table's keys
            for sub, message in clashes(good[key]) if clashes else []:
                issues.append(_Issue((key, sub), message))
                del good[key][sub]
        elif one(config_spec.Config, key, value, ()):
            good[key] = value
    return good, issues


def _lookup(values: dict[str, Any], loc: tuple[str, ...]) -> tuple[bool, Any]:
    """The value at ``loc`` (a key, or a table and its key) in ``values``, if there is one."""
    top = values.get(loc[0], _MISSING)
    if top is _MISSING:
        return False, None
    if len(loc) >= 2 and loc[0] in TABLES:
        if not isinstance(top, dict) or loc[1] not in top:
            return False, None
        return True, top[loc[1]]
    return True, top


_MISSING = object()
_KEY_LINE = re.compile(r"""\s*(?:"([^"]*)"|'([^']*)'|([A-Za-z0-9_.\-]+))\s*=""")
_TABLE_LINE = re.compile(r"""\s*\[\s*([A-Za-z0-9_.\-"' ]+?)\s*\]""")


def _line_of(text: str, loc: tuple[str, ...]) -> int | None:
    """The line (from 1) where the key at ``loc`` is set in ``text``; None if not found."""
    table: tuple[str, ...] = ()
    wanted = loc[:2] if loc and loc[0] in TABLES else loc[:1]
    for number, line in enumerate(text.splitlines(), 1):
        if match := _TABLE_LINE.match(line):
            table = tuple(p.strip().strip("\"'") for p in match.group(1).split("."))
            if table == wanted[:1] and len(wanted) == 1:
                return number
            continue
        if match := _KEY_LINE.match(line):
            name = next(g for g in match.groups() if g is not None)
            parts = (name,) if match.group(3) is None else tuple(name.split("."))
            full = table + parts
            if full[: len(wanted)] == wanted:
                return number
    return None


def _syntax_line(text: str, exc: tomllib.TOMLDecodeError) -> tuple[int, str]:
    """Where a TOML syntax error is: the line where the statement that does not parse
    starts (for ``countdown = [5`` the parser only notices lines later, or "at end of
    document"), and where the parser stopped if that is elsewhere."""
    lines = text.splitlines()
    start = max(len(lines), 1)
    for cut in range(min(len(lines), 5000), -1, -1):
        try:
            tomllib.loads("\n".join(lines[:cut]))
        except tomllib.TOMLDecodeError:
            continue
        start = min(cut + 1, max(len(lines), 1))
        break
    if match := re.search(r"at line (\d+), column (\d+)", str(exc)):
        line, column = int(match.group(1)), int(match.group(2))
        if line == start:
            return start, f", column {column}"
        return start, f" (the parser stopped at line {line}, column {column})"
    return start, ""


def _where(path: Path, line: int | None) -> str:
    return str(path) if line is None else f"{path}, line {line}"


def _read(path: Path) -> tuple[str | None, dict[str, Any] | None, str | None]:
    """A config file's text and content, or what is wrong with it (None: no file)."""
    try:
        st = path.stat()
    except (FileNotFoundError, NotADirectoryError):
        return None, None, None
    except OSError as exc:
        return None, None, f"{path}: cannot be read: {exc.strerror or exc}"
    if not stat.S_ISREG(st.st_mode):
        return None, None, f"{path}: is not a regular file"
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        return None, None, f"{path}: is not UTF-8 text ({exc.reason} at byte {exc.start})"
    except OSError as exc:
        return None, None, f"{path}: cannot be read: {exc.strerror or exc}"
    try:
        return text, tomllib.loads(text), None
    except tomllib.TOMLDecodeError as exc:
        line, more = _syntax_line(text, exc)
        message = re.sub(r"\s*\((at line \d+, column \d+|at end of document)\)", "", str(exc))
        return text, None, f"{path}, line {line}{more}: TOML syntax error: {message}"


def load_config(path: Path | None = None, *, stamps: Path | None = None) -> Loaded:
    """Read the config file (a missing one means all defaults); never raises for bad content.

    A file that parses and validates is saved as the last good copy beside it; a file that
    does not falls back to that copy (all of it when the file does not parse, the bad keys
    only otherwise), else to the defaults. The PIN hash is read from its own file first.

    ``stamps``: a folder of config stamps (``kiosk run`` passes ``stamps_dir()``). A file
    found with nothing wrong is stamped there, by its text; a later load of a file with that
    text takes the stamp's settings instead of checking the file again (and saves the last
    good copy if it is not that text), and imports neither pydantic nor the checks. The
    staff PIN's file is read every time.
    """
    path = path or default_path()
    sweep_leftovers(path)
    if stamps is not None and (stamped := _stamped(stamps, path)) is not None:
        _read_pin(stamped, None)
        return stamped
    loaded = _load_in_full(path)
    if stamps is not None:
        loaded.stamp = _stamp(stamps, path, loaded)
    _read_pin(loaded, loaded.text)
    return loaded


def _load_in_full(path: Path) -> Loaded:
    backup = last_good_path(path)
    loaded = Loaded(Config(), path, dict.fromkeys(KEYS, "default"))
    text, raw, problem = _read(path)
    fix = f"fix it in {path}, then check with `kiosk config show`"
    fallback: dict[str, Any] | None = None
    if problem is not None or (raw is not None and _check(raw)[1]):
        fallback = _last_good(backup, loaded)
    if problem is not None:
        if fallback is not None:
            problem += f"; using the last good copy {backup} ({_saved(backup)}) until you {fix}"
        else:
            problem += f"; using the defaults for every key until you {fix}"
        loaded.problems.append(problem)
        if fallback is not None:
            good, _issues = _check(fallback)
            _apply(loaded, good, f"{backup} (last good)")
    elif raw is not None:
        good, issues = _check(raw)
        kept = _check(fallback)[0] if fallback is not None else {}
        from_backup: set[str] = set()
        for issue in issues:
            where = _where(path, _line_of(text or "", issue.loc))
            key = ".".join(issue.loc)
            if issue.unknown:
                loaded.problems.append(
                    f'{where}: unknown key "{key}"; it is ignored ({fix}: see the keys there)'
                )
                continue
            found, value = _lookup(kept, issue.loc)
            if found:
                _put(good, issue.loc, value)
                if len(issue.loc) == 1 or issue.loc[0] not in TABLES:
                    from_backup.add(issue.loc[0])
                # Never the PIN's hash in a message (the log, the journal, the staff panel):
                # a hash of a short PIN is as good as the PIN to whoever reads it.
                value_shown = (
                    "a hash, not shown"
                    if issue.loc[0] == "pin_hash"
                    else _show(_typed(issue.loc, value))
                )
                shown = f"the last good value ({value_shown}) from {backup}"
            else:
                shown = f"the default ({_show(_default(issue.loc))})"
            loaded.problems.append(f"{where}: {key}: {issue.message}; using {shown}; {fix}")
        _apply(loaded, good, str(path))
        for key in from_backup:
            loaded.sources[key] = f"{backup} (last good)"
        if not issues and text is not None and (note := _save_last_good(path, text, backup)):
            loaded.notes.append(note)
    loaded.text = text
    return loaded


#: The layout of a config stamp; a stamp of another layout is ignored.
CONFIG_STAMP_FORMAT = 1
#: How many config stamps are kept (those used last): one per text a config file has had.
KEEP_STAMPS = 8
_SOURCES = ("config.py", "config_spec.py", "keynames.py")


def stamps_dir() -> Path:
    """Where ``kiosk run`` keeps the stamps of its config file: the platform's cache folder
    (~/.cache/kiosk/config-stamps), read before the config says where its cache is."""
    return platformdirs.user_cache_path(APP) / "config-stamps"


def _stamp_name(text: str) -> str:
    """A stamp's file name: a digest of the file's text, the kiosk's version and the
    checker's own source files (a changed checker makes every stamp stale)."""
    import hashlib
    import json

    from kiosk import __version__

    here = Path(__file__).resolve().parent
    code = []
    for name in _SOURCES:
        try:
            st = (here / name).stat()
            code.append([name, st.st_size, st.st_mtime_ns])
        except OSError:
            code.append([name])
    salt = json.dumps([CONFIG_STAMP_FORMAT, __version__, code])
    digest = hashlib.sha256(f"{salt}\0{text}".encode("utf-8", "surrogatepass"))
    return f"{digest.hexdigest()[:40]}.json"


def _text_of(path: Path) -> str | None:
    """A regular file's text, as ``_read`` reads it; None when there is none to read."""
    try:
        if not stat.S_ISREG(path.stat().st_mode):
            return None
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def _stamped(stamps: Path, path: Path) -> Loaded | None:
    """The settings of the stamp of the config file's text, if there is one; None
    otherwise (or if the stamp cannot be read or built: then the file is checked in full,
    and stamped again)."""
    import json

    text = _text_of(path)
    if text is None:
        return None  # no file: the defaults, no check either
    name = _stamp_name(text)
    try:
        data = json.loads((stamps / name).read_bytes())
        if not isinstance(data, dict) or data.get("name") != name:
            return None
        given = set(data["given"])
        config = Config.from_json(data["document"])
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    if config.pin_hash is not None or not set(data["document"]) <= given <= set(KEYS):
        return None  # never stamped so: not a stamp of this kiosk's
    if not _fits(config, "Config"):
        return None  # a value of the wrong kind: damaged (ranges are the check's to say)
    with contextlib.suppress(OSError):
        os.utime(stamps / name)  # in use: the last to be pruned
    sources = {key: str(path) if key in given else "default" for key in KEYS}
    loaded = Loaded(config, path, sources, text=text, document=data["document"], stamp="matched")
    if note := _save_last_good(path, text, last_good_path(path)):  # as a check would
        loaded.notes.append(note)
    return loaded


_KINDS: dict[str, Any] = {
    "bool": bool,
    "int": int,
    "float": float,
    "str": str,
    "None": type(None),
    "Path": Path,
    "Attract": Attract,
    "Reach": Reach,
    "Keys": Keys,
    "Config": Config,
}


def _fits(value: Any, annotation: str) -> bool:
    """Whether ``value`` is of the kind a field's annotation (as written: "float | None",
    "list[Path]", "Reach") says, field by field for a table: a stamp's settings are built
    without the check, so a damaged one must not hand the kiosk a string for a number."""
    for option in annotation.split(" | "):
        if option.startswith("list[") and isinstance(value, list):
            if all(_fits(item, option[5:-1]) for item in value):
                return True
            continue
        kind = _KINDS.get(option)
        if kind is Path and isinstance(value, Path):
            return True
        if kind in (Attract, Reach, Keys, Config) and type(value) is kind:
            return all(_fits(getattr(value, f.name), str(f.type)) for f in fields(value))
        if kind is not None and type(value) is kind:
            return True
    return False


def _stamp(stamps: Path, path: Path, loaded: Loaded) -> str:
    """Stamp a file checked with nothing wrong; what was done, or why not (for the log)."""
    import json

    if loaded.text is None or loaded.document is None:
        return "not stamped: no config file"
    if loaded.problems:
        # (A note, such as a last good copy that could not be saved, does not change the
        # settings; a stamped load saves that copy again and says so again.)
        return "not stamped: the config has problems"
    if loaded.config.pin_hash is not None:
        # A hash of the PIN is never copied (it moves to staff-pin with `kiosk set-pin`).
        return "not stamped: config.toml holds pin_hash"
    given = sorted(key for key, source in loaded.sources.items() if source == str(path))
    name = _stamp_name(loaded.text)
    data = {"name": name, "given": given, "document": loaded.document}
    target = stamps / name
    try:
        stamps.mkdir(parents=True, exist_ok=True)
        sweep_leftovers(target)  # of a start killed while it wrote a stamp
        write_atomic(target, json.dumps(data).encode(), mode=0o600)
    except OSError as exc:
        loaded.notes.append(
            f"could not keep the stamp of the checked config in {stamps} "
            f"({exc.strerror or exc}); each start checks {path} in full until it can"
        )
        return f"not stamped: {exc.strerror or exc}"
    _prune_stamps(stamps)
    return "written"


def _prune_stamps(stamps: Path) -> None:
    """Keep the ``KEEP_STAMPS`` stamps used last (written, or touched when taken): one per
    text the config has had."""
    with contextlib.suppress(OSError):
        found = sorted(
            (entry.stat().st_mtime_ns, entry.path)
            for entry in os.scandir(stamps)
            if entry.name.endswith(".json")
        )
        for _mtime, old in found[:-KEEP_STAMPS]:
            with contextlib.suppress(OSError):
                os.unlink(old)  # noqa: PTH108


def _default(loc: tuple[str, ...]) -> Any:
    if loc[0] not in KEYS:
        return None
    value = getattr(Config(), loc[0])
    if len(loc) >= 2 and loc[0] in TABLES:
        return getattr(value, loc[1], value)
    return value


def _typed(loc: tuple[str, ...], value: Any) -> Any:
    """A valid raw value as the config holds it (30 → 30.0 for a number of seconds)."""
    from kiosk import config_spec

    nested = len(loc) >= 2 and loc[0] in TABLES
    checked = config_spec.Config.model_validate({loc[0]: {loc[1]: value} if nested else value})
    typed = getattr(config_spec.typed(checked), loc[0])
    return getattr(typed, loc[1]) if nested else typed


def _put(values: dict[str, Any], loc: tuple[str, ...], value: Any) -> None:
    if len(loc) >= 2 and loc[0] in TABLES:
        values.setdefault(loc[0], {})[loc[1]] = value
    else:
        values[loc[0]] = value


def _apply(loaded: Loaded, good: dict[str, Any], source: str) -> None:
    from pydantic import ValidationError

    from kiosk import config_spec

    try:
        checked = config_spec.Config.model_validate(good)
    except ValidationError:  # keys valid one by one but not together: cannot happen today
        loaded.config = Config()
        return
    loaded.document = config_spec.canonical(checked)
    loaded.config = Config.from_json(loaded.document)
    for key in good:
        loaded.sources[key] = source


def _last_good(backup: Path, loaded: Loaded) -> dict[str, Any] | None:
    """The last good copy's content, or None (none, or it is unusable: said in the notes)."""
    _text, raw, problem = _read(backup)
    if problem is not None:
        loaded.notes.append(f"the last good copy is unusable: {problem}")
    return raw


def _saved(backup: Path) -> str:
    try:
        return "saved " + time.strftime("%Y-%m-%d %H:%M", time.localtime(backup.stat().st_mtime))
    except OSError:
        return "saved earlier"


def _save_last_good(path: Path, text: str, backup: Path) -> str | None:
    """Keep ``text`` (a file that parsed and validated) as the last good copy; what went
    wrong (for the log) if it could not be kept."""
    try:
        if backup.read_text(encoding="utf-8") == text:
            return None
    except (OSError, UnicodeDecodeError):
        pass
    try:
        st = path.stat()
        write_atomic(
            backup,
            text.encode("utf-8"),
            mode=stat.S_IMODE(st.st_mode) & 0o660 or 0o600,
            owner=(st.st_uid, st.st_gid),
        )
    except OSError as exc:
        return (
            f"could not save the last good copy of the config, {backup}: "
            f"{exc.strerror or exc}; until it can be saved, a config file that does not parse "
            "falls back to the defaults (run `kiosk config show` as a user who may write "
            f"to {path.parent} to save it)"
        )
    return None


def _read_pin(loaded: Loaded, text: str | None) -> None:
    """The PIN hash: from its own file if there is one, else from config.toml (or its last
    good copy); a damaged one is a problem and leaves no PIN (kiosk mode then refuses)."""
    pin_file = loaded.pin_file
    stored: str | None = None
    where: str = str(pin_file)
    in_file = True
    try:
        content = pin_file.read_text(encoding="utf-8")
    except FileNotFoundError:
        in_file = False
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "it is not text"
        loaded.pin_problem = (
            f"{pin_file}: the staff PIN file cannot be read ({reason or exc}); staff cannot "
            "unlock the kiosk until it can: make it readable by the kiosk's user, or set "
            "the PIN again with `kiosk set-pin`"
        )
    else:
        lines = [ln.strip() for ln in content.splitlines() if ln.strip()]
        stored = lines[0] if len(lines) == 1 else ""  # empty or extra lines: damaged
    if in_file:
        loaded.sources["pin_hash"] = str(pin_file)
    else:  # no PIN file: a pin_hash in config.toml (or its last good copy), as before
        stored = loaded.config.pin_hash
        where = loaded.sources.get("pin_hash", str(loaded.path))
        if where == str(loaded.path) and text is not None:
            where = _where(loaded.path, _line_of(text, ("pin_hash",)))
    if stored is not None:
        try:
            parse_hash(stored)
        except PinError as exc:
            loaded.pin_problem = (
                f"{where}: the staff PIN hash is damaged ({exc}); staff cannot unlock the "
                "kiosk until the PIN is set again with `kiosk set-pin`"
            )
    if loaded.pin_problem is not None:
        loaded.problems.append(loaded.pin_problem)
        loaded.config = replace(loaded.config, pin_hash=None)
    else:
        loaded.config = replace(loaded.config, pin_hash=stored)


def kiosk_mode_refusal(loaded: Loaded) -> str | None:
    """Why kiosk mode cannot start with this configuration's staff PIN (None: it can)."""
    if loaded.pin_problem is not None:
        return (
            f"kiosk: kiosk mode needs a staff PIN it can check, and the stored one cannot be "
            f"used:\n  {loaded.pin_problem}.\nSet it again with `kiosk set-pin` (it writes "
            f"{loaded.pin_file}; for a file in /etc: `sudo kiosk set-pin`), or start with "
            "--no-pin to run without one."
        )
    if loaded.config.pin_hash is None:
        return NO_PIN
    return None


NO_PIN = """\
kiosk: kiosk mode needs a staff PIN, so that only staff can reach the staff panel and leave
kiosk mode. Set one with `kiosk set-pin`, or start with --no-pin to run without one (the
hidden staff gesture then opens the panel directly)."""


def _show(value: Any) -> str:
    if isinstance(value, Attract | Reach | Keys):
        return ", ".join(f"{f.name} = {_show(getattr(value, f.name))}" for f in fields(value))
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
    """Every key of the config file, a table's keys as ``table.key``, with its field (its
    model's, kiosk.config_spec: what it does, its range)."""
    from pydantic import BaseModel

    from kiosk.config_spec import Config as Checked

    keys: list[tuple[str, FieldInfo]] = []
    for key, info in Checked.model_fields.items():
        table = info.annotation
        if isinstance(table, type) and issubclass(table, BaseModel):
            keys += [(f"{key}.{sub}", field) for sub, field in table.model_fields.items()]
        else:
            keys.append((key, info))
    return keys


def describe(loaded: Loaded) -> str:
    """The effective configuration as ``kiosk config show`` prints it: for every key, what it
    does (units, range, default) as a comment, then its value and where the value came from."""
    backup = last_good_path(loaded.path)
    lines = [
        f"# config file: {loaded.path}"
        + ("" if loaded.path.exists() else " (not present)")
        + (f"; last good copy: {backup}" if backup.exists() else "")
    ]
    keys = config_keys()
    width = max(len(k) for k, _ in keys)
    for key, info in keys:
        value: Any = loaded.config
        for part in key.split("."):
            value = getattr(value, part)
        shown = _show(value)
        if key == "pin_hash" and loaded.pin_problem:
            shown = "(damaged: see the problem below)"
        elif key == "pin_hash" and value:
            shown = "(set)"
        source = loaded.sources[key.split(".")[0]]
        lines += textwrap.wrap(
            info.description or "", width=92, initial_indent="# ", subsequent_indent="# "
        )
        lines.append(f"{key:<{width}} = {shown:<28} # {source}")
    lines += [f"# problem: {p}" for p in loaded.problems]
    lines += [f"# note: {n}" for n in loaded.notes]
    return "\n".join(lines) + "\n"


def write_key(path: Path, key: str, value: Any) -> None:
    """Set one key in the config file, keeping its comments, layout, owner and mode; atomic.

    A new file is 0600 from its first byte. An existing one keeps its mode and group, so
    that /etc/kiosk/config.toml stays readable by the kiosk user.
    """

    def edit(doc: TOMLDocument) -> None:
        doc[key] = value

    _edit_toml(path, edit)


def remove_key(path: Path, key: str) -> bool:
    """Remove one key from the config file (as ``write_key`` writes); whether it was there."""
    removed = [False]

    def edit(doc: TOMLDocument) -> None:
        if key in doc:
            del doc[key]
            removed[0] = True

    if path.exists():
        _edit_toml(path, edit, only_if=removed)
    return removed[0]


def _edit_toml(
    path: Path, edit: Callable[[TOMLDocument], None], only_if: list[bool] | None = None
) -> None:
    import tomlkit  # only to write: the kiosk's start reads with tomllib

    doc = tomlkit.parse(path.read_text(encoding="utf-8")) if path.exists() else tomlkit.document()
    edit(doc)
    if only_if is not None and not only_if[0]:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    old = path.stat() if path.exists() else None
    mode = stat.S_IMODE(old.st_mode) & 0o660 if old else 0o600
    owner = (old.st_uid, old.st_gid) if old else None
    # A fresh, unguessable temporary name (mkstemp: O_EXCL), never a fixed one: a symlink
    # planted at a fixed name in a writable folder would have been followed and overwritten.
    write_atomic(path, tomlkit.dumps(doc).encode("utf-8"), mode=mode, owner=owner)


def store_pin(path: Path, stored: str) -> list[str]:
    """Store the PIN hash ``stored`` for the config file ``path`` in its own file beside it
    (``staff-pin``), atomically, then move any ``pin_hash`` out of the config file and its
    last good copy. Raises OSError when the PIN file cannot be written (nothing changed
    then); returns what could not be tidied (the PIN file wins over those anyway).

    The PIN file is 0600. When the config file's group lets another user read it (root:kiosk
    0640 in /etc/kiosk), the PIN file gets that owner and group and mode 0640, so that the
    kiosk user can check PINs.
    """
    target = pin_path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    ref: os.stat_result | None = None
    for candidate in (path, target):
        with contextlib.suppress(OSError):
            ref = candidate.stat()
            break
    mode, owner = 0o600, None
    if ref is not None:
        owner = (ref.st_uid, ref.st_gid)
        if ref.st_gid != os.getgid() and ref.st_mode & stat.S_IRGRP:
            mode = 0o640
    write_atomic(target, (stored + "\n").encode("ascii"), mode=mode, owner=owner)
    from tomlkit.exceptions import ParseError as TomlkitParseError

    notes: list[str] = []
    for config in (path, last_good_path(path)):
        try:
            if remove_key(config, "pin_hash"):
                notes.append(f"moved the old pin_hash out of {config}")
        except FileNotFoundError:
            continue
        except (OSError, UnicodeDecodeError, TomlkitParseError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
            notes.append(
                f"could not check {config} for an old pin_hash ({reason}); any pin_hash "
                f"there is ignored now that {target} exists"
            )
    return notes


def explain_write_error(exc: OSError, folder: Path) -> str:
    """What to do about an OSError from writing a config or PIN file in ``folder``."""
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return (
            f"run it as a user who may write to {folder} (for /etc/kiosk: `sudo kiosk "
            "set-pin`), or name another config file with --config"
        )
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return f"free some space on the disk of {folder} and run it again"
    return "check the folder and run it again"
