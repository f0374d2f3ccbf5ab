"""Measurement records and the small statistics every benchmark uses."""

from __future__ import annotations

import math
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Measurement:
    """One figure: what was measured, its value and, when there is one, its target.

    `higher_is_better` flips the comparison for ratios such as "times faster than pandoc".
    """

    name: str
    value: float
    unit: str
    target: float | None = None
    higher_is_better: bool = False
    note: str = ""

    @property
    def passed(self) -> bool | None:
        if self.target is None:
            return None
        if self.higher_is_better:
            return self.value >= self.target
        return self.value <= self.target

    def as_json(self) -> dict[str, Any]:
        return asdict(self) | {"passed": self.passed}


@dataclass
class Context:
    """What every benchmark is given: where the data is, and how hard to try."""

    workdir: Path
    quick: bool = False
    compare: bool = False
    repeats: int = 5
    notes: list[str] = field(default_factory=list)

    def runs(self, full: int, quick: int | None = None) -> int:
        """How many repetitions: `full` normally, fewer in a --quick run."""
        return max(1, quick if (self.quick and quick is not None) else full)


def median(values: Sequence[float]) -> float:
    return float(statistics.median(values))


def percentile(values: Sequence[float], fraction: float) -> float:
    """The nearest-rank percentile (0 < fraction <= 1) of `values`."""
    ordered = sorted(values)
    if not ordered:
        raise ValueError("no values")
    rank = max(1, min(len(ordered), math.ceil(fraction * len(ordered))))
    return ordered[rank - 1]


def time_once(action: Callable[[], object]) -> float:
    """Seconds `action` takes, by the monotonic high-resolution clock."""
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def time_runs(action: Callable[[], object], runs: int) -> list[float]:
    return [time_once(action) for _ in range(runs)]
