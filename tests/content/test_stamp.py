"""Validation stamps: a bundle checked once is taken on trust only while its files are as
they were (kiosk.content.stamp), and never hides a fault that a full check would find."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from kiosk.content import load_bundle
from kiosk.content.stamp import STAMPS_DIR, stamp_path
from tests.conftest import outcome_and_checkers


def _facts(loaded):
    return (
        loaded.images,
        [(p.severity, p.code, p.message, p.path) for p in loaded.report.problems],
        loaded.bundle,
    )


@pytest.fixture
def stamps(tmp_path: Path) -> Path:
    return tmp_path / "cache" / STAMPS_DIR


def test_a_second_load_takes_the_stamp_and_finds_the_same(bundle_dir, stamps, monkeypatch):
    first = load_bundle(bundle_dir, stamps=stamps)
    assert first.stamp == "written" and first.bundle is not None
    assert stamp_path(stamps, bundle_dir.resolve()).is_file()

    # The stamp's findings are taken: no image is opened again.
    import kiosk.content.checks as checks

    def no_check(*args, **kwargs):
        raise AssertionError("the bundle was checked again")

    monkeypatch.setattr(checks, "check_bundle", no_check)
    second = load_bundle(bundle_dir, stamps=stamps)
    assert second.stamp == "matched"
    assert _facts(second) == _facts(first)


def test_warnings_come_back_from_the_stamp(bundle_dir, stamps, default_doc, write_doc):
    default_doc["exhibit"]["title"]["ru"] = ""  # a missing translation: a warning
    write_doc(default_doc)
    first = load_bundle(bundle_dir, stamps=stamps)
    assert first.bundle is not None and first.report.warnings
    second = load_bundle(bundle_dir, stamps=stamps)
    assert second.stamp == "matched"
    assert [str(p) for p in second.report.warnings] == [str(p) for p in first.report.warnings]


def _image(bundle_dir: Path) -> Path:
    return next((bundle_dir / "images").glob("*.jpg"))


def test_a_broken_image_is_found_even_with_its_old_times(bundle_dir, stamps):
    load_bundle(bundle_dir, stamps=stamps)
    image = _image(bundle_dir)
    st = image.stat()
    data = image.read_bytes()
    image.write_bytes(bytes(200) + data[200:])  # no longer an image, and the same size
    # The old modification time is easy to put back; the change time (set by the kernel)
    # still tells.
    os.utime(image, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert image.stat().st_size == st.st_size
    loaded = load_bundle(bundle_dir, stamps=stamps)
    assert loaded.stamp == ""
    assert loaded.bundle is None
    assert any(image.name in str(p) for p in loaded.report.errors)


def test_an_edit_of_bundle_json_is_checked(bundle_dir, stamps, default_doc, write_doc):
    load_bundle(bundle_dir, stamps=stamps)
    default_doc["people"][0]["portrait"] = "no-such-media"
    write_doc(default_doc)
    loaded = load_bundle(bundle_dir, stamps=stamps)
    assert loaded.bundle is None
    assert any("no-such-media" in str(p) for p in loaded.report.errors)
    # A bundle with errors is not stamped: the next load checks it again.
    again = load_bundle(bundle_dir, stamps=stamps)
    assert again.stamp != "matched" and again.bundle is None


def test_a_file_removed_or_added_makes_the_stamp_stale(bundle_dir, stamps):
    load_bundle(bundle_dir, stamps=stamps)
    extra = bundle_dir / "images" / "notes.txt"
    extra.write_text("curator's notes", encoding="utf-8")
    assert load_bundle(bundle_dir, stamps=stamps).stamp == "written"
    assert load_bundle(bundle_dir, stamps=stamps).stamp == "matched"
    _image(bundle_dir).unlink()
    loaded = load_bundle(bundle_dir, stamps=stamps)
    assert loaded.stamp == "" and loaded.bundle is None  # the missing image is reported


def test_another_pixel_limit_checks_again(bundle_dir, stamps):
    load_bundle(bundle_dir, stamps=stamps)
    small = load_bundle(bundle_dir, stamps=stamps, max_pixels=1000)
    assert small.bundle is None  # every image is over 1,000 pixels
    assert any(p.code == "image-too-large" for p in small.report.errors)


def test_a_damaged_stamp_is_ignored_and_replaced(bundle_dir, stamps):
    load_bundle(bundle_dir, stamps=stamps)
    path = stamp_path(stamps, bundle_dir.resolve())
    for damage in (b"", b"{not json", b"[]", json.dumps({"fingerprint": 3}).encode()):
        path.write_bytes(damage)
        loaded = load_bundle(bundle_dir, stamps=stamps)
        assert loaded.stamp == "written" and loaded.bundle is not None
    assert load_bundle(bundle_dir, stamps=stamps).stamp == "matched"


def test_a_stamp_whose_findings_were_edited_to_an_error_is_not_trusted(bundle_dir, stamps):
    load_bundle(bundle_dir, stamps=stamps)
    path = stamp_path(stamps, bundle_dir.resolve())
    data = json.loads(path.read_bytes())
    data["problems"] = [
        {
            "severity": "error",
            "code": "x",
            "message": "m",
            "file": "f",
            "path": "",
            "line": None,
            "column": None,
        }
    ]
    path.write_text(json.dumps(data), encoding="utf-8")
    assert load_bundle(bundle_dir, stamps=stamps).stamp == "written"


def test_a_stamps_folder_that_cannot_be_written_loads_and_says_why(bundle_dir, tmp_path):
    # (a folder in the way is refused even to root, unlike a read-only one)
    blocker = tmp_path / "blocker"
    blocker.write_text("", encoding="utf-8")
    loaded = load_bundle(bundle_dir, stamps=blocker / STAMPS_DIR)
    assert loaded.bundle is not None
    assert loaded.stamp.startswith("not stamped:")


def test_prepare_stamps_checking_in_full(bundle_dir, stamps, monkeypatch):
    load_bundle(bundle_dir, stamps=stamps)
    calls = []
    import kiosk.content.checks as checks

    real = checks.check_bundle
    monkeypatch.setattr(checks, "check_bundle", lambda *a, **k: calls.append(1) or real(*a, **k))
    loaded = load_bundle(bundle_dir, stamps=stamps, trust_stamp=False)
    assert loaded.stamp == "written" and calls == [1]


def test_no_stamps_folder_no_stamp(bundle_dir):
    loaded = load_bundle(bundle_dir)
    assert loaded.stamp == "" and loaded.bundle is not None


def test_a_stamp_half_written_by_a_killed_writer_is_swept(bundle_dir, stamps):
    import subprocess

    load_bundle(bundle_dir, stamps=stamps)
    final = stamp_path(stamps, bundle_dir.resolve())
    dead = subprocess.Popen(["true"])
    dead.wait()
    half = final.with_name(f".{final.name}.{dead.pid}.0badf00d.tmp")
    half.write_bytes(final.read_bytes()[:40])
    live = final.with_name(f".{final.name}.{os.getpid()}.0badf00d.tmp")  # a writer at work
    live.write_bytes(b"{")
    assert load_bundle(bundle_dir, stamps=stamps).stamp == "matched"
    assert not half.exists()
    assert live.exists()
    assert sorted(p.name for p in stamps.iterdir()) == sorted([final.name, live.name])


def test_a_folder_link_turned_elsewhere_makes_the_stamp_stale(bundle_dir, stamps, default_doc):
    """The images behind a link to a folder are the link's: turned to another folder of
    the bundle, the same names are other files, and are checked."""
    images = bundle_dir / "images"
    good = bundle_dir / "v1"
    images.rename(good)
    bad = bundle_dir / "v2"
    shutil.copytree(good, bad)
    for image in bad.glob("*.jpg"):
        image.write_bytes(b"not an image")
    images.symlink_to("v1")
    assert load_bundle(bundle_dir, stamps=stamps).bundle is not None
    assert load_bundle(bundle_dir, stamps=stamps).stamp == "matched"
    images.unlink()
    images.symlink_to("v2")
    loaded = load_bundle(bundle_dir, stamps=stamps)
    assert loaded.stamp == "" and loaded.bundle is None
    assert any("images/" in str(p) for p in loaded.report.errors)


def test_bundle_json_edited_after_the_fingerprint_is_checked_in_full(
    bundle_dir, stamps, default_doc, write_doc, monkeypatch
):
    import kiosk.content.stamp as stamp_module

    load_bundle(bundle_dir, stamps=stamps)
    real = stamp_module.fingerprint

    def then_edited(root, max_pixels):
        taken = real(root, max_pixels)  # as the load starts…
        default_doc["people"][0]["portrait"] = "no-such-media"
        write_doc(default_doc)  # …a curator saves bundle.json
        return taken

    monkeypatch.setattr(stamp_module, "fingerprint", then_edited)
    loaded = load_bundle(bundle_dir, stamps=stamps)
    assert loaded.bundle is None
    assert any("no-such-media" in str(p) for p in loaded.report.errors)


def test_the_stamps_of_bundle_folders_that_are_gone_are_removed(bundle_dir, stamps, tmp_path):
    """One stamp per bundle folder: a kiosk that installs a new version now and then (each in
    a folder of its own, the old one removed) must not keep a stamp of every version."""
    old = tmp_path / "exhibit-1"
    shutil.copytree(bundle_dir, old)
    assert load_bundle(old, stamps=stamps).stamp == "written"
    other = tmp_path / "exhibit-2"  # still there: its stamp stays
    shutil.copytree(bundle_dir, other)
    assert load_bundle(other, stamps=stamps).stamp == "written"
    unknown = stamps / ("0" * 32 + ".json")  # no "root": not a stamp prune can judge
    unknown.write_text("{}", encoding="utf-8")
    shutil.rmtree(old)
    assert load_bundle(bundle_dir, stamps=stamps).stamp == "written"
    assert not stamp_path(stamps, old.resolve()).exists()
    assert stamp_path(stamps, other.resolve()).exists()
    assert stamp_path(stamps, bundle_dir.resolve()).exists()
    assert unknown.exists()
    assert load_bundle(bundle_dir, stamps=stamps).stamp == "matched"


def _modules_after_load(bundle_dir: Path, stamps: Path) -> tuple[str, list[str]]:
    """In a fresh interpreter: the stamp outcome of a load, and which of the modules that
    check a bundle (pydantic, the schema, the checks) it imported."""
    return outcome_and_checkers(
        "from pathlib import Path; from kiosk.content.load import load_bundle\n"
        f"loaded = load_bundle(Path({str(bundle_dir)!r}), stamps=Path({str(stamps)!r}))\n"
        "assert loaded.bundle is not None, loaded.report.problems\n"
        "print(loaded.stamp)"
    )


def test_a_load_from_a_stamp_imports_neither_pydantic_nor_the_checks(bundle_dir, stamps):
    # The first load checks the bundle in full: pydantic, the schema and the checks.
    outcome, heavy = _modules_after_load(bundle_dir, stamps)
    assert outcome == "written"
    assert {"pydantic", "kiosk.content.spec", "kiosk.content.checks"} <= set(heavy)
    # A start whose files match builds the bundle from the stamp, with none of them.
    outcome, heavy = _modules_after_load(bundle_dir, stamps)
    assert (outcome, heavy) == ("matched", [])


def test_a_stamp_whose_document_will_not_build_is_checked_in_full(bundle_dir, stamps):
    first = load_bundle(bundle_dir, stamps=stamps)
    path = stamp_path(stamps, bundle_dir.resolve())
    data = json.loads(path.read_text(encoding="utf-8"))
    for damage in ({}, {"id": "x"}, {**data["document"], "exhibit": "a title"}, []):
        data["document"] = damage
        path.write_text(json.dumps(data), encoding="utf-8")
        again = load_bundle(bundle_dir, stamps=stamps)
        assert again.stamp == "written", damage
        assert again.bundle == first.bundle


def test_the_stamp_keeps_the_bundle_as_validation_coerced_it(
    bundle_dir, stamps, default_doc, write_doc
):
    # Lax JSON that validation accepts and converts: a number of seconds given as an
    # integer, a year as a string. A start from the stamp sees what the check saw.
    default_doc["visit"] = {"idle_timeout": 30}
    default_doc["story"][0]["date"] = {"year": "1920"}
    write_doc(default_doc)
    first = load_bundle(bundle_dir, stamps=stamps)
    second = load_bundle(bundle_dir, stamps=stamps)
    assert (first.stamp, second.stamp) == ("written", "matched")
    for loaded in (first, second):
        assert loaded.bundle is not None and loaded.bundle.visit is not None
        assert repr(loaded.bundle.visit.idle_timeout) == "30.0"
        date = loaded.bundle.story[0].date
        assert date is not None and repr(date.year) == "1920"
    assert second.bundle == first.bundle
    # The stamp keeps what validation made of the JSON, not the JSON as it was written.
    kept = json.loads(stamp_path(stamps, bundle_dir.resolve()).read_text(encoding="utf-8"))
    assert repr(kept["document"]["visit"]["idle_timeout"]) == "30.0"
    assert repr(kept["document"]["story"][0]["date"]["year"]) == "1920"


def test_a_load_from_a_stamp_does_not_read_bundle_json(bundle_dir, stamps, monkeypatch):
    first = load_bundle(bundle_dir, stamps=stamps)
    read = Path.read_bytes

    def refuse(path: Path) -> bytes:
        if path.name == "bundle.json":
            raise AssertionError("bundle.json was read")
        return read(path)

    monkeypatch.setattr(Path, "read_bytes", refuse)
    second = load_bundle(bundle_dir, stamps=stamps)
    assert second.stamp == "matched" and second.bundle == first.bundle
