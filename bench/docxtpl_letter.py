"""docxtpl's time per letter, for comparison: run with bench/.venv-compare's Python.

Not imported by the benchmarks (this environment has no docxtpl): `bench.compare` runs
it as `python docxtpl_letter.py LETTERS.json FOLDER N` and reads one JSON line back.
It builds a letter template with python-docx from drafter's house style (the
reference document given as HOUSE_STYLE: its styles, settings and footers; its sample
paragraphs are removed), one paragraph per part of the letter in drafter's paragraph
styles (sender block, date, recipient block, salutation, subject, a loop over body
paragraphs, valediction, signature; docxtpl cannot make footnotes, so the citations are
left out). It then renders the letters the way a mail merge with docxtpl does: a fresh
DocxTemplate per letter (rendering changes it in place), render, save to a file, and
reports the median seconds per letter over its batches.

    python docxtpl_letter.py LETTERS.json FOLDER N HOUSE_STYLE.docx [BATCHES]
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

from docx import Document
from docxtpl import DocxTemplate  # type: ignore[import-not-found]

_PARAGRAPHS = (
    ("{{ sender_name }}", "SenderAddress"),
    ("{%p for line in sender_address %}", "SenderAddress"),
    ("{{ line }}", "SenderAddress"),
    ("{%p endfor %}", "SenderAddress"),
    ("{{ date }}", "Date"),
    ("{%p for line in recipient_block %}", "RecipientAddress"),
    ("{{ line }}", "RecipientAddress"),
    ("{%p endfor %}", "RecipientAddress"),
    ("{{ salutation }}", "Salutation"),
    ("{{ subject }}", "LetterSubject"),
    ("{%p for paragraph in paragraphs %}", None),
    ("{{ paragraph }}", None),
    ("{%p endfor %}", None),
    ("{{ valediction }}", "Closing"),
    ("{{ sender_name }}", "Signature"),
    ("{{ sender_title }}", "SignatureTitle"),
)


def build_template(path: Path, house_style: Path) -> None:
    document = Document(str(house_style))
    body = document.element.body
    for child in list(body):
        if child.tag.endswith("}p") or child.tag.endswith("}tbl"):
            body.remove(child)
    styles = {style.style_id: style for style in document.styles}
    for text, style_id in _PARAGRAPHS:
        paragraph = document.add_paragraph(text)
        if style_id is not None and style_id in styles:
            paragraph.style = styles[style_id]
    document.save(str(path))


def main() -> None:
    letters = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    folder = Path(sys.argv[2])
    count = int(sys.argv[3])
    house_style = Path(sys.argv[4])
    rounds = int(sys.argv[5]) if len(sys.argv) > 5 else 1
    template = folder / "docxtpl-template.docx"
    build_template(template, house_style)
    DocxTemplate(str(template)).render(letters[0])  # warm: imports, first-call costs
    batches = []
    for batch in range(rounds):
        start = time.perf_counter()
        for number in range(count):
            letter = letters[number % len(letters)]
            document = DocxTemplate(str(template))
            document.render(letter)
            document.save(str(folder / f"docxtpl-{batch}-{number}.docx"))
        batches.append((time.perf_counter() - start) / count)
    print(json.dumps({"seconds_per_letter": statistics.median(batches)}))


if __name__ == "__main__":
    main()
