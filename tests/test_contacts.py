"""The address book and the sender profile: the examples, located errors, resolving drafts."""

from __future__ import annotations

from pathlib import Path

import pytest

from drafter.drafting.draft import Draft, parse_draft
from drafter.drafting.origin import Origin
from drafter.drafting.templates import TemplateSet
from drafter.drafting.workspace import Workspace
from drafter.errors import DraftError
from drafter.people.address import Recipient, form_of_address
from drafter.people.contacts import (
    dump_profile,
    load_contacts,
    load_profile,
    parse_contacts,
    parse_profile,
    save_profile,
)
from drafter.people.sender import Sender

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
KINDS_LIST = (
    "mp, minister, secretary-of-state, prime-minister, speaker, lord-speaker, baron, "
    "baroness, viscount, viscountess, earl, countess, marquess, marchioness, duke, duchess, "
    "bishop, archbishop, ambassador, high-commissioner, knight, dame, person, unknown"
)


@pytest.fixture
def config_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "config"
    monkeypatch.setenv("DRAFTER_CONFIG_DIR", str(folder))
    return folder


# -- the examples ------------------------------------------------------------------------


def test_example_address_book_loads_and_every_contact_can_be_addressed() -> None:
    book = load_contacts(EXAMPLES / "contacts.yaml")
    assert 6 <= len(book) <= 10
    forms = {contact_id: form_of_address(r) for contact_id, r in book.items()}
    assert forms["fcdo-minister"].block == (
        "Harriet Vale MP",
        "Minister of State for the Indo-Pacific",
        "Foreign, Commonwealth and Development Office",
        "King Charles Street",
        "London SW1A 2AH",
    )
    assert forms["fcdo-minister"].salutation == "Dear Minister"
    assert forms["foreign-secretary"].address_line == "The Rt Hon Daniel Ashworth MP"
    assert forms["foreign-secretary"].salutation == "Dear Foreign Secretary"
    assert forms["lords-minister"].address_line == "The Rt Hon the Lord Fenwick of Harrowgate"
    assert forms["prc-ambassador"].block[0] == "His Excellency Mr Li Wenhao"
    assert forms["prc-ambassador"].block[-2:] == ("49 Portland Place", "London W1B 1JL")
    assert forms["prc-ambassador"].salutation == "Dear Ambassador"
    assert forms["baroness-marsh"].salutation == "Dear Baroness Marsh"
    assert forms["correspondence-unit"].valediction == "Yours faithfully"


def test_example_profile_loads() -> None:
    assert load_profile(EXAMPLES / "profile.yaml") == Sender(
        name="Lord Example of Anytown",
        title="Member of the House of Lords",
        organisation="House of Lords",
        address=("London SW1A 0PW",),
        email="office@example.org",
        phone="020 7946 0123",
    )


# -- address book errors -------------------------------------------------------------------

BAD_BOOK = """\
contacts:
  jane:
    kind: mp
    frist_name: Jane
    last_name: Smith
  lord-x:
    kind: baronn
  lord-y:
    kind: baron
  jane:
    kind: person
  Bad_Id:
    kind: person
  amb:
    kind: ambassador
    last_name: Lee
    privy_counsellor: maybe
  nokind:
    last_name: Lee
"""


