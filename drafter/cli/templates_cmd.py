"""`drafter templates ...`: list, show and check letter templates."""

from __future__ import annotations

from typing import Any


def register(commands: Any) -> None:
    """Sub-commands are added as the rendering core lands."""
