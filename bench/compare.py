"""The docxtpl comparison (`python -m bench --compare`): drafter's merge against docxtpl.

docxtpl is not one of drafter's dependencies, so it lives in a virtual environment of
its own, bench/.venv-compare (made and filled with pip on first use; git ignores it).
The letters given to docxtpl are drafter's own rendered letters (frame and body text,
without footnotes, which docxtpl cannot make), so both write the same words.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import venv
from dataclasses import replace
from pathlib import Path

from bench.merge import MergeSetup
from bench.timing import Context, Measurement
from drafter.drafting.merge import read_rows
from drafter.drafting.render import render
from drafter.textfmt import uk_date

DOCXTPL_RATIO_TARGET = 8.0
COMPARE_ENV = Path(__file__).resolve().parent / ".venv-compare"
SCRIPT = Path(__file__).resolve().parent / "docxtpl_letter.py"
_FOOTNOTE_REF = re.compile(r"\[\^\d+\]")


def compare_python() -> Path:
    """bench/.venv-compare's Python, with docxtpl installed into it if need be."""
    python = COMPARE_ENV / "bin" / "python"
    if not python.exists():
        venv.EnvBuilder(with_pip=True).create(COMPARE_ENV)
    check = subprocess.run([str(python), "-c", "import docxtpl"], capture_output=True)
    if check.returncode != 0:
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", "docxtpl"], check=True)
    return python


def letter_contexts(setup: MergeSetup, count: int) -> list[dict[str, object]]:
    """The first `count` letters of the merge as docxtpl contexts."""
    letters: list[dict[str, object]] = []
    for row in read_rows(setup.recipients, setup.template):
        if len(letters) == count:
            break
        draft = replace(setup.base.copy(), recipient=row.recipient, contact="")
        doc = render(draft, setup.factbase, setup.templates)
        frame = doc.frame
        if frame is None:
            raise RuntimeError("the merge template is not a letter")
        body = _FOOTNOTE_REF.sub("", doc.body)
        letters.append(
            {
                "sender_name": frame.sender_name,
                "sender_title": frame.sender_title,
                "sender_address": list(frame.sender_address),
                "date": uk_date(frame.date),
                "recipient_block": list(frame.recipient_block),
                "salutation": frame.salutation,
                "subject": frame.subject,
                "paragraphs": [p.strip() for p in body.split("\n\n") if p.strip()],
                "valediction": frame.valediction,
            }
        )
    return letters


def run(ctx: Context, setup: MergeSetup, drafter_per_letter: float) -> list[Measurement]:
    python = compare_python()
    folder = ctx.workdir / "docxtpl"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    letters = folder / "letters.json"
    letters.write_text(json.dumps(letter_contexts(setup, 20)), encoding="utf-8")
    count = 20 if ctx.quick else 100
    done = subprocess.run(
        [str(python), str(SCRIPT), str(letters), str(folder), str(count)],
        check=True,
        capture_output=True,
        text=True,
    )
    seconds = float(json.loads(done.stdout.strip().splitlines()[-1])["seconds_per_letter"])
    shutil.rmtree(folder, ignore_errors=True)
    return [
        Measurement(
            "docxtpl render + save, per letter",
            seconds,
            "s",
            note=f"in-process, {count} letters x 3 batches, no footnotes",
        ),
        Measurement(
            "merge vs docxtpl (times faster)",
            seconds / drafter_per_letter,
            "x",
            DOCXTPL_RATIO_TARGET,
            higher_is_better=True,
        ),
    ]