def test_address_book_errors_are_all_reported_with_file_line_and_column() -> None:
    with pytest.raises(DraftError) as info:
        parse_contacts(BAD_BOOK, "contacts.yaml")
    assert str(info.value).splitlines() == [
        "contacts.yaml:10:3: duplicate key 'jane' in contacts (first at line 2) "
        "(remove one of them; YAML would silently keep only the last)",
        "contacts.yaml:4:5: unknown key 'frist_name' in contact 'jane' "
        "(did you mean 'first_name'? Extensions must start with 'x-')",
        f"contacts.yaml:7:11: unknown kind 'baronn' in contact 'lord-x' "
        f"(did you mean 'baron'? known kinds: {KINDS_LIST})",
        "contacts.yaml:8:3: contact 'lord-y': a baron needs peerage (the title after 'Lord', "
        "e.g. 'Alton of Liverpool') (fill it in the recipient or address book entry; "
        "see docs/addressing.md)",
        "contacts.yaml:12:3: contact id 'Bad_Id' is not a valid id "
        "(use lowercase letters, digits and hyphens, starting with a letter)",
        "contacts.yaml:17:23: privy_counsellor of contact 'amb' must be true or false "
        "(got 'maybe')",
        f"contacts.yaml:18:3: contact 'nokind' has no 'kind' "
        f"(add 'kind:' with one of: {KINDS_LIST})",
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "contacts: [a, b]\n",
            "contacts.yaml:1:11: contacts must be a mapping of keys to values (got a list)",
        ),
        (
            "people: {}\n",
            "contacts.yaml:1:1: unknown key 'people' in the address book",
        ),
        (
            "contacts:\n  a:\n    kind: mp\n    last_name: [Smith]\n",
            "contacts.yaml:4:16: the last_name of contact 'a' must be text (got a list)",
        ),
        (
            "contacts:\n  a: Jane Smith\n",
            "contacts.yaml:2:6: contact 'a' must be a mapping of keys to values (got 'Jane Smith')",
        ),
        (
            "contacts:\n  a:\n    kind: ambassador\n    last_name: Lee\n",
            "contacts.yaml:2:3: contact 'a': an ambassador needs gender (female or male)",
        ),
        (
            "contacts:\n  a:\n    kind:\n    last_name: x\n",
            "contacts.yaml:3:10: contact 'a' has no 'kind' (add 'kind:' with one of: mp,",
        ),
        (
            "contacts:\n  a:\n    kind: mp\n   last_name: x\n",
            "contacts.yaml:4:4: YAML syntax error (",
        ),
    ],
)
def test_address_book_error(text: str, message: str) -> None:
    with pytest.raises(DraftError) as info:
        parse_contacts(text, "contacts.yaml")
    assert str(info.value).startswith(message)


@pytest.mark.parametrize("text", ["", "# nothing yet\n", "contacts:\n", "contacts: {}\n"])
def test_an_empty_address_book_is_empty(text: str) -> None:
    assert parse_contacts(text) == {}


def test_kind_spelling_in_the_address_book_is_normalised() -> None:
    book = parse_contacts("contacts:\n  a:\n    kind: Secretary of State\n    last_name: Smith\n")
    assert book == {"a": Recipient(kind="secretary-of-state", last_name="Smith")}


def test_missing_default_address_book_is_empty(config_dir: Path) -> None:
    assert load_contacts() == {}


def test_default_address_book_is_read_from_the_config_folder(config_dir: Path) -> None:
    config_dir.mkdir()
    (config_dir / "contacts.yaml").write_text(
        "contacts:\n  a:\n    kind: baron\n    peerage: Alton of Liverpool\n", encoding="utf-8"
    )
    assert load_contacts() == {"a": Recipient(kind="baron", peerage="Alton of Liverpool")}


def test_a_named_address_book_that_is_missing_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "nope.yaml"
    with pytest.raises(DraftError) as info:
        load_contacts(path)
    assert str(info.value) == f"{path}: no such file (check the path)"


def test_an_address_book_that_is_a_folder_is_named_with_the_right_article(tmp_path: Path) -> None:
    with pytest.raises(DraftError) as info:
        load_contacts(tmp_path)
    assert str(info.value) == (
        f"{tmp_path}: is a folder, not an address book (give the path of a file)"
    )


# -- the profile ----------------------------------------------------------------------------


def test_profile_errors() -> None:
    with pytest.raises(DraftError) as info:
        parse_profile("nmae: Lord Example\naddress: {a: b}\n", "profile.yaml")
    assert str(info.value).splitlines() == [
        "profile.yaml:1:1: unknown key 'nmae' in the profile "
        "(did you mean 'name'? Extensions must start with 'x-')",
        "profile.yaml:2:10: the address of the profile must be a list of lines (got a mapping)",
        "profile.yaml:1:1: the profile has no 'name' "
        "(add 'name:' with the name that signs letters)",
    ]
    with pytest.raises(DraftError, match=r"^profile.yaml: is empty"):
        parse_profile("", "profile.yaml")


