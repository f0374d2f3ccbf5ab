"""Fact files compared and merged by id: `facts diff` and the git merge driver.

A fact file is split into its entries (each topic, source and fact, as the text the
user wrote, comments included) keyed by id. `diff` reports entries added, removed and
changed between two versions; `merge` makes a three-way merge keyed on ids, so that
two people editing different facts never conflict (whatever the lines around them),
and the same fact changed two ways is one conflict, marked around that fact alone.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from drafter.errors import FactBaseError
from drafter.facts.loader import MAX_FACTBASE_BYTES
from drafter.yamlio import compose, read_text

SECTIONS = ("topics", "sources", "facts")
KIND = {"topics": "topic", "sources": "source", "facts": "fact"}


@dataclass
class Section:
    name: str
    start: int  # first line (0-based) of the entries; the header line is before it
    end: int  # one past the last line of the entries
    entries: dict[str, str] = field(default_factory=dict)  # id -> text, in file order


@dataclass
class Split:
    """A fact file as lines, with each section's entries keyed by id."""

    display: str
    lines: list[str]
    sections: dict[str, Section] = field(default_factory=dict)


def read_version(spec: str, *, cwd: Path | None = None) -> tuple[str, str]:
    """(display, text) of a file, or of `REV:PATH` in the git repository at `cwd`."""
    path = Path(spec)
    if ":" in spec and not path.exists() and not (len(spec) > 1 and spec[1] == ":"):
        rev, _, name = spec.partition(":")
        try:
            result = subprocess.run(
                ["git", "show", f"{rev}:{name}"],
                cwd=cwd, capture_output=True, check=False, timeout=60,
            )  # fmt: skip
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise FactBaseError.single(
                spec, f"git could not be run: {exc}", "is git installed?"
            ) from None
        if result.returncode != 0:
            message = result.stderr.decode("utf-8", "replace").strip().splitlines()
            raise FactBaseError.single(
                spec, "is not in the git repository here", message[-1] if message else ""
            )
        try:
            return spec, result.stdout.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise FactBaseError.single(spec, "is not valid UTF-8", "save it as UTF-8") from None
    return spec, read_text(
        path, spec, error=FactBaseError, what="fact base file", max_bytes=MAX_FACTBASE_BYTES
    )


def split(text: str, display: str) -> Split:
    """Each section's entries as text; FactBaseError for a file that is not one."""
    lines = text.splitlines(keepends=True)
    result = Split(display, lines)
    root = compose(text, display, error=FactBaseError)
    if root is None:
        return result
    if not isinstance(root, yaml.MappingNode):
        raise FactBaseError.single(display, "the top level is not a mapping", "see docs/facts.md")
    for key, value in root.value:
        name = getattr(key, "value", None)
        if name not in SECTIONS or value.tag == "tag:yaml.org,2002:null":
            continue
        if getattr(value, "flow_style", False):
            raise FactBaseError.single(
                display, f"'{name}' is written in YAML's flow style",
                "write it as a block, one entry a line", key.start_mark.line + 1,
            )  # fmt: skip
        starts: list[tuple[str, int]] = []
        if isinstance(value, yaml.SequenceNode):
            for item in value.value:
                starts.append((_item_id(item, item.start_mark.line + 1), item.start_mark.line))
        elif isinstance(value, yaml.MappingNode):
            starts = [(str(k.value), k.start_mark.line) for k, _ in value.value]
        else:
            continue
        if not starts:
            continue
        end = _trim(lines, starts[-1][1] + 1, _end_line(value, lines))
        section = Section(str(name), starts[0][1], end)
        bounds = [s for _, s in starts[1:]] + [end]
        for (entry_id, first), last in zip(starts, bounds, strict=True):
            if entry_id in section.entries:
                raise FactBaseError.single(
                    display, f"{KIND[str(name)]} id '{entry_id}' is defined twice",
                    "remove one copy", first + 1,
                )  # fmt: skip
            section.entries[entry_id] = "".join(lines[first:last])
        result.sections[str(name)] = section
    return result


def _item_id(item: yaml.Node, line: int) -> str:
    if isinstance(item, yaml.MappingNode):
        for k, v in item.value:
            if getattr(k, "value", None) == "id" and isinstance(v, yaml.ScalarNode):
                return str(v.value)
    return f"(the fact at line {line})"


def _end_line(node: yaml.Node, lines: list[str]) -> int:
    mark = node.end_mark
    return mark.line + (1 if mark.column > 0 else 0) if mark.line < len(lines) else len(lines)


