"""`drafter merge --combine`: every letter of a merge in one file to print.

Each letter is a section of its own in the DOCX, starting on a new page with its page
numbers and footnote numbers starting again at 1; the PDF is that DOCX laid out by
LibreOffice, read back with pypdf and pdftotext: as many pages as the letters' own PDFs
together, each letter from a new page, each with its own "Page 2 of 2".
"""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree
from pypdf import PdfReader

from drafter.cli import main
from drafter.export.pdf import soffice_path

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples"
MERGE = [
    "-q", "merge", str(EXAMPLES / "merge-letter.yaml"),
    "--recipients", str(EXAMPLES / "recipients.csv"),
    "--profile", str(EXAMPLES / "profile.yaml"), "--date", "2026-11-23",
]  # fmt: skip
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
ROWS = 6  # examples/recipients.csv
SALUTATIONS = [
    "Dear Ms Thackeray", "Dear Mr Pritchard", "Dear Baroness Merrow", "Dear Lord Thornleigh",
    "Dear Dr Lendrum", "Dear Lord Calderby",
]  # fmt: skip

needs_libreoffice = pytest.mark.skipif(
    soffice_path() is None or shutil.which("pdftotext") is None,
    reason="LibreOffice or pdftotext is not installed",
)


def part(data: bytes, name: str) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return etree.fromstring(package.read(name))


def parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return {name: package.read(name) for name in package.namelist()}


def page_texts(pdf: Path) -> list[str]:
    count = len(PdfReader(str(pdf)).pages)
    texts = []
    for number in range(1, count + 1):
        out = subprocess.run(
            ["pdftotext", "-layout", "-f", str(number), "-l", str(number), str(pdf), "-"],
            capture_output=True,
            check=True,
            timeout=60,
        ).stdout.decode()
        texts.append(" ".join(out.split()))
    return texts


@pytest.fixture(scope="module")
def combined_docx(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    target = tmp_path_factory.mktemp("combine") / "letters.docx"
    assert main([*MERGE, "--combine", str(target)]) == 0
    return target.read_bytes()


def test_each_letter_is_a_section_of_its_own(combined_docx: bytes) -> None:
    document = docx.Document(io.BytesIO(combined_docx))
    assert len(document.sections) == ROWS
    body = part(combined_docx, "word/document.xml").find(f"{W}body")
    assert body is not None
    sections = list(body.iter(f"{W}sectPr"))
    assert len(sections) == ROWS
    for section in sections:
        # A new page, page numbers and footnote numbers from 1, no number on page 1.
        assert section.find(f"{W}type").get(f"{W}val") == "nextPage"
        assert section.find(f"{W}pgNumType").get(f"{W}start") == "1"
        restart = section.find(f"{W}footnotePr/{W}numRestart")
        assert restart is not None and restart.get(f"{W}val") == "eachSect"
        assert section.find(f"{W}titlePg") is not None
    # The sections end each letter: every salutation is in the section it closes.
    text = ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in body.iter(f"{W}p")]
    ends = [i for i, p in enumerate(body.iter(f"{W}p")) if p.find(f"{W}pPr/{W}sectPr") is not None]
    starts = [0, *(end + 1 for end in ends)]
    for number, start in enumerate(starts):
        stop = ends[number] if number < len(ends) else len(text)
        letter = text[start : stop + 1]
        assert letter[-1] == "Member of the House of Lords"
        assert [line for line in letter if line.startswith("Dear ")] == [SALUTATIONS[number]]


