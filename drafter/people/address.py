"""Forms of address: from a recipient's kind and name parts to how a letter names them.

The rules (how each kind's address line, name and salutation are built, which kinds take
"MP", which salutations take "Yours faithfully") are data in address.yaml beside this
module, so that a private office can check them against Debrett's in one place. This
module holds only the mechanics: normalising name parts, choosing gendered forms,
adding "The Rt Hon" and post-nominals, and saying clearly what is missing.

How name parts are entered (see docs/addressing.md):
- people (MPs, ambassadors, knights, everyone else): honorific, first_name, last_name;
- peers and bishops: `peerage` is the title as it follows the rank, e.g. a baron's
  "Alton of Liverpool", an earl's "Sandwich" ("of" is added) or "Earl Howe" (a title
  without "of" names its rank), a bishop's see "London";
- ministers, Secretaries of State and the Prime Minister are peers when `peerage` is
  given ("Lord Collins of Highbury", "Baroness Chapman of Darlington"), MPs otherwise.
"""

from __future__ import annotations

import difflib
import functools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, fields
from typing import Any

import yaml

from drafter.errors import DraftError, Problem

try:  # libyaml's parser is faster; the pure one is the fallback.
    _Loader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader


@dataclass(frozen=True, slots=True)
class Recipient:
    """Who a letter goes to, as plain data (a draft file or an address book entry)."""

    kind: str = "unknown"
    honorific: str = ""  # Mr, Mrs, Ms, Miss, Mx, Dr, Professor
    first_name: str = ""
    last_name: str = ""
    peerage: str = ""  # peers and bishops: "Alton of Liverpool", "Sandwich", "London"
    office: str = ""  # "Minister of State for Indo-Pacific", "Ambassador of ..."
    post_nominals: str = ""  # "KBE", "OBE"; "MP" comes from the kind
    privy_counsellor: bool = False
    gender: str = ""  # "female", "male" or "" where the form of address depends on it
    organisation: str = ""
    address: tuple[str, ...] = ()
    salutation: str = ""  # overrides the computed salutation
    valediction: str = ""  # overrides the computed valediction
    email: str = ""


@dataclass(frozen=True, slots=True)
class FormOfAddress:
    name: str  # how the recipient is named in running text and file names
    address_line: str  # the formal first line of the address block
    salutation: str
    valediction: str
    block: tuple[str, ...]  # the whole address block, first line first


RECIPIENT_KEYS: tuple[str, ...] = tuple(f.name for f in fields(Recipient))

# A format: one text for everyone ("" key) or one per gender ("female", "male").
_Format = Mapping[str, str]


@dataclass(frozen=True, slots=True)
class _Kind:
    """One row of address.yaml's table."""

    kind: str
    description: str
    label: str
    style: str  # commoner, peer, member or none
    needs: tuple[tuple[str, str], ...]
    peer_needs: str
    mp: bool
    privy_counsellor: bool
    office: str
    honorific: str
    rank_words: tuple[str, ...]
    of: bool
    pc: str  # prefix, post-nominal or included
    address: _Format
    address_pc: _Format | None
    name: _Format
    salutation: _Format
    short_forms: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class _Table:
    kinds: dict[str, _Kind]
    faithfully: frozenset[str]  # casefolded
    sincerely: str
    faithfully_valediction: str
    plain_honorifics: frozenset[str]
    first_name_honorifics: frozenset[str]
    honorific_spellings: dict[str, str]
    honorific_genders: dict[str, str]
    genders: tuple[str, ...]
    post_nominals: frozenset[str]


_STYLES = ("commoner", "peer", "member", "none")
_PC_MODES = ("prefix", "post-nominal", "included")


def _text(data: Mapping[str, Any], key: str, where: str, default: str | None = None) -> str:
    value = data.get(key, default)
    if not isinstance(value, str):
        raise ValueError(f"address.yaml: {where}: '{key}' must be text")
    return value


def _format(data: Mapping[str, Any], key: str, where: str) -> _Format:
    value = data.get(key)
    if isinstance(value, str):
        return {"": value}
    if (
        isinstance(value, dict)
        and set(value) == {"female", "male"}
        and all(isinstance(v, str) for v in value.values())
    ):
        return dict(value)
    raise ValueError(f"address.yaml: {where}: '{key}' must be text or female/male texts")


