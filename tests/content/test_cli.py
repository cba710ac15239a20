"""`kiosk validate` and friends, as a curator runs them."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from kiosk.cli import main
from tests.conftest import DEFAULT_BUNDLE, REPO


def test_valid_bundle_exits_0(capsys):
    assert main(["validate", "--strict", str(DEFAULT_BUNDLE)]) == 0
    assert capsys.readouterr().out.strip() == f"{DEFAULT_BUNDLE}: valid: 0 errors, 0 warnings"


def test_invalid_bundle_exits_1_and_lists_every_problem(write_doc, default_doc, capsys):
    default_doc["people"][2]["portrait"] = "f-iii-99"
    default_doc["media"][2]["file"] = "images/none.jpg"
    path = write_doc(default_doc)
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0].endswith(
        'error: people[2].portrait: unknown media id "f-iii-99"; add it to "media"'
    )
    assert any("media[2].file" in line and "does not exist" in line for line in out)
    assert out[-1] == f"{path}: NOT valid: 2 errors, 1 warning"


def test_strict_turns_warnings_into_failure(write_doc, default_doc, capsys):
    del default_doc["media"][0]["alt"]["ru"]
    path = write_doc(default_doc)
    assert main(["validate", str(path)]) == 0
    assert main(["validate", "--strict", str(path)]) == 1
    assert "(--strict: warnings count as errors)" in capsys.readouterr().out


def test_json_report(write_doc, default_doc, capsys):
    default_doc["people"][2]["portrait"] = "f-iii-99"
    path = write_doc(default_doc)
    assert main(["validate", "--json", str(path)]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["valid"] is False
    assert report["errors"] == 1
    first = report["problems"][0]
    assert first["path"] == "people[2].portrait"
    assert first["code"] == "unknown-ref"
    assert first["severity"] == "error"
    assert first["file"] == str(path / "bundle.json")


def test_json_report_of_a_syntax_error_has_line_and_column(bundle_dir, capsys):
    (bundle_dir / "bundle.json").write_text('{\n  "id": 1,,\n}')
    assert main(["validate", "--json", str(bundle_dir)]) == 1
    (problem,) = json.loads(capsys.readouterr().out)["problems"]
    assert (problem["line"], problem["column"]) == (2, 11)


@pytest.mark.parametrize("argv", [["validate"], ["frobnicate"], [], ["validate", "--bogus", "x"]])
def test_usage_errors_exit_2(argv):
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == 2


def test_schema_to_stdout(capsys):
    assert main(["schema"]) == 0
    assert json.loads(capsys.readouterr().out)["title"].startswith("Kiosk exhibit bundle")


def test_console_script_and_module_entry_point():
    result = subprocess.run(
        [sys.executable, "-m", "kiosk", "validate", str(DEFAULT_BUNDLE)],
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    assert result.returncode == 0, result.stderr


def test_run_without_a_display_says_what_to_do():
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    result = subprocess.run(
        [sys.executable, "-m", "kiosk", "run"], capture_output=True, text=True, env=env, cwd=REPO
    )
    assert result.returncode == 3
    assert "there is no display" in result.stderr
    assert "xvfb-run" in result.stderr and "kiosk validate" in result.stderr
    assert "Traceback" not in result.stderr and "plugin" not in result.stderr


def test_run_with_an_unreachable_display_says_what_to_do():
    env = {k: v for k, v in os.environ.items() if k not in ("WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["DISPLAY"] = ":97"  # nothing listens there
    result = subprocess.run(
        [sys.executable, "-m", "kiosk", "run"],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=60,
    )
    assert result.returncode == 3, result.stderr
    assert "kiosk: Qt could not start its xcb platform plugin" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.fixture
def huge_png(write_doc, default_doc):
    """The exhibit with one photograph replaced by a 182-megapixel PNG (22 kB: 1-bit zeros),
    over twice Pillow's own limit (where Pillow's process-wide check would refuse it)."""
    from PIL import Image

    default_doc["media"][2]["file"] = "images/huge.png"
    path = write_doc(default_doc)
    Image.new("1", (14000, 13000)).save(path / "images" / "huge.png")
    return path


def test_an_image_over_the_pixel_limit_is_refused_naming_the_setting(huge_png, capsys):
    assert main(["validate", str(huge_png)]) == 1
    out = capsys.readouterr().out
    assert (
        'error: media[2].file: "images/huge.png" has more than 89,478,485 pixels; scale it '
        "down before adding it, or raise max_image_pixels in the kiosk config"
    ) in out


def test_a_configured_pixel_limit_accepts_bigger_scans(huge_png, tmp_path, capsys):
    assert main(["validate", "--max-pixels", "200000000", str(huge_png)]) == 0
    config = tmp_path / "config.toml"
    config.write_text("max_image_pixels = 190_000_000\n", encoding="utf-8")
    assert main(["validate", "--config", str(config), str(huge_png)]) == 0
    config.write_text("max_image_pixels = 150_000_000\n", encoding="utf-8")
    assert main(["validate", "--config", str(config), str(huge_png)]) == 1
    assert "more than 150,000,000 pixels" in capsys.readouterr().out


def test_a_lower_pixel_limit_refuses_smaller_images(capsys):
    assert main(["validate", "--max-pixels", "2000000", str(DEFAULT_BUNDLE)]) == 1
    out = capsys.readouterr().out
    assert 'media[0].file: "images/f-iii-15332.jpg" has more than 2,000,000 pixels' in out
    assert main(["validate", str(DEFAULT_BUNDLE)]) == 0  # back to the default
