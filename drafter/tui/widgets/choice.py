"""Radio buttons and check boxes that say chosen or not by shape, not by colour alone.

Textual draws every radio button with the same dot and every check box with the same
"X", on or off, and tells them apart by colour: lost under NO_COLOR, in a high-contrast
theme and to a reader who cannot see the difference. Here a chosen option is "●" and an
unchosen one "○"; a ticked box "X" and an unticked one blank. `ChoiceSet` also lets the
arrow keys choose (not only move a highlight that enter then presses), as a row of
options in a dialog is expected to behave, and enter there is the dialog's (as in a text
box) rather than pressing the option already chosen. Every dialog of the app uses these.
"""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.style import Style
from textual.widgets import Checkbox, RadioButton, RadioSet

__all__ = ["Choice", "ChoiceSet", "Tick"]


def _mark(widget: RadioButton | Checkbox, inner: str) -> Content:
    button_style = widget.get_visual_style("toggle--button")
    side_style = Style(foreground=button_style.background, background=widget.background_colors[1])
    return Content.assemble(
        (widget.BUTTON_LEFT, side_style), (inner, button_style), (widget.BUTTON_RIGHT, side_style)
    )


class Choice(RadioButton):
    """A radio button: "●" when chosen, "○" when not."""

    @property
    def _button(self) -> Content:
        return _mark(self, "●" if self.value else "○")


class Tick(Checkbox):
    """A check box: "X" when ticked, blank when not."""

    @property
    def _button(self) -> Content:
        return _mark(self, "X" if self.value else " ")


class ChoiceSet(RadioSet):
    """A set of `Choice`s where left/right/up/down choose the next or previous option."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,right", "choose(1)", "Next option", show=False),
        Binding("up,left", "choose(-1)", "Previous option", show=False),
        Binding("enter", "submit", "Submit", show=False),
    ]

    class Submitted(Message):
        """Enter in the set: the arrows already chose, so enter is the dialog's to act on."""

    def action_submit(self) -> None:
        self.post_message(self.Submitted())

    def action_choose(self, offset: int) -> None:
        if offset > 0:
            self.action_next_button()
        else:
            self.action_previous_button()
        self.action_toggle_button()
