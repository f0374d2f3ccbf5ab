"""The drafts folder, the address book written by drafter, and a letter's own greeting."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from drafter.drafting.draft import Draft, dump_draft, parse_draft
from drafter.drafting.library import (
    find_document,
    list_drafts,
    new_draft_path,
    recipient_line,
    when_changed,
    write_document,
)
from drafter.drafting.templates import TemplateSet
from drafter.drafting.workspace import Workspace
from drafter.errors import DraftError
from drafter.facts.loader import load_factbase
from drafter.people.address import Recipient
from drafter.people.contacts import (
    load_contacts,
    save_contacts,
    suggest_contact_id,
)
from drafter.people.sender import Sender

REPO = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 11, 23)
MP = Recipient(kind="mp", honorific="Mr", first_name="Owen", last_name="Fairley")


@pytest.fixture(scope="module")
def base_and_templates() -> tuple[object, TemplateSet]:
    return load_factbase([REPO / "facts.yaml"]), TemplateSet.discover()


def test_new_names_never_take_an_existing_file(tmp_path: Path) -> None:
    first = new_draft_path(tmp_path, TODAY)
    assert first.name == "2026-11-23-1.yaml"
    write_document(Draft(topic="tibet"), first)
    assert new_draft_path(tmp_path, TODAY).name == "2026-11-23-2.yaml"


def test_the_list_says_title_recipient_and_date_newest_first(
    tmp_path: Path, base_and_templates: tuple[object, TemplateSet]
) -> None:
    factbase, templates = base_and_templates
    older = write_document(
        Draft(template="minister-letter", topic="hong-kong", recipient=MP), tmp_path / "a.yaml"
    )
    newer = write_document(
        Draft(template="minister-letter", fields={"subject": "Bounties"}, date=TODAY),
        tmp_path / "b.yaml",
    )
    (tmp_path / "c.yaml").write_text("template: [1, 2\n", encoding="utf-8")
    os.utime(older, (1_700_000_000, 1_700_000_000))
    os.utime(tmp_path / "c.yaml", (1_600_000_000, 1_600_000_000))
    entries = list_drafts(tmp_path, factbase, templates, {})  # type: ignore[arg-type]
    assert [e.path for e in entries] == [newer, older, tmp_path / "c.yaml"]
    assert (entries[0].title, entries[0].date) == ("Bounties", TODAY)
    assert entries[1].title == "Letter to a Minister: Hong Kong"
    assert entries[1].recipient == "Owen Fairley MP"
    assert entries[2].problem  # listed with why it cannot be read, not left out


def test_recipient_line_is_the_printed_first_line_or_what_is_missing() -> None:
    book = {"owen": MP}
    assert recipient_line(Draft(contact="owen"), book) == "Owen Fairley MP"
    assert recipient_line(Draft(contact="nobody"), book) == "nobody (not in the address book)"
    assert recipient_line(Draft(recipient=Recipient(kind="mp", honorific="Ms")), book) == "Ms"


def test_an_autosave_finds_the_document_it_was_of(tmp_path: Path) -> None:
    draft = Draft(topic="tibet", facts=["a-fact"])
    path = write_document(draft, tmp_path / "x.yaml")
    write_document(Draft(topic="xinjiang"), tmp_path / "y.yaml")
    assert find_document(draft, tmp_path) == path
    assert find_document(Draft(topic="sanctions"), tmp_path) is None


def test_when_changed_reads_as_a_day_and_a_time() -> None:
    assert when_changed(dt.datetime(2026, 11, 23, 14, 5), TODAY) == "today 14:05"
    assert when_changed(dt.datetime(2026, 11, 22, 9, 30), TODAY) == "yesterday 09:30"
    assert when_changed(dt.datetime(2026, 11, 2, 16, 0), TODAY) == "2 Nov 2026 16:00"


def test_the_address_book_is_written_so_that_it_reads_back(tmp_path: Path) -> None:
    path = tmp_path / "contacts.yaml"
    path.write_text("# my notes\ncontacts: {}\n", encoding="utf-8")
    save_contacts({"owen-fairley": MP}, path)
    assert load_contacts(path) == {"owen-fairley": MP}
    assert "# my notes" in (tmp_path / "contacts.yaml.previous").read_text(encoding="utf-8")


def test_an_entry_that_cannot_be_addressed_is_not_written(tmp_path: Path) -> None:
    path = tmp_path / "contacts.yaml"
    with pytest.raises(DraftError) as caught:
        save_contacts({"someone": Recipient(kind="mp", honorific="Ms")}, path)
    assert "last_name" in caught.value.problems[0].message
    assert not path.exists()


def test_suggested_ids_come_from_the_name_and_are_free() -> None:
    assert suggest_contact_id(MP, {}) == "owen-fairley"
    assert suggest_contact_id(MP, {"owen-fairley": MP}) == "owen-fairley-2"
    peer = Recipient(kind="baron", peerage="Alton of Liverpool")
    assert suggest_contact_id(peer, {}) == "alton-of-liverpool"


def test_a_letters_own_salutation_is_saved_in_the_draft_and_printed(
    base_and_templates: tuple[object, TemplateSet],
) -> None:
    factbase, templates = base_and_templates
    draft = Draft(
        template="minister-letter",
        topic="hong-kong",
        facts=["fcdo-hong-kong-electoral-changes"],
        contact="owen",
        fields={"subject": "S", "occasion": "O", "asks": "A?"},
        salutation="Dear Owen",
    )
    again = parse_draft(dump_draft(draft))
    assert (again.salutation, again.valediction) == ("Dear Owen", "")
    workspace = Workspace(
        factbase,  # type: ignore[arg-type]
        templates,
        contacts={"owen": MP},
        profile=Sender(name="Ann Bell"),
        today=TODAY,
    )
    resolved = workspace.resolve(again)
    assert resolved.recipient is not None and resolved.recipient.salutation == "Dear Owen"
    frame = workspace.render(again).frame
    assert frame is not None
    assert (frame.salutation, frame.valediction) == ("Dear Owen", "Yours sincerely")
