"""`python -m bench` (`make bench`): generate the data, run every benchmark, report.

    python -m bench            the full run (several minutes)
    python -m bench --quick    fewer repetitions, letters and facts, for a first look
    python -m bench --compare  also time docxtpl (installed into bench/.venv-compare)

Prints a table (what, measured, target, pass/fail) and writes it as JSON, with the
machine it ran on, to bench/out/ (bench/out/latest.json and a dated copy), and the
scaling plot to bench/out/scaling.png.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench import app, check, compare, grow, load, memory, merge, pdf, scaling, search, startup
from bench.data import write_factbase
from bench.timing import Context, Measurement
from drafter import __version__
from drafter.facts.loader import load_factbase
from drafter.paths import bundled_facts

BENCH_DIR = Path(__file__).resolve().parent
OUT_DIR = BENCH_DIR / "out"
STEPS = (
    "load", "grow", "search", "startup", "app", "check", "merge", "pdf", "compare", "memory",
    "scaling",
)  # fmt: skip
APP_FACTS = 10_000


def machine() -> dict[str, Any]:
    """What the figures were measured on."""
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        cpu = platform.processor()
    memory_gb = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory_gb = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    pandoc = shutil.which("pandoc")
    pandoc_version = ""
    if pandoc:
        lines = subprocess.run([pandoc, "--version"], capture_output=True, text=True).stdout
        pandoc_version = lines.splitlines()[0] if lines else ""
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=BENCH_DIR
    ).stdout.strip()
    return {
        "cpus": os.cpu_count(),
        "cpu": cpu,
        "memory_gb": memory_gb,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "pandoc": pandoc_version,
        "drafter": __version__,
        "commit": commit,
        "load_average": os.getloadavg() if hasattr(os, "getloadavg") else None,
    }


def show(value: float, unit: str) -> str:
    if unit == "s":
        return f"{value * 1000:.2f} ms" if value < 1 else f"{value:.2f} s"
    if unit == "yes/no":
        return "yes" if value else "no"
    if unit == "x":
        return f"{value:.1f}x"
    return f"{value:.1f} {unit}"


def show_target(result: Measurement) -> str:
    if result.target is None:
        return ""
    if result.unit == "yes/no":
        return "yes"
    sign = ">=" if result.higher_is_better else "<="
    return f"{sign} {show(result.target, result.unit)}"


def print_table(results: list[Measurement]) -> None:
    rows = [
        (
            r.name,
            show(r.value, r.unit),
            show_target(r),
            {True: "pass", False: "MISS", None: ""}[r.passed],
            r.note,
        )
        for r in results
    ]
    headers = ("benchmark", "measured", "target", "", "notes")
    widths = [max(len(str(row[i])) for row in [headers, *rows]) for i in range(4)]
    for row in [headers, *rows]:
        print("  ".join(str(cell).ljust(w) for cell, w in zip(row, widths, strict=False)), end="")
        print("  " + row[4])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions and letters")
    parser.add_argument("--compare", action="store_true", help="also time docxtpl")
    parser.add_argument("--only", action="append", choices=STEPS, help="run only these")
    parser.add_argument("--keep", action="store_true", help="keep the generated data")
    parser.add_argument(
        "--facts",
        type=int,
        metavar="N",
        help="facts in the large base (100000, 10000 with --quick; the app is driven over "
        "its first 10000)",
    )
    parser.add_argument(
        "--letters-max",
        type=int,
        metavar="N",
        help="the largest merge of the scaling curve (10000; 100000 takes minutes)",
    )
    parser.add_argument(
        "--facts-max",
        type=int,
        metavar="N",
        help="the largest fact base of the scaling curve (100000)",
    )
    args = parser.parse_args(argv)
    if args.facts is None:
        args.facts = 10_000 if args.quick else 100_000
    steps = set(args.only or STEPS)

    workdir = Path(tempfile.mkdtemp(prefix="drafter-bench-"))
    ctx = Context(workdir, quick=args.quick, compare=args.compare)
    results: list[Measurement] = []
    scaled: dict[str, Any] = {}
    began = time.perf_counter()
    try:
        start = time.perf_counter()
        large = write_factbase(workdir / "facts", facts=args.facts, topics=50, sources=500)
        size_mb = large.stat().st_size / 1_048_576
        took_s = time.perf_counter() - start
        print(f"generated {args.facts:,} facts ({size_mb:.1f} MB) in {took_s:.1f} s")
        if "load" in steps:
            print("loading ...", flush=True)
            results += load.run(ctx, large)
        # The app, the check and `facts add` work on an office-sized base: the large
        # base's first APP_FACTS facts (the 10,000-fact office file).
        count = min(args.facts, APP_FACTS)
        office = large
        if count < args.facts and steps & {"grow", "app", "check"}:
            office = scaling.facts_prefix(large, count, workdir / "facts" / "app.yaml")
        if "grow" in steps:
            print("adding facts to a large office file ...", flush=True)
            results += grow.run(ctx, office)
        if "search" in steps:
            print("searching ...", flush=True)
            results += search.run(ctx, load_factbase([large]))
        if "startup" in steps:
            print("starting processes ...", flush=True)
            results += startup.run(ctx, bundled_facts(), large, args.facts)
        if "app" in steps:
            print("driving the app ...", flush=True)
            results += app.run(ctx, office, count)
        if "check" in steps:
            print("checking a written body ...", flush=True)
            results += check.run(ctx, office, count)
        if steps & {"merge", "pdf", "compare", "memory", "scaling"}:
            rows = 100 if args.quick else 1_000
            setup = merge.prepare(workdir / "merge", load_factbase([bundled_facts()]), rows)
            if "merge" in steps:
                print("merging ...", flush=True)
                results += merge.run(ctx, setup)[0]
            if "pdf" in steps:
                print("merging to PDF with LibreOffice ...", flush=True)
                results += pdf.run(ctx, setup)
            if "compare" in steps:
                print("drafter and pandoc processes" + (", docxtpl" if args.compare else ""))
                results += compare.run(ctx, setup)
            if "memory" in steps:
                print("measuring memory ...", flush=True)
                results += memory.run(ctx, setup.draft_file)
            if "scaling" in steps:
                print("scaling with letters and facts ...", flush=True)
                letter_sizes = scaling.sizes(scaling.LETTER_SIZES, args.letters_max, args.quick)
                fact_sizes = scaling.sizes(scaling.FACT_SIZES, args.facts_max, args.quick)
                fact_sizes = [n for n in fact_sizes if n <= max(args.facts, fact_sizes[0])]
                whole = large
                if fact_sizes[-1] > args.facts:
                    whole = write_factbase(
                        workdir / "facts", "facts-scaling.yaml", facts=fact_sizes[-1]
                    )
                found, scaled = scaling.run(
                    ctx,
                    setup.draft_file,
                    whole,
                    letter_sizes=letter_sizes,
                    fact_sizes=fact_sizes,
                    out=OUT_DIR / "scaling.png",
                )
                results += found
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    took = time.perf_counter() - began

    print()
    print_table(results)
    for note in ctx.notes:
        print(f"note: {note}")
    report = {
        "when": dt.datetime.now().isoformat(timespec="seconds"),
        "quick": args.quick,
        "seconds": round(took, 1),
        "machine": machine(),
        "results": [r.as_json() for r in results],
        "scaling": scaled,
        "notes": ctx.notes,
    }
    OUT_DIR.mkdir(exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    for name in (f"results-{stamp}.json", "latest.json"):
        (OUT_DIR / name).write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    missed = sum(1 for r in results if r.passed is False)
    print(
        f"\n{len(results)} figures in {took:.0f} s, {missed} short of target; "
        f"written to {OUT_DIR / 'latest.json'}" + (f"; data kept in {workdir}" if args.keep else "")
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
