"""Where drafter finds its bundled data and keeps the user's own files.

Bundled data (the fact base and the letter templates) lives at the repository root in
a checkout and under `drafter/data/` in an installed wheel; both are looked for here so
that `drafter` works from any folder either way. User folders come from platformdirs
and can be moved with DRAFTER_CONFIG_DIR, DRAFTER_DATA_DIR and DRAFTER_CACHE_DIR.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "drafter"
_PACKAGE_DIR = Path(__file__).resolve().parent


def _bundled(name: str) -> Path:
    installed = _PACKAGE_DIR / "data" / name
    if installed.exists():
        return installed
    return _PACKAGE_DIR.parent / name  # a source checkout or editable install


def bundled_facts() -> Path:
    """The fact base shipped with drafter."""
    return _bundled("facts.yaml")


def bundled_templates() -> Path:
    """The folder of letter templates shipped with drafter."""
    return _bundled("letter_templates")


def expand_user(path: Path | str) -> Path:
    """`path` with a leading ~ or ~user expanded; taken as written when that user has no
    home (Path.expanduser raises), so the file is then reported missing, not a traceback."""
    try:
        return Path(path).expanduser()
    except RuntimeError:
        return Path(path)


def _user_dir(env: str, default: str) -> Path:
    override = os.environ.get(env)
    return expand_user(override) if override else Path(default)


def config_dir() -> Path:
    """Holds profile.yaml, contacts.yaml and the user's own templates/."""
    return _user_dir("DRAFTER_CONFIG_DIR", platformdirs.user_config_dir(APP_NAME))


def data_dir() -> Path:
    """Holds autosaved drafts."""
    return _user_dir("DRAFTER_DATA_DIR", platformdirs.user_data_dir(APP_NAME))


def cache_dir() -> Path:
    """Holds caches that can be deleted at any time (the parsed fact base)."""
    return _user_dir("DRAFTER_CACHE_DIR", platformdirs.user_cache_dir(APP_NAME))


def user_templates_dir() -> Path:
    return config_dir() / "templates"


def profile_file() -> Path:
    return config_dir() / "profile.yaml"


def contacts_file() -> Path:
    return config_dir() / "contacts.yaml"


def autosave_file() -> Path:
    return data_dir() / "autosave.yaml"


def drafts_dir() -> Path:
    """The app's drafts, one file each, written on every change (drafter.drafting.library)."""
    return data_dir() / "drafts"


def display_path(path: Path | str) -> str:
    """A path as a person reads it in a message: relative to the current folder when it
    is inside it; a bundled file by its name among drafter's data ("facts.yaml",
    "letter_templates/minister-letter.md.j2"), wherever drafter is installed; else with
    the home folder as ~; never longer than it needs to be."""
    path = Path(path)
    try:
        absolute = path.resolve()
    except (OSError, RuntimeError):
        return str(path)
    cwd, home = _cwd(), _home()
    if cwd is not None and absolute.is_relative_to(cwd):
        return str(absolute.relative_to(cwd))
    facts, templates = bundled_facts().resolve(), bundled_templates().resolve()
    if absolute == facts:
        return facts.name
    if absolute.is_relative_to(templates):
        return str(Path(templates.name) / absolute.relative_to(templates))
    if home is not None and absolute.is_relative_to(home):
        return "~/" + str(absolute.relative_to(home))
    return str(path)


def _cwd() -> Path | None:
    try:
        return Path.cwd().resolve()
    except OSError:  # the current folder has been deleted
        return None


def _home() -> Path | None:
    try:
        return Path.home().resolve()
    except (OSError, RuntimeError):
        return None


def facts_from_env() -> list[Path]:
    """Fact base files named by DRAFTER_FACTS (separated by os.pathsep), if any."""
    value = os.environ.get("DRAFTER_FACTS", "")
    return [expand_user(p) for p in value.split(os.pathsep) if p.strip()]
