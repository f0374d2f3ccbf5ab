"""Where each part of a draft was given, so that a problem is placed where it is fixed.

A draft read from a file knows the line of each key (and of each fact and field); the
command line gives parts by flag; the app gives them on its steps. The validator says
*what* is wrong in one wording for all of them; the `Origin` says *where* (file and
line, flag or app step) and, where the shell has told it, *how* to give the part there.

Parts: "template", "topic", "facts", "to", "recipient", "sender", "fields", "date",
"our_ref", "your_ref"; a fact or a field is "facts.ID" or "fields.NAME".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from drafter.errors import Problem

PARTS = (
    "template", "topic", "facts", "to", "recipient", "sender",
    "fields", "date", "our_ref", "your_ref", "body",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a draft's parts came from: a file with lines, flags or the app's steps."""

    file: str = "draft"  # the place of any part not in `places`
    lines: Mapping[str, int] = field(default_factory=dict)  # part -> line in `file`
    places: Mapping[str, str] = field(default_factory=dict)  # part -> a flag or an app step
    how: Mapping[str, str] = field(default_factory=dict)  # part -> how to give it there

    def problem(self, part: str, message: str, hint: str = "", *, key: str = "") -> Problem:
        """A problem with `part` (one fact or field of it: `key`), placed where it was given."""
        names = (f"{part}.{key}", part) if key else (part,)
        for name in names:
            if name in self.places:
                return Problem(self.places[name], message, hint)
        line = next((self.lines[name] for name in names if name in self.lines), None)
        return Problem(self.file, message, hint, line)

    def hint(self, part: str, default: str) -> str:
        """How to give `part` where the draft came from; `default` when the shell did not say."""
        return self.how.get(part, default)

    def given(self, part: str, place: str) -> Origin:
        """This origin with `part` (e.g. "fields.subject") given at `place` (e.g. "--field")."""
        return replace(self, places={**self.places, part: place})

    def told(self, how: Mapping[str, str]) -> Origin:
        """This origin with the shell's words for how to give each part."""
        return replace(self, how={**self.how, **how})
