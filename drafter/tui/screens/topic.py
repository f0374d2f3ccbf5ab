"""Step 1: choose the topic, from the fact base's topics with summaries and fact counts."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from drafter.facts.loader import Topic, normalise
from drafter.tui.screens.base import StepScreen, steer_list


def topic_matches(topic: Topic, query: str) -> bool:
    """Every word of the query appears in the topic's id, title or summary."""
    haystack = normalise(f"{topic.id} {topic.title} {topic.summary}")
    return all(word in haystack for word in normalise(query).split())


class TopicScreen(StepScreen):
    STEP = "topic"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "choose", "Choose", show=True, priority=False),
        Binding("slash", "focus_filter", "Filter", show=False),
    ]

    def compose_step(self) -> ComposeResult:
        yield Static("What is the letter about? Type to filter; Enter chooses.", classes="hint")
        yield Input(placeholder="Filter topics", id="topic-filter", select_on_focus=False)
        yield OptionList(id="topic-list")

    def on_mount(self) -> None:
        self.fill("")
        super().on_mount()
        self.query_one("#topic-filter", Input).focus()

    def fill(self, query: str) -> None:
        factbase = self.session.factbase
        options = []
        for topic in factbase.topics.values():
            if not topic_matches(topic, query):
                continue
            count = factbase.topic_count(topic.id)
            prompt = Text()
            prompt.append(topic.title, style="bold")
            prompt.append(f"  {count} fact{'s' if count != 1 else ''}", style="dim")
            prompt.append("\n")
            prompt.append(topic.summary, style="italic")
            options.append(Option(prompt, id=topic.id))
        topic_list = self.query_one("#topic-list", OptionList)
        topic_list.clear_options()
        topic_list.add_options(options)
        if options:
            current = self.session.draft.topic
            ids = [o.id for o in options]
            topic_list.highlighted = ids.index(current) if current in ids else 0

    @on(Input.Changed, "#topic-filter")
    def filter_changed(self, event: Input.Changed) -> None:
        self.fill(event.value)

    @on(Input.Submitted, "#topic-filter")
    def filter_submitted(self) -> None:
        self.action_choose()

    @on(OptionList.OptionSelected, "#topic-list")
    def topic_selected(self) -> None:
        self.action_choose()

    def on_key(self, event: events.Key) -> None:
        # Type-to-filter: letters typed while the list has focus go to the filter.
        topic_list = self.query_one("#topic-list", OptionList)
        # "/" is the key that jumps to the filter (a binding), never text to filter by.
        typed = event.is_printable and event.character not in (None, " ", "/")
        if topic_list.has_focus and typed:
            filter_input = self.query_one("#topic-filter", Input)
            filter_input.focus()
            filter_input.insert_text_at_cursor(event.character or "")
            event.stop()
        elif self.query_one("#topic-filter", Input).has_focus and steer_list(topic_list, event.key):
            # Arrows move through the list while the cursor stays in the filter.
            event.stop()

    def action_focus_filter(self) -> None:
        self.query_one("#topic-filter", Input).focus()

    def action_choose(self) -> None:
        topic_list = self.query_one("#topic-list", OptionList)
        if topic_list.highlighted is None:
            self.notify("No topic matches the filter", severity="warning")
            return
        option = topic_list.get_option_at_index(topic_list.highlighted)
        if option.id is None:
            return
        if option.id != self.session.draft.topic:
            self.session.draft.topic = option.id
            self.session.changed()
        self.drafter.go_to("facts")

    def ready_for_next(self) -> bool:
        self.action_choose()  # Next takes the highlighted topic, as Enter does
        return False
