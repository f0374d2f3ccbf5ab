"""`python -m bench.report [FILE.json]`: a run's table as Markdown, for docs/performance.md.

Reads bench/out/latest.json (or the report given) and prints the machine and every
figure with its target and verdict, in the order the run measured them.
"""

from __future__ import annotations

import json
import sys
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


def markdown(report: dict[str, Any]) -> str:
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
    for result in report["results"]:
        verdict = {True: "pass", False: "**miss**", None: ""}[result["passed"]]
        name = result["name"].replace("|", "/")
        if name.startswith("  "):
            name = "&nbsp;&nbsp;" + name.strip()
        note = result["note"].replace("|", "/")
        lines.append(
            f"| {name} | {_target(result)} | {show(result['value'], result['unit'])} "
            f"| {verdict} | {note} |"
        )
    for note in report["notes"]:
        lines.append(f"\nNote: {note}")
    return "\n".join(lines) + "\n"


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else OUT_DIR / "latest.json"
    print(markdown(json.loads(path.read_text(encoding="utf-8"))), end="")


if __name__ == "__main__":
    main()
