"""The sourced fact base: its schema, loader, validator and the `FactBase` it builds.

A fact base is one or more YAML files (schema 2, or the older schema 1; documented in
docs/facts.md) that define topics, sources and facts. Loading checks everything in one
pass and reports every problem with its file, line and column; it never constructs
Python objects from YAML tags and never expands aliases beyond what the schema asks for.

Files are layered in order: a later file may add facts to topics and sources of an
earlier one; a topic defined again is silent when identical, and otherwise the later
definition wins with a warning (`FactBase.warnings`) naming both places. A source or
fact defined twice differently is an error naming both places.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import difflib
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import yaml

from drafter.errors import FactBaseError, Problem
from drafter.facts import lifecycle
from drafter.facts import locator as pinpoints
from drafter.facts.lazy import FactsById, LazyFacts
from drafter.facts.lifecycle import KINDS, STATUSES, add_months
from drafter.facts.source_types import (
    COMMON,
    SOURCE_FIELDS,
    SOURCE_TYPES,
    TYPES,
    check_source,
    check_value,
)
from drafter.yamlio import NodeReader, compose, gc_paused, kind_of, read_text

if TYPE_CHECKING:
    from drafter.facts.search import IndexStore, SearchHit, SearchIndex

SCHEMA_VERSION = 2  # what drafter writes; schema 1 files still load
SCHEMA_VERSIONS = ("1", "2")
DEFAULT_STALE_MONTHS = 18
# A fact base file may be larger than other YAML (drafts, address books: 32 MB): one file
# of 100,000 facts is about 70 MB. Composing a file takes about ten times its size in
# memory (a 128 MB file some 1.3 GB), which is the bound this limit sets.
MAX_FACTBASE_BYTES = 128 * 1024 * 1024
FACT_FIELDS = ("id", "topics", "statement", "source", "quote", "locator", "as_of", "tags")
FACT_FIELDS_2 = ("kind", "status", "superseded_by", "status_note", "reviewed", "as_of_note")


_Item = TypeVar("_Item", "Topic", "Source", "Fact")
__all__ = ["SCHEMA_VERSION", "FactBase", "add_months", "load_factbase"]


@dataclass(frozen=True, slots=True)
class Topic:
    id: str
    title: str
    summary: str
    file: str = ""
    line: int = 0


@dataclass(frozen=True, slots=True)
class Source:
    id: str
    type: str
    title: str
    author: str
    date: dt.date
    organisation: str = ""
    recipient: str = ""
    reference: str = ""
    url: str = ""
    accessed: dt.date | None = None
    archive: str = ""
    sha256: str = ""  # of the archive's bytes, written by `sources add` (schema 2)
    captured: dt.date | None = None  # when the archive was made (schema 2)
    extensions: Mapping[str, Any] = field(default_factory=dict)
    file: str = ""
    line: int = 0
    # The fields of particular types (docs/facts.md, drafter.facts.source_types).
    short_title: str = ""  # the title later citations use when an author has several works
    note: str = ""
    published: dt.date | None = None  # when the copy at `url` appeared, if after `date`
    published_title: str = ""  # the title the copy at `url` was published under
    house: str = ""  # "HL" or "HC"
    volume: str = ""  # Hansard volume
    column: str = ""  # Hansard column: "1234", "1162W", "45WS"
    uin: str = ""  # written question: "HL1234", "12345"
    tabled: dt.date | None = None
    answering_body: str = ""
    asker: str = ""
    holding: bool = False  # a holding answer
    corrected: bool = False  # a corrected answer
    number: str = ""  # statement (HCWS12), paper (123), SI (1234) or Bill (8) number
    session: str = ""  # "2022–23"
    year: str = ""  # Acts and SIs
    chapter: str = ""  # Acts: the chapter number
    symbol: str = ""  # UN documents: "A/HRC/51/L.6"
    neutral_citation: str = ""  # judgments: "[2019] UKSC 41"
    court: str = ""
    publication: str = ""  # news: the newspaper or site


@dataclass(frozen=True, slots=True)
class Fact:
    id: str
    topics: tuple[str, ...]
    statement: str
    source_id: str
    quote: str
    as_of: dt.date
    locator: str = ""
    tags: tuple[str, ...] = ()
    # Schema 2 lifecycle (see drafter.facts.lifecycle); a schema 1 fact has no kind.
    kind: str = ""
    status: str = "current"
    superseded_by: str = ""
    reviewed_on: dt.date | None = None
    reviewed_by: str = ""
    status_note: str = ""  # what superseded it, when no fact does; why it is historical
    as_of_note: str = ""  # why as_of is later than the source's date, when it is
    extensions: Mapping[str, Any] = field(default_factory=dict)
    file: str = ""
    line: int = 0


def _same(a: Topic | Source | Fact, b: Topic | Source | Fact) -> bool:
    """The same definition, wherever each was written."""
    return replace(a, file="", line=0) == replace(b, file="", line=0)


class FactBase:
    """Topics, sources and facts loaded from one or more files; read-only after load.

    A base read from the cache (drafter.facts.cache) holds its facts lazily: `facts` is
    a read-only mapping whose facts are unpickled when first asked for, and the counts,
    ids and each topic's facts are known without reading any. Both kinds answer every
    question the same way.
    """

    def __init__(
        self,
        topics: Mapping[str, Topic],
        sources: Mapping[str, Source],
        facts: Sequence[Fact],
        *,
        files: Sequence[str] = (),
        stale_months: int = DEFAULT_STALE_MONTHS,
        warnings: Sequence[Problem] = (),
    ) -> None:
        by_id = {f.id: f for f in facts}
        in_order = tuple(by_id.values())
        positions: dict[str, list[int]] = {t: [] for t in topics}
        for index, fact in enumerate(in_order):
            for topic in fact.topics:
                positions.setdefault(topic, []).append(index)
        self._setup(topics, sources, by_id, in_order, positions, files, stale_months, warnings)
        # The facts that are only worth checking for `due`: None here (all are read).
        self.checked_days: Sequence[int] | None = None

    def _setup(
        self,
        topics: Mapping[str, Topic],
        sources: Mapping[str, Source],
        facts: Mapping[str, Fact],
        in_order: Sequence[Fact],
        positions: Mapping[str, Sequence[int]],
        files: Sequence[str],
        stale_months: int,
        warnings: Sequence[Problem],
    ) -> None:
        self.topics: Mapping[str, Topic] = dict(topics)
        self.sources: Mapping[str, Source] = dict(sources)
        self.facts: Mapping[str, Fact] = facts
        # The facts by position (search results refer to them so) and each topic's
        # positions in it, in order.
        self.in_order: Sequence[Fact] = in_order
        self.topic_positions: Mapping[str, Sequence[int]] = positions
        self.files: tuple[str, ...] = tuple(files)
        self.stale_months = stale_months
        # What layering found worth saying but not refusing (a topic redefined, one
        # address under two source ids): the shells show these.
        self.warnings: tuple[Problem, ...] = tuple(warnings)
        self._by_topic: dict[str, tuple[Fact, ...]] = {}
        self._index: SearchIndex | None = None
        # Where a built index is kept and found again (the cache sets it); see search.
        self.index_store: IndexStore | None = None

    @classmethod
    def stored(
        cls,
        topics: Mapping[str, Topic],
        sources: Mapping[str, Source],
        facts: LazyFacts,
        positions: Mapping[str, Sequence[int]],
        *,
        files: Sequence[str] = (),
        stale_months: int = DEFAULT_STALE_MONTHS,
        warnings: Sequence[Problem] = (),
        checked_days: Sequence[int] | None = None,
    ) -> FactBase:
        """A base over facts read when asked for (see drafter.facts.lazy): `positions`
        are each topic's facts' positions, as `__init__` would work them out, and
        `checked_days` each fact's `checked_on` day as an ordinal, 0 for one that never
        goes stale (for `due`), or None."""
        base = cls.__new__(cls)
        base._setup(
            topics, sources, FactsById(facts), facts, positions, files, stale_months, warnings
        )
        base.checked_days = checked_days
        return base

    def appended(self, *facts: Fact, files: Sequence[str] | None = None) -> FactBase:
        """This base with `facts` (whose ids are new) after its own, and `files` if given:
        what loading the files gives once the facts are written to the last of them. A
        base read from the cache stays lazy, sharing the facts read so far."""
        new = [f.id for f in facts]
        if len(set(new)) != len(new) or any(i in self.facts for i in new):
            raise ValueError(f"a fact id already in the base: {', '.join(new)}")
        files = self.files if files is None else files
        if not isinstance(self.in_order, LazyFacts):
            return FactBase(
                self.topics, self.sources, [*self, *facts], files=files,
                stale_months=self.stale_months, warnings=self.warnings,
            )  # fmt: skip
        positions = {t: list(p) for t, p in self.topic_positions.items()}
        for index, fact in enumerate(facts, start=len(self.in_order)):
            for topic in fact.topics:
                positions.setdefault(topic, []).append(index)
        checked = self.checked_days
        if checked is not None:
            checked = [*checked, *checked_days(facts)]
        return FactBase.stored(
            self.topics, self.sources, self.in_order.appended(*facts), positions,
            files=files, stale_months=self.stale_months, warnings=self.warnings,
            checked_days=checked,
        )  # fmt: skip

    def added_since(self, earlier: FactBase) -> tuple[Fact, ...] | None:
        """The facts appended to `earlier` to make this base, when its facts are
        `earlier`'s with some after them (its topics and sources are not compared);
        None otherwise. A base grown by `appended` is told without reading its facts."""
        if isinstance(self.in_order, LazyFacts) and isinstance(earlier.in_order, LazyFacts):
            return self.in_order.added_since(earlier.in_order)
        old, new = list(earlier.facts), list(self.facts)
        if new[: len(old)] != old or any(self.facts[i] is not earlier.facts[i] for i in old):
            return None
        return tuple(self.facts[i] for i in new[len(old) :])

    @property
    def materialised(self) -> int:
        """How many facts have been read so far: all of them, for a base loaded from
        its files; those asked for, for one read from the cache."""
        if isinstance(self.in_order, LazyFacts):
            return self.in_order.materialised
        return len(self.in_order)

    def __len__(self) -> int:
        return len(self.in_order)

    def __iter__(self) -> Iterator[Fact]:
        return iter(self.in_order)

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickled as the facts themselves (a lazy base's are read for it); the index is
        # kept apart (drafter.facts.cache) or rebuilt on demand.
        return (
            _rebuilt,
            (self.topics, self.sources, tuple(self), self.files, self.stale_months,
             self.warnings),
        )  # fmt: skip

    def topic_count(self, topic: str) -> int:
        """How many facts are on `topic`, without reading them."""
        return len(self.topic_positions.get(topic, ()))

    def facts_for_topic(self, topic: str) -> tuple[Fact, ...]:
        found = self._by_topic.get(topic)
        if found is None:
            in_order = self.in_order
            found = tuple(in_order[i] for i in self.topic_positions.get(topic, ()))
            self._by_topic[topic] = found
        return found

    def fact(self, fact_id: str) -> Fact:
        """The fact with this id; KeyError (with close matches) when there is none."""
        try:
            return self.facts[fact_id]
        except KeyError:
            raise KeyError(fact_id) from None

    def source_of(self, fact: Fact) -> Source:
        return self.sources[fact.source_id]

    def stale_cutoff(self, today: dt.date | None = None) -> dt.date:
        return add_months(today or dt.date.today(), -self.stale_months)

    def is_stale(self, fact: Fact, today: dt.date | None = None) -> bool:
        """True when the fact is due for review: a current position or statistic (or a
        schema 1 fact) last known to hold more than `stale_months` months ago."""
        return lifecycle.is_stale(fact, self.stale_months, today or dt.date.today())

    def due(self, today: dt.date | None = None, topic: str | None = None) -> list[Fact]:
        """The facts due for review, oldest first."""
        day = today or dt.date.today()
        if self.checked_days is not None:
            return self._due_by_day(day, topic)
        facts = self.facts_for_topic(topic) if topic else tuple(self)
        return sorted(
            (f for f in facts if self.is_stale(f, day)), key=lambda f: lifecycle.checked_on(f)
        )

    def _due_by_day(self, day: dt.date, topic: str | None) -> list[Fact]:
        """`due` from each fact's checked day, reading only the facts that are due."""
        checked = self.checked_days
        assert checked is not None
        positions: Iterable[int] = (
            self.topic_positions.get(topic, ()) if topic else range(len(self.in_order))
        )
        until: dict[int, bool] = {}
        due = []
        for index in positions:
            ordinal = checked[index]
            if not ordinal:
                continue
            stale = until.get(ordinal)
            if stale is None:
                held = add_months(dt.date.fromordinal(ordinal), self.stale_months)
                stale = until[ordinal] = day > held
            if stale:
                due.append(index)
        due.sort(key=lambda i: checked[i])
        return [self.in_order[i] for i in due]

    def prepare_search(self) -> None:
        """Build the search index now (it is otherwise built by the first search).

        Safe to call from a worker thread while the user starts typing: at worst the
        index is built twice, and either copy answers the same.
        """
        if self._index is None:
            from drafter.facts.search import SearchIndex

            store = getattr(self, "index_store", None)
            index = store.load(self) if store is not None else None
            if index is None:
                index = SearchIndex(self)
                if store is not None:
                    store.save(index)
            self._index = index

    def search(
        self, query: str, *, topic: str | None = None, limit: int | None = None
    ) -> list[SearchHit]:
        """Facts matching `query`, best first (see drafter.facts.search)."""
        self.prepare_search()
        assert self._index is not None
        return self._index.search(query, topic=topic, limit=limit)


