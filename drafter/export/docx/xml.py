"""WordprocessingML as strings: namespaces, escaping and the few elements drafter writes.

The DOCX exporter builds each letter's XML parts by joining strings rather than through
an XML tree, because that is what makes a thousand-letter merge fast. Everything that
goes into those strings passes through `text` or `attr` here, which escape markup and
drop the characters XML 1.0 cannot hold (control characters, lone surrogates).

Each namespace is declared here, and each element family the other modules share is
written here once: a part's root (`part`, `document`), runs and paragraphs, list
numbering (`numbering_properties`, `num`), a section (`section_properties`), and the
package's own items (`relationships`, `content_types_xml`). The ZIP around them is
written by drafter.export.docx.zipwriter alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
REL_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
W_ROOT_ATTRS = f'xmlns:w="{W_NS}" xmlns:r="{R_NS}"'
# The package's properties: OPC's core properties (Dublin Core terms) and Office's own.
CORE_PROPERTIES_NS = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
CORE_PROPERTIES_REL = PKG_REL_NS + "/metadata/core-properties"
CORE_ROOT_ATTRS = (
    f'xmlns:cp="{CORE_PROPERTIES_NS}" xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
)
EXTENDED_PROPERTIES_NS = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"

CT_WML = "application/vnd.openxmlformats-officedocument.wordprocessingml."
CONTENT_TYPES = {
    "document": CT_WML + "document.main+xml",
    "styles": CT_WML + "styles+xml",
    "settings": CT_WML + "settings+xml",
    "numbering": CT_WML + "numbering+xml",
    "footnotes": CT_WML + "footnotes+xml",
    "comments": CT_WML + "comments+xml",
    "footer": CT_WML + "footer+xml",
    "header": CT_WML + "header+xml",
    "fontTable": CT_WML + "fontTable+xml",
    "webSettings": CT_WML + "webSettings+xml",
    "endnotes": CT_WML + "endnotes+xml",
    "core": "application/vnd.openxmlformats-package.core-properties+xml",
    "app": "application/vnd.openxmlformats-officedocument.extended-properties+xml",
    "relationships": "application/vnd.openxmlformats-package.relationships+xml",
    "theme": "application/vnd.openxmlformats-officedocument.theme+xml",
    "xml": "application/xml",
    "png": "image/png",
}

# XML 1.0 allows tab, newline, carriage return and everything from U+0020 except the
# surrogate block and U+FFFE/U+FFFF; anything else would make Word refuse the file.
# Written as the characters refused rather than "not those allowed": the same set, but
# compiled in a fraction of the time (a negated class over all of Unicode costs some
# milliseconds at every start).
_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_TEXT_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
_ATTR_ESCAPES = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\n": "&#10;", "\t": "&#9;"}
)


def clean(value: str) -> str:
    """`value` without the characters an XML document cannot contain."""
    return _INVALID.sub("", value)


def text(value: str) -> str:
    """`value` escaped for element content."""
    return clean(value).translate(_TEXT_ESCAPES)


def attr(value: str) -> str:
    """`value` escaped for a double-quoted attribute."""
    return clean(value).translate(_ATTR_ESCAPES)


def part(root: str, content: str) -> str:
    """A WordprocessingML part: the XML declaration and the `w:{root}` element, the one
    place the w: and r: namespaces are declared, holding `content`."""
    return f"{XML_DECL}<w:{root} {W_ROOT_ATTRS}>{content}</w:{root}>"


def document(content: str, section: str) -> str:
    """The document part: the body's content, then the last section's properties."""
    return part("document", f"<w:body>{content}{section}</w:body>")


def run_props(style: str = "", *, bold: bool = False, italic: bool = False) -> str:
    """A `w:rPr`, children in the order the schema requires (or "" when empty)."""
    if not (style or bold or italic):
        return ""
    parts = ["<w:rPr>"]
    if style:
        parts.append(f'<w:rStyle w:val="{style}"/>')
    if bold:
        parts.append("<w:b/><w:bCs/>")
    if italic:
        parts.append("<w:i/><w:iCs/>")
    parts.append("</w:rPr>")
    return "".join(parts)


def run(value: str, props: str = "") -> str:
    """One run of text; tabs become `w:tab` and newlines `w:br`, as Word stores them."""
    value = clean(value)
    if not value:
        return ""
    if "\t" not in value and "\n" not in value and "\r" not in value:
        return f'<w:r>{props}<w:t xml:space="preserve">{value.translate(_TEXT_ESCAPES)}</w:t></w:r>'
    pieces = [f"<w:r>{props}"]
    for index, line in enumerate(value.replace("\r\n", "\n").replace("\r", "\n").split("\n")):
        if index:
            pieces.append("<w:br/>")
        for column, cell in enumerate(line.split("\t")):
            if column:
                pieces.append("<w:tab/>")
            if cell:
                pieces.append(f'<w:t xml:space="preserve">{cell.translate(_TEXT_ESCAPES)}</w:t>')
    pieces.append("</w:r>")
    return "".join(pieces)


def paragraph(content: str, style: str = "", extra_props: str = "") -> str:
    """A paragraph; `extra_props` are pPr children that follow `w:pStyle` in schema order."""
    if style or extra_props:
        style_xml = f'<w:pStyle w:val="{style}"/>' if style else ""
        return f"<w:p><w:pPr>{style_xml}{extra_props}</w:pPr>{content}</w:p>"
    return f"<w:p>{content}</w:p>"


def numbering_properties(num_id: int, level: int = 0) -> str:
    """A paragraph's `w:numPr`: the list instance it is an item of, at `level`."""
    return f'<w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'


