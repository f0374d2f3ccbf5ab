"""Template sets and `render`: from a draft to a format-neutral `RenderedDocument`.

A `TemplateSet` holds the templates (drafter.drafting.templates reads each file) from the
bundled folder, then the user's config folder, then any `--templates DIR`; a later
folder's template replaces an earlier one of the same name.

Jinja runs in drafter.drafting.sandbox (`ImmutableSandboxedEnvironment`, `StrictUndefined`,
limits on what can fill memory): no underscore attributes, no mutation of the
context, no files but other templates by name. Every failure
becomes a `TemplateError` naming the template file and line. The names a template can
use (the context contract) are documented in docs/templates.md.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import secrets
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from types import TracebackType
from typing import Any

import jinja2
from jinja2.exceptions import SecurityError

from drafter import paths
from drafter.document import LetterFrame, Notice, RenderedDocument
from drafter.drafting.body import Cite, parse_body, render_body
from drafter.drafting.briefing import group_by_section
from drafter.drafting.budget import (
    MAX_MEGABYTES,
    MAX_SECONDS,
    RenderBudget,
    TemplateTooLarge,
    TemplateTooSlow,
)
from drafter.drafting.citations import (
    DEFAULT_STYLE,
    Citations,
    bibliography,
    markdown,
    markdown_citation,
)
from drafter.drafting.draft import Draft, Sender
from drafter.drafting.library import document_title
from drafter.drafting.sandbox import (
    MAX_OUTPUT_CHARS,
    WIDTH_FILTERS,
    OutputTooLarge,
    Sandbox,
    TemplateMisuse,
    budgeted_range,
    guarded_filter,
    install_limits,
)
from drafter.drafting.starter import starter_text, undated_statement
from drafter.drafting.templates import SUFFIX, LetterTemplate, load_template, template_name
from drafter.errors import DrafterError, DraftError, Problem, TemplateError
from drafter.facts import locator as pinpoints
from drafter.facts.loader import Fact, FactBase, Source, Topic
from drafter.people.address import FormOfAddress, Recipient, form_of_address, valediction_for
from drafter.people.sender import sender_block
from drafter.textfmt import join_and, markdown_text, uk_date
from drafter.yamlio import CONTROL, PRIVATE_USE, SLUG, character_name

DRAFT_FILE = "<draft>"  # render() does not know the draft's file; the shells do

# What a template may use; the hint of an "undefined" error lists these.
CONTEXT_NAMES = (
    "topic", "facts", "cite", "recipient", "sender", "date", "our_ref", "your_ref",
    "fields", "briefing_sections", "range", "body", "starter",
)  # fmt: skip
FILTERS = ("uk_date", "join_and", "lines", "citation", "undated", "bibliography")
# cite() returns a mark that is numbered after rendering, in the order the marks appear
# in the text, so footnotes follow the reading order whatever the template does. A mark
# is two private-use characters around a random part made afresh for each render and
# the citation's index: no input can hold a private-use character (each is refused
# where it is read, and any a template writes is removed), and no input can know the
# random part, so nothing but cite() makes a footnote.
_MARK_OPEN, _MARK_CLOSE = "\ue000", "\ue001"
# Footnote references are `[^n]` in the body; any `[^` not made from a mark (a
# Markdown field's, a template's own text) is escaped first so it stays text. A `[^`
# after an odd number of backslashes is escaped already.
_UNESCAPED_FOOTNOTE = re.compile(r"(?<!\\)((?:\\\\)*)\[\^")
_BLANK_RUNS = re.compile(r"\n{3,}")


def _did_you_mean(name: str, known: Sequence[str], what: str) -> str:
    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    if close:
        return f"did you mean '{close[0]}'?"
    return f"{what}: " + ", ".join(known) if known else f"there are no {what}"


def _lines(text: object) -> list[str]:
    """A multi-line field as its non-empty lines: "one request a line"."""
    return [line.strip() for line in str(text).splitlines() if line.strip()]


class _Loader(jinja2.BaseLoader):
    """Serves the templates of one TemplateSet by name, and nothing else."""

    def __init__(self, templates: Mapping[str, LetterTemplate]) -> None:
        self._templates = templates

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        name = template[: -len(SUFFIX)] if template.endswith(SUFFIX) else template
        found = self._templates.get(name) if SLUG.match(name) else None
        if found is None:
            raise jinja2.TemplateNotFound(template)
        # Blank lines in place of the front matter make Jinja's line numbers the file's.
        return "\n" * (found.body_line - 1) + found.body, found.display, lambda: True

    def list_templates(self) -> list[str]:
        return sorted(self._templates)


_UNDECLARED = "the template uses field"


class FieldValues(dict[str, str]):
    """The `fields` a template sees: its declared fields' values by name."""


