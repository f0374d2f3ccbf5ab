"""Growing the fact base: a captured source and a verified fact added to an office file.

The shells gather what the user typed; everything worked out here (the archive, its
hash, where the quote is, the locator, a suggested id) is the same for the CLI and the
app. Files are edited in place (drafter.facts.edit) and written atomically.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from drafter.errors import FactBaseError
from drafter.facts.capture import Capture, Passage, archive_folder, passages, write_archive
from drafter.facts.edit import Document, Value
from drafter.facts.lifecycle import KINDS
from drafter.facts.loader import SCHEMA_VERSION, Fact, FactBase, Source, read_fact_snippet
from drafter.facts.source_types import SOURCE_TYPES
from drafter.yamlio import SLUG

REQUIRED_SOURCE_FIELDS = ("type", "title", "author", "date")
SOURCE_FIELDS = ("type", "title", "author", "organisation", "recipient", "reference", "url", "date")
_STOP = frozenset(
    "a an and are as at be by for from had has have in into is it its of on or said says "
    "that the their there they this to was were which will with would told".split()
)


def new_file_text() -> str:
    return (
        f"# An office's own facts (drafter fact base, schema {SCHEMA_VERSION}; docs/facts.md).\n"
        f"schema: {SCHEMA_VERSION}\n"
    )


def _open(target: Path) -> Document:
    if not target.exists():
        return Document(target, str(target), new_file_text())
    doc = Document.read(target)
    if doc.schema() == "1":
        raise FactBaseError.single(
            str(target),
            "is a schema 1 file; new sources and facts are written in schema 2",
            f"run `drafter facts upgrade {target}` first",
        )
    return doc


# --------------------------------------------------------------------------- sources


def missing_source_fields(fields: Mapping[str, str]) -> list[str]:
    return [name for name in REQUIRED_SOURCE_FIELDS if not fields.get(name)]


def source_fields(captured: Capture, given: Mapping[str, str]) -> tuple[dict[str, str], list[str]]:
    """The new source's fields: each as the user gave it, else as the document's metadata
    has it, the type else the one its format implies (a web page, a report); and the names
    taken from the metadata. What `sources add` and the app's capture both use."""
    from drafter.facts.capture import DEFAULT_TYPES

    fields = {name: given.get(name) or captured.metadata.get(name, "") for name in SOURCE_FIELDS}
    if not fields["type"]:
        fields["type"] = DEFAULT_TYPES.get(captured.format, "")
    taken = [k for k, v in captured.metadata.items() if v and not given.get(k)]
    return fields, taken


def suggest_source_id(title: str, taken: Mapping[str, object]) -> str:
    """An id for a new source from its title's first telling words, not one in `taken`."""
    words = [w for w in re.findall(r"[a-z0-9]+", title.lower()) if w not in _STOP]
    stem = "-".join(words[:5])[:50].strip("-") or "source"
    return _unused_slug(stem, "source-", taken)


def _unused_slug(stem: str, prefix: str, taken: Mapping[str, object]) -> str:
    """`stem` as an id (after `prefix` if it does not start like one), numbered from 2
    until it is not in `taken`."""
    if not SLUG.match(stem):
        stem = prefix + stem
    candidate, number = stem, 2
    while candidate in taken:
        candidate, number = f"{stem}-{number}", number + 1
    return candidate


@dataclass(frozen=True, slots=True)
class AddedSource:
    source_id: str
    target: Path
    archive: Path
    sha256: str
    passages: int
    line: int


