"""The `Draft`: what the TUI edits, the CLI builds and `render` turns into a document.

A draft is plain data (template, topic, chosen facts in order, recipient, sender,
fields, date, references) with one YAML form, documented in docs/drafts.md, used by
draft files, `drafter draft`, `drafter open` and the TUI's autosave alike.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from drafter.drafting.citations import read_citation_style
from drafter.drafting.origin import Origin
from drafter.errors import DraftError
from drafter.fileio import atomic_write_text
from drafter.people.address import RECIPIENT_KEYS, Recipient
from drafter.people.reader import PeopleReader
from drafter.people.sender import SENDER_KEYS, Sender
from drafter.yamlio import compose, read_text

DRAFT_SCHEMA = 1


@dataclass(slots=True)
class Draft:
    """One letter or briefing being written; mutable so that the TUI can edit it."""

    template: str = ""
    topic: str = ""
    facts: list[str] = field(default_factory=list)  # fact ids, in the order they are used
    recipient: Recipient | None = None
    contact: str = ""  # an address book id; `recipient` wins when both are given
    sender: Sender | None = None  # None: the user's profile
    fields: dict[str, str] = field(default_factory=dict)
    date: dt.date | None = None  # None: today, when rendered
    our_ref: str = ""
    your_ref: str = ""
    # This letter's own salutation and valediction ("Dear David"), over the recipient's.
    salutation: str = ""
    valediction: str = ""
    body: str = ""  # the researcher's own Markdown with [@fact-id] citations (body.py)
    citation_style: str = ""  # "oscola" or "oscola-no-ibid"; "": the template's, else oscola
    # Where each part was given (file lines, flags, app steps); not part of the draft's value.
    origin: Origin = field(default_factory=Origin, compare=False, repr=False)

    def copy(self) -> Draft:
        return replace(self, facts=list(self.facts), fields=dict(self.fields))


_DRAFT_KEYS = (
    "schema", "template", "topic", "facts", "recipient", "to", "sender",
    "fields", "date", "our_ref", "your_ref", "salutation", "valediction", "body",
    "citation_style",
)  # fmt: skip


@dataclass(slots=True)
class DraftLines:
    """Where a draft file's body and facts are, for findings that name a line (drafting.check)."""

    body: int = 0  # the file line of the body's first line of text; 0: no body
    body_exact: bool = False  # a `|` block: body line n is file line body + n
    facts: dict[str, int] = field(default_factory=dict)  # fact id -> its line in facts:


class DraftReader(PeopleReader):
    """Reads a draft, its people as the address book and profile are read."""

    holder = "a draft"

    def __init__(self, display: str) -> None:
        super().__init__(display)
        self.lines = DraftLines()

    def read_draft(self, root: yaml.Node | None) -> Draft:
        draft = Draft()
        if root is None:
            self.out.add(
                None, "is empty", "a draft names its template at least; see docs/drafts.md"
            )
            return draft
        known, _ = self.fields(root, "the draft", _DRAFT_KEYS, ("template",))
        lines = {key: node.start_mark.line + 1 for key, node in known.items()}
        if "to" in lines:
            lines.setdefault("recipient", lines["to"])
        if "schema" in known and getattr(known["schema"], "value", "") != str(DRAFT_SCHEMA):
            self.out.add(
                known["schema"], "unsupported draft schema", f"use 'schema: {DRAFT_SCHEMA}'"
            )
        # Each part in the order of the file's keys in docs/drafts.md, so that problems
        # are listed in that order.
        self._read_subject(known, draft, lines)
        self._read_people(known, draft)
        self._read_words(known, draft, lines)
        draft.origin = Origin(self.out.file, lines)
        return draft

    def _read_subject(
        self, known: dict[str, yaml.Node], draft: Draft, lines: dict[str, int]
    ) -> None:
        """The template, topic and facts."""
        if "template" in known:
            # Empty while a draft is in progress (the TUI autosaves before one is chosen).
            draft.template = self.text(known["template"], "template", required=False) or ""
        if "topic" in known:
            draft.topic = self.slug(known["topic"], "topic") or ""
        if "facts" in known:
            for fact_id, node in self.slug_list(known["facts"], "facts"):
                draft.facts.append(fact_id)
                self.lines.facts.setdefault(fact_id, node.start_mark.line + 1)
                lines.setdefault(f"facts.{fact_id}", node.start_mark.line + 1)

    def _read_people(self, known: dict[str, yaml.Node], draft: Draft) -> None:
        """The recipient (an address book id, or written out) and the sender."""
        if "to" in known:
            draft.contact = self.slug(known["to"], "to (an address book id)") or ""
        if "recipient" in known:
            draft.recipient = self.recipient(
                known["recipient"], "the recipient", kind_required=False
            )
        if "sender" in known:
            draft.sender = self.sender(known["sender"], "the sender")

    def _read_words(self, known: dict[str, yaml.Node], draft: Draft, lines: dict[str, int]) -> None:
        """The template's fields, the date, references, salutation, body, citation style."""
        if "fields" in known:
            for key, value in self.mapping(known["fields"], "fields"):
                draft.fields[key.value] = self.multiline(value, f"field '{key.value}'")
                lines[f"fields.{key.value}"] = key.start_mark.line + 1
        if "date" in known:
            draft.date = self.day(known["date"], "date")
        for name in ("our_ref", "your_ref", "salutation", "valediction"):
            if name in known:
                setattr(draft, name, self.text(known[name], name, required=False) or "")
        if "body" in known:
            self._read_body(known["body"], draft)
        if "citation_style" in known:
            draft.citation_style = read_citation_style(self, known["citation_style"])

    def _read_body(self, node: yaml.Node, draft: Draft) -> None:
        draft.body = self.multiline(node, "the body")
        literal = isinstance(node, yaml.ScalarNode) and node.style == "|"
        # A `|` block's text starts on the line after the key; leading blank lines
        # of the block are dropped by multiline(), so count them back in.
        skipped = len(node.value) - len(node.value.lstrip("\n")) if literal else 0
        first = node.start_mark.line + (2 if literal else 1) + skipped
        self.lines = replace(self.lines, body=first, body_exact=literal)


