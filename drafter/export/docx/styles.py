"""drafter's own house style: the styles, list numbering and footer every export uses.

The bundled reference document `drafter/export/docx/house_style.docx` is generated from this module
(`python -m drafter.export.docx.styles` rewrites it, byte for byte the same each time), so the
look of a letter is reviewed here as code. A user's `--reference-doc` replaces these
styles with its own; any style drafter needs and the reference lacks is taken from here,
based on the reference's Normal style so that it inherits the reference's font.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from drafter.export.docx.xml import (
    CONTENT_TYPES,
    REL_TYPE,
    content_types_xml,
    document,
    paragraph,
    part,
    relationships,
    run,
    section_properties,
)
from drafter.export.docx.zipwriter import ZipEntry, build_zip
from drafter.fileio import atomic_write_bytes

BUNDLED_PATH = Path(__file__).resolve().parent / "house_style.docx"

# A4 and 2.5 cm margins, in twentieths of a point.
PAGE_WIDTH = 11906
PAGE_HEIGHT = 16838
MARGIN = 1418
HEADER_DISTANCE = 709
FOOTER_DISTANCE = 567
MARGINS = {
    "top": MARGIN,
    "right": MARGIN,
    "bottom": MARGIN,
    "left": MARGIN,
    "header": HEADER_DISTANCE,
    "footer": FOOTER_DISTANCE,
    "gutter": 0,
}
FONT = "Arial"  # what UK government correspondence uses; LibreOffice substitutes Liberation Sans


def _style(
    style_id: str,
    name: str,
    *,
    kind: str = "paragraph",
    based_on: str = "Normal",
    next_style: str = "",
    ppr: str = "",
    rpr: str = "",
    flags: str = "",
) -> str:
    based = f'<w:basedOn w:val="{based_on}"/>' if based_on else ""
    follow = f'<w:next w:val="{next_style}"/>' if next_style else ""
    ppr_xml = f"<w:pPr>{ppr}</w:pPr>" if ppr else ""
    rpr_xml = f"<w:rPr>{rpr}</w:rPr>" if rpr else ""
    return (
        f'<w:style w:type="{kind}" w:styleId="{style_id}"><w:name w:val="{name}"/>'
        f"{based}{follow}{flags}{ppr_xml}{rpr_xml}</w:style>"
    )


def _spacing(before: int = 0, after: int = 0, line: int = 0) -> str:
    line_xml = f' w:line="{line}" w:lineRule="auto"' if line else ""
    return f'<w:spacing w:before="{before}" w:after="{after}"{line_xml}/>'


_QF = "<w:qFormat/>"
# Pagination, as a private office expects: no single line of a paragraph left alone at the
# foot or head of a page, headings and the subject with what follows, the valediction
# with the signature block, a list item on one page.
_WIDOWS = "<w:widowControl/>"
_KEEP_NEXT = "<w:keepNext/>"
_KEEP_LINES = "<w:keepLines/>"
_HIDDEN = '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/>'

# Every style drafter's documents refer to, by style id. Names of Word's built-in styles
# are spelled as Word stores them, so Word shows them under their usual names.
STYLES: dict[str, str] = {
    "Normal": (
        '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/>'
        f"{_QF}<w:pPr>{_WIDOWS}{_spacing(after=200, line=276)}</w:pPr></w:style>"
    ),
    "Title": _style(
        "Title",
        "Title",
        next_style="Normal",
        flags=_QF,
        ppr=_KEEP_NEXT + _spacing(after=80) + "<w:contextualSpacing/>",
        rpr='<w:b/><w:bCs/><w:kern w:val="28"/><w:sz w:val="36"/><w:szCs w:val="36"/>',
    ),
    "Subtitle": _style(
        "Subtitle",
        "Subtitle",
        next_style="Normal",
        flags=_QF,
        ppr=_KEEP_NEXT + _spacing(after=40),
        rpr='<w:color w:val="404040"/><w:sz w:val="24"/><w:szCs w:val="24"/>',
    ),
    "Heading1": _style(
        "Heading1",
        "heading 1",
        next_style="Normal",
        flags=_QF,
        ppr=_KEEP_NEXT + _KEEP_LINES + _spacing(360, 120) + '<w:outlineLvl w:val="0"/>',
        rpr='<w:b/><w:bCs/><w:sz w:val="28"/><w:szCs w:val="28"/>',
    ),
    "Heading2": _style(
        "Heading2",
        "heading 2",
        next_style="Normal",
        flags=_QF,
        ppr=_KEEP_NEXT + _KEEP_LINES + _spacing(240, 100) + '<w:outlineLvl w:val="1"/>',
        rpr='<w:b/><w:bCs/><w:sz w:val="24"/><w:szCs w:val="24"/>',
    ),
    "Heading3": _style(
        "Heading3",
        "heading 3",
        next_style="Normal",
        flags=_QF,
        ppr=_KEEP_NEXT + _KEEP_LINES + _spacing(200, 80) + '<w:outlineLvl w:val="2"/>',
        rpr="<w:b/><w:bCs/><w:i/><w:iCs/>",
    ),
    "Quote": _style(
        "Quote",
        "Quote",
        next_style="Normal",
        flags=_QF,
        ppr=(
            _KEEP_LINES
            + '<w:pBdr><w:left w:val="single" w:sz="12" w:space="8" w:color="A6A6A6"/></w:pBdr>'
            + _spacing(after=200, line=264)
            + '<w:ind w:left="567" w:right="567"/>'
        ),
        rpr='<w:color w:val="262626"/>',
    ),
    "ListParagraph": _style(
        "ListParagraph",
        "List Paragraph",
        flags=_QF,
        ppr=_KEEP_LINES + _spacing(after=160, line=276) + '<w:ind w:left="567"/>',
    ),
    "FootnoteText": _style(
        "FootnoteText",
        "footnote text",
        flags=_HIDDEN,
        ppr=_spacing(after=40),
        rpr='<w:sz w:val="17"/><w:szCs w:val="17"/>',
    ),
    "FootnoteReference": _style(
        "FootnoteReference",
        "footnote reference",
        kind="character",
        based_on="DefaultParagraphFont",
        flags=_HIDDEN,
        rpr='<w:vertAlign w:val="superscript"/>',
    ),
    "Hyperlink": _style(
        "Hyperlink",
        "Hyperlink",
        kind="character",
        based_on="DefaultParagraphFont",
        flags=_HIDDEN,
        rpr='<w:color w:val="1F4E79"/><w:u w:val="single"/>',
    ),
    "CommentText": _style(
        "CommentText",
        "annotation text",
        flags=_HIDDEN,
        ppr=_spacing(after=60),
        rpr='<w:sz w:val="20"/><w:szCs w:val="20"/>',
    ),
    "CommentReference": _style(
        "CommentReference",
        "annotation reference",
        kind="character",
        based_on="DefaultParagraphFont",
        flags=_HIDDEN,
        rpr='<w:sz w:val="16"/><w:szCs w:val="16"/>',
    ),
    "Header": _style("Header", "header", flags=_HIDDEN, ppr=_spacing()),
    "Footer": _style(
        "Footer",
        "footer",
        flags=_HIDDEN,
        ppr=_spacing() + '<w:jc w:val="center"/>',
        rpr='<w:color w:val="404040"/><w:sz w:val="18"/><w:szCs w:val="18"/>',
    ),
    # The letter frame. Word has built-in "Date", "Salutation", "Closing" and "Signature"
    # styles for exactly these parts, so a reference document made in Word can restyle them.
    "SenderAddress": _style(
        "SenderAddress",
        "Sender Address",
        flags=_QF,
        ppr=_KEEP_NEXT + _spacing(line=252) + '<w:jc w:val="right"/>',
    ),
    "Date": _style(
        "Date",
        "Date",
        next_style="Normal",
        flags=_QF,
        ppr=_spacing(360, 240) + '<w:jc w:val="right"/>',
    ),
    "LetterReference": _style(
        "LetterReference",
        "Letter Reference",
        flags=_QF,
        ppr=_spacing(line=252),
    ),
    "RecipientAddress": _style(
        "RecipientAddress",
        "Recipient Address",
        flags=_QF,
        ppr=_KEEP_NEXT + _spacing(line=252),
    ),
    "Salutation": _style(
        "Salutation",
        "Salutation",
        next_style="Normal",
        flags=_QF,
        ppr=_KEEP_NEXT + _spacing(480, 240),
    ),
    "LetterSubject": _style(
        "LetterSubject",
        "Letter Subject",
        next_style="Normal",
        flags=_QF,
        ppr=_KEEP_NEXT + _KEEP_LINES + _spacing(after=240),
        rpr="<w:b/><w:bCs/>",
    ),
    "Closing": _style(
        "Closing",
        "Closing",
        next_style="Signature",
        flags=_QF,
        ppr=_KEEP_NEXT + _KEEP_LINES + _spacing(360, 0),
    ),
    # The space above the name is where the letter is signed by hand.
    "Signature": _style(
        "Signature",
        "Signature",
        flags=_QF,
        ppr=_KEEP_NEXT + _KEEP_LINES + _spacing(1080, 0),
        rpr="<w:b/><w:bCs/>",
    ),
    "SignatureImage": _style(
        "SignatureImage",
        "Signature Image",
        flags=_QF,
        ppr=_KEEP_NEXT + _KEEP_LINES + _spacing(240, 0),
    ),
    "SignatureTitle": _style(
        "SignatureTitle",
        "Signature Title",
        flags=_QF,
        ppr=_spacing(),
    ),
    "DocumentDetails": _style(
        "DocumentDetails",
        "Document Details",
        flags=_QF,
        ppr=_spacing(after=40),
        rpr='<w:color w:val="404040"/><w:sz w:val="20"/><w:szCs w:val="20"/>',
    ),
}

_FIXED_STYLES = (
    '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
    '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/>'
    "<w:unhideWhenUsed/></w:style>"
    '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>'
    '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/><w:tblPr><w:tblInd w:w="0" '
    'w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>'
    '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr>'
    "</w:style>"
    '<w:style w:type="numbering" w:default="1" w:styleId="NoList"><w:name w:val="No List"/>'
    '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/></w:style>'
)


def styles_xml() -> str:
    """The default styles part: the font and size live in the document defaults."""
    defaults = (
        "<w:docDefaults><w:rPrDefault><w:rPr>"
        f'<w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:eastAsia="{FONT}" w:cs="{FONT}"/>'
        '<w:sz w:val="22"/><w:szCs w:val="22"/>'
        '<w:lang w:val="en-GB" w:eastAsia="en-GB" w:bidi="ar-SA"/>'
        "</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>"
        f"{_WIDOWS}{_spacing()}</w:pPr></w:pPrDefault></w:docDefaults>"
    )
    return part("styles", f"{defaults}{_FIXED_STYLES}{''.join(STYLES.values())}")


_BULLETS = ("\u2022", "\u2013", "\u25aa")
_NUMBER_FORMATS = (("decimal", "{}."), ("lowerLetter", "({})"), ("lowerRoman", "({})"))


def _level(level: int, fmt: str, text: str) -> str:
    left = 567 * (level + 1)
    return (
        f'<w:lvl w:ilvl="{level}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
        f'<w:pPr><w:ind w:left="{left}" w:hanging="397"/></w:pPr></w:lvl>'
    )


def bullet_list_definition(abstract_id: int) -> str:
    """A `w:abstractNum` for bulleted lists, nine levels deep."""
    levels = "".join(_level(i, "bullet", _BULLETS[i % 3]) for i in range(9))
    return (
        f'<w:abstractNum w:abstractNumId="{abstract_id}">'
        '<w:multiLevelType w:val="hybridMultilevel"/>'
        f"{levels}</w:abstractNum>"
    )


def numbered_list_definition(abstract_id: int) -> str:
    """A `w:abstractNum` for numbered lists: 1. then (a) then (i), as UK drafting has it."""
    levels = []
    for i in range(9):
        fmt, pattern = _NUMBER_FORMATS[i % 3]
        levels.append(_level(i, fmt, pattern.format(f"%{i + 1}")))
    return (
        f'<w:abstractNum w:abstractNumId="{abstract_id}">'
        '<w:multiLevelType w:val="hybridMultilevel"/>'
        f"{''.join(levels)}</w:abstractNum>"
    )


def _field(instruction: str) -> str:
    return f'<w:fldSimple w:instr=" {instruction} ">{run("1")}</w:fldSimple>'


def _footer(content: str) -> str:
    """A footer part of one paragraph in the Footer style."""
    return part("ftr", paragraph(content, "Footer"))


def page_footer_xml() -> str:
    """A footer reading "Page 2 of 3"; Word and LibreOffice fill the fields in."""
    return _footer(run("Page ") + _field("PAGE") + run(" of ") + _field("NUMPAGES"))


def empty_footer_xml() -> str:
    return _footer("")


def settings_xml() -> str:
    """The default settings part. Its w:footnotePr (the separator notes) is added to it
    as to any reference's settings, by drafter.export.docx.package."""
    return part(
        "settings",
        '<w:zoom w:percent="100"/><w:defaultTabStop w:val="720"/>'
        '<w:characterSpacingControl w:val="doNotCompress"/>'
        '<w:compat><w:compatSetting w:name="compatibilityMode" '
        'w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>'
        '<w:themeFontLang w:val="en-GB"/>',
    )


