"""The Write step: the body edited, a citation from the picker, the starter, findings."""

from __future__ import annotations

import asyncio
import datetime as dt
import shutil
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from lxml import etree
from textual.widgets import OptionList, TextArea

from drafter.drafting.check import LABELS
from drafter.drafting.draft import Draft
from drafter.facts.citations import full_citation
from drafter.paths import config_dir
from drafter.tui.app import AppOptions, DrafterApp, create_app
from drafter.tui.screens.export import ExportDialog
from drafter.tui.screens.write import FactPicker, WriteScreen, finding_prompt
from drafter.tui.widgets.preview_pane import PreviewPane
from tests.conftest import wait_until

REPO = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 11, 23)
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
LETTER = Draft(
    template="minister-letter",
    topic="hong-kong",
    facts=["fcdo-sanctions-listings-under-review-hong-kong"],
    contact="fcdo-minister",
    fields={
        "subject": "Hong Kong sanctions",
        "occasion": "I write about sanctions.",
        "asks": "Will you act?",
    },
)


@pytest.fixture(autouse=True)
def people(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    shutil.copy(REPO / "examples" / "contacts.yaml", config_dir() / "contacts.yaml")
    shutil.copy(REPO / "examples" / "profile.yaml", config_dir() / "profile.yaml")
    monkeypatch.chdir(tmp_path)


def app_for_test() -> DrafterApp:
    return create_app(AppOptions(today=TODAY, cursor_blink=False, use_cache=False))


async def type_text(pilot: object, text: str) -> None:
    await pilot.press(*["space" if c == " " else c for c in text])  # type: ignore[attr-defined]


async def at_write(app: DrafterApp, pilot: object, draft: Draft = LETTER) -> WriteScreen:
    await pilot.pause()  # type: ignore[attr-defined]
    app.session.replace_draft(draft.copy())
    app.go_to("write")
    await pilot.pause()  # type: ignore[attr-defined]
    assert isinstance(app.screen, WriteScreen)
    return app.screen


def test_write_a_paragraph_cite_a_fact_with_the_picker_and_export(tmp_path: Path) -> None:
    async def scenario() -> str:
        app = app_for_test()
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await at_write(app, pilot)
            await type_text(pilot, "The Department will keep listings under close review")
            await pilot.press("ctrl+k")
            await wait_until(
                pilot,
                lambda: isinstance(app.screen, FactPicker) and app.focused is not None,
                "the fact picker, its search focused",
            )
            await type_text(pilot, "potential listings")
            options = app.screen.query_one("#picker-list", OptionList)
            await wait_until(
                pilot, lambda: options.highlighted_option is not None, "a fact to cite"
            )
            picked = options.highlighted_option
            assert picked is not None and picked.id
            await pilot.press("enter")
            await wait_until(pilot, lambda: app.screen is screen, "back in the editor")
            await type_text(pilot, ". Some 40 activists have been targeted.")
            cited = f"The Department will keep listings under close review [@{picked.id}]."
            await wait_until(
                pilot,
                lambda: (
                    app.session.draft.body == cited + " Some 40 activists have been targeted."
                    and screen._timer is None
                ),
                "the body written and checked",
            )
            # Autosaved as every edit is; the findings are the core check's.
            assert screen.findings == app.session.check()
            codes = [f.code for f in screen.findings]
            assert codes.count("uncited-claim") == 1  # beside the cited fact's staleness
            await pilot.press("ctrl+f")
            findings = screen.query_one("#findings", OptionList)
            await wait_until(pilot, lambda: app.focused is findings, "the findings focused")
            findings.highlighted = codes.index("uncited-claim")
            await pilot.press("enter")
            editor = screen.query_one("#body-editor", TextArea)
            await wait_until(pilot, lambda: app.focused is editor, "the sentence selected")
            assert editor.selected_text == "Some 40 activists have been targeted."
            await pilot.press("ctrl+o")
            await pilot.pause()
            assert isinstance(app.screen, ExportDialog)
            await pilot.press("enter")
            await wait_until(
                pilot, lambda: not isinstance(app.screen, ExportDialog), "the file written"
            )
            return picked.id

    fact_id = asyncio.run(scenario())
    written = next(tmp_path.glob("*.docx"))
    document = docx.Document(str(written))
    paragraph = next(p for p in document.paragraphs if "close review" in p.text)
    assert paragraph.text == (
        "The Department will keep listings under close review. "
        "Some 40 activists have been targeted."
    )
    assert paragraph._p.findall(f".//{W}footnoteReference")
    notes = next(
        part for part in document.part.package.iter_parts()
        if str(part.partname) == "/word/footnotes.xml"
    )  # fmt: skip
    texts = [
        "".join(t.text or "" for t in note.iter(f"{W}t")).strip()
        for note in etree.fromstring(notes.blob).iter(f"{W}footnote")
        if note.get(f"{W}type") is None
    ]
    from drafter.facts.loader import load_factbase
    from drafter.paths import bundled_facts

    factbase = load_factbase([bundled_facts()])
    fact = factbase.facts[fact_id]
    assert texts == [full_citation(factbase.source_of(fact), fact.locator)]


def test_the_starter_goes_in_with_one_key_and_undo_takes_it_out() -> None:
    async def scenario() -> None:
        app = app_for_test()
        async with app.run_test(size=(80, 24)) as pilot:
            await at_write(app, pilot)
            await pilot.press("ctrl+t")
            starter = app.session.starter()
            await wait_until(pilot, lambda: app.session.draft.body == starter, "the starter in")
            assert "[@fcdo-sanctions-listings-under-review-hong-kong]" in app.session.draft.body
            # The editor wraps lines itself: no paragraph of the starter breaks mid-sentence.
            paragraphs = app.session.draft.body.split("\n\n")
            assert paragraphs and all("\n" not in p for p in paragraphs)
            await pilot.press("ctrl+z")
            await wait_until(pilot, lambda: app.session.draft.body == "", "the starter undone")

    asyncio.run(scenario())


def test_a_finding_jumps_to_its_sentence_and_the_preview_is_one_key_away() -> None:
    body = "The sanctions are welcome. They cost £9 million a year.\n"

    async def scenario() -> None:
        app = app_for_test()
        async with app.run_test(size=(80, 24)) as pilot:
            draft = LETTER.copy()
            draft.body = body
            screen = await at_write(app, pilot, draft)
            await wait_until(pilot, lambda: bool(screen.findings), "the findings shown")
            codes = [f.code for f in screen.findings]
            assert "uncited-claim" in codes
            await pilot.press("ctrl+f")
            findings = screen.query_one("#findings", OptionList)
            await wait_until(pilot, lambda: app.focused is findings, "the findings focused")
            findings.highlighted = codes.index("uncited-claim")
            await pilot.press("enter")
            editor = screen.query_one("#body-editor", TextArea)
            await wait_until(
                pilot,
                lambda: (
                    app.focused is editor and editor.selected_text == "They cost £9 million a year."
                ),
                "the finding's sentence selected in the editor",
            )
            # At 80 columns the preview is hidden beside the editor, and ctrl+e shows it.
            preview = screen.query_one("#write-preview", PreviewPane)
            assert not preview.display
            await pilot.press("ctrl+e")
            main = screen.query_one("#write-main")
            await wait_until(
                pilot,
                lambda: preview.display and not main.display and preview.document is not None,
                "the preview shown in place of the editor",
            )
            await pilot.press("ctrl+e")
            await wait_until(
                pilot, lambda: main.display and not preview.display, "the editor shown again"
            )

    asyncio.run(scenario())


def test_the_findings_list_follows_the_findings_as_the_body_changes() -> None:
    """One row per finding, each reading as its finding; a keystroke that changes no
    finding's row leaves the list as it was, and one that does is shown at once."""

    def rows(screen: WriteScreen) -> list[str]:
        options = screen.query_one("#findings", OptionList)
        return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]

    def expected(screen: WriteScreen) -> list[str]:
        return [finding_prompt(f).plain for f in screen.findings]

    async def scenario() -> None:
        app = app_for_test()
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await at_write(app, pilot)

            async def checked(ready: Callable[[], bool], what: str) -> None:
                await wait_until(pilot, lambda: screen._timer is None and ready(), what)

            await type_text(pilot, "Some 40 activists have been targeted")
            await checked(lambda: len(screen.findings) == 2, "the uncited figure found")
            before = rows(screen)
            assert before == expected(screen)
            first = screen.query_one("#findings", OptionList).get_option_at_index(0)
            assert sum(LABELS["uncited-claim"] in row for row in before) == 1
            await type_text(pilot, " again")
            await checked(
                lambda: any(f.text.endswith("again") for f in screen.findings),
                "the body checked again",
            )
            assert rows(screen) == expected(screen) == before
            # not rebuilt: the same rows, not copies
            assert screen.query_one("#findings", OptionList).get_option_at_index(0) is first
            await type_text(pilot, ". In 2024 fines rose by 5%.")
            await checked(lambda: len(screen.findings) == 3, "the second uncited sentence found")
            after = rows(screen)
            assert after == expected(screen) != before
            assert sum(LABELS["uncited-claim"] in row for row in after) == 2

    asyncio.run(scenario())
