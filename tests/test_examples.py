"""Every example works: each draft file in examples/, and every command the docs show.

The commands are read from the ```sh blocks of examples/README.md, README.md, docs/cli.md,
docs/drafts.md and docs/writing.md and run as written, from a folder laid out like the
repository root, so a fresh clone can trust them.
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from lxml import etree

from drafter.cli import main
from drafter.drafting.draft import load_draft
from drafter.facts.loader import load_factbase
from drafter.paths import bundled_facts, bundled_templates
from drafter.people.contacts import load_contacts, load_profile

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples"
READMES = (
    EXAMPLES / "README.md",
    REPO / "README.md",
    REPO / "docs" / "cli.md",
    REPO / "docs" / "drafts.md",
    REPO / "docs" / "writing.md",
)
TEMPLATES = sorted(p.name.removesuffix(".md.j2") for p in bundled_templates().glob("*.md.j2"))
PEOPLE = ("contacts.yaml", "profile.yaml", "signed-profile.yaml")
DRAFTS = sorted(p for p in EXAMPLES.glob("*.yaml") if p.name not in PEOPLE)
_BLOCK = re.compile(r"^```(?:sh|bash|console)\n(.*?)^```", re.M | re.S)


def readme_commands(path: Path) -> list[list[str]]:
    """The shell commands of a Markdown file's sh blocks, continuation lines joined."""
    commands: list[list[str]] = []
    for block in _BLOCK.findall(path.read_text(encoding="utf-8")):
        for line in block.replace("\\\n", " ").splitlines():
            argv = shlex.split(line, comments=True)
            if argv:
                commands.append(argv)
    return commands


def _cases() -> list[object]:
    cases: list[object] = []
    for readme in READMES:
        for argv in readme_commands(readme):
            if argv[0] != "drafter" and readme != EXAMPLES / "README.md":
                continue  # `make run` and the like: not drafter's to test here
            label = f"{readme.relative_to(REPO)}: {' '.join(argv)[:70]}"
            cases.append(pytest.param(argv, id=label))
    return cases


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder with its own copy of examples/, as the repository root has them."""
    shutil.copytree(EXAMPLES, tmp_path / "examples")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_every_bundled_template_has_an_example_draft() -> None:
    assert TEMPLATES, "no bundled templates found"
    for name in TEMPLATES:
        path = EXAMPLES / f"{name}.yaml"
        assert path.is_file(), f"examples/{name}.yaml is missing"
        assert load_draft(path).template == name


@pytest.mark.parametrize("path", DRAFTS, ids=lambda p: p.name)
def test_example_drafts_name_real_facts_and_contacts(path: Path) -> None:
    factbase = load_factbase([bundled_facts()])
    draft = load_draft(path)
    assert draft.topic in factbase.topics
    assert draft.facts and all(f in factbase.facts for f in draft.facts)
    assert all(draft.topic in factbase.facts[f].topics for f in draft.facts)
    if draft.contact:
        assert draft.contact in load_contacts(EXAMPLES / "contacts.yaml")


@pytest.mark.parametrize("name", TEMPLATES)
def test_each_example_draft_renders_to_docx(
    name: str, workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = workdir / f"{name}.docx"
    code = main(
        [
            "draft", f"examples/{name}.yaml", "--contacts", "examples/contacts.yaml",
            "--profile", "examples/profile.yaml", "-o", str(out), "-q",
        ]
    )  # fmt: skip
    _, err = capsys.readouterr()
    assert (code, err) == (0, "")
    text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    profile = load_profile(EXAMPLES / "profile.yaml")
    assert profile is not None
    assert profile.name in text


def test_recipients_csv_columns_are_all_known() -> None:
    from drafter.drafting.merge import read_rows
    from drafter.drafting.templates import TemplateSet

    template = TemplateSet.discover().get(load_draft(EXAMPLES / "merge-letter.yaml").template)
    rows = list(read_rows(EXAMPLES / "recipients.csv", template))
    assert len(rows) >= 6
    assert all(not row.problems for row in rows)


@pytest.mark.parametrize("argv", _cases())
def test_readme_command_works_as_written(
    argv: list[str], workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert argv[0] == "drafter", "examples/README.md should show drafter commands only"
    args = argv[1:]
    wants_pdf = any(a.endswith(".pdf") for a in args) or "pdf" in args
    if wants_pdf and shutil.which("soffice") is None:
        pytest.skip("PDF needs LibreOffice")
    try:
        code = main(args)
    except SystemExit as exc:  # --help
        code = exc.code  # type: ignore[assignment]
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "Traceback" not in err
    if "-o" in args:
        target = workdir / args[args.index("-o") + 1]
        assert target.is_file() and target.stat().st_size > 0
    elif "--out" in args:
        folder = workdir / args[args.index("--out") + 1]
        assert any(folder.iterdir())
    elif "--combine" in args:
        target = workdir / args[args.index("--combine") + 1]
        assert target.is_file() and target.stat().st_size > 0
    else:
        assert out.strip(), "a command that writes no file should print something"
    assert not list(workdir.rglob(".*.tmp"))


def _docx_footnotes(path: Path) -> tuple[list[str], list[str]]:
    """Each body paragraph's text with its footnote numbers as [n], and the footnote texts."""
    document = docx.Document(str(path))
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    paragraphs = []
    for paragraph in document.paragraphs:
        text = ""
        for node in paragraph._p.iter(f"{w}t", f"{w}footnoteReference"):
            text += node.text or "" if node.tag == f"{w}t" else f"[{node.get(f'{w}id')}]"
        paragraphs.append(text)
    footnotes: list[str] = []  # python-docx has no footnotes API: read the part's XML
    for part in document.part.package.iter_parts():
        if str(part.partname) == "/word/footnotes.xml":
            root = etree.fromstring(part.blob)
            for note in root.iter(f"{w}footnote"):
                if note.get(f"{w}type") is None:
                    footnotes.append("".join(t.text or "" for t in note.iter(f"{w}t")).strip())
    return paragraphs, footnotes


def test_the_written_body_example_has_footnotes_at_its_citations(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = workdir / "written.docx"
    argv = ["draft", "examples/written-letter.yaml", "--contacts", "examples/contacts.yaml"]
    assert main([*argv, "--profile", "examples/profile.yaml", "-o", str(out), "-q"]) == 0
    assert capsys.readouterr().err == ""
    paragraphs, footnotes = _docx_footnotes(out)
    evidence = [p for p in paragraphs if "[" in p]
    assert evidence[0].startswith("On 24 December 2024 the Hong Kong police")
    assert "based overseas.[1] Amnesty International UK" in evidence[0]
    assert evidence[0].endswith("in this country.[2]")
    assert 'with impunity",[3] and it places' in evidence[1]
    assert "Beijing and in Hong Kong.[5] The bounties" in evidence[2]
    assert footnotes[0].startswith("Amnesty International UK, 'UK/China:")
    assert footnotes[1:4] == ["ibid.", "ibid para 5.", "ibid para 10."]
    assert footnotes[4].startswith("Letter from the Minister of State responsible for Human")
    if shutil.which("pandoc"):
        markdown = subprocess.run(
            ["pandoc", "-f", "docx", "-t", "markdown", str(out)],
            capture_output=True, text=True, check=True, timeout=60,
        ).stdout  # fmt: skip
        assert re.findall(r"\[\^(\d+)\]:", markdown) == ["1", "2", "3", "4", "5"]
        assert "based overseas.[^1]" in " ".join(markdown.split())
