"""A reference DOCX read once and kept as the unchanging parts of every exported package.

`HouseStyle.load` opens a reference document (drafter's bundled one or a user's
`--reference-doc`), keeps the parts that give it its look (styles, theme, fonts, settings,
headers and footers with their images) as bytes, adds any style drafter needs that the
reference lacks, and prepares the page section and list numbering. Per letter the
exporter then writes only the parts that change and copies these bytes.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

# lxml (python-docx's own XML library) keeps namespace prefixes as Word wrote them.
from lxml import etree  # type: ignore[import-untyped]

from drafter.errors import ExportError
from drafter.export.docx import styles as house_style
from drafter.export.docx.xml import (
    CONTENT_TYPES,
    CT_NS,
    PKG_REL_NS,
    R_NS,
    REL_TYPE,
    W_NS,
    content_types_xml,
    num,
    part,
    section_properties,
)

_W = f"{{{W_NS}}}"
_R = f"{{{R_NS}}}"
_PR = f"{{{PKG_REL_NS}}}"
_CT = f"{{{CT_NS}}}"

# Document relationships whose targets carry the reference's look; everything else
# (its body's images and links, its own footnotes and comments, glossary) is left behind.
_KEPT_TYPES = {
    REL_TYPE + name
    for name in (
        "styles",
        "stylesWithEffects",
        "settings",
        "webSettings",
        "fontTable",
        "theme",
        "header",
        "footer",
        "endnotes",
    )
}
# Elements that follow w:footnotePr in w:settings; it must be inserted before them.
_AFTER_FOOTNOTE_PR = {
    "endnotePr",
    "compat",
    "docVars",
    "rsids",
    "attachedSchema",
    "themeFontLang",
    "clrSchemeMapping",
    "doNotIncludeSubdocsInStats",
    "doNotAutoCompressPictures",
    "forceUpgrade",
    "captions",
    "readModeInkLockDown",
    "smartTagType",
    "shapeDefaults",
    "doNotEmbedSmartTags",
    "decimalSymbol",
    "listSeparator",
}
# Elements that are nothing without their external target: removed with the link.
_DROPPED_WITH_LINK = {"attachedTemplate", "altChunk", "subDoc"}
_SAFE_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
MAX_UNPACKED_BYTES = 64 * 1024 * 1024  # a reference document with a few images fits
MAX_PARTS = 1000
_DOCTYPE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)
_PAGE_COUNT = re.compile(rb"\b(?:NUMPAGES|SECTIONPAGES)\b")


@dataclass(frozen=True, slots=True)
class Relationship:
    id: str
    type: str
    target: str
    external: bool = False

    def as_tuple(self) -> tuple[str, str, str, bool]:
        return (self.id, self.type, self.target, self.external)


@dataclass(frozen=True, slots=True)
class LetterFooters:
    """One letter's section in a file of many: its properties and its own footer parts."""

    section: str  # the letter's w:sectPr
    parts: tuple[tuple[str, bytes], ...]  # footer (and header) copies, with their .rels
    rels: tuple[tuple[str, str, str, bool], ...]  # the document's relationships to them


