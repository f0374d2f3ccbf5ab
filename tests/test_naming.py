"""Default export file names: date, topic, recipient; safe on every file system."""

from __future__ import annotations

import datetime as dt
import re

from hypothesis import given
from hypothesis import strategies as st

from drafter.export.naming import default_export_name, recipient_slug, slug
from drafter.people.address import Recipient

DAY = dt.date(2026, 11, 23)


def test_the_name_says_when_what_and_to_whom() -> None:
    minister = Recipient(kind="minister", honorific="Ms", first_name="Jane", last_name="Smith")
    assert (
        default_export_name(date=DAY, topic="hong-kong", recipient=minister)
        == "2026-11-23-hong-kong-minister-smith.docx"
    )


def test_formats_give_their_extension() -> None:
    assert default_export_name(date=DAY, topic="tibet", file_format="md").endswith("-tibet.md")
    assert default_export_name(date=DAY, topic="tibet", file_format="pdf").endswith(".pdf")


def test_peers_are_named_by_their_title_and_unknown_correspondents_not_at_all() -> None:
    assert recipient_slug(Recipient(kind="baron", peerage="Alton of Liverpool")) == "baron-alton"
    assert recipient_slug(Recipient()) == ""
    assert recipient_slug(None) == ""
    assert (
        default_export_name(date=DAY, template="briefing-note") == "2026-11-23-briefing-note.docx"
    )


def test_slugs_drop_accents_punctuation_and_length() -> None:
    assert slug("Hong Kong (BN(O)) — Ürümqi") == "hong-kong-bn-o-urumqi"
    assert len(slug("word " * 40)) <= 40


@given(st.text(), st.text(), st.text())
def test_any_input_gives_a_safe_file_name(topic: str, kind: str, last_name: str) -> None:
    name = default_export_name(
        date=DAY, topic=topic, recipient=Recipient(kind=kind, last_name=last_name)
    )
    assert re.fullmatch(r"2026-11-23(-[a-z0-9]+)*\.docx", name)
    assert len(name) < 120
