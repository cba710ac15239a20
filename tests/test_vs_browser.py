"""benchmarks/vs_browser.py's parts that need no browser: Home's page, the settled-screen
rule, the memory sum and the message when Chromium is missing."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from benchmarks import home_html, vs_browser
from kiosk.content.load import load_bundle
from kiosk.content.text import LangText
from kiosk.media.renditions import Cache

REPO = Path(__file__).resolve().parent.parent
BUNDLE = REPO / "kiosk" / "exhibits" / "baku-1920"


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The default exhibit's renditions for 1280×800, as vs_browser prepares them."""
    out = tmp_path_factory.mktemp("cache")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "kiosk",
            "prepare",
            str(BUNDLE),
            "--cache",
            str(out),
            "--size",
            "1280x800",
        ],
        cwd=REPO,
        check=True,
        capture_output=True,
    )
    return out


class _Page(HTMLParser):
    """The text of each element and the attributes of every tag."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        if data.strip():
            self.text.append(data.strip())


def _parse(page: str) -> _Page:
    parsed = _Page()
    parsed.feed(page)
    return parsed


def _file(url: str) -> Path:
    parts = urlparse(url)
    assert parts.scheme == "file", url
    return Path(unquote(parts.path))


def test_page_has_homes_words_image_and_fonts(cache: Path) -> None:
    page = home_html.page(BUNDLE, cache)
    parsed = _parse(page)
    words = parsed.text
    assert "The Baku Operation" in words
    assert "April–May 1920: how Soviet power came to Azerbaijan" in words
    assert any(w.startswith("In the last days of April 1920") for w in words)
    # The four ways in, then the band: options and each language by its own name.
    buttons = [w for w in words if w in ("Story", "People", "Photographs", "Glossary")]
    assert buttons == ["Story", "People", "Photographs", "Glossary"]
    assert {"Aa Options", "English", "Русский"} <= set(words)

    # The hero is the rendition the kiosk shows on 1280×800, from the prepared cache.
    (img,) = [attrs for tag, attrs in parsed.tags if tag == "img"]
    hero = _file(img["src"] or "")
    assert hero.is_file() and cache in hero.parents
    hero_original = BUNDLE / "images" / "f-iii-541.jpg"  # exhibit.hero
    assert hero.name.startswith(Cache(cache).digest(hero_original) + "-screen-1280x1280-")

    # Every font the kiosk ships, by a file URL that exists.
    fonts = [_file(u) for u in re.findall(r'src: url\("([^"]+)"\)', page)]
    assert sorted(f.name for f in fonts) == sorted(
        p.name for p in (REPO / "kiosk/fonts").glob("*.ttf")
    )
    assert all(f.is_file() for f in fonts)


def test_page_escapes_text(cache: Path) -> None:
    loaded = load_bundle(BUNDLE)
    assert loaded.bundle is not None
    b = loaded.bundle
    exhibit = replace(b.exhibit, title=LangText({"en": "Tanks <b>& trains"}))
    page = home_html.render(replace(b, exhibit=exhibit), loaded.root, cache)
    assert "<h1>Tanks &lt;b&gt;&amp; trains</h1>" in page
    assert "<title>Tanks &lt;b&gt;&amp; trains</title>" in page
    assert "<b>" not in page


def test_ways_in_use_the_bundles_own_words(cache: Path) -> None:
    loaded = load_bundle(BUNDLE)
    assert loaded.bundle is not None
    b = replace(loaded.bundle, ui={"en": {"Story": "The story"}})
    words = _parse(home_html.render(b, loaded.root, cache)).text
    assert "The story" in words and "Story" not in words
    assert home_html.ui_word(b, "ru", "Glossary") == "Словарь"  # the shipped translation


def test_first_grab_equal_to_settled() -> None:
    samples = [(0.0, 1), (0.4, 2), (0.6, 3), (0.7, 4), (0.9, 3), (1.1, 5), (1.2, 4)]
    # Settled on 4: first seen at 0.7 s, though the screen last changed at 1.2 s.
    assert vs_browser.first_equal_to_settled(samples) == (0.7, 1.2)
    assert vs_browser.first_equal_to_settled([(0.0, 7), (0.5, 8)]) == (0.5, 0.5)
    with pytest.raises(ValueError):
        vs_browser.first_equal_to_settled([])


def test_pss_of_a_real_process_tree() -> None:
    child = subprocess.Popen(
        [sys.executable, "-c", "import time; b = bytearray(40 << 20); time.sleep(60)"]
    )
    try:
        deadline = time.monotonic() + 20
        # Wait until the child has touched its 40 MB (its PSS then holds them).
        while vs_browser.pss_kb([child.pid]) < 40 << 10:
            assert time.monotonic() < deadline, "the child never grew"
            time.sleep(0.02)
        tree = vs_browser.processes(child.pid)
        assert tree == [child.pid]
        mine = vs_browser.processes(os.getpid())
        assert os.getpid() in mine and child.pid in mine
        assert vs_browser.pss_kb(mine) >= vs_browser.pss_kb([os.getpid()]) + (40 << 10)
        # Its 40 MB are its own: private, and no more than its PSS.
        private = vs_browser.private_kb([child.pid])
        assert 40 << 10 <= private <= vs_browser.pss_kb([child.pid])
    finally:
        child.kill()
        child.wait()
    assert vs_browser.processes(child.pid) == []


def test_missing_chromium_says_how_to_get_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    real = shutil.which
    monkeypatch.setattr(
        shutil, "which", lambda name, *a, **k: None if "chromium" in name else real(name, *a, **k)
    )

    def no_measuring(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("measured without Chromium")

    monkeypatch.setattr(vs_browser, "prepared", no_measuring)
    assert vs_browser.main(["--runs", "1"]) == 2
    err = capsys.readouterr().err
    assert "sudo apt-get install chromium" in err
    assert "nothing was measured" in err


def test_missing_xvfb_says_how_to_get_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        shutil, "which", lambda name, *a, **k: None if name == "Xvfb" else "/bin/" + name
    )
    message = vs_browser.missing_tools()
    assert message is not None and "apt-get install xvfb" in message
    assert "chromium" not in message
