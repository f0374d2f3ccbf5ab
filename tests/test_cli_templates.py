"""`drafter templates list|show|check` end to end."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from drafter.cli import main
from drafter.paths import bundled_templates

BUNDLED = sorted(p.name.removesuffix(".md.j2") for p in bundled_templates().glob("*.md.j2"))
GOOD = """---
name: Thank-you note
description: A short note of thanks.
kind: letter
fields:
  - name: subject
    label: Subject line
    required: true
    help: What you thank them for.
  - name: closing
    default: With thanks again.
---
Thank you for {{ fields.subject }}.

{{ fields.closing }}
"""


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def own_templates(tmp_path: Path) -> Path:
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "thank-you.md.j2").write_text(GOOD, encoding="utf-8")
    return folder


def test_list_names_kinds_and_descriptions(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "templates", "list")
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0].split() == ["NAME", "KIND", "DESCRIPTION"]
    rows = {line.split()[0]: line.split()[1] for line in lines[1:] if not line.startswith(" ")}
    assert sorted(rows) == BUNDLED
    assert rows["minister-letter"] == "letter"
    assert rows["briefing-note"] == "briefing"
    assert "Raise concerns on a topic with a minister" in out


def test_list_json_and_extra_folders(
    own_templates: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "templates", "list", "--json", "--templates", str(own_templates))
    assert code == 0
    data = {t["name"]: t for t in json.loads(out)}
    assert sorted(data) == sorted([*BUNDLED, "thank-you"])
    assert data["thank-you"]["description"] == "A short note of thanks."
    assert data["thank-you"]["path"] == str(own_templates / "thank-you.md.j2")


def test_list_warns_of_a_broken_user_template(
    own_templates: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (own_templates / "broken.md.j2").write_text("no front matter\n", encoding="utf-8")
    code, out, err = run(capsys, "templates", "list", "--templates", str(own_templates))
    assert code == 0
    assert "thank-you" in out and "broken" not in out
    assert err.startswith(f"warning: {own_templates / 'broken.md.j2'}:1: a template starts")


def test_show_fields(own_templates: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "templates", "show", "thank-you", "--templates", str(own_templates))
    assert code == 0
    assert out == (
        "thank-you: Thank-you note (letter)\n"
        "  A short note of thanks.\n"
        f"  file: {own_templates / 'thank-you.md.j2'}\n"
        "\n"
        "fields:\n"
        "  subject: Subject line (required)\n"
        "      What you thank them for.\n"
        "  closing: Closing\n"
        "      default: With thanks again.\n"
    )


def test_show_bundled_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "templates", "show", "minister-letter")
    assert code == 0
    assert out.startswith("minister-letter: Letter to a Minister (letter)\n")
    assert "  asks: What you ask the minister to do (required)" in out
    assert str(bundled_templates() / "minister-letter.md.j2") in out
    code, out, _ = run(capsys, "templates", "show", "briefing-note", "--json")
    data = json.loads(out)
    assert data["kind"] == "briefing"
    assert [f["name"] for f in data["fields"]] == ["occasion", "summary"]
    assert all(not f["required"] for f in data["fields"])


def test_show_unknown(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "templates", "show", "minister-leter")
    assert (code, out) == (1, "")
    assert err == (
        "error: minister-leter: no template named 'minister-leter' "
        "(did you mean 'minister-letter'?)\n"
    )


def test_check_all_discovered(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "templates", "check")
    assert (code, err) == (0, "")
    assert out == f"{len(BUNDLED)} templates: OK\n"


def test_check_files_reports_file_and_line(
    tmp_path: Path, own_templates: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    syntax = tmp_path / "syntax.md.j2"
    syntax.write_text("---\nname: S\nkind: letter\n---\nHello\n{% if %}\n", encoding="utf-8")
    undefined = tmp_path / "undefined.md.j2"
    undefined.write_text(
        "---\nname: U\nkind: letter\n---\nLine one.\n\n{{ recipient.nickname }}\n",
        encoding="utf-8",
    )
    front = tmp_path / "front.md.j2"
    front.write_text("---\nname: F\nkind: memo\n---\nText\n", encoding="utf-8")
    good = own_templates / "thank-you.md.j2"
    code, out, err = run(
        capsys, "templates", "check", str(syntax), str(undefined), str(front), str(good)
    )
    assert (code, out) == (1, "")
    lines = err.splitlines()
    assert lines[0].startswith(f"error: {syntax}:6: template syntax error (")
    assert lines[1].startswith(f"error: {undefined}:7: undefined name: ")
    assert "nickname" in lines[1]
    assert lines[2] == (
        f"error: {front}:3:7: kind 'memo' is not known (use one of: letter, briefing)"
    )
    assert lines[-1] == "4 templates checked, 3 with errors"


def test_check_a_broken_discovered_template(
    own_templates: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = own_templates / "broken.md.j2"
    broken.write_text("---\nname: B\nkind: letter\n---\n{{ fields.nothing }}\n", encoding="utf-8")
    code, _, err = run(capsys, "templates", "check", "--templates", str(own_templates))
    assert code == 1
    assert f"error: {broken}:5: the template uses field 'nothing' but does not declare it" in err
    assert err.splitlines()[-1] == f"{len(BUNDLED) + 2} templates checked, 1 with errors"


def test_check_verbose_and_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "templates", "check", "-v")
    assert code == 0
    assert err.count(": OK") == len(BUNDLED)
    code, _, err = run(capsys, "templates", "check", str(tmp_path / "none.md.j2"))
    assert code == 1
    assert err.startswith(f"error: {tmp_path / 'none.md.j2'}: ")


def test_help_texts(capsys: pytest.CaptureFixture[str]) -> None:
    for argv, texts in (
        (["templates", "--help"], ("list", "show", "check", "docs/templates.md", "exit codes")),
        (["templates", "list", "--help"], ("--json", "--templates DIR", "-q, --quiet")),
        (["templates", "show", "--help"], ("NAME", "required", "default")),
        (["templates", "check", "--help"], ("FILE", "FILE:LINE", "exit 1")),
    ):
        with pytest.raises(SystemExit) as exit_:
            main(argv)
        assert exit_.value.code == 0
        out = capsys.readouterr().out
        for text in texts:
            assert text in out, (argv, text)
    with pytest.raises(SystemExit) as exit_:
        main(["templates"])
    assert exit_.value.code == 2
