"""The format-neutral result of rendering a draft.

`drafter.drafting.render.render` produces one `RenderedDocument`; the DOCX, Markdown and PDF
exporters and the TUI preview all take it, so every output shows the same letter.
The body is CommonMark in which each citation is a footnote reference `[^n]`; the
text of footnote n is `footnotes[n - 1]`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

DocumentKind = Literal["letter", "briefing"]
_NOUNS: dict[str, str] = {"letter": "letter", "briefing": "briefing note"}


def document_noun(kind: str) -> str:
    """What a document of `kind` is called in a sentence: "letter", "briefing note"."""
    return _NOUNS.get(kind, "document")


# How repeated citations read: "ibid" (oscola) or the short form again (oscola-no-ibid).
CITATION_STYLES = ("oscola", "oscola-no-ibid")


@dataclass(frozen=True, slots=True)
class Footnote:
    """One citation in the footnotes, numbered in order of first use."""

    number: int
    text: str  # as printed: the full citation, "ibid." or a short form with "(n 2)"
    fact_id: str
    source_id: str
    quote: str  # the fact's verbatim quote, for review comments
    as_of: dt.date
    full_citation: str  # the full citation even when `text` is a short form
    url: str = ""
    # `text` as inline CommonMark: titles of stand-alone works italic (*Title*), other
    # characters escaped, the URL an autolink. Empty: `text` is read as Markdown as it is.
    markdown: str = ""

    @property
    def inline(self) -> str:
        """The footnote as the exporters write it: inline Markdown."""
        return self.markdown or self.text


@dataclass(frozen=True, slots=True)
class Notice:
    """A warning about the draft that does not stop it rendering (stale or uncited fact)."""

    code: str  # "stale-fact", "uncited-fact", "other-topic", ...
    message: str
    fact_id: str = ""


@dataclass(frozen=True, slots=True)
class LetterFrame:
    """Everything around a letter's body, built from the draft so every letter is alike."""

    sender_name: str
    sender_title: str
    sender_address: tuple[str, ...]  # organisation, street lines, phone, email: top right
    date: dt.date
    recipient_block: tuple[str, ...]  # address line, office, organisation, street lines
    salutation: str
    valediction: str
    our_ref: str = ""
    your_ref: str = ""
    subject: str = ""
    signature: str = ""  # path of a PNG of the signature, placed above the printed name
    sender_email: str = ""  # for sending the letter by email (.eml): From and To
    recipient_email: str = ""
    covering_note: str = ""  # the email's text when the letter goes as an attachment


@dataclass(frozen=True, slots=True)
class RenderedDocument:
    kind: DocumentKind
    template: str  # template name
    title: str  # the subject of a letter, or the title of a briefing
    topic_id: str
    topic_title: str
    date: dt.date
    author: str  # the sender's name
    body: str  # Markdown with [^n] footnote references
    footnotes: tuple[Footnote, ...] = ()
    frame: LetterFrame | None = None
    warnings: tuple[Notice, ...] = ()
    fact_ids: tuple[str, ...] = ()
    prepared_by: str = ""  # briefing notes: "Name, title"
    # The bibliography: every source cited, alphabetical by author, no final full stop,
    # each as inline Markdown (italic titles), as a briefing's "Sources" lists them.
    sources: tuple[str, ...] = field(default=())