def _kind(name: str, data: Mapping[str, Any]) -> _Kind:
    where = f"kind {name}"
    style = _text(data, "style", where)
    pc = _text(data, "pc", where, "prefix")
    if style not in _STYLES or pc not in _PC_MODES:
        raise ValueError(f"address.yaml: {where}: bad style '{style}' or pc '{pc}'")
    needs = data.get("needs", {})
    short_forms = data.get("short_forms", [])
    if not isinstance(needs, dict) or not isinstance(short_forms, list):
        raise ValueError(f"address.yaml: {where}: needs must be a mapping, short_forms a list")
    return _Kind(
        kind=name,
        description=_text(data, "description", where),
        label=_text(data, "label", where),
        style=style,
        needs=tuple((str(k), str(v)) for k, v in needs.items()),
        peer_needs=_text(data, "peer_needs", where, ""),
        mp=bool(data.get("mp", False)),
        privy_counsellor=bool(data.get("privy_counsellor", False)),
        office=_text(data, "office", where, ""),
        honorific=_text(data, "honorific", where, ""),
        rank_words=tuple(str(w) for w in data.get("rank_words", [])),
        of=bool(data.get("of", False)),
        pc=pc,
        address=_format(data, "address", where),
        address_pc=_format(data, "address_pc", where) if "address_pc" in data else None,
        name=_format(data, "name", where),
        salutation=_format(data, "salutation", where),
        short_forms=tuple(
            (_text(f, "when", where).casefold(), _text(f, "salutation", where)) for f in short_forms
        ),
    )


@functools.cache
def rules() -> _Table:
    """address.yaml, read once: it is shipped with drafter and never changes at run time."""
    from importlib import resources

    text = resources.files("drafter.people").joinpath("address.yaml").read_text(encoding="utf-8")
    data = yaml.load(text, Loader=_Loader)  # plain data only: a safe loader, shipped file
    kinds = {str(name): _kind(str(name), rule) for name, rule in data["kinds"].items()}
    return _Table(
        kinds=kinds,
        faithfully=frozenset(s.casefold() for s in data["faithfully"]),
        sincerely=data["sincerely"],
        faithfully_valediction=data["faithfully_valediction"],
        plain_honorifics=frozenset(data["plain_honorifics"]),
        first_name_honorifics=frozenset(data["first_name_honorifics"]),
        honorific_spellings={str(k): str(v) for k, v in data["honorific_spellings"].items()},
        honorific_genders=dict(data["honorific_genders"]),
        genders=tuple(data["genders"]),
        post_nominals=frozenset(data["post_nominals"]),
    )


def known_kinds() -> dict[str, str]:
    """Every kind of recipient with its one-line description, in the table's order."""
    return {name: rule.description for name, rule in rules().kinds.items()}


def __getattr__(name: str) -> tuple[str, ...]:
    """`KINDS`, every kind's name in the table's order: read from address.yaml when first
    asked for, so that importing this module (as reading a draft does) reads no YAML."""
    if name == "KINDS":
        return tuple(known_kinds())
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# -- computing a form of address ---------------------------------------------------------


def clean(value: str) -> str:
    """Runs of whitespace (tabs, newlines) become one space: a name is one line."""
    return " ".join(value.split())


def _join(*parts: str) -> str:
    return " ".join(p for p in parts if p)


def normalise_kind(kind: str) -> str:
    """'Secretary of State', 'secretary_of_state' -> 'secretary-of-state'."""
    return "-".join(kind.replace("_", " ").replace("-", " ").lower().split())


def rule_for(kind: str, where: str) -> _Kind:
    table = rules()
    name = normalise_kind(kind)
    rule = table.kinds.get(name)
    if rule is None:
        close = difflib.get_close_matches(name, list(table.kinds), n=1, cutoff=0.6)
        hint = f"did you mean '{close[0]}'? " if close else ""
        raise DraftError.single(
            where, f"unknown kind '{kind}'", hint + "known kinds: " + ", ".join(table.kinds)
        )
    return rule


def _honorific(value: str) -> str:
    spelt = clean(value)
    return rules().honorific_spellings.get(spelt.lower(), spelt)


@dataclass(frozen=True, slots=True)
class _Peer:
    rule: _Kind  # the peer kind whose forms give the address line and name
    title: str
    short_title: str


