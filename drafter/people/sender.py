"""The `Sender`: who signs a letter (profile.yaml, a draft file or the app's profile form),
and the sender's block at the top right of a letter: who it is from and how to reply.

The block is the organisation, the address lines, then the telephone number and email
address, each labelled as GOV.UK style has it ("Telephone: 020 7946 0123",
"Email: office@example.org"). A line is printed once: a profile filled in as the app
suggests (organisation "House of Lords", address "House of Lords, London SW1A 0PW")
does not say "House of Lords" twice.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields

PHONE_LABEL = "Telephone: "
EMAIL_LABEL = "Email: "


@dataclass(frozen=True, slots=True)
class Sender:
    """Who signs the letter: from profile.yaml, a draft file or flags."""

    name: str = ""
    title: str = ""  # "Member of the House of Lords", "Office of Jane Smith MP"
    organisation: str = ""  # "House of Lords"
    address: tuple[str, ...] = ()
    email: str = ""
    phone: str = ""
    signature: str = ""  # a PNG of the handwritten signature, placed above the printed name
    # Who prepares briefing notes, when not the signer: "Ann Bell, Researcher".
    preparer: str = ""


SENDER_KEYS: tuple[str, ...] = tuple(f.name for f in fields(Sender))


def _key(line: str) -> str:
    """What a line says, ignoring case, spacing and trailing punctuation."""
    return " ".join(line.casefold().replace(",", " ").split()).rstrip(".")


def sender_block(
    organisation: str, address: Iterable[str], *, phone: str = "", email: str = ""
) -> tuple[str, ...]:
    """The lines of the sender's block, each printed once, contact lines labelled."""
    lines: list[str] = []
    seen: set[str] = set()
    for line in (organisation, *address):
        line = " ".join(line.split())
        key = _key(line)
        if not key or key in seen:
            continue
        seen.add(key)
        lines.append(line)
    phone, email = " ".join(phone.split()), "".join(email.split())
    if phone and not any(_key(phone) in _key(line) for line in lines):
        lines.append(PHONE_LABEL + phone)
    if email and not any(email.casefold() in line.casefold() for line in lines):
        lines.append(EMAIL_LABEL + email)
    return tuple(lines)
