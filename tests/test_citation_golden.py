"""A golden file per source type: every OSCOLA form it takes, in one document.

Each document cites, in order: a first citation with a pinpoint, ibid with another
pinpoint, ibid for the same one, another source, the first again (its short form after
another source), a second work of the same author (or, for legislation, cases and
debates, a second of the kind), the first again and the second again; once in `oscola`
and once in `oscola-no-ibid`. The sources are read from YAML by the loader, as a user's
would be. Regenerate with `make golden` and review the diff.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import pytest

from drafter.drafting.draft import Draft
from drafter.drafting.render import render
from drafter.drafting.templates import TemplateSet
from drafter.facts.loader import load_factbase
from drafter.facts.source_types import SOURCE_TYPES

GOLDEN = Path(__file__).resolve().parent / "golden" / "citations"
TODAY = dt.date(2026, 11, 23)

# Fields of the first and the second work of each type (title, date and what else differs).
COMMON = {
    "letter": "author: Minister of State for the Indo-Pacific\norganisation: Foreign, "
    "Commonwealth and Development Office\nrecipient: Lord Sample of Northfield\n",
    "press-release": "author: Example Rights Watch\n",
    "report": "author: Example Policy Institute\n",
    "ngo-report": "author: Example Rights Watch\n",
    "speech": "author: Baroness Example of Southbridge\norganisation: Example Hall\n",
    "hansard": "author: Lord Sample of Northfield\nhouse: HL\nvolume: 836\n",
    "written-question": "author: Baroness Example of Southbridge\nhouse: HL\n"
    "answering_body: Foreign, Commonwealth and Development Office\n"
    "asker: Lord Sample of Northfield\n",
    "written-statement": "author: Ben Specimen MP\nhouse: HC\n",
    "committee-report": "author: Foreign Affairs Committee\nhouse: HC\nsession: 2023-24\n",
    "act": "",
    "statute": "",
    "si": "",
    "bill": "session: 2023-24\n",
    "un-document": "author: UN Human Rights Council\n",
    "judgment": "",
    "news": "author: Jane Reporter\npublication: The Example Gazette\n",
    "webpage": "author: Foreign, Commonwealth and Development Office\norganisation: GOV.UK\n"
    "url: https://www.example.org/guidance\naccessed: 2026-11-20\n",
    "statement": "author: Example Mission to the United Nations\norganisation: UN Third "
    "Committee\n",
}
FIRST = {
    "letter": "title: Letter on rewards for information\ndate: 2024-01-08\n"
    "reference: MC2024/1001\n",
    "press-release": "title: \"Exampleland: 'Red lines' needed\"\nshort_title: Red lines\n"
    "date: 2025-02-13\nurl: https://www.example.org/red-lines\naccessed: 2026-11-22\n",
    "report": "title: Rewards and Reprisals\nshort_title: Rewards\ndate: 2024-05-01\n",
    "ngo-report": "title: Break the Silence\nshort_title: Silence\ndate: 2023-04-19\n",
    "speech": "title: Human rights in foreign policy\ndate: 2024-04-25\n",
    "hansard": "title: Exampleland - Human Rights\ndate: 2024-03-05\ncolumn: '1234'\n",
    "written-question": "title: Exampleland - Campaigners\ndate: 2024-03-05\nuin: HL9001\n"
    "tabled: 2024-02-20\n",
    "written-statement": "title: Exampleland - six-monthly report\ndate: 2024-06-01\n"
    "number: HCWS101\n",
    "committee-report": "title: Responding to Reprisals\nshort_title: Reprisals\n"
    "date: 2024-02-01\nnumber: '210'\n",
    "act": "title: Example Security Act 2023\nyear: 2023\nchapter: 32\ndate: 2023-07-11\n",
    "statute": "title: Example Slavery Act 2015\nyear: 2015\ndate: 2015-03-26\n",
    "si": "title: Example (Sanctions) Regulations\nyear: 2020\nnumber: '680'\ndate: 2020-07-06\n",
    "bill": "title: Example Protection Bill\nhouse: HC\nnumber: '12'\ndate: 2024-01-10\n",
    "un-document": "title: Situation of human rights in Exampleland\nshort_title: Situation\n"
    "date: 2022-10-06\nsymbol: A/HRC/51/L.6\n",
    "judgment": "title: R (Sample) v Secretary of State for the Home Department\n"
    "short_title: Sample\nneutral_citation: '[2024] UKSC 12'\ncourt: Supreme Court\n"
    "date: 2024-05-01\n",
    "news": "title: Activists fear rewards\ndate: 2024-12-26\n",
    "webpage": "title: 'Overseas business risk: Exampleland'\nshort_title: Business risk\n"
    "date: 2024-03-01\n",
    "statement": "title: Joint statement on Exampleland\nshort_title: Joint statement\n"
    "date: 2022-10-31\n",
}
SECOND = {
    "letter": "title: Letter on detained campaigners\ndate: 2024-06-10\nreference: MC2024/2002\n",
    "press-release": "title: 'Exampleland: rewards must be withdrawn'\nshort_title: Rewards\n"
    "date: 2024-12-24\n",
    "report": "title: Annual Review 2024\ndate: 2024-11-01\n",
    "ngo-report": "title: Voices from Detention\nshort_title: Voices\ndate: 2024-09-01\n",
    "speech": "title: Closing remarks\ndate: 2024-05-02\n",
    "hansard": "title: Exampleland - Detainees\ndate: 2024-06-11\ncolumn: 88WS\n",
    "written-question": "title: Exampleland - Detainees\ndate: 2024-06-11\nuin: HL9120\n"
    "holding: true\n",
    "written-statement": "title: Exampleland - sanctions\ndate: 2024-07-01\nnumber: HCWS140\n"
    "volume: '752'\ncolumn: 12WS\n",
    "committee-report": "title: Annual Report 2023-24\ndate: 2024-07-01\nnumber: 310-I\n",
    "act": "title: Example Procurement Act\nyear: 2023\nchapter: 54\ndate: 2023-10-26\n",
    "statute": "title: Example Export Control Act 2002\nyear: 2002\ndate: 2002-07-24\n",
    "si": "title: Example (Export Control) Order 2008\nyear: 2008\nnumber: '3231'\n"
    "date: 2008-12-17\n",
    "bill": "title: Example Rights Bill\nhouse: HL\nnumber: '7'\ndate: 2024-02-01\n",
    "un-document": "title: Report of the Special Rapporteur on Exampleland\n"
    "short_title: Special Rapporteur\ndate: 2023-03-01\nsymbol: A/HRC/52/30\n",
    "judgment": "title: Example Campaign Ltd v Home Office\nshort_title: Example Campaign\n"
    "neutral_citation: '[2023] EWCA Civ 101'\ncourt: Court of Appeal\ndate: 2023-02-01\n",
    "news": "title: Campaigners meet the minister\ndate: 2025-01-10\nurl: https://example.org/n\n",
    "webpage": "title: Exampleland travel advice\ndate: 2024-04-01\n",
    "statement": "title: Statement on detained campaigners\ndate: 2023-06-01\n",
}
PINPOINTS = {
    "hansard": ("col 1235", "col 1236", "col 1237", "col 89WS"),
    "written-question": ("para 1", "para 2", "para 3", "para 1"),
    "written-statement": ("para 1", "para 2", "para 3", "col 13WS"),
    "act": ("s 1", "s 2", "s 3(2)(a)", "s 10"),
    "statute": ("s 1", "s 2", "s 54", "s 10"),
    "si": ("reg 1", "reg 2", "reg 3", "art 4"),
    "bill": ("cl 1", "cl 2", "cl 3", "cl 4"),
    "report": ("p 1", "p 2", "ch 3", "p 10"),
}
OTHER = """\
other-release:
  type: press-release
  title: Another voice
  author: Sample Campaign
  date: 2024-02-02
