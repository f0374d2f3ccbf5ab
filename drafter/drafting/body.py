"""A draft's written body: Markdown paragraphs with pandoc-style citations of facts.

The body is the researcher's own prose. A citation is pandoc's bracketed form: `[@fact-id]`,
several facts as `[@fact-a; @fact-b]`, and a pinpoint of one's own after a comma,
`[@fact-id, para 6]`, which replaces the fact's locator in that footnote. As in pandoc's
note styles, a citation takes the space before it and moves after a full stop or comma
that follows it: "... on 24 December 2024 [@a]." becomes "... on 24 December 2024.[^1]".

`parse_body` splits the text into paragraphs and sentences and finds every citation with
its place, for rendering (each citation becomes footnotes through the same `cite` as a
template's) and for the citation check (drafter.drafting.check).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

# `[@id]`, `[@a; @b]`, `[@id, para 6]`; an id is a slug. A bracket that starts "[@" but
# is not this shape is left as text and the check reports it.
_CITATION = re.compile(r"\[@([^\[\]\n]*)\]")
_ITEM = re.compile(r"^\s*@([a-z0-9][a-z0-9-]*)\s*(?:,\s*(.*?))?\s*$")
# A citation's leading space goes; punctuation straight after it comes before the note.
_PLACED = re.compile(r"(?:[ \t]*\n)?[ \t]*(\[@[^\[\]\n]*\])([.,;:!?]?)")
# Where a sentence ends: . ! or ? with any closing quotes or brackets, any citations
# after them, then white space (or the end). "Mr", "Dr" and the like take no full stop in
# British usage, so they do not end sentences; "e.g." and "i.e." are kept whole.
_SENTENCE_END = re.compile(r"""[.!?]['"”’)\]]*(?:[ \t]*\[@[^\[\]\n]*\])*(?=\s|$)""")
_ABBREVIATIONS = ("e.g.", "i.e.", "etc.", "cf.", "No.", "no.", "vol.", "col.", "para.", "St.")
_LIST_ITEM = re.compile(r"^(?:[-*+]|\d{1,3}[.)])\s+")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")


@dataclass(frozen=True, slots=True)
class Cite:
    """One fact cited at one point: `[@a; @b]` holds two."""

    fact_id: str
    locator: str = ""  # a pinpoint given in the citation: "para 6"


@dataclass(frozen=True, slots=True)
class Citation:
    """One bracketed citation in the body, with where it is."""

    items: tuple[Cite, ...]
    start: int  # offsets into the body text
    end: int
    text: str  # as written, "[@a; @b]"
    malformed: bool = False  # "[@ not an id]": kept as text, reported by the check


@dataclass(frozen=True, slots=True)
class Sentence:
    text: str  # as written, citations included
    start: int  # offset into the body text
    paragraph: int  # 1-based
    number: int  # 1-based within its paragraph
    citations: tuple[Citation, ...]

    @property
    def fact_ids(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(c.fact_id for cit in self.citations for c in cit.items))

    @property
    def prose(self) -> str:
        """The sentence without its citations."""
        return re.sub(r"\s+", " ", _CITATION.sub("", self.text)).strip()


@dataclass(frozen=True, slots=True)
class Body:
    text: str
    sentences: tuple[Sentence, ...]
    citations: tuple[Citation, ...]

    @property
    def fact_ids(self) -> tuple[str, ...]:
        """Every fact cited, each once, in the order first cited."""
        return tuple(
            dict.fromkeys(
                c.fact_id for cit in self.citations if not cit.malformed for c in cit.items
            )
        )

    @property
    def paragraph_count(self) -> int:
        return max((s.paragraph for s in self.sentences), default=0)

    def describe(self) -> str:
        """What the body holds, in a few words ("2 paragraphs citing 3 facts"); "" when
        there is none. The app shows it so a researcher recognises a draft."""
        paragraphs, cited = self.paragraph_count, len(self.fact_ids)
        if not paragraphs:
            return ""
        text = f"{paragraphs} paragraph{'s' if paragraphs != 1 else ''}"
        if not cited:
            return f"{text}, no fact cited"
        return f"{text} citing {cited} fact{'s' if cited != 1 else ''}"

    def line_of(self, offset: int) -> int:
        """The 0-based line of `offset` within the body text."""
        return self.text.count("\n", 0, offset)


def _citation(match: re.Match[str]) -> Citation:
    items: list[Cite] = []
    for part in ("@" + match.group(1)).split(";"):
        found = _ITEM.match(part)
        if found is None:
            return Citation((), match.start(), match.end(), match.group(), malformed=True)
        items.append(Cite(found.group(1), (found.group(2) or "").strip()))
    return Citation(tuple(items), match.start(), match.end(), match.group())


def find_citations(text: str) -> tuple[Citation, ...]:
    return tuple(_citation(m) for m in _CITATION.finditer(text))


def _sentence_spans(block: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of one paragraph, as offsets into `block`."""
    spans: list[tuple[int, int]] = []
    start = 0
    # A list item or a new line of a list starts a sentence of its own.
    cuts = [m.end() for m in _SENTENCE_END.finditer(block) if _ends(block, m.start(), m.end())]
    cuts += [m.start() for m in re.finditer(r"\n(?=[ \t]*(?:[-*+]|\d{1,3}[.)])\s)", block)]
    for cut in sorted(set(cuts)):
        if block[start:cut].strip():
            spans.append((start, cut))
        start = cut
    if block[start:].strip():
        spans.append((start, len(block)))
    return [_trim(block, s, e) for s, e in spans]


def _ends(block: str, mark: int, end: int) -> bool:
    """Whether the . ! or ? at `mark` ends a sentence: not in an abbreviation, an
    ellipsis or an open quotation, and not followed by a lower-case word."""
    if _abbreviation(block, mark) or block.startswith("..", max(mark - 1, 0)):
        return False
    before = block[:mark]
    if before.count('"') % 2 or before.count("\u201c") > before.count("\u201d"):
        return False
    after = block[end:].lstrip()
    return not (after[:1].islower())


def _abbreviation(block: str, dot: int) -> bool:
    if block[dot] != ".":
        return False
    word_start = dot
    while word_start > 0 and not block[word_start - 1].isspace() and block[word_start - 1] != "(":
        word_start -= 1
    word = block[word_start : dot + 1]
    return word in _ABBREVIATIONS


def _trim(block: str, start: int, end: int) -> tuple[int, int]:
    while start < end and block[start].isspace():
        start += 1
    while end > start and block[end - 1].isspace():
        end -= 1
    prefix = _LIST_ITEM.match(block, start)  # "1. What ..." is the question, not "1."
    if prefix is not None and prefix.end() < end:
        start = prefix.end()
    return start, end


def parse_body(text: str) -> Body:
    citations = find_citations(text)
    sentences: list[Sentence] = []
    offset = 0
    paragraph = 0
    for piece in [*_PARAGRAPH_BREAK.split(text)]:
        start = text.index(piece, offset) if piece else offset
        offset = start + len(piece)
        if not piece.strip():
            continue
        paragraph += 1
        for number, (s, e) in enumerate(_sentence_spans(piece), start=1):
            begin, stop = start + s, start + e
            inside = tuple(c for c in citations if begin <= c.start < stop)
            sentences.append(Sentence(text[begin:stop], begin, paragraph, number, inside))
    return Body(text, tuple(sentences), citations)


def render_body(text: str, cite: Callable[[Cite], str]) -> str:
    """The body as Markdown with each citation replaced by `cite`'s mark for each fact.

    `cite` is the template context's own (render.py), so a body's citations and a
    template's are numbered, and take ibid and (n X), in one place.
    """

    def place(match: re.Match[str]) -> str:
        inner = _CITATION.fullmatch(match.group(1))
        assert inner is not None
        citation = _citation(inner)
        if citation.malformed:
            return match.group()
        marks = "".join(cite(item) for item in citation.items)
        return match.group(2) + marks

    return _PLACED.sub(place, text)


def cited_fact_ids(texts: Sequence[str]) -> tuple[str, ...]:
    """Fact ids cited across `texts`, each once, in order of first citation."""
    return tuple(dict.fromkeys(i for t in texts for i in parse_body(t).fact_ids))
