"""Benchmark 5: peak memory (RSS) of `drafter merge`, at two sizes to show it is flat.

Each merge runs as its own `drafter merge` process under a small Python parent that
reports `resource.getrusage(RUSAGE_CHILDREN).ru_maxrss` after it: the peak resident
set of that one child, the whole command (start-up, fact base, templates, house style
and every letter). The same runs give the command's wall time per letter, start-up
included, as a user would see it.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from bench.data import write_recipients_csv
from bench.startup import drafter_command, user_env
from bench.timing import Context, Measurement

PEAK_RSS_TARGET_MB = 200.0
FLAT_TOLERANCE_MB = 10.0  # more letters may cost this much more memory, no more

_PARENT = """
import json, resource, subprocess, sys, time
start = time.perf_counter()
done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
elapsed = time.perf_counter() - start
peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # KiB on Linux
print(json.dumps({"code": done.returncode, "seconds": elapsed, "peak_kib": peak_kib,
                  "stderr": done.stderr.decode()[-2000:]}))
"""


def merge_process(
    draft: Path, recipients: Path, out: Path, env: dict[str, str]
) -> dict[str, float]:
    """Run `drafter merge` in a child; its wall seconds and peak RSS in MiB."""
    shutil.rmtree(out, ignore_errors=True)
    command = [
        *drafter_command(),
        "merge",
        str(draft),
        "--recipients",
        str(recipients),
        "--out",
        str(out),
        "--quiet",
    ]
    report = subprocess.run(
        [sys.executable, "-c", _PARENT, *command],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    result = json.loads(report.stdout)
    if result["code"] != 0:
        raise RuntimeError(f"drafter merge failed: {result['stderr']}")
    shutil.rmtree(out, ignore_errors=True)
    return {"seconds": result["seconds"], "peak_mb": result["peak_kib"] / 1024}


def run(ctx: Context, draft: Path, sizes: tuple[int, int] | None = None) -> list[Measurement]:
    """`draft` is the merge's shared draft file (bench.merge writes one)."""
    env = user_env(ctx)
    sizes = sizes or ((100, 300) if ctx.quick else (100, 1_000))
    results: dict[int, dict[str, float]] = {}
    for rows in sizes:
        recipients = write_recipients_csv(ctx.workdir / "memory" / f"recipients-{rows}.csv", rows)
        results[rows] = merge_process(draft, recipients, ctx.workdir / "memory" / "out", env)
    small, large = sizes
    growth = results[large]["peak_mb"] - results[small]["peak_mb"]
    return [
        Measurement(
            f"merge peak RSS, {large:,} letters",
            results[large]["peak_mb"],
            "MB",
            PEAK_RSS_TARGET_MB,
            note=f"{results[small]['peak_mb']:.1f} MB for {small:,} letters",
        ),
        Measurement(
            f"merge peak RSS growth, {small:,} -> {large:,} letters",
            growth,
            "MB",
            FLAT_TOLERANCE_MB,
            note="flat: letters are streamed, not held",
        ),
        Measurement(
            f"drafter merge as a command, per letter ({large:,} letters)",
            results[large]["seconds"] / large,
            "s",
            note=f"{results[large]['seconds']:.2f} s in all, start-up and loading included",
        ),
    ]
