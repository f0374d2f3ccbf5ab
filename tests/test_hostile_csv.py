"""CSV in and out: formula cells, a semicolon-separated file, a huge cell."""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

import pytest
from hostile import EXAMPLES, assert_clean, run_limited

FACTS = """\
schema: 1
topics:
  t:
    title: A topic
    summary: Facts whose text a spreadsheet would take for a formula.
sources:
  s:
    type: webpage
    title: "=HYPERLINK(\\"http://example.org/x\\",\\"Click\\")"
    author: "@SUM(1+1)*cmd|' /C calc'!A0"
    date: 2024-11-01
    url: https://example.org/s
    accessed: 2026-11-20
facts:
  - id: f1
    topics: [t]
    statement: "=HYPERLINK(\\"http://example.org/x\\",\\"Click\\")"
    source: s
    quote: "+cmd|' /C calc'!A0"
    locator: para 2
    as_of: 2024-11-01
    tags: [x]
  - id: f2
    topics: [t]
    statement: "@SUM(1+1)"
    source: s
    quote: "\\tleading tab"
    as_of: 2024-11-01
  - id: f3
    topics: [t]
    statement: "An ordinary sentence, with = and + inside it."
    source: s
    quote: "a plain quote"
    as_of: 2024-11-01
"""


def test_formula_cells_are_made_text_in_a_csv_export(tmp_path: Path) -> None:
    base = tmp_path / "facts.yaml"
    base.write_text(FACTS)
    run = run_limited(["facts", "export", "--format", "csv", "--facts", str(base)], cwd=tmp_path)
    assert_clean(run, 0)
    rows = list(csv.DictReader(io.StringIO(run.out)))
    assert [row["statement"] for row in rows] == [
        '\'=HYPERLINK("http://example.org/x","Click")',
        "'@SUM(1+1)",
        "An ordinary sentence, with = and + inside it.",
    ]
    assert rows[0]["quote"] == "'+cmd|' /C calc'!A0"
    assert rows[0]["locator"] == "para 2"  # a locator is a pinpoint, never a formula
    assert rows[0]["source_title"].startswith("'=")
    assert rows[0]["source_author"].startswith("'@")
    assert rows[2]["quote"] == "a plain quote"
    # No cell of any row begins with a character a spreadsheet reads as a formula.
    for row in rows:
        for cell in row.values():
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell


MERGE = [
    "merge",
    "--template",
    "minister-letter",
    str(EXAMPLES / "merge-letter.yaml"),
    "--profile",
    str(EXAMPLES / "profile.yaml"),
    "--out",
    "letters",
    "-q",
]


def test_a_semicolon_separated_csv_gets_a_hint(tmp_path: Path) -> None:
    recipients = tmp_path / "r.csv"
    recipients.write_text(
        "kind;honorific;first_name;last_name\nmp;Ms;Rosalind;Thackeray\n", encoding="utf-8"
    )
    run = run_limited([*MERGE, "--recipients", str(recipients)], cwd=tmp_path)
    assert_clean(run, 1)
    assert run.err == (
        f"error: {recipients}:row 1: the columns are separated by semicolons, not commas "
        "(save the file as 'CSV UTF-8 (comma delimited)', or replace each ; between "
        "columns with a comma)\n"
    )
    assert not (tmp_path / "letters").exists() or os.listdir(tmp_path / "letters") == []


@pytest.mark.parametrize("multiline", [False, True])
def test_a_huge_cell_is_reported_at_its_row(tmp_path: Path, multiline: bool) -> None:
    recipients = tmp_path / "r.csv"
    first = '"Rosalind\nRose"' if multiline else "Rosalind"
    recipients.write_text(
        "kind,honorific,first_name,last_name\n"
        f"mp,Ms,{first},Thackeray\n"
        "mp,Mr,Owain,Pritchard\n"
        f"mp,Ms,Ann,{'x' * 200_000}\n"
        "mp,Dr,Ann,Lee\n",
        encoding="utf-8",
    )
    run = run_limited([*MERGE, "--recipients", str(recipients)], cwd=tmp_path)
    assert_clean(run, 1)
    lines = run.err.splitlines()
    assert f"error: {recipients}:row 4: a cell holds more than 131,072 characters" in lines[0]
    assert lines[-1].startswith("3 letters written to letters, 1 row failed")
