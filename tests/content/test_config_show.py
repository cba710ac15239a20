"""`kiosk config show` describes every key of the config model: what it does, its range, its
default. The keys are read from the model's fields (tables included), never from a list here."""

from __future__ import annotations

import os
import re
import subprocess
import sys

from annotated_types import Ge, Le
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from kiosk.config_spec import Config


def model_keys(model: type[BaseModel], prefix: str = "") -> dict[str, FieldInfo]:
    """Every key of ``model`` as the config file spells it (``table.key`` in a table)."""
    keys: dict[str, FieldInfo] = {}
    for name, info in model.model_fields.items():
        table = info.annotation
        if isinstance(table, type) and issubclass(table, BaseModel):
            keys |= model_keys(table, f"{prefix}{name}.")
        else:
            keys[f"{prefix}{name}"] = info
    return keys


def config_show(*args: str) -> str:
    """The real command's output, from a fresh process."""
    done = subprocess.run(
        [sys.executable, "-m", "kiosk", "config", "show", *args],
        capture_output=True,
        text=True,
        env={"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/")},
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def shown_keys(out: str) -> dict[str, tuple[str, str, str]]:
    """Key → (value, source, description): the comment lines just above a key describe it."""
    keys: dict[str, tuple[str, str, str]] = {}
    comment: list[str] = []
    for line in out.splitlines():
        if line.startswith(("# config file:", "# problem:")):
            continue
        if line.startswith("#"):
            comment.append(line.removeprefix("#").strip())
            continue
        match = re.fullmatch(r"(\S+)\s+= (.*?)\s+# (.+)", line)
        assert match, f"not a key line: {line!r}"
        key, value, source = match.groups()
        keys[key] = (value, source, " ".join(comment))
        comment = []
    return keys


def test_every_key_of_the_model_is_shown_and_described(tmp_path):
    shown = shown_keys(config_show("--config", str(tmp_path / "none.toml")))
    fields = model_keys(Config)
    assert set(shown) == set(fields)
    for key, info in fields.items():
        _value, source, description = shown[key]
        assert source == "default"
        assert description.strip() and description.strip() != "None", key
        assert "default" in description.lower(), f"{key}: the description names no default"
        # A bounded number says its range, as the model bounds it (1,000,000 = 1000000).
        plain = description.replace(",", "")
        for bound in info.metadata:
            if isinstance(bound, Ge | Le):
                limit = bound.ge if isinstance(bound, Ge) else bound.le
                number = f"{limit:g}" if isinstance(limit, float) else str(limit)
                assert re.search(rf"\b{re.escape(number)}\b", plain), f"{key}: no {number}"


def test_a_tables_keys_show_the_files_values(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text("screen_inches = 55\n[attract]\nslide_seconds = 12\ndrift = false\n")
    shown = shown_keys(config_show("--config", str(path)))
    assert shown["attract.slide_seconds"][:2] == ("12.0", str(path))
    assert shown["attract.drift"][:2] == ("false", str(path))
    assert shown["attract.enabled"][:2] == ("true", str(path))  # the table came from the file
    assert shown["screen_inches"][:2] == ("55.0", str(path))
    assert shown["screen"][:2] == ("0", "default")
