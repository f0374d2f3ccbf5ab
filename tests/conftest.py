"""Shared test set-up: every test runs with its own empty user folders."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED_SOURCES = REPO.parent / "shared" / "sources"
# How long a test waits for the app to show something: generous, since a loaded machine
# can take seconds for a frame. A wait ends as soon as its condition holds.
WAIT_SECONDS = 30.0


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite the golden files in tests/golden/ from the current output",
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture(autouse=True)
def user_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point drafter's config, data and cache folders at a fresh temporary folder.

    Nothing a test does touches the real user's files, and no test sees another's.
    """
    home = tmp_path_factory.mktemp("user")
    for name in ("config", "data", "cache"):
        (home / name).mkdir()
    monkeypatch.setenv("DRAFTER_CONFIG_DIR", str(home / "config"))
    monkeypatch.setenv("DRAFTER_DATA_DIR", str(home / "data"))
    monkeypatch.setenv("DRAFTER_CACHE_DIR", str(home / "cache"))
    monkeypatch.delenv("DRAFTER_FACTS", raising=False)
    monkeypatch.delenv("DRAFTER_STALE_MONTHS", raising=False)
    return home


async def notices_shown(pilot: Any, app: Any) -> list[str]:
    """The notices on screen, once the first has appeared (a wait bounded by WAIT_SECONDS).

    A notice is mounted a frame or more after it is raised; on a loaded machine, more.
    """
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        shown = shown_notices(app)
        if shown:
            return shown
        await pilot.pause(0.01)
    return shown_notices(app)


async def wait_until(pilot: Any, ready: Any, what: str) -> None:
    """Wait (at most WAIT_SECONDS) until `ready()` holds; fail saying `what`."""
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        if ready():
            return
        await pilot.pause(0.01)
    pytest.fail(f"the app never got to: {what}")


def shown_notices(app: object) -> list[str]:
    """The text of each notice (toast) the app's screen shows now.

    The app must run under `run_test(..., notifications=True)`: the test harness hides
    notices otherwise. Read from the widgets on screen, as a user sees them.
    """
    screen = app.screen  # type: ignore[attr-defined]
    return [str(toast.render()) for toast in screen.query("Toast")]


class Starts(str):
    """An expected message whose end is a library's words: only its beginning is compared.

    drafter's own part (the place, and what drafter says) must match exactly; a parser's
    detail after it may change with the parser's version. Equal to any text that begins
    with it, so it can stand in a list compared with ==.
    """

    __slots__ = ()

    def __eq__(self, other: object) -> bool:
        return isinstance(other, str) and other.startswith(str(self))

    def __ne__(self, other: object) -> bool:
        return not self == other

    __hash__ = str.__hash__
