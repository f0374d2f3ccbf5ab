"""`drafter topics` and `drafter facts ...` end to end, as a user runs them."""

from __future__ import annotations

import argparse
import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from drafter.cli import build_parser, main
from tests.conftest import SHARED_SOURCES

DATA = Path(__file__).parent / "data" / "facts"
FISHERIES = str(DATA / "fisheries.yaml")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_topics_lists_ids_titles_and_counts(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "topics")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["ID", "TITLE", "FACTS"]
    rows = {line.split()[0]: int(line.split()[-1]) for line in lines[1:]}
    assert {"xinjiang", "hong-kong", "sanctions"} <= set(rows)
    assert all(rows[t] >= 6 for t in ("xinjiang", "hong-kong", "sanctions"))


def test_topics_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "topics", "--json", "--facts", FISHERIES)
    assert code == 0
    assert json.loads(out) == [
        {
            "id": "antarctic-fisheries",
            "title": "Antarctic fisheries",
            "summary": "Krill and toothfish catches in the Southern Ocean and how they are "
            "regulated.",
            "facts": 2,
        }
    ]


def test_options_work_before_and_after_the_command(capsys: pytest.CaptureFixture[str]) -> None:
    before = run(capsys, "--facts", FISHERIES, "topics", "--json")
    after = run(capsys, "topics", "--json", "--facts", FISHERIES)
    assert before == after
    assert json.loads(before[1])[0]["id"] == "antarctic-fisheries"


def test_drafter_facts_env_and_add_facts(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DRAFTER_FACTS", FISHERIES)
    code, out, _ = run(capsys, "facts", "list", "--json", "--add-facts", str(DATA / "layer.yaml"))
    assert code == 0
    assert [f["id"] for f in json.loads(out)] == [
        "krill-catch-limit",
        "toothfish-iuu-fishing",
        "krill-fishery-closed",
    ]


def test_a_home_folder_that_cannot_be_found_is_a_missing_file_not_a_traceback(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DRAFTER_FACTS", "~no-such-user-drafter/facts.yaml")
    code, _, err = run(capsys, "topics")
    assert code == 1
    assert err == "error: ~no-such-user-drafter/facts.yaml: no such file (check the path)\n"


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--tag", "krill"], ["krill-catch-limit"]),
        (["--source", "ccamlr-report-2024"], ["krill-catch-limit", "toothfish-iuu-fishing"]),
        (
            ["--topic", "antarctic-fisheries", "--stale"],
            ["krill-catch-limit", "toothfish-iuu-fishing"],
        ),
        (["--stale-months", "1200", "--stale"], []),
    ],
)
def test_facts_list_filters(
    capsys: pytest.CaptureFixture[str], args: list[str], expected: list[str]
) -> None:
    code, out, _ = run(capsys, "facts", "list", "--json", "--facts", FISHERIES, *args)
    assert code == 0
    assert [f["id"] for f in json.loads(out)] == expected


def test_facts_list_marks_stale_facts(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "facts", "list", "--facts", FISHERIES, "--stale-months", "1")
    assert code == 0
    assert out.count("[stale]") == 2
    assert err == "2 facts\n"


def test_unknown_topic_suggests_one(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "facts", "list", "--topic", "xinjang")
    assert (code, out) == (1, "")
    assert err == "drafter: no topic 'xinjang'; did you mean 'xinjiang'?\n"


def test_facts_show(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "facts", "show", "krill-catch-limit", "--facts", FISHERIES)
    text = " ".join(out.split())
    assert code == 0
    assert "“the krill catch in Subarea 48.1 reached the trigger level”" in text
    assert "Report of the Forty-third Meeting of the Commission" in text
    assert "at: para 4.12" in text
    assert "as of: 1 November 2024, STALE: older than 18 months" in text


def test_facts_show_json_has_the_citation(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "facts", "show", "krill-catch-limit", "--json", "--facts", FISHERIES)
    data = json.loads(out)
    assert code == 0
    assert data["source"]["id"] == "ccamlr-report-2024"
    assert data["citation"].endswith("accessed 20 November 2026.")
    assert data["stale"] is True