class _Undefined(jinja2.StrictUndefined):
    """StrictUndefined that names an undeclared field as such, not as a dict's key."""

    @property
    def _undefined_message(self) -> str:
        # drafter's own words (Jinja's differ between versions): the name, and what it
        # was looked up on.
        name, obj = self._undefined_name, self._undefined_obj
        if self._undefined_hint is not None:
            return str(self._undefined_hint)
        if isinstance(obj, FieldValues):
            return f"{_UNDECLARED} '{name}' but does not declare it"
        if obj is jinja2.utils.missing:
            return f"'{name}' is undefined"
        what = "element" if not isinstance(name, str) else "attribute"
        return f"'{type(obj).__name__}' has no {what} '{name}'"


def _make_environment(templates: Mapping[str, LetterTemplate]) -> jinja2.Environment:
    env = Sandbox(
        loader=_Loader(templates),
        undefined=_Undefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )
    for name in WIDTH_FILTERS:
        original = env.filters[name]
        env.filters[name] = guarded_filter(
            original, name, getattr(original, "jinja_pass_arg", None) is not None
        )
    install_limits(env)
    env.filters.update(
        uk_date=uk_date,
        join_and=join_and,
        lines=_lines,
        citation=_citation,
        bibliography=_bibliography,
        undated=_undated,
    )
    env.globals.pop("range", None)  # each render gets its own, with its own budget
    env.globals["briefing_sections"] = lambda facts: [
        _Section(title, tuple(items)) for title, items in group_by_section(facts)
    ]
    return env


# --------------------------------------------------------------------------- template sets


class TemplateSet:
    """The templates a user can choose from, compiled once each, by name."""

    def __init__(
        self,
        templates: Mapping[str, LetterTemplate],
        *,
        broken: Mapping[str, TemplateError] | None = None,
        problems: Sequence[Problem] = (),
    ) -> None:
        self._templates = dict(sorted(templates.items()))
        self._broken = dict(broken or {})
        self.problems: tuple[Problem, ...] = tuple(problems)
        self.environment = _make_environment(self._templates)
        self._displays = frozenset(t.display for t in self._templates.values())

    @classmethod
    def discover(cls, extra_dirs: Sequence[Path] = ()) -> TemplateSet:
        """Bundled templates, then the user's, then each of `extra_dirs` (later wins)."""
        for folder in extra_dirs:
            if not Path(folder).is_dir():
                raise TemplateError.single(
                    str(folder), "is not a folder of templates", "check the --templates path"
                )
        return cls.from_folders(
            [paths.bundled_templates(), paths.user_templates_dir(), *map(Path, extra_dirs)]
        )

    @classmethod
    def from_folders(cls, folders: Sequence[Path]) -> TemplateSet:
        """The `*.md.j2` files of `folders` (missing ones skipped); later folders win."""
        found: dict[str, LetterTemplate] = {}
        broken: dict[str, TemplateError] = {}
        problems: list[Problem] = []
        for folder in folders:
            if not folder.is_dir():
                continue
            root = folder.resolve()
            for path in sorted(folder.glob("*" + SUFFIX)):
                name = template_name(path)
                if name.startswith("."):
                    continue
                if not path.resolve().is_relative_to(root):
                    problems.append(
                        Problem(str(path), "links to a file outside its folder; skipped")
                    )
                    continue
                if not SLUG.match(name):
                    problems.append(
                        Problem(
                            str(path),
                            f"'{name}' cannot be a template name; skipped",
                            "name template files in lowercase letters, digits and hyphens",
                        )
                    )
                    continue
                try:
                    found[name] = load_template(path)
                    broken.pop(name, None)
                except TemplateError as exc:
                    broken[name] = exc
                    found.pop(name, None)
                    problems.extend(exc.problems)
        return cls(found, broken=broken, problems=problems)

    def with_template(self, template: LetterTemplate) -> TemplateSet:
        """This set with `template` added (or replacing the one of its name)."""
        templates = dict(self._templates)
        templates[template.name] = template
        broken = {k: v for k, v in self._broken.items() if k != template.name}
        return TemplateSet(templates, broken=broken, problems=self.problems)

    def names(self) -> list[str]:
        return list(self._templates)

    def __iter__(self) -> Iterator[LetterTemplate]:
        return iter(self._templates.values())

    def __len__(self) -> int:
        return len(self._templates)

    def __contains__(self, name: object) -> bool:
        return name in self._templates

    def get(self, name: str) -> LetterTemplate:
        if name in self._broken:
            raise self._broken[name]
        try:
            return self._templates[name]
        except KeyError:
            raise TemplateError.single(
                name or "(none)",
                f"no template named '{name}'" if name else "no template chosen",
                _did_you_mean(name, self.names(), "templates"),
            ) from None

    def compiled(self, template: LetterTemplate) -> jinja2.Template:
        try:
            return self.environment.get_template(template.name)
        except Exception as exc:
            raise _template_failure(exc, template, self._displays) from None


