"""Ranked search over a fact base: case- and accent-insensitive, tolerant of a typo.

The index is built once per FactBase (on first search) as an inverted index from
normalised words to the facts and fields that hold them. A query word matches a word
of the index exactly, as a prefix (so results come while the user is still typing), or
within one edit (a typo), found through a deletion index rather than by comparing the
query with every word. Scores weight the field (statement above quote above tags and
source title), how the word matched, and how rare it is.
"""

from __future__ import annotations

import array
import bisect
import heapq
import itertools
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
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


def _deletions(word: str) -> dict[str, None]:
    # In order (a set's order changes from one process to the next with the string hash,
    # and the order of a typo's index words breaks ties between equal scores).
    return dict.fromkeys(word[:i] + word[i + 1 :] for i in range(len(word)))


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
        self._facts: Sequence[Fact] = factbase.in_order
        self._topic_positions: Mapping[str, Sequence[int]] = factbase.topic_positions
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
        self._postings: Mapping[str, dict[int, float]] = dict(postings)
        self._vocabulary = sorted(self._postings)
        count = max(len(self._facts), 1)
        self._idf = {w: math.log(1 + count / len(p)) for w, p in self._postings.items()}
        self._deletion_index: dict[str, list[str]] | None = None
        self._by_topic: dict[str, frozenset[int]] = {}
        self._grouped: dict[str, list[tuple[float, list[int]]]] = {}

    def __getstate__(self) -> dict[str, Any]:
        # The facts are the base's own: `attach` gives them back after unpickling. Each
        # word's postings are kept as arrays of fact positions by weight: read back as
        # bytes, and made a dict only for the words a search looks at.
        state = dict(self.__dict__)
        state.update(_facts=[], _deletion_index=None, _by_topic={}, _grouped={})
        state["_topic_positions"] = {}
        del state["_postings"]
        postings = self._postings
        packed = postings.packed if isinstance(postings, _Postings) else None
        state["_packed"] = packed or {w: _pack(p) for w, p in postings.items()}
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        packed = state.pop("_packed", None)
        self.__dict__.update(state)
        if packed is not None:
            self._postings = _Postings(packed)
        self._by_topic, self._grouped = {}, {}

    def attach(self, factbase: FactBase) -> None:
        """Point an unpickled index at the facts of `factbase` (the base it was built on):
        by position, so that only the facts a search returns are read."""
        self._facts = factbase.in_order
        self._topic_positions = factbase.topic_positions
        self._by_topic = {}

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

    def _members(self, topic: str) -> frozenset[int]:
        """The positions of the facts on `topic` (worked out once per topic)."""
        members = self._by_topic.get(topic)
        if members is None:
            members = frozenset(self._topic_positions.get(topic, ()))
            self._by_topic[topic] = members
        return members

    def _values(self, expanded: dict[str, float], members: frozenset[int] | None) -> _Values:
        """For one query word: each fact's best value over the index words it matched."""
        if len(expanded) == 1:
            # The common case (an exact word): no best-of to take.
            ((word, quality),) = expanded.items()
            idf = self._idf[word]
            postings = self._postings[word]
            if members is None:
                return {index: quality * weight * idf for index, weight in postings.items()}
            return {i: quality * postings[i] * idf for i in postings.keys() & members}
        best: dict[int, float] = {}
        for word, quality in expanded.items():
            idf = self._idf[word]
            postings = self._postings[word]
            held = postings.items() if members is None else _pick(postings, members)
            for index, weight in held:
                value = quality * weight * idf
                if value > best.get(index, 0.0):
                    best[index] = value
        return best

    def _groups(self, word: str) -> list[tuple[float, list[int]]]:
        """The index word's facts by field weight, highest first (kept once worked out)."""
        groups = self._grouped.get(word)
        if groups is None:
            by_weight: dict[float, list[int]] = defaultdict(list)
            for index, weight in self._postings[word].items():
                by_weight[weight].append(index)
            groups = sorted(by_weight.items(), reverse=True)
            self._grouped[word] = groups
        return groups

    def _best_values(
        self, expanded: dict[str, float], members: frozenset[int] | None, wanted: int
    ) -> _Values:
        """`_values` for the facts whose value may round to one of the `wanted` highest:
        the index words' facts are gone through by value, highest first, so each fact is
        met first at its best value, and the rest are not gone through at all."""
        groups = []
        for word, quality in expanded.items():
            idf = self._idf[word]
            for weight, indexes in self._groups(word):
                groups.append((quality * weight * idf, indexes))
        groups.sort(key=lambda group: group[0], reverse=True)
        best: dict[int, float] = {}
        floor: float | None = None
        for value, indexes in groups:
            if floor is not None and value < floor:
                break
            held = set(indexes) if members is None else members.intersection(indexes)
            best.update(dict.fromkeys(held.difference(best), value))  # met first: at its best
            if floor is None and len(best) >= wanted:
                floor = value - _ROUNDING
        return best

    def search(
        self, query: str, *, topic: str | None = None, limit: int | None = None
    ) -> list[SearchHit]:
        """Facts that match every word first; then by score; ties in file order (more
        exactly: in the order the facts are first met going through the query's words,
        each word's index words, and each index word's facts in file order)."""
        terms = [t for t in dict.fromkeys(words(query)) if t not in _STOP]
        if not terms or limit == 0:
            return []
        members = self._members(topic) if topic is not None else None
        expansions = [self._expand(term) for term in terms]
        wanted = limit if limit is not None and limit > 0 else None
        values = self._term_values(expansions, members, wanted)
        present = [v for v in values if v]
        if not present:
            return []
        candidates = self._candidates(present, wanted)
        matched, rounded = _matched_and_scored(present, candidates)
        rank = {i: (-matched[i], -rounded[i]) for i in candidates}
        chosen = self._chosen(rank, wanted, limit, values, expansions)
        return [SearchHit(self._facts[i], rounded[i], matched[i]) for i in chosen]

    def _term_values(
        self,
        expansions: list[dict[str, float]],
        members: frozenset[int] | None,
        wanted: int | None,
    ) -> list[_Values]:
        """Each query word's facts and values."""
        if len(expansions) == 1 and len(expansions[0]) > 1 and wanted is not None:
            # One word typed so far, matching many index words: the best values first.
            return [self._best_values(expansions[0], members, wanted)]
        return [self._values(expanded, members) for expanded in expansions]

    def _position(
        self, index: int, values: list[_Values], expansions: list[dict[str, float]]
    ) -> tuple[int, int, int]:
        """Where the fact is first met: the query word, the index word within it, then the
        fact's place in the file (each index word's facts are in file order)."""
        term = next(t for t, v in enumerate(values) if index in v)
        words_of = expansions[term]
        if len(words_of) == 1:
            return term, 0, index
        rank = next(r for r, w in enumerate(words_of) if index in self._postings[w])
        return term, rank, index

    def _chosen(
        self,
        rank: dict[int, tuple[int, float]],
        wanted: int | None,
        limit: int | None,
        values: list[_Values],
        expansions: list[dict[str, float]],
    ) -> list[int]:
        """The hits in order: by rank, ties in the order first met."""

        def order(index: int) -> tuple[tuple[int, float], tuple[int, int, int]]:
            return rank[index], self._position(index, values, expansions)

        if wanted is None or len(rank) <= wanted:
            return sorted(rank, key=order)[:limit]
        # Thousands may tie with the last hit (a common word in as many statements):
        # those ahead of it are sorted, and the tied ones taken in the order first met.
        last = heapq.nsmallest(wanted, rank.values())[-1]
        ahead = sorted((i for i, r in rank.items() if r < last), key=order)
        tied = {i for i, r in rank.items() if r == last}
        return ahead + self._first_met(tied, wanted - len(ahead), values, expansions)

    def _first_met(
        self, tied: set[int], wanted: int, values: list[_Values], expansions: list[dict[str, float]]
    ) -> list[int]:
        """The first `wanted` of `tied` in the order `position` gives."""
        out: list[int] = []
        for held, expanded in zip(values, expansions, strict=True):
            here = tied.intersection(held)
            tied -= here
            for word in expanded if len(expanded) > 1 else (None,):
                found = sorted(here if word is None else here.intersection(self._postings[word]))
                here.difference_update(found)
                out += found
                if len(out) >= wanted:
                    return out[:wanted]
        return out

    @staticmethod
    def _candidates(present: list[_Values], wanted: int | None) -> Iterable[int]:
        """A set of facts that holds the first `wanted` hits (all of them for None), found
        without scoring every fact a common word matches."""
        if wanted is None:
            return set().union(*present)
        if len(present) == 1:
            (only,) = present
            return _top_values(only, wanted)
        every = set(present[0]).intersection(*present[1:])
        if len(every) >= wanted:  # facts matching every word come first
            return _top_scores(every, present, wanted)
        counts = Counter(itertools.chain.from_iterable(present))
        tiers = sorted(set(counts.values()), reverse=True)
        taken: set[int] = set()
        for tier in tiers:
            members = {i for i, c in counts.items() if c == tier}
            if len(taken) + len(members) >= wanted:
                return taken | _top_scores(members, present, wanted - len(taken))
            taken |= members
        return taken


