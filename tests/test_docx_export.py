"""DOCX export: every file is read back (python-docx and the raw parts) and checked."""

from __future__ import annotations

import dataclasses
import datetime as dt
import errno
import io
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from docx.shared import Pt
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from drafter.document import Footnote, LetterFrame, RenderedDocument
from drafter.drafting.draft import Draft
from drafter.drafting.render import render
from drafter.drafting.templates import TemplateSet
from drafter.errors import ExportError
from drafter.export.docx import styles as house_style
from drafter.export.docx.exporter import DocxExporter
from drafter.export.formats import write_document
from drafter.facts.loader import FactBase, load_factbase
from drafter.paths import bundled_facts
from drafter.people.address import Recipient
from drafter.people.sender import Sender

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
URL = "https://www.amnesty.org.uk/press-releases/ukchina-red-lines-not-red-carpet"


def note(number: int, text: str, *, quote: str = "", fact_id: str = "") -> Footnote:
    return Footnote(
        number=number,
        text=text,
        fact_id=fact_id or f"fact-{number}",
        source_id=f"source-{number}",
        quote=quote or f"Quote number {number}.",
        as_of=dt.date(2023, 1, 8),
        full_citation=f"Full citation {number}.",
    )


FRAME = LetterFrame(
    sender_name="The Lord Alton of Liverpool",
    sender_title="Member of the House of Lords",
    sender_address=("House of Lords", "London SW1A 0PW"),
    date=dt.date(2025, 3, 3),
    recipient_block=(
        "The Rt Hon Catherine West MP",
        "Minister of State for the Indo-Pacific",
        "King Charles Street",
        "London SW1A 2AH",
    ),
    salutation="Dear Minister",
    valediction="Yours sincerely",
    our_ref="DA/2025/014",
    your_ref="MC2022/30120",
    subject="Xinjiang",
)
NOTES = (
    note(1, "Letter from the Minister of State to Lord Alton (8 January 2023) MC2022/30120."),
    note(2, f"Amnesty International UK, 'Red lines' (Press release, 13 February 2025) <{URL}>."),
    note(3, "ibid."),
)
BODY = (
    "I write about Xinjiang.\n\n"
    "The UK led the first joint statement.[^1] Amnesty called for *red lines*.[^2] "
    "It said so again.[^3]\n\n"
    "> Our leadership has sustained pressure.\n\n"
    "I ask:\n\n1. the first question;\n2. the **second** question.\n\n"
    "And then:\n\n1. another list\n\n- a bullet with [a link](https://www.gov.uk/)\n"
    "- line one  \n  line two\n\n"
    "I look forward to your response."
)
LETTER = RenderedDocument(
    kind="letter",
    template="minister-letter",
    title="Xinjiang",
    topic_id="xinjiang",
    topic_title="Xinjiang",
    date=dt.date(2025, 3, 3),
    author="The Lord Alton of Liverpool",
    body=BODY,
    footnotes=NOTES,
    frame=FRAME,
    fact_ids=("fact-1", "fact-2", "fact-3"),
)
BRIEFING = RenderedDocument(
    kind="briefing",
    template="briefing-note",
    title="Xinjiang: briefing",
    topic_id="xinjiang",
    topic_title="Xinjiang",
    date=dt.date(2025, 3, 3),
    author="Jane Smith",
    body="## Summary\n\nA summary.[^1]\n\n## Key facts\n\n- A fact.[^2]\n",
    footnotes=NOTES[:2],
    fact_ids=("fact-1", "fact-2"),
    prepared_by="Jane Smith, researcher",
    sources=("Source one.", f"Source two <{URL}>."),
)


@pytest.fixture(scope="module")
def exporter() -> DocxExporter:
    return DocxExporter()


def part(data: bytes, name: str) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return etree.fromstring(archive.read(name))