def _rebuilt(
    topics: Mapping[str, Topic],
    sources: Mapping[str, Source],
    facts: Sequence[Fact],
    files: Sequence[str],
    stale_months: int,
    warnings: Sequence[Problem],
) -> FactBase:
    return FactBase(topics, sources, facts, files=files, stale_months=stale_months,
                    warnings=warnings)  # fmt: skip


def _checked_day(fact: Fact) -> int:
    """The day the fact was last known to hold, as an ordinal; 0 if it never ages."""
    return lifecycle.checked_on(fact).toordinal() if lifecycle.ages(fact) else 0


def checked_days(facts: Iterable[Fact]) -> list[int]:
    """Each fact's `_checked_day`: what `FactBase.due` needs to know of it."""
    return [_checked_day(fact) for fact in facts]


# --------------------------------------------------------------------------- loading


@dataclass
class _Parsed:
    """What one file contributed, before cross-file references are checked."""

    topics: list[Topic] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    # (fact id, "source" or "topic", the id named, where) for checks after merging.
    refs: list[tuple[str, str, str, yaml.Node]] = field(default_factory=list)
    # What the quick reader's facts name, by kind ("source", "topic", "fact"), without
    # where: should one be undefined, the files are read in full to report it.
    named: dict[str, set[str]] = field(
        default_factory=lambda: {"source": set(), "topic": set(), "fact": set()}
    )
    # Ids of topics and sources that were defined but invalid: already reported, so
    # facts that name them are not reported again.
    broken: set[str] = field(default_factory=set)


