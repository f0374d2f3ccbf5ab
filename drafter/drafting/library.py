"""The drafts folder: every draft the app works on is a document there, kept as it changes.

A researcher writes several letters a day. Each draft the app edits gets its own file in
`drafter.paths.drafts_dir()` on its first change (`new_draft_path`), and every later
change rewrites that file (atomically, as the autosave is), so starting a new draft or
opening another never loses the one left. The app lists them newest first with what a
user recognises them by: title, recipient, date and when they were last changed.

The files are ordinary drafts (docs/drafts.md); `drafter open` and `drafter draft` read
them too. Nothing here knows of Textual.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from drafter.drafting.draft import Draft, dump_draft, load_draft, save_draft
from drafter.errors import DrafterError
from drafter.people.address import Recipient, form_of_address
from drafter.textfmt import MONTHS

if TYPE_CHECKING:
    from drafter.drafting.templates import TemplateSet
    from drafter.facts.loader import FactBase

__all__ = [
    "DraftEntry",
    "draft_title",
    "find_document",
    "list_drafts",
    "new_draft_path",
    "recipient_line",
    "when_changed",
    "write_document",
]


@dataclass(frozen=True, slots=True)
class DraftEntry:
    """One draft in the folder, as the list shows it."""

    path: Path
    title: str
    recipient: str
    date: dt.date | None  # the letter's date; None: the day it is exported
    changed: dt.datetime  # when the file was last written
    problem: str = ""  # why the file cannot be read; "" when it can


def document_title(template_title: str, topic_title: str, fields: Mapping[str, str]) -> str:
    """A document's title: its subject or title field, else "Template: Topic"."""
    for name in ("subject", "title"):
        value = fields.get(name, "").strip()
        if value:
            return value
    return ": ".join(part for part in (template_title, topic_title) if part)


def draft_title(draft: Draft, factbase: FactBase, templates: TemplateSet) -> str:
    """What a draft is called in a list: its subject, else its template and topic."""
    template_title = draft.template
    if draft.template:
        with contextlib.suppress(DrafterError):  # an unknown template: shown by its name
            template_title = templates.get(draft.template).title
    topic = factbase.topics.get(draft.topic)
    title = document_title(template_title, topic.title if topic else draft.topic, draft.fields)
    return title or "(an empty draft)"


def recipient_line(draft: Draft, contacts: Mapping[str, Recipient]) -> str:
    """Who the letter is to, as it will print on the first line of the address block."""
    recipient = draft.recipient
    if recipient is None and draft.contact:
        recipient = contacts.get(draft.contact)
        if recipient is None:
            return f"{draft.contact} (not in the address book)"
    if recipient is None:
        return ""
    try:
        return form_of_address(recipient).address_line
    except DrafterError:
        # Not addressable yet (a name part missing): the parts there are.
        name = " ".join(
            p for p in (recipient.honorific, recipient.first_name, recipient.last_name) if p
        )
        return name or recipient.peerage or recipient.office or draft.contact


def when_changed(changed: dt.datetime, today: dt.date) -> str:
    """ "today 14:05", "yesterday 09:30", "21 Nov 2026 16:00" (short: a list's row)."""
    clock = changed.strftime("%H:%M")
    if changed.date() == today:
        return f"today {clock}"
    if changed.date() == today - dt.timedelta(days=1):
        return f"yesterday {clock}"
    day = changed.date()
    return f"{day.day} {MONTHS[day.month - 1][:3]} {day.year} {clock}"


def new_draft_path(folder: Path, today: dt.date) -> Path:
    """A free name for a new draft: 2026-11-23-1.yaml, -2, ... (never an existing file)."""
    number = 1
    while (folder / f"{today.isoformat()}-{number}.yaml").exists():
        number += 1
    return folder / f"{today.isoformat()}-{number}.yaml"


def write_document(draft: Draft, path: Path) -> Path:
    """Write the draft to its file in the folder (atomically), creating the folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    return save_draft(draft, path, force=True)


def list_drafts(
    folder: Path,
    factbase: FactBase,
    templates: TemplateSet,
    contacts: Mapping[str, Recipient],
) -> list[DraftEntry]:
    """Every draft in `folder`, the most recently changed first; an unreadable file is
    listed with its problem rather than left out."""
    if not folder.is_dir():
        return []
    entries: list[DraftEntry] = []
    for path in folder.glob("*.yaml"):
        try:
            changed = dt.datetime.fromtimestamp(path.stat().st_mtime)
        except OSError:
            continue  # gone since the folder was read
        try:
            draft = load_draft(path)
        except DrafterError as exc:
            entries.append(
                DraftEntry(path, path.name, "", None, changed, problem=str(exc.problems[0]))
            )
            continue
        entries.append(
            DraftEntry(
                path,
                draft_title(draft, factbase, templates),
                recipient_line(draft, contacts),
                draft.date,
                changed,
            )
        )
    entries.sort(key=lambda e: (e.changed, e.path.name), reverse=True)
    return entries


def find_document(draft: Draft, folder: Path) -> Path | None:
    """The file in `folder` holding exactly `draft` (the one an autosave was of), newest
    first; None when there is none."""
    if not folder.is_dir():
        return None
    text = dump_draft(draft)
    candidates = sorted(folder.glob("*.yaml"), key=_mtime, reverse=True)
    for path in candidates:
        try:
            if path.read_text(encoding="utf-8") == text:
                return path
        except (OSError, UnicodeDecodeError):
            continue
    return None


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0