def test_each_letter_counts_its_own_pages_and_notes(combined_docx: bytes) -> None:
    files = parts(combined_docx)
    body = part(combined_docx, "word/document.xml")
    rels = {
        rel.get("Id"): rel.get("Target")
        for rel in part(combined_docx, "word/_rels/document.xml.rels")
    }
    marks = [b.get(f"{W}name") for b in body.iter(f"{W}bookmarkStart")]
    assert len(set(marks)) == ROWS
    for section, mark in zip(body.iter(f"{W}sectPr"), marks, strict=True):
        footer_ids = [
            ref.get(f"{R}id")
            for ref in section.iter(f"{W}footerReference")
            if ref.get(f"{W}type") == "default"
        ]
        footer = files["word/" + rels[footer_ids[0]]].decode()
        # "Page 2 of 3": the count is the page of the letter's last paragraph.
        assert f"PAGEREF {mark} \\h" in footer
        assert "NUMPAGES" not in footer
    # Every footnote has an id of its own; each letter's references read 1, 2, 3.
    notes = part(combined_docx, "word/footnotes.xml")
    ids = [n.get(f"{W}id") for n in notes.iter(f"{W}footnote")]
    assert len(ids) == len(set(ids)) == 2 + 3 * ROWS
    references = list(body.iter(f"{W}footnoteReference"))
    assert len(references) == 3 * ROWS
    printed = ["".join(t.text or "" for t in ref.getparent().iter(f"{W}t")) for ref in references]
    assert printed == ["1", "2", "3"] * ROWS
    # Each letter's numbered list is a list of its own, so each starts again at 1.
    nums = [
        n.get(f"{W}val")
        for p in body.iter(f"{W}p")
        for n in p.iterfind(f"{W}pPr/{W}numPr/{W}numId")
    ]
    assert len(set(nums)) == ROWS


def test_the_combined_file_is_never_overwritten_without_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "letters.docx"
    target.write_bytes(b"earlier")
    assert main([*MERGE, "--combine", str(target)]) == 1
    assert "already exists" in capsys.readouterr().err
    assert target.read_bytes() == b"earlier"
    assert main([*MERGE, "--combine", str(target), "--force"]) == 0
    assert docx.Document(str(target)).sections  # a Word document now
    assert sorted(p.name for p in tmp_path.iterdir()) == ["letters.docx"]  # no temp files


def test_letters_and_the_combined_file_in_one_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "letters"
    combined = tmp_path / "all.docx"
    assert main([*MERGE[1:], "--out", str(out), "--combine", str(combined)]) == 0
    err = capsys.readouterr().err
    assert f"6 letters written to {out}, combined in {combined}, 0 rows failed" in err
    assert len(list(out.glob("*.docx"))) == ROWS
    assert len(docx.Document(str(combined)).sections) == ROWS


def test_a_failed_row_is_left_out_and_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    recipients = tmp_path / "recipients.csv"
    with open(recipients, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["kind", "honorific", "first_name", "last_name"])
        writer.writerow(["mp", "Ms", "Ada", "Fenwick"])
        writer.writerow(["no-such-kind", "", "", "Nobody"])
        writer.writerow(["mp", "Mr", "Bram", "Ostley"])
    target = tmp_path / "letters.docx"
    argv = [*MERGE[1:], "--combine", str(target)]
    argv[argv.index(str(EXAMPLES / "recipients.csv"))] = str(recipients)
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert "recipients.csv:row 3" in err
    assert "2 letters made, combined in" in err and "1 row failed" in err
    texts = [p.text for p in docx.Document(str(target)).paragraphs]
    assert [t for t in texts if t.startswith("Dear ")] == ["Dear Ms Fenwick", "Dear Mr Ostley"]


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ([], "give --out DIR for a file per letter, --combine FILE.pdf"),
        (["--combine", "letters.md"], "letters are combined into a .pdf or .docx file"),
        (["--combine", "letters.docx", "--review"], "--review cannot go with --combine"),
        (["--combine", "letters.docx", "--format", "pdf"], "--format is for the letters"),
    ],
)
def test_usage_mistakes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], extra: list[str], message: str
) -> None:
    argv = [*MERGE, *(str(tmp_path / e) if e.startswith("letters.") else e for e in extra)]
    assert main(argv) == 2
    assert message in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


@needs_libreoffice
def test_combined_pdf_has_the_letters_pages_each_numbered_on_its_own(tmp_path: Path) -> None:
    out = tmp_path / "letters"
    combined = tmp_path / "letters.pdf"
    code = main([*MERGE, "--format", "pdf", "--out", str(out), "--combine", str(combined)])
    assert code == 0
    letters = sorted(out.glob("*.pdf"))
    assert len(letters) == ROWS
    counts = [len(PdfReader(str(letter)).pages) for letter in letters]
    pages = page_texts(combined)
    assert len(pages) == sum(counts)  # the letters' own pages, no more and no fewer
    # Each letter from a new page: its salutation on the page after the last letter's.
    firsts = [next(i for i, text in enumerate(pages) if s in text) for s in SALUTATIONS]
    assert firsts[0] == 0
    spans = [end - start for start, end in zip(firsts, [*firsts[1:], len(pages)], strict=True)]
    assert sorted(spans) == sorted(counts)  # each letter as many pages as its own PDF
    for first in firsts:
        letter = pages[first : first + 2]
        assert "Page" not in letter[0]  # page 1 of a letter has no number
        assert letter[1].endswith("Page 2 of 2")  # its own count, not the file's
        # Its footnotes start again at 1.
        assert re.search(r"\b1 Amnesty International UK", letter[0])
    root = PdfReader(str(combined)).trailer["/Root"].get_object()
    assert str(root["/Lang"]) == "en-GB" and "/StructTreeRoot" in root  # tagged, as a letter
    assert PdfReader(str(combined)).metadata.title == (
        "Human rights in the UK's dialogue with China (6 letters)"
    )


