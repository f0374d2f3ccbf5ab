"""The app's New fact screen: what `drafter facts add` does, from the Facts step.

The source is a note written for this test (a fictional harbour trust), captured with
`drafter sources add` into an office file in a temporary folder.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input, OptionList, Static

from drafter.cli import main
from drafter.facts.loader import load_factbase
from drafter.paths import bundled_facts, config_dir
from drafter.tui.app import AppOptions, create_app
from drafter.tui.screens.base import StepScreen
from drafter.tui.screens.facts import FactsScreen
from drafter.tui.screens.new_fact import NewFactScreen
from tests.conftest import wait_until

NOTE = (
    "The Trust met the Hong Kong Watchers Group on 3 March.\n\n"
    "The chair said the Trust “will publish every harbour bounty notice it receives”.\n\n"
    "The next meeting is in June.\n"
)
REPO = Path(__file__).resolve().parent.parent
QUOTE = "will publish every harbour bounty notice it receives"


@pytest.fixture
def office(tmp_path: Path) -> Path:
    shutil.copy(REPO / "examples" / "profile.yaml", config_dir() / "profile.yaml")
    note = tmp_path / "note.txt"
    note.write_text(NOTE, encoding="utf-8")
    office = tmp_path / "office.yaml"
    code = main(["sources", "add", str(note), "--id", "harbour-trust-note", "--type", "letter",
                 "--title", "Note of a meeting", "--author", "Example Harbour Trust",
                 "--date", "2026-03-04", "--to", str(office), "--quiet"])  # fmt: skip
    assert code == 0
    return office


async def wait_for(pilot: Any, condition: Any, what: str) -> None:
    """Until `condition()` holds (frames of the app, bounded in time, never a bare sleep)."""
    for _ in range(200):
        if condition():
            return
        await pilot.pause(0.05)
    raise AssertionError(f"never came: {what}")


async def open_new_fact(pilot: Any, app: Any) -> NewFactScreen:
    await wait_for(pilot, lambda: isinstance(app.screen, StepScreen), "the first step")
    app.go_to("facts")
    await wait_for(pilot, lambda: isinstance(app.screen, FactsScreen), "the Facts step")
    await pilot.press("ctrl+f")
    await wait_for(pilot, lambda: isinstance(app.screen, NewFactScreen), "the New fact screen")
    screen = app.screen
    assert isinstance(screen, NewFactScreen)
    return screen


def _app() -> Any:
    return create_app(AppOptions(today=dt.date(2026, 12, 1), cursor_blink=False))


def test_a_fact_is_added_from_a_passage_found_in_the_archive(office: Path) -> None:
    async def scenario() -> tuple[list[str], str, str]:
        app = _app()
        async with app.run_test(size=(100, 30)) as pilot:
            screen = await open_new_fact(pilot, app)
            # Finding words in the archive lists the passages that hold them, numbered.
            await pilot.press(*"bounty notice")
            passages = screen.query_one("#nf-passages", OptionList)
            await wait_for(pilot, lambda: passages.option_count == 1, "one passage found")
            rows = [str(passages.get_option_at_index(0).prompt)]
            await pilot.press("enter", "enter")  # to the list; the passage becomes the quote
            quote = screen.query_one("#nf-quote", Input)
            await wait_for(pilot, lambda: quote.value.startswith("The chair"), "the quote")
            quote.value = QUOTE  # trimmed to the words the fact needs
            statement = screen.query_one("#nf-statement", Input)
            statement.value = (
                "The Example Harbour Trust said in March 2026 that it will publish notices."
            )
            topic = screen.query_one("#nf-topic", Input)
            topic.value = "hong-kong"
            ident = screen.query_one("#nf-id", Input)
            await wait_for(pilot, lambda: ident.placeholder != "suggested", "a suggested id")
            suggested = ident.placeholder
            await pilot.press("ctrl+s")
            await wait_for(pilot, lambda: isinstance(app.screen, FactsScreen), "back to Facts")
            return rows, suggested, ",".join(app.session.draft.facts)

    rows, suggested, chosen = asyncio.run(scenario())
    assert rows[0].startswith("para 2") and "harbour bounty notice" in rows[0]
    facts = {f.id: f for f in load_factbase([bundled_facts(), office])}
    fact = facts[suggested]  # the id it suggested is the id written
    assert (fact.quote, fact.locator, fact.source_id) == (QUOTE, "para 2", "harbour-trust-note")
    assert fact.topics == ("hong-kong",) and fact.kind == "position"
    assert chosen == suggested  # and the new fact is chosen for the letter
    assert main(["facts", "verify", "--add-facts", str(office)]) == 0


def test_a_quote_not_in_the_archive_is_refused_with_the_closest_passage(office: Path) -> None:
    before = office.read_text(encoding="utf-8")

    async def scenario() -> str:
        app = _app()
        async with app.run_test(size=(100, 30)) as pilot:
            screen = await open_new_fact(pilot, app)
            screen.query_one("#nf-quote", Input).value = "will publish every bounty notice"
            screen.query_one("#nf-statement", Input).value = "The Trust will publish notices."
            await pilot.press("ctrl+s")
            error = screen.query_one("#nf-error", Static)
            await wait_for(pilot, lambda: str(error.render()).strip() != "", "an error")
            assert isinstance(app.screen, NewFactScreen)  # nothing lost: the form stays
            return str(error.render())

    message = asyncio.run(scenario())
    assert "the quote is not in the archive of 'harbour-trust-note'" in message
    assert "(para 2)" in message  # the closest passage, with its paragraph
    assert office.read_text(encoding="utf-8") == before


# -- capturing a source from the New fact screen ---------------------------------------------
# A fresh install: the bundled sources have no archives and there is no office file yet.
# Each document is made here, about a fictional harbour trust (tests/test_capture.py).


def _documents(folder: Path) -> dict[str, Path]:
    from tests.test_capture import HTML, make_docx, make_pdf

    (folder / "dues.html").write_text(HTML, encoding="utf-8")
    make_pdf(
        folder / "report.pdf",
        [["Annual report of the Harbour Trust"], ["The Trust dredged 12,000 tonnes of silt."]],
        title="Harbour Trust annual report 2025",
    )
    make_docx(folder / "reply.docx")
    return {"html": folder / "dues.html", "pdf": folder / "report.pdf",
            "docx": folder / "reply.docx"}  # fmt: skip


# format: (what to type in the dialog, the type to choose, words to find, the quote, locator)
CAPTURES = {
    "html": ({}, None, "dues will rise", "harbour dues will rise by 4% from April", "para 1"),
    "pdf": (
        {"author": "Example Harbour Trust", "date": "2026-02-01"},
        None,
        "tonnes",
        "The Trust dredged 12,000 tonnes of silt.",
        "p 2",
    ),
    "docx": (
        {"author": "Department for Harbours", "date": "2026-03-10"},
        "letter",
        "no plans",
        "no plans to cap harbour dues this year",
        "para 2",
    ),
}


async def _capture(pilot: Any, app: Any, path: Path, fields: dict[str, str], kind: str | None,
                   target: Path) -> tuple[NewFactScreen, dict[str, str]]:  # fmt: skip
    """From the New fact screen, capture `path` through ctrl+g; what the dialog read."""
    from textual.widgets import Select

    from drafter.tui.screens.capture import CaptureSourceScreen

    screen = app.screen
    await pilot.press("ctrl+g")
    await wait_until(pilot, lambda: isinstance(app.screen, CaptureSourceScreen), "the dialog")
    dialog = app.screen
    file_input = dialog.query_one("#cs-file", Input)
    file_input.value = str(path)
    await pilot.press("enter")  # reads the file, and fills what its metadata gives
    read = dialog.query_one("#cs-read", Static)
    await wait_until(pilot, lambda: str(read.render()).startswith("Read"), "the file read")
    seen = {name: dialog.query_one(f"#cs-{name}", Input).value for name in ("title", "author")}
    seen["read"] = str(read.render())
    seen["target"] = dialog.query_one("#cs-target", Input).value
    seen["id"] = dialog.query_one("#cs-id", Input).placeholder
    for name, value in fields.items():
        dialog.query_one(f"#cs-{name}", Input).value = value
    if kind is not None:
        dialog.query_one("#cs-type", Select).value = kind
    dialog.query_one("#cs-target", Input).value = str(target)
    error = dialog.query_one("#cs-error", Static)
    await pilot.press("ctrl+s")
    await wait_until(pilot, lambda: app.screen is screen or bool(str(error.render())), "saved")
    assert app.screen is screen, str(error.render())
    return screen, seen


@pytest.mark.parametrize("kind", list(CAPTURES))
def test_a_source_is_captured_from_a_file_then_quoted(
    kind: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from drafter.facts.layers import read_layers

    shutil.copy(REPO / "examples" / "profile.yaml", config_dir() / "profile.yaml")
    monkeypatch.chdir(tmp_path)
    document = _documents(tmp_path)[kind]
    office = tmp_path / "office.yaml"
    fields, source_type, words, quote_text, locator = CAPTURES[kind]

    async def scenario() -> dict[str, Any]:
        app = _app()
        async with app.run_test(size=(100, 30)) as pilot:
            screen = await open_new_fact(pilot, app)
            none = screen.query_one("#nf-none", Static)
            seen: dict[str, Any] = {"none": none.display and str(none.render())}
            await pilot.press("ctrl+f")  # not a key here: nothing happens
            _, read = await _capture(pilot, app, document, fields, source_type, office)
            seen.update(read)
            seen["passages shown"] = screen.query_one("#nf-passages", OptionList).display
            seen["none after"] = none.display
            seen["file"] = screen.query_one("#nf-file", Input).value
            await pilot.press(*words)
            passages = screen.query_one("#nf-passages", OptionList)
            await wait_until(pilot, lambda: passages.option_count == 1, "one passage found")
            seen["row"] = str(passages.get_option_at_index(0).prompt)
            await pilot.press("enter", "enter")
            quote = screen.query_one("#nf-quote", Input)
            await wait_until(pilot, lambda: quote.value != "", "the passage as the quote")
            quote.value = quote_text
            screen.query_one(
                "#nf-statement", Input
            ).value = "The Example Harbour Trust has set out its plans for the harbour."
            screen.query_one("#nf-topic", Input).value = "hong-kong"
            await pilot.press("ctrl+s")
            await wait_until(pilot, lambda: isinstance(app.screen, FactsScreen), "back to Facts")
            seen["chosen"] = list(app.session.draft.facts)
            return seen

    seen = asyncio.run(scenario())
    # With nothing archived, the screen says so and how to capture a source.
    assert seen["none"] and "ctrl+g captures one from a file" in seen["none"]
    assert seen["target"] == ""  # no office file yet: the dialog asks for one
    if kind == "html":  # the page's metadata fills the form
        assert seen["title"] == "Harbour dues to rise by 4% from April"
        assert seen["author"] == "Example Harbour Trust"
        assert "from its metadata: title, author, date" in seen["read"]
    unit = "pages" if kind == "pdf" else "paragraphs"
    assert seen["read"].startswith("Read ") and unit in seen["read"]
    assert seen["passages shown"] and not seen["none after"]
    assert seen["file"] == "office.yaml"  # the new fact goes where the source went
    assert seen["row"].startswith(locator)
    # The source went in as `sources add` puts it: archived, hashed, the office file.
    factbase = load_factbase([bundled_facts(), office])
    source = factbase.sources[seen["id"]]
    assert (office.parent / "sources" / source.archive).is_file() and source.sha256
    assert read_layers().office == office.absolute()
    (fact_id,) = seen["chosen"]
    fact = factbase.facts[fact_id]
    assert (fact.source_id, fact.quote, fact.locator) == (seen["id"], quote_text, locator)
    assert main(["facts", "verify", "--add-facts", str(office)]) == 0


def test_a_file_that_cannot_be_captured_is_named_and_nothing_is_written(tmp_path: Path) -> None:
    from drafter.tui.screens.capture import CaptureSourceScreen

    shutil.copy(REPO / "examples" / "profile.yaml", config_dir() / "profile.yaml")
    (tmp_path / "scan.bin").write_bytes(b"\x00\x01 not a document")

    async def scenario() -> tuple[str, bool]:
        app = _app()
        async with app.run_test(size=(100, 30)) as pilot:
            await open_new_fact(pilot, app)
            await pilot.press("ctrl+g")
            await wait_until(pilot, lambda: isinstance(app.screen, CaptureSourceScreen), "dialog")
            dialog = app.screen
            dialog.query_one("#cs-file", Input).value = str(tmp_path / "scan.bin")
            dialog.query_one("#cs-target", Input).value = str(tmp_path / "office.yaml")
            error = dialog.query_one("#cs-error", Static)
            await pilot.press("ctrl+s")
            await wait_until(pilot, lambda: str(error.render()).strip() != "", "an error")
            return str(error.render()), app.screen is dialog

    message, still_open = asyncio.run(scenario())
    assert "scan.bin" in message and "is not a format drafter can capture" in message
    assert still_open  # what was typed is kept to correct
    assert not (tmp_path / "office.yaml").exists() and not (tmp_path / "sources").exists()
