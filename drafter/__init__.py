"""drafter: cited parliamentary correspondence from a sourced fact base.

The public Python API (docs/python-api.md): everything a script needs to load a fact
base, read a draft, render it and export it, as the app and the command line do.

    import drafter

    ws = drafter.Workspace.load(facts=[Path("facts.yaml")])
    draft = drafter.load_draft(Path("letter.yaml"))
    doc = ws.render(draft)
    ws.export(doc, Path(ws.output_name(draft, "docx")))

The names are imported when first used, so that `import drafter.errors` (or the
command line's `--help`) does not load the whole pipeline.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from drafter.version import __version__

# Each public name and the module that defines it.
_PUBLIC: dict[str, str] = {
    # the pipeline
    "Workspace": "drafter.drafting.workspace",
    "render": "drafter.drafting.render",
    # drafts
    "Draft": "drafter.drafting.draft",
    "load_draft": "drafter.drafting.draft",
    "load_draft_lines": "drafter.drafting.draft",
    "parse_draft": "drafter.drafting.draft",
    "save_draft": "drafter.drafting.draft",
    "dump_draft": "drafter.drafting.draft",
    # the fact base
    "FactBase": "drafter.facts.loader",
    "Fact": "drafter.facts.loader",
    "Source": "drafter.facts.loader",
    "Topic": "drafter.facts.loader",
    "load_factbase": "drafter.facts.loader",
    "full_citation": "drafter.facts.citations",
    # templates
    "TemplateSet": "drafter.drafting.templates",
    "LetterTemplate": "drafter.drafting.templates",
    # people
    "Recipient": "drafter.people.address",
    "FormOfAddress": "drafter.people.address",
    "form_of_address": "drafter.people.address",
    "Sender": "drafter.people.sender",
    "load_contacts": "drafter.people.contacts",
    "load_profile": "drafter.people.contacts",
    # the rendered document and its export
    "RenderedDocument": "drafter.document",
    "Footnote": "drafter.document",
    "Notice": "drafter.document",
    "ExportFormat": "drafter.export.formats",
    "FORMATS": "drafter.export.formats",
    "export_format": "drafter.export.formats",
    # mail merge
    "check_base": "drafter.drafting.merge",
    "read_rows": "drafter.drafting.merge",
    "merge_letters": "drafter.drafting.merge",
    "RowOutcome": "drafter.drafting.merge",
    # the citation check
    "Finding": "drafter.drafting.check",
    "check_draft": "drafter.drafting.check",
    # errors
    "Problem": "drafter.errors",
    "DrafterError": "drafter.errors",
    "DraftError": "drafter.errors",
    "FactBaseError": "drafter.errors",
    "TemplateError": "drafter.errors",
    "ExportError": "drafter.errors",
}

__all__ = [
    "FORMATS",
    "Draft",
    "DraftError",
    "DrafterError",
    "ExportError",
    "ExportFormat",
    "Fact",
    "FactBase",
    "FactBaseError",
    "Finding",
    "Footnote",
    "FormOfAddress",
    "LetterTemplate",
    "Notice",
    "Problem",
    "Recipient",
    "RenderedDocument",
    "RowOutcome",
    "Sender",
    "Source",
    "TemplateError",
    "TemplateSet",
    "Topic",
    "Workspace",
    "__version__",
    "check_base",
    "check_draft",
    "dump_draft",
    "export_format",
    "form_of_address",
    "full_citation",
    "load_contacts",
    "load_draft",
    "load_draft_lines",
    "load_factbase",
    "load_profile",
    "merge_letters",
    "parse_draft",
    "read_rows",
    "render",
    "save_draft",
]

if TYPE_CHECKING:  # what type checkers and editors see; at run time, __getattr__ below
    from drafter.document import Footnote, Notice, RenderedDocument
    from drafter.drafting.check import Finding, check_draft
    from drafter.drafting.draft import (
        Draft,
        dump_draft,
        load_draft,
        load_draft_lines,
        parse_draft,
        save_draft,
    )
    from drafter.drafting.merge import RowOutcome, check_base, merge_letters, read_rows
    from drafter.drafting.render import render
    from drafter.drafting.templates import LetterTemplate, TemplateSet
    from drafter.drafting.workspace import Workspace
    from drafter.errors import (
        DrafterError,
        DraftError,
        ExportError,
        FactBaseError,
        Problem,
        TemplateError,
    )
    from drafter.export.formats import FORMATS, ExportFormat, export_format
    from drafter.facts.citations import full_citation
    from drafter.facts.loader import Fact, FactBase, Source, Topic, load_factbase
    from drafter.people.address import FormOfAddress, Recipient, form_of_address
    from drafter.people.contacts import load_contacts, load_profile
    from drafter.people.sender import Sender


def __getattr__(name: str) -> Any:
    module = _PUBLIC.get(name)
    if module is None:
        raise AttributeError(f"module 'drafter' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # found once; later look-ups do not come here
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