def rank_word(text: str) -> tuple[_Kind, str] | None:
    """The peer kind and rank word that `text` opens with ("Earl Howe" -> earl, "Earl")."""
    words = [
        (word, rule)
        for rule in rules().kinds.values()
        if rule.style == "peer"
        for word in rule.rank_words
    ]
    for word, rule in sorted(words, key=lambda item: -len(item[0])):
        if text.lower() == word.lower() or text.lower().startswith(word.lower() + " "):
            return rule, word
    return None


def _peer(rule: _Kind, peerage: str, gender: str, where: str) -> _Peer:
    text = clean(peerage)
    if text.lower().startswith("the "):
        text = text[4:]
    opened = rank_word(text)
    peer_rule = rule
    explicit = False
    if opened is not None:
        named, word = opened
        if rule.style == "member":
            peer_rule = named
        elif named.kind != rule.kind:
            raise DraftError.single(
                where,
                f"peerage '{peerage}' names {named.label}, but the kind is {rule.kind}",
                f"use kind {named.kind}, or write the peerage without '{word}'",
            )
        text = text[len(word) :].strip()
        explicit = True
    elif rule.style == "member":
        peer_rule = rules().kinds["baroness" if gender == "female" else "baron"]
    if not text:
        raise DraftError.single(
            where, f"{rule.label} needs peerage ({_needs_of(rule, 'peerage')})", _HINT
        )
    if text.lower().startswith("of "):
        text = "of " + text[3:]
    elif peer_rule.of and not explicit:
        text = "of " + text
    short = text[3:] if text.startswith("of ") else text
    short = short.split(" of ")[0]
    return _Peer(peer_rule, text, short)


_HINT = "fill it in the recipient or address book entry; see docs/addressing.md"


def _needs_of(rule: _Kind, field: str) -> str:
    if field == "peerage" and rule.peer_needs:
        return rule.peer_needs
    return dict(rule.needs).get(field, "")


def _missing(rule: _Kind, values: Mapping[str, str], where: str) -> None:
    problems = [
        Problem(where, f"{rule.label} needs {field} ({explanation})", _HINT)
        for field, explanation in rule.needs
        if not values.get(field)
    ]
    if problems and rule.style == "member" and "last_name" in dict(rule.needs):
        problems = [
            Problem(
                where,
                f"{rule.label} needs last_name ({_needs_of(rule, 'last_name')}) "
                f"or peerage ({_needs_of(rule, 'peerage')})",
                _HINT,
            )
        ]
    if problems:
        raise DraftError(problems)


def _choose(fmt: _Format, values: Mapping[str, str], gender: str, rule: _Kind, where: str) -> str:
    if "" in fmt:
        return clean(fmt[""].format_map(values))
    if gender in fmt:
        return clean(fmt[gender].format_map(values))
    options = " and ".join(f"'{clean(fmt[g].format_map(values))}'" for g in sorted(fmt))
    raise DraftError.single(
        where,
        f"{rule.label} needs gender (female or male), or an honorific such as Ms or Mr, "
        f"to choose between {options}",
        _HINT,
    )


def _rt_hon(line: str) -> str:
    """'The Lord X' -> 'The Rt Hon the Lord X'; 'Jane Smith' -> 'The Rt Hon Jane Smith'."""
    if line.startswith("The "):
        return "The Rt Hon the " + line[4:]
    return _join("The Rt Hon", line)


def valediction_for(salutation: str) -> str:
    """'Yours faithfully' for Dear Sir or Madam (or Sir, Madam); else 'Yours sincerely'."""
    table = rules()
    key = clean(salutation).rstrip(",").casefold()
    return table.faithfully_valediction if key in table.faithfully else table.sincerely


def form_of_address(recipient: Recipient, *, where: str = "recipient") -> FormOfAddress:
    """How a letter addresses `recipient`; DraftError names any missing part.

    `where` names the recipient in error messages (a file, an address book id, a flag).
    The kind's style (address.yaml) chooses how the person is written (_BY_STYLE); the
    post-nominals, the salutation and the block are then made the same way for all.
    """
    person = _person(recipient, where)
    lines = _BY_STYLE[person.rule.style](person, where)
    address_line, name = _with_post_nominals(lines)
    salutation = _salutation(person, lines, recipient, where)
    return FormOfAddress(
        name=name,
        address_line=address_line,
        salutation=salutation,
        valediction=clean(recipient.valediction) or valediction_for(salutation),
        block=_block(address_line, person, recipient),
    )


