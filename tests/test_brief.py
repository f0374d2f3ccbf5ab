"""`drafter brief` and drafter.drafting.briefing: a cited note from every fact on a topic."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from pathlib import Path

import docx
import pytest

from drafter.cli import main
from drafter.drafting.briefing import (
    BRIEFING_SECTIONS,
    briefing_draft,
    briefing_order,
    briefing_section,
)
from drafter.errors import DraftError
from drafter.facts.loader import FactBase, load_factbase
from drafter.paths import bundled_facts

TODAY = dt.date.today()
FRESH = TODAY - dt.timedelta(days=40)
FRESHER = TODAY - dt.timedelta(days=10)


def _fact(fact_id: str, as_of: dt.date, tags: str, topics: str = "[harbours]") -> str:
    return f"""
  - id: {fact_id}
    topics: {topics}
    statement: Statement of {fact_id}.
    source: port-report
    quote: "quote of {fact_id}"
    as_of: {as_of.isoformat()}
    tags: {tags}"""


FACTS = (
    """schema: 1
topics:
  harbours:
    title: Harbours
    summary: How harbours are run.
  empty-topic:
    title: Nothing yet
    summary: A topic with no facts.
sources:
  port-report:
    type: report
    title: Harbours Report
    author: Harbour Board
    date: 2000-01-01
facts:"""
    + _fact("old-background", dt.date(2001, 5, 1), "[background]")
    + _fact("new-background", FRESH, "[background, recent]")
    + _fact("plain-old", dt.date(2002, 1, 1), "[ports]")
    + _fact("plain-new", FRESHER, "[]")
    + _fact("government", FRESH, "[uk-government, international]")
    + _fact("campaign-a", FRESH, "[campaign]")
    + _fact("campaign-b", FRESHER, "[campaign]")
    + _fact("recent-one", FRESH, "[recent]")
    + "\n"
)


@pytest.fixture
def facts_file(tmp_path: Path) -> Path:
    path = tmp_path / "harbours.yaml"
    path.write_text(FACTS, encoding="utf-8")
    return path


@pytest.fixture
def factbase(facts_file: Path) -> FactBase:
    return load_factbase([facts_file])


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_order_is_by_section_then_newest_first(factbase: FactBase) -> None:
    draft = briefing_draft(factbase, "harbours", today=dt.date(2026, 11, 23))
    assert draft.template == "briefing-note"
    assert draft.topic == "harbours"
    assert draft.date == dt.date(2026, 11, 23)
    assert draft.facts == [
        "old-background",  # Background
        "plain-new",  # Key facts (no section tag), newest first
        "plain-old",
        "government",  # International response: it wins over uk-government
        "campaign-b",  # Campaigners' calls, newest first
        "campaign-a",
        "new-background",  # Recent developments: recent wins over background;
        "recent-one",  # a tie in date keeps the fact base's order
    ]
    sections = [briefing_section(factbase.facts[f].tags) for f in draft.facts]
    order = [title for title, _ in BRIEFING_SECTIONS]
    assert sections == sorted(sections, key=order.index)


def test_ties_keep_fact_base_order() -> None:
    factbase = load_factbase([bundled_facts()])
    ordered = briefing_order(factbase.facts_for_topic("hong-kong"))
    by_section: dict[str, list[str]] = {}
    for fact in ordered:
        by_section.setdefault(briefing_section(fact.tags), []).append(fact.id)
    original = [f.id for f in factbase.facts_for_topic("hong-kong")]
    for ids in by_section.values():
        dates = [factbase.facts[i].as_of for i in ids]
        assert dates == sorted(dates, reverse=True)
        for earlier, later in itertools.pairwise(ids):
            if factbase.facts[earlier].as_of == factbase.facts[later].as_of:
                assert original.index(earlier) < original.index(later)
    assert sorted(f.id for f in ordered) == sorted(original)


def test_unknown_and_empty_topics(factbase: FactBase) -> None:
    with pytest.raises(DraftError, match="no topic 'harbour' in the fact base") as caught:
        briefing_draft(factbase, "harbour")
    assert caught.value.problems[0].hint == "did you mean 'harbours'?"
    with pytest.raises(DraftError, match="topic 'empty-topic' has no facts"):
        briefing_draft(factbase, "empty-topic")


def test_brief_end_to_end_markdown(
    tmp_path: Path, facts_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "brief.md"
    code, stdout, err = run(
        capsys, "brief", "--topic", "harbours", "--facts", str(facts_file), "-o", str(out),
        "--date", "2026-11-23",
    )  # fmt: skip
    assert code == 0, err
    assert stdout == ""
    text = out.read_text(encoding="utf-8")
    headings = re.findall(r"^## (.+)$", text, re.M)
    assert headings == [
        "Summary",
        "Background",
        "Key facts",
        "International response",
        "Campaigners' calls",
        "Recent developments",
        "Sources",
    ]
    statements = re.findall(r"Statement of ([a-z-]+)\.", text)
    assert statements == briefing_draft(load_factbase([facts_file]), "harbours").facts
    assert "Date: 23 November 2026" in text
    assert "- **1 May 2001.** Statement of old-background." in text
    # The document never carries a stale note; stale facts (older than 18 months) are
    # warned about on stderr, each once, and only they.
    assert "stale" not in text.lower()
    warnings = [line for line in err.splitlines() if line.startswith("warning:")]
    assert len(warnings) == 2
    assert "fact 'old-background' (a fact) was last checked on 1 May 2001" in warnings[0]
    assert "fact 'plain-old' (a fact) was last checked on 1 January 2002" in warnings[1]
    assert err.splitlines()[-1] == f"wrote {out}"


def test_brief_docx_read_back(
    tmp_path: Path, facts_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "brief.docx"
    code, _, _ = run(capsys, "brief", "--topic", "harbours", "--facts", str(facts_file), "-o",
                     str(out), "-q")  # fmt: skip
    assert code == 0
    document = docx.Document(str(out))
    texts = [p.text for p in document.paragraphs]
    assert "Background" in texts and "Recent developments" in texts
    assert any("Statement of campaign-b." in t for t in texts)


def test_brief_dry_run_default_name_and_quiet(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, stdout, err = run(capsys, "brief", "--topic", "hong-kong", "--dry-run")
    assert code == 0
    assert stdout.startswith("# Briefing note: Hong Kong\n")
    assert "warning: fact '" in err
    monkeypatch.chdir(tmp_path)
    code, stdout, err = run(capsys, "brief", "--topic", "xinjiang", "--date", "2026-11-23", "-q")
    assert (code, stdout, err) == (0, "", "")
    assert [p.name for p in tmp_path.iterdir()] == ["2026-11-23-xinjiang.docx"]
    code, _, err = run(capsys, "brief", "--topic", "xinjiang", "--date", "2026-11-23")
    assert code == 1
    assert "2026-11-23-xinjiang.docx: already exists (use --force" in err


def test_brief_unknown_topic(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "brief", "--topic", "hongkong", "--dry-run")
    assert code == 1
    assert err == (
        "error: --topic: no topic 'hongkong' in the fact base (did you mean 'hong-kong'?)\n"
    )


def test_brief_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["brief", "--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    for text in ("--topic T", "newest first", "Stale facts", "exit codes: 0 success",
                 "-v, --verbose", "--dry-run"):  # fmt: skip
        assert text in out
    with pytest.raises(SystemExit) as exit_:
        main(["brief"])
    assert exit_.value.code == 2
