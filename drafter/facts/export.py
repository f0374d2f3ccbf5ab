"""The fact base in forms other tools read: JSON, CSV, CSL-JSON and Markdown.

CSL-JSON lists the sources (not the facts), so that Zotero and pandoc users can cite
the same documents; the other forms list the facts with their sources.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from typing import Any

from drafter.facts.loader import Fact, FactBase, Source

FORMATS = ("json", "csv", "csl-json", "markdown")

_CSL_TYPES = {
    "letter": "personal_communication",
    "press-release": "article",
    "report": "report",
    "speech": "speech",
    "hansard": "legislation",
    "webpage": "webpage",
    "statute": "legislation",
    "statement": "document",
}


def source_data(source: Source) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": source.id,
        "type": source.type,
        "title": source.title,
        "author": source.author,
        "organisation": source.organisation,
        "recipient": source.recipient,
        "date": source.date.isoformat(),
        "reference": source.reference,
        "url": source.url,
        "accessed": source.accessed.isoformat() if source.accessed else "",
        "archive": source.archive,
    }
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


def to_csl_json(factbase: FactBase) -> str:
    items = []
    for source in factbase.sources.values():
        item: dict[str, Any] = {
            "id": source.id,
            "type": _CSL_TYPES.get(source.type, "document"),
            "title": source.title,
            "author": [{"literal": source.author}],
            "issued": _csl_date(source.date),
        }
        if source.organisation:
            item["publisher"] = source.organisation
        if source.recipient:
            item["recipient"] = [{"literal": source.recipient}]
        if source.reference:
            item["number"] = source.reference
        if source.url:
            item["URL"] = source.url
        if source.accessed:
            item["accessed"] = _csl_date(source.accessed)
        if source.type == "press-release":
            item["genre"] = "Press release"
        items.append(item)
    return json.dumps(items, indent=2, ensure_ascii=False) + "\n"


def to_markdown(factbase: FactBase) -> str:
    from drafter.drafting.citations import full_citation
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
