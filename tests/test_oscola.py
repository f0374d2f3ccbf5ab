"""OSCOLA as a clerk would check it: the deviations found on review, each pinned by a test.

Each test renders through the public pipeline (a fact base file, a template, `render`,
the exporters) so that it says what a user sees in a letter.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import textwrap
from pathlib import Path

import docx
import pytest
from docx.text.run import Run

from drafter.document import RenderedDocument
from drafter.drafting.draft import Draft
from drafter.drafting.render import TemplateSet, render
from drafter.errors import FactBaseError
from drafter.export.formats import write_document
from drafter.export.markdown import to_markdown
from drafter.facts.export import to_csl_json
from drafter.facts.loader import FactBase, load_factbase

TODAY = dt.date(2026, 11, 23)
HEAD = """\
schema: 1
topics:
  t:
    title: Test topic
    summary: A topic for citation tests.
"""
# A template that cites every chosen fact in order, one sentence a line.
CITE_ALL = """\
---
name: Cite all
kind: {kind}
---
{{% for fact in facts %}}
{{{{ fact.statement }}}}{{{{ cite(fact) }}}}

{{% endfor %}}
"""


def factbase_from(tmp_path: Path, sources: str, facts: str) -> FactBase:
    path = tmp_path / "facts.yaml"
    path.write_text(
        HEAD + "sources:\n" + textwrap.indent(textwrap.dedent(sources), "  ")
        + "facts:\n" + textwrap.indent(textwrap.dedent(facts), "  "),
        encoding="utf-8",
    )  # fmt: skip
    return load_factbase([path])


def cite_all(
    tmp_path: Path, factbase: FactBase, kind: str = "briefing", **draft: object
) -> RenderedDocument:
    folder = tmp_path / "templates"
    folder.mkdir(exist_ok=True)
    (folder / "cite-all.md.j2").write_text(CITE_ALL.format(kind=kind), encoding="utf-8")
    templates = TemplateSet.discover([folder])
    chosen = Draft(template="cite-all", topic="t", facts=list(factbase.facts), **draft)  # type: ignore[arg-type]
    return render(chosen, factbase, templates, today=TODAY)


def notes(doc: RenderedDocument) -> list[str]:
    return [n.text for n in doc.footnotes]


def fact(fact_id: str, source: str, locator: str = "") -> str:
    where = f"\n  locator: {locator}" if locator else ""
    return textwrap.dedent(f"""\
        - id: {fact_id}
          topics: [t]
          statement: Statement {fact_id}.
          source: {source}
          quote: Quote {fact_id}.
          as_of: 2024-01-01""") + where + "\n"  # fmt: skip


LETTER = """\
fcdo-letter:
  type: letter
  title: Letter to Lord Alton of Liverpool
  author: Minister of State responsible for Human Rights
  organisation: Foreign, Commonwealth and Development Office
  recipient: Lord Alton of Liverpool
  date: 2023-01-08
  reference: MC2022/30120
"""
PLAIN = """\
zeta-release:
  type: press-release
  title: Zeta speaks
  author: Zeta Campaign
  date: 2024-01-01
"""
AMNESTY_LETTER = """\
amnesty-letter:
  type: letter
  title: Letter to the Foreign Secretary
  author: Amnesty International UK
  recipient: the Foreign Secretary
  date: 2024-02-01
"""
AMNESTY = """\
amnesty-red-lines:
  type: press-release
  title: "UK/China: 'Red lines, not red carpet' needed as Lammy hosts top China diplomat"
  short_title: Red lines
  author: Amnesty International UK
  date: 2025-02-13
amnesty-bounties:
  type: press-release
  title: "Hong Kong: bounties on activists must be withdrawn"
  short_title: Bounties
  author: Amnesty International UK
  date: 2024-12-24
