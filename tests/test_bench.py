"""The benchmarks' data is valid and every benchmark runs at a tiny size.

No timing is asserted: figures belong in bench/out/ and docs/performance.md, not in a
test that passes or fails with the machine's load.
"""

from __future__ import annotations

import csv
import json
import re
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

import bench.__main__ as runner
from bench import (
    app,
    check,
    compare,
    floor,
    grow,
    load,
    memory,
    merge,
    pdf,
    scaling,
    search,
    startup,
)
from bench.__main__ import show
from bench.data import (
    RECIPIENT_COLUMNS,
    SEARCH_QUERIES,
    factbase_text,
    letter_markdown,
    merge_draft_text,
    write_factbase,
    write_recipients_csv,
    written_body,
)
from bench.report import markdown as report_markdown
from bench.timing import Context, Measurement, percentile
from drafter.drafting.draft import load_draft
from drafter.drafting.merge import check_base, read_rows
from drafter.drafting.render import render
from drafter.drafting.templates import TemplateSet
from drafter.drafting.workspace import Workspace
from drafter.export.pdf import soffice_path
from drafter.facts.loader import FactBase, load_factbase
from drafter.paths import bundled_facts


@pytest.fixture(scope="module")
def small_base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_factbase(
        tmp_path_factory.mktemp("facts"), "small.yaml", facts=300, topics=12, sources=30
    )


@pytest.fixture(scope="module")
def bundled() -> FactBase:
    return load_factbase([bundled_facts()])


def _context(tmp_path: Path) -> Context:
    return Context(tmp_path, quick=True)


def _well_formed(results: list[Measurement]) -> None:
    assert results
    for result in results:
        assert result.name and result.unit
        assert result.value == result.value  # not NaN
        assert result.value >= 0 or result.unit == "MB"  # memory growth may be negative
        json.dumps(result.as_json())


def test_generated_fact_base_loads_with_the_counts_asked_for(small_base: Path) -> None:
    factbase = load_factbase([small_base])
    assert (len(factbase), len(factbase.topics), len(factbase.sources)) == (300, 12, 30)
    fact = next(iter(factbase))
    assert 22 <= len(fact.statement.split()) <= 46
    assert fact.quote and fact.as_of and fact.tags


def test_generated_fact_base_is_the_same_every_time() -> None:
    assert factbase_text(facts=50, seed=7) == factbase_text(facts=50, seed=7)
    assert factbase_text(facts=50, seed=7) != factbase_text(facts=50, seed=8)


def test_full_size_fact_base_is_valid(tmp_path: Path) -> None:
    factbase = load_factbase([write_factbase(tmp_path)])
    assert (len(factbase), len(factbase.topics), len(factbase.sources)) == (10_000, 50, 500)


def test_search_queries_find_facts_in_the_generated_base(small_base: Path) -> None:
    factbase = load_factbase([small_base])
    found = [q for q in SEARCH_QUERIES if factbase.search(q, limit=1)]
    assert len(found) >= len(SEARCH_QUERIES) // 2


def test_recipients_csv_reads_as_merge_rows(tmp_path: Path, bundled: FactBase) -> None:
    path = write_recipients_csv(tmp_path / "r.csv", 25)
    with path.open(encoding="utf-8") as stream:
        assert tuple(next(csv.reader(stream))) == RECIPIENT_COLUMNS
    template = TemplateSet.discover().get("minister-letter")
    rows = list(read_rows(path, template))
    assert len(rows) == 25
    assert all(row.recipient is not None and not row.problems for row in rows)


def test_merge_draft_renders_a_letter_with_three_citations(
    tmp_path: Path, bundled: FactBase
) -> None:
    path = tmp_path / "draft.yaml"
    path.write_text(merge_draft_text(bundled), encoding="utf-8")
    draft = load_draft(path)
    templates = TemplateSet.discover()
    check_base(Workspace(bundled, templates), draft)
    row = next(
        iter(read_rows(write_recipients_csv(tmp_path / "r.csv", 1), templates.get(draft.template)))
    )
    draft.recipient = row.recipient
    doc = render(draft, bundled, templates)
    assert len(doc.footnotes) == 3


def test_letter_markdown_has_the_footnotes_asked_for() -> None:
    text = letter_markdown(3)
    assert [f"[^{n}]:" in text for n in (1, 2, 3)] == [True, True, True]
    assert "[^4]" not in text


def test_percentile_is_nearest_rank() -> None:
    values = [float(n) for n in range(1, 101)]
    assert percentile(values, 0.5) == 50.0
    assert percentile(values, 0.95) == 95.0
    assert percentile([3.0], 0.95) == 3.0


