"""RenderedDocument -> DOCX: a letter or briefing note with real Word footnotes.

`DocxExporter` reads its reference document (house style) once; each export then writes
only the parts that differ between letters (document, footnotes, comments, numbering,
core properties and their relationships) as XML strings and zips them with the
reference's unchanging parts. That keeps a mail merge of a thousand letters fast while
every letter still opens in Word and LibreOffice with renumbering footnotes, real list
numbering, clickable links and, in a review copy, a comment on every cited passage.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path

from drafter.document import Footnote, LetterFrame, RenderedDocument
from drafter.errors import ExportError
from drafter.export.docx.body import BodyWriter, Links, Lists, keep_with_next
from drafter.export.docx.drawing import inline_picture
from drafter.export.docx.package import HouseStyle
from drafter.export.docx.xml import (
    REL_TYPE,
    W_ROOT_ATTRS,
    XML_DECL,
    paragraph,
    relationships,
    run,
    run_props,
    text,
)
from drafter.export.docx.zipwriter import ZipEntry, build_zip
from drafter.images import ImageError, PngImage, read_png
from drafter.textfmt import uk_date

COMMENT_AUTHOR = "drafter"
_SOURCES_HEADING = re.compile(
    r"^#{1,6}\s+(sources|further reading)\b", re.IGNORECASE | re.MULTILINE
)
_SEPARATORS = (
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240" '
    'w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" '
    'w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p>'
    "</w:footnote>"
)
_CORE_ROOT = (
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
    'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
)
_APP_XML = (
    f'{XML_DECL}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
    'extended-properties"><Application>drafter</Application></Properties>'
).encode()
_PACKAGE_RELS = relationships(
    [
        ("rId1", REL_TYPE + "officeDocument", "word/document.xml", False),
        (
            "rId2",
            "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties",
            "docProps/core.xml",
            False,
        ),
        ("rId3", REL_TYPE + "extended-properties", "docProps/app.xml", False),
    ]
)
_BODY_CACHE_SIZE = 64
_HEADING_RULE = (
    '<w:pBdr><w:bottom w:val="single" w:sz="4" w:space="6" w:color="A6A6A6"/></w:pBdr>'
    '<w:spacing w:after="360"/>'
)


def _timestamp(day: dt.date) -> str:
    """A document's date as a W3CDTF timestamp at midnight UTC: the same on every export."""
    return f"{day.isoformat()}T00:00:00Z"


@dataclass(frozen=True, slots=True)
class _Body:
    """A body written once: its XML and what it cited, linked and numbered."""

    xml: str
    cited: tuple[int, ...]
    comments: tuple[int, ...]
    links: tuple[tuple[str, str], ...]
    nums: tuple[str, ...]
    next_num_id: int
    heading_offset: int


