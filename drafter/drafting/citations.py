"""Footnote numbering: one document's citations in order of use, each in the form
OSCOLA (4th edn) gives it there.

`Citations` numbers the footnotes of one document and picks the form each takes: the
full citation the first time a source is cited, "ibid" when the footnote just before
cites the same source, and otherwise a short form pointing back to the first footnote:
"Amnesty International UK (n 2)". Which short form a source takes is decided once for
the whole document: when the document cites several works by one author, each of them
is "Author, 'Short title' (n 2)" throughout. The style `oscola-no-ibid` repeats the
short form where `oscola` writes "ibid". The text of each form is the fact base's
(drafter.facts.citations).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from drafter.document import CITATION_STYLES, Footnote
from drafter.facts.citations import (
    Parts,
    bibliography,
    full_citation,
    full_parts,
    markdown,
    pinpoint,
    plain,
    short_parts,
    stop,
    with_pinpoint,
)
from drafter.facts.loader import Fact, Source
from drafter.facts.source_types import TYPES

if TYPE_CHECKING:
    import yaml

    from drafter.yamlio import NodeReader

STYLES = CITATION_STYLES
DEFAULT_STYLE = "oscola"


class Citations:
    """Numbers one document's footnotes and chooses full, "ibid" or short "(n X)" forms.

    `sources` are every source the document will cite, so that the short form of each
    is decided for the whole document; a source cited that was not among them is
    added when first cited. Each `cite` places a new footnote, as a word processor
    does, even when the same fact was cited before: a reader then finds the source at
    every point it supports.
    """

    def __init__(self, sources: Iterable[Source] = (), *, style: str = DEFAULT_STYLE) -> None:
        if style not in STYLES:
            raise ValueError(f"unknown citation style {style!r}")
        self.style = style
        self._notes: list[Footnote] = []
        self._first: dict[str, int] = {}  # source id -> number of its first (full) footnote
        self._sources: dict[str, Source] = {}  # cited, in order of first citation
        self._known: dict[str, Source] = {s.id: s for s in sources}
        self._previous = ("", "")  # source id and locator of the footnote just placed

    @property
    def footnotes(self) -> tuple[Footnote, ...]:
        return tuple(self._notes)

    @property
    def sources(self) -> tuple[str, ...]:
        """The bibliography of the sources cited as Markdown, alphabetical by author."""
        return tuple(markdown(parts) for parts in bibliography(self._sources.values()))

    @property
    def fact_ids(self) -> tuple[str, ...]:
        """The ids of the facts cited, each once, in order of first citation."""
        return tuple(dict.fromkeys(n.fact_id for n in self._notes))

    def _several_by_author(self, source: Source) -> bool:
        key = plain(short_parts(source))
        return any(
            plain(short_parts(other)) == key
            for other in self._known.values()
            if other.id != source.id
        )

    def _form(self, fact: Fact, source: Source) -> Parts:
        locator = fact.locator
        repeat = source.id == self._previous[0]
        # "ibid" alone would point at the previous pinpoint; a citation of the whole
        # source after a pinpointed one takes the short form instead.
        whole_after_pinpoint = not locator and bool(self._previous[1])
        if repeat and not whole_after_pinpoint and self.style == "oscola":
            # OSCOLA: "ibid" alone for the same pinpoint, "ibid para 4" for another.
            if locator == self._previous[1]:
                return [("", "ibid.")]
            return stop([("", "ibid "), ("", pinpoint(source, locator))])
        if source.id in self._first and not TYPES[source.type].legislation:
            # OSCOLA repeats legislation in full; everything else takes a short form.
            short = short_parts(source, with_title=self._several_by_author(source))
            parts = [*short, ("", f" (n {self._first[source.id]})")]
            return stop(with_pinpoint(parts, source, locator))
        return full_parts(source, locator)

    def cite(self, fact: Fact, source: Source) -> Footnote:
        number = len(self._notes) + 1
        self._known.setdefault(source.id, source)
        parts = self._form(fact, source)
        self._first.setdefault(source.id, number)
        self._sources.setdefault(source.id, source)
        self._previous = (source.id, fact.locator)
        note = Footnote(
            number=number,
            text=plain(parts),
            fact_id=fact.id,
            source_id=source.id,
            quote=fact.quote,
            as_of=fact.as_of,
            full_citation=full_citation(source, fact.locator),
            url=source.url,
            markdown=markdown(parts),
        )
        self._notes.append(note)
        return note


def read_citation_style(reader: NodeReader, node: yaml.Node) -> str:
    """A `citation_style` value (drafts and template front matter): one of STYLES."""
    style = reader.text(node, "citation_style", required=False) or ""
    if style and style not in STYLES:
        reader.out.add(
            node, f"unknown citation style '{style}'", "use one of: " + ", ".join(STYLES)
        )
        return ""
    return style
