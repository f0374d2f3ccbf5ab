"""The rendered letter as it will export: Markdown, footnotes, warnings, or the problems.

It renders through the same `render` and `to_markdown` the exporters use, so what the
preview shows is what the DOCX will say. Re-rendering is debounced: edits that come in
quick succession (typing) cause one render when they pause.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable
from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.timer import Timer
from textual.widgets import Markdown, Static

from drafter.errors import DrafterError
from drafter.tui.screens.problems import problems_text

if TYPE_CHECKING:
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
        yield Markdown("", id="preview-markdown")
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
        self.document = document
        self.markdown = to_markdown(document)
        problems.display = False
        text = warnings_text(document)
        if text:
            text = Text("Warnings\n", style="bold") + text
        warnings.update(text)
        number = len(document.warnings)
        # At 80x24 the list at the end is out of sight: say at the top that it is there.
        count.update(f"⚠ {number} warning{'s' if number != 1 else ''}, listed after the letter")
        view.display = True
        # The Markdown widget builds the letter in the background (a long one takes a
        # moment): the warnings appear with it, never alone where the letter should be.
        warnings.display = count.display = False
        self._reveal(view.update(screen_markdown(self.markdown)), bool(text))

    @work(group="preview-reveal", exclusive=True, exit_on_error=False)
    async def _reveal(self, updating: Awaitable[None], warned: bool) -> None:
        await updating
        self.query_one("#preview-warnings", Static).display = warned
        self.query_one("#preview-count", Static).display = warned
