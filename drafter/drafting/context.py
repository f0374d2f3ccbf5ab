"""The context a template sees: read-only views of the topic, facts, people and fields.

Templates never see the fact base's own objects, only these frozen views, and the
filters below; the names (the context contract) are documented in docs/templates.md.
`context()` builds the whole context for one render.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import jinja2

from drafter.drafting.briefing import group_by_section
from drafter.drafting.sandbox import TemplateMisuse, budgeted_range
from drafter.drafting.starter import undated_statement
from drafter.facts.citations import bibliography, markdown, markdown_citation
from drafter.facts.loader import Fact, FactBase, Source, Topic
from drafter.people.address import Greeting, Recipient
from drafter.people.sender import Sender
from drafter.textfmt import markdown_text

# What a template may use; the hint of an "undefined" error lists these.
CONTEXT_NAMES = (
    "topic", "facts", "cite", "recipient", "sender", "date", "our_ref", "your_ref",
    "fields", "briefing_sections", "range", "body", "starter",
)  # fmt: skip
FILTERS = ("uk_date", "join_and", "lines", "citation", "undated", "bibliography")

UNDECLARED = "the template uses field"


def lines(text: object) -> list[str]:
    """A multi-line field as its non-empty lines: "one request a line"."""
    return [line.strip() for line in str(text).splitlines() if line.strip()]


class FieldValues(dict[str, str]):
    """The `fields` a template sees: its declared fields' values by name."""


class FieldUndefined(jinja2.StrictUndefined):
    """StrictUndefined that names an undeclared field as such, not as a dict's key."""

    @property
    def _undefined_message(self) -> str:
        # drafter's own words (Jinja's differ between versions): the name, and what it
        # was looked up on.
        name, obj = self._undefined_name, self._undefined_obj
        if self._undefined_hint is not None:
            return str(self._undefined_hint)
        if isinstance(obj, FieldValues):
            return f"{UNDECLARED} '{name}' but does not declare it"
        if obj is jinja2.utils.missing:
            return f"'{name}' is undefined"
        what = "element" if not isinstance(name, str) else "attribute"
        return f"'{type(obj).__name__}' has no {what} '{name}'"


@dataclass(frozen=True, slots=True)
class _Section:
    title: str
    facts: tuple[Any, ...]


@dataclass(frozen=True, slots=True)
class SourceView:
    id: str
    type: str
    title: str
    author: str
    organisation: str
    recipient: str
    date: dt.date
    reference: str
    url: str
    accessed: dt.date | None
    short_title: str
    house: str
    uin: str
    number: str
    session: str
    _source: Source | None = None  # as read, for the citation filters (templates see none)


@dataclass(frozen=True, slots=True)
class FactView:
    """A chosen fact as a template sees it (read-only)."""

    id: str
    statement: str
    quote: str
    as_of: dt.date
    tags: tuple[str, ...]
    topics: tuple[str, ...]
    locator: str
    source: SourceView
    stale: bool  # due for review on the letter's date (see drafter.facts.lifecycle)
    kind: str = ""  # position, event, statistic, call or finding ("" in schema 1)
    status: str = "current"  # current, historical or superseded
    _fact: Fact | None = None  # as read, for the citation filter (templates see none)


@dataclass(frozen=True, slots=True)
class TopicView:
    id: str
    title: str
    summary: str


@dataclass(frozen=True, slots=True)
class RecipientView:
    name: str
    address_line: str
    salutation: str
    valediction: str
    address: tuple[str, ...]
    block: tuple[str, ...]
    office: str
    organisation: str
    kind: str


@dataclass(frozen=True, slots=True)
class SenderView:
    name: str
    title: str
    organisation: str
    address: tuple[str, ...]
    email: str
    phone: str


# Everything a template is given is text, written so that Markdown reads it as itself
# (`markdown_text`): a fact's "# ..." is no heading, its "[^1]" no footnote. Only a
# template field declared `markdown: true` is given as written. Ids, tags and kinds are
# slugs, which hold no Markdown.
_text = markdown_text


def _source_view(source: Source) -> SourceView:
    return SourceView(
        id=source.id,
        type=source.type,
        title=_text(source.title),
        author=_text(source.author),
        organisation=_text(source.organisation),
        recipient=_text(source.recipient),
        date=source.date,
        reference=_text(source.reference),
        url=_text(source.url),
        accessed=source.accessed,
        short_title=_text(source.short_title),
        house=source.house,
        uin=_text(source.uin),
        number=_text(source.number),
        session=source.session,
        _source=source,
    )


