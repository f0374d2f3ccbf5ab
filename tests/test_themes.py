"""--theme: the app's colours by name, checked before the app starts."""

from __future__ import annotations

import pytest

from drafter.cli import main


def test_an_unknown_theme_is_a_usage_error_naming_the_themes(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["--theme", "neon"]) == 2
    err = capsys.readouterr().err
    assert "unknown theme 'neon'" in err and "high-contrast" in err


def test_the_theme_reaches_the_app_and_drafter_theme_is_its_default(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen: list[str] = []
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("sys.stdout.isatty", lambda: True)
    monkeypatch.setattr("drafter.tui.app.run", lambda options: seen.append(options.theme) or 0)
    assert main(["--theme", "high-contrast"]) == 0
    monkeypatch.setenv("DRAFTER_THEME", "textual-light")
    assert main([]) == 0
    assert seen == ["high-contrast", "textual-light"]


def test_the_high_contrast_theme_is_installed_in_the_app() -> None:
    from drafter.tui.app import AppOptions, create_app

    app = create_app(AppOptions(theme="high-contrast"))
    assert app.theme == "high-contrast"
    assert app.get_theme("high-contrast") is not None
