"""`drafter facts layers|upgrade|review`: remember the office's files and keep facts fresh."""

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
    fact_paths,
    iso_date,
    load_facts,
    print_table,
    stale_months,
)


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    layers = sub.add_parser(
        "layers",
        parents=[common],
        help="list, add or remove the fact files layered on the bundled base",
        description="The fact files the default base layers on the bundled facts.yaml, "
        "lowest first, kept in layers.yaml in the config folder; the office file is where "
        "`facts add` and `sources add` write by default.",
    )
    layers.add_argument("--add", type=Path, metavar="FILE", action="append", default=[],
                        help="layer FILE on top (repeatable)")  # fmt: skip
    layers.add_argument("--remove", type=Path, metavar="FILE", action="append", default=[],
                        help="stop layering FILE (the file itself is kept)")  # fmt: skip
    layers.add_argument("--office", type=Path, metavar="FILE",
                        help="make FILE the office file (and a layer)")  # fmt: skip
    layers.set_defaults(handler=cmd_layers)

    upgrade = sub.add_parser(
        "upgrade",
        parents=[common],
        help="rewrite a schema 1 fact file as schema 2",
        description="Rewrite FILE in place as schema 2: 'schema: 2', and 'kind: position' on "
        "each fact without a kind, so it ages as before. Comments and order are kept; review "
        "each kind afterwards (docs/facts.md).",
    )
    upgrade.add_argument("file", type=Path, metavar="FILE")
    upgrade.set_defaults(handler=cmd_upgrade)

    review = sub.add_parser(
        "review",
        parents=[common],
        help="list the facts due for review; record a review or a successor",
        description="List current positions and statistics last checked more than "
        "--stale-months months ago (18), oldest first. --mark-reviewed and --supersede "
        "record the decision in the file that defines the fact.",
    )
    review.add_argument("--topic", metavar="T", help="only facts on topic T")
    review.add_argument("--mark-reviewed", metavar="ID", action="append", default=[],
                        help="record that fact ID was checked today and still holds "
                        "(repeatable)")  # fmt: skip
    review.add_argument("--reviewer", metavar="NAME",
                        help="who reviewed it (default: the name in your profile)")  # fmt: skip
    review.add_argument("--supersede", metavar="ID", help="mark fact ID superseded ...")
    review.add_argument("--by", metavar="NEW", help="... by fact NEW")
    review.add_argument("--on", type=iso_date, metavar="YYYY-MM-DD",
                        help="the date of the review (default today)")  # fmt: skip
    review.set_defaults(handler=cmd_review)

    diff = sub.add_parser(
        "diff",
        parents=[common],
        help="list facts, sources and topics added, removed or changed between two files",
        description="Compare two versions of a fact file by id. Each is a file, or REV:PATH "
        "in the git repository of the current folder (HEAD~1:facts/office.yaml).",
    )
    diff.add_argument("old", metavar="OLD")
    diff.add_argument("new", metavar="NEW")
    diff.set_defaults(handler=cmd_diff)

    driver = sub.add_parser(
        "merge-driver",
        help="git merge driver for fact files, keyed on ids (docs/sharing.md)",
        description="Merge THEIRS into OURS with BASE as their common ancestor, entry by "
        "entry: different facts edited on each side merge cleanly; one fact changed two "
        "ways is one conflict, marked around that fact. Writes OURS; exit 0 when clean, 1 "
        "with conflicts. Configure it as: git config merge.drafter-facts.driver "
        "'drafter facts merge-driver %O %A %B'.",
    )
    driver.add_argument("base", type=Path, metavar="BASE")
    driver.add_argument("ours", type=Path, metavar="OURS")
    driver.add_argument("theirs", type=Path, metavar="THEIRS")
    driver.set_defaults(handler=cmd_merge_driver)


# --------------------------------------------------------------------------- layers


def cmd_layers(args: argparse.Namespace) -> int:
    from drafter.facts.layers import Layers, layers_file, read_layers, same_file, write_layers
    from drafter.paths import bundled_facts, display_path

    current = read_layers()
    files = list(current.files)
    office = current.office
    for path in args.add + ([args.office] if args.office else []):
        path = path.expanduser().absolute()
        if not path.is_file():
            raise Failure(f"{path}: no such file (make it with `drafter sources add ... --to`)")
        if not any(same_file(path, f) for f in files):
            files.append(path)
    if args.office:
        office = args.office.expanduser().absolute()
    for path in args.remove:
        kept = [f for f in files if not same_file(f, path)]
        if len(kept) == len(files):
            raise Failure(f"{path} is not a layer (drafter facts layers lists them)")
        files = kept
        if office is not None and same_file(office, path):
            office = None
    if args.add or args.remove or args.office:
        write_layers(Layers(tuple(files), office))
        if not args.quiet:
            print(f"wrote {display_path(layers_file())}", file=sys.stderr)
    rows = [("base", display_path(bundled_facts()))]
    for path in files:
        role = "office" if office is not None and same_file(path, office) else "layer"
        rows.append((role, display_path(path)))
    print_table(rows, ("ROLE", "FILE"))
    return EXIT_OK