_FACT_REQUIRED = ("id", "topics", "statement", "source", "quote", "as_of")
_FACT_REQUIRED_2 = (*_FACT_REQUIRED, "kind")


def _fact_name(node: yaml.Node) -> str:
    """How messages name a fact: by its id, or by its line when it has none."""
    id_node = None
    if isinstance(node, yaml.MappingNode):
        id_node = next((v for k, v in node.value if getattr(k, "value", None) == "id"), None)
    if isinstance(id_node, yaml.ScalarNode) and id_node.value:
        return f"fact '{id_node.value}'"
    return f"the fact at line {node.start_mark.line + 1}"


class _FileReader(NodeReader):
    """Walks one fact base file's node tree against its schema (1 or 2)."""

    schema = "2"

    # -- sections ---------------------------------------------------------------

    def read(self, root: yaml.Node | None) -> _Parsed:
        parsed = _Parsed()
        if root is None:
            self.out.add(
                None,
                "is empty",
                f"a fact base starts with 'schema: {SCHEMA_VERSION}' and has topics, sources "
                "and facts",
            )
            return parsed
        if not isinstance(root, yaml.MappingNode):
            self.out.add(
                root,
                "the top level must be a mapping with schema, topics, sources and facts",
                f"got {kind_of(root)}; see docs/facts.md for the format",
            )
            return parsed
        top, _ = self.fields(
            root, "the fact base", ("schema", "topics", "sources", "facts"), ("schema",)
        )
        if "schema" in top:
            node = top["schema"]
            if isinstance(node, yaml.ScalarNode) and node.value in SCHEMA_VERSIONS:
                self.schema = node.value
            else:
                self.schema = "?"  # only the schema line is reported, not each fact's keys
                self.out.add(
                    node,
                    f"unsupported schema '{getattr(node, 'value', '?')}'",
                    "this version of drafter reads 'schema: 1' and 'schema: 2'",
                )
        if "topics" in top:
            for key, value in self.mapping(top["topics"], "topics"):
                topic = self.topic(key, value)
                if topic:
                    parsed.topics.append(topic)
                else:
                    parsed.broken.add(key.value)
        if "sources" in top:
            for key, value in self.mapping(top["sources"], "sources"):
                source = self.source(key, value)
                if source:
                    parsed.sources.append(source)
                else:
                    parsed.broken.add(key.value)
        if "facts" in top:
            node = top["facts"]
            if isinstance(node, yaml.SequenceNode) and self._check_tag(node):
                for item in node.value:
                    self.fact(item, parsed)
            elif not (isinstance(node, yaml.ScalarNode) and node.value == ""):
                self.out.add(node, "facts must be a list", "start each fact with '- id: ...'")
        return parsed

    def topic(self, key: yaml.ScalarNode, node: yaml.Node) -> Topic | None:
        topic_id = self.slug(key, "topic id")
        what = f"topic '{key.value}'"
        known, _ = self.fields(node, what, ("title", "summary"), ("title", "summary"))
        title = self.text(known["title"], f"the title of {what}") if "title" in known else None
        summary = (
            self.text(known["summary"], f"the summary of {what}") if "summary" in known else None
        )
        if topic_id and title and summary:
            return Topic(topic_id, title, summary, self.display, key.start_mark.line + 1)
        return None

    def source(self, key: yaml.ScalarNode, node: yaml.Node) -> Source | None:
        source_id = self.slug(key, "source id")
        what = f"source '{key.value}'"
        allowed = COMMON + tuple(f for f in SOURCE_FIELDS if f not in COMMON)
        known, extensions = self.fields(node, what, allowed, ("type", "title", "date"))
        ok = source_id is not None
        kind = None
        if "type" in known:
            kind = self.text(known["type"], f"the type of {what}")
            if kind is not None and kind not in SOURCE_TYPES:
                self.out.add(
                    known["type"],
                    f"unknown source type '{kind}' in {what}",
                    "use one of: " + ", ".join(SOURCE_TYPES),
                )
                kind = None
        ok = ok and kind is not None
        values: dict[str, Any] = {}
        for name, node_of in known.items():
            if name == "type":
                continue
            value = self._source_field(name, node_of, what)
            if value is None:
                ok = False
            else:
                values[name] = value
        if kind is not None:
            ok = self._source_rules(kind, known, values, what, key) and ok
        if not ok or any(k not in known for k in ("type", "title", "date")):
            return None
        assert kind is not None
        return Source(
            id=source_id or "",
            type=kind,
            title=values["title"],
            author=values.get("author", ""),
            date=values["date"],
            extensions=extensions,
            file=self.display,
            line=key.start_mark.line + 1,
            **{k: v for k, v in values.items() if k not in ("title", "author", "date")},
        )

    def _source_field(self, name: str, node: yaml.Node, what: str) -> Any:
        """One field's value, checked by its kind; None (reported) when it is wrong."""
        kind = SOURCE_FIELDS[name]
        label = f"the {name} of {what}"
        if kind == "date":
            return self.day(node, label)
        if kind == "flag":
            before = len(self.out.problems)
            flag = self.flag(node, label)
            return flag if len(self.out.problems) == before else None
        required = name in ("title", "author")
        text = self.text(node, label, required=required)
        if text is None:
            return None
        if kind == "url" and text and not re.match(r"^https?://\S+$", text):
            self.out.add(
                node, f"{label} is not a web address", "write it in full, starting with https://"
            )
            return None
        if kind == "archive" and text and (Path(text).name != text or text.startswith(".")):
            self.out.add(
                node, f"{label} must be a plain file name", "name the file only, without folders"
            )
            return None
        if kind == "sha256" and not re.fullmatch(r"[0-9a-f]{64}", text):
            self.out.add(
                node,
                f"{label} is not a SHA-256 digest",
                "64 lowercase hexadecimal digits, as `drafter sources add` writes it",
            )
            return None
        if kind in ("text", "url", "archive", "sha256") or not text:
            return text
        checked = check_value(kind, text)
        if isinstance(checked, tuple):
            message, hint = checked
            self.out.add(node, f"{label} {message}: '{text}'", hint)
            return None
        return checked

    def _source_rules(
        self,
        kind: str,
        known: Mapping[str, yaml.Node],
        values: dict[str, Any],
        what: str,
        key: yaml.ScalarNode,
    ) -> bool:
        """The fields `kind` requires and allows; True when the source keeps to them."""
        spec = TYPES[kind]
        ok = True
        for name in known:
            if name not in COMMON and name not in spec.required and name not in spec.allowed:
                takes = ", ".join(spec.required + spec.allowed) or "only the common fields"
                self.out.add(
                    known[name],
                    f"a {spec.label} ({kind}) has no field '{name}' in {what}",
                    f"a {kind} source takes {takes} (docs/facts.md)",
                )
                ok = False
        # A Hansard reference written out in full names its house itself.
        full_reference = re.match(r"^H[LC] Deb\b", str(values.get("reference", "")))
        for name in spec.required:
            if name in known or (name == "house" and full_reference):
                continue
            hint = f"a {spec.label} needs {', '.join(spec.required)} (docs/facts.md)"
            if name == "house":
                hint = "add house: HL or house: HC; " + hint
            self.out.add(key, f"{what} ({kind}) has no {name}", hint)
            ok = False
        for name, message, hint in check_source(kind, values):
            self.out.add(
                known[name], f"the {name} of {what} {message}: '{known[name].value}'", hint
            )
            ok = False
        return ok

    def fact(self, node: yaml.Node, parsed: _Parsed) -> None:
        what = _fact_name(node)
        required = _FACT_REQUIRED_2 if self.schema == "2" else _FACT_REQUIRED
        known, extensions = self.fields(node, what, FACT_FIELDS + FACT_FIELDS_2, required)
        self._schema_1_only(known, FACT_FIELDS_2, what)
        fact_id = self.slug(known["id"], "fact id") if "id" in known else None
        topics = self._fact_topics(known, what)
        said = self._fact_statement(known, what)
        locator = self._fact_locator(known, what)
        if locator is None:
            return  # not a pinpoint: reported, and the rest of the fact is not read
        tags = self.slug_list(known["tags"], f"the tags of {what}") if "tags" in known else []
        life = self.lifecycle(known, what)
        if fact_id is None or not topics or said is None or life is None:
            return
        statement, source, quote, as_of = said
        fact = Fact(
            id=fact_id,
            topics=tuple(dict.fromkeys(t for t, _ in topics)),
            statement=statement,
            source_id=source,
            quote=quote,
            as_of=as_of,
            locator=locator,
            tags=tuple(dict.fromkeys(t for t, _ in tags)),
            extensions=extensions,
            file=self.display,
            line=node.start_mark.line + 1,
            **life,
        )
        parsed.facts.append(fact)
        parsed.refs.append((fact_id, "source", source, known["source"]))
        parsed.refs.extend((fact_id, "topic", name, where) for name, where in topics)
        if fact.superseded_by:
            parsed.refs.append((fact_id, "fact", fact.superseded_by, known["superseded_by"]))

    def _fact_topics(
        self, known: Mapping[str, yaml.Node], what: str
    ) -> list[tuple[str, yaml.Node]]:
        """The fact's topic ids with where each is written; an empty list is reported."""
        if "topics" not in known:
            return []
        node = known["topics"]
        topics = self.slug_list(node, f"the topics of {what}")
        if isinstance(node, yaml.SequenceNode) and not node.value:
            self.out.add(node, f"{what} has no topics", "name at least one topic id")
        return topics

    def _fact_statement(
        self, known: Mapping[str, yaml.Node], what: str
    ) -> tuple[str, str, str, dt.date] | None:
        """statement, source_id, quote and as_of; None when one is missing or wrong."""
        statement = (
            self.text(known["statement"], f"the statement of {what}")
            if "statement" in known
            else None
        )
        source = self.slug(known["source"], f"the source of {what}") if "source" in known else None
        quote = self.text(known["quote"], f"the quote of {what}") if "quote" in known else None
        as_of = self.day(known["as_of"], f"the as_of of {what}") if "as_of" in known else None
        if statement is None or source is None or quote is None or as_of is None:
            return None
        return statement, source, quote, as_of

    def _fact_locator(self, known: Mapping[str, yaml.Node], what: str) -> str | None:
        """The fact's pinpoint in its normal form, "" when it has none; None (reported)
        when it is not a pinpoint."""
        if "locator" not in known:
            return ""
        locator = self.text(known["locator"], f"the locator of {what}", required=False)
        if not locator:
            return ""
        try:
            return pinpoints.pinpoint(locator)
        except ValueError:
            self.out.add(
                known["locator"],
                f"the locator of {what} is not a pinpoint: '{locator}'",
                pinpoints.HINT,
            )
            return None

    # -- schema 2 ------------------------------------------------------------------

    def _schema_1_only(
        self, known: Mapping[str, yaml.Node], names: Sequence[str], what: str
    ) -> None:
        if self.schema != "1":
            return
        for name in names:
            if name in known:
                self.out.add(
                    known[name],
                    f"'{name}' in {what} is a schema 2 key, and this file is schema 1",
                    "run `drafter facts upgrade FILE` to move it to schema 2",
                )

    def choice(self, node: yaml.Node, what: str, choices: Sequence[str]) -> str | None:
        value = self.text(node, what)
        if value is not None and value not in choices:
            close = difflib.get_close_matches(value, choices, n=1)
            hint = f"did you mean '{close[0]}'? " if close else ""
            self.out.add(node, f"{what} is '{value}'", hint + "use one of: " + ", ".join(choices))
            return None
        return value

    def lifecycle(self, known: Mapping[str, yaml.Node], what: str) -> dict[str, Any] | None:
        """kind, status, superseded_by, reviewed and as_of_note; None when one is wrong."""
        life: dict[str, Any] = {}
        ok = True
        if "kind" in known:
            life["kind"] = self.choice(known["kind"], f"the kind of {what}", KINDS)
            ok = ok and life["kind"] is not None
        elif self.schema == "2":
            ok = False  # reported by fields() as a missing key
        if "status" in known:
            life["status"] = self.choice(known["status"], f"the status of {what}", STATUSES)
            ok = ok and life["status"] is not None
        if "superseded_by" in known:
            life["superseded_by"] = self.slug(
                known["superseded_by"], f"the superseded_by of {what}"
            )
            ok = ok and life["superseded_by"] is not None
        for name in ("status_note", "as_of_note"):
            if name in known:
                life[name] = self.text(known[name], f"the {name} of {what}")
                ok = ok and life[name] is not None
        status = life.get("status", "current")
        if status == "superseded" and not ({"superseded_by", "status_note"} & set(known)):
            self.out.add(
                known["status"],
                f"{what} is superseded but does not say by what",
                "add 'superseded_by:' with the id of the fact that replaces it, or a "
                "'status_note:' saying what did",
            )
            ok = False
        elif status != "superseded" and "superseded_by" in known and status is not None:
            self.out.add(
                known["superseded_by"],
                f"{what} names a superseded_by but its status is '{status}'",
                "set 'status: superseded', or remove superseded_by",
            )
            ok = False
        if "reviewed" in known:
            review = self.review(known["reviewed"], what)
            ok = ok and review is not None
            if review:
                life["reviewed_on"], life["reviewed_by"] = review
        return life if ok else None

    def review(self, node: yaml.Node, what: str) -> tuple[dt.date, str] | None:
        where = f"the review of {what}"
        known, _ = self.fields(node, where, ("on", "by"), ("on",))
        day = self.day(known["on"], f"the date {where} was made") if "on" in known else None
        who = self.text(known["by"], f"who made {where}", required=False) if "by" in known else ""
        if day is None or who is None:
            return None
        return day, who


