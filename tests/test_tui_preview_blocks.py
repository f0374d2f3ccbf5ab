"""The preview's Markdown is updated block by block, and shows what a full update shows."""

from __future__ import annotations

import asyncio

from textual.app import App, ComposeResult
from textual.widgets import Markdown
from textual.widgets.markdown import MarkdownBlock

from drafter.tui.widgets.preview_pane import LetterMarkdown

FIRST = "# Title\n\nOne ⁽¹⁾.\n\nTwo.\n\n1. a\n2. b\n\n---\n\n**Notes**\n\n1. A note.\n"
SECOND = FIRST.replace("Two.", "Two, and more\nover two lines.\n\nThree.")


class Both(App[None]):
    def compose(self) -> ComposeResult:
        yield LetterMarkdown("", id="letter")
        yield Markdown("", id="plain")


def shown(widget: Markdown) -> list[tuple[str, str]]:
    blocks = [child for child in widget.query(MarkdownBlock)]
    return [(type(block).__name__, str(block.content)) for block in blocks]


def test_a_changed_paragraph_is_the_only_block_made_again() -> None:
    asyncio.run(changed_paragraph())


async def changed_paragraph() -> None:
    app = Both()
    async with app.run_test() as pilot:
        letter = app.query_one("#letter", LetterMarkdown)
        plain = app.query_one("#plain", Markdown)
        await letter.update(FIRST)
        await pilot.pause()
        before = list(letter.children)
        await letter.update(SECOND)
        await plain.update(SECOND)
        await pilot.pause()
        after = list(letter.children)
        assert shown(letter) == shown(plain)
        assert letter.source == SECOND
        assert after[:2] == before[:2]  # the title and the first paragraph stayed
        assert after[-4:] == before[-4:]  # the list, the rule and the notes stayed
        assert before[2] not in after  # the changed paragraph was made again
        assert len(after) == len(before) + 1
        # Back to the first text, and to an empty letter: the same as a full update.
        await letter.update(FIRST)
        await plain.update(FIRST)
        await pilot.pause()
        assert shown(letter) == shown(plain)
        await letter.update("")
        await pilot.pause()
        assert list(letter.query(MarkdownBlock)) == []
