"""The address book (contacts.yaml) and the sender profile (profile.yaml).

Both live in the user's config folder (drafter.paths) and are written by hand or by the
TUI. The address book maps short ids to recipients, so a draft can say `to: fcdo-minister`
instead of repeating a name and an address; the profile says who signs the letters.
Formats: docs/addressing.md.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

import yaml

from drafter import paths
from drafter.errors import DraftError, ExportError
from drafter.fileio import atomic_write_text
from drafter.people.address import RECIPIENT_KEYS, Recipient, form_of_address
from drafter.people.reader import PeopleReader, value_node
from drafter.people.sender import SENDER_KEYS, Sender
from drafter.yamlio import SLUG, compose, read_text


class _BookReader(PeopleReader):
    """The address book and the profile, read as drafts read their people."""

    holder = "an address book or a profile"

    def contact(self, id_node: yaml.ScalarNode, node: yaml.Node) -> Recipient | None:
        what = f"contact '{id_node.value}'"
        recipient = self.recipient(node, what, kind_required=True, at=id_node)
        if recipient is None:
            return None
        try:
            form_of_address(recipient, where=what)
        except DraftError as exc:
            # The entry reads as YAML but cannot be addressed: say so at its id.
            for problem in exc.problems:
                self.out.add(id_node, f"{what}: {problem.message}", problem.hint)
            return None
        return recipient

    def contacts(self, root: yaml.Node | None) -> dict[str, Recipient]:
        book: dict[str, Recipient] = {}
        if root is None:
            return book  # an empty file is an empty address book
        known, _ = self.fields(root, "the address book", ("contacts",), ("contacts",))
        node = known.get("contacts")
        if node is None or (isinstance(node, yaml.ScalarNode) and node.tag.endswith(":null")):
            return book
        for id_node, entry in self.mapping(node, "contacts"):
            if not SLUG.match(id_node.value):
                self.out.add(
                    id_node,
                    f"contact id '{id_node.value}' is not a valid id",
                    "use lowercase letters, digits and hyphens, starting with a letter",
                )
                continue
            recipient = self.contact(id_node, entry)
            if recipient is not None:
                book[id_node.value] = recipient
        return book

    def profile(self, root: yaml.Node | None, base: Path | None = None) -> Sender:
        if root is None:
            self.out.add(
                None, "is empty", "a profile gives at least 'name:'; see docs/addressing.md"
            )
            return Sender()
        sender = self.sender(root, "the profile")
        if isinstance(root, yaml.MappingNode) and not sender.name:
            self.out.add(
                root, "the profile has no 'name'", "add 'name:' with the name that signs letters"
            )
        if sender.signature:
            sender = replace(sender, signature=self._signature(root, sender.signature, base))
        return sender

    def _signature(self, root: yaml.Node, given: str, base: Path | None) -> str:
        """The signature image's path (relative to the profile's folder), checked as a PNG."""
        from drafter.images import ImageError, read_png

        path = Path(given).expanduser()
        if not path.is_absolute() and base is not None:
            path = base / path
        try:
            read_png(path)
        except ImageError as exc:
            self.out.add(
                value_node(root, "signature") or root,
                f"signature '{given}': {exc}",
                "give the path of a PNG image of your signature (relative to this file), "
                "or remove 'signature:'",
            )
            return given
        return str(path)


def parse_contacts(text: str, display: str = "<contacts>") -> dict[str, Recipient]:
    """An address book from its YAML text; DraftError lists every problem with its line."""
    reader = _BookReader(display)
    book = reader.contacts(compose(text, display, error=DraftError))
    if reader.out.problems:
        raise DraftError(reader.out.problems)
    return book


def load_contacts(path: Path | None = None) -> dict[str, Recipient]:
    """The address book at `path`, or the user's own (paths.contacts_file()).

    The user's own file may be missing (an empty address book); a file named
    explicitly must exist.
    """
    if path is None:
        path = paths.contacts_file()
        if not path.exists():
            return {}
    text = read_text(path, str(path), error=DraftError, what="address book")
    return parse_contacts(text, str(path))


def parse_profile(text: str, display: str = "<profile>", base: Path | None = None) -> Sender:
    """A profile from its YAML text; `base` is the folder a relative signature path is in."""
    reader = _BookReader(display)
    sender = reader.profile(compose(text, display, error=DraftError), base)
    if reader.out.problems:
        raise DraftError(reader.out.problems)
    return sender


def load_profile(path: Path | None = None) -> Sender | None:
    """The sender profile at `path`, or the user's own (paths.profile_file()).

    None when the user has no profile yet (the TUI then asks for one); a file named
    explicitly must exist.
    """
    if path is None:
        path = paths.profile_file()
        if not path.exists():
            return None
    text = read_text(path, str(path), error=DraftError, what="profile")
    return parse_profile(text, str(path), path.parent)


def dump_profile(sender: Sender) -> str:
    data: dict[str, Any] = {}
    for name in SENDER_KEYS:
        value = getattr(sender, name)
        if value:
            data[name] = list(value) if isinstance(value, tuple) else value
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, default_flow_style=False)
    return "# Who signs your letters; see docs/addressing.md.\n" + text


def _make_folder(path: Path) -> None:
    """The folder of a configuration file drafter is about to write, created if need be."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError.single(
            str(path.parent),
            f"cannot create the folder: {exc.strerror or exc}",
            "check its permissions, or set DRAFTER_CONFIG_DIR to a folder you can write to",
        ) from None


