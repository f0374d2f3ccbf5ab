"""The drafts: start a new one or open one from the drafts folder, newest first.

Each row says what the draft is (title), who it is to (as the address block prints),
its date and when it was last changed; the draft being edited is marked. The folder,
its files and what a row says come from the core (drafter.drafting.library); this
screen only lists them and returns the choice: "new", a path, or None.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, cast

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from drafter.drafting.library import when_changed
from drafter.paths import display_path
from drafter.textfmt import uk_date

if TYPE_CHECKING:
    from drafter.tui.app import DrafterApp

NEW = "__new__"


class DraftsDialog(ModalScreen[Path | str | None]):
    """F7: a new draft, or a saved one to open again."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+n", "new", "New draft"),
    ]

    @property
    def drafter(self) -> DrafterApp:
        from drafter.tui.app import DrafterApp

        return cast(DrafterApp, self.app)

    def compose(self) -> ComposeResult:
        session = self.drafter.session
        entries = session.drafts()
        self.paths = {str(e.path): e.path for e in entries}
        options = [Option(Text("+ New draft", style="bold"), id=NEW)]
        current = session.document_path
        for entry in entries:
            text = Text()
            is_current = current is not None and entry.path == current
            text.append("● " if is_current else "  ", style="bold")
            text.append(entry.title, style="bold")
            if is_current:
                text.append("  (open now)", style="italic")
            text.append("\n  ")
            if entry.problem:
                text.append(f"cannot be read: {entry.problem}", style="italic")
            else:
                text.append("to " + (entry.recipient or "(no recipient yet)"))
                text.append(" · ")
                text.append(uk_date(entry.date) if entry.date else "dated on export")
            text.append(" · changed " + when_changed(entry.changed, session.today), style="dim")
            options.append(Option(text, id=str(entry.path)))
        with Vertical(classes="dialog", id="drafts-dialog"):
            yield Static("Drafts", classes="dialog-title")
            count = len(entries)
            yield Static(
                f"{count} draft{'s' if count != 1 else ''} in "
                f"{display_path(session.library_path)}, the last changed first. "
                "enter opens; ctrl+n starts a new one.",
                classes="hint",
            )
            yield OptionList(*options, id="drafts-list")
        yield Footer()

    def on_mount(self) -> None:
        drafts = self.query_one("#drafts-list", OptionList)
        drafts.focus()
        drafts.highlighted = 1 if len(self.paths) else 0

    @on(OptionList.OptionSelected, "#drafts-list")
    def chosen(self, event: OptionList.OptionSelected) -> None:
        option_id = event.option.id or ""
        self.dismiss(NEW if option_id == NEW else self.paths.get(option_id))

    def action_new(self) -> None:
        self.dismiss(NEW)

    def action_cancel(self) -> None:
        self.dismiss(None)
