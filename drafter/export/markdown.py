"""A RenderedDocument as Markdown: CommonMark with `[^n]` footnotes, as pandoc reads it.

A letter's frame is written as plain lines in the order a letter reads (sender's
block, date, references, recipient's block, salutation, subject in bold, body,
valediction, signature); lines of one block are joined by CommonMark hard breaks
(a backslash at the end of a line). A briefing opens with its title as a heading,
then its topic, date and author. Footnote definitions close the file.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from drafter.document import LetterFrame, RenderedDocument
from drafter.textfmt import uk_date

# A line that Markdown would read as a heading, quote, list item, rule or HTML.
_BLOCK_START = re.compile(r"^(\s*)([#>+*=|<-]|\d+[.)](?=\s|$))")
_INLINE = re.compile(r"([\\`*_\[\]])")


def escape_line(text: str) -> str:
    """Plain text made to read as itself in Markdown (names, addresses, subjects)."""
    text = _INLINE.sub(r"\\\1", text)
    match = _BLOCK_START.match(text)
    if match:
        mark = match.group(2)
        cut = match.end(1) + (len(mark) - 1 if mark[-1] in ".)" else 0)
        text = text[:cut] + "\\" + text[cut:]
    return text


def _block(lines: Iterable[str]) -> str:
    """Lines as one paragraph with hard breaks between them."""
    return "\\\n".join(escape_line(line) for line in lines if line.strip())


def _frame_head(frame: LetterFrame) -> list[str]:
    parts = [_block([frame.sender_name, *frame.sender_address]), uk_date(frame.date)]
    refs = [
        f"{label}: {value}"
        for label, value in (("Our ref", frame.our_ref), ("Your ref", frame.your_ref))
        if value
    ]
    if refs:
        parts.append(_block(refs))
    if frame.recipient_block:
        parts.append(_block(frame.recipient_block))
    parts.append(escape_line(frame.salutation))
    if frame.subject:
        parts.append(f"**{escape_line(frame.subject)}**")
    return parts


def _frame_tail(frame: LetterFrame) -> list[str]:
    return [escape_line(frame.valediction), _block([frame.sender_name, frame.sender_title])]


def _briefing_head(doc: RenderedDocument) -> list[str]:
    lines = [f"Topic: {doc.topic_title}", f"Date: {uk_date(doc.date)}"]
    if doc.prepared_by:
        lines.append(f"Prepared by: {doc.prepared_by}")
    return [f"# {escape_line(doc.title)}", _block(lines)]


def _footnote(number: int, text: str) -> str:
    # Footnote text is inline Markdown: italic titles, the URL in angle brackets an autolink.
    return f"[^{number}]: {text}"


def to_markdown(doc: RenderedDocument) -> str:
    """The whole document as Markdown text, ending with one newline."""
    frame = doc.frame
    parts = _frame_head(frame) if frame is not None else _briefing_head(doc)
    if doc.body:
        parts.append(doc.body)
    if frame is not None:
        parts.extend(_frame_tail(frame))
    if doc.footnotes:
        parts.append("\n".join(_footnote(n.number, n.inline) for n in doc.footnotes))
    return "\n\n".join(p for p in parts if p) + "\n"
