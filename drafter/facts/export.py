"""The fact base in forms other tools read: JSON, CSV, CSL-JSON and Markdown.

CSL-JSON lists the sources (not the facts), so that Zotero and pandoc users can cite
the same documents; the other forms list the facts with their sources.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable
from typing import Any

from drafter.facts.loader import Fact, FactBase, Source
from drafter.facts.source_types import COMMON, SOURCE_FIELDS
from drafter.textfmt import uk_date

# The fields of a source in the order JSON lists them.
SOURCE_ORDER = (
    "type",
    *(f for f in COMMON if f != "type"),
    *(f for f in SOURCE_FIELDS if f not in COMMON),
)

FORMATS = ("json", "csv", "csl-json", "markdown")

# CSL type and genre of each source type.
_CSL_TYPES = {
    "letter": ("personal_communication", "Letter"),
    "press-release": ("article", "Press release"),
    "report": ("report", ""),
    "ngo-report": ("report", ""),
    "speech": ("speech", ""),
    "hansard": ("document", "Parliamentary debate"),
    "written-question": ("document", "Written question"),
    "written-statement": ("document", "Written ministerial statement"),
    "committee-report": ("report", "Select committee report"),
    "webpage": ("webpage", ""),
    "act": ("legislation", "Act of Parliament"),
    "statute": ("legislation", "Act of Parliament"),
    "si": ("legislation", "Statutory instrument"),
    "bill": ("bill", ""),
    "un-document": ("document", "UN document"),
    "judgment": ("legal_case", ""),
    "news": ("article-newspaper", ""),
    "statement": ("document", "Statement"),
}
# CSL's `archive`: where the copy named by `archive_location` is kept.
CSL_ARCHIVE = "Source archive"
_HOUSE_NAMES = {"HL": "House of Lords", "HC": "House of Commons"}


def source_data(source: Source) -> dict[str, Any]:
    data: dict[str, Any] = {"id": source.id}
    for name in SOURCE_ORDER:
        value = getattr(source, name)
        if isinstance(value, dt.date):
            value = value.isoformat()
        data[name] = value
    return {k: v for k, v in data.items() if v}


def fact_data(fact: Fact, factbase: FactBase) -> dict[str, Any]:
    return {
        "id": fact.id,
        "topics": list(fact.topics),
        "statement": fact.statement,
        "quote": fact.quote,
        "source": fact.source_id,
        "locator": fact.locator,
        "as_of": fact.as_of.isoformat(),
        "tags": list(fact.tags),
        "stale": factbase.is_stale(fact),
    }


def to_json(factbase: FactBase) -> str:
    data = {
        "schema": 1,
        "topics": {
            t.id: {"title": t.title, "summary": t.summary} for t in factbase.topics.values()
        },
        "sources": {s.id: source_data(s) for s in factbase.sources.values()},
        "facts": [fact_data(f, factbase) for f in factbase],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


# A spreadsheet runs a cell beginning with one of these as a formula (=HYPERLINK(...),
# +cmd|...): OWASP's advice is to begin such a cell with a single quote, which makes
# it text. Fact bases come from anywhere, and CSV exports are opened in spreadsheets.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_cell(value: str) -> str:
    """`value` made safe to open in a spreadsheet: a formula-like cell stays text."""
    return "'" + value if value.startswith(_FORMULA_STARTS) else value


def to_csv(factbase: FactBase) -> str:
    out = io.StringIO()
    columns = [
        "id", "topics", "statement", "quote", "locator", "as_of", "tags",
        "source", "source_title", "source_author", "source_date", "source_url",
    ]  # fmt: skip
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for fact in factbase:
        source = factbase.source_of(fact)
        row = {
            "id": fact.id,
            "topics": ";".join(fact.topics),
            "statement": fact.statement,
            "quote": fact.quote,
            "locator": fact.locator,
            "as_of": fact.as_of.isoformat(),
            "tags": ";".join(fact.tags),
            "source": source.id,
            "source_title": source.title,
            "source_author": source.author,
            "source_date": source.date.isoformat(),
            "source_url": source.url,
        }
        writer.writerow({key: spreadsheet_cell(value) for key, value in row.items()})
    return out.getvalue()


def _csl_date(day: Any) -> dict[str, Any]:
    return {"date-parts": [[day.year, day.month, day.day]]}


def csl_item(source: Source) -> dict[str, Any]:
    """One source as a CSL-JSON item, for Zotero, pandoc and other reference managers."""
    kind, genre = _CSL_TYPES.get(source.type, ("document", ""))
    item: dict[str, Any] = {"id": source.id, "type": kind, "title": source.title}
    for name, value in _csl_variables(source, genre):
        if value:
            item[name] = value
    return item


def _csl_variables(source: Source, genre: str) -> list[tuple[str, Any]]:
    """Each CSL variable after the title, in the order an item lists them; an empty
    value is left out."""
    # A copy at `url` that came out later than the document is a reprint, in CSL's terms.
    reprinted = source.published is not None and source.published != source.date
    return [
        ("title-short", source.short_title),
        ("author", _csl_names(source.author)),
        ("issued", _csl_date(source.published if reprinted else source.date)),
        ("original-date", _csl_date(source.date) if reprinted else None),
        ("genre", genre),
        ("publisher", source.organisation or _HOUSE_NAMES.get(source.house, "")),
        ("recipient", _csl_names(source.recipient)),
        ("number", _csl_number(source)),
        ("volume", source.volume),
        ("page", source.column),
        ("container-title", _csl_container(source)),
        ("authority", source.court),
        ("collection-number", source.session),
        ("URL", source.url),
        ("accessed", _csl_date(source.accessed) if source.accessed else None),
        ("archive", CSL_ARCHIVE if source.archive else ""),
        ("archive_location", source.archive),
        ("note", _csl_note(source)),
    ]


def _csl_names(name: str) -> list[dict[str, str]]:
    return [{"literal": name}] if name else []


def _csl_number(source: Source) -> str:
    """The document's own number: a reference, UIN, paper or SI number, citation, symbol."""
    return (
        source.reference or source.uin or source.number or source.neutral_citation
        or source.symbol or source.chapter
    )  # fmt: skip


