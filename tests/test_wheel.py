"""The wheel carries everything the kiosk needs (issue #9 item 6): built from a copy of the
source, installed into a new virtual environment, and run from a folder that is not the repo.

The new environment gets the wheel alone (``--no-deps``). Its dependencies (PySide6,
Pillow, pydantic…) come from the project's .venv through a ``.pth`` file that names the
.venv's site-packages folder: nothing is downloaded, and the kiosk package itself, with its
exhibit and fonts, can only come from the wheel. (``venv --system-site-packages`` would not
do: it exposes the base interpreter's packages, not the .venv's, and hides what is missing.)
A ``.pth`` line adds the folder to ``sys.path`` after the environment's own site-packages and
does not run the ``.pth`` files inside it, so the editable install of the repo that lives
there (``__editable__.kiosk-0.1.0.pth``) stays inactive.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import sysconfig
import time
import zipfile
from pathlib import Path

import pytest

from tests.conftest import REPO

EXHIBIT = "kiosk/exhibits/baku-1920"
FONTS = ("PTSans-Bold", "PTSans-Regular", "PTSerif-Bold", "PTSerif-Italic", "PTSerif-Regular")


def _copy_source(target: Path) -> Path:
    """What a wheel is built from, copied: building in the repo would write build/ and
    kiosk.egg-info there, and a stale build/lib could carry files into the wheel that the
    package-data settings no longer select."""
    target.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(REPO / name, target / name)
    for licence in [*REPO.glob("LICEN[CS]E*"), *REPO.glob("COPYING*")]:
        shutil.copy2(licence, target / licence.name)
    shutil.copytree(
        REPO / "kiosk",
        target / "kiosk",
        ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info"),
    )
    return target


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The kiosk wheel, built offline with the .venv's setuptools (no build isolation: that
    would download setuptools from the package index on every run)."""
    base = tmp_path_factory.mktemp("wheel")
    source = _copy_source(base / "src")
    dist = base / "dist"
    subprocess.run(
        [
            *(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation"),
            *("--no-index", "--quiet", "-w", str(dist), str(source)),
        ],
        check=True,
        cwd=base,
    )
    (found,) = dist.glob("kiosk-*.whl")
    return found


@pytest.fixture(scope="module")
def venv(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new virtual environment with the wheel installed and the .venv's packages visible."""
    root = tmp_path_factory.mktemp("venv") / "env"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(root)], check=True)
    python = root / "bin" / "python"
    # The wheel first, into an environment that sees nothing else: pip must not find the
    # repo's editable kiosk and call the wheel "already installed".
    subprocess.run(
        [
            *(sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps"),
            *("--no-index", "--quiet", "--disable-pip-version-check", str(wheel)),
        ],
        check=True,
    )
    site = Path(
        subprocess.run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
    )
    (site / "_kiosk_test_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return root


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """A plain environment: no PYTHONPATH, a private home, offscreen Qt."""
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "QT_QPA_PLATFORM": "offscreen",
        "LANG": "C.UTF-8",
    }
    for var in ("XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME", "XDG_DATA_HOME"):
        env[var] = str(tmp_path / var.lower())
    return env


def _run(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


def test_the_wheel_carries_the_exhibit_the_fonts_and_the_compiled_resources(wheel: Path):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert f"{EXHIBIT}/bundle.json" in names
    images = {n for n in names if n.startswith(f"{EXHIBIT}/images/")}
    assert len(images) >= 6 and all(n.endswith(".jpg") for n in images), images
    for font in FONTS:
        assert f"kiosk/fonts/{font}.ttf" in names
    assert "kiosk/fonts/LICENSE-ParaType.txt" in names
    assert "kiosk/_resources_rc.py" in names
    assert not {n for n in names if n.startswith(("tests/", "data/", "resources/"))}


def test_the_installed_kiosk_runs_from_its_own_files(venv: Path, env, tmp_path: Path):
    work = tmp_path / "elsewhere"  # not the repo: nothing may come from the working copy
    work.mkdir()
    python, kiosk = str(venv / "bin" / "python"), str(venv / "bin" / "kiosk")
    where = _run(
        [
            python,
            "-c",
            "import kiosk, kiosk.paths as p; print(kiosk.__file__); "
            "print(p.shipped_bundle()); print(p.shipped_font('PTSans-Regular.ttf'))",
        ],
        work,
        env,
    )
    assert where.returncode == 0, where.stderr
    package, bundle, font = (Path(line) for line in where.stdout.split())
    for path in (package, bundle, font):
        assert path.is_relative_to(venv) and not path.is_relative_to(REPO), path
        assert path.exists(), path

    validated = _run([kiosk, "validate", str(bundle)], work, env)
    assert validated.returncode == 0, validated.stdout + validated.stderr
    assert "valid: 0 errors" in validated.stdout

    out = work / "screens"
    rendered = _run(
        [kiosk, "render", "--out", str(out), "--size", "800x600", "--lang", "en"], work, env
    )
    assert rendered.returncode == 0, rendered.stdout + rendered.stderr
    screens = sorted((out / "en").glob("*.png"))
    assert len(screens) >= 10 and (out / "contact-sheet.png").stat().st_size > 10_000

    _ready_under_systemd(kiosk, work, env, tmp_path)

    # The contact sheet draws its labels with the shipped font, and says so when it is gone
    # (it used to fall back to Pillow's bitmap font without a word).
    font.unlink()
    sheet = work / "again.png"
    broken = _run(
        [
            python,
            "-c",
            "import sys; from pathlib import Path; "
            "from kiosk.media.contact import contact_sheet; "
            f"contact_sheet([('home', Path({str(screens[0])!r}))], Path({str(sheet)!r}))",
        ],
        work,
        env,
    )
    assert broken.returncode != 0
    assert "PTSans-Regular.ttf is missing" in broken.stderr, broken.stderr
    assert "reinstall it" in broken.stderr
    assert not sheet.exists()


def _ready_under_systemd(kiosk: str, work: Path, env: dict[str, str], tmp_path: Path) -> None:
    """``kiosk run`` of the shipped exhibit tells systemd READY=1 after its first frame."""
    address = tmp_path / "notify.sock"
    server = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    server.bind(str(address))
    server.settimeout(30)
    config = tmp_path / "config.toml"
    config.write_text(f'log_dir = "{tmp_path / "log"}"\n')
    proc = subprocess.Popen(
        [kiosk, "run", "--config", str(config)],
        cwd=work,
        env={**env, "NOTIFY_SOCKET": str(address)},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        messages: list[str] = []
        deadline = time.monotonic() + 40
        while "READY=1" not in messages and time.monotonic() < deadline:
            messages.append(server.recv(256).decode())
    finally:
        proc.terminate()
        out = proc.communicate(timeout=20)[0]
        server.close()
    assert "READY=1" in messages, out
    log = (tmp_path / "log" / "kiosk.log").read_text()
    assert "first frame shown; told systemd READY=1" in log, out
    assert str(REPO) not in log, log