@dataclass(frozen=True, slots=True)
class HouseStyle:
    """The parts of a reference document every export shares, ready to be zipped."""

    source: str  # the reference document's path, for messages
    document_part: str  # "word/document.xml"
    static_parts: tuple[tuple[str, bytes], ...]  # copied unchanged into every package
    document_rels: tuple[Relationship, ...]  # the kept parts' relationships from the body
    content_type_defaults: tuple[tuple[str, str], ...]  # (extension, type), sorted
    content_type_overrides: tuple[tuple[str, str], ...]  # (part, type) but comments'
    numbering_part: str
    numbering_lists: str  # numbering.xml's content before the lists each export adds
    bullet_num_id: int  # the one list instance every bulleted list shares
    numbered_abstract_id: int
    first_free_num_id: int
    letter_section: str  # w:sectPr for letters: no page number on the first page
    briefing_section: str  # w:sectPr for briefings: page numbers on every page
    rel_prefix: str  # relationship ids the exporter makes start with this
    warnings: tuple[str, ...] = ()  # what was dropped from the reference, and why
    footers: tuple[tuple[str, str], ...] = ()  # the reference's headers and footers
    margins: tuple[tuple[str, int], ...] = ()  # its w:pgMar values
    page_fields: tuple[str, ...] = ()  # its header and footer parts (page number fields)

    def content_types(self, *, review: bool = False, extra: Iterable[tuple[str, str]] = ()) -> str:
        """The package's [Content_Types].xml: its defaults and the overrides of the parts
        every export holds, with the comments part for a `review` copy, then `extra`
        (part, type) overrides of what only this export holds."""
        overrides = dict(self.content_type_overrides)
        if review:
            folder = posixpath.dirname(self.document_part)
            overrides[posixpath.join(folder, "comments.xml")] = CONTENT_TYPES["comments"]
        return content_types_xml(self.content_type_defaults, [*sorted(overrides.items()), *extra])

    def numbering(self, nums: Iterable[str]) -> str:
        """The numbering part: the reference's lists and drafter's, then `nums`, the
        list instances one export adds."""
        return part("numbering", self.numbering_lists + "".join(nums))

    def letter_footers(self, number: int, bookmark: str) -> LetterFooters:
        """The headers and footers of the `number`-th letter of a file of many letters.

        A footer reading "Page 2 of 3" counts the whole file's pages (NUMPAGES); here
        each letter gets its own copy, whose count is the page of `bookmark`, a
        bookmark at the letter's end (PAGEREF): with page numbers starting again at 1 in
        each letter, that is the letter's own number of pages, in Word and LibreOffice
        alike (which does not read Word's SECTIONPAGES). Parts without a page count
        are shared by every letter.
        """
        count = b"PAGEREF " + bookmark.encode() + b" \\h"

        def page_count(_: re.Match[bytes]) -> bytes:
            return count

        targets = {rel.id: rel.target for rel in self.document_rels}
        static = dict(self.static_parts)
        folder = posixpath.dirname(self.document_part)
        footers: list[tuple[str, str]] = []
        parts: list[tuple[str, bytes]] = []
        rels: list[tuple[str, str, str, bool]] = []
        for index, (kind, rel_id) in enumerate(self.footers, 1):
            part = _resolve(self.document_part, targets.get(rel_id, ""))
            data = static.get(part, b"")
            if part not in self.page_fields or not _PAGE_COUNT.search(data):
                footers.append((kind, rel_id))
                continue
            stem = posixpath.splitext(posixpath.basename(part))[0]
            name = f"{folder}/drafter-{stem}-{number}.xml"
            parts.append((name, _PAGE_COUNT.sub(page_count, data)))
            own_rels = static.get(_rels_name(part))
            if own_rels is not None:  # its images: the copy is in the same folder
                parts.append((_rels_name(name), own_rels))
            new_id = f"{self.rel_prefix}P{number}x{index}"
            part_type = REL_TYPE + ("header" if kind.startswith("h:") else "footer")
            rels.append((new_id, part_type, posixpath.relpath(name, folder), False))
            footers.append((kind, new_id))
        section = _section(footers, dict(self.margins), title_page=True, restart=True)
        return LetterFooters(section, tuple(parts), tuple(rels))

    @classmethod
    def load(cls, path: Path | None = None) -> HouseStyle:
        """Read `path` (drafter's bundled house style when None)."""
        source = Path(path) if path is not None else house_style.BUNDLED_PATH
        try:
            if source.exists() and not source.is_file():
                # A folder or a pipe: zipfile would fail oddly or wait for ever.
                raise zipfile.BadZipFile("it is not a regular file")
            with zipfile.ZipFile(source) as archive:
                parts = _read_members(archive)
        except FileNotFoundError:
            raise ExportError.single(
                str(source), "reference document not found", "check the --reference-doc path"
            ) from None
        except _BadPartName as exc:
            raise ExportError.single(
                str(source),
                f"not a usable Word document ({exc})",
                "give a .docx file saved by Word or LibreOffice",
            ) from None
        except Exception as exc:  # every way a zip can be broken is a refusal, not a crash
            raise ExportError.single(
                str(source),
                f"cannot read the reference document: {_zip_reason(exc)}",
                "give a .docx file saved by Word or LibreOffice",
            ) from None
        try:
            return _Builder(str(source), parts).build()
        except (KeyError, ValueError, etree.LxmlError) as exc:
            raise ExportError.single(
                str(source),
                f"not a usable Word document ({exc})",
                "give a .docx file saved by Word or LibreOffice",
            ) from None


