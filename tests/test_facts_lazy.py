"""A base read from the cache is lazy: its facts are read when asked for, and it answers
every question as the base loaded from its files does."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from bench.data import write_factbase
from drafter.facts.cache import load_factbase_cached
from drafter.facts.loader import FactBase, load_factbase


@pytest.fixture
def base(tmp_path: Path) -> Path:
    return write_factbase(tmp_path / "facts", "base.yaml", facts=300, topics=8, sources=20)


def _lazy(base: Path, folder: Path) -> FactBase:
    load_factbase_cached([base], folder=folder)  # fills the cache
    return load_factbase_cached([base], folder=folder)


def test_a_cached_base_reads_no_fact_until_asked(base: Path, tmp_path: Path) -> None:
    lazy = _lazy(base, tmp_path / "cache")
    assert lazy.materialised == 0
    assert len(lazy) == 300 and len(lazy.facts) == 300
    topic = next(iter(lazy.topics))
    assert lazy.topic_count(topic) == len(load_factbase([base]).facts_for_topic(topic))
    ids = list(lazy.facts)
    assert ids[5] in lazy.facts and "no-such-fact" not in lazy.facts
    assert lazy.materialised == 0
    assert lazy.fact(ids[5]).id == ids[5]
    assert lazy.materialised == 1
    assert lazy.search("forced labour", limit=3)  # builds and keeps the index: reads all
    again = load_factbase_cached([base], folder=tmp_path / "cache")
    hits = again.search("forced labour", limit=3)
    assert again.materialised == len(hits)  # the index read back: only the hits are read


def test_a_cached_base_equals_the_loaded_one(base: Path, tmp_path: Path) -> None:
    lazy, eager = _lazy(base, tmp_path / "cache"), load_factbase([base])
    assert list(lazy.facts) == list(eager.facts)
    assert list(lazy) == list(eager)
    assert dict(lazy.facts.items()) == dict(eager.facts.items())
    for topic in [*eager.topics, "no-such-topic"]:
        assert lazy.facts_for_topic(topic) == eager.facts_for_topic(topic)
        assert lazy.topic_count(topic) == len(eager.facts_for_topic(topic))
    for today in (dt.date(2020, 1, 1), dt.date(2025, 6, 30), dt.date(2040, 1, 1)):
        assert lazy.due(today) == eager.due(today)
        topic = next(iter(eager.topics))
        assert lazy.due(today, topic) == eager.due(today, topic)
    for query in ("forced labour", "sanc", "xinjaing", "hong kong"):
        topic = next(iter(eager.topics))
        for kwargs in ({}, {"topic": topic}, {"limit": 5}):
            got = [(h.fact, h.score) for h in lazy.search(query, **kwargs)]  # type: ignore[arg-type]
            assert got == [(h.fact, h.score) for h in eager.search(query, **kwargs)]  # type: ignore[arg-type]
    with pytest.raises(KeyError):
        lazy.fact("no-such-fact")


@pytest.mark.parametrize("damage", ["truncate", "scramble"])
def test_a_damaged_entry_gives_the_base_from_its_files(
    base: Path, tmp_path: Path, damage: str
) -> None:
    folder = tmp_path / "cache"
    load_factbase_cached([base], folder=folder)
    (entry,) = folder.glob("factbase-*.facts")
    data = entry.read_bytes()
    if damage == "truncate":
        entry.write_bytes(data[: len(data) - 500])
    else:  # the same size, the facts' records overwritten
        entry.write_bytes(data[: len(data) // 2] + b"\xff" * (len(data) - len(data) // 2))
    eager = load_factbase([base])
    lazy = load_factbase_cached([base], folder=folder)
    assert list(lazy) == list(eager)
    assert lazy.fact(eager.in_order[-1].id) == eager.in_order[-1]


def test_a_grown_base_stays_lazy_and_is_a_delta(base: Path, tmp_path: Path) -> None:
    lazy = _lazy(base, tmp_path / "cache")
    extra = next(iter(load_factbase([base])))
    from dataclasses import replace

    added = replace(extra, id="added-fact")
    grown = lazy.appended(added)
    assert grown.materialised == 1 and len(grown) == 301
    assert grown.added_since(lazy) == (added,)
    assert lazy.added_since(grown) is None
    assert grown.facts_for_topic(added.topics[0])[-1] == added
    with pytest.raises(ValueError):
        grown.appended(added)