class DocxExporter:
    """Exports RenderedDocuments to DOCX in one house style (a reference document)."""

    def __init__(self, reference_doc: Path | None = None) -> None:
        self.house_style = HouseStyle.load(reference_doc)
        style = self.house_style
        self._folder = posixpath.dirname(style.document_part)
        self._rels_part = f"{self._folder}/_rels/{posixpath.basename(style.document_part)}.rels"
        self._document_rels = [rel.as_tuple() for rel in style.document_rels]
        self._document_rels.append(
            ("rIdDrFootnotes", REL_TYPE + "footnotes", "footnotes.xml", False)
        )
        package_rels = _PACKAGE_RELS.replace("word/document.xml", style.document_part)
        # The parts every letter shares are compressed here, once.
        self._head = (
            ZipEntry.deflate("[Content_Types].xml", style.content_types.encode()),
            ZipEntry.deflate("_rels/.rels", package_rels.encode()),
            ZipEntry.deflate("docProps/app.xml", _APP_XML),
        )
        self._head_review = (
            ZipEntry.deflate("[Content_Types].xml", style.content_types_review.encode()),
            *self._head[1:],
        )
        self._static = tuple(ZipEntry.deflate(name, data) for name, data in style.static_parts)
        # A merge sends one body to many recipients: write each distinct body once.
        self._bodies: dict[tuple[str, int, bool], _Body] = {}
        # And its letters cite the same sources: each distinct set of notes is written
        # once (the part, and the links it holds), whatever the bodies around them.
        self._notes: dict[tuple[str, ...], tuple[str, tuple[tuple[str, str], ...]]] = {}
        # The signature image: read once for a merge, placed in a part of its own.
        self._signatures: dict[str, PngImage] = {}
        taken = {name for name, _ in style.static_parts}
        number = 1
        self._signature_part = f"{self._folder}/media/drafter-signature.png"
        while self._signature_part in taken:
            number += 1
            self._signature_part = f"{self._folder}/media/drafter-signature-{number}.png"
        self._signature_target = posixpath.relpath(self._signature_part, self._folder)
        self._signature_rel = style.rel_prefix + "Sig"

    def _signature(self, doc: RenderedDocument) -> PngImage | None:
        """The letter's signature image, read and checked once; None when it has none."""
        path = doc.frame.signature if doc.frame is not None else ""
        if not path:
            return None
        image = self._signatures.get(path)
        if image is None:
            try:
                image = read_png(Path(path))
            except ImageError as exc:
                raise ExportError.single(
                    path,
                    f"cannot use the signature image: {exc}",
                    "give a PNG of your signature as 'signature:' in your profile, or remove it",
                ) from None
            self._signatures[path] = image
        return image

    def _body(self, doc: RenderedDocument, review: bool) -> tuple[_Body, BodyWriter]:
        style = self.house_style
        key = (doc.body, len(doc.footnotes), review)
        body = self._bodies.get(key)
        writer = BodyWriter(
            footnote_count=len(doc.footnotes),
            links=Links(style.rel_prefix),
            lists=Lists(style.bullet_num_id, style.numbered_abstract_id, style.first_free_num_id),
            review=review,
        )
        if body is None:
            xml = writer.blocks(doc.body)
            body = _Body(
                xml=xml,
                cited=tuple(writer.cited),
                comments=tuple(writer.comments),
                links=tuple(writer.links.ids.items()),
                nums=tuple(writer.lists.nums),
                next_num_id=writer.lists.next_num_id,
                heading_offset=writer.heading_offset,
            )
            if len(self._bodies) >= _BODY_CACHE_SIZE:
                self._bodies.clear()
            self._bodies[key] = body
        else:
            writer.cited = list(body.cited)
            writer.comments = list(body.comments)
            writer.links.ids = dict(body.links)
            writer.lists.nums = list(body.nums)
            writer.lists.next_num_id = body.next_num_id
            writer.heading_offset = body.heading_offset
        return body, writer

    def to_bytes(self, doc: RenderedDocument, *, review: bool = False) -> bytes:
        """The DOCX file for `doc`; with `review`, a comment on every citation."""
        style = self.house_style
        body, writer = self._body(doc, review)
        signature = self._signature(doc)
        if doc.kind == "letter" and doc.frame is not None:
            picture = ""
            if signature is not None:
                picture = inline_picture(
                    self._signature_rel,
                    signature,
                    name="Signature",
                    description=f"Signature of {doc.frame.sender_name}",
                )
            content = _letter(body.xml, doc, doc.frame, picture)
            section = style.letter_section
        else:
            content = _briefing(body.xml, writer, doc)
            section = style.briefing_section
        document = (
            f"{XML_DECL}<w:document {W_ROOT_ATTRS}><w:body>{content}{section}</w:body></w:document>"
        )
        footnotes, footnote_links = self._footnotes_part(doc, writer)
        numbering = style.numbering_head + "".join(writer.lists.nums) + style.numbering_tail
        rels = [*self._document_rels, *writer.links.relationships()]
        parts = [
            ("docProps/core.xml", _core_properties(doc)),
            (style.document_part, document),
            (f"{self._folder}/footnotes.xml", footnotes),
            (style.numbering_part, numbering),
        ]
        if review:
            rels.append(("rIdDrComments", REL_TYPE + "comments", "comments.xml", False))
            parts.append((f"{self._folder}/comments.xml", _comments(doc, writer)))
        head = self._head_review if review else self._head
        images: list[ZipEntry] = []
        if signature is not None and doc.kind == "letter":
            rels.append((self._signature_rel, REL_TYPE + "image", self._signature_target, False))
            override = (
                f'<Override PartName="/{self._signature_part}" ContentType="image/png"/></Types>'
            )
            content_types = (style.content_types_review if review else style.content_types).replace(
                "</Types>", override
            )
            head = (ZipEntry.deflate("[Content_Types].xml", content_types.encode()), *head[1:])
            # PNG data is compressed already: stored at the lowest level costs no time.
            images.append(ZipEntry.deflate(self._signature_part, signature.data, 1))
        parts.append((self._rels_part, relationships(rels)))
        if footnote_links.ids:
            parts.append(
                (
                    f"{self._folder}/_rels/footnotes.xml.rels",
                    relationships(footnote_links.relationships()),
                )
            )
        entries = [
            *head,
            *(ZipEntry.deflate(name, xml.encode("utf-8"), 1) for name, xml in parts),
            *images,
            *self._static,
        ]
        return build_zip(entries, doc.date)

    def _footnotes_part(self, doc: RenderedDocument, writer: BodyWriter) -> tuple[str, Links]:
        """The footnotes part of `doc` and its links, written once per distinct set."""
        prefix = self.house_style.rel_prefix + "F"
        key = tuple(doc.footnotes[number - 1].text for number in writer.cited)
        cached = self._notes.get(key)
        if cached is not None:
            return cached[0], Links(prefix, dict(cached[1]))
        links = Links(prefix)
        numbered = len(writer.lists.nums)
        notes_writer = BodyWriter(footnote_count=0, links=links, lists=writer.lists)
        xml = _footnotes(notes_writer, doc.footnotes, writer.cited)
        if len(writer.lists.nums) == numbered:  # nothing of the document's own was used
            if len(self._notes) >= _BODY_CACHE_SIZE:
                self._notes.clear()
            self._notes[key] = (xml, tuple(links.ids.items()))
        return xml, links


