"""Reading YAML input with every problem located at its file, line and column.

Fact bases, drafts, templates' front matter, contacts and profiles are all YAML that
people write by hand. They are composed into nodes (never into Python objects, so no
tag can run code and no alias is expanded unasked) and read against a schema by a
`NodeReader`, which keeps going after a problem so one pass reports all of them.
"""

from __future__ import annotations

import contextlib
import difflib
import gc
import os
import re
import stat
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from drafter.errors import DrafterError, Problem

MAX_FILE_BYTES = 32 * 1024 * 1024
MAX_DEPTH = 100  # levels of nesting; drafter's own files use about five
# Characters of text that aliases may repeat in one file, beyond the text written once.
# An alias is one node used again, not a copy; but every use is a value downstream
# (a tag searched, a quote written into a review copy), so 1 MB aliased 2,000 times is
# 2 GB of work. Hand-written files alias short values, if anything.
MAX_ALIASED_CHARS = 1_000_000
_SHOWN_CHARS = 60  # of a value quoted in a message
_STR, _SEQ, _MAP = (f"tag:yaml.org,2002:{name}" for name in ("str", "seq", "map"))
# libyaml's parser is several times faster; the pure one is the fallback.
_SafeLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _TooDeep(Exception):
    """Raised from inside the composer when nodes nest deeper than MAX_DEPTH."""

    def __init__(self, parent: yaml.Node | None) -> None:
        super().__init__()
        self.parent = parent


class _Loader(_SafeLoader):  # type: ignore[misc]
    """The safe loader, with its tag resolution freed of per-node overheads.

    PyYAML's `resolve` concatenates two lists and checks for path resolvers for every
    node, and the composer calls two path-resolver hooks around every node: together a
    third of the time to compose a large file. Drafter registers no path resolvers, so
    the hooks do nothing here, and the implicit resolvers (the same table, read when
    the loader is made) are looked up by first character: the tags are PyYAML's own.
    """

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        table = self.yaml_implicit_resolvers
        wildcard: tuple[tuple[str, re.Pattern[str]], ...] = tuple(table.get(None, ()))
        self._implicit = {
            first: tuple(resolvers) + wildcard
            for first, resolvers in table.items()
            if first is not None
        }
        self._wildcard = wildcard
        self._depth = 0

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        # libyaml's composer recurses in C once per level of nesting: some 30,000 levels
        # (60 kB of '[') overflow the stack and kill the process. Stop long before.
        self._depth += 1
        if self._depth > MAX_DEPTH:
            raise _TooDeep(current_node)
        if self.yaml_path_resolvers:  # pragma: no cover - never registered by drafter
            super().descend_resolver(current_node, current_index)

    def ascend_resolver(self) -> None:
        self._depth -= 1
        if self.yaml_path_resolvers:  # pragma: no cover - never registered by drafter
            super().ascend_resolver()

    def resolve(self, kind: type[yaml.Node], value: Any, implicit: tuple[bool, bool]) -> str:
        if self.yaml_path_resolvers:  # pragma: no cover - never registered by drafter
            return str(super().resolve(kind, value, implicit))
        if kind is yaml.ScalarNode:
            if implicit[0]:
                for tag, pattern in self._implicit.get(value[:1], self._wildcard):
                    if pattern.match(value):
                        return str(tag)
            return _STR
        return _SEQ if kind is yaml.SequenceNode else _MAP


SLUG = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# Characters a letter cannot hold: those XML 1.0 (and so a DOCX) cannot hold (tab,
# newline and return are fine), and the private-use ones, which have no meaning in a
# letter and which drafter keeps for its own marks while rendering.
PRIVATE_USE = re.compile("[\ue000-\uf8ff\U000f0000-\U000ffffd\U00100000-\U0010fffd]")
CONTROL = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ue000-\uf8ff\U000f0000-\U000ffffd"
    "\U00100000-\U0010fffd]"
)


def character_name(char: str) -> str:
    """How a message names a character CONTROL matches: 'the control character U+0007'."""
    kind = "private-use" if PRIVATE_USE.match(char) else "control"
    return f"the {kind} character U+{ord(char):04X}"


