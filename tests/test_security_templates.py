"""Hostile and broken templates: a clear error with file and line, never a traceback,
never a file read or written outside the template folders.

The corpus is tests/data/bad/templates/: each template is checked with
`drafter templates check FILE` (exact message, exit 1) and rendered with `drafter draft
--templates DIR` (the same message, exit 1), while every file drafter opens is recorded.
test_templates_sandbox.py tests the sandbox's limits one by one through render().
"""

from __future__ import annotations

import builtins
import io
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import docx
import pytest

from drafter.cli import main
from tests.conftest import Starts

DATA = Path(__file__).parent / "data"
CORPUS = DATA / "bad" / "templates"
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
FACT = "fcdo-xinjiang-uk-first-un-joint-statement"
UNSAFE = "(templates may use only the names in docs/templates.md)"
NO_INCLUDE = (
    "templates can include other templates only (name another template without a folder "
    "or a path, e.g. 'minister-letter')"
)
TOO_DEEP = "the template calls itself too deeply (check for a macro or include that never stops)"

CASES: dict[str, str] = {
    "syntax-error": Starts(
        "syntax-error.md.j2:7: template syntax error (check the {{ }} and {% %} tags on this "
        "line; see docs/templates.md (Jinja says: "
    ),
    "undefined-name": "undefined-name.md.j2:6: undefined name: 'secret_key' is undefined (a "
    "template can use topic, facts, cite, recipient, sender, date, our_ref, your_ref, fields, "
    "briefing_sections, range, body, starter and the fields it declares)",
    "dunder-subclasses": "dunder-subclasses.md.j2:6: not allowed in a template: access to "
    f"attribute '__class__' of 'str' object is unsafe. {UNSAFE}",
    "cycler-globals": "cycler-globals.md.j2:6: not allowed in a template: access to attribute "
    f"'__init__' of 'type' object is unsafe. {UNSAFE}",
    "lipsum-globals": "lipsum-globals.md.j2:6: not allowed in a template: access to attribute "
    f"'__globals__' of 'function' object is unsafe. {UNSAFE}",
    "self-dict": "self-dict.md.j2:6: not allowed in a template: access to attribute '__dict__' "
    f"of 'TemplateReference' object is unsafe. {UNSAFE}",
    "attr-filter": "attr-filter.md.j2:6: not allowed in a template: access to attribute "
    f"'__class__' of 'TopicView' object is unsafe. {UNSAFE}",
    "format-dunder": "format-dunder.md.j2:6: not allowed in a template: access to attribute "
    f"'__class__' of 'int' object is unsafe. {UNSAFE}",
    "mutate-context": "mutate-context.md.j2:6: not allowed in a template: access to attribute "
    f"'update' of 'FieldValues' object is unsafe. {UNSAFE}",
    "range-bomb": "range-bomb.md.j2:6: not allowed in a template: range() of 10000000000 "
    f"items; a template may use 10000 {UNSAFE}",
    "repeat-bomb": "repeat-bomb.md.j2:6: not allowed in a template: repeating text or a list "
    f"that many times is refused {UNSAFE}",
    "power-bomb": "power-bomb.md.j2:6: not allowed in a template: a power that large is "
    f"refused {UNSAFE}",
    "recursive-macro": f"recursive-macro.md.j2:6: {TOO_DEEP}",
    "recursive-include": f"recursive-include.md.j2:5: {TOO_DEEP}",
    "include-absolute": f"include-absolute.md.j2:6: cannot include '/etc/passwd': {NO_INCLUDE}",
    "extends-parent": f"extends-parent.md.j2:6: cannot include '../../etc/passwd': {NO_INCLUDE}",
    "import-non-template": f"import-non-template.md.j2:6: cannot include 'notes.txt': {NO_INCLUDE}",
    "python-tag": "python-tag.md.j2:2:7: YAML tag !!python/object/apply:os.system is not "
    "allowed (remove the tag; front matter holds plain text, dates and lists only)",
    "no-front-matter": "no-front-matter.md.j2:1: a template starts with front matter: a line "
    "'---', YAML, and another '---' (see docs/templates.md for an example)",
    "unclosed-front-matter": "unclosed-front-matter.md.j2:1: the front matter has no closing "
    "'---' line (end the YAML with a line holding only ---)",
    "unknown-kind": "unknown-kind.md.j2:3:7: kind 'memo' is not known (use one of: letter, "
    "briefing)",
    "nul-byte": "nul-byte.md.j2:6:6: contains the control character U+0000 (delete it; a "
    "template is plain text)",
    "invalid-utf8": "invalid-utf8.md.j2:6:7: is not valid UTF-8 (byte 0xff) (save the file as "
    "UTF-8)",
    "control-output": "control-output.md.j2: the template wrote the control characters U+0007 "
    "and U+001B, which a letter cannot hold; removed (check its expressions)",
}
# Templates whose front matter or bytes are bad never join the set: a render names them
# as broken; the rest fail while rendering, at the same line as the check says.
UNLOADABLE = {
    "python-tag",
    "no-front-matter",
    "unclosed-front-matter",
    "unknown-kind",
    "nul-byte",
    "invalid-utf8",
}


