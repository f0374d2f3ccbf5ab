"""A fact's life: its kind, its status, when it was last reviewed, and when it is due again.

Schema 2 gives every fact a `kind` and a `status`. What ages is what a letter states in
the present tense: a **position** ("the Government remains committed to ...") and a
**statistic** ("19 ... to date") go stale N months after the later of `as_of` and the
last review. An **event** (it happened on a date), a **call** and a **finding** (what
someone called for or found, attributed and in the past tense) stay true as worded and
never go stale; nor does a fact whose status is `historical`. A `superseded` fact is not
stale but replaced: its successor is named by `superseded_by`.

A schema 1 fact has no kind (""), and ages by `as_of` alone, as schema 1 always did.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from drafter.facts.loader import Fact

KINDS = ("position", "event", "statistic", "call", "finding")
STATUSES = ("current", "historical", "superseded")
AGEING_KINDS = frozenset({"position", "statistic", ""})  # "" is a schema 1 fact


def add_months(day: dt.date, months: int) -> dt.date:
    """`day` moved by whole calendar months, clamped to the month's last day."""
    month_index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(month_index, 12)
    month += 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable: every month has at least 28 days")


def ages(fact: Fact) -> bool:
    """True when the fact can go stale at all (a current position or statistic)."""
    return fact.status == "current" and fact.kind in AGEING_KINDS


def checked_on(fact: Fact) -> dt.date:
    """The later of `as_of` and the last review: the day the fact was last known to hold."""
    if fact.reviewed_on is not None and fact.reviewed_on > fact.as_of:
        return fact.reviewed_on
    return fact.as_of


# The words for a fact whose time to be checked again has come, wherever it is shown: the
# Facts step's badge (DUE_BADGE), the citation check's finding and the app's findings (DUE).
DUE_BADGE = "due"
DUE = f"{DUE_BADGE} for review"


def due_note(fact: Fact, stale_months: int) -> str:
    """Why the fact is due: 'last checked on 8 January 2023, more than 18 months ago'."""
    from drafter.textfmt import uk_date

    return f"last checked on {uk_date(checked_on(fact))}, more than {stale_months} months ago"


def holds_until(fact: Fact, stale_months: int) -> dt.date | None:
    """The last day before the fact is due for review; None when it never goes stale."""
    if not ages(fact):
        return None
    return add_months(checked_on(fact), stale_months)


def is_stale(fact: Fact, stale_months: int, today: dt.date) -> bool:
    until = holds_until(fact, stale_months)
    return until is not None and today > until


def describe(fact: Fact) -> str:
    """'position, current', 'event', 'superseded by X': the fact's lifecycle in words."""
    if fact.status == "superseded":
        label = f"superseded by {fact.superseded_by}" if fact.superseded_by else "superseded"
        return f"{fact.kind}, {label}" if fact.kind else label
    if not fact.kind:
        return fact.status
    return fact.kind if fact.status == "current" else f"{fact.kind}, {fact.status}"
