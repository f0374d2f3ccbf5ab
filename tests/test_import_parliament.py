"""`drafter sources import-parliament`: a written answer from the Parliament API as a source.

The responses in tests/data/parliament/ are written for these tests, shaped as the
written questions API returns them, with fictional members.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import urllib.error
from pathlib import Path

import pytest

from drafter.cli import main
from drafter.facts import parliament
from drafter.facts.loader import load_factbase
from drafter.paths import bundled_facts
from drafter.textfmt import uk_date

DATA = Path(__file__).resolve().parent / "data" / "parliament"
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
ANSWER_PARA_1 = (
    "The Government has made clear to the authorities in Exampleland that offering rewards "
    "for information on campaigners in the UK is unacceptable."
)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def imported(tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str = "hl9001") -> Path:
    output = tmp_path / f"{name}.yaml"
    code, out, err = run(
        capsys, "sources", "import-parliament", str(DATA / f"{name}.json"), "--to", str(output)
    )
    assert code == 0, err
    assert f"source 'wq-{name}-2024-03-05'" in out
    return output


def test_a_saved_answer_becomes_a_written_question_source(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = imported(tmp_path, capsys)
    base = load_factbase([bundled_facts(), output])
    source = base.sources["wq-hl9001-2024-03-05"]
    assert (source.type, source.house, source.uin) == ("written-question", "HL", "HL9001")
    assert source.date == dt.date(2024, 3, 5) and source.tabled == dt.date(2024, 2, 20)
    assert source.asker == "Lord Sample of Northfield"
    assert source.author == "Baroness Example of Southbridge"
    assert source.answering_body == "Foreign, Commonwealth and Development Office"
    assert source.title == "Exampleland: Human Rights Defenders"
    assert not source.holding and not source.corrected
    assert source.url.endswith("/written-questions/detail/2024-02-20/HL9001")
    assert source.accessed == dt.date.today()
    # Archived as any captured source: sources/ID.txt beside the file, with its SHA-256.
    path = tmp_path / "sources" / source.archive
    archive = path.read_text(encoding="utf-8")
    assert source.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert source.captured == dt.date.today()
    # The question first, then each paragraph of the answer numbered, as plain text.
    assert "To ask His Majesty's Government what assessment" in archive
    assert f"\n[para 1] {ANSWER_PARA_1}\n" in archive
    assert archive.index("To ask") < archive.index("[para 1]")
    assert "<p>" not in archive


def test_a_fact_from_the_answer_is_cited_in_a_letter_by_its_uin(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = imported(tmp_path, capsys)
    code, out, err = run(
        capsys, "facts", "add", "--source", "wq-hl9001-2024-03-05", "--quote", ANSWER_PARA_1,
        "--statement", "The Government told Parliament in March 2024 that it had made clear "
        "to Exampleland that rewards for information on UK campaigners are unacceptable.",
        "--topic", "transnational-repression", "--id", "fcdo-exampleland-rewards-unacceptable",
        "--to", str(output),
    )  # fmt: skip
    assert code == 0, err
    assert "added at para 1" in out  # the locator worked out from the numbered answer
    # verify checks it as any capture: the quote, its paragraph, the archive's hash.
    code, out, err = run(capsys, "facts", "verify", "--add-facts", str(output))
    assert code == 0, err
    assert "1 locators right, 0 wrong; 1 archives unchanged, 0 changed" in out + err
    archive = tmp_path / "sources" / "wq-hl9001-2024-03-05.txt"
    archive.write_text(archive.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    code, out, err = run(capsys, "facts", "verify", "--add-facts", str(output))
    assert code == 1
    assert f"{output}:4: the archive of source 'wq-hl9001-2024-03-05'" in err
    code, out, err = run(
        capsys,
        "draft", "--template", "minister-letter", "--topic", "transnational-repression",
        "--fact", "fcdo-exampleland-rewards-unacceptable",
        "--recipient", "mp:Ms Jane Example", "--profile", str(EXAMPLES / "profile.yaml"),
        "--field", "subject=Rewards for information on campaigners",
        "--field", "occasion=I write about rewards offered for information on campaigners.",
        "--field", "asks=What further representations will the Government make?",
        "--add-facts", str(output), "--dry-run",
    )  # fmt: skip
    assert code == 0, err
    footnote = next(line for line in out.splitlines() if line.startswith("[^1]: "))
    assert footnote == (
        "[^1]: Written question HL9001 from Lord Sample of Northfield to the Foreign, "
        "Commonwealth and Development Office, answered by Baroness Example of Southbridge "
        "(HL, tabled 20 February 2024, answered 5 March 2024) para 1 "
        "<https://questions-statements.parliament.uk/written-questions/detail/2024-02-20/HL9001>"
        f" accessed {uk_date(dt.date.today())}."
    )


def test_a_search_response_needs_the_uin_and_marks_a_holding_answer(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    search = str(DATA / "search-two.json")
    output = tmp_path / "q.yaml"
    code, _, err = run(capsys, "sources", "import-parliament", search, "--to", str(output))
    assert code == 1 and "holds 2 questions (19001, 19002)" in err and "--uin" in err
    assert not output.exists()
    code, _, err = run(
        capsys, "sources", "import-parliament", search, "--uin", "19002", "--to", str(output)
    )
    assert code == 0, err
    source = load_factbase([bundled_facts(), output]).sources["wq-19002-2024-04-09"]
    assert (source.house, source.holding) == ("HC", True)
    assert "Holding answer" in (tmp_path / "sources" / source.archive).read_text(encoding="utf-8")


def test_a_source_already_there_is_replaced_only_with_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = imported(tmp_path, capsys)
    before = output.read_text(encoding="utf-8")
    args = ["sources", "import-parliament", str(DATA / "hl9001.json"), "--to", str(output)]
    code, _, err = run(capsys, *args)
    assert code == 1
    assert f"{output}:4: source 'wq-hl9001-2024-03-05' is already in this file" in err
    assert "--force" in err
    assert output.read_text(encoding="utf-8") == before
    assert run(capsys, *args, "--force")[0] == 0
    assert output.read_text(encoding="utf-8") == before  # the same answer, the same entry


def test_an_answer_joins_the_office_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    office = tmp_path / "office.yaml"
    code, _, err = run(capsys, "sources", "import-parliament", str(DATA / "hl9001.json"))
    assert code == 2 and "no office fact file yet" in err
    office.write_text("# Our own facts.\nschema: 2\n", encoding="utf-8")
    assert run(capsys, "facts", "layers", "--office", str(office))[0] == 0
    code, _, err = run(capsys, "sources", "import-parliament", str(DATA / "hl9001.json"))
    assert code == 0, err
    assert "wq-hl9001-2024-03-05" in load_factbase([bundled_facts(), office]).sources
    assert office.read_text(encoding="utf-8").startswith("# Our own facts.\nschema: 2\n")
    assert (tmp_path / "sources" / "wq-hl9001-2024-03-05.txt").is_file()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not json", "not JSON"),
        ('{"value": {"id": 1}}', "has no 'uin'"),
        (
            json.dumps({"value": {"uin": "HL1", "house": "Lords", "dateAnswered": None}}),
            "has no answer yet",
        ),
    ],
)
def test_a_response_that_is_not_an_answered_question_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, message: str
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(content, encoding="utf-8")
    args = ["sources", "import-parliament", str(bad), "--to", str(tmp_path / "f.yaml")]
    code, _, err = run(capsys, *args)
    assert code == 1 and message in err and str(bad) in err
    assert "Traceback" not in err


def test_fetching_without_a_network_says_so_and_what_to_do(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def offline(*args: object, **kwargs: object) -> object:
        raise urllib.error.URLError("Temporary failure in name resolution")

    monkeypatch.setattr(parliament.urllib.request, "urlopen", offline)
    code, _, err = run(
        capsys, "sources", "import-parliament", "--uin", "HL9001", "--date", "2024-02-20",
        "--to", str(tmp_path / "f.yaml"),
    )  # fmt: skip
    assert code == 1
    assert "could not reach the Parliament API" in err
    assert "/2024-02-20/HL9001?expandMember=true" in err and "pass the file" in err


def test_fetching_reads_the_api_response(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []

    class Response:
        def __enter__(self) -> Response:
            return self

        def __exit__(self, *exc: object) -> None:
            return None

        def read(self, limit: int) -> bytes:
            return (DATA / "hl9001.json").read_bytes()

    def answer(request: object, timeout: float) -> Response:
        asked.append(getattr(request, "full_url", ""))
        return Response()

    monkeypatch.setattr(parliament.urllib.request, "urlopen", answer)
    output = tmp_path / "hl.yaml"
    code, _, err = run(
        capsys, "sources", "import-parliament", "--uin", "HL9001", "--date", "2024-02-20",
        "--to", str(output),
    )  # fmt: skip
    assert code == 0, err
    assert asked == [f"{parliament.API}/2024-02-20/HL9001?expandMember=true"]
    assert "wq-hl9001-2024-03-05" in load_factbase([bundled_facts(), output]).sources


def test_usage_errors() -> None:
    with pytest.raises(SystemExit) as caught:
        main(["sources", "import-parliament", "--date", "yesterday"])
    assert caught.value.code == 2
    assert main(["sources", "import-parliament"]) == 2
