"""A form row: a label on the left and its control on the right, as compact as 80x24 needs."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widget import Widget
from textual.widgets import Label

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
