"""Benchmark 3: search over the 10,000-fact base, p50 and p95 per query.

The first query pays for building the index (once per loaded base) and is reported on
its own; then every query of `bench.data.SEARCH_QUERIES` (words, phrases, prefixes typed
so far, one-letter typos) is timed several times, alone and limited to one topic, as the
TUI and `drafter facts search` run them. The first typo also builds the typo index,
which happens once; it is part of the figures, as a user would feel it.
"""

from __future__ import annotations

from functools import partial

from bench.data import SEARCH_QUERIES, topic_ids
from bench.timing import Context, Measurement, percentile, time_once
from drafter.facts.loader import FactBase

P95_TARGET_S = 0.010


def run(ctx: Context, factbase: FactBase) -> list[Measurement]:
    first = time_once(lambda: factbase.search(SEARCH_QUERIES[0], limit=20))
    topic = topic_ids()[0]
    rounds = ctx.runs(10, 3)
    times: list[float] = []
    for _ in range(rounds):
        for query in SEARCH_QUERIES:
            times.append(time_once(partial(factbase.search, query, limit=20)))
            times.append(time_once(partial(factbase.search, query, topic=topic, limit=20)))
    hits = sum(1 for query in SEARCH_QUERIES if factbase.search(query, limit=1))
    label = f"{len(SEARCH_QUERIES)} queries x {rounds} rounds, whole base and one topic"
    return [
        Measurement(
            "first search (builds the index)",
            first,
            "s",
            note=f"index over {len(factbase):,} facts, built once per loaded base",
        ),
        Measurement("search p50", percentile(times, 0.50), "s", note=label),
        Measurement(
            "search p95",
            percentile(times, 0.95),
            "s",
            P95_TARGET_S,
            note=f"max {max(times) * 1000:.1f} ms; {hits}/{len(SEARCH_QUERIES)} queries hit",
        ),
    ]