class _BadPartName(Exception):
    """A zip member whose name the Open Packaging Conventions do not allow."""


class _ZipRefusal(Exception):
    """A zip drafter will not read, in drafter's words."""


_CHUNK = 64 * 1024
_SUPPORTED_METHODS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
# OPC (ECMA-376 Part 2, 6.2.2): a part name is ASCII segments of unreserved
# characters, sub-delims, ':', '@' and %XX escapes, separated by '/'.
_SEGMENT = re.compile(r"^(?:[A-Za-z0-9\-._~!$&'()*+,;=:@]|%[0-9A-Fa-f]{2})+$")


def _check_part_name(name: str) -> None:
    why = ""
    if name == "[Content_Types].xml":
        return  # the package's own item, not a part
    if not name.isascii():
        why = "a part name is ASCII (other characters are written as %XX)"
    elif "\\" in name:
        why = "a part name may not hold '\\'"
    elif name.startswith("/"):
        why = "a part name may not begin with '/'"
    elif name.endswith("/"):
        return  # a folder entry: holds nothing, and is not copied
    elif any(segment in (".", "..") for segment in name.split("/")):
        why = "a part name may not hold '.' or '..' segments"
    elif any(not segment for segment in name.split("/")):
        why = "a part name may not hold an empty segment"
    elif name.endswith("."):
        why = "a part name may not end with '.'"
    elif not all(_SEGMENT.match(segment) for segment in name.split("/")):
        why = "a part name may hold only letters, digits, %XX escapes and -._~!$&'()*+,;=:@"
    if why:
        raise _BadPartName(f"zip member {name!r}: {why}")


def _read_members(archive: zipfile.ZipFile) -> dict[str, bytes]:
    """Every member's bytes, after the checks; read in chunks, stopping at the caps.

    A reference document comes from anywhere: a few kB of zip can unpack to gigabytes,
    and a member can say it is small and unpack to far more. Sizes are checked from
    the zip's directory first, then each member is read a chunk at a time and stopped
    the moment it passes what it declared or the total passes the cap.
    """
    infos = archive.infolist()
    size = sum(info.file_size for info in infos)
    if size > MAX_UNPACKED_BYTES:
        raise _ZipRefusal(
            f"it unpacks to {size // 1_048_576} MB; a reference document may "
            f"unpack to {MAX_UNPACKED_BYTES // 1_048_576} MB"
        )
    if len(infos) > MAX_PARTS:
        raise _ZipRefusal(f"it holds {len(infos)} parts; a reference document may hold {MAX_PARTS}")
    seen: dict[str, str] = {}
    for info in infos:
        _check_part_name(info.filename)
        folded = info.filename.lower()  # part names are equivalent ignoring ASCII case
        if folded in seen:
            raise _BadPartName(
                f"zip member {info.filename!r}: it names the same part as {seen[folded]!r}"
            )
        seen[folded] = info.filename
        if info.flag_bits & 0x1:
            raise _ZipRefusal(f"zip member {info.filename!r} is encrypted")
        if info.compress_type not in _SUPPORTED_METHODS:
            raise _ZipRefusal(
                f"zip member {info.filename!r} uses a compression drafter cannot read"
            )
    parts: dict[str, bytes] = {}
    total = 0
    for info in infos:
        if info.filename.endswith("/"):
            continue
        chunks: list[bytes] = []
        read = 0
        # Asked for a chunk at a time, the decompressor never unpacks more than a chunk
        # past what is wanted (read() of the whole member would unpack up to 2 GB at
        # once); zipfile stops at the declared size and then checks the CRC.
        try:
            with archive.open(info) as member:
                while chunk := member.read(_CHUNK):
                    read += len(chunk)
                    total += len(chunk)
                    if read > info.file_size or total > MAX_UNPACKED_BYTES:
                        raise zipfile.BadZipFile("longer than declared")
                    chunks.append(chunk)
        except zipfile.BadZipFile:
            raise _ZipRefusal(
                f"zip member {info.filename!r} does not unpack to what the zip says "
                "(it is damaged, or its sizes lie)"
            ) from None
        parts[info.filename] = b"".join(chunks)
    return parts


