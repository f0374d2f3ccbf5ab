"""`drafter topics` and `drafter facts ...`: look into, check and share the fact base."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from drafter.cli.common import (
    EXIT_INPUT,
    EXIT_OK,
    EXIT_USAGE,
    Failure,
    common_options,
    load_facts,
    print_json,
    print_table,
    stale_months,
    wrap,
)

if TYPE_CHECKING:
    from drafter.facts.loader import Fact, FactBase


def register(commands: Any) -> None:
    common = common_options()
    topics = commands.add_parser(
        "topics",
        parents=[common],
        help="list topics with their fact counts",
        description="List the fact base's topics: id, title and number of facts.",
    )
    topics.add_argument("--json", action="store_true", help="print JSON")
    topics.set_defaults(handler=cmd_topics)

    facts = commands.add_parser(
        "facts",
        help="list, show, search, check, verify, add, review, diff and export facts",
        description="Work with the sourced fact base.",
    )
    sub = facts.add_subparsers(dest="facts_command", metavar="COMMAND", required=True)

    listing = sub.add_parser(
        "list", parents=[common], help="list facts", description="List facts, filtered."
    )
    listing.add_argument("--topic", metavar="T", help="only facts on topic T")
    listing.add_argument("--tag", metavar="X", help="only facts tagged X")
    listing.add_argument("--source", metavar="S", help="only facts from source S")
    listing.add_argument("--stale", action="store_true", help="only stale facts")
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.set_defaults(handler=cmd_list)

    show = sub.add_parser(
        "show",
        parents=[common],
        help="show one fact in full",
        description="Show a fact: statement, verbatim quote, full citation, as_of, staleness.",
    )
    show.add_argument("id", metavar="ID", help="the fact's id")
    show.add_argument("--json", action="store_true", help="print JSON")
    show.set_defaults(handler=cmd_show)

    search = sub.add_parser(
        "search",
        parents=[common],
        help="search facts",
        description="Search statements, quotes, tags and source titles; ranked, case- and "
        "accent-insensitive, tolerant of a small typo.",
    )
    search.add_argument("query", metavar="QUERY", help="words to look for")
    search.add_argument("--topic", metavar="T", help="only facts on topic T")
    search.add_argument(
        "--limit", type=_positive, default=20, metavar="N", help="at most N results (20)"
    )
    search.add_argument("--json", action="store_true", help="print JSON")
    search.set_defaults(handler=cmd_search)

    check = sub.add_parser(
        "check",
        parents=[common],
        help="validate fact base files",
        description="Validate fact base files, layered on the default base as they will be "
        "loaded (or the default base itself), and report every problem as FILE:LINE:COL. "
        "Warnings (a topic redefined, one address under two source ids) do not fail. "
        "Exit 1 on any error.",
    )
    check.add_argument("files", nargs="*", type=Path, metavar="FILE", help="files to check")
    check.add_argument(
        "--alone", action="store_true", help="check the files by themselves, on no base"
    )
    check.set_defaults(handler=cmd_check)

    verify = sub.add_parser(
        "verify",
        parents=[common],
        help="check quotes, locators and archives against the archived source texts",
        description="Check that every fact's quote appears verbatim in the archived copy "
        "of its source (the file named by the source's `archive`, in sources/ beside the fact "
        "file, or in DIR); that its locator is the paragraph or page that holds it (archives "
        "made by `sources add` are numbered); that each archive's SHA-256 is as captured; and "
        "that no as_of is after its source's date without an as_of_note. Only white space "
        "and quotation marks are normalised. One line per failure; exit 1 on any.",
    )
    verify.add_argument(
        "--sources",
        type=Path,
        metavar="DIR",
        help="folder of archived texts (default: sources/ beside each fact file)",
    )
    verify.set_defaults(handler=cmd_verify)

    export = sub.add_parser(
        "export",
        parents=[common],
        help="export the fact base as JSON, CSV, CSL-JSON or Markdown",
        description="Export the fact base. CSL-JSON lists the sources, for Zotero and pandoc.",
    )
    export.add_argument(
        "--format",
        required=True,
        choices=("json", "csv", "csl-json", "markdown"),
        help="what to write: json, csv, csl-json (for reference managers) or markdown",
    )
    export.add_argument("-o", "--output", type=Path, metavar="FILE", help="write to FILE")
    export.add_argument("--force", action="store_true", help="overwrite FILE if it exists")
    export.set_defaults(handler=cmd_export)

    from drafter.cli import facts_keep, grow_cmd

    grow_cmd.register_facts(sub, common)
    facts_keep.register(sub, common)


def _positive(text: str) -> int:
    """An argparse type: a whole number of 1 or more."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {value}")
    return value


def _stale_mark(factbase: FactBase, fact: Fact) -> str:
    return " [stale]" if factbase.is_stale(fact) else ""


def cmd_topics(args: argparse.Namespace) -> int:
    factbase = load_facts(args)
    rows = [(t.id, t.title, str(factbase.topic_count(t.id))) for t in factbase.topics.values()]
    if args.json:
        print_json(
            [
                {"id": t.id, "title": t.title, "summary": t.summary, "facts": int(n)}
                for t, (_, _, n) in zip(factbase.topics.values(), rows, strict=True)
            ]
        )
    else:
        print_table(rows, ("ID", "TITLE", "FACTS"))
    return EXIT_OK