def add_source(
    target: Path,
    source_id: str,
    captured: Capture,
    fields: Mapping[str, str],
    *,
    base: Sequence[Path],
    today: dt.date,
    force: bool = False,
    stale_months: int = 18,
) -> AddedSource:
    """Archive the captured text beside `target` and add the source entry to it."""
    problems = []
    if not SLUG.match(source_id):
        problems.append(("--id", f"source id '{source_id}' is not a valid id",
                         "lowercase letters, digits and hyphens"))  # fmt: skip
    if fields.get("type") and fields["type"] not in SOURCE_TYPES:
        problems.append(("--type", f"unknown source type '{fields['type']}'",
                         "use one of: " + ", ".join(SOURCE_TYPES)))  # fmt: skip
    for name in ("date", "accessed"):
        if fields.get(name):
            try:
                dt.date.fromisoformat(fields[name])
            except ValueError:
                problems.append((f"--{name}", f"not a date: '{fields[name]}'", "YYYY-MM-DD"))
    missing = missing_source_fields(fields)
    if missing:
        problems.append(("command line", "the source has no " + " or ".join(missing),
                         "give " + ", ".join(f"--{m}" for m in missing)))  # fmt: skip
    if problems:
        raise FactBaseError([FactBaseError.single(f, m, h).problems[0] for f, m, h in problems])
    entry: dict[str, Value] = {}
    for name in ("type", "title", "author", "organisation", "recipient"):
        if fields.get(name):
            entry[name] = fields[name]
    entry["date"] = dt.date.fromisoformat(fields["date"])
    if fields.get("reference"):
        entry["reference"] = fields["reference"]
    if fields.get("url"):
        entry["url"] = fields["url"]
        entry["accessed"] = dt.date.fromisoformat(fields.get("accessed") or today.isoformat())
    return store_source(
        target, source_id, entry, captured,
        base=base, today=today, force=force, stale_months=stale_months,
    )  # fmt: skip


def store_source(
    target: Path,
    source_id: str,
    entry: Mapping[str, Value],
    captured: Capture,
    *,
    base: Sequence[Path],
    today: dt.date,
    force: bool = False,
    stale_months: int = 18,
) -> AddedSource:
    """The one way a source comes in, however it was read (`sources add`, `sources
    import-parliament`): its text archived as `sources/ID.txt` beside `target`, numbered,
    and the entry written with the archive's name, SHA-256 and the capture date. A
    source already in `target` is replaced only with `force`."""
    from drafter.facts.capture import sha256

    doc = _open(target)
    existing = doc.source_line(source_id) if target.exists() else None
    if existing is not None and not force:
        raise FactBaseError.single(
            str(target),
            f"source '{source_id}' is already in this file",
            "give another --id, or --force to capture it again (its archive and entry are "
            "replaced)",
            existing,
        )
    name = f"{source_id}.txt"
    text = captured.archive_text()
    # The entry is checked (with the archive's hash) before the archive is written.
    full: dict[str, Value] = {
        **{k: v for k, v in entry.items() if k not in ("archive", "sha256", "captured")},
        "archive": name,
        "sha256": sha256(text.encode("utf-8")),
        "captured": today,
    }
    if existing is not None:
        line = doc.replace_source(source_id, full)
    else:
        line = doc.append_source(source_id, full)
    _check_loads(doc, base, stale_months)
    archive, digest = write_archive(archive_folder(target), name, text, force=force)
    doc.save()
    count = sum(1 for p in captured.passages if p.locator)
    return AddedSource(source_id, target, archive, digest, count, line)


def _check_loads(doc: Document, base: Sequence[Path], stale_months: int) -> None:
    from drafter.facts.review import _check

    paths = [p for p in base if not _same(p, doc.path)] + [doc.path]
    _check(doc, paths, stale_months)


def _same(a: Path, b: Path) -> bool:
    from drafter.facts.layers import same_file

    return same_file(a, b)


# --------------------------------------------------------------------------- facts


@dataclass(frozen=True, slots=True)
class Located:
    locator: str  # "" when the archive has no numbered passages
    also: tuple[str, ...] = ()  # other passages that hold the quote too


@dataclass(frozen=True, slots=True)
class AddedFact:
    fact: Fact
    factbase: FactBase  # the base with the fact in it, as a load would give it
    located: Located
    suggested_id: bool


def archive_of(factbase: FactBase, source_id: str, sources_dir: Path | None = None) -> Path:
    source = factbase.sources[source_id]
    folder = sources_dir or archive_folder(Path(source.file))
    return folder / source.archive


def quotable_sources(factbase: FactBase) -> list[Source]:
    """The sources a new fact can quote: those whose archived text is there to read (a
    bundled source names its archive, but the file ships only with a captured copy),
    newest first."""
    found = [
        s for s in factbase.sources.values() if s.archive and archive_of(factbase, s.id).is_file()
    ]
    return sorted(found, key=lambda s: (s.date, s.id), reverse=True)


