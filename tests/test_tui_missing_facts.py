"""A draft that cites a fact no loaded file defines: said which, and the app offers to drop it.

The dead end this guards against: a draft made with an office's facts, resumed without
them, could never render again, and the app had no way to take the fact out.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import shutil
from pathlib import Path

import pytest
from textual.widgets import OptionList, Static

from drafter.drafting.draft import Draft, save_draft
from drafter.facts.layers import Layers, write_layers
from drafter.paths import autosave_file, config_dir
from drafter.tui.app import AppOptions, create_app
from drafter.tui.screens.dialogs import ConfirmDialog, ResumeDialog
from drafter.tui.screens.facts import FactsScreen

REPO = Path(__file__).resolve().parent.parent
OFFICE = """\
schema: 2
facts:
  - id: office-jimmy-lai-convicted
    topics: [hong-kong]
    statement: Amnesty International UK said in February 2025 that journalists had been prosecuted.
    source: amnesty-uk-red-lines-2025-02
    quote: "journalists"
    as_of: 2025-02-13
    kind: event
"""
BUNDLED = "fcdo-hong-kong-bno-route-launched"


@pytest.fixture
def resumed_without_the_office_file(tmp_path: Path) -> Path:
    shutil.copy(REPO / "examples" / "contacts.yaml", config_dir() / "contacts.yaml")
    shutil.copy(REPO / "examples" / "profile.yaml", config_dir() / "profile.yaml")
    office = tmp_path / "office.yaml"
    office.write_text(OFFICE, encoding="utf-8")
    draft = Draft(
        template="minister-letter",
        topic="hong-kong",
        facts=[BUNDLED, "office-jimmy-lai-convicted"],
        contact="fcdo-minister",
        fields={"subject": "Hong Kong", "occasion": "Your statement.", "asks": "Will you act?"},
    )
    autosave_file().parent.mkdir(parents=True, exist_ok=True)
    save_draft(draft, autosave_file(), force=True)
    write_layers(Layers(files=()))  # the office file was layered once; it is not now
    return office


def _app() -> object:
    return create_app(AppOptions(today=dt.date(2026, 12, 1), cursor_blink=False))


def test_resuming_offers_to_drop_a_fact_no_file_defines(
    resumed_without_the_office_file: Path,
) -> None:
    async def scenario() -> tuple[str, list[str], str]:
        app = _app()
        async with app.run_test(size=(100, 30)) as pilot:  # type: ignore[attr-defined]
            await pilot.pause()
            assert isinstance(app.screen, ResumeDialog)  # type: ignore[attr-defined]
            await pilot.press("r")
            await pilot.pause()
            screen = app.screen  # type: ignore[attr-defined]
            assert isinstance(screen, ConfirmDialog)
            question = str(screen.query_one(".dialog-title", Static).render())
            await pilot.press("y")
            await pilot.pause()
            assert isinstance(app.screen, FactsScreen)  # type: ignore[attr-defined]
            facts = list(app.session.draft.facts)  # type: ignore[attr-defined]
            rendered = app.session.render().body  # type: ignore[attr-defined]
            return question, facts, rendered

    question, facts, body = asyncio.run(scenario())
    assert "'office-jimmy-lai-convicted'" in question
    assert "no loaded fact file defines" in question
    assert facts == [BUNDLED]  # the other chosen fact is kept
    assert body  # and the draft renders again


def test_kept_it_shows_in_the_chosen_list_and_delete_drops_it(
    resumed_without_the_office_file: Path,
) -> None:
    async def scenario() -> tuple[list[str], list[str]]:
        app = _app()
        async with app.run_test(size=(100, 30)) as pilot:  # type: ignore[attr-defined]
            await pilot.pause()
            await pilot.press("r")
            await pilot.pause()
            await pilot.press("n")  # keep it for now
            await pilot.pause()
            screen = app.screen  # type: ignore[attr-defined]
            assert isinstance(screen, FactsScreen)
            chosen = screen.query_one("#chosen-list", OptionList)
            rows = [str(chosen.get_option_at_index(i).prompt) for i in range(chosen.option_count)]
            chosen.focus()
            chosen.highlighted = 1
            await pilot.press("delete")
            await pilot.pause()
            return rows, list(app.session.draft.facts)  # type: ignore[attr-defined]

    rows, facts = asyncio.run(scenario())
    assert rows[1].startswith("? office-jimmy-lai-convicted: in no loaded fact file")
    assert facts == [BUNDLED]


def test_the_facts_step_shows_due_and_marks_a_fact_reviewed(tmp_path: Path) -> None:
    shutil.copy(REPO / "examples" / "profile.yaml", config_dir() / "profile.yaml")
    office = tmp_path / "office.yaml"
    office.write_text(
        OFFICE.replace("kind: event", "kind: position").replace("2025-02-13", "2024-01-10"),
        encoding="utf-8",
    )
    write_layers(Layers(files=(office,), office=office))

    async def scenario() -> tuple[str, str, str]:
        app = _app()
        async with app.run_test(size=(120, 40)) as pilot:  # type: ignore[attr-defined]
            await pilot.pause()
            app.go_to("facts")  # type: ignore[attr-defined]
            await pilot.pause()
            await pilot.press(*"jimmy lai convicted")
            await pilot.pause()
            screen = app.screen  # type: ignore[attr-defined]
            facts = screen.query_one("#fact-list", OptionList)
            assert facts.get_option_at_index(0).id == "office-jimmy-lai-convicted"
            before = str(facts.get_option_at_index(0).prompt)
            facts.focus()
            facts.highlighted = 0
            await pilot.pause()
            await pilot.press("ctrl+k")
            await pilot.pause()
            after = str(facts.get_option_at_index(0).prompt)
            return before, after, office.read_text(encoding="utf-8")

    before, after, text = asyncio.run(scenario())
    assert before.rstrip().endswith("due") and not after.rstrip().endswith("due")
    assert "    reviewed: {on: 2026-12-01, by: " in text
