# Two commands a newcomer needs: `make run` and `make test`. Both build .venv themselves,
# installing exactly the versions in requirements/ (hash-checked), so a clone runs what
# was tested. `make lock` refreshes those files from pyproject.toml's ranges.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev
RUN_LOCK := requirements/run.txt
DEV_LOCK := requirements/dev.txt
# The lock is written by uv (kept in its own venv, .venv-tools); installing from it
# needs only pip.
UV_VERSION := 0.13.9
TOOLS := .venv-tools
LATEST := .venv-latest
PIP_LOCKED := -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps
EDITABLE := -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
COMPILE := pip compile --quiet --universal --generate-hashes --python-version 3.11

.PHONY: run test lint typecheck contracts pytest bench clean golden snapshots lock test-latest

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(RUN_LOCK) pyproject.toml | $(BIN)/python
	$(BIN)/python $(PIP_LOCKED) -r $(RUN_LOCK)
	$(BIN)/python $(EDITABLE)
	touch $@

$(DEV_STAMP): $(DEV_LOCK) pyproject.toml | $(BIN)/python
	$(BIN)/python $(PIP_LOCKED) -r $(DEV_LOCK)
	$(BIN)/python $(EDITABLE)
	touch $(STAMP) $@

run: $(STAMP)
	$(BIN)/drafter

test: $(DEV_STAMP) lint typecheck contracts pytest

lint: $(DEV_STAMP)
	$(BIN)/ruff check drafter tests bench
	$(BIN)/ruff format --check drafter tests bench

typecheck: $(DEV_STAMP)
	$(BIN)/mypy

contracts: $(DEV_STAMP)
	$(BIN)/lint-imports --no-cache

pytest: $(DEV_STAMP)
	$(BIN)/pytest -q

# Regenerate the golden files and TUI snapshots; review the diff before committing.
golden: $(DEV_STAMP)
	$(BIN)/pytest -q tests --update-golden

snapshots: $(DEV_STAMP)
	$(BIN)/pytest -q tests --snapshot-update

bench: $(DEV_STAMP)
	$(BIN)/python -m bench --compare

$(TOOLS)/bin/uv:
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

# The newest versions pyproject.toml's ranges allow, written to requirements/ (review the diff).
lock: $(TOOLS)/bin/uv
	$(TOOLS)/bin/uv $(COMPILE) --upgrade --extra dev pyproject.toml requirements/build.in -o $(DEV_LOCK)
	$(TOOLS)/bin/uv $(COMPILE) pyproject.toml requirements/build.in -c $(DEV_LOCK) -o $(RUN_LOCK)

# The suite against the newest versions the ranges allow, in a venv of its own: drift shows
# up here as a report, never in `make test`.
test-latest:
	rm -rf $(LATEST)
	$(PYTHON) -m venv $(LATEST)
	$(LATEST)/bin/python -m pip install --quiet --disable-pip-version-check --upgrade -e '.[dev]'
	$(LATEST)/bin/python -m pip list --format=freeze --exclude-editable
	$(LATEST)/bin/mypy
	$(LATEST)/bin/lint-imports --no-cache
	$(LATEST)/bin/pytest -q

clean:
	rm -rf $(VENV) $(TOOLS) $(LATEST) build dist .pytest_cache .mypy_cache .ruff_cache
