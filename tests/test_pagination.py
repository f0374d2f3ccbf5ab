"""Pagination a private office accepts: what belongs together stays on one page.

The rules are Word's own paragraph properties (keep with next, keep lines together,
widow control), in the house style and on the paragraphs that introduce lists; the XML
is checked here, and LibreOffice lays out a long letter to show they hold on the page.
"""

from __future__ import annotations

import dataclasses
import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from drafter.cli import main
from drafter.export.docx import styles as house_style
from drafter.export.docx.exporter import DocxExporter
from drafter.export.pdf import docx_to_pdf, soffice_path
from tests.test_docx_export import LETTER

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def part(data: bytes, name: str) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return etree.fromstring(package.read(name))


def has(element: etree._Element, prop: str) -> bool:
    ppr = element.find(f"{W}pPr")
    return ppr is not None and ppr.find(f"{W}{prop}") is not None


def paragraph_text(p: etree._Element) -> str:
    return "".join(t.text or "" for t in p.iter(f"{W}t"))


@pytest.fixture(scope="module")
def styles() -> dict[str, etree._Element]:
    data = DocxExporter().to_bytes(LETTER)
    root = part(data, "word/styles.xml")
    return {s.get(f"{W}styleId"): s for s in root.iter(f"{W}style")}


@pytest.mark.parametrize(
    "style_id",
    [
        "Heading1", "Heading2", "Heading3", "Title", "Subtitle", "LetterSubject",
        "Salutation", "RecipientAddress", "SenderAddress", "Closing", "Signature",
    ],
)  # fmt: skip
def test_headings_subject_and_valediction_keep_with_what_follows(
    styles: dict[str, etree._Element], style_id: str
) -> None:
    assert has(styles[style_id], "keepNext")


@pytest.mark.parametrize(
    "style_id", ["Heading1", "LetterSubject", "Closing", "Signature", "ListParagraph", "Quote"]
)
def test_blocks_that_never_split_across_pages(
    styles: dict[str, etree._Element], style_id: str
) -> None:
    assert has(styles[style_id], "keepLines")


def test_widow_control_is_on_throughout() -> None:
    root = etree.fromstring(house_style.styles_xml().encode())
    defaults = root.find(f"{W}docDefaults/{W}pPrDefault")
    assert defaults is not None and has(defaults, "widowControl")
    normal = next(s for s in root.iter(f"{W}style") if s.get(f"{W}styleId") == "Normal")
    assert has(normal, "widowControl")


def test_bundled_reference_document_carries_the_rules() -> None:
    with zipfile.ZipFile(house_style.BUNDLED_PATH) as package:
        styles_part = package.read("word/styles.xml").decode()
    assert styles_part == house_style.styles_xml()


def test_a_list_intro_keeps_with_the_first_item() -> None:
    body = (
        "Some opening words.\n\n"
        "I should be grateful if you would address the following points:\n\n"
        "1. the first question;\n2. the second.\n\n"
        "And a bulleted one:\n\n- one\n  - nested under one\n- two\n\n"
        "> A quote.\n\n- a list after a quote\n\n"
        "Closing words."
    )
    doc = dataclasses.replace(LETTER, body=body, footnotes=())
    document = part(DocxExporter().to_bytes(doc), "word/document.xml")
    paragraphs = list(document.iter(f"{W}p"))
    kept = {paragraph_text(p) for p in paragraphs if has(p, "keepNext")}
    assert "I should be grateful if you would address the following points:" in kept
    assert "And a bulleted one:" in kept
    assert "one" in kept  # an item introducing its nested list
    assert "Some opening words." not in kept
    assert "the first question;" not in kept  # a list may break between its items
    # The last paragraph of the body goes over the page with the valediction.
    assert "Closing words." in kept
    # keepNext comes first after pStyle, before numPr: the order the schema requires.
    for p in paragraphs:
        ppr = p.find(f"{W}pPr")
        if ppr is None or ppr.find(f"{W}keepNext") is None:
            continue
        names = [etree.QName(child).localname for child in ppr]
        assert names[: names.index("keepNext") + 1] in (["keepNext"], ["pStyle", "keepNext"])


needs_libreoffice = pytest.mark.skipif(
    soffice_path() is None or shutil.which("pdftotext") is None,
    reason="LibreOffice or pdftotext is not installed",
)


@needs_libreoffice
def test_libreoffice_keeps_every_intro_on_the_page_of_its_first_item() -> None:
    # Paragraphs of one to four lines before each intro, so that across the pages some
    # intro falls at the foot of a page.
    words = "This sentence fills the paragraph out so that it runs over a line or more. "
    blocks = []
    for number in range(1, 31):
        blocks.append(words * (1 + number % 5))
        blocks.append(f"Points for block {number}:")
        blocks.append(f"1. First point of block {number}.\n2. Second point of block {number}.")
    doc = dataclasses.replace(LETTER, body="\n\n".join(blocks), footnotes=())
    pdf = docx_to_pdf(DocxExporter().to_bytes(doc))
    pages = []
    for number in range(1, 30):
        result = subprocess.run(
            ["pdftotext", "-f", str(number), "-l", str(number), "-", "-"],
            input=pdf,
            capture_output=True,
            check=False,
            timeout=60,
        )
        if result.returncode != 0:
            break
        pages.append(result.stdout.decode())
    assert len(pages) >= 4
    for number in range(1, 31):
        intro = [i for i, text in enumerate(pages) if f"Points for block {number}:" in text]
        item = [i for i, text in enumerate(pages) if f"First point of block {number}." in text]
        assert intro == item, f"block {number}: intro on page {intro}, first item on {item}"
    assert not any(re.search(r"Points for block \d+:\s*Page \d+ of", text) for text in pages)


EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def pdf_pages(pdf: Path) -> list[str]:
    """The text of each page of `pdf`, as pdftotext lays it out."""
    pages = []
    for number in range(1, 50):
        result = subprocess.run(
            ["pdftotext", "-layout", "-f", str(number), "-l", str(number), str(pdf), "-"],
            capture_output=True,
            check=False,
            timeout=60,
        )
        if result.returncode != 0:
            break
        pages.append(" ".join(result.stdout.decode().split()))
    return pages


@needs_libreoffice
def test_the_example_minister_letter_on_its_two_pages(tmp_path: Path) -> None:
    # The example a newcomer exports first (docs/sample-letter*.png are its two pages):
    # the list's intro on the page of its first question, the close on one page.
    pdf = tmp_path / "letter.pdf"
    code = main(
        [
            "-q", "draft", str(EXAMPLES / "minister-letter.yaml"),
            "--contacts", str(EXAMPLES / "contacts.yaml"),
            "--profile", str(EXAMPLES / "profile.yaml"),
            "--date", "2026-11-23", "-o", str(pdf),
        ]
    )  # fmt: skip
    assert code == 0
    pages = pdf_pages(pdf)
    assert len(pages) == 2

    def page_of(text: str) -> int:
        found = [number for number, page in enumerate(pages, 1) if text in page]
        assert len(found) == 1, f"{text!r} on pages {found}"
        return found[0]

    intro = page_of("I should be grateful if you would address the following points:")
    assert page_of("1. What representations have the Government made") == intro
    assert page_of("3. Will the Government publish its assessment") == intro
    close = page_of("Yours sincerely")
    assert page_of("Lord Example of Anytown") == close
    assert page_of("Member of the House of Lords") == close
    assert "Page" not in pages[0]  # the first page has no number, the second has
    assert "Page 2 of 2" in pages[1]