def test_measurement_pass_and_miss() -> None:
    assert Measurement("a", 1.0, "s", 2.0).passed is True
    assert Measurement("a", 3.0, "s", 2.0).passed is False
    assert Measurement("a", 30.0, "x", 25.0, higher_is_better=True).passed is True
    assert Measurement("a", 3.0, "s").passed is None


def test_load_benchmark_runs_and_sees_an_edit(tmp_path: Path, small_base: Path) -> None:
    results = load.run(_context(tmp_path), small_base)
    _well_formed(results)
    invalidated = next(r for r in results if "invalidated" in r.name)
    assert invalidated.value == 1.0


def test_grow_benchmark_adds_facts_that_load(tmp_path: Path, small_base: Path) -> None:
    [result] = grow.run(_context(tmp_path), small_base)
    _well_formed([result])
    office = tmp_path / "grow" / "office.yaml"
    added = [f for f in load_factbase([office]) if f.id.startswith("bench-added-")]
    assert added and all(f.locator == "para 2" for f in added)
    assert result.name == "facts add into a 300-fact office file, a process"


def test_search_benchmark_runs(tmp_path: Path, small_base: Path) -> None:
    _well_formed(search.run(_context(tmp_path), load_factbase([small_base])))


def test_merge_benchmark_runs(tmp_path: Path, bundled: FactBase) -> None:
    setup = merge.prepare(tmp_path / "merge", bundled, 5)
    results, per_letter = merge.run(_context(tmp_path), setup)
    _well_formed(results)
    assert per_letter > 0
    assert not list(setup.folder.glob("out*"))  # letters are cleaned away
    if shutil.which("pandoc"):
        assert any("pandoc" in r.name for r in results)


@pytest.mark.skipif(soffice_path() is None, reason="LibreOffice is not installed")
def test_pdf_merge_benchmark_runs(tmp_path: Path, bundled: FactBase) -> None:
    setup = merge.prepare(tmp_path / "merge", bundled, 3)
    results = pdf.run(_context(tmp_path), setup)
    _well_formed(results)
    assert "one LibreOffice run" in results[0].name
    assert "3 letters" in results[-1].note and "0 in" not in results[-1].note  # PDFs made
    pages = next(r for r in results if r.name.startswith("combined PDF pages"))
    assert pages.passed  # the combined PDF has the letters' pages, counted with pypdf
    assert not list(setup.folder.glob("pdf-*")) and not list(setup.folder.glob("*.pdf"))


def test_every_merge_row_has_a_body_of_its_own(tmp_path: Path, bundled: FactBase) -> None:
    setup = merge.prepare(tmp_path / "merge", bundled, 4)
    bodies = {
        render(
            replace(
                setup.base.copy(), recipient=row.recipient, fields=setup.base.fields | row.fields
            ),
            bundled,
            setup.templates,
        ).body
        for row in read_rows(setup.recipients, setup.template)
    }
    assert len(bodies) == 4


def test_floor_writes_the_letters_drafter_writes(tmp_path: Path, bundled: FactBase) -> None:
    setup = merge.prepare(tmp_path / "merge", bundled, 3)
    bottom = floor.build(setup, 3)
    assert bottom.templates and bottom.static
    bottom.write(tmp_path / "floor", 3)
    drafter_out = tmp_path / "drafter"
    merge.merge_once(setup, drafter_out)
    # The same parts with the same content in the same order (compressed as the floor
    # sees fit: a part no letter changes is deflated once).
    ours = sorted(floor._parts(p.read_bytes()) for p in drafter_out.iterdir())
    theirs = sorted(floor._parts(p.read_bytes()) for p in (tmp_path / "floor").iterdir())
    assert len(ours) == 3 and ours == theirs
    assert not list((tmp_path / "floor").glob(".*"))  # no temporary left


def test_docxtpl_contexts_hold_the_rendered_letters(tmp_path: Path, bundled: FactBase) -> None:
    setup = merge.prepare(tmp_path / "merge", bundled, 3)
    letters = compare.letter_contexts(setup, 3)
    assert len(letters) == 3
    first = letters[0]
    assert first["salutation"] and first["recipient_block"]
    paragraphs = first["paragraphs"]
    assert isinstance(paragraphs, list) and len(paragraphs) >= 4
    assert not any("[^" in p for p in paragraphs)


