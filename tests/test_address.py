"""Forms of address: the conventions table, errors, the --recipient syntax, properties."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from drafter.errors import DraftError
from drafter.people.address import (
    KINDS,
    FormOfAddress,
    Recipient,
    form_of_address,
    known_kinds,
    valediction_for,
)
from drafter.people.recipient_spec import parse_recipient_spec

R = Recipient
FCDO = "Secretary of State for Foreign, Commonwealth and Development Affairs"

# (recipient, address line, salutation, valediction)
CASES: list[tuple[Recipient, str, str, str]] = [
    (R("mp", "Ms", "Jane", "Smith"), "Jane Smith MP", "Dear Ms Smith", "Yours sincerely"),
    (
        R("mp", "Ms", "Jane", "Smith", privy_counsellor=True),
        "The Rt Hon Jane Smith MP",
        "Dear Ms Smith",
        "Yours sincerely",
    ),
    (R("mp", "Dr", "Ann", "Lee"), "Dr Ann Lee MP", "Dear Dr Lee", "Yours sincerely"),
    (
        R("mp", "Sir", "Iain", "Duncan Smith", post_nominals="MP", privy_counsellor=True),
        "The Rt Hon Sir Iain Duncan Smith MP",
        "Dear Sir Iain",
        "Yours sincerely",
    ),
    (
        R("mp", "", "Jane", "Smith", gender="female"),
        "Jane Smith MP",
        "Dear Ms Smith",
        "Yours sincerely",
    ),
    (R("mp", "", "Sam", "Smith"), "Sam Smith MP", "Dear Sam Smith", "Yours sincerely"),
    (
        R("minister", "Ms", "Catherine", "West", office="Minister of State for the Indo-Pacific"),
        "Catherine West MP",
        "Dear Minister",
        "Yours sincerely",
    ),
    (
        R("minister", peerage="Collins of Highbury", office="Minister of State"),
        "The Lord Collins of Highbury",
        "Dear Minister",
        "Yours sincerely",
    ),
    (
        R("minister", peerage="Chapman of Darlington", gender="female", privy_counsellor=True),
        "The Rt Hon the Baroness Chapman of Darlington",
        "Dear Minister",
        "Yours sincerely",
    ),
    (
        R("minister", peerage="Earl Howe", privy_counsellor=True),
        "The Rt Hon the Earl Howe",
        "Dear Minister",
        "Yours sincerely",
    ),
    (
        R("secretary-of-state", "Ms", "Jane", "Smith", office=FCDO),
        "The Rt Hon Jane Smith MP",
        "Dear Foreign Secretary",
        "Yours sincerely",
    ),
    (
        R(
            "secretary-of-state",
            "Mr",
            "John",
            "Smith",
            office="Secretary of State for the Home Department",
        ),
        "The Rt Hon John Smith MP",
        "Dear Home Secretary",
        "Yours sincerely",
    ),
    (
        R("secretary-of-state", "Ms", "Jane", "Smith", office="Chancellor of the Exchequer"),
        "The Rt Hon Jane Smith MP",
        "Dear Chancellor",
        "Yours sincerely",
    ),
    (
        R("secretary-of-state", "Ms", "Jane", "Smith", office="Secretary of State for Unicorns"),
        "The Rt Hon Jane Smith MP",
        "Dear Secretary of State",
        "Yours sincerely",
    ),
    (
        R("prime-minister", "Mr", "John", "Smith"),
        "The Rt Hon John Smith MP",
        "Dear Prime Minister",
        "Yours sincerely",
    ),
    (
        R("speaker", "Sir", "John", "Smith"),
        "The Rt Hon Sir John Smith MP",
        "Dear Mr Speaker",
        "Yours sincerely",
    ),
    (
        R("speaker", "", "Jane", "Smith", gender="female"),
        "The Rt Hon Jane Smith MP",
        "Dear Madam Speaker",
        "Yours sincerely",
    ),
    (
        R("lord-speaker", peerage="Smith of Town"),
        "The Rt Hon the Lord Smith of Town",
        "Dear Lord Speaker",
        "Yours sincerely",
    ),
    (
        R("baron", peerage="Alton of Liverpool"),
        "The Lord Alton of Liverpool",
        "Dear Lord Alton",
        "Yours sincerely",
    ),
    (
        R("baron", peerage="Lord Alton of Liverpool", privy_counsellor=True, post_nominals="KBE"),
        "The Rt Hon the Lord Alton of Liverpool KBE",
        "Dear Lord Alton",
        "Yours sincerely",
    ),
    (
        R("baroness", peerage="Smith of Town", post_nominals="CBE, FRS"),
        "The Baroness Smith of Town CBE FRS",
        "Dear Baroness Smith",
        "Yours sincerely",
    ),
    (
        R("viscount", peerage="Hailsham"),
        "The Viscount Hailsham",
        "Dear Lord Hailsham",
        "Yours sincerely",
    ),
    (
        R("earl", peerage="Sandwich"),
        "The Earl of Sandwich",
        "Dear Lord Sandwich",
        "Yours sincerely",
    ),
    (
        R("earl", peerage="of Sandwich"),
        "The Earl of Sandwich",
        "Dear Lord Sandwich",
        "Yours sincerely",
    ),
    (R("earl", peerage="Earl Howe"), "The Earl Howe", "Dear Lord Howe", "Yours sincerely"),
    (
        R("marquess", peerage="Lothian"),
        "The Marquess of Lothian",
        "Dear Lord Lothian",
        "Yours sincerely",
    ),
    (
        R("marquess", peerage="Lothian", privy_counsellor=True),
        "The Marquess of Lothian PC",
        "Dear Lord Lothian",
        "Yours sincerely",
    ),
    (R("countess", peerage="Mar"), "The Countess of Mar", "Dear Lady Mar", "Yours sincerely"),
    (R("duke", peerage="Norfolk"), "His Grace the Duke of Norfolk", "Dear Duke", "Yours sincerely"),
    (
        R("duke", peerage="Norfolk", post_nominals="KG", privy_counsellor=True),
        "His Grace the Duke of Norfolk KG PC",
        "Dear Duke",
        "Yours sincerely",
    ),
    (
        R("duchess", peerage="Norfolk"),
        "Her Grace the Duchess of Norfolk",
        "Dear Duchess",
        "Yours sincerely",
    ),
    (
        R("bishop", peerage="London"),
        "The Rt Revd the Lord Bishop of London",
        "Dear Bishop",
        "Yours sincerely",
    ),
    (
        R("bishop", peerage="Bishop of London", privy_counsellor=True),
        "The Rt Revd and Rt Hon the Lord Bishop of London",
        "Dear Bishop",
        "Yours sincerely",
    ),
    (
        R("archbishop", peerage="York", privy_counsellor=True),
        "The Most Revd and Rt Hon the Lord Archbishop of York",
        "Dear Archbishop",
        "Yours sincerely",
    ),
    (
        R("ambassador", "Mr", "Zheng", "Zeguang"),
        "His Excellency Mr Zheng Zeguang",
        "Dear Ambassador",
        "Yours sincerely",
    ),
    (
        R("ambassador", "Dr", "Ana", "Silva", gender="female"),
        "Her Excellency Dr Ana Silva",
        "Dear Ambassador",
        "Yours sincerely",
    ),
    (  # a gender and no honorific: the neutral Mr or Ms, not a bare name
        R("ambassador", "", "Li", "Wen", gender="male"),
        "His Excellency Mr Li Wen",
        "Dear Ambassador",
        "Yours sincerely",
    ),
    (
        R("person", "", "Ann", "Lee", gender="female"),
        "Ms Ann Lee",
        "Dear Ms Lee",
        "Yours sincerely",
    ),
    (
        R("high-commissioner", "Ms", "Ann", "Lee"),
        "Her Excellency Ms Ann Lee",
        "Dear High Commissioner",
        "Yours sincerely",
    ),
    (
        R("knight", "", "John", "Smith", post_nominals="KBE"),
        "Sir John Smith KBE",
        "Dear Sir John",
        "Yours sincerely",
    ),
    (
        R("knight", "", "John", "Smith", post_nominals="KBE", privy_counsellor=True),
        "The Rt Hon Sir John Smith KBE",
        "Dear Sir John",
        "Yours sincerely",
    ),
    (
        R("dame", "", "Mary", "Smith", post_nominals="DBE"),
        "Dame Mary Smith DBE",
        "Dear Dame Mary",
        "Yours sincerely",
    ),
    (R("person", "Dr", "Ann", "Lee"), "Dr Ann Lee", "Dear Dr Lee", "Yours sincerely"),
    (
        R("person", "prof.", "Ann", "Lee", post_nominals="FBA"),
        "Professor Ann Lee FBA",
        "Dear Professor Lee",
        "Yours sincerely",
    ),
    (R("person", "Mx", "Sam", "Lee"), "Mx Sam Lee", "Dear Mx Lee", "Yours sincerely"),
    (R("person", "Miss", "", "Lee"), "Miss Lee", "Dear Miss Lee", "Yours sincerely"),
    (R("person", "Mrs", "Ann", "Lee"), "Mrs Ann Lee", "Dear Mrs Lee", "Yours sincerely"),
    (R("unknown"), "", "Dear Sir or Madam", "Yours faithfully"),
    # Overrides: the salutation (valediction derived from it) and the valediction.
    (
        R("person", "Mr", "Al", "Lee", salutation="Dear Sir"),
        "Mr Al Lee",
        "Dear Sir",
        "Yours faithfully",
    ),
    (
        R("mp", "Ms", "Jane", "Smith", salutation="Dear Jane"),
        "Jane Smith MP",
        "Dear Jane",
        "Yours sincerely",
    ),
    (
        R("unknown", valediction="Yours truly"),
        "",
        "Dear Sir or Madam",
        "Yours truly",
    ),
    (
        R("ambassador", "Mr", "Zheng", "Zeguang", salutation="Your Excellency"),
        "His Excellency Mr Zheng Zeguang",
        "Your Excellency",
        "Yours sincerely",
    ),
]


@pytest.mark.parametrize(("recipient", "line", "salutation", "valediction"), CASES)
def test_form_of_address(
    recipient: Recipient, line: str, salutation: str, valediction: str
) -> None:
    form = form_of_address(recipient)
    assert (form.address_line, form.salutation, form.valediction) == (line, salutation, valediction)


def test_every_kind_has_a_case() -> None:
    assert {r.kind for r, *_ in CASES} >= set(KINDS) - {"viscountess", "marchioness"}


def test_block_has_office_organisation_and_address_in_order() -> None:
    form = form_of_address(
        R(
            "minister",
            "Ms",
            "Catherine",
            "West",
            office="Minister of State for the Indo-Pacific",
            organisation="Foreign, Commonwealth and Development Office",
            address=("King Charles Street", "  London   SW1A 2AH "),
        )
    )
    assert form == FormOfAddress(
        name="Catherine West MP",
        address_line="Catherine West MP",
        salutation="Dear Minister",
        valediction="Yours sincerely",
        block=(
            "Catherine West MP",
            "Minister of State for the Indo-Pacific",
            "Foreign, Commonwealth and Development Office",
            "King Charles Street",
            "London SW1A 2AH",
        ),
    )


def test_default_office_and_office_already_in_the_address_line() -> None:
    assert form_of_address(R("prime-minister", "Mr", "John", "Smith")).block == (
        "The Rt Hon John Smith MP",
        "Prime Minister",
    )
    bishop = form_of_address(R("bishop", peerage="London", office="Bishop of London"))
    assert bishop.block == ("The Rt Revd the Lord Bishop of London",)


def test_unknown_correspondent_block_starts_with_office() -> None:
    form = form_of_address(R("unknown", office="Correspondence Unit", address=("London",)))
    assert form.block == ("Correspondence Unit", "London")
    assert form.name == "Correspondence Unit"


def test_names_for_running_text() -> None:
    assert (
        form_of_address(R("baron", peerage="Alton of Liverpool")).name == "Lord Alton of Liverpool"
    )
    assert (
        form_of_address(R("mp", "Ms", "Jane", "Smith", post_nominals="OBE")).name == "Jane Smith MP"
    )
    assert form_of_address(R("earl", peerage="Sandwich")).name == "Earl of Sandwich"


def test_kind_spelling_is_forgiving() -> None:
    form = form_of_address(R("Secretary of State", "Ms", "Jane", "Smith"))
    assert form.salutation == "Dear Secretary of State"
    assert (
        form_of_address(R("high_commissioner", "Ms", "A", "B")).salutation
        == "Dear High Commissioner"
    )


def test_known_kinds_describe_each_kind() -> None:
    kinds = known_kinds()
    assert tuple(kinds) == KINDS
    assert all(description.strip() for description in kinds.values())
    assert {"mp", "minister", "baron", "ambassador", "unknown"} <= set(KINDS)


def test_valediction_for() -> None:
    assert valediction_for("Dear Sir,") == "Yours faithfully"
    assert valediction_for("dear madam") == "Yours faithfully"
    assert valediction_for("Dear Sir John") == "Yours sincerely"


# -- errors ------------------------------------------------------------------------------


def _message(recipient: Recipient, where: str = "recipient") -> str:
    with pytest.raises(DraftError) as info:
        form_of_address(recipient, where=where)
    return str(info.value)


@pytest.mark.parametrize(
    ("recipient", "message"),
    [
        (
            R("baron"),
            "recipient: a baron needs peerage (the title after 'Lord', e.g. 'Alton of "
            "Liverpool') (fill it in the recipient or address book entry; see docs/addressing.md)",
        ),
        (R("mp", "Ms", "Jane"), "recipient: an MP needs last_name (the surname, e.g. 'Smith')"),
        (
            R("minister"),
            "recipient: a minister needs last_name (an MP's surname, e.g. 'West') or peerage "
            "(a peer minister's title, e.g. 'Lord Collins of Highbury')",
        ),
        (
            R("lord-speaker", "Mr", "John", "Smith"),
            "recipient: the Lord Speaker needs peerage (the Lord Speaker's title",
        ),
        (R("knight", last_name="Smith"), "recipient: a knight needs first_name (the first name"),
        (
            R("person", "Sir", "", "Smith"),
            "recipient: a person with the honorific 'Sir' needs first_name",
        ),
        (
            R("ambassador", "Dr", "Ann", "Lee"),
            "recipient: an ambassador needs gender (female or male), or an honorific such as Ms "
            "or Mr, to choose between 'Her Excellency Dr Ann Lee' and 'His Excellency Dr Ann Lee'",
        ),
        (
            R("speaker", "Dr", "Ann", "Lee"),
            "recipient: the Speaker needs gender (female or male), or an honorific such as Ms "
            "or Mr, to choose between 'Dear Madam Speaker' and 'Dear Mr Speaker'",
        ),
        (
            R("person", "Ms", "Ann", "Lee", gender="f"),
            "recipient: gender 'f' is not one of female, male",
        ),
        (
            R("baroness", peerage="Lord Smith"),
            "recipient: peerage 'Lord Smith' names a baron, but the kind is baroness "
            "(use kind baron, or write the peerage without 'Lord')",
        ),
        (R("earl", peerage="Earl"), "recipient: an earl needs peerage"),
        (
            R("earll"),
            "recipient: unknown kind 'earll' (did you mean 'earl'? known kinds: mp, minister,",
        ),
    ],
)
def test_error_messages(recipient: Recipient, message: str) -> None:
    assert _message(recipient).startswith(message)


def test_error_lists_every_missing_part_and_names_where() -> None:
    with pytest.raises(DraftError) as info:
        form_of_address(R("dame"), where="contact 'x'")
    assert [p.message for p in info.value.problems] == [
        "a dame needs first_name (the first name, e.g. 'Mary', as in 'Dear Dame Mary')",
        "a dame needs last_name (the surname, e.g. 'Smith')",
    ]
    assert {p.file for p in info.value.problems} == {"contact 'x'"}


def test_unknown_kind_lists_known_kinds() -> None:
    message = _message(R("grand-poobah"))
    assert "did you mean" not in message
    assert message.endswith("known kinds: " + ", ".join(KINDS) + ")")


# -- the --recipient syntax -------------------------------------------------------------


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("mp:Ms Jane Smith", R("mp", "Ms", "Jane", "Smith")),
        ("mp:Jane Smith", R("mp", "", "Jane", "Smith")),
        ("baron:Alton of Liverpool", R("baron", peerage="Alton of Liverpool")),
        ("earl:Sandwich", R("earl", peerage="Sandwich")),
        ("bishop:London", R("bishop", peerage="London")),
        (
            "ambassador:female:Ms Zheng Zeguang",
            R("ambassador", "Ms", "Zheng", "Zeguang", gender="female"),
        ),
        (
            "minister:Ms Catherine West, Minister of State for the Indo-Pacific",
            R(
                "minister",
                "Ms",
                "Catherine",
                "West",
                office="Minister of State for the Indo-Pacific",
            ),
        ),
        (
            "minister:Lord Collins of Highbury, Minister of State",
            R("minister", peerage="Lord Collins of Highbury", office="Minister of State"),
        ),
        (
            "secretary-of-state:Ms Jane Smith, " + FCDO,
            R("secretary-of-state", "Ms", "Jane", "Smith", office=FCDO),
        ),
        (
            "knight:The Rt Hon Sir John Smith KBE",
            R("knight", "Sir", "John", "Smith", post_nominals="KBE", privy_counsellor=True),
        ),
        ("person:Prof Ann Mary Lee", R("person", "Professor", "Ann Mary", "Lee")),
        ("unknown", R("unknown")),
        ("unknown:Amnesty International UK", R("unknown", organisation="Amnesty International UK")),
        (
            "kind=minister;first_name=Catherine;last_name=West;"
            "office=Minister of State for the Indo-Pacific",
            R(
                "minister",
                first_name="Catherine",
                last_name="West",
                office="Minister of State for the Indo-Pacific",
            ),
        ),
        (
            "mp:Iain Smith; last_name=Duncan Smith; first_name=Iain; privy_counsellor=yes;"
            " address=House of Commons|London SW1A 0AA",
            R(
                "mp",
                first_name="Iain",
                last_name="Duncan Smith",
                privy_counsellor=True,
                address=("House of Commons", "London SW1A 0AA"),
            ),
        ),
    ],
)
def test_parse_recipient_spec(spec: str, expected: Recipient) -> None:
    assert parse_recipient_spec(spec) == expected


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("", "--recipient: is empty"),
        ("lord:Smith", "--recipient: unknown kind 'lord'"),
        ("baron:", "--recipient: a baron needs peerage"),
        (
            "mp:Jane Smith;frist_name=Jane",
            "--recipient: unknown key 'frist_name' (did you mean 'first_name'?",
        ),
        ("mp:Jane Smith;office", "--recipient: 'office' is not key=value"),
        (
            "first_name=Jane;last_name=Smith",
            "--recipient: names no kind (start with KIND: or give kind=...)",
        ),
        ("mp:Jane Smith;privy_counsellor=maybe", "--recipient: privy_counsellor must be yes or no"),
    ],
)
def test_parse_recipient_spec_errors(spec: str, message: str) -> None:
    with pytest.raises(DraftError) as info:
        parse_recipient_spec(spec)
    assert str(info.value).startswith(message)


# -- properties --------------------------------------------------------------------------

_FAITHFUL = {"dear sir or madam", "dear sir", "dear madam", "dear sirs", "sir or madam"}
_text = st.text(max_size=30)


@st.composite
def recipients(draw: st.DrawFn) -> Recipient:
    return Recipient(
        kind=draw(st.sampled_from(KINDS) | _text),
        honorific=draw(st.sampled_from(["", "Mr", "Ms", "Dr", "Sir", "Dame", "Professor"]) | _text),
        first_name=draw(_text),
        last_name=draw(_text),
        peerage=draw(_text),
        office=draw(_text),
        privy_counsellor=draw(st.booleans()),
        gender=draw(st.sampled_from(["", "female", "male"]) | _text),
        organisation=draw(_text),
        address=tuple(draw(st.lists(_text, max_size=3))),
        salutation=draw(st.just("") | _text),
    )


@settings(max_examples=400, deadline=None)
@given(recipients(), st.sampled_from(["", "KBE", "OBE FRS", "PC", "MP", "CBE, DL"]))
def test_any_names_give_a_form_or_a_draft_error(recipient: Recipient, post: str) -> None:
    try:
        form = form_of_address(replace(recipient, post_nominals=post))
    except DraftError:
        return
    # Post-nominals never reach the salutation: it is the same without them.
    assert form.salutation == form_of_address(recipient).salutation
    faithful = form.salutation.rstrip(",").casefold() in _FAITHFUL
    assert (form.valediction == "Yours faithfully") == faithful
    assert form.valediction in ("Yours faithfully", "Yours sincerely")
    assert form.block[: 1 if form.address_line else 0] == (
        (form.address_line,) if form.address_line else ()
    )
    assert all(line == line.strip() and line for line in form.block)


# -- the documentation ------------------------------------------------------------------

DOCS = Path(__file__).resolve().parent.parent / "docs" / "addressing.md"


def test_docs_kinds_table_matches_what_drafter_writes() -> None:
    rows = [
        [cell.strip() for cell in line.strip().strip("|").split("|")]
        for line in DOCS.read_text(encoding="utf-8").splitlines()
        if re.match(r"^\| `[a-z-]+` \|", line) and line.count("|") == 6
    ]
    assert [row[0].strip("`") for row in rows] == list(KINDS)
    for _kind, _fill, spec, line, salutation in rows:
        form = form_of_address(parse_recipient_spec(spec.strip("`")))
        assert (form.address_line or "(none)", form.salutation) == (line, salutation)


def test_docs_recipient_flag_examples_parse() -> None:
    text = DOCS.read_text(encoding="utf-8")
    examples = re.findall(r"^--recipient (['\"])(.*)\1$", text, flags=re.MULTILINE)
    assert len(examples) >= 6
    for _quote, spec in examples:
        if "KIND" not in spec and "key=value" not in spec:
            parse_recipient_spec(spec)


@pytest.mark.parametrize("kind", ["mp", "person"])
def test_a_surname_alone_is_not_enough_for_a_salutation(kind: str) -> None:
    with pytest.raises(DraftError) as caught:
        form_of_address(Recipient(kind=kind, last_name="Smith"))
    assert "not the surname alone" in str(caught.value)
    # Any one of honorific, gender or first name is enough; and an office's salutation
    # ("Dear Minister") needs none of them.
    assert form_of_address(Recipient(kind=kind, last_name="Smith", gender="male")).salutation == (
        "Dear Mr Smith"
    )
    assert form_of_address(Recipient(kind=kind, first_name="Jo", last_name="Smith")).salutation == (
        "Dear Jo Smith"
    )
    assert form_of_address(Recipient(kind="minister", last_name="Smith")).salutation == (
        "Dear Minister"
    )
