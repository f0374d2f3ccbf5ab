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
at the app, so a binding reached as it bubbled up and a focus change it asked for have
happened). Enter in an open drop-down chooses at once (`choose_in_menu`), since Textual's
Select closes its menu and takes the focus back only some messages later.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from textual.dom import DOMNode
from textual.message_pump import MessagePump
from textual.widgets import OptionList, Select

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


def choose_in_menu(menu: object) -> bool:
    """Enter in an open drop-down (`menu` focused): choose the highlighted entry, close the
    menu and give the focus back to the drop-down, now, where Textual's Select does it a
    few messages later (and a key typed meanwhile went to the closing menu's search).
    False, doing nothing, for any other widget."""
    select = getattr(menu, "parent", None)
    if not (isinstance(menu, OptionList) and isinstance(select, Select) and select.expanded):
        return False
    index = menu.highlighted
    # Select keeps its (prompt, value) pairs, the blank one first when it has one, in the
    # order its menu lists them.
    options: list[tuple[object, object]] = getattr(select, "_options", [])
    if index is None or not 0 <= index < len(options):
        return False
    value = options[index][1]
    if value != select.value:
        select.value = value
    select.expanded = False
    select.screen.set_focus(select)
    return True