def _csl_container(source: Source) -> str:
    """The work the source appeared in: a newspaper, or Hansard of its house."""
    if source.publication:
        return source.publication
    return f"Hansard ({source.house})" if source.type == "hansard" else ""


def _csl_note(source: Source) -> str:
    notes = []
    if source.published_title:
        when = f" on {uk_date(source.published)}" if source.published else ""
        notes.append(f"Published as '{source.published_title}'{when}.")
    if source.type == "written-question":
        if source.asker:
            notes.append(f"Asked by {source.asker}.")
        if source.answering_body:
            notes.append(f"Answered for {source.answering_body}.")
        if source.holding:
            notes.append("Holding answer.")
        if source.corrected:
            notes.append("Corrected answer.")
    if source.note:
        notes.append(source.note)
    return " ".join(notes)


def to_csl_json(factbase: FactBase) -> str:
    items = [csl_item(source) for source in factbase.sources.values()]
    return json.dumps(items, indent=2, ensure_ascii=False) + "\n"


def to_markdown(factbase: FactBase) -> str:
    from drafter.facts.citations import full_citation
    from drafter.textfmt import uk_date

    lines: list[str] = ["# Fact base", ""]
    for topic in factbase.topics.values():
        facts = factbase.facts_for_topic(topic.id)
        lines += [f"## {topic.title}", "", topic.summary, ""]
        for fact in facts:
            source = factbase.source_of(fact)
            stale = " **(stale)**" if factbase.is_stale(fact) else ""
            lines += [
                f"- **{fact.statement}**{stale}  ",
                f"  As of {uk_date(fact.as_of)}. `{fact.id}`",
                "",
                f"  > {fact.quote}",
                "",
                f"  {full_citation(source)}",
                "",
            ]
    return "\n".join(lines).rstrip() + "\n"


EXPORTERS: dict[str, Callable[[FactBase], str]] = {
    "json": to_json,
    "csv": to_csv,
    "csl-json": to_csl_json,
    "markdown": to_markdown,
}
