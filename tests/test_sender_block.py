"""The sender's block and signature: each line once, contact lines labelled, a real picture."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree

from drafter.cli import main
from drafter.errors import DraftError
from drafter.export.pdf import docx_to_pdf, soffice_path
from drafter.people.contacts import load_profile
from drafter.people.sender import sender_block
from tests.pngs import signature_png

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# Filled in as the app's profile dialog suggests: the organisation is also the first line
# of the address.
AS_THE_APP_SUGGESTS = """\
name: Lord Example of Anytown
title: Member of the House of Lords
organisation: House of Lords
address: [House of Lords, London SW1A 0PW]
email: office@example.org
phone: 020 7946 0123
"""


def test_block_prints_each_line_once_and_labels_contact_lines() -> None:
    assert sender_block(
        "House of Lords",
        ["House of Lords", "London  SW1A 0PW", "house of lords."],
        phone="020 7946 0123",
        email="office@example.org",
    ) == (
        "House of Lords",
        "London SW1A 0PW",
        "Telephone: 020 7946 0123",
        "Email: office@example.org",
    )


def test_block_does_not_repeat_contact_details_already_in_the_address() -> None:
    block = sender_block(
        "", ["1 Parliament Street", "office@example.org"], email="office@example.org"
    )
    assert block == ("1 Parliament Street", "office@example.org")
    assert sender_block("", [], phone="", email="") == ()


def letter(
    tmp_path: Path,
    profile: str,
    name: str = "letter.docx",
    *,
    files: dict[str, bytes] | None = None,
) -> Path:
    folder = tmp_path / "office"
    folder.mkdir(exist_ok=True)
    for file_name, data in (files or {}).items():
        (folder / file_name).write_bytes(data)
    (folder / "profile.yaml").write_text(profile)
    out = tmp_path / name
    argv = ["-q", "draft", str(EXAMPLES / "minister-letter.yaml")]
    argv += [
        "--contacts",
        str(EXAMPLES / "contacts.yaml"),
        "--profile",
        str(folder / "profile.yaml"),
    ]
    assert main([*argv, "-o", str(out), "--date", "2026-12-01"]) == 0
    return out


def styled(path: Path, style: str) -> list[str]:
    return [p.text for p in docx.Document(str(path)).paragraphs if p.style.style_id == style]


def test_letter_sender_block_from_a_profile_filled_in_as_the_app_suggests(tmp_path: Path) -> None:
    out = letter(tmp_path, AS_THE_APP_SUGGESTS)
    assert styled(out, "SenderAddress") == [
        "House of Lords",
        "London SW1A 0PW",
        "Telephone: 020 7946 0123",
        "Email: office@example.org",
    ]


def test_signature_is_a_picture_above_the_printed_name(tmp_path: Path) -> None:
    picture = signature_png()
    out = letter(
        tmp_path,
        AS_THE_APP_SUGGESTS + "signature: signature.png\n",
        files={"signature.png": picture},
    )
    with zipfile.ZipFile(out) as package:
        assert package.read("word/media/drafter-signature.png") == picture  # a real image part
        rels = etree.fromstring(package.read("word/_rels/document.xml.rels"))
        types = package.read("[Content_Types].xml").decode()
        body = etree.fromstring(package.read("word/document.xml")).find(f"{W}body")
    image_rels = [r for r in rels if r.get("Type", "").endswith("/image")]
    assert [r.get("Target") for r in image_rels] == ["media/drafter-signature.png"]
    assert 'PartName="/word/media/drafter-signature.png" ContentType="image/png"' in types
    assert body is not None
    styles = [
        (p.find(f"{W}pPr/{W}pStyle").get(f"{W}val"), p)  # type: ignore[union-attr]
        for p in body.iter(f"{W}p")
        if p.find(f"{W}pPr/{W}pStyle") is not None
    ]
    names = [name for name, _ in styles]
    at = names.index("Closing")
    assert names[at : at + 4] == ["Closing", "SignatureImage", "Signature", "SignatureTitle"]
    drawing = styles[at + 1][1]
    blip = drawing.find(".//{http://schemas.openxmlformats.org/drawingml/2006/main}blip")
    assert blip is not None
    embed = blip.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}embed")
    assert embed == image_rels[0].get("Id")
    document = docx.Document(str(out))
    assert len(document.inline_shapes) == 1
    shape = document.inline_shapes[0]
    # 540 x 150 pixels at 300 dpi: 4.57 cm by 1.27 cm, within the space for a signature.
    assert round(shape.width.cm, 1) == 4.6
    assert round(shape.height.cm, 1) == 1.3
    doc_pr = drawing.find(
        ".//{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"
    )
    assert doc_pr is not None and doc_pr.get("descr") == "Signature of Lord Example of Anytown"


def test_without_a_signature_there_is_no_picture(tmp_path: Path) -> None:
    out = letter(tmp_path, AS_THE_APP_SUGGESTS)
    with zipfile.ZipFile(out) as package:
        assert not any("media/" in name for name in package.namelist())
    assert styled(out, "SignatureImage") == []


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({}, "signature 'signature.png': no such file"),
        (
            {"signature.png": b"GIF89a not a png"},
            "signature 'signature.png': it is not a PNG image",
        ),
        (
            {"signature.png": signature_png()[:60]},
            "signature 'signature.png': it is a damaged or cut-off PNG image (it has no end)",
        ),
    ],
)
def test_bad_signature_is_reported_at_its_line(
    tmp_path: Path, files: dict[str, bytes], message: str
) -> None:
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    profile = tmp_path / "profile.yaml"
    profile.write_text(AS_THE_APP_SUGGESTS + "signature: signature.png\n")
    with pytest.raises(DraftError) as caught:
        load_profile(profile)
    problem = caught.value.problems[0]
    assert (problem.file, problem.line, problem.message) == (str(profile), 7, message)
    assert "PNG" in problem.hint


def test_the_signed_example_profile_loads() -> None:
    sender = load_profile(EXAMPLES / "signed-profile.yaml")
    assert sender is not None and sender.signature == str(EXAMPLES / "signature.png")


@pytest.mark.skipif(
    soffice_path() is None or shutil.which("pdfimages") is None,
    reason="LibreOffice or poppler is not installed",
)
def test_libreoffice_prints_the_signature(tmp_path: Path) -> None:
    out = letter(
        tmp_path,
        AS_THE_APP_SUGGESTS + "signature: signature.png\n",
        files={"signature.png": signature_png()},
    )
    pdf = tmp_path / "letter.pdf"
    pdf.write_bytes(docx_to_pdf(out.read_bytes()))
    listing = subprocess.run(
        ["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True, timeout=60
    ).stdout.splitlines()[2:]
    images = [line.split() for line in listing if line.split()[2] == "image"]  # not its mask
    assert [columns[3:5] for columns in images] == [["540", "150"]]  # width, height
