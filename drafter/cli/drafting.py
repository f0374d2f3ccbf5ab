"""The drafting app (`drafter`, `drafter open`) and headless drafting commands.

`drafter draft`, `drafter brief` and `drafter merge` make the same documents as the TUI,
from the same core: a Draft is assembled (from a draft file, then flags), its people
resolved (address book, profile), rendered, and exported by `drafter.export.formats`.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from drafter.cli.common import (
    EXIT_INPUT,
    EXIT_OK,
    EXIT_USAGE,
    Failure,
    common_options,
    fact_paths,
    iso_date,
    load_facts,
    option,
    report_problems,
    stale_months,
)

if TYPE_CHECKING:
    from drafter.document import Notice, RenderedDocument
    from drafter.drafting.check import Finding
    from drafter.drafting.draft import Draft, DraftLines
    from drafter.drafting.merge import RowOutcome
    from drafter.drafting.templates import TemplateSet
    from drafter.drafting.workspace import AddressBook, Workspace
    from drafter.errors import DrafterError
    from drafter.export.formats import Format
    from drafter.facts.loader import FactBase
    from drafter.people.sender import Sender

EXIT_INTERRUPTED = 130  # as a shell reports a program stopped by ctrl+c

EXIT_CODES = """\
exit codes: 0 success, 1 input error (a bad file, draft, row or check), 2 usage error.
-q prints only errors; -v prints more detail (each file written, timings)."""

DRAFT_EPILOG = f"""\
Values on the command line override the draft file's: --template, --topic, --date,
--our-ref, --your-ref, --to and --recipient replace; --fact and --all-facts add facts
after the file's; --field sets one field and keeps the others. The sender comes from
the draft, else your profile (or --profile FILE). The draft file format: docs/drafts.md.

examples:
  drafter draft examples/minister-letter.yaml --contacts examples/contacts.yaml \\
      --profile examples/profile.yaml -o letter.docx
  drafter draft --template briefing-note --topic hong-kong --all-facts --dry-run
  drafter draft --template minister-letter --topic hong-kong \\
      --fact amnesty-hong-kong-bounties-intimidate-critics \\
      --recipient 'minister:Ms Harriet Vale, Minister of State for the Indo-Pacific' \\
      --field subject='Hong Kong bounties' --field occasion='I write about ...' \\
      --field asks='Will the Government condemn the bounties?' \\
      --profile examples/profile.yaml -o letter.md

{EXIT_CODES}"""

BRIEF_EPILOG = f"""\
Facts are grouped into the briefing sections by their tags (background, uk-government,
international, campaign, recent; any other tag: Key facts), newest first within a
section. Stale facts are kept and each gives a warning.

examples:
  drafter brief --topic hong-kong -o hong-kong.docx
  drafter brief --topic xinjiang --dry-run

