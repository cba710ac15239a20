"""Stand-in plates: dignified sepia images for photographs the project may not reproduce.

A plate is clearly not a photograph: a toned card with a border, a simple silhouette motif
and the original's catalogue number, marked as a stand-in in two languages. Output is
deterministic for the same arguments, so regenerating a bundle changes no bytes.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont

Motif = Literal["bust", "group", "column"]

PAPER = (214, 196, 164)
INK = (74, 54, 38)
SHADE = (150, 120, 88)


@dataclass(frozen=True)
class Plate:
    """What one stand-in plate shows."""

    width: int
    height: int
    motif: Motif
    catalogue: str
    figures: int = 1
    seed: int = 0


def render_plate(plate: Plate, font_path: Path) -> Image.Image:
    """Draw ``plate`` as an RGB image."""
    w, h = plate.width, plate.height
    rng = random.Random(plate.seed)
    img = Image.new("RGB", (w, h), PAPER)
    _tone(img, rng)
    draw = ImageDraw.Draw(img)
    unit = min(w, h) / 100
    margin = int(unit * 5)
    for inset, width in ((margin, max(2, int(unit * 0.6))), (margin + int(unit * 1.6), 1)):
        draw.rectangle((inset, inset, w - inset, h - inset), outline=INK, width=width)
    field = (margin * 2, margin * 2, w - margin * 2, h - margin * 2 - int(unit * 13))
    if plate.motif == "bust":
        _cameo(img, field, unit)
    elif plate.motif == "group":
        _busts(draw, field, plate.figures, unit)
    else:
        _column(draw, field, plate.figures, unit, rng)
    big = ImageFont.truetype(str(font_path), int(unit * 4.4))
    small = ImageFont.truetype(str(font_path), int(unit * 2.6))
    base = h - margin * 2 - int(unit * 1)
    _centered(draw, w / 2, base - unit * 6.2, plate.catalogue, big)
    _centered(draw, w / 2, base, "stand-in image · условное изображение", small)
    return img.filter(ImageFilter.GaussianBlur(radius=unit * 0.08))


def save_plate(plate: Plate, font_path: Path, out: Path) -> None:
    """Render ``plate`` and write it as a baseline JPEG with no metadata that varies."""
    out.parent.mkdir(parents=True, exist_ok=True)
    render_plate(plate, font_path).save(out, "JPEG", quality=86, optimize=True)


def _tone(img: Image.Image, rng: random.Random) -> None:
    # A soft vignette and low-frequency mottling, like an old print; no fine noise,
    # so the JPEGs stay small.
    w, h = img.size
    small = Image.new("L", (16, 12))
    small.putdata([rng.randint(0, 40) for _ in range(16 * 12)])
    mottle = small.resize((w, h), Image.Resampling.BICUBIC)
    vignette = Image.radial_gradient("L").resize((w, h), Image.Resampling.BILINEAR)
    shade = Image.blend(vignette, mottle, 0.35).point(lambda v: min(255, int(v * 0.55)))
    dark = Image.new("RGB", (w, h), SHADE)
    img.paste(Image.composite(dark, img, shade))


def _bust(
    draw: ImageDraw.ImageDraw, cx: float, floor: float, size: float, fill: int | tuple[int, ...]
) -> None:
    """One head-and-shoulders silhouette standing on ``floor``."""
    head_r = size * 0.16
    shoulder_w, shoulder_h = size * 0.36, size * 0.3
    head_cy = floor - shoulder_h - head_r * 1.15
    draw.ellipse(
        (cx - head_r, head_cy - head_r * 1.22, cx + head_r, head_cy + head_r * 1.22), fill=fill
    )
    neck = head_r * 0.42
    draw.rectangle((cx - neck, head_cy + head_r, cx + neck, floor - shoulder_h * 0.8), fill=fill)
    # The upper half of an ellipse whose centre line is the floor.
    draw.chord(
        (cx - shoulder_w, floor - shoulder_h, cx + shoulder_w, floor + shoulder_h),
        180,
        360,
        fill=fill,
    )


def _busts(
    draw: ImageDraw.ImageDraw, field: tuple[int, int, int, int], n: int, unit: float
) -> None:
    x0, y0, x1, y1 = field
    slot = (x1 - x0) / n
    size = min(slot * 1.1, (y1 - y0) * 0.95)
    for i in range(n):
        _bust(draw, x0 + slot * (i + 0.5), y1, size, INK)
    draw.line((x0, y1, x1, y1), fill=INK, width=max(1, int(unit * 0.3)))


def _cameo(img: Image.Image, field: tuple[int, int, int, int], unit: float) -> None:
    # A single sitter in an oval, as on a cabinet card; the bust is cut off by the oval.
    x0, y0, x1, y1 = field
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    rx, ry = min((x1 - x0) * 0.42, (y1 - y0) * 0.34), (y1 - y0) * 0.46
    oval = (cx - rx, cy - ry, cx + rx, cy + ry)
    bust = Image.new("L", img.size, 0)
    _bust(ImageDraw.Draw(bust), cx, cy + ry * 1.05, ry * 1.7, 255)
    inside = Image.new("L", img.size, 0)
    ImageDraw.Draw(inside).ellipse(oval, fill=255)
    img.paste(INK, mask=ImageChops.multiply(bust, inside))
    ImageDraw.Draw(img).ellipse(oval, outline=INK, width=max(1, int(unit * 0.5)))


def _column(
    draw: ImageDraw.ImageDraw,
    field: tuple[int, int, int, int],
    n: int,
    unit: float,
    rng: random.Random,
) -> None:
    # A low city skyline and a column of small marching figures on a road.
    x0, y0, x1, y1 = field
    horizon = y0 + (y1 - y0) * 0.55
    x: float = x0
    while x < x1:
        bw = rng.uniform(4, 10) * unit
        bh = rng.uniform(4, 14) * unit
        draw.rectangle((x, horizon - bh, min(x + bw, x1), horizon), fill=SHADE)
        x += bw + rng.uniform(0, 2) * unit
    tower = x0 + (x1 - x0) * 0.7
    draw.rectangle((tower, horizon - 24 * unit, tower + 3 * unit, horizon), fill=SHADE)
    draw.line((x0, horizon, x1, horizon), fill=INK, width=max(1, int(unit * 0.3)))
    road = y1 - (y1 - horizon) * 0.25
    step = (x1 - x0) / (n + 1)
    for i in range(n):
        cx = x0 + step * (i + 1)
        fh = 9 * unit
        head = fh * 0.13
        draw.ellipse((cx - head, road - fh, cx + head, road - fh + head * 2), fill=INK)
        draw.polygon(
            [
                (cx - head * 1.3, road - fh + head * 2),
                (cx + head * 1.3, road - fh + head * 2),
                (cx + head * 1.6, road),
                (cx - head * 1.6, road),
            ],
            fill=INK,
        )
        draw.line(
            (cx + head * 1.2, road - fh * 1.25, cx + head * 1.2, road - fh * 0.45),
            fill=INK,
            width=max(1, int(unit * 0.25)),
        )
    draw.line((x0, road, x1, road), fill=INK, width=max(1, int(unit * 0.2)))


def _centered(
    draw: ImageDraw.ImageDraw, cx: float, baseline: float, text: str, font: ImageFont.FreeTypeFont
) -> None:
    draw.text((cx, baseline), text, font=font, fill=INK, anchor="ms")