def test_missing_default_profile_is_none_but_a_named_one_is_an_error(
    config_dir: Path, tmp_path: Path
) -> None:
    assert load_profile() is None
    with pytest.raises(DraftError, match="no such file"):
        load_profile(tmp_path / "profile.yaml")


def test_save_profile_creates_the_folder_round_trips_and_replaces(config_dir: Path) -> None:
    sender = Sender(
        name="Jane Smith MP",
        title="Member of Parliament for Anytown",
        address=("House of Commons", "London SW1A 0AA"),
    )
    path = save_profile(sender)
    assert path == config_dir / "profile.yaml"
    assert load_profile() == sender
    assert path.read_text(encoding="utf-8") == dump_profile(sender)
    assert "email" not in dump_profile(sender)  # empty fields are left out
    changed = Sender(name="Jane Smith MP", email="jane@example.org")
    save_profile(changed)
    assert load_profile() == changed
    assert [p.name for p in config_dir.iterdir()] == ["profile.yaml"]  # no temporary left


# -- resolving a draft's people --------------------------------------------------------------

BOOK = {
    "fcdo-minister": Recipient(kind="minister", last_name="Vale"),
    "prc-ambassador": Recipient(kind="ambassador", last_name="Li", gender="male"),
}
PROFILE = Sender(name="Lord Example of Anytown")


def resolve_people(
    draft: Draft, book: dict[str, Recipient], profile: Sender | None, where: str = ""
) -> Draft:
    """What the workspace makes of a draft's people, with this address book and profile."""
    from drafter.facts.loader import FactBase

    if where:
        draft.origin = Origin(where)
    workspace = Workspace(FactBase({}, {}, []), TemplateSet({}), contacts=book, profile=profile)
    return workspace.resolve(draft)


def test_resolve_fills_recipient_from_the_address_book_and_sender_from_the_profile() -> None:
    draft = parse_draft("template: letter\nto: fcdo-minister\n")
    resolved = resolve_people(draft, BOOK, PROFILE)
    assert resolved.recipient == BOOK["fcdo-minister"]
    assert resolved.sender == PROFILE
    assert draft.recipient is None and draft.sender is None  # the original is untouched


def test_resolve_keeps_what_the_draft_gives() -> None:
    own = Recipient(kind="person", last_name="Lee")
    sender = Sender(name="Jane Smith MP")
    draft = Draft(template="letter", contact="fcdo-minister", recipient=own, sender=sender)
    resolved = resolve_people(draft, BOOK, PROFILE)
    assert (resolved.recipient, resolved.sender) == (own, sender)


def test_resolve_without_contact_or_profile_leaves_people_unset() -> None:
    resolved = resolve_people(Draft(template="letter"), BOOK, None)
    assert (resolved.recipient, resolved.sender) == (None, None)


@pytest.mark.parametrize(
    ("book", "contact", "message"),
    [
        (
            BOOK,
            "fcdo-ministre",
            "draft: no contact 'fcdo-ministre' in the address book (did you mean 'fcdo-minister'?)",
        ),
        (
            BOOK,
            "home-office",
            "draft: no contact 'home-office' in the address book "
            "(ids in the address book: fcdo-minister, prc-ambassador)",
        ),
    ],
)
def test_resolve_unknown_contact(book: dict[str, Recipient], contact: str, message: str) -> None:
    with pytest.raises(DraftError) as info:
        resolve_people(Draft(template="letter", contact=contact), book, None)
    assert str(info.value) == message


def test_resolve_with_an_empty_address_book_says_where_to_add_it(config_dir: Path) -> None:
    with pytest.raises(DraftError) as info:
        resolve_people(Draft(template="letter", contact="x"), {}, None, where="d.yaml")
    assert str(info.value) == (
        f"d.yaml: no contact 'x' in the address book (the address book is empty; "
        f"add the contact to {config_dir / 'contacts.yaml'})"
    )
