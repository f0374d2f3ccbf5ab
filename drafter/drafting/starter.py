"""A first body for a letter, from its facts, that reads like a letter.

The fact base's statements each stand alone ("Amnesty International UK said in February
2025 that ..."), which is right for a fact and wrong for a letter: five paragraphs that
open alike. The starter rewrites them as a researcher would begin:

- the facts of one source together, one paragraph a source, in the order first chosen;
- the source named once, with its date once, and then varied: "It adds that ...",
  "It also says that ...";
- the signer's own correspondence in the first person: "When the FCDO wrote to me in
  January 2023, it said that ..." when the letter is to the person who signs;
- each paragraph opening differently from the others.

`starter_body` gives the text with `[@fact-id]` citations, for a draft's `body:`
(`drafter draft --starter`, the app's Write step); `starter_text` gives it with the
template's own citation marks, for templates' generated paragraphs (`starter` in the
template context). Both come from `starter_sentences`, so they say the same.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from drafter.facts.loader import Fact, FactBase, Source

# Verbs that report a claim: "<who> <verb> [<hearer>] [in <date>] [, <aside>,] that <claim>".
_THAT_VERBS = (
    "said", "told", "reported", "warned", "noted", "assured", "stated", "added", "argued",
    "explained", "confirmed", "wrote", "informed", "reminded", "acknowledged", "stressed",
)  # fmt: skip
# Verbs that do something else: "<who> called on X to ...", "<who> named ...".
_OTHER_VERBS = ("called", "named", "urged", "described", "welcomed", "condemned", "announced")
_TOLD = ("told", "assured", "informed", "reminded")
_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_WHEN = re.compile(rf"\bin ((?:\d{{1,2}} )?(?:{_MONTHS}) \d{{4}})\b")
_SAID = re.compile(
    r"^(?P<who>[A-Z][^,]*?(?:, [^,]+,)?) (?P<verb>"
    + "|".join((*_THAT_VERBS, *_OTHER_VERBS))
    + r")\b(?P<rest>.*)$"
)
_THAT = re.compile(r"\bthat\b,?\s+")
_ACCORDING = re.compile(r"^According to (?P<who>[^,]+), (?P<claim>.+)$")

# How a paragraph's later sentences name the source: varied, never the same twice running.
_ADDS = ("It adds", "It also says", "It notes", "It goes on to say")
_ADDED = ("It added", "It also said", "It noted", "It went on to say")
_PRESENT_PERFECT = {
    "said": "has said", "reported": "has reported", "warned": "has warned",
    "noted": "has noted", "stated": "has stated", "argued": "has argued",
    "stressed": "has stressed", "acknowledged": "has acknowledged",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Attribution:
    """A statement taken apart: who said it, to whom, when, and the claim itself."""

    who: str  # "Amnesty International UK", "The FCDO"
    verb: str  # "said", "told"; empty for "According to ..."
    hearer: str = ""  # "Lord Alton" in "told Lord Alton"
    when: str = ""  # "February 2025"
    aside: str = ""  # "writing about the Hong Kong police bounties"
    claim: str = ""  # what follows "that", without the final full stop
    tail: str = ""  # for "called on X to ...": all after the verb, as written


def parse_statement(statement: str) -> Attribution | None:
    """A fact's statement taken apart, or None when it does not open with who said it."""
    text = statement.strip().rstrip(".")
    according = _ACCORDING.match(text)
    if according:
        return Attribution(according.group("who"), "", claim=according.group("claim"))
    match = _SAID.match(text)
    if match is None:
        return None
    who, verb, rest = match.group("who"), match.group("verb"), match.group("rest")
    that = _THAT.search(rest) if verb in _THAT_VERBS else None
    if that is None:
        dated = _WHEN.search(rest)
        return Attribution(who, verb, when=dated.group(1) if dated else "", tail=rest)
    head, claim = rest[: that.start()], rest[that.end() :]
    when = ""
    found = _WHEN.search(head)
    if found:
        when = found.group(1)
        head = head[: found.start()] + head[found.end() :]
    pieces = [p.strip() for p in head.split(",")]
    hearer = pieces[0] if verb in _TOLD else ""
    if pieces[0] and not hearer:
        return None  # words the starter cannot place between the verb and "that"
    aside = ", ".join(p for p in pieces[1:] if p)
    return Attribution(who, verb, hearer, when, aside, claim.strip())


def _lower_first(text: str) -> str:
    if text.startswith("The ") or text.startswith("A "):
        return text[0].lower() + text[1:]
    return text


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def _stop(text: str) -> str:
    text = text.rstrip()
    return text if text.endswith((".", "?", "!", '."', ".'", ".\u201d", ".\u2019")) else text + "."


