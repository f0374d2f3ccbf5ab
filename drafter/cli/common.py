"""Options and output helpers shared by every command."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import sys
import textwrap
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from drafter.errors import Problem

if TYPE_CHECKING:
    from drafter.facts.loader import FactBase

EXIT_OK, EXIT_INPUT, EXIT_USAGE = 0, 1, 2


class Failure(Exception):
    """A command that cannot go on, with the exit code to leave with."""

    def __init__(self, message: str, code: int = EXIT_INPUT) -> None:
        super().__init__(message)
        self.code = code


def common_options(*, top_level: bool = False) -> argparse.ArgumentParser:
    """Options every command takes, before or after the command name.

    Sub-commands use SUPPRESS defaults so that an option given before the command
    name is not reset by the sub-parser.
    """
    default: Any = None if top_level else argparse.SUPPRESS
    list_default: Any = [] if top_level else argparse.SUPPRESS
    parser = argparse.ArgumentParser(add_help=False)
    group = parser.add_argument_group("fact base and templates")
    group.add_argument(
        "--facts",
        action="append",
        metavar="FILE",
        default=list_default,
        type=Path,
        help="fact base file to use instead of the default base (repeatable; files layer). "
        f"Default: DRAFTER_FACTS (paths separated by {os.pathsep}), else the bundled "
        "facts.yaml and the files in layers.yaml (drafter facts layers)",
    )
    group.add_argument(
        "--add-facts",
        action="append",
        metavar="FILE",
        default=list_default,
        type=Path,
        help="fact base file to layer on top of the default one (repeatable)",
    )
    group.add_argument(
        "--stale-months",
        type=int,
        metavar="N",
        default=default,
        help="facts whose as_of is older than N months are marked stale (default 18, "
        "or DRAFTER_STALE_MONTHS)",
    )
    group.add_argument(
        "--templates",
        action="append",
        metavar="DIR",
        default=list_default,
        type=Path,
        help="folder of letter templates; overrides bundled and user templates by name "
        "(repeatable)",
    )
    group.add_argument(
        "--reference-doc",
        type=Path,
        metavar="FILE",
        default=default,
        help="DOCX whose styles, fonts, header and footer exports use (house style)",
    )
    output = parser.add_argument_group("output")
    output.add_argument(
        "-q", "--quiet", action="store_true", default=default or False,
        help="print only errors",
    )  # fmt: skip
    output.add_argument(
        "-v", "--verbose", action="store_true", default=default or False,
        help="print more detail (each file written, timings)",
    )  # fmt: skip
    return parser


def iso_date(text: str) -> dt.date:
    """An argparse type: a date written YYYY-MM-DD, or a usage error saying so."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date like 2026-11-23") from None


def option(args: argparse.Namespace, name: str, fallback: Any = None) -> Any:
    value = getattr(args, name, None)
    return fallback if value is None else value


def fact_paths(args: argparse.Namespace) -> list[Path]:
    """--facts, else DRAFTER_FACTS, else the bundled base and the office's layers; then
    each --add-facts."""
    from drafter.facts.layers import default_fact_paths

    base = list(option(args, "facts", [])) or default_fact_paths()
    return base + list(option(args, "add_facts", []))


def stale_months(args: argparse.Namespace) -> int:
    from drafter.facts.loader import DEFAULT_STALE_MONTHS

    value = option(args, "stale_months")
    if value is None:
        env = os.environ.get("DRAFTER_STALE_MONTHS", "")
        if not env:
            return DEFAULT_STALE_MONTHS
        try:
            value = int(env)
        except ValueError:
            raise Failure(f"DRAFTER_STALE_MONTHS must be a whole number, not {env!r}") from None
    if value < 0:
        raise Failure("--stale-months must be 0 or more", code=EXIT_USAGE)
    return int(value)


def load_facts(args: argparse.Namespace) -> FactBase:
    from drafter.facts.cache import load_factbase_cached

    factbase = load_factbase_cached(fact_paths(args), stale_months=stale_months(args))
    report_warnings(factbase.warnings, quiet=bool(option(args, "quiet", False)))
    return factbase


def report_warnings(warnings: Iterable[Problem], *, quiet: bool = False) -> None:
    if not quiet:
        for warning in warnings:
            print(f"warning: {warning}", file=sys.stderr)


def report_problems(problems: Iterable[Problem], *, stream: Any = None) -> None:
    stream = stream or sys.stderr
    problems = list(problems)
    for problem in problems:
        print(f"error: {problem}", file=stream)
    if len(problems) > 1:
        print(f"{len(problems)} problems found", file=stream)


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")


def width() -> int:
    return max(shutil.get_terminal_size((100, 24)).columns, 60)


def print_table(rows: Sequence[Sequence[str]], headers: Sequence[str]) -> None:
    """Columns sized to their content; the last column wraps to the terminal."""
    if not rows:
        return
    table = [list(headers), *[list(r) for r in rows]]
    widths = [max(len(r[i]) for r in table) for i in range(len(headers) - 1)]
    indent = sum(widths) + 2 * len(widths)
    last = max(width() - indent, 20)
    for row in table:
        head = "".join(cell.ljust(w + 2) for cell, w in zip(row, widths, strict=False))
        wrapped = textwrap.wrap(row[-1], last) or [""]
        print(head + wrapped[0])
        for more in wrapped[1:]:
            print(" " * indent + more)


def wrap(text: str, prefix: str = "") -> str:
    return textwrap.fill(text, width(), initial_indent=prefix, subsequent_indent=" " * len(prefix))
