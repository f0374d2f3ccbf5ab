"""CommonMark with `[^n]` footnote references, written as WordprocessingML paragraphs.

A rendered body is parsed once with markdown-it (CommonMark, raw HTML off) and walked
token by token into Word paragraphs and runs: headings, bold and italic, bulleted and
numbered lists with real Word numbering, block quotes, hyperlinks as relationships,
hard line breaks, and footnote references as `w:footnoteReference` runs. In a review copy
each citation also gets a Word comment spanning the sentence it supports.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

from drafter.export.docx.xml import (
    REL_TYPE,
    attr,
    num,
    numbering_properties,
    paragraph,
    run,
    run_props,
)

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
        self.nums.append(num(num_id, self.numbered_abstract_id, start))
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
        state = _Blocks(self)
        previous = ""  # the type of the token before this one
        for token in tokens:
            kind = token.type
            if kind in _LIST_OPENS and previous == "paragraph_close" and state.out:
                # "... the following points:" stays on the page of the list's first item.
                state.out[-1] = keep_with_next(state.out[-1])
            step = _BLOCK_STEPS.get(kind)
            if step is not None:
                step(state, token)
            previous = kind
        return "".join(state.out)

    def footnote_text(self, text: str) -> str:
        """The runs of a footnote's text (inline Markdown)."""
        if not _MARKDOWN_CHARS.search(text):
            return run(text)
        tokens = markdown_parser().parseInline(text)
        return self.inline(tokens[0].children or [] if tokens else [], in_footnote=True)

    def inline(self, children: Sequence[Token], *, in_footnote: bool = False) -> str:
        """The runs of one paragraph: each token kind has its step in `_INLINE_STEPS`."""
        state = _Inline(self, in_footnote=in_footnote, marking=self.review and not in_footnote)
        for child in children:
            step = _INLINE_STEPS.get(child.type)
            if step is not None:
                step(state, child)
        if state.link is not None:  # an unclosed link cannot come from markdown-it
            state.pieces.extend(state.link)
        return "".join(state.pieces)

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


@dataclass(slots=True)
class _Blocks:
    """Where the walk over a document's block tokens is: open lists, quotes, the style."""

    writer: BodyWriter
    out: list[str] = field(default_factory=list)
    lists: list[tuple[int, int]] = field(default_factory=list)  # (numId, level), open lists
    first_in_item: list[bool] = field(default_factory=list)
    quote_depth: int = 0
    style: str = ""
    props: str = ""

    def block_style(self) -> tuple[str, str]:
        """The style of a paragraph here: a list item's first, a later one, a quote."""
        if self.lists:
            num_id, level = self.lists[-1]
            if self.first_in_item and self.first_in_item[-1]:
                self.first_in_item[-1] = False
                return "ListParagraph", numbering_properties(num_id, level)
            # A second paragraph in a list item lines up with the item's text.
            return "ListParagraph", f'<w:ind w:left="{_INDENT * (level + 1)}"/>'
        return ("Quote", "") if self.quote_depth else ("", "")

    def paragraph_open(self, token: Token) -> None:
        self.style, self.props = self.block_style()

    def heading_open(self, token: Token) -> None:
        level = min(int(token.tag[1]) - self.writer.heading_offset, 3)
        self.style, self.props = f"Heading{level}", ""

    def inline(self, token: Token) -> None:
        runs = self.writer.inline(token.children or [])
        self.out.append(paragraph(runs, self.style, self.props))

    def code(self, token: Token) -> None:
        style, props = self.block_style()
        self.out.append(paragraph(run(token.content.rstrip("\n")), style, props))

    def rule(self, token: Token) -> None:
        self.out.append(paragraph("", "", _RULE))

    def bullet_list_open(self, token: Token) -> None:
        self.lists.append((self.writer.lists.bullet_num_id, self._level()))

    def ordered_list_open(self, token: Token) -> None:
        start = token.attrGet("start")
        num_id = self.writer.lists.numbered(int(start) if isinstance(start, int | str) else 1)
        self.lists.append((num_id, self._level()))

    def _level(self) -> int:
        return min(len(self.lists), _LIST_LEVELS - 1)

    def list_close(self, token: Token) -> None:
        self.lists.pop()

    def list_item_open(self, token: Token) -> None:
        self.first_in_item.append(True)

    def list_item_close(self, token: Token) -> None:
        self.first_in_item.pop()

    def blockquote_open(self, token: Token) -> None:
        self.quote_depth += 1

    def blockquote_close(self, token: Token) -> None:
        self.quote_depth -= 1


