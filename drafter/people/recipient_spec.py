"""The `--recipient` flag's text: a recipient written on one line.

`KIND:NAME[, OFFICE]` names a person compactly (a peer's NAME is the peerage), and
`;key=value` pairs set any Recipient field (syntax in docs/addressing.md). The kinds,
honorifics and post-nominals it knows are address.yaml's, through drafter.people.address.
"""

from __future__ import annotations

import difflib
from typing import Any

from drafter.errors import DraftError
from drafter.people.address import (
    RECIPIENT_KEYS,
    Recipient,
    clean,
    form_of_address,
    normalise_kind,
    rank_word,
    rule_for,
    rules,
)

SPEC_SYNTAX = (
    "KIND:NAME[, OFFICE][;key=value...] or key=value;key=value..., "
    "e.g. 'mp:Ms Jane Smith', 'baron:Alton of Liverpool', "
    "'minister:Ms Catherine West, Minister of State for the Indo-Pacific'"
)
_SPEC = "--recipient"


def _spec_error(message: str, hint: str = "") -> DraftError:
    return DraftError.single(_SPEC, message, hint or f"write {SPEC_SYNTAX}; see docs/addressing.md")


def _is_pair(segment: str) -> bool:
    return "=" in segment and (":" not in segment or segment.index("=") < segment.index(":"))


def _person_name(name: str) -> dict[str, Any]:
    """'The Rt Hon Sir John Smith KBE' -> honorific, first_name, last_name, post_nominals."""
    table = rules()
    words = name.split()
    values: dict[str, Any] = {}
    for prefix in (["The", "Rt", "Hon"], ["Rt", "Hon"]):
        if [w.rstrip(".") for w in words[: len(prefix)]] == prefix:
            values["privy_counsellor"] = True
            words = words[len(prefix) :]
            break
    if len(words) > 1 and words[0].lower() in table.honorific_spellings:
        values["honorific"] = table.honorific_spellings[words[0].lower()]
        words = words[1:]
    post: list[str] = []
    while len(words) > 1 and words[-1].rstrip(",") in table.post_nominals:
        post.insert(0, words.pop().rstrip(","))
    if post:
        values["post_nominals"] = " ".join(post)
    if words:
        values["last_name"] = words[-1]
        values["first_name"] = " ".join(words[:-1])
    return values


def _spec_head(head: str) -> dict[str, Any]:
    kind, _, rest = head.partition(":")
    rule = rule_for(kind, _SPEC)
    values: dict[str, Any] = {"kind": rule.kind}
    gender, sep, after = rest.partition(":")
    if sep and normalise_kind(gender) in rules().genders:
        values["gender"] = normalise_kind(gender)
        rest = after
    name, _, office = (clean(part) for part in rest.partition(","))
    if office:
        values["office"] = office
    if not name:
        return values
    if rule.style == "none":
        values["organisation"] = name
    elif rule.style == "peer" or (
        rule.style == "member" and rank_word(name.removeprefix("The ")) is not None
    ):
        values["peerage"] = name
    else:
        values |= _person_name(name)
    return values


def _spec_pair(segment: str) -> tuple[str, Any]:
    key, sep, value = segment.partition("=")
    key = key.strip().lower().replace("-", "_")
    value = value.strip()
    if not sep:
        raise _spec_error(f"'{segment}' is not key=value")
    if key not in RECIPIENT_KEYS:
        close = difflib.get_close_matches(key, RECIPIENT_KEYS, n=1, cutoff=0.6)
        raise _spec_error(
            f"unknown key '{key}'",
            (f"did you mean '{close[0]}'? " if close else "")
            + "keys: "
            + ", ".join(RECIPIENT_KEYS),
        )
    if key == "address":
        return key, tuple(line.strip() for line in value.split("|") if line.strip())
    if key == "privy_counsellor":
        if value.lower() not in ("true", "yes", "false", "no"):
            raise _spec_error(f"privy_counsellor must be yes or no, not '{value}'")
        return key, value.lower() in ("true", "yes")
    if key == "kind":
        return key, rule_for(value, _SPEC).kind
    return key, value


def parse_recipient_spec(text: str) -> Recipient:
    """A Recipient from the CLI's `--recipient` text (syntax in docs/addressing.md).

    `KIND:NAME[, OFFICE]` names a person compactly (a peer's NAME is the peerage);
    `;key=value` pairs, alone or after that, set any Recipient field. The result is
    checked, so a missing name part is reported here rather than when rendering.
    """
    segments = [s.strip() for s in text.split(";")]
    if not segments[0]:
        raise _spec_error("is empty")
    values: dict[str, Any] = {}
    if not _is_pair(segments[0]):
        values = _spec_head(segments[0])
        segments = segments[1:]
    for segment in segments:
        if segment:
            key, value = _spec_pair(segment)
            values[key] = value
    if "kind" not in values:
        raise _spec_error("names no kind", "start with KIND: or give kind=...")
    recipient = Recipient(**values)
    form_of_address(recipient, where=_SPEC)
    return recipient