"""


# -- 1. the department reference goes inside the bracket ---------------------------------


def test_letter_reference_is_inside_the_bracket_before_the_pinpoint(tmp_path: Path) -> None:
    base = factbase_from(tmp_path, LETTER, fact("a", "fcdo-letter", "para 6"))
    assert notes(cite_all(tmp_path, base)) == [
        "Letter from the Minister of State responsible for Human Rights, Foreign, "
        "Commonwealth and Development Office, to Lord Alton of Liverpool "
        "(8 January 2023, ref MC2022/30120) para 6."
    ]


# -- 2. one short form per source, decided for the whole document ------------------------


def test_short_forms_of_one_author_do_not_change_within_a_document(tmp_path: Path) -> None:
    facts = (
        fact("a", "amnesty-red-lines", "para 1")
        + fact("b", "fcdo-letter", "para 2")
        + fact("c", "amnesty-red-lines", "para 6")
        + fact("d", "amnesty-bounties", "para 1")
        + fact("e", "fcdo-letter", "para 3")
        + fact("f", "amnesty-red-lines", "para 9")
    )
    base = factbase_from(tmp_path, LETTER + AMNESTY, facts)
    texts = notes(cite_all(tmp_path, base))
    # The second work by the author is cited only at note 4, yet note 3 already names
    # the work by its short title, as note 6 does.
    assert texts[2] == "Amnesty International UK, 'Red lines' (n 1) para 6."
    assert texts[5] == "Amnesty International UK, 'Red lines' (n 1) para 9."


def test_without_short_titles_the_whole_title_tells_the_works_apart(tmp_path: Path) -> None:
    facts = (
        fact("a", "amnesty-red-lines", "para 1")
        + fact("b", "fcdo-letter", "para 2")
        + fact("c", "amnesty-red-lines", "para 6")
        + fact("d", "amnesty-bounties", "para 1")
    )
    sources = AMNESTY.replace("  short_title: Red lines\n", "").replace(
        "  short_title: Bounties\n", ""
    )
    texts = notes(cite_all(tmp_path, factbase_from(tmp_path, LETTER + sources, facts)))
    assert texts[2] == (
        'Amnesty International UK, \'UK/China: "Red lines, not red carpet" needed as Lammy '
        "hosts top China diplomat' (n 1) para 6."
    )


def test_an_author_with_one_work_keeps_the_short_form_without_title(tmp_path: Path) -> None:
    facts = (
        fact("a", "amnesty-red-lines", "para 1")
        + fact("b", "fcdo-letter", "para 2")
        + fact("c", "amnesty-red-lines", "para 6")
    )
    base = factbase_from(tmp_path, LETTER + AMNESTY, facts)
    assert notes(cite_all(tmp_path, base))[2] == "Amnesty International UK (n 1) para 6."


# -- 3. locators are typed pinpoints ---------------------------------------------------


def test_a_free_text_locator_is_refused_with_file_and_line(tmp_path: Path) -> None:
    with pytest.raises(FactBaseError) as caught:
        factbase_from(tmp_path, PLAIN, fact("a", "zeta-release", "quotation from F Jakens"))
    (problem,) = caught.value.problems
    lines = (tmp_path / "facts.yaml").read_text(encoding="utf-8").splitlines()
    assert problem.file.endswith("facts.yaml")
    assert lines[problem.line - 1].strip() == "locator: quotation from F Jakens"
    assert "quotation from F Jakens" in problem.message
    assert "para 3" in problem.hint


@pytest.mark.parametrize(
    ("written", "pinpoint"),
    [
        ("paragraph 6", "para 6"),
        ("para. 6", "para 6"),
        ("paras 6-7", "paras 6-7"),
        ("page 12", "p 12"),
        ("pp. 12–14", "pp 12–14"),
        ("column 1162W", "col 1162W"),
        ("section 54", "s 54"),
        ("s. 54(2)(a)", "s 54(2)(a)"),
        ("article 3", "art 3"),
        ("Art 3", "art 3"),
    ],
)
def test_a_locator_is_converted_to_its_oscola_abbreviation(
    tmp_path: Path, written: str, pinpoint: str
) -> None:
    base = factbase_from(tmp_path, PLAIN, fact("a", "zeta-release", f"'{written}'"))
    assert base.fact("a").locator == pinpoint


# -- 4. a Hansard column is printed once -------------------------------------------------


def test_a_hansard_column_in_reference_and_locator_is_printed_once(tmp_path: Path) -> None:
    debate = """\
    hl-deb:
      type: hansard
      title: China - Human Rights
      author: Lord Ahmad of Wimbledon
      reference: HL Deb 17 November 2022, vol 825, col 1234
      date: 2022-11-17
    """
    base = factbase_from(
        tmp_path, debate, fact("a", "hl-deb", "col 1234") + fact("b", "hl-deb", "col 1236")
    )
    assert notes(cite_all(tmp_path, base)) == [
        "HL Deb 17 November 2022, vol 825, col 1234.",
        "ibid col 1236.",
    ]


def test_a_hansard_column_in_source_and_locator_is_printed_once(tmp_path: Path) -> None:
    debate = """\
    hl-deb:
      type: hansard
      title: China - Human Rights
      author: Lord Ahmad of Wimbledon
      house: HL
      volume: 825
      column: "1234"
      date: 2022-11-17
    """
    base = factbase_from(tmp_path, debate, fact("a", "hl-deb", "col 1234"))
    assert notes(cite_all(tmp_path, base)) == ["HL Deb 17 November 2022, vol 825, col 1234."]


# -- 5. stand-alone titles are italic --------------------------------------------------

REPORT = """\
hrw-report:
  type: report
  title: Break Their Lineage, Break Their Roots
  author: Human Rights Watch
  date: 2021-04-19
