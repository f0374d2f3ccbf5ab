"""Markdown export: the frame's layout, escaping, footnotes, and atomic writing."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin

from drafter.document import Footnote, LetterFrame, RenderedDocument
from drafter.errors import ExportError
from drafter.export.formats import write_document
from drafter.export.markdown import escape_line, to_markdown

DAY = dt.date(2026, 11, 23)


def note(number: int, text: str) -> Footnote:
    return Footnote(number, text, f"fact-{number}", "source", "quote", DAY, text)


LETTER = RenderedDocument(
    kind="letter",
    template="minister-letter",
    title="Hong Kong bounties",
    topic_id="hong-kong",
    topic_title="Hong Kong",
    date=DAY,
    author="Lord Smith of Town",
    body="First point.[^1]\n\nSecond point.[^2]",
    footnotes=(note(1, "Letter from A to B (8 January 2023)."), note(2, "ibid para 4.")),
    frame=LetterFrame(
        sender_name="Lord Smith of Town",
        sender_title="Member of the House of Lords",
        sender_address=("House of Lords", "London SW1A 0PW", "smithl@parliament.uk"),
        date=DAY,
        recipient_block=("Anna Brown MP", "Minister of State", "10 Downing Street"),
        salutation="Dear Minister",
        valediction="Yours sincerely",
        our_ref="HK/1",
        your_ref="MC2026/1",
        subject="Hong Kong bounties",
    ),
)

BRIEFING = RenderedDocument(
    kind="briefing",
    template="briefing-note",
    title="Briefing note: Xinjiang",
    topic_id="xinjiang",
    topic_title="Xinjiang",
    date=DAY,
    author="Lord Smith of Town",
    body="## Summary\n\nText.[^1]",
    footnotes=(note(1, "A, 'B' (1 May 2026) <https://example.org/b> accessed 2 May 2026."),),
    prepared_by="Lord Smith of Town, Member of the House of Lords",
)


def test_letter_layout() -> None:
    assert to_markdown(LETTER) == (
        "Lord Smith of Town\\\nHouse of Lords\\\nLondon SW1A 0PW\\\nsmithl@parliament.uk\n\n"
        "23 November 2026\n\n"
        "Our ref: HK/1\\\nYour ref: MC2026/1\n\n"
        "Anna Brown MP\\\nMinister of State\\\n10 Downing Street\n\n"
        "Dear Minister\n\n"
        "**Hong Kong bounties**\n\n"
        "First point.[^1]\n\nSecond point.[^2]\n\n"
        "Yours sincerely\n\n"
        "Lord Smith of Town\\\nMember of the House of Lords\n\n"
        "[^1]: Letter from A to B (8 January 2023).\n"
        "[^2]: ibid para 4.\n"
    )


def test_a_letter_without_references_or_subject_leaves_them_out() -> None:
    assert LETTER.frame is not None
    from dataclasses import replace

    frame = replace(LETTER.frame, our_ref="", your_ref="", subject="")
    text = to_markdown(replace(LETTER, frame=frame, footnotes=(), body="Text."))
    assert "ref:" not in text and "**" not in text
    assert text.endswith("Yours sincerely\n\nLord Smith of Town\\\nMember of the House of Lords\n")


def test_briefing_layout() -> None:
    assert to_markdown(BRIEFING) == (
        "# Briefing note: Xinjiang\n\n"
        "Topic: Xinjiang\\\nDate: 23 November 2026\\\n"
        "Prepared by: Lord Smith of Town, Member of the House of Lords\n\n"
        "## Summary\n\nText.[^1]\n\n"
        "[^1]: A, 'B' (1 May 2026) <https://example.org/b> accessed 2 May 2026.\n"
    )


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("10 Downing Street", "10 Downing Street"),
        ("1. Victoria Street", "1\\. Victoria Street"),
        ("# Flat 3", "\\# Flat 3"),
        ("- dash", "\\- dash"),
        ("> quoted", "\\> quoted"),
        ("Smith_Jones [Ltd] *star*", "Smith\\_Jones \\[Ltd\\] \\*star\\*"),
        ("+44 20 7219 3000", "\\+44 20 7219 3000"),
        ("<b>", "\\<b>"),
    ],
)
def test_escape_line(text: str, escaped: str) -> None:
    assert escape_line(text) == escaped


def _parse(text: str) -> list[str]:
    md = MarkdownIt("commonmark").use(footnote_plugin)
    return [t.type for t in md.parse(text)]


def test_markdown_parses_with_each_reference_matched_to_a_footnote() -> None:
    md = MarkdownIt("commonmark").use(footnote_plugin)
    env: dict[str, object] = {}
    tokens = md.parse(to_markdown(LETTER), env)
    inline_children = [c for t in tokens if t.children for c in t.children]
    refs = [c for c in inline_children if c.type == "footnote_ref"]
    assert len(refs) == 2
    assert [t.type for t in tokens].count("footnote_open") == 2
    breaks = [c for c in inline_children if c.type == "hardbreak"]
    assert len(breaks) == 3 + 1 + 2 + 1  # sender, refs, recipient, signature
    assert "heading_open" not in [t.type for t in tokens]
    assert "ordered_list_open" not in _parse(to_markdown(LETTER).split("Dear")[0])


@pytest.mark.skipif(shutil.which("pandoc") is None, reason="pandoc is not installed")
def test_pandoc_reads_the_footnotes() -> None:
    result = subprocess.run(
        ["pandoc", "-f", "markdown", "-t", "json"],
        input=to_markdown(LETTER),
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    text = result.stdout
    assert text.count('"t":"Note"') == 2
    assert text.count('"t":"LineBreak"') == 7
    json.loads(text)


def test_write_markdown_is_atomic_and_refuses_to_overwrite(tmp_path: Path) -> None:
    path = tmp_path / "letter.md"
    assert write_document(LETTER, path) == path
    assert path.read_text(encoding="utf-8") == to_markdown(LETTER)
    with pytest.raises(ExportError, match="already exists"):
        write_document(BRIEFING, path)
    assert path.read_text(encoding="utf-8") == to_markdown(LETTER)
    write_document(BRIEFING, path, force=True)
    assert path.read_text(encoding="utf-8") == to_markdown(BRIEFING)
    assert [p.name for p in tmp_path.iterdir()] == ["letter.md"]
