"""`drafter sources add` and `drafter facts add`: capture a source, add a verified fact."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import Any

from drafter.cli.common import (
    EXIT_OK,
    EXIT_USAGE,
    Failure,
    common_options,
    fact_paths,
    iso_date,
    option,
    stale_months,
)


def register_sources(sub: Any) -> None:
    """`sources add`, beside the other ways of bringing a source in (drafter.cli.sources_cmd)."""
    common = common_options()
    add = sub.add_parser(
        "add",
        parents=[common],
        help="capture an HTML page, PDF, DOCX or text file as a source",
        description="Extract FILE's text, archive it with numbered paragraphs (pages for a "
        "PDF) in sources/ beside the fact file, and add the source with the archive's SHA-256 "
        "and today's date. Title, date and author come from an HTML page's metadata where "
        "they are there; what is still missing is asked for (or must be given).",
    )
    add.add_argument("file", type=Path, metavar="FILE", help="the document to capture")
    add.add_argument("--id", required=True, metavar="ID", help="the new source's id (a slug)")
    add.add_argument("--url", help="where the document is published")
    add.add_argument("--type", help="letter, press-release, report, webpage, ... (docs/facts.md)")
    add.add_argument("--title", help="the document's title (default: from its metadata)")
    add.add_argument("--author", help="who wrote or issued it (default: from its metadata)")
    add.add_argument("--organisation", help="the organisation that published it")
    add.add_argument("--recipient", help="for a letter: to whom it was written")
    add.add_argument("--reference", help="a department reference, Hansard volume, ...")
    add.add_argument("--date", metavar="YYYY-MM-DD", help="the document's date")
    add.add_argument("--to", type=Path, metavar="FACTS.yaml",
                     help="the fact file to add it to (default: the office file)")  # fmt: skip
    add.add_argument("--force", action="store_true", help="replace an existing archive")
    add.set_defaults(handler=cmd_sources_add)


def register_facts(sub: Any, common: argparse.ArgumentParser) -> None:
    add = sub.add_parser(
        "add",
        parents=[common],
        help="add a fact whose quote is checked against its source's archive",
        description="Add a fact to the office file (or --to FILE): the quote must be verbatim "
        "in the source's archive (white space and quotation marks aside); the locator is "
        "worked out from it and the id suggested. Comments and order in the file are kept.",
    )
    add.add_argument("--source", required=True, metavar="ID", help="the source's id")
    add.add_argument("--quote", required=True, help="the words of the source, verbatim")
    add.add_argument("--statement", required=True, help="the sentence a letter can use")
    add.add_argument("--topic", required=True, action="append", metavar="T", dest="topics",
                     help="topic id (repeatable)")  # fmt: skip
    add.add_argument("--tag", action="append", default=[], metavar="X", dest="tags",
                     help="a tag (repeatable)")  # fmt: skip
    add.add_argument("--as-of", type=iso_date, metavar="YYYY-MM-DD",
                     help="when it was true as worded (default: the source's date)")  # fmt: skip
    add.add_argument("--kind", default="position",
                     help="position (default), event, statistic, call or finding")  # fmt: skip
    add.add_argument("--id", metavar="ID", help="the fact's id (default: suggested)")
    add.add_argument("--locator", help="only for an archive without numbered paragraphs")
    add.add_argument("--to", type=Path, metavar="FACTS.yaml",
                     help="the fact file to add it to (default: the office file)")  # fmt: skip
    add.set_defaults(handler=cmd_facts_add)


def target_file(args: argparse.Namespace) -> tuple[Path, bool]:
    """The file to write and whether it is to become the office file (none set yet)."""
    from drafter.facts.layers import read_layers

    layers = read_layers()
    if args.to is not None:
        return args.to, layers.office is None
    if layers.office is not None:
        return layers.office, False
    raise Failure(
        "no office fact file yet: give --to FACTS.yaml (it becomes the office file), or set "
        "one with `drafter facts layers --office FILE`",
        code=EXIT_USAGE,
    )


def adopt_office(target: Path, quiet: bool) -> None:
    from drafter.facts import layers
    from drafter.paths import display_path

    written = layers.adopt_office(target)
    if not quiet:
        print(
            f"{display_path(target.expanduser().absolute())} is now the office fact file, "
            f"layered on the bundled base (in {display_path(written)})",
            file=sys.stderr,
        )


def _ask(name: str) -> str:
    try:
        return input(f"{name}: ").strip()
    except EOFError:
        return ""


def cmd_sources_add(args: argparse.Namespace) -> int:
    from drafter.facts.capture import capture
    from drafter.facts.grow import SOURCE_FIELDS, add_source, missing_source_fields, source_fields
    from drafter.paths import display_path

    target, becomes_office = target_file(args)
    captured = capture(args.file)
    given = {name: getattr(args, name) or "" for name in SOURCE_FIELDS}
    fields, taken = source_fields(captured, given)
    missing = missing_source_fields(fields)
    if missing and sys.stdin.isatty():
        for name in missing:
            hint = " (YYYY-MM-DD)" if name == "date" else ""
            fields[name] = _ask(f"{name}{hint}")
    added = add_source(
        target,
        args.id,
        captured,
        fields,
        base=fact_paths(args),
        today=dt.date.today(),
        force=args.force,
        stale_months=stale_months(args),
    )
    if becomes_office:
        adopt_office(target, args.quiet)
    if not args.quiet:
        if taken:
            print(f"from the document's metadata: {', '.join(taken)}", file=sys.stderr)
        unit = "pages" if captured.format == "pdf" else "paragraphs"
        print(
            f"{display_path(target)}:{added.line}: source '{added.source_id}' added; archive "
            f"{display_path(added.archive)} ({added.passages} {unit}, sha256 "
            f"{added.sha256[:12]}...)"
        )
    return EXIT_OK


def cmd_facts_add(args: argparse.Namespace) -> int:
    from drafter.facts.grow import add_fact_to_file
    from drafter.paths import display_path

    target, becomes_office = target_file(args)
    added = add_fact_to_file(
        fact_paths(args),
        target,
        stale_months=stale_months(args),
        source_id=args.source,
        quote=args.quote,
        statement=args.statement,
        topics=args.topics,
        tags=args.tags,
        as_of=args.as_of,
        kind=args.kind,
        fact_id=args.id,
        locator=args.locator,
    )
    if becomes_office:
        adopt_office(target, bool(option(args, "quiet", False)))
    fact = added.fact
    if not args.quiet:
        where = f" at {added.located.locator}" if added.located.locator else ""
        named = " (suggested; give --id to choose)" if added.suggested_id else ""
        print(f"{display_path(target)}:{fact.line}: fact '{fact.id}'{named} added{where}")
        if added.located.also:
            print(
                f"warning: the quote is also in {', '.join(added.located.also)}; a longer "
                "quote would say which is meant",
                file=sys.stderr,
            )
    return EXIT_OK
