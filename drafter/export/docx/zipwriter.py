"""A minimal ZIP writer for DOCX packages whose unchanging parts are compressed once.

`zipfile` deflates every part on every write; in a mail merge most of a package (styles,
theme, settings, footers) is the same for every letter. `ZipEntry.deflate` compresses a
part once, and `build_zip` lays out ready-made entries, deflating only the new ones.
The output is an ordinary ZIP (deflate, no ZIP64: a letter is far below 4 GB).
"""

from __future__ import annotations

import datetime as dt
import struct
import zlib
from collections.abc import Iterable
from dataclasses import dataclass

_LOCAL = struct.Struct("<IHHHHHIIIHH")
_CENTRAL = struct.Struct("<IHHHHHHIIIHHHHHII")
_END = struct.Struct("<IHHHHIIH")
_DEFLATE = 8
_VERSION = 20  # 2.0: deflate
_MADE_BY = (3 << 8) | _VERSION  # Unix, so the permission bits below are honoured
_FILE_MODE = 0o100644 << 16


@dataclass(frozen=True, slots=True)
class ZipEntry:
    name: bytes
    crc: int
    size: int
    data: bytes  # raw deflate stream

    @classmethod
    def deflate(cls, name: str, content: bytes, level: int = 6) -> ZipEntry:
        packer = zlib.compressobj(level, zlib.DEFLATED, -15)
        data = packer.compress(content) + packer.flush()
        return cls(name.encode("ascii"), zlib.crc32(content), len(content), data)


def _dos_time(day: dt.date) -> tuple[int, int]:
    year = min(max(day.year, 1980), 2107)
    return 0, ((year - 1980) << 9) | (day.month << 5) | day.day


def build_zip(entries: Iterable[ZipEntry], day: dt.date) -> bytes:
    """A ZIP archive of `entries`, every file dated `day` (so output is reproducible)."""
    time, date = _dos_time(day)
    out: list[bytes] = []
    central: list[bytes] = []
    offset = 0
    count = 0
    for entry in entries:
        size = len(entry.data)
        header = _LOCAL.pack(
            0x04034B50,
            _VERSION,
            0,
            _DEFLATE,
            time,
            date,
            entry.crc,
            size,
            entry.size,
            len(entry.name),
            0,
        )
        out += (header, entry.name, entry.data)
        central.append(
            _CENTRAL.pack(
                0x02014B50,
                _MADE_BY,
                _VERSION,
                0,
                _DEFLATE,
                time,
                date,
                entry.crc,
                size,
                entry.size,
                len(entry.name),
                0,
                0,
                0,
                0,
                _FILE_MODE,
                offset,
            )
            + entry.name
        )
        offset += len(header) + len(entry.name) + size
        count += 1
    directory = b"".join(central)
    out.append(directory)
    out.append(_END.pack(0x06054B50, 0, 0, count, count, len(directory), offset, 0))
    return b"".join(out)
