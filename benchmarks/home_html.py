"""The kiosk's Home as one static HTML page, for benchmarks/vs_browser.py.

A browser showing this page and the kiosk showing Home put the same things on the same
screen: the exhibit's title, subtitle, introduction and credits in the default language,
the hero image (the very rendition file the kiosk shows, from a cache prepared for the
screen, so both decode an image of the same size), the four ways in and the bottom band
with the options button and the languages, in the kiosk's own fonts (kiosk/fonts, by
``@font-face`` with file URLs) and Theme colours. Sizes follow Theme.qml's formulas for the
screen, so the page is laid out as Home is; it is an equivalent, not a pixel copy (the title
is not fitted to its width, the scroll cue is a plain bar).

Words come from where the kiosk takes them: exhibit text from the bundle (falling back to
its default language), the UI's words from the bundle's ``ui`` map, else the shipped
translation (resources/i18n/kiosk_<lang>.ts), else the English source.
"""

from __future__ import annotations

import html
import math
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from kiosk.content.load import load_bundle
from kiosk.content.model import Bundle
from kiosk.content.text import parse_inline
from kiosk.media.renditions import Cache, specs_for

REPO = Path(__file__).resolve().parent.parent
FONTS = REPO / "kiosk" / "fonts"
I18N = REPO / "resources" / "i18n"

#: Theme.qml's colours (the normal palette), by its names.
PAPER = "#f4efe6"
INK = "#1f1a14"
INK_SOFT = "#3d342b"
ACCENT = "#6b2f14"
ACCENT_TEXT = "#fffaf2"
NIGHT = "#16120e"
NIGHT_RAISED = "#2e261f"
NIGHT_TEXT = "#f4efe6"
NIGHT_EDGE = "#9a8b76"
SELECTED_ON_NIGHT = NIGHT_TEXT
SCROLL_CUE = "#a07a64"  # the accent at the cue's resting opacity on paper, as Home shows it

#: (family, file, weight, style) of every face the kiosk ships.
FACES = (
    ("PT Serif", "PTSerif-Regular.ttf", 400, "normal"),
    ("PT Serif", "PTSerif-Bold.ttf", 700, "normal"),
    ("PT Serif", "PTSerif-Italic.ttf", 400, "italic"),
    ("PT Sans", "PTSans-Regular.ttf", 400, "normal"),
    ("PT Sans", "PTSans-Bold.ttf", 700, "normal"),
)


@dataclass(frozen=True)
class Theme:
    """Theme.qml's sizes for a window of ``width`` × ``height`` on a screen of ``inches``."""

    width: int
    height: int
    inches: float = 43

    @property
    def u(self) -> float:
        return min(self.width, self.height) / 100

    @property
    def px_per_mm(self) -> float:
        return math.hypot(self.width, self.height) / (self.inches * 25.4)

    @property
    def target(self) -> float:
        return max(15 * self.px_per_mm, 8 * self.u)

    @property
    def margin(self) -> float:
        return 4 * self.u

    @property
    def spacing(self) -> float:
        return 2 * self.u

    @property
    def spacing_large(self) -> float:
        return self.spacing * 1.5

    @property
    def gutter(self) -> float:
        return self.margin * 1.5

    @property
    def radius(self) -> float:
        return 1.2 * self.u

    @property
    def edge(self) -> float:
        return max(2, self.u * 0.25)

    @property
    def min_body(self) -> float:
        return 8.47 * self.px_per_mm

    @property
    def body(self) -> float:
        return max(self.min_body, 3.1 * self.u)

    @property
    def small(self) -> float:
        return max(self.min_body * 0.8, 2.5 * self.u)

    @property
    def label(self) -> float:
        return max(self.min_body, 2.9 * self.u)

    @property
    def title(self) -> float:
        return max(self.min_body * 1.6, 5.2 * self.u)

    @property
    def display(self) -> float:
        return max(self.min_body * 2, 7.5 * self.u)

    @property
    def band(self) -> float:
        return self.target + self.spacing * 2