def test_facts_show_unknown_id(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "facts", "show", "krill-catch", "--facts", FISHERIES)
    assert code == 1
    assert err.startswith("drafter: no fact 'krill-catch'; did you mean krill-catch-limit")


def test_facts_search_ranks_and_tolerates_typos(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "facts", "search", "Tothfish", "--json", "--facts", FISHERIES)
    assert code == 0
    hits = json.loads(out)
    assert [h["id"] for h in hits] == ["toothfish-iuu-fishing"]
    assert hits[0]["score"] > 0


def test_facts_search_bundled(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "facts", "search", "forced labour", "--topic", "xinjiang")
    assert code == 0
    assert "forced labour" in out.lower()


def test_facts_check_ok(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "facts", "check")
    assert (code, err) == (0, "")
    assert out.endswith(": OK\n")
    code, out, _ = run(capsys, "facts", "check", "--alone", FISHERIES, str(DATA / "layer.yaml"))
    assert (code, out) == (0, "3 facts, 1 sources, 1 topics: OK\n")


def test_verify_finds_quotes_and_shows_the_closest_passage_of_a_miss(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, err = run(capsys, "facts", "verify", "--sources", str(DATA), "--facts", FISHERIES)
    assert (code, err) == (0, "")
    assert out == "2 quotes found, 0 missing, 0 unverified\n"

    changed = tmp_path / "fisheries.yaml"
    changed.write_text(
        Path(FISHERIES).read_text().replace("reached the trigger level", "hit the trigger level")
    )
    code, out, err = run(capsys, "facts", "verify", "--sources", str(DATA), "--facts", str(changed))
    assert code == 1
    assert out == "1 quotes found, 1 missing, 0 unverified\n"
    [line] = err.splitlines()  # one line a failure, at the fact's file and line
    assert line.startswith(f"{changed}:18: quote of 'krill-catch-limit' not found in its source")
    assert "the krill catch in Subarea 48.1 reached the trigger level" in line


def test_verify_lists_sources_without_an_archive(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, err = run(
        capsys, "facts", "verify", "--sources", str(tmp_path), "--facts", FISHERIES
    )
    assert code == 0
    assert out == "0 quotes found, 0 missing, 2 unverified\n"
    assert "archived copy ccamlr-43.txt not found" in err


@pytest.mark.skipif(not SHARED_SOURCES.is_dir(), reason="archived source texts not present")
def test_every_bundled_quote_is_in_its_archived_source(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "facts", "verify", "--sources", str(SHARED_SOURCES))
    assert (code, err) == (0, "")
    assert out.endswith(" missing, 0 unverified\n")
    assert " 0 missing" in out


def test_export_json_round_trips(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "facts", "export", "--format", "json", "--facts", FISHERIES)
    data = json.loads(out)
    assert code == 0
    assert [f["id"] for f in data["facts"]] == ["krill-catch-limit", "toothfish-iuu-fishing"]
    assert data["sources"]["ccamlr-report-2024"]["accessed"] == "2026-11-20"


def test_export_csv(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "facts", "export", "--format", "csv", "--facts", FISHERIES)
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0
    assert rows[0]["id"] == "krill-catch-limit"
    assert rows[0]["tags"] == "krill;catch-limits"


def test_export_csl_json_lists_the_sources(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "facts", "export", "--format", "csl-json")
    items = json.loads(out)
    assert code == 0
    by_id = {item["id"]: item for item in items}
    assert by_id["amnesty-uk-red-lines-2025-02"]["genre"] == "Press release"
    assert by_id["amnesty-uk-red-lines-2025-02"]["issued"] == {"date-parts": [[2025, 2, 13]]}


def test_export_markdown_to_a_file_refuses_to_overwrite(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "facts.md"
    args = ["facts", "export", "--format", "markdown", "--facts", FISHERIES, "-o", str(target)]
    assert run(capsys, *args)[0] == 0
    text = target.read_text()
    assert text.startswith("# Fact base\n\n## Antarctic fisheries\n")
    assert "> the krill catch in Subarea 48.1 reached the trigger level" in text
    code, _, err = run(capsys, *args)
    assert code == 1
    assert "already exists (use --force to overwrite it" in err
    assert run(capsys, *args, "--force")[0] == 0


def test_help_texts(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--help"])
    out = capsys.readouterr().out
    assert exit_info.value.code == 0
    assert "exit codes: 0 success, 1 input error" in out
    for command in ("topics", "facts"):
        assert command in out
    for sub in ("list", "show", "search", "check", "verify", "export"):
        with pytest.raises(SystemExit):
            main(["facts", sub, "--help"])
        assert f"usage: drafter facts {sub}" in capsys.readouterr().out


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["facts", "export", "--format", "docx"])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    # The usage line of the command, and the refused value named (argparse's own words
    # around it are Python's, and change between versions).
    assert err.startswith("usage: drafter facts export")
    assert "'docx'" in err.splitlines()[-1]


def _subcommands(
    parser: argparse.ArgumentParser, path: tuple[str, ...] = ()
) -> list[tuple[tuple[str, ...], argparse.ArgumentParser]]:
    """Every command and sub-command under `parser`, with the words that reach it."""
    found: list[tuple[tuple[str, ...], argparse.ArgumentParser]] = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            helps = {choice.dest: choice.help for choice in action._choices_actions}
            for name, sub in action.choices.items():
                assert helps.get(name), f"'drafter {' '.join((*path, name))}' has no summary"
                found.append(((*path, name), sub))
                found.extend(_subcommands(sub, (*path, name)))
    return found


def test_every_subcommand_has_help(capsys: pytest.CaptureFixture[str]) -> None:
    commands = _subcommands(build_parser())
    names = {" ".join(path) for path, _ in commands}
    assert {"topics", "facts list", "facts search", "draft", "merge", "templates check"} <= names
    for path, sub in commands:
        assert sub.description or sub.format_usage(), path
        with pytest.raises(SystemExit) as exited:
            main([*path, "--help"])
        assert exited.value.code == 0
        out = capsys.readouterr().out
        assert out.startswith(f"usage: drafter {' '.join(path)}"), path
        # Each option says what it does: no bare flag in the help.
        for action in sub._actions:
            if action.option_strings and action.help != argparse.SUPPRESS:
                assert action.help, (path, action.option_strings)


def test_the_cli_path_imports_neither_textual_nor_docx() -> None:
    code = (
        "import sys; from drafter.cli import main; main(['facts', 'list', '-q']); "
        "heavy = {'textual', 'docx', 'jinja2'} & {m.split('.')[0] for m in sys.modules}; "
        "print(sorted(heavy))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_the_examples_in_drafter_help_work(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import re
    import shlex
    import shutil

    from drafter.cli import EPILOG
    from tests.conftest import REPO

    shutil.copytree(REPO / "examples", tmp_path / "examples")
    monkeypatch.chdir(tmp_path)
    text = re.sub(r"\\\n\s*", " ", EPILOG)  # join continued lines
    # Each example is the command, then (after a run of spaces) what it does.
    commands = [
        line.strip().split("   ")[0].strip()
        for line in text.splitlines()
        if line.strip().startswith("drafter ")
    ]
    commands = [c for c in commands if c != "drafter"]  # that one opens the app
    assert len(commands) == 4
    for command in commands:
        assert main(shlex.split(command)[1:]) == 0, command
    capsys.readouterr()
    assert (tmp_path / "letter.docx").is_file()
    assert len(list((tmp_path / "letters").glob("*.docx"))) >= 3


@pytest.mark.parametrize("limit", ["0", "-1", "many"])
def test_search_limit_must_be_positive(capsys: pytest.CaptureFixture[str], limit: str) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["facts", "search", "hong", "--limit", limit])
    assert exit_info.value.code == 2
    assert "argument --limit" in capsys.readouterr().err


@pytest.mark.parametrize("query", ["", "   "])
def test_an_empty_search_says_what_to_give(capsys: pytest.CaptureFixture[str], query: str) -> None:
    assert main(["facts", "search", query]) == 2
    err = capsys.readouterr().err
    assert "needs words to look for" in err and "facts list" in err
    assert "match" not in err
