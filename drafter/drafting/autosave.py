"""The autosaved draft: written on every change, offered again after a crash or a kill.

The autosave is an ordinary draft file (the format `drafter open` reads), kept at
`drafter.paths.autosave_file()`. Its life:

- every change to the draft being edited rewrites it atomically, so a kill at any moment
  leaves the last change on disk;
- a successful export marks it finished by renaming it to `last-exported.yaml` beside it,
  so the next start does not offer a letter that is already out of the door (and the
  exported draft can still be opened with `drafter open`);
- a file that no longer reads as a draft is renamed aside to `autosave.yaml.corrupt-<n>`
  and reported, never fatal and never overwritten; an unfinished draft the user chose
  not to resume, or one replaced by `drafter open`, is likewise kept as
  `autosave.yaml.discarded-<n>` or `autosave.yaml.previous-<n>`.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from pathlib import Path

from drafter.drafting.draft import Draft, load_draft, save_draft
from drafter.errors import DrafterError, Problem

FINISHED_NAME = "last-exported.yaml"


@dataclass(frozen=True, slots=True)
class AutosaveRead:
    """What was found at the autosave path on start."""

    draft: Draft | None = None  # an unfinished draft worth offering, if any
    set_aside: Path | None = None  # where an unreadable autosave was moved
    problems: tuple[Problem, ...] = ()  # why it could not be read


def has_content(draft: Draft) -> bool:
    """True when the draft holds anything a user would miss if it were dropped."""
    return bool(
        draft.template
        or draft.topic
        or draft.facts
        or draft.recipient
        or draft.contact
        or draft.sender
        or any(v.strip() for v in draft.fields.values())
        or draft.date
        or draft.our_ref
        or draft.your_ref
        or draft.salutation
        or draft.valediction
    )


def read_autosave(path: Path) -> AutosaveRead:
    """The unfinished draft at `path`; an unreadable one is renamed aside and reported."""
    if not path.exists():
        return AutosaveRead()
    try:
        draft = load_draft(path)
    except DrafterError as exc:
        return AutosaveRead(set_aside=set_aside(path, "corrupt"), problems=exc.problems)
    return AutosaveRead(draft=draft if has_content(draft) else None)


def write_autosave(draft: Draft, path: Path) -> Path:
    """Save the draft at `path` now (atomically; it is small enough to do on every change)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    return save_draft(draft, path, force=True)


def mark_finished(path: Path) -> Path | None:
    """After an export: keep the draft as `last-exported.yaml` so it is not offered again."""
    if not path.exists():
        return None
    finished = path.with_name(FINISHED_NAME)
    os.replace(path, finished)
    return finished


def set_aside(path: Path, label: str) -> Path | None:
    """Rename `path` to `<name>.<label>-<n>` (the first free n); None when there is none."""
    if not path.exists():
        return None
    for number in range(1, 1000):
        target = path.with_name(f"{path.name}.{label}-{number}")
        if target.exists():
            continue
        with contextlib.suppress(OSError):
            os.replace(path, target)
            return target
        return None
    return None