_YAML_TAGS = {
    f"tag:yaml.org,2002:{name}"
    for name in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")
}


def shown(value: str) -> str:
    """A value as a message quotes it: cut short if long."""
    return value if len(value) <= _SHOWN_CHARS else value[:_SHOWN_CHARS] + "..."


class Collector:
    """Gathers problems for one file so that one pass reports all of them."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []
        self._seen: set[Problem] = set()
        self.closed = False  # once a file is refused as a whole, nothing more is added

    def add(self, node: yaml.Node | None, message: str, hint: str = "") -> None:
        if self.closed:
            return
        line = column = None
        if node is not None:
            line, column = node.start_mark.line + 1, node.start_mark.column + 1
        problem = Problem(self.file, message, hint, line, column)
        # An alias repeats a node; its problem is worth reporting once.
        if problem not in self._seen:
            self._seen.add(problem)
            self.problems.append(problem)


def read_text(
    path: Path,
    display: str,
    *,
    error: type[DrafterError] = DrafterError,
    what: str = "file",
    max_bytes: int = MAX_FILE_BYTES,
) -> str:
    """The file's text (UTF-8, BOM dropped), or `error` saying why it cannot be read."""
    a_what = f"{'an' if what[:1] in 'aeiou' else 'a'} {what}"  # "an address book"
    try:
        if path.is_dir():
            raise error.single(display, f"is a folder, not {a_what}", "give the path of a file")
        # Non-blocking, so that a named pipe with no writer cannot hang the open; the
        # checks are made on the open file, so it cannot be swapped after them.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode):
                # A pipe or /dev/zero would be read forever.
                raise error.single(
                    display,
                    "is not a regular file (a pipe, a device or a socket)",
                    f"give the path of {a_what}",
                )
            size, data = info.st_size, b""
            if size <= max_bytes:
                data = handle.read(max_bytes + 1)  # never more, should the file grow
                size = max(size, len(data))
        if size > max_bytes:
            raise error.single(
                display,
                f"is {size / 1_048_576:.0f} MB; {a_what} is limited to {max_bytes // 1_048_576} MB",
                "split it into smaller files",
            )
    except FileNotFoundError:
        raise error.single(display, "no such file", "check the path") from None
    except OSError as exc:
        raise error.single(
            display, f"cannot be read: {exc.strerror or exc}", "check its permissions"
        ) from None
    try:
        return data.decode("utf-8-sig")  # a byte-order mark is accepted and dropped
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise error(
            Problem(
                display,
                f"is not valid UTF-8 (byte 0x{data[exc.start]:02x})",
                "save the file as UTF-8",
                line,
                column,
            )
        ) from None


@contextlib.contextmanager
def gc_paused(*, keep: bool = False) -> Iterator[None]:
    """Hold off the cycle collector while a large tree of nodes is built and read.

    Composing a 10,000-fact file makes some 400,000 objects, none of them in a cycle
    (reference counting frees them); left on, the collector walks the growing heap again
    and again and takes about twice as long as the parse itself. It is switched back on
    (when it was on) however the block ends; nesting is harmless.

    With `keep`, what the block made is there to stay (a cached base, a search index):
    every object then alive is moved to the collector's permanent generation
    (`gc.freeze`), so that neither its first pass after the block nor any later one walks
    them all again (30 ms for a 100,000-fact index, at every full pass). They are still
    freed by reference counting when no longer used.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if keep:
            gc.freeze()
        if was_enabled:
            gc.enable()


class _PureLoader(yaml.SafeLoader):
    """PyYAML's own parser with drafter's depth limit: the second opinion on deep flows."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        self._depth += 1
        if self._depth > MAX_DEPTH:
            raise _TooDeep(current_node)

    def ascend_resolver(self) -> None:
        self._depth -= 1


def _too_deep(exc: _TooDeep, display: str, error: type[DrafterError]) -> DrafterError:
    mark = exc.parent.start_mark if exc.parent is not None else None
    return error(
        Problem(
            display,
            f"YAML nested more than {MAX_DEPTH} levels deep",
            "drafter's files need a few levels; flatten the data",
            mark.line + 1 if mark else None,
            mark.column + 1 if mark else None,
        )
    )


