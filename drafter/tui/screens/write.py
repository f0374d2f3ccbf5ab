"""Step 5: the letter's body in the researcher's own words, checked against the facts.

A text editor for the draft's `body` (Markdown with `[@fact-id]` citations), a fact
picker that inserts a citation, the starter ("Start from the facts"), and the citation
check's findings beside the editor, each one a key press from its sentence. The check is
the workspace's (`Workspace.check_citations`, which `drafter check` asks too), run a moment
after typing pauses; nothing is worked out here a second time. At 120 columns or more the
letter's preview sits beside the editor; narrower, ctrl+e swaps the two.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Footer, Input, OptionList, Static, TextArea
from textual.widgets.option_list import Option
from textual.widgets.text_area import Selection

from drafter.drafting.check import LABELS
from drafter.tui.screens.base import StepScreen, steer_list
from drafter.tui.widgets import update_static
from drafter.tui.widgets.preview_pane import PreviewPane

if TYPE_CHECKING:
    from drafter.drafting.check import Finding
    from drafter.facts.loader import Fact
    from drafter.tui.session import Session

# Findings follow the text a moment after typing stops (bench/ measures the whole).
FINDINGS_DEBOUNCE_SECONDS = 0.1
PICKER_LIMIT = 100


def finding_prompt(finding: Finding) -> Text:
    """One row of the findings list: where, what kind, and the message."""
    text = Text()
    text.append(
        "✖ " if finding.severity == "error" else "⚠ ",
        style="bold red" if finding.severity == "error" else "bold yellow",
    )
    if finding.paragraph is not None:
        text.append(f"¶{finding.paragraph}.{finding.sentence} ", style="bold")
    text.append(LABELS.get(finding.code, finding.code), style="bold")
    message = finding.message.split(": ", 1)[-1] if ": " in finding.message else finding.message
    text.append(f" · {message}")
    return text


def offset_to_location(text: str, offset: int) -> tuple[int, int]:
    """The (row, column) of a character offset, as TextArea counts them."""
    before = text[:offset]
    row = before.count("\n")
    return row, offset - (before.rfind("\n") + 1)


class FactPicker(ModalScreen["str | None"]):
    """Search the fact base and choose the fact to cite; Enter cites, Escape does not."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss_picker", "Cancel"),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="fact-picker"):
            yield Static("Cite a fact", classes="dialog-title")
            yield Input(
                placeholder="Search the facts (Enter cites the highlighted one)",
                id="picker-search",
            )
            yield OptionList(id="picker-list")
        yield Footer()

    def on_mount(self) -> None:
        self.fill("")
        self.query_one("#picker-search", Input).focus()

    def _facts(self, query: str) -> list[Fact]:
        session = self.session
        if query.strip():
            hits = session.factbase.search(query, limit=PICKER_LIMIT)
            return [hit.fact for hit in hits]
        chosen = session.chosen_facts()
        topic = session.factbase.facts_for_topic(session.draft.topic)
        return list({f.id: f for f in [*chosen, *topic]}.values())[:PICKER_LIMIT]

    def fill(self, query: str) -> None:
        options = self.query_one("#picker-list", OptionList)
        options.clear_options()
        chosen = set(self.session.draft.facts)
        for fact in self._facts(query):
            prompt = Text()
            prompt.append("● " if fact.id in chosen else "  ", style="bold green")
            prompt.append(fact.id, style="bold")
            prompt.append("\n  " + fact.statement, style="dim")
            options.add_option(Option(prompt, id=fact.id))
        if options.option_count:
            options.highlighted = 0

    @on(Input.Changed, "#picker-search")
    def searched(self, event: Input.Changed) -> None:
        self.fill(event.value)

    def on_key(self, event: events.Key) -> None:
        if isinstance(self.focused, Input) and steer_list(
            self.query_one("#picker-list", OptionList), event.key
        ):
            event.stop()
            event.prevent_default()

    @on(Input.Submitted, "#picker-search")
    def submitted(self) -> None:
        options = self.query_one("#picker-list", OptionList)
        option = options.highlighted_option
        self.dismiss(option.id if option is not None else None)

    @on(OptionList.OptionSelected, "#picker-list")
    def chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_dismiss_picker(self) -> None:
        self.dismiss(None)


