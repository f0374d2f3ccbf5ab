"""The drafting app (`drafter`, `drafter open`) and headless drafting commands."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from drafter.cli.common import common_options, fact_paths, option, stale_months


def register(commands: Any) -> None:
    common = common_options()
    opener = commands.add_parser(
        "open",
        parents=[common],
        help="open a saved draft in the drafting app",
        description="Open DRAFT.yaml (the draft file format of docs/drafts.md) in the app.",
    )
    opener.add_argument("draft", type=Path, metavar="DRAFT.yaml")
    opener.set_defaults(handler=run_app)


def run_app(args: argparse.Namespace) -> int:
    """Open the TUI; the only path that imports Textual."""
    from drafter.tui.app import AppOptions, run

    options = AppOptions(
        facts=tuple(fact_paths(args)),
        template_dirs=tuple(option(args, "templates", [])),
        reference_doc=option(args, "reference_doc"),
        open_draft=option(args, "draft"),
        stale_months=stale_months(args),
    )
    return run(options)