def _deep_flow_before(text: str, mark: Any) -> bool:
    """Whether more than MAX_DEPTH '[' or '{' are open where a parser gave up.

    Some libyaml builds refuse deep flow collections in their scanner, which reads far
    ahead of drafter's own check in the composer, and say so in words of their own. A
    bracket count (quotes ignored, so it can only over-count) picks out those failures
    so that drafter's check is asked again and drafter's message given, whatever the
    parser's version.
    """
    if mark is None or not isinstance(getattr(mark, "index", None), int):
        return False
    prefix = text[: mark.index]
    return prefix.count("[") + prefix.count("{") > MAX_DEPTH


def compose(
    text: str, display: str, *, error: type[DrafterError] = DrafterError
) -> yaml.Node | None:
    """The YAML node tree of `text`: no objects are built and no alias is expanded."""
    try:
        with gc_paused():
            return yaml.compose(text, Loader=_Loader)
    except _TooDeep as exc:
        raise _too_deep(exc, display, error) from None
    except yaml.reader.ReaderError as exc:
        # A character YAML refuses anywhere in a file (a NUL, a bell): say which and where.
        if isinstance(exc.character, int | str):  # libyaml gives a code, PyYAML a str
            code = exc.character if isinstance(exc.character, int) else ord(exc.character)
            line = text.count("\n", 0, exc.position) + 1
            column = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
            raise error(
                Problem(
                    display,
                    f"contains the control character U+{code:04X}, which YAML does not allow",
                    "delete it, or write it as an escape in double quotes",
                    line,
                    column,
                )
            ) from None
        raise error.single(display, "is not valid YAML text", "save the file as UTF-8") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if mark is not None and _deep_flow_before(text, mark):
            try:
                # Only the text up to the failure: the pure parser's own check stops it
                # within MAX_DEPTH levels, long before the end of a large file.
                yaml.compose(text[: mark.index], Loader=_PureLoader)
            except _TooDeep as deep:
                raise _too_deep(deep, display, error) from None
            except yaml.YAMLError:
                pass
        raise _syntax_error(exc, mark, display, error) from None
    except yaml.YAMLError:
        raise error.single(display, "is not valid YAML", "fix the YAML syntax") from None


def _syntax_error(
    exc: yaml.MarkedYAMLError, mark: Any, display: str, error: type[DrafterError]
) -> DrafterError:
    """drafter's syntax error at the parser's place, with the parser's own words as detail.

    The message is drafter's and the same whatever the YAML library's version; what the
    parser says (which differs between libyaml and PyYAML, and between their versions)
    only helps in the hint.
    """
    detail = " ".join(part.strip() for part in (exc.problem, exc.context) if part)
    hint = "fix the YAML syntax at this point: check indentation, colons and quotes"
    return error(
        Problem(
            display,
            "YAML syntax error",
            f"{hint} (the YAML parser says: {detail})" if detail else hint,
            mark.line + 1 if mark else None,
            mark.column + 1 if mark else None,
        )
    )


