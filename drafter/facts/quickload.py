"""A quick reader for fact base files in the layout drafter itself writes.

Composing a large file into YAML nodes, each with its place in the file, is most of the
time a cold load takes: some 8 s for 100,000 facts. Yet nearly every fact in a large base
is written the one regular way `facts add` writes it (and as `bench/data.py` generates
it): a block list under a last top-level `facts:` key, one `key: value` line a key, each
value a plain or quoted scalar on its line, a flow list of ids (`[a, b]`) or a review
(`{on: DATE, by: NAME}`). This module reads that case line by line and checks each fact
by the same rules as `drafter.facts.loader`, building the same `Fact`.

It is sure or it gives up. The part above `facts:` (schema, topics, sources) is composed
and read by the loader's own reader; a fact it cannot read with certainty (a multi-line
value, a nested block, an anchor, a tag, a comment after a value, a value a rule would
refuse...) is composed and read by the loader's reader too, with the run of such facts
it belongs to. Anything it cannot place at all, or any problem anywhere, and
`read_quickly` answers None: the caller then reads the whole file as before, so every
message (file, line, column, did-you-mean) is the loader's own, and the limits on
aliases, depth and size hold as they always did.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import replace
from json.decoder import scanstring  # type: ignore[attr-defined]
from typing import Any

import yaml

from drafter.errors import FactBaseError
from drafter.facts import locator as pinpoints
from drafter.facts.lifecycle import KINDS, STATUSES
from drafter.facts.loader import (
    _FACT_REQUIRED,
    _FACT_REQUIRED_2,
    FACT_FIELDS,
    FACT_FIELDS_2,
    Fact,
    _FileReader,
    _Parsed,
)
from drafter.yamlio import CONTROL, SLUG, compose

_KEYS = frozenset(FACT_FIELDS + FACT_FIELDS_2)
_SCHEMA_2_KEYS = frozenset(FACT_FIELDS_2)
_EXTENSION_KEY = re.compile(r"x-[A-Za-z0-9_-]*")
# The facts section's own line: `facts:`, perhaps with a comment.
_FACTS_LINE = re.compile(r"facts:[ ]*(?:[ ]#.*)?")
# Blank and comment lines, then the first item's indent and dash.
_FIRST_ITEM = re.compile(r"(?:[ ]*(?:#[^\n]*)?\n)*([ ]*)- ")
# What YAML refuses (a character it cannot read), reads as a line break of its own (NEL,
# LS, PS, a lone CR) or treats specially (a BOM), and the characters a fact's text may
# not hold: in the facts section any of them sends the file to the full reader.
_UNSAFE = re.compile(
    "[\x00-\x08\x0b\x0c\x0d\x0e-\x1f\x7f-\x9f\ufeff\ufffe\uffff"
    "\ue000-\uf8ff\U000f0000-\U0010ffff\u2028\u2029]"
)
# The same, first looked for in the UTF-8 bytes (quicker than the pattern above): the
# bytes that are never safe, and the lead bytes of the characters above. When only the
# lead bytes of common characters (£, curly quotes, dashes) turn up, two precise looks
# at the bytes settle it; anything else, the pattern.
_SAFE_BYTES = bytes(
    b
    for b in range(256)
    if not ((b < 0x20 and b != 0x0A) or b in (0x7F, 0xC2, 0xE2, 0xEE, 0xEF, 0xF3, 0xF4))
)
_C1 = re.compile(b"\xc2[\x80-\x9f]")
# A double-quoted escape where JSON and YAML may part ways: '\/' and a surrogate.
_ODD_ESCAPE = re.compile(r"\\(?:/|u[dD][89a-fA-F])")
# A plain scalar's first character that YAML reads as an indicator of something else.
_INDICATORS = frozenset("-?:,[]{}#&*!|>%@`'\"")
_NOT_TEXT = frozenset(("null", "Null", "NULL", "~", "<<", "="))  # null, merge, value
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_REVIEW = re.compile(
    r"\{[ ]*on:[ ]*(\d{4}-\d{2}-\d{2})[ ]*"
    r'(?:,[ ]*by:[ ]*("(?:[^"\\]|\\.)*"|[A-Za-z][A-Za-z0-9]*(?:[ ][A-Za-z0-9]+)*)[ ]*)?\}'
)

Fields = dict[str, str]  # a regular fact's keys and their values as written
Life = tuple[str, str, str, dt.date | None, str, str, str]
_PLAIN_1: Life = ("", "current", "", None, "", "", "")  # a schema 1 fact's lifecycle


class _NotSure(Exception):
    """Something the quick reader cannot read with certainty, or a problem."""


def read_quickly(text: str, display: str) -> _Parsed | None:
    """What the file contributes, as the loader's reader would find it, when every part
    of it reads without a problem; None when that is not sure (the caller reads it in
    full, which reports any problem)."""
    if "\r" in text:
        if text.count("\r") != text.count("\r\n"):
            return None  # a lone CR is a line break of its own to YAML
        text = text.replace("\r\n", "\n")
    try:
        return _read(text, display)
    except _NotSure:
        return None


def _read(text: str, display: str) -> _Parsed:
    at = 0 if text.startswith("facts:") else text.find("\nfacts:") + 1
    if at <= 0 and not text.startswith("facts:"):
        raise _NotSure  # no facts section: a small file, read in full
    header = text[:at]
    end = text.find("\n", at)
    if end < 0 or not _FACTS_LINE.fullmatch(text, at, end):
        raise _NotSure
    parsed, schema = _read_header(header, display)
    body = text[end + 1 :]
    if not _safe(body):
        raise _NotSure
    first = _FIRST_ITEM.match(body)
    if first is None:
        raise _NotSure
    line = header.count("\n") + 1 + first.group().count("\n")  # of the first item, from 0
    items = _Items(display, schema, len(first.group(1)), line)
    items.read(body[first.end() :], parsed)
    return parsed


def _safe(body: str) -> bool:
    """Whether `body` holds none of the characters _UNSAFE finds."""
    data = body.encode("utf-8")
    left = data.translate(None, _SAFE_BYTES)
    if not left:
        return True
    if set(left) <= {0xC2, 0xE2}:
        return (
            _C1.search(data) is None
            and b"\xe2\x80\xa8" not in data
            and (b"\xe2\x80\xa9" not in data)
        )
    return _UNSAFE.search(body) is None


def _read_header(header: str, display: str) -> tuple[_Parsed, str]:
    """The topics and sources above `facts:`, read by the loader's reader, and the schema."""
    if "\n..." in "\n" + header:
        raise _NotSure  # a document end: what follows would be a second document
    try:
        root = compose(header, display, error=FactBaseError)
    except FactBaseError:
        raise _NotSure from None
    # The header must be the top of a block mapping that `facts:` continues.
    if not isinstance(root, yaml.MappingNode) or root.flow_style or root.start_mark.column:
        raise _NotSure
    if any(getattr(key, "value", None) == "facts" for key, _ in root.value):
        raise _NotSure  # a second facts key: the loader reports it
    reader = _FileReader(display)
    parsed = reader.read(root)
    if reader.out.problems or reader.schema not in ("1", "2"):
        raise _NotSure
    return parsed, reader.schema


