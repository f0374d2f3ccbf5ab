"""Step 2: choose facts, with search as you type, a detail pane and the chosen list."""

from __future__ import annotations

import contextlib
import itertools
from typing import ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual
from textual.widget import Widget
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option, OptionDoesNotExist

from drafter.facts.gist import FactGist, fact_gist
from drafter.facts.lifecycle import DUE_BADGE
from drafter.facts.loader import Fact
from drafter.tui.screens.base import StepBar, StepScreen, steer_list
from drafter.tui.widgets.fact_detail import FactDetail

# Enough to scroll through; a longer list is a query to refine. It caps the list without
# a query too: making every row of a 10,000-fact base took seconds, for rows no one reads.
SEARCH_LIMIT = 200


def clamp_lines(
    text: Text, widget: Widget, *, lines: int, first: Text, indent: int, suffix: Text | None = None
) -> Text:
    """`first` then `text` wrapped under a hanging indent, cut to `lines` lines with '…'.

    `suffix` (who said it, and when) always shows at the end: it is what is cut last.
    """
    padding = widget.get_component_styles("option-list--option").padding
    region = widget.scrollable_content_region.width or widget.size.width or 40
    return _clamp(
        text,
        widget,
        width=region - padding.left - padding.right,
        lines=lines,
        first=first,
        indent=indent,
        suffix=suffix,
    )


def _clamp(
    text: Text,
    widget: Widget,
    *,
    width: int,
    lines: int,
    first: Text,
    indent: int,
    suffix: Text | None = None,
) -> Text:
    """`clamp_lines` for a row `width` cells wide (the hanging indent included)."""
    width = max(10, width - indent)
    suffix = suffix or Text()
    whole = text + suffix if suffix else text
    wrapped = list(whole.wrap(widget.app.console, width))
    if len(wrapped) > lines:
        wrapped = list(text.wrap(widget.app.console, width))[:lines]
        last = wrapped[-1]
        last.rstrip()
        room = max(1, width - 1 - suffix.cell_len)
        if last.cell_len > room:
            last.truncate(room)
            last.rstrip()
        last.append("…")
        if last.cell_len + suffix.cell_len <= width:
            last.append(suffix)
    out = Text()
    for number, line in enumerate(wrapped):
        if number:
            out.append("\n")
        out.append(first if number == 0 else " " * indent)
        out.append(line)
    return out


class ClampedRow(Visual):
    """A row of a list as `clamp_lines` cuts it, made when the list first draws it.

    Its height is known without wrapping the text (one line when all of it fits, else
    `lines`), so a list of SEARCH_LIMIT rows wraps and styles only the rows on screen;
    the rest are made as they scroll into view. `str()` is the row's text at the list's
    width now, as a Text prompt's would be.
    """

    def __init__(
        self, widget: Widget, text: Text, *, lines: int, first: Text, indent: int, suffix: Text
    ) -> None:
        self._widget = widget
        self._text, self._first, self._suffix = text, first, suffix
        self._lines, self._indent = lines, indent
        self._one_line = "\n" not in text.plain and "\n" not in suffix.plain
        self._cells = text.cell_len + suffix.cell_len
        self._made: dict[int, Content] = {}

    def content(self, width: int) -> Content:
        """The row cut for a width (the hanging indent included), made once per width."""
        made = self._made.get(width)
        if made is None:
            clamped = _clamp(
                self._text,
                self._widget,
                width=width,
                lines=self._lines,
                first=self._first,
                indent=self._indent,
                suffix=self._suffix,
            )
            made = Content.from_rich_text(clamped, console=self._widget.app.console)
            self._made[width] = made
        return made

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        return self.content(width).render_strips(width, height, style, options)

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return self._indent + self._cells

    def get_height(self, rules: RulesMap, width: int) -> int:
        if self._lines == 1 or (self._one_line and self._cells <= max(10, width - self._indent)):
            return 1
        if self._one_line and self._lines == 2:  # too long for one line: it takes both
            return 2
        return self.content(width).get_height(rules, width)

    def __str__(self) -> str:
        widget = self._widget
        padding = widget.get_component_styles("option-list--option").padding
        region = widget.scrollable_content_region.width or widget.size.width or 40
        return self.content(region - padding.left - padding.right).plain


