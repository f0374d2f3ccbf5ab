"""OSCOLA citations of a source: the text each source type takes (OSCOLA 4th edn).

`full_citation` is a source's citation with a pinpoint, `short_citation` its short form
for later footnotes ("Amnesty International UK"), `bibliography` the entries of a
Sources list, alphabetical by author. How one document numbers its footnotes and picks
"ibid" or "(n 2)" is drafting's (drafter.drafting.citations); what a source is cited as
belongs to the fact base, so that `facts show` and `facts export` cite it as a letter does.

A citation is built as styled parts (plain, italic, a URL) so that titles of
stand-alone works (reports, case names, newspapers) can be italic: `plain` gives the
text without formatting, `markdown` the same as inline CommonMark (`*Title*`, other
characters escaped, the URL an autolink in angle brackets as OSCOLA prints it).
A fact's `locator` is the pinpoint ("para 3", "col 1234", "s 54"; drafter.facts.locator).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence

from drafter.facts import locator as pinpoints
from drafter.facts.loader import Source
from drafter.facts.source_types import TYPES
from drafter.textfmt import uk_date

# Author fields that name an office rather than a person read better with "the":
# "Letter from the Minister of State ..." but "Letter from Jane Smith MP ...".
_OFFICE_WORDS = frozenset(
    """Minister Secretary Parliamentary Permanent Prime Foreign Home Chancellor Director
    Chair Chairman Chief Head President Ambassador Deputy Under-Secretary Private Clerk
    Speaker Leader Attorney Solicitor Lord-Lieutenant Commissioner High""".split()
)
# A pair of single quotes inside a title becomes double quotes, since the title itself
# is put in single quotes (OSCOLA 1.6); apostrophes ("China's") are left alone.
_INNER_QUOTE = re.compile(r"(?<![\w'‘’])['‘](?=\S)(.+?)(?<=\S)['’](?![\w'‘’])")
_HANSARD_REF = re.compile(r"^H[LC] Deb\b")
_REFERENCE_COLUMN = re.compile(r",\s*cols? \S+")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>&!#|~])")
_YEAR_AT_END = re.compile(r"\b\d{4}$")
_URL_UNSAFE = re.compile(r"[<>\s]")
_BLOCK_START = re.compile(r"^([+=-]|\d{1,9}[.)])")

# A citation as styled parts: ("", text), ("i", italic text) or ("url", address).
Part = tuple[str, str]
Parts = list[Part]


def plain(parts: Sequence[Part]) -> str:
    """The citation's text, without formatting; a URL in angle brackets."""
    return "".join(f"<{text}>" if style == "url" else text for style, text in parts)


