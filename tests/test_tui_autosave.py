"""Autosave and resume: a killed app loses nothing, and its draft is offered on the next start."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import queue
import shutil
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from drafter.drafting.draft import Draft, load_draft, parse_draft, save_draft
from drafter.paths import autosave_file, config_dir, data_dir
from drafter.tui.app import AppOptions, DrafterApp, create_app
from drafter.tui.screens.dialogs import ResumeDialog
from drafter.tui.screens.preview import PreviewScreen
from drafter.tui.screens.write import WriteScreen
from tests.conftest import notices_shown

REPO = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 11, 23)

# Drives the app with key presses in a child process, waits until the autosave's writer
# has written the last edit by itself, prints the draft as the app holds it, then waits
# to be killed: no clean exit, no chance to save anything on the way out.
DRIVER = textwrap.dedent(
    """
    import asyncio, datetime, sys
    from drafter.drafting.draft import dump_draft
    from drafter.tui.app import AppOptions, create_app

    async def main():
        app = create_app(AppOptions(today=datetime.date(2026, 11, 23), cursor_blink=False))
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await pilot.press(*"hong", "enter")
            await pilot.pause()
            await pilot.press("down", "space", "down", "space", "down", "space")
            await pilot.press("ctrl+n")
            await pilot.pause()
            templates = app.screen.query_one("#template-list")
            for _ in range(templates.option_count):
                if templates.highlighted_option.id == "minister-letter":
                    break
                await pilot.press("down")
            else:
                sys.exit("the template list has no minister-letter")
            await pilot.press("enter")
            await pilot.pause()
            await pilot.press("enter", "down", "enter")
            await pilot.press("ctrl+f", *"Bounties", "tab", *"After", "space", *"July.", "tab")
            await pilot.press(*"One?", "enter", *"Two?")
            app.screen.query_one("#date").focus()
            await pilot.press(*"2026-12-01")
            app.screen.query_one("#your-ref").focus()
            await pilot.press(*"MC/1")
            # The writer writes in its own time, off the UI thread (no flush asked for).
            if not app.session.wait_saved(30):
                sys.exit("the autosave was never written")
            sys.stdout.write(dump_draft(app.session.draft))
            sys.stdout.write("\\nREADY\\n")
            sys.stdout.flush()
            await asyncio.sleep(600)  # killed long before; gone by itself if not

    asyncio.run(main())
    """
)


@pytest.fixture
def people() -> None:
    shutil.copy(REPO / "examples" / "contacts.yaml", config_dir() / "contacts.yaml")
    shutil.copy(REPO / "examples" / "profile.yaml", config_dir() / "profile.yaml")


def make_app(**options: object) -> DrafterApp:
    return create_app(AppOptions(today=TODAY, cursor_blink=False, **options))  # type: ignore[arg-type]


def drive_then_kill(tmp_path: Path) -> Draft:
    """Run DRIVER in a child process, SIGKILL it once it has edited; its last draft.

    The child's output is read on a thread, so the deadline holds even when the child
    prints nothing at all; its stderr goes to a file, so it can never fill a pipe.
    """
    script = tmp_path / "driver.py"
    script.write_text(DRIVER, encoding="utf-8")
    errors = tmp_path / "driver.stderr"
    with errors.open("w", encoding="utf-8") as stderr:
        child = subprocess.Popen(
            [sys.executable, str(script)],
            stdout=subprocess.PIPE,
            stderr=stderr,
            stdin=subprocess.DEVNULL,
            text=True,
            cwd=tmp_path,
            env=dict(os.environ),
        )
    output: queue.Queue[str | None] = queue.Queue()

    def pump() -> None:
        assert child.stdout is not None
        for line in child.stdout:
            output.put(line)
        output.put(None)  # the child closed its output: it ended

    threading.Thread(target=pump, daemon=True).start()
    lines: list[str] = []
    ready = False
    deadline = time.monotonic() + 120
    try:
        while not ready and (left := deadline - time.monotonic()) > 0:
            try:
                line = output.get(timeout=left)
            except queue.Empty:
                break
            if line is None:
                break
            ready = line.strip() == "READY"
            if not ready:
                lines.append(line)
    finally:
        child.kill()
        child.wait(timeout=30)
    if not ready:
        pytest.fail(f"the driven app never got ready: {errors.read_text(encoding='utf-8')[-3000:]}")
    assert child.returncode == -signal.SIGKILL
    return parse_draft("".join(lines))


def test_a_killed_app_offers_its_draft_on_the_next_start_with_nothing_lost(
    people: None, tmp_path: Path
) -> None:
    expected = drive_then_kill(tmp_path)
    # The child really edited all of it before it was killed.
    assert expected.topic == "hong-kong"
    assert len(expected.facts) == 3
    assert expected.template == "minister-letter"
    assert expected.contact == "fcdo-minister"
    assert expected.fields == {
        "subject": "Bounties",
        "occasion": "After July.",
        "asks": "One?\nTwo?",
    }
    assert expected.date == dt.date(2026, 12, 1)
    assert expected.your_ref == "MC/1"
    assert autosave_file().exists()

    async def resume() -> Draft:
        app = make_app()
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, ResumeDialog)
            await pilot.press("r")
            await pilot.pause()
            # A draft with template and recipient resumes at the preview.
            assert isinstance(app.screen, PreviewScreen)
            return app.session.draft.copy()

    assert asyncio.run(resume()) == expected


def test_starting_afresh_keeps_the_old_draft_aside(people: None) -> None:
    old = Draft(template="minister-letter", topic="tibet", facts=["x-y"])
    autosave_file().parent.mkdir(parents=True, exist_ok=True)
    save_draft(old, autosave_file(), force=True)

    async def start_afresh() -> Draft:
        app = make_app()
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, ResumeDialog)
            await pilot.press("n")
            await pilot.pause()
            assert app.screen.__class__.__name__ == "TopicScreen"
            return app.session.draft.copy()

    assert asyncio.run(start_afresh()) == Draft()
    assert load_draft(data_dir() / "autosave.yaml.discarded-1") == old


def test_a_corrupt_autosave_is_set_aside_and_reported_never_fatal(people: None) -> None:
    autosave_file().parent.mkdir(parents=True, exist_ok=True)
    autosave_file().write_text("schema: 1\ntemplate: [not, a, name\n", encoding="utf-8")

    async def start() -> list[str]:
        app = make_app()
        async with app.run_test(size=(80, 24), notifications=True) as pilot:
            await pilot.pause()
            assert app.screen.__class__.__name__ == "TopicScreen"
            return await notices_shown(pilot, app)

    messages = asyncio.run(start())
    assert any("autosave.yaml.corrupt-1" in m for m in messages), messages
    assert (data_dir() / "autosave.yaml.corrupt-1").read_text().startswith("schema: 1")
    assert not autosave_file().exists()


def test_open_draft_loads_it_and_keeps_an_unfinished_autosave(people: None, tmp_path: Path) -> None:
    unfinished = Draft(template="", topic="tibet")
    autosave_file().parent.mkdir(parents=True, exist_ok=True)
    save_draft(unfinished, autosave_file(), force=True)
    opened = Draft(template="minister-letter", topic="hong-kong", contact="fcdo-minister")
    path = save_draft(opened, tmp_path / "letter.yaml")

    async def start() -> Draft:
        app = make_app(open_draft=path)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, PreviewScreen)
            return app.session.draft.copy()

    assert asyncio.run(start()) == opened
    assert load_draft(data_dir() / "autosave.yaml.previous-1") == unfinished
    assert load_draft(autosave_file()) == opened


def test_a_draft_that_does_not_open_is_explained(people: None, tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("schema: 1\ntemplate: minister-letter\ndate: 2026-13-45\n", encoding="utf-8")

    async def start() -> str:
        app = make_app(open_draft=path)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert app.screen.__class__.__name__ == "ProblemsDialog"
            return str(app.screen.query_one(".dialog-scroll Static").render())

    text = asyncio.run(start())
    assert "bad.yaml" in text
    assert "not a real date" in text


# -- the writer off the UI thread ------------------------------------------------------------

BODY_LETTER = Draft(template="minister-letter", topic="hong-kong", contact="fcdo-minister")


async def at_write(app: DrafterApp, pilot: object) -> None:
    await pilot.pause()  # type: ignore[attr-defined]
    app.session.replace_draft(BODY_LETTER.copy())
    app.go_to("write")
    await pilot.pause()  # type: ignore[attr-defined]
    assert isinstance(app.screen, WriteScreen)


def test_typing_fast_then_quitting_leaves_the_last_text_on_disk_in_one_write(
    people: None,
) -> None:
    text = "Bounties are offered"
    writes: list[str] = []

    async def scenario() -> Path | None:
        app = make_app()
        async with app.run_test(size=(100, 30)) as pilot:
            await at_write(app, pilot)
            session = app.session
            session.flush()
            # Edits that never pause long enough: only the quit writes them.
            session.writer.pause = session.writer.longest = 600.0
            session.on_saved.append(lambda: writes.append(session.draft.body))
            await pilot.press(*["space" if c == " " else c for c in text])
            assert session.draft.body == text
            assert session.writer.pending()
            document = session.document_path
        return document  # the app quit straight after the last key

    document = asyncio.run(scenario())
    assert len(writes) == 1  # len(text) keystrokes, one write of the two files
    assert load_draft(autosave_file()).body == text
    assert document is not None and load_draft(document).body == text


def test_the_writer_coalesces_typing_on_its_own(people: None) -> None:
    text = "Will the Minister meet them"
    writes: list[str] = []

    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=(100, 30)) as pilot:
            await at_write(app, pilot)
            session = app.session
            session.flush()
            session.on_saved.append(lambda: writes.append(""))
            await pilot.press(*["space" if c == " " else c for c in text])
            assert session.wait_saved(30)  # written in its own time, not by a flush
            assert load_draft(autosave_file()).body == text

    asyncio.run(scenario())
    assert 1 <= len(writes) < len(text)


def test_a_failing_autosave_is_shown_and_editing_goes_on(people: None, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the autosave's folder should be\n", encoding="utf-8")

    async def scenario() -> tuple[list[str], str]:
        app = make_app()
        async with app.run_test(size=(100, 30), notifications=True) as pilot:
            await at_write(app, pilot)
            session = app.session
            session.flush()
            session.autosave_path = blocker / "autosave.yaml"
            await pilot.press(*"Text")
            assert session.wait_saved(30)
            shown = await notices_shown(pilot, app)
            return shown, session.autosave_problem

    shown, problem = asyncio.run(scenario())
    assert "not-a-folder" in problem
    assert any("cannot be autosaved" in notice and "not-a-folder" in notice for notice in shown)
