"""No text a user, a CSV, a fact base or a template writes can make, move or break a footnote.

cite() is the only way to a footnote. Its marks are unforgeable (a random part per
render), private-use characters are refused in input files and stripped from what a
template writes, and a fact's or a field's text is text: its Markdown does not become
headings, lists or footnote references.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import pytest
from hostile import EXAMPLES, LETTER, assert_clean, run_limited
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from drafter.drafting.citations import Citations
from drafter.drafting.draft import Draft
from drafter.drafting.render import render
from drafter.drafting.templates import TemplateSet, parse_template
from drafter.errors import DrafterError
from drafter.export.docx.exporter import DocxExporter
from drafter.export.markdown import to_markdown
from drafter.facts.loader import Fact, FactBase, Source, Topic
from drafter.people.address import Recipient
from drafter.people.sender import Sender
from drafter.yamlio import CONTROL

DAY = dt.date(2026, 1, 15)
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
FORGED = "\ue0000\ue001"

TEMPLATE = """\
---
name: Citing test
kind: letter
fields:
  - name: occasion
    label: Occasion
  - name: notes
    label: Notes
    markdown: true
---
{{ fields.occasion }}

{{ facts[0].statement }}{{ cite(facts[0]) }} {{ recipient.name }}

{{ fields.notes }}

{% for fact in facts %}
{{ fact.statement }} ({{ fact.quote }}){{ cite(fact) }}

{% endfor %}
{{ facts[1].source | citation }}{{ cite(facts[1]) }}
"""
# The citations the template asks for, in order: fact 0, then each fact, then fact 1.
ASKED = [0, 0, 1, 2, 1]


def _factbase(texts: list[str]) -> FactBase:
    topic = Topic("t", "A topic", "About something.")
    sources = {
        f"s{i}": Source(f"s{i}", "webpage", f"Title {i}", f"Author {i}", DAY) for i in range(3)
    }
    facts = [
        Fact(
            id=f"f{i}",
            topics=("t",),
            statement=texts[i % len(texts)],
            source_id=f"s{i}",
            quote=texts[(i + 1) % len(texts)],
            as_of=DAY,
            locator="",
        )
        for i in range(3)
    ]
    return FactBase({topic.id: topic}, sources, facts)


def _draft(occasion: str, notes: str, name: str) -> Draft:
    return Draft(
        template="citing-test",
        topic="t",
        facts=["f0", "f1", "f2"],
        recipient=Recipient(kind="person", honorific="Ms", first_name="Ann", last_name=name),
        sender=Sender(name="A Sender"),
        fields={"occasion": occasion, "notes": notes},
        date=DAY,
    )


def _templates() -> TemplateSet:
    template = parse_template(TEMPLATE, Path("citing-test.md.j2"))
    return TemplateSet.discover().with_template(template)


def _references(data: bytes) -> tuple[list[int], dict[int, str]]:
    """The footnote references of the body, in order, and each footnote's text."""
    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        body = etree.fromstring(archive.read("word/document.xml"))
        notes = etree.fromstring(archive.read("word/footnotes.xml"))
    refs = [int(e.get(f"{W}id")) for e in body.iter(f"{W}footnoteReference")]
    texts = {
        int(n.get(f"{W}id")): "".join(t.text or "" for t in n.iter(f"{W}t")).strip()
        for n in notes.iter(f"{W}footnote")
        if int(n.get(f"{W}id")) > 0
    }
    return refs, texts


def _expected_texts(factbase: FactBase) -> list[str]:
    citations = Citations()
    for index in ASKED:
        fact = factbase.facts[f"f{index}"]
        citations.cite(fact, factbase.source_of(fact))
    return [note.text for note in citations.footnotes]


hostile_text = st.lists(
    st.one_of(
        st.text(st.characters(codec="utf-8"), max_size=6),
        st.sampled_from(
            [
                "\ue000",
                "\ue001",
                "\ue0000\ue001",
                "[^",
                "]",
                "[^1]",
                "[^9]",
                "\\",
                "`",
                "*",
                "# ",
                "\n",
                "\n\n",
                "- ",
                "1. ",
                "<",
                "&#91;",
            ]
        ),
    ),
    max_size=8,
).map("".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    texts=st.lists(hostile_text, min_size=1, max_size=3),
    occasion=hostile_text,
    notes=hostile_text,
    name=hostile_text,
)
def test_any_text_anywhere_gives_exactly_the_footnotes_the_template_asked_for(
    texts: list[str], occasion: str, notes: str, name: str
) -> None:
    factbase = _factbase(texts)
    templates = _templates()
    try:
        doc = render(_draft(occasion, notes, name or "Lee"), factbase, templates)
    except DrafterError as exc:
        # Refused as a whole, with a message (no letter, so no wrong footnote): only a
        # field holding a character no letter can hold, or a name no letter can address.
        assert all(
            "character U+" in p.message or "name" in p.message or "surname" in p.message
            for p in exc.problems
        ), exc.problems
        assume(CONTROL.search(occasion + notes) or exc.problems[0].message)
        return
    refs, texts_by_id = _references(DocxExporter().to_bytes(doc))
    assert refs == list(range(1, len(ASKED) + 1))
    assert [n.fact_id for n in doc.footnotes] == [f"f{i}" for i in ASKED]
    assert [texts_by_id[number] for number in refs] == _expected_texts(factbase)
    # The Markdown copy holds the same references, each once, in order.
    markdown = to_markdown(doc)
    # (A reference is `[^n]` after an even number of backslashes, not a definition.)
    body_refs = [int(m) for m in re.findall(r"(?<!\\)(?:\\\\)*\[\^(\d+)\](?!:)", markdown)]
    assert body_refs == refs


