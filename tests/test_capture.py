"""Capturing sources (HTML, PDF, DOCX, text), adding verified facts, and verify, end to end.

Every document here is made by the test, about fictional organisations.
"""

from __future__ import annotations

import re
from pathlib import Path

import docx
import pytest

from drafter.cli import main
from drafter.facts.capture import capture, passages
from drafter.facts.layers import read_layers

HTML = """<!doctype html>
<html><head><meta charset="utf-8"><title>News | Harbour Trust</title>
<meta property="og:title" content="Harbour dues to rise by 4% from April">
<meta name="author" content="Example Harbour Trust">
<meta property="article:published_time" content="2026-03-04T10:00:00Z">
<meta property="og:site_name" content="Example Harbour Trust">
<link rel="canonical" href="https://example.org/news/harbour-dues">
<script>var tracking = "the cost of dredging";</script></head>
<body><header><nav>Home · News · Contact</nav></header>
<main><h1>Harbour dues to rise</h1>
<p>The Trust announced today that harbour dues will rise by 4% from April.</p>
<p>The chair said the rise “reflects the cost of dredging the channel”.</p>
<ul><li>Moorings are unchanged.</li></ul></main>
<footer><p>Copyright the Harbour Trust. Sign up to our newsletter.</p></footer>
</body></html>
"""


def make_pdf(path: Path, pages: list[list[str]], title: str = "") -> None:
    """A small PDF with one line of Helvetica text a line of `pages`, written by hand."""
    objects: list[bytes] = []
    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(len(pages)))
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>".encode())
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    for number, lines in enumerate(pages):
        content = "BT /F1 12 Tf 72 720 Td 14 TL " + " ".join(
            "(" + line.replace("(", r"\(").replace(")", r"\)") + ") Tj T*" for line in lines
        )
        content += " ET"
        stream = content.encode("latin-1")
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font "
            f"<< /F1 3 0 R >> >> /Contents {5 + 2 * number} 0 R >>".encode()
        )
        objects.append(
            b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream"
        )
    info = f"<< /Title ({title}) >>".encode() if title else b"<< >>"
    objects.append(info)
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for index, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{index} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info {len(objects)} 0 R >>\n"
        f"startxref\n{xref}\n%%EOF\n"
    ).encode()
    path.write_bytes(bytes(out))


def make_docx(path: Path) -> None:
    document = docx.Document()
    document.add_heading("Reply to the Harbour Trust", level=1)
    document.add_paragraph("Thank you for your letter of 2 March about harbour dues.")
    document.add_paragraph("The Department has no plans to cap harbour dues this year.")
    document.add_paragraph("I am copying this reply to the Harbour Trust's chair.")
    document.core_properties.title = "Letter to the Harbour Trust"
    document.save(str(path))


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def documents(tmp_path: Path) -> dict[str, Path]:
    folder = tmp_path / "downloads"
    folder.mkdir()
    (folder / "dues.html").write_text(HTML, encoding="utf-8")
    make_pdf(
        folder / "report.pdf",
        [
            ["Annual report of the Harbour Trust", "Summary of the year"],
            ["The Trust dredged 12,000 tonnes of silt in 2025.", "Costs rose by a third."],
        ],
        title="Harbour Trust annual report 2025",
    )
    make_docx(folder / "reply.docx")
    return {"html": folder / "dues.html", "pdf": folder / "report.pdf",
            "docx": folder / "reply.docx"}  # fmt: skip


def test_each_format_is_captured_as_numbered_passages(documents: dict[str, Path]) -> None:
    html = capture(documents["html"])
    assert [p.locator for p in html.passages] == ["", "para 1", "para 2", "para 3"]
    assert (
        html.passages[2].text
        == "The chair said the rise “reflects the cost of dredging the channel”."
    )
    # Navigation, footer and scripts are not the document.
    assert "newsletter" not in html.archive_text() and "tracking" not in html.archive_text()
    assert html.metadata == {
        "title": "Harbour dues to rise by 4% from April",
        "author": "Example Harbour Trust",
        "date": "2026-03-04",
        "organisation": "Example Harbour Trust",
        "url": "https://example.org/news/harbour-dues",
    }
    pdf = capture(documents["pdf"])
    assert [p.locator for p in pdf.passages] == ["p 1", "p 2"]
    assert "12,000 tonnes" in pdf.passages[1].text
    assert pdf.metadata["title"] == "Harbour Trust annual report 2025"
    word = capture(documents["docx"])
    assert [p.locator for p in word.passages] == ["", "para 1", "para 2", "para 3"]
    assert word.metadata["title"] == "Letter to the Harbour Trust"
    # The archive reads back as the same passages.
    assert passages(word.archive_text()) == [p for p in word.passages if p.locator]


