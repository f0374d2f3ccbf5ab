"""One error type for everything a user can get wrong.

The core never prints or exits: it raises `DrafterError` carrying one or more
`Problem`s, and the shells (CLI, TUI) show them. A problem names the file, line and
column where it can, says what is wrong and what to do about it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Self


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with the user's input, with where it is and what to do."""

    file: str
    message: str
    hint: str = ""
    line: int | None = None
    column: int | None = None

    def location(self) -> str:
        parts = [self.file]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    def __str__(self) -> str:
        text = f"{self.location()}: {self.message}"
        if self.hint:
            text += f" ({self.hint})"
        return text


class DrafterError(Exception):
    """Input that drafter cannot use; carries every problem found, not only the first."""

    def __init__(self, problems: Problem | Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = (
            (problems,) if isinstance(problems, Problem) else tuple(problems)
        )
        super().__init__("\n".join(str(p) for p in self.problems))

    @classmethod
    def single(
        cls,
        file: str,
        message: str,
        hint: str = "",
        line: int | None = None,
        column: int | None = None,
    ) -> Self:
        return cls(Problem(file=file, message=message, hint=hint, line=line, column=column))


class FactBaseError(DrafterError):
    """A fact base that does not load or validate."""


class TemplateError(DrafterError):
    """A letter template that does not parse or render."""


class DraftError(DrafterError):
    """A draft (file, flags or TUI state) that cannot be rendered."""


class ExportError(DrafterError):
    """An output file that cannot be written."""
