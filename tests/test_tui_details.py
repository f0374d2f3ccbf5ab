"""The app's smaller promises: notices, the resume question, the preview on resume."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from textual.widgets import Markdown, OptionList, Static

from drafter.drafting.draft import Draft, save_draft
from drafter.paths import autosave_file, config_dir
from drafter.textfmt import as_sentence
from drafter.tui.app import AppOptions, DrafterApp, create_app
from drafter.tui.screens.dialogs import ResumeDialog
from drafter.tui.screens.facts import FactsScreen
from drafter.tui.screens.preview import PreviewScreen
from tests.conftest import shown_notices
from tests.test_tui_flow import sync
from tests.test_tui_snapshots import LETTER

REPO = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 11, 23)


def people() -> None:
    for name in ("contacts.yaml", "profile.yaml"):
        shutil.copy(REPO / "examples" / name, config_dir() / name)


def make_app() -> DrafterApp:
    return create_app(AppOptions(today=TODAY, cursor_blink=False, use_cache=False))


def test_a_notice_is_a_sentence() -> None:
    assert as_sentence("Saved your profile") == "Saved your profile."
    assert as_sentence("Saved (ctrl+s).") == "Saved (ctrl+s)."
    assert as_sentence("Overwrite it?") == "Overwrite it?"
    assert as_sentence("") == ""


@sync
async def test_notices_end_with_a_full_stop_and_leave_the_fact_list_clear() -> None:
    people()
    app = make_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        app.session.replace_draft(LETTER.copy())
        app.go_to("facts")
        await pilot.pause()
        assert isinstance(app.screen, FactsScreen)
        app.screen.query_one("#fact-list", OptionList).focus()
        await pilot.press("end", "shift+up")  # an unchosen fact cannot move: a warning
        await pilot.pause()
        app.notify("Written to letter.docx")
        await pilot.pause()
        notices = shown_notices(app)
        assert len(notices) == 2, notices
        assert all(n.rstrip().endswith(".") for n in notices), notices
        await pilot.pause()
        fact_list = app.screen.query_one("#fact-list", OptionList).region
        for toast in app.screen.query("Toast"):
            assert toast.region.x >= fact_list.right, (toast.region, fact_list)


async def resume_summary(draft: Draft) -> str:
    """What the resume question says of `draft`, left as the autosave."""
    people()
    autosave_file().parent.mkdir(parents=True, exist_ok=True)
    save_draft(draft, autosave_file(), force=True)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ResumeDialog)
        return str(app.screen.query_one("#resume-summary", Static).render())


@sync
async def test_the_resume_question_names_the_recipient_as_the_letter_prints() -> None:
    draft = LETTER.copy()
    draft.contact = "foreign-secretary"
    summary = await resume_summary(draft)
    assert "The Rt Hon Daniel Ashworth MP" in summary
    assert "Body" not in summary  # no written body: nothing to show


@sync
async def test_the_resume_question_says_what_the_written_body_holds() -> None:
    draft = LETTER.copy()
    draft.body = "First point [@a-fact]. Second [@b-fact].\n\nThird point [@a-fact].\n"
    summary = await resume_summary(draft)
    assert "2 paragraphs citing 2 facts" in summary


@sync
async def test_on_resume_the_preview_shows_the_letter_not_its_warnings_alone() -> None:
    people()
    autosave_file().parent.mkdir(parents=True, exist_ok=True)
    save_draft(LETTER, autosave_file(), force=True)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("r")
        seen_letter = False
        for _ in range(50):
            screen = app.screen
            if isinstance(screen, PreviewScreen):
                warnings = screen.query_one("#preview-warnings", Static)
                letter = screen.query_one("#preview-markdown", Markdown)
                if warnings.display:
                    assert letter.children, "warnings shown before the letter"
                seen_letter = seen_letter or bool(letter.children)
                if seen_letter and warnings.display:
                    break
            await pilot.pause(0.02)
        assert seen_letter and warnings.display
