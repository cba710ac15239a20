"""Contact sheets: every rendered screen as a labelled thumbnail on one page, for proofing."""

from __future__ import annotations

import math
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from kiosk.content.assets import DEFAULT_PIXEL_LIMIT, open_image
from kiosk.paths import shipped_font


def _open_screen(path: Path) -> Image.Image:
    """One of our own screenshots: a PNG of at most 8192 × 8192 (``kiosk render --size``)."""
    return open_image(path, formats=("PNG",), max_pixels=DEFAULT_PIXEL_LIMIT)


def contact_sheet(
    images: list[tuple[str, Path]], out: Path, *, thumb_width: int = 480, columns: int = 0
) -> Path:
    """Lay ``(label, png)`` pairs out in a grid with their labels; write ``out``."""
    if not images:
        raise ValueError("a contact sheet needs at least one image")
    with _open_screen(images[0][1]) as first:
        scale = thumb_width / first.width
        thumb = (thumb_width, max(1, round(first.height * scale)))
    cols = columns or max(1, min(len(images), round(math.sqrt(len(images) * 1.6))))
    rows = math.ceil(len(images) / cols)
    gap, label_h = 16, 34
    sheet = Image.new(
        "RGB",
        (gap + cols * (thumb[0] + gap), gap + rows * (thumb[1] + label_h + gap)),
        (236, 230, 220),
    )
    draw = ImageDraw.Draw(sheet)
    # The shipped font, never a silent fallback: a missing one is a packaging bug.
    font_path = shipped_font("PTSans-Regular.ttf")
    if not font_path.is_file():
        raise FileNotFoundError(
            f"the shipped font {font_path} is missing: this installation of kiosk is "
            "incomplete; reinstall it"
        )
    font = ImageFont.truetype(str(font_path), 20)
    for i, (label, path) in enumerate(images):
        col, row = i % cols, i // cols
        x = gap + col * (thumb[0] + gap)
        y = gap + row * (thumb[1] + label_h + gap)
        with _open_screen(path) as im:
            small = im.convert("RGB")
            small.thumbnail(thumb, Image.Resampling.LANCZOS)
        sheet.paste(small, (x, y))
        draw.rectangle((x - 1, y - 1, x + small.width, y + small.height), outline=(150, 140, 125))
        draw.text((x, y + small.height + 6), label, font=font, fill=(40, 34, 28))
    out.parent.mkdir(parents=True, exist_ok=True)
    sheet.save(out, optimize=True)
    return out
