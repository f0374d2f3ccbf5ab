"""The drafting app driven with the keyboard alone, from topic to a DOCX on disk."""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
import re
import shutil
import time
import zipfile
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from textual.pilot import Pilot
from textual.widgets import Input, OptionList

from drafter.drafting.draft import load_draft
from drafter.drafting.starter import parse_statement
from drafter.paths import autosave_file, config_dir, data_dir
from drafter.tui.app import AppOptions, DrafterApp, create_app
from drafter.tui.screens.dialogs import ProfileDialog
from drafter.tui.screens.export import ExportDialog
from drafter.tui.screens.facts import FactsScreen
from drafter.tui.screens.preview import PreviewScreen
from drafter.tui.screens.recipient import RecipientScreen
from drafter.tui.screens.template import TemplateScreen
from drafter.tui.screens.write import WriteScreen
from tests.conftest import WAIT_SECONDS, notices_shown

REPO = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 11, 23)


@pytest.fixture
def people() -> None:
    """The example address book and profile in the (temporary) user config folder."""
    shutil.copy(REPO / "examples" / "contacts.yaml", config_dir() / "contacts.yaml")
    shutil.copy(REPO / "examples" / "profile.yaml", config_dir() / "profile.yaml")


def sync(test: Callable[..., Coroutine[Any, Any, None]]) -> Callable[..., None]:
    """Run an async test with asyncio.run (no async pytest plugin is needed)."""

    @functools.wraps(test)
    def run(*args: Any, **kwargs: Any) -> None:
        asyncio.run(test(*args, **kwargs))

    return run


def app_for_test(**options: object) -> DrafterApp:
    return create_app(AppOptions(today=TODAY, cursor_blink=False, **options))  # type: ignore[arg-type]


async def type_text(pilot: Pilot[int], text: str) -> None:
    keys = ["space" if c == " " else c for c in text]
    await pilot.press(*keys)


async def until(pilot: Pilot[int], ready: Callable[[], bool], what: str) -> None:
    """Wait (at most WAIT_SECONDS) until the app shows `ready()`; fail saying `what`.

    A key pressed before the widget that takes it has focus goes elsewhere: on a loaded
    machine a dialog can be on the screen a frame before its first field has focus.
    """
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        if ready():
            return
        await pilot.pause(0.01)
    pytest.fail(f"the app never got to: {what}")


def palette_offers(app: DrafterApp) -> bool:
    """Whether the command palette's list shows a command, highlighted for Enter."""
    from textual.command import CommandList

    lists = app.screen.query(CommandList)
    return bool(lists) and lists.first().highlighted is not None


def highlighted_id(app: DrafterApp, selector: str) -> str | None:
    option = app.screen.query_one(selector, OptionList).highlighted_option
    return option.id if option else None


