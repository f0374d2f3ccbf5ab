"""The quick reader (drafter.facts.quickload) gives what the full reader gives: the same
topics, sources, facts and warnings, and on any problem the full reader's own messages."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.data import factbase_text
from drafter.errors import FactBaseError
from drafter.facts import loader
from drafter.facts.quickload import read_quickly

HEADER = """schema: 2
topics:
  rivers:
    title: Rivers
    summary: Rivers of Example County.
  lakes:
    title: Lakes
    summary: "Lakes, ponds and meres."
sources:
  survey-2024:
    type: report
    title: "River survey 2024"
    author: "Example County Council"
    date: 2024-03-01
    url: https://example.org/survey
facts:
"""

FACTS = [
    # drafter's own layout, as `facts add` writes it
    """  - id: otters-return
    topics: [rivers]
    statement: "Otters were seen on 12 rivers in 2024."
    source: survey-2024
    quote: "Otters were recorded on 12 rivers."
    locator: para 3
    as_of: 2024-03-01
    tags: [wildlife, otters]
    kind: statistic
    reviewed: {on: 2024-06-01, by: "Ann Example"}
""",
    # quoting edge cases and unicode
    """  - id: quoted-edges
    topics: [rivers, lakes, rivers]
    statement: 'It''s said the "Ürümqi" mere is 3 km long: it is — they say.'
    source: "survey-2024"
    quote: "Tab\\tand \\u00e9 and a quote \\" here"
    locator: "paragraph 4"
    as_of: "2024-03-01"
    x-note: plain note, with a comma
    x-other: "  spaced  "
    kind: finding
    status: historical
    status_note: Replaced by the 2025 survey.
""",
    # a multi-line folded quote and a block scalar: read by the full reader
    """  - id: folded-quote
    topics: [lakes]
    statement: "A statement that runs
      over two lines."
    source: survey-2024
    quote: >-
      Folded text
      in a block.
    as_of: 2024-03-01
    kind: position
""",
    # a comment after a value and a nested block
    """  # a comment between facts
  - id: commented
    topics:
      - lakes
    statement: Plain statement. # a comment
    source: survey-2024
    quote: Plain quote
    as_of: 2024-03-01
    kind: event
    reviewed:
      on: 2024-05-01
""",
    # superseded, in flow style: read by the full reader
    """  - {id: flow-fact, topics: [rivers], statement: "S.", source: survey-2024,
      quote: "Q.", as_of: 2024-03-01, kind: call, status: superseded,
      superseded_by: otters-return}
""",
]


def _both(paths: list[Path]) -> tuple[object, object]:
    """(quick result, full result): a FactBase's content, or the problems raised."""

    def summary(quick: bool) -> object:
        try:
            base = loader._load(paths, loader.DEFAULT_STALE_MONTHS, quick=quick)
        except FactBaseError as exc:
            return ("error", exc.problems)
        except loader._ReadInFull:
            return summary(False)
        return (
            dict(base.topics),
            dict(base.sources),
            list(base.facts.items()),
            base.warnings,
            base.files,
        )

    return summary(True), summary(False)


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


@pytest.mark.parametrize("count", [1, 2, 3, 4, 5])
def test_edge_cases_read_the_same(tmp_path: Path, count: int) -> None:
    path = _write(tmp_path, "f.yaml", HEADER + "\n".join(FACTS[:count]))
    quick, full = _both([path])
    assert quick == full
    assert quick[0] != "error"


def test_regular_facts_are_read_quickly(tmp_path: Path) -> None:
    path = _write(tmp_path, "f.yaml", HEADER + FACTS[0] + FACTS[1])
    parsed = read_quickly(path.read_text(encoding="utf-8"), str(path))
    assert parsed is not None
    assert [f.id for f in parsed.facts] == ["otters-return", "quoted-edges"]
    assert [f.line for f in parsed.facts] == [17, 27]  # the lines of their dashes


def test_generated_bases_read_the_same(tmp_path: Path) -> None:
    schema_1 = _write(tmp_path, "one.yaml", factbase_text(facts=300, topics=8, sources=20))
    crlf = _write(
        tmp_path,
        "crlf.yaml",
        factbase_text(facts=50, topics=8, sources=20, seed=3).replace("\n", "\r\n"),
    )
    office = _write(tmp_path, "office.yaml", HEADER + "\n".join(FACTS))
    assert read_quickly(schema_1.read_text(encoding="utf-8"), "one.yaml") is not None
    for paths in ([schema_1], [crlf], [office], [schema_1, office]):
        quick, full = _both(paths)
        assert quick == full
        assert quick[0] != "error"


def test_layered_files_warn_the_same(tmp_path: Path) -> None:
    first = _write(tmp_path, "a.yaml", HEADER + FACTS[0])
    again = (
        HEADER.replace("Rivers of Example County.", "Rivers, redefined.")
        .replace("https://example.org/survey", "https://example.org/x")
        .replace("survey-2024", "survey-2024b")
    )
    second = _write(tmp_path, "b.yaml", again + FACTS[1].replace("survey-2024", "survey-2024b"))
    quick, full = _both([first, second])
    assert quick == full
    assert quick[3]  # the topic redefined is a warning


def test_an_alias_is_read_the_same(tmp_path: Path) -> None:
    facts = FACTS[0].replace("quote: ", "quote: &q ") + FACTS[1].replace(
        'quote: "Tab', 'quote: *q\n    x-was: "Tab'
    )
    path = _write(tmp_path, "f.yaml", HEADER + facts)
    assert read_quickly(path.read_text(encoding="utf-8"), str(path)) is None
    quick, full = _both([path])
    assert quick == full
    assert quick[0] != "error"


BAD = [
    ("duplicate id", FACTS[0] + FACTS[0]),
    ("unknown source", FACTS[0].replace("source: survey-2024", "source: survey-2023")),
    ("unknown key", FACTS[0].replace("locator:", "locatr:")),
    ("bad kind", FACTS[0].replace("kind: statistic", "kind: statistc")),
    ("bad date", FACTS[0].replace("as_of: 2024-03-01", "as_of: 2024-02-30")),
    ("control", FACTS[0].replace("Otters were seen", "Otters\\u0007 were seen")),
    ("section after", FACTS[0] + "extra: 1\n"),
    ("empty statement", FACTS[0].replace('"Otters were seen on 12 rivers in 2024."', '""')),
]


@pytest.mark.parametrize(("name", "facts"), BAD, ids=[name for name, _ in BAD])
def test_problems_are_the_full_readers(tmp_path: Path, name: str, facts: str) -> None:
    path = _write(tmp_path, "f.yaml", HEADER + facts)
    with pytest.raises(FactBaseError) as quick:
        loader.load_factbase([path])
    full = _both([path])[1]
    assert full[0] == "error"
    assert quick.value.problems == full[1]
