"""The starter: a first body that reads like a letter, and drafter draft --starter."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest

from drafter.cli import main
from drafter.drafting.body import parse_body
from drafter.drafting.draft import Sender, load_draft
from drafter.drafting.render import render
from drafter.drafting.starter import parse_statement, starter_body
from drafter.drafting.templates import TemplateSet
from drafter.drafting.workspace import Workspace
from drafter.facts.loader import FactBase, load_factbase
from drafter.paths import bundled_facts
from drafter.people.contacts import load_contacts
from tests.test_body import BASE

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples" / "minister-letter.yaml"
# The bundled FCDO letter was written to this peer; a letter signed by him speaks of it
# in the first person.
RECIPIENT_OF_THE_LETTER = "Lord Alton of Liverpool"


@pytest.fixture(scope="module")
def bundled() -> FactBase:
    return load_factbase([bundled_facts()])


def paragraphs(body: str) -> list[str]:
    return [" ".join(p.split()) for p in body.split("\n\n") if p.strip()]


def sentences(body: str) -> list[str]:
    return [s.prose for s in parse_body(body).sentences]


@pytest.mark.parametrize("signer", ["Lord Example of Anytown", RECIPIENT_OF_THE_LETTER])
def test_the_starter_for_the_minister_letter_reads_like_a_letter(
    bundled: FactBase, signer: str
) -> None:
    draft = load_draft(EXAMPLE)
    draft = Workspace(
        bundled,
        TemplateSet.discover(),
        contacts=load_contacts(REPO / "examples" / "contacts.yaml"),
        profile=Sender(name=signer),
    ).resolve(draft)
    draft.body = starter_body([bundled.facts[i] for i in draft.facts], bundled, signer=signer)
    # No two paragraphs open with the same three words.
    openings = [" ".join(p.split()[:3]) for p in paragraphs(draft.body)]
    assert len(openings) == len(set(openings)) == 2  # one paragraph a source
    # Attribution varies: no two sentences running open with the same two words.
    firsts = [" ".join(s.split()[:2]) for s in sentences(draft.body)]
    assert all(a != b for a, b in itertools.pairwise(firsts))
    # Every fact is cited once, in the order chosen.
    assert parse_body(draft.body).fact_ids == tuple(draft.facts)
    # The closing request appears once in the letter the starter goes into.
    doc = render(draft, bundled, TemplateSet.discover())
    assert doc.body.count("I should be grateful") == 1
    assert doc.body.count("look forward to your response") == 1
    assert len(doc.footnotes) == len(draft.facts)
    # No sentence names the signer in the third person.
    for name in (signer, signer.split(" of ")[0]):
        assert name not in draft.body
    if signer == RECIPIENT_OF_THE_LETTER:
        assert re.search(r"\b(wrote to me|told me|letter to me)\b", draft.body)


def test_one_paragraph_a_source_with_the_date_once(tmp_path: Path) -> None:
    path = tmp_path / "facts.yaml"
    path.write_text(BASE, encoding="utf-8")
    factbase = load_factbase([path])
    facts = [factbase.facts[i] for i in ("harbour-dredging-budget", "harbour-silt-count")]
    facts.append(factbase.facts["harbour-dredging-review"])
    body = starter_body(facts, factbase, signer="Lord Tester of Testham")
    first, second = paragraphs(body)
    assert first.startswith("When the Department for Harbours wrote to me in January 2026, it")
    assert "It added that it would review dredging in 12 harbours" in first
    assert first.count("January 2026") == 1
    assert "Lord Tester" not in body
    assert second.startswith("In February 2026, Harbour Watch reported that 23 harbours")
    assert parse_body(body).fact_ids == (
        "harbour-dredging-budget", "harbour-dredging-review", "harbour-silt-count",
    )  # fmt: skip


def test_statements_are_taken_apart() -> None:
    parts = parse_statement(
        "The FCDO told Lord Alton in January 2023, repeating a House of Lords speech of "
        "17 November 2022, that the UK was the first country to lead a joint statement."
    )
    assert parts is not None
    assert (parts.who, parts.verb, parts.hearer, parts.when) == (
        "The FCDO", "told", "Lord Alton", "January 2023",
    )  # fmt: skip
    assert parts.aside == "repeating a House of Lords speech of 17 November 2022"
    assert parts.claim == "the UK was the first country to lead a joint statement"
    assert parse_statement("Silt is a problem.") is None


def test_drafter_draft_starter_writes_the_body_and_keeps_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "letter.yaml"
    original = EXAMPLE.read_text(encoding="utf-8")
    path.write_text(original, encoding="utf-8")
    profile = ["--profile", str(REPO / "examples" / "profile.yaml")]
    assert main(["draft", str(path), "--starter", *profile]) == 0
    written = path.read_text(encoding="utf-8")
    assert written.startswith(original)  # comments and every other line as they were
    draft = load_draft(path)
    assert parse_body(draft.body).fact_ids == tuple(draft.facts)
    capsys.readouterr()
    # A body there already is never replaced without --force.
    assert main(["draft", str(path), "--starter", *profile]) == 1
    assert "already has a body" in capsys.readouterr().err
    assert path.read_text(encoding="utf-8") == written
    path.write_text(written.replace("body: |\n", "body: |\n  My own words.\n\n"), "utf-8")
    assert main(["draft", str(path), "--starter", "--force", *profile]) == 0
    assert "My own words." not in path.read_text(encoding="utf-8")
    assert path.read_text(encoding="utf-8").startswith(original)
    # Into a new draft file: refused over an existing one without --force.
    new = tmp_path / "new.yaml"
    argv = ["draft", str(EXAMPLE), "--starter", "-o", str(new), *profile]
    assert main(argv) == 0
    assert load_draft(new).body == load_draft(path).body
    assert main(argv) == 1
    assert main([*argv[:-2], "-o", str(tmp_path / "x.docx"), *profile]) == 2


def test_the_starter_wraps_for_a_file_and_not_for_an_editor(bundled: FactBase) -> None:
    facts = list(bundled.facts_for_topic("hong-kong"))[:4]
    wrapped = starter_body(facts, bundled, line_width=60)
    unwrapped = starter_body(facts, bundled, line_width=None)
    assert all(len(line) <= 60 or "[@" in line for line in wrapped.splitlines())
    assert any("\n" in p for p in wrapped.split("\n\n"))
    assert not any("\n" in p for p in unwrapped.split("\n\n"))
    # The same words and citations either way: only the line breaks differ.
    assert paragraphs(wrapped) == paragraphs(unwrapped)
    assert parse_body(wrapped).fact_ids == parse_body(unwrapped).fact_ids
