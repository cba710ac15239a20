"""The app shows renditions from the cache, and makes missing ones without blocking."""

from __future__ import annotations

from pathlib import Path

from kiosk.config import Config
from kiosk.ui.navigation import Navigator


def test_missing_renditions_are_made_in_the_background_and_then_shown(open_kiosk, qtbot, tmp_path):
    cache = tmp_path / "cache"
    view = open_kiosk(config=Config(cache_dir=cache))
    photos = view.session.photos
    # At first the originals are shown; once made, rows point into the cache.
    qtbot.waitUntil(
        lambda: cache in Path(photos.get(0)["thumbUrl"].toLocalFile()).parents, timeout=20_000
    )
    row = photos.get(2)
    assert Path(row["url"].toLocalFile()).parent.parent == cache
    assert "thumb-640x640" in row["thumbUrl"].toLocalFile()
    people = view.session.people
    assert cache in Path(people.get(0)["portraitThumbUrl"].toLocalFile()).parents
    view.session.navigator.open(int(Navigator.Screen.Viewer), 2)

    # A second start finds them all: the rows point into the cache from the first frame.
    again = open_kiosk(config=Config(cache_dir=cache))
    assert cache in Path(again.session.photos.get(1)["url"].toLocalFile()).parents