# --------------------------------------------------------------------------- errors


_BUDGET_MESSAGES = ("the template took longer than", "the template used more than")


def _failure_place(exc: BaseException, displays: frozenset[str]) -> tuple[str, int | None]:
    if isinstance(exc, jinja2.TemplateSyntaxError) and exc.filename:
        return exc.filename, exc.lineno
    place: tuple[str, int | None] = ("", None)
    tb: TracebackType | None = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename in displays:
            place = (tb.tb_frame.f_code.co_filename, tb.tb_lineno)
        tb = tb.tb_next
    return place


def _template_failure(
    exc: BaseException, template: LetterTemplate, displays: frozenset[str]
) -> TemplateError:
    """A TemplateError naming the file and line where `exc` arose, and what to do."""
    file, line = _failure_place(exc, displays)
    file = file or template.display
    names = ", ".join(CONTEXT_NAMES)
    if isinstance(exc, jinja2.TemplateSyntaxError):
        # drafter's message; Jinja's own words (its version's) only as detail in the hint.
        message = "template syntax error"
        hint = "check the {{ }} and {% %} tags on this line; see docs/templates.md"
        if exc.message:
            hint += f" (Jinja says: {exc.message.strip()})"
    elif isinstance(exc, SecurityError):
        message = f"not allowed in a template: {exc}"
        hint = "templates may use only the names in docs/templates.md"
    elif isinstance(exc, jinja2.UndefinedError) and _UNDECLARED in str(exc.message):
        message = str(exc.message)
        hint = "add it under fields: with a name and a label; see docs/templates.md"
    elif isinstance(exc, jinja2.UndefinedError):
        message = f"undefined name: {exc.message}"
        hint = f"a template can use {names} and the fields it declares"
    elif isinstance(exc, jinja2.TemplateNotFound):
        message = f"cannot include '{exc.name}': templates can include other templates only"
        hint = "name another template without a folder or a path, e.g. 'minister-letter'"
    elif isinstance(exc, RecursionError):
        message = "the template calls itself too deeply"
        hint = "check for a macro or include that never stops"
    elif isinstance(exc, OutputTooLarge | TemplateMisuse):
        message = str(exc)
        hint = "see docs/templates.md"
    elif isinstance(exc, TemplateTooSlow):
        message = f"{_BUDGET_MESSAGES[0]} {MAX_SECONDS:g} seconds to render; stopped"
        hint = "check for loops inside loops, or over long text; see docs/templates.md"
    elif isinstance(exc, TemplateTooLarge | MemoryError):
        message = f"{_BUDGET_MESSAGES[1]} {MAX_MEGABYTES} MB of memory to render; stopped"
        hint = "check for text or lists that grow in a loop; see docs/templates.md"
    elif isinstance(exc, jinja2.TemplateError):
        message = f"template error: {exc.message}"
        hint = "check the expression on this line; see docs/templates.md"
    else:
        message = f"the template failed: {type(exc).__name__}: {exc}"
        hint = "check the expression on this line"
    return TemplateError(Problem(file, message, hint, line))


