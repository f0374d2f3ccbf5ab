"""The export dialog: format, folder and file name; overwrite confirmation; errors in place.

The formats are the registry's (drafter.export.formats); the file name and the writing
are the workspace's, the same code as `drafter draft`. Writing runs in a worker thread
so that a slow PDF conversion never freezes the screen. The dialog returns the path
written, or None when cancelled.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, cast

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Input, Label, RadioSet, Static
from textual.worker import Worker, WorkerState

from drafter.errors import DrafterError
from drafter.export.formats import DEFAULT_FORMAT, REGISTRY, export_format, with_suffix
from drafter.paths import display_path, expand_user
from drafter.tui.screens.dialogs import ConfirmDialog
from drafter.tui.screens.problems import problems_text
from drafter.tui.widgets.choice import Choice, ChoiceSet, Tick

if TYPE_CHECKING:
    from drafter.document import RenderedDocument
    from drafter.tui.app import DrafterApp
    from drafter.tui.session import Session


EXPORT_WORKER = "export"


def default_name(session: Session, file_format: str) -> str:
    """The name `drafter draft` would give this draft's file (the workspace names both)."""
    return session.output_name(file_format)


def document_title(session: Session) -> str:
    """ "the letter", "the briefing note": what the draft's template makes."""
    from drafter.document import document_noun

    if session.draft.template:
        try:
            return "the " + document_noun(session.templates.get(session.draft.template).kind)
        except DrafterError:
            pass  # an unknown template: the dialog's error says so on export
    return "the document"


def default_stem(session: Session) -> str:
    """The default name without its suffix (a saved draft takes it with .yaml)."""
    return default_name(session, DEFAULT_FORMAT).removesuffix(export_format(DEFAULT_FORMAT).suffix)


