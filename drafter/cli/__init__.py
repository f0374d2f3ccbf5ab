"""The `drafter` command: argument parsing, dispatch and printing of errors.

Each group of commands lives in its own module and registers its sub-parsers here.
Modules import the heavy parts of drafter (python-docx, Jinja, Textual) inside the
functions that need them, so `drafter --help` and `drafter facts list` start fast.
Exit codes: 0 success, 1 input error (bad file, failed check), 2 usage error.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from drafter import __version__
from drafter.cli import drafting, facts_cmd, sources_cmd, templates_cmd
from drafter.cli.common import EXIT_INPUT, Failure, common_options, report_problems
from drafter.errors import DrafterError

EPILOG = """\
exit codes: 0 success, 1 input error (a bad file or a failed check), 2 usage error

With no command, drafter opens the drafting app (the TUI). Examples, from a checkout:
  drafter                              open the app on the bundled fact base
  drafter topics                       list topics with their fact counts
  drafter facts search "forced labour" --topic xinjiang
  drafter draft examples/minister-letter.yaml --contacts examples/contacts.yaml \\
      --profile examples/profile.yaml -o letter.docx
  drafter merge examples/merge-letter.yaml --recipients examples/recipients.csv \\
      --profile examples/profile.yaml --out letters
See docs/ for every command."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="drafter",
        description="Draft cited parliamentary letters and briefing notes from a sourced "
        "fact base.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        parents=[common_options(top_level=True)],
    )
    parser.add_argument("--version", action="version", version=f"drafter {__version__}")
    drafting.add_theme_option(parser, top_level=True)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    facts_cmd.register(commands)
    sources_cmd.register(commands)
    templates_cmd.register(commands)
    drafting.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = getattr(args, "handler", None)
    try:
        if handler is None:
            return drafting.run_app(args)
        result: int = handler(args)
        return result
    except DrafterError as exc:
        report_problems(exc.problems)
        return EXIT_INPUT
    except Failure as exc:
        print(f"drafter: {exc}", file=sys.stderr)
        return exc.code
    except KeyboardInterrupt:
        print("drafter: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # Output piped into `head` and the like: not an error worth a traceback.
        sys.stderr.close()
        return 0
