"""The staff PIN: stored only as a salted scrypt hash; wrong guesses lock the pad for longer."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field

#: scrypt cost: about 50 ms on a small gallery PC, slow enough to make guessing a stolen
#: hash expensive, fast enough for a PIN pad.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
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
    if n < 2**10 or n & (n - 1) or not 1 <= r <= 64 or not 1 <= p <= 16 or len(digest) < 16:
        raise PinError('pin_hash has unusable parameters; set it again with "kiosk set-pin"')
    return n, r, p, salt, digest


def verify_pin(pin: str, stored: str) -> bool:
    """Whether ``pin`` matches the stored hash (in constant time)."""
    n, r, p, salt, digest = parse_hash(stored)
    candidate = hashlib.scrypt(
        pin.encode(), salt=salt, n=n, r=r, p=p, dklen=len(digest), maxmem=256 * 1024 * 1024
    )
    return hmac.compare_digest(candidate, digest)


@dataclass
class PinLock:
    """Counts wrong PINs: after five, the pad locks for 30 s, then 60 s, … up to an hour."""

    clock: Callable[[], float] = time.monotonic
    failures: int = 0
    lockouts: int = 0
    locked_until: float = field(default=0.0)

    def seconds_locked(self) -> float:
        """How long the pad stays locked (0 when it is open)."""
        return max(0.0, self.locked_until - self.clock())

    def record(self, correct: bool) -> None:
        """Count one attempt."""
        if correct:
            self.failures = self.lockouts = 0
            self.locked_until = 0.0
            return
        self.failures += 1
        if self.failures >= MAX_FAILURES:
            self.failures = 0
            self.locked_until = self.clock() + min(LONGEST_LOCK_S, FIRST_LOCK_S * 2**self.lockouts)
            self.lockouts += 1
