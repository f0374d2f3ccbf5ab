"""drafter's version: one line, read by the build (pyproject.toml), `drafter --version`
and the fact-base cache's key, and importable from any layer without loading the rest."""

__version__ = "0.1.0"