@pytest.mark.skipif(shutil.which("pandoc") is None, reason="pandoc is not installed")
def test_process_comparison_runs(tmp_path: Path, bundled: FactBase) -> None:
    setup = merge.prepare(tmp_path / "merge", bundled, 25)
    results = compare.processes(_context(tmp_path), setup)
    _well_formed(results)
    names = [r.name for r in results]
    assert any("drafter draft / pandoc" in n for n in names)
    assert any("pandoc loop" in n for n in names)
    assert any("start-up / pandoc" in n for n in names)


def test_scaling_sizes() -> None:
    assert scaling.sizes((10, 100, 1_000), None, False) == [10, 100, 1_000]
    assert scaling.sizes((10, 100, 1_000), None, True) == [10, 100]
    assert scaling.sizes((10, 100, 1_000), 500, False) == [10, 100, 500]
    assert scaling.sizes((10, 100, 1_000), 100, True) == [10, 100]


def test_scaling_runs_and_plots(tmp_path: Path, bundled: FactBase, small_base: Path) -> None:
    setup = merge.prepare(tmp_path / "merge", bundled, 2)
    png = tmp_path / "out" / "scaling.png"
    results, data = scaling.run(
        _context(tmp_path),
        setup.draft_file,
        small_base,
        letter_sizes=(2, 4),
        fact_sizes=(100, 300),
        out=png,
    )
    _well_formed(results)
    assert [row["facts"] for row in data["facts"]] == [100, 300]
    assert [row["cold"]["facts"] for row in data["facts"]] == [100, 300]
    assert png.read_bytes().startswith(b"\x89PNG")


@pytest.mark.timeout(600)  # two app processes, each driven through every step
def test_app_benchmark_drives_every_step(tmp_path: Path, small_base: Path) -> None:
    results = app.run(_context(tmp_path), small_base, 300)
    _well_formed(results)
    assert len(results) == 4
    assert "Write" in results[0].note  # the Write step is entered, with its written body
    assert "findings updated" in results[3].name
    assert "Template -> To & fields" in results[0].note or "->" in results[0].note


def test_check_benchmark_checks_a_written_body(tmp_path: Path, small_base: Path) -> None:
    [result] = check.run(_context(tmp_path), small_base, 300)
    _well_formed([result])
    assert "0 errors" in result.note and result.target is None  # the target is at 10,000
    draft = load_draft(tmp_path / "check" / "written.yaml")
    assert len([p for p in draft.body.split("\n\n") if p.strip()]) == check.PARAGRAPHS


def test_written_body_cites_every_paragraph_and_holds_one_uncited_figure(
    small_base: Path,
) -> None:
    factbase = load_factbase([small_base])
    facts = list(factbase)[:40]
    paragraphs = written_body(facts, 20).strip().split("\n\n")
    assert len(paragraphs) == 20
    assert all("[@" in p for p in paragraphs)
    assert {f.id for f in facts} <= set(re.findall(r"@([a-z0-9-]+)", "".join(paragraphs)))
    assert paragraphs[-1].endswith("since 2024.")


def test_startup_benchmark_runs(tmp_path: Path, small_base: Path) -> None:
    results = startup.run(_context(tmp_path), bundled_facts(), small_base, 300)
    _well_formed(results)
    heavy = next(r for r in results if "no heavy module" in r.name)
    assert heavy.value == 1.0, heavy.note


def test_memory_benchmark_runs(tmp_path: Path, bundled: FactBase) -> None:
    setup = merge.prepare(tmp_path / "merge", bundled, 2)
    results = memory.run(_context(tmp_path), setup.draft_file, sizes=(2, 6))
    _well_formed(results)
    assert next(r for r in results if "peak RSS," in r.name).value > 1


def test_runner_writes_its_report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(runner, "OUT_DIR", tmp_path / "out")
    assert runner.main(["--quick", "--only", "load", "--only", "search", "--facts", "200"]) == 0
    report = json.loads((tmp_path / "out" / "latest.json").read_text(encoding="utf-8"))
    assert report["machine"]["cpus"]
    names = [r["name"] for r in report["results"]]
    assert any("cold" in n for n in names) and any("p95" in n for n in names)
    table = report_markdown(report)
    assert "| benchmark | target | measured |" in table
    assert sum(line.startswith("| ") for line in table.splitlines()) == len(names) + 1
    earlier = json.loads(json.dumps(report))
    earlier["machine"]["commit"] = "abc1234"
    earlier["results"] = earlier["results"][1:]  # the first figure is new in the later run
    beside = report_markdown(report, earlier).splitlines()
    assert "| before (abc1234) |" in beside[2]
    rows = [line for line in beside if line.startswith("| ") and "---" not in line][1:]
    assert "| (new) |" in rows[0]
    assert "| (new) |" not in rows[1] and show(report["results"][1]["value"], "s") in rows[1]
