"""The citation check: a draft's written body read against the facts it cites.

One function, `check_draft`, asked through `Workspace.check_citations`, serves `drafter
check`, `drafter draft` and `drafter merge` (which print its findings as warnings) and the
app's Write step. Each `Finding` names
the draft file and line, the paragraph and sentence, what is wrong and what to do:

- unknown-fact (error): a citation of a fact the base does not hold, with the closest id;
- malformed-citation (error): "[@" that is not `[@id]`, `[@a; @b]` or `[@id, pinpoint]`;
- bad-pinpoint (error): `[@id, pinpoint]` whose pinpoint is not one (para 3, p 12,
  col 1234, s 54, art 3; drafter.facts.locator);
- uncited-claim: a sentence holding a figure, a date, an amount of money, a percentage or
  a quotation, with no citation in it (a question claims nothing and is not checked);
- detail-not-in-source: a cited sentence with a figure, date or amount that is in none
  of the cited facts' statements or quotes (nor their sources' dates and references);
- misquote: words in quotation marks in a cited sentence that are not verbatim in any
  cited fact's quote, after the normalisation `drafter facts verify` uses;
- stale-fact: a fact cited that is older than the base's staleness threshold;
- uncited-fact: a fact chosen under `facts:` that the body never cites.

Each is reported once: per sentence for the sentence kinds, at the first citation for a
stale fact, at its `facts:` line for one never cited.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from functools import lru_cache
from typing import Any, Literal

from drafter.drafting.body import Body, Sentence, parse_body
from drafter.drafting.draft import Draft, DraftLines
from drafter.facts import locator as pinpoints
from drafter.facts.lifecycle import DUE
from drafter.facts.loader import Fact, FactBase
from drafter.facts.verify import normalise_quote
from drafter.textfmt import join_and, uk_date

Severity = Literal["error", "warning"]
ERROR_CODES = frozenset({"unknown-fact", "malformed-citation", "bad-pinpoint"})
# Each kind of finding in a few words, as the app lists it.
LABELS = {
    "unknown-fact": "unknown fact",
    "malformed-citation": "unreadable citation",
    "uncited-claim": "uncited claim",
    "detail-not-in-source": "detail not in the source",
    "misquote": "misquote",
    "stale-fact": DUE,
    "uncited-fact": "never cited",
}

MONTHS = (
    "January February March April May June July August September October November December"
).split()
_UNITS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen"
).split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
# Words that are figures: "six democracy advocates" holds a figure as "6" does. "One"
# is left out ("one of the"), as too common to mean a count.
NUMBER_WORDS = frozenset(
    [*_UNITS[2:], *_TENS, "hundred", "thousand", "million", "billion", "dozen"]
)
_WORD_VALUES = {w: float(i) for i, w in enumerate(_UNITS)} | {
    w: float(20 + 10 * i) for i, w in enumerate(_TENS)
}
_MULTIPLIERS = {"thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9}
_NUMBER = re.compile(
    r"(?<![\w.])(\d{1,3}(?:,\d{3})+(?!\d)|\d+)(\.\d+)?(?:st|nd|rd|th)?"
    r"(?:\s?(thousand|million|billion)\b|(k|m|bn)\b)?",
    re.I,
)
_WORD = re.compile(r"\b([A-Za-z]+(?:-[A-Za-z]+)?)\b(?:\s+(thousand|million|billion)\b)?")
_MONTH = re.compile(r"\b(" + "|".join(MONTHS) + r")\b")
_MONEY_OR_SHARE = re.compile(r"[£$€¥%]|\bper ?cent\b", re.I)
_DOUBLE_QUOTED = re.compile(r"[\"“]([^\"“”\n]+?)[\"”]")
# Single quotes, not apostrophes: as in drafter.facts.citations.
_SINGLE_QUOTED = re.compile(r"(?<![\w'‘’])['‘](?=\S)(.+?)(?<=\S)['’](?![\w'‘’])")
_ELLIPSIS = re.compile(r"\s*(?:\.\.\.|…|\[[^\]]*\])\s*")


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing the check found, with where it is and what to do."""

    code: str
    severity: Severity
    message: str
    hint: str
    file: str
    line: int | None  # the draft file's line, when known
    paragraph: int | None  # 1-based, for the body's findings
    sentence: int | None  # 1-based within its paragraph
    text: str = ""  # the sentence as written
    fact_id: str = ""
    offset: int | None = None  # where the sentence starts in the body text
    body_line: int | None = None  # 1-based line within the body

    def place(self) -> str:
        where = self.file + (f":{self.line}" if self.line is not None else "")
        if self.paragraph is not None:
            where += f": paragraph {self.paragraph}, sentence {self.sentence}"
        return where

    def __str__(self) -> str:
        text = f"{self.place()}: {self.message}"
        return text + (f" ({self.hint})" if self.hint else "")

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def has_errors(findings: Iterable[Finding]) -> bool:
    return any(f.severity == "error" for f in findings)