def save_profile(sender: Sender, path: Path | None = None) -> Path:
    """Write the profile atomically (replacing any earlier one), creating its folder."""
    path = paths.profile_file() if path is None else path
    _make_folder(path)
    return atomic_write_text(path, dump_profile(sender), force=True)


def dump_contacts(book: Mapping[str, Recipient]) -> str:
    """The address book as YAML, each entry with only the keys that say something."""
    data: dict[str, Any] = {}
    for contact_id, recipient in book.items():
        entry: dict[str, Any] = {}
        for name in RECIPIENT_KEYS:
            value = getattr(recipient, name)
            if value in ("", (), False):
                continue
            entry[name] = list(value) if isinstance(value, tuple) else value
        data[contact_id] = entry
    text = yaml.safe_dump(
        {"contacts": data}, sort_keys=False, allow_unicode=True, default_flow_style=False
    )
    return "# Your address book; see docs/addressing.md.\n" + text


def save_contacts(book: Mapping[str, Recipient], path: Path | None = None) -> Path:
    """Write the address book atomically, creating its folder.

    The file as it was is kept beside it as `contacts.yaml.previous` first (replacing
    an earlier one drafter kept), since a hand-written address book may hold comments
    that a rewrite cannot keep.
    """
    path = paths.contacts_file() if path is None else path
    _make_folder(path)
    text = dump_contacts(book)
    parse_contacts(text, str(path))  # what is written reads back, or nothing is written
    if path.exists():
        previous = path.with_name(path.name + ".previous")
        try:
            atomic_write_text(previous, path.read_text(encoding="utf-8"), force=True)
        except (OSError, UnicodeDecodeError) as exc:
            raise ExportError.single(
                str(path),
                f"cannot keep a copy of the address book before changing it: {exc}",
                "check the folder's permissions",
            ) from None
    return atomic_write_text(path, text, force=True)


def suggest_contact_id(recipient: Recipient, book: Mapping[str, Recipient]) -> str:
    """An id for a new entry, from the name ("harriet-vale", "lord-alton-of-liverpool"),
    numbered when it is taken ("harriet-vale-2")."""
    words = [recipient.first_name, recipient.last_name] if recipient.last_name else []
    if not words and recipient.peerage:
        words = [recipient.peerage]
    if not any(words):
        words = [recipient.office or recipient.organisation or recipient.kind or "contact"]
    slug = re.sub(r"[^a-z0-9]+", "-", " ".join(words).casefold()).strip("-")
    slug = slug if slug[:1].isalpha() else "contact-" + slug
    slug = slug[:60].rstrip("-") or "contact"
    candidate, number = slug, 2
    while candidate in book:
        candidate, number = f"{slug}-{number}", number + 1
    return candidate