class WriteScreen(StepScreen):
    STEP = "write"
    # Priority: the text area has its own ctrl+k and ctrl+e (delete to the end of the
    # line, go to it: shift+end delete and end do those); here these keys write the letter.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+k",
            "cite",
            "Cite a fact",
            tooltip="Insert [@fact-id] from a fact picker",
            priority=True,
        ),
        Binding(
            "ctrl+t",
            "starter",
            "Start from the facts",
            tooltip="Insert a first body made from the chosen facts",
            priority=True,
        ),
        Binding(
            "ctrl+f",
            "findings",
            "Findings",
            tooltip="Go to the findings; Enter on one goes to its sentence",
            priority=True,
        ),
        Binding(
            "ctrl+e",
            "toggle_preview",
            "Preview",
            tooltip="Show the letter beside the body (wide) or in its place (narrow)",
            priority=True,
        ),
    ]
    EXTRA_KEYS = (
        ("ctrl+z / ctrl+y", "Undo and redo in the body"),
        ("enter (in the findings)", "Go to the finding's sentence in the body"),
    )
    HORIZONTAL_BREAKPOINTS = [  # noqa: RUF012 - Textual types it without ClassVar
        (0, "-narrow"),
        (120, "-wide"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._timer: Timer | None = None
        self.findings: tuple[Finding, ...] = ()
        self._synced: str | None = None  # the body the editor and the draft last agreed on
        self._shown: tuple[str, ...] | None = None  # the findings rows on screen

    def compose_step(self) -> ComposeResult:
        with Horizontal(id="write-body"):
            with Vertical(id="write-main"):
                yield TextArea(
                    id="body-editor",
                    soft_wrap=True,
                    tab_behavior="focus",
                    placeholder="Write the letter's evidence in your own words. ctrl+k cites a "
                    "fact where the cursor is; ctrl+t starts from the chosen facts.",
                )
                yield Static("", id="findings-title")
                yield OptionList(id="findings")
            yield PreviewPane(self.session, id="write-preview")

    def on_mount(self) -> None:
        super().on_mount()
        self.editor.focus()

    def on_resize(self) -> None:
        self.call_after_refresh(self.preview.schedule)

    @property
    def editor(self) -> TextArea:
        return self.query_one("#body-editor", TextArea)

    @property
    def preview(self) -> PreviewPane:
        return self.query_one("#write-preview", PreviewPane)

    # -- the draft and the editor ----------------------------------------------------------

    def refresh_from_draft(self) -> None:
        super().refresh_from_draft()
        # Reload only a body changed elsewhere (a draft opened, F7): an edit of this
        # editor's that has not reached the draft yet is not undone.
        body = self.session.draft.body
        if body != self._synced:
            self._synced = body
            if self.editor.text != body:
                with self.prevent(TextArea.Changed):
                    self.editor.load_text(body)
        self.update_findings()
        self.preview.schedule()

    def draft_changed(self) -> None:
        super().draft_changed()
        self.schedule_findings()
        self.preview.schedule()

    @on(TextArea.Changed, "#body-editor")
    def body_edited(self, event: TextArea.Changed) -> None:
        self._synced = event.text_area.text
        if event.text_area.text == self.session.draft.body:
            return
        self.session.draft.body = event.text_area.text
        self.session.changed()  # autosaved a moment later, off the UI thread

    def schedule_findings(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(FINDINGS_DEBOUNCE_SECONDS, self.update_findings)

    def update_findings(self) -> None:
        self._timer = None
        self.findings = self.session.check()
        options = self.query_one("#findings", OptionList)
        prompts = [finding_prompt(finding) for finding in self.findings]
        # Typing mostly leaves the findings as they were (a sentence's offset moves, its
        # row does not): the list is rebuilt only when a row would read differently.
        shown = tuple(prompt.markup for prompt in prompts)
        if shown != self._shown:
            self._shown = shown
            highlighted = options.highlighted
            options.clear_options()
            options.add_options(
                [Option(prompt, id=str(number)) for number, prompt in enumerate(prompts)]
            )
            if self.findings and highlighted is not None:
                options.highlighted = min(highlighted, len(self.findings) - 1)
        update_static(self.query_one("#findings-title", Static), self.findings_title())
        options.display = bool(self.findings)

    def findings_title(self) -> Text:
        """The line above the findings: none to make, none found, or how many."""
        if not self.session.draft.body.strip():
            return Text("No body yet: the template writes a paragraph per fact.", style="dim")
        if not self.findings:
            return Text("✔ Every claim is cited and matches its facts.", style="green")
        count = len(self.findings)
        return Text(
            f"{count} finding{'s' if count != 1 else ''} (ctrl+f, then Enter: go to it)",
            style="bold",
        )

    # -- actions ---------------------------------------------------------------------------

    def insert(self, text: str) -> None:
        editor = self.editor
        editor.insert(text)
        editor.focus()

    def action_cite(self) -> None:
        def picked(fact_id: str | None) -> None:
            if not fact_id:
                self.editor.focus()
                return
            editor = self.editor
            row, column = editor.cursor_location
            line = editor.document.get_line(row)
            before = line[:column]
            space = "" if not before or before.endswith((" ", "\t")) else " "
            self.insert(f"{space}[@{fact_id}]")

        self.app.push_screen(FactPicker(self.session), picked)

    def action_starter(self) -> None:
        facts = self.session.chosen_facts()
        if not facts:
            self.notify("Choose facts first (F3), then start from them", severity="warning")
            return
        body = self.session.starter()
        editor = self.editor
        if editor.text.strip():
            row, column = editor.cursor_location
            at_start = column == 0 and (row == 0 or not editor.document.get_line(row - 1).strip())
            body = body + "\n\n" if at_start else "\n\n" + body
        self.insert(body)

    def action_findings(self) -> None:
        if not self.findings:
            self.notify("Nothing to fix", timeout=3)
            return
        self.query_one("#findings", OptionList).focus()

    @on(OptionList.OptionSelected, "#findings")
    def jump(self, event: OptionList.OptionSelected) -> None:
        finding = self.findings[int(event.option.id or 0)]
        if finding.offset is None:
            self.notify(f"{finding.message} (the facts are chosen at step 2, F3)", timeout=6)
            return
        editor = self.editor
        text = editor.text
        start = offset_to_location(text, finding.offset)
        end = offset_to_location(text, min(len(text), finding.offset + len(finding.text)))
        editor.selection = Selection(start, end)
        editor.scroll_cursor_visible()
        editor.focus()

    def action_toggle_preview(self) -> None:
        self.toggle_class("-show-preview")
        if self.has_class("-show-preview") and self.has_class("-narrow"):
            self.preview.render_now()
            self.preview.focus()
        else:
            self.editor.focus()
            self.preview.schedule()
