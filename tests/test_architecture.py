"""The architecture holds and is written down: the domain core never imports Textual (the TUI
and the CLI are shells over it), and the README tree and docs/architecture.md name every module."""

from __future__ import annotations

import ast
import re
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


# -- the README's package tree and docs/architecture.md name every module, and only those ----

REPO = PACKAGE.parent
_MODULE = re.compile(r"^[A-Za-z_]\w*\.py$")
_DATA = re.compile(r"^[A-Za-z_][\w-]*\.(yaml|docx|tcss)$")
_TABLE_ROW = re.compile(r"^\| `([^`]+\.py)` \|", re.M)


def _holds_code(path: Path) -> bool:
    """Anything in the module besides a docstring."""
    body = ast.parse(path.read_text(encoding="utf-8")).body
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        body = body[1:]
    return bool(body)


def modules(package: Path) -> set[str]:
    """Every module of `package` as 'drafter/facts/loader.py', leaving out a subpackage's
    `__init__.py` that holds no code (the folder stands for it)."""
    found = set()
    for path in package.rglob("*.py"):
        relative = path.relative_to(package.parent)
        if "__pycache__" in relative.parts:
            continue
        if path.name == "__init__.py" and path.parent != package and not _holds_code(path):
            continue
        found.add(relative.as_posix())
    return found


def tree_entries(text: str) -> set[str]:
    """The files a README tree names under drafter/, as 'drafter/facts/loader.py'.

    A line whose first word ends with "/" opens a folder inside the folder above it (by
    indentation); any other word that is a file name belongs to the deepest folder
    indented less than its line, or to the folder its line opens.
    """
    block = re.search(r"^```\n(drafter/.*?)^```", text, re.M | re.S)
    assert block, "the README has a ``` block whose tree starts with drafter/"
    entries: set[str] = set()
    folders: list[tuple[int, str]] = []
    for line in block.group(1).splitlines():
        words = line.split()
        if not words:
            continue
        indent = len(line) - len(line.lstrip())
        if indent == 0 and words[0] != "drafter/":
            break  # the repository's other folders
        if words[0].endswith("/"):
            while folders and folders[-1][0] >= indent:
                folders.pop()
            parent = folders[-1][1] if folders else ""
            folders.append((indent, parent + words[0]))
            words = words[1:]
        else:
            while folders and folders[-1][0] >= indent:
                folders.pop()
        folder = folders[-1][1]
        entries.update(folder + w.strip("(),;:") for w in words if _is_file(w.strip("(),;:")))
    return entries


def _is_file(word: str) -> bool:
    return bool(_MODULE.match(word) or _DATA.match(word))


def architecture_entries(text: str) -> set[str]:
    """The modules docs/architecture.md's tables name, under their '### drafter/...' heading."""
    entries: set[str] = set()
    for section in re.split(r"^### ", text, flags=re.M)[1:]:
        folder = section.split("\n", 1)[0].strip()
        if folder.startswith("drafter/"):
            entries.update(folder + name for name in _TABLE_ROW.findall(section))
    return entries


def test_the_readme_tree_names_every_module_and_only_those() -> None:
    named = tree_entries((REPO / "README.md").read_text(encoding="utf-8"))
    actual = modules(PACKAGE)
    assert sorted(actual - named) == [], "in drafter/ but not in README.md's tree"
    modules_named = {n for n in named if n.endswith(".py")}
    assert sorted(modules_named - actual) == [], "in README.md's tree but not in drafter/"
    for data in named - modules_named:  # address.yaml, house_style.docx, drafter.tcss
        assert (REPO / data).is_file(), f"README.md's tree names {data}, which is not there"


def test_the_architecture_page_has_a_line_for_every_module_and_only_those() -> None:
    named = architecture_entries((REPO / "docs" / "architecture.md").read_text(encoding="utf-8"))
    actual = modules(PACKAGE)
    assert sorted(actual - named) == [], "in drafter/ but not in docs/architecture.md"
    assert sorted(named - actual) == [], "in docs/architecture.md but not in drafter/"


def test_the_tree_check_sees_folders_nesting_and_a_missing_module(tmp_path: Path) -> None:
    # The two checks above prove something only if they can fail: a scratch package and
    # tree, each one module apart from the other.
    package = tmp_path / "drafter"
    (package / "facts").mkdir(parents=True)
    (package / "export" / "docx").mkdir(parents=True)
    (package / "__init__.py").write_text("x = 1\n")
    (package / "facts" / "__init__.py").write_text('"""Only a docstring."""\n')
    (package / "facts" / "loader.py").write_text("")
    (package / "export" / "formats.py").write_text("")
    (package / "export" / "docx" / "body.py").write_text("")
    (package / "export" / "docx" / "xml.py").write_text("")
    tree = (
        "```\n"
        "drafter/       the package\n"
        "  __init__.py  the face\n"
        "  facts/       loader.py\n"
        "  export/      formats.py\n"
        "    docx/      body.py (and styles.py)\n"
        "tests/         pytest: conftest.py\n"
        "```\n"
    )
    named = tree_entries(tree)
    assert named == {
        "drafter/__init__.py",
        "drafter/facts/loader.py",
        "drafter/export/formats.py",
        "drafter/export/docx/body.py",
        "drafter/export/docx/styles.py",
    }
    actual = modules(package)
    assert actual - named == {"drafter/export/docx/xml.py"}
    assert named - actual == {"drafter/export/docx/styles.py"}
    page = "### drafter/export/docx/\n\n| Module | |\n|---|---|\n| `body.py` | DOCX |\n"
    assert architecture_entries(page) == {"drafter/export/docx/body.py"}
