"""The citation check: each kind of finding once, at the right sentence; a clean body none."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from drafter.cli import main
from drafter.drafting.check import MONTHS, NUMBER_WORDS, Finding, check_draft, claims
from drafter.drafting.draft import Draft, load_draft_lines
from drafter.facts.loader import FactBase, load_factbase
from tests.test_body import BASE

TODAY = dt.date(2026, 3, 1)

HEAD = """\
schema: 1
template: minister-letter
topic: harbours
to: ports-minister
fields:
  subject: Harbours
"""

CLEAN = """\
  Harbour Watch found 23 harbours too silted for lifeboats to launch
  [@harbour-silt-count]. In its report of February 2026 it says that "23 harbours
  are now too silted for lifeboats to launch at low tide" [@harbour-silt-count].

  The Department wrote to me in January 2026 that it had set aside £4 million for
  dredging [@harbour-dredging-budget], and that it would review 12 harbours
  [@harbour-dredging-review, para 3]. That is welcome, but it is not enough.
  Will the Minister meet me to discuss the 23 harbours?
"""


@pytest.fixture
def base_file(tmp_path: Path) -> Path:
    path = tmp_path / "facts.yaml"
    path.write_text(BASE, encoding="utf-8")
    return path


@pytest.fixture
def factbase(base_file: Path) -> FactBase:
    return load_factbase([base_file])


def draft_file(tmp_path: Path, body: str, facts: str = "") -> Path:
    path = tmp_path / "letter.yaml"
    path.write_text(HEAD + facts + "body: |\n" + body, encoding="utf-8")
    return path


def check(path: Path, factbase: FactBase) -> tuple[Finding, ...]:
    draft, lines = load_draft_lines(path)
    return check_draft(draft, factbase, file=str(path), lines=lines, today=TODAY)


def only(findings: tuple[Finding, ...], code: str) -> Finding:
    (finding,) = findings
    assert finding.code == code, finding
    return finding


def test_a_clean_body_has_no_findings(tmp_path: Path, factbase: FactBase) -> None:
    assert check(draft_file(tmp_path, CLEAN), factbase) == ()


def body_with(line: str) -> str:
    """The clean body with one sentence added as the second of paragraph 3, at LINE."""
    return CLEAN + "\n  Something plain comes first. " + line + "\n"


# The clean body's added paragraph starts at this line of the file.
LINE = len((HEAD + "body: |\n" + CLEAN + "\n").splitlines()) + 1


@pytest.mark.parametrize(
    ("sentence", "code", "severity", "says"),
    [
        ("Dredging costs £9 million a year.", "uncited-claim", "warning", "an amount"),
        ('Officials call it "a scandal".', "uncited-claim", "warning", "a quotation"),
        ("It began in March 2025.", "uncited-claim", "warning", "a date"),
        (
            "In all, 50 harbours are silted [@harbour-silt-count].",
            "detail-not-in-source",
            "warning",
            "50",
        ),
        (
            'It found that "every harbour is silted" [@harbour-silt-count].',
            "misquote",
            "warning",
            "every harbour is silted",
        ),
        ("Silt is spreading [@harbour-silt-cont].", "unknown-fact", "error", "harbour-silt-count"),
        ("Silt is spreading [@ Harbour Silt].", "malformed-citation", "error", "[@ Harbour Silt]"),
        (
            "Silt is spreading [@harbour-silt-count, the chair's words].",
            "bad-pinpoint",
            "error",
            "para 3",
        ),
    ],
)
def test_each_finding_once_at_its_sentence(
    tmp_path: Path, factbase: FactBase, sentence: str, code: str, severity: str, says: str
) -> None:
    findings = check(draft_file(tmp_path, body_with(sentence)), factbase)
    finding = only(findings, code)
    assert finding.severity == severity
    assert (finding.paragraph, finding.sentence, finding.line) == (3, 2, LINE)
    assert finding.text == sentence
    assert says in finding.message + finding.hint
    assert str(finding).startswith(f"{tmp_path / 'letter.yaml'}:{LINE}: paragraph 3, sentence 2:")


def test_a_stale_fact_is_reported_once_at_its_first_citation(
    tmp_path: Path, factbase: FactBase
) -> None:
    draft, lines = load_draft_lines(draft_file(tmp_path, CLEAN))
    later = dt.date(2028, 1, 1)
    findings = check_draft(draft, factbase, file="letter.yaml", lines=lines, today=later)
    stale = [f for f in findings if f.code == "stale-fact"]
    assert [(f.fact_id, f.paragraph, f.sentence) for f in stale] == [
        ("harbour-silt-count", 1, 1),
        ("harbour-dredging-budget", 2, 1),
        ("harbour-dredging-review", 2, 1),
    ]
    assert len(findings) == 3


def test_a_chosen_fact_never_cited_is_reported_at_its_line(
    tmp_path: Path, factbase: FactBase
) -> None:
    facts = "facts:\n  - harbour-silt-count\n  - harbour-dredging-budget\n"
    body = "  Harbour Watch counts 23 silted harbours [@harbour-silt-count].\n"
    finding = only(check(draft_file(tmp_path, body, facts), factbase), "uncited-fact")
    assert finding.fact_id == "harbour-dredging-budget"
    assert finding.line == HEAD.count("\n") + 3
    assert finding.paragraph is None


def test_a_chosen_fact_that_does_not_exist_is_an_error(tmp_path: Path, factbase: FactBase) -> None:
    facts = "facts:\n  - harbour-silt-cont\n"
    body = "  Harbour Watch counts 23 silted harbours [@harbour-silt-count].\n"
    finding = only(check(draft_file(tmp_path, body, facts), factbase), "unknown-fact")
    assert "harbour-silt-count" in finding.hint
    assert finding.line == HEAD.count("\n") + 2


def test_a_detail_from_another_fact_cited_in_the_sentence_is_fine(factbase: FactBase) -> None:
    body = "Of 23 harbours, 12 will be reviewed [@harbour-silt-count; @harbour-dredging-review]."
    assert check_draft(Draft(body=body), factbase, today=TODAY) == ()


def test_the_check_follows_a_fact_changed_in_the_base(tmp_path: Path) -> None:
    """Checked again (as the app does after each pause in typing) against a base whose
    fact now says 24 and quotes other words, the same body reads against the new fact."""
    body = 'Harbour Watch counts 23 harbours, "too silted" to launch [@harbour-silt-count].'
    first = tmp_path / "first.yaml"
    first.write_text(BASE, encoding="utf-8")
    assert check_draft(Draft(body=body), load_factbase([first]), today=TODAY) == ()
    changed = BASE.replace("23 harbours", "24 harbours").replace("too silted", "too shallow")
    assert changed.count("24 harbours") >= 2
    second = tmp_path / "second.yaml"
    second.write_text(changed, encoding="utf-8")
    findings = check_draft(Draft(body=body), load_factbase([second]), today=TODAY)
    assert [f.code for f in findings] == ["detail-not-in-source", "misquote"]
    assert "23 is in neither" in findings[0].message
    two = check_draft(
        Draft(body="Some 23 of 40 harbours [@harbour-silt-count]."),
        load_factbase([second]),
        today=TODAY,
    )
    assert "23 and 40 are in neither" in two[0].message
    assert check_draft(Draft(body=body), load_factbase([first]), today=TODAY) == ()


def test_words_for_numbers_and_ellipses(factbase: FactBase) -> None:
    fine = (
        'It will look at twelve harbours [@harbour-dredging-review]. It says "23 harbours '
        '... too silted" [@harbour-silt-count].'
    )
    assert check_draft(Draft(body=fine), factbase, today=TODAY) == ()
    wrong = "It will look at thirteen harbours [@harbour-dredging-review]."
    finding = only(check_draft(Draft(body=wrong), factbase, today=TODAY), "detail-not-in-source")
    assert "thirteen" in finding.message
    assert finding.line is None and finding.body_line == 1


# -- the property: no figure, date or quotation, no "uncited claim" ----------------------

_WORDS = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=1)
_PLAIN_WORD = _WORDS.filter(
    lambda w: w.lower() not in NUMBER_WORDS and w.capitalize() not in MONTHS
)
_SENTENCE = (
    st.lists(_PLAIN_WORD, min_size=1, max_size=12)
    .map(" ".join)
    .flatmap(
        lambda text: st.sampled_from([". ", "! ", ", ", "; ", " - ", "\n", "\n\n", " (x) "]).map(
            lambda end: text + end
        )
    )
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_SENTENCE, min_size=1, max_size=8).map("".join))
def test_text_without_figures_dates_or_quotations_is_no_uncited_claim(body: str) -> None:
    factbase = FactBase({}, {}, [])
    findings = check_draft(Draft(body=body), factbase, today=TODAY)
    assert [f for f in findings if f.code == "uncited-claim"] == []
    assert claims(body) == []


# -- drafter check, draft and merge ------------------------------------------------------


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_drafter_check_exit_codes_and_json(
    tmp_path: Path, base_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    facts = ["--facts", str(base_file), "--stale-months", "1200"]
    clean = draft_file(tmp_path, CLEAN)
    assert run(["check", str(clean), "--strict", *facts], capsys)[0] == 0
    warned = draft_file(tmp_path, body_with("Dredging costs £9 million a year."))
    code, out, _ = run(["check", str(warned), *facts], capsys)
    assert code == 0
    assert f"warning: {warned}:{LINE}: paragraph 3, sentence 2: uncited claim" in out
    assert run(["check", str(warned), "--strict", *facts], capsys)[0] == 1
    code, out, _ = run(["check", str(warned), "--format", "json", *facts], capsys)
    data = json.loads(out)
    assert (code, data["errors"], data["warnings"]) == (0, 0, 1)
    assert data["findings"][0]["code"] == "uncited-claim"
    assert data["findings"][0]["line"] == LINE
    broken = draft_file(tmp_path, body_with("Silt [@harbour-silt-cont]."))
    code, out, _ = run(["check", str(broken), *facts], capsys)
    assert code == 1
    assert "did you mean 'harbour-silt-count'?" in out


def test_drafter_check_loads_no_heavy_module(tmp_path: Path, base_file: Path) -> None:
    """`drafter check` reads a draft and a fact base: no Jinja, Textual, python-docx, lxml
    or markdown-it, so that it starts as fast as the citation check allows."""
    path = draft_file(tmp_path, body_with("Dredging costs £9 million a year."))
    code = (
        "import contextlib, io, sys\n"
        "from drafter.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    code = main(sys.argv[1:])\n"
        "heavy = {'jinja2', 'textual', 'docx', 'lxml', 'markdown_it'}\n"
        "print(code, sorted(heavy & {m.split('.')[0] for m in sys.modules}))\n"
    )
    argv = ["check", str(path), "--facts", str(base_file), "--stale-months", "1200"]
    env = {**os.environ, "DRAFTER_CACHE_DIR": str(tmp_path / "cache")}
    result = subprocess.run(
        [sys.executable, "-c", code, *argv], capture_output=True, text=True, check=True, env=env
    )
    assert result.stdout.strip().splitlines()[-1] == "0 []"


CONTACTS = """\
contacts:
  ports-minister:
    kind: minister
    honorific: Ms
    first_name: Ada
    last_name: Quay
    office: Minister of State for Ports