def archive_passages(path: Path) -> tuple[str, list[Passage] | None]:
    """The archive's text and its numbered passages (None when it has none)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or "not UTF-8 text"
        raise FactBaseError.single(
            str(path), f"the source's archive cannot be read: {reason}",
            "capture it again with drafter sources add",
        ) from None  # fmt: skip
    return text, passages(text)


def locate(quote: str, text: str, found: list[Passage] | None) -> Located | None:
    """Where the quote is, verbatim (white space and quotation marks normalised)."""
    from drafter.facts.capture import iter_locators
    from drafter.facts.verify import normalise_quote

    if found is None:
        return Located("") if normalise_quote(quote) in normalise_quote(text) else None
    where = list(iter_locators(found, quote))
    if not where:
        return None
    return Located(where[0], tuple(where[1:]))


def closest(quote: str, text: str, found: list[Passage] | None) -> tuple[str, str, float]:
    """(locator, passage, likeness) of the text most like the quote."""
    from drafter.facts.verify import closest_passage, normalise_quote

    wanted = normalise_quote(quote)
    if found is None:
        passage, ratio = closest_passage(wanted, normalise_quote(text))
        return "", passage, ratio
    best = ("", "", 0.0)
    for item in found:
        passage, ratio = closest_passage(wanted, normalise_quote(item.text))
        if ratio > best[2]:
            best = (item.locator, passage, ratio)
    return best


def suggest_id(statement: str, source_id: str, taken: Mapping[str, object]) -> str:
    """The source id's first word and the statement's first few telling words."""
    words = [
        w for w in re.findall(r"[a-z0-9]+", statement.lower()) if w not in _STOP and len(w) > 1
    ]
    prefix = source_id.split("-")[0]
    stem = "-".join([prefix, *[w for w in words if w != prefix][:5]])[:60].strip("-")
    return _unused_slug(stem, "fact-", taken)


def add_fact_to_file(
    paths: Sequence[Path],
    target: Path,
    *,
    stale_months: int = 18,
    **fact: Any,
) -> AddedFact:
    """`add_fact` into `target` over the base `paths` load to (with `target` layered on
    top when they do not name it), read through the cache; the grown base is stored in
    the cache, so the next command (or the app) starts from it. What `facts add` and the
    app's New fact screen both do."""
    from drafter.facts.cache import load_factbase_cached, remember

    paths = list(paths)
    if not any(_same(p, target) for p in paths) and target.exists():
        paths.append(target)
    factbase = load_factbase_cached(paths, stale_months=stale_months)
    added = add_fact(factbase, target, **fact)
    if not any(_same(p, target) for p in paths):
        paths.append(target)
    remember(paths, added.factbase, stale_months=stale_months, grown_from=factbase)
    return added


def find_passages(
    factbase: FactBase, source_id: str, query: str, *, limit: int = 50
) -> list[Passage]:
    """The passages of a source's archive holding every word of `query` (case and
    quotation marks aside), in order; all of them for an empty query. An archive without
    numbers is one passage with no locator. FactBaseError when it cannot be read."""
    from drafter.facts.verify import normalise_quote

    text, found = archive_passages(archive_of(factbase, source_id))
    items = found if found is not None else [Passage("", text.strip())]
    words = normalise_quote(query).casefold().split()
    hits = [p for p in items if all(w in normalise_quote(p.text).casefold() for w in words)]
    return hits[:limit]


def add_fact(
    factbase: FactBase,
    target: Path,
    *,
    source_id: str,
    quote: str,
    statement: str,
    topics: Sequence[str],
    tags: Sequence[str] = (),
    as_of: dt.date | None = None,
    kind: str = "position",
    fact_id: str | None = None,
    locator: str | None = None,
    sources_dir: Path | None = None,
) -> AddedFact:
    """Check the fact against the base and its source's archive, then append it to
    `target` (comments and order kept) and return the base as it now loads."""
    if source_id not in factbase.sources:
        raise FactBaseError.single(
            "--source", f"no source '{source_id}'",
            _close(source_id, factbase.sources) or "capture it with drafter sources add",
        )  # fmt: skip
    problems = _field_problems(factbase, topics, tags, kind, statement)
    located = _locate_quote(factbase, source_id, quote, sources_dir)
    if locator and located.locator and locator != located.locator:
        problems.append(("--locator", f"the quote is in {located.locator}, not {locator}",
                         "leave --locator out; it is worked out from the archive"))  # fmt: skip
    new_id = fact_id or suggest_id(statement, source_id, factbase.facts)
    problems += _id_problems(factbase, new_id)
    if problems:
        raise FactBaseError(FactBaseError.single(*p).problems[0] for p in problems)
    fields: dict[str, Value] = {
        "id": new_id,
        "topics": list(dict.fromkeys(topics)),
        "statement": statement.strip(),
        "source": source_id,
        "quote": quote.strip(),
    }
    final_locator = located.locator or (locator or "")
    if final_locator:
        fields["locator"] = final_locator
    fields["as_of"] = as_of or factbase.sources[source_id].date
    if tags:
        fields["tags"] = list(dict.fromkeys(tags))
    fields["kind"] = kind
    fact, grown = _append_fact(factbase, target, fields)
    return AddedFact(fact, grown, located, suggested_id=fact_id is None)


