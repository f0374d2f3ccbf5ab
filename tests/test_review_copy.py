"""The review copy reads the same as the plain copy in every reader: its comments move nothing.

A review copy adds a Word comment on each cited sentence. LibreOffice once took comments
for footnotes and printed the wrong citations under the letter; these tests lay out the
bundled ambassador letter both ways through LibreOffice (and read it with pandoc) and
compare the footnotes.
"""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from drafter.cli import main
from drafter.export.pdf import docx_to_pdf, soffice_path

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples"
PEOPLE = [
    "--contacts",
    str(EXAMPLES / "contacts.yaml"),
    "--profile",
    str(EXAMPLES / "profile.yaml"),
]
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

needs_libreoffice = pytest.mark.skipif(
    soffice_path() is None or shutil.which("pdftotext") is None,
    reason="LibreOffice or pdftotext is not installed",
)


def export(tmp_path: Path, example: str, *, review: bool) -> Path:
    out = tmp_path / f"{example}{'-review' if review else ''}.docx"
    argv = ["-q", "draft", str(EXAMPLES / f"{example}.yaml"), *PEOPLE, "-o", str(out)]
    argv += ["--date", "2026-12-01", *(["--review"] if review else [])]
    assert main(argv) == 0
    return out


def footnote_texts(path: Path) -> list[str]:
    """The texts of the footnotes the package holds, by id (what Word shows)."""
    with zipfile.ZipFile(path) as package:
        root = etree.fromstring(package.read("word/footnotes.xml"))
    return [
        "".join(t.text or "" for t in note.iter(f"{W}t")).strip()
        for note in root.iter(f"{W}footnote")
        if note.get(f"{W}type") is None
    ]


def pdf_text(path: Path) -> str:
    pdf = path.with_suffix(".pdf")
    pdf.write_bytes(docx_to_pdf(path.read_bytes()))
    return subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True, timeout=60
    ).stdout


def letters(text: str) -> str:
    """Only the letters and digits: a PDF's line breaks split words and URLs at hyphens."""
    return "".join(c for c in text if c.isalnum())


def in_order(text: str, pieces: list[str]) -> bool:
    """Whether every piece occurs in `text`, each after the one before it."""
    flat, at = letters(text), 0
    for piece in map(letters, pieces):
        found = flat.find(piece, at)
        if found < 0:
            return False
        at = found + len(piece)
    return True


def test_review_copy_has_comment_ids_apart_from_footnote_ids(tmp_path: Path) -> None:
    review = export(tmp_path, "ambassador-letter", review=True)
    with zipfile.ZipFile(review) as package:
        document = etree.fromstring(package.read("word/document.xml"))
        comments = etree.fromstring(package.read("word/comments.xml"))
        notes = etree.fromstring(package.read("word/footnotes.xml"))
    note_ids = {n.get(f"{W}id") for n in notes.iter(f"{W}footnote")}
    comment_ids = {c.get(f"{W}id") for c in comments.iter(f"{W}comment")}
    assert len(comment_ids) == 3
    assert not comment_ids & note_ids  # separators (-1, 0) included
    for tag in ("commentRangeStart", "commentRangeEnd", "commentReference"):
        assert {e.get(f"{W}id") for e in document.iter(f"{W}{tag}")} == comment_ids


@needs_libreoffice
def test_review_copy_footnotes_in_libreoffice_match_the_plain_copy(tmp_path: Path) -> None:
    plain = export(tmp_path, "ambassador-letter", review=False)
    review = export(tmp_path, "ambassador-letter", review=True)
    notes = footnote_texts(plain)
    assert footnote_texts(review) == notes
    assert notes[0].startswith("Amnesty International UK, 'UK/China")
    assert notes[1:] == ["ibid.", "ibid para 9."]
    plain_text, review_text = pdf_text(plain), pdf_text(review)
    assert in_order(plain_text, notes)
    assert in_order(review_text, notes)  # each footnote's own text, in order
    assert review_text == plain_text  # and nothing else moved either


@pytest.mark.skipif(shutil.which("pandoc") is None, reason="pandoc is not installed")
def test_review_copy_footnotes_in_pandoc_match_the_plain_copy(tmp_path: Path) -> None:
    def plain_text(path: Path) -> str:
        return subprocess.run(
            ["pandoc", "-f", "docx", "-t", "plain", "--wrap=none", str(path)],
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        ).stdout

    plain = export(tmp_path, "ambassador-letter", review=False)
    review = export(tmp_path, "ambassador-letter", review=True)
    notes = footnote_texts(plain)
    assert in_order(plain_text(review), notes)
    assert plain_text(review) == plain_text(plain)