def _zip_reason(exc: BaseException) -> str:
    """What is wrong with a zip, in drafter's words (the library's only as detail)."""
    if isinstance(exc, _ZipRefusal):
        return str(exc)
    if isinstance(exc, zipfile.LargeZipFile | zipfile.BadZipFile) and str(exc) == (
        "it is not a regular file"
    ):
        return str(exc)
    if isinstance(exc, zipfile.BadZipFile):
        return f"it is not a sound zip file ({exc})"
    if isinstance(exc, OSError):
        return exc.strerror or str(exc)
    return f"it is not a sound zip file ({type(exc).__name__}: {exc})"


def _parse(data: bytes) -> etree._Element:
    return etree.fromstring(data, _SAFE_PARSER)


def _serialise(root: etree._Element) -> bytes:
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


def _rels_name(part: str) -> str:
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", name + ".rels")


def _resolve(source_part: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(source_part), target))


def _free_prefix(used_ids: set[str], prefix: str) -> str:
    """`prefix`, lengthened until no relationship id in use starts with it and "L"."""
    while any(rel_id.startswith(prefix + "L") for rel_id in used_ids):
        prefix += "x"
    return prefix


class _Builder:
    """The one-off work of turning a reference package into a `HouseStyle`."""

    def __init__(self, source: str, parts: dict[str, bytes]) -> None:
        self.source = source
        self.parts = parts
        self.kept: dict[str, bytes] = {}
        self.warnings: list[str] = []

    def _relationships(self, part: str) -> list[Relationship]:
        data = self.parts.get(_rels_name(part))
        if data is None:
            return []
        return [
            Relationship(
                id=rel.get("Id", ""),
                type=rel.get("Type", ""),
                target=rel.get("Target", ""),
                external=rel.get("TargetMode") == "External",
            )
            for rel in _parse(data).iter(f"{_PR}Relationship")
        ]

    def _keep(self, part: str) -> None:
        """Copy `part`, its relationships and (recursively) what they point to."""
        if part in self.kept:
            return
        if part not in self.parts:  # every letter would point at nothing: Word refuses that
            raise ValueError(f"it names a part it does not hold: {part}")
        self.kept[part] = self.parts[part]
        rels_name = _rels_name(part)
        if rels_name in self.parts:
            self.kept[rels_name] = self.parts[rels_name]
            for rel in self._relationships(part):
                if not rel.external:
                    self._keep(_resolve(part, rel.target))
            self._drop_external(part, rels_name)

    def _drop_external(self, part: str, rels_name: str) -> None:
        """Remove the part's links to files elsewhere (a remote template, a linked image).

        Word and LibreOffice fetch such a target when the letter is opened, which tells
        its sender that the letter was read, and from where; no letter should. Hyperlinks
        (followed only when clicked) stay. What referred to a dropped link goes with it.
        """
        rels = _parse(self.kept[rels_name])
        dropped: dict[str, tuple[str, str]] = {}
        for rel in list(rels.iter(f"{_PR}Relationship")):
            external = rel.get("TargetMode") == "External"
            if external and rel.get("Type", "") != REL_TYPE + "hyperlink":
                kind = rel.get("Type", "").rsplit("/", 1)[-1]
                dropped[rel.get("Id", "")] = (kind, rel.get("Target", ""))
                rels.remove(rel)
        if not dropped:
            return
        self.kept[rels_name] = _serialise(rels)
        root = _parse(self.kept[part])
        for element in list(root.iter()):
            for name in [a for a in element.attrib if a.startswith(_R)]:
                if element.get(name) not in dropped:
                    continue
                local = etree.QName(element).localname
                if local in _DROPPED_WITH_LINK and element.getparent() is not None:
                    element.getparent().remove(element)
                    break
                del element.attrib[name]
        self.kept[part] = _serialise(root)
        for kind, target in dropped.values():
            self.warnings.append(
                f"dropped {part}'s link to {target} ({kind}): letters never fetch anything "
                "from elsewhere"
            )

    def _check_parts(self) -> None:
        """Every XML part well-formed, and none with a DTD (entities could pull in files)."""
        for name, data in self.parts.items():
            # Any case of the suffix: a consumer goes by the content type, not the name.
            if not name.lower().endswith((".xml", ".rels")):
                continue
            if _DOCTYPE.search(data):
                raise ValueError(f"{name} declares a DTD, which Word documents never hold")
            try:
                # Decoded as the part declares (UTF-16 too), so a DTD cannot hide in an
                # encoding the byte search above does not read.
                root = _parse(data)
            except etree.XMLSyntaxError as exc:
                raise ValueError(f"{name}: {exc}") from None
            info = root.getroottree().docinfo
            if info.doctype or info.internalDTD is not None or info.externalDTD is not None:
                raise ValueError(f"{name} declares a DTD, which Word documents never hold")

    def build(self) -> HouseStyle:
        self._check_parts()
        main = self._main_part()
        folder = posixpath.dirname(main)
        document = _parse(self.parts[main])
        kept_rels, numbering_rel = self._kept_relationships(main)
        for kind, made, complete in _COMPLETED_PARTS:
            self._complete(kept_rels, main, kind, made, complete)
        footers = _section_footers(document, {r.id for r in kept_rels})
        if all(kind.startswith("h:") for kind, _ in footers):
            # A reference without footers still gets drafter's page numbers.
            name = _free_name(self.parts, self.kept, folder, "footer")
            self.kept[name] = house_style.page_footer_xml().encode("utf-8")
            kept_rels.append(
                Relationship("rIdDrFooter", REL_TYPE + "footer", posixpath.basename(name))
            )
            footers.append(("default", "rIdDrFooter"))
        numbering_target = _resolve(main, numbering_rel.target) if numbering_rel else ""
        numbering = _Numbering.build(self.parts.get(numbering_target))
        numbering_part = numbering_target or posixpath.join(folder, "numbering.xml")
        kept_rels.append(
            Relationship(
                (numbering_rel.id if numbering_rel else "") or "rIdDrNumbering",
                REL_TYPE + "numbering",
                posixpath.relpath(numbering_part, folder),
            )
        )
        margins = _margins(document)
        prefix = _free_prefix({rel.id for rel in kept_rels}, "rIdDr")
        static = {name: data for name, data in self.kept.items() if name != numbering_part}
        return HouseStyle(
            source=self.source,
            document_part=main,
            static_parts=tuple(sorted(static.items())),
            document_rels=tuple(kept_rels),
            content_type_defaults=self._content_type_defaults(),
            content_type_overrides=self._content_type_overrides(main, folder, numbering_part),
            numbering_part=numbering_part,
            numbering_lists=numbering.lists,
            bullet_num_id=numbering.bullet_num_id,
            numbered_abstract_id=numbering.numbered_abstract_id,
            first_free_num_id=numbering.first_free_num_id,
            letter_section=_section(footers, margins, title_page=True),
            briefing_section=_section(footers, margins, title_page=False),
            rel_prefix=prefix + "L",
            warnings=tuple(self.warnings),
            footers=tuple(footers),
            margins=tuple(margins.items()),
            page_fields=tuple(
                _resolve(main, rel.target)
                for rel in kept_rels
                if rel.type in (REL_TYPE + "header", REL_TYPE + "footer")
            ),
        )

    def _main_part(self) -> str:
        """The document part the package's relationships name (Word's usual place when none)."""
        return next(
            (
                rel.target.lstrip("/")
                for rel in self._relationships("")
                if rel.type == REL_TYPE + "officeDocument"
            ),
            "word/document.xml",
        )

    def _kept_relationships(self, main: str) -> tuple[list[Relationship], Relationship | None]:
        """The document's relationships to the parts kept (each part copied, with what
        it points to), and its relationship to its list numbering, if any."""
        kept: list[Relationship] = []
        numbering: Relationship | None = None
        for rel in self._relationships(main):
            if rel.external:
                continue
            if rel.type == REL_TYPE + "numbering":
                numbering = rel
            elif rel.type in _KEPT_TYPES:
                kept.append(rel)
                self._keep(_resolve(main, rel.target))
        return kept, numbering

    def _complete(
        self,
        kept_rels: list[Relationship],
        main: str,
        kind: str,
        made: Callable[[], str],
        complete: Callable[[bytes], bytes],
    ) -> None:
        """The kept part of `kind` (styles, settings) with what drafter needs added;
        drafter's own (`made`), related from the document, when the reference has none."""
        rel_type = REL_TYPE + kind
        part = next((_resolve(main, r.target) for r in kept_rels if r.type == rel_type), "")
        if not part:
            part = posixpath.join(posixpath.dirname(main), f"{kind}.xml")
            rel_id = "rIdDr" + kind.capitalize()
            kept_rels.append(Relationship(rel_id, rel_type, f"{kind}.xml"))
            self.kept[part] = made().encode("utf-8")
        self.kept[part] = complete(self.kept[part])

    def _content_type_defaults(self) -> tuple[tuple[str, str], ...]:
        """The reference's content types by extension, with those every package needs."""
        root = _parse(self.parts["[Content_Types].xml"])
        defaults = {
            d.get("Extension", "").lower(): d.get("ContentType", "")
            for d in root.iter(f"{_CT}Default")
        }
        defaults.setdefault("rels", CONTENT_TYPES["relationships"])
        defaults.setdefault("xml", CONTENT_TYPES["xml"])
        return tuple(sorted(defaults.items()))

    def _content_type_overrides(
        self, main: str, folder: str, numbering: str
    ) -> tuple[tuple[str, str], ...]:
        """(part, content type) of drafter's parts and of every part kept, sorted."""
        root = _parse(self.parts["[Content_Types].xml"])
        overrides = {
            o.get("PartName", "").lstrip("/"): o.get("ContentType", "")
            for o in root.iter(f"{_CT}Override")
        }
        ours = {
            main: CONTENT_TYPES["document"],
            numbering: CONTENT_TYPES["numbering"],
            posixpath.join(folder, "footnotes.xml"): CONTENT_TYPES["footnotes"],
            "docProps/core.xml": CONTENT_TYPES["core"],
            "docProps/app.xml": CONTENT_TYPES["app"],
        }
        for name in self.kept:
            if name.endswith(".rels") or name in ours:
                continue
            if name in overrides:
                ours[name] = overrides[name]
            elif content_type := _content_type_by_name(posixpath.basename(name)):
                ours[name] = content_type
        return tuple(sorted(ours.items()))


