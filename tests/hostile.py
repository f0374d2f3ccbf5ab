"""Running drafter as a user would, under limits the test sets, for hostile inputs.

Each case runs `python -m drafter` in a child process whose memory (address space) and
CPU time are capped with `resource`, so a case that would hang or exhaust memory ends
in the kernel's limit (a failed assertion here), never in a stuck test run. A case
passes when drafter exits 0 or 1 with a message, without a traceback.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples"
LETTER = [
    str(EXAMPLES / "minister-letter.yaml"),
    "--contacts",
    str(EXAMPLES / "contacts.yaml"),
    "--profile",
    str(EXAMPLES / "profile.yaml"),
    "-q",
]
MB = 2**20


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str


def run_limited(
    args: Sequence[str],
    *,
    cwd: Path,
    memory_mb: int = 600,
    cpu_seconds: int = 60,
    env: dict[str, str] | None = None,
    stdin: str | None = None,
) -> Run:
    """`drafter ARGS` with its address space and CPU time capped by the kernel."""

    def limits() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (memory_mb * MB, memory_mb * MB))
        resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds))

    result = subprocess.run(
        [sys.executable, "-m", "drafter", *args],
        cwd=cwd,
        env=os.environ | {"DRAFTER_NO_CACHE": "1", "COLUMNS": "100"} | (env or {}),
        input=stdin,
        capture_output=True,
        text=True,
        preexec_fn=limits,
        check=False,
    )
    return Run(result.returncode, result.stdout, result.stderr)


def assert_clean(run: Run, code: int) -> None:
    """Exit `code` (0 or 1), no traceback, and (for 1) an error message on stderr."""
    assert "Traceback" not in run.err, run.err
    assert run.code == code, (run.code, run.err)
    if code:
        assert "error: " in run.err, run.err
