"""What the app says about a fact is said once, by the core, the same at every step.

- A fact due for review is "due" in the Facts step and "due for review" among the Write
  step's findings (drafter.facts.lifecycle.DUE), never "stale fact" in one and "due" in
  the other.
- A body citing an id that no loaded file defines is told to check the id or add the
  fact, not to take it out of the chosen facts (it is not among them).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import shutil
from pathlib import Path
from typing import Any

from textual.widgets import OptionList, Static

from drafter.drafting.check import check_draft
from drafter.drafting.draft import Draft
from drafter.facts.lifecycle import DUE, DUE_BADGE
from drafter.facts.loader import load_factbase
from drafter.paths import bundled_facts, config_dir
from drafter.tui.app import AppOptions, DrafterApp, create_app
from drafter.tui.screens.base import StepScreen
from drafter.tui.screens.write import WriteScreen
from tests.conftest import wait_until

REPO = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 12, 1)
DUE_FACT = "fcdo-sanctions-listings-under-review-hong-kong"  # a position from January 2023


def make_app() -> DrafterApp:
    shutil.copy(REPO / "examples" / "profile.yaml", config_dir() / "profile.yaml")
    shutil.copy(REPO / "examples" / "contacts.yaml", config_dir() / "contacts.yaml")
    return create_app(AppOptions(today=TODAY, cursor_blink=False, use_cache=False))


async def show(pilot: Any, app: DrafterApp, step: str, draft: Draft) -> StepScreen:
    await wait_until(pilot, lambda: isinstance(app.screen, StepScreen), "the first step")
    await wait_until(pilot, lambda: app.session.autosave_claim is not None, "the start")
    app.session.replace_draft(draft)
    app.go_to(step)
    await wait_until(pilot, lambda: getattr(app.screen, "STEP", "") == step, f"the {step} step")
    screen = app.screen
    assert isinstance(screen, StepScreen)
    await wait_until(pilot, lambda: bool(screen.query("#fact-list, #findings, #preview")), "up")
    return screen


def rows(option_list: OptionList) -> list[str]:
    return [str(option_list.get_option_at_index(i).prompt) for i in range(option_list.option_count)]


def test_a_fact_due_for_review_is_called_due_in_the_facts_and_the_write_steps() -> None:
    draft = Draft(topic="hong-kong", facts=[DUE_FACT], body=f"Listings are kept [@{DUE_FACT}].\n")

    async def scenario() -> tuple[list[str], list[str]]:
        app = make_app()
        async with app.run_test(size=(120, 40)) as pilot:
            facts = await show(pilot, app, "facts", draft)
            fact_list = facts.query_one("#fact-list", OptionList)
            await wait_until(pilot, lambda: fact_list.option_count > 0, "the facts listed")
            facts_rows = [str(fact_list.get_option(DUE_FACT).prompt)]
            write = await show(pilot, app, "write", draft)
            assert isinstance(write, WriteScreen)
            findings = write.query_one("#findings", OptionList)
            await wait_until(pilot, lambda: findings.option_count > 0, "the findings")
            return facts_rows, rows(findings)

    facts_rows, findings = asyncio.run(scenario())
    assert facts_rows and all(r.rstrip().endswith(DUE_BADGE) for r in facts_rows)
    due = [f for f in findings if DUE_FACT in f]
    assert len(due) == 1 and f" {DUE} · " in due[0]
    assert DUE.startswith(DUE_BADGE) and not any("stale" in f for f in findings)


def test_a_citation_of_an_unknown_id_says_check_the_id_or_add_the_fact() -> None:
    draft = Draft(
        template="minister-letter",
        topic="hong-kong",
        contact="fcdo-minister",
        fields={"subject": "Harbours", "occasion": "I write.", "asks": "Will you act?"},
        body="The harbour trust has written to us [@example-harbour-trust-letter].\n",
    )

    async def scenario() -> str:
        app = make_app()
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await show(pilot, app, "preview", draft)
            problems = screen.query_one("#preview-problems", Static)
            await wait_until(pilot, lambda: bool(str(problems.render()).strip()), "a problem")
            return str(problems.render())

    shown = asyncio.run(scenario())
    assert "example-harbour-trust-letter" in shown
    assert "check the id" in shown and "add the fact" in shown
    assert "take it out of the chosen facts" not in shown  # it is not a chosen fact
    # The citation check (drafter check) says what to do in the same way.
    (finding,) = [
        f
        for f in check_draft(draft, load_factbase([bundled_facts()]), today=TODAY)
        if f.code == "unknown-fact"
    ]
    assert "check the id" in finding.hint and "add the fact" in finding.hint