def load_factbase(
    paths: Sequence[Path | str],
    *,
    stale_months: int = DEFAULT_STALE_MONTHS,
) -> FactBase:
    """Load and validate fact base files as one; raise FactBaseError with every problem.

    Each file is first read by the quick reader (drafter.facts.quickload), which reads
    the layout drafter writes without composing every node; should it be unsure of a
    file, or should any problem turn up, the files are read in full, so that every
    message is the full reader's, with its file, line and column.
    """
    with gc_paused():  # many small objects, no cycles: see gc_paused
        try:
            return _load(paths, stale_months, quick=True)
        except _ReadInFull:
            return _load(paths, stale_months, quick=False)


class _ReadInFull(Exception):
    """A problem where a file was read quickly: read every file in full to report it."""


def _load(paths: Sequence[Path | str], stale_months: int, *, quick: bool) -> FactBase:
    if not paths:
        raise FactBaseError.single("(none)", "no fact base files given", "pass --facts FILE")
    problems: list[Problem] = []
    parsed_files: list[tuple[str, _Parsed]] = []
    seen: set[Path] = set()
    read_quickly = False  # any file by the quick reader, whose references have no node
    for raw in paths:
        path = Path(raw)
        display = str(path)
        with contextlib.suppress(OSError, RuntimeError):
            resolved = path.resolve()
            if resolved in seen:
                continue  # one file named twice (a layer that is also --add-facts) loads once
            seen.add(resolved)
        try:
            text = read_text(
                path,
                display,
                error=FactBaseError,
                what="fact base file",
                max_bytes=MAX_FACTBASE_BYTES,
            )
            quickly = _read_quickly(text, display) if quick else None
            if quickly is not None:
                parsed_files.append((display, quickly))
                read_quickly = True
                continue
            root = compose(text, display, error=FactBaseError)
        except FactBaseError as exc:
            problems.extend(exc.problems)
            continue
        reader = _FileReader(display)
        parsed_files.append((display, reader.read(root)))
        problems.extend(reader.out.problems)

    topics: dict[str, Topic] = {}
    sources: dict[str, Source] = {}
    facts: dict[str, Fact] = {}
    warnings: list[Problem] = []

    for display, parsed in parsed_files:
        _merge_topics(topics, parsed.topics, warnings, problems)
        _merge(display, "source", sources, parsed.sources, problems)
        _merge(display, "fact", facts, parsed.facts, problems)
    warnings.extend(_shared_urls(sources.values()))

    broken = set().union(*(parsed.broken for _, parsed in parsed_files))
    for display, parsed in parsed_files:
        for fact_id, kind, name, where in parsed.refs:
            defined: Mapping[str, Any] = (
                sources if kind == "source" else topics if kind == "topic" else facts
            )
            if name not in defined and name not in broken:
                problems.append(_ref_problem(display, where, kind, name, fact_id, defined))

    if read_quickly and not problems:
        _check_named(parsed_files, {"source": sources, "topic": topics, "fact": facts})
    if problems:
        if read_quickly:
            raise _ReadInFull
        raise FactBaseError(problems)
    return FactBase(
        topics,
        sources,
        list(facts.values()),
        files=[d for d, _ in parsed_files],
        stale_months=stale_months,
        warnings=warnings,
    )


