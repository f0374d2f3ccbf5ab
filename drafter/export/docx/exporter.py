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
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from drafter.document import Footnote, LetterFrame, RenderedDocument
from drafter.errors import ExportError
from drafter.export.docx.body import BodyWriter, Links, Lists, keep_with_next
from drafter.export.docx.drawing import inline_picture
from drafter.export.docx.package import HouseStyle
from drafter.export.docx.xml import (
    CONTENT_TYPES,
    CORE_PROPERTIES_REL,
    CORE_ROOT_ATTRS,
    EXTENDED_PROPERTIES_NS,
    REL_TYPE,
    XML_DECL,
    bookmark,
    document,
    numbering_properties,
    paragraph,
    part,
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
_CORE_ROOT = f"<cp:coreProperties {CORE_ROOT_ATTRS}>"
_APP_XML = (
    f'{XML_DECL}<Properties xmlns="{EXTENDED_PROPERTIES_NS}">'
    "<Application>drafter</Application></Properties>"
).encode()
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
        # The parts every letter shares are compressed here, once.
        self._shared = (
            ZipEntry.deflate("_rels/.rels", _package_relationships(style.document_part).encode()),
            ZipEntry.deflate("docProps/app.xml", _APP_XML),
        )
        self._content_types = _content_types_entry(style.content_types())
        self._content_types_review = _content_types_entry(style.content_types(review=True))
        self._static = tuple(ZipEntry.deflate(name, data) for name, data in style.static_parts)
        # A merge sends one body to many recipients: write each distinct body once.
        self._bodies: dict[tuple[str, int, bool], _Body] = {}
        # And its letters cite the same sources: each distinct set of notes is written
        # once (the part, and the links it holds), whatever the bodies around them.
        self._notes: dict[tuple[str, ...], tuple[str, tuple[tuple[str, str], ...]]] = {}
        # The parts a merge's letters share although their bodies differ (the notes, the
        # numbering, the relationships), deflated once each: (name, XML) -> entry.
        self._deflated: dict[tuple[str, str], ZipEntry] = {}
        # The signature image: read once for a merge, placed in a part of its own.
        self._signatures: dict[str, PngImage] = {}
        self._taken = {name for name, _ in style.static_parts}
        self._signature_part = self._free_media_name("drafter-signature")
        self._signature_target = posixpath.relpath(self._signature_part, self._folder)
        self._signature_rel = style.rel_prefix + "Sig"

    def _free_media_name(self, stem: str, taken: set[str] | None = None) -> str:
        """A media part name the reference document does not use (nor `taken`)."""
        used = self._taken | (taken or set())
        number = 1
        name = f"{self._folder}/media/{stem}.png"
        while name in used:
            number += 1
            name = f"{self._folder}/media/{stem}-{number}.png"
        return name

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
        document_xml = document(content, section)
        footnotes, footnote_links = self._footnotes_part(doc, writer)
        numbering = style.numbering(writer.lists.nums)
        rels = [*self._document_rels, *writer.links.relationships()]
        parts = [
            ("docProps/core.xml", _core_properties(doc)),
            (style.document_part, document_xml),
            (f"{self._folder}/footnotes.xml", footnotes),
            (style.numbering_part, numbering),
        ]
        if review:
            rels.append(("rIdDrComments", REL_TYPE + "comments", "comments.xml", False))
            parts.append((f"{self._folder}/comments.xml", _comments(doc, writer)))
        content_types = self._content_types_review if review else self._content_types
        images: list[ZipEntry] = []
        if signature is not None and doc.kind == "letter":
            rels.append((self._signature_rel, REL_TYPE + "image", self._signature_target, False))
            extra = [(self._signature_part, CONTENT_TYPES["png"])]
            content_types = _content_types_entry(style.content_types(review=review, extra=extra))
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
            content_types,
            *self._shared,
            ZipEntry.deflate(parts[0][0], parts[0][1].encode("utf-8"), 1),  # core.xml
            ZipEntry.deflate(parts[1][0], parts[1][1].encode("utf-8"), 1),  # the body
            *(self._deflate(name, xml) for name, xml in parts[2:]),
            *images,
            *self._static,
        ]
        return build_zip(entries, doc.date)

    def _deflate(self, name: str, xml: str) -> ZipEntry:
        """The entry of a part that letters of a merge share, deflated once."""
        entry = self._deflated.get((name, xml))
        if entry is None:
            entry = ZipEntry.deflate(name, xml.encode("utf-8"), 1)
            if len(self._deflated) >= _BODY_CACHE_SIZE:
                self._deflated.clear()
            self._deflated[name, xml] = entry
        return entry

    def _combined_signature(
        self,
        doc: RenderedDocument,
        signatures: dict[str, tuple[str, str]],
        images: list[ZipEntry],
    ) -> str:
        """The picture of `doc`'s signature in a combined file: each image stored once,
        in `images`, its part name and relationship id in `signatures` by image path."""
        signature = self._signature(doc)
        if signature is None or doc.frame is None:
            return ""
        placed = signatures.get(doc.frame.signature)
        if placed is None:
            taken = {name for name, _ in signatures.values()}
            name = self._free_media_name("drafter-signature", taken)
            placed = (name, f"{self.house_style.rel_prefix}Sig{len(signatures) + 1}")
            signatures[doc.frame.signature] = placed
            images.append(ZipEntry.deflate(name, signature.data, 1))
        return inline_picture(
            placed[1],
            signature,
            name="Signature",
            description=f"Signature of {doc.frame.sender_name}",
        )

    def combined_bytes(self, docs: Sequence[RenderedDocument]) -> bytes:
        """One DOCX holding every letter of `docs`, each a section of its own.

        Each letter starts on a new page, its pages are numbered from 1 ("Page 2 of 3"
        counts its own pages) and its footnotes from 1; the first page of each has no
        number, as a letter's own file has. The file is what a private office prints
        for a batch; its properties are the first letter's, titled for the batch.
        """
        _check_combinable(docs)
        style = self.house_style
        links = Links(style.rel_prefix)
        note_links = Links(style.rel_prefix + "F")
        lists = Lists(style.bullet_num_id, style.numbered_abstract_id, style.first_free_num_id)
        content: list[str] = []
        notes: list[str] = []
        signatures: dict[str, tuple[str, str]] = {}  # image path -> (part name, rel id)
        images: list[ZipEntry] = []
        footer_parts: list[tuple[str, bytes]] = []
        footer_rels: list[tuple[str, str, str, bool]] = []
        section = ""
        offset = 0
        for index, doc in enumerate(docs):
            assert doc.frame is not None
            end = f"_DrLetter{index + 1}End"
            footers = style.letter_footers(index + 1, end)
            footer_parts += footers.parts
            footer_rels += footers.rels
            section = footers.section
            writer = BodyWriter(
                footnote_count=len(doc.footnotes),
                links=links,
                lists=lists,
                footnote_offset=offset,
                marked_numbers=True,
            )
            body = writer.blocks(doc.body)
            picture = self._combined_signature(doc, signatures, images)
            last = index == len(docs) - 1
            # A section's properties end its last paragraph; the file's last, the body.
            # The bookmark there is the page its footer's "of 3" refers to.
            content.append(
                _letter(
                    body,
                    doc,
                    doc.frame,
                    picture,
                    "" if last else section,
                    end_mark=bookmark(index + 1, end),
                )
            )
            notes_writer = BodyWriter(footnote_count=0, links=note_links, lists=lists)
            notes += _footnote_items(notes_writer, doc.footnotes, writer.cited, offset)
            offset += len(doc.footnotes)
        document_xml = document("".join(content), section)
        footnotes = _footnotes_part(notes)
        numbering = style.numbering(lists.nums)
        rels = [*self._document_rels, *footer_rels, *links.relationships()]
        overrides = _footer_overrides(footer_parts)
        for name, rel_id in signatures.values():
            target = posixpath.relpath(name, self._folder)
            rels.append((rel_id, REL_TYPE + "image", target, False))
            overrides.append((name, CONTENT_TYPES["png"]))
        fact_ids = tuple(dict.fromkeys(fact for doc in docs for fact in doc.fact_ids))
        titles = {doc.title for doc in docs}
        title = docs[0].title if len(titles) == 1 else "Letters"
        parts = [
            (
                "docProps/core.xml",
                _core_properties(
                    docs[0], title=f"{title} ({len(docs)} letters)", fact_ids=fact_ids
                ),
            ),
            (style.document_part, document_xml),
            (f"{self._folder}/footnotes.xml", footnotes),
            (style.numbering_part, numbering),
            (self._rels_part, relationships(rels)),
        ]
        if note_links.ids:
            parts.append(
                (
                    f"{self._folder}/_rels/footnotes.xml.rels",
                    relationships(note_links.relationships()),
                )
            )
        entries = [
            _content_types_entry(style.content_types(extra=overrides)),
            *self._shared,
            *(ZipEntry.deflate(name, xml.encode("utf-8")) for name, xml in parts),
            *(ZipEntry.deflate(name, data) for name, data in footer_parts),
            *images,
            *self._static,
        ]
        return build_zip(entries, docs[0].date)

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


