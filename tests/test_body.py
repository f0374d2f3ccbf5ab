"""A draft's written body: pandoc-style citations become footnotes at their points."""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import pytest

from drafter.drafting.body import Cite, parse_body, render_body
from drafter.drafting.draft import Draft, Sender, dump_draft, parse_draft, parse_draft_lines
from drafter.drafting.render import render
from drafter.drafting.templates import TemplateSet
from drafter.errors import DraftError
from drafter.facts.loader import FactBase, load_factbase
from drafter.people.address import Recipient

TODAY = dt.date(2026, 3, 1)

# A fictional fact base: two sources, one a letter to the signer.
BASE = """\
schema: 1
topics:
  harbours:
    title: Harbours
    summary: The state of the country's harbours.
sources:
  harbour-letter:
    type: letter
    title: Reply on harbour dredging
    author: Minister of State for Ports
    organisation: Department for Harbours
    recipient: Lord Tester of Testham
    date: 2026-01-10
    reference: MC2026/1
  harbour-report:
    type: report
    title: Silted Up
    author: Harbour Watch
    date: 2026-02-01
    url: https://example.org/silted-up
    accessed: 2026-02-02
facts:
  - id: harbour-dredging-budget
    topics: [harbours]
    statement: >-
      The Department for Harbours told Lord Tester in January 2026 that it had set aside
      £4 million for dredging.
    source: harbour-letter
    quote: We have set aside £4 million for dredging this year.
    locator: para 2
    as_of: 2026-01-10
  - id: harbour-dredging-review
    topics: [harbours]
    statement: >-
      The Department for Harbours said in January 2026 that it would review dredging in
      12 harbours.
    source: harbour-letter
    quote: We will review dredging in 12 harbours.
    locator: para 3
    as_of: 2026-01-10
  - id: harbour-silt-count
    topics: [harbours]
    statement: >-
      Harbour Watch reported in February 2026 that 23 harbours were too silted for
      lifeboats.
    source: harbour-report
    quote: "23 harbours are now too silted for lifeboats to launch at low tide."
    locator: p 4
    as_of: 2026-02-01
"""

SENDER = Sender(name="Lord Tester of Testham", title="Member of the House of Lords")
MINISTER = Recipient(
    kind="minister",
    honorific="Ms",
    first_name="Ada",
    last_name="Quay",
    office="Minister of State for Ports",
    organisation="Department for Harbours",
)


@pytest.fixture
def base_file(tmp_path: Path) -> Path:
    path = tmp_path / "facts.yaml"
    path.write_text(BASE, encoding="utf-8")
    return path


@pytest.fixture
def factbase(base_file: Path) -> FactBase:
    return load_factbase([base_file])


@pytest.fixture(scope="module")
def templates() -> TemplateSet:
    return TemplateSet.discover()


def letter(body: str, facts: tuple[str, ...] = ()) -> Draft:
    return Draft(
        template="minister-letter",
        topic="harbours",
        facts=list(facts),
        recipient=MINISTER,
        sender=SENDER,
        fields={"subject": "Harbours", "occasion": "I write about harbours.", "asks": "Act."},
        date=TODAY,
        body=textwrap.dedent(body),
    )


# -- parsing ---------------------------------------------------------------------------


def test_citations_are_found_with_several_facts_and_pinpoints() -> None:
    body = parse_body("One [@a]. Two [@b; @c, para 6]. Three [@ not an id].")
    assert [c.items for c in body.citations] == [
        (Cite("a"),),
        (Cite("b"), Cite("c", "para 6")),
        (),
    ]
    assert body.citations[2].malformed
    assert body.fact_ids == ("a", "b", "c")


def test_sentences_and_paragraphs_are_numbered() -> None:
    body = parse_body("First one. Second, e.g. this [@a].\n\nA new paragraph? Yes.\n")
    assert [(s.paragraph, s.number, s.prose) for s in body.sentences] == [
        (1, 1, "First one."),
        (1, 2, "Second, e.g. this ."),
        (2, 1, "A new paragraph?"),
        (2, 2, "Yes."),
    ]
    assert body.sentences[1].fact_ids == ("a",)


@pytest.mark.parametrize(
    ("text", "described"),
    [
        ("", ""),
        ("One point.\n", "1 paragraph, no fact cited"),
        ("One [@a].\n\nTwo [@b; @a].\n\nThree [@c].\n", "3 paragraphs citing 3 facts"),
        ("Only this [@a]. And this [@a].", "1 paragraph citing 1 fact"),
    ],
)
def test_a_body_says_what_it_holds(text: str, described: str) -> None:
    assert parse_body(text).describe() == described


def test_a_citation_after_the_full_stop_belongs_to_the_sentence_before() -> None:
    body = parse_body("The budget is set. [@a] Then more.")
    assert [s.fact_ids for s in body.sentences] == [("a",), ()]


def test_render_body_moves_the_note_after_punctuation_and_takes_the_space() -> None:
    marks: list[Cite] = []

    def cite(item: Cite) -> str:
        marks.append(item)
        return f"<{item.fact_id}>"

    text = render_body("Set aside [@a], then\n[@b; @c].", cite)
    assert text == "Set aside,<a> then.<b><c>"
    assert [m.fact_id for m in marks] == ["a", "b", "c"]


