"""Default names for exported files: `2026-11-23-hong-kong-minister-smith.docx`.

The date comes first so that a folder of letters sorts by when they were written; then
the topic and who the letter is to, so that the name alone says what the file holds.
Names are plain ASCII slugs, safe on every file system and in an email attachment.
"""

from __future__ import annotations

import datetime as dt
import re

from drafter.export.formats import export_format
from drafter.facts.loader import normalise
from drafter.people.address import Recipient

_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_MAX_PART = 40


def slug(text: str, *, max_length: int = _MAX_PART) -> str:
    """Lowercase ASCII words joined by hyphens: 'Hong Kong (BN(O))' -> 'hong-kong-bn-o'."""
    ascii_text = normalise(text).encode("ascii", "ignore").decode("ascii")
    words = [w for w in _NOT_SLUG.split(ascii_text) if w]
    out = ""
    for word in words:
        candidate = f"{out}-{word}" if out else word
        if len(candidate) > max_length:
            break
        out = candidate
    return out or (words[0][:max_length] if words else "")


def recipient_slug(recipient: Recipient | None) -> str:
    """'minister-smith', 'baron-alton', 'ambassador-zheng'; '' for an unknown correspondent."""
    if recipient is None:
        return ""
    # A peer's title ("Alton of Liverpool") names them better than a family name.
    name = recipient.peerage.split(" of ")[0] if recipient.peerage else recipient.last_name
    kind = "" if recipient.kind in ("", "unknown", "other") else recipient.kind
    return slug(f"{kind} {name}")


def default_export_name(
    *,
    date: dt.date,
    topic: str = "",
    template: str = "",
    recipient: Recipient | None = None,
    file_format: str = "docx",
) -> str:
    """The suggested file name for an export, e.g. '2026-11-23-hong-kong-minister-smith.docx'."""
    parts = [date.isoformat(), slug(topic) or slug(template), recipient_slug(recipient)]
    stem = "-".join(p for p in parts if p)
    return stem + export_format(file_format).suffix
