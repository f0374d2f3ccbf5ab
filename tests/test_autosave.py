"""The autosave file's life: written, read back, finished, set aside when unreadable."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

from drafter.drafting import autosave
from drafter.drafting.draft import Draft, load_draft
from drafter.people.address import Recipient


def full_draft() -> Draft:
    return Draft(
        template="minister-letter",
        topic="hong-kong",
        facts=["b-fact", "a-fact"],
        recipient=Recipient(kind="mp", honorific="Ms", last_name="Smith"),
        fields={"asks": "One?\nTwo?", "subject": "Bounties"},
        date=dt.date(2026, 11, 23),
        our_ref="A/1",
    )


def test_written_autosave_reads_back_as_the_same_draft(tmp_path: Path) -> None:
    path = tmp_path / "data" / "autosave.yaml"  # the folder is created on first save
    autosave.write_autosave(full_draft(), path)
    found = autosave.read_autosave(path)
    assert found.draft == full_draft()
    assert found.set_aside is None


def test_an_in_progress_draft_without_a_template_reads_back(tmp_path: Path) -> None:
    path = tmp_path / "autosave.yaml"
    draft = Draft(topic="tibet", facts=["x-y"])
    autosave.write_autosave(draft, path)
    assert autosave.read_autosave(path).draft == draft


def test_nothing_to_offer_when_missing_or_empty(tmp_path: Path) -> None:
    path = tmp_path / "autosave.yaml"
    assert autosave.read_autosave(path) == autosave.AutosaveRead()
    autosave.write_autosave(Draft(), path)
    assert autosave.read_autosave(path).draft is None


def test_unreadable_autosave_is_renamed_aside_with_its_problems(tmp_path: Path) -> None:
    path = tmp_path / "autosave.yaml"
    (tmp_path / "autosave.yaml.corrupt-1").write_text("an earlier one")
    path.write_text("schema: 1\ntemplate: minister-letter\nfacts: {not: a list}\n")
    found = autosave.read_autosave(path)
    assert found.draft is None
    assert found.set_aside == tmp_path / "autosave.yaml.corrupt-2"
    assert found.problems and "facts" in found.problems[0].message
    assert not path.exists()
    assert (tmp_path / "autosave.yaml.corrupt-1").read_text() == "an earlier one"


def test_mark_finished_keeps_the_draft_as_last_exported(tmp_path: Path) -> None:
    path = tmp_path / "autosave.yaml"
    autosave.write_autosave(full_draft(), path)
    finished = autosave.mark_finished(path)
    assert finished == tmp_path / "last-exported.yaml"
    assert load_draft(finished) == full_draft()
    assert autosave.read_autosave(path).draft is None
    assert autosave.mark_finished(path) is None


def test_a_flush_ends_the_writers_wait_and_writes_the_latest(tmp_path: Path) -> None:
    written: list[str] = []
    writer = autosave.DraftWriter(written.append, pause=600.0, longest=600.0)
    path = tmp_path / "autosave.yaml"
    writer.submit(Draft(topic="first"), [path])
    writer.submit(Draft(topic="second"), [path])
    assert writer.pending()
    time.sleep(0.2)  # time for its thread to start waiting out the pause
    assert writer.flush() == ""
    # Its thread was waiting out a ten-minute pause; the flush wakes it and it ends.
    assert writer.wait(timeout=5.0)
    assert not writer.pending()
    assert load_draft(path).topic == "second"
    assert written == [""]  # one write for the two snapshots


def test_an_older_snapshot_never_overwrites_a_newer_one(tmp_path: Path) -> None:
    writer = autosave.DraftWriter(pause=0.0, longest=0.0)
    path = tmp_path / "autosave.yaml"
    writer.submit(Draft(topic="newer"), [path])
    assert writer.wait(timeout=5.0)
    # A batch holding an earlier generation, as a slow write could leave behind.
    assert writer._write({path: (0, Draft(topic="older"))}) == ""
    assert load_draft(path).topic == "newer"
