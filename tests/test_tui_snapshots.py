"""Snapshots of every screen of the drafting app at 80x24 and at 120x40.

Nothing on screen depends on the clock (the date is fixed), the machine (user folders
are temporary, paths are shown relative) or timing (no cursor blink; the live preview
is rendered before the picture is taken). Regenerate with `make snapshots` and review
the SVGs in tests/__snapshots__/ before committing them.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from drafter.drafting.draft import Draft, save_draft
from drafter.paths import autosave_file, config_dir
from drafter.people.address import Recipient
from drafter.tui.app import AppOptions, DrafterApp, create_app
from drafter.tui.screens.write import WriteScreen
from drafter.tui.widgets.preview_pane import PreviewPane
from tests.conftest import wait_until

REPO = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 11, 23)
SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]
SnapCompare = Callable[..., bool]

LETTER = Draft(
    template="minister-letter",
    topic="hong-kong",
    facts=[
        "fcdo-hong-kong-nsl-dissent-criminalised",
        "fcdo-sanctions-listings-under-review-hong-kong",
        "fcdo-cecc-report-xinjiang-hong-kong",
    ],
    contact="fcdo-minister",
    fields={
        "subject": "Hong Kong police bounties on activists living in the UK",
        "occasion": "I write about the bounties offered for democracy advocates overseas.",
        "asks": "What representations have the Government made?\nWill you meet the families?",
    },
    our_ref="LE/2026/014",
)


@pytest.fixture(autouse=True)
def setting(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Example people, a fixed working folder, and PDF offered whatever is installed."""
    shutil.copy(REPO / "examples" / "contacts.yaml", config_dir() / "contacts.yaml")
    shutil.copy(REPO / "examples" / "profile.yaml", config_dir() / "profile.yaml")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("drafter.export.pdf.soffice_path", lambda: "soffice")


def make_app(**options: Any) -> DrafterApp:
    return create_app(AppOptions(today=TODAY, cursor_blink=False, use_cache=False, **options))


def at_step(step: str, draft: Draft = LETTER) -> Callable[[Pilot[Any]], Awaitable[None]]:
    """A run_before that loads `draft` and shows `step`, its preview rendered."""

    async def run_before(pilot: Pilot[Any]) -> None:
        app = pilot.app
        assert isinstance(app, DrafterApp)
        await pilot.pause()
        app.session.replace_draft(draft.copy())
        app.go_to(step)
        await pilot.pause()
        await previews_rendered(pilot)

    return run_before


async def previews_rendered(pilot: Pilot[Any]) -> None:
    """Render the screen's previews now, and wait until each shows its letter (no render
    left scheduled to replace it while the snapshot is taken)."""
    for pane in pilot.app.screen.query(PreviewPane):
        pane.render_now()
    revealing = [w for w in pilot.app.workers if w.group == "preview-reveal"]
    await pilot.app.workers.wait_for_complete(revealing)
    await pilot.pause()


FACTS_KEYS = ["h", "o", "n", "g", "enter", "down", "space", "down", "space", "down", "space"]


