"""Shared test set-up: every test runs with its own empty user folders."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED_SOURCES = REPO.parent / "shared" / "sources"


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