def test_capture_add_verify_end_to_end(
    tmp_path: Path, documents: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    office = tmp_path / "office" / "facts.yaml"
    office.parent.mkdir()
    code, out, err = run(capsys, "sources", "add", str(documents["html"]), "--id",
                         "trust-dues-2026", "--to", str(office))  # fmt: skip
    assert code == 0, err
    assert "is now the office fact file" in err
    assert "from the document's metadata: title, author, date, organisation, url" in err
    assert read_layers().office == office.absolute()
    archive = office.parent / "sources" / "trust-dues-2026.txt"
    assert "[para 2] The chair said the rise" in archive.read_text(encoding="utf-8")
    # The office file is the default from now on: no --to.
    code, _, err = run(capsys, "sources", "add", str(documents["pdf"]), "--id", "trust-report-2025",
                       "--author", "Example Harbour Trust", "--date", "2026-01-15")  # fmt: skip
    assert code == 0, err
    code, _, err = run(capsys, "sources", "add", str(documents["docx"]), "--id", "dept-reply-2026",
                       "--type", "letter", "--author", "Minister for Harbours",
                       "--date", "2026-03-10")  # fmt: skip
    assert code == 0, err
    text = office.read_text(encoding="utf-8")
    assert re.search(r"sha256: \"?[0-9a-f]{64}", text) and "captured: " in text

    added = []
    for source, quote, statement in [
        ("trust-dues-2026", "reflects the cost of dredging the channel",
         "The Harbour Trust's chair said in March 2026 that the rise reflected dredging costs."),
        ("trust-report-2025", "dredged 12,000 tonnes of silt",
         "The Harbour Trust reported that it dredged 12,000 tonnes of silt in 2025."),
        ("dept-reply-2026", "no plans to cap harbour dues",
         "The Department said in March 2026 that it had no plans to cap harbour dues."),
    ]:  # fmt: skip
        code, out, err = run(capsys, "facts", "add", "--source", source, "--quote", quote,
                             "--statement", statement, "--topic", "uk-china-relations",
                             "--kind", "finding")  # fmt: skip
        assert code == 0, err
        added.append(out)
    assert "added at para 2" in added[0]
    assert "added at p 2" in added[1]
    assert "added at para 2" in added[2]
    assert "(suggested; give --id to choose)" in added[0]

    code, out, err = run(capsys, "facts", "verify")
    assert code == 0, err
    assert out.startswith("3 quotes found, 0 missing, 44 unverified; 3 locators right, 0 wrong; "
                          "3 archives unchanged, 0 changed")  # fmt: skip

    # The archive edited: its hash no longer matches, said at the source's line.
    saved = archive.read_text(encoding="utf-8")
    archive.write_text(saved.replace("by 4%", "by 5%"), encoding="utf-8")
    code, out, err = run(capsys, "facts", "verify")
    assert code == 1
    failures = [line for line in err.splitlines() if "unverified" not in line]
    assert failures == [
        f"{office.absolute()}:4: the archive of source 'trust-dues-2026' ({archive.absolute()}) "
        "has changed since it was captured (its SHA-256 differs); restore it, or capture the "
        "source again"
    ]
    # The quote moved to another paragraph: the locator fails as well, at the fact's line.
    moved = saved.replace("The chair said the rise “reflects the cost of dredging the channel”.",
                          "The chair spoke.")  # fmt: skip
    moved = moved.replace("[para 3] Moorings are unchanged.",
                          "[para 3] Moorings are unchanged; the rise “reflects the cost of "
                          "dredging the channel”.")  # fmt: skip
    archive.write_text(moved, encoding="utf-8")
    code, out, err = run(capsys, "facts", "verify")
    assert code == 1
    fact_line = next(
        n for n, line in enumerate(office.read_text().splitlines(), 1) if "- id: trust-" in line
    )
    assert (
        f"{office.absolute()}:{fact_line}: the locator of 'trust-harbour-chair-march-2026-rise' "
        "is para 2, but the quote is in para 3"
    ) in err.splitlines()
    assert "1 locators wrong" not in out and "2 locators right, 1 wrong" in out
    archive.write_text(saved, encoding="utf-8")
    assert run(capsys, "facts", "verify")[0] == 0


def test_facts_add_refuses_a_quote_that_is_not_there_with_the_closest_passage(
    tmp_path: Path, documents: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    office = tmp_path / "facts.yaml"
    assert run(capsys, "sources", "add", str(documents["html"]), "--id", "trust-dues",
               "--to", str(office))[0] == 0  # fmt: skip
    before = office.read_text(encoding="utf-8")
    code, _, err = run(capsys, "facts", "add", "--source", "trust-dues", "--quote",
                       "reflects the costs of dredging the channel", "--statement", "S.",
                       "--topic", "uk-china-relations")  # fmt: skip
    assert code == 1
    assert "the quote is not in the archive of 'trust-dues'" in err
    assert "the closest passage (para 2)" in err
    assert 'reflects the cost of dredging the channel".”' in err
    assert office.read_text(encoding="utf-8") == before
    # A quote from text that is not the document (the footer) is not there either.
    code, _, err = run(capsys, "facts", "add", "--source", "trust-dues", "--quote",
                       "Sign up to our newsletter", "--statement", "S.",
                       "--topic", "uk-china-relations")  # fmt: skip
    assert code == 1


def test_facts_add_keeps_comments_and_order_and_checks_what_it_is_given(
    tmp_path: Path, documents: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    office = tmp_path / "facts.yaml"
    assert run(capsys, "sources", "add", str(documents["docx"]), "--id", "dept-reply",
               "--type", "letter", "--author", "Minister", "--date", "2026-03-10",
               "--to", str(office))[0] == 0  # fmt: skip
    text = office.read_text(encoding="utf-8") + (
        "facts:\n  # our first fact, kept as written\n  - id: dept-thanks\n"
        "    topics: [uk-china-relations]\n    statement: 'The Department thanked us.'\n"
        "    source: dept-reply\n    quote: Thank you for your letter\n    as_of: 2026-03-10\n"
        "    kind: event  # an event: it does not go stale\n"
    )
    office.write_text(text, encoding="utf-8")
    code, _, err = run(capsys, "facts", "add", "--source", "dept-reply", "--quote",
                         "copying this reply", "--statement", "The Minister copied the reply.",
                         "--topic", "uk-china-relations", "--id", "dept-copied",
                         "--tag", "harbours", "--kind", "event")  # fmt: skip
    assert code == 0, err
    new = office.read_text(encoding="utf-8")
    assert new.startswith(text)
    assert new[len(text) :] == (
        "  - id: dept-copied\n    topics: [uk-china-relations]\n"
        '    statement: "The Minister copied the reply."\n    source: dept-reply\n'
        "    quote: copying this reply\n    locator: para 3\n    as_of: 2026-03-10\n"
        "    tags: [harbours]\n    kind: event\n"
    )
    code, _, err = run(capsys, "facts", "add", "--source", "dept-reply", "--quote", "Thank you",
                       "--statement", "S.", "--topic", "harbour", "--id", "dept-copied",
                       "--kind", "opinion", "--locator", "para 2")  # fmt: skip
    assert code == 1
    assert "no topic 'harbour'" in err
    assert "unknown kind 'opinion'" in err
    assert "fact id 'dept-copied' is taken" in err
    assert "the quote is in para 1, not para 2" in err
    assert office.read_text(encoding="utf-8") == new
    assert run(capsys, "facts", "check")[0] == 0


def test_missing_source_fields_are_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    note = tmp_path / "note.txt"
    note.write_text("A first paragraph.\n\nA second paragraph.\n", encoding="utf-8")
    code, _, err = run(capsys, "sources", "add", str(note), "--id", "a-note",
                       "--to", str(tmp_path / "facts.yaml"))  # fmt: skip
    assert code == 1
    assert "the source has no type or title or author or date" in err
    assert "give --type, --title, --author, --date" in err
    assert not (tmp_path / "facts.yaml").exists()
    assert not (tmp_path / "sources").exists()


def test_a_source_id_already_in_the_file_is_named_and_replaced_only_with_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], documents: dict[str, Path]
) -> None:
    office = tmp_path / "office.yaml"
    add = ["sources", "add", str(documents["html"]), "--id", "harbour-dues", "--to", str(office)]
    assert run(capsys, *add)[0] == 0
    before = office.read_text(encoding="utf-8")
    code, _, err = run(capsys, *add)
    assert code == 1
    assert f"{office}:4: source 'harbour-dues' is already in this file" in err
    assert office.read_text(encoding="utf-8") == before
    code, _, err = run(capsys, *add, "--title", "Harbour dues: the Trust's notice", "--force")
    assert code == 0, err
    after = office.read_text(encoding="utf-8")
    assert after.count("harbour-dues:") == 1
    assert 'title: "Harbour dues: the Trust\'s notice"' in after
    assert run(capsys, "facts", "verify", "--add-facts", str(office))[0] == 0


def test_a_fact_base_drafter_can_load_is_one_facts_add_can_grow(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Editing reads a fact file under the same size limit as loading (a 100,000-fact file)."""
    from drafter.yamlio import MAX_FILE_BYTES

    note = tmp_path / "note.txt"
    note.write_text("A first paragraph.\n\nA second paragraph.\n", encoding="utf-8")
    office = tmp_path / "facts.yaml"
    assert run(capsys, "sources", "add", str(note), "--id", "a-note", "--type", "report",
               "--title", "A note", "--author", "Example Trust", "--date", "2026-03-10",
               "--to", str(office))[0] == 0  # fmt: skip
    # Larger than a general YAML file may be, well within a fact base's limit.
    padding = "# " + "x" * (MAX_FILE_BYTES + 1_000_000) + "\n"
    office.write_text(padding + office.read_text(encoding="utf-8"), encoding="utf-8")
    code, _, err = run(capsys, "facts", "add", "--source", "a-note", "--quote",
                       "A second paragraph", "--statement", "The Trust wrote a second paragraph.",
                       "--topic", "uk-china-relations", "--id", "a-second")  # fmt: skip
    assert code == 0, err
    assert "  - id: a-second\n" in office.read_text(encoding="utf-8")