def num(num_id: int, abstract_id: int, start: int | None = None) -> str:
    """A `w:num`: a list instance of the definition `abstract_id`; with `start`, its
    first level counts from there (each numbered list restarts)."""
    restart = (
        f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="{start}"/></w:lvlOverride>'
        if start is not None
        else ""
    )
    return f'<w:num w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>{restart}</w:num>'


def bookmark(bookmark_id: int, name: str) -> str:
    """An empty bookmark: a place a field (PAGEREF) can refer to."""
    return (
        f'<w:bookmarkStart w:id="{bookmark_id}" w:name="{attr(name)}"/>'
        f'<w:bookmarkEnd w:id="{bookmark_id}"/>'
    )


def relationships(rels: list[tuple[str, str, str, bool]]) -> str:
    """A .rels part from (id, type, target, external) tuples."""
    items = []
    for rel_id, rel_type, target, external in rels:
        mode = ' TargetMode="External"' if external else ""
        items.append(
            f'<Relationship Id="{attr(rel_id)}" Type="{attr(rel_type)}" '
            f'Target="{attr(target)}"{mode}/>'
        )
    return f'{XML_DECL}<Relationships xmlns="{PKG_REL_NS}">{"".join(items)}</Relationships>'


def content_types_xml(
    defaults: Iterable[tuple[str, str]], overrides: Iterable[tuple[str, str]]
) -> str:
    """A package's [Content_Types].xml, the one place it is written: `defaults` are
    (extension, content type), `overrides` (part name, content type), each in the order
    given."""
    items = [
        f'<Default Extension="{attr(extension)}" ContentType="{attr(content_type)}"/>'
        for extension, content_type in defaults
    ]
    items += [
        f'<Override PartName="/{attr(name)}" ContentType="{attr(content_type)}"/>'
        for name, content_type in overrides
    ]
    return f'{XML_DECL}<Types xmlns="{CT_NS}">{"".join(items)}</Types>'


MARGIN_KEYS = ("top", "right", "bottom", "left", "header", "footer", "gutter")


def section_properties(
    references: Sequence[tuple[str, str, str]],
    *,
    page: tuple[int, int],
    margins: Mapping[str, int],
    title_page: bool,
    restart: bool = False,
) -> str:
    """A `w:sectPr`: the page, its margins, headers and footers; the one place it is written.

    `references` are ("header" or "footer", type, relationship id); `page` is (width,
    height) and `margins` the `w:pgMar` values, in twentieths of a point. `title_page`
    gives the first page its own header and footer. `restart` begins the section on a
    new page with its page numbers and footnote numbers starting again at 1, as each
    letter of a combined document does.
    """
    refs = "".join(
        f'<w:{kind}Reference w:type="{attr(ref_type)}" r:id="{attr(rel_id)}"/>'
        for kind, ref_type, rel_id in references
    )
    width, height = page
    margin = " ".join(f'w:{key}="{int(margins[key])}"' for key in MARGIN_KEYS)
    return (
        f"<w:sectPr>{refs}"
        + ('<w:footnotePr><w:numRestart w:val="eachSect"/></w:footnotePr>' if restart else "")
        + ('<w:type w:val="nextPage"/>' if restart else "")
        + f'<w:pgSz w:w="{width}" w:h="{height}"/><w:pgMar {margin}/>'
        + ('<w:pgNumType w:start="1"/>' if restart else "")
        + ("<w:titlePg/>" if title_page else "")
        + "</w:sectPr>"
    )
