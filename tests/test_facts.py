"""The fact base: loading, merging, staleness, search and the bundled facts."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from drafter.errors import FactBaseError
from drafter.facts.loader import FactBase, add_months, load_factbase
from drafter.paths import bundled_facts

DATA = Path(__file__).parent / "data" / "facts"


@pytest.fixture(scope="module")
def bundled() -> FactBase:
    return load_factbase([bundled_facts()])


def test_bundled_base_covers_the_core_topics(bundled: FactBase) -> None:
    assert len(bundled) >= 30
    for topic in ("xinjiang", "hong-kong", "sanctions"):
        assert len(bundled.facts_for_topic(topic)) >= 6, topic


def test_bundled_statements_are_attributed(bundled: FactBase) -> None:
    # A fact reports what its source said; it names who said it.
    for fact in bundled:
        source = bundled.source_of(fact)
        speaker = "FCDO" if source.type == "letter" else "Amnesty International UK"
        assert speaker in fact.statement, fact.id


def test_third_party_base_on_an_unseen_topic_loads_and_searches() -> None:
    factbase = load_factbase([DATA / "fisheries.yaml"])
    assert list(factbase.topics) == ["antarctic-fisheries"]
    assert factbase.search("krill")[0].fact.id == "krill-catch-limit"
    assert [h.fact.id for h in factbase.search("tothfish")] == ["toothfish-iuu-fishing"]


def test_files_merge_and_a_layer_can_use_another_files_topics() -> None:
    factbase = load_factbase([DATA / "fisheries.yaml", DATA / "layer.yaml"])
    assert [f.id for f in factbase.facts_for_topic("antarctic-fisheries")] == [
        "krill-catch-limit",
        "toothfish-iuu-fishing",
        "krill-fishery-closed",
    ]
    assert factbase.files == (str(DATA / "fisheries.yaml"), str(DATA / "layer.yaml"))


def test_a_layer_alone_reports_what_it_lacks() -> None:
    with pytest.raises(FactBaseError) as caught:
        load_factbase([DATA / "layer.yaml"])
    messages = [p.message for p in caught.value.problems]
    assert messages == [
        "fact 'krill-fishery-closed' names source 'ccamlr-report-2024', which is not defined",
        "fact 'krill-fishery-closed' names topic 'antarctic-fisheries', which is not defined",
    ]


def test_extensions_are_kept_as_plain_data(bundled: FactBase) -> None:
    factbase = load_factbase([DATA / "fisheries.yaml"])
    assert factbase.facts["krill-catch-limit"].extensions == {}
    assert any(f.extensions or bundled.source_of(f).extensions for f in bundled)


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 11, 23), -18, date(2025, 5, 23)),
        (date(2026, 3, 31), -1, date(2026, 2, 28)),
        (date(2024, 3, 31), -1, date(2024, 2, 29)),
        (date(2026, 1, 15), -13, date(2024, 12, 15)),
    ],
)
def test_add_months(day: date, months: int, expected: date) -> None:
    assert add_months(day, months) == expected


def test_staleness_follows_the_threshold() -> None:
    factbase = load_factbase([DATA / "fisheries.yaml"], stale_months=18)
    fact = factbase.facts["krill-catch-limit"]  # as of 1 November 2024
    assert not factbase.is_stale(fact, today=date(2026, 5, 1))
    assert factbase.is_stale(fact, today=date(2026, 5, 2))
    strict = load_factbase([DATA / "fisheries.yaml"], stale_months=6)
    assert strict.is_stale(fact, today=date(2025, 6, 1))


def test_search_is_ranked_and_forgiving(bundled: FactBase) -> None:
    best = bundled.search("Jimmy Lai")[0].fact
    assert "Jimmy Lai" in best.statement
    # accents and case do not matter; a small typo is tolerated
    assert bundled.search("JIMMY LÁI")[0].fact == best
    assert bundled.search("jimy lai")[0].fact == best
    # a prefix finds words while the user is still typing
    assert bundled.search("sanct")
    # every word matched ranks above some words matched
    hits = bundled.search("forced labour supply chains")
    assert hits[0].matched == 4
    assert [h.matched for h in hits] == sorted((h.matched for h in hits), reverse=True)


def test_search_within_a_topic_and_nothing_found(bundled: FactBase) -> None:
    hits = bundled.search("national security", topic="hong-kong")
    assert hits and all("hong-kong" in h.fact.topics for h in hits)
    assert bundled.search("zzzzqqq") == []
    assert bundled.search("the of and") == []


def test_factbase_survives_pickling_for_the_cache(bundled: FactBase) -> None:
    import pickle

    copy = pickle.loads(pickle.dumps(bundled))
    assert list(copy.facts) == list(bundled.facts)
    assert copy.search("Jimmy Lai")[0].fact.id == bundled.search("Jimmy Lai")[0].fact.id
