"""A form row: a label on the left and its control on the right, as compact as 80x24 needs."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widget import Widget
from textual.widgets import Label


class Row(Horizontal):
    """A label on the left and its control on the right, one line high."""

    def __init__(self, label: str, control: Widget, *, required: bool = False) -> None:
        super().__init__(classes="form-row")
        self.label_text = label + (" *" if required else "")
        self.control = control

    def compose(self) -> ComposeResult:
        yield Label(self.label_text, classes="form-label")
        yield self.control
