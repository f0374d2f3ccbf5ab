"""`drafter templates ...`: list, show and check letter templates."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from drafter.cli.common import (
    EXIT_INPUT,
    EXIT_OK,
    common_options,
    option,
    print_json,
    print_table,
    report_problems,
    wrap,
)

if TYPE_CHECKING:
    from drafter.drafting.templates import LetterTemplate, TemplateSet

EPILOG = """\
Templates come from the bundled folder, then templates/ in your config folder, then each
--templates DIR; a later template replaces an earlier one of the same name. Writing
templates: docs/templates.md.

exit codes: 0 success, 1 input error (a template with errors), 2 usage error"""


def register(commands: Any) -> None:
    common = common_options()
    templates = commands.add_parser(
        "templates",
        help="list, show and check letter templates",
        description="Work with letter and briefing templates.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = templates.add_subparsers(dest="templates_command", metavar="COMMAND", required=True)

    listing = sub.add_parser(
        "list",
        parents=[common],
        help="list templates with their descriptions",
        description="List every template: name, kind (letter or briefing) and description.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.set_defaults(handler=cmd_list)

    show = sub.add_parser(
        "show",
        parents=[common],
        help="show a template's fields",
        description="Show a template: title, description, kind, its file, and each field "
        "with its label, whether it is required, its default and its help.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    show.add_argument("name", metavar="NAME", help="the template's name (drafter templates list)")
    show.add_argument("--json", action="store_true", help="print JSON")
    show.set_defaults(handler=cmd_show)

    check = sub.add_parser(
        "check",
        parents=[common],
        help="check template files for errors",
        description="Check template files (default: every template drafter finds): syntax, "
        "front matter, and names a template uses that a render would not give it, by "
        "rendering it against sample facts. Errors are printed as FILE:LINE; exit 1 on any.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    check.add_argument("files", nargs="*", type=Path, metavar="FILE", help="template files")
    check.set_defaults(handler=cmd_check)


def _discover(args: argparse.Namespace) -> TemplateSet:
    from drafter.drafting.templates import TemplateSet

    return TemplateSet.discover(option(args, "templates", []))


def _report_broken(args: argparse.Namespace, templates: TemplateSet) -> None:
    if templates.problems and not args.quiet:
        for problem in templates.problems:
            print(f"warning: {problem}", file=sys.stderr)
        print("(drafter templates check lists every problem)", file=sys.stderr)


def _template_json(template: LetterTemplate) -> dict[str, Any]:
    return {
        "name": template.name,
        "title": template.title,
        "description": template.description,
        "kind": template.kind,
        "path": str(template.path),
        "fields": [
            {
                "name": f.name,
                "label": f.label,
                "required": f.required,
                "default": f.default,
                "help": f.help,
            }
            for f in template.fields
        ],
    }


def cmd_list(args: argparse.Namespace) -> int:
    templates = _discover(args)
    if args.json:
        print_json([_template_json(t) for t in templates])
    else:
        print_table(
            [(t.name, t.kind, t.description or t.title) for t in templates],
            ("NAME", "KIND", "DESCRIPTION"),
        )
    _report_broken(args, templates)
    return EXIT_OK


def cmd_show(args: argparse.Namespace) -> int:
    # An unknown name is a TemplateError with a 'did you mean'; a broken one, its errors.
    template = _discover(args).get(args.name)
    if args.json:
        print_json(_template_json(template))
        return EXIT_OK
    print(f"{template.name}: {template.title} ({template.kind})")
    if template.description:
        print(wrap(template.description, "  "))
    print(f"  file: {template.path}")
    print()
    if not template.fields:
        print("no fields")
    else:
        print("fields:")
    for spec in template.fields:
        flag = " (required)" if spec.required else ""
        print(f"  {spec.name}: {spec.label}{flag}")
        if spec.default:
            first, *more = spec.default.splitlines() or [""]
            print(wrap(first + (" ..." if more else ""), "      default: "))
        if spec.help:
            print(wrap(spec.help, "      "))
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    from drafter.drafting.template_check import check_template

    extra = list(option(args, "templates", []))
    if args.files:
        files = list(args.files)
        problems = []
    else:
        # Templates that failed to load are already known; the rest are rendered.
        templates = _discover(args)
        files = [t.path for t in templates]
        problems = list(templates.problems)
    failed = {p.file for p in problems}
    for path in files:
        found = check_template(path, extra)
        if found:
            failed.add(str(path))
        problems.extend(p for p in found if p not in problems)
        if args.verbose and not found:
            print(f"{path}: OK", file=sys.stderr)
    total = len(files) + len({p.file for p in problems} - {str(f) for f in files})
    if problems:
        report_problems(problems)
        print(f"{total} templates checked, {len(failed)} with errors", file=sys.stderr)
        return EXIT_INPUT
    print(f"{total} templates: OK")
    return EXIT_OK
