"""Problems shown as a screen: a fact base that does not load, a draft that does not open."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Footer, Static

from drafter.errors import Problem

EXIT_INPUT = 1


def problems_text(problems: Iterable[Problem]) -> Text:
    """Each problem as 'file:line:column' then what is wrong and, dimmed, what to do."""
    text = Text()
    for number, problem in enumerate(problems):
        if number:
            text.append("\n\n")
        text.append(problem.location(), style="bold")
        text.append("\n  " + problem.message)
        if problem.hint:
            text.append("\n  " + problem.hint, style="italic dim")
    return text


class LoadErrorScreen(Screen[None]):
    """The fact base did not load: say why, file by file, and let the user quit."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q,escape", "quit", "Quit"),
    ]

    def __init__(self, problems: Iterable[Problem]) -> None:
        super().__init__()
        self.problems = tuple(problems)

    def compose(self) -> ComposeResult:
        count = len(self.problems)
        yield Static(
            f"The fact base has {count} problem{'s' if count != 1 else ''}; "
            "drafter cannot start until they are fixed.",
            id="load-error-title",
        )
        with VerticalScroll(id="load-error-list"):
            yield Static(problems_text(self.problems))
        yield Static(
            "Fix the file and start drafter again, or start it with --facts on another file.",
            classes="hint",
        )
        yield Footer()

    def action_quit(self) -> None:
        self.app.exit(EXIT_INPUT, return_code=EXIT_INPUT)  # as the CLI exits on bad input


class ProblemsDialog(ModalScreen[None]):
    """A file that could not be used (a draft to open): its problems, then carry on."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss", "Close")]

    def __init__(self, title: str, problems: Iterable[Problem]) -> None:
        super().__init__()
        self.title_text = title
        self.problems = tuple(problems)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.title_text, classes="dialog-title")
            with VerticalScroll(classes="dialog-scroll"):
                yield Static(problems_text(self.problems))
            yield Button("Close", id="close", variant="primary", compact=True)
        yield Footer()

    def on_button_pressed(self) -> None:
        self.dismiss(None)