def section_xml(footer_ids: dict[str, str], *, title_page: bool) -> str:
    """A `w:sectPr` for an A4 page; `footer_ids` maps footer type to relationship id."""
    return section_properties(
        [("footer", kind, rel_id) for kind, rel_id in footer_ids.items()],
        page=(PAGE_WIDTH, PAGE_HEIGHT),
        margins=MARGINS,
        title_page=title_page,
    )


# The reference document's own text shows each style, so someone restyling it in Word
# sees what they change. None of this text reaches an exported letter.
_SAMPLE = (
    ("Title", "drafter house style"),
    ("DocumentDetails", "The reference document drafter exports letters and briefings with."),
    ("SenderAddress", "Sender Address: the sender's block, top right"),
    ("Date", "Date: 8 January 2023"),
    ("LetterReference", "Letter Reference: Our ref: MC2022/30120"),
    ("RecipientAddress", "Recipient Address: the recipient's block"),
    ("Salutation", "Salutation: Dear Minister"),
    ("LetterSubject", "Letter Subject: the subject line"),
    ("", "Normal: the body of letters and briefings."),
    ("Heading1", "Heading 1"),
    ("Heading2", "Heading 2"),
    ("Heading3", "Heading 3"),
    ("Quote", "Quote: quoted evidence."),
    ("ListParagraph", "List Paragraph: list items."),
    ("Closing", "Closing: Yours sincerely"),
    ("SignatureImage", "Signature Image: the signature, when the profile gives one"),
    ("Signature", "Signature: the signer's name"),
    ("SignatureTitle", "Signature Title: the signer's title"),
    ("FootnoteText", "Footnote Text: citations."),
)


