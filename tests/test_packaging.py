"""The wheel carries the bundled fact base, templates and data, so `drafter` works anywhere."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import REPO


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> zipfile.ZipFile:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out), str(REPO)],
        check=True,
        capture_output=True,
    )
    (built,) = out.glob("drafter-*.whl")
    return zipfile.ZipFile(built)


def test_the_wheel_holds_the_bundled_data(wheel: zipfile.ZipFile) -> None:
    names = set(wheel.namelist())
    templates = sorted(p.name for p in (REPO / "letter_templates").glob("*.md.j2"))
    assert "drafter/data/facts.yaml" in names
    assert templates
    for name in templates:
        assert f"drafter/data/letter_templates/{name}" in names
    for data in (
        "drafter/people/address.yaml",
        "drafter/export/docx/house_style.docx",
        "drafter/py.typed",
    ):
        assert data in names
    assert any(n.startswith("drafter/tui/") and n.endswith(".tcss") for n in names)


def test_the_wheel_facts_are_the_repository_facts(wheel: zipfile.ZipFile) -> None:
    assert wheel.read("drafter/data/facts.yaml") == (REPO / "facts.yaml").read_bytes()


def test_the_wheel_declares_the_console_script(wheel: zipfile.ZipFile) -> None:
    entry_points = next(n for n in wheel.namelist() if n.endswith("entry_points.txt"))
    assert "drafter = drafter.cli:main" in wheel.read(entry_points).decode()


def test_installed_layout_is_found_first(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # In an installed wheel the data sits in drafter/data/; paths looks there first.
    import drafter.paths as paths

    data = tmp_path / "data"
    (data / "letter_templates").mkdir(parents=True)
    (data / "facts.yaml").write_text("schema: 1\n")
    monkeypatch.setattr(paths, "_PACKAGE_DIR", tmp_path)
    assert paths.bundled_facts() == data / "facts.yaml"
    assert paths.bundled_templates() == data / "letter_templates"
