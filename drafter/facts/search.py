"""Ranked search over a fact base: case- and accent-insensitive, tolerant of a typo.

The index is built once per FactBase (on first search) as an inverted index from
normalised words to the facts and fields that hold them. A query word matches a word
of the index exactly, as a prefix (so results come while the user is still typing), or
within one edit (a typo), found through a deletion index rather than by comparing the
query with every word. Scores weight the field (statement above quote above tags and
source title), how the word matched, and how rare it is.
"""

from __future__ import annotations

import bisect
import heapq
import math
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from drafter.facts.loader import Fact, normalise

if TYPE_CHECKING:
    from drafter.facts.loader import FactBase

_WORD = re.compile(r"[a-z0-9]+")
_FIELD_WEIGHTS = {"statement": 3.0, "tags": 2.5, "quote": 1.5, "source": 1.0, "id": 1.0}
_EXACT, _PREFIX, _TYPO = 1.0, 0.7, 0.5
# Words too common to tell facts apart; they would match nearly everything.
_STOP = frozenset(
    "a an and are as at be by for from has have in is it its of on or that the this to was "
    "were will with".split()
)


def words(text: str) -> list[str]:
    """The searchable words of `text`, normalised."""
    return _WORD.findall(normalise(text))


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


@dataclass(frozen=True, slots=True)
class SearchHit:
    fact: Fact
    score: float
    matched: int  # how many of the query's words this fact matched


class IndexStore(Protocol):
    """Keeps a built index for the next process that loads the same base."""

    def load(self, factbase: FactBase) -> SearchIndex | None: ...

    def save(self, index: SearchIndex) -> None: ...


class SearchIndex:
    def __init__(self, factbase: FactBase) -> None:
        self._facts: list[Fact] = list(factbase)
        self._topics: list[frozenset[str]] = [frozenset(f.topics) for f in self._facts]
        postings: dict[str, dict[int, float]] = defaultdict(dict)
        for index, fact in enumerate(self._facts):
            source = factbase.sources.get(fact.source_id)
            fields: Iterable[tuple[str, str]] = (
                ("statement", fact.statement),
                ("quote", fact.quote),
                ("tags", " ".join(fact.tags)),
                ("source", source.title if source else ""),
                ("id", fact.id),
            )
            for name, text in fields:
                weight = _FIELD_WEIGHTS[name]
                for word in words(text):
                    if word in _STOP:
                        continue
                    held = postings[word]
                    if held.get(index, 0.0) < weight:
                        held[index] = weight
        self._postings = dict(postings)
        self._vocabulary = sorted(self._postings)
        count = max(len(self._facts), 1)
        self._idf = {w: math.log(1 + count / len(p)) for w, p in self._postings.items()}
        self._deletion_index: dict[str, list[str]] | None = None

    def __getstate__(self) -> dict[str, Any]:
        # The facts are the base's own: `attach` gives them back after unpickling.
        state = dict(self.__dict__)
        state.update(_facts=[], _topics=[], _deletion_index=None)
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)

    def attach(self, factbase: FactBase) -> None:
        """Point an unpickled index at the facts of `factbase` (the base it was built on)."""
        self._facts = list(factbase)
        self._topics = [frozenset(f.topics) for f in self._facts]

    def _typo_index(self) -> dict[str, list[str]]:
        # Built on the first query that needs it: most searches never do.
        if self._deletion_index is None:
            index: dict[str, list[str]] = defaultdict(list)
            for word in self._vocabulary:
                if len(word) >= 4:
                    for variant in _deletions(word):
                        index[variant].append(word)
            self._deletion_index = dict(index)
        return self._deletion_index

    def _expand(self, term: str) -> dict[str, float]:
        """Index words that `term` matches, each with how well it matches."""
        found: dict[str, float] = {}
        if term in self._postings:
            found[term] = _EXACT
        if len(term) >= 2:
            start = bisect.bisect_left(self._vocabulary, term)
            for word in self._vocabulary[start : start + 200]:
                if not word.startswith(term):
                    break
                found.setdefault(word, _PREFIX)
        if len(term) >= 4 and not found:
            index = self._typo_index()
            for word in index.get(term, ()):  # a letter missing from the query
                found.setdefault(word, _TYPO)
            for variant in _deletions(term):
                if variant in self._postings:  # a letter too many
                    found.setdefault(variant, _TYPO)
                for word in index.get(variant, ()):  # a letter changed or swapped
                    found.setdefault(word, _TYPO)
        return found

    def search(
        self, query: str, *, topic: str | None = None, limit: int | None = None
    ) -> list[SearchHit]:
        terms = [t for t in dict.fromkeys(words(query)) if t not in _STOP]
        if not terms:
            return []
        scores: dict[int, float] = defaultdict(float)
        matched: dict[int, int] = defaultdict(int)
        for term in terms:
            expanded = self._expand(term)
            if len(expanded) == 1:
                # The common case (an exact word): no best-of to take, and every value is
                # above zero, so one comprehension builds what the loop below would.
                ((word, quality),) = expanded.items()
                idf = self._idf[word]
                postings = self._postings[word].items()
                best = {index: quality * weight * idf for index, weight in postings}
            else:
                best = {}
                for word, quality in expanded.items():
                    idf = self._idf[word]
                    for index, weight in self._postings[word].items():
                        value = quality * weight * idf
                        if value > best.get(index, 0.0):
                            best[index] = value
            for index, value in best.items():
                scores[index] += value
                matched[index] += 1
        rounded = {i: round(score, 4) for i, score in scores.items()}
        found = [i for i in rounded if topic is None or topic in self._topics[i]]

        # Facts that match every word come first; then by score; ties keep file order.
        def rank(index: int) -> tuple[int, float]:
            return -matched[index], -rounded[index]

        # Only the hits returned become SearchHits: a common word matches thousands of
        # facts, and a screen shows twenty. nsmallest is sorted(...)[:limit], stably.
        if limit is not None and limit >= 0:
            chosen = heapq.nsmallest(limit, found, key=rank)
        else:
            chosen = sorted(found, key=rank)[:limit]
        return [SearchHit(self._facts[i], rounded[i], matched[i]) for i in chosen]