# --------------------------------------------------------------------------- the context


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
    stale: bool  # older than the staleness threshold on the letter's date
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


def _citation(item: object) -> str:
    """The `citation` filter: a source's full citation, or a fact's with its pinpoint.

    It gives Markdown, as the text of a template is: the source's text stays text, and
    a report's title is in *italics*.
    """
    source, locator = _source_of(item, "citation")
    return markdown_citation(source, locator)


def _bibliography(items: object) -> list[str]:
    """The `bibliography` filter: the sources of facts (or sources), each once,
    alphabetical by author and without a final full stop, as a Sources list has them."""
    if isinstance(items, (str, bytes)) or not hasattr(items, "__iter__"):
        raise TemplateMisuse(
            f"the bibliography filter takes a list of facts or sources, not {items!r}"
        )
    sources = [_source_of(item, "bibliography")[0] for item in items]
    return [markdown(parts) for parts in bibliography(sources)]


def _undated(item: object) -> str:
    """The `undated` filter: a fact's statement without its attribution's date, when that
    is the fact's own (for lines that show the date beside it)."""
    if not isinstance(item, FactView):
        raise TemplateMisuse(f"the undated filter takes a fact, not {item!r}")
    if item._fact is None:
        return item.statement
    return _text(undated_statement(item._fact))


# --------------------------------------------------------------------------- render


def _topic_of(draft: Draft, factbase: FactBase, facts: Sequence[Fact]) -> Topic:
    topic_id = draft.topic or (facts[0].topics[0] if facts else "")
    if not topic_id:
        raise DraftError.single(
            DRAFT_FILE, "no topic chosen", "choose a topic (drafter topics lists them)"
        )
    try:
        return factbase.topics[topic_id]
    except KeyError:
        raise DraftError.single(
            DRAFT_FILE,
            f"no topic '{topic_id}' in the fact base",
            _did_you_mean(topic_id, sorted(factbase.topics), "topics"),
        ) from None