def ui_word(bundle: Bundle, lang: str, source: str, context: str = "HomeScreen") -> str:
    """A UI string in ``lang`` as the kiosk finds it: the bundle's ``ui`` words, else the
    shipped translation, else the English source."""
    given = bundle.ui.get(lang, {}).get(source)
    if isinstance(given, str) and given:
        return given
    ts = I18N / f"kiosk_{lang}.ts"
    if lang != "en" and ts.is_file():
        for ctx in ET.parse(ts).getroot().iter("context"):
            if ctx.findtext("name") != context:
                continue
            for message in ctx.iter("message"):
                if message.findtext("source") == source:
                    words = message.findtext("translation") or ""
                    if words:
                        return words
    return source


def hero_file(bundle: Bundle, root: Path, cache: Path, size: tuple[int, int]) -> Path:
    """The rendition of the hero image the kiosk shows on a screen of ``size`` (its
    "screen" spec), from ``cache``; fails, saying what to run, when it is not there."""
    hero = bundle.exhibit.hero
    media = bundle.media_by_id().get(hero or "")
    if media is None:
        raise SystemExit(f"{root / 'bundle.json'}: exhibit.hero names no media item")
    spec = next(s for s in specs_for(size) if s.name == "screen")
    store = Cache(cache)
    found = store.find(store.digest(root / media.file), spec)
    if found is None:
        raise SystemExit(
            f"the hero image's rendition ({media.file}, {spec.key}) is not in {cache}: run "
            f"kiosk prepare {root} --cache {cache} --size {size[0]}x{size[1]} first"
        )
    return found


def _inline(text: str) -> str:
    """Exhibit text with its *emphasis* as <em>, everything else escaped."""
    return "".join(
        f"<em>{html.escape(s.text)}</em>" if s.emphasis else html.escape(s.text)
        for s in parse_inline(text)
    )


def page(bundle_dir: Path, cache: Path, size: tuple[int, int] = (1280, 800)) -> str:
    """Home of the bundle at ``bundle_dir`` as an HTML document, for a screen of ``size``."""
    loaded = load_bundle(bundle_dir)
    if loaded.bundle is None:
        raise SystemExit(f"{bundle_dir}: the bundle does not load (run kiosk validate on it)")
    return render(loaded.bundle, loaded.root, cache, size)