def escape_markdown(text: str) -> str:
    """Text that inline CommonMark reads as itself."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def markdown(parts: Sequence[Part]) -> str:
    """The citation as inline CommonMark: italic as *...*, the URL as an autolink."""
    out = []
    for style, text in _merged(parts):
        if style == "url":
            out.append("<" + _URL_UNSAFE.sub(lambda m: f"%{ord(m.group()):02X}", text) + ">")
        elif style == "i":
            # Emphasis must not start or end with a space to be read as emphasis.
            stripped = text.strip()
            lead, tail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]
            out.append(f"{lead}*{escape_markdown(stripped)}*{tail}" if stripped else text)
        else:
            out.append(escape_markdown(text))
    written = "".join(out)
    # At the start of a line, "1." would begin a list and "-" a bullet.
    block = _BLOCK_START.match(written)
    return written[: block.end() - 1] + "\\" + written[block.end() - 1 :] if block else written


def _merged(parts: Sequence[Part]) -> Parts:
    merged: Parts = []
    for style, text in parts:
        if not text:
            continue
        if merged and merged[-1][0] == style and style != "url":
            merged[-1] = (style, merged[-1][1] + text)
        else:
            merged.append((style, text))
    return merged


def _quoted(title: str) -> str:
    return "'" + _INNER_QUOTE.sub(r'"\1"', title) + "'"


def _the(author: str) -> str:
    first = author.split(" ", 1)[0]
    return f"the {author}" if first in _OFFICE_WORDS else author


def _the_body(body: str) -> str:
    """ "the Home Office", "HM Treasury": a department with the article it takes."""
    return body if body.startswith(("HM ", "the ", "The ")) else f"the {body}"


def _publisher(source: Source) -> str:
    """The organisation, when it adds something to the author."""
    org = source.organisation
    return f"{org}, " if org and org != source.author else ""


def _ends_with_year(title: str) -> bool:
    return bool(_YEAR_AT_END.search(title))


def _hansard(source: Source, column: str) -> str:
    """ "HL Deb 5 March 2024, vol 836, col 1162W", with `column` as the column."""
    parts = [f"{source.house} Deb {uk_date(source.date)}"]
    if source.volume:
        parts.append(f"vol {source.volume}")
    if column:
        parts.append(f"col {column}")
    return ", ".join(parts)


def _column_pinpoint(locator: str) -> str:
    found = pinpoints.parse(locator) if locator else None
    return str(found).split(" ", 1)[1] if found and found.kind == "col" else ""


def _debate(source: Source, locator: str) -> tuple[Parts, str] | None:
    """A Hansard-style citation (house, date, volume, column), or None when the source
    has no column or volume to cite by (a written question is then cited by its UIN).

    A column pinpoint becomes the column, so that it is printed once.
    """
    kind = source.type
    column_pin = _column_pinpoint(locator)
    if not (source.column or source.volume or column_pin or kind == "hansard"):
        return None
    rest = "" if column_pin else locator
    if kind == "hansard" and _HANSARD_REF.match(source.reference):
        reference = source.reference
        if column_pin:
            reference = _REFERENCE_COLUMN.sub("", reference) + f", col {column_pin}"
        return [("", reference)], rest
    if kind == "hansard" and source.reference and not (source.volume or source.column):
        # The older form: the house, and "vol 825, col 1234" as the reference.
        reference = source.reference
        if column_pin:
            reference = _REFERENCE_COLUMN.sub("", ", " + reference).strip(", ")
            reference = ", ".join(p for p in (reference, f"col {column_pin}") if p)
        return [("", f"{_hansard(source, '')}, {reference}")], rest
    if kind == "hansard" or source.column or column_pin:
        return [("", _hansard(source, column_pin or source.column))], rest
    return None


def _letter(source: Source) -> Parts:
    org = source.organisation
    sender = _the(source.author) + (f", {org}," if org and org != source.author else "")
    to = f" to {source.recipient}" if source.recipient else ""
    ref = f", ref {source.reference}" if source.reference else ""
    return [("", f"Letter from {sender}{to} ({uk_date(source.date)}{ref})")]


def _press_release(source: Source) -> Parts:
    issuer = source.organisation or source.author
    return [("", f"{issuer}, {_quoted(source.title)} (Press release, {uk_date(source.date)})")]


def _written_statement(source: Source) -> Parts:
    return [
        ("", f"{source.author}, {_quoted(source.title)} "),
        ("", f"(Written statement {source.number}, {uk_date(source.date)})"),
    ]


def _act(source: Source) -> Parts:
    year = source.year if source.year and not _ends_with_year(source.title) else ""
    return [("", f"{source.title} {year}".rstrip())]


def _si(source: Source) -> Parts:
    title = source.title if _ends_with_year(source.title) else f"{source.title} {source.year}"
    return [("", f"{title}, SI {source.year}/{source.number}")]


def _bill(source: Source) -> Parts:
    title = source.title.removesuffix(" Bill")
    number = f"[{source.number}]" if source.house == "HC" else source.number
    return [("", f"{title} {source.house} Bill ({source.session}) {number}")]


def _titled(before: str, title: str, after: str) -> Parts:
    """A citation whose title is a stand-alone work's, in italics: a report's, a
    committee's, a newspaper's."""
    return [("", before), ("i", title), ("", after)]


def _committee_report(source: Source) -> Parts:
    where = f" ({source.house} {source.session}, {source.number})"
    return _titled(f"{source.author}, ", source.title, where)


def _report(source: Source) -> Parts:
    ref = f" {source.reference}" if source.reference else ""
    where = f" ({_publisher(source)}{uk_date(source.date)}){ref}"
    return _titled(f"{source.author}, ", source.title, where)


def _un_document(source: Source) -> Parts:
    title = _quoted(source.title)
    return [("", f"{source.author}, {title} ({uk_date(source.date)}) UN Doc {source.symbol}")]


def _judgment(source: Source) -> Parts:
    return [("i", source.title), ("", f" {source.neutral_citation}")]


def _news(source: Source) -> Parts:
    byline = f"{source.author}, " if source.author else ""
    return _titled(
        f"{byline}{_quoted(source.title)} ", source.publication, f" ({uk_date(source.date)})"
    )


def _delivered(label: str, *, with_reference: bool = False) -> Callable[[Source], Parts]:
    """The form of something said: "Author, 'Title' (Speech, Publisher, date)"; a
    statement keeps its reference after the brackets, a speech has none."""

    def form(source: Source) -> Parts:
        ref = f" {source.reference}" if with_reference and source.reference else ""
        where = f"{_publisher(source)}{uk_date(source.date)}"
        return [("", f"{source.author}, {_quoted(source.title)} ({label}, {where}){ref}")]

    return form


def _webpage(source: Source) -> Parts:
    """The general OSCOLA form for web sources, and for any type without its own."""
    where = f"{_publisher(source)}{uk_date(source.date)}"
    return [("", f"{source.author}, {_quoted(source.title)} ({where})")]


# Each source type's citation without pinpoint, URL or full stop; others are web pages.
_FORMS: dict[str, Callable[[Source], Parts]] = {
    "letter": _letter,
    "press-release": _press_release,
    "written-question": lambda source: [("", _written_question(source))],
    "written-statement": _written_statement,
    "statute": _act,
    "act": _act,
    "si": _si,
    "bill": _bill,
    "committee-report": _committee_report,
    "report": _report,
    "ngo-report": _report,
    "un-document": _un_document,
    "judgment": _judgment,
    "news": _news,
    "speech": _delivered("Speech"),
    "statement": _delivered("Statement", with_reference=True),
}
_DEBATES = frozenset({"hansard", "written-question", "written-statement"})


def _core(source: Source, locator: str) -> tuple[Parts, str]:
    """The citation without pinpoint, URL or final full stop, and the pinpoint left.

    Hansard forms take a column pinpoint as their column, so that it is printed once.
    """
    if source.type in _DEBATES:
        debate = _debate(source, locator)
        if debate is not None:
            return debate
    return _FORMS.get(source.type, _webpage)(source), locator


def _written_question(source: Source) -> str:
    """ "Written question HL1234 from Lord A to the Home Office, answered by Lord B (HL, ...)"."""
    text = f"Written question {source.uin}"
    if source.asker:
        text += f" from {source.asker}"
    if source.answering_body:
        text += f" to {_the_body(source.answering_body)}"
    if source.author:
        text += f", answered by {source.author}"
    answer = "holding answer" if source.holding else "answered"
    if source.corrected:
        answer = "corrected answer"
    dates = [f"tabled {uk_date(source.tabled)}"] if source.tabled else []
    dates.append(f"{answer} {uk_date(source.date)}")
    return f"{text} ({source.house}, {', '.join(dates)})"


def pinpoint(source: Source, locator: str) -> str:
    """The pinpoint as this type prints it: a judgment's paragraph is "[50]"."""
    found = pinpoints.parse(locator) if locator else None
    if source.type == "judgment" and found is not None and found.kind == "para":
        if found.last:
            return f"[{found.first}]{found.dash}[{found.last}]"
        return f"[{found.first}]"
    return locator