_BLOCK_STEPS: dict[str, Callable[[_Blocks, Token], None]] = {
    "paragraph_open": _Blocks.paragraph_open,
    "heading_open": _Blocks.heading_open,
    "inline": _Blocks.inline,
    "fence": _Blocks.code,
    "code_block": _Blocks.code,
    "hr": _Blocks.rule,
    "bullet_list_open": _Blocks.bullet_list_open,
    "ordered_list_open": _Blocks.ordered_list_open,
    "bullet_list_close": _Blocks.list_close,
    "ordered_list_close": _Blocks.list_close,
    "list_item_open": _Blocks.list_item_open,
    "list_item_close": _Blocks.list_item_close,
    "blockquote_open": _Blocks.blockquote_open,
    "blockquote_close": _Blocks.blockquote_close,
}


@dataclass(slots=True)
class _Inline:
    """Where the walk over one paragraph's inline tokens is: emphasis, an open link,
    and (in a review copy) where the sentence being written began."""

    writer: BodyWriter
    in_footnote: bool
    marking: bool  # a review copy's body: each citation's sentence gets a comment
    pieces: list[str] = field(default_factory=list)  # paragraph-level content
    link: list[str] | None = None  # content of the open hyperlink, if any
    link_id: str = ""
    autolink: bool = False
    bold: int = 0
    italic: int = 0
    sentence_start: int = 0  # where in `pieces` the sentence being written began

    @property
    def target(self) -> list[str]:
        return self.pieces if self.link is None else self.link

    def props(self) -> str:
        style = "Hyperlink" if self.link is not None and self.link_id else ""
        return run_props(style, bold=self.bold > 0, italic=self.italic > 0)

    def text(self, child: Token) -> None:
        props, content = self.props(), child.content
        if self.marking and self.link is None:
            if len(self.pieces) == self.sentence_start:
                # Space after a footnote belongs to no sentence.
                lead = len(content) - len(content.lstrip())
                if lead:
                    self.pieces.append(run(content[:lead], props))
                    self.sentence_start = len(self.pieces)
                    content = content[lead:]
            ends = list(_SENTENCE_END.finditer(content))
            if ends:
                split = ends[-1].end()
                self.pieces.append(run(content[:split], props))
                self.sentence_start = len(self.pieces)
                content = content[split:]
        self.target.append(run(content, props))

    def softbreak(self, child: Token) -> None:
        self.target.append(run(" ", self.props()))

    def hardbreak(self, child: Token) -> None:
        self.target.append("<w:r><w:br/></w:r>")

    def strong_open(self, child: Token) -> None:
        self.bold += 1

    def strong_close(self, child: Token) -> None:
        self.bold -= 1

    def em_open(self, child: Token) -> None:
        self.italic += 1

    def em_close(self, child: Token) -> None:
        self.italic -= 1

    def link_open(self, child: Token) -> None:
        props = self.props()
        href = _link_target(str(child.attrGet("href") or ""))
        self.link_id = self.writer.links.rel_id(href) if href else ""
        self.autolink = child.markup == "autolink"
        if self.autolink:  # OSCOLA prints a URL in angle brackets
            self.pieces.append(run("<", props))
        self.link = []

    def link_close(self, child: Token) -> None:
        if self.link is None:
            return
        inner = "".join(self.link)
        if self.link_id:
            inner = f'<w:hyperlink r:id="{attr(self.link_id)}" w:history="1">{inner}</w:hyperlink>'
        self.pieces.append(inner)
        self.link = None
        if self.autolink:  # OSCOLA prints a URL in angle brackets
            self.pieces.append(run(">", run_props(bold=self.bold > 0, italic=self.italic > 0)))

    def footnote_ref(self, child: Token) -> None:
        number, writer = int(child.meta["number"]), self.writer
        if self.in_footnote or not 1 <= number <= writer.footnote_count:
            self.target.append(run(f"[^{number}]", self.props()))
        elif number in writer.cited:
            # Word gives every reference its own footnote; a second reference to the
            # same note is shown as its number.
            self.target.append(run(str(number), _FOOTNOTE_REFERENCE_PROPS))
        else:
            writer.cited.append(number)
            writer._reference(number, self.target, self.pieces, self.sentence_start)
            self.sentence_start = len(self.pieces)


_INLINE_STEPS: dict[str, Callable[[_Inline, Token], None]] = {
    "text": _Inline.text,
    "code_inline": _Inline.text,
    "image": _Inline.text,
    "html_inline": _Inline.text,
    "softbreak": _Inline.softbreak,
    "hardbreak": _Inline.hardbreak,
    "strong_open": _Inline.strong_open,
    "strong_close": _Inline.strong_close,
    "em_open": _Inline.em_open,
    "em_close": _Inline.em_close,
    "link_open": _Inline.link_open,
    "link_close": _Inline.link_close,
    "footnote_ref": _Inline.footnote_ref,
}
