"""The source types a fact base knows, the fields each takes, and how each is checked.

Every source has `type`, `title` and `date`; the rest depends on its type (docs/facts.md
has the table). `SOURCE_FIELDS` lists each optional or required field's kind, and
`TYPES` says which fields a type requires and which it allows, so that a field given
to the wrong type ("uin" on a letter) is reported rather than silently ignored.
`check_value` checks and normalises one field ("House of Lords" -> "HL",
"2022-23" -> "2022–23"), returning the value or an error message and hint.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Fields every source may have, whatever its type.
COMMON = (
    "type", "title", "short_title", "author", "organisation", "date", "reference",
    "url", "accessed", "archive", "note", "published", "published_title",
    "sha256", "captured",  # what `drafter sources add` records of its capture
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class SourceType:
    name: str
    label: str  # how docs/facts.md and messages name it
    required: tuple[str, ...] = ()  # beyond type, title and date
    allowed: tuple[str, ...] = ()  # type-specific optional fields
    legislation: bool = False  # repeated in full rather than by "(n X)"


_HANSARD_PLACE = ("volume", "column")
TYPES: dict[str, SourceType] = {
    t.name: t
    for t in (
        SourceType("letter", "letter", ("author",), ("recipient",)),
        SourceType("press-release", "press release", ("author",)),
        SourceType("report", "report", ("author",)),
        SourceType("ngo-report", "NGO report", ("author",)),
        SourceType("speech", "speech", ("author",)),
        SourceType("hansard", "Hansard debate", ("house",), _HANSARD_PLACE),
        SourceType(
            "written-question",
            "written question and answer",
            ("house", "uin"),
            ("tabled", "answering_body", "asker", "holding", "corrected", *_HANSARD_PLACE),
        ),
        SourceType(
            "written-statement",
            "written ministerial statement",
            ("author", "house", "number"),
            _HANSARD_PLACE,
        ),
        SourceType(
            "committee-report", "select committee report", ("author", "house", "number", "session")
        ),
        SourceType("act", "Act of Parliament", ("year",), ("chapter",), legislation=True),
        SourceType("statute", "Act of Parliament", (), ("year", "chapter"), legislation=True),
        SourceType("si", "statutory instrument", ("year", "number"), legislation=True),
        SourceType("bill", "Bill", ("house", "number", "session"), legislation=True),
        SourceType("un-document", "UN document", ("author", "symbol")),
        SourceType("judgment", "judgment", ("neutral_citation",), ("court",)),
        SourceType("news", "news article", ("publication",), ()),
        SourceType("webpage", "web page", ("author",)),
        SourceType("statement", "statement", ("author",)),
    )
}
SOURCE_TYPES = tuple(TYPES)

# Every field's kind: "text", "date", "flag" or a checker's name in _CHECKS.
SOURCE_FIELDS: dict[str, str] = {
    "title": "text", "short_title": "text", "author": "text", "organisation": "text",
    "recipient": "text", "reference": "text", "url": "url", "archive": "archive",
    "note": "text", "published_title": "text", "answering_body": "text", "asker": "text",
    "court": "text", "publication": "text", "date": "date", "accessed": "date",
    "published": "date", "tabled": "date", "holding": "flag", "corrected": "flag",
    "house": "house", "volume": "digits", "column": "column", "uin": "uin",
    "number": "number", "session": "session", "year": "year", "chapter": "digits",
    "symbol": "symbol", "neutral_citation": "neutral",
    "sha256": "sha256", "captured": "date",
}  # fmt: skip

_HOUSES = {
    "hl": "HL", "lords": "HL", "house of lords": "HL",
    "hc": "HC", "commons": "HC", "house of commons": "HC",
}  # fmt: skip
_COLUMN = re.compile(r"^(?:cols?\.?\s*)?(\d+(?:[-–]\d+)?)\s*(W|WS|WH|GC|WA)?$", re.IGNORECASE)
_SESSION = re.compile(r"^(\d{4})\s*[-–/]\s*(\d{2}|\d{4})$")
_SYMBOL = re.compile(r"^[A-Z][A-Z0-9.]*(?:/[A-Za-z0-9.()\-]+)+$")
_NEUTRAL = re.compile(r"^\[\d{4}\] [A-Z][A-Za-z]*(?: [A-Z][A-Za-z]*)? \d+(?: \([A-Za-z ]+\))?$")
_PAPER = re.compile(r"^(?:H[LC]\s*(?:Paper\s*)?)?(\d+(?:-[IVX]+)?)$", re.IGNORECASE)
_STATEMENT_NUMBER = re.compile(r"^(H[CL]WS)\s*(\d+)$", re.IGNORECASE)


def check_value(kind: str, value: str) -> tuple[str, str] | str:
    """`value` normalised, or (message, hint) when it is not a `kind` (see SOURCE_FIELDS)."""
    value = value.strip()
    if kind == "house":
        house = _HOUSES.get(value.casefold())
        return house or ("is not a House", "write HL (House of Lords) or HC (House of Commons)")
    if kind in ("digits", "year"):
        if not value.isdigit() or (kind == "year" and len(value) != 4):
            return ("is not a number", "write the number alone, e.g. 825")
        return value
    if kind == "column":
        match = _COLUMN.match(value)
        if match is None:
            return ("is not a Hansard column", "write the column number, e.g. 1234, 1162W or 45WS")
        return match[1] + (match[2] or "").upper()
    if kind == "session":
        match = _SESSION.match(value)
        if match is None or int(match[2][-2:]) != (int(match[1]) + 1) % 100:
            return ("is not a parliamentary session", "write it as two years, e.g. 2022-23")
        return f"{match[1]}–{match[2][-2:]}"
    if kind == "symbol":
        if not _SYMBOL.match(value):
            return ("is not a UN document symbol", "write the symbol, e.g. A/HRC/51/L.6")
        return value
    if kind == "neutral":
        if not _NEUTRAL.match(value):
            return ("is not a neutral citation", "write it as [2019] UKSC 41")
        return value
    if kind == "uin":
        compact = value.replace(" ", "").upper()
        if not re.match(r"^(HL)?\d+$", compact):
            return ("is not a UIN", "write the question's UIN, e.g. HL1234 or 12345")
        return compact
    if kind == "number":
        return value  # checked with its type in check_source
    return value


def check_source(kind: str, values: dict[str, object]) -> list[tuple[str, str, str]]:
    """Problems (field, message, hint) between fields of a source of type `kind`.

    Normalises `number` in `values` in place for the types that give it a form.
    """
    problems: list[tuple[str, str, str]] = []
    house = values.get("house")
    number = values.get("number")
    if kind == "written-statement" and isinstance(number, str):
        match = _STATEMENT_NUMBER.match(number.replace(" ", ""))
        if match is None:
            problems.append(("number", "is not a written statement number", "e.g. HCWS123"))
        else:
            values["number"] = match[1].upper() + match[2]
            if house and match[1].upper()[:2] != house:
                problems.append(
                    (
                        "number",
                        f"is not a {house} statement",
                        f"{house} statements are {house}WS...",
                    )
                )
    elif kind == "committee-report" and isinstance(number, str):
        match = _PAPER.match(number.strip())
        if match is None:
            problems.append(("number", "is not a paper number", "write the number, e.g. 123"))
        else:
            values["number"] = match[1].upper()
    elif kind in ("si", "bill") and isinstance(number, str) and not number.strip().isdigit():
        problems.append(("number", "is not a number", "write the number alone, e.g. 1234"))
    uin = values.get("uin")
    if (
        kind == "written-question"
        and isinstance(uin, str)
        and house
        and ((house == "HL") != uin.startswith("HL"))
    ):
        hint = "Lords UINs start HL (HL1234)" if house == "HL" else "Commons UINs are numbers"
        problems.append(("uin", f"is not a UIN of the {house}", hint))
    return problems
