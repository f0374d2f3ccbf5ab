"""Benchmark: a merge to PDF, per letter, in one LibreOffice run against one run a letter.

`drafter merge --format pdf` of PDF_LETTERS letters (the merge benchmark's recipients
and draft), timed end to end in this process: render, DOCX, one LibreOffice process
converting them all, the atomic writes. Beside it, the way every PDF was made before:
one `soffice --convert-to pdf` process per letter (`drafter.export.pdf.docx_to_pdf`
once per letter), over a few letters. Both include LibreOffice's start; the batch pays
it once. Skipped when LibreOffice is not installed.
"""

from __future__ import annotations

import itertools
import shutil
from dataclasses import replace

from bench.merge import MergeSetup, merge_once
from bench.timing import Context, Measurement, median, time_once
from drafter.drafting.merge import read_rows
from drafter.drafting.render import render
from drafter.export.formats import Exporter
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
    pdf_setup = replace(setup, recipients=recipients, rows=letters, exporter=Exporter("pdf"))
    outs = (setup.folder / f"pdf-out-{n}" for n in itertools.count())
    runs = ctx.runs(3, 1)
    totals = []
    for _ in range(runs):
        out = next(outs)
        totals.append(time_once(lambda out=out: merge_once(pdf_setup, out)))
        shutil.rmtree(out, ignore_errors=True)
    batch = median(totals) / letters

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
    ]
