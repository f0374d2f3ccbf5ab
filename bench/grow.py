"""Benchmark: `drafter facts add` into a 10,000-fact office file, as a process.

The office file is the generated base moved to schema 2 (each fact `kind: position`)
with one captured source whose archive has numbered paragraphs. A `facts check` first
fills the cache, as any earlier command of the day would; each `facts add` then answers
from the cache, appends its fact to the end of the file without composing it again, and
leaves the cache holding the grown base, so the next add starts warm too. The figure is
the median wall time of several adds in a row, start-up of Python and drafter included.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

from bench.timing import Context, Measurement, median

ADD_TARGET_S = 0.5

SOURCE = """\
  bench-capture:
    type: report
    title: A captured report
    author: Example Trust
    date: 2026-01-15
    archive: bench-capture.txt
"""
ARCHIVE = "[para 1] The Trust dredged the channel in 2025.\n\n[para 2] Costs rose by a third.\n"


def office_file(large: Path, folder: Path) -> Path:
    text = large.read_text(encoding="utf-8").replace("schema: 1", "schema: 2", 1)
    text = re.sub(r"^(    as_of: .*)$", r"\1\n    kind: position", text, flags=re.MULTILINE)
    text = text.replace("\nsources:\n", "\nsources:\n" + SOURCE, 1)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "sources").mkdir(exist_ok=True)
    (folder / "sources" / "bench-capture.txt").write_text(ARCHIVE, encoding="utf-8")
    path = folder / "office.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def run(ctx: Context, large: Path) -> list[Measurement]:
    folder = ctx.workdir / "grow"
    office = office_file(large, folder)
    env = dict(os.environ)
    env.update(
        DRAFTER_CONFIG_DIR=str(folder / "config"),
        DRAFTER_CACHE_DIR=str(folder / "cache"),
        DRAFTER_DATA_DIR=str(folder / "data"),
    )
    drafter = [sys.executable, "-m", "drafter", "--facts", str(office)]

    def call(*args: str) -> float:
        start = time.perf_counter()
        subprocess.run([*drafter, *args], env=env, check=True, capture_output=True, timeout=120)
        return time.perf_counter() - start

    first = call("facts", "check")
    times = []
    for number in range(ctx.runs(7, 3)):
        times.append(
            call(
                "facts",
                "add",
                "--to",
                str(office),
                "--source",
                "bench-capture",
                "--quote",
                "Costs rose by a third",
                "--statement",
                f"The Trust said its costs rose by a third (run {number}).",
                "--topic",
                _first_topic(office),
                "--id",
                f"bench-added-{number}",
                "-q",
            )
        )
    count = office.read_text(encoding="utf-8").count("\n  - id: ")
    return [
        Measurement(
            f"facts add into a {count - len(times):,}-fact office file, a process",
            median(times),
            "s",
            ADD_TARGET_S,
            note=f"min {min(times):.3f} s of {len(times)}; the check that filled the cache "
            f"took {first:.3f} s",
        )
    ]


def _first_topic(office: Path) -> str:
    match = re.search(r"^topics:\n  ([a-z0-9-]+):", office.read_text(encoding="utf-8"), re.M)
    assert match, "the generated base has topics"
    return match.group(1)
