"""Forms: a row (a label on the left and its control on the right, as compact as 80x24
needs), and the dialog that ends in an error line and its Save and Cancel buttons."""

from __future__ import annotations

from typing import ClassVar, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Static

ResultT = TypeVar("ResultT")

# The parts of a person's name and office that the To step and the address book type in:
# (Recipient field, label, placeholder).
NAME_PARTS = (
    ("honorific", "Honorific", "e.g. Ms, Mr, Dr, Professor"),
    ("first_name", "First name", ""),
    ("last_name", "Last name", ""),
    ("peerage", "Peerage/see", "peers and bishops, e.g. Alton of Liverpool"),
    ("office", "Office", "e.g. Minister of State for the Indo-Pacific"),
    ("post_nominals", "Post-nominals", "e.g. KBE"),
    ("organisation", "Organisation", ""),
)
# The gender choice, for forms of address that need one: (label, value).
GENDERS = (("not needed", ""), ("female", "female"), ("male", "male"))


class Row(Horizontal):
    """A label on the left and its control on the right, one line high."""

    def __init__(self, label: str, control: Widget, *, required: bool = False) -> None:
        super().__init__(classes="form-row")
        self.label_text = label + (" *" if required else "")
        self.control = control

    def compose(self) -> ComposeResult:
        yield Label(self.label_text, classes="form-label")
        yield self.control


class FormDialog(ModalScreen[ResultT]):
    """A dialog of form rows ending in one error line and a row of two buttons: the first
    saves (`action_save`, ctrl+s), the second cancels (`action_cancel`, escape).

    A subclass composes its rows, then `yield from self.compose_buttons()`; `show_error`
    says what is wrong in the error line. Enter in a text box goes on to the next one
    (`input_submitted`).
    """

    SAVE_LABEL: ClassVar[str] = "Save"
    CANCEL_LABEL: ClassVar[str] = "Cancel"
    CANCEL_ID: ClassVar[str] = "cancel"
    ERROR_ID: ClassVar[str] = "form-error"

    def compose_error(self) -> ComposeResult:
        yield Static("", id=self.ERROR_ID, classes="error")

    def compose_button_row(self) -> ComposeResult:
        with Horizontal(classes="buttons"):
            yield Button(f"{self.SAVE_LABEL} (ctrl+s)", id="save", variant="primary", compact=True)
            yield Button(f"{self.CANCEL_LABEL} (esc)", id=self.CANCEL_ID, compact=True)

    def compose_buttons(self) -> ComposeResult:
        """The error line, then the buttons."""
        yield from self.compose_error()
        yield from self.compose_button_row()

    def show_error(self, message: str) -> None:
        self.query_one(f"#{self.ERROR_ID}", Static).update(message)

    def action_save(self) -> None:
        raise NotImplementedError

    def action_cancel(self) -> None:
        self.dismiss(None)

    def input_submitted(self, event: Input.Submitted) -> None:
        """Enter in a text box: on to the next control (a subclass may do more)."""
        self.focus_next()

    # Textual calls every class's handlers for a message: these two call methods that a
    # subclass overrides instead, so each key or press is handled once.
    @on(Input.Submitted)
    def _form_input_submitted(self, event: Input.Submitted) -> None:
        self.input_submitted(event)

    @on(Button.Pressed)
    def _form_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_cancel()
