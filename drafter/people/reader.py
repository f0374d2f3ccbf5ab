"""Reading people from YAML: the one reader behind drafts, the address book and the profile.

A recipient or a sender is read the same way wherever it is written (a draft's
`recipient:`/`sender:`, an address book entry, profile.yaml): the same keys, the same
checks of each value, and one check of the recipient's kind, each problem at its line.
"""

from __future__ import annotations

import difflib
from typing import Any

import yaml

from drafter.people.address import RECIPIENT_KEYS, Recipient, known_kinds, normalise_kind
from drafter.people.sender import SENDER_KEYS, Sender
from drafter.yamlio import NodeReader


def value_node(node: yaml.Node, key: str) -> yaml.Node | None:
    """The value node of `key` in a mapping node, or None."""
    if isinstance(node, yaml.MappingNode):
        for key_node, value in node.value:
            if getattr(key_node, "value", None) == key:
                return value  # type: ignore[no-any-return]
    return None


class PeopleReader(NodeReader):
    """Reads recipients and senders, reporting each problem at its line."""

    holder = "a draft, an address book or a profile"

    def person(self, node: yaml.Node, what: str, keys: tuple[str, ...]) -> dict[str, Any]:
        known, _ = self.fields(node, what, keys, ())
        values: dict[str, Any] = {}
        for name, value in known.items():
            if name == "address":
                values[name] = tuple(self.text_list(value, f"the address of {what}"))
            elif name == "privy_counsellor":
                values[name] = self.flag(value, f"privy_counsellor of {what}")
            else:
                text = self.text(value, f"the {name} of {what}", required=False)
                values[name] = text or ""
        return values

    def kind(
        self,
        node: yaml.Node,
        given: str,
        what: str,
        *,
        required: bool,
        at: yaml.Node | None = None,
    ) -> str | None:
        """The recipient's kind, normalised; None (with a problem) when it cannot be one.

        An in-progress draft may leave the kind out (`required=False`: rendering asks for
        it), but never has a kind that cannot be; an address book entry needs one (a
        missing one is reported `at` its id).
        """
        kinds = list(known_kinds())
        kind = normalise_kind(given)
        kind_node = value_node(node, "kind")
        if not kind:
            if required and isinstance(node, yaml.MappingNode):
                self.out.add(
                    kind_node or at or node,
                    f"{what} has no 'kind'",
                    "add 'kind:' with one of: " + ", ".join(kinds),
                )
                return None
            return ""
        if kind not in kinds:
            close = difflib.get_close_matches(kind, kinds, n=1, cutoff=0.6)
            self.out.add(
                kind_node or node,
                f"unknown kind '{given}' in {what}",
                (f"did you mean '{close[0]}'? " if close else "")
                + "known kinds: "
                + ", ".join(kinds),
            )
            return None
        return kind

    def recipient(
        self, node: yaml.Node, what: str, *, kind_required: bool, at: yaml.Node | None = None
    ) -> Recipient | None:
        """A recipient as written (not yet checked for addressability); None if unreadable."""
        before = len(self.out.problems)
        values = self.person(node, what, RECIPIENT_KEYS)
        kind = self.kind(node, values.get("kind", ""), what, required=kind_required, at=at)
        if len(self.out.problems) > before or kind is None:
            return None
        if kind:
            values["kind"] = kind
        return Recipient(**values)

    def sender(self, node: yaml.Node, what: str) -> Sender:
        return Sender(**self.person(node, what, SENDER_KEYS))
