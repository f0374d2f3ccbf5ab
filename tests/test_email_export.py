"""`--format eml`: the letter as an email ready to send, parsed back with `email`."""

from __future__ import annotations

import email
import email.policy
from email.message import EmailMessage
from pathlib import Path

import pytest

from drafter.cli import main
from drafter.export.pdf import soffice_path

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples"
LETTER = str(EXAMPLES / "minister-letter.yaml")
PEOPLE = [
    "--contacts",
    str(EXAMPLES / "contacts.yaml"),
    "--profile",
    str(EXAMPLES / "profile.yaml"),
]
DATE = ["--date", "2026-12-01"]


def parse(path: Path) -> EmailMessage:
    message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    return message


def text_of(message: EmailMessage) -> str:
    body = message.get_body(("plain",))
    assert body is not None
    return str(body.get_content()).replace("\r\n", "\n")


def test_eml_parses_back_with_the_letter_attached_byte_for_byte(tmp_path: Path) -> None:
    eml, docx = tmp_path / "minister.eml", tmp_path / "minister.docx"
    argv = ["-q", "draft", LETTER, *PEOPLE, *DATE]
    note = "I attach my letter on the Hong Kong bounties, ahead of Thursday's debate."
    assert (
        main([*argv, "-o", str(eml), "--attach", "docx", "--field", f"covering_note={note}"]) == 0
    )
    assert main([*argv, "-o", str(docx)]) == 0
    message = parse(eml)
    assert message["To"].addresses[0].addr_spec == "minister.indo-pacific@example.org"
    assert message["To"].addresses[0].display_name == "Harriet Vale MP"
    assert message["From"].addresses[0].addr_spec == "office@example.org"
    assert message["Subject"] == "Hong Kong police bounties on activists living in the UK"
    text = text_of(message)
    assert text.startswith("Dear Minister,\n\n" + note)
    assert "Lord Example of Anytown" in text
    attachments = list(message.iter_attachments())
    assert len(attachments) == 1
    assert attachments[0].get_filename() == "minister.docx"
    assert attachments[0].get_content_type().endswith("wordprocessingml.document")
    assert attachments[0].get_content() == docx.read_bytes()  # the file drafter writes
    assert eml.read_bytes().count(b"\r\n") > 10  # RFC 5322 line ends


def test_the_covering_note_has_a_default(tmp_path: Path) -> None:
    eml = tmp_path / "letter.eml"
    assert main(["-q", "draft", LETTER, *PEOPLE, *DATE, "-o", str(eml), "--attach", "docx"]) == 0
    assert "Please find my letter attached." in text_of(parse(eml))


def test_a_recipient_without_email_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    eml = tmp_path / "letter.eml"
    argv = ["draft", str(EXAMPLES / "ambassador-letter.yaml"), *PEOPLE, "-o", str(eml)]
    assert main([*argv, "--attach", "docx"]) == 1
    assert "the recipient has no email address" in capsys.readouterr().err
    assert not eml.exists()


def test_merge_writes_one_message_per_row(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    csv = tmp_path / "recipients.csv"
    csv.write_text(
        "kind,honorific,first_name,last_name,email,address\n"
        "mp,Ms,Rosalind,Thackeray,r.thackeray@example.org,House of Commons|London SW1A 0AA\n"
        "mp,Mr,Owain,Pritchard,o.pritchard@example.org,House of Commons|London SW1A 0AA\n"
        "mp,Ms,Jane,Nomail,,House of Commons|London SW1A 0AA\n"
    )
    out = tmp_path / "emails"
    argv = ["merge", str(EXAMPLES / "merge-letter.yaml"), "--recipients", str(csv)]
    argv += ["--profile", str(EXAMPLES / "profile.yaml"), "--out", str(out), *DATE]
    assert main([*argv, "--format", "eml", "--attach", "docx"]) == 1  # one row failed
    err = capsys.readouterr().err
    assert f"{csv}:row 4: has no email address for an email letter" in err
    messages = [parse(path) for path in sorted(out.glob("*.eml"))]
    assert sorted(m["To"].addresses[0].addr_spec for m in messages) == [
        "o.pritchard@example.org",
        "r.thackeray@example.org",
    ]
    for message in messages:
        assert message["Subject"] == "Human rights in the UK's dialogue with China"
        assert len(list(message.iter_attachments())) == 1


@pytest.mark.skipif(soffice_path() is None, reason="LibreOffice is not installed")
def test_eml_attaches_a_pdf_by_default(tmp_path: Path) -> None:
    eml = tmp_path / "letter.eml"
    assert main(["-q", "draft", LETTER, *PEOPLE, *DATE, "-o", str(eml)]) == 0
    (attachment,) = parse(eml).iter_attachments()
    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_filename() == "letter.pdf"
    assert attachment.get_content().startswith(b"%PDF")
