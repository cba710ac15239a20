"""Start-up: the kiosk's first screen appears whole, at once; what start-up leaves for later.

Each frame's state is read on the GUI thread just before the frame is synchronised and kept
with the frame when it is swapped (as benchmarks/probe does), so the assertions are about
what each frame showed.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QObject, Qt
from PySide6.QtQuick import QQuickItem

from kiosk.config import Config
from kiosk.ui.navigation import Navigator
from tests.conftest import DEFAULT_BUNDLE, REPO
from tests.ui.scene import items


def _named(window, name: str) -> QQuickItem | None:
    return next((i for i in items(window.contentItem()) if i.objectName() == name), None)


def _opacity(item: QQuickItem) -> float:
    """The opacity an item is drawn with: its own times every ancestor's."""
    value = 1.0
    while item is not None:
        value *= item.opacity()
        item = item.parentItem()
    return value


class FrameLog(QObject):
    """(screen drawn at, hero decoded, hero drawn at) for every frame swapped."""

    def __init__(self, window) -> None:
        super().__init__()
        self.window = window
        self.frames: list[tuple[float, bool, float]] = []
        self._seen: tuple[float, bool, float] | None = None
        self._synced: tuple[float, bool, float] | None = None
        direct = Qt.ConnectionType.DirectConnection
        window.afterAnimating.connect(self._look, direct)
        window.afterSynchronizing.connect(self._sync, direct)
        window.frameSwapped.connect(self._swapped, direct)

    def _look(self) -> None:
        screens, hero = _named(self.window, "screens"), _named(self.window, "heroImage")
        if screens is None or screens.property("item") is None:
            self._seen = (0.0, False, 0.0)
            return
        if hero is None:  # another screen
            self._seen = (_opacity(screens.property("item")), False, 0.0)
            return
        picture = next(
            c for c in hero.childItems() if c.metaObject().className().startswith("QQuickImage")
        )
        self._seen = (
            _opacity(screens.property("item")),
            picture.property("progress") == 1.0 and picture.property("paintedWidth") > 0,
            _opacity(picture),
        )

    def _sync(self) -> None:
        self._synced = self._seen

    def _swapped(self) -> None:
        if self._synced is not None:
            self.frames.append(self._synced)


def test_the_first_screen_appears_whole_without_fading(qapp, qtbot, qml_warnings, tmp_path):
    from kiosk.ui.app import KioskView

    config = Config(cache_dir=tmp_path / "cache")
    # A kiosk that has started before: the pictures for this screen are in the cache.
    first = KioskView(DEFAULT_BUNDLE, config=config)
    try:
        first.window.resize(1280, 800)
        first.window.show()
        first.start()
        qtbot.waitUntil(lambda: first.session.exhibit.heroUrl.toString() != "", timeout=30_000)
    finally:
        first.close()

    view = KioskView(DEFAULT_BUNDLE, config=config)
    try:
        log = FrameLog(view.window)
        view.window.resize(1280, 800)
        view.window.show()
        view.start()
        qtbot.waitUntil(lambda: any(s > 0 for s, _, _ in log.frames), timeout=20_000)
        qtbot.waitUntil(lambda: log.frames[-1] == (1.0, True, 1.0), timeout=5000)
        shown = [f for f in log.frames if f[0] > 0]
        # Every frame that showed Home showed it whole: at full strength, its picture in.
        assert shown and all(f == (1.0, True, 1.0) for f in shown), shown[:5]

        # Later screens still fade in (the first screen alone is shown at once).
        before = len(log.frames)
        view.session.navigator.open(int(Navigator.Screen.Story), 0)
        qtbot.waitUntil(lambda: any(0 < s < 1 for s, _, _ in log.frames[before:]), timeout=5000)
    finally:
        view.close()
    assert qml_warnings() == []