# --------------------------------------------------------------------------- details


def _number_value(digits: str, decimals: str | None, multiplier: str | None) -> float:
    value = float(digits.replace(",", "") + (decimals or ""))
    return value * _MULTIPLIERS.get((multiplier or "").lower(), 1.0)


def _word_value(word: str) -> float | None:
    word = word.lower()
    if word in _WORD_VALUES:
        return _WORD_VALUES[word]
    if word == "dozen":
        return 12.0
    if word in ("hundred", "thousand", "million", "billion"):
        return {"hundred": 1e2}.get(word) or _MULTIPLIERS[word]
    tens, _, unit = word.partition("-")
    if tens in _TENS and unit in _UNITS[1:10]:
        return _WORD_VALUES[tens] + _WORD_VALUES[unit]
    return None


def figures(text: str) -> list[tuple[str, float]]:
    """Each figure in `text` as written, and its value: "HK$1 million" -> 1e6, "six" -> 6."""
    found: list[tuple[str, float]] = []

    def take(match: re.Match[str]) -> str:
        multiplier = match.group(3) or match.group(4)
        found.append(
            (match.group().strip(), _number_value(match.group(1), match.group(2), multiplier))
        )
        return " "

    rest = _NUMBER.sub(take, text)
    for match in _WORD.finditer(rest):
        word = match.group(1).lower()
        if "-" not in word and word not in NUMBER_WORDS:
            continue  # most words: not a figure, whatever their value
        if "-" in word and _word_value(word) is None:
            word = word.split("-", 1)[0]  # "six-month" holds "six"
        value = _word_value(word)
        if value is None or (word not in NUMBER_WORDS and "-" not in word):
            continue
        scale = _MULTIPLIERS.get((match.group(2) or "").lower(), 1.0)
        found.append((match.group().strip(), value * scale))
    return found


def months(text: str) -> list[str]:
    """Month names that are dates: "May" only next to a day or a year ("May I ask")."""
    out = []
    for match in _MONTH.finditer(text):
        month = match.group(1)
        if month == "May":
            around = text[max(0, match.start() - 4) : match.end() + 5]
            if not re.search(r"\d", around):
                continue
        out.append(month)
    return out


def quotations(text: str) -> list[str]:
    quoted = [m.group(1) for m in _DOUBLE_QUOTED.finditer(text)]
    rest = _DOUBLE_QUOTED.sub(" ", text)
    quoted += [m.group(1) for m in _SINGLE_QUOTED.finditer(rest)]
    return [q for q in (q.strip() for q in quoted) if q]


def claims(text: str) -> list[str]:
    """What makes a sentence a claim that needs a citation, as the reader sees it."""
    kinds = []
    if figures(text):
        kinds.append("a figure")
    if months(text):
        kinds.append("a date")
    if _MONEY_OR_SHARE.search(text):
        kinds.append("an amount or a percentage")
    if quotations(text):
        kinds.append("a quotation")
    return kinds


# --------------------------------------------------------------------------- the check


@dataclass(frozen=True, slots=True)
class _Evidence:
    """What the cited facts support, for one sentence."""

    values: frozenset[float]
    months: frozenset[str]
    quotes: tuple[str, ...]  # normalised, casefolded


def _evidence(facts: Sequence[Fact], factbase: FactBase) -> _Evidence:
    values: set[float] = set()
    month_names: set[str] = set()
    quotes: list[str] = []
    for fact in facts:
        source = factbase.source_of(fact)
        fact_values, fact_months, quote = _fact_evidence(
            (fact.statement, fact.quote, fact.locator, source.title, source.reference),
            (fact.as_of, source.date, source.accessed),
        )
        values.update(fact_values)
        month_names.update(fact_months)
        quotes.append(quote)
    return _Evidence(frozenset(values), frozenset(month_names), tuple(quotes))


