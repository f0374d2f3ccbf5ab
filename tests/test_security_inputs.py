"""Bad and hostile input files: each gives its exact message and exit code, never a crash.

The fact base corpus is tests/data/bad/*.yaml (test_facts_corpus.py); here are drafts
(tests/data/bad/drafts/), address books (bad/contacts/) and profiles (bad/profiles/),
read through `drafter draft` as a user would, plus what no corpus file can hold: files
nested too deep for a parser, pipes and devices in place of files, sparse huge files.
Every run of the real console script must be free of Python tracebacks.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from drafter import yamlio
from drafter.cli import main
from drafter.errors import DrafterError, DraftError, FactBaseError
from drafter.facts.loader import load_factbase
from drafter.yamlio import MAX_DEPTH, compose, read_text
from tests.conftest import Starts

DATA = Path(__file__).parent / "data"
DRAFTS = DATA / "bad" / "drafts"
CONTACTS = DATA / "bad" / "contacts"
PROFILES = DATA / "bad" / "profiles"
REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples"
TEMPLATES = REPO / "letter_templates"

TAG_HINT = "remove the tag; a draft holds plain text, dates and lists only"

DRAFT_CASES: dict[str, list[str]] = {
    "syntax-error.yaml": [
        Starts(
            "syntax-error.yaml:8:1: YAML syntax error (fix the YAML syntax at this point: "
            "check indentation, colons and quotes"
        )
    ],
    "python-tag.yaml": [
        f"python-tag.yaml:7:13: YAML tag !!python/object/apply:os.system is not allowed "
        f"({TAG_HINT})"
    ],
    "alias-bomb.yaml": [
        *(
            f"alias-bomb.yaml:{line}:9: extension 'x-lol{line - 4}' is too large (more than "
            "10000 values) (keep extension data small, or remove any recursive aliases)"
            for line in range(8, 13)
        ),
        "alias-bomb.yaml:11:9: an item of facts must be text (got a list)",
    ],
    "duplicate-key.yaml": [
        "duplicate-key.yaml:6:1: duplicate key 'topic' in the draft (first at line 3) "
        "(remove one of them; YAML would silently keep only the last)"
    ],
    "wrong-type.yaml": [
        "wrong-type.yaml:6:9: fields must be a mapping of keys to values "
        "(got 'the debate on Xinjiang')"
    ],
    "impossible-date.yaml": [
        "impossible-date.yaml:6:7: date is not a real date: '2023-02-30' (check the day and month)"
    ],
    "not-a-date.yaml": [
        "not-a-date.yaml:6:7: date is not a date: 'next Tuesday' (write it as YYYY-MM-DD)"
    ],
    "non-utf8.yaml": [
        "non-utf8.yaml:7:18: is not valid UTF-8 (byte 0xe9) (save the file as UTF-8)"
    ],
    "control-character.yaml": [
        "control-character.yaml:7:13: field 'occasion' contains the control character U+0007 "
        "(delete it; such characters cannot appear in a letter)"
    ],
    "raw-control-character.yaml": [
        "raw-control-character.yaml:7:23: contains the control character U+0007, which YAML "
        "does not allow (delete it, or write it as an escape in double quotes)"
    ],
    "nul-byte.yaml": [
        "nul-byte.yaml:7:23: contains the control character U+0000, which YAML does not allow "
        "(delete it, or write it as an escape in double quotes)"
    ],
    "empty.yaml": [
        "empty.yaml: is empty (a draft names its template at least; see docs/drafts.md)"
    ],
    "only-comments.yaml": [
        "only-comments.yaml: is empty (a draft names its template at least; see docs/drafts.md)"
    ],
    "top-level-list.yaml": [
        "top-level-list.yaml:1:1: the draft must be a mapping of keys to values (got a list)",
        "top-level-list.yaml:1:1: the draft has no 'template' (add a 'template:' line)",
    ],
    "unknown-key.yaml": [
        "unknown-key.yaml:6:1: unknown key 'templte' in the draft (did you mean 'template'? "
        "Extensions must start with 'x-')"
    ],
    "no-template.yaml": [
        "no-template.yaml:1:1: the draft has no 'template' (add a 'template:' line)"
    ],
    "bad-schema.yaml": ["bad-schema.yaml:1:9: unsupported draft schema (use 'schema: 1')"],
    # A template is a name looked up among the templates, never a path that is opened.
    "path-template.yaml": [
        "../../../../../../etc/passwd: no template named '../../../../../../etc/passwd' "
        "(templates: ambassador-letter, briefing-note, correspondent-reply, minister-letter, "
        "written-question)"
    ],
    "absolute-template.yaml": [
        "/etc/passwd: no template named '/etc/passwd' (templates: ambassador-letter, "
        "briefing-note, correspondent-reply, minister-letter, written-question)"
    ],
    "unknown-field.yaml": [
        "unknown-field.yaml:7: field 'ocasion' is not declared by template "
        "'briefing-note' (did you mean 'occasion'?)"
    ],
    "bad-recipient.yaml": [
        "bad-recipient.yaml:7:9: unknown kind 'duke-of-earl' in the recipient (known kinds: mp, "
        "minister, secretary-of-state, "
        "prime-minister, speaker, lord-speaker, baron, baroness, viscount, viscountess, earl, "
        "countess, marquess, marchioness, duke, duchess, bishop, archbishop, ambassador, "
        "high-commissioner, knight, dame, person, unknown)"
    ],
    "unknown-fact.yaml": [
        "unknown-fact.yaml:6: no fact 'fcdo-xinjiang-uk-first-un-joint-statment' in any loaded "
        "fact file (did you mean 'fcdo-xinjiang-uk-first-un-joint-statement'?)"
    ],
}


def _errors(err: str) -> list[str]:
    lines = [line.removeprefix("error: ") for line in err.splitlines()]
    return [line for line in lines if not line.endswith("problems found")]


def _draft(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str], str]:
    code = main(["draft", *args, "--dry-run"])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, _errors(err), out


def test_every_draft_case_has_an_expectation() -> None:
    assert sorted(p.name for p in DRAFTS.glob("*.yaml")) == sorted(DRAFT_CASES)


@pytest.mark.parametrize("name", sorted(DRAFT_CASES))
def test_bad_draft(
    name: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(DRAFTS)
    code, errors, out = _draft(capsys, name)
    assert (code, errors, out) == (1, DRAFT_CASES[name], "")


@pytest.mark.parametrize("name", ["bom.yaml", "crlf.yaml", "bidi-and-zero-width.yaml"])
def test_accepted_draft_variants(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, errors, out = _draft(capsys, str(DRAFTS / "accepted" / name), "-q")
    assert (code, errors) == (0, [])
    # Invisible and direction-changing characters are the author's text: kept, not fatal.
    expected = {
        "bidi-and-zero-width.yaml": "Prepared for the debate on \u202eXinjiang\u202c with\u200b "
        "zero\u200d width\ufeff joiners.",
    }.get(name, "Prepared for the debate on Xinjiang.")
    assert expected in out.splitlines()


def test_a_folder_given_as_a_draft(capsys: pytest.CaptureFixture[str]) -> None:
    code, errors, _ = _draft(capsys, str(DRAFTS / "accepted"))
    assert code == 1
    assert errors == [
        f"{DRAFTS / 'accepted'}: is a folder, not a draft file (give the path of a file)"
    ]


def test_a_huge_draft_is_refused_by_size(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    huge = tmp_path / "huge.yaml"
    with huge.open("wb") as handle:  # sparse: 50 MB on paper, nothing on disk
        handle.truncate(50 * 1024 * 1024)
    code, errors, _ = _draft(capsys, str(huge))
    assert code == 1
    assert errors == [
        f"{huge}: is 50 MB; a draft file is limited to 32 MB (split it into smaller files)"
    ]


def test_a_draft_that_is_one_huge_scalar(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "scalar.yaml"
    path.write_text("'" + "x" * 5_000_000 + "'\n", encoding="utf-8")
    code, errors, _ = _draft(capsys, str(path))
    assert code == 1
    assert errors == [
        f"{path}:1:1: the draft must be a mapping of keys to values (got '{'x' * 5_000_000}')",
        f"{path}:1:1: the draft has no 'template' (add a 'template:' line)",
    ]


def test_a_very_long_line_is_accepted(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "long.yaml"
    text = (DRAFTS / "accepted" / "bom.yaml").read_text(encoding="utf-8-sig")
    occasion = "the debate on Xinjiang " * 20_000
    path.write_text(text.replace("the debate on Xinjiang", occasion.strip()), encoding="utf-8")
    code, errors, out = _draft(capsys, str(path), "-q")
    assert (code, errors) == (0, [])
    assert f"Prepared for {occasion.strip()}." in out


# -- nesting that would overflow the parser's stack ----------------------------------------

_HEAD = "schema: 1\ntemplate: briefing-note\ntopic: xinjiang\n"


@pytest.mark.parametrize(
    ("body", "column"),
    [
        ("x-deep: " + "[" * 100_000 + "]" * 100_000, 9 + MAX_DEPTH - 2),
        ("x-deep: " + "{a: " * 100_000 + "1" + "}" * 100_000, 9 + 4 * (MAX_DEPTH - 2)),
        ("x-deep:\n  " + "- " * 60_000 + "x", 3 + 2 * (MAX_DEPTH - 2)),
    ],
    ids=["flow-lists", "flow-mappings", "block-lists"],
)
def test_deep_nesting_is_refused_not_a_crash(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, body: str, column: int
) -> None:
    path = tmp_path / "deep.yaml"
    path.write_text(_HEAD + body + "\n", encoding="utf-8")
    code, errors, _ = _draft(capsys, str(path))
    assert code == 1
    line = 4 if body.startswith("x-deep: ") else 5
    assert errors == [
        f"{path}:{line}:{column}: YAML nested more than {MAX_DEPTH} levels deep "
        "(drafter's files need a few levels; flatten the data)"
    ]


def test_nesting_up_to_the_limit_is_read() -> None:
    node = compose("[" * MAX_DEPTH + "]" * MAX_DEPTH, "<text>")
    depth = 0
    while node is not None:
        depth += 1
        node = node.value[0] if node.value else None
    assert depth == MAX_DEPTH
    with pytest.raises(DrafterError, match=f"nested more than {MAX_DEPTH} levels"):
        compose("[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1), "<text>")


@pytest.mark.parametrize("loader", ["libyaml", "pure Python"])
def test_a_refused_character_is_located_by_either_parser(
    loader: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    if loader == "pure Python":
        monkeypatch.setattr(yamlio, "_SafeLoader", yaml.SafeLoader)
        monkeypatch.setattr(yamlio, "_Loader", type("_Pure", (yaml.SafeLoader,), {}))
    with pytest.raises(DrafterError) as caught:
        compose("a: 1\nb: x\x00y\n", "f.yaml")
    assert str(caught.value) == (
        "f.yaml:2:5: contains the control character U+0000, which YAML does not allow "
        "(delete it, or write it as an escape in double quotes)"
    )


def test_deep_nesting_in_a_fact_base(tmp_path: Path) -> None:
    path = tmp_path / "facts.yaml"
    path.write_text("schema: 1\ntopics: " + "[" * 50_000 + "]" * 50_000 + "\n", encoding="utf-8")
    with pytest.raises(FactBaseError) as caught:
        load_factbase([path])
    (problem,) = caught.value.problems
    assert problem.message == f"YAML nested more than {MAX_DEPTH} levels deep"


# -- pipes and devices in place of files ----------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_named_pipe_is_refused_without_waiting(tmp_path: Path) -> None:
    pipe = tmp_path / "draft.yaml"
    os.mkfifo(pipe)
    started = time.monotonic()
    with pytest.raises(DraftError) as caught:
        read_text(pipe, "draft.yaml", error=DraftError, what="draft file")
    assert time.monotonic() - started < 5
    assert str(caught.value) == (
        "draft.yaml: is not a regular file (a pipe, a device or a socket) "
        "(give the path of a draft file)"
    )


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero here")
def test_an_endless_device_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    code, errors, _ = _draft(capsys, "/dev/zero")
    assert code == 1
    assert errors == [
        "/dev/zero: is not a regular file (a pipe, a device or a socket) "
        "(give the path of a draft file)"
    ]


def test_a_read_failure_without_a_system_reason_still_says_why(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "draft.yaml"
    path.write_text("template: x\n", encoding="utf-8")

    def failing(*args: object, **kwargs: object) -> int:
        raise OSError("the network share went away")

    monkeypatch.setattr(os, "open", failing)
    with pytest.raises(DraftError) as caught:
        read_text(path, "draft.yaml", error=DraftError, what="draft file")
    assert str(caught.value) == (
        "draft.yaml: cannot be read: the network share went away (check its permissions)"
    )


# -- address books and profiles ----------------------------------------------------------

LETTER = str(EXAMPLES / "minister-letter.yaml")
KNOWN_KINDS = (
    "mp, minister, secretary-of-state, prime-minister, speaker, lord-speaker, baron, "
    "baroness, viscount, viscountess, earl, countess, marquess, marchioness, duke, duchess, "
    "bishop, archbishop, ambassador, high-commissioner, knight, dame, person, unknown"
)
BOMB = (
    "extension 'x-{}' is too large (more than 10000 values) (keep extension data small, or "
    "remove any recursive aliases)"
)
PEOPLE_TAG_HINT = (
    "remove the tag; an address book or a profile holds plain text, dates and lists only"
)

CONTACT_CASES: dict[str, list[str]] = {
    "syntax-error.yaml": [
        Starts(
            "syntax-error.yaml:9:1: YAML syntax error (fix the YAML syntax at this point: "
            "check indentation, colons and quotes"
        )
    ],
    "python-tag.yaml": [
        "python-tag.yaml:8:19: YAML tag !!python/object/new:os.system is not allowed "
        f"({PEOPLE_TAG_HINT})"
    ],
    "duplicate-contact.yaml": [
        "duplicate-contact.yaml:8:3: duplicate key 'fcdo-minister' in contacts (first at "
        "line 2) (remove one of them; YAML would silently keep only the last)"
    ],
    "unknown-kind.yaml": [
        "unknown-kind.yaml:3:11: unknown kind 'ministre' in contact 'fcdo-minister' (did you "
        f"mean 'minister'? known kinds: {KNOWN_KINDS})"
    ],
    "wrong-type.yaml": [
        "wrong-type.yaml:2:3: contacts must be a mapping of keys to values (got a list)"
    ],
    "non-utf8.yaml": [
        "non-utf8.yaml:6:17: is not valid UTF-8 (byte 0xe1) (save the file as UTF-8)"
    ],
    "control-character.yaml": [
        "control-character.yaml:6:16: the last_name of contact 'fcdo-minister' contains the "
        "control character U+0008 (delete it; such characters cannot appear in a letter)"
    ],
    "bad-id.yaml": [
        "bad-id.yaml:2:3: contact id '../fcdo-minister' is not a valid id (use lowercase "
        "letters, digits and hyphens, starting with a letter)"
    ],
    "alias-bomb.yaml": [
        *(f"alias-bomb.yaml:{line}:6: " + BOMB.format(chr(96 + line)) for line in range(5, 10)),
        "alias-bomb.yaml:8:6: a line of the address of contact 'fcdo-minister' must be text "
        "(got a list)",
    ],
    # An empty address book is an empty address book: the contact is then not in it.
    "empty.yaml": [],
}

PROFILE_CASES: dict[str, list[str]] = {
    "syntax-error.yaml": [
        Starts(
            "syntax-error.yaml:5:1: YAML syntax error (fix the YAML syntax at this point: "
            "check indentation, colons and quotes"
        )
    ],
    "python-tag.yaml": [
        f"python-tag.yaml:4:8: YAML tag !!python/name:os.system is not allowed ({PEOPLE_TAG_HINT})"
    ],
    "no-name.yaml": [
        "no-name.yaml:1:1: the profile has no 'name' (add 'name:' with the name that signs letters)"
    ],
    "wrong-type.yaml": [
        "wrong-type.yaml:4:8: the phone of the profile must be text (got a mapping)"
    ],
    "empty.yaml": [
        "empty.yaml: is empty (a profile gives at least 'name:'; see docs/addressing.md)"
    ],
    "non-utf8.yaml": [
        "non-utf8.yaml:1:27: is not valid UTF-8 (byte 0xf6) (save the file as UTF-8)"
    ],
    "top-level-list.yaml": [
        "top-level-list.yaml:1:1: the profile must be a mapping of keys to values (got a list)"
    ],
    "unknown-key.yaml": [
        "unknown-key.yaml:4:1: unknown key 'fax' in the profile (allowed keys: name, "
        "title, organisation, address, email, phone, signature, preparer; "
        "extensions must start with 'x-')"
    ],
}


def test_every_people_case_has_an_expectation() -> None:
    assert sorted(p.name for p in CONTACTS.glob("*.yaml")) == sorted(CONTACT_CASES)
    assert sorted(p.name for p in PROFILES.glob("*.yaml")) == sorted(PROFILE_CASES)


@pytest.mark.parametrize("name", sorted(CONTACT_CASES))
def test_bad_address_book(
    name: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(CONTACTS)
    profile = str(EXAMPLES / "profile.yaml")
    code, errors, out = _draft(capsys, LETTER, "--contacts", name, "--profile", profile)
    expected = CONTACT_CASES[name] or [
        f"{LETTER}:8: no contact 'fcdo-minister' in the address book (the address book is "
        f"empty; add the contact to {name})"
    ]
    assert (code, errors, out) == (1, expected, "")


@pytest.mark.parametrize("name", sorted(PROFILE_CASES))
def test_bad_profile(
    name: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(PROFILES)
    contacts = str(EXAMPLES / "contacts.yaml")
    code, errors, out = _draft(capsys, LETTER, "--contacts", contacts, "--profile", name)
    assert (code, errors, out) == (1, PROFILE_CASES[name], "")


def test_address_book_and_profile_with_bom_and_crlf_are_accepted(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, errors, out = _draft(
        capsys,
        LETTER,
        "--contacts",
        str(CONTACTS / "accepted" / "bom-crlf.yaml"),
        "--profile",
        str(PROFILES / "accepted" / "bom-crlf.yaml"),
        "-q",
    )
    assert (code, errors) == (0, [])
    assert "Harriet Vale MP" in out
    assert "Lord Example of Anytown" in out


# -- the real console script --------------------------------------------------------------


def _console(*args: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "drafter", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_no_traceback_from_the_console_script(tmp_path: Path, user_dirs: Path) -> None:
    env = dict(os.environ)
    deep = tmp_path / "deep.yaml"
    deep.write_text(_HEAD + "x-deep: " + "[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")
    bad = DATA / "bad"
    runs = [
        ((str(deep), "--dry-run"), "YAML nested more than 100 levels deep"),
        ((str(DRAFTS / "python-tag.yaml"), "--dry-run"), "is not allowed"),
        ((str(DRAFTS / "nul-byte.yaml"), "--dry-run"), "U+0000"),
        ((str(DRAFTS / "path-template.yaml"), "--dry-run"), "no template named"),
        ((str(DRAFTS / "non-utf8.yaml"), "--dry-run"), "is not valid UTF-8"),
        ((str(DRAFTS), "--dry-run"), "is a folder, not a draft file"),
        (("--facts", str(bad / "alias-bomb.yaml"), "--template", "briefing-note"), "too large"),
        ((LETTER, "--contacts", str(CONTACTS / "python-tag.yaml")), "is not allowed"),
    ]
    if Path("/dev/zero").exists():
        runs.append((("/dev/zero",), "is not a regular file"))
    for args, message in runs:
        result = _console("draft", *args, cwd=tmp_path, env=env)
        assert result.returncode == 1, (args, result.stderr)
        assert message in result.stderr, args
        assert "Traceback" not in result.stderr + result.stdout, args
    assert sorted(p.name for p in tmp_path.iterdir()) == ["deep.yaml"]  # nothing written


def test_every_test_docs_security_names_exists() -> None:
    text = (REPO / "docs" / "security.md").read_text(encoding="utf-8")
    named = set(re.findall(r"`(test_[a-z0-9_]+)`", text))
    files = set(re.findall(r"`(tests/[a-z0-9_/]+\.py)`", text))
    defined = {
        name
        for path in (REPO / "tests").glob("test_*.py")
        for name in re.findall(r"^def (test_[a-z0-9_]+)", path.read_text(encoding="utf-8"), re.M)
    }
    assert len(named) > 20
    assert sorted(named - defined) == []
    assert sorted(f for f in files if not (REPO / f).exists()) == []
