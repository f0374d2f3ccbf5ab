"""The layers in pyproject.toml's [tool.importlinter] hold, and the check can fail:
a scratch copy of the package with one forbidden import breaks its contract."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
LINT = Path(sys.executable).parent / "lint-imports"

pytestmark = pytest.mark.skipif(not LINT.exists(), reason="import-linter is not installed")


def _lint(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT), "--no-cache", "--config", str(root / "pyproject.toml")],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"},
        check=False,
    )


def _scratch(tmp_path: Path) -> Path:
    root = tmp_path / "copy"
    root.mkdir()
    shutil.copy(REPO / "pyproject.toml", root / "pyproject.toml")
    shutil.copytree(
        REPO / "drafter", root / "drafter", ignore=shutil.ignore_patterns("__pycache__")
    )
    return root


@pytest.mark.timeout(300)
def test_the_layers_hold_and_a_forbidden_import_breaks_them(tmp_path: Path) -> None:
    root = _scratch(tmp_path)
    assert _lint(root).returncode == 0
    sender = root / "drafter" / "people" / "sender.py"
    sender.write_text(
        sender.read_text(encoding="utf-8") + "\nfrom drafter.drafting import draft  # noqa\n",
        encoding="utf-8",
    )
    broken = _lint(root)
    assert broken.returncode != 0
    assert "drafter.people.sender -> drafter.drafting" in broken.stdout
