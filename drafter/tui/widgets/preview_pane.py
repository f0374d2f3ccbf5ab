"""The rendered letter as it will export: Markdown, footnotes, warnings, or the problems.

It renders through the same `render` and `to_markdown` the exporters use, so what the
preview shows is what the DOCX will say. Re-rendering is debounced: edits that come in
quick succession (typing) cause one render when they pause.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable
from functools import lru_cache
from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.await_complete import AwaitComplete
from textual.containers import VerticalScroll
from textual.timer import Timer
from textual.widgets import Markdown, Static
from textual.widgets.markdown import MarkdownBlock

from drafter.errors import DrafterError
from drafter.tui.screens.problems import problems_text
from drafter.tui.widgets import update_static

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

    from drafter.document import RenderedDocument
    from drafter.tui.session import Session

DEBOUNCE_SECONDS = 0.2
_FOOTNOTE_REF = re.compile(r"\[\^(\d+)\](?!:)")
_FOOTNOTE_DEF = re.compile(r"^\[\^(\d+)\]:\s?", re.MULTILINE)


def screen_markdown(markdown: str) -> str:
    """Footnote syntax the Markdown widget does not know, made readable.

    References `[^3]` become `⁽³⁾`; the definitions `[^3]: text` at the end become a
    numbered "Notes" list, as the footnotes print at the foot of the page.
    """
    body, _, notes = markdown.partition("\n[^1]:")
    if _:
        notes = "[^1]:" + notes
    body = _FOOTNOTE_REF.sub(lambda m: _superscript(m.group(1)), body)
    if not notes:
        return body
    lines = _FOOTNOTE_DEF.sub(lambda m: f"{m.group(1)}. ", notes.strip())
    return body.rstrip() + "\n\n---\n\n**Notes**\n\n" + lines + "\n"


def _superscript(number: str) -> str:
    table = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
    return "⁽" + number.translate(table) + "⁾"


def warnings_text(document: RenderedDocument) -> Text:
    text = Text()
    for notice in document.warnings:
        if text:
            text.append("\n")
        text.append("⚠ ", style="bold yellow")
        text.append(notice.message)
    return text


def top_level_blocks(tokens: list[Token], lines: list[str]) -> list[tuple[str, list[Token]]] | None:
    """The document's top-level blocks, each as (its source lines, its tokens).

    None when a top-level token does not say which lines it came from (then the blocks
    cannot be told apart by their source).
    """
    blocks: list[tuple[str, list[Token]]] = []
    depth = 0
    for token in tokens:
        if depth == 0:
            if token.map is None:
                return None
            start, end = token.map
            blocks.append(("".join(lines[start:end]), []))
        blocks[-1][1].append(token)
        depth += token.nesting
    return blocks


def common_ends(old: list[str], new: list[str]) -> tuple[int, int]:
    """How many items the two lists share at the start, then at the end (not overlapping)."""
    head = 0
    while head < min(len(old), len(new)) and old[head] == new[head]:
        head += 1
    tail = 0
    while tail < min(len(old), len(new)) - head and old[-1 - tail] == new[-1 - tail]:
        tail += 1
    return head, tail


def move_ranges(
    blocks: list[tuple[str, list[Token]]], kept: list[tuple[str, list[MarkdownBlock]]]
) -> None:
    """Give the widgets kept the lines their blocks come from in the new document."""
    for (_, block_tokens), (_, widgets) in zip(blocks, kept, strict=True):
        start, end = block_tokens[0].map or (0, 0)
        for widget in widgets:
            widget.source_range = (start, end)


@lru_cache(maxsize=1)
def screen_parser() -> MarkdownIt:
    """The letter's Markdown read as the DOCX reads it (drafter.export.docx.body):
    CommonMark, raw HTML as text, and a bare web address as text (the sources' addresses
    are written as links, `<https://...>`). The widget's own default, "gfm-like", also
    looks for bare addresses in every line of text, which took most of the parse."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False})