class NodeReader:
    """Reads a YAML node tree against a schema, collecting every problem on the way."""

    holder = "a fact base"  # what the file is, for the hint of a refused tag

    def __init__(self, display: str) -> None:
        self.out = Collector(display)
        self.display = display
        # Each distinct node is checked once, however often aliases use it: its result
        # is kept by the node's id (the tree keeps every node alive while it is read).
        self._texts: dict[int, str | None] = {}
        self._slugs: dict[int, str | None] = {}
        self._read: set[int] = set()
        self._aliased = 0  # characters repeated by aliases so far
        self.exhausted = False

    def _reading(self, node: yaml.Node) -> bool:
        """Note that `node` is read; False when reading it again would pass the budget."""
        if self.exhausted:
            return False
        key = id(node)
        if key not in self._read:
            self._read.add(key)
            return True
        if isinstance(node, yaml.ScalarNode):
            self._aliased += len(node.value)
        if self._aliased > MAX_ALIASED_CHARS:
            self.out.add(
                node,
                "the text anchored here is repeated by aliases to more than "
                f"{MAX_ALIASED_CHARS:,} characters",
                "write it out where it is needed, or alias only short values",
            )
            self.out.closed = True
            self.exhausted = True
            return False
        return True

    # -- node helpers -----------------------------------------------------------

    def _check_tag(self, node: yaml.Node) -> bool:
        if node.tag not in _YAML_TAGS:
            self.out.add(
                node,
                f"YAML tag {node.tag.replace('tag:yaml.org,2002:', '!!')} is not allowed",
                f"remove the tag; {self.holder} holds plain text, dates and lists only",
            )
            return False
        return True

    def mapping(self, node: yaml.Node, what: str) -> list[tuple[yaml.ScalarNode, yaml.Node]]:
        """A mapping's (key, value) pairs with duplicate keys reported and dropped."""
        if not isinstance(node, yaml.MappingNode):
            self.out.add(
                node, f"{what} must be a mapping of keys to values", f"got {kind_of(node)}"
            )
            return []
        if not self._check_tag(node):
            return []
        seen: dict[str, yaml.Node] = {}
        pairs: list[tuple[yaml.ScalarNode, yaml.Node]] = []
        for key, value in node.value:
            if not isinstance(key, yaml.ScalarNode):
                self.out.add(key, f"a key in {what} is not plain text", "use a simple word as key")
                continue
            if key.value in seen:
                first = seen[key.value].start_mark.line + 1
                self.out.add(
                    key,
                    f"duplicate key '{key.value}' in {what} (first at line {first})",
                    "remove one of them; YAML would silently keep only the last",
                )
                continue
            seen[key.value] = key
            pairs.append((key, value))
        return pairs

    def text(self, node: yaml.Node, what: str, *, required: bool = True) -> str | None:
        if not self._reading(node):
            return None
        key = id(node)
        if key in self._texts:
            value = self._texts[key]
            if value is None and required and isinstance(node, yaml.ScalarNode):
                self.out.add(node, f"{what} is empty", "write the text, or remove the key")
            return value
        self._texts[key] = None
        if not self._check_tag(node):
            return None
        if not isinstance(node, yaml.ScalarNode):
            self.out.add(node, f"{what} must be text", f"got {kind_of(node)}")
            return None
        value = node.value.strip() if node.tag != "tag:yaml.org,2002:null" else ""
        if not value:
            if required:
                self.out.add(node, f"{what} is empty", "write the text, or remove the key")
            return None
        if self._has_control(node, what, value):
            return None
        self._texts[key] = value
        return value

    def slug(self, node: yaml.Node, what: str) -> str | None:
        key = id(node)
        if key in self._slugs:
            return self._slugs[key] if self._reading(node) else None
        value = self.text(node, what)
        if value is not None and not SLUG.match(value):
            self.out.add(
                node,
                f"{what} '{shown(value)}' is not a valid id",
                "use lowercase letters, digits and hyphens, starting with a letter",
            )
            value = None
        self._slugs[key] = value
        return value

    def day(self, node: yaml.Node, what: str) -> date | None:
        value = self.text(node, what)
        if value is None:
            return None
        if not _ISO_DATE.match(value):
            self.out.add(node, f"{what} is not a date: '{value}'", "write it as YYYY-MM-DD")
            return None
        try:
            return date.fromisoformat(value)
        except ValueError:
            self.out.add(node, f"{what} is not a real date: '{value}'", "check the day and month")
            return None

    def slug_list(self, node: yaml.Node, what: str) -> list[tuple[str, yaml.Node]]:
        if not self._check_tag(node):
            return []
        if isinstance(node, yaml.ScalarNode) and node.tag != "tag:yaml.org,2002:null":
            self.out.add(node, f"{what} must be a list", f"write [{node.value}]")
            return []
        if not isinstance(node, yaml.SequenceNode):
            self.out.add(node, f"{what} must be a list", f"got {kind_of(node)}")
            return []
        items = []
        for item in node.value:
            value = self.slug(item, f"an item of {what}")
            if value is not None:
                items.append((value, item))
        return items

    def text_list(self, node: yaml.Node, what: str) -> list[str]:
        """A list of text lines; a single text is taken as a one-line list."""
        if isinstance(node, yaml.ScalarNode):
            value = self.text(node, what, required=False)
            return [value] if value else []
        if not self._check_tag(node):
            return []
        if not isinstance(node, yaml.SequenceNode):
            self.out.add(node, f"{what} must be a list of lines", f"got {kind_of(node)}")
            return []
        lines = [self.text(item, f"a line of {what}", required=False) for item in node.value]
        return [line for line in lines if line]

    def multiline(self, node: yaml.Node, what: str) -> str:
        """Free text that may run over several lines (template fields)."""
        if isinstance(node, yaml.SequenceNode):
            return "\n".join(self.text_list(node, what))
        if not self._check_tag(node):
            return ""
        if not isinstance(node, yaml.ScalarNode):
            self.out.add(node, f"{what} must be text", f"got {kind_of(node)}")
            return ""
        if not self._reading(node):
            return ""
        value = node.value if node.tag != "tag:yaml.org,2002:null" else ""
        if self._has_control(node, what, value):
            return ""
        return value.strip("\n")

    def _has_control(self, node: yaml.Node, what: str, value: str) -> bool:
        """Report a character that cannot go into a letter (nor into a DOCX's XML)."""
        bad = CONTROL.search(value)
        if bad:
            self.out.add(
                node,
                f"{what} contains {character_name(bad.group())}",
                "delete it; such characters cannot appear in a letter",
            )
        return bad is not None

    def flag(self, node: yaml.Node, what: str) -> bool:
        if isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:bool":
            return node.value.lower() in ("true", "yes", "on")
        self.out.add(node, f"{what} must be true or false", f"got {kind_of(node)}")
        return False

    def extension(self, node: yaml.Node, budget: list[int]) -> Any:
        """Plain data for an `x-` key, refusing alias bombs and exotic tags."""
        budget[0] -= 1
        if budget[0] < 0:
            return None
        if not self._reading(node):
            return None
        if not self._check_tag(node):
            return None
        if isinstance(node, yaml.MappingNode):
            return {str(k.value): self.extension(v, budget) for k, v in node.value}
        if isinstance(node, yaml.SequenceNode):
            return [self.extension(v, budget) for v in node.value]
        return node.value

    def fields(
        self,
        node: yaml.Node,
        what: str,
        allowed: Iterable[str],
        required: Iterable[str],
    ) -> tuple[dict[str, yaml.Node], dict[str, Any]]:
        """Known keys and `x-` extensions of a mapping; unknown or missing keys reported."""
        known: dict[str, yaml.Node] = {}
        extensions: dict[str, Any] = {}
        misspelt: set[str] = set()  # required keys already reported as a likely typo
        allowed = tuple(allowed)
        for key, value in self.mapping(node, what):
            name = key.value
            if name.startswith("x-"):
                budget = [10_000]
                extensions[name] = self.extension(value, budget)
                if budget[0] < 0:
                    self.out.add(
                        value,
                        f"extension '{name}' is too large (more than 10000 values)",
                        "keep extension data small, or remove any recursive aliases",
                    )
            elif name in allowed:
                known[name] = value
            else:
                self.out.add(key, f"unknown key '{name}' in {what}", did_you_mean(name, allowed))
                misspelt.update(difflib.get_close_matches(name, allowed, n=1, cutoff=0.6))
        for name in required:
            if name not in known and name not in misspelt:
                self.out.add(node, f"{what} has no '{name}'", f"add a '{name}:' line")
        return known, extensions


def kind_of(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    if node.tag == "tag:yaml.org,2002:null":
        return "nothing"
    return f"'{node.value}'"


def did_you_mean(name: str, allowed: Sequence[str]) -> str:
    close = difflib.get_close_matches(name, allowed, n=1, cutoff=0.6)
    if close:
        return f"did you mean '{close[0]}'? Extensions must start with 'x-'"
    return "allowed keys: " + ", ".join(allowed) + "; extensions must start with 'x-'"
