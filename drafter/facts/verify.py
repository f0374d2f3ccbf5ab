"""Checking every fact's quote against the archived text of its source.

A quote must appear verbatim in the archived copy; only white space and quotation
marks are normalised (curly to straight, runs of spaces and line breaks to one space),
so a changed word, a dropped comma or an ellipsis is a miss. A miss comes with the
closest passage of the source, so the fix is usually obvious.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from drafter.facts.loader import Fact, FactBase, Source

if TYPE_CHECKING:  # capture (and what it reads archives with) loads when an archive is read
    from drafter.facts.capture import Passage

_QUOTES = str.maketrans(
    {"‘": "'", "’": "'", "‛": "'", "′": "'", "“": '"', "”": '"', "„": '"', "″": '"'}
)
_SPACE = re.compile(r"\s+")

Outcome = Literal["found", "missing", "unverified"]


def normalise_quote(text: str) -> str:
    """White space and quotation marks made uniform; nothing else changes."""
    return _SPACE.sub(" ", text.translate(_QUOTES)).strip()


@dataclass(frozen=True, slots=True)
class QuoteCheck:
    fact: Fact
    outcome: Outcome
    detail: str = ""  # the closest passage for a miss; why for an unverified fact
    similarity: float = 0.0


def closest_passage(quote: str, text: str) -> tuple[str, float]:
    """The run of words in `text` most like `quote`, and how alike they are (0 to 1)."""
    words = text.split(" ")
    size = max(len(quote.split(" ")), 1)
    best, best_ratio = "", 0.0
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(quote)
    for start in range(max(len(words) - size + 1, 1)):
        window = " ".join(words[start : start + size])
        matcher.set_seq1(window)
        if matcher.real_quick_ratio() <= best_ratio or matcher.quick_ratio() <= best_ratio:
            continue
        ratio = matcher.ratio()
        if ratio > best_ratio:
            best, best_ratio = window, ratio
    return best, best_ratio


def archive_path(source: Source, sources_dir: Path | None) -> Path:
    """Where a source's archive is: in `sources_dir` when given, else `sources/` beside
    the file that defines the source (where `drafter sources add` puts it)."""
    return (sources_dir or Path(source.file).parent / "sources") / source.archive


@dataclass
class _Archive:
    path: Path
    text: str | None  # normalised; None when it cannot be read
    passages: list[Passage] | None  # numbered passages, normalised; None in a plain text
    digest: str = ""


def _read_archive(path: Path) -> _Archive:
    from drafter.facts.capture import Passage, passages, sha256

    try:
        data = path.read_bytes()
        raw = data.decode("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return _Archive(path, None, None)
    found = passages(raw)
    if found is not None:
        found = [Passage(p.locator, normalise_quote(p.text)) for p in found]
    return _Archive(path, normalise_quote(raw), found, sha256(data))


def verify_quotes(factbase: FactBase, sources_dir: Path | None = None) -> Iterator[QuoteCheck]:
    """One QuoteCheck per fact, in file order."""
    return (check for check, _ in _checks(factbase, sources_dir, {}))


def _checks(
    factbase: FactBase, sources_dir: Path | None, archives: dict[str, _Archive]
) -> Iterator[tuple[QuoteCheck, _Archive | None]]:
    for fact in factbase:
        source = factbase.source_of(fact)
        if not source.archive:
            yield QuoteCheck(fact, "unverified", f"source '{source.id}' has no archived copy"), None
            continue
        if source.id not in archives:
            archives[source.id] = _read_archive(archive_path(source, sources_dir))
        archive = archives[source.id]
        if archive.text is None:
            folder = archive.path.parent
            yield (
                QuoteCheck(
                    fact, "unverified", f"archived copy {source.archive} not found in {folder}"
                ),
                None,
            )
            continue
        quote = normalise_quote(fact.quote)
        if quote in archive.text:
            yield QuoteCheck(fact, "found", similarity=1.0), archive
        else:
            passage, ratio = closest_passage(quote, archive.text)
            yield QuoteCheck(fact, "missing", passage, ratio), archive


@dataclass(frozen=True, slots=True)
class Failure:
    """One thing `facts verify` found wrong, at the file and line to fix."""

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


@dataclass
class Report:
    quotes: dict[str, int] = field(
        default_factory=lambda: {"found": 0, "missing": 0, "unverified": 0}
    )
    locators: dict[str, int] = field(default_factory=lambda: {"right": 0, "wrong": 0})
    hashes: dict[str, int] = field(default_factory=lambda: {"same": 0, "changed": 0})
    failures: list[Failure] = field(default_factory=list)
    notes: list[Failure] = field(default_factory=list)  # unverified: said, not failed

    def summary(self) -> str:
        q, loc, h = self.quotes, self.locators, self.hashes
        text = f"{q['found']} quotes found, {q['missing']} missing, {q['unverified']} unverified"
        if loc["right"] or loc["wrong"]:
            text += f"; {loc['right']} locators right, {loc['wrong']} wrong"
        if h["same"] or h["changed"]:
            text += f"; {h['same']} archives unchanged, {h['changed']} changed"
        dates = sum(1 for f in self.failures if "is after its source's date" in f.message)
        if dates:
            text += f"; {dates} as_of after the source's date"
        return text


def verify(factbase: FactBase, sources_dir: Path | None = None) -> Report:
    """Everything `facts verify` checks: each quote verbatim in its source's archive, each
    locator true (the quote is in that paragraph or page of a numbered archive), each
    archive's SHA-256 as captured, and no `as_of` after its source's date unless the
    fact's `as_of_note` says why."""
    report = Report()
    archives: dict[str, _Archive] = {}
    unverified: dict[str, list[QuoteCheck]] = {}
    for check, archive in _checks(factbase, sources_dir, archives):
        fact = check.fact
        report.quotes[check.outcome] += 1
        if check.outcome == "missing":
            report.failures.append(
                Failure(
                    fact.file,
                    fact.line,
                    f"quote of '{fact.id}' not found in its source's archive (closest, "
                    f"{check.similarity:.0%} alike: \u201c{check.detail}\u201d)",
                )
            )
        elif check.outcome == "unverified":
            unverified.setdefault(fact.source_id, []).append(check)
        elif archive is not None and archive.passages is not None and fact.locator:
            problem = _locator_problem(fact, archive.passages)
            report.locators["wrong" if problem else "right"] += 1
            if problem:
                report.failures.append(Failure(fact.file, fact.line, problem))
        source = factbase.source_of(fact)
        if fact.as_of > source.date and not fact.as_of_note:
            report.failures.append(
                Failure(
                    fact.file,
                    fact.line,
                    f"the as_of of '{fact.id}' ({fact.as_of.isoformat()}) is after its "
                    f"source's date ({source.date.isoformat()}); correct it, or say why in "
                    "as_of_note",
                )
            )
    for source_id, checks in unverified.items():  # one line a source, not one a fact
        source = factbase.sources[source_id]
        count = len(checks)
        report.notes.append(
            Failure(
                source.file,
                source.line,
                f"{checks[0].detail}: {count} fact{'s' if count != 1 else ''} of source "
                f"'{source_id}' unverified",
            )
        )
    for source in factbase.sources.values():
        archive = archives.get(source.id)
        if archive is None and source.archive:
            archive = _read_archive(archive_path(source, sources_dir))
        if not source.sha256 or archive is None or archive.text is None:
            continue
        if archive.digest == source.sha256:
            report.hashes["same"] += 1
        else:
            report.hashes["changed"] += 1
            report.failures.append(
                Failure(
                    source.file,
                    source.line,
                    f"the archive of source '{source.id}' ({archive.path}) has changed since it "
                    "was captured (its SHA-256 differs); restore it, or capture the source again",
                )
            )
    report.failures.sort(key=lambda f: (f.file, f.line))
    return report


def _locator_problem(fact: Fact, found: list[Passage]) -> str:
    quote = normalise_quote(fact.quote)
    named = [p for p in found if p.locator == fact.locator]
    if named and quote in named[0].text:
        return ""
    where = [p.locator for p in found if quote in p.text]
    if not named:
        return f"the locator of '{fact.id}' is {fact.locator}, which its source's archive lacks" + (
            f"; the quote is in {where[0]}" if where else ""
        )
    if where:
        return (
            f"the locator of '{fact.id}' is {fact.locator}, but the quote is in {', '.join(where)}"
        )
    return f"the locator of '{fact.id}' is {fact.locator}, but the quote is not within one passage"
