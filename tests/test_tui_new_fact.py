"""The app's New fact screen: what `drafter facts add` does, from the Facts step.

The source is a note written for this test (a fictional harbour trust), captured with
`drafter sources add` into an office file in a temporary folder.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input, OptionList, Static

from drafter.cli import main
from drafter.facts.loader import load_factbase
from drafter.paths import bundled_facts, config_dir
from drafter.tui.app import AppOptions, create_app
from drafter.tui.screens.base import StepScreen
from drafter.tui.screens.facts import FactsScreen
from drafter.tui.screens.new_fact import NewFactScreen

NOTE = (
    "The Trust met the Hong Kong Watchers Group on 3 March.\n\n"
    "The chair said the Trust “will publish every harbour bounty notice it receives”.\n\n"
    "The next meeting is in June.\n"
)
REPO = Path(__file__).resolve().parent.parent
QUOTE = "will publish every harbour bounty notice it receives"


@pytest.fixture
def office(tmp_path: Path) -> Path:
    shutil.copy(REPO / "examples" / "profile.yaml", config_dir() / "profile.yaml")
    note = tmp_path / "note.txt"
    note.write_text(NOTE, encoding="utf-8")
    office = tmp_path / "office.yaml"
    code = main(["sources", "add", str(note), "--id", "harbour-trust-note", "--type", "letter",
                 "--title", "Note of a meeting", "--author", "Example Harbour Trust",
                 "--date", "2026-03-04", "--to", str(office), "--quiet"])  # fmt: skip
    assert code == 0
    return office


async def wait_for(pilot: Any, condition: Any, what: str) -> None:
    """Until `condition()` holds (frames of the app, bounded in time, never a bare sleep)."""
    for _ in range(200):
        if condition():
            return
        await pilot.pause(0.05)
    raise AssertionError(f"never came: {what}")


async def open_new_fact(pilot: Any, app: Any) -> NewFactScreen:
    await wait_for(pilot, lambda: isinstance(app.screen, StepScreen), "the first step")
    app.go_to("facts")
    await wait_for(pilot, lambda: isinstance(app.screen, FactsScreen), "the Facts step")
    await pilot.press("ctrl+f")
    await wait_for(pilot, lambda: isinstance(app.screen, NewFactScreen), "the New fact screen")
    screen = app.screen
    assert isinstance(screen, NewFactScreen)
    return screen


def _app() -> Any:
    return create_app(AppOptions(today=dt.date(2026, 12, 1), cursor_blink=False))


def test_a_fact_is_added_from_a_passage_found_in_the_archive(office: Path) -> None:
    async def scenario() -> tuple[list[str], str, str]:
        app = _app()
        async with app.run_test(size=(100, 30)) as pilot:
            screen = await open_new_fact(pilot, app)
            # Finding words in the archive lists the passages that hold them, numbered.
            await pilot.press(*"bounty notice")
            passages = screen.query_one("#nf-passages", OptionList)
            await wait_for(pilot, lambda: passages.option_count == 1, "one passage found")
            rows = [str(passages.get_option_at_index(0).prompt)]
            await pilot.press("enter", "enter")  # to the list; the passage becomes the quote
            quote = screen.query_one("#nf-quote", Input)
            await wait_for(pilot, lambda: quote.value.startswith("The chair"), "the quote")
            quote.value = QUOTE  # trimmed to the words the fact needs
            statement = screen.query_one("#nf-statement", Input)
            statement.value = (
                "The Example Harbour Trust said in March 2026 that it will publish notices."
            )
            topic = screen.query_one("#nf-topic", Input)
            topic.value = "hong-kong"
            ident = screen.query_one("#nf-id", Input)
            await wait_for(pilot, lambda: ident.placeholder != "suggested", "a suggested id")
            suggested = ident.placeholder
            await pilot.press("ctrl+s")
            await wait_for(pilot, lambda: isinstance(app.screen, FactsScreen), "back to Facts")
            return rows, suggested, ",".join(app.session.draft.facts)

    rows, suggested, chosen = asyncio.run(scenario())
    assert rows[0].startswith("para 2") and "harbour bounty notice" in rows[0]
    facts = {f.id: f for f in load_factbase([bundled_facts(), office])}
    fact = facts[suggested]  # the id it suggested is the id written
    assert (fact.quote, fact.locator, fact.source_id) == (QUOTE, "para 2", "harbour-trust-note")
    assert fact.topics == ("hong-kong",) and fact.kind == "position"
    assert chosen == suggested  # and the new fact is chosen for the letter
    assert main(["facts", "verify", "--add-facts", str(office)]) == 0


def test_a_quote_not_in_the_archive_is_refused_with_the_closest_passage(office: Path) -> None:
    before = office.read_text(encoding="utf-8")

    async def scenario() -> str:
        app = _app()
        async with app.run_test(size=(100, 30)) as pilot:
            screen = await open_new_fact(pilot, app)
            screen.query_one("#nf-quote", Input).value = "will publish every bounty notice"
            screen.query_one("#nf-statement", Input).value = "The Trust will publish notices."
            await pilot.press("ctrl+s")
            error = screen.query_one("#nf-error", Static)
            await wait_for(pilot, lambda: str(error.render()).strip() != "", "an error")
            assert isinstance(app.screen, NewFactScreen)  # nothing lost: the form stays
            return str(error.render())

    message = asyncio.run(scenario())
    assert "the quote is not in the archive of 'harbour-trust-note'" in message
    assert "(para 2)" in message  # the closest passage, with its paragraph
    assert office.read_text(encoding="utf-8") == before
