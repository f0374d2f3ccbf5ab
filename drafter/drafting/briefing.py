"""A briefing note's draft from a topic: every fact on it, in briefing order.

`drafter brief` and the TUI's "brief me on this topic" both start here. The facts are
ordered by the briefing section their tags choose (`briefing_section`; sections in
the order of `BRIEFING_SECTIONS`) and newest first within a section, so that the
note reads as a research briefing and each section opens with its most current fact.
Stale facts stay in (a briefing should show the whole record) and `render` warns of each.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Sequence
from typing import Protocol, TypeVar

from drafter.drafting.draft import Draft
from drafter.errors import DraftError
from drafter.facts.loader import Fact, FactBase

# Sections of a briefing note in the order they are printed, each with the fact tags
# that place a fact in it; facts with none of these tags go to Key facts. A fact with
# several goes by SECTION_PRECEDENCE: the UK leading a UN statement (uk-government,
# international) is part of the international response; a recent event that is also
# background is a recent development. `drafter brief` uses the same mapping.
KEY_FACTS = "Key facts"
BRIEFING_SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Background", ("background",)),
    (KEY_FACTS, ()),
    ("UK Government position", ("uk-government",)),
    ("International response", ("international",)),
    ("Campaigners' calls", ("campaign",)),
    ("Recent developments", ("recent",)),
)
SECTION_PRECEDENCE = ("recent", "international", "background", "campaign", "uk-government")
_SECTION_OF_TAG = {tag: title for title, tags in BRIEFING_SECTIONS for tag in tags}


class _Tagged(Protocol):
    @property
    def tags(self) -> tuple[str, ...]: ...


_T = TypeVar("_T", bound=_Tagged)


def briefing_section(tags: Sequence[str]) -> str:
    """The briefing section a fact with these tags goes to (see BRIEFING_SECTIONS)."""
    return next((_SECTION_OF_TAG[t] for t in SECTION_PRECEDENCE if t in tags), KEY_FACTS)


def group_by_section(facts: Sequence[_T]) -> list[tuple[str, list[_T]]]:
    """The non-empty briefing sections in order, each with its facts in the given order."""
    groups: dict[str, list[_T]] = {title: [] for title, _ in BRIEFING_SECTIONS}
    for item in facts:
        groups[briefing_section(item.tags)].append(item)
    return [(title, items) for title, items in groups.items() if items]


DEFAULT_TEMPLATE = "briefing-note"
_SECTION_ORDER = {title: index for index, (title, _) in enumerate(BRIEFING_SECTIONS)}


def briefing_order(facts: list[Fact] | tuple[Fact, ...]) -> list[Fact]:
    """Facts by briefing section, newest first within each; ties keep fact base order."""
    indexed = list(enumerate(facts))
    indexed.sort(
        key=lambda item: (
            _SECTION_ORDER[briefing_section(item[1].tags)],
            -item[1].as_of.toordinal(),
            item[0],
        )
    )
    return [fact for _, fact in indexed]


def briefing_draft(
    factbase: FactBase,
    topic: str,
    *,
    template: str = DEFAULT_TEMPLATE,
    today: dt.date | None = None,
) -> Draft:
    """A Draft of `template` citing all of `topic`'s facts in briefing order.

    `today` fixes the briefing's date (None: the day it is rendered).
    """
    if topic not in factbase.topics:
        close = difflib.get_close_matches(topic, list(factbase.topics), n=1, cutoff=0.6)
        hint = f"did you mean '{close[0]}'?" if close else "drafter topics lists the topics"
        raise DraftError.single("--topic", f"no topic '{topic}' in the fact base", hint)
    facts = factbase.facts_for_topic(topic)
    if not facts:
        raise DraftError.single(
            "--topic",
            f"topic '{topic}' has no facts to brief on",
            "add facts to it in the fact base (docs/facts.md)",
        )
    return Draft(
        template=template,
        topic=topic,
        facts=[fact.id for fact in briefing_order(facts)],
        date=today,
    )
