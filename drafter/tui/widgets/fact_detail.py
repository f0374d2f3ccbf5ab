"""The detail pane of a fact: statement, verbatim quote, full citation, as_of and staleness."""

from __future__ import annotations

import datetime as dt

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from drafter.facts.lifecycle import DUE_BADGE, describe, due_note
from drafter.facts.loader import Fact, FactBase
from drafter.textfmt import uk_date


def stale_badge(factbase: FactBase, fact: Fact, today: dt.date) -> Text:
    """' DUE ' in warning colours when the fact is due for review, else nothing."""
    if not factbase.is_stale(fact, today):
        return Text()
    return Text(f" {DUE_BADGE.upper()} ", style="bold black on yellow")


def fact_text(factbase: FactBase, fact: Fact, today: dt.date, *, chosen: bool) -> Text:
    from drafter.facts.citations import full_citation

    source = factbase.source_of(fact)
    text = Text()
    text.append("As of ", style="dim")
    text.append(uk_date(fact.as_of), style="bold")
    badge = stale_badge(factbase, fact, today)
    if chosen or badge:
        text.append("\n")
    if chosen:
        text.append(" ✓ CHOSEN ", style="bold black on green")
        text.append(" ")
    if badge:
        text.append(badge)
        what = f"A {fact.kind}" if fact.kind else "A fact"
        text.append(
            f"\n{what} {due_note(fact, factbase.stale_months)}: check it still holds (ctrl+k "
            "marks it reviewed).",
            style="italic yellow",
        )
    if fact.status == "superseded":
        instead = f"by '{fact.superseded_by}'" if fact.superseded_by else fact.status_note
        text.append(f"\nSuperseded {instead}".rstrip(), style="italic yellow")
    text.append("\n\n")
    text.append(fact.statement, style="bold")
    text.append("\n\n")
    text.append("“" + fact.quote + "”", style="italic")
    text.append("\n\n")
    text.append(full_citation(source, fact.locator))
    titles = [factbase.topics[t].title for t in fact.topics if t in factbase.topics]
    text.append("\n\n")
    text.append("Topics: ", style="dim")
    text.append(", ".join(titles), style="dim")
    text.append("\n")
    text.append("Id: " + fact.id, style="dim")
    if fact.kind:
        text.append("\nKind: " + describe(fact), style="dim")
    if fact.reviewed_on is not None:
        by = f" by {fact.reviewed_by}" if fact.reviewed_by else ""
        text.append(f"\nReviewed on {uk_date(fact.reviewed_on)}{by}", style="dim")
    return text


class FactDetail(VerticalScroll):
    """Shows one fact in full; empty until a fact is highlighted."""

    def on_mount(self) -> None:
        self.border_title = "Fact"

    def compose(self) -> ComposeResult:
        yield Static("Highlight a fact to see its quote and source.", id="fact-detail-text")

    _shown: tuple[object, ...] | None = None

    def show(self, factbase: FactBase, fact: Fact | None, today: dt.date, *, chosen: bool) -> None:
        # Typing in the search box mostly leaves the same fact highlighted: it is shown
        # again only when something it shows could differ (a fact edited is another Fact).
        shown = (factbase, fact, chosen, today)
        if self._shown is not None and all(
            a is b or a == b for a, b in zip(self._shown, shown, strict=True)
        ):
            return
        self._shown = shown
        body = self.query_one("#fact-detail-text", Static)
        if fact is None:
            body.update("No fact highlighted.")
        else:
            body.update(fact_text(factbase, fact, today, chosen=chosen))
        self.scroll_home(animate=False)