def part_names(data: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.namelist()


def footnote_texts(data: bytes) -> list[str]:
    """The text of each real footnote (not the separators), in document order."""
    root = part(data, "word/footnotes.xml")
    return [
        "".join(t.text or "" for t in fn.iter(f"{W}t")).strip()
        for fn in root.iter(f"{W}footnote")
        if fn.get(f"{W}type") is None
    ]


def texts(data: bytes) -> list[str]:
    return [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]


def styles(data: bytes) -> list[str]:
    return [p.style.name for p in docx.Document(io.BytesIO(data)).paragraphs]


# --- the letter ---------------------------------------------------------------------


def test_letter_frame_parts_in_order(exporter: DocxExporter) -> None:
    paragraphs = texts(exporter.to_bytes(LETTER))
    assert paragraphs[:11] == [
        "House of Lords",
        "London SW1A 0PW",
        "3 March 2025",
        "Our ref: DA/2025/014",
        "Your ref: MC2022/30120",
        "The Rt Hon Catherine West MP",
        "Minister of State for the Indo-Pacific",
        "King Charles Street",
        "London SW1A 2AH",
        "Dear Minister",
        "Xinjiang",
    ]
    assert paragraphs[11] == "I write about Xinjiang."
    assert paragraphs[-4:] == [
        "I look forward to your response.",
        "Yours sincerely",
        "The Lord Alton of Liverpool",
        "Member of the House of Lords",
    ]


def test_letter_frame_styles(exporter: DocxExporter) -> None:
    names = styles(exporter.to_bytes(LETTER))
    assert names[:3] == ["Sender Address", "Sender Address", "Date"]
    assert names[3:5] == ["Letter Reference"] * 2
    assert names[9:11] == ["Salutation", "Letter Subject"]
    assert names[-3:] == ["Closing", "Signature", "Signature Title"]


def test_references_left_out_when_not_given(exporter: DocxExporter) -> None:
    frame = dataclasses.replace(FRAME, our_ref="", your_ref="")
    paragraphs = texts(exporter.to_bytes(dataclasses.replace(LETTER, frame=frame)))
    assert not any(p.startswith(("Our ref", "Your ref")) for p in paragraphs)
    assert paragraphs[3] == "The Rt Hon Catherine West MP"


def test_one_footnote_per_citation_with_its_text(exporter: DocxExporter) -> None:
    data = exporter.to_bytes(LETTER)
    assert footnote_texts(data) == [n.text for n in NOTES]
    document = part(data, "word/document.xml")
    references = [r.get(f"{W}id") for r in document.iter(f"{W}footnoteReference")]
    assert references == ["1", "2", "3"]
    for reference in document.iter(f"{W}footnoteReference"):
        style = reference.getparent().find(f"{W}rPr/{W}rStyle")
        assert style is not None and style.get(f"{W}val") == "FootnoteReference"
    assert "[^" not in "".join(texts(data))


def test_footnotes_part_has_word_separators_and_styles(exporter: DocxExporter) -> None:
    root = part(exporter.to_bytes(LETTER), "word/footnotes.xml")
    notes = root.findall(f"{W}footnote")
    assert [(n.get(f"{W}type"), n.get(f"{W}id")) for n in notes[:2]] == [
        ("separator", "-1"),
        ("continuationSeparator", "0"),
    ]
    for real in notes[2:]:
        assert real.find(f"{W}p/{W}pPr/{W}pStyle").get(f"{W}val") == "FootnoteText"
        assert real.find(f".//{W}footnoteRef") is not None
    settings_root = part(exporter.to_bytes(LETTER), "word/settings.xml")
    ids = [f.get(f"{W}id") for f in settings_root.iter(f"{W}footnote")]
    assert ids == ["-1", "0"]


def test_footnote_urls_are_hyperlinks(exporter: DocxExporter) -> None:
    data = exporter.to_bytes(LETTER)
    footnotes = part(data, "word/footnotes.xml")
    links = list(footnotes.iter(f"{W}hyperlink"))
    assert len(links) == 1
    rels = part(data, "word/_rels/footnotes.xml.rels")
    targets = {r.get("Id"): (r.get("Target"), r.get("TargetMode")) for r in rels}
    assert targets[links[0].get(f"{R}id")] == (URL, "External")
    assert f"<{URL}>" in footnote_texts(data)[1]  # OSCOLA's angle brackets stay


def test_body_hyperlink_is_a_relationship(exporter: DocxExporter) -> None:
    data = exporter.to_bytes(LETTER)
    document = docx.Document(io.BytesIO(data))
    links = [link for p in document.paragraphs for link in p.hyperlinks]
    assert [(link.text, link.url) for link in links] == [("a link", "https://www.gov.uk/")]


def test_markdown_maps_to_word(exporter: DocxExporter) -> None:
    data = exporter.to_bytes(LETTER)
    document = docx.Document(io.BytesIO(data))
    by_text = {p.text: p for p in document.paragraphs}
    assert by_text["Our leadership has sustained pressure."].style.name == "Quote"
    second = by_text["the second question."]
    assert [r.text for r in second.runs if r.bold] == ["second"]
    amnesty = next(p for p in document.paragraphs if "red lines" in p.text)
    assert [r.text for r in amnesty.runs if r.italic] == ["red lines"]
    assert "line one\nline two" in by_text  # a hard break is a w:br, not a new paragraph


def test_lists_use_word_numbering_and_each_numbered_list_restarts(
    exporter: DocxExporter,
) -> None:
    data = exporter.to_bytes(LETTER)
    document = part(data, "word/document.xml")
    numbering = part(data, "word/numbering.xml")
    items = []
    for p in document.iter(f"{W}p"):
        num = p.find(f"{W}pPr/{W}numPr/{W}numId")
        if num is not None:
            items.append(("".join(t.text or "" for t in p.iter(f"{W}t")), num.get(f"{W}val")))
    assert [text for text, _ in items] == [
        "the first question;",
        "the second question.",
        "another list",
        "a bullet with a link",
        "line oneline two",  # w:t texts joined; the w:br between them is not text
    ]
    first, second, bullet = items[0][1], items[2][1], items[3][1]
    assert items[1][1] == first and first != second and items[4][1] == bullet
    nums = {n.get(f"{W}numId"): n for n in numbering.iter(f"{W}num")}
    abstracts = {a.get(f"{W}abstractNumId"): a for a in numbering.iter(f"{W}abstractNum")}
    for num_id in (first, second):
        start = nums[num_id].find(f"{W}lvlOverride/{W}startOverride")
        assert start is not None and start.get(f"{W}val") == "1"
        abstract = abstracts[nums[num_id].find(f"{W}abstractNumId").get(f"{W}val")]
        assert abstract.find(f"{W}lvl/{W}numFmt").get(f"{W}val") == "decimal"
    bullet_abstract = abstracts[nums[bullet].find(f"{W}abstractNumId").get(f"{W}val")]
    assert bullet_abstract.find(f"{W}lvl/{W}numFmt").get(f"{W}val") == "bullet"


def test_page_is_a4_with_page_numbers_from_page_two(exporter: DocxExporter) -> None:
    data = exporter.to_bytes(LETTER)
    section = docx.Document(io.BytesIO(data)).sections[0]
    assert round(section.page_width.cm, 1) == 21.0
    assert round(section.page_height.cm, 1) == 29.7
    assert section.different_first_page_header_footer
    assert "Page" not in "".join(p.text for p in section.first_page_footer.paragraphs)
    footer = etree.tostring(section.footer._element, encoding="unicode")
    assert "PAGE" in footer and "NUMPAGES" in footer
    assert section.footer.paragraphs[0].text.startswith("Page ")


def test_core_properties(exporter: DocxExporter) -> None:
    props = docx.Document(io.BytesIO(exporter.to_bytes(LETTER))).core_properties
    assert props.title == "Xinjiang"
    assert props.author == "The Lord Alton of Liverpool"
    assert props.subject == "Xinjiang"
    assert props.keywords == "fact-1, fact-2, fact-3"
    assert props.created == dt.datetime(2025, 3, 3, tzinfo=dt.UTC)


def test_same_document_gives_same_bytes(exporter: DocxExporter) -> None:
    assert exporter.to_bytes(LETTER) == DocxExporter().to_bytes(LETTER)


def test_zip_is_sound(exporter: DocxExporter) -> None:
    with zipfile.ZipFile(io.BytesIO(exporter.to_bytes(LETTER, review=True))) as archive:
        assert archive.testzip() is None
        assert archive.namelist()[0] == "[Content_Types].xml"


def test_repeated_reference_and_unknown_footnote(exporter: DocxExporter) -> None:
    doc = dataclasses.replace(LETTER, body="One.[^1] Again.[^1] Missing.[^9]", footnotes=NOTES[:1])
    data = exporter.to_bytes(doc)
    assert footnote_texts(data) == [NOTES[0].text]
    body = "".join(texts(data))
    assert "Missing.[^9]" in body and "Again.1" in body


# --- briefing notes -----------------------------------------------------------------


def test_briefing_layout(exporter: DocxExporter) -> None:
    data = exporter.to_bytes(BRIEFING)
    document = docx.Document(io.BytesIO(data))
    pairs = [(p.style.name, p.text) for p in document.paragraphs]
    assert pairs[:4] == [
        ("Title", "Xinjiang: briefing"),
        ("Subtitle", "Xinjiang"),
        ("Document Details", "3 March 2025"),
        ("Document Details", "Prepared by Jane Smith, researcher"),
    ]
    # The body's top headings become Heading 1; the sources close the note.
    assert ("Heading 1", "Summary") in pairs and ("Heading 1", "Key facts") in pairs
    assert pairs[-3:] == [
        ("Heading 1", "Sources"),
        ("List Paragraph", "Source one."),
        ("List Paragraph", f"Source two <{URL}>."),
    ]
    assert footnote_texts(data) == [NOTES[0].text, NOTES[1].text]
    section = document.sections[0]
    assert not section.different_first_page_header_footer  # page numbers on every page
    assert round(section.page_width.cm, 1) == 21.0


def test_briefing_with_its_own_sources_heading_gets_no_second(exporter: DocxExporter) -> None:
    doc = dataclasses.replace(BRIEFING, body=BRIEFING.body + "\n## Sources\n\n- Source one.\n")
    names = texts(exporter.to_bytes(doc))
    assert names.count("Sources") == 1


# --- review copy --------------------------------------------------------------------


def test_review_copy_has_one_comment_per_citation(exporter: DocxExporter) -> None:
    notes = tuple(
        dataclasses.replace(n, quote=q)
        for n, q in zip(NOTES, ("First quote.", "Second quote.", "Third quote."), strict=True)
    )
    data = exporter.to_bytes(dataclasses.replace(LETTER, footnotes=notes), review=True)
    comments = list(docx.Document(io.BytesIO(data)).comments)
    assert len(comments) == len(notes)
    for comment, n in zip(comments, notes, strict=True):
        assert comment.author == "drafter"
        assert f"\u201c{n.quote}\u201d" in comment.text
        assert n.full_citation in comment.text
        assert "as of 8 January 2023" in comment.text
    # Each comment spans the sentence it supports, ending at its footnote reference.
    document = part(data, "word/document.xml")
    paragraph = next(
        p for p in document.iter(f"{W}p") if p.find(f".//{W}footnoteReference") is not None
    )
    spans: dict[str, list[str]] = {}
    open_ids: list[str] = []
    for element in paragraph.iter():
        if element.tag == f"{W}commentRangeStart":
            open_ids.append(element.get(f"{W}id"))
            spans[element.get(f"{W}id")] = []
        elif element.tag == f"{W}commentRangeEnd":
            open_ids.remove(element.get(f"{W}id"))
        elif element.tag == f"{W}t":
            for comment_id in open_ids:
                spans.setdefault(comment_id, []).append(element.text or "")
    assert ["".join(span) for span in spans.values()] == [
        "The UK led the first joint statement.",
        "Amnesty called for red lines.",
        "It said so again.",
    ]


def test_plain_export_has_no_comments(exporter: DocxExporter) -> None:
    data = exporter.to_bytes(LETTER)
    assert not any("comments" in name for name in part_names(data))


# --- house style --------------------------------------------------------------------


def test_bundled_house_style_is_reproducible() -> None:
    assert house_style.BUNDLED_PATH.read_bytes() == house_style.reference_document()


def test_bundled_house_style_is_not_the_python_docx_look(exporter: DocxExporter) -> None:
    document = docx.Document(io.BytesIO(exporter.to_bytes(LETTER)))
    styles_root = document.styles.element
    fonts = styles_root.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}rFonts")
    assert fonts.get(f"{W}ascii") == "Arial"
    heading = document.styles["Heading 1"]
    assert heading.font.color.rgb is None  # black headings, not python-docx's blue