def _errors(err: str) -> list[str]:
    lines = [line.removeprefix("error: ") for line in err.splitlines()]
    return [line for line in lines if not line.endswith(("problems found", "with errors"))]


def test_every_case_has_an_expectation() -> None:
    assert sorted(p.name.removesuffix(".md.j2") for p in CORPUS.glob("*.md.j2")) == sorted(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_check_names_the_file_and_line(
    name: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(CORPUS)
    code = main(["templates", "check", f"{name}.md.j2"])
    out, err = capsys.readouterr()
    assert (code, out) == (1, "")
    assert _errors(err) == [CASES[name]]
    assert err.endswith("1 templates checked, 1 with errors\n")
    assert "Traceback" not in err


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Every path drafter opens while the test runs, however it opens it."""
    seen: list[str] = []

    def recording(real: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(file: Any, *args: Any, **kwargs: Any) -> Any:
            if isinstance(file, str | bytes | os.PathLike):
                seen.append(os.path.abspath(os.fsdecode(file)))
            return real(file, *args, **kwargs)

        return wrapper

    monkeypatch.setattr(builtins, "open", recording(builtins.open))
    monkeypatch.setattr(io, "open", recording(io.open))
    monkeypatch.setattr(os, "open", recording(os.open))
    yield seen


def _render(templates: Path, name: str, *more: str) -> int:
    return main(
        [
            "draft",
            "--templates",
            str(templates),
            "--template",
            name,
            "--topic",
            "xinjiang",
            "--fact",
            FACT,
            "--recipient",
            "mp:Ms Ann Lee",
            "--profile",
            str(EXAMPLES / "profile.yaml"),
            *more,
        ]
    )


@pytest.mark.parametrize("name", sorted(set(CASES) - {"control-output"}))
def test_render_fails_with_the_same_message_and_opens_nothing_outside(
    name: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    opened: list[str],
) -> None:
    folder = tmp_path / "templates"
    shutil.copytree(CORPUS, folder)
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    code = _render(folder, name, "--dry-run")
    out, err = capsys.readouterr()
    assert (code, out) == (1, "")
    assert "Traceback" not in err
    case = CASES[name]
    expected = type(case)(f"{folder}/{case}")
    if name in UNLOADABLE:
        # Listed as broken when the folder is read, then refused by name.
        assert type(case)(f"error: {expected}") in err.splitlines()
    else:
        assert _errors(err) == [expected]
    assert str(folder / f"{name}.md.j2") in opened  # the recorder sees what is read
    # Nothing but drafter's own data, the user's folders and the template folder is read.
    allowed = (str(folder), str(EXAMPLES), str(Path(__file__).resolve().parents[1]), "/dev/")
    user = os.environ["DRAFTER_CONFIG_DIR"].rsplit("/", 1)[0]
    strays = [p for p in opened if not p.startswith((*allowed, user)) and "site-packages" not in p]
    assert strays == []
    assert "/etc/passwd" not in opened
    assert list(work.iterdir()) == []  # nothing written


def test_control_characters_from_a_template_never_reach_the_docx(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = tmp_path / "letter.docx"
    code = _render(CORPUS, "control-output", "-o", str(output))
    _, err = capsys.readouterr()
    assert code == 0
    assert (
        "warning: the template wrote the control characters U+0007 and U+001B, which a letter "
        "cannot hold; removed"
    ) in err.splitlines()
    text = "\n".join(p.text for p in docx.Document(str(output)).paragraphs)
    assert "bell and escape" in text
    assert "\x07" not in text and "\x1b" not in text
    code = _render(CORPUS, "control-output", "--dry-run", "-q")
    out, _ = capsys.readouterr()
    assert code == 0
    assert "bell and escape" in out
    assert "\x07" not in out and "\x1b" not in out


def test_a_control_character_in_a_field_from_the_command_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code = main(
        [
            "draft",
            str(EXAMPLES / "minister-letter.yaml"),
            "--contacts",
            str(EXAMPLES / "contacts.yaml"),
            "--profile",
            str(EXAMPLES / "profile.yaml"),
            "--field",
            "subject=Bounties\x07",
            "--dry-run",
        ]
    )
    out, err = capsys.readouterr()
    assert (code, out) == (1, "")
    assert _errors(err) == [
        "--field: field 'subject' contains the control character "
        "U+0007 (delete it; such characters cannot appear in a letter)"
    ]


# -- files that are not what they seem -----------------------------------------------------

SECRET = "SENTINEL-3f9c2a-not-for-any-letter"
HEAD = "---\nname: Probe\nkind: letter\n---\n"


def test_a_template_cannot_include_a_file_by_path(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], opened: list[str]
) -> None:
    secret = tmp_path / "secret.md.j2"
    secret.write_text(HEAD + SECRET + "\n", encoding="utf-8")
    folder = tmp_path / "templates"
    folder.mkdir()
    attempts = {
        "absolute": f"{{% include '{secret}' %}}",
        "relative": "{% include '../secret.md.j2' %}",
        "relative-name": "{% include '../secret' %}",
        "extends": f"{{% extends '{secret}' %}}",
        "from-import": f"{{% from '{secret}' import x %}}",
    }
    for name, body in attempts.items():
        (folder / f"{name}.md.j2").write_text(HEAD + body + "\n", encoding="utf-8")
    opened.clear()  # the set-up above wrote the files
    for name in attempts:
        code = _render(folder, name, "--dry-run")
        out, err = capsys.readouterr()
        assert code == 1, name
        assert "cannot include" in err and "templates can include other templates only" in err
        assert SECRET not in out + err
    assert str(secret) not in opened


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links here")
def test_a_link_out_of_the_template_folder_is_skipped_and_never_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], opened: list[str]
) -> None:
    secret = tmp_path / "secret.md.j2"
    secret.write_text(HEAD + SECRET + "\n", encoding="utf-8")
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "escape.md.j2").symlink_to(secret)
    (folder / "includer.md.j2").write_text(HEAD + "{% include 'escape' %}\n", encoding="utf-8")
    opened.clear()  # the set-up above wrote the files

    assert main(["templates", "list", "--templates", str(folder)]) == 0
    out, err = capsys.readouterr()
    assert "escape" not in out
    assert f"warning: {folder / 'escape.md.j2'}: links to a file outside its folder; skipped" in err

    assert _render(folder, "escape", "--dry-run") == 1
    out, err = capsys.readouterr()
    assert "no template named 'escape'" in err
    assert _render(folder, "includer", "--dry-run") == 1
    out, err = capsys.readouterr()
    assert f"cannot include 'escape': {NO_INCLUDE}" in err
    assert SECRET not in out + err
    assert str(secret) not in opened


def test_a_ten_megabyte_template_is_refused_by_size(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    big = tmp_path / "big.md.j2"
    with big.open("wb") as handle:
        handle.write(HEAD.encode())
        handle.truncate(10 * 1024 * 1024)  # sparse: nothing on disk
    assert main(["templates", "check", str(big)]) == 1
    _, err = capsys.readouterr()
    assert _errors(err) == [
        f"{big}: is 10 MB; a template is limited to 1 MB (split it into smaller files)"
    ]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_pipe_among_the_templates_does_not_hang_discovery(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "templates"
    folder.mkdir()
    os.mkfifo(folder / "pipe.md.j2")
    (folder / "fine.md.j2").write_text(HEAD + "Fine.\n", encoding="utf-8")
    assert main(["templates", "list", "--templates", str(folder)]) == 0
    out, err = capsys.readouterr()
    assert "fine" in out
    assert (
        f"warning: {folder / 'pipe.md.j2'}: is not a regular file (a pipe, a device or a "
        "socket) (give the path of a template)"
    ) in err.splitlines()


def test_a_folder_named_like_a_template(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "folder.md.j2").mkdir()
    assert main(["templates", "check", str(tmp_path / "folder.md.j2")]) == 1
    _, err = capsys.readouterr()
    assert _errors(err) == [
        f"{tmp_path / 'folder.md.j2'}: is a folder, not a template (give the path of a file)"
    ]
