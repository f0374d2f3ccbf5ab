"""Benchmark 1: a merge's time per letter (render + DOCX write), against the floor.

In this process: `drafter.drafting.merge.merge_letters` over the synthetic recipients
CSV (1,000 MPs, each row with an `occasion` of its own, so every letter's body differs),
with a minister-letter draft citing three facts of the bundled base, exactly as
`drafter merge` runs it once the fact base, templates and house style are loaded. The
time per letter is the loop's time over the number of letters, median of several runs,
each into an empty folder.

The floor (`bench.floor`: sandboxed Jinja render + zip of the same parts + write and
rename) writes the same letters in the same run, its runs taking turns with drafter's,
and drafter's time is reported as a ratio to it, pair by pair (median of the ratios),
so that a machine whose speed drifts during the run still gives a fair ratio. Then the
parts one at a time over a sample of rows (render; DOCX bytes; the atomic file write)
say where a letter's time goes.

pandoc, when installed, converts the same kind of letter (Markdown with three
footnotes, `bench.data.letter_markdown`) to DOCX as a process, as a user's script would
call it per letter; `bench.compare` sets whole jobs side by side.
"""

from __future__ import annotations

import itertools
import shutil
import subprocess
import time
from dataclasses import dataclass, replace
from pathlib import Path

from bench import floor
from bench.data import letter_markdown, merge_draft_text, write_recipients_csv
from bench.timing import Context, Measurement, median, time_once, time_runs
from drafter.drafting.draft import Draft, load_draft
from drafter.drafting.merge import check_base, merge_letters, read_rows
from drafter.drafting.render import render
from drafter.drafting.templates import LetterTemplate, TemplateSet
from drafter.drafting.workspace import Workspace
from drafter.export.formats import Exporter
from drafter.facts.loader import FactBase
from drafter.fileio import atomic_write_bytes

PER_LETTER_TARGET_S = 0.0006
FLOOR_RATIO_TARGET = 1.5


@dataclass
class MergeSetup:
    """A merge ready to run: the shared draft, its template and the recipients file."""

    folder: Path
    draft_file: Path
    recipients: Path
    rows: int
    base: Draft
    factbase: FactBase
    templates: TemplateSet
    template: LetterTemplate
    workspace: Workspace
    exporter: Exporter

    def row_drafts(self, count: int) -> list[Draft]:
        """The drafts of the merge's first `count` rows, as drafter merge makes them."""
        drafts: list[Draft] = []
        for row in itertools.islice(read_rows(self.recipients, self.template), count):
            drafts.append(
                replace(
                    self.base.copy(),
                    recipient=row.recipient,
                    contact="",
                    fields=self.base.fields | row.fields,
                )
            )
        return drafts


def prepare(folder: Path, factbase: FactBase, rows: int) -> MergeSetup:
    folder.mkdir(parents=True, exist_ok=True)
    draft_file = folder / "merge-draft.yaml"
    draft_file.write_text(merge_draft_text(factbase), encoding="utf-8")
    recipients = write_recipients_csv(folder / f"recipients-{rows}.csv", rows)
    base = load_draft(draft_file)
    templates = TemplateSet.discover()
    workspace = Workspace(factbase, templates)
    template = check_base(workspace, base)
    exporter = workspace.exporter("docx")
    exporter.docx  # noqa: B018 - reads the house style now, as the merge does before row one
    return MergeSetup(
        folder,
        draft_file,
        recipients,
        rows,
        base,
        factbase,
        templates,
        template,
        workspace,
        exporter,
    )


def merge_once(setup: MergeSetup, out: Path) -> int:
    """Run the merge into a new folder `out`; the number of letters written."""
    out.mkdir(parents=True)
    written = 0
    for outcome in merge_letters(
        setup.workspace,
        setup.base,
        read_rows(setup.recipients, setup.template),
        out_dir=out,
        display=setup.recipients.name,
        file_format=setup.exporter.file_format,  # the PDF benchmark's setup makes PDFs
    ):
        if outcome.path is None:
            raise RuntimeError(f"row {outcome.number} failed: {outcome.problems}")
        written += 1
    return written