def _lines(lines: tuple[str, ...] | list[str], style: str, first_props: str = "") -> list[str]:
    return [
        paragraph(run(line), style, first_props if index == 0 else "")
        for index, line in enumerate(line for line in lines if line.strip())
    ]


def _letter(body: str, doc: RenderedDocument, frame: LetterFrame, picture: str = "") -> str:
    """Sender, date, references, recipient, salutation, subject, body, close, signature."""
    out = _lines(frame.sender_address, "SenderAddress")
    out.append(paragraph(run(uk_date(frame.date)), "Date"))
    refs = [f"Our ref: {frame.our_ref}" * bool(frame.our_ref)]
    refs.append(f"Your ref: {frame.your_ref}" * bool(frame.your_ref))
    out += _lines(refs, "LetterReference")
    # After references, leave a line before the recipient's block.
    gap = '<w:spacing w:before="240"/>' if frame.our_ref or frame.your_ref else ""
    out += _lines(frame.recipient_block, "RecipientAddress", gap)
    out.append(paragraph(run(frame.salutation), "Salutation"))
    subject = frame.subject or doc.title
    if subject:
        out.append(paragraph(run(subject), "LetterSubject"))
    # The body's last paragraph goes over the page with the valediction, never alone.
    last = body.rfind("<w:p>")
    out.append(body[:last] + keep_with_next(body[last:]) if last >= 0 else body)
    out.append(paragraph(run(frame.valediction), "Closing"))
    if picture:  # the signature fills the space left for signing by hand
        out.append(paragraph(picture, "SignatureImage"))
        out.append(paragraph(run(frame.sender_name), "Signature", '<w:spacing w:before="0"/>'))
    else:
        out.append(paragraph(run(frame.sender_name), "Signature"))
    out += _lines((frame.sender_title,), "SignatureTitle")
    return "".join(out)