def _check_named(
    parsed_files: Iterable[tuple[str, _Parsed]], tables: Mapping[str, Mapping[str, Any]]
) -> None:
    """Raise _ReadInFull when a quickly read fact names an id that is not defined (which
    the full reader reports, with where it is named)."""
    for _, parsed in parsed_files:
        for kind, names in parsed.named.items():
            if not names.issubset(tables[kind]):
                raise _ReadInFull


def _read_quickly(text: str, display: str) -> _Parsed | None:
    from drafter.facts.quickload import read_quickly

    return read_quickly(text, display)


def _merge_topics(
    table: dict[str, Topic],
    items: Iterable[Topic],
    warnings: list[Problem],
    problems: list[Problem],
) -> None:
    """Topics layer: the same again is silent; a different one replaces it, with a warning."""
    for topic in items:
        earlier = table.get(topic.id)
        if earlier is not None and earlier.file == topic.file:
            problems.append(_twice("topic", topic, earlier))
            continue
        if earlier is not None and not _same(topic, earlier):
            differ = " and ".join(
                name
                for name in ("title", "summary")
                if getattr(topic, name) != getattr(earlier, name)
            )
            warnings.append(
                Problem(
                    topic.file,
                    f"topic '{topic.id}' is defined again with another {differ} "
                    f"(first at {earlier.file}:{earlier.line}); this one is used",
                    "make the two the same, or remove one, to silence this",
                    topic.line,
                )
            )
        if earlier is None or not _same(topic, earlier):
            table[topic.id] = topic


