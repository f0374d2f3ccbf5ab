"""`python -m bench.report [FILE.json] [--before EARLIER.json]`: a run's table as Markdown,
for docs/performance.md.

Reads bench/out/latest.json (or the report given) and prints the machine and every
figure with its target and verdict, in the order the run measured them; with
`--before`, each figure has beside it the earlier run's figure of the same name
(a name's counts, such as the facts in an office file, aside), so that a change
shows as before and after.
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path
from typing import Any

from bench.__main__ import OUT_DIR, show


def _target(result: dict[str, Any]) -> str:
    if result["target"] is None:
        return ""
    if result["unit"] == "yes/no":
        return "yes"
    sign = "≥" if result["higher_is_better"] else "≤"
    return f"{sign} {show(result['target'], result['unit'])}"


def _key(name: str) -> str:
    return re.sub(r"\d[\d,]*-fact", "N-fact", name.strip())


def markdown(report: dict[str, Any], before: dict[str, Any] | None = None) -> str:
    earlier = {_key(r["name"]): r for r in (before or {}).get("results", [])}
    machine = report["machine"]
    load = machine.get("load_average") or []
    lines = [
        f"Run of {report['when']} ({report['seconds']:.0f} s), commit {machine['commit']}, "
        f"{machine['cpus']} CPUs ({machine['cpu']}), {machine['memory_gb']} GB, Python "
        f"{machine['python']}, {machine['pandoc']}; load average at the end "
        + ", ".join(f"{value:.1f}" for value in load)
        + ".",
        "",
        "| benchmark | target | measured | | notes |",
        "|---|---|---|---|---|",
    ]
    if before is not None:
        commit = before["machine"]["commit"]
        lines[-2:] = [
            f"| benchmark | target | measured | | before ({commit}) | notes |",
            "|---|---|---|---|---|---|",
        ]
    for result in report["results"]:
        verdict = {True: "pass", False: "**miss**", None: ""}[result["passed"]]
        name = result["name"].replace("|", "/")
        if name.startswith("  "):
            name = "&nbsp;&nbsp;" + name.strip()
        note = result["note"].replace("|", "/")
        cells = [name, _target(result), show(result["value"], result["unit"]), verdict]
        if before is not None:
            old = earlier.get(_key(result["name"]))
            cells.append(show(old["value"], old["unit"]) if old else "(new)")
        lines.append("| " + " | ".join([*cells, note]) + " |")
    for note in report["notes"]:
        lines.append(f"\nNote: {note}")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.report",
        description="A bench run's table as Markdown, for docs/performance.md.",
    )
    parser.add_argument(
        "report", nargs="?", type=Path, default=OUT_DIR / "latest.json",
        help="the run's JSON (default: bench/out/latest.json)",
    )  # fmt: skip
    parser.add_argument(
        "--before", type=Path, metavar="EARLIER.json",
        help="an earlier run, whose figures are shown beside this run's",
    )  # fmt: skip
    args = parser.parse_args(argv)
    try:
        report = json.loads(args.report.read_text(encoding="utf-8"))
        before = json.loads(args.before.read_text(encoding="utf-8")) if args.before else None
    except (OSError, ValueError) as exc:
        parser.exit(1, f"python -m bench.report: {exc}\n")
    print(markdown(report, before), end="")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