def fact_hint(fact_id: str, factbase: FactBase) -> str:
    """What to do about an id that names no fact: the closest id, or where ids are listed."""
    close = difflib.get_close_matches(fact_id, list(factbase.facts), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else "drafter facts lists the fact ids"


def draft_fact_ids(draft: Draft) -> tuple[str, ...]:
    """The draft's facts: those chosen, then those its body cites, in order of first citation."""
    cited = parse_body(draft.body).fact_ids if draft.body.strip() else ()
    return tuple(dict.fromkeys([*draft.facts, *cited]))


def _chosen_facts(draft: Draft, factbase: FactBase) -> list[Fact]:
    facts: list[Fact] = []
    problems: list[Problem] = []
    chosen = set(draft.facts)
    for fact_id in draft_fact_ids(draft):
        fact = factbase.facts.get(fact_id)
        if fact is None:
            message = f"no fact '{fact_id}' in the fact base"
            if fact_id not in chosen:
                message = f"the body cites '{fact_id}', which is not in the fact base"
            problems.append(Problem(DRAFT_FILE, message, fact_hint(fact_id, factbase)))
        else:
            facts.append(fact)
    if problems:
        raise DraftError(problems)
    return facts


def field_values(template: LetterTemplate, given: Mapping[str, str]) -> dict[str, str]:
    """Every declared field's value (given, else its default); DraftError for misfits."""
    problems: list[Problem] = []
    declared = [f.name for f in template.fields]
    for name in given:
        if template.field(name) is None:
            hint = _did_you_mean(name, declared, "its fields")
            problems.append(
                Problem(
                    template.display,
                    f"field '{name}' is not declared by template '{template.name}'",
                    hint,
                    template.fields_line,
                )
            )
    values: dict[str, str] = {}
    for spec in template.fields:
        value = given.get(spec.name)
        value = spec.default if value is None or not value.strip() else value
        if spec.required and not value.strip():
            problems.append(
                Problem(
                    template.display,
                    f"'{spec.label}' is required and empty (field '{spec.name}')",
                    spec.help or "fill it in before rendering",
                    spec.line,
                )
            )
        bad = CONTROL.search(value)
        if bad:  # the draft file refuses these; flags and the app's fields come here
            problems.append(
                Problem(
                    DRAFT_FILE,
                    f"field '{spec.name}' contains {character_name(bad.group())}",
                    "delete it; such characters cannot appear in a letter",
                )
            )
        values[spec.name] = value.strip("\n")
    if problems:
        raise DraftError(problems)
    return values


def _recipient_view(recipient: Recipient, form: FormOfAddress) -> RecipientView:
    return RecipientView(
        name=_text(form.name),
        address_line=_text(form.address_line),
        salutation=_text(form.salutation),
        valediction=_text(form.valediction),
        address=tuple(_text(line) for line in recipient.address if line.strip()),
        block=tuple(_text(line) for line in form.block),
        office=_text(recipient.office),
        organisation=_text(recipient.organisation),
        kind=recipient.kind,
    )


def greeting(
    template: LetterTemplate | None, recipient: Recipient, form: FormOfAddress | None = None
) -> tuple[str, str]:
    """Salutation and valediction as they will print: the recipient's own override (a
    letter's own, once `resolve_people` has applied it), the template's, else computed.

    Raises DraftError when the recipient cannot be addressed (`form_of_address`).
    """
    form = form or form_of_address(recipient)
    if template is None:
        return form.salutation, form.valediction
    salutation = form.salutation
    if template.salutation and not recipient.salutation.strip():
        salutation = template.salutation
    if recipient.valediction.strip():
        return salutation, form.valediction
    if template.valediction:
        return salutation, template.valediction
    return salutation, valediction_for(salutation)


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
            notices.append(
                Notice(
                    "stale-fact",
                    f"fact '{fact.id}' is as of {uk_date(fact.as_of)}, more than "
                    f"{factbase.stale_months} months ago; check that it still holds",
                    fact.id,
                )
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


def _run(templates: TemplateSet, template: LetterTemplate, context: dict[str, Any]) -> str:
    compiled = templates.compiled(template)
    chunks: list[str] = []
    size = 0
    try:
        with RenderBudget():
            for chunk in compiled.generate(context):
                size += len(chunk)
                if size > MAX_OUTPUT_CHARS:
                    raise OutputTooLarge(
                        f"the template's output is larger than {MAX_OUTPUT_CHARS:,} characters"
                    )
                chunks.append(chunk)
    except MemoryError as exc:  # within the budget's memory, but not the machine's
        chunks.clear()
        raise _template_failure(exc, template, templates._displays) from None
    except Exception as exc:  # anything a template does wrong becomes a located error
        raise _template_failure(exc, template, templates._displays) from None
    return "".join(chunks)


def render(
    draft: Draft,
    factbase: FactBase,
    templates: TemplateSet,
    *,
    today: dt.date | None = None,
) -> RenderedDocument:
    """The draft as a RenderedDocument; pure (no files written, nothing printed).

    The recipient and sender must already be resolved (contacts.resolve_people).
    Raises TemplateError for a faulty template and DraftError for a draft that does
    not fit it; stale, uncited and off-topic facts are warnings in the result.
    """
    today = today or dt.date.today()
    template = templates.get(draft.template)
    facts = _chosen_facts(draft, factbase)
    topic = _topic_of(draft, factbase, facts)
    values = field_values(template, draft.fields)
    sender = draft.sender
    if template.kind == "letter" and draft.recipient is None:
        raise DraftError.single(
            DRAFT_FILE,
            "no recipient",
            "choose who the letter goes to (an address book id or --recipient)",
        )
    if template.kind == "letter" and (sender is None or not sender.name.strip()):
        raise DraftError.single(
            DRAFT_FILE, "no sender", "give your name in your profile (profile.yaml) or the draft"
        )
    sender = sender or Sender()
    form = form_of_address(draft.recipient) if draft.recipient is not None else None
    date = draft.date or today

    source_views = {s: _source_view(factbase.sources[s]) for s in {f.source_id for f in facts}}
    views = [
        _fact_view(f, source_views[f.source_id], stale=factbase.is_stale(f, today)) for f in facts
    ]
    by_id = {f.id: f for f in facts}
    placed: list[tuple[str, str | None]] = []  # fact id and pinpoint, by mark number
    nonce = secrets.token_hex(8)
    mark = re.compile(f"{_MARK_OPEN}{nonce}([0-9]{{1,9}}){_MARK_CLOSE}")

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
        facts, factbase, lambda f: place(f.id, None), signer=sender.name, escape=_text
    )

    salutation = valediction = ""
    recipient_view = None
    if draft.recipient is not None and form is not None:
        salutation, valediction = greeting(template, draft.recipient, form)
        recipient_view = replace(
            _recipient_view(draft.recipient, form),
            salutation=_text(salutation),
            valediction=_text(valediction),
        )
    context: dict[str, Any] = {
        "topic": TopicView(topic.id, _text(topic.title), _text(topic.summary)),
        "facts": tuple(views),
        "cite": cite,
        "recipient": recipient_view,
        "sender": SenderView(
            _text(sender.name),
            _text(sender.title),
            _text(sender.organisation),
            tuple(_text(line) for line in sender.address),
            _text(sender.email),
            _text(sender.phone),
        ),
        "date": date,
        "our_ref": _text(draft.our_ref),
        "your_ref": _text(draft.your_ref),
        "fields": FieldValues(
            {
                name: value if (spec := template.field(name)) and spec.markdown else _text(value)
                for name, value in values.items()
            }
        ),
        "range": budgeted_range(),
        "body": body_text,
        "starter": starter,
    }
    raw = _run(templates, template, context)

    cited_sources = [
        factbase.source_of(by_id[placed[int(index)][0]])
        for index in mark.findall(raw)
        if int(index) < len(placed)
    ]
    style = draft.citation_style or template.citation_style or DEFAULT_STYLE
    citations = Citations(cited_sources, style=style)

    def number(match: re.Match[str]) -> str:
        index = int(match.group(1))
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
    body = mark.sub(number, raw)
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
    if template.kind == "letter" and form is not None:
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
            recipient_block=form.block,
            salutation=salutation,
            valediction=valediction,
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
        prepared_by=", ".join(part for part in (sender.name, sender.title) if part),
        sources=citations.sources,
    )