class _Items:
    """The facts section's items, read one by one: a regular item here, any other with
    the run of irregular items it is in by the loader's reader."""

    def __init__(self, display: str, schema: str, indent: int, line: int) -> None:
        self.display = display
        self.schema = schema
        self.indent = indent
        self.pad = " " * (indent + 2)
        self.first_line = line
        self.values = _Values()
        self.required = frozenset(_FACT_REQUIRED_2 if schema == "2" else _FACT_REQUIRED)
        key = r"[A-Za-z_][\w-]*"
        # An item of `key: value` lines (the first after its dash), blank and comment lines.
        self._shape = re.compile(
            rf"{key}: [^\n]*(?:\n(?:{self.pad}{key}: [^\n]*|[ ]*(?:#[^\n]*)?))*"
        )
        self._pairs = re.compile(rf"(?:^|\n{self.pad})({key}): ([^\n]*)")

    def read(self, items: str, parsed: _Parsed) -> None:
        """Read the items (the text after the first item's dash) into `parsed`."""
        separator = "\n" + " " * self.indent + "- "
        line = self.first_line
        run: list[str] = []  # irregular items in a row
        run_line = line  # where the run's first item starts
        named = parsed.named
        sources, topics, later = named["source"], named["topic"], named["fact"]
        for item in items.split(separator):
            fields = self._fields(item)
            fact = self._fact(fields, line) if fields is not None else None
            if fact is None:
                if not run:
                    run_line = line
                run.append(item)
            else:
                if run:
                    self._read_run(run, run_line, parsed, "\n")
                    run = []
                parsed.facts.append(fact)
                sources.add(fact.source_id)
                topics.update(fact.topics)
                if fact.superseded_by:
                    later.add(fact.superseded_by)
            line += item.count("\n") + 1
        if run:
            self._read_run(run, run_line, parsed, "")

    # -- one regular item ------------------------------------------------------------

    def _fields(self, item: str) -> Fields | None:
        """The item's keys and values as written; None when it is not regular (it may
        still be a good fact). Raises _NotSure for a line outside any item."""
        if self._shape.fullmatch(item) is None:
            self._check_lines(item)
            return None
        pairs = self._pairs.findall(item)
        fields = dict(pairs)
        if len(fields) != len(pairs):
            return None  # a key twice: the loader's reader reports it
        if not _KEYS.issuperset(fields) and not all(
            name in _KEYS or _EXTENSION_KEY.fullmatch(name) for name in fields
        ):
            return None
        return fields

    def _check_lines(self, item: str) -> None:
        """Raise _NotSure when a line of an irregular item is outside the list's items:
        the list has ended (another section follows), or the text is not YAML."""
        for text in item.split("\n")[1:]:
            stripped = text.lstrip(" ")
            if stripped and stripped[0] != "#" and len(text) - len(stripped) <= self.indent:
                raise _NotSure

    def _fact(self, fields: Fields, line: int) -> Fact | None:
        """The fact `fields` make, as the loader's reader makes it; None when any value
        is not one the quick checks are sure of."""
        if not self.required.issubset(fields):
            return None
        if self.schema == "1" and not _SCHEMA_2_KEYS.isdisjoint(fields):
            return None
        values = self.values
        extensions = values.extensions(fields)
        fact_id = values.slug(fields["id"])
        topics = values.slugs(fields["topics"])
        statement = values.text(fields["statement"])
        source = values.slug(fields["source"])
        quote = values.text(fields["quote"])
        as_of = values.day(fields["as_of"])
        locator = values.locator(fields["locator"]) if "locator" in fields else ""
        tags = values.slugs(fields["tags"]) if "tags" in fields else ()
        life = _lifecycle(fields, values) if len(fields) > 8 or self.schema == "2" else _PLAIN_1
        if (
            fact_id is None
            or not topics
            or statement is None
            or source is None
            or quote is None
            or as_of is None
            or locator is None
            or tags is None
            or extensions is None
            or life is None
        ):
            return None
        kind, status, superseded_by, reviewed_on, reviewed_by, status_note, as_of_note = life
        return Fact(
            fact_id,
            tuple(dict.fromkeys(topics)),
            statement,
            source,
            quote,
            as_of,
            locator,
            tuple(dict.fromkeys(tags)),
            kind,
            status,
            superseded_by,
            reviewed_on,
            reviewed_by,
            status_note,
            as_of_note,
            extensions,
            self.display,
            line + 1,
        )

    # -- a run of other items ------------------------------------------------------------

    def _read_run(self, run: Sequence[str], line: int, parsed: _Parsed, after: str) -> None:
        """Items the quick checks are not sure of, composed and read by the loader's
        reader on their own: text that would run on past them cannot compose alone.
        `after` is the line break that ends the run, "" at the end of the file."""
        lead = " " * self.indent + "- "
        snippet = "facts:\n" + lead + ("\n" + lead).join(run) + after
        try:
            root = compose(snippet, self.display, error=FactBaseError)
        except FactBaseError:
            raise _NotSure from None
        if not isinstance(root, yaml.MappingNode) or len(root.value) != 1:
            raise _NotSure
        section = root.value[0][1]
        if not isinstance(section, yaml.SequenceNode) or _repeats_a_node(section):
            raise _NotSure  # an alias: the file's budget for them is the full reader's
        reader = _FileReader(self.display)
        reader.schema = self.schema
        found = _Parsed()
        for item in section.value:
            reader.fact(item, found)
        if reader.out.problems or len(found.facts) != len(section.value):
            raise _NotSure
        shift = line - 1  # the snippet's first item is on its second line
        parsed.facts.extend(replace(fact, line=fact.line + shift) for fact in found.facts)
        for _, kind, name, _ in found.refs:
            parsed.named[kind].add(name)


