"""What every step of the flow shares: the step bar, the footer and going back and on."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static

from drafter.tui.session import STEPS

if TYPE_CHECKING:
    from drafter.tui.app import DrafterApp
    from drafter.tui.session import Session

__all__ = ["STEPS", "STEP_NAMES", "StepScreen"]

STEP_NAMES = tuple(name for name, _ in STEPS)

# Keys that move a list's highlight while the cursor stays in a filter box above it.
_LIST_KEYS = {
    "up": "action_cursor_up",
    "down": "action_cursor_down",
    "pageup": "action_page_up",
    "pagedown": "action_page_down",
}


def steer_list(option_list: OptionList, key: str) -> bool:
    """Move `option_list`'s highlight for an arrow key; False for any other key."""
    action = _LIST_KEYS.get(key)
    if action is None:
        return False
    getattr(option_list, action)()
    return True


class StepBar(Static):
    """One line at the top: where the user is in the flow and what the draft holds."""

    def __init__(self, step: str) -> None:
        super().__init__(id="step-bar")
        self.step = step

    def show(self, summary: str) -> None:
        text = Text(" drafter ", style="bold reverse")
        text.append(" ")
        for number, (name, label) in enumerate(STEPS, start=1):
            if number > 1:
                text.append(" › ", style="dim")
            style = "bold underline" if name == self.step else "dim"
            text.append(f"{number} {label}", style=style)
        if summary:
            text.append("  ")
            text.append(summary, style="italic")
        text.no_wrap = True
        text.overflow = "ellipsis"
        self.update(text)


class StepFooter(Footer):
    """Textual's footer, made again only when the keys it would show have changed.

    The footer is rebuilt whenever the screen's bindings are refreshed, which is on
    every change of focus: some ten keys mounted and styled twice each, for the same
    keys. Keys, labels, tooltips and whether each is enabled are compared first.
    """

    def __init__(self) -> None:
        super().__init__()
        self._shown: tuple[object, ...] | None = None

    def bindings_changed(self, screen: Screen[object]) -> None:
        if screen.app.app_focus and self.is_attached and screen is self.screen:
            shown = tuple(
                (binding.key, binding.action, binding.description, enabled, tooltip)
                for _, binding, enabled, tooltip in screen.active_bindings.values()
                if binding.show or binding.key == screen.app.COMMAND_PALETTE_BINDING
            )
            if shown == self._shown:
                return
            self._shown = shown
        super().bindings_changed(screen)


class DrafterScreen(Screen[None]):
    """A screen of the drafting app, with typed access to the app and its session."""

    @property
    def drafter(self) -> DrafterApp:
        from drafter.tui.app import DrafterApp

        return cast(DrafterApp, self.app)

    @property
    def session(self) -> Session:
        return self.drafter.session


class StepScreen(DrafterScreen):
    """One step of Topic → Facts → Template → To & fields → Preview."""

    STEP: ClassVar[str] = ""
    # Keys handled by widgets rather than bindings, for the help screen: (keys, what).
    EXTRA_KEYS: ClassVar[tuple[tuple[str, str], ...]] = ()
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.step_back", "Back", tooltip="Go back a step; nothing is lost"),
        Binding("ctrl+n", "app.next_step", "Next", tooltip="Go on to the next step"),
    ]

    def compose(self) -> ComposeResult:
        yield StepBar(self.STEP)
        yield from self.compose_step()
        yield StepFooter()

    def compose_step(self) -> ComposeResult:
        yield from ()

    def on_mount(self) -> None:
        self.refresh_from_draft()
        self.call_after_refresh(self.drafter.keep_heap)  # the screen is kept once made

    def on_screen_resume(self) -> None:
        self.refresh_from_draft()

    def refresh_from_draft(self) -> None:
        """Show the session's draft as it is now (it may have changed elsewhere)."""
        self.query_one(StepBar).show(self.summary())

    def draft_changed(self) -> None:
        """The draft changed while this screen is showing (a dialog, another widget)."""
        self.query_one(StepBar).show(self.summary())

    def ready_for_next(self) -> bool:
        """Whether `Next` may leave this step; a screen says why not with a notification."""
        return True

    def summary(self) -> str:
        session = self.session
        draft = session.draft
        parts = []
        topic = session.factbase.topics.get(draft.topic)
        if topic is not None:
            parts.append(topic.title)
        if draft.facts:
            parts.append(f"{len(draft.facts)} chosen")
        return " · ".join(parts)