def _content_type_by_name(name: str) -> str:
    """The content type of a part the reference listed under no override (rare)."""
    for stem in ("header", "footer", "styles", "settings", "fontTable", "webSettings", "endnotes"):
        if name.startswith(stem) and name.endswith(".xml"):
            return CONTENT_TYPES[stem]
    if name.startswith("theme") and name.endswith(".xml"):
        return CONTENT_TYPES["theme"]
    return ""


def _complete_styles(data: bytes) -> bytes:
    """The reference's styles plus drafter's for every style id it lacks."""
    root = _parse(data)
    present = {s.get(f"{_W}styleId") for s in root.iter(f"{_W}style")}
    default_paragraph = next(
        (
            s.get(f"{_W}styleId", "Normal")
            for s in root.iter(f"{_W}style")
            if s.get(f"{_W}type") == "paragraph" and s.get(f"{_W}default") in ("1", "true", "on")
        ),
        "Normal",
    )
    for style_id, xml in house_style.STYLES.items():
        if style_id in present:
            continue
        if style_id == "Normal" and default_paragraph != "Normal":
            continue
        xml = xml.replace('w:val="Normal"', f'w:val="{default_paragraph}"')
        wrapper = _parse(part("styles", xml).encode())
        root.append(wrapper[0])
    return _serialise(root)


