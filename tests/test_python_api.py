"""docs/python-api.md is true: its examples run as written, in a fresh interpreter from a
folder laid out like the repository root, and write a real DOCX with real footnotes; every
public name (`drafter.__all__`) is importable and documented there."""

from __future__ import annotations

import csv
import re
import shutil
import subprocess
import sys
from pathlib import Path

import docx
from lxml import etree

import drafter

REPO = Path(__file__).resolve().parent.parent
DOC = REPO / "docs" / "python-api.md"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_BLOCK = re.compile(r"^```python\n(.*?)^```", re.M | re.S)


def python_blocks(path: Path) -> list[str]:
    return _BLOCK.findall(path.read_text(encoding="utf-8"))


def footnotes_and_references(path: Path) -> tuple[list[str], list[str]]:
    """The DOCX's footnote texts (separators left out) and the ids its body refers to,
    each in document order; python-docx reads the package, the footnotes part as XML."""
    document = docx.Document(str(path))
    references = [
        node.get(f"{W}id", "")
        for paragraph in document.paragraphs
        for node in paragraph._p.iter(f"{W}footnoteReference")
    ]
    notes: list[str] = []
    for part in document.part.package.iter_parts():
        if str(part.partname) == "/word/footnotes.xml":
            for note in etree.fromstring(part.blob).iter(f"{W}footnote"):
                if note.get(f"{W}type") is None:
                    notes.append("".join(t.text or "" for t in note.iter(f"{W}t")).strip())
    return notes, references


def test_the_examples_run_and_write_a_docx_whose_footnotes_are_the_citations(
    tmp_path: Path,
) -> None:
    blocks = python_blocks(DOC)
    assert len(blocks) >= 4, "the page's examples are ```python blocks"
    shutil.copytree(REPO / "examples", tmp_path / "examples")
    script = tmp_path / "example.py"
    script.write_text("\n\n".join(blocks), encoding="utf-8")
    # A fresh interpreter, as a script has; the user folders are the test's own (conftest).
    run = subprocess.run(
        [sys.executable, str(script)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    printed = run.stdout.splitlines()

    letter = tmp_path / "2026-11-23-hong-kong-minister-vale.docx"
    paragraphs = [p.text for p in docx.Document(str(letter)).paragraphs]
    assert "Dear Minister" in paragraphs
    assert "Yours sincerely" in paragraphs
    notes, references = footnotes_and_references(letter)
    assert len(notes) == len(references) == 4
    assert notes[0].startswith("Amnesty International UK, 'UK/China: \"Red lines")
    assert notes[1:3] == ["ibid.", "ibid para 5."]
    assert notes[3].startswith("Letter from the Minister of State responsible for Human Rights")
    # The footnotes the script printed from the rendered document are the DOCX's.
    shown = [line.split(" ", 1)[1] for line in printed if re.match(r"\d \S", line)][: len(notes)]
    assert [n.replace("<", "").replace(">", "") for n in shown] == [
        n.replace("<", "").replace(">", "") for n in notes
    ]

    markdown = (tmp_path / "2026-11-23-hong-kong-minister-vale.md").read_text(encoding="utf-8")
    assert re.findall(r"^\[\^(\d+)\]:", markdown, re.M) == ["1", "2", "3", "4"]
    assert "already exists" in printed
    assert (tmp_path / "briefing.yaml").is_file()
    assert any("no fact 'no-such-fact'" in line for line in printed)
    merged = sorted(p.name for p in (tmp_path / "letters").iterdir())
    with (tmp_path / "examples" / "recipients.csv").open(encoding="utf-8", newline="") as rows:
        assert len(merged) == len(list(csv.DictReader(rows))) > 1
    assert all(name.endswith(".docx") for name in merged)
    assert not list(tmp_path.rglob(".*.tmp"))  # atomic writes leave nothing behind


def test_every_public_name_imports_and_is_on_the_page() -> None:
    text = DOC.read_text(encoding="utf-8")
    for name in drafter.__all__:
        assert getattr(drafter, name) is not None
        assert f"`{name}`" in text, f"{name} is public but docs/python-api.md does not name it"


def test_the_readme_links_the_page() -> None:
    assert "(docs/python-api.md)" in (REPO / "README.md").read_text(encoding="utf-8")