# -- rendering -------------------------------------------------------------------------


def test_body_citations_become_footnotes_in_reading_order(
    factbase: FactBase, templates: TemplateSet
) -> None:
    doc = render(
        letter(
            """\
            Harbour Watch found 23 harbours too silted for lifeboats [@harbour-silt-count].

            The Department told me it had set aside £4 million [@harbour-dredging-budget],
            and that it would review 12 harbours [@harbour-dredging-review]. It repeated
            the figure [@harbour-dredging-budget]. The report
            [@harbour-silt-count; @harbour-dredging-review, para 9].
            """
        ),
        factbase,
        templates,
        today=TODAY,
    )
    assert "lifeboats.[^1]" in doc.body
    assert "£4 million,[^2]\nand that it would review 12 harbours.[^3]" in doc.body
    assert [n.text for n in doc.footnotes] == [
        "Harbour Watch, Silted Up (1 February 2026) p 4 <https://example.org/silted-up> "
        "accessed 2 February 2026.",
        "Letter from the Minister of State for Ports, Department for Harbours, to Lord Tester "
        "of Testham (10 January 2026, ref MC2026/1) para 2.",
        "ibid para 3.",
        "ibid para 2.",
        "Harbour Watch (n 1) p 4.",
        "Letter from the Minister of State for Ports to Lord Tester of Testham (n 2) para 9.",
    ]
    # The cited facts are the draft's facts, in the order first cited.
    assert doc.fact_ids == (
        "harbour-silt-count",
        "harbour-dredging-budget",
        "harbour-dredging-review",
    )
    # The written body replaces the generated paragraphs; the frame stays.
    assert doc.body.startswith("I write about harbours.\n\nHarbour Watch found")
    assert "told Lord Tester in January 2026" not in doc.body
    assert "1. Act." in doc.body


def test_chosen_facts_come_first_and_an_uncited_one_is_warned_about(
    factbase: FactBase, templates: TemplateSet
) -> None:
    draft = letter("Set aside [@harbour-dredging-budget].", facts=("harbour-silt-count",))
    doc = render(draft, factbase, templates, today=TODAY)
    assert doc.fact_ids == ("harbour-silt-count", "harbour-dredging-budget")
    assert [(n.code, n.fact_id) for n in doc.warnings] == [("uncited-fact", "harbour-silt-count")]


def test_without_a_body_the_template_writes_the_paragraphs(
    factbase: FactBase, templates: TemplateSet
) -> None:
    doc = render(letter("", facts=("harbour-silt-count",)), factbase, templates, today=TODAY)
    assert "Harbour Watch reported in February 2026 that 23 harbours" in doc.body


def test_a_body_citing_an_unknown_fact_is_an_error_with_a_suggestion(
    factbase: FactBase, templates: TemplateSet
) -> None:
    with pytest.raises(DraftError) as caught:
        render(letter("Set [@harbour-dredging-budgt]."), factbase, templates, today=TODAY)
    (problem,) = caught.value.problems
    assert "harbour-dredging-budgt" in problem.message
    assert "harbour-dredging-budget" in problem.hint


def test_a_template_without_body_says_so(factbase: FactBase, templates: TemplateSet) -> None:
    draft = letter("Set [@harbour-dredging-budget].")
    draft.template = "written-question"
    draft.fields = {"matter": "harbours"}
    doc = render(draft, factbase, templates, today=TODAY)
    assert "body-unused" in [n.code for n in doc.warnings]


def test_the_footnote_follows_the_fact_base(base_file: Path, templates: TemplateSet) -> None:
    draft = letter("Set aside £4 million [@harbour-dredging-budget].")
    before = render(draft, load_factbase([base_file]), templates, today=TODAY)
    changed = (
        BASE.replace("set aside\n      £4 million", "set aside\n      £5 million")
        .replace("reference: MC2026/1", "reference: MC2026/77")
        .replace("title: Reply on harbour dredging", "title: Second reply")
    )
    base_file.write_text(changed, encoding="utf-8")
    factbase = load_factbase([base_file])
    after = render(draft, factbase, templates, today=TODAY)
    assert "ref MC2026/1)" in before.footnotes[0].text
    assert "ref MC2026/77)" in after.footnotes[0].text
    assert after.footnotes[0].fact_id == "harbour-dredging-budget"
    assert before.body == after.body  # the prose is the researcher's; only the note moves


# -- the draft file --------------------------------------------------------------------


def test_a_body_round_trips_as_a_block_with_its_line() -> None:
    draft = letter("One paragraph [@a].\n\nAnother.\n")
    text = dump_draft(draft)
    assert "body: |\n  One paragraph [@a].\n\n  Another.\n" in text
    again, lines = parse_draft_lines(text)
    assert again.body == draft.body.strip("\n")
    assert text.splitlines()[lines.body - 1] == "  One paragraph [@a]."
    assert lines.body_exact


def test_a_draft_without_body_has_none() -> None:
    assert parse_draft("template: minister-letter\n").body == ""
