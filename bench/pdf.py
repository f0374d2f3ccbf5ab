"""Benchmark: a merge to PDF, per letter, in one LibreOffice run against one run a letter.

`drafter merge --format pdf` of PDF_LETTERS letters (the merge benchmark's recipients
and draft), timed end to end in this process: render, DOCX, one LibreOffice process
converting them all, the atomic writes. Beside it, the way every PDF was made before:
one `soffice --convert-to pdf` process per letter (`drafter.export.pdf.docx_to_pdf`
once per letter), over a few letters. Both include LibreOffice's start; the batch pays
it once. Then `drafter merge --combine FILE.pdf` of the same letters (render, one DOCX
of them all, one LibreOffice run, the write), with a check that the combined PDF has
as many pages as the letters' own PDFs together (counted with pypdf). Skipped when
LibreOffice is not installed.
"""

from __future__ import annotations

import itertools
import shutil
from dataclasses import replace
from pathlib import Path

from pypdf import PdfReader

from bench.merge import MergeSetup, merge_once
from bench.timing import Context, Measurement, median, time_once
from drafter.drafting.merge import merge_letters, read_rows
from drafter.drafting.render import render
from drafter.export.pdf import docx_to_pdf, soffice_path

PDF_LETTERS = 50
PER_LETTER_TARGET_S = 0.3
ONE_BY_ONE_LETTERS = 5


def run(ctx: Context, setup: MergeSetup) -> list[Measurement]:
    if soffice_path() is None:
        ctx.notes.append("LibreOffice is not installed: no PDF merge figures")
        return []
    letters = min(10 if ctx.quick else PDF_LETTERS, setup.rows)
    recipients = setup.folder / f"recipients-pdf-{letters}.csv"
    lines = setup.recipients.read_text(encoding="utf-8").splitlines(keepends=True)
    recipients.write_text("".join(lines[: letters + 1]), encoding="utf-8")
    exporter = setup.workspace.exporter("pdf")
    pdf_setup = replace(setup, recipients=recipients, rows=letters, exporter=exporter)
    outs = (setup.folder / f"pdf-out-{n}" for n in itertools.count())
    runs = ctx.runs(3, 1)
    totals = []
    kept = setup.folder / "pdf-letters"
    shutil.rmtree(kept, ignore_errors=True)
    for _ in range(runs):
        out = next(outs)
        totals.append(time_once(lambda out=out: merge_once(pdf_setup, out)))
        shutil.rmtree(kept, ignore_errors=True)
        out.rename(kept)  # the last run's letters, to count their pages
    batch = median(totals) / letters
    letter_pages = sum(len(PdfReader(str(path)).pages) for path in kept.glob("*.pdf"))
    shutil.rmtree(kept, ignore_errors=True)

    combined = setup.folder / "combined.pdf"
    combine_totals = []
    for _ in range(runs):
        combined.unlink(missing_ok=True)
        combine_totals.append(time_once(lambda: combine_once(pdf_setup, combined)))
    combined_pages = len(PdfReader(str(combined)).pages)
    combined.unlink()
    combine = median(combine_totals) / letters

    sample = ONE_BY_ONE_LETTERS if not ctx.quick else 2
    docs = []
    for row in itertools.islice(read_rows(recipients, setup.template), sample):
        assert row.recipient is not None
        draft = replace(
            setup.base.copy(), recipient=row.recipient, fields=setup.base.fields | row.fields
        )
        docs.append(setup.exporter.docx.to_bytes(render(draft, setup.factbase, setup.templates)))
    one_by_one = time_once(lambda: [docx_to_pdf(data) for data in docs]) / sample
    return [
        Measurement(
            f"merge to PDF: per letter ({letters} letters, one LibreOffice run)",
            batch,
            "s",
            PER_LETTER_TARGET_S,
            note=f"render + DOCX + LibreOffice + write; median of {runs} runs",
        ),
        Measurement(
            "PDF one LibreOffice run a letter (as before), per letter",
            one_by_one,
            "s",
            note=f"docx_to_pdf per letter, {sample} letters",
        ),
        Measurement("  batch speed-up", one_by_one / batch, "x", note="one run a letter / batch"),
        Measurement(
            f"merge --combine to one PDF: per letter ({letters} letters)",
            combine,
            "s",
            PER_LETTER_TARGET_S,
            note=f"render + one DOCX of them all + LibreOffice + write; median of {runs} runs",
        ),
        Measurement(
            "combined PDF pages = the letters' own PDFs' pages",
            1.0 if combined_pages == letter_pages else 0.0,
            "yes/no",
            1.0,
            higher_is_better=True,
            note=f"{combined_pages} pages combined, {letter_pages} in the {letters} letters",
        ),
    ]


def combine_once(setup: MergeSetup, target: Path) -> int:
    """`drafter merge --combine target` of the setup's letters; how many were combined."""
    outcomes = merge_letters(
        setup.workspace,
        setup.base,
        read_rows(setup.recipients, setup.template),
        out_dir=None,
        display=setup.recipients.name,
        keep_letters=True,
    )
    docs = []
    for outcome in outcomes:
        if outcome.doc is None:
            raise RuntimeError(f"row {outcome.number} failed: {outcome.problems}")
        docs.append(outcome.doc)
    setup.exporter.write_combined(docs, target)
    return len(docs)