@dataclass(frozen=True, slots=True)
class _Person:
    """A recipient's name parts, cleaned, with what the kind's rules add to them."""

    rule: _Kind
    gender: str  # as given, else the honorific's ("Mrs" -> female)
    honorific: str  # the kind's own ("Sir" for a knight), else the recipient's, spelt UK style
    first: str
    last: str
    office: str  # as given, else the kind's ("Prime Minister")
    organisation: str
    privy: bool  # a Privy Counsellor: given, by the kind, or "PC" in the post-nominals
    post_nominals: tuple[str, ...]  # commas dropped, "PC" left out (the rules place it)
    values: dict[str, str]  # what address.yaml's formats may use


@dataclass(frozen=True, slots=True)
class _Lines:
    """How one kind of person is written, before the post-nominals and "MP"."""

    address_line: str  # "" for a letter to an office
    name: str  # in running text and file names
    values: dict[str, str]  # what the salutation's format may use
    post_nominals: tuple[str, ...]  # to follow the address line ("PC" where a rank takes it)
    takes_mp: bool = False
    surname_only: bool = False  # known only by a surname: no salutation by name


def _person(recipient: Recipient, where: str) -> _Person:
    rule = rule_for(recipient.kind, where)
    gender = _gender(recipient, where)
    honorific = rule.honorific or _honorific(recipient.honorific)
    office = clean(recipient.office) or rule.office
    # Post-nominals: commas dropped (modern style); "PC" and "MP" come from the rules.
    tokens = clean(recipient.post_nominals.replace(",", " ")).split()
    first, last = clean(recipient.first_name), clean(recipient.last_name)
    return _Person(
        rule=rule,
        gender=gender or rules().honorific_genders.get(honorific, ""),
        honorific=honorific,
        first=first,
        last=last,
        office=office,
        organisation=clean(recipient.organisation),
        privy=recipient.privy_counsellor or rule.privy_counsellor or "PC" in tokens,
        post_nominals=tuple(t for t in tokens if t != "PC"),
        values={
            "first_name": first,
            "last_name": last,
            "peerage": clean(recipient.peerage),
            "office": office,
            "honorific": honorific,
        },
    )


def _gender(recipient: Recipient, where: str) -> str:
    gender = clean(recipient.gender).lower()
    genders = rules().genders
    if gender and gender not in genders:
        raise DraftError.single(
            where,
            f"gender '{recipient.gender}' is not one of " + ", ".join(genders),
            "leave it empty where the form of address does not depend on it",
        )
    return gender


def _as_peer(person: _Person, where: str) -> _Lines:
    """A peer or a bishop (or a minister in the Lords): the rank gives the forms, and
    decides whether a Privy Counsellor is "The Rt Hon" or "PC"."""
    peer = _peer(person.rule, person.values["peerage"], person.gender, where)
    values = person.values | {"title": peer.title, "short_title": peer.short_title}
    form, gender, privy = peer.rule, person.gender, person.privy
    post_nominals = person.post_nominals
    if privy and form.address_pc is not None:
        address_line = _choose(form.address_pc, values, gender, form, where)
    else:
        address_line = _choose(form.address, values, gender, form, where)
        if privy and form.pc == "prefix":
            address_line = _rt_hon(address_line)
        elif privy and form.pc == "post-nominal":
            post_nominals = (*post_nominals, "PC")
    name = _choose(form.name, values, gender, form, where)
    return _Lines(address_line, name, values, post_nominals)


def _by_name(person: _Person, where: str) -> _Lines:
    """Everyone written by honorific, first and last name: MPs, ambassadors, knights..."""
    rule, honorific, first, last = person.rule, person.honorific, person.first, person.last
    table = rules()
    _missing(rule, person.values, where)
    if honorific in table.first_name_honorifics and not first:
        raise DraftError.single(
            where,
            f"{rule.label} with the honorific '{honorific}' needs first_name "
            f"(the salutation is 'Dear {honorific}' and the first name)",
            _HINT,
        )
    # No honorific given but a gender: the modern neutral choice for it, in the
    # salutation and the full name alike ("His Excellency Mr Li Wen", "Dear Mr Wen").
    neutral = {"female": "Ms", "male": "Mr"}.get(person.gender, "") if not honorific else ""
    plain = honorific in table.plain_honorifics
    values = person.values | {
        "full_name": _join(honorific or neutral, first, last),
        "name": _join("" if plain else honorific, first, last),
        "called": _called(honorific or neutral, first, last),
    }
    address_line = _choose(rule.address, values, person.gender, rule, where)
    if person.privy:
        address_line = _rt_hon(address_line)
    return _Lines(
        address_line,
        _choose(rule.name, values, person.gender, rule, where),
        values,
        person.post_nominals,
        takes_mp=rule.mp,
        surname_only=not (honorific or neutral or first),
    )


