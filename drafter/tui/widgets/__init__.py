"""Widgets the screens share: the fact detail pane and the live preview; and
`update_static`, which the screens use for text they show again after each keystroke."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static


def update_static(static: Static, content: str | Text) -> None:
    """Show `content` in `static` unless it shows that already.

    `Static.update` lays the whole screen out again, as the new text may take other
    lines; text that reads the same (a title or a count after most keystrokes) needs none.
    """
    shown = static.content
    if shown == content and (
        not isinstance(content, Text) or (isinstance(shown, Text) and shown.style == content.style)
    ):
        return  # (two Texts are equal by their characters and spans, not their base style)
    static.update(content)
