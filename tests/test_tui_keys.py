"""Keys sent in a fast burst land where they were sent, and the app's keys win in a box.

A burst is posted to the app all at once, as a terminal delivers keys typed ahead or
sent by tmux, without waiting between them; each test then waits for what the screen
shows (bounded, never a bare sleep).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import shutil
from pathlib import Path
from typing import Any

from textual import events
from textual.widgets import Input, OptionList, Select

from drafter.drafting.draft import Draft
from drafter.paths import bundled_facts, config_dir
from drafter.people.address import known_kinds
from drafter.tui.app import AppOptions, DrafterApp, create_app
from drafter.tui.screens.base import StepScreen
from drafter.tui.screens.facts import FactsScreen
from drafter.tui.screens.recipient import RecipientScreen
from tests.conftest import wait_until

REPO = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 12, 1)


def burst(app: DrafterApp, *keys: str) -> None:
    """Post `keys` to the app at once, as a terminal does when they come fast."""
    for key in keys:
        character = " " if key == "space" else key if len(key) == 1 else None
        app.post_message(events.Key(key, character))


def make_app(**options: Any) -> DrafterApp:
    shutil.copy(REPO / "examples" / "profile.yaml", config_dir() / "profile.yaml")
    return create_app(AppOptions(today=TODAY, cursor_blink=False, use_cache=False, **options))


async def at_step(pilot: Any, app: DrafterApp, step: str, draft: Draft) -> StepScreen:
    await wait_until(pilot, lambda: isinstance(app.screen, StepScreen), "the first step")
    # Started: the autosave claimed and looked at (nothing to resume), then the draft.
    await wait_until(pilot, lambda: app.session.autosave_claim is not None, "the start")
    app.session.replace_draft(draft)
    app.go_to(step)
    await wait_until(pilot, lambda: getattr(app.screen, "STEP", "") == step, f"the {step} step")
    screen = app.screen
    assert isinstance(screen, StepScreen)
    await wait_until(pilot, lambda: bool(screen.query(".form-row, #fact-list")), "its widgets")
    return screen


def test_keys_typed_fast_after_choosing_a_kind_go_to_the_next_box() -> None:
    """Enter chooses the kind, Tab goes on, and "Ms" is the honorific: none of it is
    taken by the closing drop-down (its search would choose another kind)."""
    kinds = list(known_kinds())
    wanted = kinds[kinds.index("unknown") - 1]  # the entry above the current one

    async def scenario() -> tuple[str, object, bool]:
        app = make_app()
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await at_step(pilot, app, "recipient", Draft(topic="hong-kong"))
            assert isinstance(screen, RecipientScreen)
            kind = screen.query_one("#r-kind", Select)
            kind.focus()
            await wait_until(pilot, lambda: app.focused is kind, "the kind focused")
            await pilot.press("enter")  # opens the drop-down
            await wait_until(pilot, lambda: isinstance(app.focused, OptionList), "the menu open")
            burst(app, "up", "enter", "tab", "M", "s")
            honorific = screen.query_one("#r-honorific", Input)
            await wait_until(pilot, lambda: honorific.value == "Ms", "'Ms' as the honorific")
            return honorific.value, kind.value, kind.expanded

    honorific, kind_value, expanded = asyncio.run(scenario())
    assert (honorific, kind_value, expanded) == ("Ms", wanted, False)


def test_down_then_space_from_the_search_box_chooses_the_first_fact() -> None:
    async def scenario() -> tuple[list[str], str, str]:
        app = make_app()
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await at_step(pilot, app, "facts", Draft(topic="hong-kong"))
            search = screen.query_one("#fact-search", Input)
            await wait_until(pilot, lambda: app.focused is search, "the search box focused")
            first = screen.query_one("#fact-list", OptionList).get_option_at_index(0).id
            burst(app, "down", "space")
            await wait_until(pilot, lambda: bool(app.session.draft.facts), "a fact chosen")
            return list(app.session.draft.facts), str(first), search.value

    chosen, first, typed = asyncio.run(scenario())
    assert chosen == [first]
    assert typed == ""  # no space typed into the search box


OFFICE = """\
schema: 2
facts:
  - id: office-harbour-journalists
    topics: [hong-kong]
    statement: Amnesty International UK said in 2025 that journalists were held at Example Harbour.
    source: amnesty-uk-red-lines-2025-02
    quote: "journalists"
    as_of: 2025-02-13
    kind: position
