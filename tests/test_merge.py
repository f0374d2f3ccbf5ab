"""`drafter merge` and the merge module: one letter per CSV row, bad rows reported and skipped."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from pathlib import Path

import docx
import pytest

from drafter.cli import main
from drafter.drafting.draft import Draft
from drafter.drafting.merge import (
    UniqueNames,
    check_base,
    count_rows,
    merge_letters,
    output_path,
    plan_columns,
    read_rows,
    safe_stem,
)
from drafter.drafting.templates import TemplateSet
from drafter.drafting.workspace import Workspace
from drafter.errors import DraftError, ExportError
from drafter.facts.loader import load_factbase
from drafter.paths import bundled_facts
from drafter.people.address import Recipient
from drafter.people.sender import Sender

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples"
PROFILE = str(EXAMPLES / "profile.yaml")
FACT = "amnesty-hong-kong-third-round-bounties"
BASE = [
    "--template", "minister-letter", "--topic", "hong-kong", "--fact", FACT,
    "--field", "subject=Hong Kong bounties",
    "--field", "occasion=I write about the bounties.",
    "--field", "asks=Will the Government condemn them?",
    "--date", "2026-11-23", "--profile", PROFILE,
]  # fmt: skip


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


@pytest.fixture(scope="module")
def templates() -> TemplateSet:
    return TemplateSet.discover()


def test_two_hundred_rows_two_bad(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    header = ["kind", "honorific", "first_name", "last_name", "organisation", "address"]
    rows = [
        ["mp", "Ms", f"Member{n}", f"Surname{n}", "House of Commons", "London SW1A 0AA"]
        for n in range(200)
    ]
    rows[16 - 2] = ["mpp", "Mr", "Alan", "Quill", "House of Commons", ""]  # row 16
    rows[150 - 2] = ["mp", "Mr", "Basil", "", "House of Commons", ""]  # row 150
    recipients = write_csv(tmp_path / "recipients.csv", header, rows)
    out = tmp_path / "letters"

    code, stdout, err = run(
        capsys, "merge", *BASE, "--recipients", str(recipients), "--out", str(out)
    )

    assert code == 1
    assert stdout == ""
    errors = [line for line in err.splitlines() if line.startswith("error:")]
    assert errors == [
        f"error: {recipients}:row 16: unknown kind 'mpp' (did you mean 'mp'? known kinds: "
        "mp, minister, secretary-of-state, prime-minister, speaker, lord-speaker, baron, "
        "baroness, viscount, viscountess, earl, countess, marquess, marchioness, duke, duchess, "
        "bishop, archbishop, ambassador, high-commissioner, knight, dame, person, unknown)",
        f"error: {recipients}:row 150: an MP needs last_name (the surname, e.g. 'Smith') "
        "(fill it in the recipient or address book entry; see docs/addressing.md)",
    ]
    assert err.splitlines()[-1] == f"198 letters written to {out}, 2 rows failed"
    files = sorted(out.iterdir())
    assert len(files) == 198
    assert all(f.suffix == ".docx" and not f.name.startswith(".") for f in files)
    assert not list(out.glob(".*.tmp")) and not list(out.glob("*.tmp"))
    names = {f.name for f in files}
    assert "2026-11-23-hong-kong-mp-surname0.docx" in names
    assert "2026-11-23-hong-kong-mp-quill.docx" not in names  # the bad rows wrote nothing

    letter = docx.Document(str(out / "2026-11-23-hong-kong-mp-surname199.docx"))
    text = "\n".join(p.text for p in letter.paragraphs)
    assert "Member199 Surname199 MP" in text
    assert "Dear Ms Surname199" in text
    assert "Will the Government condemn them?" in text
    other = docx.Document(str(out / "2026-11-23-hong-kong-mp-surname3.docx"))
    assert "Dear Ms Surname3" in "\n".join(p.text for p in other.paragraphs)


def test_the_example_merge_is_clean(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "letters"
    code, _, err = run(
        capsys,
        "merge",
        str(EXAMPLES / "merge-letter.yaml"),
        "--recipients",
        str(EXAMPLES / "recipients.csv"),
        "--profile",
        PROFILE,
        "--out",
        str(out),
        "--format",
        "md",
        "-v",
    )
    assert code == 0, err
    files = sorted(out.iterdir())
    assert len(files) == count_rows(EXAMPLES / "recipients.csv") == 6
    wrote = [line for line in err.splitlines() if line.startswith("wrote ")]
    assert sorted(wrote) == sorted(f"wrote {f}" for f in files)
    earl = (out / next(f.name for f in files if "earl" in f.name)).read_text()
    assert "The Earl of Calderby" in earl and "Dear Lord Calderby" in earl
    pc = next(f for f in files if "pritchard" in f.name).read_text()
    assert "The Rt Hon Owain Pritchard MP" in pc
    # Stale-fact warnings are the same for every letter: each is said once.
    warnings = [line for line in err.splitlines() if line.startswith("warning:")]
    assert len(warnings) == len(set(warnings))
    assert err.splitlines()[-1] == f"6 letters written to {out}, 0 rows failed"


def test_quiet_success_prints_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    recipients = write_csv(
        tmp_path / "r.csv", ["kind", "honorific", "last_name"], [["mp", "Ms", "Lee"]]
    )
    code, out, err = run(
        capsys, "merge", *BASE, "--recipients", str(recipients), "--out", str(tmp_path / "o"), "-q"
    )
    assert (code, out, err) == (0, "", "")


def test_columns_fields_refs_addresses_and_file_names(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    header = [
        "Kind", "honorific", "first_name", "last_name", "address", "address_1", "our_ref",
        "field:subject", "closing", "file", "x-note",
    ]  # fmt: skip
    rows = [
        ["mp", "Ms", "Ann", "Lee", "1 High St|Town; County", "AB1 2CD", "R/1", "Row subject",
         "Row closing.", "../../escape", "ignored"],
        ["mp", "Ms", "Ann", "Lee", "", "", "", "", "", "", ""],
        ["mp", "Mr", "Al", "Lee", "", "", "", "", "", "", ""],
        ["mp", "Mr", "Con", "Nul", "", "", "", "", "", "con", ""],
    ]  # fmt: skip
    recipients = write_csv(tmp_path / "r.csv", header, rows)
    out = tmp_path / "out"
    code, _, err = run(
        capsys, "merge", *BASE, "--recipients", str(recipients), "--out", str(out), "--format", "md"
    )
    assert code == 0, err
    names = sorted(f.name for f in out.iterdir())
    assert names == [
        "2026-11-23-hong-kong-mp-lee-2.md",
        "2026-11-23-hong-kong-mp-lee.md",
        "escape.md",
        "letter-con.md",
    ]
    first = (out / "escape.md").read_text()
    assert "1 High St\\\nTown\\\nCounty\\\nAB1 2CD" in first
    assert "**Row subject**" in first and "Row closing." in first
    assert "Our ref: R/1" in first
    assert not (tmp_path / "escape.md").exists()
    second = (out / "2026-11-23-hong-kong-mp-lee.md").read_text()
    assert "**Hong Kong bounties**" in second  # --field where the row's cell is empty


def test_header_problems_stop_before_any_letter(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    recipients = write_csv(
        tmp_path / "r.csv", ["kind", "surname", "field:subjct", "Kind"], [["mp", "Lee", "", "mp"]]
    )
    out = tmp_path / "out"
    code, _, err = run(capsys, "merge", *BASE, "--recipients", str(recipients), "--out", str(out))
    assert code == 1
    place = f"{recipients}:row 1"
    assert err.splitlines()[:3] == [
        f"error: {place}: unknown column 'surname' (did you mean 'last_name'? name it after a "
        "recipient part, a template field (field:NAME) or start it with x- to ignore it; see "
        "docs/cli.md)",
        f"error: {place}: column 'field:subjct': template 'minister-letter' has no field "
        "'subjct' (did you mean 'field:subject'? its fields: subject, occasion, asks, closing, "
        "covering_note)",
        f"error: {place}: columns 'kind' and 'Kind' say the same thing",
    ]
    assert not out.exists()


def test_required_field_empty_in_a_row(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    at = BASE.index("asks=Will the Government condemn them?")
    argv = BASE[: at - 1] + BASE[at + 1 :]  # no --field asks=...
    recipients = write_csv(
        tmp_path / "r.csv",
        ["kind", "honorific", "last_name", "asks"],
        [["mp", "Ms", "Lee", "A question?"], ["mp", "Mr", "Cole", ""]],
    )
    code, _, err = run(
        capsys, "merge", *argv, "--recipients", str(recipients), "--out", str(tmp_path / "o")
    )
    assert code == 1
    assert (
        f"error: {recipients}:row 3: 'What you ask the minister to do' is required and empty "
        "(field 'asks')"
    ) in err
    assert len(list((tmp_path / "o").iterdir())) == 1


def test_existing_file_is_not_overwritten_without_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    recipients = write_csv(
        tmp_path / "r.csv",
        ["kind", "honorific", "last_name"],
        [["mp", "Ms", "Lee"], ["mp", "Mr", "Ng"]],
    )
    out = tmp_path / "out"
    argv = ["merge", *BASE, "--recipients", str(recipients), "--out", str(out)]
    assert run(capsys, *argv)[0] == 0
    existing = out / "2026-11-23-hong-kong-mp-lee.docx"
    existing.write_bytes(b"mine")
    code, _, err = run(capsys, *argv)
    assert code == 1
    assert f"error: {existing}: already exists" in err
    assert err.splitlines()[-1].endswith("0 rows failed; stopped early")
    assert existing.read_bytes() == b"mine"
    assert run(capsys, *argv, "--force")[0] == 0
    assert existing.read_bytes() != b"mine"


def test_merge_refuses_a_briefing_template(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    recipients = write_csv(tmp_path / "r.csv", ["kind", "last_name"], [["mp", "Lee"]])
    code, _, err = run(
        capsys,
        "merge", "--template", "briefing-note", "--topic", "hong-kong", "--profile", PROFILE,
        "--recipients", str(recipients), "--out", str(tmp_path / "o"),
    )  # fmt: skip
    assert code == 1
    assert "'briefing-note' is a briefing, and a merge writes letters" in err


def test_a_row_with_too_many_cells_and_a_bad_flag(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "r.csv"
    path.write_text(
        "kind,honorific,last_name,privy_counsellor\n"
        "mp,Ms,Lee,no,extra\n"
        "mp,Ms,Lee,perhaps\n"
        "\ufeffmp,Ms,Ok,yes\n",
        encoding="utf-8",
    )
    code, _, err = run(
        capsys, "merge", *BASE, "--recipients", str(path), "--out", str(tmp_path / "o")
    )
    assert code == 1
    assert f"error: {path}:row 2: has 1 more cells than the header has columns" in err
    assert f"error: {path}:row 3: privy_counsellor must be yes or no, not 'perhaps'" in err


def test_not_utf8_and_missing_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    latin = tmp_path / "latin.csv"
    latin.write_bytes("kind,last_name\nmp,Gonzál\n".encode("latin-1"))
    code, _, err = run(
        capsys, "merge", *BASE, "--recipients", str(latin), "--out", str(tmp_path / "o")
    )
    assert code == 1
    assert "is not UTF-8 text (save it as 'CSV UTF-8'" in err
    code, _, err = run(
        capsys,
        "merge",
        *BASE,
        "--recipients",
        str(tmp_path / "none.csv"),
        "--out",
        str(tmp_path / "o"),
    )
    assert code == 1
    assert "cannot read the recipients file" in err
    assert "Traceback" not in err


# -- the core ------------------------------------------------------------------------------


def test_safe_stem_and_unique_names() -> None:
    assert safe_stem("../../etc/passwd") == "etc-passwd"
    assert safe_stem(".hidden") == "hidden"
    assert safe_stem("C:\\Windows\\x") == "c-windows-x"
    assert safe_stem("NUL") == "letter-nul"
    assert len(safe_stem("word " * 100)) <= 120
    names = UniqueNames(".docx")
    assert [names.take(s) for s in ("a", "a", "A", "", "")] == [
        "a.docx", "a-2.docx", "a-3.docx", "letter.docx", "letter-2.docx",
    ]  # fmt: skip


def test_output_path_refuses_anything_but_a_plain_name(tmp_path: Path) -> None:
    assert output_path(tmp_path, "x.docx") == tmp_path / "x.docx"
    for bad in ("../x.docx", ".x.docx", "sub/x.docx"):
        with pytest.raises(ExportError):
            output_path(tmp_path, bad)


def test_plan_columns_roles(templates: TemplateSet) -> None:
    template = templates.get("minister-letter")
    columns = plan_columns(
        ["kind", " Last Name ", "address_2", "subject", "field:asks", "x-anything", "file"],
        template,
        "r.csv",
    )
    assert [(c.role, c.key) for c in columns] == [
        ("recipient", "kind"),
        ("recipient", "last_name"),
        ("address_line", "address_2"),
        ("field", "subject"),
        ("field", "asks"),
        ("ignored", ""),
        ("file", "file"),
    ]
    with pytest.raises(DraftError, match="no 'kind' column"):
        plan_columns(["last_name"], template, "r.csv")


def test_rows_stream_one_at_a_time(tmp_path: Path, templates: TemplateSet) -> None:
    recipients = write_csv(
        tmp_path / "r.csv", ["kind", "honorific", "last_name"], [["mp", "Ms", "Lee"]] * 3
    )
    rows = read_rows(recipients, templates.get("minister-letter"))
    first = next(rows)
    assert first.number == 2 and first.recipient == Recipient(
        kind="mp", honorific="Ms", last_name="Lee"
    )
    assert [r.number for r in rows] == [3, 4]


def test_merge_letters_yields_each_outcome(tmp_path: Path, templates: TemplateSet) -> None:
    factbase = load_factbase([bundled_facts()])
    base = Draft(
        template="minister-letter",
        topic="hong-kong",
        facts=[FACT],
        sender=Sender(name="Lord Example of Anytown"),
        fields={"subject": "S", "occasion": "O", "asks": "A?"},
    )
    workspace = Workspace(factbase, templates, today=dt.date(2026, 1, 2))
    assert check_base(workspace, base).name == "minister-letter"
    text = "kind,honorific,last_name\nmp,Ms,Lee\nbaron,,\n"
    path = tmp_path / "r.csv"
    path.write_text(text, encoding="utf-8")
    outcomes = list(
        merge_letters(
            workspace,
            base,
            read_rows(path, templates.get("minister-letter"), display="r.csv"),
            file_format="md",
            out_dir=tmp_path,
            display="r.csv",
        )
    )
    assert [o.ok for o in outcomes] == [True, False]
    assert outcomes[0].path == tmp_path / "2026-01-02-hong-kong-mp-lee.md"
    assert outcomes[1].problems[0].file == "r.csv:row 3"
    assert "a baron needs peerage" in outcomes[1].problems[0].message


def test_check_base_reports_every_shared_mistake(templates: TemplateSet) -> None:
    factbase = load_factbase([bundled_facts()])
    base = Draft(template="minister-letter", topic="hong-kng", facts=["no-such-fact"],
                 fields={"subjct": "x"})  # fmt: skip
    with pytest.raises(DraftError) as caught:
        check_base(Workspace(factbase, templates), base)
    messages = [p.message for p in caught.value.problems]
    assert messages == [
        "no fact 'no-such-fact' in any loaded fact file",
        "no topic 'hong-kng' in the fact base",
        "field 'subjct' is not declared by template 'minister-letter'",
        "no sender",
    ]


def test_merge_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["merge", "--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    for text in ("--recipients FILE.csv", "--out DIR", "x- are ignored", "exit codes: 0 success",
                 "A merge exits 1 if any row failed", "-q, --quiet"):  # fmt: skip
        assert text in out


def test_merge_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["merge", "--template", "minister-letter"])
    assert exit_.value.code == 2
    assert "--recipients" in capsys.readouterr().err


def test_csv_reader_accepts_excel_bom(tmp_path: Path, templates: TemplateSet) -> None:
    path = tmp_path / "r.csv"
    buffer = io.StringIO()
    csv.writer(buffer).writerows([["kind", "honorific", "last_name"], ["mp", "Ms", "Lee"]])
    path.write_bytes(b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8"))
    rows = list(read_rows(path, templates.get("minister-letter")))
    assert rows[0].recipient is not None and rows[0].recipient.last_name == "Lee"


def test_progress_bar_on_a_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    recipients = write_csv(
        tmp_path / "r.csv",
        ["kind", "honorific", "last_name"],
        [["mp", "Ms", "Lee"], ["mp", "Mr", ""], ["mp", "Mr", "Ng"]],
    )
    out = tmp_path / "out"
    code, _, err = run(
        capsys, "merge", *BASE, "--recipients", str(recipients), "--out", str(out), "-v"
    )
    assert code == 1
    assert "letters" in err and "3/3" in err  # the bar, complete
    assert "━" in err
    lines = re.sub(r"\x1b\[[0-9;?]*[a-zA-Z]", "", err).splitlines()
    assert any(
        line.startswith(f"error: {recipients}:row 3: an MP needs last_name") for line in lines
    )
    assert "wrote " not in err  # the bar replaces the per-file lines
    assert lines[-1] == f"2 letters written to {out}, 1 row failed"
    # -q: no bar even on a terminal.
    code, _, err = run(
        capsys, "merge", *BASE, "--recipients", str(recipients), "--out", str(out), "-q", "--force"
    )
    assert "━" not in err and "3/3" not in err


def test_a_recipient_in_the_shared_draft_is_ignored(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # examples/minister-letter.yaml says `to: fcdo-minister`; no address book is needed,
    # because each row names its own recipient.
    recipients = write_csv(
        tmp_path / "r.csv", ["kind", "honorific", "last_name"], [["mp", "Ms", "Lee"]]
    )
    code, _, err = run(
        capsys, "merge", str(EXAMPLES / "minister-letter.yaml"), "--profile", PROFILE,
        "--recipients", str(recipients), "--out", str(tmp_path / "o"), "--format", "md", "-q",
    )  # fmt: skip
    assert (code, err) == (0, "")
    (letter,) = (tmp_path / "o").iterdir()
    assert "Dear Ms Lee" in letter.read_text(encoding="utf-8")


def test_a_pipe_as_recipients_is_refused_not_read_forever(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import os

    from drafter.cli import main

    pipe = tmp_path / "recipients.csv"
    os.mkfifo(pipe)
    code = main(
        [
            "merge", str(REPO / "examples" / "merge-letter.yaml"), "--recipients", str(pipe),
            "--profile", str(REPO / "examples" / "profile.yaml"), "--out", str(tmp_path / "out"),
        ]
    )  # fmt: skip
    err = capsys.readouterr().err
    assert code == 1
    assert f"{pipe}: is not a regular file (a pipe, a device or a socket)" in err


def test_a_recipient_twice_is_said_not_numbered_in_silence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    recipients = write_csv(
        tmp_path / "r.csv",
        ["kind", "honorific", "first_name", "last_name"],
        [["mp", "Ms", "Ann", "Lee"], ["mp", "Mr", "Bo", "Tan"], ["mp", "Ms", "Ann", "Lee"]],
    )
    code, _, err = run(
        capsys, "merge", *BASE, "--recipients", str(recipients), "--out", str(tmp_path / "o")
    )
    assert code == 0
    names = sorted(p.name for p in (tmp_path / "o").iterdir())
    assert len(names) == 3 and any(n.endswith("-2.docx") for n in names)
    twice = [line for line in err.splitlines() if "the same recipient twice" in line]
    assert len(twice) == 1
    assert "row 4" in twice[0] and "as row 2 does" in twice[0] and "-2.docx" in twice[0]
