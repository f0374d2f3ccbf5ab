"""Changing a fact base file in place: its comments, order and layout kept.

drafter edits the files people write by hand (`facts add`, `sources add`, `facts review`,
`facts upgrade`), so an edit must touch only what it changes: a review is one line in
the diff, not a file re-serialised. The edits here are made on the text itself, at the
places the YAML composer reports (line and column of each node), and the result is
composed again before it is written, atomically, so a bad edit can never reach the disk.
A fact or a section written in YAML's flow style ({...}) is refused, with what to do.

Values are written in one safe form: ids, kinds and dates plain; text in double quotes
(a JSON string is a valid YAML double-quoted scalar); lists and the review in flow style.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from drafter.errors import FactBaseError
from drafter.yamlio import SLUG, compose

Value = str | bool | dt.date | Sequence[str] | Mapping[str, str | dt.date]


def scalar(value: str | bool | dt.date) -> str:
    """A YAML scalar for `value`: a slug, a date or a flag plain, anything else quoted."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    if SLUG.match(value) and value not in _YAML_WORDS:
        return value
    if _PLAIN.match(value) and value.lower() not in _YAML_WORDS:
        return value  # "para 3", "p 12": as a person would write them
    quoted = json.dumps(value, ensure_ascii=False)
    return quoted.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def render(value: Value) -> str:
    if isinstance(value, str | bool | dt.date):
        return scalar(value)
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{k}: {scalar(v)}" for k, v in value.items()) + "}"
    return "[" + ", ".join(scalar(v) for v in value) + "]"


def fact_block(fields: Mapping[str, Value], indent: int, newline: str = "\n") -> str:
    """A fact as a block sequence item, `indent` spaces before its '-'."""
    pad = " " * (indent + 2)
    lines = []
    for number, (key, value) in enumerate(fields.items()):
        lead = " " * indent + "- " if number == 0 else pad
        lines.append(f"{lead}{key}: {render(value)}")
    return newline.join(lines)


def mapping_block(key: str, fields: Mapping[str, Value], indent: int, newline: str = "\n") -> str:
    """`key:` and its fields as a block mapping entry, the key `indent` spaces in."""
    pad = " " * (indent + 2)
    lines = [" " * indent + f"{key}:"]
    lines.extend(f"{pad}{name}: {render(value)}" for name, value in fields.items())
    return newline.join(lines)