def test_a_forged_mark_in_a_field_on_the_command_line_is_refused(tmp_path: Path) -> None:
    run = run_limited(
        ["draft", *LETTER, "--field", f"occasion=An invented claim.{FORGED}", "--dry-run"],
        cwd=tmp_path,
    )
    assert_clean(run, 1)
    assert run.err == (
        "error: --field: field 'occasion' contains the private-use character U+E000 "
        "(delete it; such characters cannot appear in a letter)\n"
    ) or run.err.startswith(f"error: {EXAMPLES / 'minister-letter.yaml'}: field 'occasion'")


def test_an_out_of_range_mark_in_a_draft_is_refused_at_its_line(tmp_path: Path) -> None:
    draft = (EXAMPLES / "minister-letter.yaml").read_text(encoding="utf-8")
    bad = tmp_path / "draft.yaml"
    bad.write_text(draft.replace("  subject: ", "  subject: x\ue0005\ue001 ", 1), encoding="utf-8")
    assert "\ue000" in bad.read_text(encoding="utf-8")
    args = ["draft", str(bad), *LETTER[1:], "-o", "x.docx"]
    run = run_limited(args, cwd=tmp_path)
    assert_clean(run, 1)
    assert re.fullmatch(
        rf"error: {re.escape(str(bad))}:\d+:\d+: field 'subject' contains the private-use "
        r"character U\+E000 \(delete it; such characters cannot appear in a letter\)\n",
        run.err,
    ), run.err
    assert not (tmp_path / "x.docx").exists()


def test_a_mark_in_a_fact_base_statement_is_refused_at_its_line(tmp_path: Path) -> None:
    base = (Path(__file__).parent / "data" / "facts" / "fisheries.yaml").read_text()
    bad = tmp_path / "facts.yaml"
    bad.write_text(
        base.replace("in Subarea 48.1.", "in Subarea 48.1.\ue000" + "9" * 5000 + "\ue001", 1),
        encoding="utf-8",
    )
    run = run_limited(["facts", "check", "--facts", str(bad)], cwd=tmp_path)
    assert_clean(run, 1)
    assert "contains the private-use character U+E000" in run.err
    assert run.err.startswith(f"error: {bad}:")


def test_a_template_that_writes_a_mark_makes_no_footnote(tmp_path: Path) -> None:
    folder = tmp_path / "templates"
    folder.mkdir()
    source = TEMPLATE.replace("{{ fields.notes }}", "{{ '\\ue000' ~ '0' ~ '\\ue001' }}[^1]")
    (folder / "citing-test.md.j2").write_text(source, encoding="utf-8")
    template = parse_template(source, folder / "citing-test.md.j2")
    factbase = _factbase(["A statement."])
    doc = render(_draft("Why", "", "Lee"), factbase, TemplateSet.discover().with_template(template))
    refs, _ = _references(DocxExporter().to_bytes(doc))
    assert refs == list(range(1, len(ASKED) + 1))
    assert any("private-use" in w.message for w in doc.warnings)
    assert "\ue000" not in doc.body


@pytest.mark.parametrize(
    "statement",
    [
        "# A heading\n\n- a list\n\n[^1] and *emphasis* and <http://example.org>",
        "1. Numbered\n\n> quoted\n\n    code\n\n---",
    ],
)
def test_a_facts_markdown_is_text(statement: str) -> None:
    factbase = _factbase([statement, "A quote."])
    doc = render(_draft("Why", "", "Lee"), factbase, _templates())
    data = DocxExporter().to_bytes(doc)
    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        body = etree.fromstring(archive.read("word/document.xml"))
    styles = {e.get(f"{W}val") for e in body.iter(f"{W}pStyle")}
    assert not {s for s in styles if s and s.startswith(("Heading", "List", "Quote"))}
    assert not list(body.iter(f"{W}numPr"))
    assert not list(body.iter(f"{W}hyperlink"))
    text = "".join(t.text or "" for t in body.iter(f"{W}t"))
    for line in statement.split("\n"):
        if line.strip():
            assert line.strip() in text
    refs, _ = _references(data)
    assert refs == list(range(1, len(ASKED) + 1))


def test_a_markdown_field_keeps_its_markdown_but_cannot_make_a_footnote() -> None:
    factbase = _factbase(["A statement."])
    doc = render(_draft("Why", "**bold** [^1] [^9]", "Lee"), factbase, _templates())
    assert "**bold**" in doc.body
    refs, _ = _references(DocxExporter().to_bytes(doc))
    assert refs == list(range(1, len(ASKED) + 1))


def test_a_mark_in_a_csv_cell_is_that_rows_problem(tmp_path: Path) -> None:
    recipients = tmp_path / "r.csv"
    recipients.write_text(
        "kind,honorific,last_name,field:occasion\n"
        f"mp,Ms,Lee,An invented claim.{FORGED}\n"
        "mp,Mr,Ng,Why I write.\n",
        encoding="utf-8",
    )
    run = run_limited(
        [
            "merge", str(EXAMPLES / "merge-letter.yaml"), "--profile",
            str(EXAMPLES / "profile.yaml"), "--recipients", str(recipients), "--out", "out",
            "-q",
        ],
        cwd=tmp_path,
    )  # fmt: skip
    assert_clean(run, 1)
    assert run.err.splitlines() == [
        f"error: {recipients}:row 2: column 'field:occasion' holds the private-use character "
        "U+E000 (a letter cannot hold it; retype the cell)",
        "1 letter written to out, 1 row failed",
    ]
