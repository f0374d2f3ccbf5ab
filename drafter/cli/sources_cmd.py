"""`drafter sources ...`: bring sources into the fact base.

`sources import-parliament` makes a `written-question` source, with its archived text,
from the UK Parliament written questions API: a saved response (FILE.json), or the
API itself with --uin and --date when there is a network.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import Any

from drafter.cli.common import EXIT_OK, EXIT_USAGE, Failure, common_options


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
        description="Make a written-question source, and the archived text of the question "
        "and answer, from the UK Parliament written questions API: a response saved as "
        "JSON, or fetched with --uin and --date. The source goes in a new fact base file "
        "to layer with --add-facts, where facts quoting the answer can be added.",
        epilog="examples:\n"
        "  drafter sources import-parliament answer.json -o hl1234.yaml --archive archive\n"
        "  drafter sources import-parliament --uin HL1234 --date 2024-02-20 -o hl1234.yaml",
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
        type=_iso_date,
        metavar="YYYY-MM-DD",
        help="the day the question was tabled (with --uin)",
    )
    parliament.add_argument("--id", metavar="ID", help="the source id (default: wq-UIN-DATE)")
    parliament.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="FILE",
        help="the fact base file to write (default: ID.yaml in the current folder)",
    )
    parliament.add_argument(
        "--archive",
        type=Path,
        metavar="DIR",
        default=Path("."),
        help="the folder for the archived text (default: the current folder); "
        "drafter facts verify --sources DIR reads it",
    )
    parliament.add_argument("--force", action="store_true", help="overwrite files that exist")
    parliament.set_defaults(handler=cmd_import_parliament)


def _iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date: {text!r} (use YYYY-MM-DD)") from None


def cmd_import_parliament(args: argparse.Namespace) -> int:
    from drafter.facts import parliament
    from drafter.fileio import atomic_write_text
    from drafter.yamlio import SLUG

    if args.file is None and not (args.uin and args.date):
        raise Failure("give FILE.json, or --uin UIN and --date YYYY-MM-DD", code=EXIT_USAGE)
    if args.file is not None and args.date:
        raise Failure("give FILE.json or --date, not both", code=EXIT_USAGE)
    if args.id and not SLUG.match(args.id):
        raise Failure(f"--id must be a slug (lowercase, digits, hyphens): {args.id!r}", EXIT_USAGE)
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
    output = args.output or Path(f"{imported.source_id}.yaml")
    if not args.archive.is_dir():
        raise Failure(f"{args.archive}: no such folder (give --archive DIR)")
    archive = args.archive / imported.archive_name
    same = archive.is_file() and archive.read_bytes() == imported.archive_text.encode("utf-8")
    if not same:
        atomic_write_text(archive, imported.archive_text, force=args.force)
    atomic_write_text(output, imported.fact_base(Path(origin).name), force=args.force)
    for note in imported.notes:
        print(f"warning: {note}", file=sys.stderr)
    print(f"{output}: source '{imported.source_id}' (written question {imported.source['uin']})")
    print(f"{archive}: the question and answer (sha256 {imported.sha256[:16]}...)")
    print(f"next: add facts quoting the answer to {output}, then use --add-facts {output}")
    return EXIT_OK
