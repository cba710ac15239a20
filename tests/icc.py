"""A minimal ICC v2 RGB matrix/TRC profile, written byte by byte for tests.

The machine has no ICC files and Pillow makes only sRGB, Lab and XYZ profiles; a profile
whose red and green primaries are swapped makes a colour-management test that cannot pass
by accident: a pixel stored as (255, 0, 0) is green once converted, red if it is not.
"""

from __future__ import annotations

import struct

#: sRGB's primaries, adapted to the PCS's D50 white (as in the sRGB profile's rXYZ/gXYZ/bXYZ).
SRGB_RED = (0.4361, 0.2225, 0.0139)
SRGB_GREEN = (0.3851, 0.7169, 0.0971)
SRGB_BLUE = (0.1431, 0.0606, 0.7141)
D50 = (0.9642, 1.0, 0.8249)


def _s15(v: float) -> bytes:
    return struct.pack(">i", round(v * 65536))


def _xyz(xyz: tuple[float, float, float]) -> bytes:
    return b"XYZ \0\0\0\0" + b"".join(_s15(v) for v in xyz)


def _curve(gamma: float) -> bytes:
    return b"curv\0\0\0\0" + struct.pack(">IH", 1, round(gamma * 256)) + b"\0\0"


def _desc(text: str) -> bytes:
    ascii_ = text.encode("ascii") + b"\0"
    body = b"desc\0\0\0\0" + struct.pack(">I", len(ascii_)) + ascii_
    body += struct.pack(">II", 0, 0) + struct.pack(">HB", 0, 0) + b"\0" * 67
    return body + b"\0" * (-len(body) % 4)


def matrix_profile(
    red: tuple[float, float, float],
    green: tuple[float, float, float],
    blue: tuple[float, float, float],
    *,
    gamma: float = 2.2,
    name: str = "test profile",
) -> bytes:
    """An RGB display profile with these primaries (D50 XYZ) and one gamma curve."""
    tags = [
        (b"desc", _desc(name)),
        (b"wtpt", _xyz(D50)),
        (b"rXYZ", _xyz(red)),
        (b"gXYZ", _xyz(green)),
        (b"bXYZ", _xyz(blue)),
        (b"rTRC", _curve(gamma)),
        (b"gTRC", _curve(gamma)),
        (b"bTRC", _curve(gamma)),
        (b"cprt", b"text\0\0\0\0public domain\0\0\0"),
    ]
    offset = 128 + 4 + 12 * len(tags)
    table, data = b"", b""
    for sig, body in tags:
        table += sig + struct.pack(">II", offset + len(data), len(body))
        data += body
    size = offset + len(data)
    header = struct.pack(">I", size) + b"\0" * 4 + struct.pack(">I", 0x02100000)
    header += b"mntrRGB XYZ " + b"\0" * 12 + b"acsp" + b"\0" * 24
    header += struct.pack(">I", 0) + b"".join(_s15(v) for v in D50) + b"\0" * 48
    assert len(header) == 128, len(header)
    return header + struct.pack(">I", len(tags)) + table + data


def swapped_red_green() -> bytes:
    """A profile whose "red" is sRGB's green and whose "green" is sRGB's red."""
    return matrix_profile(SRGB_GREEN, SRGB_RED, SRGB_BLUE, name="red and green swapped")
