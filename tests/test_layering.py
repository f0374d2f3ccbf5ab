"""Layering fact files, the office's remembered layers, schema 2 lifecycle and review."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from drafter.cli import main
from drafter.errors import FactBaseError
from drafter.facts.layers import layers_file, read_layers
from drafter.facts.loader import load_factbase
from drafter.paths import bundled_facts

OFFICE = """\
# Our office's facts: they use the bundled topics and add their own source.
schema: 2
sources:
  office-letter:
    type: letter
    title: Letter to the Office of Example MP
    author: Minister of State
    date: 2025-03-01
facts:
  # The first of ours.
  - id: office-hong-kong-reply
    topics: [hong-kong]
    statement: The minister told the office in March 2025 that the matter was under review.
    source: office-letter
    quote: "the matter is under review"
    as_of: 2025-03-01
    kind: position
"""

THIRD_PARTY = """\
schema: 1
topics:
  tibet:
    title: Tibet
    summary: Human rights in Tibet, including the treatment of Tibetans and other ethnic minorities.
  harbours:
    title: Harbours
    summary: Ports.
"""


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_an_office_file_adds_facts_to_a_bundled_topic(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    office = tmp_path / "office.yaml"
    office.write_text(OFFICE, encoding="utf-8")
    # Checked on its own it names topics it does not define; checked as it is loaded
    # (on the bundled base, the default) it is fine.
    code, out, err = run(capsys, "facts", "check", str(office))
    assert (code, err) == (0, "")
    assert out == "45 facts, 3 sources, 9 topics: OK\n"
    code, _, err = run(capsys, "facts", "check", "--alone", str(office))
    assert code == 1
    assert "names topic 'hong-kong', which is not defined" in err


def test_a_third_party_base_that_also_defines_tibet_layers_cleanly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = tmp_path / "third-party.yaml"
    other.write_text(THIRD_PARTY, encoding="utf-8")
    factbase = load_factbase([bundled_facts(), other])
    assert factbase.warnings == ()  # the same tibet: silent
    assert "harbours" in factbase.topics
    # Another summary: the later one is used, with a warning naming both places.
    other.write_text(THIRD_PARTY.replace("other ethnic minorities", "monasteries"), "utf-8")
    factbase = load_factbase([bundled_facts(), other])
    assert factbase.topics["tibet"].summary.endswith("monasteries.")
    [warning] = factbase.warnings
    assert (warning.file, warning.line) == (str(other), 3)
    assert "topic 'tibet' is defined again with another summary" in warning.message
    assert f"(first at {bundled_facts()}:" in warning.message
    code, _, err = run(capsys, "--add-facts", str(other), "topics")
    assert code == 0
    assert err.startswith(f"warning: {other}:3: topic 'tibet' is defined again")


def test_a_source_redefined_differently_is_an_error_naming_both_places(tmp_path: Path) -> None:
    one, two = tmp_path / "one.yaml", tmp_path / "two.yaml"
    one.write_text(OFFICE, encoding="utf-8")
    two.write_text(OFFICE.replace("2025-03-01\nfacts", "2025-03-02\nfacts"), encoding="utf-8")
    with pytest.raises(FactBaseError) as caught:
        load_factbase([bundled_facts(), one, two])
    [problem] = caught.value.problems
    assert (problem.file, problem.line) == (str(two), 4)
    assert problem.message == (
        f"source id 'office-letter' is defined twice differently (also at {one}:4)"
    )
    # The same file layered twice (two offices sharing one copy) is no error at all.
    assert len(load_factbase([bundled_facts(), one, one])) == 45


def test_two_sources_with_one_address_are_warned_about(tmp_path: Path) -> None:
    copy = tmp_path / "copy.yaml"
    copy.write_text(
        "schema: 2\nsources:\n  amnesty-copy:\n    type: press-release\n    title: Red lines\n"
        "    author: Amnesty International UK\n    date: 2025-02-13\n    url: https://www.amnesty"
        ".org.uk/press-releases/ukchina-red-lines-not-red-carpet-needed-lammy-hosts-top-china-"
        "diplomat-london/\n",
        encoding="utf-8",
    )
    [warning] = load_factbase([bundled_facts(), copy]).warnings
    assert warning.line == 3
    assert "sources 'amnesty-uk-red-lines-2025-02' (" in warning.message
    assert "and 'amnesty-copy' have the same url" in warning.message


# --------------------------------------------------------------------------- layers.yaml


def test_layers_are_remembered_and_used_by_every_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    office = tmp_path / "office.yaml"
    office.write_text(OFFICE, encoding="utf-8")
    code, out, err = run(capsys, "facts", "layers", "--office", str(office))
    assert code == 0 and "wrote" in err
    assert "office" in out and "office.yaml" in out
    assert read_layers().files == (office,) and read_layers().office == office
    assert layers_file().read_text(encoding="utf-8").count("office.yaml") == 2
    code, out, _ = run(capsys, "facts", "show", "office-hong-kong-reply")
    assert code == 0 and "under review" in out
    code, out, _ = run(capsys, "facts", "layers", "--remove", str(office))
    assert code == 0
    assert read_layers().files == () and read_layers().office is None
    assert office.exists()  # the file itself is never touched
    code, _, _ = run(capsys, "facts", "show", "office-hong-kong-reply")
    assert code == 1


def test_a_broken_layers_file_is_reported_by_line(capsys: pytest.CaptureFixture[str]) -> None:
    layers_file().write_text("layers: nope\nofice: x\n", encoding="utf-8")
    code, _, err = run(capsys, "topics")
    assert code == 1
    assert f"{layers_file()}:1:9: layers must be a list of files" in err
    assert f"{layers_file()}:2:1: unknown key 'ofice'" in err


# --------------------------------------------------------------------------- lifecycle


def test_staleness_follows_the_kind() -> None:
    factbase = load_factbase([bundled_facts()])
    today = dt.date(2026, 12, 1)
    due = {f.id for f in factbase.due(today)}
    assert "fcdo-hong-kong-opposition-to-national-security-law" in due  # a position
    assert "amnesty-hong-kong-overseas-activists-targeted-uk" in due  # "19 ... to date"
    assert "fcdo-hong-kong-bno-route-launched" not in due  # an event
    assert "amnesty-red-lines-not-red-carpet" not in due  # a call
    assert "fcdo-procurement-bill-national-security" not in due  # superseded
    assert "fcdo-foreign-secretary-raised-september-2022" not in due  # historical
    kinds = {f.kind for f in factbase}
    assert kinds == {"position", "event", "statistic", "call", "finding"}
    assert factbase.facts["fcdo-procurement-bill-national-security"].status == "superseded"


def test_schema_1_still_loads_and_schema_2_keys_in_it_are_pointed_at_upgrade(
    tmp_path: Path,
) -> None:
    old = tmp_path / "old.yaml"
    old.write_text(OFFICE.replace("schema: 2", "schema: 1").replace("    kind: position\n", ""))
    [fact] = [f for f in load_factbase([bundled_facts(), old]) if f.file == str(old)]
    assert (fact.kind, fact.status) == ("", "current")
    old.write_text(OFFICE.replace("schema: 2", "schema: 1"), encoding="utf-8")
    with pytest.raises(FactBaseError) as caught:
        load_factbase([bundled_facts(), old])
    assert [str(p) for p in caught.value.problems] == [
        f"{old}:17:11: 'kind' in fact 'office-hong-kong-reply' is a schema 2 key, and this file "
        f"is schema 1 (run `drafter facts upgrade FILE` to move it to schema 2)"
    ]


def test_lifecycle_mistakes_are_located(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        OFFICE.replace("kind: position", "kind: postion\n    status: superseded")
        + "  - id: b\n    topics: [hong-kong]\n    statement: B.\n    source: office-letter\n"
        "    quote: q\n    as_of: 2025-03-01\n    kind: event\n    status: superseded\n"
        "    superseded_by: no-such-fact\n    reviewed: {by: Someone}\n",
        encoding="utf-8",
    )
    with pytest.raises(FactBaseError) as caught:
        load_factbase([bundled_facts(), bad])
    messages = [f"{p.line}: {p.message}" for p in caught.value.problems]
    assert messages == [
        "17: the kind of fact 'office-hong-kong-reply' is 'postion'",
        "18: fact 'office-hong-kong-reply' is superseded but does not say by what",
        # b is invalid (its review), so whether its successor exists is not checked.
        "28: the review of fact 'b' has no 'on'",
    ]
    assert messages[3:] == []  # b is invalid (its review), so its successor is not checked


# --------------------------------------------------------------------------- review


def test_review_lists_what_is_due_and_records_decisions(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    office = tmp_path / "office.yaml"
    office.write_text(OFFICE, encoding="utf-8")
    flags = ("--add-facts", str(office))
    code, out, err = run(capsys, *flags, "facts", "review", "--topic", "hong-kong")
    assert code == 0
    ids = [line.split()[0] for line in out.splitlines()[1:]]
    assert "office-hong-kong-reply" in ids
    assert "fcdo-hong-kong-opposition-to-national-security-law" in ids
    assert "fcdo-hong-kong-bno-route-launched" not in ids
    assert "due for review" in err

    code, out, _ = run(capsys, *flags, "facts", "review", "--mark-reviewed",
                       "office-hong-kong-reply", "--reviewer", "A. Clerk",
                       "--on", "2026-11-30")  # fmt: skip
    assert code == 0, out
    text = office.read_text(encoding="utf-8")
    assert text == OFFICE.replace(
        "    kind: position\n",
        '    kind: position\n    reviewed: {on: 2026-11-30, by: "A. Clerk"}\n',
    )  # one line added; comments and order kept
    code, out, _ = run(capsys, *flags, "facts", "review", "--topic", "hong-kong")
    assert "office-hong-kong-reply" not in out

    # Reviewed again: the line is rewritten where it stands, not added twice.
    run(capsys, *flags, "facts", "review", "--mark-reviewed", "office-hong-kong-reply",
        "--reviewer", "B. Clerk", "--on", "2026-12-01")  # fmt: skip
    assert office.read_text(encoding="utf-8").count("reviewed:") == 1
    assert 'reviewed: {on: 2026-12-01, by: "B. Clerk"}' in office.read_text(encoding="utf-8")


def test_review_on_a_date_not_written_yyyy_mm_dd_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    office = tmp_path / "office.yaml"
    office.write_text(OFFICE, encoding="utf-8")
    with pytest.raises(SystemExit) as exit_:
        main(["--add-facts", str(office), "facts", "review", "--mark-reviewed",
              "office-hong-kong-reply", "--on", "30/11/2026"])  # fmt: skip
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert "argument --on: '30/11/2026' is not a date like 2026-11-23" in err
    assert "Traceback" not in err
    assert office.read_text(encoding="utf-8") == OFFICE


def test_supersede_names_the_successor_and_refuses_an_unknown_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    office = tmp_path / "office.yaml"
    office.write_text(
        OFFICE + OFFICE.split("facts:\n")[1].replace("office-hong-kong-reply", "office-newer"),
        encoding="utf-8",
    )
    flags = ("--add-facts", str(office))
    before = office.read_text(encoding="utf-8")
    code, _, err = run(capsys, *flags, "facts", "review", "--supersede", "office-hong-kong-reply",
                       "--by", "office-nwer")  # fmt: skip
    assert code == 1
    assert "no fact 'office-nwer'" in err and "did you mean 'office-newer'?" in err
    assert office.read_text(encoding="utf-8") == before
    code, _, _ = run(capsys, *flags, "facts", "review", "--supersede", "office-hong-kong-reply",
                     "--by", "office-newer")  # fmt: skip
    assert code == 0
    fact = load_factbase([bundled_facts(), office]).facts["office-hong-kong-reply"]
    assert (fact.status, fact.superseded_by) == ("superseded", "office-newer")
    code, _, err = run(capsys, *flags, "facts", "review", "--supersede", "office-newer")
    assert code == 2


def test_upgrade_rewrites_schema_1_in_place(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old = tmp_path / "old.yaml"
    text = OFFICE.replace("schema: 2", "schema: 1").replace("    kind: position\n", "")
    old.write_text(text, encoding="utf-8")
    code, out, _ = run(capsys, "facts", "upgrade", str(old))
    assert code == 0
    assert "schema 1 -> 2; 1 facts given 'kind: position'" in out
    assert old.read_text(encoding="utf-8") == OFFICE  # exactly what a schema 2 file says
    code, out, _ = run(capsys, "facts", "upgrade", str(old))
    assert (code, out.strip()) == (0, f"{old} is already schema 2")
