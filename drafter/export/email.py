"""A letter ready to email: an RFC 5322 message with the letter attached.

`to_eml` writes the message a private office would send: From the sender's email (the
profile), To the recipient's (the address book or the merge row), the letter's subject
line as its Subject, a short covering note (the template's `covering_note` field) as
its text, and the letter itself as a PDF or DOCX attachment. The message is marked as
not yet sent (`X-Unsent: 1`), so a mail client opens it as a draft to check and send.
Its Date is the letter's and its Message-ID comes from its content, so the same letter
gives the same file.
"""

from __future__ import annotations

import datetime as dt
import email.policy
import hashlib
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime

from drafter.document import RenderedDocument
from drafter.errors import ExportError

ATTACHMENT_TYPES = {
    "pdf": ("application", "pdf"),
    "docx": ("application", "vnd.openxmlformats-officedocument.wordprocessingml.document"),
}


def _address(display_name: str, addr_spec: str, what: str, where: str) -> Address:
    try:
        return Address(display_name=" ".join(display_name.split()), addr_spec=addr_spec.strip())
    except (ValueError, IndexError) as exc:
        raise ExportError.single(
            where, f"{what} '{addr_spec}' is not an email address ({exc})", "correct it"
        ) from None


def covering_text(doc: RenderedDocument) -> str:
    """The email's text: salutation, the covering note, valediction, the sender's name."""
    frame = doc.frame
    if frame is None:
        return ""
    note = frame.covering_note.strip() or "Please find my letter attached."
    signature = "\n".join(line for line in (frame.sender_name, frame.sender_title) if line)
    return f"{frame.salutation},\n\n{note}\n\n{frame.valediction}\n\n{signature}\n"


def to_eml(
    doc: RenderedDocument,
    attachment: bytes,
    *,
    attachment_format: str,
    attachment_name: str,
    where: str = "eml",
) -> bytes:
    """The message as bytes (CRLF line ends, as RFC 5322 has them)."""
    frame = doc.frame
    if doc.kind != "letter" or frame is None:
        raise ExportError.single(
            where, "only a letter can be sent as an email", "export a briefing as DOCX or PDF"
        )
    if not frame.recipient_email.strip():
        raise ExportError.single(
            where,
            "the recipient has no email address",
            "add 'email:' to the contact in your address book (or an email column to the CSV)",
        )
    if not frame.sender_email.strip():
        raise ExportError.single(
            where, "your profile has no email address", "add 'email:' to your profile.yaml"
        )
    recipient_name = frame.recipient_block[0] if frame.recipient_block else ""
    message = EmailMessage(policy=email.policy.SMTP)
    message["From"] = _address(frame.sender_name, frame.sender_email, "your email", where)
    message["To"] = _address(recipient_name, frame.recipient_email, "the recipient's email", where)
    message["Subject"] = " ".join((frame.subject or doc.title).split())
    when = dt.datetime.combine(doc.date, dt.time(9, 0), tzinfo=dt.UTC)
    message["Date"] = format_datetime(when)
    digest = hashlib.sha256(attachment + message["To"].encode()).hexdigest()[:32]
    domain = frame.sender_email.rpartition("@")[2] or "drafter.invalid"
    message["Message-ID"] = f"<{digest}@{domain}>"
    message["X-Unsent"] = "1"
    message.set_content(covering_text(doc))
    maintype, subtype = ATTACHMENT_TYPES[attachment_format]
    message.add_attachment(attachment, maintype=maintype, subtype=subtype, filename=attachment_name)
    return message.as_bytes()
