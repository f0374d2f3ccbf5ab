"""The domain core never imports Textual: the TUI and the CLI are shells over it."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "drafter"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def _textual_outside_tui(package: Path) -> list[str]:
    """Modules of `package`, outside its tui/ folder, that import Textual."""
    return sorted(
        str(path.relative_to(package))
        for path in package.rglob("*.py")
        if "tui" not in path.relative_to(package).parts and "textual" in _imports(path)
    )


def test_only_the_tui_imports_textual() -> None:
    assert _textual_outside_tui(PACKAGE) == []


def test_the_check_flags_textual_outside_the_tui(tmp_path: Path) -> None:
    # The guard above proves something only if it can fail: in a scratch package, an
    # import of Textual in the core is flagged, in any form, and one in tui/ is not.
    package = tmp_path / "drafter"
    (package / "tui").mkdir(parents=True)
    (package / "facts").mkdir()
    (package / "tui" / "app.py").write_text("from textual.app import App\n")
    (package / "facts" / "search.py").write_text("import textual.widgets\n")
    (package / "render.py").write_text("def f():\n    from textual import on\n")
    (package / "clean.py").write_text("import yaml\n")
    assert _textual_outside_tui(package) == ["facts/search.py", "render.py"]
