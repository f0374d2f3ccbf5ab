"""CommonMark with `[^n]` footnote references, written as WordprocessingML paragraphs.

A rendered body is parsed once with markdown-it (CommonMark, raw HTML off) and walked
token by token into Word paragraphs and runs: headings, bold and italic, bulleted and
numbered lists with real Word numbering, block quotes, hyperlinks as relationships,
hard line breaks, and footnote references as `w:footnoteReference` runs. In a review copy
each citation also gets a Word comment spanning the sentence it supports.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

from drafter.export.docx.xml import REL_TYPE, attr, paragraph, run, run_props

_FOOTNOTE_REF = re.compile(r"\[\^(\d{1,6})\]")
# Where a sentence ends inside a run of text: ". ", "?) ", ".” " and the like.
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s+")
_LINK_SCHEMES = ("http://", "https://", "mailto:", "ftp://")
# Footnote text without any of these is plain text and needs no parsing.
_MARKDOWN_CHARS = re.compile(r"[*_`\[\]<!\\&]")
_INDENT = 567  # one list level, in twentieths of a point
_LIST_LEVELS = 9
_RULE = '<w:pBdr><w:bottom w:val="single" w:sz="6" w:space="1" w:color="A6A6A6"/></w:pBdr>'
_FOOTNOTE_REFERENCE_PROPS = run_props("FootnoteReference")


def _footnote_reference_rule(state: StateInline, silent: bool) -> bool:
    if not state.src.startswith("[^", state.pos):
        return False
    match = _FOOTNOTE_REF.match(state.src, state.pos)
    if match is None:
        return False
    if not silent:
        token = state.push("footnote_ref", "", 0)
        token.meta = {"number": int(match.group(1))}
    state.pos = match.end()
    return True


@lru_cache(maxsize=1)
def markdown_parser() -> MarkdownIt:
    """CommonMark without raw HTML, plus `[^n]` footnote references."""
    parser = MarkdownIt("commonmark", {"html": False})
    parser.inline.ruler.before("link", "footnote_ref", _footnote_reference_rule)
    return parser


@dataclass(slots=True)
class Links:
    """The hyperlink relationships of one part (the body or the footnotes)."""

    prefix: str
    ids: dict[str, str] = field(default_factory=dict)

    def rel_id(self, url: str) -> str:
        rel_id = self.ids.get(url)
        if rel_id is None:
            rel_id = self.ids[url] = f"{self.prefix}{len(self.ids) + 1}"
        return rel_id

    def relationships(self) -> list[tuple[str, str, str, bool]]:
        return [(rel_id, REL_TYPE + "hyperlink", url, True) for url, rel_id in self.ids.items()]


@dataclass(slots=True)
class Lists:
    """The list instances of one document: bullets share one, each numbered list restarts."""

    bullet_num_id: int
    numbered_abstract_id: int
    next_num_id: int
    nums: list[str] = field(default_factory=list)

    def numbered(self, start: int) -> int:
        num_id = self.next_num_id
        self.next_num_id += 1
        self.nums.append(
            f'<w:num w:numId="{num_id}"><w:abstractNumId w:val="{self.numbered_abstract_id}"/>'
            f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="{start}"/></w:lvlOverride></w:num>'
        )
        return num_id


_LIST_OPENS = ("bullet_list_open", "ordered_list_open")
_PARAGRAPH_PROPS = re.compile(r"^<w:p><w:pPr>(<w:pStyle [^>]*/>)?")


def keep_with_next(paragraph_xml: str) -> str:
    """`paragraph_xml` kept on the same page as the paragraph after it (`w:keepNext`)."""
    if "<w:keepNext/>" in paragraph_xml.split("</w:pPr>", 1)[0]:
        return paragraph_xml
    match = _PARAGRAPH_PROPS.match(paragraph_xml)
    if match is not None:  # keepNext follows pStyle and comes before everything else
        return paragraph_xml[: match.end()] + "<w:keepNext/>" + paragraph_xml[match.end() :]
    return "<w:p><w:pPr><w:keepNext/></w:pPr>" + paragraph_xml.removeprefix("<w:p>")


def _link_target(href: str) -> str:
    return href if href.lower().startswith(_LINK_SCHEMES) else ""


@dataclass(slots=True)
class BodyWriter:
    """Writes one document's Markdown; remembers what it cited, linked and numbered."""

    footnote_count: int
    links: Links
    lists: Lists
    review: bool = False
    cited: list[int] = field(default_factory=list)  # footnote numbers, in order of reference
    comments: list[int] = field(default_factory=list)  # comment index -> footnote number
    heading_offset: int = 0
    # Added to each footnote's number to give its `w:id`: in a file of many letters,
    # each letter's notes are numbered from 1 and their ids follow the letter before's.
    footnote_offset: int = 0
    # Print each reference's number rather than let the reader count the notes (Word's
    # custom mark): LibreOffice numbers footnotes through a whole file, never per section.
    marked_numbers: bool = False

    def comment_id(self, index: int) -> int:
        """The `w:id` of the document's `index`-th comment: never a footnote's id.

        LibreOffice takes a comment whose id is also a footnote's (or a separator's, -1
        and 0) for that footnote and shows the wrong footnote texts, so comments are
        numbered after the last footnote. Word and pandoc accept any distinct ids.
        """
        return self.footnote_count + 1 + index

    def blocks(self, source: str) -> str:
        """The paragraphs of a Markdown document."""
        tokens = markdown_parser().parse(source)
        levels = [int(t.tag[1]) for t in tokens if t.type == "heading_open"]
        self.heading_offset = min(levels) - 1 if levels else 0
        out: list[str] = []
        lists: list[tuple[int, int]] = []  # (numId, level) of each open list
        first_in_item: list[bool] = []
        quote_depth = 0
        style, props = "", ""
        previous = ""  # the type of the token before this one
        for token in tokens:
            kind = token.type
            if kind in _LIST_OPENS and previous == "paragraph_close" and out:
                # "... the following points:" stays on the page of the list's first item.
                out[-1] = keep_with_next(out[-1])
            if kind == "paragraph_open":
                style, props = self._block_style(lists, first_in_item, quote_depth)
            elif kind == "heading_open":
                style, props = f"Heading{min(int(token.tag[1]) - self.heading_offset, 3)}", ""
            elif kind == "inline":
                out.append(paragraph(self.inline(token.children or []), style, props))
            elif kind in ("fence", "code_block"):
                block_style, block_props = self._block_style(lists, first_in_item, quote_depth)
                out.append(paragraph(run(token.content.rstrip("\n")), block_style, block_props))
            elif kind == "hr":
                out.append(paragraph("", "", _RULE))
            elif kind == "bullet_list_open":
                lists.append((self.lists.bullet_num_id, min(len(lists), _LIST_LEVELS - 1)))
            elif kind == "ordered_list_open":
                start = token.attrGet("start")
                num_id = self.lists.numbered(int(start) if isinstance(start, int | str) else 1)
                lists.append((num_id, min(len(lists), _LIST_LEVELS - 1)))
            elif kind in ("bullet_list_close", "ordered_list_close"):
                lists.pop()
            elif kind == "list_item_open":
                first_in_item.append(True)
            elif kind == "list_item_close":
                first_in_item.pop()
            elif kind == "blockquote_open":
                quote_depth += 1
            elif kind == "blockquote_close":
                quote_depth -= 1
            previous = kind
        return "".join(out)

    def _block_style(
        self, lists: list[tuple[int, int]], first_in_item: list[bool], quote_depth: int
    ) -> tuple[str, str]:
        if lists:
            num_id, level = lists[-1]
            if first_in_item and first_in_item[-1]:
                first_in_item[-1] = False
                return "ListParagraph", (
                    f'<w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'
                )
            # A second paragraph in a list item lines up with the item's text.
            return "ListParagraph", f'<w:ind w:left="{_INDENT * (level + 1)}"/>'
        return ("Quote", "") if quote_depth else ("", "")

    def footnote_text(self, text: str) -> str:
        """The runs of a footnote's text (inline Markdown)."""
        if not _MARKDOWN_CHARS.search(text):
            return run(text)
        tokens = markdown_parser().parseInline(text)
        return self.inline(tokens[0].children or [] if tokens else [], in_footnote=True)

    def inline(self, children: Sequence[Token], *, in_footnote: bool = False) -> str:
        """The runs of one paragraph."""
        pieces: list[str] = []  # paragraph-level content
        link: list[str] | None = None  # content of the open hyperlink, if any
        link_id = ""
        autolink = False
        bold = italic = 0
        sentence_start = 0  # where in `pieces` the sentence being written began
        marking = self.review and not in_footnote
        for child in children:
            kind = child.type
            target = pieces if link is None else link
            props = run_props(
                "Hyperlink" if link is not None and link_id else "",
                bold=bold > 0,
                italic=italic > 0,
            )
            if kind in ("text", "code_inline", "image", "html_inline"):
                content = child.content
                if marking and link is None:
                    if len(pieces) == sentence_start:
                        # Space after a footnote belongs to no sentence.
                        lead = len(content) - len(content.lstrip())
                        if lead:
                            pieces.append(run(content[:lead], props))
                            sentence_start = len(pieces)
                            content = content[lead:]
                    ends = list(_SENTENCE_END.finditer(content))
                    if ends:
                        split = ends[-1].end()
                        pieces.append(run(content[:split], props))
                        sentence_start = len(pieces)
                        content = content[split:]
                target.append(run(content, props))
            elif kind == "softbreak":
                target.append(run(" ", props))
            elif kind == "hardbreak":
                target.append("<w:r><w:br/></w:r>")
            elif kind == "strong_open":
                bold += 1
            elif kind == "strong_close":
                bold -= 1
            elif kind == "em_open":
                italic += 1
            elif kind == "em_close":
                italic -= 1
            elif kind == "link_open":
                href = _link_target(str(child.attrGet("href") or ""))
                link_id = self.links.rel_id(href) if href else ""
                autolink = child.markup == "autolink"
                if autolink:  # OSCOLA prints a URL in angle brackets
                    pieces.append(run("<", props))
                link = []
            elif kind == "link_close" and link is not None:
                inner = "".join(link)
                if link_id:
                    inner = (
                        f'<w:hyperlink r:id="{attr(link_id)}" w:history="1">{inner}</w:hyperlink>'
                    )
                pieces.append(inner)
                link = None
                if autolink:  # OSCOLA prints a URL in angle brackets
                    pieces.append(run(">", run_props(bold=bold > 0, italic=italic > 0)))
            elif kind == "footnote_ref":
                number = int(child.meta["number"])
                if in_footnote or not 1 <= number <= self.footnote_count:
                    target.append(run(f"[^{number}]", props))
                elif number in self.cited:
                    # Word gives every reference its own footnote; a second reference to
                    # the same note is shown as its number.
                    target.append(run(str(number), _FOOTNOTE_REFERENCE_PROPS))
                else:
                    self.cited.append(number)
                    self._reference(number, target, pieces, sentence_start)
                    sentence_start = len(pieces)
        if link is not None:  # an unclosed link cannot come from markdown-it, but be safe
            pieces.extend(link)
        return "".join(pieces)

    def _reference(self, number: int, target: list[str], pieces: list[str], start: int) -> None:
        note_id = self.footnote_offset + number
        if self.marked_numbers:
            reference = (
                f"<w:r>{_FOOTNOTE_REFERENCE_PROPS}"
                f'<w:footnoteReference w:customMarkFollows="1" w:id="{note_id}"/>'
                f"<w:t>{number}</w:t></w:r>"
            )
        else:
            reference = (
                f'<w:r>{_FOOTNOTE_REFERENCE_PROPS}<w:footnoteReference w:id="{note_id}"/></w:r>'
            )
        if not self.review:
            target.append(reference)
            return
        comment_id = self.comment_id(len(self.comments))
        self.comments.append(number)
        pieces.insert(start, f'<w:commentRangeStart w:id="{comment_id}"/>')
        target.append(reference)
        target.append(f'<w:commentRangeEnd w:id="{comment_id}"/>')
        target.append(
            f'<w:r>{run_props("CommentReference")}<w:commentReference w:id="{comment_id}"/></w:r>'
        )
