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
from collections.abc import Mapping
from dataclasses import dataclass, fields
from importlib import resources
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


KINDS: tuple[str, ...] = tuple(known_kinds())


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
    """
    table = rules()
    rule = rule_for(recipient.kind, where)
    gender = clean(recipient.gender).lower()
    if gender and gender not in table.genders:
        raise DraftError.single(
            where,
            f"gender '{recipient.gender}' is not one of " + ", ".join(table.genders),
            "leave it empty where the form of address does not depend on it",
        )
    honorific = rule.honorific or _honorific(recipient.honorific)
    gender = gender or table.honorific_genders.get(honorific, "")
    first, last = clean(recipient.first_name), clean(recipient.last_name)
    office = clean(recipient.office) or rule.office

    # Post-nominals: commas dropped (modern style); "PC" and "MP" come from the rules.
    tokens = clean(recipient.post_nominals.replace(",", " ")).split()
    privy = recipient.privy_counsellor or rule.privy_counsellor or "PC" in tokens
    tokens = [t for t in tokens if t != "PC"]

    peerage = clean(recipient.peerage)
    values = {
        "first_name": first,
        "last_name": last,
        "peerage": peerage,
        "office": office,
        "honorific": honorific,
    }
    surname_only = False  # a person known only by surname, for the check below
    if rule.style == "peer" or (rule.style == "member" and peerage):
        peer = _peer(rule, peerage, gender, where)
        values |= {"title": peer.title, "short_title": peer.short_title}
        form = peer.rule
        if privy and form.address_pc is not None:
            address_line = _choose(form.address_pc, values, gender, form, where)
        else:
            address_line = _choose(form.address, values, gender, form, where)
            if privy and form.pc == "prefix":
                address_line = _rt_hon(address_line)
            elif privy and form.pc == "post-nominal":
                tokens.append("PC")
        name = _choose(form.name, values, gender, form, where)
        takes_mp = False
    elif rule.style == "none":
        address_line = ""
        name = office or clean(recipient.organisation)
        takes_mp = False
    else:
        _missing(rule, values, where)
        if honorific in table.first_name_honorifics and not first:
            raise DraftError.single(
                where,
                f"{rule.label} with the honorific '{honorific}' needs first_name "
                f"(the salutation is 'Dear {honorific}' and the first name)",
                _HINT,
            )
        plain = honorific in table.plain_honorifics
        # No honorific given but a gender: the modern neutral choice for it, in the
        # salutation and the full name alike ("His Excellency Mr Li Wen", "Dear Mr Wen").
        neutral = {"female": "Ms", "male": "Mr"}.get(gender, "") if not honorific else ""
        if honorific in table.first_name_honorifics:
            called = _join(honorific, first)
        elif honorific:
            called = _join(honorific, last)
        elif neutral:
            called = _join(neutral, last)
        else:
            called = _join(first, last)
            surname_only = not first
        values |= {
            "full_name": _join(honorific or neutral, first, last),
            "name": _join("" if plain else honorific, first, last),
            "called": called,
        }
        address_line = _choose(rule.address, values, gender, rule, where)
        if privy:
            address_line = _rt_hon(address_line)
        name = _choose(rule.name, values, gender, rule, where)
        takes_mp = rule.mp

    if takes_mp:
        tokens = [t for t in tokens if t != "MP"] + ["MP"]
    if address_line:
        address_line = _join(address_line, *tokens)
    if takes_mp:
        name = _join(name, "MP")

    if recipient.salutation.strip():
        salutation = clean(recipient.salutation)
    else:
        folded = office.casefold()
        short = [s for when, s in rule.short_forms if when in folded]
        if not short and surname_only and "{called}" in str(rule.salutation):
            # "Dear Smith" is no way to begin a letter.
            raise DraftError.single(
                where,
                f"{rule.label} needs an honorific (Ms, Mr, Dr...), a gender or a first name "
                "for the salutation, not the surname alone",
                _HINT,
            )
        salutation = short[0] if short else _choose(rule.salutation, values, gender, rule, where)
    valediction = clean(recipient.valediction) or valediction_for(salutation)

    block = [address_line] if address_line else []
    for line in (office, clean(recipient.organisation)):
        if line and not any(line.casefold() in shown.casefold() for shown in block):
            block.append(line)
    block.extend(line for line in map(clean, recipient.address) if line)
    return FormOfAddress(
        name=name,
        address_line=address_line,
        salutation=salutation,
        valediction=valediction,
        block=tuple(block),
    )


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
