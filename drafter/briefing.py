"""A briefing note's draft from a topic: every fact on it, in briefing order.

`drafter brief` and the TUI's "brief me on this topic" both start here. The facts are
ordered by the briefing section their tags choose (letters.briefing_section; sections in
the order of letters.BRIEFING_SECTIONS) and newest first within a section, so that the
note reads as a research briefing and each section opens with its most current fact.
Stale facts stay in (a briefing should show the whole record) and `render` warns of each.
"""

from __future__ import annotations

import datetime as dt
import difflib

from drafter.drafts import Draft
from drafter.errors import DraftError
from drafter.facts import Fact, FactBase
from drafter.letters import BRIEFING_SECTIONS, briefing_section

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
