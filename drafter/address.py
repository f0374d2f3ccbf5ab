"""Forms of address: from a recipient's kind and name parts to how a letter names them.

(Being written: the Recipient shape below is the public one.)
"""

from __future__ import annotations

from dataclasses import dataclass


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