@sync
async def test_keyboard_flow_writes_a_cited_docx(
    people: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # the export dialog's folder starts here
    app = app_for_test()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        # Topic: type to filter, Enter chooses.
        await type_text(pilot, "hong")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, FactsScreen)
        assert app.session.draft.topic == "hong-kong"

        # Facts: search as you type, Down into the results, space chooses.
        await type_text(pilot, "national security law")
        await pilot.pause()
        first = highlighted_id(app, "#fact-list")
        assert first is not None
        await pilot.press("down", "space")
        # "/" goes back to the search box; ctrl+u clears it; ctrl+t searches all topics.
        await pilot.press("slash", "ctrl+u", "ctrl+t")
        await type_text(pilot, "sanctions")
        await pilot.press("down")
        second = highlighted_id(app, "#fact-list")
        await pilot.press("space", "down")
        third = highlighted_id(app, "#fact-list")
        await pilot.press("space")
        await pilot.pause()
        assert app.session.draft.facts == [first, second, third]
        assert len({first, second, third}) == 3
        other_topic = [
            f for f in (second, third) if "hong-kong" not in app.session.factbase.facts[f].topics
        ]
        assert other_topic, "a fact from another topic was searched and added"
        assert "3 chosen" in str(app.screen.query_one("#step-bar").render())

        # The chosen list reorders: move the third fact up one.
        await pilot.press("tab")  # from the results to the chosen list
        assert app.focused is not None and app.focused.id == "chosen-list"
        await pilot.press("end", "shift+up")
        assert app.session.draft.facts == [first, third, second]

        # Template: Next, then down to the minister letter and Enter.
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert isinstance(app.screen, TemplateScreen)
        while highlighted_id(app, "#template-list") != "minister-letter":
            await pilot.press("down")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, RecipientScreen)

        # Recipient: the address book select has focus; open it, take the first contact.
        await pilot.press("enter", "down", "enter")
        await pilot.pause()
        assert app.session.draft.contact == "fcdo-minister"

        # Fields: ctrl+f jumps to the first, tab goes on to the next.
        await pilot.press("ctrl+f")
        await type_text(pilot, "Bounties on Hong Kong activists")
        await pilot.press("tab")
        await type_text(pilot, "I write after your statement of 3 July.")
        await pilot.press("tab")
        await type_text(pilot, "Will you raise the bounties with Beijing?")
        await pilot.press("enter")
        await type_text(pilot, "Will you meet the families?")
        await pilot.press("tab")
        await pilot.pause()
        # Our ref, through the date and reference boxes at the end of the form.
        app.screen.query_one("#our-ref", Input).focus()
        await type_text(pilot, "HK/2026/7")
        await pilot.pause()
        assert app.session.draft.our_ref == "HK/2026/7"

        # Write: no body of its own, so the template writes the paragraphs; then Preview,
        # and export with the suggested name.
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert isinstance(app.screen, WriteScreen)
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert isinstance(app.screen, PreviewScreen)
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert isinstance(app.screen, ExportDialog)
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not isinstance(app.screen, ExportDialog)

    written = tmp_path / "2026-11-23-hong-kong-minister-vale.docx"
    assert written.exists()
    document = Document(str(written))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Dear Minister" in text
    assert "Yours sincerely" in text
    assert "Bounties on Hong Kong activists" in text
    assert "Will you raise the bounties with Beijing?" in text
    assert "Will you meet the families?" in text
    assert "HK/2026/7" in text
    assert "23 November 2026" in text
    for fact_id in (first, third, second):  # each fact's claim, as the starter words it
        parts = parse_statement(app.session.factbase.facts[fact_id].statement)
        assert parts is not None and parts.claim in text
    with zipfile.ZipFile(written) as package:
        footnotes = package.read("word/footnotes.xml").decode()
    assert len(re.findall(r'<w:footnote w:id="[1-9]', footnotes)) >= 1
    assert "accessed" in footnotes
    # The export finished the draft: it is not offered again, and is kept to reopen.
    assert not autosave_file().exists()
    finished = load_draft(data_dir() / "last-exported.yaml")
    assert finished.facts == [first, third, second]


@sync
async def test_escape_goes_back_a_step_without_losing_the_choice(people: None) -> None:
    app = app_for_test()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter")  # the first topic
        await pilot.pause()
        await pilot.press("down", "space")
        chosen = list(app.session.draft.facts)
        await type_text(pilot, "uk")
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "TopicScreen"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, FactsScreen)
        assert app.session.draft.facts == chosen
        # The search typed before going back is still there.
        assert app.screen.query_one("#fact-search", Input).value == "uk"


@sync
async def test_first_run_asks_for_the_profile_and_saves_it() -> None:
    app = app_for_test()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ProfileDialog)
        await until(pilot, lambda: getattr(app.focused, "id", None) == "sender-name", "the name")
        await type_text(pilot, "Baroness Example")
        await pilot.press("enter")
        await type_text(pilot, "Member of the House of Lords")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, ProfileDialog)
    saved = (config_dir() / "profile.yaml").read_text()
    assert "Baroness Example" in saved
    assert "Member of the House of Lords" in saved


