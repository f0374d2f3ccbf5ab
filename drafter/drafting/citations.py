"""OSCOLA-style citations: the text for each source type, and footnote numbering.

`full_citation` and `short_citation` give a source's text; `Citations` numbers the
footnotes of one document in order of use and picks the form each takes, as OSCOLA
(4th edn) does: the full citation the first time a source is cited, "ibid" when the
footnote just before cites the same source, and otherwise a short form pointing back
to the first footnote: "Amnesty International UK (n 2)". A fact's `locator` is the
pinpoint ("para 3", "col 1234", "s 54"). Footnote text is plain text (no Markdown);
a URL is written in angle brackets as OSCOLA has it.
"""

from __future__ import annotations

import re

from drafter.document import Footnote
from drafter.facts.loader import Fact, Source
from drafter.textfmt import markdown_text, uk_date

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


def _quoted(title: str) -> str:
    return "'" + _INNER_QUOTE.sub(r'"\1"', title) + "'"


def _the(author: str) -> str:
    first = author.split(" ", 1)[0]
    return f"the {author}" if first in _OFFICE_WORDS else author


def _publisher(source: Source) -> str:
    """The organisation, when it adds something to the author."""
    org = source.organisation
    return f"{org}, " if org and org != source.author else ""


def _house(source: Source) -> str:
    text = " ".join((source.organisation, source.author, source.title)).casefold()
    if "lords" in text:
        return "HL"
    if "commons" in text:
        return "HC"
    return ""


def _core(source: Source) -> str:
    """The citation without pinpoint, URL or final full stop."""
    date = uk_date(source.date)
    kind = source.type
    if kind == "letter":
        org = source.organisation
        sender = _the(source.author) + (f", {org}," if org and org != source.author else "")
        to = f" to {source.recipient}" if source.recipient else ""
        ref = f" {source.reference}" if source.reference else ""
        return f"Letter from {sender}{to} ({date}){ref}"
    if kind == "press-release":
        issuer = source.organisation or source.author
        return f"{issuer}, {_quoted(source.title)} (Press release, {date})"
    if kind == "hansard":
        if _HANSARD_REF.match(source.reference):
            return source.reference
        house = _house(source)
        ref = f", {source.reference}" if source.reference else ""
        if house:
            return f"{house} Deb {date}{ref}"
        return f"{_quoted(source.title)} (Hansard, {date}){ref}"
    if kind == "statute":
        return source.title
    if kind == "report":
        ref = f" {source.reference}" if source.reference else ""
        return f"{source.author}, {source.title} ({_publisher(source)}{date}){ref}"
    if kind == "speech":
        return f"{source.author}, {_quoted(source.title)} (Speech, {_publisher(source)}{date})"
    if kind == "statement":
        ref = f" {source.reference}" if source.reference else ""
        return (
            f"{source.author}, {_quoted(source.title)} (Statement, {_publisher(source)}{date}){ref}"
        )
    # webpage, and any type a later schema adds: the general OSCOLA form for web sources
    return f"{source.author}, {_quoted(source.title)} ({_publisher(source)}{date})"


def _with_pinpoint(text: str, locator: str) -> str:
    # OSCOLA puts a comma before a pinpoint, except straight after a closing bracket.
    if not locator:
        return text
    return f"{text} {locator}" if text.endswith(")") else f"{text}, {locator}"


def _url_tail(source: Source) -> str:
    if not source.url:
        return ""
    accessed = f" accessed {uk_date(source.accessed)}" if source.accessed else ""
    return f" <{source.url}>{accessed}"


def _stop(text: str) -> str:
    return text if text.endswith((".", "?", "!")) else text + "."


