"""Benchmark 2: loading and validating the 10,000-fact base, cold and from the cache.

Cold is `load_factbase` itself (what `DRAFTER_NO_CACHE=1` does), in this process after
its modules are imported; its CPU time is noted too, as a figure that other work on the
machine disturbs less than the wall clock. Cached is `load_factbase_cached` answering
from a warm cache in a temporary folder: the time to hash the file and unpickle the
base. The first, filling call (load, validate, pickle, write) is reported too, and the
run checks that an edit to the file (one changed character, same size and modification
time) is seen: the next call misses the cache and returns the changed fact.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path

from bench.timing import Context, Measurement, median, time_once, time_runs
from drafter.facts.cache import load_factbase_cached
from drafter.facts.loader import load_factbase

COLD_TARGET_S = 1.0
CACHED_TARGET_S = 0.2
# At 100,000 facts (the targets): cold at most 2.5 s, cached at most 0.25 s.
COLD_100K_TARGET_S = 2.5
CACHED_100K_TARGET_S = 0.25


def run(ctx: Context, factbase: Path) -> list[Measurement]:
    runs = ctx.runs(5, 3)
    if factbase.stat().st_size > 20 * 2**20:
        runs = ctx.runs(3, 1)  # a large base: a cold load takes seconds
    cpu_start = time.process_time()
    cold = time_runs(lambda: load_factbase([factbase]), runs)
    cpu = (time.process_time() - cpu_start) / runs
    count = len(load_factbase([factbase]))
    large = count >= 100_000

    cache = Path(tempfile.mkdtemp(prefix="cache-", dir=ctx.workdir))
    copy = cache.parent / f"edited-{factbase.name}"
    shutil.copyfile(factbase, copy)
    try:
        filling = time_once(lambda: load_factbase_cached([copy], folder=cache))
        cpu_start = time.process_time()
        cached = time_runs(lambda: load_factbase_cached([copy], folder=cache), ctx.runs(5, 3))
        cached_cpu = (time.process_time() - cpu_start) / len(cached)
        invalidated = _edit_is_seen(copy, cache)
    finally:
        shutil.rmtree(cache, ignore_errors=True)
        copy.unlink(missing_ok=True)
    return [
        Measurement(
            f"load + validate {count:,} facts, cold",
            median(cold),
            "s",
            COLD_100K_TARGET_S if large else COLD_TARGET_S,
            note=f"min {min(cold):.3f} s of {runs}; CPU time {cpu:.3f} s a load",
        ),
        Measurement(
            f"load {count:,} facts from the cache",
            median(cached),
            "s",
            CACHED_100K_TARGET_S if large else CACHED_TARGET_S,
            note=f"min {min(cached):.3f} s; CPU time {cached_cpu:.3f} s a load; "
            f"filling the cache took {filling:.3f} s",
        ),
        Measurement(
            "cache invalidated by an edit of the file",
            1.0 if invalidated else 0.0,
            "yes/no",
            1.0,
            higher_is_better=True,
            note="one character changed, size and mtime kept",
        ),
    ]


def _edit_is_seen(path: Path, cache: Path) -> bool:
    """Change one statement by one character (same size, same mtime); is it reloaded?"""
    before = load_factbase_cached([path], folder=cache)
    first = next(iter(before))
    stat = path.stat()
    text = path.read_text(encoding="utf-8")
    old = first.statement
    new = ("X" if old[0] != "X" else "Y") + old[1:]
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    after = load_factbase_cached([path], folder=cache)
    return after.fact(first.id).statement == new