def _with_footnote_settings(data: bytes) -> bytes:
    """Settings naming the separator footnotes -1 and 0, as Word writes them."""
    root = _parse(data)
    footnote_pr = root.find(f"{_W}footnotePr")
    if footnote_pr is None:
        footnote_pr = etree.Element(f"{_W}footnotePr")
        follower = next(
            (child for child in root if etree.QName(child).localname in _AFTER_FOOTNOTE_PR), None
        )
        if follower is None:
            root.append(footnote_pr)
        else:
            follower.addprevious(footnote_pr)
    for old in footnote_pr.findall(f"{_W}footnote"):
        footnote_pr.remove(old)
    for note_id in ("-1", "0"):
        etree.SubElement(footnote_pr, f"{_W}footnote").set(f"{_W}id", note_id)
    return _serialise(root)


# The parts drafter completes (or supplies) in every reference: (kind, drafter's own
# part, what it adds to the reference's).
_COMPLETED_PARTS: tuple[tuple[str, Callable[[], str], Callable[[bytes], bytes]], ...] = (
    ("styles", house_style.styles_xml, _complete_styles),
    ("settings", house_style.settings_xml, _with_footnote_settings),
)


def _last_section(document: etree._Element) -> etree._Element | None:
    body = document.find(f"{_W}body")
    if body is None:
        return None
    return body.find(f"{_W}sectPr")