def with_pinpoint(parts: Parts, source: Source, locator: str) -> Parts:
    # OSCOLA puts a comma before a pinpoint, except straight after a closing bracket,
    # a judgment's citation and a UN document symbol.
    if not locator:
        return parts
    pin = pinpoint(source, locator)
    no_comma = plain(parts).endswith(")") or source.type in ("judgment", "un-document")
    return [*parts, ("", f" {pin}" if no_comma else f", {pin}")]


def _url_tail(source: Source) -> Parts:
    if not source.url:
        return []
    accessed = f" accessed {uk_date(source.accessed)}" if source.accessed else ""
    return [("", " "), ("url", source.url), ("", accessed)]


def stop(parts: Parts) -> Parts:
    text = plain(parts)
    return parts if text.endswith((".", "?", "!")) else [*parts, ("", ".")]


def full_parts(source: Source, locator: str = "") -> Parts:
    """The full citation as styled parts, ending with a full stop."""
    core, rest = _core(source, locator)
    return stop(with_pinpoint(core, source, rest) + _url_tail(source))


def markdown_citation(source: Source, locator: str = "") -> str:
    """`full_citation` written for a Markdown body: the source's text stays text (a
    title's '*' or '[^1]' is not Markdown), titles of stand-alone works are *italic*,
    and the URL is an autolink."""
    return markdown(full_parts(source, locator))


