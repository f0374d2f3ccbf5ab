"""Drafts as documents and the address book in the app, driven with the keyboard."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
import yaml
from docx import Document
from textual.widgets import Input, OptionList, Select

from drafter.drafting.draft import load_draft
from drafter.paths import config_dir, drafts_dir
from drafter.tui.app import AppOptions, DrafterApp, create_app
from drafter.tui.screens.contacts import ContactDialog
from drafter.tui.screens.drafts import DraftsDialog
from drafter.tui.screens.export import ExportDialog
from drafter.tui.screens.facts import FactsScreen
from drafter.tui.screens.recipient import RecipientScreen
from drafter.tui.screens.topic import TopicScreen
from tests.test_tui_flow import sync, type_text

REPO = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 11, 23)
HONG_KONG_FACTS = ["fcdo-hong-kong-nsl-dissent-criminalised", "fcdo-hong-kong-electoral-changes"]


@pytest.fixture
def people() -> None:
    shutil.copy(REPO / "examples" / "contacts.yaml", config_dir() / "contacts.yaml")
    shutil.copy(REPO / "examples" / "profile.yaml", config_dir() / "profile.yaml")


def make_app() -> DrafterApp:
    return create_app(AppOptions(today=TODAY, cursor_blink=False, use_cache=False))


async def choose_facts_and_template(app: DrafterApp, pilot: object, template: str) -> None:
    """Topic Hong Kong, two facts by search, then `template`: all with keys."""
    from textual.pilot import Pilot

    assert isinstance(pilot, Pilot)
    await type_text(pilot, "hong")
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(app.screen, FactsScreen)
    assert app.screen.query_one("#fact-search", Input).value == ""  # nothing left over
    for fact_id in HONG_KONG_FACTS:
        await pilot.press("slash", "ctrl+u")
        await type_text(pilot, app.session.factbase.facts[fact_id].quote[:30])
        await pilot.pause()
        while app.screen.query_one("#fact-list", OptionList).highlighted_option.id != fact_id:  # type: ignore[union-attr]
            await pilot.press("down")
        await pilot.press("space")
    await pilot.press("ctrl+n")
    await pilot.pause()
    while app.screen.query_one("#template-list", OptionList).highlighted_option.id != template:  # type: ignore[union-attr]
        await pilot.press("down")
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(app.screen, RecipientScreen)


async def fill_minister_fields(pilot: object, subject: str) -> None:
    from textual.pilot import Pilot

    assert isinstance(pilot, Pilot)
    await pilot.press("ctrl+f")
    await type_text(pilot, subject)
    await pilot.press("tab")
    await type_text(pilot, "I write about the bounties.")
    await pilot.press("tab")
    await type_text(pilot, "Will you raise them?")
    await pilot.pause()


async def export(app: DrafterApp, pilot: object, name: str) -> None:
    from textual.pilot import Pilot

    assert isinstance(pilot, Pilot)
    await pilot.press("ctrl+o")
    await pilot.pause()
    assert isinstance(app.screen, ExportDialog)
    app.screen.query_one("#export-name", Input).value = name
    await pilot.press("enter")  # on the format: exports
    await app.workers.wait_for_complete()
    await pilot.pause()
    assert not isinstance(app.screen, ExportDialog)


def docx_text(path: Path) -> str:
    return "\n".join(p.text for p in Document(str(path)).paragraphs)


@sync
async def test_two_letters_then_the_first_opened_again_from_the_list(
    people: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        # The first letter: to the FCDO minister (first in the address book).
        await choose_facts_and_template(app, pilot, "minister-letter")
        await pilot.press("enter", "down", "enter")
        await pilot.pause()
        assert app.session.draft.contact == "fcdo-minister"
        await fill_minister_fields(pilot, "Bounties on activists")
        await export(app, pilot, "first.docx")
        first_document = app.session.document_path
        assert first_document is not None and first_document.parent == drafts_dir()

        # F7, then ctrl+n: a new, empty draft from the Topic step, with nothing left over.
        await pilot.press("f7")
        await pilot.pause()
        assert isinstance(app.screen, DraftsDialog)
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert isinstance(app.screen, TopicScreen)
        assert app.session.draft.facts == [] and app.session.draft.contact == ""
        assert app.session.profile is not None  # the profile stays
        assert app.step_stack() == [app.screen]

        # The second letter: to the Foreign Secretary (second in the address book).
        await choose_facts_and_template(app, pilot, "minister-letter")
        await pilot.press("enter", "down", "down", "enter")
        await pilot.pause()
        assert app.session.draft.contact == "foreign-secretary"
        await fill_minister_fields(pilot, "Electoral changes")
        await export(app, pilot, "second.docx")
        assert app.session.document_path not in (None, first_document)

        # F7 lists both, the last changed first; the first letter opens again.
        await pilot.press("f7")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, DraftsDialog)
        drafts = dialog.query_one("#drafts-list", OptionList)
        rows = [str(drafts.get_option_at_index(i).prompt) for i in range(drafts.option_count)]
        assert rows[0].startswith("+ New draft")
        assert "Electoral changes" in rows[1] and "(open now)" in rows[1]
        assert "Bounties on activists" in rows[2]
        assert "Harriet Vale MP" in rows[2]  # the recipient as the address block prints
        while drafts.highlighted_option.id != str(first_document):  # type: ignore[union-attr]
            await pilot.press("down")
        await pilot.press("enter")
        await pilot.pause()
        assert app.session.document_path == first_document
        assert app.session.draft.contact == "fcdo-minister"
        assert app.session.draft.fields["subject"] == "Bounties on activists"

    first, second = docx_text(tmp_path / "first.docx"), docx_text(tmp_path / "second.docx")
    assert "Dear Minister" in first and "Bounties on activists" in first
    assert "Electoral changes" not in first
    assert "Dear Foreign Secretary" in second and "Electoral changes" in second
    assert "Bounties on activists" not in second
    # Each draft kept its own file, as it was last changed.
    assert load_draft(first_document).fields["subject"] == "Bounties on activists"
    assert len(list(drafts_dir().glob("*.yaml"))) == 2


@sync
async def test_a_typed_recipient_saved_to_the_address_book_and_greeted_by_name(
    people: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await choose_facts_and_template(app, pilot, "minister-letter")
        # Type the recipient: "Type the recipient below" is the last option.
        await pilot.press("enter", "end", "enter")
        await pilot.pause()
        screen = app.screen
        screen.query_one("#r-honorific", Input).focus()
        await type_text(pilot, "Mr")
        await pilot.press("tab")
        await type_text(pilot, "David")
        await pilot.press("tab")
        await type_text(pilot, "Rutley")
        screen.query_one("#r-office", Input).focus()
        await type_text(pilot, "Minister for Asia")
        await pilot.pause()
        screen.query_one("#r-kind", Select).value = "mp"  # chosen in the kind list
        await pilot.pause()
        assert app.session.draft.recipient is not None
        assert app.session.draft.recipient.kind == "mp"

        # ctrl+b: save it to the address book under the suggested id.
        await pilot.press("ctrl+b")
        await pilot.pause()
        assert isinstance(app.screen, ContactDialog)
        assert app.screen.query_one("#c-id", Input).value == "david-rutley"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, RecipientScreen)
        assert app.session.draft.contact == "david-rutley"
        assert app.session.draft.recipient is None

        # "Dear David" for this letter only; the summary shows what will print.
        app.screen.query_one("#letter-salutation", Input).focus()
        await type_text(pilot, "Dear David")
        await pilot.pause()
        assert app.session.draft.salutation == "Dear David"
        shown = str(app.screen.query_one("#form-of-address").render())
        assert "Dear David" in shown and "Yours sincerely" in shown
        await fill_minister_fields(pilot, "Bounties on activists")
        await export(app, pilot, "david.docx")
        document = app.session.document_path

    paragraphs = [p.text for p in Document(str(tmp_path / "david.docx")).paragraphs]
    greeting = next(i for i, p in enumerate(paragraphs) if p.startswith("Dear"))
    assert paragraphs[greeting] == "Dear David"
    closing = [p for p in paragraphs if p.startswith("Yours")]
    assert closing == ["Yours sincerely"]
    book = yaml.safe_load((config_dir() / "contacts.yaml").read_text(encoding="utf-8"))
    assert book["contacts"]["david-rutley"]["first_name"] == "David"
    assert book["contacts"]["david-rutley"]["last_name"] == "Rutley"
    assert "fcdo-minister" in book["contacts"]  # the others are still there
    assert (config_dir() / "contacts.yaml.previous").exists()
    # The override is the letter's, saved in the draft, not the contact's.
    assert "salutation" not in book["contacts"]["david-rutley"]
    assert document is not None and load_draft(document).salutation == "Dear David"
