"""Which part of the window a seated visitor can reach: plain arithmetic, no Qt.

The window is taken to fill the screen (kiosk mode, ``--fullscreen``), as Theme takes it to
size touch targets from the diagonal: the screen's height in inches follows from its
diagonal and the window's shape, so the same numbers serve landscape and portrait. The
height of the screen's bottom edge above the floor and the band a seated visitor reaches
(kiosk.config.Reach) then give the window's rows within reach.
"""

from __future__ import annotations

import math

#: How close (inches) an edge of the screen may come to the band and still count as inside:
#: a mounting height is measured with a tape to about this, and the ADA example of a 43"
#: landscape screen at 27" (its top 0.08" above 48") is one a seated visitor reaches whole.
SLACK_IN = 0.25


def reach_band(
    *,
    diagonal_in: float,
    width_px: float,
    height_px: float,
    screen_bottom_in: float,
    low_in: float,
    high_in: float,
) -> tuple[float, float]:
    """The window's rows a seated visitor can reach, as (top, bottom) in pixels from its top.

    Clamped to the window: the whole window when the whole screen is within reach. A screen
    entirely above the band gives an empty band at the window's bottom edge (top == bottom ==
    height), one entirely below it an empty band at the top edge (0, 0). A window with no
    size yet (or a zero diagonal) has nothing out of reach: (0, height).
    """
    height_px = max(0.0, float(height_px))
    diagonal_px = math.hypot(width_px, height_px)
    if diagonal_in <= 0 or diagonal_px <= 0:
        return (0.0, height_px)
    px_per_in = diagonal_px / diagonal_in
    screen_top_in = screen_bottom_in + height_px / px_per_in
    above = screen_top_in - high_in  # inches of screen above the band
    below = low_in - screen_bottom_in  # inches of screen below the band
    top = 0.0 if above <= SLACK_IN else above * px_per_in
    bottom = height_px if below <= SLACK_IN else height_px - below * px_per_in
    top = min(max(top, 0.0), height_px)
    bottom = min(max(bottom, 0.0), height_px)
    return (top, max(top, bottom))


def screen_height_in(*, diagonal_in: float, width_px: float, height_px: float) -> float:
    """The screen's height in inches, from its diagonal and the window's shape."""
    diagonal_px = math.hypot(width_px, height_px)
    return 0.0 if diagonal_px <= 0 else diagonal_in * height_px / diagonal_px