_Values = dict[int, float]
_Packed = tuple[tuple[float, "array.array[int]"], ...]


def _pack(postings: dict[int, float]) -> _Packed:
    by_weight: dict[float, list[int]] = defaultdict(list)
    for index, weight in postings.items():
        by_weight[weight].append(index)
    return tuple((weight, array.array("i", held)) for weight, held in by_weight.items())


class _Postings(Mapping[str, dict[int, float]]):
    """Each word's facts and field weights, unpacked from `_pack`'s form when first asked for."""

    def __init__(self, packed: dict[str, _Packed]) -> None:
        self.packed = packed
        self._open: dict[str, dict[int, float]] = {}

    def __getitem__(self, word: str) -> dict[int, float]:
        held = self._open.get(word)
        if held is None:
            held = {}
            for weight, indexes in self.packed[word]:
                held.update(dict.fromkeys(indexes, weight))
            self._open[word] = held
        return held

    def __contains__(self, word: object) -> bool:
        return word in self.packed

    def __iter__(self) -> Iterator[str]:
        return iter(self.packed)

    def __len__(self) -> int:
        return len(self.packed)


# How far below the last hit's value a value may be and still round to the same score.
_ROUNDING = 2e-4


def _pick(postings: dict[int, float], members: frozenset[int]) -> Iterable[tuple[int, float]]:
    return ((i, postings[i]) for i in postings.keys() & members)