class FactsScreen(StepScreen):
    STEP = "facts"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "toggle_fact", "Choose", tooltip="Add the fact to the draft or drop it"),
        Binding("ctrl+t", "toggle_scope", "All topics", tooltip="Search every topic or this one"),
        Binding("shift+up", "move_fact(-1)", "Move up", show=False),
        Binding("shift+down", "move_fact(1)", "Move down", show=False),
        Binding("ctrl+up", "move_fact(-1)", "Move up", show=False),
        Binding("ctrl+down", "move_fact(1)", "Move down", show=False),
        Binding("delete", "drop_fact", "Drop fact", show=False),
        Binding("slash", "focus_search", "Search", show=False),
        Binding(
            "ctrl+f",
            "new_fact",
            "New fact",
            tooltip="Add a fact quoting a source's archived text (as drafter facts add does)",
        ),
        # Priority: the search box has its own ctrl+k (delete to the end of the line); here
        # it marks the highlighted fact reviewed, wherever the cursor is.
        Binding(
            "ctrl+k",
            "mark_reviewed",
            "Mark reviewed",
            tooltip="Record that the highlighted fact was checked today and still holds",
            priority=True,
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.all_topics = False

    def compose_step(self) -> ComposeResult:
        with Horizontal(id="facts-search-row"):
            yield Input(placeholder="Search facts", id="fact-search", select_on_focus=False)
            yield Static("", id="facts-scope")
        with Horizontal(id="facts-body"):
            with Vertical(id="facts-left"):
                yield OptionList(id="fact-list")
                yield Static("", id="chosen-title")
                yield OptionList(id="chosen-list")
            yield FactDetail(id="fact-detail")

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#fact-search", Input).focus()

    def on_resize(self) -> None:
        # The chosen rows are cut to the list's width; a new width needs them cut again.
        # (A fact row is cut as it is drawn, at the width it is drawn.)
        self.call_after_refresh(self.fill_chosen)

    # -- showing ---------------------------------------------------------------------

    def refresh_from_draft(self) -> None:
        super().refresh_from_draft()
        if not self.session.draft.topic:
            self.all_topics = True
        self.fill_results()
        self.fill_chosen()

    def scope_label(self) -> str:
        topic = self.session.factbase.topics.get(self.session.draft.topic)
        if self.all_topics or topic is None:
            return "in all topics"
        return f"in {topic.title}"

    def results(self) -> tuple[list[Fact], int | None]:
        """The facts to list (at most SEARCH_LIMIT), and how many there are in all when
        that is known and more than are listed (no query: the topic's or every fact)."""
        factbase = self.session.factbase
        query = self.query_one("#fact-search", Input).value.strip()
        topic = None if self.all_topics else self.session.draft.topic or None
        if query:
            hits = factbase.search(query, topic=topic, limit=SEARCH_LIMIT)
            return [hit.fact for hit in hits], None
        if topic is None:
            return list(itertools.islice(factbase, SEARCH_LIMIT)), len(factbase)
        facts = factbase.facts_for_topic(topic)
        return list(facts[:SEARCH_LIMIT]), len(facts)

    def attribution(self, fact: Fact, gist: FactGist | None = None) -> Text:
        """ " · FCDO, Jan 2023", then "due" (on yellow) when it is due for review."""
        session = self.session
        gist = gist or fact_gist(fact, session.factbase.sources.get(fact.source_id))
        suffix = Text(" · ", style="dim")
        suffix.append(gist.attribution, style="dim")
        if session.factbase.is_stale(fact, session.today):
            suffix.append(" ")
            suffix.append(DUE_BADGE, style="bold black on yellow")
        return suffix

    def fact_prompt(self, fact: Fact) -> ClampedRow:
        """Two lines at most: chosen mark, what the fact says, then who said it and when."""
        session = self.session
        chosen = fact.id in session.draft.facts
        mark = Text("✓ " if chosen else "  ", style="bold green")
        text = Text()
        if session.draft.topic and session.draft.topic not in fact.topics:
            text.append("other topic: ", style="italic magenta")
        gist = fact_gist(fact, session.factbase.sources.get(fact.source_id))
        text.append(gist.says, style="bold" if chosen else "")
        fact_list = self.query_one("#fact-list", OptionList)
        return ClampedRow(
            fact_list, text, lines=2, first=mark, indent=2, suffix=self.attribution(fact, gist)
        )

    def fill_results(self) -> None:
        fact_list = self.query_one("#fact-list", OptionList)
        previous = fact_list.highlighted_option
        facts, total = self.results()
        fact_list.set_options(Option(self.fact_prompt(f), id=f.id) for f in facts)
        ids = [f.id for f in facts]
        if previous is not None and previous.id in ids:
            fact_list.highlighted = ids.index(previous.id)
        elif facts:
            fact_list.highlighted = 0
        count = len(facts)
        scope = self.scope_label()
        if total is not None and total > count:
            label = f"{count} of {total:,} facts {scope}"
        else:
            noun = "fact" if count == 1 else "facts"
            more = "+" if total is None and count >= SEARCH_LIMIT else ""
            label = f"{count}{more} {noun} {scope}"
        self.query_one("#facts-scope", Static).update(label)
        self.show_detail()

    def fill_chosen(self) -> None:
        session = self.session
        chosen_list = self.query_one("#chosen-list", OptionList)
        previous = chosen_list.highlighted
        options = []
        for number, fact in enumerate(session.chosen_facts(), start=1):
            gist = fact_gist(fact, session.factbase.sources.get(fact.source_id))
            text = clamp_lines(
                Text(gist.says),
                chosen_list,
                lines=1,
                first=Text(f"{number}. ", style="bold"),
                indent=len(f"{number}. "),
                suffix=Text(f" · {gist.who}", style="dim") if gist.who else None,
            )
            options.append(Option(text, id=fact.id))
        for fact_id in session.missing_facts():
            text = Text(no_wrap=True, overflow="ellipsis")
            text.append("? ", style="bold red")
            text.append(f"{fact_id}: in no loaded fact file (Delete drops it)", style="italic")
            options.append(Option(text, id=fact_id))
        chosen_list.set_options(options)
        if options:
            chosen_list.highlighted = min(previous or 0, len(options) - 1)
        count = len(options)
        title = f"Chosen: {count} fact{'s' if count != 1 else ''}"
        if count > 1:
            title += " · shift+↑↓ reorders"
        self.query_one("#chosen-title", Static).update(title)

    def current_fact(self) -> Fact | None:
        """The fact highlighted in whichever list has (or last had) the focus."""
        chosen_list = self.query_one("#chosen-list", OptionList)
        option_list = (
            chosen_list if chosen_list.has_focus else self.query_one("#fact-list", OptionList)
        )
        option = option_list.highlighted_option
        if option is None or option.id is None:
            return None
        return self.session.factbase.facts.get(option.id)

    def show_detail(self) -> None:
        fact = self.current_fact()
        chosen = fact is not None and fact.id in self.session.draft.facts
        self.query_one(FactDetail).show(
            self.session.factbase, fact, self.session.today, chosen=chosen
        )

    # -- events ------------------------------------------------------------------------

    @on(Input.Changed, "#fact-search")
    def search_changed(self) -> None:
        self.fill_results()

    @on(Input.Submitted, "#fact-search")
    def search_submitted(self) -> None:
        self.query_one("#fact-list", OptionList).focus()

    @on(OptionList.OptionHighlighted)
    def highlighted(self) -> None:
        self.show_detail()

    @on(OptionList.OptionSelected, "#fact-list")
    def selected(self) -> None:
        self.action_toggle_fact()

    def on_descendant_focus(self) -> None:
        self.show_detail()

    def on_key(self, event: events.Key) -> None:
        search = self.query_one("#fact-search", Input)
        fact_list = self.query_one("#fact-list", OptionList)
        if search.has_focus:
            if event.key == "down":
                fact_list.focus()
                event.stop()
            elif steer_list(fact_list, event.key):
                event.stop()
        elif (
            isinstance(self.focused, OptionList)
            and event.is_printable
            and event.character not in (None, " ", "/")  # "/" jumps to the search box
        ):
            # Typing in a list searches: the letters go to the search box.
            search.focus()
            search.insert_text_at_cursor(event.character or "")
            event.stop()
        elif event.key == "backspace" and self.query_one("#chosen-list", OptionList).has_focus:
            self.action_drop_fact()
            event.stop()

    # -- actions -------------------------------------------------------------------------

    def action_mark_reviewed(self) -> None:
        fact = self.current_fact()
        if fact is None:
            return
        from drafter.errors import DrafterError

        try:
            path = self.session.mark_reviewed(fact.id)
        except DrafterError as exc:
            self.notify(str(exc.problems[0]), title="Not recorded", severity="error", timeout=10)
            return
        self.notify(f"'{fact.id}' marked reviewed in {path.name}", timeout=6)
        self.fill_results()
        self.fill_chosen()

    def action_new_fact(self) -> None:
        from drafter.tui.screens.new_fact import NewFactScreen

        def added(fact_id: str | None) -> None:
            if fact_id is None:
                return
            if fact_id in self.session.factbase.facts and fact_id not in self.session.draft.facts:
                self.session.toggle_fact(fact_id)  # a fact made for this letter is chosen
            self.fill_results()
            self.fill_chosen()
            self.query_one(StepBar).show(self.summary())

        self.app.push_screen(NewFactScreen(self.session.draft.topic), added)

    def action_focus_search(self) -> None:
        self.query_one("#fact-search", Input).focus()

    def action_toggle_scope(self) -> None:
        if not self.session.draft.topic and self.all_topics:
            self.notify("Choose a topic first to search within it", severity="warning")
            return
        self.all_topics = not self.all_topics
        self.fill_results()

    def action_toggle_fact(self) -> None:
        fact = self.current_fact()
        if fact is None:
            return
        self.session.toggle_fact(fact.id)
        fact_list = self.query_one("#fact-list", OptionList)
        with contextlib.suppress(OptionDoesNotExist):  # toggled from the chosen list
            fact_list.replace_option_prompt(fact.id, self.fact_prompt(fact))
        self.fill_chosen()
        self.show_detail()
        self.query_one(StepBar).show(self.summary())

    def action_drop_fact(self) -> None:
        chosen_list = self.query_one("#chosen-list", OptionList)
        option = chosen_list.highlighted_option if chosen_list.has_focus else None
        if option is not None and option.id in self.session.missing_facts():
            self.session.drop_facts([option.id])
            self.fill_chosen()
            self.query_one(StepBar).show(self.summary())
            return
        fact = self.current_fact()
        if fact is not None and fact.id in self.session.draft.facts:
            self.action_toggle_fact()

    def action_move_fact(self, offset: int) -> None:
        fact = self.current_fact()
        if fact is None or fact.id not in self.session.draft.facts:
            self.notify("Highlight a chosen fact to move it", severity="warning")
            return
        position = self.session.move_fact(fact.id, offset)
        self.fill_chosen()
        chosen_list = self.query_one("#chosen-list", OptionList)
        chosen_list.highlighted = position
        chosen_list.focus()