def _section_footers(document: etree._Element, kept_ids: set[str]) -> list[tuple[str, str]]:
    """(type, relationship id) of the reference's headers and footers, as "h:kind"/"kind"."""
    section = _last_section(document)
    found: list[tuple[str, str]] = []
    if section is None:
        return found
    for ref in section:
        local = etree.QName(ref).localname
        rel_id = ref.get(f"{_R}id", "")
        if local in ("headerReference", "footerReference") and rel_id in kept_ids:
            kind = ref.get(f"{_W}type", "default")
            found.append((kind if local == "footerReference" else f"h:{kind}", rel_id))
    return found


def _margins(document: etree._Element) -> dict[str, int]:
    section = _last_section(document)
    margins = section.find(f"{_W}pgMar") if section is not None else None
    values = dict(house_style.MARGINS)
    if margins is not None:
        for key in values:
            raw = margins.get(f"{_W}{key}")
            if raw is not None and raw.lstrip("-").isdigit():
                values[key] = int(raw)
    return values


def _section(
    footers: list[tuple[str, str]],
    margins: dict[str, int],
    *,
    title_page: bool,
    restart: bool = False,
) -> str:
    """The section of a letter (`title_page`: a first page of its own) or a briefing."""
    refs = [
        ("header", kind[2:], rel_id)
        for kind, rel_id in footers
        if kind.startswith("h:") and (title_page or kind != "h:first")
    ]
    refs += [
        ("footer", kind, rel_id)
        for kind, rel_id in footers
        if kind and not kind.startswith("h:") and (title_page or kind != "first")
    ]
    return section_properties(
        refs,
        page=(house_style.PAGE_WIDTH, house_style.PAGE_HEIGHT),  # the page is always A4
        margins=margins,
        title_page=title_page,
        restart=restart,
    )


def _free_name(parts: dict[str, bytes], kept: dict[str, bytes], folder: str, stem: str) -> str:
    number = 1
    while True:
        name = posixpath.join(folder, f"{stem}{number}.xml")
        if name not in parts and name not in kept:
            return name
        number += 1


@dataclass(frozen=True, slots=True)
class _Numbering:
    lists: str  # the numbering part's content: pictures, definitions, list instances
    bullet_num_id: int
    numbered_abstract_id: int
    first_free_num_id: int

    @classmethod
    def build(cls, data: bytes | None) -> _Numbering:
        """The reference's list definitions followed by drafter's bulleted and numbered ones."""
        abstract: list[str] = []
        nums: list[str] = []
        pictures: list[str] = []
        abstract_ids = [0]
        num_ids = [0]
        if data is not None:
            root = _parse(data)
            for child in root:
                local = etree.QName(child).localname
                xml = etree.tostring(child, encoding="unicode")
                if local == "numPicBullet":
                    pictures.append(xml)
                elif local == "abstractNum":
                    abstract.append(xml)
                    abstract_ids.append(int(child.get(f"{_W}abstractNumId", "0")))
                elif local == "num":
                    nums.append(xml)
                    num_ids.append(int(child.get(f"{_W}numId", "0")))
        bullet_abstract = max(abstract_ids) + 1
        numbered_abstract = bullet_abstract + 1
        bullet_num = max(num_ids) + 1
        abstract.append(house_style.bullet_list_definition(bullet_abstract))
        abstract.append(house_style.numbered_list_definition(numbered_abstract))
        nums.append(num(bullet_num, bullet_abstract))
        return cls(
            lists="".join(pictures) + "".join(abstract) + "".join(nums),
            bullet_num_id=bullet_num,
            numbered_abstract_id=numbered_abstract,
            first_free_num_id=bullet_num + 1,
        )