def names_signer(source: Source, signer: str) -> bool:
    """Whether a letter `source` was written to the person who signs this one."""
    if source.type != "letter" or not signer.strip() or not source.recipient.strip():
        return False
    to, who = source.recipient.casefold().removeprefix("the "), signer.casefold()
    who = who.removeprefix("the ")
    return to == who or to.startswith(who) or who.startswith(to)


def _short_names(name: str) -> list[str]:
    """ "Lord Alton of Liverpool" is also "Lord Alton"; longest first."""
    names = [name]
    if " of " in name:
        names.append(name.split(" of ", 1)[0])
    return [n for n in names if n.strip()]


def _first_person(text: str, signer_names: Sequence[str]) -> str:
    for name in signer_names:
        escaped = re.escape(name)
        text = re.sub(
            rf"\b(told|assured|informed|reminded|wrote to|to|thanked) (?:the )?{escaped}\b",
            r"\1 me",
            text,
        )
    return text


def _undated(statement: str, when: str) -> str:
    """A statement without its "in <Month Year>", once the paragraph has given the date:
    "said in February 2025, writing ..." -> "said, writing ..."."""
    if not when:
        return statement

    def cut(match: re.Match[str]) -> str:
        return "," if (match.group(1) and match.group(2)) or match.group(2) else ""

    return re.sub(rf"(,?) in {re.escape(when)}\b(,?)", cut, statement, count=1)


def undated_statement(fact: Fact) -> str:
    """The statement without the date of its attribution when that is the fact's own
    date, for a line that shows the date already (a briefing note's bullets)."""
    parts = parse_statement(fact.statement)
    if parts is None or not parts.when:
        return fact.statement
    day = fact.as_of
    if parts.when not in (day.strftime("%B %Y"), f"{day.day} {day.strftime('%B %Y')}"):
        return fact.statement
    return _undated(fact.statement, parts.when)


@dataclass(frozen=True, slots=True)
class StarterSentence:
    text: str  # ends with its full stop; the citation follows it
    fact: Fact
    paragraph: int  # 0-based


MAX_SENTENCES = 4  # a paragraph of one source's facts, then another on the same source


def _group(facts: Sequence[Fact]) -> list[tuple[list[Fact], bool]]:
    """One source's facts a paragraph, at most MAX_SENTENCES each; True: a continuation."""
    groups: dict[str, list[Fact]] = {}
    for fact in facts:
        groups.setdefault(fact.source_id, []).append(fact)
    out: list[tuple[list[Fact], bool]] = []
    for group in groups.values():
        for start in range(0, len(group), MAX_SENTENCES):
            out.append((group[start : start + MAX_SENTENCES], start > 0))
    return out


def _aside(parts: Attribution, *, with_date: bool) -> str:
    """ " in February 2025, writing about ...," between the verb and "that"."""
    dated = f" in {parts.when}" if with_date and parts.when else ""
    return f"{dated}, {parts.aside}," if parts.aside else dated


def _opening(
    index: int, parts: Attribution, mine: bool, used: set[str], *, again: bool = False
) -> str:
    """The first sentence of a paragraph: the source named, with its date, once.

    `again`: a later paragraph on the same source, which says so ("... also said")."""
    who, when, claim = parts.who, parts.when, parts.claim
    aside = f", {parts.aside}," if parts.aside else ""
    hearer = f" {parts.hearer}" if parts.hearer else ""
    if again and not parts.tail:
        verb = parts.verb or "said"
        options = [
            f"{who} also {verb}{hearer}{aside} that {claim}",
            f"Elsewhere, {_lower_first(who)} {verb}{hearer}{aside} that {claim}",
            f"{who} went on to say{aside} that {claim}",
        ]
        if mine:
            options = [o.replace(f" {parts.hearer}", " me") if parts.hearer else o for o in options]
    elif parts.tail:  # "called on ... to ...": as written
        options = [f"{who} {parts.verb}{parts.tail}"]
    elif mine:
        it = _lower_first(who)
        options = [
            f"When {it} wrote to me{' in ' + when if when else ''}, it said{aside} that {claim}",
            f"In its letter to me{' of ' + when if when else ''}, {it} said{aside} that {claim}",
            f"{who} told me{' in ' + when if when else ''}{aside} that {claim}",
        ]
    elif not parts.verb:  # "According to ..."
        options = [f"According to {_lower_first(who)}, {claim}"]
    else:
        # A date goes with the simple past ("said in February 2025 that"); without
        # one, "has said that".
        verb = parts.verb if when else _PRESENT_PERFECT.get(parts.verb, parts.verb)
        options = [
            f"{who} {verb}{hearer}{_aside(parts, with_date=True)} that {claim}",
            f"In {when}, {_lower_first(who)} {parts.verb}{hearer}{aside} that {claim}"
            if when
            else f"As {_lower_first(who)} {verb}{hearer}{aside}, {claim}",
        ]
        if not parts.aside:
            options.append(f"According to {_lower_first(who)}, {claim}")
    # No two paragraphs open with the same three words.
    for offset in range(len(options)):
        text = _upper_first(options[(index + offset) % len(options)])
        key = " ".join(text.split()[:3]).casefold()
        if key not in used:
            used.add(key)
            return text
    return _upper_first(options[index % len(options)])