@pytest.mark.parametrize("size", SIZES)
def test_topic_screen(snap_compare: SnapCompare, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(), terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_facts_screen(snap_compare: SnapCompare, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(), terminal_size=size, press=FACTS_KEYS)


@pytest.mark.parametrize("size", SIZES)
def test_facts_screen_searching_all_topics(
    snap_compare: SnapCompare, size: tuple[int, int]
) -> None:
    keys = ["h", "o", "n", "g", "enter", "ctrl+t", *"sanctions", "down", "space"]
    assert snap_compare(make_app(), terminal_size=size, press=keys)


def test_facts_rows_lead_with_what_each_fact_says(snap_compare: SnapCompare) -> None:
    """Ten bundled Hong Kong facts at 80x24, six in the list and four chosen: each row
    starts with what its fact says, so no two read alike (the attribution is shortened
    to "FCDO, Jan 2023" at the end)."""

    async def run_before(pilot: Pilot[Any]) -> None:
        app = pilot.app
        assert isinstance(app, DrafterApp)
        await pilot.pause()
        hong_kong = [f.id for f in app.session.factbase.facts_for_topic("hong-kong")]
        app.session.replace_draft(Draft(topic="hong-kong", facts=hong_kong[-4:]))
        app.go_to("facts")
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_template_screen(snap_compare: SnapCompare, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(), terminal_size=size, press=[*FACTS_KEYS, "ctrl+n"])


@pytest.mark.parametrize("size", SIZES)
def test_recipient_screen(snap_compare: SnapCompare, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(), terminal_size=size, run_before=at_step("recipient"))


@pytest.mark.parametrize("size", SIZES)
def test_recipient_screen_typed_and_incomplete(
    snap_compare: SnapCompare, size: tuple[int, int]
) -> None:
    """A typed recipient missing a name part, and a required field left empty."""
    draft = LETTER.copy()
    draft.contact = ""
    draft.recipient = Recipient(kind="mp", honorific="Ms")
    draft.fields.pop("subject")
    assert snap_compare(make_app(), terminal_size=size, run_before=at_step("recipient", draft))


WRITTEN = """\
The Hong Kong authorities have stifled opposition and criminalised dissent \
[@fcdo-hong-kong-nsl-dissent-criminalised]. The FCDO keeps listings "under close \
review" [@fcdo-sanctions-listings-under-review-hong-kong].

Some 40 activists have been targeted.
"""


async def findings_shown(pilot: Pilot[Any]) -> None:
    """Wait until the Write step lists its findings."""
    screen = pilot.app.screen
    assert isinstance(screen, WriteScreen)
    await wait_until(pilot, lambda: bool(screen.findings), "the findings shown")
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES)
def test_write_screen(snap_compare: SnapCompare, size: tuple[int, int]) -> None:
    """The editor, its findings (an uncited claim, a fact never cited) and, when wide,
    the letter beside them."""
    draft = LETTER.copy()
    draft.body = WRITTEN
    before = at_step("write", draft)

    async def run_before(pilot: Pilot[Any]) -> None:
        await before(pilot)
        await findings_shown(pilot)
        await previews_rendered(pilot)

    assert snap_compare(make_app(), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_preview_screen(snap_compare: SnapCompare, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(), terminal_size=size, run_before=at_step("preview"))


@pytest.mark.parametrize("size", SIZES)
def test_preview_screen_with_a_problem(snap_compare: SnapCompare, size: tuple[int, int]) -> None:
    draft = LETTER.copy()
    draft.contact = "no-such-contact"
    assert snap_compare(make_app(), terminal_size=size, run_before=at_step("preview", draft))


@pytest.mark.parametrize("size", SIZES)
def test_export_dialog(snap_compare: SnapCompare, size: tuple[int, int]) -> None:
    """It opens on the format ("●" chosen, "○" not), titled for the kind of document."""
    assert snap_compare(
        make_app(), terminal_size=size, run_before=at_step("preview"), press=["ctrl+o"]
    )


@pytest.mark.parametrize("size", SIZES)
def test_help_screen(snap_compare: SnapCompare, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(), terminal_size=size, press=["h", "o", "n", "g", "enter", "f1"])


@pytest.mark.parametrize("size", SIZES)
def test_resume_dialog(snap_compare: SnapCompare, size: tuple[int, int]) -> None:
    autosave_file().parent.mkdir(parents=True, exist_ok=True)
    save_draft(LETTER, autosave_file(), force=True)
    assert snap_compare(make_app(), terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_profile_dialog_on_first_run(snap_compare: SnapCompare, size: tuple[int, int]) -> None:
    (config_dir() / "profile.yaml").unlink()
    assert snap_compare(make_app(), terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_load_error_screen(
    snap_compare: SnapCompare, size: tuple[int, int], tmp_path: Path
) -> None:
    (tmp_path / "facts.yaml").write_text(
        "schema: 1\ntopics:\n  hong-kong:\n    title: Hong Kong\n"
        "facts:\n  - id: Bad Id\n    topics: [tibet]\n",
        encoding="utf-8",
    )
    assert snap_compare(make_app(facts=(Path("facts.yaml"),)), terminal_size=size)


# -- without colour, and in the high-contrast theme ----------------------------------------
# The main steps must be usable with NO_COLOR (Textual then draws in greys) and in the
# high-contrast theme: what is chosen, stale, focused or wrong shows by a mark or a word
# (✓, ●/○, X, "stale", "Required", "Cannot address"), not by colour alone. The Write
# step shows its editor, its findings (each marked ⚠ or ✖ and named in words) and its keys.
MAIN_STEPS = ["topic", "facts", "recipient", "write", "preview", "export"]


def main_step(step: str) -> Callable[[Pilot[Any]], Awaitable[None]]:
    draft = LETTER.copy()
    if step == "recipient":
        draft.fields.pop("subject")  # a required field left empty: marked in words too
    if step == "write":
        draft.body = WRITTEN  # an uncited claim and a fact never cited among the findings
    show = at_step("preview" if step == "export" else step, draft)

    async def run_before(pilot: Pilot[Any]) -> None:
        await show(pilot)
        if step == "export":
            await pilot.press("ctrl+o")
            await pilot.pause()
        if step == "write":
            await findings_shown(pilot)

    return run_before


@pytest.mark.parametrize("step", MAIN_STEPS)
def test_main_steps_without_colour(
    snap_compare: SnapCompare, step: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=main_step(step))


@pytest.mark.parametrize("step", MAIN_STEPS)
def test_main_steps_in_high_contrast(snap_compare: SnapCompare, step: str) -> None:
    app = make_app(theme="high-contrast")
    assert snap_compare(app, terminal_size=(80, 24), run_before=main_step(step))


@pytest.fixture
def folders_here(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The user folders under the working folder, so the dialogs show them relative."""
    home = config_dir().parent
    for name in ("config", "data"):
        shutil.copytree(home / name, tmp_path / name, dirs_exist_ok=True)
        monkeypatch.setenv(f"DRAFTER_{name.upper()}_DIR", str(tmp_path / name))


def test_drafts_dialog(snap_compare: SnapCompare, folders_here: None) -> None:
    """F7: a new draft, then each saved draft by title, recipient, date and last change."""
    import os

    from drafter.drafting.library import write_document
    from drafter.paths import drafts_dir

    older = LETTER.copy()
    older.contact, older.fields = "foreign-secretary", {"subject": "Electoral changes"}
    for name, draft in (("2026-11-20-1.yaml", older), ("2026-11-23-1.yaml", LETTER)):
        write_document(draft, drafts_dir() / name)
    stamp = dt.datetime(2026, 11, 20, 9, 30).timestamp()  # not the clock's: stable
    os.utime(drafts_dir() / "2026-11-20-1.yaml", (stamp, stamp))
    stamp = dt.datetime(2026, 11, 23, 14, 5).timestamp()
    os.utime(drafts_dir() / "2026-11-23-1.yaml", (stamp, stamp))
    assert snap_compare(make_app(), terminal_size=(80, 24), press=["f7"])


def test_address_book_dialog(snap_compare: SnapCompare, folders_here: None) -> None:
    assert snap_compare(make_app(), terminal_size=(80, 24), press=["f8"])


def test_new_fact_screen(snap_compare: SnapCompare, tmp_path: Path) -> None:
    """The New fact screen at 80x24 over an office file with one captured note (written
    for this test): the passages holding the words typed, each with its paragraph."""
    from drafter.cli import main

    note = tmp_path / "note.txt"
    note.write_text(
        "The Trust met the Hong Kong Watchers Group on 3 March.\n\n"
        "The chair said the Trust will publish every harbour bounty notice it receives.\n\n"
        "The Trust will publish its accounts in June.\n",
        encoding="utf-8",
    )
    assert main(["sources", "add", str(note), "--id", "harbour-trust-note", "--type", "letter",
                 "--title", "Note of a meeting", "--author", "Example Harbour Trust",
                 "--date", "2026-03-04", "--to", "office.yaml", "--quiet"]) == 0  # fmt: skip
    keys = ["h", "o", "n", "g", "enter", "ctrl+f", *"will publish"]
    assert snap_compare(make_app(), terminal_size=(80, 24), press=keys)