"""
TEMPLATE = """\
---
name: Citations
kind: briefing
---
{% for fact in facts %}
{{ fact.statement }}{{ cite(fact) }}

{% endfor %}
"""
# (fact, source, pinpoint index or None): the order the document cites them in.
ORDER = (
    ("a1", "first", 0),  # first citation, with a pinpoint
    ("a2", "first", 1),  # ibid with another pinpoint
    ("a3", "first", 1),  # ibid, the same pinpoint
    ("c1", "other", None),  # another source
    ("a4", "first", 2),  # the short form after another source
    ("b1", "second", 3),  # a second work of the same author
    ("a5", "first", 0),  # the first work again, among two of one author
    ("b2", "second", None),  # the second again, whole
)


def _block(source_id: str, kind: str, fields: str) -> str:
    body = f"type: {kind}\n{COMMON[kind]}{fields}"
    return f"{source_id}:\n" + textwrap.indent(body, "  ")


def footnotes(kind: str, style: str, tmp_path: Path) -> list[str]:
    pins = PINPOINTS.get(kind, ("para 1", "para 2", "para 3", "para 4"))
    sources = {"first": f"{kind}-1", "second": f"{kind}-2", "other": "other-release"}
    facts = ""
    for fact_id, which, pin in ORDER:
        locator = f"\n    locator: {pins[pin]}" if pin is not None else ""
        facts += (
            f"  - id: {fact_id}\n    topics: [t]\n    statement: Statement {fact_id}.\n"
            f"    source: {sources[which]}\n    quote: Quote {fact_id}.\n"
            f"    as_of: 2024-01-01{locator}\n"
        )
    text = (
        "schema: 1\ntopics:\n  t:\n    title: T\n    summary: A topic.\nsources:\n"
        + textwrap.indent(_block(f"{kind}-1", kind, FIRST[kind]), "  ")
        + textwrap.indent(_block(f"{kind}-2", kind, SECOND[kind]), "  ")
        + textwrap.indent(OTHER, "  ")
        + "facts:\n"
        + facts
    )
    path = tmp_path / f"{kind}.yaml"
    path.write_text(text, encoding="utf-8")
    base = load_factbase([path])
    folder = tmp_path / "templates"
    folder.mkdir(exist_ok=True)
    (folder / "citations.md.j2").write_text(TEMPLATE, encoding="utf-8")
    draft = Draft(
        template="citations",
        topic="t",
        facts=[f for f, _, _ in ORDER],
        citation_style=style,
    )
    doc = render(draft, base, TemplateSet.discover([folder]), today=TODAY)
    return [f"[^{n.number}]: {n.inline}" for n in doc.footnotes]


@pytest.mark.parametrize("kind", SOURCE_TYPES)
def test_citation_forms_of_each_source_type(kind: str, tmp_path: Path, update_golden: bool) -> None:
    text = f"# {kind}\n"
    for style in ("oscola", "oscola-no-ibid"):
        text += f"\n## {style}\n\n" + "\n".join(footnotes(kind, style, tmp_path)) + "\n"
    golden = GOLDEN / f"{kind}.md"
    if update_golden:
        GOLDEN.mkdir(exist_ok=True)
        golden.write_text(text, encoding="utf-8")
    assert golden.exists(), f"run pytest --update-golden to create {golden.name}"
    assert text == golden.read_text(encoding="utf-8")
