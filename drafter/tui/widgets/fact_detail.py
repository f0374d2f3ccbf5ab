"""The detail pane of a fact: statement, verbatim quote, full citation, as_of and staleness."""

from __future__ import annotations

import datetime as dt

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from drafter.facts.loader import Fact, FactBase
from drafter.textfmt import uk_date


def stale_badge(factbase: FactBase, fact: Fact, today: dt.date) -> Text:
    """' STALE ' in warning colours when the fact is older than the threshold, else nothing."""
    if not factbase.is_stale(fact, today):
        return Text()
    return Text(" STALE ", style="bold black on yellow")


def fact_text(factbase: FactBase, fact: Fact, today: dt.date, *, chosen: bool) -> Text:
    from drafter.drafting.citations import full_citation

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
        cutoff = factbase.stale_cutoff(today)
        text.append(
            f"\nOlder than {factbase.stale_months} months (before {uk_date(cutoff)}): "
            "check it still holds.",
            style="italic yellow",
        )
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
    return text


class FactDetail(VerticalScroll):
    """Shows one fact in full; empty until a fact is highlighted."""

    def on_mount(self) -> None:
        self.border_title = "Fact"

    def compose(self) -> ComposeResult:
        yield Static("Highlight a fact to see its quote and source.", id="fact-detail-text")

    def show(self, factbase: FactBase, fact: Fact | None, today: dt.date, *, chosen: bool) -> None:
        body = self.query_one("#fact-detail-text", Static)
        if fact is None:
            body.update("No fact highlighted.")
        else:
            body.update(fact_text(factbase, fact, today, chosen=chosen))
        self.scroll_home(animate=False)
