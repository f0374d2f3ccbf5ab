"""The one check of a draft against the fact base and its template: every problem, once.

`render`, the workspace (and so `drafter draft`, the app's preview and export) and
`drafter merge`'s check of what every letter shares all come here, so a mistake reads
the same wherever it is made. What is wrong is said here; where it is (file and line,
flag or app step) and how to give the part there come from the draft's `Origin`.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from drafter.drafting.body import parse_body
from drafter.drafting.draft import Draft
from drafter.drafting.origin import Origin
from drafter.errors import DraftError, Problem
from drafter.facts.loader import Fact, FactBase, Topic
from drafter.people.address import Greeting, greeting
from drafter.textfmt import suggest
from drafter.yamlio import CONTROL, character_name

if TYPE_CHECKING:  # Jinja is imported by what renders, not by what checks a draft
    from drafter.drafting.templates import LetterTemplate


@dataclass(frozen=True, slots=True)
class Checked:
    """A draft that fits its template and the fact base, with what rendering needs."""

    template: LetterTemplate
    facts: tuple[Fact, ...]
    topic: Topic
    fields: dict[str, str]
    greeting: Greeting | None  # None for a briefing


class _Check:
    """One pass over a draft, gathering every problem at its origin."""

    def __init__(self, draft: Draft, origin: Origin) -> None:
        self.draft = draft
        self.origin = origin
        self.problems: list[Problem] = []
        self.contact_reported = False  # resolving said the address book has no such id

    def add(self, part: str, message: str, hint: str = "", *, key: str = "") -> None:
        problem = self.origin.problem(part, message, hint, key=key)
        if problem not in self.problems:
            self.problems.append(problem)

    def facts(self, factbase: FactBase) -> list[Fact]:
        facts: list[Fact] = []
        chosen = set(self.draft.facts)
        for fact_id in draft_fact_ids(self.draft):
            fact = factbase.facts.get(fact_id)
            if fact is not None:
                facts.append(fact)
                continue
            close = difflib.get_close_matches(fact_id, list(factbase.facts), n=1, cutoff=0.6)
            if fact_id in chosen:
                hint = (
                    f"did you mean '{close[0]}'?"
                    if close
                    else self.origin.hint(
                        "facts",
                        "load the file that defines it (drafter facts layers --add FILE, or "
                        "--add-facts FILE), or drop it from the draft's facts",
                    )
                )
                message = f"no fact '{fact_id}' in any loaded fact file"
                self.add("facts", message, hint, key=fact_id)
            else:
                # A citation in the body is put right in the body, or by adding the fact.
                hint = f"did you mean '{close[0]}'?" if close else cited_fact_hint(self.origin)
                message = f"the body cites '{fact_id}', which is in no loaded fact file"
                self.add("body", message, hint)
        return facts

    def topic(self, factbase: FactBase, facts: Sequence[Fact]) -> Topic | None:
        topic_id = topic_of(self.draft, factbase)
        if not topic_id:
            self.add("topic", "no topic chosen", self.origin.hint("topic", "choose a topic"))
            return None
        topic = factbase.topics.get(topic_id)
        if topic is None:
            hint = suggest(topic_id, sorted(factbase.topics), "topics")
            self.add("topic", f"no topic '{topic_id}' in the fact base", hint)
        return topic

    def fields(self, template: LetterTemplate, *, required: bool = True) -> dict[str, str]:
        declared = [f.name for f in template.fields]
        given = self.draft.fields
        for name in given:
            if template.field(name) is None:
                self.add(
                    "fields",
                    f"field '{name}' is not declared by template '{template.name}'",
                    suggest(name, declared, "its fields"),
                    key=name,
                )
        values: dict[str, str] = {}
        for spec in template.fields:
            value = given.get(spec.name)
            value = spec.default if value is None or not value.strip() else value
            if required and spec.required and not value.strip():
                self.add(
                    "fields",
                    f"'{spec.label}' is required and empty (field '{spec.name}')",
                    spec.help or "fill it in before rendering",
                    key=spec.name,
                )
            bad = CONTROL.search(value)
            if bad:  # the draft file refuses these; flags and the app's fields come here
                self.add(
                    "fields",
                    f"field '{spec.name}' contains {character_name(bad.group())}",
                    "delete it; such characters cannot appear in a letter",
                    key=spec.name,
                )
            values[spec.name] = value.strip("\n")
        return values

    def greeting(self, template: LetterTemplate) -> Greeting | None:
        recipient = self.draft.recipient
        if recipient is None:
            if not (self.draft.contact and self.contact_reported):
                self.add(
                    "recipient",
                    "no recipient",
                    self.origin.hint("recipient", "choose who the letter goes to"),
                )
            return None
        try:
            return greeting(recipient, template.salutation, template.valediction)
        except DraftError as exc:
            for problem in exc.problems:
                self.add("recipient", problem.message, problem.hint)
            return None

    def sender(self) -> None:
        sender = self.draft.sender
        if sender is None or not sender.name.strip():
            self.add(
                "sender",
                "no sender",
                self.origin.hint("sender", "give the name that signs letters in your profile"),
            )


def cited_fact_hint(origin: Origin | None = None) -> str:
    """What to do about a citation of an id no loaded file defines (no close id known)."""
    default = (
        "check the id in the citation (drafter facts lists them), or add the fact "
        "(drafter facts add) or load the file that defines it (--add-facts FILE)"
    )
    return origin.hint("cite", default) if origin is not None else default


def fact_hint(
    fact_id: str, factbase: FactBase, otherwise: str = "drafter facts lists the fact ids"
) -> str:
    """What to do about an id that names no fact: the closest id, else `otherwise`."""
    close = difflib.get_close_matches(fact_id, list(factbase.facts), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else otherwise


def draft_fact_ids(draft: Draft) -> tuple[str, ...]:
    """The draft's facts: those chosen, then those its body cites, in order of first citation."""
    cited = parse_body(draft.body).fact_ids if draft.body.strip() else ()
    return tuple(dict.fromkeys([*draft.facts, *cited]))


def topic_of(draft: Draft, factbase: FactBase) -> str:
    """The draft's topic id: its own, else the first known fact's first topic ('' if none)."""
    if draft.topic:
        return draft.topic
    for fact_id in draft.facts:
        fact = factbase.facts.get(fact_id)
        if fact is not None and fact.topics:
            return fact.topics[0]
    return ""


def check(
    draft: Draft,
    factbase: FactBase,
    template: LetterTemplate,
    *,
    origin: Origin | None = None,
    shared: bool = False,
    found: Sequence[Problem] = (),
) -> Checked:
    """The draft checked against `template` and `factbase`; DraftError lists every problem.

    `shared=True` checks what every letter of a merge shares: it leaves out the recipient
    and required fields left empty, which each row may give. `found`: problems already
    found by resolving the draft's people (an unknown address book id), reported too.
    """
    run = _Check(draft, origin or draft.origin)
    run.problems.extend(found)
    run.contact_reported = bool(found)
    facts = run.facts(factbase)
    topic = run.topic(factbase, facts)
    values = run.fields(template, required=not shared)
    form = None
    if template.kind == "letter":
        if not shared:
            form = run.greeting(template)
        run.sender()
    if run.problems:
        raise DraftError(run.problems)
    assert topic is not None  # a missing topic is a problem above
    return Checked(template, tuple(facts), topic, values, form)