def _merge(
    display: str,
    kind: str,
    table: dict[str, _Item],
    items: Iterable[_Item],
    problems: list[Problem],
) -> None:
    """Add `items` to `table`; an id another file defined identically is taken once, and
    one defined differently (or twice in one file) is reported with both places."""
    for item in items:
        earlier = table.get(item.id)
        if earlier is None:
            table[item.id] = item
        elif earlier.file == item.file or not _same(item, earlier):
            problems.append(_twice(kind, item, earlier))


def _twice(kind: str, item: Topic | Source | Fact, earlier: Topic | Source | Fact) -> Problem:
    differently = "" if earlier.file == item.file else " differently"
    return Problem(
        item.file,
        f"{kind} id '{item.id}' is defined twice{differently} "
        f"(also at {earlier.file}:{earlier.line})",
        "give one of them another id, or make the two the same",
        item.line,
        None,
    )


def _shared_urls(sources: Iterable[Source]) -> Iterator[Problem]:
    """A warning for each source whose address an earlier source already has."""
    first: dict[str, Source] = {}
    for source in sources:
        if not source.url:
            continue
        key = source.url.rstrip("/")
        earlier = first.setdefault(key, source)
        if earlier is not source:
            yield Problem(
                source.file,
                f"sources '{earlier.id}' ({earlier.file}:{earlier.line}) and '{source.id}' "
                "have the same url",
                "the same document under two ids? Keep one and point its facts at it",
                source.line,
            )