"""


def test_report_title_is_italic_in_markdown_footnotes(tmp_path: Path) -> None:
    base = factbase_from(tmp_path, REPORT, fact("a", "hrw-report", "p 4"))
    doc = cite_all(tmp_path, base)
    assert (
        "[^1]: Human Rights Watch, *Break Their Lineage, Break Their Roots* (19 April 2021) p 4."
        in to_markdown(doc)
    )
    # The plain text a screen lists keeps no Markdown.
    assert notes(doc) == [
        "Human Rights Watch, Break Their Lineage, Break Their Roots (19 April 2021) p 4."
    ]


def test_report_title_is_an_italic_run_in_the_docx_footnote(tmp_path: Path) -> None:
    base = factbase_from(tmp_path, REPORT, fact("a", "hrw-report", "p 4"))
    path = write_document(cite_all(tmp_path, base), tmp_path / "out.docx")
    package = docx.Document(str(path)).part.package
    footnotes = next(p for p in package.iter_parts() if p.partname.endswith("footnotes.xml"))
    root = docx.oxml.parse_xml(footnotes.blob)
    ns = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}
    # python-docx has no footnotes API; its Run reads the footnote's runs as a body's.
    runs = [Run(r, None) for r in root.findall(".//w:footnote[@w:id='1']//w:r", ns)]  # type: ignore[arg-type]
    italic = [r.text for r in runs if r.italic]
    plain = [r.text for r in runs if not r.italic]
    assert italic == ["Break Their Lineage, Break Their Roots"]
    assert "Human Rights Watch, " in plain


@pytest.mark.skipif(shutil.which("pandoc") is None, reason="pandoc is not installed")
def test_pandoc_reads_the_docx_footnote_title_as_emphasis(tmp_path: Path) -> None:
    base = factbase_from(tmp_path, REPORT, fact("a", "hrw-report", "p 4"))
    path = write_document(cite_all(tmp_path, base), tmp_path / "out.docx")
    result = subprocess.run(
        ["pandoc", "-f", "docx", "-t", "markdown", "--wrap=none", str(path)],
        capture_output=True, text=True, check=True, timeout=60,
    )  # fmt: skip
    assert "*Break Their Lineage, Break Their Roots*" in result.stdout.split("[^1]:")[1]


# -- 6. a briefing's Sources: alphabetical by author, no final full stop -----------------


def test_briefing_sources_are_alphabetical_by_author_without_full_stops(tmp_path: Path) -> None:
    sources = PLAIN + AMNESTY_LETTER + REPORT
    facts = fact("a", "zeta-release") + fact("b", "hrw-report") + fact("c", "amnesty-letter")
    doc = cite_all(tmp_path, factbase_from(tmp_path, sources, facts))
    assert [s.split(",")[0] for s in doc.sources] == [
        "Letter from Amnesty International UK to the Foreign Secretary (1 February 2024)",
        "Human Rights Watch",
        "Zeta Campaign",
    ]
    assert not any(s.endswith(".") for s in doc.sources)


def test_bundled_briefing_template_lists_sources_by_author(tmp_path: Path) -> None:
    sources = PLAIN + AMNESTY_LETTER + REPORT
    facts = fact("a", "zeta-release") + fact("b", "hrw-report") + fact("c", "amnesty-letter")
    base = factbase_from(tmp_path, sources, facts)
    doc = render(
        Draft(template="briefing-note", topic="t", facts=list(base.facts)),
        base,
        TemplateSet.discover(),
        today=TODAY,
    )
    listed = doc.body.split("## Sources\n\n")[1].splitlines()
    assert [line.split(",")[0] for line in listed] == [
        "- Letter from Amnesty International UK to the Foreign Secretary (1 February 2024)",
        "- Human Rights Watch",
        "- Zeta Campaign",
    ]
    assert not any(line.endswith(".") for line in listed)


# -- 7. CSL-JSON keeps what a reference manager needs -----------------------------------


def test_csl_json_gives_the_bundled_letter_its_own_title() -> None:
    from drafter.paths import bundled_facts

    items = {i["id"]: i for i in json.loads(to_csl_json(load_factbase([bundled_facts()])))}
    letter = items["fcdo-alton-2023-01"]
    assert letter["title"] == "Letter to Lord Alton of Liverpool"
    assert letter["archive_location"] == "fcdo-letter-to-lord-alton-2023-01-08.txt"
    assert "Foreign Office replies to the findings" in letter["note"]


def test_csl_json_of_a_published_letter(tmp_path: Path) -> None:
    letter = LETTER + (
        "  short_title: FCDO letter of January 2023\n"
        "  published: 2023-01-09\n"
        "  published_title: Foreign Office replies to the findings of the CECC report on China\n"
        "  url: https://www.example.org/2023/01/09/foreign-office-replies/\n"
        "  accessed: 2026-11-22\n"
        "  archive: fcdo-letter-2023-01-08.txt\n"
        "  note: The letter does not give the minister's name.\n"
    )
    base = factbase_from(tmp_path, letter, fact("a", "fcdo-letter", "para 2"))
    (item,) = json.loads(to_csl_json(base))
    assert item["type"] == "personal_communication"
    assert item["title"] == "Letter to Lord Alton of Liverpool"
    assert item["title-short"] == "FCDO letter of January 2023"
    assert item["issued"] == {"date-parts": [[2023, 1, 9]]}
    assert item["original-date"] == {"date-parts": [[2023, 1, 8]]}
    assert item["archive_location"] == "fcdo-letter-2023-01-08.txt"
    assert item["archive"]
    assert item["number"] == "MC2022/30120"
    assert "Foreign Office replies to the findings of the CECC report on China" in item["note"]
    assert "does not give the minister's name" in item["note"]


# -- the citation style: oscola or oscola-no-ibid, per draft, template and command line -


def _repeats(tmp_path: Path) -> FactBase:
    facts = (
        fact("a", "amnesty-red-lines", "para 1")
        + fact("b", "amnesty-red-lines", "para 2")
        + fact("c", "amnesty-red-lines", "para 2")
    )
    return factbase_from(tmp_path, AMNESTY, facts)


NO_IBID = ["Amnesty International UK (n 1) para 2."] * 2


def test_a_draft_chooses_the_no_ibid_style(tmp_path: Path) -> None:
    base = _repeats(tmp_path)
    assert notes(cite_all(tmp_path, base))[1:] == ["ibid para 2.", "ibid."]
    doc = cite_all(tmp_path, base, citation_style="oscola-no-ibid")
    assert notes(doc)[1:] == NO_IBID


def test_a_template_chooses_the_style_and_the_draft_overrides_it(tmp_path: Path) -> None:
    base = _repeats(tmp_path)
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "cite-all.md.j2").write_text(
        CITE_ALL.format(kind="briefing").replace(
            "kind: briefing\n", "kind: briefing\ncitation_style: oscola-no-ibid\n"
        ),
        encoding="utf-8",
    )
    templates = TemplateSet.discover([folder])
    draft = Draft(template="cite-all", topic="t", facts=list(base.facts))
    assert notes(render(draft, base, templates, today=TODAY))[1:] == NO_IBID
    draft.citation_style = "oscola"
    assert notes(render(draft, base, templates, today=TODAY))[1:] == ["ibid para 2.", "ibid."]


def test_an_unknown_style_in_a_draft_is_placed_at_its_line() -> None:
    from drafter.drafting.draft import parse_draft
    from drafter.errors import DraftError

    with pytest.raises(DraftError) as caught:
        parse_draft("schema: 1\ntemplate: minister-letter\ncitation_style: harvard\n", "d.yaml")
    (problem,) = caught.value.problems
    assert (problem.file, problem.line) == ("d.yaml", 3)
    assert "oscola-no-ibid" in problem.hint


def test_the_command_line_style_wins_over_the_draft(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from drafter.cli import main

    draft = tmp_path / "draft.yaml"
    draft.write_text(
        "schema: 1\ntemplate: briefing-note\ntopic: hong-kong\ncitation_style: oscola\n"
        "facts: [amnesty-hong-kong-third-round-bounties,"
        " amnesty-hong-kong-bounties-intimidate-critics]\n",
        encoding="utf-8",
    )
    assert main(["draft", str(draft), "--dry-run"]) == 0
    assert "[^2]: ibid para " in capsys.readouterr().out
    assert main(["draft", str(draft), "--dry-run", "--citation-style", "oscola-no-ibid"]) == 0
    out = capsys.readouterr().out
    assert "ibid" not in out and "[^2]: Amnesty International UK (n 1) para " in out


# -- every source type is documented and sampled ----------------------------------------


def test_templates_check_samples_every_source_type() -> None:
    from drafter.drafting.template_check import _sample_factbase
    from drafter.facts.source_types import SOURCE_TYPES

    sample = _sample_factbase()
    assert {s.type for s in sample.sources.values()} == set(SOURCE_TYPES)
    assert {f.source_id for f in sample} == set(sample.sources)


def test_docs_describe_every_source_type() -> None:
    from drafter.facts.source_types import SOURCE_TYPES

    text = (Path(__file__).resolve().parent.parent / "docs" / "facts.md").read_text("utf-8")
    table = text.split("### Source types", 1)[1].split("### Locators", 1)[0]
    assert {kind for kind in SOURCE_TYPES if f"| `{kind}` |" not in table} == set()
