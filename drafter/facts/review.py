"""Recording decisions about facts in their files: reviewed, superseded, upgraded.

Each change is made in the file that defines the fact, in place (drafter.facts.edit:
comments and order kept), and the file is loaded again before it is written, so a
change that would leave the base invalid is refused and nothing is written.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from pathlib import Path

from drafter.errors import FactBaseError
from drafter.facts.edit import Document, Value
from drafter.facts.loader import SCHEMA_VERSION, FactBase, load_factbase
from drafter.paths import bundled_facts

UPGRADE_KIND = "position"  # what schema 1 facts were: aged by as_of alone


@dataclass(frozen=True, slots=True)
class Upgraded:
    path: Path
    was: str  # the schema the file had
    kinds_added: int  # facts given `kind: position`


def _editable(path: Path, display: str) -> None:
    if Path(path).resolve() == bundled_facts().resolve():
        raise FactBaseError.single(
            display,
            "is the fact base that comes with drafter (replaced when drafter is updated); "
            "drafter does not change it",
            "copy the fact into your office file (drafter facts layers) and change it there",
        )


def _check(doc: Document, paths: list[Path], stale_months: int) -> None:
    """Load the edited text in place of the file, with the rest of the base; raise if bad."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="drafter-check-") as folder:
        trial = Path(folder) / doc.path.name
        trial.write_text(doc.text, encoding="utf-8")
        swapped = [trial if _same(p, doc.path) else p for p in paths]
        try:
            load_factbase(swapped, stale_months=stale_months)
        except FactBaseError as exc:
            raise FactBaseError(
                replace(p, file=doc.display) if p.file == str(trial) else p for p in exc.problems
            ) from None


def _same(a: Path, b: Path) -> bool:
    from drafter.facts.layers import same_file

    return same_file(a, b)


def set_fields(
    factbase: FactBase, fact_id: str, fields: dict[str, Value], *, check: bool = True
) -> Path:
    """Give a fact these keys in the file that defines it; returns that file."""
    fact = factbase.fact(fact_id)
    path = Path(fact.file)
    _editable(path, fact.file)
    doc = Document.read(path, fact.file)
    doc.set_fact_fields(fact_id, fields)
    if check:
        _check(doc, [Path(f) for f in factbase.files], factbase.stale_months)
    doc.save()
    return path


def mark_reviewed(factbase: FactBase, fact_id: str, *, on: dt.date, by: str = "") -> Path:
    review: dict[str, str | dt.date] = {"on": on}
    if by:
        review["by"] = by
    _needs_schema_2(factbase, fact_id)
    return set_fields(factbase, fact_id, {"reviewed": review})


def supersede(factbase: FactBase, fact_id: str, *, by: str) -> Path:
    _needs_schema_2(factbase, fact_id)
    if by not in factbase.facts:
        import difflib

        close = difflib.get_close_matches(by, list(factbase.facts), n=1)
        hint = f"did you mean '{close[0]}'?" if close else "add the new fact first (facts add)"
        raise FactBaseError.single("--by", f"no fact '{by}' to supersede '{fact_id}' with", hint)
    if by == fact_id:
        raise FactBaseError.single("--by", "a fact cannot supersede itself", "name the new fact")
    return set_fields(factbase, fact_id, {"status": "superseded", "superseded_by": by})


def _needs_schema_2(factbase: FactBase, fact_id: str) -> None:
    fact = factbase.fact(fact_id)
    if Document.read(Path(fact.file), fact.file).schema() == "1":
        raise FactBaseError.single(
            fact.file,
            "is a schema 1 file, which has no place to record a review or a successor",
            f"run `drafter facts upgrade {fact.file}` first",
        )


def upgrade(
    path: Path, *, base: list[Path] | None = None, stale_months: int = 18, display: str = ""
) -> Upgraded:
    """Rewrite a schema 1 file as schema 2: `schema: 2`, and `kind: position` on every fact
    without a kind (they go on ageing as they did). A schema 2 file is left alone.

    `base` is the files it is loaded on (without it, the file is loaded alone); the file
    must load before and after, or nothing is written."""
    display = display or str(path)
    _editable(path, display)
    paths = [p for p in (base or []) if not _same(p, path)] + [path]
    load_factbase(paths, stale_months=stale_months)  # report a broken file, not half-upgrade it
    doc = Document.read(path, display)
    was = doc.schema()
    if was == str(SCHEMA_VERSION):
        return Upgraded(path, was, 0)
    ids = doc.fact_ids_without("kind")
    doc.set_schema(SCHEMA_VERSION)
    if ids:
        doc.set_many({fact_id: {"kind": UPGRADE_KIND} for fact_id in ids})
    _check(doc, paths, stale_months)
    doc.save()
    return Upgraded(path, was, len(ids))
