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


# A forbidden import, the module it goes into, and the chain lint-imports then reports.
VIOLATIONS = [
    pytest.param(
        "drafting/render.py",
        "from drafter.cli import common",
        "drafter.drafting.render -> drafter.cli.common",
        id="core-imports-the-cli",
    ),
    pytest.param(
        "export/naming.py",
        "from drafter.drafting import draft",
        "drafter.export.naming -> drafter.drafting.draft",
        id="export-imports-drafting",
    ),
    pytest.param(
        "people/sender.py",
        "from drafter.drafting import draft",
        "drafter.people.sender -> drafter.drafting",
        id="people-imports-drafting",
    ),
    pytest.param(
        "facts/export.py",
        "from drafter.drafting.citations import Citations",
        "drafter.facts.export -> drafter.drafting.citations",
        id="facts-imports-drafting",
    ),
    pytest.param(
        "facts/lifecycle.py",
        "from drafter.people import address",
        "drafter.facts.lifecycle -> drafter.people.address",
        id="facts-imports-people",
    ),
    pytest.param(
        # The public face names every layer: the version is read from drafter.version.
        "facts/cache.py",
        "from drafter import __version__",
        "drafter.facts.cache -> drafter ",
        id="facts-imports-the-public-face",
    ),
]


@pytest.mark.timeout(300)
def test_the_layers_hold(tmp_path: Path) -> None:
    result = _lint(_scratch(tmp_path))
    assert result.returncode == 0, result.stdout
    assert "BROKEN" not in result.stdout


@pytest.mark.timeout(300)
@pytest.mark.parametrize(("module", "line", "chain"), VIOLATIONS)
def test_a_forbidden_import_breaks_its_contract(
    tmp_path: Path, module: str, line: str, chain: str
) -> None:
    root = _scratch(tmp_path)
    path = root / "drafter" / module
    path.write_text(path.read_text(encoding="utf-8") + f"\n{line}  # noqa\n", encoding="utf-8")
    broken = _lint(root)
    assert broken.returncode != 0
    assert chain in broken.stdout