def _lifecycle(fields: Fields, values: _Values) -> Life | None:
    """kind, status, superseded_by, reviewed on and by, status_note and as_of_note, as the
    loader's reader takes them; None when it would refuse one (or the quick checks are
    not sure)."""
    kind = values.choice(fields["kind"], KINDS) if "kind" in fields else ""
    status = values.choice(fields["status"], STATUSES) if "status" in fields else "current"
    superseded_by = values.slug(fields["superseded_by"]) if "superseded_by" in fields else ""
    status_note = values.text(fields["status_note"]) if "status_note" in fields else ""
    as_of_note = values.text(fields["as_of_note"]) if "as_of_note" in fields else ""
    if None in (kind, status, superseded_by, status_note, as_of_note):
        return None
    if status == "superseded" and "superseded_by" not in fields and "status_note" not in fields:
        return None
    if status != "superseded" and "superseded_by" in fields:
        return None
    reviewed_on, reviewed_by = None, ""
    if "reviewed" in fields:
        review = values.review(fields["reviewed"])
        if review is None:
            return None
        reviewed_on, reviewed_by = review
    return (
        str(kind),
        str(status),
        str(superseded_by),
        reviewed_on,
        reviewed_by,
        str(status_note),
        str(as_of_note),
    )


def _repeats_a_node(node: yaml.Node) -> bool:
    """Whether any node is reached twice under `node` (what an alias does)."""
    seen: set[int] = set()
    stack = [node]
    while stack:
        current = stack.pop()
        if id(current) in seen:
            return True
        seen.add(id(current))
        if isinstance(current, yaml.SequenceNode):
            stack.extend(current.value)
        elif isinstance(current, yaml.MappingNode):
            for key, value in current.value:
                stack += (key, value)
    return False


