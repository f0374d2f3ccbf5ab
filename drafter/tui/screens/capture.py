"""Capture a source, from the New fact screen: what `drafter sources add` does, in the app.

Give a local file (an HTML page, a PDF, a DOCX or a text file); its text is read as
`sources add` reads it, and what the document's metadata says (an HTML page's title,
author and date) fills the fields left empty. The source is added to the fact file with
its archive (sources/ID.txt beside the file, numbered), its SHA-256 and today's date, by
the same core (drafter.facts.grow.add_source, through the session); nothing is fetched.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, cast

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Footer, Input, Select, Static

from drafter.errors import DrafterError
from drafter.facts.source_types import SOURCE_TYPES
from drafter.paths import display_path, expand_user
from drafter.tui.widgets.form import FormDialog, Row
from drafter.yamlio import SLUG

if TYPE_CHECKING:
    from drafter.facts.capture import Capture
    from drafter.tui.app import DrafterApp

# (field, label, placeholder) of the source entry's text fields, as `sources add` names them.
TEXT_FIELDS = (
    ("title", "Title", "the document's title"),
    ("author", "Author", "who wrote or issued it"),
    ("organisation", "Organisation", "who published it (optional)"),
    ("date", "Date", "the document's date, YYYY-MM-DD"),
    ("url", "URL", "where it is published (optional)"),
)
_FORMAT_NAMES = {"html": "an HTML page", "pdf": "a PDF", "docx": "a DOCX", "text": "a text file"}


class CaptureSourceScreen(FormDialog[str | None]):
    """Capture a local document as a new source; returns the source's id."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Capture", priority=True),
        Binding("escape", "cancel", "Cancel"),
    ]
    SAVE_LABEL = "Capture"
    ERROR_ID = "cs-error"

    def __init__(self, target: str = "") -> None:
        """`target`: the fact file to add the source to, as the New fact screen has it."""
        super().__init__()
        self.target = target
        self.read: tuple[Path, Capture] | None = None  # the document last read, and its text

    @property
    def drafter(self) -> DrafterApp:
        return cast("DrafterApp", self.app)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="capture-dialog"):
            yield Static("Capture a source", classes="dialog-title")
            yield Row(
                "File",
                Input(
                    placeholder="an HTML page, PDF, DOCX or text file (Enter reads it)",
                    id="cs-file",
                    compact=True,
                ),
            )
            yield Static("", id="cs-read")
            yield Row("Id", Input(placeholder="suggested", id="cs-id", compact=True))
            yield Row(
                "Type",
                Select[str](
                    [(t, t) for t in SOURCE_TYPES], id="cs-type", compact=True, prompt="type"
                ),
            )
            for name, label, placeholder in TEXT_FIELDS:
                yield Row(label, Input(placeholder=placeholder, id=f"cs-{name}", compact=True))
            yield Row(
                "Fact file",
                Input(
                    self.target,
                    placeholder="the office fact file (FACTS.yaml)",
                    id="cs-target",
                    compact=True,
                ),
            )
            yield from self.compose_buttons()
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#cs-file", Input).focus()

    def value(self, name: str) -> str:
        return self.query_one(f"#cs-{name}", Input).value.strip()

    # -- reading the document ---------------------------------------------------------

    def document(self) -> Capture | None:
        """The document named under File, read once; None (the problem shown) when it
        cannot be read. What its metadata gives fills the fields still empty."""
        text = self.value("file")
        if not text:
            self.show_error("Give the file to capture: an HTML page, a PDF, a DOCX or a text.")
            self.query_one("#cs-file", Input).focus()
            return None
        path = Path(expand_user(text))
        if self.read is not None and self.read[0] == path:
            return self.read[1]
        try:
            captured = self.drafter.session.read_document(path)
        except DrafterError as exc:
            self.read = None
            self.query_one("#cs-read", Static).update("")
            self.show_error(_problems(exc))
            self.query_one("#cs-file", Input).focus()
            return None
        self.read = (path, captured)
        self.show_error("")
        self.fill_from(captured, path)
        return captured

    def fill_from(self, captured: Capture, path: Path) -> None:
        from drafter.facts.grow import source_fields, suggest_source_id

        given = {name: self.value(name) for name, _, _ in TEXT_FIELDS}
        fields, taken = source_fields(captured, given)
        for name, _, _ in TEXT_FIELDS:
            if not given[name] and fields.get(name):
                self.query_one(f"#cs-{name}", Input).value = fields[name]
        kind = self.query_one("#cs-type", Select)
        if not isinstance(kind.value, str) and fields["type"] in SOURCE_TYPES:
            kind.value = fields["type"]
        factbase = self.drafter.session.factbase
        suggestion = suggest_source_id(fields["title"] or path.stem, factbase.sources)
        self.query_one("#cs-id", Input).placeholder = suggestion
        count = sum(1 for p in captured.passages if p.locator)
        unit = "pages" if captured.format == "pdf" else "paragraphs"
        what = _FORMAT_NAMES.get(captured.format, captured.format)
        line = f"Read {what}: {count} {unit}"
        if taken:
            line += "; from its metadata: " + ", ".join(taken)
        self.query_one("#cs-read", Static).update(line + ".")

    def input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "cs-file" and self.document() is None:
            return
        self.focus_next()

    # -- saving ----------------------------------------------------------------------

    def action_save(self) -> None:
        captured = self.document()
        if captured is None or self.read is None:
            return
        target_text = self.value("target")
        if not target_text:
            self.show_error("Give the fact file to add the source to (it becomes the office file).")
            self.query_one("#cs-target", Input).focus()
            return
        source_id = self.value("id") or self.query_one("#cs-id", Input).placeholder
        if not SLUG.match(source_id):
            self.show_error(
                f"The id '{source_id}' is not an id: lowercase letters, digits, hyphens."
            )
            self.query_one("#cs-id", Input).focus()
            return
        kind = self.query_one("#cs-type", Select).value
        given = {name: self.value(name) for name, _, _ in TEXT_FIELDS}
        given["type"] = kind if isinstance(kind, str) else ""
        missing = [n for n in ("type", "title", "author", "date") if not given[n]]
        if missing:
            self.show_error("Fill in the source's " + ", ".join(missing) + ".")
            self.query_one(f"#cs-{missing[0]}").focus()
            return
        try:
            dt.date.fromisoformat(given["date"])
        except ValueError:
            self.show_error(f"The date '{given['date']}' is not a date: YYYY-MM-DD.")
            self.query_one("#cs-date", Input).focus()
            return
        target = Path(expand_user(target_text))
        try:
            added = self.drafter.session.add_source(target, source_id, captured, given)
        except DrafterError as exc:
            self.show_error(_problems(exc))
            return
        self.notify(
            f"Source '{added.source_id}' captured: {added.passages} passages archived in "
            f"{display_path(added.archive)}."
        )
        self.dismiss(added.source_id)


def _problems(exc: DrafterError) -> str:
    """Each problem with the file it is in (the document, or the fact file)."""
    return "\n".join(str(p) for p in exc.problems)
