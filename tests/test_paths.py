"""How paths read in messages: short, and the same wherever drafter is installed."""

from __future__ import annotations

from pathlib import Path

import pytest

from drafter.paths import bundled_facts, bundled_templates, display_path


def test_inside_the_current_folder_is_relative(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert display_path(tmp_path / "drafts" / "letter.yaml") == "drafts/letter.yaml"


def test_bundled_files_read_the_same_from_anywhere(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert display_path(bundled_facts()) == "facts.yaml"
    template = bundled_templates() / "minister-letter.md.j2"
    assert display_path(template) == "letter_templates/minister-letter.md.j2"


def test_home_as_tilde_and_elsewhere_in_full(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    (home / "letters").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(tmp_path / "home" / "letters")
    assert display_path(home / "facts" / "ours.yaml") == "~/facts/ours.yaml"
    assert display_path("/etc/hosts") == "/etc/hosts"


def test_a_deleted_current_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    gone = tmp_path / "gone"
    gone.mkdir()
    monkeypatch.chdir(gone)
    gone.rmdir()
    assert display_path("/etc/hosts") == "/etc/hosts"