def _fact_view(fact: Fact, source: SourceView, *, stale: bool) -> FactView:
    return FactView(
        id=fact.id,
        statement=_text(fact.statement),
        quote=_text(fact.quote),
        as_of=fact.as_of,
        tags=fact.tags,
        topics=fact.topics,
        locator=_text(fact.locator),
        source=source,
        stale=stale,
        kind=fact.kind,
        status=fact.status,
        _fact=fact,
    )


def _source_of(item: object, what: str) -> tuple[Source, str]:
    if isinstance(item, FactView):
        if item.source._source is None:
            raise TemplateMisuse(f"the {what} filter takes a fact or a source of the draft")
        locator = item._fact.locator if item._fact else item.locator
        return item.source._source, locator
    if isinstance(item, SourceView):
        if item._source is None:
            raise TemplateMisuse(f"the {what} filter takes a fact or a source of the draft")
        return item._source, ""
    raise TemplateMisuse(f"the {what} filter takes a fact or a source, not {item!r}")


def citation(item: object) -> str:
    """The `citation` filter: a source's full citation, or a fact's with its pinpoint.

    It gives Markdown, as the text of a template is: the source's text stays text, and
    a report's title is in *italics*.
    """
    source, locator = _source_of(item, "citation")
    return markdown_citation(source, locator)


def bibliography_filter(items: object) -> list[str]:
    """The `bibliography` filter: the sources of facts (or sources), each once,
    alphabetical by author and without a final full stop, as a Sources list has them."""
    if isinstance(items, (str, bytes)) or not hasattr(items, "__iter__"):
        raise TemplateMisuse(
            f"the bibliography filter takes a list of facts or sources, not {items!r}"
        )
    sources = [_source_of(item, "bibliography")[0] for item in items]
    return [markdown(parts) for parts in bibliography(sources)]


def undated(item: object) -> str:
    """The `undated` filter: a fact's statement without its attribution's date, when that
    is the fact's own (for lines that show the date beside it)."""
    if not isinstance(item, FactView):
        raise TemplateMisuse(f"the undated filter takes a fact, not {item!r}")
    if item._fact is None:
        return item.statement
    return _text(undated_statement(item._fact))


def recipient_view(recipient: Recipient, greeting: Greeting) -> RecipientView:
    form = greeting.form
    return RecipientView(
        name=_text(form.name),
        address_line=_text(form.address_line),
        salutation=_text(greeting.salutation),
        valediction=_text(greeting.valediction),
        address=tuple(_text(line) for line in recipient.address if line.strip()),
        block=tuple(_text(line) for line in greeting.block),
        office=_text(recipient.office),
        organisation=_text(recipient.organisation),
        kind=recipient.kind,
    )


def briefing_sections(facts: Sequence[Any]) -> list[_Section]:
    """The `briefing_sections(facts)` global: the facts grouped as a briefing prints them."""
    return [_Section(title, tuple(items)) for title, items in group_by_section(facts)]


def fact_views(facts: Sequence[Fact], factbase: FactBase, today: dt.date) -> tuple[FactView, ...]:
    """The chosen facts as templates see them, each source viewed once."""
    sources = {s: _source_view(factbase.sources[s]) for s in {f.source_id for f in facts}}
    return tuple(
        _fact_view(f, sources[f.source_id], stale=factbase.is_stale(f, today)) for f in facts
    )


def context(
    *,
    topic: Topic,
    facts: tuple[FactView, ...],
    cite: Callable[[object], str],
    recipient: Recipient | None,
    greeting: Greeting | None,
    sender: Sender,
    date: dt.date,
    our_ref: str,
    your_ref: str,
    fields: dict[str, str],
    markdown_fields: frozenset[str] = frozenset(),
    body: str = "",
    starter: str = "",
) -> dict[str, Any]:
    """Everything one render's template can name (CONTEXT_NAMES), and nothing else.

    Every text is given as text (`markdown_text`) but the fields in `markdown_fields`
    (declared `markdown: true`), which are given as written."""
    return {
        "topic": TopicView(topic.id, _text(topic.title), _text(topic.summary)),
        "facts": facts,
        "cite": cite,
        "recipient": (
            recipient_view(recipient, greeting)
            if recipient is not None and greeting is not None
            else None
        ),
        "sender": SenderView(
            _text(sender.name),
            _text(sender.title),
            _text(sender.organisation),
            tuple(_text(line) for line in sender.address),
            _text(sender.email),
            _text(sender.phone),
        ),
        "date": date,
        "our_ref": _text(our_ref),
        "your_ref": _text(your_ref),
        "fields": FieldValues(
            {
                name: value if name in markdown_fields else _text(value)
                for name, value in fields.items()
            }
        ),
        "range": budgeted_range(),
        "body": body,
        "starter": starter,
    }
