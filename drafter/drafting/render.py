"""`render`: from a draft to a format-neutral `RenderedDocument`.

The draft is checked (drafter.drafting.validate: every problem at once), its template
run in the sandbox over the context (drafter.drafting.context), and the citations the
template placed are numbered in reading order (drafter.drafting.citations). Nothing is
written and nothing printed: the shells and the workspace do that.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import jinja2

from drafter.document import LetterFrame, Notice, RenderedDocument
from drafter.drafting.body import Cite, render_body
from drafter.drafting.budget import RenderBudget
from drafter.drafting.citations import DEFAULT_STYLE, Citations
from drafter.drafting.context import FactView, context, fact_views
from drafter.drafting.draft import Draft
from drafter.drafting.library import document_title
from drafter.drafting.origin import Origin
from drafter.drafting.sandbox import MAX_OUTPUT_CHARS, OutputTooLarge, TemplateMisuse
from drafter.drafting.starter import starter_text
from drafter.drafting.templates import LetterTemplate, TemplateSet, template_failure
from drafter.drafting.validate import Checked, check
from drafter.facts import locator as pinpoints
from drafter.facts.lifecycle import checked_on
from drafter.facts.loader import Fact, FactBase, Source, Topic
from drafter.people.sender import Sender, sender_block
from drafter.textfmt import join_and, markdown_text, uk_date
from drafter.yamlio import CONTROL, PRIVATE_USE

# cite() returns a mark that is numbered after rendering, in the order the marks appear
# in the text, so footnotes follow the reading order whatever the template does. A mark
# is two private-use characters around a random part made afresh for each render and
# the citation's index: no input can hold a private-use character (each is refused
# where it is read, and any a template writes is removed), and no input can know the
# random part, so nothing but cite() makes a footnote.
_MARK_OPEN, _MARK_CLOSE = "\ue000", "\ue001"
# A citation mark: the render's nonce and the mark's number. Compiled once, not once per
# render with its nonce in it; a mark of another nonce is not one of the render's.
_MARK = re.compile(f"{_MARK_OPEN}([0-9a-f]{{16}})([0-9]{{1,9}}){_MARK_CLOSE}")
# Footnote references are `[^n]` in the body; any `[^` not made from a mark (a
# Markdown field's, a template's own text) is escaped first so it stays text. A `[^`
# after an odd number of backslashes is escaped already.
_UNESCAPED_FOOTNOTE = re.compile(r"(?<!\\)((?:\\\\)*)\[\^")
_BLANK_RUNS = re.compile(r"\n{3,}")


def _tidy(text: str) -> str:
    """Markdown without trailing spaces, runs of blank lines, or blank ends."""
    lines = [line.rstrip() for line in text.split("\n")]
    return _BLANK_RUNS.sub("\n\n", "\n".join(lines)).strip("\n")


def _notices(
    facts: Sequence[Fact],
    topic: Topic,
    cited: set[str],
    factbase: FactBase,
    today: dt.date,
) -> list[Notice]:
    notices: list[Notice] = []
    for fact in facts:
        if topic.id not in fact.topics:
            others = join_and(
                factbase.topics[t].title if t in factbase.topics else t for t in fact.topics
            )
            notices.append(
                Notice(
                    "other-topic",
                    f"fact '{fact.id}' is about {others}, not {topic.title}",
                    fact.id,
                )
            )
        if factbase.is_stale(fact, today):
            what = f"a {fact.kind}" if fact.kind else "a fact"
            notices.append(
                Notice(
                    "stale-fact",
                    f"fact '{fact.id}' ({what}) was last checked on "
                    f"{uk_date(checked_on(fact))}, more than {factbase.stale_months} months "
                    "ago; check that it still holds (drafter facts review)",
                    fact.id,
                )
            )
        if fact.status == "superseded":
            instead = (
                f"cite '{fact.superseded_by}' instead"
                if fact.superseded_by
                else fact.status_note or "check what replaced it"
            )
            notices.append(
                Notice("superseded-fact", f"fact '{fact.id}' is superseded: {instead}", fact.id)
            )
        if fact.id not in cited:
            notices.append(
                Notice(
                    "uncited-fact",
                    f"fact '{fact.id}' is chosen but not cited in the text",
                    fact.id,
                )
            )
    return notices


def _uses_body(templates: TemplateSet, template: LetterTemplate) -> bool:
    from jinja2 import meta

    try:
        source = templates.environment.parse(template.body)
    except jinja2.TemplateError:
        return True  # it compiled once, so this cannot happen; claim nothing
    return "body" in meta.find_undeclared_variables(source)


def _run(templates: TemplateSet, template: LetterTemplate, values: dict[str, Any]) -> str:
    compiled = templates.compiled(template)
    chunks: list[str] = []
    size = 0
    try:
        with RenderBudget():
            for chunk in compiled.generate(values):
                size += len(chunk)
                if size > MAX_OUTPUT_CHARS:
                    raise OutputTooLarge(
                        f"the template's output is larger than {MAX_OUTPUT_CHARS:,} characters"
                    )
                chunks.append(chunk)
    except MemoryError as exc:  # within the budget's memory, but not the machine's
        chunks.clear()
        raise template_failure(exc, template, templates.displays) from None
    except Exception as exc:  # anything a template does wrong becomes a located error
        raise template_failure(exc, template, templates.displays) from None
    return "".join(chunks)


class _Marks:
    """The citation marks of one render: placed while the template runs, numbered after.

    The random part is made afresh for each render, so no input can make a mark.
    """

    def __init__(self, facts: Sequence[Fact]) -> None:
        self.by_id = {f.id: f for f in facts}
        self.placed: list[tuple[str, str | None]] = []  # fact id and pinpoint, by mark
        self._nonce = secrets.token_hex(8)

    def place(self, fact_id: str, locator: str | None) -> str:
        self.placed.append((fact_id, locator))
        return f"{_MARK_OPEN}{self._nonce}{len(self.placed) - 1}{_MARK_CLOSE}"

    def cite(self, fact: object) -> str:
        """The templates' cite(): a FactView or a fact id of the draft's own facts."""
        fact_id = fact.id if isinstance(fact, FactView) else fact
        if not isinstance(fact_id, str) or fact_id not in self.by_id:
            raise TemplateMisuse(
                f"cite() was given {fact_id!r}, which is not one of the draft's facts"
            )
        return self.place(fact_id, None)

    def cite_in_body(self, item: Cite) -> str:  # the body's [@id, pinpoint]: the same marks
        return self.place(item.fact_id, item.locator or None)

    def sources_in(self, raw: str, factbase: FactBase) -> list[Source]:
        """The sources of the marks in `raw`, in reading order."""
        return [
            factbase.source_of(self.by_id[self.placed[int(index)][0]])
            for nonce, index in _MARK.findall(raw)
            if nonce == self._nonce and int(index) < len(self.placed)
        ]

    def number(self, raw: str, citations: Citations, factbase: FactBase) -> str:
        """`raw` with each mark replaced by its footnote reference `[^n]`."""

        def footnote(match: re.Match[str]) -> str:
            if match.group(1) != self._nonce:  # not one of this render's marks
                return match.group(0)
            index = int(match.group(2))
            if index >= len(self.placed):  # a mark a template took apart and put together
                return ""
            fact_id, locator = self.placed[index]
            fact = self.by_id[fact_id]
            if locator is not None:
                # A body's own pinpoint, written as people do ("paragraph 6"), as OSCOLA
                # has it.
                found = pinpoints.parse(locator) if locator else None
                fact = replace(fact, locator=str(found) if found else locator)
            return f"[^{citations.cite(fact, factbase.source_of(fact)).number}]"

        return _MARK.sub(footnote, raw)


def _without_controls(body: str) -> tuple[str, list[Notice]]:
    """`body` without control or private-use characters, and a warning if any were."""
    found = CONTROL.findall(body)
    removed = sorted({f"U+{ord(c):04X}" for c in found})
    if not removed:
        return body, []
    kind = "control or private-use" if any(PRIVATE_USE.match(c) for c in found) else "control"
    notice = Notice(
        "control-character",
        f"the template wrote the {kind} character{'s' if len(removed) > 1 else ''} "
        f"{join_and(removed)}, which a letter cannot hold; removed",
    )
    return CONTROL.sub("", body), [notice]


def _frame(
    draft: Draft, template: LetterTemplate, checked: Checked, sender: Sender, date: dt.date
) -> LetterFrame | None:
    """The letter's frame (sender, recipient block, salutation...); None for a briefing."""
    greeting, values = checked.greeting, checked.fields
    if template.kind != "letter" or greeting is None:
        return None
    return LetterFrame(
        sender_name=sender.name,
        sender_title=sender.title,
        sender_address=sender_block(
            sender.organisation, sender.address, phone=sender.phone, email=sender.email
        ),
        signature=sender.signature,
        sender_email=sender.email,
        recipient_email=draft.recipient.email if draft.recipient is not None else "",
        covering_note=values.get("covering_note", ""),
        date=date,
        recipient_block=greeting.block,
        salutation=greeting.salutation,
        valediction=greeting.valediction,
        our_ref=draft.our_ref,
        your_ref=draft.your_ref,
        subject=values.get("subject", ""),
    )