@sync
async def test_a_profile_that_cannot_be_saved_is_reported_not_a_crash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("DRAFTER_CONFIG_DIR", str(blocker / "config"))  # cannot be created
    app = app_for_test()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ProfileDialog)
        await until(pilot, lambda: getattr(app.focused, "id", None) == "sender-name", "the name")
        await type_text(pilot, "Baroness Example")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.is_running
        messages = await notices_shown(pilot, app)
        assert any("cannot create the folder" in m for m in messages), messages


@sync
async def test_profile_question_can_be_skipped() -> None:
    app = app_for_test()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ProfileDialog)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "TopicScreen"
    assert not (config_dir() / "profile.yaml").exists()


@sync
async def test_export_asks_before_overwriting_and_reports_errors_in_the_dialog(
    people: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    draft_file = REPO / "examples" / "minister-letter.yaml"
    if not draft_file.exists():
        pytest.skip("examples/minister-letter.yaml is not there")
    app = app_for_test(open_draft=draft_file)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PreviewScreen)
        await pilot.press("ctrl+o")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        name = dialog.query_one("#export-name", Input).value
        (tmp_path / name).write_text("an earlier letter")
        await pilot.press("enter")
        await pilot.pause()
        # The confirmation; "n" keeps the earlier file.
        assert app.screen.__class__.__name__ == "ConfirmDialog"
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is dialog
        assert (tmp_path / name).read_text() == "an earlier letter"
        # A folder that does not exist: the error shows in the dialog.
        folder = dialog.query_one("#export-folder", Input)
        folder.value = "no-such-folder"
        dialog.query_one("#export-name", Input).focus()
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen is dialog
        error = str(dialog.query_one("#export-error").render())
        assert "does not exist" in error
        # Back to the folder, overwrite confirmed with "y".
        folder.value = "."
        dialog.query_one("#export-name", Input).focus()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("y")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not isinstance(app.screen, ExportDialog)
    assert (tmp_path / name).read_bytes()[:2] == b"PK"  # a DOCX (zip), not the old text


@sync
async def test_markdown_export_swaps_the_extension(
    people: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    draft_file = REPO / "examples" / "minister-letter.yaml"
    if not draft_file.exists():
        pytest.skip("examples/minister-letter.yaml is not there")
    app = app_for_test(open_draft=draft_file)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+o")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        assert dialog.focused is dialog.query_one("#export-format")  # the format first
        await pilot.press("right")  # the arrows choose: the second format, Markdown
        await pilot.pause()
        name = dialog.query_one("#export-name", Input).value
        assert name.endswith(".md")
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
    text = (tmp_path / name).read_text()
    assert "Dear" in text
    assert "[^1]" in text


@sync
async def test_every_binding_is_in_the_command_palette_and_the_help(people: None) -> None:
    from textual.binding import Binding

    from drafter.tui.app import step_class
    from drafter.tui.screens.base import STEP_NAMES, StepScreen
    from drafter.tui.screens.help import HelpScreen

    app = app_for_test()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.session.replace_draft(load_draft(REPO / "examples" / "minister-letter.yaml"))
        help_rows: set[str] = set()
        for name in STEP_NAMES:
            app.go_to(name)
            await pilot.pause()
            screen = app.screen
            titles = {command.title for command in app.get_system_commands(screen)}
            bindings = [*app.BINDINGS, *StepScreen.BINDINGS, *step_class(name).BINDINGS]
            for binding in bindings:
                assert isinstance(binding, Binding)
                assert binding.description in titles, (name, binding.description)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        for _, rows in app.screen.sections:
            help_rows.update(text for _, text in rows)
        for name in STEP_NAMES:
            for binding in step_class(name).BINDINGS:
                assert isinstance(binding, Binding)
                assert binding.description in help_rows
        await pilot.press("escape")
        # The palette runs an action by name: "export" opens the export dialog.
        await pilot.press("ctrl+p")
        await pilot.pause()
        await type_text(pilot, "export")
        # The palette searches in the background: wait until its list offers a command.
        await until(pilot, lambda: palette_offers(app), "the palette offering a command")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ExportDialog)


