"""docxtpl's time per letter, for comparison: run with bench/.venv-compare's Python.

Not imported by the benchmarks (this environment has no docxtpl): `bench.compare` runs
it as `python docxtpl_letter.py LETTERS.json FOLDER N` and reads one JSON line back.
It builds a letter template with python-docx (sender block, date, recipient block,
salutation, a loop over body paragraphs, valediction, signature; docxtpl cannot make
footnotes, so the citations are left out), then renders the letters the way a mail
merge with docxtpl does: a fresh DocxTemplate per letter (rendering changes it in
place), render, save to a file. It reports the median seconds per letter over batches.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

from docx import Document
from docxtpl import DocxTemplate  # type: ignore[import-not-found]


def build_template(path: Path) -> None:
    document = Document()
    for text in (
        "{{ sender_name }}",
        "{%p for line in sender_address %}",
        "{{ line }}",
        "{%p endfor %}",
        "{{ date }}",
        "{%p for line in recipient_block %}",
        "{{ line }}",
        "{%p endfor %}",
        "{{ salutation }}",
        "{{ subject }}",
        "{%p for paragraph in paragraphs %}",
        "{{ paragraph }}",
        "{%p endfor %}",
        "{{ valediction }}",
        "{{ sender_name }}",
        "{{ sender_title }}",
    ):
        document.add_paragraph(text)
    document.save(str(path))


def main() -> None:
    letters = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    folder = Path(sys.argv[2])
    count = int(sys.argv[3])
    template = folder / "docxtpl-template.docx"
    build_template(template)
    batches = []
    for batch in range(3):
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
