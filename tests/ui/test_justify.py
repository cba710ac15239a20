"""Justified rows (kiosk.ui.justify): every picture at its own aspect, rows filling the width.

The properties are checked against an oracle that recomputes, from the clamped aspects, the
height at which a run of items fills the width; the examples pin down the cases archives
care about (a panorama, a tall document).
"""

from __future__ import annotations

import itertools
import math
import random
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.ui.justify import Cell, JustifiedRow, justify

EPS = 1e-9

# Aspects well outside the clamp, and the values a picture of unknown size has.
aspect = st.one_of(
    st.floats(0.05, 20.0),
    st.floats(0.6, 4.0),
    st.sampled_from([0.0, -1.0, math.nan, math.inf, 4 / 3]),
)
layouts = {
    "aspects": st.lists(aspect, max_size=60),
    "width": st.one_of(st.floats(1.0, 4000.0), st.integers(1, 4000).map(float)),
    "target": st.floats(1.0, 800.0),
    "spacing": st.one_of(st.floats(0.0, 60.0), st.integers(0, 24).map(float)),
}


def clamped_aspect(x: float) -> float:
    """The aspect the layout is to use: 1.0 when unknown, then within [0.6, 4]."""
    return min(max(x, 0.6), 4.0) if math.isfinite(x) and x > 0 else 1.0


def fill_height(clamped: list[float], start: int, stop: int, w: int, gap: int) -> float:
    """The height at which items start..stop-1 fill ``w`` px with ``gap`` between them."""
    return (w - gap * (stop - start - 1)) / math.fsum(clamped[start:stop])


def ends(row: JustifiedRow) -> float:
    last = row.cells[-1]
    return last.x + last.width


def check(aspects: list[float], width: float, target: float, spacing: float) -> None:
    """Every property the module's docstring promises, for one layout."""
    rows = justify(aspects, width, target, spacing)
    w, gap = math.floor(width), max(0, math.floor(spacing + 0.5))
    clamped = [clamped_aspect(x) for x in aspects]
    oversize = [x * target > w for x in clamped]

    # Every index exactly once, in order; no empty row.
    assert [c.index for row in rows for c in row.cells] == list(range(len(aspects)))
    assert all(row.cells for row in rows)

    for r, row in enumerate(rows):
        cells = row.cells
        # Whole pixels, left-aligned, gaps exactly the spacing, nothing past the width.
        assert all(c.x == int(c.x) and c.width == int(c.width) for c in cells)
        assert cells[0].x == 0
        assert all(c.width >= 0 for c in cells)
        assert all(b.x - (a.x + a.width) == gap for a, b in itertools.pairwise(cells))
        assert ends(row) <= w
        # Each picture's cell at its clamped aspect, within the 1 px of rounding.
        for c in cells:
            assert abs(c.width - clamped[c.index] * row.height) <= 1 + EPS, (c, row.height)

        start, stop = cells[0].index, cells[-1].index + 1
        lone_panorama = stop - start == 1 and oversize[start]
        if lone_panorama:  # the documented exception: a row of its own, filling the width
            assert ends(row) == w
            assert row.height == pytest.approx(w / clamped[start])
            continue
        here = fill_height(clamped, start, stop, w, gap)
        if r == len(rows) - 1:  # the last row keeps the target height, never stretched
            assert row.height <= target
            assert row.height == pytest.approx(min(target, here))
        elif row.height != target or here <= 1.5 * target - EPS:
            # A full row: within the bounds, as close to the target as packing in order gets.
            assert ends(row) == w
            assert 0.5 * target - EPS <= row.height <= 1.5 * target + EPS
            assert row.height == pytest.approx(here)
            off = abs(here - target)
            if stop - start > 1:  # one item fewer would not have come closer...
                assert off <= abs(fill_height(clamped, start, stop - 1, w, gap) - target) + EPS
            if not oversize[stop]:  # ...nor one more
                assert off <= abs(fill_height(clamped, start, stop + 1, w, gap) - target) + EPS
        else:  # an open row, at the target height: only where no full row is within bounds
            assert oversize[stop] or fill_height(clamped, start, stop + 1, w, gap) < (
                0.5 * target + EPS
            )


@settings(max_examples=400, deadline=None)
@given(**layouts)
def test_random_layouts_keep_every_promise(
    aspects: list[float], width: float, target: float, spacing: float
) -> None:
    check(aspects, width, target, spacing)