@pytest.fixture
def georgia_reference(tmp_path: Path) -> Path:
    """A reference document as someone would make it with python-docx or Word."""
    reference = docx.Document()
    normal = reference.styles["Normal"]
    normal.font.name = "Georgia"
    normal.font.size = Pt(12)
    reference.sections[0].footer.paragraphs[0].text = "Office of Lord Alton"
    path = tmp_path / "reference.docx"
    reference.save(str(path))
    return path


def test_reference_doc_gives_its_fonts_and_styles(georgia_reference: Path) -> None:
    data = DocxExporter(georgia_reference).to_bytes(LETTER)
    document = docx.Document(io.BytesIO(data))
    assert document.styles["Normal"].font.name == "Georgia"
    assert document.styles["Normal"].font.size == Pt(12)
    # Styles the reference lacks are added, based on its Normal so they take Georgia.
    sender = document.styles["Sender Address"]
    assert sender.base_style.name == "Normal"
    assert document.styles["footnote text"] is not None
    # Its footer is used, and the page stays A4.
    section = document.sections[0]
    assert section.footer.paragraphs[0].text == "Office of Lord Alton"
    assert round(section.page_width.cm, 1) == 21.0
    assert footnote_texts(data) == [n.text for n in NOTES]


def test_reference_doc_without_footer_gets_page_numbers(tmp_path: Path) -> None:
    path = tmp_path / "plain.docx"
    docx.Document().save(str(path))
    data = DocxExporter(path).to_bytes(LETTER)
    assert docx.Document(io.BytesIO(data)).sections[0].footer.paragraphs[0].text.startswith("Page")


