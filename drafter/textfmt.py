"""Small text forms every output shares: UK dates and "A, B and C" lists.

They are the `uk_date` and `join_and` filters templates use, and citations and the
letter frame use the same functions so a date reads alike everywhere.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

# Spelled out here rather than taken from strftime("%B"), which follows the locale.
MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def uk_date(day: dt.date) -> str:
    """GOV.UK style: "8 January 2023" (no ordinal, no comma, no leading zero)."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def join_and(items: Iterable[object]) -> str:
    """ "A", "A and B", "A, B and C": no serial comma, as GOV.UK style has it."""
    words = [str(item) for item in items if str(item)]
    if len(words) < 2:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]