{EXIT_CODES}"""

MERGE_EPILOG = f"""\
The CSV's first row names its columns: kind, honorific, first_name, last_name, peerage,
office, post_nominals, privy_counsellor, gender, organisation, email, salutation,
valediction; address (lines separated by | or ;) or address_1 ... address_5; our_ref,
your_ref; file (the output file's name); field:NAME or a bare template field name.
Columns starting x- are ignored; any other column is an error. A bad row is reported
with its row number (the header is row 1) and skipped; the others are written.
A merge that was stopped is finished by running it again (letters already there
and unchanged are kept); --resume keeps any file already at a letter's name.
--combine FILE.pdf (or .docx) writes every letter into one file to print, each on a
new page with its own page numbers; with --out the letters are written as well.

examples:
  drafter merge --template minister-letter --recipients examples/recipients.csv \\
      --out letters/ examples/merge-letter.yaml --profile examples/profile.yaml
  drafter merge examples/merge-letter.yaml --recipients examples/recipients.csv \\
      --profile examples/profile.yaml --combine letters.pdf

{EXIT_CODES} A merge exits 1 if any row failed."""


_ATTACH_HELP = "eml: attach the letter as pdf (the default) or docx"
_PDF_A_HELP = "PDF: an archival PDF/A-2b copy (tagged, with its fonts embedded)"

CHECK_EPILOG = """\
Reads the draft's written body (body: in the draft file, docs/drafts.md) against the
facts it cites. Errors: a citation of a fact the base does not hold, a citation drafter
cannot read. Warnings: an uncited claim (a figure, date, amount, percentage or
quotation with no citation), a detail not in the source, a misquote, a stale fact
cited, a fact chosen but never cited. drafter draft and drafter merge print the same
findings as warnings, and stop on an error.

examples:
  drafter check examples/written-letter.yaml
  drafter check examples/written-letter.yaml --strict --format json

exit codes: 0 no errors (warnings allowed), 1 an error, or with --strict any finding;
2 usage error."""


def register(commands: Any) -> None:
    common = common_options()
    opener = commands.add_parser(
        "open",
        parents=[common],
        help="open a saved draft in the drafting app",
        description="Open DRAFT.yaml (the draft file format of docs/drafts.md) in the app.",
    )
    opener.add_argument("draft", type=Path, metavar="DRAFT.yaml")
    add_theme_option(opener, top_level=False)
    opener.set_defaults(handler=run_app)

    server = commands.add_parser(
        "serve",
        parents=[common],
        help="the drafting app in a web browser (docs/serve.md)",
        description="Serve the drafting app to a web browser on this machine. It prints an "
        "address with a random token; the server refuses anything without it. Exports "
        "come to the browser as downloads. See docs/serve.md for what it protects.",
    )
    server.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default 127.0.0.1: this machine only)",
    )
    server.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    add_theme_option(server, top_level=False)
    server.set_defaults(handler=run_serve)

    draft = commands.add_parser(
        "draft",
        parents=[common],
        help="render a draft file or flags to DOCX, Markdown or PDF",
        description="Render a letter or briefing from DRAFT.yaml, from flags, or both, "
        "and write it as DOCX, Markdown or PDF.",
        epilog=DRAFT_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    draft.add_argument(
        "draft", nargs="?", type=Path, metavar="DRAFT.yaml", help="a draft file (optional)"
    )
    _draft_options(draft, recipient=True)
    _people_options(draft)
    _output_options(draft, starter=True)
    draft.set_defaults(handler=cmd_draft)

    check = commands.add_parser(
        "check",
        parents=[common],
        help="check a draft's written body against the facts it cites",
        description="Check the citations of DRAFT.yaml's body: every claim cited, every "
        "figure, date and quotation in the facts cited.",
        epilog=CHECK_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    check.add_argument("draft", type=Path, metavar="DRAFT.yaml")
    check.add_argument(
        "--strict", action="store_true", help="exit 1 on any finding, not only on errors"
    )
    check.add_argument(
        "--format", choices=("text", "json"), default="text", help="output (default text)"
    )
    check.set_defaults(handler=cmd_check)

    brief = commands.add_parser(
        "brief",
        parents=[common],
        help="write a cited briefing note from all of a topic's facts",
        description="Write a briefing note citing every fact on a topic, grouped into "
        "briefing sections, newest first, stale facts flagged.",
        epilog=BRIEF_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    brief.add_argument("--topic", required=True, metavar="T", help="the topic to brief on")
    brief.add_argument(
        "--template",
        default="briefing-note",
        metavar="NAME",
        help="briefing template (default: briefing-note)",
    )
    brief.add_argument("--date", type=iso_date, metavar="YYYY-MM-DD", help="date (today)")
    _style_option(brief)
    brief.add_argument(
        "--field", action="append", default=[], metavar="NAME=VALUE", help="set a field"
    )
    _people_options(brief, contacts=False)
    _output_options(brief)
    brief.set_defaults(handler=cmd_brief)

    merge = commands.add_parser(
        "merge",
        parents=[common],
        help="write one letter per row of a recipients CSV",
        description="Write one letter per recipient in a CSV file into a folder: the same "
        "template, topic, facts and fields, each letter addressed to its row.",
        epilog=MERGE_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    merge.add_argument(
        "draft",
        nargs="?",
        type=Path,
        metavar="DRAFT.yaml",
        help="a draft file giving what every letter shares (optional)",
    )
    merge.add_argument(
        "--recipients", required=True, type=Path, metavar="FILE.csv", help="the recipients"
    )
    merge.add_argument("--out", type=Path, metavar="DIR", help="folder for the letters")
    merge.add_argument(
        "--combine",
        type=Path,
        metavar="FILE.pdf|FILE.docx",
        help="every letter in one file to print, each on a new page with its own page numbers",
    )
    _draft_options(merge, recipient=False)
    _people_options(merge, contacts=False)
    merge.add_argument("--format", choices=_format_names(), help="output format (default docx)")
    merge.add_argument(
        "--force", action="store_true", help="overwrite letters (and the --combine file) that exist"
    )
    merge.add_argument(
        "--resume",
        action="store_true",
        help="finish a merge that was stopped: keep every letter already in DIR",
    )
    merge.add_argument(
        "--review", action="store_true", help="DOCX: a comment with the source on each citation"
    )
    merge.add_argument("--pdf-a", action="store_true", help=_PDF_A_HELP)
    merge.add_argument("--attach", choices=("pdf", "docx"), default="pdf", help=_ATTACH_HELP)
    merge.set_defaults(handler=cmd_merge)


def _format_names() -> tuple[str, ...]:
    from drafter.export.formats import FORMATS

    return FORMATS


def _draft_options(parser: argparse.ArgumentParser, *, recipient: bool) -> None:
    group = parser.add_argument_group("draft")
    group.add_argument("--template", metavar="NAME", help="template (drafter templates list)")
    group.add_argument("--topic", metavar="T", help="topic id (drafter topics)")
    group.add_argument(
        "--fact",
        action="append",
        default=[],
        metavar="ID",
        help="add a fact (repeatable; order kept)",
    )
    group.add_argument(
        "--all-facts", action="store_true", help="add every fact on the topic, in fact base order"
    )
    if recipient:
        who = group.add_mutually_exclusive_group()
        who.add_argument("--to", metavar="CONTACT", help="recipient: an address book id")
        who.add_argument(
            "--recipient",
            metavar="KIND:NAME",
            help="recipient: e.g. 'mp:Ms Jane Smith' (syntax: docs/addressing.md)",
        )
    group.add_argument(
        "--field",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="set a template field (repeatable)",
    )
    group.add_argument("--date", type=iso_date, metavar="YYYY-MM-DD", help="date (today)")
    group.add_argument("--our-ref", metavar="REF", help="our reference")
    group.add_argument("--your-ref", metavar="REF", help="the correspondent's reference")
    _style_option(group)


def _style_option(group: argparse._ActionsContainer) -> None:
    from drafter.document import CITATION_STYLES

    group.add_argument(
        "--citation-style",
        choices=CITATION_STYLES,
        help="oscola (ibid for a repeat) or oscola-no-ibid; default: the draft's, "
        "else the template's, else oscola",
    )


def _people_options(parser: argparse.ArgumentParser, *, contacts: bool = True) -> None:
    group = parser.add_argument_group("people")
    if contacts:
        group.add_argument(
            "--contacts",
            type=Path,
            metavar="FILE",
            help="address book for --to and `to:` (default: contacts.yaml in your config folder)",
        )
    group.add_argument(
        "--profile",
        type=Path,
        metavar="FILE",
        help="sender profile (default: profile.yaml in your config folder)",
    )


def _output_options(parser: argparse.ArgumentParser, *, starter: bool = False) -> None:
    group = parser.add_argument_group("writing")
    group.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="file to write (a folder: a default name in it); default: a name from the "
        "date, topic and recipient in the current folder",
    )
    group.add_argument(
        "--format",
        choices=_format_names(),
        help="output format (default: from FILE's suffix, else docx)",
    )
    group.add_argument("--force", action="store_true", help="overwrite FILE if it exists")
    group.add_argument(
        "--review", action="store_true", help="DOCX: a comment with the source on each citation"
    )
    group.add_argument("--pdf-a", action="store_true", help=_PDF_A_HELP)
    group.add_argument("--attach", choices=("pdf", "docx"), default="pdf", help=_ATTACH_HELP)
    group.add_argument(
        "--dry-run",
        action="store_true",
        help="print the Markdown and the warnings; write nothing",
    )
    if starter:
        group.add_argument(
            "--starter",
            action="store_true",
            help="write a first body from the draft's facts into DRAFT.yaml (or into -o "
            "FILE.yaml, a new draft file) instead of rendering; --force replaces a body",
        )


# --------------------------------------------------------------------------- shared steps


def _fields(pairs: list[str]) -> dict[str, str]:
    fields: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise Failure(f"--field needs NAME=VALUE, not '{pair}'", code=EXIT_USAGE)
        fields[name.strip()] = value
    return fields


# How each part of a draft is given on the command line, for the hints of problems.
HOW = {
    "recipient": "give --to ID (an address book id) or --recipient KIND:NAME, "
    "or to: or recipient: in the draft file",
    "sender": "give your name in your profile (profile.yaml, or --profile FILE) "
    "or sender: in the draft file",
    "topic": "give --topic T (drafter topics lists them)",
    "facts": "drafter facts lists the fact ids",
}
FLAGS = {
    "template": "--template",
    "topic": "--topic",
    "date": "--date",
    "our_ref": "--our-ref",
    "your_ref": "--your-ref",
    "citation_style": "--citation-style",
}


def _assemble(args: argparse.Namespace, factbase: FactBase) -> tuple[Draft, DraftLines]:
    """The draft file (if any) with the command line's values applied on top, and where
    its body and facts are in the file (for the citation check's findings).

    The draft's origin places each problem: at the draft file's line, or at the flag
    that gave the part.
    """
    from drafter.drafting.draft import Draft, DraftLines, load_draft_lines
    from drafter.drafting.origin import Origin
    from drafter.people.recipient_spec import parse_recipient_spec

    draft, lines = (
        load_draft_lines(args.draft) if args.draft is not None else (Draft(), DraftLines())
    )
    origin = draft.origin if args.draft is not None else Origin("command line")
    for name, flag in FLAGS.items():
        value = getattr(args, name, None)
        if value is not None:
            setattr(draft, name, value)
            origin = origin.given(name, flag)
    for fact_id in args.fact:
        if fact_id not in draft.facts:
            origin = origin.given(f"facts.{fact_id}", "--fact")
    draft.facts = list(dict.fromkeys([*draft.facts, *args.fact]))
    if args.all_facts:
        if not draft.topic:
            raise Failure("--all-facts needs a topic: give --topic T", code=EXIT_USAGE)
        topic_facts = [f.id for f in factbase.facts_for_topic(draft.topic)]
        draft.facts = list(dict.fromkeys([*draft.facts, *topic_facts]))
    for name, value in _fields(args.field).items():
        draft.fields[name] = value
        origin = origin.given(f"fields.{name}", "--field")
    if getattr(args, "to", None):
        draft.contact, draft.recipient = args.to, None
        origin = origin.given("to", "--to").given("recipient", "--to")
    if getattr(args, "recipient", None):
        draft.recipient, draft.contact = parse_recipient_spec(args.recipient), ""
        origin = origin.given("recipient", "--recipient")
    if not draft.template:
        raise Failure(
            "no template: give DRAFT.yaml or --template NAME (drafter templates list)",
            code=EXIT_USAGE,
        )
    draft.origin = origin.told(HOW)
    return draft, lines


def _check(
    draft: Draft, workspace: Workspace, lines: DraftLines, where: str
) -> tuple[Finding, ...]:
    """The citation check of a draft with a body: an error stops, warnings are returned."""
    if not draft.body.strip():
        return ()  # and the check's module is not even imported
    from drafter.drafting.check import has_errors
    from drafter.errors import DraftError, Problem

    findings = workspace.check_citations(draft, file=where, lines=lines)
    if has_errors(findings):
        raise DraftError(
            Problem(where, f.message, f.hint, f.line) for f in findings if f.severity == "error"
        )
    return findings


def _merge_warnings(
    notices: tuple[Notice, ...], findings: tuple[Finding, ...]
) -> list[Notice | Finding]:
    """Render's notices and the check's findings, each thing said once (the check's word
    wins: it names the line)."""
    said = {(f.code, f.fact_id) for f in findings if f.fact_id}
    kept: list[Notice | Finding] = [n for n in notices if (n.code, n.fact_id) not in said]
    return [*kept, *findings]


def _workspace(
    args: argparse.Namespace, factbase: FactBase | None = None, *, templates: bool = True
) -> Workspace:
    """The workspace the command's options describe; the address book and the profile
    are read only when a draft needs them, the templates now (their problems before any
    work) or, with `templates=False`, only if a draft needs them."""
    from drafter.drafting.workspace import Workspace
    from drafter.people.contacts import load_contacts, load_profile

    contacts_file: Path | None = option(args, "contacts")
    profile_file: Path | None = option(args, "profile")
    book: list[AddressBook] = []
    profile: list[Sender | None] = []

    def read_contacts() -> AddressBook:
        if not book:
            book.append(load_contacts(contacts_file))
        return book[0]

    def read_profile() -> Sender | None:
        if not profile:
            profile.append(load_profile(profile_file))
        return profile[0]

    def read_templates() -> TemplateSet:
        from drafter.drafting.templates import TemplateSet

        return TemplateSet.discover(option(args, "templates", []))

    return Workspace(
        factbase if factbase is not None else load_facts(args),
        read_templates() if templates else read_templates,
        contacts=read_contacts,
        profile=read_profile,
        reference_doc=option(args, "reference_doc"),
        contacts_file=contacts_file,
        pdf_a=bool(getattr(args, "pdf_a", False)),
        attach=getattr(args, "attach", "pdf"),
    )


def _warn(args: argparse.Namespace, warnings: Sequence[Notice | Finding]) -> None:
    from drafter.document import Notice

    if args.quiet:
        return
    for item in warnings:
        print(f"warning: {item.message if isinstance(item, Notice) else item}", file=sys.stderr)


def _output_target(args: argparse.Namespace) -> tuple[Path | None, bool]:
    """-o as a path, and whether it names a folder (one that exists, or ends in /)."""
    from drafter.errors import ExportError
    from drafter.fileio import is_folder

    raw: str | None = args.output
    if raw is None:
        return None, False
    path = Path(raw)
    if not raw.endswith(("/", os.sep)):
        return path, is_folder(path)
    if is_folder(path):
        return path, True
    if path.exists():
        raise ExportError.single(raw, "is a file, not a folder", "give a folder, or drop the /")
    raise ExportError.single(
        raw, f"folder {path} does not exist", "create it first, or choose another"
    )


def _warn_reference(args: argparse.Namespace, exporter: Any) -> None:
    if not args.quiet:
        for message in exporter.warnings:
            print(f"warning: {message}", file=sys.stderr)


def _output_format(args: argparse.Namespace) -> Format:
    from drafter.export.formats import (
        DEFAULT_FORMAT,
        REVIEW_NEEDS_DOCX,
        export_format,
        format_for_path,
    )

    given: Format | None = args.format
    output, folder = _output_target(args)
    if output is None or folder:
        chosen: Format = given or DEFAULT_FORMAT
    else:
        implied = format_for_path(output)
        if given is not None and implied is not None and implied != given:
            raise Failure(
                f"-o {output} ends {output.suffix} but --format is {given}; make them agree",
                code=EXIT_USAGE,
            )
        if given is None and implied is None:
            raise Failure(
                f"cannot tell the format from '{output.name}': end it "
                + _suffixes()
                + ", or give --format",
                code=EXIT_USAGE,
            )
        chosen = given or implied or DEFAULT_FORMAT
    if args.review and not export_format(chosen).review:
        raise Failure(f"--review {REVIEW_NEEDS_DOCX}", EXIT_USAGE)
    if args.pdf_a and chosen not in ("pdf", "eml"):
        raise Failure("--pdf-a needs PDF output: end -o with .pdf or give --format pdf", EXIT_USAGE)
    return chosen


def _suffixes() -> str:
    from drafter.export.formats import REGISTRY
    from drafter.textfmt import join_or

    return join_or(spec.suffix for spec in REGISTRY.values())


def _write_one(
    args: argparse.Namespace,
    workspace: Workspace,
    doc: RenderedDocument,
    draft: Draft,
    file_format: Format,
    findings: tuple[Finding, ...] = (),
) -> int:
    """Print (--dry-run) or write the document; warnings to stderr either way."""
    if args.dry_run:
        from drafter.export.markdown import to_markdown

        sys.stdout.write(to_markdown(doc))
        _warn(args, _merge_warnings(doc.warnings, findings))
        return EXIT_OK
    path, folder = _output_target(args)
    if path is None or folder:
        path = (path or Path()) / workspace.output_name(draft, file_format)
    _warn_reference(args, workspace.exporter(file_format))
    workspace.export(doc, path, file_format, review=args.review, force=args.force)
    _warn(args, _merge_warnings(doc.warnings, findings))
    if not args.quiet:
        print(f"wrote {path}", file=sys.stderr)
    return EXIT_OK


# --------------------------------------------------------------------------- commands


def _write_starter(args: argparse.Namespace) -> int:
    """drafter draft --starter: the draft's first body, written into a draft file."""
    from drafter.drafting.draft import save_draft, write_body
    from drafter.drafting.starter import starter_body
    from drafter.drafting.validate import draft_fact_ids, fact_hint
    from drafter.errors import DraftError, Problem
    from drafter.people.contacts import load_profile

    output = Path(args.output) if args.output is not None else None
    if output is not None and output.suffix not in (".yaml", ".yml"):
        raise Failure("--starter writes a draft file: give -o FILE.yaml", code=EXIT_USAGE)
    if output is None and args.draft is None:
        raise Failure("--starter writes a draft file: give DRAFT.yaml or -o FILE.yaml", EXIT_USAGE)
    factbase = load_facts(args)
    draft, _ = _assemble(args, factbase)
    where = str(args.draft) if args.draft is not None else "command line"
    missing = [i for i in draft_fact_ids(draft) if i not in factbase.facts]
    if missing:
        raise DraftError(
            Problem(where, f"no fact '{i}' in the fact base", fact_hint(i, factbase))
            for i in missing
        )
    if not draft.facts:
        raise Failure("--starter needs facts: list them under facts: or give --fact ID", 1)
    sender = draft.sender or load_profile(option(args, "profile"))
    facts = [factbase.facts[i] for i in draft.facts]
    body = starter_body(facts, factbase, signer=sender.name if sender else "")
    if output is not None:
        draft.body = body
        path = save_draft(draft, output, force=args.force)
    else:
        path = write_body(args.draft, body, force=args.force)
    if not args.quiet:
        paragraphs = body.count("\n\n") + 1
        print(
            f"wrote a starter body of {_plural(paragraphs, 'paragraph')} from "
            f"{_plural(len(facts), 'fact')} to {path}; edit it, then: drafter check {path}",
            file=sys.stderr,
        )
    return EXIT_OK


def cmd_draft(args: argparse.Namespace) -> int:
    if getattr(args, "starter", False):
        return _write_starter(args)
    started = time.perf_counter()
    file_format = _output_format(args)  # a usage error before any work
    workspace = _workspace(args)
    where = str(args.draft) if args.draft is not None else "command line"
    draft, lines = _assemble(args, workspace.factbase)
    # The citation check first: its errors name the body's own lines.
    findings = _check(workspace.resolve(draft), workspace, lines, where)
    doc = workspace.render(draft)
    if args.verbose:
        template = workspace.template(draft.template)
        print(
            f"{template.path}: {len(doc.fact_ids)} facts, {len(doc.footnotes)} footnotes, "
            f"rendered in {time.perf_counter() - started:.2f}s",
            file=sys.stderr,
        )
    return _write_one(args, workspace, doc, draft, file_format, findings)


def cmd_check(args: argparse.Namespace) -> int:
    from drafter.cli.common import print_json
    from drafter.drafting.check import has_errors
    from drafter.drafting.draft import load_draft_lines

    workspace = _workspace(args, templates=False)  # the check reads no template
    draft, lines = load_draft_lines(args.draft)
    findings = workspace.check_citations(draft, file=str(args.draft), lines=lines)
    errors = sum(f.severity == "error" for f in findings)
    if args.format == "json":
        print_json(
            {
                "file": str(args.draft),
                "errors": errors,
                "warnings": len(findings) - errors,
                "findings": [f.as_json() for f in findings],
            }
        )
    else:
        for finding in findings:
            if args.quiet and finding.severity != "error":
                continue
            print(f"{finding.severity}: {finding}")
            if finding.text:
                print(f"    {_excerpt(finding.text)}")
        if not args.quiet:
            if not draft.body.strip():
                print(f"{args.draft}: no body to check (body: in docs/drafts.md)")
            print(
                f"{args.draft}: {_plural(errors, 'error')}, "
                f"{_plural(len(findings) - errors, 'warning')}"
            )
    if has_errors(findings) or (args.strict and findings):
        return EXIT_INPUT
    return EXIT_OK


def _excerpt(text: str, limit: int = 76) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def cmd_brief(args: argparse.Namespace) -> int:
    from drafter.drafting.briefing import briefing_draft
    from drafter.drafting.origin import Origin

    file_format = _output_format(args)
    workspace = _workspace(args)
    draft = briefing_draft(workspace.factbase, args.topic, template=args.template, today=args.date)
    draft.fields.update(_fields(args.field))
    draft.citation_style = args.citation_style or ""
    draft.origin = Origin(
        "--topic", places={"template": "--template", "fields": "--field"}, how=HOW
    )
    doc = workspace.render(draft)
    return _write_one(args, workspace, doc, draft, file_format)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def cmd_merge(args: argparse.Namespace) -> int:
    from drafter.drafting.merge import check_base, merge_letters, prepare_out_dir, read_rows
    from drafter.fileio import check_writable

    combine_format = _combine_format(args)
    file_format = _merge_format(args, combine_format)
    if args.combine is not None:
        check_writable(args.combine, force=args.force)  # before any work
    workspace = _workspace(args)
    base, lines = _assemble(args, workspace.factbase)
    base.recipient, base.contact = None, ""  # each row says who its letter goes to
    where = str(args.draft or "command line")
    findings = _check(workspace.resolve(base), workspace, lines, where)
    if findings and not args.quiet:
        _warn(args, findings)
    template = check_base(workspace, base)
    exporter = workspace.exporter(file_format)  # a bad house style fails here, before any row
    _warn_reference(args, exporter)
    display = str(args.recipients)
    combiner = workspace.exporter(combine_format) if combine_format else None
    rows = read_rows(args.recipients, template, display=display)  # checks the header now
    out_dir = prepare_out_dir(args.out) if args.out is not None else None
    outcomes = merge_letters(
        workspace,
        base,
        rows,
        file_format=file_format,
        out_dir=out_dir,
        display=display,
        force=args.force,
        review=args.review,
        resume=args.resume,
        keep_letters=combiner is not None,
    )
    # A warning the check gave (with its line) is not said again for every row.
    report = _MergeReport(args, said={(f.code, f.fact_id) for f in findings if f.fact_id})
    report.follow(outcomes)
    if report.stopped is not None:
        report_problems(report.stopped.problems)
    return _merge_end(args, out_dir, combiner, report.letters, report.counts())


def _merge_format(args: argparse.Namespace, combine_format: Format | None) -> Format:
    """Each letter's format: --format, else (with no --out, so no letter has a file of
    its own) the --combine file's, else the default; usage errors for --review, --pdf-a."""
    from drafter.export.formats import DEFAULT_FORMAT, REVIEW_NEEDS_DOCX, export_format

    alone = combine_format if args.out is None else None
    file_format = export_format(args.format or alone or DEFAULT_FORMAT).name
    if args.review and not export_format(file_format).review:
        raise Failure(f"--review {REVIEW_NEEDS_DOCX}", EXIT_USAGE)
    if args.pdf_a and file_format not in ("pdf", "eml") and combine_format != "pdf":
        raise Failure(
            "--pdf-a needs PDF output: give --format pdf (or --combine FILE.pdf)", EXIT_USAGE
        )
    return file_format


class _MergeReport:
    """The merge's rows as they are done: counted, each failed row's problems and each
    new warning said, on a progress bar when stderr is a terminal."""

    def __init__(self, args: argparse.Namespace, said: set[tuple[str, str]]) -> None:
        from drafter.drafting.merge import count_rows

        self.args = args
        self.said = said  # (code, fact) of the warnings the check gave already
        self.letters: list[RenderedDocument] = []  # for --combine
        self.written = self.kept = self.failed = 0
        self.warned: set[str] = set()
        self.stopped: DrafterError | None = None
        self.interrupted = False
        show_bar = sys.stderr.isatty() and not args.quiet
        self.progress = _progress(count_rows(args.recipients)) if show_bar else None

    def say(self, text: str) -> None:
        if self.progress is not None:
            self.progress.console.print(text, markup=False, highlight=False, soft_wrap=True)
        else:
            print(text, file=sys.stderr)

    def follow(self, outcomes: Iterable[RowOutcome]) -> None:
        """Take each outcome as the merge yields it, until the last, a fault that stops
        the merge (a template or disk fault: every later row would fail), or ctrl+c."""
        from drafter.errors import DrafterError

        try:
            if self.progress is not None:
                self.progress.start()
            try:
                for outcome in outcomes:
                    self.take(outcome)
            except DrafterError as exc:
                self.stopped = exc
            except KeyboardInterrupt:
                self.interrupted = True
        finally:
            if self.progress is not None:
                self.progress.stop()

    def take(self, outcome: RowOutcome) -> None:
        if outcome.doc is not None:
            self.letters.append(outcome.doc)
        if outcome.kept:
            self.kept += 1
        elif outcome.path is not None or outcome.doc is not None:
            self.written += 1
            if self.args.verbose and self.progress is None:
                self.say(f"wrote {outcome.path}")
        else:
            self.failed += 1
            for problem in outcome.problems:
                self.say(f"error: {problem}")
        for notice in outcome.warnings:
            if (notice.code, notice.fact_id) in self.said:
                continue  # the check said it once, with its line
            if notice.message not in self.warned and not self.args.quiet:
                self.warned.add(notice.message)
                self.say(f"warning: {notice.message}")
        if self.progress is not None:
            self.progress.advance(self.progress.task_ids[0])

    def counts(self) -> _MergeCounts:
        return _MergeCounts(
            self.written, self.kept, self.failed, self.stopped is not None, self.interrupted
        )


@dataclass(frozen=True, slots=True)
class _MergeCounts:
    written: int
    kept: int
    failed: int
    stopped: bool
    interrupted: bool


def _merge_end(
    args: argparse.Namespace,
    out_dir: Path | None,
    combiner: Any,
    letters: list[RenderedDocument],
    counts: _MergeCounts,
) -> int:
    """Write the --combine file (unless the merge stopped); print the summary; exit code."""
    if out_dir is not None:
        summary = f"{_plural(counts.written, 'letter')} written to {out_dir}"
        if counts.kept:
            summary += f" ({counts.kept} already there)"
    else:
        summary = f"{_plural(counts.written, 'letter')} made"
    combine_failed = False
    if combiner is not None and not (counts.stopped or counts.interrupted):
        combined = _write_combined(args, combiner, letters)
        combine_failed = combined is None
        summary += f", combined in {combined}" if combined else ", not combined"
    summary += f", {_plural(counts.failed, 'row')} failed"
    if counts.stopped:
        summary += "; stopped early"
    if counts.interrupted:
        again = "with --resume to write the rest" if out_dir is not None else "again"
        summary += f"; interrupted (run the same command {again})"
        print(summary, file=sys.stderr)
        return EXIT_INTERRUPTED
    bad = counts.failed or counts.stopped or combine_failed
    if bad or not args.quiet:
        print(summary, file=sys.stderr)
    return EXIT_INPUT if bad else EXIT_OK


def _write_combined(
    args: argparse.Namespace, combiner: Any, letters: list[RenderedDocument]
) -> Path | None:
    """The merge's letters in the one --combine file; None (the problem told) if not."""
    from drafter.errors import DrafterError, ExportError

    try:
        if not letters:
            raise ExportError.single(
                str(args.combine), "no letter to combine: every row failed", "correct the rows"
            )
        if combiner.file_format == "pdf" and not args.quiet:
            print(
                f"laying out {_plural(len(letters), 'letter')} in {args.combine}", file=sys.stderr
            )
        path: Path = combiner.write_combined(letters, args.combine, force=args.force)
        return path
    except DrafterError as exc:
        report_problems(exc.problems)
        return None


def _combine_format(args: argparse.Namespace) -> Format | None:
    """The format of `--combine FILE` (PDF or DOCX, from its suffix); usage errors."""
    from drafter.export.formats import COMBINED_FORMATS, format_for_path

    if args.out is None and args.combine is None:
        raise Failure(
            "give --out DIR for a file per letter, --combine FILE.pdf for one file of "
            "them all, or both",
            EXIT_USAGE,
        )
    if args.combine is None:
        return None
    chosen = format_for_path(args.combine)
    if chosen not in COMBINED_FORMATS:
        raise Failure(
            f"--combine {args.combine}: letters are combined into a .pdf or .docx file",
            EXIT_USAGE,
        )
    if args.review:
        raise Failure(
            "--review cannot go with --combine: a review copy is a file per letter (--out)",
            EXIT_USAGE,
        )
    if args.out is None and (args.format or args.resume):
        option = "--format" if args.format else "--resume"
        raise Failure(
            f"{option} is for the letters written to --out; give --out DIR as well",
            EXIT_USAGE,
        )
    return chosen


def _progress(total: int) -> Any:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    progress = Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
    )
    progress.add_task("letters", total=total or None)
    return progress


def add_theme_option(parser: argparse.ArgumentParser, *, top_level: bool) -> None:
    parser.add_argument(
        "--theme",
        metavar="NAME",
        default=None if top_level else argparse.SUPPRESS,
        help="the app's colours: high-contrast, or a Textual theme such as textual-light "
        "(default: DRAFTER_THEME, else textual-dark); NO_COLOR=1 turns colour off",
    )


def app_theme(args: argparse.Namespace) -> str:
    """The theme asked for (--theme, else DRAFTER_THEME), checked; "" for the default."""
    name = option(args, "theme") or os.environ.get("DRAFTER_THEME", "")
    if not name:
        return ""
    from drafter.tui.themes import theme_names

    known = theme_names()
    if name not in known:
        raise Failure(f"unknown theme '{name}'; themes: " + ", ".join(known), code=EXIT_USAGE)
    return str(name)


def run_app(args: argparse.Namespace) -> int:
    """Open the TUI; the only path that imports Textual."""
    import sys

    theme = app_theme(args)  # a wrong name is a usage error before anything starts
    draft = option(args, "draft")
    if draft is not None:
        from drafter.drafting.draft import load_draft

        load_draft(draft)  # a missing or broken file is reported here, before the app
    served = os.environ.get("TEXTUAL_DRIVER", "").endswith(":WebDriver")  # drafter serve
    if not served and not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise Failure(
            "the drafting app needs a terminal; to draft from a script use "
            "`drafter draft`, `drafter brief` or `drafter merge` (see drafter --help)",
            code=EXIT_USAGE,
        )
    from drafter.tui.app import AppOptions, run

    options = AppOptions(
        facts=tuple(fact_paths(args)),
        template_dirs=tuple(option(args, "templates", [])),
        reference_doc=option(args, "reference_doc"),
        open_draft=option(args, "draft"),
        stale_months=stale_months(args),
        theme=theme,
    )
    return run(options)


def app_arguments(args: argparse.Namespace) -> list[str]:
    """The options the app was given, again, for the app each browser tab starts."""
    argv: list[str] = []
    for name, flag in (
        ("facts", "--facts"),
        ("add_facts", "--add-facts"),
        ("templates", "--templates"),
    ):
        for path in option(args, name, []) or []:
            argv += [flag, str(Path(path).resolve())]
    reference_doc = option(args, "reference_doc")
    if reference_doc is not None:
        argv += ["--reference-doc", str(Path(reference_doc).resolve())]
    if option(args, "stale_months") is not None:
        argv += ["--stale-months", str(stale_months(args))]
    theme = app_theme(args)
    if theme:
        argv += ["--theme", theme]
    return argv


def run_serve(args: argparse.Namespace) -> int:
    """`drafter serve`: check what can be checked here, then serve until Ctrl+C."""
    import socket
    import sys

    port: int = args.port
    if not 0 < port < 65536:
        raise Failure("--port takes a number from 1 to 65535", code=EXIT_USAGE)
    for path in fact_paths(args):  # reported now, not in every browser tab
        if not path.exists():
            raise Failure(f"{path}: no such fact base file")
    from drafter.tui.serve import DrafterServer, app_command, is_loopback

    if not is_loopback(args.host):
        print(
            f"drafter: warning: listening on {args.host}, not this machine only; anyone "
            "who can reach it and has the address with its token can use your drafter "
            "(plain HTTP: see docs/serve.md)",
            file=sys.stderr,
        )
    try:  # a port in use is said so here, not as a traceback from the server
        with socket.create_server((args.host, port)):
            pass
    except OSError as exc:
        raise Failure(f"cannot listen on {args.host}:{port}: {exc.strerror or exc}") from None
    DrafterServer(app_command(app_arguments(args)), host=args.host, port=port).serve()
    return 0
