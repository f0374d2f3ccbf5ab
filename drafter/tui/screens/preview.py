"""Step 6: the letter as it will export, footnotes and warnings included."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType

from drafter.tui.screens.base import StepScreen
from drafter.tui.widgets.preview_pane import PreviewPane


class PreviewScreen(StepScreen):
    STEP = "preview"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+o", "app.export", "Export", tooltip="Write the letter as DOCX, Markdown or PDF"
        ),
    ]
    EXTRA_KEYS = (("↑ ↓ pgup pgdn", "Scroll the letter"),)

    def compose_step(self) -> ComposeResult:
        yield PreviewPane(self.session, id="preview")

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one(PreviewPane).focus()

    def refresh_from_draft(self) -> None:
        super().refresh_from_draft()
        # Shown at once on arrival; later changes (a dialog) are debounced.
        self.query_one(PreviewPane).render_now()

    def draft_changed(self) -> None:
        super().draft_changed()
        self.query_one(PreviewPane).schedule()
