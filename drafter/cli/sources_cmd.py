"""`drafter sources ...`: bring sources into the fact base.

`sources add` (drafter.cli.grow_cmd) captures a document; `sources import-parliament`
makes a `written-question` source from the UK Parliament written questions API: a saved
response (FILE.json), or the API itself with --uin and --date when there is a network.
Both archive the text the same way (drafter.facts.grow.store_source): `sources/ID.txt`
beside the fact file, numbered, its SHA-256 and the capture date in the source entry.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import Any

from drafter.cli.common import EXIT_OK, EXIT_USAGE, Failure, common_options, iso_date


def register(commands: Any) -> None:
    sources = commands.add_parser(
        "sources",
        help="bring sources into the fact base (capture a document; written answers from "
        "Parliament)",
        description="Bring sources into the fact base.",
    )
    sub = sources.add_subparsers(dest="sources_command", metavar="COMMAND", required=True)
    from drafter.cli import grow_cmd

    grow_cmd.register_sources(sub)
    parliament = sub.add_parser(
        "import-parliament",
        parents=[common_options()],
        help="a written question and answer from the UK Parliament API, as a source",
        description="Make a written-question source from the UK Parliament written "
        "questions API (a response saved as JSON, or fetched with --uin and --date) and "
        "archive the question and answer as a captured source is archived: sources/ID.txt "
        "beside the fact file, the answer's paragraphs numbered, the archive's SHA-256 and "
        "today's date in the source entry. The source is added to the office file, or to "
        "--to FILE (created when it does not exist), ready for drafter facts add.",
        epilog="examples:\n"
        "  drafter sources import-parliament answer.json --to hl1234.yaml\n"
        "  drafter sources import-parliament --uin HL1234 --date 2024-02-20",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parliament.add_argument(
        "file", nargs="?", type=Path, metavar="FILE.json", help="a saved API response"
    )
    parliament.add_argument(
        "--uin", metavar="UIN", help="the question's UIN (with --date: fetch it from the API)"
    )
    parliament.add_argument(
        "--date",
        type=iso_date,
        metavar="YYYY-MM-DD",
        help="the day the question was tabled (with --uin)",
    )
    parliament.add_argument("--id", metavar="ID", help="the source id (default: wq-UIN-DATE)")
    parliament.add_argument(
        "--to",
        "-o",
        "--output",
        dest="to",
        type=Path,
        metavar="FACTS.yaml",
        help="the fact file to add the source to (default: the office file)",
    )
    parliament.add_argument(
        "--force", action="store_true", help="replace the source and its archive if there"
    )
    parliament.set_defaults(handler=cmd_import_parliament)


def cmd_import_parliament(args: argparse.Namespace) -> int:
    from drafter.cli.common import fact_paths, stale_months
    from drafter.cli.grow_cmd import adopt_office, target_file
    from drafter.facts import parliament
    from drafter.facts.grow import store_source
    from drafter.paths import display_path
    from drafter.yamlio import SLUG

    if args.file is None and not (args.uin and args.date):
        raise Failure("give FILE.json, or --uin UIN and --date YYYY-MM-DD", code=EXIT_USAGE)
    if args.file is not None and args.date:
        raise Failure("give FILE.json or --date, not both", code=EXIT_USAGE)
    if args.id and not SLUG.match(args.id):
        raise Failure(f"--id must be a slug (lowercase, digits, hyphens): {args.id!r}", EXIT_USAGE)
    target, becomes_office = target_file(args)  # before anything is fetched
    if args.file is not None:
        origin = str(args.file)
        try:
            raw = args.file.read_bytes()
        except OSError as exc:
            raise Failure(f"{origin}: cannot read it ({exc.strerror or exc})") from None
    else:
        try:
            raw, origin = parliament.fetch_question(args.uin.replace(" ", ""), args.date)
        except parliament.OfflineError as exc:
            raise Failure(
                f"{exc}; without a network, save the question's JSON from "
                f"{parliament.API}/{args.date.isoformat()}/{args.uin}?expandMember=true "
                "and pass the file instead"
            ) from None
    question = parliament.load_response(raw, origin, args.uin or "")
    imported = parliament.import_question(
        question, origin, today=dt.date.today(), source_id=args.id or ""
    )
    added = store_source(
        target,
        imported.source_id,
        imported.source,
        imported.capture,
        base=fact_paths(args),
        today=dt.date.today(),
        force=args.force,
        stale_months=stale_months(args),
    )
    if becomes_office:
        adopt_office(target, args.quiet)
    for note in imported.notes:
        print(f"warning: {note}", file=sys.stderr)
    if not args.quiet:
        print(
            f"{display_path(target)}:{added.line}: source '{added.source_id}' (written "
            f"question {imported.source['uin']}) added; archive {display_path(added.archive)} "
            f"({added.passages} paragraphs of the answer, sha256 {added.sha256[:12]}...)"
        )
        print(f"next: drafter facts add --source {added.source_id} --quote ... --to {target}")
    return EXIT_OK
