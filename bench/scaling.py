"""How time and memory grow: with the number of letters, and with the number of facts.

Letters: one `drafter merge` process per size (10 to 10,000 letters by default; give
`--letters-max 100000` for the top of the range, which writes 100,000 files and takes
some minutes), its wall time per letter (start-up included, so small merges pay it
over few letters) and its peak RSS.

Facts: one fact base of the largest size is generated, and the smaller bases are its
first facts (the generator draws the facts in order, so a 10,000-fact base is the
first 10,000 facts of the 100,000-fact one). For each size a child process loads it
cold (no cache) and another from a warm cache, and reports the load's seconds and its
own peak RSS.

The figures go into the report and into a PNG (bench/out/scaling.png), made with
matplotlib when it is installed (it is in the dev extra); docs/performance.md shows a
copy of it.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench.data import write_recipients_csv
from bench.memory import merge_process
from bench.startup import user_env
from bench.timing import Context, Measurement
from drafter.facts.cache import RACY_SECONDS

LETTER_SIZES = (10, 100, 1_000, 10_000)
FACT_SIZES = (1_000, 3_000, 10_000, 30_000, 100_000)
CACHED_PEAK_TARGET_MB = 150.0


def sizes(default: Sequence[int], largest: int | None, quick: bool) -> list[int]:
    """The sizes to measure: the defaults up to `largest` (and it), the first two if quick."""
    chosen = [n for n in default if largest is None or n <= largest]
    if quick and largest is None:
        chosen = chosen[:2]
    if largest is not None and (not chosen or largest > chosen[-1]):
        chosen.append(largest)
    return chosen


_LOAD = """
import json, resource, sys, time
from pathlib import Path
mode, path, cache = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
start = time.perf_counter()
from drafter.facts.cache import load_factbase_cached
from drafter.facts.loader import load_factbase
imported = time.perf_counter()
if mode == "cold":
    base = load_factbase([path])
else:
    base = load_factbase_cached([path], folder=cache)
done = time.perf_counter()
cpu = time.process_time()
# VmHWM is this process's own peak: ru_maxrss would keep the parent's from before exec.
peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
status = Path("/proc/self/status")
for line in status.read_text().splitlines() if status.exists() else []:
    if line.startswith("VmHWM:"):
        peak_kib = int(line.split()[1])
print(json.dumps({"facts": len(base), "import_s": imported - start, "load_s": done - imported,
                  "cpu_s": cpu, "peak_mb": peak_kib / 1024}))