def test_a_first_picture_that_never_comes_holds_the_screen_back_two_seconds_at_most(
    qapp, qtbot, qml_warnings, tmp_path, monkeypatch
):
    """Home waits for its picture, but not for ever: a hero whose file never finishes
    reading (a FIFO nobody writes to: the reader blocks in open()) is shown without it after
    Theme.firstScreenWaitMs, and the picture is still loading when Home appears."""
    import dataclasses
    import time

    from PySide6.QtCore import QUrl

    from kiosk.ui.app import KioskView
    from kiosk.ui.exhibit import Exhibit

    fifo = tmp_path / "never.jpg"
    os.mkfifo(fifo)
    real_show_front = Exhibit.show_front

    def stalled_hero(self, front, sections):
        stalled = dataclasses.replace(front, hero_url=QUrl.fromLocalFile(str(fifo)))
        real_show_front(self, stalled, sections)

    monkeypatch.setattr(Exhibit, "show_front", stalled_hero)
    view = KioskView(DEFAULT_BUNDLE, config=Config(cache_dir=tmp_path / "cache"))

    def release() -> None:
        # The blocked reader gets end of file (an image error), so the window can close.
        # (With no reader yet, there is nothing to release: ENXIO.)
        with contextlib.suppress(OSError):
            os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))

    try:
        log = FrameLog(view.window)
        ready: list[float] = []  # when Home's state became Ready (QML's wait starts then)
        shown: list[float] = []  # when the first frame that shows Home was swapped
        direct = Qt.ConnectionType.DirectConnection

        def state() -> None:
            if view.session.exhibit.status == Exhibit.State.Ready and not ready:
                ready.append(time.monotonic())

        def swapped() -> None:  # after FrameLog's own slot: the frame is in log.frames
            if not shown and any(s > 0 for s, _, _ in log.frames):
                shown.append(time.monotonic())

        view.session.exhibit.stateChanged.connect(state, direct)
        view.window.frameSwapped.connect(swapped, direct)
        view.window.resize(1280, 800)
        view.window.show()
        view.start()
        qtbot.waitUntil(lambda: bool(ready) and bool(shown), timeout=20_000)
        hero = _named(view.window, "heroImage")
        assert hero is not None and hero.property("loading") is True
        wait = view.engine.singletonInstance("Kiosk", "Theme").property("firstScreenWaitMs") / 1000
        assert wait > 0
        # Not before the limit (it waited for the picture), and not long after it.
        assert shown[0] - ready[0] >= wait - 0.05, shown[0] - ready[0]
        assert shown[0] - ready[0] < wait + 3.0, shown[0] - ready[0]
        assert all(f == (1.0, False, 0.0) or f[0] == 0 for f in log.frames), log.frames[:5]
    finally:
        try:
            release()
        finally:
            view.close()
    # The FIFO, once released, is a file that cannot seek: Qt's image readers say so.
    assert [w for w in qml_warnings() if "Cannot set file position" not in w] == []


def test_qml_byte_code_is_kept_in_the_cache_folder(tmp_path):
    """The first start compiles the QML and keeps the byte code in the kiosk's cache
    folder; the next start finds it there (a process of its own: Qt reads the folder once)."""
    cache = tmp_path / "cache"
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from kiosk.config import Config\n"
        "from kiosk.ui.app import KioskView, create_app\n"
        "app = create_app()\n"
        f"config = Config(cache_dir=Path({str(cache)!r}))\n"
        f"view = KioskView(Path({str(DEFAULT_BUNDLE)!r}), config=config)\n"
        "view.close()\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "QML_DISK_CACHE_PATH"}
    env["QT_QPA_PLATFORM"] = "offscreen"

    def start() -> dict[str, int]:
        run = subprocess.run(
            [sys.executable, "-c", script], cwd=REPO, env=env, capture_output=True, timeout=120
        )
        assert run.returncode == 0, run.stderr.decode()[-2000:]
        return {p.name: p.stat().st_mtime_ns for p in Path(cache, "qml").glob("*.qmlc")}

    compiled = start()
    # Main, the screens and their components: one unit per QML file of the module.
    qml_files = list((REPO / "resources" / "qml" / "Kiosk").rglob("*.qml"))
    assert len(compiled) >= len(qml_files) - 2, (len(compiled), len(qml_files))
    # The next start loads them: none is compiled (written) again.
    assert start() == compiled


