"""The help screen (F1 or ?): every key, by step, generated from the bindings themselves."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

_KEY_NAMES = {
    "question_mark": "?",
    "slash": "/",
    "escape": "esc",
    "space": "space",
    "up": "↑",
    "down": "↓",
    "delete": "del",
}


def key_label(keys: str) -> str:
    """'f1,question_mark' -> 'F1 / ?'; 'shift+up' -> 'shift+↑'."""
    out = []
    for key in keys.split(","):
        parts = [_KEY_NAMES.get(p, p) for p in key.strip().split("+")]
        label = "+".join(parts)
        if re.fullmatch(r"f\d{1,2}", label):
            label = label.upper()
        out.append(label)
    return " / ".join(out)


def describe_bindings(bindings: Iterable[BindingType]) -> list[tuple[str, str]]:
    """(keys, description) per action; bindings of one action share a row."""
    rows: dict[str, tuple[list[str], str]] = {}
    for binding in bindings:
        if not isinstance(binding, Binding) or not binding.description:
            continue
        if binding.description in rows:
            rows[binding.description][0].append(key_label(binding.key))
        else:
            rows[binding.description] = ([key_label(binding.key)], binding.description)
    return [(" / ".join(keys), text) for keys, text in rows.values()]


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,f1,question_mark,q", "dismiss", "Close help"),
    ]

    def __init__(self, sections: Sequence[tuple[str, Sequence[tuple[str, str]]]]) -> None:
        super().__init__()
        self.sections = sections

    def compose(self) -> ComposeResult:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        for number, (title, rows) in enumerate(self.sections):
            if number:
                table.add_row("", "")
            table.add_row(Text(title, style="bold underline"), "")
            for keys, text in rows:
                table.add_row(keys, text)
        with Vertical(classes="dialog", id="help-dialog"):
            yield Static("Keys", classes="dialog-title")
            with VerticalScroll(classes="dialog-scroll"):
                yield Static(table)
            yield Static("esc closes · ctrl+p finds any action by name", classes="hint")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(VerticalScroll).focus()
