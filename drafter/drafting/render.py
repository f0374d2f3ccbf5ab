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
from drafter.drafting.validate import check
from drafter.facts import locator as pinpoints
from drafter.facts.lifecycle import checked_on
from drafter.facts.loader import Fact, FactBase, Topic
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

    views = fact_views(facts, factbase, today)
    by_id = {f.id: f for f in facts}
    placed: list[tuple[str, str | None]] = []  # fact id and pinpoint, by mark number
    nonce = secrets.token_hex(8)

    def place(fact_id: str, locator: str | None) -> str:
        placed.append((fact_id, locator))
        return f"{_MARK_OPEN}{nonce}{len(placed) - 1}{_MARK_CLOSE}"

    def cite(fact: object) -> str:
        fact_id = fact.id if isinstance(fact, FactView) else fact
        if not isinstance(fact_id, str) or fact_id not in by_id:
            raise TemplateMisuse(
                f"cite() was given {fact_id!r}, which is not one of the draft's facts"
            )
        return place(fact_id, None)

    def cite_in_body(item: Cite) -> str:  # the body's [@id, pinpoint]: the same marks
        return place(item.fact_id, item.locator or None)

    # The body is the researcher's own Markdown (as a `markdown: true` field is); its
    # citations become marks here, and any `[^` of its own is escaped with the rest.
    body_text = render_body(draft.body.strip("\n"), cite_in_body) if draft.body.strip() else ""
    # The generated paragraphs, for templates to use without a body; markers never
    # printed make no footnotes, so a template that does not use them loses nothing.
    starter = starter_text(
        facts, factbase, lambda f: place(f.id, None), signer=sender.name, escape=markdown_text
    )

    greeting = checked.greeting
    raw = _run(
        templates,
        template,
        context(
            topic=topic,
            facts=views,
            cite=cite,
            recipient=draft.recipient,
            greeting=greeting,
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

    cited_sources = [
        factbase.source_of(by_id[placed[int(index)][0]])
        for mark_nonce, index in _MARK.findall(raw)
        if mark_nonce == nonce and int(index) < len(placed)
    ]
    style = draft.citation_style or template.citation_style or DEFAULT_STYLE
    citations = Citations(cited_sources, style=style)

    def number(match: re.Match[str]) -> str:
        if match.group(1) != nonce:
            return match.group(0)
        index = int(match.group(2))
        if index >= len(placed):  # a mark a template took apart and put together wrong
            return ""
        fact_id, locator = placed[index]
        fact = by_id[fact_id]
        if locator is not None:
            # A body's own pinpoint, written as people do ("paragraph 6"), as OSCOLA has it.
            found = pinpoints.parse(locator) if locator else None
            fact = replace(fact, locator=str(found) if found else locator)
        return f"[^{citations.cite(fact, factbase.source_of(fact)).number}]"

    raw = _UNESCAPED_FOOTNOTE.sub(r"\1\\[^", raw)
    # A template can still make a control or private-use character ({{ "\\x07" }}, or
    # a piece of a mark): a letter cannot hold one. Marks are numbered first.
    body = _MARK.sub(number, raw)
    removed = sorted({f"U+{ord(c):04X}" for c in CONTROL.findall(body)})
    private = any(PRIVATE_USE.match(c) for c in CONTROL.findall(body))
    body = _tidy(CONTROL.sub("", body))
    cited = set(citations.fact_ids)
    warnings = _notices(facts, topic, cited, factbase, today)
    if body_text and not _uses_body(templates, template):
        warnings.append(
            Notice(
                "body-unused",
                f"template '{template.name}' does not place the written body; "
                "use a template that has {{ body }} (docs/templates.md)",
            )
        )
    if removed:
        kind = "control or private-use" if private else "control"
        warnings.append(
            Notice(
                "control-character",
                f"the template wrote the {kind} character{'s' if len(removed) > 1 else ''} "
                f"{join_and(removed)}, which a letter cannot hold; removed",
            )
        )
    frame = None
    if template.kind == "letter" and greeting is not None:
        frame = LetterFrame(
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
    title = document_title(template.title, topic.title, values)
    return RenderedDocument(
        kind=template.kind,
        template=template.name,
        title=title,
        topic_id=topic.id,
        topic_title=topic.title,
        date=date,
        author=sender.name,
        body=body,
        footnotes=citations.footnotes,
        frame=frame,
        warnings=tuple(warnings),
        fact_ids=tuple(f.id for f in facts),
        # The preparer where the profile names one (a researcher), else who signs.
        prepared_by=sender.preparer.strip()
        or ", ".join(part for part in (sender.name, sender.title) if part),
        sources=citations.sources,
    )