# --------------------------------------------------------------------------- checking


def _sample_sources(day: dt.date) -> dict[str, Source]:
    """One source of every type, with the fields its type takes (docs/facts.md)."""
    sources = [
        Source("sample-letter", "letter", "Reply", "Minister of State", day,
               organisation="Sample Department", recipient="The Lord Sample", reference="MC1"),
        Source("sample-release", "press-release", "A statement", "Sample Campaign", day,
               organisation="Sample Campaign", url="https://example.org/release", accessed=day),
        Source("sample-debate", "hansard", "Debate", "Lord Sample", day,
               volume="1", column="1", house="HL"),
        Source("sample-report", "report", "A report", "Sample Institute", day,
               short_title="Report"),
        Source("sample-ngo-report", "ngo-report", "A second report", "Sample Campaign", day,
               short_title="Second report"),
        Source("sample-speech", "speech", "A speech", "Lord Sample", day),
        Source("sample-question", "written-question", "Sample question", "Baroness Sample",
               day, uin="HL1", tabled=day, answering_body="Sample Department",
               asker="Lord Sample", house="HL"),
        Source("sample-holding", "written-question", "Sample question", "Sample Minister MP",
               day, uin="1", holding=True, house="HC"),
        Source("sample-wms", "written-statement", "A statement", "Sample Minister MP", day,
               number="HCWS1", house="HC"),
        Source("sample-committee", "committee-report", "A committee report",
               "Sample Committee", day, number="1", session="2025–26", house="HC"),
        Source("sample-act", "act", "Sample Act 2026", "", day, year="2026", chapter="1"),
        Source("sample-statute", "statute", "Sample Act 2025", "", day, year="2025"),
        Source("sample-si", "si", "Sample Regulations 2026", "", day, year="2026", number="1"),
        Source("sample-bill", "bill", "Sample Bill", "", day, number="1",
               session="2025–26", house="HL"),
        Source("sample-un", "un-document", "A resolution", "UN Sample Council", day,
               symbol="A/HRC/1/L.1"),
        Source("sample-judgment", "judgment", "R (Sample) v Sample", "", day,
               short_title="Sample", neutral_citation="[2026] UKSC 1"),
        Source("sample-news", "news", "An article", "Sample Reporter", day,
               publication="The Sample Gazette"),
        Source("sample-webpage", "webpage", "A page", "Sample Department", day,
               url="https://example.org/page", accessed=day),
        Source("sample-statement", "statement", "A joint statement", "Sample Mission", day),
    ]  # fmt: skip
    return {source.id: source for source in sources}


