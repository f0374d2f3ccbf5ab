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
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from drafter.facts.loader import Fact, FactBase

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


def verify_quotes(factbase: FactBase, sources_dir: Path) -> Iterator[QuoteCheck]:
    """One QuoteCheck per fact, in file order."""
    texts: dict[str, str | None] = {}
    for fact in factbase:
        source = factbase.source_of(fact)
        if not source.archive:
            yield QuoteCheck(fact, "unverified", f"source '{source.id}' has no archived copy")
            continue
        if source.archive not in texts:
            path = sources_dir / source.archive
            try:
                texts[source.archive] = normalise_quote(path.read_text(encoding="utf-8-sig"))
            except (OSError, UnicodeDecodeError):
                texts[source.archive] = None
        text = texts[source.archive]
        if text is None:
            yield QuoteCheck(
                fact, "unverified", f"archived copy {source.archive} not found in {sources_dir}"
            )
            continue
        quote = normalise_quote(fact.quote)
        if quote in text:
            yield QuoteCheck(fact, "found", similarity=1.0)
        else:
            passage, ratio = closest_passage(quote, text)
            yield QuoteCheck(fact, "missing", passage, ratio)