def _briefing(body: str, writer: BodyWriter, doc: RenderedDocument) -> str:
    """Title, topic, date, "Prepared by", the body and a list of sources."""
    out = [paragraph(run(doc.title), "Title")]
    if doc.topic_title:
        out.append(paragraph(run(doc.topic_title), "Subtitle"))
    details = [uk_date(doc.date)]
    prepared_by = doc.prepared_by or doc.author
    if prepared_by:
        details.append(f"Prepared by {prepared_by}")
    # A rule under the last line closes the note's heading block.
    out += [paragraph(run(line), "DocumentDetails") for line in details[:-1]]
    out.append(paragraph(run(details[-1]), "DocumentDetails", _HEADING_RULE))
    out.append(body)
    if doc.sources and not _SOURCES_HEADING.search(doc.body):
        out.append(paragraph(run("Sources"), "Heading1"))
        num_id = writer.lists.numbered(1)
        numbering = f'<w:numPr><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr>'
        out += [
            paragraph(writer.footnote_text(source), "ListParagraph", numbering)
            for source in doc.sources
        ]
    return "".join(out)


def _footnotes(writer: BodyWriter, notes: tuple[Footnote, ...], cited: list[int]) -> str:
    """The footnotes part: Word's two separators, then each cited note in its style."""
    items = [_SEPARATORS]
    for number in cited:
        items.append(
            f'<w:footnote w:id="{number}"><w:p><w:pPr><w:pStyle w:val="FootnoteText"/></w:pPr>'
            f"<w:r>{run_props('FootnoteReference')}<w:footnoteRef/></w:r>{run(' ')}"
            f"{writer.footnote_text(notes[number - 1].inline)}</w:p></w:footnote>"
        )
    return f"{XML_DECL}<w:footnotes {W_ROOT_ATTRS}>{''.join(items)}</w:footnotes>"


def _comments(doc: RenderedDocument, writer: BodyWriter) -> str:
    """One comment per citation: the quote, its source and how current it is."""
    when = _timestamp(doc.date)
    items = []
    for index, number in enumerate(writer.comments):
        comment_id = writer.comment_id(index)
        note = doc.footnotes[number - 1]
        lines = (
            f"\u201c{note.quote}\u201d",
            note.full_citation or note.text,
            f"Fact {note.fact_id}, as of {uk_date(note.as_of)}",
        )
        paragraphs = [
            paragraph(
                (
                    f"<w:r>{run_props('CommentReference')}<w:annotationRef/></w:r>"
                    if index == 0
                    else ""
                )
                + run(line),
                "CommentText",
            )
            for index, line in enumerate(lines)
        ]
        items.append(
            f'<w:comment w:id="{comment_id}" w:author="{COMMENT_AUTHOR}" w:date="{when}" '
            f'w:initials="dr">{"".join(paragraphs)}</w:comment>'
        )
    return f"{XML_DECL}<w:comments {W_ROOT_ATTRS}>{''.join(items)}</w:comments>"


def _core_properties(doc: RenderedDocument) -> str:
    when = _timestamp(doc.date)
    kind = "Letter" if doc.kind == "letter" else "Briefing note"
    return (
        f"{XML_DECL}{_CORE_ROOT}"
        f"<dc:title>{text(doc.title)}</dc:title>"
        f"<dc:subject>{text(doc.topic_title)}</dc:subject>"
        f"<dc:creator>{text(doc.author)}</dc:creator>"
        f"<cp:keywords>{text(', '.join(doc.fact_ids))}</cp:keywords>"
        f"<dc:description>{text(f'{kind} from template {doc.template}')}</dc:description>"
        f"<cp:lastModifiedBy>{text(doc.author)}</cp:lastModifiedBy>"
        f"<cp:category>{kind}</cp:category>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{when}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{when}</dcterms:modified>'
        "</cp:coreProperties>"
    )