def full_citation(source: Source, locator: str = "") -> str:
    """The OSCOLA citation of `source`, with `locator` as pinpoint, ending in a full stop."""
    return plain(full_parts(source, locator))


def bibliography_parts(source: Source) -> Parts:
    """The source as a bibliography ("Sources") lists it: no pinpoint, no full stop."""
    core, _ = _core(source, "")
    return core + _url_tail(source)


def sort_key(source: Source) -> tuple[str, str]:
    """Where a source goes in an alphabetical bibliography: by author, then title.

    Sources whose citation does not open with an author (debates, legislation, cases,
    written questions) are filed under the citation's first words.
    """
    text = plain(bibliography_parts(source))
    author = source.organisation if source.type == "press-release" else ""
    author = author or source.author
    by = author if text.startswith(author) or source.type == "letter" else text
    return (by.removeprefix("the ").casefold(), text.casefold())


def bibliography(sources: Iterable[Source]) -> list[Parts]:
    """Each source once, alphabetical by author, as the entries of a Sources list."""
    unique = {s.id: s for s in sources}
    return [bibliography_parts(s) for s in sorted(unique.values(), key=sort_key)]


def _short_title(source: Source) -> Parts:
    title = source.short_title or source.title
    kind = source.type
    if kind in ("report", "ngo-report", "committee-report", "judgment"):
        return [("i", title)]
    return [("", _quoted(title))]


def short_parts(source: Source, *, with_title: bool = False) -> Parts:
    """The short form for later citations ("Amnesty International UK"), without "(n X)".

    `with_title` adds the (short) title, for when the document cites several works of
    the source's author.
    """
    kind = source.type
    date = uk_date(source.date)
    if kind == "letter":
        to = f" to {source.recipient}" if source.recipient else ""
        short = f"Letter from {_the(source.author)}{to}"
        # Several letters of one author: each by its date, "... to Lord A of 8 January 2023".
        return [("", f"{short} of {date}" if with_title else short)]
    if kind == "hansard" and _HANSARD_REF.match(source.reference):
        return [("", source.reference.split(",", 1)[0])]
    if kind in ("hansard", "written-question", "written-statement") and (
        kind == "hansard" or source.column
    ):
        return [("", f"{source.house} Deb {date}")]
    if kind == "written-question":
        return [("", f"Written question {source.uin}")]
    if kind == "written-statement":
        return [("", f"Written statement {source.number}")]
    if TYPES[kind].legislation:
        core, _ = _core(source, "")
        return core
    if kind == "judgment":
        return _short_title(source)
    author = source.organisation if kind == "press-release" and source.organisation else ""
    author = author or source.author
    if not author:  # a news article without a byline
        return [*_short_title(source), ("", " "), ("i", source.publication)]
    if not with_title:
        return [("", author)]
    return [("", f"{author}, "), *_short_title(source)]


def short_citation(source: Source, *, with_title: bool = False) -> str:
    return plain(short_parts(source, with_title=with_title))