def test_without_a_gpu_qt_quick_draws_in_software(tmp_path, monkeypatch):
    """No render node: Qt Quick's own software renderer, not OpenGL on Mesa's llvmpipe (60 MB
    of LLVM, and every frame redrawn whole); a render node: OpenGL; QT_QUICK_BACKEND wins."""
    from kiosk.ui.app import choose_renderer

    monkeypatch.delenv("QT_QUICK_BACKEND", raising=False)
    dri = tmp_path / "dri"
    assert choose_renderer(dri) == "software"  # no such folder: no GPU
    dri.mkdir()
    (dri / "card0").touch()  # a display controller alone renders nothing
    assert choose_renderer(dri) == "software"
    (dri / "renderD128").touch()
    assert choose_renderer(dri) == "opengl"
    monkeypatch.setenv("QT_QUICK_BACKEND", "software")
    assert choose_renderer(dri) == "software"


def test_a_kiosk_without_a_gpu_sets_qt_quick_to_software_before_its_first_window():
    """In a process of its own: Qt takes the choice only before its first window."""
    script = (
        "from PySide6.QtQuick import QQuickWindow\n"
        "from kiosk.ui.app import create_app\n"
        "before = QQuickWindow.sceneGraphBackend() or '-'\n"
        "app = create_app()\n"
        "print(before, QQuickWindow.sceneGraphBackend() or '-')\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "QT_QUICK_BACKEND"}
    env["QT_QPA_PLATFORM"] = "offscreen"
    run = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO, env=env, capture_output=True, timeout=120
    )
    assert run.returncode == 0, run.stderr.decode()[-2000:]
    gpu = Path("/dev/dri").is_dir() and any(Path("/dev/dri").glob("renderD*"))
    assert run.stdout.decode().split() == ["-", "-" if gpu else "software"]


KIOSK_PREPARE = (sys.executable, "-m", "kiosk", "prepare")