def test_without_libreoffice_the_letters_are_written_and_the_pdf_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from drafter.export import pdf as pdf_export

    monkeypatch.setattr(pdf_export, "soffice_path", lambda: None)
    out = tmp_path / "letters"
    combined = tmp_path / "letters.pdf"
    assert main([*MERGE[1:], "--out", str(out), "--combine", str(combined)]) == 1
    err = capsys.readouterr().err
    assert f"{combined}: LibreOffice (soffice) is not installed" in err
    assert f"6 letters written to {out}, not combined, 0 rows failed" in err
    assert len(list(out.glob("*.docx"))) == ROWS
    assert not combined.exists()


@needs_libreoffice
def test_an_archival_combined_pdf(tmp_path: Path) -> None:
    combined = tmp_path / "letters.pdf"
    assert main([*MERGE, "--combine", str(combined), "--pdf-a"]) == 0
    root = PdfReader(str(combined)).trailer["/Root"].get_object()
    metadata = etree.fromstring(root["/Metadata"].get_object().get_data())
    ns = {"pdfaid": "http://www.aiim.org/pdfa/ns/id/"}
    part = metadata.xpath("//@pdfaid:part | //pdfaid:part/text()", namespaces=ns)
    assert [str(p) for p in part] == ["2"]
    assert str(root["/Lang"]) == "en-GB"


def test_a_reference_documents_page_count_becomes_each_letters_own(tmp_path: Path) -> None:
    from docx.oxml import parse_xml

    from drafter.export.docx.exporter import DocxExporter
    from tests.test_docx_export import LETTER

    reference = docx.Document()
    section = reference.sections[0]
    section.header.paragraphs[0].text = "Office of Lord Example"  # no page count: shared
    footer = section.footer.paragraphs[0]
    footer.text = "Page count "
    footer._p.append(
        parse_xml(
            f'<w:fldSimple xmlns:w="{W[1:-1]}" w:instr=" NUMPAGES "><w:r><w:t>1</w:t></w:r>'
            "</w:fldSimple>"
        )
    )
    path = tmp_path / "office.docx"
    reference.save(str(path))
    data = DocxExporter(path).combined_bytes([LETTER, LETTER, LETTER])
    files = parts(data)
    rels = {r.get("Id"): r.get("Target") for r in part(data, "word/_rels/document.xml.rels")}
    body = part(data, "word/document.xml")
    marks = [b.get(f"{W}name") for b in body.iter(f"{W}bookmarkStart")]
    headers, footers = set(), []
    for sect, mark in zip(body.iter(f"{W}sectPr"), marks, strict=True):
        headers |= {h.get(f"{R}id") for h in sect.iter(f"{W}headerReference")}
        (footer_id,) = [
            f.get(f"{R}id")
            for f in sect.iter(f"{W}footerReference")
            if f.get(f"{W}type") == "default"
        ]
        text = files["word/" + rels[footer_id]].decode()
        assert "Page count" in text and f"PAGEREF {mark} \\h" in text
        assert "NUMPAGES" not in text
        footers.append(rels[footer_id])
    assert len(headers) == 1  # one header part for every letter
    assert len(set(footers)) == 3  # a footer of its own for each
    content_types = files["[Content_Types].xml"].decode()
    assert all(f'PartName="/word/{name}"' in content_types for name in footers)
    document = docx.Document(io.BytesIO(data))  # opens, with its three sections
    assert [s.header.paragraphs[0].text for s in document.sections] == [
        "Office of Lord Example"
    ] * 3
