"""Property tests: no input makes the fact loader raise anything but FactBaseError."""

from __future__ import annotations

from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from drafter.errors import FactBaseError
from drafter.facts.loader import load_factbase

OK = (Path(__file__).parent / "data" / "ok" / "bom.yaml").read_text(encoding="utf-8-sig")
SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _load(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "facts.yaml"
    path.write_bytes(data)
    try:
        factbase = load_factbase([path])
    except FactBaseError as exc:
        assert exc.problems
        for problem in exc.problems:
            assert problem.file == str(path)
            assert problem.message
            assert problem.line is None or problem.line >= 1
    else:
        # What loads is whole: every fact's source and topics are there, its text is not
        # empty, and it is placed at a line of the file it came from.
        for fact in factbase:
            assert fact.source_id in factbase.sources
            assert fact.topics and set(fact.topics) <= set(factbase.topics)
            assert fact.statement.strip() and fact.quote.strip()
            assert fact.file == str(path) and fact.line >= 1
        assert len(factbase) == len(factbase.facts)


@SETTINGS
@given(data=st.binary(max_size=400))
def test_any_bytes(tmp_path: Path, data: bytes) -> None:
    _load(tmp_path, data)


@SETTINGS
@given(text=st.text(max_size=400))
def test_any_text(tmp_path: Path, text: str) -> None:
    _load(tmp_path, text.encode("utf-8", "surrogatepass"))


# Any YAML-representable value in place of any part of a valid base.
_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=30) | st.dates().map(str),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)


@SETTINGS
@given(
    path=st.sampled_from(
        [
            ("schema",),
            ("topics",),
            ("topics", "xinjiang"),
            ("topics", "xinjiang", "title"),
            ("sources", "fcdo-letter"),
            ("sources", "fcdo-letter", "date"),
            ("sources", "fcdo-letter", "type"),
            ("facts",),
            ("facts", 0),
            ("facts", 0, "topics"),
            ("facts", 0, "as_of"),
            ("facts", 0, "statement"),
            ("facts", 0, "id"),
            ("facts", 0, "x-anything"),
        ]
    ),
    value=_values,
)
def test_any_value_anywhere(tmp_path: Path, path: tuple[str | int, ...], value: object) -> None:
    data = yaml.safe_load(OK)
    target = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    _load(tmp_path, yaml.safe_dump(data, allow_unicode=True).encode())
