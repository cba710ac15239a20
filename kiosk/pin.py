"""The staff PIN: stored only as a salted scrypt hash; wrong guesses lock the pad for longer."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import math
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.atomic import sweep_leftovers, write_atomic

log = logging.getLogger(__name__)

#: scrypt cost: about 50 ms on a small gallery PC, slow enough to make guessing a stolen
#: hash expensive, fast enough for a PIN pad.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
SCRYPT_MAXMEM = 256 * 1024 * 1024
PIN_MIN, PIN_MAX = 4, 12
MAX_FAILURES = 5
FIRST_LOCK_S, LONGEST_LOCK_S = 30.0, 3600.0


class PinError(ValueError):
    """A PIN or stored hash that cannot be used; the message says why."""


def check_pin_format(pin: str) -> None:
    """Refuse PINs a pad cannot type or that are too short to be worth anything."""
    if not pin.isdigit() or not pin.isascii():
        raise PinError("a PIN is digits only (0–9)")
    if not PIN_MIN <= len(pin) <= PIN_MAX:
        raise PinError(f"a PIN has {PIN_MIN} to {PIN_MAX} digits")


def hash_pin(pin: str) -> str:
    """``scrypt$N$r$p$salt$hash`` for the config file; the PIN itself is never stored."""
    check_pin_format(pin)
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(pin.encode(), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, dklen=32)
    b64 = base64.b64encode
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${b64(salt).decode()}${b64(digest).decode()}"


def parse_hash(stored: str) -> tuple[int, int, int, bytes, bytes]:
    """The parts of a stored hash, or PinError naming what is wrong with it."""
    parts = stored.split("$")
    if len(parts) != 6 or parts[0] != "scrypt":
        raise PinError('pin_hash is not a kiosk PIN hash; set it with "kiosk set-pin"')
    try:
        n, r, p = (int(x) for x in parts[1:4])
        salt, digest = base64.b64decode(parts[4], validate=True), base64.b64decode(parts[5])
    except ValueError as exc:
        raise PinError('pin_hash is damaged; set it again with "kiosk set-pin"') from exc
    # scrypt needs 128·n·r bytes: a hash that asks for more than SCRYPT_MAXMEM (or for a
    # minute of work) would fail or stall every check, so it is refused up front.
    too_big = 128 * n * r > SCRYPT_MAXMEM // 2 or n * r * p > 2**22
    if n < 2**10 or n & (n - 1) or not 1 <= r <= 64 or not 1 <= p <= 16 or len(digest) < 16:
        raise PinError('pin_hash has unusable parameters; set it again with "kiosk set-pin"')
    if too_big:
        raise PinError(
            'pin_hash asks for too much memory or time; set it again with "kiosk set-pin"'
        )
    return n, r, p, salt, digest


def verify_pin(pin: str, stored: str) -> bool:
    """Whether ``pin`` matches the stored hash (in constant time)."""
    n, r, p, salt, digest = parse_hash(stored)
    candidate = hashlib.scrypt(
        pin.encode(), salt=salt, n=n, r=r, p=p, dklen=len(digest), maxmem=SCRYPT_MAXMEM
    )
    return hmac.compare_digest(candidate, digest)


#: Where staff access is logged: every PIN attempt (never the PIN), lock-out, panel action
#: and configuration problem, one line each, so IT can ``grep kiosk.audit kiosk.log``.
audit = logging.getLogger("kiosk.audit")


@dataclass
class PinLock:
    """Counts wrong PINs: after five, the pad locks for 30 s, then 60 s, … up to an hour.

    With a ``path`` the count and the lock survive a restart (a power cycle must not be a
    way to guess faster). The monotonic clock starts again at every boot, so the file holds
    the lock's end in wall-clock time together with what was left of it when it was saved:
    read back, the lock lasts until that wall-clock end, but never longer than what was left
    (a wall clock stepped backwards, or a machine without a real-time clock booting in 1970,
    cannot make it eternal) nor longer than the longest lock.

    A state file that cannot be read or makes no sense starts afresh, with a warning in the
    audit log: the file is written atomically, so damage means a disk fault or someone with
    a shell, and locking staff out of their own kiosk on a disk fault helps nobody.
    """

    clock: Callable[[], float] = time.monotonic
    failures: int = 0
    lockouts: int = 0
    locked_until: float = field(default=0.0)
    path: Path | None = None
    wall: Callable[[], float] = time.time
    #: One change or write at a time: an attempt and a lock's end may come from two worker
    #: threads at once (reentrant: a change stores itself while it holds it).
    _writing: threading.RLock = field(default_factory=threading.RLock, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.path is not None:
            sweep_leftovers(self.path)  # a writer killed mid-write (kill -9, power cut)
            self._load(self.path)

    def _load(self, path: Path) -> None:
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
            failures, lockouts = int(doc["failures"]), int(doc["lockouts"])
            by_wall = float(doc["locked_until"]) - self.wall()
            # Files written before "left" existed: the wall clock alone, capped below.
            left_then = float(doc.get("left", LONGEST_LOCK_S))
            if not all(math.isfinite(x) for x in (by_wall, left_then)):
                raise ValueError("a time that is not a number")
        except FileNotFoundError:
            return
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            audit.warning(
                "the PIN lock state %s is unreadable (%s); the PIN lock starts afresh",
                path,
                exc,
            )
            return
        self.failures = max(0, min(failures, MAX_FAILURES))
        self.lockouts = max(0, min(lockouts, 16))
        left = max(0.0, min(by_wall, left_then, LONGEST_LOCK_S))
        self.locked_until = self.clock() + left if left > 0 else 0.0
        if left > 0:
            audit.warning("PIN lock-out carried over from before the restart: %.0f s left", left)

    def _save(self) -> None:
        """Store the state whole or not at all (``write_atomic``: a power cut leaves the old
        state or the new). One writer at a time: an attempt and a lock's end may be stored
        from two worker threads at once."""
        if self.path is None:
            return
        with self._writing:
            left = self.seconds_locked()
            doc = {
                "failures": self.failures,
                "lockouts": self.lockouts,
                "locked_until": self.wall() + left,
                "left": left,
            }
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                write_atomic(self.path, json.dumps(doc).encode("utf-8"))
            except OSError as exc:  # a full or read-only disk: the lock still holds in memory
                audit.warning("could not store the PIN lock in %s: %s", self.path, exc)

    def ended(self) -> None:
        """The lock has run out: store that it has, so that the next start (whose wall clock
        may be wrong: a machine without a real-time clock boots in 1970) does not lock the
        pad again for the seconds left when it was last stored. Any thread (it syncs)."""
        with self._writing:  # a lock-out recorded meanwhile is not undone
            if self.locked_until and self.seconds_locked() == 0:
                self.locked_until = 0.0
                self._save()

    def seconds_locked(self) -> float:
        """How long the pad stays locked (0 when it is open)."""
        return max(0.0, self.locked_until - self.clock())

    def record(self, correct: bool) -> None:
        """Count one attempt (and log it, without the PIN, to the audit log)."""
        with self._writing:
            if correct:
                self.failures = self.lockouts = 0
                self.locked_until = 0.0
                audit.info("PIN right")
            else:
                self.failures += 1
                if self.failures >= MAX_FAILURES:
                    self.failures = 0
                    lock = min(LONGEST_LOCK_S, FIRST_LOCK_S * 2 ** min(self.lockouts, 16))
                    self.locked_until = self.clock() + lock
                    self.lockouts += 1
                    audit.warning(
                        "PIN wrong %d times: PIN pad locked for %.0f s (lock-out %d)",
                        MAX_FAILURES,
                        lock,
                        self.lockouts,
                    )
                else:
                    audit.warning(
                        "PIN wrong (%d of %d before a lock-out)", self.failures, MAX_FAILURES
                    )
            self._save()
