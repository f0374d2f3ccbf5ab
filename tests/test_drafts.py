"""The draft file: one YAML form for draft files, `drafter draft` and the TUI's autosave."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from drafter.drafting.draft import Draft, dump_draft, load_draft, parse_draft, save_draft
from drafter.errors import DrafterError, DraftError
from drafter.people.address import Recipient
from drafter.people.sender import Sender

FULL = Draft(
    template="minister-letter",
    topic="hong-kong",
    facts=["fact-b", "fact-a"],
    recipient=Recipient(
        kind="minister",
        first_name="Catherine",
        last_name="Lowe",
        office="Minister of State for the Indo-Pacific",
        privy_counsellor=True,
        address=("King Charles Street", "London SW1A 2AH"),
    ),
    sender=Sender(name="Lord Example of Anytown", address=("House of Lords", "London SW1A 0PW")),
    fields={"subject": "Jimmy Lai", "asks": "First ask\nSecond ask"},
    date=date(2026, 11, 23),
    our_ref="LE/2026/114",
    your_ref="MC2026/123",
)


def test_round_trip_keeps_everything(tmp_path: Path) -> None:
    path = save_draft(FULL, tmp_path / "draft.yaml")
    assert load_draft(path) == FULL


def test_the_yaml_form_is_short_and_readable() -> None:
    text = dump_draft(FULL)
    assert text.splitlines()[:3] == ["schema: 1", "template: minister-letter", "topic: hong-kong"]
    assert "asks: |-\n    First ask\n    Second ask\n" in text
    assert "post_nominals" not in text  # empty values are left out
    assert "date: '2026-11-23'" in text


def test_an_address_book_contact() -> None:
    draft = parse_draft("template: minister-letter\nto: minister-indo-pacific\n")
    assert draft.contact == "minister-indo-pacific"
    assert draft.recipient is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "template: x\nfacts: a-fact\n",
            "<draft>:2:8: facts must be a list (write [a-fact])",
        ),
        (
            "template: x\ndate: 23/11/2026\n",
            "<draft>:2:7: date is not a date: '23/11/2026' (write it as YYYY-MM-DD)",
        ),
        (
            "template: x\nrecipient:\n  kind: mp\n  surname: Smith\n",
            "<draft>:4:3: unknown key 'surname' in the recipient (did you mean 'last_name'? "
            "Extensions must start with 'x-')",
        ),
        (
            "template: x\nrecipient:\n  privy_counsellor: maybe\n",
            "<draft>:3:21: privy_counsellor of the recipient must be true or false (got 'maybe')",
        ),
        ("topic: x\n", "<draft>:1:1: the draft has no 'template' (add a 'template:' line)"),
        ("", "<draft>: is empty (a draft names its template at least; see docs/drafts.md)"),
    ],
)
def test_errors_name_the_line(text: str, expected: str) -> None:
    with pytest.raises(DraftError) as caught:
        parse_draft(text)
    assert str(caught.value.problems[0]) == expected


def test_a_refused_tag_on_a_field_is_one_problem_not_two() -> None:
    with pytest.raises(DraftError) as caught:
        parse_draft("template: x\nfields:\n  subject: !!binary aGVsbG8=\n")
    assert [str(p) for p in caught.value.problems] == [
        "<draft>:3:12: YAML tag !!binary is not allowed "
        "(remove the tag; a draft holds plain text, dates and lists only)"
    ]


def test_saving_refuses_to_overwrite(tmp_path: Path) -> None:
    path = save_draft(FULL, tmp_path / "draft.yaml")
    with pytest.raises(DrafterError, match="already exists"):
        save_draft(FULL, path)
    save_draft(Draft(template="briefing-note"), path, force=True)
    assert load_draft(path).template == "briefing-note"


# Text a draft can hold: no control characters, no surrogates, no private-use characters.
_text = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Co")), max_size=40)


@settings(max_examples=100, deadline=None)
@given(
    fields=st.dictionaries(st.from_regex(r"[a-z][a-z_]{0,10}", fullmatch=True), _text, max_size=4),
    our_ref=_text,
    name=_text,
)
def test_any_text_round_trips(fields: dict[str, str], our_ref: str, name: str) -> None:
    draft = Draft(
        template="minister-letter",
        fields=fields,
        our_ref=our_ref.strip(),
        recipient=Recipient(kind="person", last_name=name.strip()),
    )
    back = parse_draft(dump_draft(draft))
    assert back.our_ref == draft.our_ref
    assert back.recipient is not None and draft.recipient is not None
    assert back.recipient.last_name == draft.recipient.last_name
    assert back.fields == {k: v.strip("\n") for k, v in fields.items()}
