"""YAML aliases: each node is checked once, and the text they repeat has a budget by size."""

from __future__ import annotations

from pathlib import Path

from hostile import assert_clean, run_limited

HEAD = """\
schema: 1
topics:
  t:
    title: A topic
    summary: Facts that repeat one long text through aliases.
sources:
  s:
    type: webpage
    title: A page
    author: An author
    date: 2024-11-01
facts:
"""


def _fact(number: int, extra: str) -> str:
    return (
        f"  - id: f{number}\n"
        "    topics: [t]\n"
        f"    statement: Statement {number}.\n"
        "    source: s\n"
        f"{extra}"
        "    as_of: 2024-11-01\n"
    )


def test_a_long_tag_aliased_a_hundred_thousand_times(tmp_path: Path) -> None:
    tag = "a" * 1_000_000
    aliases = ", ".join(["*t"] * 100_000)
    base = tmp_path / "facts.yaml"
    base.write_text(
        HEAD + _fact(1, '    quote: "q"\n' + f"    tags: [&t {tag}, {aliases}]\n"),
        encoding="utf-8",
    )
    run = run_limited(
        ["facts", "check", "--facts", str(base)], cwd=tmp_path, cpu_seconds=30, memory_mb=800
    )
    assert_clean(run, 1)
    lines = run.err.splitlines()
    assert lines[0] == (
        f"error: {base}:18:12: the text anchored here is repeated by aliases to more than "
        "1,000,000 characters (write it out where it is needed, or alias only short values)"
    )
    assert all(len(line) < 400 for line in lines)  # no message carries the megabyte


def test_a_long_quote_aliased_two_thousand_times(tmp_path: Path) -> None:
    quote = "b" * 1_000_000
    facts = [_fact(1, f'    quote: &q "{quote}"\n')]
    facts += [_fact(n, "    quote: *q\n") for n in range(2, 2001)]
    base = tmp_path / "facts.yaml"
    base.write_text(HEAD + "".join(facts), encoding="utf-8")
    for args in (
        ["facts", "check", "--facts", str(base)],
        ["brief", "--topic", "t", "--facts", str(base), "--review", "-o", "b.docx", "-q"],
    ):
        run = run_limited(args, cwd=tmp_path, cpu_seconds=30, memory_mb=800)
        assert_clean(run, 1)
        assert run.err.startswith(f"error: {base}:17:12: the text anchored here is repeated")
    assert not (tmp_path / "b.docx").exists()


def test_short_values_may_be_aliased_freely(tmp_path: Path) -> None:
    facts = [_fact(1, '    quote: "q"\n    tags: &tags [alpha, beta]\n')]
    facts += [_fact(n, '    quote: "q"\n    tags: *tags\n') for n in range(2, 2001)]
    base = tmp_path / "facts.yaml"
    base.write_text(HEAD + "".join(facts), encoding="utf-8")
    run = run_limited(["facts", "check", "--facts", str(base)], cwd=tmp_path, cpu_seconds=60)
    assert_clean(run, 0)
