"""Accessible and archival PDF, and a merge converted in one LibreOffice run.

Each PDF is read back with pypdf: the structure tree a screen reader follows, the
language, the title shown in place of the file name, the bookmarks of a briefing note,
and the XMP identification of a PDF/A-2b copy.
"""

from __future__ import annotations

import os
import sys
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from drafter.cli import main
from drafter.export.pdf import soffice_path

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
    soffice_path() is None, reason="LibreOffice is not installed"
)


def draft(tmp_path: Path, example: str, name: str, *extra: str) -> Path:
    out = tmp_path / name
    argv = ["-q", "draft", str(EXAMPLES / f"{example}.yaml"), *PEOPLE, "-o", str(out)]
    assert main([*argv, "--date", "2026-12-01", *extra]) == 0
    return out


def catalog(path: Path) -> DictionaryObject:
    root = PdfReader(str(path)).trailer["/Root"].get_object()
    assert isinstance(root, DictionaryObject)
    return root


def xmp(path: Path) -> etree._Element:
    data = catalog(path)["/Metadata"].get_object().get_data()
    return etree.fromstring(data)


def structure_roles(path: Path) -> set[str]:
    """Every structure element type in the PDF's structure tree."""
    roles: set[str] = set()
    todo = [catalog(path)["/StructTreeRoot"].get_object()]
    while todo:
        node = todo.pop()
        if isinstance(node, list):
            todo.extend(item.get_object() for item in node)
            continue
        if not isinstance(node, DictionaryObject):
            continue
        if "/S" in node:
            roles.add(str(node["/S"]))
        kids = node.get("/K")
        if kids is not None:
            todo.append(kids.get_object())
    return roles


@needs_libreoffice
def test_letter_pdf_is_tagged_titled_and_in_british_english(tmp_path: Path) -> None:
    pdf = draft(tmp_path, "minister-letter", "letter.pdf")
    root = catalog(pdf)
    assert root["/MarkInfo"]["/Marked"] is True or str(root["/MarkInfo"]["/Marked"]) == "True"
    assert str(root["/Lang"]) == "en-GB"
    assert root["/ViewerPreferences"]["/DisplayDocTitle"]
    reader = PdfReader(str(pdf))
    assert reader.metadata is not None
    assert reader.metadata.title == "Hong Kong police bounties on activists living in the UK"
    roles = structure_roles(pdf)
    # Paragraphs are tagged by their style, which the role map takes to a standard type.
    role_map = {str(k): str(v) for k, v in root["/StructTreeRoot"]["/RoleMap"].items()}
    standard = {role_map.get(role, role) for role in roles}
    assert {"/Document", "/P", "/L", "/LI"} <= standard  # the numbered questions are a list
    # Not PDF/A unless asked: no XMP identification.
    assert "/Metadata" not in root or b"pdfaid" not in etree.tostring(xmp(pdf))


@needs_libreoffice
def test_briefing_pdf_has_a_bookmark_for_each_heading(tmp_path: Path) -> None:
    docx_file = draft(tmp_path, "briefing-note", "briefing.docx")
    with zipfile.ZipFile(docx_file) as package:
        document = etree.fromstring(package.read("word/document.xml"))
    headings = [
        "".join(t.text or "" for t in p.iter(f"{W}t"))
        for p in document.iter(f"{W}p")
        if (style := p.find(f"{W}pPr/{W}pStyle")) is not None and style.get(f"{W}val") == "Heading1"
    ]
    assert len(headings) >= 3
    pdf = draft(tmp_path, "briefing-note", "briefing.pdf")
    outline = PdfReader(str(pdf)).outline
    titles = [item.title for item in outline if not isinstance(item, list)]
    assert titles[: len(headings)] == headings or set(headings) <= set(titles)
    assert "/H1" in structure_roles(pdf) or "/H" in structure_roles(pdf)


@needs_libreoffice
def test_pdf_a_copy_says_so_in_its_xmp(tmp_path: Path) -> None:
    pdf = draft(tmp_path, "minister-letter", "archive.pdf", "--pdf-a")
    ns = {"pdfaid": "http://www.aiim.org/pdfa/ns/id/"}
    metadata = xmp(pdf)
    part = metadata.xpath("//@pdfaid:part | //pdfaid:part/text()", namespaces=ns)
    conformance = metadata.xpath(
        "//@pdfaid:conformance | //pdfaid:conformance/text()", namespaces=ns
    )
    assert [str(v) for v in part] == ["2"]
    assert [str(v) for v in conformance] == ["B"]
    assert str(catalog(pdf)["/Lang"]) == "en-GB"
    assert "/StructTreeRoot" in catalog(pdf)


def test_pdf_a_needs_pdf_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["draft", str(EXAMPLES / "minister-letter.yaml"), *PEOPLE]
    assert main([*argv, "-o", str(tmp_path / "letter.docx"), "--pdf-a"]) == 2
    assert "--pdf-a needs PDF output" in capsys.readouterr().err
    assert not (tmp_path / "letter.docx").exists()


@needs_libreoffice
def test_merge_to_pdf_runs_libreoffice_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    log = tmp_path / "runs.log"
    wrapper = tmp_path / "soffice"
    wrapper.write_text(
        f"#!{sys.executable}\n"
        "import os, sys\n"
        "files = [a for a in sys.argv[1:] if a.endswith('.docx')]\n"
        f"open({str(log)!r}, 'a').write(' '.join(files) + '\\n')\n"
        f"os.execv({soffice_path()!r}, [{soffice_path()!r}, *sys.argv[1:]])\n"
    )
    wrapper.chmod(0o755)
    monkeypatch.setenv("DRAFTER_SOFFICE", str(wrapper))
    out = tmp_path / "letters"
    argv = ["merge", str(EXAMPLES / "merge-letter.yaml"), "--recipients"]
    argv += [str(EXAMPLES / "recipients.csv"), "--profile", str(EXAMPLES / "profile.yaml")]
    assert main([*argv, "--out", str(out), "--format", "pdf", "--date", "2026-12-01"]) == 0
    capsys.readouterr()
    letters = sorted(out.glob("*.pdf"))
    rows = len((EXAMPLES / "recipients.csv").read_text().splitlines()) - 1
    assert len(letters) == rows
    runs = log.read_text().splitlines()
    assert len(runs) == 1 and len(runs[0].split()) == rows  # one run converted them all
    for letter in letters:
        assert str(catalog(letter)["/Lang"]) == "en-GB"
    assert sorted(os.listdir(out)) == [p.name for p in letters]  # nothing left behind