"""
PROFILE = "name: Lord Tester of Testham\ntitle: Member of the House of Lords\n"


def test_drafter_draft_and_merge_print_findings_as_warnings(
    tmp_path: Path, base_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "contacts.yaml").write_text(CONTACTS, encoding="utf-8")
    (tmp_path / "profile.yaml").write_text(PROFILE, encoding="utf-8")
    people = ["--contacts", str(tmp_path / "contacts.yaml")]
    profile = ["--profile", str(tmp_path / "profile.yaml")]
    facts = ["--facts", str(base_file), "--stale-months", "1200"]
    path = draft_file(tmp_path, body_with("Dredging costs £9 million a year."))
    text = path.read_text().replace(
        "  subject: Harbours\n", "  subject: Harbours\n  asks: Act.\n  occasion: I write.\n"
    )
    path.write_text(text, encoding="utf-8")
    line = LINE + 2
    code, _, err = run(["draft", str(path), *people, *profile, *facts, "--dry-run"], capsys)
    assert code == 0
    assert err.count("uncited claim") == 1
    assert f"warning: {path}:{line}: paragraph 3, sentence 2: uncited claim" in err
    csv = tmp_path / "rows.csv"
    csv.write_text(
        "kind,honorific,last_name,file\nmp,Ms,Ray,ray.md\nmp,Mr,Sun,sun.md\n", encoding="utf-8"
    )
    out = tmp_path / "out"
    argv = ["merge", str(path), "--recipients", str(csv), "--out", str(out), "--format", "md"]
    code, _, err = run([*argv, *profile, *facts], capsys)
    assert code == 0
    assert err.count("uncited claim") == 1
    broken = path.read_text().replace("a year.", "a year [@harbour-silt-cont].")
    path.write_text(broken, encoding="utf-8")
    code, _, err = run(["draft", str(path), *people, *profile, *facts, "--dry-run"], capsys)
    assert code == 1
    assert f"{path}:{line}: the body cites 'harbour-silt-cont'" in err


def test_check_of_the_example_reports_only_stale_facts(capsys: pytest.CaptureFixture[str]) -> None:
    repo = Path(__file__).resolve().parent.parent
    code, out, _ = run(
        ["check", str(repo / "examples" / "written-letter.yaml"), "--format", "json"], capsys
    )
    data = json.loads(out)
    assert code == 0
    assert {f["code"] for f in data["findings"]} <= {"stale-fact"}


def test_check_of_a_draft_without_a_body(
    tmp_path: Path, base_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "plain.yaml"
    path.write_text(HEAD + "facts: [harbour-silt-count]\n", encoding="utf-8")
    code, out, _ = run(["check", str(path), "--facts", str(base_file)], capsys)
    assert code == 0
    assert "no body to check" in out
