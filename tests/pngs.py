"""PNG images made for the tests (and the example profile's signature), in pure Python."""

from __future__ import annotations

import math
import struct
import zlib


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png(width: int, height: int, pixels: list[bytearray], *, dpi: int = 300) -> bytes:
    """An RGBA PNG from rows of width * 4 bytes, with its resolution recorded."""
    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    per_metre = round(dpi / 0.0254)
    raw = b"".join(b"\x00" + bytes(row) for row in pixels)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"pHYs", struct.pack(">IIB", per_metre, per_metre, 1))
        + _chunk(b"IDAT", zlib.compress(raw, 9))
        + _chunk(b"IEND", b"")
    )


def signature_png(width: int = 540, height: int = 150) -> bytes:
    """A made-up handwritten flourish in dark blue ink on a transparent background."""
    rows = [bytearray(width * 4) for _ in range(height)]

    def dot(x: float, y: float) -> None:
        for dy in range(-2, 3):
            for dx in range(-2, 3):
                px, py = int(x) + dx, int(y) + dy
                if 0 <= px < width and 0 <= py < height and dx * dx + dy * dy <= 5:
                    rows[py][px * 4 : px * 4 + 4] = b"\x1f\x2a\x5c\xff"

    steps = 6000
    for i in range(steps):
        t = i / steps
        x = 20 + t * (width - 40)
        y = height / 2 + math.sin(t * 19) * height * 0.28 * (1 - 0.5 * t) + math.cos(t * 7) * 12
        dot(x, y)
    for i in range(steps // 3):  # the underline
        t = i / (steps // 3)
        dot(40 + t * (width - 120), height * 0.86 - t * 10)
    return png(width, height, rows)