def _later(number: int, parts: Attribution, first: Attribution, past: bool) -> str:
    """A later sentence of a paragraph: the source as "It", with a varied verb.

    `first.when` is the date the paragraph has given so far, if any."""
    if ", " in parts.who and parts.who != first.who:  # a person quoted: named, not "It"
        undated = replace(parts, when="") if parts.when == first.when else parts
        hearer = f" {parts.hearer}" if parts.hearer else ""
        if parts.tail:
            return f"{parts.who} {parts.verb}{_undated(parts.tail, first.when)}"
        return (
            f"{parts.who} {parts.verb}{hearer}{_aside(undated, with_date=True)} that {parts.claim}"
        )
    if parts.tail:
        return f"It {parts.verb}{_undated(parts.tail, first.when)}"
    if not parts.verb:
        return f"{(_ADDED if past else _ADDS)[(number - 1) % 4]} that {parts.claim}"
    said = (_ADDED if past else _ADDS)[(number - 1) % 4]
    return f"{said}{_aside(parts, with_date=parts.when != first.when)} that {parts.claim}"


def starter_sentences(
    facts: Sequence[Fact], factbase: FactBase, *, signer: str = ""
) -> list[StarterSentence]:
    """The starter's sentences, one a fact, grouped into paragraphs by source."""
    sentences: list[StarterSentence] = []
    used: set[str] = set()
    signer_names = _short_names(signer.strip()) if signer.strip() else []
    for index, (group, again) in enumerate(_group(facts)):
        source = factbase.source_of(group[0])
        mine = names_signer(source, signer)
        past = source.type in ("letter", "speech", "hansard") or mine
        first: Attribution | None = None
        parsed = [parse_statement(fact.statement) for fact in group]
        # The paragraph's date, said once in its first sentence.
        when = next((p.when for p in parsed if p is not None and p.when), "")
        for number, (fact, parts) in enumerate(zip(group, parsed, strict=True)):
            if parts is not None and first is None and not parts.when and not parts.tail:
                parts = replace(parts, when=when)
            if parts is None:  # a statement the starter cannot take apart stays as written
                text = _undated(fact.statement, first.when) if first else fact.statement
                if first is None:
                    used.add(" ".join(text.split()[:3]).casefold())
            elif first is None:
                text = _opening(index, parts, mine, used, again=again)
                first = parts
            else:
                text = _later(number, parts, first, past)
            if signer_names:
                text = _first_person(text, signer_names)
            sentences.append(StarterSentence(_stop(text), fact, index))
    return sentences


def _join(
    sentences: Sequence[StarterSentence],
    mark: Callable[[Fact], str],
    escape: Callable[[str], str],
) -> str:
    paragraphs: list[list[str]] = []
    for sentence in sentences:
        if sentence.paragraph >= len(paragraphs):
            paragraphs.append([])
        paragraphs[-1].append(escape(sentence.text) + mark(sentence.fact))
    return "\n\n".join(" ".join(p) for p in paragraphs)


def starter_body(
    facts: Sequence[Fact],
    factbase: FactBase,
    *,
    signer: str = "",
    line_width: int | None = 86,
) -> str:
    """A first body: paragraphs with `[@fact-id]` at each sentence.

    In a draft file each paragraph is wrapped at `line_width` (a citation is never
    split); an editor that wraps lines itself, as the app's does, asks for None and
    gets each paragraph on one line, so that no line breaks mid-sentence as it edits.
    """
    paragraphs: list[list[str]] = []
    for sentence in starter_sentences(facts, factbase, signer=signer):
        if sentence.paragraph >= len(paragraphs):
            paragraphs.append([])
        text, cite = sentence.text, f"[@{sentence.fact.id}]"
        # pandoc's place for a note citation, before the full stop; drafter moves the
        # footnote after it when rendering.
        written = f"{text[:-1]} {cite}." if text.endswith(".") else f"{text} {cite}"
        paragraphs[-1].append(written)
    joined = [" ".join(p) for p in paragraphs]
    if line_width is None:
        return "\n\n".join(joined)
    return "\n\n".join(
        textwrap.fill(p, width=line_width, break_long_words=False, break_on_hyphens=False)
        for p in joined
    )


def starter_text(
    facts: Sequence[Fact],
    factbase: FactBase,
    cite: Callable[[Fact], str],
    *,
    signer: str = "",
    escape: Callable[[str], str] = str,
) -> str:
    """The starter with the template's citation marks, for generated paragraphs; each
    sentence passed through `escape` (render gives it text as Markdown reads it)."""
    return _join(starter_sentences(facts, factbase, signer=signer), cite, escape)
