"""PNG images a user names (a signature in the profile): read, checked and measured.

Only PNG is taken: it is what a scanned signature is saved as, Word and LibreOffice
show it everywhere, and its header says its size without decoding the picture. The
checks stop a file that is not a PNG, is too big to belong in a letter, or claims a
size no signature has, before it reaches a document.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass
from pathlib import Path

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
MAX_BYTES = 5 * 1024 * 1024  # a scanned signature is tens of kilobytes
MAX_SIDE = 10_000  # pixels
DEFAULT_DPI = 96.0


@dataclass(frozen=True, slots=True)
class PngImage:
    data: bytes
    width: int  # pixels
    height: int
    dpi_x: float
    dpi_y: float


class ImageError(ValueError):
    """A file that is not a usable PNG; the message says why, for the user."""


def parse_png(data: bytes) -> PngImage:
    """`data` checked as a PNG and measured; ImageError when it is not one."""
    if len(data) > MAX_BYTES:
        raise ImageError(
            f"it is {len(data) // 1024} kB; a signature image may be {MAX_BYTES // 1_048_576} MB"
        )
    if not data.startswith(PNG_SIGNATURE) or len(data) < 33:
        raise ImageError("it is not a PNG image")
    length, kind = struct.unpack(">I4s", data[8:16])
    if kind != b"IHDR" or length != 13:
        raise ImageError("it is not a PNG image (no header chunk)")
    header = data[16:29]
    (crc,) = struct.unpack(">I", data[29:33])
    if zlib.crc32(kind + header) != crc:
        raise ImageError("it is a damaged PNG image (its header does not check)")
    width, height = struct.unpack(">II", header[:8])
    if not (0 < width <= MAX_SIDE and 0 < height <= MAX_SIDE):
        raise ImageError(f"it is {width} x {height} pixels; a signature is far smaller")
    dpi_x = dpi_y = DEFAULT_DPI
    at = 33
    while at + 12 <= len(data):
        length, kind = struct.unpack(">I4s", data[at : at + 8])
        if kind == b"pHYs" and length == 9 and at + 17 <= len(data):
            per_x, per_y, unit = struct.unpack(">IIB", data[at + 8 : at + 17])
            if unit == 1 and per_x and per_y:  # pixels per metre
                dpi_x, dpi_y = per_x * 0.0254, per_y * 0.0254
            break
        if kind in (b"IDAT", b"IEND"):  # pHYs comes before the image data
            break
        at += 12 + length
    if b"IEND" not in data[-12:]:
        raise ImageError("it is a damaged or cut-off PNG image (it has no end)")
    return PngImage(data, width, height, dpi_x, dpi_y)


def read_png(path: Path) -> PngImage:
    """The PNG at `path`; ImageError saying why it cannot be used."""
    try:
        if not path.is_file():
            raise ImageError("no such file" if not path.exists() else "it is not a file")
        if path.stat().st_size > MAX_BYTES:
            raise ImageError(
                f"it is {path.stat().st_size // 1024} kB; a signature image may be "
                f"{MAX_BYTES // 1_048_576} MB"
            )
        data = path.read_bytes()
    except OSError as exc:
        raise ImageError(f"cannot read it: {exc.strerror or exc}") from None
    return parse_png(data)
