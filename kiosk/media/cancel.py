"""Cancelling long media work: a token the worker checks between steps.

A decode inside Pillow cannot be interrupted, so long functions (a rendition, a tile
pyramid) check their token between steps: between jobs, between the stages of a
rendition, between the levels and tile rows of a pyramid. ``check()`` raises
:class:`Cancelled`; whatever the function had written to temporary files is removed on
the way out, and nothing half-made reaches the cache. Where waiting for the next step is
too slow (quitting during the decode of a 180-megapixel scan), the work runs in a child
process that can be killed instead (:mod:`kiosk.media.worker`).
"""

from __future__ import annotations

import threading


class Cancelled(Exception):  # noqa: N818  (an outcome, not an error)
    """The work was cancelled before it finished; nothing half-made was kept."""


class CancelToken:
    """Set once by whoever started the work; read by the work between its steps."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        """Ask the work to stop at its next step (safe from any thread)."""
        self._event.set()

    @property
    def cancelled(self) -> bool:
        """Whether the work should stop."""
        return self._event.is_set()

    def check(self) -> None:
        """Raise :class:`Cancelled` if the work should stop."""
        if self.cancelled:
            raise Cancelled

    def wait(self, timeout: float | None = None) -> bool:
        """Sleep until cancelled or ``timeout`` seconds have passed; whether cancelled."""
        return self._event.wait(timeout)


def check(token: CancelToken | None) -> None:
    """``token.check()``, for functions whose token is optional."""
    if token is not None:
        token.check()