"""


def facts_prefix(whole: Path, count: int, target: Path) -> Path:
    """The first `count` facts of the generated base `whole`, as a base of its own."""
    marker = f"\n  - id: f{count:05d}-"
    text = whole.read_text(encoding="utf-8")
    cut = text.find(marker)
    target.write_text(text if cut < 0 else text[: cut + 1], encoding="utf-8")
    return target


def load_process(mode: str, path: Path, cache: Path, env: dict[str, str]) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-c", _LOAD, mode, str(path), str(cache)],
        env=env,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["(no message)"])[-1]
        return {"error": last}
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def letters(ctx: Context, draft: Path, sizes: Sequence[int]) -> list[dict[str, float]]:
    env = user_env(ctx)
    rows = []
    for count in sizes:
        recipients = write_recipients_csv(ctx.workdir / "scaling" / f"r-{count}.csv", count)
        result = merge_process(draft, recipients, ctx.workdir / "scaling" / "out", env)
        rows.append(
            {
                "letters": count,
                "seconds_per_letter": result["seconds"] / count,
                "peak_mb": result["peak_mb"],
            }
        )
        recipients.unlink()
    return rows


def facts(ctx: Context, whole: Path, sizes: Sequence[int]) -> list[dict[str, Any]]:
    env = user_env(ctx)
    folder = ctx.workdir / "scaling-facts"
    folder.mkdir(parents=True, exist_ok=True)
    rows = []
    for count in sizes:
        path = facts_prefix(whole, count, folder / f"facts-{count}.yaml")
        cache = folder / f"cache-{count}"
        cold = load_process("cold", path, cache, env)
        # drafter remembers a file's hash only once the file is two seconds old (a write
        # within the same clock tick could leave its times as they were), so a start soon
        # after the file was written hashes it again. A user's base is older than that.
        info = path.stat()
        age_s = time.time() - max(info.st_mtime, info.st_ctime)
        time.sleep(max(0.0, RACY_SECONDS + 0.1 - age_s))
        load_process("cached", path, cache, env)  # fills the cache and the hash memo
        cached = load_process("cached", path, cache, env)
        rows.append(
            {
                "facts": count,
                "megabytes": path.stat().st_size / 1_048_576,
                "cold": cold,
                "cached": cached,
            }
        )
        path.unlink()
    return rows


def plot(letter_rows: list[dict[str, float]], fact_rows: list[dict[str, Any]], out: Path) -> bool:
    """Draw the four curves into `out`; False when matplotlib is not installed."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        import matplotlib.ticker
    except ImportError:
        return False
    figure, axes = plt.subplots(2, 2, figsize=(10, 7), constrained_layout=True)
    (time_letters, memory_letters), (time_facts, memory_facts) = axes
    xs = [r["letters"] for r in letter_rows]
    time_letters.plot(xs, [r["seconds_per_letter"] * 1000 for r in letter_rows], "o-")
    time_letters.set(
        xscale="log",
        yscale="log",
        xlabel="letters in one drafter merge",
        ylabel="ms per letter (whole process)",
        title="Merge: time per letter",
    )
    memory_letters.plot(xs, [r["peak_mb"] for r in letter_rows], "o-", color="tab:orange")
    memory_letters.set(
        xscale="log",
        xlabel="letters in one drafter merge",
        ylabel="peak RSS, MB",
        title="Merge: peak memory",
        ylim=(0, None),
    )
    for mode, style in (("cold", "o-"), ("cached", "s--")):
        rows = [r for r in fact_rows if "load_s" in r[mode]]
        counts = [r["facts"] for r in rows]
        time_facts.plot(counts, [r[mode]["load_s"] for r in rows], style, label=mode)
        memory_facts.plot(counts, [r[mode]["peak_mb"] for r in rows], style, label=mode)
    time_facts.set(
        xscale="log",
        yscale="log",
        xlabel="facts in one file",
        ylabel="load, s",
        title="Fact base: load time",
    )
    memory_facts.set(
        xscale="log",
        xlabel="facts in one file",
        ylabel="peak RSS of the process, MB",
        title="Fact base: peak memory",
        ylim=(0, None),
    )
    for axis in (time_facts, memory_facts):
        axis.legend()
    plain = matplotlib.ticker.FuncFormatter(lambda value, _: f"{value:,.6g}")
    for axis in axes.flat:
        axis.grid(True, which="both", alpha=0.3)
        axis.xaxis.set_major_formatter(plain)
        axis.yaxis.set_major_formatter(plain)
    out.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(out, dpi=90)
    plt.close(figure)
    return True


def run(
    ctx: Context,
    draft: Path,
    whole: Path,
    *,
    letter_sizes: Sequence[int] = LETTER_SIZES,
    fact_sizes: Sequence[int] = FACT_SIZES,
    out: Path,
) -> tuple[list[Measurement], dict[str, Any]]:
    """`draft` is the merge's shared draft; `whole` the largest generated fact base."""
    letter_rows = letters(ctx, draft, letter_sizes)
    fact_rows = facts(ctx, whole, fact_sizes)
    results = [
        Measurement(
            f"scaling: drafter merge of {r['letters']:,}, per letter",
            r["seconds_per_letter"],
            "s",
            note=f"whole process; peak RSS {r['peak_mb']:.1f} MB",
        )
        for r in letter_rows
    ]
    for row in fact_rows:
        for mode in ("cold", "cached"):
            figure = row[mode]
            if "error" in figure:
                ctx.notes.append(f"{row['facts']:,} facts, {mode}: {figure['error']}")
                continue
            results.append(
                Measurement(
                    f"scaling: {row['facts']:,} facts ({row['megabytes']:.0f} MB), {mode} load",
                    figure["load_s"],
                    "s",
                    note=f"peak RSS {figure['peak_mb']:.0f} MB; imports {figure['import_s']:.2f} s;"
                    f" process CPU {figure['cpu_s']:.2f} s",
                )
            )
    top = fact_rows[-1] if fact_rows else None
    if top is not None and top["facts"] >= 100_000 and "peak_mb" in top["cached"]:
        results.append(
            Measurement(
                f"peak RSS of a cached start, {top['facts']:,} facts",
                top["cached"]["peak_mb"],
                "MB",
                CACHED_PEAK_TARGET_MB,
                note="a process that loads the base from a warm cache",
            )
        )
    drawn = plot(letter_rows, fact_rows, out)
    if not drawn:
        ctx.notes.append("matplotlib is not installed: no plot (pip install -e '.[dev]')")
    return results, {"letters": letter_rows, "facts": fact_rows, "plot": str(out) if drawn else ""}