def _trim(lines: list[str], floor: int, end: int) -> int:
    """Back over blank lines and top-level comments: they belong to what follows."""
    while end > floor and (not lines[end - 1].strip() or lines[end - 1].startswith("#")):
        end -= 1
    return end


# --------------------------------------------------------------------------- diff


@dataclass(frozen=True, slots=True)
class Change:
    kind: str  # topic, source, fact
    id: str
    what: str  # added, removed, changed
    fields: tuple[str, ...] = ()  # the keys that differ, for a change


def _fields(text: str) -> dict[str, str]:
    """An entry's keys and their values as YAML text, for saying what changed."""
    import textwrap

    try:
        node = compose(textwrap.dedent(text), "(entry)", error=FactBaseError)
    except FactBaseError:
        return {}
    if isinstance(node, yaml.SequenceNode) and node.value:
        node = node.value[0]  # a fact: "- id: ..."
    elif isinstance(node, yaml.MappingNode) and len(node.value) == 1:
        node = node.value[0][1]  # a topic or source: "its-id:" and its keys
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {str(k.value): yaml.serialize(v).strip() for k, v in node.value}


def diff(old: Split, new: Split) -> Iterator[Change]:
    for name in SECTIONS:
        before = old.sections.get(name, Section(name, 0, 0)).entries
        after = new.sections.get(name, Section(name, 0, 0)).entries
        kind = KIND[name]
        for entry_id in before:
            if entry_id not in after:
                yield Change(kind, entry_id, "removed")
        for entry_id, text in after.items():
            if entry_id not in before:
                yield Change(kind, entry_id, "added")
            elif _norm(before[entry_id]) != _norm(text):
                a, b = _fields(before[entry_id]), _fields(text)
                keys = [k for k in dict.fromkeys([*a, *b]) if a.get(k) != b.get(k)]
                yield Change(kind, entry_id, "changed", tuple(keys) or ("comments or layout",))


def _norm(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.strip("\n").splitlines())


# --------------------------------------------------------------------------- merge


@dataclass
class Merged:
    text: str
    conflicts: list[tuple[str, str]]  # (kind, id)


def merge(base: Split, ours: Split, theirs: Split) -> Merged:
    """Three-way merge of fact files keyed on ids; ours gives the file's layout."""
    conflicts: list[tuple[str, str]] = []
    out = list(ours.lines)
    appended: list[str] = []
    # From the last section up, so that earlier line numbers stay true.
    order = sorted(SECTIONS, key=lambda n: ours.sections[n].start if n in ours.sections else -1)
    for name in reversed(order):
        kind = KIND[name]
        b = base.sections.get(name, Section(name, 0, 0)).entries
        o_section = ours.sections.get(name)
        o = o_section.entries if o_section else {}
        t = theirs.sections.get(name, Section(name, 0, 0)).entries
        blocks: list[str] = []
        for entry_id in [*o, *[i for i in t if i not in o]]:
            text = _merge_entry(b.get(entry_id), o.get(entry_id), t.get(entry_id))
            if isinstance(text, tuple):
                conflicts.append((kind, entry_id))
                ours_text, theirs_text = text
                blocks.append(
                    f"<<<<<<< ours: {kind} '{entry_id}'\n{_eol(ours_text)}=======\n"
                    f"{_eol(theirs_text)}>>>>>>> theirs: {kind} '{entry_id}'\n"
                )
            elif text:
                blocks.append(_eol(text))
        if o_section is not None:
            out[o_section.start : o_section.end] = blocks
        elif blocks:
            appended.append(f"{name}:\n" + "".join(blocks))
    text = "".join(out)
    if appended:
        text = _eol(text) + "".join(reversed(appended))
    conflicts.sort(key=lambda c: (SECTIONS.index(c[0] + "s"), c[1]))
    return Merged(text, conflicts)


def _eol(text: str) -> str:
    return text if text.endswith("\n") or not text else text + "\n"


def _same_text(a: str | None, b: str | None) -> bool:
    if a is None or b is None:
        return a is b
    return _norm(a) == _norm(b)


def _merge_entry(base: str | None, ours: str | None, theirs: str | None) -> str | tuple[str, str]:
    """The merged text of one entry ("" when it is removed), or (ours, theirs) in conflict."""
    if _same_text(ours, theirs):
        return ours or ""
    if _same_text(base, ours):
        return theirs or ""
    if _same_text(base, theirs):
        return ours or ""
    return (ours or "# (removed)\n", theirs or "# (removed)\n")