def render(b: Bundle, root: Path, cache: Path, size: tuple[int, int] = (1280, 800)) -> str:
    """Home of a loaded bundle (its folder ``root``) as an HTML document. Every text is
    escaped here, whatever loading let through."""
    from kiosk.ui.i18n import autonym
    from kiosk.ui.present import photo_ids

    lang = b.default_language
    ex = b.exhibit
    t = Theme(*size)

    def text(value: object) -> str:
        return value.get(lang, lang) if value is not None else ""  # type: ignore[attr-defined]

    hero = hero_file(b, root, cache, size)
    summary = ex.summary.get(lang, lang) if ex.summary else []
    credits = [c for c in (text(ex.source), text(ex.credit), text(ex.rights)) if c]
    entries = [
        ui_word(b, lang, label)
        for label, present in (
            ("Story", bool(b.story)),
            ("People", bool(b.people)),
            ("Photographs", bool(photo_ids(b))),
            ("Glossary", bool(b.glossary)),
        )
        if present
    ]

    screen_h = size[1] - t.band
    hero_w = size[0] * 0.45
    words_x = t.margin + hero_w + t.gutter
    words_w = size[0] - t.margin - words_x
    cue = t.u * 0.8
    entry_h = t.target * 1.35
    rows = math.ceil(len(entries) / 2)
    entries_h = rows * entry_h + (rows - 1) * t.spacing_large
    entries_y = screen_h - t.margin - entries_h
    words_h = entries_y - t.margin - t.spacing_large
    fade = t.target * 0.6

    faces = "\n".join(
        f'@font-face {{ font-family: "{family}"; src: url("{(FONTS / name).as_uri()}"); '
        f"font-weight: {weight}; font-style: {style}; }}"
        for family, name, weight, style in FACES
    )
    px = "{:.2f}px".format
    style = f"""{faces}
html, body {{ margin: 0; width: {size[0]}px; height: {size[1]}px; overflow: hidden;
  background: {PAPER}; cursor: none; }}
#hero {{ position: absolute; left: {px(t.margin)}; top: {px(t.margin)}; width: {px(hero_w)};
  height: {px(screen_h - 2 * t.margin)}; object-fit: contain; }}
#words {{ position: absolute; left: {px(words_x)}; top: {px(t.margin)}; width: {px(words_w)};
  height: {px(words_h)}; overflow: hidden;
  mask-image: linear-gradient(to bottom, black calc(100% - {px(fade)}), transparent); }}
#words > .column {{ width: {px(words_w - 2 * cue)}; }}
#cue {{ position: absolute; right: 0; top: 0; width: {px(cue)}; height: 53%;
  border-radius: {px(cue / 2)}; background: {SCROLL_CUE}; }}
h1 {{ font: 700 {px(t.display)}/1.2 "PT Serif"; color: {INK}; margin: 0 0 {px(t.spacing_large)}; }}
.subtitle {{ font: 400 {px(t.title * 0.75)}/1.3 "PT Serif"; color: {INK_SOFT};
  margin: 0 0 {px(t.spacing_large)}; }}
.para {{ font: 400 {px(t.body)}/1.67 "PT Serif"; color: {INK_SOFT};
  margin: 0 0 {px(t.body * 0.7)}; }}
.credit {{ font: 400 {px(t.small)}/1.3 "PT Sans"; color: {INK_SOFT};
  margin: {px(t.spacing_large)} 0 0; }}
#entries {{ position: absolute; left: {px(words_x)}; top: {px(entries_y)}; width: {px(words_w)};
  display: grid; grid-template-columns: 1fr 1fr; gap: {px(t.spacing_large)}; }}
button {{ box-sizing: border-box; border-radius: {px(t.radius)}; border: {px(t.edge)} solid;
  padding: 0 {px(t.target * 0.3)}; white-space: nowrap; }}
#entries button {{ height: {px(entry_h)}; background: {ACCENT}; border-color: {ACCENT};
  color: {ACCENT_TEXT}; font: 700 {px(t.title * 0.62)} "PT Sans"; }}
#band {{ position: absolute; left: 0; bottom: 0; width: 100%; height: {px(t.band)};
  background: {NIGHT}; display: flex; justify-content: flex-end; align-items: center;
  gap: {px(t.spacing)}; padding: 0 {px(t.margin)}; box-sizing: border-box; }}
#band button {{ height: {px(t.target)}; min-width: {px(t.target * 1.6)}; background: {NIGHT_RAISED};
  border-color: {NIGHT_EDGE}; color: {NIGHT_TEXT}; font: 400 {px(t.label)} "PT Sans"; }}
#band button.selected {{ background: {SELECTED_ON_NIGHT}; border-color: {SELECTED_ON_NIGHT};
  color: {INK}; font-weight: 700; }}"""

    e = html.escape
    alt = text(b.media_by_id()[ex.hero or ""].alt)
    body = [
        f'<img id="hero" src="{hero.as_uri()}" alt="{e(alt)}">',
        '<div id="words"><div class="column">',
        f"<h1>{e(text(ex.title))}</h1>",
    ]
    if text(ex.subtitle):
        body.append(f'<p class="subtitle">{e(text(ex.subtitle))}</p>')
    body += [f'<p class="para">{_inline(p)}</p>' for p in summary]
    body += [f'<p class="credit">{e(c)}</p>' for c in credits]
    body.append('</div><div id="cue"></div></div>')
    body.append(
        f'<nav id="entries" aria-label="{e(ui_word(b, lang, "Sections"))}">'
        + "".join(f"<button>{e(w)}</button>" for w in entries)
        + "</nav>"
    )
    options = "Aa " + ui_word(b, lang, "Options", "NavBar")
    languages = "".join(
        f'<button lang="{e(code)}"{" class=selected" if code == lang else ""}>'
        f"{e(autonym(code))}</button>"
        for code in b.languages
    )
    body.append(f'<div id="band"><button>{e(options)}</button>{languages}</div>')
    return (
        f'<!doctype html>\n<html lang="{e(lang)}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{e(text(ex.title))}</title>\n<style>\n{style}\n</style>\n</head>\n<body>\n"
        + "\n".join(body)
        + "\n</body>\n</html>\n"
    )


def write(
    bundle_dir: Path, cache: Path, out_dir: Path, size: tuple[int, int] = (1280, 800)
) -> Path:
    """Write Home's page into ``out_dir``; its path."""
    out = out_dir / "home.html"
    out.write_text(page(bundle_dir, cache, size), encoding="utf-8")
    return out
