"""Sharing a fact file through git: `facts diff` and the merge driver in a real repository."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from drafter.cli import main
from drafter.facts.diff import diff, merge, split
from drafter.facts.loader import load_factbase
from drafter.paths import bundled_facts

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

BASE = """\
# The two offices' shared facts.
schema: 2
sources:
  trust-letter:
    type: letter
    title: Letter to the Harbour Trust
    author: Minister for Harbours
    date: 2026-03-10
facts:
  # From the minister's letter.
  - id: dues-no-cap
    topics: [uk-china-relations]
    statement: The Department said it had no plans to cap harbour dues.
    source: trust-letter
    quote: no plans to cap harbour dues
    as_of: 2026-03-10
    kind: position

  - id: dues-copied
    topics: [uk-china-relations]
    statement: The minister copied the reply to the Trust's chair.
    source: trust-letter
    quote: copying this reply
    as_of: 2026-03-10
    kind: event
"""


def git(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=False,
                          timeout=60)  # fmt: skip


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    repo = tmp_path / "shared"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "user.email", "clerk@example.org")
    git(repo, "config", "user.name", "A Clerk")
    # As docs/sharing.md says, with this Python's drafter in place of `drafter`.
    (repo / ".gitattributes").write_text("*.yaml merge=drafter-facts\n", encoding="utf-8")
    driver = f"{sys.executable} -m drafter facts merge-driver %O %A %B"
    git(repo, "config", "merge.drafter-facts.name", "drafter fact files, merged by id")
    git(repo, "config", "merge.drafter-facts.driver", driver)
    (repo / "facts.yaml").write_text(BASE, encoding="utf-8")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "Shared facts")
    return repo


def _edit(repo: Path, branch: str, old: str, new: str) -> None:
    git(repo, "checkout", "-q", "-b", branch, "main")
    path = repo / "facts.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    git(repo, "commit", "-q", "-am", f"Edit on {branch}")


def test_edits_to_different_facts_merge_cleanly(repo: Path) -> None:
    # Adjacent lines in two facts: a line merge would conflict; by id it does not.
    _edit(repo, "north", "    kind: position\n", "    kind: position\n    tags: [north]\n")
    _edit(repo, "south", "  - id: dues-copied\n", "  - id: dues-copied\n    tags: [south]\n")
    git(repo, "checkout", "-q", "north")
    result = git(repo, "merge", "-q", "--no-edit", "south")
    assert result.returncode == 0, result.stderr + result.stdout
    text = (repo / "facts.yaml").read_text(encoding="utf-8")
    assert "tags: [north]" in text and "tags: [south]" in text
    assert "# From the minister's letter." in text and "<<<<<<<" not in text
    factbase = load_factbase([bundled_facts(), repo / "facts.yaml"])
    assert factbase.facts["dues-no-cap"].tags == ("north",)
    assert factbase.facts["dues-copied"].tags == ("south",)


def test_two_offices_each_adding_a_fact_at_the_end_merge_cleanly(repo: Path) -> None:
    # Both insert at the same place: git's line merge would stop with a conflict.
    new = "  - id: {0}\n    topics: [hong-kong]\n    statement: {0}.\n    source: trust-letter\n"
    new += "    quote: q\n    as_of: 2026-03-10\n    kind: event\n"
    _edit(repo, "north", "    kind: event\n", "    kind: event\n" + new.format("north-fact"))
    _edit(repo, "south", "    kind: event\n", "    kind: event\n" + new.format("south-fact"))
    git(repo, "checkout", "-q", "north")
    result = git(repo, "merge", "-q", "--no-edit", "south")
    assert result.returncode == 0, result.stderr + result.stdout
    factbase = load_factbase([bundled_facts(), repo / "facts.yaml"])
    assert [f.id for f in factbase][-4:] == ["dues-no-cap", "dues-copied", "north-fact",
                                             "south-fact"]  # fmt: skip


def test_the_same_fact_changed_two_ways_is_exactly_one_conflict(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _edit(repo, "north", "no plans to cap harbour dues.", "no plans this year to cap dues.")
    _edit(repo, "south", "no plans to cap harbour dues.", "no present plans to cap dues.")
    git(repo, "checkout", "-q", "north")
    result = git(repo, "merge", "--no-edit", "south")
    assert result.returncode != 0
    text = (repo / "facts.yaml").read_text(encoding="utf-8")
    assert text.count("<<<<<<<") == 1
    assert "<<<<<<< ours: fact 'dues-no-cap'" in text
    assert ">>>>>>> theirs: fact 'dues-no-cap'" in text
    assert "no plans this year" in text and "no present plans" in text
    assert "conflict in fact 'dues-no-cap'" in result.stderr
    # The other fact is untouched, outside the markers.
    assert (
        text.split(">>>>>>> theirs: fact 'dues-no-cap'\n")[1]
        .lstrip()
        .startswith("- id: dues-copied")
    )


def test_facts_diff_between_revisions(repo: Path, capsys: pytest.CaptureFixture[str],
                                      monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    path = repo / "facts.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("no plans to cap harbour dues.", "no plans this year to cap dues.")
    text = (
        text.split("  - id: dues-copied")[0].rstrip()
        + "\n"
        + (
            "  - id: dues-new\n    topics: [uk-china-relations]\n    statement: New.\n"
            "    source: trust-letter\n    quote: q\n    as_of: 2026-03-10\n    kind: event\n"
        )
    )
    path.write_text(text, encoding="utf-8")
    monkeypatch.chdir(repo)
    code = main(["facts", "diff", "HEAD:facts.yaml", "facts.yaml"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert out.splitlines() == [
        "- fact dues-copied",
        "~ fact dues-no-cap (statement)",
        "+ fact dues-new",
    ]
    assert err == "1 added, 1 removed, 1 changed\n"
    code = main(["facts", "diff", "NOPE:facts.yaml", "facts.yaml"])
    assert code == 1
    assert "NOPE:facts.yaml: is not in the git repository here" in capsys.readouterr().err


def test_merge_keyed_on_ids_unit() -> None:
    ours = BASE.replace("kind: event", "kind: event\n    tags: [ours]")
    theirs = BASE.replace(
        "  - id: dues-copied",
        "  - id: dues-theirs\n    topics: [a]\n    statement: T.\n"
        "    source: trust-letter\n    quote: q\n    as_of: 2026-03-10\n    kind: event\n\n"
        "  - id: dues-copied",
    ).replace("    title: Letter to the Harbour Trust", "    title: Letter to the Trust")
    merged = merge(split(BASE, "base"), split(ours, "ours"), split(theirs, "theirs"))
    assert merged.conflicts == []
    result = split(merged.text, "merged")
    assert list(result.sections["facts"].entries) == ["dues-no-cap", "dues-copied", "dues-theirs"]
    assert "tags: [ours]" in merged.text and "title: Letter to the Trust" in merged.text
    changes = list(diff(split(BASE, "a"), result))
    assert [(c.kind, c.id, c.what) for c in changes] == [
        ("source", "trust-letter", "changed"),
        ("fact", "dues-copied", "changed"),
        ("fact", "dues-theirs", "added"),
    ]
    # One side removes a fact the other left alone: it is removed.
    removed = BASE.split("\n  - id: dues-copied")[0] + "\n"
    merged = merge(split(BASE, "b"), split(BASE, "o"), split(removed, "t"))
    assert "dues-copied" not in merged.text and merged.conflicts == []
