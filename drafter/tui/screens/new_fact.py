"""New fact, from the Facts step: what `drafter facts add` does, in the app.

Choose the source (or capture a new one from a local file with ctrl+g, as `drafter
sources add` does: drafter.tui.screens.capture), find the words inside its archived text
(the passages that hold every word typed, each with its paragraph or page), take a
passage as the quote and trim it, write the statement. Everything worked out (the quote
checked verbatim, the locator, the suggested id) comes from the one core,
drafter.facts.grow, through the session.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, cast

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Footer, Input, OptionList, Select, Static
from textual.widgets.option_list import Option

from drafter.errors import DrafterError
from drafter.facts.capture import Passage
from drafter.facts.lifecycle import KINDS
from drafter.paths import display_path, expand_user
from drafter.tui.widgets.form import FormDialog, Row

if TYPE_CHECKING:
    from drafter.tui.app import DrafterApp

PASSAGE_LIMIT = 50  # enough to choose from; more words narrow it
NO_ARCHIVE = (
    "No source has an archived text to quote yet. ctrl+g captures one from a file on "
    "this computer (an HTML page, a PDF, a DOCX or a text file), as drafter sources add "
    "FILE does; then find the words to quote here."
)


class NewFactScreen(FormDialog[str | None]):
    """Add a fact whose quote is checked against its source's archive; returns its id."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Add fact", priority=True),
        Binding("escape", "cancel", "Cancel"),
        Binding(
            "ctrl+g",
            "capture",
            "Capture source",
            tooltip="Capture a new source from an HTML page, PDF, DOCX or text file",
            priority=True,
        ),
    ]
    SAVE_LABEL = "Add"
    ERROR_ID = "nf-error"

    def __init__(self, topic: str = "") -> None:
        super().__init__()
        self.topic = topic
        self.passages: list[Passage] = []  # as listed in #nf-passages, by position

    @property
    def drafter(self) -> DrafterApp:
        return cast("DrafterApp", self.app)

    def sources(self) -> list[tuple[str, str]]:
        """(id, label) of every source with an archive to quote, newest first."""
        from drafter.facts.grow import quotable_sources

        found = quotable_sources(self.drafter.session.factbase)
        return [(s.id, f"{s.id} · {s.title} ({s.date.isoformat()})") for s in found]

    def compose(self) -> ComposeResult:
        session = self.drafter.session
        office = session.office_file()
        with Vertical(classes="dialog", id="new-fact-dialog"):
            yield Static("New fact", classes="dialog-title")
            sources = self.sources()
            yield Row(
                "Source",
                Select[str](
                    [(label, source_id) for source_id, label in sources],
                    id="nf-source",
                    compact=True,
                    allow_blank=not sources,
                    prompt="none archived yet (ctrl+g captures one)",
                ),
            )
            yield Row(
                "Find",
                Input(placeholder="words in the source", id="nf-find", compact=True),
            )
            yield OptionList(id="nf-passages")
            yield Static(NO_ARCHIVE, id="nf-none")
            yield Row(
                "Quote", Input(placeholder="its words, verbatim", id="nf-quote", compact=True)
            )
            yield Row(
                "Statement",
                Input(placeholder="the sentence a letter can use", id="nf-statement", compact=True),
            )
            with Horizontal(id="nf-small"):
                yield Row("Topic", Input(self.topic, id="nf-topic", compact=True))
                yield Row(
                    "Kind",
                    Select[str](
                        [(k, k) for k in KINDS],
                        id="nf-kind",
                        compact=True,
                        allow_blank=False,
                        value="position",
                    ),
                )
            yield Row("Id", Input(placeholder="suggested", id="nf-id", compact=True))
            yield Row(
                "File",
                Input(
                    display_path(office) if office else "",
                    placeholder="the office fact file (FACTS.yaml)",
                    id="nf-file",
                    compact=True,
                ),
            )
            yield from self.compose_buttons()
        yield Footer()

    def on_mount(self) -> None:
        self.show_sources_state()
        self.fill_passages()
        self.query_one("#nf-find", Input).focus()

    # -- the archive ---------------------------------------------------------------

    def source_id(self) -> str:
        value = self.query_one("#nf-source", Select).value
        return value if isinstance(value, str) else ""

    def fill_passages(self) -> None:
        from drafter.facts.grow import find_passages

        passages_list = self.query_one("#nf-passages", OptionList)
        source_id = self.source_id()
        if not source_id:
            passages_list.clear_options()
            return
        query = self.query_one("#nf-find", Input).value
        try:
            found = find_passages(
                self.drafter.session.factbase, source_id, query, limit=PASSAGE_LIMIT
            )
        except DrafterError as exc:
            passages_list.clear_options()
            self.show_error(str(exc.problems[0].message))
            return
        self.show_error("")
        options = []
        for number, passage in enumerate(found):
            text = Text(no_wrap=True, overflow="ellipsis")
            text.append(f"{passage.locator or '·':<8}", style="bold")
            text.append(passage.text)
            options.append(Option(text, id=str(number)))
        self.passages = found
        passages_list.set_options(options)
        if options:
            passages_list.highlighted = 0

    @on(Select.Changed, "#nf-source")
    def source_changed(self) -> None:
        self.fill_passages()

    @on(Input.Changed, "#nf-find")
    def find_changed(self) -> None:
        self.fill_passages()

    @on(Input.Submitted, "#nf-find")
    def find_submitted(self) -> None:
        self.query_one("#nf-passages", OptionList).focus()

    @on(OptionList.OptionSelected, "#nf-passages")
    def passage_chosen(self, event: OptionList.OptionSelected) -> None:
        """The passage becomes the quote, to be trimmed to the words the fact needs."""
        passage = self.passages[int(event.option.id or 0)]
        quote = self.query_one("#nf-quote", Input)
        quote.value = passage.text
        quote.focus()

    @on(Input.Changed, "#nf-statement")
    def statement_changed(self) -> None:
        from drafter.facts.grow import suggest_id

        statement = self.query_one("#nf-statement", Input).value
        source_id = self.source_id()
        suggestion = "suggested"
        if statement.strip() and source_id:
            suggestion = suggest_id(statement, source_id, self.drafter.session.factbase.facts)
        self.query_one("#nf-id", Input).placeholder = suggestion

    def input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id != "nf-find":  # Enter there goes into the passages
            self.focus_next()

    def show_sources_state(self) -> None:
        """The passages when there is a source to quote; else what to do to get one."""
        has_sources = bool(self.sources())
        self.query_one("#nf-passages", OptionList).display = has_sources
        self.query_one("#nf-none", Static).display = not has_sources

    def action_capture(self) -> None:
        from drafter.tui.screens.capture import CaptureSourceScreen

        def captured(source_id: str | None) -> None:
            if source_id is None:
                return
            self.source_captured(source_id)

        self.app.push_screen(CaptureSourceScreen(self.value("file")), captured)

    def source_captured(self, source_id: str) -> None:
        """A source was just captured: choose it, and find the quote in it next."""
        select = self.query_one("#nf-source", Select)
        select.set_options([(label, ident) for ident, label in self.sources()])
        select.value = source_id
        file_input = self.query_one("#nf-file", Input)
        source = self.drafter.session.factbase.sources.get(source_id)
        if not file_input.value.strip() and source is not None:
            file_input.value = display_path(Path(source.file))
        self.show_sources_state()
        self.fill_passages()
        self.query_one("#nf-find", Input).focus()

    # -- saving ----------------------------------------------------------------------

    def value(self, name: str) -> str:
        return self.query_one(f"#nf-{name}", Input).value.strip()

    def action_save(self) -> None:
        file_text = self.value("file")
        if not file_text:
            self.show_error("Give the fact file to add it to (it becomes the office file).")
            self.query_one("#nf-file", Input).focus()
            return
        kind = self.query_one("#nf-kind", Select).value
        try:
            added = self.drafter.session.add_fact(
                Path(expand_user(file_text)),
                source_id=self.source_id(),
                quote=self.value("quote"),
                statement=self.value("statement"),
                topics=self.value("topic").split(),
                kind=kind if isinstance(kind, str) else "position",
                fact_id=self.value("id") or None,
            )
        except DrafterError as exc:
            self.show_error(
                "\n".join(p.message + (f" ({p.hint})" if p.hint else "") for p in exc.problems)
            )
            return
        where = f" at {added.located.locator}" if added.located.locator else ""
        self.notify(f"Fact '{added.fact.id}' added to {Path(file_text).name}{where}.")
        self.dismiss(added.fact.id)