@settings(max_examples=200, deadline=None)
@given(
    aspects=st.lists(st.floats(0.3, 6.0), min_size=1, max_size=200),
    width=st.floats(1280.0, 2400.0),
    target=st.floats(120.0, 300.0),
    spacing=st.floats(0.0, 16.0),
)
def test_a_kiosk_sized_grid_fills_every_row_but_the_last(
    aspects: list[float], width: float, target: float, spacing: float
) -> None:
    """In a screen-wide grid no panorama outgrows the width and no row needs to be open."""
    check(aspects, width, target, spacing)
    rows = justify(aspects, width, target, spacing)
    assert all(ends(row) == math.floor(width) for row in rows[:-1])


def test_nothing_to_lay_out_gives_no_rows() -> None:
    assert justify([], 1000, 200, 8) == []
    for width in (0, -5, 0.5, math.nan, math.inf):
        assert justify([1.0, 1.5], width, 200, 8) == []
    for target in (0, -1, math.nan):
        assert justify([1.0, 1.5], 1000, target, 8) == []


def test_a_picture_of_unknown_size_counts_as_square() -> None:
    rows = justify([0.0, -2.0, math.nan, math.inf], 2000, 100, 0)
    assert [c.width for c in rows[0].cells] == [100.0] * 4


def test_one_item_keeps_the_target_height_at_the_left() -> None:
    assert justify([1.5], 1000, 200, 8) == [JustifiedRow(200.0, (Cell(0, 0.0, 300.0),))]


def test_a_panorama_gets_a_clamped_cell_in_a_full_row() -> None:
    """6:1 counts as 4:1 (the picture is fitted inside); the row fills 1000 px exactly."""
    first, last = justify([1.0, 6.0, 1.0], 1000, 200, 8)
    assert first.height == pytest.approx((1000 - 8) / 5)
    assert first.cells == (Cell(0, 0.0, 198.0), Cell(1, 206.0, 794.0))  # 794 = 4 × 198.4
    assert last == JustifiedRow(200.0, (Cell(2, 0.0, 200.0),))


def test_a_panorama_wider_than_the_width_gets_a_row_of_its_own() -> None:
    """At 600 px a 4:1 cell is 800 px wide at 200 px: it fills the width at 150 px; the
    picture before it cannot fill a row within the bounds, so it stays at 200 px."""
    rows = justify([1.0, 6.0, 1.0], 600, 200, 8)
    assert rows == [
        JustifiedRow(200.0, (Cell(0, 0.0, 200.0),)),
        JustifiedRow(150.0, (Cell(1, 0.0, 600.0),)),
        JustifiedRow(200.0, (Cell(2, 0.0, 200.0),)),
    ]


def test_a_tall_document_gets_a_readable_width() -> None:
    """1:3 counts as 0.6: at 200 px the cell is 120 px wide, not a 67 px sliver."""
    assert justify([1 / 3], 1000, 200, 8) == [JustifiedRow(200.0, (Cell(0, 0.0, 120.0),))]
    rows = justify([1 / 3, 1.5, 1 / 3, 1.5, 1.0, 1.0, 1.5], 1000, 200, 8)
    document = rows[0].cells[0]
    assert document.width == pytest.approx(0.6 * rows[0].height, abs=1)


def test_a_thousand_pictures_are_laid_out_fast() -> None:
    rng = random.Random(1920)
    aspects = [rng.choice([0.3, 0.7, 1.0, 4 / 3, 1.5, 2.0, 6.0]) for _ in range(1000)]
    began = time.perf_counter()
    rows = justify(aspects, 1280, 220, 8)
    took = time.perf_counter() - began
    check(aspects, 1280, 220, 8)
    assert 150 < len(rows) < 700
    assert took < 0.1  # about 2 ms
    # One pass: a hundred times as many pictures take about a hundred times as long
    # (a quadratic layout would take minutes here).
    began = time.perf_counter()
    justify(aspects * 100, 1280, 220, 8)
    assert time.perf_counter() - began < 5.0  # about 0.2 s


def test_aspect_bounds_must_make_sense() -> None:
    with pytest.raises(ValueError, match="aspect bounds"):
        justify([1.0], 1000, 200, 8, min_aspect=2.0, max_aspect=1.0)
    with pytest.raises(ValueError, match="aspect bounds"):
        justify([1.0], 1000, 200, 8, min_aspect=0.0)