def parts(setup: MergeSetup, sample: int) -> dict[str, float]:
    """Seconds per letter for render, DOCX bytes and file write, over `sample` rows."""
    drafts = setup.row_drafts(sample)
    out = setup.folder / "parts"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir()
    start = time.perf_counter()
    docs = [render(d, setup.factbase, setup.templates) for d in drafts]
    rendered = time.perf_counter()
    blobs = [setup.exporter.to_bytes(doc) for doc in docs]
    packed = time.perf_counter()
    for number, blob in enumerate(blobs):
        atomic_write_bytes(out / f"letter-{number}.docx", blob, batch=True)
    written = time.perf_counter()
    shutil.rmtree(out, ignore_errors=True)
    return {
        "render": (rendered - start) / sample,
        "docx": (packed - rendered) / sample,
        "write": (written - packed) / sample,
        "bytes": sum(map(len, blobs)) / sample,
        "footnotes": sum(len(doc.footnotes) for doc in docs) / sample,
    }


def pandoc_per_letter(folder: Path, runs: int) -> float | None:
    """pandoc's median seconds to turn one cited letter into DOCX, or None without it."""
    pandoc = shutil.which("pandoc")
    if pandoc is None:
        return None
    source = folder / "letter.md"
    source.write_text(letter_markdown(3), encoding="utf-8")
    target = folder / "letter-pandoc.docx"
    command = [pandoc, "-f", "markdown", "-t", "docx", "-o", str(target), str(source)]
    subprocess.run(command, check=True)  # warm the disk cache
    return median(time_runs(lambda: subprocess.run(command, check=True), runs))


def run(ctx: Context, setup: MergeSetup) -> tuple[list[Measurement], float]:
    """The measurements, and drafter's seconds per letter (for the other comparisons)."""
    rows = setup.rows
    outs = (setup.folder / f"out-{n}" for n in itertools.count())
    bottom = floor.build(setup, min(rows, 200))
    merge_once(setup, next(outs))  # warm: first-call costs (compiled template, imports)
    bottom.write(next(outs), rows)
    runs = ctx.runs(5, 2)
    # Each run into a folder of its own: deleting the last run's letters first would put
    # those deletions into the same disk flushes as the new letters. Drafter and the
    # floor take turns, so both see the same machine.
    totals: list[float] = []
    floors: list[float] = []
    for _ in range(runs):
        totals.append(time_once(lambda: merge_once(setup, next(outs))))
        floors.append(time_once(lambda: bottom.write(next(outs), rows)))
        for folder in setup.folder.glob("out-*"):
            shutil.rmtree(folder, ignore_errors=True)
    per_letter = median(totals) / rows
    per_floor = median(floors) / rows
    ratio = median([a / b for a, b in zip(totals, floors, strict=True)])
    split = parts(setup, min(rows, 200))
    results = [
        Measurement(
            f"merge: render + DOCX write, per letter ({rows:,} letters, bodies differ)",
            per_letter,
            "s",
            PER_LETTER_TARGET_S,
            note=f"{runs} runs; {split['footnotes']:.0f} footnotes, "
            f"{split['bytes'] / 1024:.1f} KiB a letter",
        ),
        Measurement("  of which render", split["render"], "s", note="drafting.render.render"),
        Measurement("  of which DOCX bytes", split["docx"], "s", note="DocxExporter.to_bytes"),
        Measurement(
            "  of which file write",
            split["write"],
            "s",
            note="atomic_write_bytes, as a batch (one sync at the end)",
        ),
        Measurement(
            "floor: Jinja + zip + write and rename, per letter",
            per_floor,
            "s",
            note=f"the same letters, in turn with drafter's runs; {bottom.count} bodies",
        ),
        Measurement(
            "merge / floor (same run)",
            ratio,
            "x",
            FLOOR_RATIO_TARGET,
            note="median of the run-by-run ratios",
        ),
    ]
    pandoc = pandoc_per_letter(setup.folder, ctx.runs(10, 3))
    if pandoc is None:
        ctx.notes.append("pandoc is not installed: no pandoc comparison")
    else:
        results.append(
            Measurement(
                "pandoc Markdown -> DOCX, one process",
                pandoc,
                "s",
                note=f"{pandoc / per_letter:.0f}x drafter's merge per letter; "
                f"{pandoc / per_floor:.0f}x the floor",
            )
        )
    return results, per_letter
