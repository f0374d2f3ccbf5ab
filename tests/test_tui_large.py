"""The drafting app over a fact base larger than its lists: every list stays within its cap."""

from __future__ import annotations

import asyncio
import datetime as dt
import shutil
from pathlib import Path

from textual.widgets import OptionList, Static

from bench.data import write_factbase
from drafter.paths import config_dir
from drafter.tui.app import AppOptions, create_app
from drafter.tui.screens.facts import SEARCH_LIMIT, FactsScreen

REPO = Path(__file__).resolve().parent.parent


def test_all_topics_with_no_query_lists_at_most_the_cap_and_says_how_many(tmp_path: Path) -> None:
    shutil.copy(REPO / "examples" / "profile.yaml", config_dir() / "profile.yaml")
    base = write_factbase(tmp_path, "large.yaml", facts=1_000, topics=10, sources=40)
    app = create_app(AppOptions(facts=(base,), today=dt.date(2026, 11, 23), cursor_blink=False))

    async def drive() -> None:
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            await pilot.press("enter")  # the first topic
            await pilot.pause()
            assert isinstance(app.screen, FactsScreen)
            facts = app.screen.query_one("#fact-list", OptionList)
            topic = app.session.draft.topic
            in_topic = len(app.session.factbase.facts_for_topic(topic))
            assert facts.option_count == min(in_topic, SEARCH_LIMIT)
            await pilot.press("ctrl+t")  # every topic, the query still empty
            await pilot.pause()
            assert facts.option_count == SEARCH_LIMIT
            scope = app.screen.query_one("#facts-scope", Static)
            assert str(scope.render()) == f"{SEARCH_LIMIT} of 1,000 facts in all topics"
            first = next(iter(app.session.factbase))
            assert facts.get_option_at_index(0).id == first.id
            # A query searches the whole base, not the rows listed.
            last = list(app.session.factbase)[-1]
            await pilot.press(*last.id)
            await pilot.pause()
            assert facts.get_option_at_index(0).id == last.id

    asyncio.run(drive())
