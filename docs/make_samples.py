"""Remake docs/sample-letter.png and docs/sample-briefing.png from the example drafts.

Run from the repository root with LibreOffice and poppler installed:

    .venv/bin/python docs/make_samples.py

Each example is exported exactly as a user would (`drafter draft ... -o X.docx`), turned
into a PDF by LibreOffice and its first page into a PNG by pdftoppm.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from drafter.cli import main

DOCS = Path(__file__).resolve().parent
EXAMPLES = DOCS.parent / "examples"
SAMPLES = {"sample-letter": "minister-letter.yaml", "sample-briefing": "briefing-note.yaml"}
PEOPLE = [
    "--contacts", str(EXAMPLES / "contacts.yaml"), "--profile", str(EXAMPLES / "profile.yaml"),
]  # fmt: skip


def make(name: str, draft: str, work: Path) -> Path:
    docx = work / f"{name}.docx"
    code = main(
        ["draft", str(EXAMPLES / draft), *PEOPLE, "--date", "2026-11-23", "-o", str(docx), "-q"]
    )
    if code:
        raise SystemExit(f"drafter draft {draft} failed")
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(work), str(docx)],
        check=True,
        capture_output=True,
    )
    stem = work / name
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile",
         str(work / f"{name}.pdf"), str(stem)],
        check=True,
    )  # fmt: skip
    target = DOCS / f"{name}.png"
    shutil.copyfile(stem.with_suffix(".png"), target)
    return target


if __name__ == "__main__":
    if not (shutil.which("soffice") and shutil.which("pdftoppm")):
        sys.exit("needs LibreOffice (soffice) and poppler (pdftoppm)")
    with tempfile.TemporaryDirectory() as folder:
        for sample, example in SAMPLES.items():
            print(make(sample, example, Path(folder)))