def render(
    draft: Draft,
    factbase: FactBase,
    templates: TemplateSet,
    *,
    today: dt.date | None = None,
    origin: Origin | None = None,
) -> RenderedDocument:
    """The draft as a RenderedDocument; pure (no files written, nothing printed).

    The recipient and sender must already be resolved (`Workspace.resolve`). Raises
    TemplateError for a faulty template and DraftError for a draft that does not fit it
    (every problem, placed by `origin`, else the draft's own); stale, uncited and
    off-topic facts are warnings in the result.
    """
    today = today or dt.date.today()
    checked = check(draft, factbase, templates.get(draft.template), origin=origin)
    template, facts, topic, values = checked.template, checked.facts, checked.topic, checked.fields
    sender = draft.sender or Sender()
    date = draft.date or today
    marks = _Marks(facts)

    # The body is the researcher's own Markdown (as a `markdown: true` field is); its
    # citations become marks here, and any `[^` of its own is escaped with the rest.
    body_text = (
        render_body(draft.body.strip("\n"), marks.cite_in_body) if draft.body.strip() else ""
    )
    # The generated paragraphs, for templates to use without a body; markers never
    # printed make no footnotes, so a template that does not use them loses nothing.
    starter = starter_text(
        facts, factbase, lambda f: marks.place(f.id, None), signer=sender.name, escape=markdown_text
    )

    raw = _run(
        templates,
        template,
        context(
            topic=topic,
            facts=fact_views(facts, factbase, today),
            cite=marks.cite,
            recipient=draft.recipient,
            greeting=checked.greeting,
            sender=sender,
            date=date,
            our_ref=draft.our_ref,
            your_ref=draft.your_ref,
            fields=values,
            markdown_fields=frozenset(f.name for f in template.fields if f.markdown),
            body=body_text,
            starter=starter,
        ),
    )

    style = draft.citation_style or template.citation_style or DEFAULT_STYLE
    citations = Citations(marks.sources_in(raw, factbase), style=style)
    raw = _UNESCAPED_FOOTNOTE.sub(r"\1\\[^", raw)
    # A template can still make a control or private-use character ({{ "\\x07" }}, or
    # a piece of a mark): a letter cannot hold one. Marks are numbered first.
    body, removed = _without_controls(marks.number(raw, citations, factbase))
    body = _tidy(body)
    warnings = _notices(facts, topic, set(citations.fact_ids), factbase, today)
    if body_text and not _uses_body(templates, template):
        warnings.append(
            Notice(
                "body-unused",
                f"template '{template.name}' does not place the written body; "
                "use a template that has {{ body }} (docs/templates.md)",
            )
        )
    warnings.extend(removed)
    return RenderedDocument(
        kind=template.kind,
        template=template.name,
        title=document_title(template.title, topic.title, values),
        topic_id=topic.id,
        topic_title=topic.title,
        date=date,
        author=sender.name,
        body=body,
        footnotes=citations.footnotes,
        frame=_frame(draft, template, checked, sender, date),
        warnings=tuple(warnings),
        fact_ids=tuple(f.id for f in facts),
        # The preparer where the profile names one (a researcher), else who signs.
        prepared_by=sender.preparer.strip()
        or ", ".join(part for part in (sender.name, sender.title) if part),
        sources=citations.sources,
    )