def test_bad_reference_doc_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "not.docx"
    path.write_text("not a zip")
    with pytest.raises(ExportError, match="cannot read the reference document"):
        DocxExporter(path)
    with pytest.raises(ExportError, match="reference document not found"):
        DocxExporter(tmp_path / "missing.docx")


# --- writing files ------------------------------------------------------------------


def test_write_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    target = tmp_path / "letter.docx"
    target.write_bytes(b"earlier")
    with pytest.raises(ExportError, match="already exists"):
        write_document(LETTER, target)
    assert target.read_bytes() == b"earlier"
    write_document(LETTER, target, force=True)
    assert texts(target.read_bytes())[0] == "House of Lords"


def test_write_into_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="does not exist"):
        write_document(LETTER, tmp_path / "nowhere" / "letter.docx")


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write to read-only folders")
def test_write_into_read_only_folder_is_a_clear_error(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(ExportError, match="cannot"):
            write_document(LETTER, folder / "letter.docx")
    finally:
        folder.chmod(0o700)


def test_read_only_folder_simulated_even_for_root(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def denied(*_args: object, **_kwargs: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr("drafter.fileio._create_temporary", denied)
    with pytest.raises(ExportError, match="Permission denied") as caught:
        write_document(LETTER, tmp_path / "letter.docx")
    assert "folder you can write to" in caught.value.problems[0].hint


def test_locked_file_leaves_earlier_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "letter.docx"
    target.write_bytes(b"earlier")

    def locked(*_args: object) -> None:
        raise OSError(errno.EBUSY, "Device or resource busy")

    monkeypatch.setattr(os, "replace", locked)
    with pytest.raises(ExportError, match="busy") as caught:
        write_document(LETTER, target, force=True)
    assert "open in another program" in caught.value.problems[0].hint
    assert target.read_bytes() == b"earlier"
    assert [p.name for p in tmp_path.iterdir()] == ["letter.docx"]


def test_full_disk_leaves_earlier_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "letter.docx"
    target.write_bytes(b"earlier")

    def full(*_args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(ExportError, match="No space left") as caught:
        write_document(LETTER, target, force=True)
    assert "disk space" in caught.value.problems[0].hint
    assert target.read_bytes() == b"earlier"
    assert [p.name for p in tmp_path.iterdir()] == ["letter.docx"]


# --- anything a body may hold -------------------------------------------------------

_AWKWARD = st.lists(
    st.one_of(
        st.characters(),
        st.sampled_from(["<", "&", ">", "\x00", "\x0b", "\ufffe", "\ud800", "😀", "\n", "\t"]),
        st.sampled_from(["[^1]", "[^99]", "**", "*", "> ", "1. ", "- ", "# ", "[a](", ")", "`"]),
        st.sampled_from(["https://x.org/?a=1&b=<2>", "<https://x.org>", "  \n", ". "]),
    ),
    max_size=60,
).map("".join)


_EXPORTER = DocxExporter()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=_AWKWARD, footnote=_AWKWARD, title=_AWKWARD)
def test_any_text_gives_a_document_word_can_open(body: str, footnote: str, title: str) -> None:
    notes = (dataclasses.replace(NOTES[0], text=footnote or "x", quote=footnote),)
    doc = dataclasses.replace(
        LETTER,
        body=body,
        title=title,
        footnotes=notes,
        frame=dataclasses.replace(FRAME, salutation=title, recipient_block=(title,)),
    )
    for review in (False, True):
        data = _EXPORTER.to_bytes(doc, review=review)
        document = docx.Document(io.BytesIO(data))
        assert document.paragraphs
        for name in part_names(data):
            if name.endswith((".xml", ".rels")):
                part(data, name)  # every part is well-formed XML


# --- real letters from the bundled facts --------------------------------------------


@pytest.fixture(scope="module")
def factbase() -> FactBase:
    return load_factbase([bundled_facts()])


@pytest.fixture(scope="module")
def templates() -> TemplateSet:
    return TemplateSet.discover()


MINISTER_FACTS = [
    "fcdo-xinjiang-uk-first-un-joint-statement",
    "fcdo-xinjiang-un-third-committee-2022",
    "amnesty-challenge-xinjiang-tibet-repression",
    "amnesty-release-ilham-tohti",
]


def minister_letter(factbase: FactBase, templates: TemplateSet) -> RenderedDocument:
    draft = Draft(
        template="minister-letter",
        topic="xinjiang",
        facts=list(MINISTER_FACTS),
        recipient=Recipient(
            kind="minister",
            honorific="Ms",
            first_name="Catherine",
            last_name="West",
            office="Minister of State for the Indo-Pacific",
            privy_counsellor=True,
            organisation="Foreign, Commonwealth and Development Office",
            address=("King Charles Street", "London SW1A 2AH"),
        ),
        sender=Sender(
            name="The Lord Alton of Liverpool",
            title="Member of the House of Lords",
            organisation="House of Lords",
            address=("London SW1A 0PW",),
        ),
        fields={
            "subject": "The UK's response to human rights violations in Xinjiang",
            "occasion": "I write following the Foreign Office's letter to me of "
            "8 January 2023 on the UK's work at the United Nations on Xinjiang.",
            "asks": "What further steps will the Government take at the UN on Xinjiang?\n"
            "Will the Government press for the release of Ilham Tohti?",
        },
        date=dt.date(2026, 11, 23),
        our_ref="DA/2026/112",
        your_ref="MC2022/30120",
    )
    return render(draft, factbase, templates, today=dt.date(2026, 11, 23))


def briefing_note(factbase: FactBase, templates: TemplateSet) -> RenderedDocument:
    draft = Draft(
        template="briefing-note",
        topic="hong-kong",
        facts=[
            "fcdo-hong-kong-opposition-to-national-security-law",
            "fcdo-hong-kong-bno-route-launched",
            "fcdo-hong-kong-prosecution-of-democracy-figures-unacceptable",
            "amnesty-hong-kong-bounties-intimidate-critics",
            "amnesty-release-jimmy-lai-chow-hang-tung-ding-jiaxi",
        ],
        sender=Sender(name="Jane Smith", title="Researcher to Lord Alton"),
        fields={"occasion": "the House of Lords debate on Hong Kong on 3 December 2026"},
        date=dt.date(2026, 11, 23),
    )
    return render(draft, factbase, templates, today=dt.date(2026, 11, 23))


def test_real_letter_exports_with_a_footnote_per_citation(
    factbase: FactBase, templates: TemplateSet, exporter: DocxExporter
) -> None:
    doc = minister_letter(factbase, templates)
    data = exporter.to_bytes(doc)
    assert len(doc.footnotes) == len(MINISTER_FACTS)
    assert footnote_texts(data) == [n.text for n in doc.footnotes]
    paragraphs = texts(data)
    assert paragraphs[paragraphs.index(doc.frame.salutation) - 1] == doc.frame.recipient_block[-1]
    props = docx.Document(io.BytesIO(data)).core_properties
    assert props.keywords == ", ".join(doc.fact_ids)
    assert props.subject == "Xinjiang"


def test_real_letter_review_copy_holds_each_quote(
    factbase: FactBase, templates: TemplateSet, exporter: DocxExporter
) -> None:
    doc = minister_letter(factbase, templates)
    comments = list(docx.Document(io.BytesIO(exporter.to_bytes(doc, review=True))).comments)
    assert len(comments) == len(doc.footnotes)
    for comment, footnote in zip(comments, doc.footnotes, strict=True):
        assert footnote.quote in comment.text
        assert comment.author == "drafter"


def test_real_letter_takes_reference_doc_fonts(
    factbase: FactBase, templates: TemplateSet, georgia_reference: Path, tmp_path: Path
) -> None:
    target = write_document(
        minister_letter(factbase, templates),
        tmp_path / "letter.docx",
        reference_doc=georgia_reference,
    )
    document = docx.Document(str(target))
    assert document.styles["Normal"].font.name == "Georgia"
    body = next(p for p in document.paragraphs if "Ilham Tohti" in p.text)
    assert body.style.name in ("Normal", "List Paragraph")
    assert body.style.font.name in (None, "Georgia")  # None: inherited from Normal


def test_real_briefing_exports(
    factbase: FactBase, templates: TemplateSet, exporter: DocxExporter
) -> None:
    doc = briefing_note(factbase, templates)
    data = exporter.to_bytes(doc)
    assert footnote_texts(data) == [n.text for n in doc.footnotes]
    paragraphs = texts(data)
    assert paragraphs[0] == doc.title
    assert paragraphs.count("Sources") == 1
    assert any("<https://" in p for p in paragraphs[paragraphs.index("Sources") :])


# --- pandoc reads the footnotes as footnotes ----------------------------------------


@pytest.mark.skipif(shutil.which("pandoc") is None, reason="pandoc is not installed")
def test_pandoc_finds_the_footnotes(tmp_path: Path, exporter: DocxExporter) -> None:
    path = tmp_path / "letter.docx"
    path.write_bytes(exporter.to_bytes(LETTER))
    result = subprocess.run(
        ["pandoc", "-f", "docx", "-t", "markdown", str(path)],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    markdown = result.stdout
    assert re.findall(r"\[\^(\d+)\]:", markdown) == ["1", "2", "3"]
    assert "[^1]" in markdown.split("[^1]:")[0]
    assert "Letter from the Minister of State" in markdown.split("[^1]:")[1]
    assert "1.  the first question;" in markdown


def _xml_char(code: int) -> bool:
    """XML 1.0's Char production, as the specification writes it."""
    return (
        code in (0x9, 0xA, 0xD)
        or 0x20 <= code <= 0xD7FF
        or 0xE000 <= code <= 0xFFFD
        or 0x10000 <= code <= 0x10FFFF
    )


def test_clean_keeps_exactly_the_characters_xml_allows() -> None:
    from drafter.export.docx.xml import clean

    every = "".join(map(chr, range(0x110000)))
    assert clean(every) == "".join(c for c in every if _xml_char(ord(c)))