class _Values:
    """A value as written, read as the loader's reader reads it from its node; None when
    the reader would refuse it or it is not written in a form these checks know. Ids,
    dates, lists and locators repeat across a base, so each is worked out once."""

    def __init__(self) -> None:
        self._lists: dict[str, tuple[str, ...] | None] = {}
        self._days: dict[str, dt.date | None] = {}
        self._locators: dict[str, str | None] = {}

    def scalar(self, written: str) -> str | None:
        """A scalar's value (a node's `value`): plain, double- or single-quoted."""
        first = written[:1]
        if first == '"':
            return _double_quoted(written)
        if first == "'":
            return _single_quoted(written)
        if first == " ":
            return self.scalar(written.lstrip(" "))
        value = written.rstrip(" ")
        if (
            not value
            or first in _INDICATORS
            or value in _NOT_TEXT
            or " #" in value
            or ": " in value
            or value[-1] == ":"
            or "\t" in value
        ):
            return None
        return value

    def text(self, written: str) -> str | None:
        """Text that must not be empty: the value stripped."""
        if written[:1] == '"' and written[-1:] == '"' and "\\" not in written:
            # The common case, as drafter writes it: a JSON string with no escapes.
            try:
                value, end = scanstring(written, 1)
            except ValueError:
                return None
            if end != len(written):
                return None
        else:
            found = self.scalar(written)
            if found is None:
                return None
            value = found
        return value.strip() or None

    def slug(self, written: str) -> str | None:
        if SLUG.match(written) and written != "null":
            return written  # a plain id is its own value
        value = self.text(written)
        return value if value is not None and SLUG.match(value) else None

    def extensions(self, fields: Fields) -> dict[str, Any] | None:
        """The `x-` keys' values; None when one is not a scalar these checks know."""
        extensions: dict[str, Any] = {}
        if len(fields) > len(_KEYS.intersection(fields)):
            for name, written in fields.items():
                if name[:2] == "x-":
                    value = self.scalar(written)
                    if value is None:
                        return None
                    extensions[name] = value
        return extensions

    def slugs(self, written: str) -> tuple[str, ...] | None:
        """A flow list of ids, each as written (a repeat kept, as a reference)."""
        try:
            return self._lists[written]
        except KeyError:
            found = _slug_list(written)
            self._lists[written] = found
            return found

    def day(self, written: str) -> dt.date | None:
        try:
            return self._days[written]
        except KeyError:
            value = self.text(written)
            self._days[written] = day = _date(value) if value is not None else None
            return day

    def locator(self, written: str) -> str | None:
        """The pinpoint's normal form; "" when empty."""
        try:
            return self._locators[written]
        except KeyError:
            self._locators[written] = found = self._pinpoint(written)
            return found

    def _pinpoint(self, written: str) -> str | None:
        value = self.scalar(written)
        if value is None:
            return None
        value = value.strip()
        if not value:
            return ""
        try:
            return pinpoints.pinpoint(value)
        except ValueError:
            return None

    def choice(self, written: str, choices: Sequence[str]) -> str | None:
        value = self.text(written)
        return value if value in choices else None

    def review(self, written: str) -> tuple[dt.date, str] | None:
        """A review written `{on: DATE}` or `{on: DATE, by: NAME}`."""
        match = _REVIEW.fullmatch(written.rstrip(" "))
        if match is None:
            return None
        day = _date(match[1])
        by = match[2]
        if by is None:
            who: str | None = ""
        elif by[0] == '"':
            who = self.text(by)
        else:
            who = None if by in _NOT_TEXT else by
        if day is None or (not who and by is not None):
            return None
        return day, str(who)


def _double_quoted(written: str) -> str | None:
    """A double-quoted scalar that JSON reads the same as YAML (drafter writes JSON)."""
    value = written.rstrip(" ")
    try:
        text, end = scanstring(value, 1)
    except ValueError:  # not closed, a raw control character, a bad escape
        return None
    if end != len(value):
        return None  # more after the closing quote: a comment, or not YAML
    if "\\" in value and (_ODD_ESCAPE.search(value) or CONTROL.search(text)):
        return None
    return str(text)


def _single_quoted(written: str) -> str | None:
    value = written.rstrip(" ")
    inner = value[1:-1]
    if len(value) < 2 or value[-1] != "'" or "'" in inner.replace("''", "") or "\t" in inner:
        return None
    return inner.replace("''", "'")


def _slug_list(written: str) -> tuple[str, ...] | None:
    value = written.rstrip(" ")
    if value[:1] != "[" or value[-1:] != "]":
        return None
    inner = value[1:-1]
    if not inner.strip(" "):
        return ()
    items = tuple(item.strip(" ") for item in inner.split(","))
    if all(SLUG.match(item) and item != "null" for item in items):
        return items
    return None


def _date(value: str) -> dt.date | None:
    if not _ISO_DATE.fullmatch(value):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None