# --------------------------------------------------------------------------- upgrade


def cmd_upgrade(args: argparse.Namespace) -> int:
    from drafter.facts.review import UPGRADE_KIND, upgrade

    done = upgrade(args.file, base=fact_paths(args), stale_months=stale_months(args))
    if done.was == "2":
        print(f"{args.file} is already schema 2")
    else:
        print(
            f"{args.file}: schema {done.was} -> 2; {done.kinds_added} facts given "
            f"'kind: {UPGRADE_KIND}' (they age as before). Set each fact's kind: event, "
            "call and finding never go stale (docs/facts.md)."
        )
    return EXIT_OK


# --------------------------------------------------------------------------- review


def _reviewer(args: argparse.Namespace) -> str:
    if args.reviewer is not None:
        return str(args.reviewer).strip()
    from drafter.errors import DrafterError
    from drafter.people.contacts import load_profile

    try:
        profile = load_profile()
    except DrafterError:
        return ""
    return profile.name if profile is not None else ""


def cmd_review(args: argparse.Namespace) -> int:
    from drafter.facts import lifecycle, review
    from drafter.paths import display_path
    from drafter.textfmt import uk_date

    if bool(args.supersede) != bool(args.by):
        raise Failure("--supersede ID and --by NEW go together", code=EXIT_USAGE)
    factbase = load_facts(args)
    today = args.on or dt.date.today()
    changed = False
    for fact_id in args.mark_reviewed:
        path = review.mark_reviewed(factbase, fact_id, on=today, by=_reviewer(args))
        print(f"{display_path(path)}: '{fact_id}' reviewed on {uk_date(today)}")
        changed = True
    if args.supersede:
        path = review.supersede(factbase, args.supersede, by=args.by)
        print(f"{display_path(path)}: '{args.supersede}' superseded by '{args.by}'")
        changed = True
    if changed:
        return EXIT_OK
    if args.topic is not None and args.topic not in factbase.topics:
        raise Failure(f"no topic '{args.topic}'; see `drafter topics`")
    due = factbase.due(today, args.topic)
    rows = [
        (
            f.id,
            f.kind or "(schema 1)",
            (lifecycle.checked_on(f)).isoformat(),
            f"{display_path(f.file)}:{f.line}",
        )
        for f in due
    ]
    print_table(rows, ("ID", "KIND", "CHECKED", "WHERE"))
    if not args.quiet:
        noun = "fact is" if len(due) == 1 else "facts are"
        print(
            f"{len(due)} {noun} due for review (checked more than {factbase.stale_months} "
            "months ago); record one with --mark-reviewed ID",
            file=sys.stderr,
        )
    return EXIT_OK


# --------------------------------------------------------------------------- diff, merge


def cmd_diff(args: argparse.Namespace) -> int:
    from drafter.facts.diff import diff, read_version, split

    old = split(*reversed(read_version(args.old)))
    new = split(*reversed(read_version(args.new)))
    changes = list(diff(old, new))
    marks = {"added": "+", "removed": "-", "changed": "~"}
    for change in changes:
        detail = f" ({', '.join(change.fields)})" if change.fields else ""
        print(f"{marks[change.what]} {change.kind} {change.id}{detail}")
    if not args.quiet:
        counts = {w: sum(1 for c in changes if c.what == w) for w in marks}
        print(
            f"{counts['added']} added, {counts['removed']} removed, {counts['changed']} changed",
            file=sys.stderr,
        )
    return EXIT_OK


def cmd_merge_driver(args: argparse.Namespace) -> int:
    import subprocess

    from drafter.errors import DrafterError
    from drafter.facts.diff import merge, split
    from drafter.facts.loader import MAX_FACTBASE_BYTES
    from drafter.fileio import atomic_write_text
    from drafter.yamlio import read_text

    try:
        versions = [
            split(read_text(p, str(p), what="fact base file", max_bytes=MAX_FACTBASE_BYTES), str(p))
            for p in (args.base, args.ours, args.theirs)
        ]
    except DrafterError as exc:
        # Not a fact file drafter can read by entries: git's own line merge, said so.
        for problem in exc.problems:
            print(f"drafter: {problem}; merging by lines instead", file=sys.stderr)
        result = subprocess.run(
            ["git", "merge-file", str(args.ours), str(args.base), str(args.theirs)], check=False
        )
        return 1 if result.returncode else 0
    merged = merge(*versions)
    atomic_write_text(args.ours, merged.text, force=True)
    for kind, entry_id in merged.conflicts:
        print(f"drafter: conflict in {kind} '{entry_id}' (changed on both sides)", file=sys.stderr)
    return 1 if merged.conflicts else 0
