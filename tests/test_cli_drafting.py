"""`drafter draft` end to end: from a draft file, from flags, or both, into a temporary folder."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest

from drafter.cli import main

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples"
CONTACTS = str(EXAMPLES / "contacts.yaml")
PROFILE = str(EXAMPLES / "profile.yaml")
LETTER = str(EXAMPLES / "minister-letter.yaml")
PEOPLE = ["--contacts", CONTACTS, "--profile", PROFILE]
BOUNTIES = "amnesty-hong-kong-third-round-bounties"
FLAGS = [
    "--template", "minister-letter", "--topic", "hong-kong", "--fact", BOUNTIES,
    "--field", "subject=Hong Kong bounties", "--field", "occasion=I write about the bounties.",
    "--field", "asks=Will the Government condemn them?\nWill it protect those named?",
]  # fmt: skip


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def usage_error(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    """The message of a usage error, which must exit 2 (argparse's or drafter's own)."""
    try:
        code = main(list(argv))
    except SystemExit as exc:
        code = exc.code  # type: ignore[assignment]
    assert code == 2
    return capsys.readouterr().err


def paragraphs(path: Path) -> list[str]:
    return [p.text for p in docx.Document(str(path)).paragraphs]


def test_draft_file_to_docx(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "letter.docx"
    code, stdout, err = run(
        capsys, "draft", LETTER, *PEOPLE, "-o", str(out), "--date", "2026-11-23"
    )
    assert code == 0, err
    assert stdout == ""
    assert err.splitlines()[-1] == f"wrote {out}"
    text = paragraphs(out)
    assert "Dear Minister" in text
    assert "Hong Kong police bounties on activists living in the UK" in text
    assert "23 November 2026" in text
    assert "Yours sincerely" in text
    assert "Lord Example of Anytown" in text
    with zipfile.ZipFile(out) as package:
        footnotes = package.read("word/footnotes.xml").decode("utf-8")
    assert "Amnesty International UK" in footnotes
    assert "MC2022/30120" in footnotes  # the FCDO letter's reference, cited by the draft


def test_flags_alone_to_markdown(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "letter.md"
    code, _, err = run(
        capsys, "draft", *FLAGS, "--to", "lords-minister", *PEOPLE, "-o", str(out),
        "--our-ref", "OUR/1", "--your-ref", "YOUR/2", "--date", "2026-01-05",
    )  # fmt: skip
    assert code == 0, err
    text = out.read_text(encoding="utf-8")
    assert "The Rt Hon the Lord Fenwick of Harrowgate" in text
    assert "Dear Minister" in text
    assert "Our ref: OUR/1" in text and "Your ref: YOUR/2" in text
    assert "5 January 2026" in text
    assert "1. Will the Government condemn them?\n2. Will it protect those named?" in text
    assert "[^1]: Amnesty International UK" in text


def test_flags_override_and_extend_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "letter.md"
    code, _, err = run(
        capsys, "draft", LETTER, *PEOPLE, "-o", str(out),
        "--field", "subject=A new subject",
        "--fact", "fcdo-hong-kong-bno-route-launched",
        "--recipient", "mp:Ms Jane Example",
    )  # fmt: skip
    assert code == 0, err
    text = out.read_text(encoding="utf-8")
    assert "**A new subject**" in text  # --field replaces one field...
    assert "bounties the Hong Kong police have offered" in text  # ...and keeps the others
    assert "Dear Ms Example" in text and "Jane Example MP" in text  # --recipient wins over to:
    # The added fact comes after the file's four: it is the last footnote.
    assert text.rstrip().splitlines()[-1].startswith("[^5]: ")
    assert "bespoke immigration route" in text.split("[^4]")[1]


def test_all_facts_adds_every_fact_on_the_topic(capsys: pytest.CaptureFixture[str]) -> None:
    code, stdout, err = run(
        capsys, "draft", "--template", "briefing-note", "--topic", "tibet", "--all-facts",
        "--dry-run",
    )  # fmt: skip
    assert code == 0, err
    assert stdout.startswith("# Briefing note: Tibet\n")
    _, listing, _ = run(capsys, "facts", "list", "--topic", "tibet", "--json")
    facts = json.loads(listing)
    assert len(facts) >= 2
    for fact in facts:  # the bullet shows the date, so the statement gives it no more
        statement = fact["statement"]
        assert statement in stdout or re.sub(r",? in \w+ \d{4}", "", statement) in stdout
    notes = [line for line in stdout.splitlines() if line.startswith("[^")]
    assert len(notes) == len(facts)


def test_dry_run_prints_markdown_and_warnings_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, stdout, err = run(capsys, "draft", LETTER, *PEOPLE, "--dry-run")
    assert code == 0
    assert stdout.startswith("Lord Example of Anytown\\\n")
    assert "Dear Minister" in stdout
    assert err.startswith("warning: fact '")  # the bundled facts are old: stale warnings
    assert all(line.startswith("warning: ") for line in err.splitlines())
    assert list(tmp_path.iterdir()) == []
    code, _, err = run(capsys, "draft", LETTER, *PEOPLE, "--dry-run", "-q")
    assert (code, err) == (0, "")


def test_default_name_in_the_current_folder_and_no_overwrite(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    argv = ["draft", LETTER, *PEOPLE, "--date", "2026-11-23", "-q"]
    assert run(capsys, *argv) == (0, "", "")
    name = "2026-11-23-hong-kong-minister-vale.docx"
    assert [p.name for p in tmp_path.iterdir()] == [name]
    before = (tmp_path / name).read_bytes()
    code, _, err = run(capsys, *argv)
    assert code == 1
    assert err == (
        f"error: {name}: already exists (use --force to overwrite it, or choose another name)\n"
    )
    assert run(capsys, *argv, "--force", "--field", "subject=Changed")[0] == 0
    assert (tmp_path / name).read_bytes() != before
    # -o naming a folder puts the default name in it.
    folder = tmp_path / "out"
    folder.mkdir()
    assert run(capsys, *argv, "-o", str(folder), "--format", "md")[0] == 0
    assert [p.name for p in folder.iterdir()] == [name.replace(".docx", ".md")]


def test_review_adds_comments(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "review.docx"
    assert run(capsys, "draft", LETTER, *PEOPLE, "-o", str(out), "--review", "-q")[0] == 0
    with zipfile.ZipFile(out) as package:
        comments = package.read("word/comments.xml").decode("utf-8")
    assert "Wild West" in comments  # the verbatim quote behind a citation


def test_verbose_says_what_it_used(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "draft", LETTER, *PEOPLE, "-o", str(tmp_path / "x.md"), "-v")
    assert code == 0
    assert "minister-letter.md.j2: 4 facts, 4 footnotes, rendered in " in err


def test_input_errors_exit_1_with_located_messages(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "draft", *FLAGS, "--fact", "amnesty-hong-kong-third-round-bountys",
                       "--to", "fcdo-minister", *PEOPLE, "--dry-run")  # fmt: skip
    assert code == 1
    assert err == (
        "error: --fact: no fact 'amnesty-hong-kong-third-round-bountys' in any loaded "
        "fact file (did you mean 'amnesty-hong-kong-third-round-bounties'?)\n"
    )
    code, _, err = run(capsys, "draft", *FLAGS, "--to", "fcdo-ministr", *PEOPLE, "--dry-run")
    assert code == 1
    assert "no contact 'fcdo-ministr' in the address book (did you mean 'fcdo-minister'?)" in err

    bad = tmp_path / "bad.yaml"
    bad.write_text("schema: 1\ntemplate: minister-letter\nfacts: [Not A Slug]\n")
    code, _, err = run(capsys, "draft", str(bad), "--dry-run")
    assert code == 1
    assert err.startswith(f"error: {bad}:3:")

    # Without a profile there is nobody to sign the letter.
    code, _, err = run(capsys, "draft", *FLAGS, "--to", "fcdo-minister", "--contacts", CONTACTS,
                       "--dry-run")  # fmt: skip
    assert code == 1
    assert "error: command line: no sender" in err

    code, _, err = run(capsys, "draft", *FLAGS[:-2], "--to", "fcdo-minister", *PEOPLE, "--dry-run")
    assert code == 1
    assert "'What you ask the minister to do' is required and empty (field 'asks')" in err
    assert "Traceback" not in err


def test_usage_errors_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert "no template: give DRAFT.yaml or --template NAME" in usage_error(
        capsys, "draft", "--topic", "hong-kong"
    )
    assert "--field needs NAME=VALUE, not 'subject'" in usage_error(
        capsys, "draft", LETTER, "--field", "subject"
    )
    assert "not allowed with argument" in usage_error(
        capsys, "draft", LETTER, "--to", "x", "--recipient", "mp:Ms A B"
    )
    assert "'23/11/2026' is not a date like 2026-11-23" in usage_error(
        capsys, "draft", LETTER, "--date", "23/11/2026"
    )
    assert "ends .md but --format is docx" in usage_error(
        capsys, "draft", LETTER, *PEOPLE, "-o", str(tmp_path / "x.md"), "--format", "docx"
    )
    assert "cannot tell the format from 'letter.txt'" in usage_error(
        capsys, "draft", LETTER, *PEOPLE, "-o", str(tmp_path / "letter.txt")
    )
    assert "--review needs DOCX output" in usage_error(
        capsys, "draft", LETTER, *PEOPLE, "-o", str(tmp_path / "x.md"), "--review"
    )
    assert "--all-facts needs a topic" in usage_error(
        capsys, "draft", "--template", "briefing-note", "--all-facts"
    )
    assert list(tmp_path.iterdir()) == []


def test_explicit_format_wins_over_an_unknown_suffix(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "letter.txt"
    assert run(capsys, "draft", LETTER, *PEOPLE, "-o", str(out), "--format", "md", "-q")[0] == 0
    assert out.read_text(encoding="utf-8").startswith("Lord Example of Anytown")


@pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftotext") is None,
    reason="needs LibreOffice and poppler-utils",
)
def test_pdf_read_back(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "letter.pdf"
    code, _, err = run(capsys, "draft", LETTER, *PEOPLE, "-o", str(out), "-q")
    assert code == 0, err
    text = subprocess.run(
        ["pdftotext", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Dear Minister" in text
    assert "Hong Kong police bounties" in text
    assert not list(tmp_path.glob(".*.tmp"))


def test_draft_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["draft", "--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    for text in (
        "DRAFT.yaml", "--template NAME", "--fact ID", "--all-facts", "--to CONTACT",
        "--recipient KIND:NAME", "--field NAME=VALUE", "--date YYYY-MM-DD", "--our-ref REF",
        "--your-ref REF", "--format {docx,md,pdf,eml}", "--pdf-a", "--attach {pdf,docx}",
        "--dry-run", "--force", "-q, --quiet",
        "-v, --verbose", "exit codes: 0 success, 1 input error", "2 usage error",
        "docs/drafts.md", "override the draft file's",
    ):  # fmt: skip
        assert text in out, text


def test_top_level_help_lists_the_commands(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    for command in ("draft", "brief", "merge", "templates", "open"):
        assert f"    {command} " in out or f"    {command}\n" in out


def test_open_reports_a_missing_draft_before_the_app(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    missing = tmp_path / "nope.yaml"
    assert main(["open", str(missing)]) == 1
    assert capsys.readouterr().err == f"error: {missing}: no such file (check the path)\n"


def test_the_app_without_a_terminal_points_to_the_commands(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Under pytest, standard input is not a terminal.
    assert main([]) == 2
    assert "the drafting app needs a terminal" in capsys.readouterr().err
