"""Staff and exhibit packs: install from a USB stick with progress, roll back, stop for
maintenance, in the real scene with real taps; the exhibit never leaves the screen."""

from __future__ import annotations

import io
import json
import shutil
import tarfile

import pytest

from kiosk.content.packs import install_pack, shown_bundle, write_pack
from tests.conftest import DEFAULT_BUNDLE
from tests.ui.scene import exists, find, tap, visible_texts
from tests.ui.test_kiosk_mode import PIN, enter, kiosk_config, open_pad, shown

SIZE = (1280, 1600)  # tall enough for every panel button to be on screen


def bundle_version(tmp, version, title=None):
    out = tmp / f"src-{version}"
    shutil.copytree(DEFAULT_BUNDLE, out)
    doc = json.loads((out / "bundle.json").read_text(encoding="utf-8"))
    doc["version"] = version
    doc.pop("$schema", None)
    if title:
        doc["exhibit"]["title"]["en"] = title
    (out / "bundle.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return out


def hostile_copy(good, out):
    """``good`` with a FIFO member added."""
    with tarfile.open(good) as src, tarfile.open(out, "w:", format=tarfile.PAX_FORMAT) as dst:
        for info in src:
            dst.addfile(info, io.BytesIO(src.extractfile(info).read()) if info.isreg() else None)
        fifo = tarfile.TarInfo(f"{src.getnames()[0]}/images/pipe")
        fifo.type = tarfile.FIFOTYPE
        dst.addfile(fifo)
    return out


def settle(view, qtbot):
    """Wait for the next frame: positioners place new items in the polish before it."""
    with qtbot.waitSignal(view.window.frameSwapped, timeout=5000):
        view.window.update()


def unlock(view, qtbot, clock, name):
    """Open the staff panel with the PIN and wait until ``name`` is on it, laid out."""
    open_pad(view, qtbot, clock)
    enter(view, qtbot, PIN)
    shown(view, qtbot, name)


def test_install_from_usb_then_roll_back(open_kiosk, qtbot, clock, tmp_path):
    content, media = tmp_path / "exhibits", tmp_path / "media"
    install_pack(write_pack(bundle_version(tmp_path, "1.0.0"), tmp_path / "made"), content)
    stick = media / "curator" / "GALLERY-USB"
    stick.mkdir(parents=True)
    new = write_pack(bundle_version(tmp_path, "2.0.0", "Baku 1920, second edition"), stick)
    hostile_copy(new, stick / "evil-9.kioskpack")

    view = open_kiosk(
        size=SIZE,
        bundle=shown_bundle(content),
        config=kiosk_config(content_dir=content, usb_dirs=[media]),
        clock=clock,
    )
    states, steps = [], []
    view.session.stateChanged.connect(lambda: states.append(view.session.state))
    view.staff.installChanged.connect(lambda: steps.append(view.staff.progressText))
    unlock(view, qtbot, clock, "staffInstallUsb")
    # The listing is read on a worker when the panel opens.
    qtbot.waitUntil(lambda: "baku-1920: 1.0.0 · shown" in visible_texts(view.window))
    # Installed exhibits are offered by id, once; the "current" link is no exhibit of its own.
    assert [b["name"] for b in view.staff.info["bundles"]] == ["baku-1920"]

    settle(view, qtbot)  # the new rows are laid out before we tap below them
    with qtbot.waitSignal(view.session.loaded, timeout=20_000):
        tap(view.window, find(view.window, "staffInstallUsb"))
    assert view.session.bundle.version == "2.0.0"
    assert states == []  # the old exhibit stayed Ready on screen until the new one was
    seen = " ".join(steps)
    for step in ("checking", "extracting", "verifying", "validating", "switching"):
        assert f"baku-1920-2.0.0.kioskpack: {step}" in seen
    qtbot.waitUntil(
        lambda: "baku-1920: 2.0.0 · previous 1.0.0 · shown" in visible_texts(view.window)
    )
    message = find(view.window, "staffInstallMessage").property("text")
    assert "Installed: baku-1920 2.0.0" in message
    assert "Not installed: " in message and 'images/pipe": a FIFO' in message

    settle(view, qtbot)
    with qtbot.waitSignal(view.session.loaded, timeout=20_000):
        tap(view.window, find(view.window, "rollback_baku-1920"))
    assert view.session.bundle.version == "1.0.0"
    assert states == []
    qtbot.waitUntil(
        lambda: "baku-1920: 1.0.0 · previous 2.0.0 · shown" in visible_texts(view.window)
    )


def test_no_pack_on_the_stick_is_said_plainly(open_kiosk, qtbot, clock, tmp_path):
    (tmp_path / "media" / "EMPTY").mkdir(parents=True)
    view = open_kiosk(
        size=SIZE,
        config=kiosk_config(content_dir=tmp_path / "exhibits", usb_dirs=[tmp_path / "media"]),
        clock=clock,
    )
    unlock(view, qtbot, clock, "staffInstallUsb")
    tap(view.window, find(view.window, "staffInstallUsb"))
    qtbot.waitUntil(lambda: not view.staff.busy and view.staff.installMessage != "")
    assert "no .kioskpack file on any mounted USB stick" in view.staff.installMessage
    assert view.session.bundle.id == "baku-1920"


def test_stop_for_maintenance_leaves_its_mark_and_quits(
    open_kiosk, qtbot, clock, tmp_path, monkeypatch
):
    mark = tmp_path / "run" / "kiosk" / "maintenance"
    monkeypatch.setenv("KIOSK_MAINTENANCE_FILE", str(mark))
    view = open_kiosk(size=SIZE, config=kiosk_config(), clock=clock)
    view.enter_kiosk()
    unlock(view, qtbot, clock, "staffMaintenance")
    tap(view.window, find(view.window, "staffMaintenance"))
    qtbot.waitUntil(lambda: not view.window.isVisible())
    assert "stopped by staff" in mark.read_text()


def test_without_a_maintenance_file_there_is_no_such_button(open_kiosk, qtbot, clock, monkeypatch):
    monkeypatch.delenv("KIOSK_MAINTENANCE_FILE", raising=False)
    view = open_kiosk(size=SIZE, config=kiosk_config(), clock=clock)
    unlock(view, qtbot, clock, "staffQuit")
    assert not exists(view.window, "staffMaintenance")


@pytest.mark.parametrize("linked", [False, True], ids=["folder", "symlinked-folder"])
def test_an_install_from_a_shell_is_shown_without_a_restart(open_kiosk, qtbot, tmp_path, linked):
    from kiosk.content.packs import rollback

    content = tmp_path / "exhibits"
    if linked:  # the exhibits folder is a link to another disk
        (tmp_path / "big-disk").mkdir()
        content.symlink_to(tmp_path / "big-disk")
    install_pack(write_pack(bundle_version(tmp_path, "1.0.0"), tmp_path / "made"), content)
    view = open_kiosk(
        bundle=shown_bundle(content), config=kiosk_config(content_dir=content), follow=content
    )
    new = write_pack(bundle_version(tmp_path, "2.0.0"), tmp_path / "made")
    with qtbot.waitSignal(view.session.loaded, timeout=10_000):
        install_pack(new, content)  # as `kiosk install` does from a shell
    assert view.session.bundle.version == "2.0.0"
    assert view.session.path == (content / "baku-1920" / "2.0.0").resolve()
    another = bundle_version(tmp_path / "another", "1.0.0")
    doc = json.loads((another / "bundle.json").read_text(encoding="utf-8"))
    doc["id"] = "another-exhibit"
    (another / "bundle.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    with qtbot.waitSignal(view.session.loaded, timeout=10_000):
        install_pack(write_pack(another, tmp_path / "made"), content)  # a new exhibit folder
    assert view.session.bundle.id == "another-exhibit"
    with qtbot.waitSignal(view.session.loaded, timeout=10_000):
        install_pack(write_pack(bundle_version(tmp_path, "3.0.0"), tmp_path / "made"), content)
    assert (view.session.bundle.id, view.session.bundle.version) == ("baku-1920", "3.0.0")
    with qtbot.waitSignal(view.session.loaded, timeout=10_000):
        rollback(content, "baku-1920")
    assert view.session.bundle.version == "2.0.0"


def test_the_panel_and_the_follower_asking_for_one_exhibit_load_it_once(
    open_kiosk, qtbot, tmp_path, monkeypatch
):
    import kiosk.ui.session

    content = tmp_path / "exhibits"
    install_pack(write_pack(bundle_version(tmp_path, "1.0.0"), tmp_path / "made"), content)
    view = open_kiosk(bundle=shown_bundle(content), config=kiosk_config(content_dir=content))
    install_pack(write_pack(bundle_version(tmp_path, "2.0.0"), tmp_path / "made"), content)
    loads = []
    real = kiosk.ui.session.ExhibitSession._load
    monkeypatch.setattr(
        kiosk.ui.session.ExhibitSession,
        "_load",
        lambda self, path: (loads.append(path), real(self, path))[1],
    )
    target = shown_bundle(content)
    with qtbot.waitSignal(view.session.loaded, timeout=10_000):
        view.session.reload(target)  # the staff panel's request
        assert view.session.target == target
        view.session.reload(target)  # the follower's, for the same version, meanwhile
    assert loads == [target]
    assert view.session.path == target and view.session.target == target


def test_a_pack_from_usb_is_held_to_the_configured_pixel_limit(open_kiosk, qtbot, clock, tmp_path):
    # The exhibit shown fits the limit (2.6 MP images); the pack brings a 4-MP scan. The
    # staff desk must check it against the config's limit, not Pillow's default (89 MP).
    from PIL import Image

    content, media = tmp_path / "exhibits", tmp_path / "media"
    install_pack(write_pack(bundle_version(tmp_path, "1.0.0"), tmp_path / "made"), content)
    big = bundle_version(tmp_path, "2.0.0")
    Image.new("RGB", (2500, 1600), "#806040").save(big / "images" / "f-iii-541.jpg")
    stick = media / "GALLERY-USB"
    stick.mkdir(parents=True)
    write_pack(big, stick)
    view = open_kiosk(
        size=SIZE,
        bundle=shown_bundle(content),
        config=kiosk_config(content_dir=content, usb_dirs=[media], max_image_pixels=3_000_000),
        clock=clock,
    )
    unlock(view, qtbot, clock, "staffInstallUsb")
    qtbot.waitUntil(lambda: "baku-1920: 1.0.0 · shown" in visible_texts(view.window))
    settle(view, qtbot)
    tap(view.window, find(view.window, "staffInstallUsb"))
    message = lambda: find(view.window, "staffInstallMessage").property("text")  # noqa: E731
    qtbot.waitUntil(lambda: "Not installed: " in message(), timeout=20_000)
    assert 'f-iii-541.jpg" has more than 3,000,000 pixels' in message()
    assert view.session.bundle.version == "1.0.0"