def _called(honorific: str, first: str, last: str) -> str:
    """How a salutation by name calls the person: 'Sir John', 'Ms Smith', 'Jane Smith'."""
    if honorific in rules().first_name_honorifics:
        return _join(honorific, first)
    if honorific:
        return _join(honorific, last)
    return _join(first, last)


def _as_member(person: _Person, where: str) -> _Lines:
    """A member of either House in an office (minister, Prime Minister...): a peer when
    the peerage is given, an MP otherwise."""
    return (_as_peer if person.values["peerage"] else _by_name)(person, where)


def _as_office(person: _Person, where: str) -> _Lines:
    """No one by name (an unknown correspondent): named by office or organisation."""
    return _Lines("", person.office or person.organisation, person.values, ())


# How each style of kind (address.yaml's `style:`) is written.
_BY_STYLE: dict[str, Callable[[_Person, str], _Lines]] = {
    "peer": _as_peer,
    "member": _as_member,
    "commoner": _by_name,
    "none": _as_office,
}


def _with_post_nominals(lines: _Lines) -> tuple[str, str]:
    """The address line with its post-nominals, and the name; "MP" last on both for a
    kind that takes it."""
    post_nominals: Sequence[str] = lines.post_nominals
    name = lines.name
    if lines.takes_mp:
        post_nominals = [t for t in post_nominals if t != "MP"] + ["MP"]
        name = _join(name, "MP")
    address_line = _join(lines.address_line, *post_nominals) if lines.address_line else ""
    return address_line, name


def _salutation(person: _Person, lines: _Lines, recipient: Recipient, where: str) -> str:
    """The recipient's own salutation, else an office's short form ("Dear Foreign
    Secretary"), else the kind's."""
    if recipient.salutation.strip():
        return clean(recipient.salutation)
    rule = person.rule
    folded = person.office.casefold()
    short = [s for when, s in rule.short_forms if when in folded]
    if short:
        return short[0]
    if lines.surname_only and "{called}" in str(rule.salutation):
        # "Dear Smith" is no way to begin a letter.
        raise DraftError.single(
            where,
            f"{rule.label} needs an honorific (Ms, Mr, Dr...), a gender or a first name "
            "for the salutation, not the surname alone",
            _HINT,
        )
    return _choose(rule.salutation, lines.values, person.gender, rule, where)


def _block(address_line: str, person: _Person, recipient: Recipient) -> tuple[str, ...]:
    """The address block: the address line, the office and the organisation unless the
    line already says them, then the postal address."""
    block = [address_line] if address_line else []
    for line in (person.office, person.organisation):
        if line and not any(line.casefold() in shown.casefold() for shown in block):
            block.append(line)
    block.extend(line for line in map(clean, recipient.address) if line)
    return tuple(block)


@dataclass(frozen=True, slots=True)
class Greeting:
    """How a letter addresses its recipient, exactly as it will print."""

    form: FormOfAddress
    salutation: str
    valediction: str

    @property
    def block(self) -> tuple[str, ...]:
        return self.form.block


def greeting(recipient: Recipient, salutation: str = "", valediction: str = "") -> Greeting:
    """The recipient's form of address with a template's `salutation:`/`valediction:`.

    The recipient's own salutation or valediction wins; then the template's; else the
    computed one. A template's "Dear Sir or Madam" brings "Yours faithfully" unless a
    valediction is given. DraftError (at "recipient") when the recipient cannot be
    addressed.
    """
    form = form_of_address(recipient)
    said, signed = form.salutation, form.valediction
    if salutation and not recipient.salutation.strip():
        said = salutation
    if not recipient.valediction.strip():
        signed = valediction or valediction_for(said)
    return Greeting(form, said, signed)