def _matched_and_scored(
    present: list[_Values], candidates: Iterable[int]
) -> tuple[dict[int, int], dict[int, float]]:
    """How many query words each candidate matches, and its score rounded."""
    if len(present) == 1:  # one word: its value is the score
        (only,) = present
        return dict.fromkeys(candidates, 1), {i: round(only[i], 4) for i in candidates}
    matched = {i: sum(1 for v in present if i in v) for i in candidates}
    return matched, {i: round(_score(i, present), 4) for i in candidates}


def _score(index: int, present: list[_Values]) -> float:
    """The fact's score: its values summed in the order of the query's words."""
    score = 0.0
    for values in present:
        value = values.get(index)
        if value is not None:
            score += value
    return score


def _top_values(values: _Values, wanted: int) -> Iterable[int]:
    """The facts whose value may round to one of the `wanted` highest."""
    if len(values) <= wanted:
        return values.keys()
    floor = heapq.nlargest(wanted, values.values())[-1] - _ROUNDING
    return [i for i, value in values.items() if value >= floor]


def _top_scores(members: set[int], present: list[_Values], wanted: int) -> set[int]:
    """Of `members`, those whose score may round to one of the `wanted` highest."""
    if len(members) <= wanted:
        return members
    scores = {i: _score(i, present) for i in members}
    floor = heapq.nlargest(wanted, scores.values())[-1] - _ROUNDING
    return {i for i, score in scores.items() if score >= floor}
