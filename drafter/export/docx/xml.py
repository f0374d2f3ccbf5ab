"""WordprocessingML as strings: namespaces, escaping and the few elements drafter writes.

The DOCX exporter builds each letter's XML parts by joining strings rather than through
an XML tree, because that is what makes a thousand-letter merge fast. Everything that
goes into those strings passes through `text` or `attr` here, which escape markup and
drop the characters XML 1.0 cannot hold (control characters, lone surrogates).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
REL_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
W_ROOT_ATTRS = f'xmlns:w="{W_NS}" xmlns:r="{R_NS}"'

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
}

# XML 1.0 allows tab, newline, carriage return and everything from U+0020 except the
# surrogate block and U+FFFE/U+FFFF; anything else would make Word refuse the file.
_INVALID = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
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
