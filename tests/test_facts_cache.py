"""The fact base cache: the base and its search index kept for the next process."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bench.data import write_factbase
from drafter.facts import cache
from drafter.facts.cache import load_factbase_cached
from drafter.facts.loader import load_factbase
from drafter.facts.search import SearchIndex


@pytest.fixture
def base(tmp_path: Path) -> Path:
    return write_factbase(tmp_path / "facts", "base.yaml", facts=200, topics=8, sources=20)


def _hits(factbase: object, query: str) -> list[tuple[str, float, int]]:
    return [(h.fact.id, h.score, h.matched) for h in factbase.search(query, limit=30)]  # type: ignore[attr-defined]


def test_the_index_built_by_a_search_is_read_back_not_built_again(
    base: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "cache"
    first = load_factbase_cached([base], folder=folder)
    expected = {q: _hits(first, q) for q in ("forced labour", "sanc", "xinjaing")}
    assert expected == {q: _hits(load_factbase([base]), q) for q in expected}
    assert [p.name.split("-")[0] for p in sorted(folder.glob("index-*"))] == ["index"]

    def not_again(self: SearchIndex, factbase: object) -> None:
        raise AssertionError("the index was built again")

    monkeypatch.setattr(SearchIndex, "__init__", not_again)
    second = load_factbase_cached([base], folder=folder)
    assert {q: _hits(second, q) for q in expected} == expected


def test_an_unreadable_index_is_built_again(base: Path, tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    reference = _hits(load_factbase([base]), "forced labour")
    load_factbase_cached([base], folder=folder).search("x")
    (index,) = folder.glob("index-*.pickle")
    index.write_bytes(b"not a pickle")
    assert _hits(load_factbase_cached([base], folder=folder), "forced labour") == reference
    assert index.read_bytes() != b"not a pickle"  # kept again, whole


def test_a_remembered_hash_does_not_hide_an_edit_of_the_same_size_and_time(
    base: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache, "RACY_SECONDS", -1.0)  # trust even a brand-new entry
    folder = tmp_path / "cache"
    before = load_factbase_cached([base], folder=folder)
    assert (folder / "file-hashes.pickle").exists()
    first = next(iter(before))
    info = base.stat()
    text = base.read_text(encoding="utf-8")
    changed = ("X" if first.statement[0] != "X" else "Y") + first.statement[1:]
    base.write_text(text.replace(first.statement, changed, 1), encoding="utf-8")
    os.utime(base, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert base.stat().st_size == info.st_size
    after = load_factbase_cached([base], folder=folder)
    assert after.fact(first.id).statement == changed


def test_a_hash_younger_than_two_seconds_is_not_remembered(base: Path, tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    load_factbase_cached([base], folder=folder)
    assert not (folder / "file-hashes.pickle").exists()  # the file was written just now


def test_facts_added_are_cached_as_a_delta_that_loads_as_the_file_does(
    base: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bench.grow import office_file
    from drafter.facts.grow import add_fact_to_file

    folder = tmp_path / "cache"
    monkeypatch.setenv("DRAFTER_CACHE_DIR", str(folder))
    monkeypatch.delenv("DRAFTER_NO_CACHE", raising=False)
    office = office_file(base, tmp_path / "office")
    topic = next(iter(load_factbase([office]).topics))
    load_factbase_cached([office])  # a full entry, as any earlier command leaves
    fulls = sorted(folder.glob("factbase-*.facts"))
    for number in (1, 2):
        add_fact_to_file(
            [office], office, source_id="bench-capture", quote="Costs rose by a third",
            statement=f"Costs rose by a third ({number}).", topics=[topic],
            fact_id=f"added-{number}",
        )  # fmt: skip
    assert len(list(folder.glob("factbase-*.delta"))) == 2
    assert sorted(folder.glob("factbase-*.facts")) == fulls  # both over the same full entry
    cached, cold = load_factbase_cached([office]), load_factbase([office])
    assert list(cached.facts) == list(cold.facts)
    assert list(cached.facts)[-2:] == ["added-1", "added-2"]
    assert all(cached.facts[i] == cold.facts[i] for i in cold.facts)
    assert cached.facts_for_topic(topic) == cold.facts_for_topic(topic)
    assert (cached.files, cached.topics, cached.sources) == (cold.files, cold.topics, cold.sources)

    for full in folder.glob("factbase-*.facts"):
        full.unlink()  # the entry the delta builds on is gone: the file is loaded again
    assert list(load_factbase_cached([office]).facts) == list(cold.facts)


def test_a_delta_grows_into_a_full_entry(
    base: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bench.grow import office_file
    from drafter.facts.grow import add_fact_to_file

    folder = tmp_path / "cache"
    monkeypatch.setenv("DRAFTER_CACHE_DIR", str(folder))
    monkeypatch.delenv("DRAFTER_NO_CACHE", raising=False)
    monkeypatch.setattr(cache, "_delta_limit", lambda full_facts: 1)
    office = office_file(base, tmp_path / "office")
    topic = next(iter(load_factbase([office]).topics))
    load_factbase_cached([office])
    fulls = len(list(folder.glob("factbase-*.facts")))
    for number in (1, 2):
        add_fact_to_file(
            [office], office, source_id="bench-capture", quote="Costs rose by a third",
            statement=f"Costs rose by a third ({number}).", topics=[topic],
            fact_id=f"added-{number}",
        )  # fmt: skip
    assert len(list(folder.glob("factbase-*.facts"))) == fulls + 1  # the second add's
    assert list(load_factbase_cached([office]).facts) == list(load_factbase([office]).facts)


def test_what_a_cached_read_keeps_is_frozen_out_of_the_collectors_passes() -> None:
    import gc

    from drafter.yamlio import gc_paused

    gc.unfreeze()
    try:
        with gc_paused():
            passing = [[] for _ in range(1000)]
        assert gc.get_freeze_count() == 0
        assert gc.isenabled()
        with gc_paused(keep=True):
            kept = [[] for _ in range(1000)]
        assert gc.get_freeze_count() >= len(kept) + len(passing)
        assert gc.isenabled()
    finally:
        gc.unfreeze()