def _check_topic(factbase: FactBase, topic: str | None) -> None:
    if topic is not None and topic not in factbase.topics:
        import difflib

        close = difflib.get_close_matches(topic, list(factbase.topics), n=1)
        hint = f"; did you mean '{close[0]}'?" if close else "; see `drafter topics`"
        raise Failure(f"no topic '{topic}'{hint}")


def _fact_json(factbase: FactBase, fact: Fact) -> dict[str, Any]:
    from drafter.facts.citations import full_citation
    from drafter.facts.export import fact_data, source_data

    data = fact_data(fact, factbase)
    data["source"] = source_data(factbase.source_of(fact))
    data["citation"] = full_citation(factbase.source_of(fact))
    return data


def cmd_list(args: argparse.Namespace) -> int:
    factbase = load_facts(args)
    _check_topic(factbase, args.topic)
    facts = [
        f
        for f in (factbase.facts_for_topic(args.topic) if args.topic else factbase)
        if (args.tag is None or args.tag in f.tags)
        and (args.source is None or f.source_id == args.source)
        and (not args.stale or factbase.is_stale(f))
    ]
    if args.json:
        print_json([_fact_json(factbase, f) for f in facts])
    else:
        print_table(
            [(f.id, f.as_of.isoformat(), f.statement + _stale_mark(factbase, f)) for f in facts],
            ("ID", "AS OF", "STATEMENT"),
        )
        if not args.quiet:
            print(f"{len(facts)} facts", file=sys.stderr)
    return EXIT_OK


def cmd_show(args: argparse.Namespace) -> int:
    from drafter.facts.citations import full_citation
    from drafter.textfmt import uk_date

    factbase = load_facts(args)
    if args.id not in factbase.facts:
        import difflib

        close = difflib.get_close_matches(args.id, list(factbase.facts), n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else "; see `drafter facts list`"
        raise Failure(f"no fact '{args.id}'{hint}")
    fact = factbase.facts[args.id]
    if args.json:
        print_json(_fact_json(factbase, fact))
        return EXIT_OK
    source = factbase.source_of(fact)
    stale = factbase.is_stale(fact)
    print(fact.id)
    print(wrap(fact.statement, "  "))
    print()
    print(wrap(f"“{fact.quote}”", "  > "))
    print()
    print(wrap(full_citation(source), "  "))
    print()
    if fact.locator:
        print(f"  at:     {fact.locator}")
    print(f"  topics: {', '.join(fact.topics)}")
    if fact.tags:
        print(f"  tags:   {', '.join(fact.tags)}")
    status = (
        f"STALE: older than {factbase.stale_months} months, check it is still true"
        if stale
        else "current"
    )
    print(f"  as of:  {uk_date(fact.as_of)}, {status}")
    return EXIT_OK


def cmd_search(args: argparse.Namespace) -> int:
    if not args.query.strip():
        raise Failure(
            'facts search needs words to look for, e.g. drafter facts search "Jimmy Lai" '
            "(drafter facts list lists every fact)",
            code=EXIT_USAGE,
        )
    factbase = load_facts(args)
    _check_topic(factbase, args.topic)
    hits = factbase.search(args.query, topic=args.topic, limit=args.limit)
    if args.json:
        print_json([{"score": h.score, **_fact_json(factbase, h.fact)} for h in hits])
        return EXIT_OK
    if not hits:
        print(f"no facts match '{args.query}'", file=sys.stderr)
        return EXIT_OK
    print_table(
        [(h.fact.id, h.fact.statement + _stale_mark(factbase, h.fact)) for h in hits],
        ("ID", "STATEMENT"),
    )
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    from drafter.cli.common import fact_paths, report_warnings
    from drafter.facts.layers import same_file
    from drafter.facts.loader import load_factbase

    if args.files:
        files = list(args.files)
        if not args.alone:  # on the base below them, as they are loaded
            base = [p for p in fact_paths(args) if not any(same_file(p, f) for f in files)]
            files = base + files
        factbase = load_factbase(files, stale_months=stale_months(args))
        report_warnings(factbase.warnings, quiet=args.quiet)
    else:
        factbase = load_facts(args)
    print(
        f"{len(factbase.facts)} facts, {len(factbase.sources)} sources, "
        f"{len(factbase.topics)} topics: OK"
    )
    return EXIT_OK


def cmd_verify(args: argparse.Namespace) -> int:
    from drafter.facts.verify import verify

    if args.sources is not None and not args.sources.is_dir():
        raise Failure(f"{args.sources}: no such folder (give the folder of archived texts)")
    factbase = load_facts(args)
    report = verify(factbase, args.sources)
    for failure in report.failures:
        print(f"{failure}", file=sys.stderr)
    for note in report.notes:
        if not args.quiet:
            print(f"{note}", file=sys.stderr)
    print(report.summary())
    return EXIT_INPUT if report.failures else EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from drafter.facts.export import EXPORTERS
    from drafter.fileio import atomic_write_text

    factbase = load_facts(args)
    text = EXPORTERS[args.format](factbase)
    if args.output is None:
        sys.stdout.write(text)
    else:
        atomic_write_text(args.output, text, force=args.force)
        if not args.quiet:
            print(f"wrote {args.output}", file=sys.stderr)
    return EXIT_OK
