"""Keys in a fast burst land where the user sent them.

Textual hands each key to the widget focused when the key is read, and reads the next
one at once; the widget handles its key a moment later (a binding reached as the key
bubbles back to the app, a focus change asked for with `focus()`). In a fast burst
(typing ahead, a paste, keys sent by tmux) the keys after a Tab, after Enter in a
drop-down or after Down from a search box so went to the widget the focus was leaving:
into the wrong box, or into the drop-down's own search.

So the app hands on one key at a time (DrafterApp.on_event): a key read while another
is on its way is held until the one before has been through each widget on its path
(`settle_path`: a callback queued behind it at the widget, then at each ancestor, then
at the app). And keys that move the focus act on the app's own turn: Tab and shift+tab
(`move_focus`), Enter in an open drop-down (`choose_in_menu`). Each raises SkipAction
when the key is not theirs, and the key then goes on as usual.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from textual.actions import SkipAction
from textual.dom import DOMNode
from textual.message_pump import MessagePump
from textual.screen import Screen
from textual.widgets import OptionList, Select, TextArea

# Should the path of a key be cut (a widget on it removed with the key in its queue), the
# next key goes on after this long all the same. It never decides the order otherwise.
SETTLE_FALLBACK_SECONDS = 2.0


def settle_path(app: MessagePump, nodes: Sequence[DOMNode], done: Callable[[], Any]) -> None:
    """Call `done` on the app's turn once each of `nodes` (the widget a key went to, then
    its ancestors) has handled everything queued before now: the key, and as it bubbled
    up, the key again at each."""
    for index, node in enumerate(nodes):
        if node.call_later(settle_path, app, nodes[index + 1 :], done):
            return
    app.call_later(done)


def move_focus(screen: Screen[object], direction: int) -> None:
    """Tab (1) or shift+tab (-1): the next or previous control, now."""
    focused = screen.focused
    if isinstance(focused, TextArea) and focused.tab_behavior == "indent":
        raise SkipAction()  # a text area that takes tab as text
    if direction > 0:
        screen.focus_next()
    else:
        screen.focus_previous()


def choose_in_menu(screen: Screen[object]) -> None:
    """Enter in an open drop-down: choose the highlighted entry, close it and give the
    focus back to the drop-down, now (as Textual's Select does, a message later)."""
    menu = screen.focused
    select = menu.parent if menu is not None else None
    if not (isinstance(menu, OptionList) and isinstance(select, Select) and select.expanded):
        raise SkipAction()
    index = menu.highlighted
    # Select keeps its (prompt, value) pairs, the blank one first when it has one, in the
    # order its menu lists them.
    options: list[tuple[object, object]] = getattr(select, "_options", [])
    if index is None or not 0 <= index < len(options):
        raise SkipAction()
    value = options[index][1]
    if value != select.value:
        select.value = value
    select.expanded = False
    screen.set_focus(select)
