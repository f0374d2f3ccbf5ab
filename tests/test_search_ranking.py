"""Search picks its hits without scoring every fact a common word matches; the hits, their
scores and their order are those of scoring every fact and sorting them all."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest

from bench.data import SEARCH_QUERIES, topic_ids, write_factbase
from drafter.facts.loader import FactBase, load_factbase
from drafter.facts.search import _STOP, SearchIndex, words


def _every_fact_scored(
    index: SearchIndex, query: str, topic: str | None, limit: int | None
) -> list[tuple[str, float, int]]:
    """The ranking written the plain way: every matching fact scored, then sorted."""
    terms = [t for t in dict.fromkeys(words(query)) if t not in _STOP]
    scores: dict[int, float] = defaultdict(float)
    matched: dict[int, int] = defaultdict(int)
    for term in terms:
        best: dict[int, float] = {}
        for word, quality in index._expand(term).items():
            idf = index._idf[word]
            for position, weight in index._postings[word].items():
                value = quality * weight * idf
                if value > best.get(position, 0.0):
                    best[position] = value
        for position, value in best.items():
            scores[position] += value
            matched[position] += 1
    rounded = {i: round(score, 4) for i, score in scores.items()}
    found = [i for i in rounded if topic is None or topic in index._facts[i].topics]
    ranked = sorted(found, key=lambda i: (-matched[i], -rounded[i]))[:limit]
    return [(index._facts[i].id, rounded[i], matched[i]) for i in ranked]


@pytest.fixture(scope="module")
def factbase(tmp_path_factory: pytest.TempPathFactory) -> FactBase:
    folder = tmp_path_factory.mktemp("facts")
    return load_factbase([write_factbase(folder, "base.yaml", facts=3000, topics=20)])


QUERIES = [*SEARCH_QUERIES, "s", "t", "la", "sanctions cotton", "forced labour xinjiang camps"]


@pytest.mark.parametrize("limit", [None, 0, 1, 3, 20, 500, -2])
def test_hits_scores_and_order_are_those_of_scoring_every_fact(
    factbase: FactBase, limit: int | None
) -> None:
    index = SearchIndex(factbase)
    for topic in (None, topic_ids(20)[0], topic_ids(20)[7]):
        for query in QUERIES:
            got = [
                (h.fact.id, h.score, h.matched)
                for h in index.search(query, topic=topic, limit=limit)
            ]
            assert got == _every_fact_scored(index, query, topic, limit), (query, topic)


def test_a_search_of_a_pickled_index_finds_the_same(factbase: FactBase, tmp_path: Path) -> None:
    import pickle

    index = SearchIndex(factbase)
    topic = topic_ids(20)[3]
    before = [[h.fact.id for h in index.search(q, topic=topic, limit=20)] for q in QUERIES]
    again = pickle.loads(pickle.dumps(index))
    again.attach(factbase)
    assert [[h.fact.id for h in again.search(q, topic=topic, limit=20)] for q in QUERIES] == before
