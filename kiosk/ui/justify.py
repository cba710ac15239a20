"""Justified rows: pictures side by side at their own aspect ratios, rows filling the width.

Pure Python (no Qt): ``kiosk.ui.photorows`` shows the result to QML as a list model.

Items are packed greedily, in order, in one pass (O(n)). A row that is full is scaled to
fill the width exactly (cells and the spacing between them, none at the ends), and each row
is closed where its height comes closest to the target: with or without the item that
takes it to the target height or below. Full rows stay between ``LOW`` and ``HIGH`` times
the target height, except in the one case that cannot be helped:

* an item wider than the width at the target height (a panorama in a narrow window) gets a
  row of its own, filling the width at height ``width / aspect`` (below the target,
  possibly below ``LOW`` times it).

A row that cannot be filled within the bounds (it would fill the width only above ``HIGH``
times the target, and with the next item it would be below ``LOW`` times it, or the next
item is such a panorama) is set like the last row: at the target height, left-aligned, not
filling the width. The last row is never stretched: it keeps the target height (scaled down
only when it would not fit). A right-to-left layout mirrors the rows in QML.

Each item's aspect (width / height) is clamped to ``[min_aspect, max_aspect]`` for the
layout, and QML fits the picture inside its cell: a very tall document gets a cell wide
enough to read, a very wide panorama does not make its row a sliver. An aspect that is not
a positive finite number (NaN, 0, negative, infinite: a picture of unknown size) counts as
1.0.

Cells are whole pixels: the width is taken down to whole pixels and the spacing rounded to
them, every ``x`` and ``width`` is an integer (as a float), the gap between two cells of a
row is exactly the spacing, and a full row's last cell absorbs the rounding and ends exactly
at the width. A cell's width is within 1 px of its clamped aspect times the row height.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

#: A full row's height stays between these multiples of the target height (but a lone
#: panorama's: see the module's docstring).
LOW = 0.5
HIGH = 1.5


@dataclass(frozen=True, slots=True)
class Cell:
    """One item's place in its row: its position in the input, left edge and width (px)."""

    index: int
    x: float
    width: float


@dataclass(frozen=True, slots=True)
class JustifiedRow:
    """A row of cells, all of the same height."""

    height: float
    cells: tuple[Cell, ...]


def clamp_aspect(aspect: float, min_aspect: float = 0.6, max_aspect: float = 4.0) -> float:
    """The aspect the layout uses for an item: 1.0 when unknown, then clamped."""
    value = float(aspect)
    if not math.isfinite(value) or value <= 0:
        value = 1.0
    return min(max(value, min_aspect), max_aspect)


def justify(
    aspects: Sequence[float],
    width: float,
    target_height: float,
    spacing: float,
    *,
    min_aspect: float = 0.6,
    max_aspect: float = 4.0,
) -> list[JustifiedRow]:
    """The rows of items of ``aspects`` (width / height) in ``width`` px (module docstring).

    No rows when there are no items or the width or target height is not a positive finite
    number (a view not laid out yet).
    """
    if not (0 < min_aspect <= max_aspect < math.inf):
        raise ValueError(f"aspect bounds must be 0 < min <= max < inf: {min_aspect}, {max_aspect}")
    if not aspects or not math.isfinite(width) or not math.isfinite(target_height):
        return []
    w = math.floor(width)
    t = float(target_height)
    if w <= 0 or t <= 0:
        return []
    gap = max(0, math.floor(spacing + 0.5)) if math.isfinite(spacing) else 0
    a = [clamp_aspect(x, min_aspect, max_aspect) for x in aspects]

    out: list[JustifiedRow] = []
    start = 0  # the row being packed is a[start:i] ...
    total = 0.0  # ... whose aspects add up to this; at the width it is taller than t

    def fill_height(n: int, aspect_sum: float) -> float:
        """The height at which ``n`` items whose aspects add up to ``aspect_sum`` fill ``w``."""
        return (w - gap * (n - 1)) / aspect_sum

    def close(stop: int, height: float) -> None:
        """Close a[start:stop] at ``height``: full or open, as the height allows."""
        full = height <= HIGH * t
        out.append(_row(a, start, stop, height if full else t, w, gap, full))

    for i, ai in enumerate(a):
        n = i - start  # items in the row so far
        if ai * t > w:  # wider than the width at the target height: a row of its own
            if n:
                close(i, fill_height(n, total))
            out.append(_row(a, i, i + 1, w / ai, w, gap, True))
            start, total = i + 1, 0.0
            continue
        with_it = fill_height(n + 1, total + ai)
        if with_it > t:  # still taller than the target: keep packing
            total += ai
            continue
        without = fill_height(n, total) if n else math.inf
        if t - with_it <= without - t:  # with it, the row comes closer to the target
            if with_it >= LOW * t:
                out.append(_row(a, start, i + 1, with_it, w, gap, True))
                start, total = i + 1, 0.0
            else:  # both are out of bounds: set the row open, the item starts the next
                close(i, without)
                start, total = i, ai
        else:
            close(i, without)
            start, total = i, ai
    if start < len(a):  # the last row: not stretched, scaled down only to fit
        height = min(t, fill_height(len(a) - start, total))
        out.append(_row(a, start, len(a), height, w, gap, height < t))
    return out


def _row(
    a: list[float], start: int, stop: int, height: float, w: int, gap: int, full: bool
) -> JustifiedRow:
    """The cells of items ``a[start:stop]`` at ``height``; a full row ends exactly at ``w``.

    Edges are rounded where they fall along the row (not each width on its own), so rounding
    errors do not add up: every cell is within 1 px of its exact width and gaps are exact.
    """
    cells: list[Cell] = []
    edge = 0.0  # the exact right edge of the cells so far, spacing left out
    left = 0  # the rounded one
    for k, j in enumerate(range(start, stop)):
        edge += a[j] * height
        right = math.floor(edge + 0.5)
        cells.append(Cell(j, float(left + k * gap), float(right - left)))
        left = right
    if full:
        last = cells[-1]
        cells[-1] = Cell(last.index, last.x, float(w - last.x))
    return JustifiedRow(height, tuple(cells))