def _close(name: str, known: Iterable[str]) -> str:
    match = difflib.get_close_matches(name, list(known), n=1)
    return f"did you mean '{match[0]}'?" if match else ""


def _field_problems(
    factbase: FactBase, topics: Sequence[str], tags: Sequence[str], kind: str, statement: str
) -> list[tuple[str, str, str]]:
    """(option, message, hint) for each topic, tag, kind and statement that will not do."""
    problems = [
        ("--topic", f"no topic '{topic}'", _close(topic, factbase.topics))
        for topic in topics
        if topic not in factbase.topics
    ]
    if not topics:
        problems.append(("--topic", "the fact has no topic", "give --topic T (repeatable)"))
    problems += [
        ("--tag", f"tag '{tag}' is not a valid id", "lowercase, hyphens")
        for tag in tags
        if not SLUG.match(tag)
    ]
    if kind not in KINDS:
        problems.append(("--kind", f"unknown kind '{kind}'", "use one of: " + ", ".join(KINDS)))
    if not statement.strip():
        problems.append(("--statement", "the statement is empty", "write the sentence"))
    return problems


def _locate_quote(
    factbase: FactBase, source_id: str, quote: str, sources_dir: Path | None
) -> Located:
    """Where the quote is in the source's archive; FactBaseError when it is not there,
    naming the closest passage."""
    source = factbase.sources[source_id]
    if not source.archive:
        raise FactBaseError.single(
            source.file, f"source '{source_id}' has no archived copy to check the quote in",
            "capture it with drafter sources add FILE --id ...", source.line,
        )  # fmt: skip
    path = archive_of(factbase, source_id, sources_dir)
    text, found = archive_passages(path)
    located = locate(quote, text, found)
    if located is None:
        where, passage, ratio = closest(quote, text, found)
        at = f" ({where})" if where else ""
        raise FactBaseError.single(
            "--quote",
            f"the quote is not in the archive of '{source_id}' ({path.name}); the closest "
            f"passage{at}, {ratio:.0%} alike: \u201c{passage}\u201d",
            "copy the words exactly; only white space and quotation marks may differ",
        )
    return located


def _id_problems(factbase: FactBase, new_id: str) -> list[tuple[str, str, str]]:
    if not SLUG.match(new_id):
        return [("--id", f"fact id '{new_id}' is not a valid id", "lowercase, hyphens")]
    if new_id in factbase.facts:
        earlier = factbase.facts[new_id]
        return [("--id", f"fact id '{new_id}' is taken ({earlier.file}:{earlier.line})",
                 "choose another id")]  # fmt: skip
    return []


def _append_fact(
    factbase: FactBase, target: Path, fields: dict[str, Value]
) -> tuple[Fact, FactBase]:
    """Append the fact's block to `target`; the fact as it loads, and the base with it."""
    from drafter.facts.edit import fact_block

    display = next((f for f in factbase.files if _same(Path(f), target)), str(target))
    doc = _open(target)
    if not target.exists():
        doc.path = target
    line = doc.append_fact(fields)
    parsed = read_fact_snippet(fact_block(fields, 2), display)
    fact = replace(parsed, line=line)
    doc.save(check=False)  # the whole file is not composed again: the block was, alone
    grown = factbase.appended(
        fact, files=factbase.files if display in factbase.files else (*factbase.files, display)
    )
    return fact, grown