def _check_combinable(docs: Sequence[RenderedDocument]) -> None:
    """ExportError unless `docs` are letters, at least one."""
    if not docs:
        raise ExportError.single("combine", "there are no letters to combine")
    not_letters = [doc.title for doc in docs if doc.kind != "letter" or doc.frame is None]
    if not_letters:
        raise ExportError.single(
            "combine",
            f"only letters are combined, and '{not_letters[0]}' is a briefing note",
            "export a briefing note as a file of its own",
        )


def _footer_overrides(footer_parts: Sequence[tuple[str, bytes]]) -> list[tuple[str, str]]:
    """The content-type overrides of a combined file's headers and footers."""
    overrides = []
    for name, _ in footer_parts:
        if not name.endswith(".rels"):
            kind = "header" if posixpath.basename(name).startswith("drafter-header") else "footer"
            overrides.append((name, CONTENT_TYPES[kind]))
    return overrides


def _content_types_entry(xml: str) -> ZipEntry:
    return ZipEntry.deflate("[Content_Types].xml", xml.encode())


def _package_relationships(document_part: str) -> str:
    """The package's own relationships: the document and its two property parts."""
    return relationships(
        [
            ("rId1", REL_TYPE + "officeDocument", document_part, False),
            ("rId2", CORE_PROPERTIES_REL, "docProps/core.xml", False),
            ("rId3", REL_TYPE + "extended-properties", "docProps/app.xml", False),
        ]
    )