@dataclass
class Document:
    """A fact base file's text, edited in place; `save` checks it still reads as YAML."""

    path: Path
    display: str
    text: str

    @classmethod
    def read(cls, path: Path, display: str | None = None) -> Document:
        from drafter.facts.loader import MAX_FACTBASE_BYTES
        from drafter.yamlio import read_text

        display = display or str(path)
        # The same limit as loading: a file drafter loads is one drafter can edit.
        text = read_text(
            path, display, error=FactBaseError, what="fact base", max_bytes=MAX_FACTBASE_BYTES
        )
        return cls(path, display, text)

    @property
    def newline(self) -> str:
        return "\r\n" if "\r\n" in self.text else "\n"

    # -- positions ---------------------------------------------------------------------

    def _root(self) -> yaml.MappingNode:
        root = compose(self.text, self.display, error=FactBaseError)
        if not isinstance(root, yaml.MappingNode):
            raise self._error("the top level is not a mapping of schema, topics, sources, facts")
        return root

    def _error(self, message: str, hint: str = "", node: yaml.Node | None = None) -> FactBaseError:
        line = node.start_mark.line + 1 if node is not None else None
        return FactBaseError.single(self.display, message, hint, line)

    def _section(self, root: yaml.MappingNode, name: str) -> tuple[yaml.Node, yaml.Node] | None:
        for key, value in root.value:
            if isinstance(key, yaml.ScalarNode) and key.value == name:
                return key, value
        return None

    def _end(self, node: yaml.Node, start: int = 0) -> int:
        """Where the node's text ends, without the line break and indent that follow it."""
        end = node.end_mark.index
        return start + len(self.text[start:end].rstrip()) if start else _rstrip_at(self.text, end)

    def _block(self, node: yaml.Node, what: str) -> None:
        if getattr(node, "flow_style", False):
            raise self._error(
                f"{what} is written in YAML's flow style ({{...}} or [...])",
                "write it as a block, one key a line, and run the command again",
                node,
            )

    def _fact_node(self, root: yaml.MappingNode, fact_id: str) -> yaml.MappingNode:
        section = self._section(root, "facts")
        if section is not None and isinstance(section[1], yaml.SequenceNode):
            for item in section[1].value:
                if isinstance(item, yaml.MappingNode):
                    for key, value in item.value:
                        if getattr(key, "value", None) == "id" and value.value == fact_id:
                            self._block(item, f"fact '{fact_id}'")
                            return item
        raise self._error(
            f"no fact '{fact_id}' in this file", "check the id with drafter facts list"
        )

    def schema(self) -> str:
        """The file's `schema:` value as written ("" when it has none)."""
        match = re.search(r"^schema:[ \t]*['\"]?(\w+)", self.text, re.MULTILINE)
        return match.group(1) if match else ""

    def fact_ids_without(self, key: str) -> list[str]:
        root = self._root()
        section = self._section(root, "facts")
        if section is None or not isinstance(section[1], yaml.SequenceNode):
            return []
        ids = []
        for item in section[1].value:
            fact_id = _item_id(item)
            has = isinstance(item, yaml.MappingNode) and any(
                getattr(k, "value", None) == key for k, _ in item.value
            )
            if fact_id is not None and not has:
                ids.append(fact_id)
        return ids

    # -- edits ---------------------------------------------------------------------------

    def set_schema(self, version: int) -> None:
        root = self._root()
        section = self._section(root, "schema")
        if section is None:
            self.text = f"schema: {version}{self.newline}" + self.text
            return
        value = section[1]
        self.text = (
            self.text[: value.start_mark.index] + str(version) + self.text[value.end_mark.index :]
        )

    def set_fact_fields(self, fact_id: str, fields: Mapping[str, Value]) -> None:
        """Give the fact these keys: each existing one rewritten where it stands, each new
        one added after its last key, in the order given."""
        for key, value in fields.items():
            item = self._fact_node(self._root(), fact_id)
            self._set_key(item, key, value)

    def set_many(self, changes: Mapping[str, Mapping[str, Value]]) -> None:
        """`set_fact_fields` for many facts, composing the file once per key, not per fact."""
        keys = list(dict.fromkeys(k for fields in changes.values() for k in fields))
        for key in keys:
            root = self._root()
            section = self._section(root, "facts")
            if section is None or not isinstance(section[1], yaml.SequenceNode):
                raise self._error("the file has no list of facts")
            items = []
            for item in section[1].value:
                fact_id = _item_id(item)
                if fact_id is not None and fact_id in changes and key in changes[fact_id]:
                    self._block(item, f"fact '{fact_id}'")
                    items.append((item, changes[fact_id][key]))
            # Every span worked out on the text as it is, then one join: a large file is
            # copied once, not once an edit.
            edits = sorted(self._key_edit(item, key, value) for item, value in items)
            pieces, at = [], 0
            for start, end, replacement in edits:
                pieces += [self.text[at:start], replacement]
                at = end
            pieces.append(self.text[at:])
            self.text = "".join(pieces)

    def _set_key(self, item: yaml.MappingNode, key: str, value: Value) -> None:
        start, end, replacement = self._key_edit(item, key, value)
        self.text = self.text[:start] + replacement + self.text[end:]

    def _key_edit(self, item: yaml.MappingNode, key: str, value: Value) -> tuple[int, int, str]:
        """(start, end, new text): the span of the text that giving `item` the key replaces."""
        rendered = render(value)
        for key_node, value_node in item.value:
            if getattr(key_node, "value", None) == key:
                start = value_node.start_mark.index
                end = max(self._end(value_node), start)
                if self.text[start - 1 : start] == ":":  # `key:` had no space before the value
                    rendered = " " + rendered
                return start, end, rendered
        indent = item.value[0][0].start_mark.column
        end = self._end(item.value[-1][1])
        return end, end, self.newline + " " * indent + f"{key}: {rendered}"

    def append_fact(self, fields: Mapping[str, Value]) -> int:
        """Add the fact at the end of the facts list; returns the line (from 1) it starts on."""
        fast = self._append_fact_at_end(fields)
        if fast is not None:
            return fast
        root = self._root()
        section = self._section(root, "facts")
        newline = self.newline
        if section is None:
            block = fact_block(fields, 2, newline)
            prefix = (
                self.text
                if self.text.endswith(("\n", "\r\n")) or not self.text
                else (self.text + newline)
            )
            self.text = prefix + "facts:" + newline + block + newline
            return prefix.count("\n") + 2
        key, value = section
        if isinstance(value, yaml.SequenceNode) and value.value:
            self._block(value, "the list of facts")
            indent = value.value[0].start_mark.column - 2
            end = self._end(value.value[-1])
            block = fact_block(fields, max(indent, 0), newline)
            self.text = self.text[:end] + newline + block + self.text[end:]
            return self.text.count("\n", 0, end) + 2
        if (isinstance(value, yaml.SequenceNode) and not value.value) or (
            value.tag == "tag:yaml.org,2002:null"
        ):
            start = key.end_mark.index + 1  # after the colon
            end = self._end(value) if value.end_mark.index > start else start
            block = fact_block(fields, key.start_mark.column + 2, newline)
            self.text = self.text[:start] + newline + block + self.text[end:]
            return self.text.count("\n", 0, start) + 2
        raise self._error("'facts' is not a list", "start each fact with '- id: ...'", value)

    def _append_fact_at_end(self, fields: Mapping[str, Value]) -> int | None:
        """The quick path for a large file: when `facts:` is the file's last section and a
        block list, the new fact goes at the end of the text, with no YAML composed."""
        at = self.text.rfind("\nfacts:")
        at = 0 if self.text.startswith("facts:") and at < 0 else at + 1
        if at <= 0 and not self.text.startswith("facts:"):
            return None
        header = _TOP_KEY.match(self.text, at)
        if header is None or header.group(1) != "facts" or _LATER_KEY.search(self.text, at + 1):
            return None  # not a block list, or another section follows it
        item = _ITEM.search(self.text, header.end())
        if item is None:
            return None
        indent = len(item.group(1))
        newline = self.newline
        body = self.text.rstrip(" \t\r\n")
        self.text = body + newline + fact_block(fields, indent, newline) + newline
        return body.count("\n") + 2

    def append_source(self, source_id: str, fields: Mapping[str, Value]) -> int:
        """Add the source at the end of the sources; returns the line (from 1) of its id."""
        root = self._root()
        section = self._section(root, "sources")
        newline = self.newline
        if section is not None and isinstance(section[1], yaml.MappingNode) and section[1].value:
            self._block(section[1], "the sources")
            indent = section[1].value[0][0].start_mark.column
            end = self._end(section[1].value[-1][1])
            block = mapping_block(source_id, fields, indent, newline)
            self.text = self.text[:end] + newline + block + self.text[end:]
            return self.text.count("\n", 0, end) + 2
        block = "sources:" + newline + mapping_block(source_id, fields, 2, newline) + newline
        if section is not None:
            key, value = section
            if not (value.tag == "tag:yaml.org,2002:null" or isinstance(value, yaml.MappingNode)):
                raise self._error("'sources' is not a mapping", "", value)
            start, end = key.start_mark.index, self._end(value)
            end = end if end > key.end_mark.index else key.end_mark.index + 1
            self.text = self.text[:start] + block.rstrip() + self.text[end:]
            return self.text.count("\n", 0, start) + 2
        facts = self._section(root, "facts")
        at = facts[0].start_mark.index if facts is not None else len(self.text)
        prefix = self.text[:at]
        if prefix and not prefix.endswith("\n"):
            prefix += newline
        self.text = prefix + block + (newline if facts is not None else "") + self.text[at:]
        return prefix.count("\n") + 2

    def _source_entry(self, source_id: str) -> tuple[yaml.Node, yaml.Node] | None:
        section = self._section(self._root(), "sources")
        if section is None or not isinstance(section[1], yaml.MappingNode):
            return None
        for key, value in section[1].value:
            if getattr(key, "value", None) == source_id:
                return key, value
        return None

    def source_line(self, source_id: str) -> int | None:
        """The line (from 1) of the source's id in this file; None when it has none."""
        entry = self._source_entry(source_id)
        return entry[0].start_mark.line + 1 if entry is not None else None

    def replace_source(self, source_id: str, fields: Mapping[str, Value]) -> int:
        """Write the source's entry afresh (comments above it kept); the line of its id."""
        entry = self._source_entry(source_id)
        if entry is None:
            return self.append_source(source_id, fields)
        key, value = entry
        self._block(value, f"source '{source_id}'")
        start = key.start_mark.index - key.start_mark.column
        end = max(self._end(value), key.end_mark.index)
        block = mapping_block(source_id, fields, key.start_mark.column, self.newline)
        self.text = self.text[:start] + block + self.text[end:]
        return key.start_mark.line + 1

    def save(self, *, check: bool = True) -> None:
        """Write the text back atomically, once it is known to compose as YAML."""
        from drafter.fileio import atomic_write_text

        if check:
            compose(self.text, self.display, error=FactBaseError)
        atomic_write_text(self.path, self.text, force=True)


_YAML_WORDS = frozenset("y n yes no on off true false null".split())
_PLAIN = re.compile(r"^[A-Za-z][A-Za-z0-9]*(?: [A-Za-z0-9]+)*$")
_TOP_KEY = re.compile(r"^([A-Za-z_][\w-]*):[ \t]*(?:#.*)?$", re.MULTILINE)
_LATER_KEY = re.compile(r"\n[^\s#-]")  # a line that starts a top-level key
_ITEM = re.compile(r"^( *)- ", re.MULTILINE)


def _rstrip_at(text: str, end: int) -> int:
    while end > 0 and text[end - 1] in " \t\r\n":
        end -= 1
    return end


def _item_id(item: yaml.Node) -> str | None:
    if isinstance(item, yaml.MappingNode):
        for key, value in item.value:
            if getattr(key, "value", None) == "id" and isinstance(value, yaml.ScalarNode):
                return str(value.value)
    return None
