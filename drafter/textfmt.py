"""Small text forms every output shares: UK dates, "A, B and C" lists, "did you mean".

They are the `uk_date` and `join_and` filters templates use, and citations and the
letter frame use the same functions so a date reads alike everywhere.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

# Spelled out here rather than taken from strftime("%B"), which follows the locale.
MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def uk_date(day: dt.date) -> str:
    """GOV.UK style: "8 January 2023" (no ordinal, no comma, no leading zero)."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def as_sentence(text: str) -> str:
    """ "Saved" -> "Saved.": a message is a sentence, ending in . ! or ?"""
    text = text.strip()
    return text if not text or text[-1] in ".!?" else text + "."


def join_and(items: Iterable[object]) -> str:
    """ "A", "A and B", "A, B and C": no serial comma, as GOV.UK style has it."""
    words = [str(item) for item in items if str(item)]
    if len(words) < 2:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


# Characters that start Markdown inline syntax anywhere in a line: emphasis, code,
# links and images, autolinks, entities, escapes.
_MD_INLINE = re.compile(r"([\\`*_\[\]<>&~|])")
# What makes a line a heading, quote, list item, rule, fence or setext underline.
_MD_BLOCK = re.compile(r"^([#>+=-]|\d{1,9}[.)])")


@lru_cache(maxsize=4096)  # a merge escapes the same facts, sources and names per letter
def markdown_text(text: str) -> str:
    """Plain text written so that Markdown reads it as itself, line by line.

    Used for everything a template is given (facts, fields, names, sources): their
    Markdown-looking characters stay characters, so a fact's '# ...' is not a heading,
    its '[^1]' not a footnote and its '*' not emphasis. Leading spaces go (four would
    make a code block); line breaks stay.
    """
    lines = []
    for line in text.split("\n"):
        line = _MD_INLINE.sub(r"\\\1", line.lstrip(" \t"))
        match = _MD_BLOCK.match(line)
        if match:
            cut = match.end() - 1
            line = line[:cut] + "\\" + line[cut:]
        lines.append(line)
    return "\n".join(lines)


def suggest(name: str, known: Sequence[str], what: str) -> str:
    """'did you mean 'x'?' for a near miss, else "WHAT: a, b, c" (or "there are no WHAT")."""
    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    if close:
        return f"did you mean '{close[0]}'?"
    return f"{what}: " + ", ".join(known) if known else f"there are no {what}"


def join_or(items: Iterable[object]) -> str:
    """ "A", "A or B", "A, B or C"."""
    words = [str(item) for item in items if str(item)]
    if len(words) < 2:
        return "".join(words)
    return ", ".join(words[:-1]) + " or " + words[-1]