class ExportDialog(ModalScreen[Path | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+o", "export", "Export"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.file_format: str = DEFAULT_FORMAT
        self.busy = False
        self.exporting_to = Path()

    @property
    def drafter(self) -> DrafterApp:
        from drafter.tui.app import DrafterApp

        return cast(DrafterApp, self.app)

    def compose(self) -> ComposeResult:
        from drafter.export.pdf import soffice_path

        session = self.drafter.session
        have_pdf = soffice_path() is not None
        folder = session.options.export_dir or Path(".")
        with Vertical(classes="dialog", id="export-dialog"):
            yield Static(f"Export {document_title(session)}", classes="dialog-title")
            with ChoiceSet(id="export-format", compact=True):
                for spec in REGISTRY.values():
                    if spec.name == "pdf" and not have_pdf:
                        continue
                    yield Choice(
                        spec.label,
                        value=spec.name == DEFAULT_FORMAT,
                        name=spec.name,
                        compact=True,
                    )
            yield Static("←/→ change the format; tab goes on", classes="hint")
            if not have_pdf:
                yield Static("PDF needs LibreOffice, which is not installed.", classes="hint")
            yield Tick(
                "Review copy: each footnote's quote as a comment", id="export-review", compact=True
            )
            with Horizontal(classes="form-row", id="export-folder-row"):
                yield Label("Folder", classes="form-label")
                yield Input(display_path(folder), id="export-folder", compact=True)
            if self.app.is_web:
                yield Static("In a browser the file comes as a download.", classes="hint")
            with Horizontal(classes="form-row"):
                yield Label("File name", classes="form-label")
                yield Input(default_name(session, DEFAULT_FORMAT), id="export-name", compact=True)
            yield Static("", id="export-error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button("Export", id="export", variant="primary", compact=True)
                yield Button("Cancel", id="cancel", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        # In a browser (drafter serve) the file is a download: no folder on the server.
        self.query_one("#export-folder-row").display = not self.app.is_web
        # The format first: the arrows change it at once; the name follows it.
        self.query_one("#export-format", ChoiceSet).focus()

    @on(RadioSet.Changed, "#export-format")
    def format_changed(self, event: RadioSet.Changed) -> None:
        self.file_format = event.pressed.name or DEFAULT_FORMAT
        name_input = self.query_one("#export-name", Input)
        name_input.value = with_suffix(name_input.value.strip(), self.file_format)
        review = self.query_one("#export-review", Tick)
        review.disabled = not export_format(self.file_format).review
        if review.disabled:
            review.value = False

    def target(self) -> Path | None:
        folder = self.query_one("#export-folder", Input).value.strip() or "."
        name = self.query_one("#export-name", Input).value.strip()
        if not name:
            self.show_error(Text("Give a file name."))
            return None
        if Path(name).name != name:
            self.show_error(Text("Give the file name only; the folder goes above."))
            return None
        return expand_user(folder) / name

    def show_error(self, text: Text) -> None:
        error = self.query_one("#export-error", Static)
        error.update(text)
        error.display = bool(text)

    @on(Input.Submitted)
    @on(ChoiceSet.Submitted)
    @on(Button.Pressed, "#export")
    def action_export(self) -> None:
        if self.busy:
            return
        path = self.target()
        if path is None:
            return
        try:
            document = self.drafter.session.render()
        except DrafterError as exc:
            self.show_error(
                Text("The letter cannot be rendered:\n", style="bold") + problems_text(exc.problems)
            )
            return
        if path.exists() and not self.app.is_web:

            def confirmed(yes: bool | None) -> None:
                if yes:
                    self.start(document, path, force=True)

            self.app.push_screen(
                ConfirmDialog(f"{path.name} already exists. Overwrite it?", yes="Overwrite"),
                confirmed,
            )
            return
        self.start(document, path, force=False)

    def start(self, document: RenderedDocument, path: Path, *, force: bool) -> None:
        self.busy = True
        self.exporting_to = path
        self.show_error(Text())
        self.query_one("#export", Button).label = "Exporting…"
        review = self.query_one("#export-review", Tick)
        self.write(document, path, review=review.value and not review.disabled, force=force)

    @work(thread=True, exclusive=True, exit_on_error=False, name=EXPORT_WORKER)
    def write(
        self, document: RenderedDocument, path: Path, *, review: bool, force: bool
    ) -> Path | bytes | Text:
        """Write (or, in a browser, make the bytes of) the file: the path, the bytes or the error.

        The worker only returns; `export_done` acts on its result once it has finished, so
        that dismissing this screen never cancels a worker that is still running.
        """
        workspace = self.drafter.session.workspace
        try:
            if self.app.is_web:
                return workspace.exporter(self.file_format).to_bytes(document, review=review)
            return workspace.export(
                document,
                path,
                export_format(self.file_format).name,
                review=review,
                force=force,
            )
        except DrafterError as exc:
            return problems_text(exc.problems)
        except OSError as exc:  # anything the atomic writer did not already explain
            return Text(f"{path}: {exc.strerror or exc}")
        except Exception as exc:  # a bug in an exporter: say so in the dialog, never crash
            return Text(f"unexpected error: {exc!r}")

    @on(Worker.StateChanged)
    def export_done(self, event: Worker.StateChanged) -> None:
        if event.worker.name != EXPORT_WORKER:
            return
        if event.state == WorkerState.ERROR:
            self.failed(Text(f"unexpected error: {event.worker.error!r}"))
        elif event.state == WorkerState.SUCCESS:
            result = event.worker.result
            if isinstance(result, Text):
                self.failed(result)
            elif isinstance(result, bytes):
                self.download(result, self.exporting_to.name)
            else:
                self.dismiss(cast(Path, result))

    def download(self, data: bytes, name: str) -> None:
        """drafter serve: the file goes to the browser (Textual's deliver_binary)."""
        import io

        self.app.deliver_binary(
            io.BytesIO(data), save_filename=name, mime_type=export_format(self.file_format).mime
        )
        self.dismiss(Path(name))

    def failed(self, text: Text) -> None:
        self.busy = False
        self.query_one("#export", Button).label = "Export"
        self.show_error(Text("Not exported:\n", style="bold") + text)

    def action_cancel(self) -> None:
        if not self.busy:
            self.dismiss(None)

    @on(Button.Pressed, "#cancel")
    def cancel(self) -> None:
        self.action_cancel()
