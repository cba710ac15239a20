"""An exhibit without people or a glossary: Home offers only the sections that have
something to show (validate warns about the empty ones: tests/content/test_text_edges.py)."""

from __future__ import annotations

from kiosk.config import Config
from tests.ui.scene import exists, find, tap, visible_texts


def without_people_or_glossary(doc: dict) -> dict:
    doc["people"] = []
    doc["glossary"] = []
    for media in doc["media"]:
        media.pop("people", None)
        if media.get("kind") == "portrait":
            media["kind"] = "photo"
    for page in doc["story"]:
        page.pop("people", None)
    return doc


def shown(view, name: str) -> bool:
    return exists(view.window, name)


def test_home_offers_only_sections_with_something_in_them(
    open_kiosk, qtbot, tmp_path, write_doc, default_doc
):
    bundle = write_doc(without_people_or_glossary(default_doc))
    for size in [(1280, 800), (1080, 1920)]:
        view = open_kiosk(size=size, bundle=bundle, config=Config(cache_dir=tmp_path / "c"))
        exhibit = view.session.exhibit
        assert exhibit.property("sections") == ["story", "photos"]
        assert exhibit.property("hasStory") and exhibit.property("hasPhotos")
        assert not exhibit.property("hasPeople") and not exhibit.property("hasGlossary")
        assert shown(view, "openStory") and shown(view, "openPhotos")
        assert not shown(view, "openPeople") and not shown(view, "openGlossary")
        texts = visible_texts(view.window)
        assert "People" not in texts and "Glossary" not in texts, texts
        # The ways that are offered still lead somewhere.
        tap(view.window, find(view.window, "openPhotos"))
        qtbot.waitUntil(lambda v=view: exists(v.window, "photosScreen"))


def test_the_default_exhibit_offers_all_four(kiosk):
    for name in ["openStory", "openPeople", "openPhotos", "openGlossary"]:
        assert shown(kiosk, name), name