class LetterMarkdown(Markdown):
    """Textual's Markdown widget, updated block by block.

    `Markdown.update` removes every block and mounts the new document's afresh, so each
    keystroke laid the whole letter out again. Here the new document's top-level blocks
    are compared with those shown by their source: the unchanged ones at the start and
    at the end stay mounted, and only those between are removed and mounted new. A
    block's widgets depend on its own source alone (a list numbers and bullets its own
    items), so what is shown is what a full update shows. (The blocks are made by the
    widget's own parser, `Markdown._parse_markdown`, over each block's tokens.)
    """

    def __init__(self, markdown: str = "", *, id: str | None = None) -> None:
        super().__init__(markdown, id=id, parser_factory=screen_parser)
        # Each shown top-level block: its source lines and the widgets made from it.
        self._shown: list[tuple[str, list[MarkdownBlock]]] = []

    def update(self, markdown: str) -> AwaitComplete:
        tokens = screen_parser().parse(markdown)
        blocks = top_level_blocks(tokens, markdown.splitlines(keepends=True))
        if blocks is None:
            self._shown = []
            return super().update(markdown)
        self._markdown = markdown
        self._table_of_contents = None
        return AwaitComplete(self._apply(blocks))

    async def _apply(self, blocks: list[tuple[str, list[Token]]]) -> None:
        """Swap the blocks that changed, one update after another (under the lock)."""
        async with self.lock:
            children = [child for child in self.children if isinstance(child, MarkdownBlock)]
            shown = self._shown
            if children != [widget for _, widgets in shown for widget in widgets]:
                shown = []  # shown by a full update, or not at all yet: all made anew
            old = [source for source, _ in shown]
            new = [source for source, _ in blocks]
            head, tail = common_ends(old, new)
            made = [
                (source, list(self._parse_markdown(block_tokens)))
                for source, block_tokens in blocks[head : len(new) - tail]
            ]
            kept_after = shown[len(old) - tail :]
            # The blocks kept after the change may start on other lines now.
            move_ranges(blocks[len(new) - tail :], kept_after)
            self._shown = [*shown[:head], *made, *kept_after]
            stale = (
                children
                if not shown
                else [widget for _, widgets in shown[head : len(old) - tail] for widget in widgets]
            )
            fresh = [widget for _, widgets in made for widget in widgets]
            after = next((widgets[0] for _, widgets in kept_after if widgets), None)
            with self.app.batch_update():
                if stale:
                    await self.remove_children(stale)
                if fresh:
                    await self.mount_all(fresh, before=after)


class PreviewPane(VerticalScroll):
    """Shows the session's draft rendered; call `schedule` after each change."""

    def __init__(self, session: Session, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.session = session
        self._timer: Timer | None = None
        self.document: RenderedDocument | None = None
        self.markdown = ""

    def compose(self) -> ComposeResult:
        yield Static("", id="preview-problems", classes="error")
        yield Static("", id="preview-count", classes="warnings")
        yield LetterMarkdown("", id="preview-markdown")
        yield Static("", id="preview-warnings", classes="warnings")

    def schedule(self) -> None:
        """Render a moment from now, unless another change comes first."""
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(DEBOUNCE_SECONDS, self.render_now)

    def render_now(self) -> None:
        """Render at once; a render still scheduled is then not needed."""
        from drafter.export.markdown import to_markdown

        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if not self.display:
            return  # hidden (a narrow terminal): rendered when shown
        problems = self.query_one("#preview-problems", Static)
        warnings = self.query_one("#preview-warnings", Static)
        count = self.query_one("#preview-count", Static)
        view = self.query_one("#preview-markdown", Markdown)
        try:
            document = self.session.render()
        except DrafterError as exc:
            self.document = None
            title = Text("The letter cannot be rendered yet:\n\n", style="bold")
            problems.update(title + problems_text(exc.problems))
            problems.display = True
            warnings.display = False
            count.display = False
            view.display = False
            return
        letter_shown = self.document is not None  # and the warnings with it
        self.document = document
        self.markdown = to_markdown(document)
        problems.display = False
        text = warnings_text(document)
        if text:
            text = Text("Warnings\n", style="bold") + text
        update_static(warnings, text)
        number = len(document.warnings)
        # At 80x24 the list at the end is out of sight: say at the top that it is there.
        update_static(
            count, f"⚠ {number} warning{'s' if number != 1 else ''}, listed after the letter"
        )
        if not letter_shown:
            # The Markdown widget builds the letter in the background (a long one takes
            # a moment): the warnings appear with it, never alone where it should be.
            warnings.display = count.display = False
        view.display = True
        self._reveal(view.update(screen_markdown(self.markdown)), bool(text))

    @work(group="preview-reveal", exclusive=True, exit_on_error=False)
    async def _reveal(self, updating: Awaitable[None], warned: bool) -> None:
        await updating
        self.query_one("#preview-warnings", Static).display = warned
        self.query_one("#preview-count", Static).display = warned