"""


def test_ctrl_k_in_the_search_box_marks_the_fact_reviewed(tmp_path: Path) -> None:
    """ctrl+k is Mark reviewed in the search box too, not the box's delete-to-the-end."""
    office = tmp_path / "office.yaml"
    office.write_text(OFFICE, encoding="utf-8")

    async def scenario() -> str:
        app = make_app(facts=(bundled_facts(), office))
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await at_step(pilot, app, "facts", Draft(topic="hong-kong"))
            assert isinstance(screen, FactsScreen)
            search = screen.query_one("#fact-search", Input)
            await wait_until(pilot, lambda: app.focused is search, "the search box focused")
            await pilot.press(*"Example Harbour", "home")
            fact_list = screen.query_one("#fact-list", OptionList)
            await wait_until(
                pilot,
                lambda: (
                    fact_list.highlighted_option is not None
                    and fact_list.highlighted_option.id == "office-harbour-journalists"
                ),
                "the office fact highlighted",
            )
            await pilot.press("ctrl+k")
            await wait_until(
                pilot, lambda: "reviewed" in office.read_text(encoding="utf-8"), "it recorded"
            )
            return search.value

    assert asyncio.run(scenario()) == "Example Harbour"


def test_the_detail_pane_follows_the_highlight_and_the_choice() -> None:
    from textual.widgets import Static

    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await at_step(pilot, app, "facts", Draft(topic="hong-kong"))
            detail = screen.query_one("#fact-detail-text", Static)
            fact_list = screen.query_one("#fact-list", OptionList)
            base = app.session.factbase

            def shown() -> str:
                return str(detail.render())

            def statement(index: int) -> str:
                option_id = fact_list.get_option_at_index(index).id
                assert option_id is not None
                return " ".join(base.facts[option_id].statement.split()[:4])

            burst(app, "down")
            await wait_until(pilot, lambda: statement(0) in shown(), "the first fact shown")
            assert "CHOSEN" not in shown()
            burst(app, "space")
            await wait_until(pilot, lambda: "CHOSEN" in shown(), "the choice shown")
            fact_list.focus()
            burst(app, "down")
            await wait_until(pilot, lambda: statement(1) in shown(), "the second fact shown")
            assert "CHOSEN" not in shown()
            burst(app, "up")
            await wait_until(pilot, lambda: statement(0) in shown(), "the first again")
            assert "CHOSEN" in shown()

    asyncio.run(scenario())


def test_a_required_field_is_marked_until_it_is_filled_and_again_when_emptied() -> None:
    from textual.widgets import Static, TextArea

    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=(80, 24)) as pilot:
            draft = Draft(topic="hong-kong", template="minister-letter")
            screen = await at_step(pilot, app, "recipient", draft)
            await wait_until(pilot, lambda: bool(screen.query("#field-subject-error")), "fields")
            mark = screen.query_one("#field-subject-error", Static)
            occasion = screen.query_one("#field-occasion-error", Static)
            area = screen.query_one("#field-subject", TextArea)

            def marked(widget: Static) -> bool:
                return bool(widget.display) and "Required" in str(widget.render())

            screen.check_required()  # as going on to the next step does
            await wait_until(pilot, lambda: marked(mark) and marked(occasion), "both marked")
            area.focus()
            await pilot.press("H", "i")
            await wait_until(pilot, lambda: not marked(mark), "the filled field unmarked")
            assert marked(occasion)
            await pilot.press("backspace", "backspace")
            await wait_until(pilot, lambda: marked(mark), "the emptied field marked again")
            assert marked(occasion)

    asyncio.run(scenario())
