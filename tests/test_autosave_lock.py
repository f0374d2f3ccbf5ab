"""One writer per autosave: a second app says who holds it and works on a copy.

The lock is the kernel's (flock on a file beside the autosave), so a killed app holds
nothing: its autosave is whole, and the next app takes the lock at once.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from drafter.drafting import autosave
from drafter.drafting.draft import Draft, save_draft
from drafter.paths import autosave_file
from drafter.tui.app import AppOptions, create_app
from drafter.tui.screens.dialogs import ResumeDialog
from tests.conftest import shown_notices

pytest.importorskip("fcntl")

HOLDER = """\
import sys
from pathlib import Path
from drafter.drafting import autosave
claim = autosave.claim(Path(sys.argv[1]))
print(claim.path.name, flush=True)
sys.stdin.readline()
"""


def _hold(path: Path, expect: str = "") -> subprocess.Popen[str]:
    """Another drafter holding the autosave at `path`, until killed."""
    process = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    assert process.stdout.readline().strip() == (expect or path.name)
    return process


def _kill(process: subprocess.Popen[str]) -> None:
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)


def test_a_second_writer_gets_a_copy_and_is_told_who_holds_the_autosave(
    tmp_path: Path,
) -> None:
    path = tmp_path / "autosave.yaml"
    save_draft(Draft(template="minister-letter", topic="hong-kong"), path)
    before = path.read_bytes()
    first = _hold(path)
    try:
        second = autosave.claim(path)
        assert second.path == tmp_path / "autosave.copy-1.yaml"
        assert second.holder is not None
        assert second.holder.pid == first.pid
        assert second.holder.describe() == (
            f"process {first.pid} on {socket.gethostname()}, since {second.holder.since}"
        )
        third = autosave.claim(path)
        assert third.path == tmp_path / "autosave.copy-2.yaml"
        autosave.write_autosave(Draft(template="briefing-note"), second.path)
        assert path.read_bytes() == before  # the first app's draft is untouched
        third.release()
        second.release()
    finally:
        _kill(first)
    # The holder was killed: nothing of its draft is lost, and the lock is free at once.
    assert path.read_bytes() == before
    again = autosave.claim(path)
    assert (again.path, again.holder) == (path, None)
    assert again.copies_left == [tmp_path / "autosave.copy-1.yaml"]
    again.release()


def test_a_killed_copy_writer_leaves_its_copy(tmp_path: Path) -> None:
    path = tmp_path / "autosave.yaml"
    main = autosave.claim(path)
    copy_holder = _hold(path, "autosave.copy-1.yaml")  # a second app, on the copy
    copy = tmp_path / "autosave.copy-1.yaml"
    save_draft(Draft(template="briefing-note"), copy, force=True)
    _kill(copy_holder)
    assert copy.exists()
    assert autosave.read_autosave(copy).draft == Draft(template="briefing-note")
    main.release()


def test_a_second_app_opens_the_first_apps_draft_as_a_copy(tmp_path: Path) -> None:
    path = autosave_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    save_draft(Draft(template="minister-letter", topic="hong-kong"), path)
    before = path.read_bytes()
    first = _hold(path)
    app = create_app(AppOptions(today=dt.date(2026, 11, 23), cursor_blink=False))

    async def run() -> None:
        async with app.run_test(size=(100, 30), notifications=True) as pilot:
            await pilot.pause()
            notices = " ".join(shown_notices(app))
            assert f"process {first.pid}" in notices
            assert "autosave.copy-1.yaml" in notices
            assert app.session.autosave_path.name == "autosave.copy-1.yaml"
            assert isinstance(app.screen, ResumeDialog)  # the first app's draft, as a copy
            await pilot.press("enter")
            await pilot.pause()
            app.session.draft.our_ref = "COPY/1"
            app.session.changed()

    try:
        asyncio.run(run())
        assert path.read_bytes() == before
        copy = path.with_name("autosave.copy-1.yaml")
        assert "COPY/1" in copy.read_text(encoding="utf-8")
        assert os.path.exists(path)
    finally:
        _kill(first)
