"""The configuration file's keys as pydantic models: its validation and its documentation.

These models say what config.toml may hold (ranges, key names, which keys clash) and what each
key does (``kiosk config show``). A file that passes is built as the plain values of
kiosk.config (``typed``), which the kiosk uses; a start whose config file is missing, or
matches the stamp of an earlier start, builds those without importing pydantic. Each model
has a plain twin of the same name and fields there; a test keeps the two in step.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from kiosk import config, keynames
from kiosk.config import KEY_ACTIONS


class Attract(BaseModel):
    """The [attract] table: the attract loop shown when nobody is using the kiosk."""

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


class Reach(BaseModel):
    """The [reach] table: where the screen hangs, what a seated visitor can reach (its twin,
    kiosk.config.Reach, says more)."""

    model_config = ConfigDict(extra="forbid")

    screen_bottom_in: float = Field(
        default=30.0,
        ge=0,
        le=100,
        description="How high the screen's bottom edge (the bottom of the picture, not of the "
        "bezel) is above the floor, in inches: measure it. With screen_inches and the window's "
        "shape it tells which part of the screen a seated visitor can reach. 0 to 100; "
        "default 30.",
    )
    low_in: float = Field(
        default=15.0,
        ge=0,
        le=40,
        description="The lowest a seated visitor can reach, in inches above the floor: the "
        "seated option keeps every control above it. 0 to 40, at least 6 below high_in; "
        "default 15 (the ADA's low forward reach).",
    )
    high_in: float = Field(
        default=48.0,
        ge=20,
        le=72,
        description="The highest a seated visitor can reach, in inches above the floor: the "
        "seated option keeps every control below it. 20 to 72, above screen_bottom_in; "
        "default 48 (the ADA's high forward reach).",
    )

    @model_validator(mode="after")
    def _a_band_the_screen_meets(self) -> Reach:
        """Never an unusable band, even from a file's value beside a last good copy's:
        ``clashes`` reports a bad pair, and a pair that is still bad (the two values from
        different places) goes back to the defaults, which make sense together."""
        if config.Reach.clashes(self.model_dump()):
            for key, info in Reach.model_fields.items():
                object.__setattr__(self, key, info.default)  # not "set": they are defaults
        return self

    @staticmethod
    def clashes(values: dict[str, Any]) -> list[tuple[str, str]]:
        """The keys of a [reach] table that make no sense together (kiosk.config.Reach)."""
        return config.Reach.clashes(values)


def _key_names(names: list[str]) -> list[str]:
    """Each name as Qt writes it, once; an unknown one is refused with what to write instead."""
    shown: list[str] = []
    for name in names:
        try:
            qt = keynames.normalise(name)
        except keynames.KeyNameError as exc:
            raise PydanticCustomError("key_name", str(exc)) from None
        if qt not in shown:
            shown.append(qt)
    return shown


def _keys(action: str) -> Any:
    does, default = config.KEY_DOES[action], config.DEFAULT_KEYS[action]
    listed = ", ".join(f'"{n}"' for n in default)
    return Field(
        default_factory=lambda: list(default),
        description=f"The keys that {does}. Default [{listed}].",
    )


class Keys(BaseModel):
    """The [keys] table: which keys do what (its twin, kiosk.config.Keys, says why the
    defaults are what they are)."""

    model_config = ConfigDict(extra="forbid")

    next: list[str] = _keys("next")
    previous: list[str] = _keys("previous")
    up: list[str] = _keys("up")
    down: list[str] = _keys("down")
    activate: list[str] = _keys("activate")
    back: list[str] = _keys("back")
    home: list[str] = _keys("home")
    help: list[str] = _keys("help")
    louder: list[str] = _keys("louder")
    quieter: list[str] = _keys("quieter")

    @field_validator(*KEY_ACTIONS)
    @classmethod
    def _qt_names(cls, names: list[str]) -> list[str]:
        return _key_names(names)

    @model_validator(mode="after")
    def _one_action_a_key(self) -> Keys:
        """A key does one thing: one named for an action in the file leaves the defaults of
        the others (a clash between two actions the file names is reported by ``clashes``;
        left in, the first action keeps the key)."""
        named = [a for a in KEY_ACTIONS if a in self.model_fields_set]
        order = [*named, *(a for a in KEY_ACTIONS if a not in named)]
        owner: dict[str, str] = {}
        for action in order:
            kept = [n for n in getattr(self, action) if owner.setdefault(n, action) == action]
            object.__setattr__(self, action, kept)  # not "set": it stays a default
        return self

    @staticmethod
    def clashes(values: dict[str, Any]) -> list[tuple[str, str]]:
        """The actions of a [keys] table (each valid on its own) naming a key that an action
        before them in the file already has, each with what is wrong."""
        owner: dict[str, str] = {}
        found: list[tuple[str, str]] = []
        for action, names in values.items():
            mine = _key_names(list(names))
            taken = [(n, owner[n]) for n in mine if owner.get(n, action) != action]
            if taken:
                name, other = taken[0]
                found.append(
                    (action, f'"{name}" is already the key for {other}; a key does one thing')
                )
            else:
                owner.update(dict.fromkeys(mine, action))
        return found


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
    reach: Reach = Field(
        default_factory=Reach,
        description="The visitor's seated option: a [reach] table of screen_bottom_in (how "
        "high the screen's bottom edge is above the floor), low_in and high_in (the band a "
        "seated visitor can reach), all in inches.",
    )
    keys: Keys = Field(
        default_factory=Keys,
        description="Which keys do what, for a keyboard or an accessible keypad: a [keys] "
        "table of the actions next, previous, up, down, activate, back, home, help, louder "
        'and quieter, each a list of key names as Qt spells them ("Right", "Return", "Esc", '
        '"F1", "Volume Up", "Ctrl+Right", "Num+8"). An action not named keeps its default '
        "keys, less those named for another action.",
    )
    pin_hash: str | None = Field(
        default=None,
        description="The staff PIN as a salted scrypt hash, never in clear: set it with "
        "`kiosk set-pin`, which keeps it in its own file, staff-pin beside config.toml (a "
        "pin_hash here is still read, and moved there by set-pin). Default: not set, and "
        "then kiosk mode refuses to start (unless --no-pin).",
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


#: Each model's plain twin in kiosk.config.
TWINS: dict[type[BaseModel], Any] = {
    Attract: config.Attract,
    Reach: config.Reach,
    Keys: config.Keys,
    Config: config.Config,
}


def canonical(value: BaseModel) -> Any:
    """A validated value as JSON in one form (numbers as validation made them, paths as
    text, defaults left out): what a config stamp keeps."""
    return value.model_dump(mode="json", exclude_defaults=True)


def typed(value: BaseModel) -> Any:
    """A validated model as its plain twin, built from its canonical JSON as a start from a
    stamp builds it."""
    return TWINS[type(value)].from_json(canonical(value))


def table(key: str) -> type[BaseModel] | None:
    """The model of the table ``key`` ([attract], [reach], [keys]), or None (a plain key, or
    none the file knows)."""
    info = Config.model_fields.get(key)
    annotation = info.annotation if info is not None else None
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return None