@lru_cache(maxsize=16_384)
def _fact_evidence(
    texts: tuple[str, ...], days: tuple[dt.date | None, ...]
) -> tuple[frozenset[float], frozenset[str], str]:
    """What one fact supports, from its own texts and its source's (`texts`, the quote
    second) and dates: remembered by those values, so that checking a body again as it
    is typed reads each cited fact once, not once per sentence and keystroke."""
    every = [*texts, *(uk_date(d) for d in days if d is not None)]
    values = frozenset(v for text in every for _, v in figures(text))
    month_names = frozenset(m.casefold() for text in every for m in _MONTH.findall(text))
    return values, month_names, normalise_quote(texts[1]).casefold()


def _misquoted(quotation: str, evidence: _Evidence) -> bool:
    pieces = [p.strip(" .,;:!?") for p in _ELLIPSIS.split(normalise_quote(quotation))]
    for piece in (p.casefold() for p in pieces if p):
        if not any(piece in quote for quote in evidence.quotes):
            return True
    return False


class _Checker:
    def __init__(
        self,
        draft: Draft,
        factbase: FactBase,
        file: str,
        lines: DraftLines | None,
        today: dt.date,
    ) -> None:
        self.draft = draft
        self.factbase = factbase
        self.file = file
        self.lines = lines or DraftLines()
        self.today = today
        self.findings: list[Finding] = []
        self.body = parse_body(draft.body) if draft.body.strip() else None

    def _line(self, body: Body, offset: int) -> tuple[int | None, int]:
        within = body.line_of(offset) + 1
        if not self.lines.body:
            return None, within
        return (self.lines.body + within - 1 if self.lines.body_exact else self.lines.body), within

    def add(
        self,
        code: str,
        message: str,
        hint: str,
        sentence: Sentence | None = None,
        *,
        fact_id: str = "",
        line: int | None = None,
    ) -> None:
        severity: Severity = "error" if code in ERROR_CODES else "warning"
        if sentence is None or self.body is None:
            self.findings.append(
                Finding(code, severity, message, hint, self.file, line, None, None, "", fact_id)
            )
            return
        file_line, within = self._line(self.body, sentence.start)
        self.findings.append(
            Finding(
                code, severity, message, hint, self.file, file_line, sentence.paragraph,
                sentence.number, sentence.text, fact_id, sentence.start, within,
            )
        )  # fmt: skip

    def run(self) -> list[Finding]:
        self._chosen()
        if self.body is not None:
            stale_seen: set[str] = set()
            for sentence in self.body.sentences:
                self._sentence(sentence, stale_seen)
            cited = set(self.body.fact_ids)
            for fact_id in dict.fromkeys(self.draft.facts):
                if fact_id in self.factbase.facts and fact_id not in cited:
                    self.add(
                        "uncited-fact",
                        f"fact chosen but never cited: the body does not cite '{fact_id}'",
                        f"cite it where it is used, [@{fact_id}], or take it out of facts:",
                        fact_id=fact_id,
                        line=self.lines.facts.get(fact_id),
                    )
        else:
            for fact in self._known(self.draft.facts):
                if self.factbase.is_stale(fact, self.today):
                    self.add(
                        *self._stale(fact), fact_id=fact.id, line=self.lines.facts.get(fact.id)
                    )
        return self.findings

    def _known(self, fact_ids: Iterable[str]) -> list[Fact]:
        return [self.factbase.facts[i] for i in dict.fromkeys(fact_ids) if i in self.factbase.facts]

    def _chosen(self) -> None:
        from drafter.drafting.validate import fact_hint

        for fact_id in dict.fromkeys(self.draft.facts):
            if fact_id not in self.factbase.facts:
                self.add(
                    "unknown-fact",
                    f"no fact '{fact_id}' in the fact base",
                    fact_hint(fact_id, self.factbase),
                    fact_id=fact_id,
                    line=self.lines.facts.get(fact_id),
                )

    def _stale(self, fact: Fact) -> tuple[str, str, str]:
        from drafter.facts.lifecycle import due_note

        return (
            "stale-fact",
            f"{DUE}: '{fact.id}' was {due_note(fact, self.factbase.stale_months)}",
            "check that it still holds, or cite a newer fact",
        )

    def _sentence(self, sentence: Sentence, stale_seen: set[str]) -> None:
        """Every finding in one sentence of the body: how it cites, what it cites, and
        whether its details are in what it cites."""
        self._citation_forms(sentence)
        unknown = self._unknown_facts(sentence)
        facts = self._known(sentence.fact_ids)
        for fact in facts:
            if fact.id not in stale_seen and self.factbase.is_stale(fact, self.today):
                stale_seen.add(fact.id)
                self.add(*self._stale(fact), sentence, fact_id=fact.id)
        if not sentence.citations:
            self._uncited_claim(sentence)
        elif facts and not unknown:  # an unknown fact is the error to fix first
            self._details_in_sources(sentence, facts)

    def _citation_forms(self, sentence: Sentence) -> None:
        """Citations drafter cannot read, and pinpoints that are not pinpoints."""
        for citation in sentence.citations:
            if citation.malformed:
                self.add(
                    "malformed-citation",
                    f"'{citation.text}' is not a citation drafter can read",
                    "write [@fact-id], [@fact-a; @fact-b] or [@fact-id, para 6]",
                    sentence,
                )
            for item in citation.items:
                if item.locator and pinpoints.parse(item.locator) is None:
                    self.add(
                        "bad-pinpoint",
                        f"'{item.locator}' in '{citation.text}' is not a pinpoint",
                        pinpoints.HINT.replace("keep other notes in an x- key", "or leave it out"),
                        sentence,
                        fact_id=item.fact_id,
                    )

    def _unknown_facts(self, sentence: Sentence) -> list[str]:
        """The cited ids the fact base does not have, each reported."""
        from drafter.drafting.validate import cited_fact_hint, fact_hint

        unknown = [i for i in sentence.fact_ids if i not in self.factbase.facts]
        for fact_id in unknown:
            self.add(
                "unknown-fact",
                f"the body cites '{fact_id}', which is not in the fact base",
                fact_hint(fact_id, self.factbase, cited_fact_hint()),
                sentence,
                fact_id=fact_id,
            )
        return unknown

    def _uncited_claim(self, sentence: Sentence) -> None:
        """A sentence without a citation that states a figure, a date, a quotation, ...;
        a question claims nothing."""
        prose = sentence.prose
        kinds = claims(prose)
        if kinds and not prose.rstrip("\"'”’)").endswith("?"):
            self.add(
                "uncited-claim",
                f"uncited claim: the sentence holds {join_and(kinds)} but cites no fact",
                "cite the fact it comes from, [@fact-id], or say it without the detail",
                sentence,
            )

    def _details_in_sources(self, sentence: Sentence, facts: list[Fact]) -> None:
        """Figures and months the cited facts do not give, and quotations not word for
        word in their quotes."""
        prose = sentence.prose
        evidence = _evidence(facts, self.factbase)
        missing = [text for text, value in figures(prose) if value not in evidence.values]
        missing += [m for m in months(prose) if m.casefold() not in evidence.months]
        if missing:
            cited = join_and(f"'{f.id}'" for f in facts)
            details = list(dict.fromkeys(missing))
            self.add(
                "detail-not-in-source",
                f"detail not in the source: {join_and(details)} "
                f"{'is' if len(details) == 1 else 'are'} in neither "
                f"the statement nor the quote of {cited}",
                "check it against the fact with drafter facts show ID, or cite the fact "
                "that gives it",
                sentence,
            )
        wrong = [q for q in quotations(prose) if _misquoted(q, evidence)]
        if wrong:
            shown = join_and(f"\u201c{q}\u201d" for q in wrong)
            self.add(
                "misquote",
                f"misquote: {shown} is not word for word in the quote of "
                + join_and(f"'{f.id}'" for f in facts),
                "quote the source's exact words, as drafter facts show ID gives them, or "
                "drop the quotation marks and paraphrase",
                sentence,
            )


def check_draft(
    draft: Draft,
    factbase: FactBase,
    *,
    file: str = "<draft>",
    lines: DraftLines | None = None,
    today: dt.date | None = None,
) -> tuple[Finding, ...]:
    """Every finding for `draft`, in the order of the body (chosen facts' problems first).

    `lines` (from drafting.draft.load_draft_lines) places each finding at its file line;
    without it, findings carry the line within the body only.
    """
    checker = _Checker(draft, factbase, file, lines, today or dt.date.today())
    return tuple(checker.run())
