"""PDF export through LibreOffice: the footnotes reach the page, absence is explained."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from drafter.errors import ExportError
from drafter.export import pdf as pdf_export
from drafter.export.formats import write_document
from drafter.export.pdf import soffice_path
from tests.test_docx_export import LETTER, NOTES

needs_libreoffice = pytest.mark.skipif(
    soffice_path() is None or shutil.which("pdftotext") is None,
    reason="LibreOffice or pdftotext is not installed",
)


@needs_libreoffice
def test_pdf_shows_the_letter_and_its_footnotes(tmp_path: Path) -> None:
    target = write_document(LETTER, tmp_path / "letter.pdf")
    assert target.read_bytes().startswith(b"%PDF")
    text = subprocess.run(
        ["pdftotext", "-layout", str(target), "-"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    flat = " ".join(text.split())
    assert "Dear Minister" in flat
    assert "3 March 2025" in flat
    assert NOTES[0].text in flat  # the footnote's text is on the page
    assert "1. the first question;" in flat  # Word numbering, laid out by LibreOffice
    assert [p.name for p in tmp_path.iterdir()] == ["letter.pdf"]  # no leftovers


def test_missing_libreoffice_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pdf_export, "soffice_path", lambda: None)
    with pytest.raises(ExportError, match="LibreOffice") as caught:
        write_document(LETTER, tmp_path / "letter.pdf")
    assert "install LibreOffice" in caught.value.problems[0].hint
    assert not (tmp_path / "letter.pdf").exists()


def test_soffice_path_honours_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DRAFTER_SOFFICE", str(tmp_path / "no-such-soffice"))
    assert soffice_path() is None
    with pytest.raises(ExportError) as caught:
        write_document(LETTER, tmp_path / "letter.pdf")
    assert caught.value.problems[0].message == (
        f"DRAFTER_SOFFICE names '{tmp_path / 'no-such-soffice'}', which is not a program"
    )


def test_failed_conversion_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\necho 'Error: source file could not be loaded' >&2\nexit 1\n")
    fake.chmod(0o755)
    monkeypatch.setenv("DRAFTER_SOFFICE", str(fake))
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(ExportError, match="could not be loaded"):
        write_document(LETTER, out / "letter.pdf")
    assert list(out.iterdir()) == []


def test_existing_pdf_needs_force(tmp_path: Path) -> None:
    target = tmp_path / "letter.pdf"
    target.write_bytes(b"earlier")
    with pytest.raises(ExportError, match="already exists"):
        write_document(LETTER, target)
    assert target.read_bytes() == b"earlier"