@sync
async def test_a_fact_base_that_does_not_load_is_shown_and_q_quits_with_code_1(
    tmp_path: Path,
) -> None:
    bad = tmp_path / "facts.yaml"
    bad.write_text("schema: 3\n", encoding="utf-8")
    app = app_for_test(facts=(bad,))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.screen.__class__.__name__ == "LoadErrorScreen"
        assert "unsupported schema" in str(app.screen.query_one("#load-error-list Static").render())
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 1


@sync
async def test_a_typed_recipient_shows_its_form_of_address_as_it_will_print(people: None) -> None:
    from drafter.drafting.draft import Draft
    from drafter.people.address import Recipient

    app = app_for_test()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.session.replace_draft(Draft(template="minister-letter", topic="hong-kong"))
        app.go_to("recipient")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, RecipientScreen)
        screen.query_one("#r-kind").focus()
        await pilot.press("enter", "m", "p", "enter")  # type-to-search in the kinds
        await pilot.pause()
        await pilot.press("tab")
        await type_text(pilot, "Ms")
        shown = str(screen.query_one("#form-of-address").render())
        assert "an MP needs last_name" in shown  # the problem, before the surname
        await pilot.press("tab", "tab")
        await type_text(pilot, "Pike")
        await pilot.pause()
        assert app.session.draft.recipient == Recipient(kind="mp", honorific="Ms", last_name="Pike")
        shown = str(screen.query_one("#form-of-address").render())
        assert "Pike MP" in shown
        assert "Dear Ms Pike" in shown
        assert "Yours sincerely" in shown


@sync
async def test_an_unreadable_address_book_is_reported_and_the_app_goes_on(people: None) -> None:
    (config_dir() / "contacts.yaml").write_text("contacts:\n  x: [1, 2\n", encoding="utf-8")
    app = app_for_test()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        assert app.screen.__class__.__name__ == "TopicScreen"
        messages = await notices_shown(pilot, app)
        assert any("contacts.yaml" in m for m in messages)


@sync
async def test_save_draft_as_to_an_unknown_users_home_is_refused_in_the_dialog(
    people: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    app = app_for_test()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        app.screen.query_one("#draft-path", Input).value = "~no-such-user-drafter/d.yaml"
        await pilot.press("enter")
        await pilot.pause()
        assert app.is_running
        assert app.screen.__class__.__name__ == "SaveDraftDialog"
        error = str(app.screen.query_one("#save-error").render())
        assert "does not exist" in error, error


@sync
async def test_save_draft_as_writes_the_file_drafter_open_reads(
    people: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from drafter.drafting.draft import Draft

    monkeypatch.chdir(tmp_path)
    draft = Draft(template="minister-letter", topic="tibet", facts=["a-b"], our_ref="X/1")
    app = app_for_test()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.session.replace_draft(draft.copy())
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "SaveDraftDialog"
        assert app.screen.query_one("#draft-path", Input).value == "2026-11-23-tibet.yaml"
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "TopicScreen"
    assert load_draft(tmp_path / "2026-11-23-tibet.yaml") == draft


def test_paths_in_notices_survive_a_current_folder_that_was_deleted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from drafter.tui import app as app_module

    gone = tmp_path / "gone"
    gone.mkdir()
    monkeypatch.chdir(gone)
    gone.rmdir()
    assert app_module.display_path(tmp_path / "letter.docx") == str(tmp_path / "letter.docx")


@sync
async def test_slash_in_a_list_jumps_to_the_box_without_typing_itself(people: None) -> None:
    app = app_for_test()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        topic_filter = app.screen.query_one("#topic-filter", Input)
        app.screen.query_one("#topic-list", OptionList).focus()
        await pilot.press("slash")
        await pilot.pause()
        assert topic_filter.has_focus
        assert topic_filter.value == ""
        await pilot.press("enter")  # the first topic
        await pilot.pause()
        assert isinstance(app.screen, FactsScreen)
        await type_text(pilot, "uk")
        await pilot.press("down", "slash")
        await pilot.pause()
        search = app.screen.query_one("#fact-search", Input)
        assert search.has_focus
        assert search.value == "uk"
