"""Recorded narration reaches QML: the ``narration`` role of story pages, people,
photographs (and the captions panel's row), glossary terms (and the term card's row), and
``Exhibit.narration`` for Home.

The bundle is the default exhibit with real WAV files added (kiosk validate accepts them),
shown in the real scene. A recording is for its own language only: in Russian, where only
English was recorded, the roles are "" and the kiosk's voice reads the text.
"""

from __future__ import annotations

from pathlib import Path

from kiosk.content import load_bundle
from kiosk.ui.present import Presenter
from tests.conftest import DEFAULT_BUNDLE
from tests.content.test_narration import write_wav

#: (what, the models' id of the item, its recordings), the id as in kiosk/exhibits/baku-1920.
RECORDED = {
    "story": ("uprising", {"en": "audio/uprising.en.wav"}),
    "people": ("kirov", {"en": "audio/kirov.en.wav"}),
    "photos": ("f-iii-541", {"en": "audio/f-iii-541.en.wav"}),
    "glossary": ("musavat", {"en": "audio/musavat.en.wav"}),
}
#: Recorded in Russian only: silent in English.
RUSSIAN_ONLY = ("glossary", "azrevkom", {"ru": "audio/azrevkom.ru.wav"})
HOME = {"en": "audio/home.en.wav"}


def narrated(doc, bundle_dir: Path, write_doc) -> Path:
    """The default exhibit with recordings on every kind of text, written as a bundle."""
    for _, files in [*RECORDED.values(), RUSSIAN_ONLY[1:], ("", HOME)]:
        for relative in files.values():
            write_wav(bundle_dir / relative, 0.5)
    sections = {"story": "story", "people": "people", "photos": "media", "glossary": "glossary"}
    for part, (item_id, files) in [*RECORDED.items(), (RUSSIAN_ONLY[0], RUSSIAN_ONLY[1:])]:
        (item,) = [i for i in doc[sections[part]] if i["id"] == item_id]
        item["audio"] = files
    doc["exhibit"]["audio"] = HOME
    root = write_doc(doc)
    assert load_bundle(root).bundle is not None, "kiosk validate refuses the test bundle"
    return root


def role(model, name: str) -> int:
    return next(k for k, v in model.roleNames().items() if bytes(v.data()).decode() == name)


def narration_of(model, item_id: str) -> str:
    row = model.index_of(item_id)
    assert row >= 0, item_id
    return model.data(model.index(row), role(model, "narration"))


def one_row_narration(one) -> str:
    return one.data(one.index(0, 0), role(one, "narration"))


def test_the_roles_give_the_recording_of_the_language_shown_and_none_of_another(
    open_kiosk, qtbot, default_doc, bundle_dir, write_doc
):
    root = narrated(default_doc, bundle_dir, write_doc)
    view = open_kiosk(bundle=root)
    session, exhibit = view.session, view.session.exhibit
    models = dict(zip(("story", "people", "photos", "glossary"), exhibit.lists[:4], strict=True))
    photo_row = models["photos"].index_of("f-iii-541")
    caption = models["photos"].oneRow(photo_row)  # what the captions panel shows
    card = models["glossary"].oneRowWithId("musavat")  # what the term card shows

    def recording(relative: str) -> str:
        path = str((root / relative).resolve())
        assert Path(path).is_absolute() and Path(path).is_file()
        return path

    assert session.language.code == "en"
    for part, (item_id, files) in RECORDED.items():
        assert narration_of(models[part], item_id) == recording(files["en"]), part
    assert one_row_narration(caption) == recording(RECORDED["photos"][1]["en"])
    assert one_row_narration(card) == recording(RECORDED["glossary"][1]["en"])
    assert exhibit.property("narration") == recording(HOME["en"])
    # Recorded in Russian only: no English recording, so the kiosk's voice reads it.
    assert narration_of(models["glossary"], "azrevkom") == ""
    # Not recorded at all.
    assert narration_of(models["people"], "ordzhonikidze") == ""
    assert narration_of(models["story"], "operation") == ""

    with (
        qtbot.waitSignal(exhibit.frontChanged, timeout=10_000),
        qtbot.waitSignal(session.languageChanged, timeout=10_000),
    ):
        session.language.choose("ru")
    for part, (item_id, _) in RECORDED.items():
        assert narration_of(models[part], item_id) == "", part
    assert one_row_narration(caption) == ""
    assert one_row_narration(card) == ""
    assert exhibit.property("narration") == ""
    assert narration_of(models["glossary"], "azrevkom") == recording(RUSSIAN_ONLY[2]["ru"])

    with (
        qtbot.waitSignal(exhibit.frontChanged, timeout=10_000),
        qtbot.waitSignal(session.languageChanged, timeout=10_000),
    ):
        session.language.choose("en")
    assert narration_of(models["people"], "kirov") == recording(RECORDED["people"][1]["en"])
    assert exhibit.property("narration") == recording(HOME["en"])


def test_the_default_exhibit_has_no_recordings(qapp):
    loaded = load_bundle(DEFAULT_BUNDLE)
    assert loaded.bundle is not None
    presenter = Presenter(loaded.bundle, loaded.root, loaded.images)
    for lang in loaded.bundle.languages:
        built = presenter.build(lang)
        assert built.front.narration == ""
        for part in (built.story, built.people, built.photos, built.glossary):
            assert part and {row.narration for row in part} == {""}
