"""Every kind of bad fact base gives its exact message, location and exit code."""

from __future__ import annotations

from pathlib import Path

import pytest

from drafter.cli import main
from drafter.facts.loader import load_factbase
from tests.conftest import Starts

BAD = Path(__file__).parent / "data" / "bad"
OK = Path(__file__).parent / "data" / "ok"

CASES = {
    "syntax-error.yaml": [
        Starts(
            "syntax-error.yaml:4:1: YAML syntax error (fix the YAML syntax at this point: "
            "check indentation, colons and quotes"
        )
    ],
    "top-level-list.yaml": [
        "top-level-list.yaml:1:1: the top level must be a mapping with schema, topics, sources "
        "and facts (got a list; see docs/facts.md for the format)"
    ],
    "missing-key.yaml": ["missing-key.yaml:13:5: fact 'a' has no 'quote' (add a 'quote:' line)"],
    "unknown-key.yaml": [
        "unknown-key.yaml:15:5: unknown key 'statment' in fact 'a' (did you mean 'statement'? "
        "Extensions must start with 'x-')"
    ],
    "wrong-type.yaml": [
        "wrong-type.yaml:14:13: the topics of fact 'a' must be a list (write [xinjiang])"
    ],
    "impossible-date.yaml": [
        "impossible-date.yaml:18:12: the as_of of fact 'a' is not a real date: '2023-02-30' "
        "(check the day and month)"
    ],
    "not-a-date.yaml": [
        "not-a-date.yaml:11:11: the date of source 'fcdo-letter' is not a date: 'last week' "
        "(write it as YYYY-MM-DD)"
    ],
    "duplicate-key.yaml": [
        "duplicate-key.yaml:19:5: duplicate key 'as_of' in fact 'a' (first at line 18) "
        "(remove one of them; YAML would silently keep only the last)"
    ],
    "duplicate-id.yaml": [
        "duplicate-id.yaml:19: fact id 'a' is defined twice (also at duplicate-id.yaml:13) "
        "(give one of them another id, or make the two the same)"
    ],
    "dangling-reference.yaml": [
        "dangling-reference.yaml:16:13: fact 'a' names source 'fcdo-leter', which is not "
        "defined (did you mean 'fcdo-letter'?)",
        "dangling-reference.yaml:14:14: fact 'a' names topic 'xinjang', which is not defined "
        "(did you mean 'xinjiang'?)",
    ],
    "empty-quote.yaml": [
        "empty-quote.yaml:17:12: the quote of fact 'a' is empty (write the text, or remove the key)"
    ],
    "python-tag.yaml": [
        "python-tag.yaml:17:12: YAML tag !!python/object/apply:os.system is not allowed "
        "(remove the tag; a fact base holds plain text, dates and lists only)"
    ],
    "alias-bomb.yaml": [
        "alias-bomb.yaml:13:3: extension 'x-bomb' is too large (more than 10000 values) (keep "
        "extension data small, or remove any recursive aliases)",
        "alias-bomb.yaml:21:5: an item of the topics of fact 'a' must be text (got a list)",
    ],
    "control-character.yaml": [
        "control-character.yaml:17:12: the quote of fact 'a' contains the control character "
        "U+0007 (delete it; such characters cannot appear in a letter)"
    ],
    "non-utf8.yaml": [
        "non-utf8.yaml:15:59: is not valid UTF-8 (byte 0xe0) (save the file as UTF-8)"
    ],
    "empty.yaml": [
        "empty.yaml: is empty (a fact base starts with 'schema: 2' and has topics, sources and "
        "facts)"
    ],
    "bad-schema.yaml": [
        "bad-schema.yaml:1:9: unsupported schema '3' (this version of drafter reads 'schema: 1' "
        "and 'schema: 2')"
    ],
}


def _check(capsys: pytest.CaptureFixture[str], *files: str) -> tuple[int, list[str], str]:
    code = main(["facts", "check", "--alone", *files])
    out, err = capsys.readouterr()
    lines = [line.removeprefix("error: ") for line in err.splitlines()]
    return code, [line for line in lines if not line.endswith("problems found")], out


def test_every_case_has_an_expectation() -> None:
    assert sorted(p.name for p in BAD.glob("*.yaml")) == sorted(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_fact_base(
    name: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(BAD)
    code, errors, out = _check(capsys, name)
    assert code == 1
    assert errors == CASES[name]
    assert out == ""
    assert "Traceback" not in "\n".join(errors)


@pytest.mark.parametrize("name", ["bom.yaml", "crlf.yaml"])
def test_accepted_variants(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, errors, out = _check(capsys, str(OK / name))
    assert (code, errors) == (0, [])
    assert out == "1 facts, 1 sources, 1 topics: OK\n"


def test_several_bad_files_reported_in_one_pass(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(BAD)
    code, errors, _ = _check(capsys, "missing-key.yaml", "non-utf8.yaml", "empty.yaml")
    assert code == 1
    assert errors == CASES["missing-key.yaml"] + CASES["non-utf8.yaml"] + CASES["empty.yaml"]


def test_a_folder_given_as_a_file(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(BAD.parent)
    code, errors, _ = _check(capsys, "bad")
    assert code == 1
    assert errors == ["bad: is a folder, not a fact base file (give the path of a file)"]


def test_a_missing_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, errors, _ = _check(capsys, str(tmp_path / "nope.yaml"))
    assert code == 1
    assert errors == [f"{tmp_path / 'nope.yaml'}: no such file (check the path)"]


def test_a_huge_file_is_refused_by_size(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    huge = tmp_path / "huge.yaml"
    with huge.open("wb") as handle:  # sparse: 200 MB on paper, nothing on disk
        handle.truncate(200 * 1024 * 1024)
    code, errors, _ = _check(capsys, str(huge))
    assert code == 1
    assert errors == [
        f"{huge}: is 200 MB; a fact base file is limited to 128 MB (split it into smaller files)"
    ]


def test_a_fact_base_over_32_mb_loads(tmp_path: Path) -> None:
    # One file of 100,000 facts is about 70 MB; the limit of other YAML (32 MB) would
    # refuse it. A small base padded with comments to 40 MB stands in for it here.
    big = tmp_path / "big.yaml"
    text = (OK / "bom.yaml").read_text(encoding="utf-8-sig")
    comment = "# " + "padding " * 125 + "\n"
    with big.open("w", encoding="utf-8") as handle:
        handle.write(text)
        handle.write(comment * (40 * 1024 * 1024 // len(comment)))
    assert big.stat().st_size > 40 * 1024 * 1024 - 2048
    factbase = load_factbase([big])
    assert len(factbase) == len(load_factbase([OK / "bom.yaml"]))


def test_an_id_defined_in_two_files_names_both_places(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    text = (OK / "bom.yaml").read_text(encoding="utf-8-sig")
    Path("one.yaml").write_text(text, encoding="utf-8")
    changed = text.replace("Letter to Lord Alton", "Letter to Lord Alton of Liverpool")
    Path("two.yaml").write_text(changed.replace("at the UN.", "at the UN in 2019."), "utf-8")
    code, errors, _ = _check(capsys, "one.yaml", "two.yaml")
    assert code == 1
    # The topic is the same in both and layers silently; the source and fact differ.
    assert errors == [
        "two.yaml:7: source id 'fcdo-letter' is defined twice differently (also at one.yaml:7) "
        "(give one of them another id, or make the two the same)",
        "two.yaml:13: fact id 'a' is defined twice differently (also at one.yaml:13) "
        "(give one of them another id, or make the two the same)",
    ]
