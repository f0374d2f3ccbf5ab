"""Remake docs/sample-letter.png, sample-letter-page-2.png and sample-briefing.png.

Run from the repository root with LibreOffice and poppler installed:

    .venv/bin/python docs/make_samples.py

Each example is exported exactly as a user would (`drafter draft ... -o X.docx`), turned
into a PDF by LibreOffice and its pages into PNGs by pdftoppm: both pages of the
letter (the second shows where its pages break), the briefing's first.
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
PAGES = {"sample-letter": 2, "sample-briefing": 1}
PEOPLE = [
    "--contacts", str(EXAMPLES / "contacts.yaml"), "--profile", str(EXAMPLES / "profile.yaml"),
]  # fmt: skip


def make(name: str, draft: str, work: Path) -> list[Path]:
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
    made = []
    for page in range(1, PAGES[name] + 1):
        png = name if page == 1 else f"{name}-page-{page}"
        stem = work / png
        subprocess.run(
            ["pdftoppm", "-png", "-r", "60", "-f", str(page), "-l", str(page), "-singlefile",
             str(work / f"{name}.pdf"), str(stem)],
            check=True,
        )  # fmt: skip
        target = DOCS / f"{png}.png"
        shutil.copyfile(stem.with_suffix(".png"), target)
        made.append(target)
    return made


if __name__ == "__main__":
    if not (shutil.which("soffice") and shutil.which("pdftoppm")):
        sys.exit("needs LibreOffice (soffice) and poppler (pdftoppm)")
    with tempfile.TemporaryDirectory() as folder:
        for sample, example in SAMPLES.items():
            for made in make(sample, example, Path(folder)):
                print(made)
