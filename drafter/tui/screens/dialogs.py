"""Small modal questions: resume a draft, the sender's profile, save the draft, confirm."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, cast

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Input, Static, TextArea

from drafter.drafting.body import parse_body
from drafter.drafting.draft import Draft, save_draft
from drafter.drafting.library import recipient_line
from drafter.errors import DrafterError
from drafter.paths import display_path, expand_user
from drafter.people.sender import Sender
from drafter.textfmt import uk_date
from drafter.tui.widgets.form import FormDialog, Row

if TYPE_CHECKING:
    from drafter.tui.app import DrafterApp
    from drafter.tui.session import Session


def draft_summary(draft: Draft, session: Session) -> Text:
    """What a draft holds, in a few lines, so the user recognises it."""
    topic = session.factbase.topics.get(draft.topic)
    template = draft.template
    if template:
        # An unknown template is shown by its name; the preview explains what is wrong.
        with contextlib.suppress(DrafterError):
            template = session.templates.get(template).title
    # As the letter prints it ("The Rt Hon Yvette Cooper MP"), the same as the drafts list.
    to = recipient_line(draft, session.contacts)
    rows = [
        ("Topic", topic.title if topic else draft.topic),
        ("Facts", f"{len(draft.facts)} chosen" if draft.facts else ""),
        ("Template", template),
        ("To", to),
        ("Fields", ", ".join(k for k, v in draft.fields.items() if v.strip())),
        ("Body", parse_body(draft.body).describe() if draft.body.strip() else ""),
        ("Date", uk_date(draft.date) if draft.date else ""),
    ]
    text = Text()
    for label, value in rows:
        if value:
            if text:
                text.append("\n")
            text.append(f"{label:<9}", style="dim")
            text.append(value)
    return text


class ConfirmDialog(ModalScreen[bool]):
    """A yes/no question; Escape answers no."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,n", "answer(False)", "No"),
        Binding("y", "answer(True)", "Yes"),
    ]

    def __init__(self, question: str, yes: str = "Yes", no: str = "No") -> None:
        super().__init__()
        self.question, self.yes, self.no = question, yes, no

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog small"):
            yield Static(self.question, classes="dialog-title")
            with Horizontal(classes="buttons"):
                yield Button(f"{self.yes} (y)", id="yes", variant="warning", compact=True)
                yield Button(f"{self.no} (n)", id="no", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")


class ResumeDialog(ModalScreen[bool]):
    """On start: an unfinished draft was autosaved; resume it (True) or start afresh."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r,escape", "answer(True)", "Resume"),
        Binding("n", "answer(False)", "Start afresh"),
    ]

    def __init__(self, draft: Draft, session: Session) -> None:
        super().__init__()
        self.draft, self.session = draft, session

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="resume-dialog"):
            yield Static("Resume your unfinished draft?", classes="dialog-title")
            yield Static(draft_summary(self.draft, self.session), id="resume-summary")
            yield Static(
                "Starting afresh keeps the old draft beside the autosave; nothing is deleted.",
                classes="hint",
            )
            with Horizontal(classes="buttons"):
                yield Button("Resume (r)", id="resume", variant="primary", compact=True)
                yield Button("Start afresh (n)", id="fresh", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#resume", Button).focus()

    def action_answer(self, resume: bool) -> None:
        self.dismiss(resume)

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "resume")


class ProfileDialog(FormDialog[Sender | None]):
    """Who signs the letters: asked on the first run, editable later (ctrl+r)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Skip"),
        Binding("ctrl+s", "save", "Save"),
    ]
    CANCEL_LABEL = "Skip"
    CANCEL_ID = "skip"
    ERROR_ID = "profile-error"

    def __init__(self, sender: Sender | None) -> None:
        super().__init__()
        self.sender = sender or Sender()
        self.first_run = sender is None

    def compose(self) -> ComposeResult:
        sender = self.sender
        with Vertical(classes="dialog", id="profile-dialog"):
            yield Static(
                "Who signs your letters?" if self.first_run else "Your profile",
                classes="dialog-title",
            )
            with VerticalScroll(classes="dialog-scroll"):
                if self.first_run:
                    yield Static(
                        "Saved once in profile.yaml and used for every letter. "
                        "Escape skips; you can fill it in later with ctrl+r.",
                        classes="hint",
                    )
                for name, label, placeholder in (
                    ("name", "Name", "as you sign, e.g. Lord Alton of Liverpool"),
                    ("title", "Title", "e.g. Member of the House of Lords"),
                    ("organisation", "Organisation", "e.g. House of Lords"),
                    ("email", "Email", ""),
                    ("phone", "Phone", ""),
                    ("preparer", "Prepared by", "briefings, if not you: e.g. Ann Bell, Researcher"),
                ):
                    yield Row(
                        label,
                        Input(
                            getattr(sender, name),
                            placeholder=placeholder,
                            id=f"sender-{name}",
                            compact=True,
                        ),
                    )
                yield Row(
                    "Address",
                    TextArea("\n".join(sender.address), id="sender-address", compact=True),
                )
                yield Static("One line each; shown under your name.", classes="hint field-help")
                yield from self.compose_error()
            yield from self.compose_button_row()
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#sender-name", Input).focus()

    def value(self, name: str) -> str:
        return self.query_one(f"#sender-{name}", Input).value.strip()

    def action_save(self) -> None:
        if not self.value("name"):
            self.show_error("Give at least your name (as you sign letters), or skip for now.")
            self.query_one("#sender-name", Input).focus()
            return
        address = self.query_one("#sender-address", TextArea).text.splitlines()
        self.dismiss(
            Sender(
                name=self.value("name"),
                title=self.value("title"),
                organisation=self.value("organisation"),
                address=tuple(line.strip() for line in address if line.strip()),
                email=self.value("email"),
                phone=self.value("phone"),
                signature=self.sender.signature,  # not edited here; kept as the file has it
                preparer=self.value("preparer"),
            )
        )


class SaveDraftDialog(ModalScreen[Path | None]):
    """Save the draft to a file of the user's choosing (the format `drafter open` reads)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    @property
    def drafter(self) -> DrafterApp:
        from drafter.tui.app import DrafterApp

        return cast(DrafterApp, self.app)

    def compose(self) -> ComposeResult:
        from drafter.tui.screens.export import default_stem

        session = self.drafter.session
        path = session.draft_path
        if path is None:
            folder = session.options.export_dir or Path(".")
            path = folder / (default_stem(session) + ".yaml")
        with Vertical(classes="dialog small", id="save-dialog"):
            yield Static("Save the draft as", classes="dialog-title")
            yield Row("File", Input(display_path(path), id="draft-path", compact=True))
            yield Static("", id="save-error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button("Save", id="save", variant="primary", compact=True)
                yield Button("Cancel", id="cancel", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#draft-path", Input).focus()

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def save(self) -> None:
        raw = self.query_one("#draft-path", Input).value.strip()
        if not raw:
            self.query_one("#save-error", Static).update("Give a file name.")
            return
        path = expand_user(raw)
        if path.exists() and path != self.drafter.session.draft_path:

            def confirmed(yes: bool | None) -> None:
                if yes:
                    self.write(path)

            self.app.push_screen(ConfirmDialog(f"{path.name} exists. Overwrite it?"), confirmed)
            return
        self.write(path)

    def write(self, path: Path) -> None:
        try:
            save_draft(self.drafter.session.draft, path, force=True)
        except DrafterError as exc:
            self.query_one("#save-error", Static).update(str(exc.problems[0]))
            return
        self.dismiss(path)

    @on(Button.Pressed, "#cancel")
    def cancel(self) -> None:
        self.dismiss(None)
