"""Typed pinpoints: a fact's `locator` as OSCOLA abbreviates it ("para 3", "col 1162W").

A locator names where in its source a fact is: a paragraph, page, column, section,
article, regulation, clause, schedule or chapter, with a number or a range of them. `pinpoint`
turns what people write ("paragraph 3", "page 12", "Column 1162W", "s. 54(2)") into the
abbreviation OSCOLA prints, and refuses anything else (a note such as "quotation from
the spokesperson" is not a place in the source: it belongs in an `x-` key).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Each kind: the singular and plural abbreviation and every spelling read as it.
_KINDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "para": ("paras", ("para", "paras", "paragraph", "paragraphs", "¶", "¶¶")),
    "p": ("pp", ("p", "pp", "page", "pages", "pg")),
    "col": ("cols", ("col", "cols", "column", "columns", "c")),
    "s": ("ss", ("s", "ss", "section", "sections", "sec", "secs", "§", "§§")),
    "art": ("arts", ("art", "arts", "article", "articles")),
    "reg": ("regs", ("reg", "regs", "regulation", "regulations")),
    "cl": ("cls", ("cl", "cls", "clause", "clauses")),
    "sch": ("schs", ("sch", "schs", "schedule", "schedules")),
    "ch": ("chs", ("ch", "chs", "chapter", "chapters")),
}
KINDS = tuple(_KINDS)
_SPELLING = {spelling: kind for kind, (_, spellings) in _KINDS.items() for spelling in spellings}
# A number as documents, legislation and Hansard number things:
# 4.12, 54, 54A, 3(2)(a), 1162W, 45WS, xiv.
_NUMBER = r"(?:\d+(?:\.\d+)*[A-Z]{0,2}(?:\([0-9a-z]+\))*|[ivxlc]+)"
_LOCATOR = re.compile(
    rf"^(?P<kind>[^\W\d]+|¶¶?|§§?)\.?\s*(?P<first>{_NUMBER})"
    rf"(?:\s*(?P<dash>[-–])\s*(?P<last>{_NUMBER}))?$",
    re.IGNORECASE,
)
HINT = (
    "write a pinpoint: para 3, paras 3-4, p 12, col 1162W, s 54(2), art 3, reg 4, cl 2, "
    "sch 1 or ch 4; keep other notes in an x- key"
)


@dataclass(frozen=True, slots=True)
class Pinpoint:
    kind: str  # one of KINDS
    first: str
    last: str = ""  # the end of a range, or ""
    dash: str = "-"

    def __str__(self) -> str:
        if self.last:
            return f"{_KINDS[self.kind][0]} {self.first}{self.dash}{self.last}"
        return f"{self.kind} {self.first}"


def parse(text: str) -> Pinpoint | None:
    """The pinpoint `text` names, or None when it names none."""
    match = _LOCATOR.match(text.strip())
    if match is None:
        return None
    kind = _SPELLING.get(match["kind"].casefold())
    if kind is None:
        return None
    last = match["last"] or ""
    return Pinpoint(kind, _number(match["first"]), _number(last), match["dash"] or "-")


def _number(text: str) -> str:
    # Roman numerals are lower case in OSCOLA (p xiv); letters after a number are upper
    # case (s 54A, col 1162W), and a subsection's letters lower case (s 3(2)(a)).
    if not text or text[0].isalpha():
        return text.lower()
    head, paren, rest = text.partition("(")
    return head.upper() + (paren + rest.lower() if paren else "")


def pinpoint(text: str) -> str:
    """`text` as OSCOLA writes it ("paragraph 3" -> "para 3"); ValueError if it is none."""
    found = parse(text)
    if found is None:
        raise ValueError(text)
    return str(found)
