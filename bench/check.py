"""Benchmark: `drafter check` on a written body against a 10,000-fact base, as a process.

The draft (`bench.data.checked_draft_text`) is a minister letter whose body is 20
paragraphs of the researcher's own prose, two cited sentences each, and one uncited
figure: the citation check parses the body, looks every citation up, compares each
cited sentence's figures and quotations with the facts, and reports what it finds.
Each run is a fresh process reading the base through a warm cache, as every command
after the day's first does; the figure is the median, start-up of Python included.
"""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

from bench.data import checked_draft_text
from bench.startup import drafter_command, user_env
from bench.timing import Context, Measurement, median
from drafter.facts.loader import load_factbase

CHECK_TARGET_S = 0.3
PARAGRAPHS = 20


def run(ctx: Context, base: Path, count: int) -> list[Measurement]:
    folder = ctx.workdir / "check"
    folder.mkdir(parents=True, exist_ok=True)
    draft = folder / "written.yaml"
    draft.write_text(checked_draft_text(load_factbase([base]), PARAGRAPHS), encoding="utf-8")
    env = user_env(ctx)
    command = [*drafter_command(), "--facts", str(base), "check", str(draft)]

    def once() -> tuple[float, str]:
        start = time.perf_counter()
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
        took = time.perf_counter() - start
        if done.returncode != 0:  # 0: warnings only, as the draft is written
            raise RuntimeError(f"drafter check failed: {done.stdout[-500:]}{done.stderr[-500:]}")
        return took, done.stdout.strip().splitlines()[-1]

    once()  # fills the cache
    runs = [once() for _ in range(ctx.runs(10, 3))]
    times = [took for took, _ in runs]
    summary = runs[-1][1].split(": ", 1)[-1]
    return [
        Measurement(
            f"drafter check, {PARAGRAPHS}-paragraph body, {count:,} facts, a process",
            median(times),
            "s",
            CHECK_TARGET_S if count >= 10_000 else None,
            note=f"min {min(times):.3f} s of {len(times)}; warm cache; {summary}",
        )
    ]