def _footnotes_part(items: Sequence[str]) -> str:
    """The footnotes part: Word's two separators, then `items`, the notes."""
    return part("footnotes", _SEPARATORS + "".join(items))


def _letter(
    body: str,
    doc: RenderedDocument,
    frame: LetterFrame,
    picture: str = "",
    section: str = "",
    *,
    end_mark: str = "",
) -> str:
    """Sender, date, references, recipient, salutation, subject, body, close, signature.

    `section`: the properties of the letter's section, which end its last paragraph,
    and `end_mark` a bookmark at its end (a letter of many in one file).
    """
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
    signed = [(frame.sender_name, "Signature", '<w:spacing w:before="0"/>' if picture else "")]
    if frame.sender_title.strip():
        signed.append((frame.sender_title, "SignatureTitle", ""))
    for number, (line, style, props) in enumerate(signed, 1):
        last = number == len(signed)
        # w:sectPr is the last of a paragraph's properties.
        out.append(paragraph(run(line) + end_mark * last, style, props + section * last))
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
        numbering = numbering_properties(num_id)
        out += [
            paragraph(writer.footnote_text(source), "ListParagraph", numbering)
            for source in doc.sources
        ]
    return "".join(out)


def _footnotes(writer: BodyWriter, notes: tuple[Footnote, ...], cited: list[int]) -> str:
    """The footnotes part: Word's two separators, then each cited note in its style."""
    return _footnotes_part(_footnote_items(writer, notes, cited))


def _footnote_items(
    writer: BodyWriter, notes: tuple[Footnote, ...], cited: list[int], offset: int = 0
) -> list[str]:
    """Each cited note in its style, its `w:id` its number plus `offset`."""
    return [
        f'<w:footnote w:id="{offset + number}"><w:p><w:pPr><w:pStyle w:val="FootnoteText"/>'
        f"</w:pPr><w:r>{run_props('FootnoteReference')}<w:footnoteRef/></w:r>{run(' ')}"
        f"{writer.footnote_text(notes[number - 1].inline)}</w:p></w:footnote>"
        for number in cited
    ]


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
    return part("comments", "".join(items))


def _core_properties(
    doc: RenderedDocument, *, title: str | None = None, fact_ids: tuple[str, ...] | None = None
) -> str:
    when = _timestamp(doc.date)
    kind = "Letter" if doc.kind == "letter" else "Briefing note"
    title = doc.title if title is None else title
    fact_ids = doc.fact_ids if fact_ids is None else fact_ids
    return (
        f"{XML_DECL}{_CORE_ROOT}"
        f"<dc:title>{text(title)}</dc:title>"
        f"<dc:subject>{text(doc.topic_title)}</dc:subject>"
        f"<dc:creator>{text(doc.author)}</dc:creator>"
        f"<cp:keywords>{text(', '.join(fact_ids))}</cp:keywords>"
        f"<dc:description>{text(f'{kind} from template {doc.template}')}</dc:description>"
        f"<cp:lastModifiedBy>{text(doc.author)}</cp:lastModifiedBy>"
        f"<cp:category>{kind}</cp:category>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{when}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{when}</dcterms:modified>'
        "</cp:coreProperties>"
    )
