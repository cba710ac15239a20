"""A synthetic exhibit of any size, for benchmarks: N people, M photos, generated images.

    python benchmarks/synthetic.py OUT --people 1000 --photos 1000 [--size 800x600]

Everything is made by this code (no data is committed). The bundle is valid: every
reference resolves and every text has English and Russian.
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

from PIL import Image, ImageDraw


def _image(path: Path, size: tuple[int, int], rng: random.Random) -> None:
    base = tuple(rng.randint(60, 200) for _ in range(3))
    im = Image.new("RGB", size, base)  # type: ignore[arg-type]
    draw = ImageDraw.Draw(im)
    for _ in range(6):
        x0, y0 = rng.randrange(size[0]), rng.randrange(size[1])
        x1, y1 = x0 + rng.randrange(size[0] // 2), y0 + rng.randrange(size[1] // 2)
        fill = tuple(rng.randint(0, 255) for _ in range(3))
        draw.rectangle((x0, y0, x1, y1), fill=fill)  # type: ignore[arg-type]
    im.save(path, "JPEG", quality=80)


def make_scan(path: Path, size: tuple[int, int], seed: int = 1920) -> Path:
    """A stand-in for an archival scan: sepia shapes and film grain at full resolution (grain
    is what makes real scans big and slow to compress; flat colour would flatter the
    figures). Written as a JPEG at quality 90."""
    rng = random.Random(seed)
    w, h = size
    small = Image.new("L", (w // 8, h // 8), 170)
    draw = ImageDraw.Draw(small)
    for _ in range(40):
        x0, y0 = rng.randrange(w // 8), rng.randrange(h // 8)
        r = rng.randrange(10, max(11, w // 40))
        draw.ellipse((x0 - r, y0 - r, x0 + r, y0 + r), fill=rng.randint(30, 220))
    tone = small.resize(size, Image.Resampling.BICUBIC)
    del small
    grain = Image.effect_noise(size, 18)
    grey = Image.blend(tone, grain, 0.25)
    del tone, grain
    # Sepia: the grey through a warm ramp.
    ramp = [(min(255, int(v * 1.07 + 10)), int(v * 0.9 + 8), int(v * 0.7)) for v in range(256)]
    lut = [c[0] for c in ramp] + [c[1] for c in ramp] + [c[2] for c in ramp]
    grey.convert("RGB").point(lut).save(path, "JPEG", quality=90)
    return path


def _text(en: str, ru: str) -> dict[str, str]:
    return {"en": en, "ru": ru}


def make_bundle(
    out: Path,
    *,
    people: int,
    photos: int,
    pages: int = 20,
    size: tuple[int, int] = (800, 600),
    seed: int = 1920,
) -> Path:
    """Write a bundle folder at ``out``; returns it."""
    rng = random.Random(seed)
    images = out / "images"
    images.mkdir(parents=True, exist_ok=True)
    media = []
    for i in range(photos):
        mid = f"photo-{i:05d}"
        _image(images / f"{mid}.jpg", size, rng)
        shown = [f"person-{rng.randrange(people):05d}" for _ in range(2)] if people else []
        media.append(
            {
                "id": mid,
                "file": f"images/{mid}.jpg",
                "kind": "photo",
                "title": _text(f"Photograph {i + 1}", f"Фотография {i + 1}"),
                "date": {"year": 1900 + i % 100},
                "place": _text("Baku", "Баку"),
                "inventory_number": _text(f"SYN {i:05d}", f"СИН {i:05d}"),
                "credit": _text("Synthetic", "Синтетика"),
                "rights": _text("CC0", "CC0"),
                "alt": _text("Coloured rectangles", "Цветные прямоугольники"),
                "people": sorted(set(shown)),
            }
        )
    persons = []
    for i in range(people):
        pid = f"person-{i:05d}"
        mid = f"portrait-{i:05d}"
        _image(images / f"{mid}.jpg", (size[1] * 4 // 5, size[1]), rng)
        media.append(
            {
                "id": mid,
                "file": f"images/{mid}.jpg",
                "kind": "portrait",
                "title": _text(f"Person {i + 1}", f"Человек {i + 1}"),
                "date": {"year": 1920},
                "place": _text("Baku", "Баку"),
                "inventory_number": _text(f"SYN P{i:05d}", f"СИН P{i:05d}"),
                "credit": _text("Synthetic", "Синтетика"),
                "rights": _text("CC0", "CC0"),
                "alt": _text("Coloured rectangles", "Цветные прямоугольники"),
                "people": [pid],
            }
        )
        persons.append(
            {
                "id": pid,
                "name": _text(f"Person {i + 1}", f"Человек {i + 1}"),
                "born": {"year": 1850 + i % 50},
                "died": {"year": 1920 + i % 40},
                "roles": [{"title": _text("Member", "Член"), "period": {"year": 1920}}],
                "biography": {
                    "en": [f"Person {i + 1} is part of a synthetic exhibit. " * 4],
                    "ru": [f"Человек {i + 1} — часть синтетической выставки. " * 4],
                },
                "portrait": mid,
            }
        )
    story = [
        {
            "id": f"page-{p:03d}",
            "title": _text(f"Page {p + 1}", f"Страница {p + 1}"),
            "date": {"year": 1920, "month": 1 + p % 12},
            "body": {
                "en": ["A paragraph of a synthetic story page. " * 6] * 3,
                "ru": ["Абзац синтетической страницы истории. " * 6] * 3,
            },
            "media": [f"photo-{(p * photos // max(1, pages)) + k:05d}" for k in range(2)]
            if photos >= 2 * pages
            else [],
        }
        for p in range(pages)
    ]
    # Photos not on a story page are still reachable from the Photographs screen.
    bundle = {
        "format": "kiosk-bundle",
        "format_version": 1,
        "id": "synthetic",
        "version": "1.0.0",
        "name": f"Synthetic: {people} people, {photos} photos",
        "languages": ["en", "ru"],
        "default_language": "en",
        "exhibit": {
            "title": _text("Synthetic exhibit", "Синтетическая выставка"),
            "subtitle": _text("For benchmarks", "Для замеров"),
            "hero": media[0]["id"] if media else None,
        },
        "story": story,
        "people": persons,
        "media": media,
        "glossary": [
            {
                "id": "term",
                "term": _text("Term", "Термин"),
                "definition": _text("A term.", "Термин."),
            }
        ],
    }
    if bundle["exhibit"]["hero"] is None:  # type: ignore[index]
        del bundle["exhibit"]["hero"]  # type: ignore[attr-defined]
    (out / "bundle.json").write_text(json.dumps(bundle, ensure_ascii=False), encoding="utf-8")
    return out


def main() -> None:
    """Command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--people", type=int, default=1000)
    parser.add_argument("--photos", type=int, default=1000)
    parser.add_argument("--size", default="800x600")
    args = parser.parse_args()
    w, h = (int(v) for v in args.size.split("x"))
    make_bundle(args.out, people=args.people, photos=args.photos, size=(w, h))
    print(args.out)


if __name__ == "__main__":
    main()