def _document_xml() -> str:
    body = "".join(paragraph(run(words), style) for style, words in _SAMPLE)
    section = section_xml({"default": "rId4", "first": "rId5"}, title_page=True)
    return document(body, section)


def reference_document() -> bytes:
    """The bundled reference DOCX, the same bytes on every run."""
    doc_rels = [
        ("rId1", REL_TYPE + "styles", "styles.xml", False),
        ("rId2", REL_TYPE + "settings", "settings.xml", False),
        ("rId4", REL_TYPE + "footer", "footer1.xml", False),
        ("rId5", REL_TYPE + "footer", "footer2.xml", False),
    ]
    package_rels = [("rId1", REL_TYPE + "officeDocument", "word/document.xml", False)]
    content_types = content_types_xml(
        [("rels", CONTENT_TYPES["relationships"]), ("xml", CONTENT_TYPES["xml"])],
        [
            ("word/document.xml", CONTENT_TYPES["document"]),
            ("word/styles.xml", CONTENT_TYPES["styles"]),
            ("word/settings.xml", CONTENT_TYPES["settings"]),
            ("word/footer1.xml", CONTENT_TYPES["footer"]),
            ("word/footer2.xml", CONTENT_TYPES["footer"]),
        ],
    )
    parts = (
        ("[Content_Types].xml", content_types),
        ("_rels/.rels", relationships(package_rels)),
        ("word/document.xml", _document_xml()),
        ("word/_rels/document.xml.rels", relationships(doc_rels)),
        ("word/styles.xml", styles_xml()),
        ("word/settings.xml", settings_xml()),
        ("word/footer1.xml", page_footer_xml()),
        ("word/footer2.xml", empty_footer_xml()),
    )
    entries = (ZipEntry.deflate(name, xml.encode("utf-8"), 9) for name, xml in parts)
    return build_zip(entries, dt.date(1980, 1, 1))


def main(argv: list[str] | None = None) -> int:
    """Write the bundled reference document (or the path given) from this module."""
    args = sys.argv[1:] if argv is None else argv
    target = Path(args[0]) if args else BUNDLED_PATH
    atomic_write_bytes(target, reference_document(), force=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