def _sample_factbase() -> FactBase:
    """A small fact base with a source of every type, to try a template against."""
    day = dt.date(2026, 1, 15)
    topic = Topic("sample-topic", "Sample topic", "A topic used to check templates.")
    sources = _sample_sources(day)
    tags = (("background",), ("uk-government",), ("campaign", "recent"), ())
    cited = ["sample-letter", "sample-letter", "sample-release", "sample-debate"]
    cited += [s for s in sources if s not in cited]
    locators = ("", "para 2", "para 3", "col 2")
    facts = [
        Fact(
            id=f"sample-fact-{i + 1}",
            topics=("sample-topic",),
            statement=f"Sample statement {i + 1}.",
            source_id=source_id,
            quote=f"Sample quote {i + 1}.",
            as_of=day,
            locator=locators[i] if i < len(locators) else "",
            tags=tags[i] if i < len(tags) else (),
        )
        for i, source_id in enumerate(cited)
    ]
    return FactBase({topic.id: topic}, sources, facts)


def _sample_draft(template: LetterTemplate, factbase: FactBase, fill_all: bool) -> Draft:
    fields = {}
    for spec in template.fields:
        if spec.required or fill_all:
            fields[spec.name] = spec.default or f"Sample {spec.label.lower()}"
    return Draft(
        template=template.name,
        topic="sample-topic",
        facts=list(factbase.facts),
        recipient=Recipient(
            kind="person",
            honorific="Ms",
            first_name="Ann",
            last_name="Sample",
            address=("1 Sample Street", "London SW1A 1AA"),
        ),
        sender=Sender(
            name="Sample Sender",
            title="Member of the House of Lords",
            organisation="House of Lords",
            address=("London SW1A 0PW",),
            email="sender@example.org",
        ),
        fields=fields,
        date=dt.date(2026, 2, 1),
        our_ref="REF1",
        your_ref="REF2",
    )


_LONG_FIELD = ("A long sample paragraph of the kind a user may paste in. " * 180).strip()


def _over_budget_with_long_fields(
    template: LetterTemplate, factbase: FactBase, templates: TemplateSet
) -> list[Problem]:
    """The budget problems of a render whose fields are each some 10,000 characters.

    A template that loops over a field's text, or loops inside loops, is quick on short
    samples and takes hours on a pasted page; this render finds it within the budget.
    Only running out of time or memory counts here: long fields may rightly make other
    limits (the output's size) complain.
    """
    draft = _sample_draft(template, factbase, True)
    draft.fields = {spec.name: _LONG_FIELD for spec in template.fields}
    try:
        render(draft, factbase, templates)
    except TemplateError as exc:
        return [p for p in exc.problems if p.message.startswith(_BUDGET_MESSAGES)]
    except DrafterError:
        pass
    return []


def check_template(path: Path, extra_dirs: Sequence[Path] = ()) -> list[Problem]:
    """Everything wrong with the template file at `path`, or an empty list.

    Reads its front matter, compiles it, and renders it against sample facts of every
    source type, once with only its required fields filled and once with all of them,
    so an undefined name or a misused filter shows with its file line.
    """
    try:
        template = load_template(Path(path))
        templates = TemplateSet.discover(extra_dirs).with_template(template)
    except TemplateError as exc:
        return list(exc.problems)
    factbase = _sample_factbase()
    problems: list[Problem] = []
    for fill_all in (False, True):
        try:
            doc = render(_sample_draft(template, factbase, fill_all), factbase, templates)
        except DrafterError as exc:
            problems.extend(p for p in exc.problems if p not in problems)
            continue
        if fill_all and not problems:
            problems.extend(_over_budget_with_long_fields(template, factbase, templates))
        for notice in doc.warnings:
            if notice.code == "control-character":
                problem = Problem(template.display, notice.message, "check its expressions")
                if problem not in problems:
                    problems.append(problem)
    return problems
