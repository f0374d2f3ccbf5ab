"""Step 3: choose the template (letter or briefing), with its description and kind."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from drafter.errors import DrafterError
from drafter.tui.screens.base import StepScreen
from drafter.tui.screens.problems import problems_text


class TemplateScreen(StepScreen):
    STEP = "template"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "choose", "Choose", show=False),
    ]

    def compose_step(self) -> ComposeResult:
        yield Static("What are you writing? Enter chooses.", classes="hint")
        yield OptionList(id="template-list")
        yield Static("", id="template-problems", classes="error")

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#template-list", OptionList).focus()

    def refresh_from_draft(self) -> None:
        super().refresh_from_draft()
        template_list = self.query_one("#template-list", OptionList)
        problems = self.query_one("#template-problems", Static)
        try:
            templates = list(self.session.templates)
        except DrafterError as exc:
            template_list.clear_options()
            problems.update(problems_text(exc.problems))
            return
        problems.update("")
        options = []
        for template in templates:
            prompt = Text()
            prompt.append(template.title, style="bold")
            prompt.append(f"  {template.kind}", style="italic cyan")
            prompt.append(f"  {template.name}", style="dim")
            prompt.append("\n")
            prompt.append(template.description)
            options.append(Option(prompt, id=template.name))
        template_list.set_options(options)
        ids = [t.name for t in templates]
        if self.session.draft.template in ids:
            template_list.highlighted = ids.index(self.session.draft.template)
        elif ids:
            template_list.highlighted = 0

    @on(OptionList.OptionSelected, "#template-list")
    def selected(self) -> None:
        self.action_choose()

    def action_choose(self) -> None:
        template_list = self.query_one("#template-list", OptionList)
        option = template_list.highlighted_option
        if option is None or option.id is None:
            self.notify("There are no templates to choose from", severity="error")
            return
        if option.id != self.session.draft.template:
            self.session.draft.template = option.id
            self.session.changed()
        self.drafter.go_to("recipient")

    def ready_for_next(self) -> bool:
        self.action_choose()  # Next takes the highlighted template, as Enter does
        return False