def markdown_citation(source: Source, locator: str = "") -> str:
    """`full_citation` written for a Markdown body: the source's text stays text (a
    title's '*' or '[^1]' is not Markdown), and the URL is an autolink."""
    text = markdown_text(_with_pinpoint(_core(source), locator))
    if not source.url:
        return _stop(text)
    accessed = f" accessed {uk_date(source.accessed)}" if source.accessed else ""
    url = re.sub(r"[<>\s]", lambda m: f"%{ord(m.group()):02X}", source.url)
    return _stop(f"{text} <{url}>{accessed}")


def full_citation(source: Source, locator: str = "") -> str:
    """The OSCOLA citation of `source`, with `locator` as pinpoint, ending in a full stop."""
    return _stop(_with_pinpoint(_core(source), locator) + _url_tail(source))


def short_citation(source: Source, *, with_title: bool = False) -> str:
    """The short form for later citations ("Amnesty International UK"), without "(n X)".

    `with_title` adds the title, for when two cited sources share an author.
    """
    kind = source.type
    if kind == "letter":
        to = f" to {source.recipient}" if source.recipient else ""
        short = f"Letter from {_the(source.author)}{to}"
        return f"{short} ({uk_date(source.date)})" if with_title else short
    if kind == "hansard":
        if _HANSARD_REF.match(source.reference):
            return source.reference.split(",", 1)[0]
        house = _house(source)
        return f"{house} Deb {uk_date(source.date)}" if house else _quoted(source.title)
    if kind == "statute":
        return source.title
    author = source.organisation if kind == "press-release" and source.organisation else ""
    author = author or source.author
    if not with_title:
        return author
    title = source.title if kind == "report" else _quoted(source.title)
    return f"{author}, {title}"


class Citations:
    """Numbers one document's footnotes and chooses full, "ibid" or short "(n X)" forms.

    Each `cite` places a new footnote, as a word processor does, even when the same
    fact was cited before: a reader then finds the source at every point it supports.
    """

    def __init__(self) -> None:
        self._notes: list[Footnote] = []
        self._first: dict[str, int] = {}  # source id -> number of its first (full) footnote
        self._sources: dict[str, Source] = {}
        self._previous = ("", "")  # source id and locator of the footnote just placed

    @property
    def footnotes(self) -> tuple[Footnote, ...]:
        return tuple(self._notes)

    @property
    def sources(self) -> tuple[str, ...]:
        """The full citation of every source cited, in order of first use."""
        return tuple(full_citation(s) for s in self._sources.values())

    @property
    def fact_ids(self) -> tuple[str, ...]:
        """The ids of the facts cited, each once, in order of first citation."""
        return tuple(dict.fromkeys(n.fact_id for n in self._notes))

    def cite(self, fact: Fact, source: Source) -> Footnote:
        number = len(self._notes) + 1
        full = full_citation(source, fact.locator)
        # "ibid" alone would point at the previous pinpoint; a citation of the whole
        # source after a pinpointed one takes the short form instead.
        whole_after_pinpoint = not fact.locator and bool(self._previous[1])
        if source.id == self._previous[0] and not whole_after_pinpoint:
            # OSCOLA: "ibid" alone for the same pinpoint, "ibid para 4" for another.
            same_place = fact.locator == self._previous[1]
            text = "ibid." if same_place else _stop(f"ibid {fact.locator}".rstrip())
        elif source.id in self._first and source.type != "statute":
            # OSCOLA repeats legislation in full; everything else takes a short form.
            shared = any(
                short_citation(other) == short_citation(source)
                for other in self._sources.values()
                if other.id != source.id
            )
            short = short_citation(source, with_title=shared)
            text = _stop(_with_pinpoint(f"{short} (n {self._first[source.id]})", fact.locator))
        else:
            text = full
            self._first.setdefault(source.id, number)
        self._sources.setdefault(source.id, source)
        self._previous = (source.id, fact.locator)
        note = Footnote(
            number=number,
            text=text,
            fact_id=fact.id,
            source_id=source.id,
            quote=fact.quote,
            as_of=fact.as_of,
            full_citation=full,
            url=source.url,
        )
        self._notes.append(note)
        return note