def parse_draft_lines(text: str, display: str = "<draft>") -> tuple[Draft, DraftLines]:
    """A Draft from its YAML form, and where its parts are; DraftError lists every problem."""
    reader = DraftReader(display)
    draft = reader.read_draft(compose(text, display, error=DraftError))
    if reader.out.problems:
        raise DraftError(reader.out.problems)
    return draft, reader.lines


def parse_draft(text: str, display: str = "<draft>") -> Draft:
    """A Draft from its YAML form; DraftError lists every problem with its line."""
    return parse_draft_lines(text, display)[0]


def load_draft_lines(path: Path) -> tuple[Draft, DraftLines]:
    text = read_text(path, str(path), error=DraftError, what="draft file")
    return parse_draft_lines(text, str(path))


def load_draft(path: Path) -> Draft:
    return load_draft_lines(path)[0]


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    """Only the keys that say something, so draft files stay short and readable."""
    out: dict[str, Any] = {}
    for key, value in values.items():
        if value in ("", (), [], {}, None, False):
            continue
        out[key] = list(value) if isinstance(value, tuple) else value
    return out


def draft_to_data(draft: Draft) -> dict[str, Any]:
    data: dict[str, Any] = {"schema": DRAFT_SCHEMA, "template": draft.template}
    if draft.topic:
        data["topic"] = draft.topic
    if draft.facts:
        data["facts"] = list(draft.facts)
    if draft.contact:
        data["to"] = draft.contact
    if draft.recipient is not None:
        data["recipient"] = _clean({f: getattr(draft.recipient, f) for f in RECIPIENT_KEYS})
    if draft.sender is not None:
        data["sender"] = _clean({f: getattr(draft.sender, f) for f in SENDER_KEYS})
    if draft.fields:
        data["fields"] = dict(draft.fields)
    if draft.date is not None:
        data["date"] = draft.date.isoformat()
    if draft.our_ref:
        data["our_ref"] = draft.our_ref
    if draft.your_ref:
        data["your_ref"] = draft.your_ref
    if draft.salutation:
        data["salutation"] = draft.salutation
    if draft.valediction:
        data["valediction"] = draft.valediction
    if draft.body.strip():
        data["body"] = draft.body.strip("\n") + "\n"  # always a `|` block
    if draft.citation_style:
        data["citation_style"] = draft.citation_style
    return data


class _BlockDumper(yaml.SafeDumper):
    """Multi-line field values as `|` blocks, so a draft in git diffs line by line."""


def _str_presenter(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_BlockDumper.add_representer(str, _str_presenter)


def dump_draft(draft: Draft) -> str:
    return yaml.dump(
        draft_to_data(draft),
        Dumper=_BlockDumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=88,
    )


def save_draft(draft: Draft, path: Path, *, force: bool = False) -> Path:
    """Write the draft atomically (a crash leaves the earlier file intact)."""
    return atomic_write_text(path, dump_draft(draft), force=force)


def body_block(body: str) -> str:
    """`body: |` and the text indented under it, as dump_draft writes it."""
    lines = body.strip("\n").split("\n")
    return "body: |\n" + "".join(f"  {line}\n" if line.strip() else "\n" for line in lines)


def write_body(path: Path, body: str, *, force: bool = False) -> Path:
    """Put `body` into the draft file at `path`, keeping every other line as written.

    A file without a body gets it at the end; one that has a body keeps it unless
    `force`, and then only the body's own lines are replaced. Atomic, like every write.
    """
    text = read_text(path, str(path), error=DraftError, what="draft file")
    parse_draft(text, str(path))  # a broken draft is reported, not written into
    root = compose(text, str(path), error=DraftError)
    node = None
    if isinstance(root, yaml.MappingNode):
        node = next(((k, v) for k, v in root.value if getattr(k, "value", "") == "body"), None)
    if node is None:
        sep = "" if not text or text.endswith("\n") else "\n"
        return atomic_write_text(path, text + sep + body_block(body), force=True)
    key, value = node
    if getattr(value, "value", "").strip() and not force:
        raise DraftError.single(
            str(path),
            "already has a body; it is kept",
            "give --force to replace it with the starter",
            key.start_mark.line + 1,
        )
    end = value.end_mark.index
    tail = text[end:]
    if not tail.startswith("\n") and value.style != "|":
        tail = "\n" + tail.lstrip(" ")
    spliced = text[: key.start_mark.index] + body_block(body) + tail.lstrip("\n")
    return atomic_write_text(path, spliced, force=True)
