"""Image checks that tell the truth: bytes after a whole image are fine, damage inside one is
not, Pillow's warnings reach curators in our words, and messages say what is really wrong
(a link loop, a FIFO, a name in another Unicode form, a number or nesting too big).

The hostile corpus (tests/content/hostile_corpus.py) goes through a real `kiosk validate`
process, and through the deep check (every image decoded), in one bundle."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

from kiosk.content import libjpeg, load_bundle
from kiosk.content.assets import AssetError, check_image
from kiosk.content.problems import Problem
from tests import processes
from tests.conftest import DEFAULT_BUNDLE, REPO
from tests.content.hostile_corpus import CASES, Case, Expect, write_corpus

#: Words of raw library messages that must never reach a curator.
RAW = ("decoder error", "UserWarning", "SyntaxError", "cannot identify image", "Traceback")


@pytest.fixture(scope="module")
def corpus_bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The default bundle with one more media item per corpus case."""
    root = tmp_path_factory.mktemp("hostile") / "bundle"
    shutil.copytree(DEFAULT_BUNDLE, root)
    write_corpus(root / "images" / "hostile")
    doc = json.loads((root / "bundle.json").read_text(encoding="utf-8"))
    template = doc["media"][2]
    for n, case in enumerate(CASES):
        doc["media"].append(
            {**template, "id": f"hostile-{n}", "file": f"images/hostile/{case.ref}", "people": []}
        )
    (root / "bundle.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return root


def _first_case_index(root: Path) -> int:
    doc = json.loads((root / "bundle.json").read_text(encoding="utf-8"))
    return len(doc["media"]) - len(CASES)


@pytest.fixture(scope="module")
def plain_run(corpus_bundle: Path) -> tuple[dict[str, Any], str]:
    """`kiosk validate --json` over the corpus, as a real process: (report, stderr)."""
    env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONWARNINGS": "default"}
    done = subprocess.run(
        [sys.executable, "-m", "kiosk", "validate", "--json", str(corpus_bundle)],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )
    assert done.returncode == 1, done.stderr  # the corpus has errors
    return json.loads(done.stdout), done.stderr


@pytest.fixture(scope="module")
def deep_problems(corpus_bundle: Path) -> list[Problem]:
    """The deep check (every image decoded) over the corpus."""
    return load_bundle(corpus_bundle, deep=True).report.problems


def _at(problems: list[dict[str, Any]], path: str) -> list[dict[str, Any]]:
    return [p for p in problems if p["path"] == path]


def _assert_outcome(found: list[dict[str, Any]], expect: Expect, case: Case) -> None:
    if expect.outcome == "accepted":
        assert found == [], f"{case.name}: expected no problem, got {found}"
        return
    assert len(found) == 1, f"{case.name}: expected one {expect.outcome}, got {found}"
    problem = found[0]
    assert (problem["severity"], problem["code"]) == (expect.outcome, expect.code), problem
    assert expect.words in problem["message"], problem["message"]
    assert not any(word in problem["message"] for word in RAW), problem["message"]


@pytest.mark.parametrize("n", range(len(CASES)), ids=[c.name for c in CASES])
def test_validate_says_what_each_hostile_file_is(plain_run, corpus_bundle, n):
    report, _ = plain_run
    path = f"media[{_first_case_index(corpus_bundle) + n}].file"
    _assert_outcome(_at(report["problems"], path), CASES[n].plain, CASES[n])


@pytest.mark.parametrize("n", range(len(CASES)), ids=[c.name for c in CASES])
def test_deep_check_says_what_each_hostile_file_is(deep_problems, corpus_bundle, n):
    path = f"media[{_first_case_index(corpus_bundle) + n}].file"
    found = [p.to_json() for p in deep_problems if p.path == path]
    _assert_outcome(found, CASES[n].expect_deep, CASES[n])


def test_no_traceback_and_no_raw_library_text(plain_run):
    report, stderr = plain_run
    assert "Traceback" not in stderr
    assert "Warning" not in stderr  # Pillow's warnings were taken, not printed
    for problem in report["problems"]:
        assert not any(word in problem["message"] for word in RAW), problem


def test_validate_deep_says_the_same_through_its_workers(corpus_bundle):
    """`kiosk validate --deep` (every image decoded in a sandboxed worker) finds what the
    deep check finds, and prints nothing raw: no traceback, no Pillow or libtiff text."""
    env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONWARNINGS": "default"}
    done = subprocess.run(
        [sys.executable, "-m", "kiosk", "validate", "--deep", "--json", str(corpus_bundle)],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    assert done.stderr == ""
    problems = json.loads(done.stdout)["problems"]
    first = _first_case_index(corpus_bundle)
    for n, case in enumerate(CASES):
        _assert_outcome(_at(problems, f"media[{first + n}].file"), case.expect_deep, case)


def test_validate_deep_decodes_no_file_the_header_checks_never_held_to_their_rules(
    tmp_path, monkeypatch
):
    """A second media item with a used id, naming a file outside the bundle: the loader
    reports the duplicate and checks only the first; the deep check must not decode the
    second's file either (it would read outside the bundle)."""
    from kiosk.cli import main
    from kiosk.media import worker

    bundle = tmp_path / "b"
    shutil.copytree(DEFAULT_BUNDLE, bundle)
    doc = json.loads((bundle / "bundle.json").read_text(encoding="utf-8"))
    first = doc["media"][0]
    shutil.copy(bundle / first["file"], tmp_path / "x.jpg")
    doc["media"].append({**first, "file": "../x.jpg"})
    doc["media"].append({**first, "file": str(tmp_path / "x.jpg")})
    (bundle / "bundle.json").write_text(json.dumps(doc), encoding="utf-8")
    decoded: list[str] = []
    real = worker.check_all

    def spy(checks, limits=None):
        decoded.extend(c.relative for c in checks)
        return real(checks, limits)

    monkeypatch.setattr(worker, "check_all", spy)
    assert main(["validate", "--deep", "--json", str(bundle)]) == 1
    assert decoded.count(first["file"]) == 1
    assert not [f for f in decoded if "x.jpg" in f]


def test_the_default_bundle_still_passes_deep():
    assert load_bundle(DEFAULT_BUNDLE, deep=True).report.errors == []


# --- the libjpeg warnings Pillow drops -----------------------------------------------------


def test_libjpeg_warnings_are_seen_here():
    # The check is skipped only where the libjpeg 6.2 ABI is missing; not on this machine.
    assert libjpeg.available()


def test_libjpeg_names_the_damage(tmp_path):
    write_corpus(tmp_path)
    sound = (tmp_path / "orientation-1.jpg").read_bytes()
    damaged = (tmp_path / "cut-then-end-marker.jpg").read_bytes()
    assert libjpeg.jpeg_warnings(sound) == []
    assert libjpeg.jpeg_warnings(sound + os.urandom(4096)) == []  # trailing bytes are fine
    warned = libjpeg.jpeg_warnings(damaged)
    assert warned and "premature end of data segment" in warned[0]


def test_libtiff_errors_are_taken_not_printed(tmp_path, capfd):
    write_corpus(tmp_path)
    with pytest.raises(AssetError) as refused:
        check_image(tmp_path, "corrupt-strip.tif", deep=True)
    assert 'libtiff says "Using code not yet in table"' in str(refused.value)
    assert "Using code not yet in table" not in capfd.readouterr().err


# --- Pillow's warnings, per thread ---------------------------------------------------------


def test_warnings_are_taken_per_thread(tmp_path):
    """Eight threads check images at once: each gets its own file's warning, and the
    sound files none (catch_warnings is process-wide; the capture must not mix threads)."""
    write_corpus(tmp_path)
    names = ["corrupt-exif.jpg", "orientation-3.jpg"] * 4
    results: dict[int, tuple[tuple[str, str], ...]] = {}

    def check(i: int) -> None:
        for _ in range(5):
            results[i] = check_image(tmp_path, names[i]).notes

    threads = [threading.Thread(target=check, args=(i,)) for i in range(len(names))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for i, name in enumerate(names):
        if name == "corrupt-exif.jpg":
            assert len(results[i]) == 1 and name in results[i][0][1], results[i]
        else:
            assert results[i] == (), results[i]


def test_a_warning_from_another_thread_is_left_alone(tmp_path, recwarn):
    """A warning another thread raises while an image is being checked goes where it would
    have gone, not into that image's report."""
    import warnings

    write_corpus(tmp_path)
    started, release = threading.Event(), threading.Event()
    from kiosk.content import assets

    real = assets.open_image

    def slow_open(*args: Any, **kw: Any) -> Any:
        started.set()
        assert release.wait(10)
        return real(*args, **kw)

    notes: list[Any] = []
    mp = pytest.MonkeyPatch()
    mp.setattr(assets, "open_image", slow_open)
    try:
        worker = threading.Thread(
            target=lambda: notes.append(check_image(tmp_path, "orientation-1.jpg").notes)
        )
        worker.start()
        assert started.wait(10)
        warnings.warn("someone else's warning", UserWarning, stacklevel=1)
        release.set()
        worker.join()
    finally:
        mp.undo()
    assert notes == [()]
    assert any("someone else's warning" in str(w.message) for w in recwarn)


# --- messages that say what is wrong -------------------------------------------------------


def _bundle_json_problem(root: Path) -> str:
    (problem,) = load_bundle(root).report.problems
    return str(problem)


def test_bundle_json_that_is_a_fifo_or_a_loop(tmp_path):
    os.mkfifo(tmp_path / "bundle.json")
    assert "is a named pipe (FIFO), not a regular file" in _bundle_json_problem(tmp_path)
    (tmp_path / "bundle.json").unlink()
    (tmp_path / "bundle.json").symlink_to("bundle.json")
    assert "is a symbolic link loop" in _bundle_json_problem(tmp_path)
    (tmp_path / "bundle.json").unlink()
    assert "no bundle.json in" in _bundle_json_problem(tmp_path)


def test_nesting_too_deep_names_its_line(tmp_path):
    deep = "[" * 100_000 + "]" * 100_000
    (tmp_path / "bundle.json").write_text(f'{{"format": "kiosk-bundle",\n\n "x": {deep}}}')
    (problem,) = load_bundle(tmp_path).report.problems
    assert problem.line == 3
    assert "nested 100,001 deep" in problem.message


def test_a_number_too_long_names_its_line(tmp_path):
    (tmp_path / "bundle.json").write_text('{"format": "kiosk-bundle",\n "x":\n' + "7" * 5000 + "}")
    (problem,) = load_bundle(tmp_path).report.problems
    assert problem.line == 3
    assert "a number with 5,000 digits" in problem.message
    assert "set_int_max_str_digits" not in problem.message


#: Root without the capabilities that pass permission checks: it is refused a file only
#: its owner may read.
WITHOUT_DAC = [*processes.WITHOUT_DAC, "--"]
CHECK = (
    "import sys; from pathlib import Path; from kiosk.content.assets import AssetError, "
    "check_image\ntry:\n    check_image(Path(sys.argv[1]), sys.argv[2])\n"
    "except AssetError as exc:\n    print(exc.code, exc)\nelse:\n    print('accepted')"
)


def test_an_unreadable_image_is_reported_as_such(tmp_path):
    write_corpus(tmp_path)
    image = tmp_path / "orientation-1.jpg"
    os.chown(image, 1234, 1234)
    image.chmod(0o600)

    def check() -> str:
        done = subprocess.run(
            [*WITHOUT_DAC, sys.executable, "-c", CHECK, str(tmp_path), image.name],
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
        return done.stdout.strip()

    said = check()
    assert said.startswith("unreadable-file"), said
    assert "Permission denied" in said and "check its permissions" in said
    image.chmod(0o644)  # the same reader, a readable file: the check can pass
    assert check() == "accepted"


def test_an_unexpected_pillow_exception_is_one_images_problem(tmp_path, monkeypatch):
    from PIL import Image, ImageFile

    write_corpus(tmp_path)

    def broken(self: Any) -> Any:
        raise IndexError("tuple index out of range")

    monkeypatch.setattr(ImageFile.ImageFile, "load", broken)
    with pytest.raises(AssetError) as refused:
        check_image(tmp_path, "orientation-2.jpg", deep=True)
    assert refused.value.code == "bad-image"
    assert "Pillow failed on it (IndexError: tuple index out of range)" in str(refused.value)
    # Pillow's opener turns the same exception in its EXIF reading into "cannot identify
    # image file '/full/path'": that comes out in our words too.
    monkeypatch.setattr(Image.Image, "getexif", broken)
    with pytest.raises(AssetError) as refused:
        check_image(tmp_path, "orientation-2.jpg")
    assert "its header is damaged" in str(refused.value)
    assert str(tmp_path) not in str(refused.value)