def _prepare(cache: Path) -> subprocess.CompletedProcess[str]:
    """``kiosk prepare`` as IT runs it at install: no display, no Qt settings."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("QML_DISK_CACHE_PATH", "QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")
    }
    return subprocess.run(
        [*KIOSK_PREPARE, str(DEFAULT_BUNDLE), "--cache", str(cache), "--size", "1280x800"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_prepare_compiles_the_qml_for_the_first_start(tmp_path):
    cache = tmp_path / "cache"
    done = _prepare(cache)
    assert done.returncode == 0, done.stdout + done.stderr
    compiled = list((cache / "qml").glob("*.qmlc"))
    qml_files = list((REPO / "resources" / "qml" / "Kiosk").rglob("*.qml"))
    assert len(compiled) >= len(qml_files) - 2
    assert f"QML compiled into {cache / 'qml'} ({len(compiled)} files)" in done.stdout


def test_prepare_says_so_when_the_qml_cannot_be_kept(tmp_path):
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / "qml").write_text("a file where the folder goes", encoding="utf-8")
    done = _prepare(cache)
    assert done.returncode == 0, done.stdout + done.stderr  # renditions made: that is prepare's job
    said = f"QML byte code could not be kept in {cache / 'qml'}; the kiosk compiles it at start"
    assert said in done.stdout
    assert "Traceback" not in done.stdout + done.stderr


def test_a_language_tapped_while_home_shows_first_still_gets_every_picture(
    qapp, qtbot, qml_warnings, tmp_path
):
    """Home is shown before the lists; a visitor who taps a language at once gets the lists
    in it, and every picture the cache lacked is made and shown."""
    from kiosk.ui.app import KioskView
    from kiosk.ui.exhibit import Exhibit

    view = KioskView(DEFAULT_BUNDLE, config=Config(cache_dir=tmp_path / "cache"))  # empty
    try:
        session = view.session
        tapped: list[str] = []

        def tap_a_language() -> None:
            if session.exhibit.status == Exhibit.State.Ready and not tapped:
                tapped.append("ru")
                session.setLanguage("ru")  # before the lists have their rows

        session.exhibit.stateChanged.connect(tap_a_language)
        with qtbot.waitSignal(session.loaded, timeout=20_000):
            session.start()
        assert tapped == ["ru"]
        qtbot.waitUntil(lambda: session.language.code == "ru", timeout=10_000)
        photos = session.photos
        qtbot.waitUntil(
            lambda: (
                not session.making_renditions
                and all(row.url.toString() for row in photos.rows)
                and session.exhibit.heroUrl.toString() != ""
            ),
            timeout=60_000,
        )
    finally:
        view.close()
    assert qml_warnings() == []


def _only_english(doc):
    """The document with its Russian texts taken out: an English-only exhibit."""
    if isinstance(doc, dict):
        doc.pop("ru", None)
        for value in doc.values():
            _only_english(value)
    elif isinstance(doc, list):
        for value in doc:
            _only_english(value)
    return doc


def test_a_reload_shows_the_new_home_and_the_new_lists_together(
    open_kiosk, qtbot, write_doc, default_doc
):
    """Home first is for the first start only: after a reload (staff, or a new exhibit
    installed while a visitor is there) no frame shows the new exhibit's Home, lists or
    languages beside the old one's. Here the exhibit shown in Russian is replaced by an
    English-only one."""
    view = open_kiosk(bundle=write_doc(default_doc))
    session = view.session
    with qtbot.waitSignal(session.language.currentChanged, timeout=10_000):
        session.setLanguage("ru")
    who = default_doc["people"][0]["id"]
    seen: list[tuple[str, str, tuple[str, ...]]] = []  # what each frame showed

    def name() -> str:
        return next((r.name for r in session.people.rows if r.person_id == who), "")

    def look() -> None:
        codes = tuple(r.code for r in session.language.languages.rows)
        seen.append((session.exhibit.property("title"), name(), codes))

    # What each frame shows: read on the GUI thread as the frame is prepared.
    view.window.afterAnimating.connect(look, Qt.ConnectionType.DirectConnection)
    old = ("Бакинская операция", "Фёдор Раскольников", ("en", "ru"))
    look()
    assert seen[-1] == old
    default_doc["exhibit"]["title"]["en"] = "The Baku Operation, revised"
    default_doc["people"][0]["name"]["en"] = "Fyodor F. Raskolnikov"
    default_doc["languages"] = ["en"]
    default_doc["default_language"] = "en"
    write_doc(_only_english(default_doc))
    with qtbot.waitSignal(session.loaded, timeout=10_000):
        session.reload()
    new = ("The Baku Operation, revised", "Fyodor F. Raskolnikov", ("en",))
    qtbot.waitUntil(lambda: bool(seen) and seen[-1] == new, timeout=5000)
    assert set(seen) <= {old, new}, sorted(set(seen))


def test_a_reload_whose_lists_cannot_be_built_leaves_the_exhibit_shown(
    open_kiosk, qtbot, write_doc, default_doc, monkeypatch
):
    """The new exhibit is shown whole or not at all: if its rows cannot be built, the one
    on screen stays, all of it, and staff see why."""
    from kiosk.ui.present import Presenter

    view = open_kiosk(bundle=write_doc(default_doc))
    session = view.session
    before = (session.exhibit.property("title"), [r.name for r in session.people.rows])
    real_build = Presenter.build
    failed: list[str] = []

    def build(self, code):
        if self.bundle.exhibit.title.get("en") == "A broken revision":
            failed.append(code)
            raise RuntimeError("no rows today")
        return real_build(self, code)

    monkeypatch.setattr(Presenter, "build", build)
    default_doc["exhibit"]["title"]["en"] = "A broken revision"
    write_doc(default_doc)
    loads: list[int] = []
    session.loaded.connect(lambda: loads.append(1))
    session.reload()
    qtbot.waitUntil(lambda: any("no rows today" in p for p in session.problems), timeout=10_000)
    assert failed == ["en"]
    assert (session.exhibit.property("title"), [r.name for r in session.people.rows]) == before
    assert session.bundle is not None
    assert session.bundle.exhibit.title.get("en") == "The Baku Operation"
    assert loads == []
    # A good reload after it shows the new exhibit.
    default_doc["exhibit"]["title"]["en"] = "The Baku Operation, revised"
    write_doc(default_doc)
    with qtbot.waitSignal(session.loaded, timeout=10_000):
        session.reload()
    assert session.exhibit.property("title") == "The Baku Operation, revised"
