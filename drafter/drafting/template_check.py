"""`check_template`: a template tried against sample facts of every source type.

`drafter templates check` and the template editor's own checks come here: the template
is read, compiled and rendered twice (required fields only, then every field), so an
undefined name or a misused filter is reported with its file line before a user meets it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from drafter.drafting.draft import Draft
from drafter.drafting.render import render
from drafter.drafting.templates import BUDGET_MESSAGES, LetterTemplate, TemplateSet, load_template
from drafter.errors import DrafterError, Problem, TemplateError
from drafter.facts.loader import Fact, FactBase, Source, Topic
from drafter.people.address import Recipient
from drafter.people.sender import Sender


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
        return [p for p in exc.problems if p.message.startswith(BUDGET_MESSAGES)]
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