def _ref_problem(
    display: str, node: yaml.Node, kind: str, name: str, fact_id: str, known: Mapping[str, Any]
) -> Problem:
    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    hint = f"did you mean '{close[0]}'?" if close else f"define {kind} '{name}' under {kind}s"
    return Problem(
        display,
        f"fact '{fact_id}' names {kind} '{name}', which is not defined",
        hint,
        node.start_mark.line + 1,
        node.start_mark.column + 1,
    )


def normalise(text: str) -> str:
    """Lowercase, accents removed: the form search and matching compare."""
    if text.isascii():  # nothing to decompose or strip: most text, and the fast path
        return text.casefold()
    decomposed = unicodedata.normalize("NFKD", text)
    # Look each distinct character up once, not every character of the text.
    marks = [ord(c) for c in set(decomposed) if unicodedata.combining(c)]
    if marks:
        decomposed = decomposed.translate(dict.fromkeys(marks))
    return decomposed.casefold()


def read_fact_snippet(block: str, display: str) -> Fact:
    """One fact, written as a block list item (as `facts add` writes it), read and checked
    alone against the schema: the topics and source it names are not looked up."""
    text = f"schema: {SCHEMA_VERSION}\nfacts:\n{block}\n"
    reader = _FileReader(display)
    parsed = reader.read(compose(text, display, error=FactBaseError))
    if reader.out.problems or len(parsed.facts) != 1:
        raise FactBaseError(reader.out.problems or [Problem(display, "not one fact")])
    return parsed.facts[0]
