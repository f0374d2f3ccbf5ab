"""Synthetic data for the benchmarks: a large fact base, a recipients CSV, a cited letter.

Everything is generated from a seeded random source, so two runs measure the same data.
The fact base follows schema 1 (docs/facts.md) and is shaped like an office's real one:
topics pairing a region with a theme, sources of every type over ten years, statements of
22-46 words and quotes of 10-45 words (as in the bundled base), with a vocabulary of a
long tail (function words and a few hundred domain words used often, thousands of rarer
ones), so the search index and its posting lists are of a realistic size.
`SEARCH_QUERIES` are what a user types: whole words, phrases, prefixes typed so far,
and words with a one-letter typo.
"""

from __future__ import annotations

import csv
import datetime as dt
import itertools
import json
import random
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from drafter.facts.loader import SOURCE_TYPES

if TYPE_CHECKING:
    from drafter.facts.loader import Fact, FactBase

REGIONS = (
    "xinjiang",
    "hong-kong",
    "tibet",
    "inner-mongolia",
    "guangdong",
    "beijing",
    "shanghai",
    "sichuan",
    "yunnan",
    "fujian",
)
THEMES = (
    "forced-labour",
    "detention",
    "press-freedom",
    "religious-freedom",
    "sanctions",
)
ORGANISATIONS = (
    "Foreign, Commonwealth and Development Office",
    "Home Office",
    "Department for Business and Trade",
    "Amnesty International UK",
    "Human Rights Watch",
    "Hong Kong Watch",
    "United Nations Human Rights Council",
    "Office of the High Commissioner for Human Rights",
    "Congressional-Executive Commission on China",
    "House of Lords",
    "House of Commons",
    "European Parliament",
)
AUTHORS = (
    "Minister of State for Human Rights",
    "Minister for the Indo-Pacific",
    "Foreign Secretary",
    "Security Minister",
    "Head of Campaigns",
    "China Director",
    "Special Rapporteur on contemporary forms of slavery",
    "High Commissioner for Human Rights",
    "Chair of the Foreign Affairs Committee",
)
SECTION_TAGS = ("background", "uk-government", "international", "recent", "campaign")
OTHER_TAGS = (
    "un",
    "g7",
    "supply-chains",
    "export-controls",
    "magnitsky",
    "bno",
    "national-security-law",
    "article-23",
    "uyghur",
    "tibetan",
    "journalists",
    "lawyers",
    "students",
    "universities",
    "cctv",
    "procurement",
    "cotton",
    "solar",
    "detention-camps",
    "surveillance",
    "visas",
    "asylum",
    "diaspora",
    "police-stations",
    "bounties",
    "trials",
    "courts",
    "elections",
    "media",
    "religion",
    "language",
    "schools",
    "birth-rates",
    "sterilisation",
    "torture",
)
# Function words come first (most frequent), then words of the domain, used often; the
# rest of the vocabulary is a long tail of rarer ones.
FUNCTION_WORDS = "the of and to in that a for on by was with as its is has from at said".split()
DOMAIN_WORDS = """
government minister ministers parliament committee report reports evidence statement
statements human rights rights violations abuses xinjiang uyghur uyghurs tibet tibetan
hong kong national security law prosecution prosecutions trial detention detained
detainees camps camp forced labour labor supply chains cotton solar sanctions sanctioned
asset freezes travel bans officials entities companies businesses investors export
controls surveillance technology cameras procurement united nations council commissioner
assessment genocide crimes humanity atrocities persecution religious freedom belief
freedom expression assembly association press journalists media newspaper closure
activists defenders lawyers prisoners conscience release released sentence sentenced
imprisoned years bail court courts judges judiciary independence democracy legislative
elections candidates primary subversion collusion foreign forces sedition article
bounties arrest warrants overseas diaspora transnational repression police stations
intimidation harassment families relatives students universities campuses confucius
institutes embassy ambassador diplomat diplomats summoned raised concerns bilateral
dialogue meeting visit visited talks strategic engagement trade investment economy
british citizens overseas bno visa route settlement residents arrivals welcome
community integration guidance support schools language children boarding separation
sterilisation birth rates population policies demographic testimony survivors
witnesses satellite imagery documents leaked files police records data analysis
researchers academics think tank findings recommendations calls urges urged
condemned condemnation welcomed regret deplored expressed serious grave concern
international partners allies coalition joint signed countries states members
resolution vote debate motion amendment bill legislation scrutiny oversight inquiry
evidence session hearing written answer question oral answers lords commons peers mp
mps baroness lord secretary state foreign office department trade business
modern slavery act transparency statements due diligence audit auditors import ban
withhold release orders customs border goods products manufacturers brands retailers
""".split()
_ONSETS = "b c d f g h j k l m n p r s t v w z br ch dr gr pl st th tr".split()
_VOWELS = "a e i o u a e i o u ai ea oo".split()
_CODAS = ["", "", "", "n", "r", "s", "t", "l", "m", "nd", "st"]
ACCENTED = ("Ürümqi", "Kashgar", "Hotan", "Lhasa", "Shigatse", "Gulja", "Aksu", "Karamay")


def _type_fields(kind: str, day: dt.date, number: int) -> dict[str, str]:
    """The fields a source of `kind` needs beyond the common ones (docs/facts.md)."""
    session = f"{day.year}-{(day.year + 1) % 100:02d}"
    return {
        "hansard": {"house": "HL", "volume": str(700 + number), "column": "12"},
        "written-question": {
            "house": "HL", "uin": f"HL{1000 + number}", "asker": "Lord Example of Somewhere",
            "answering_body": "Foreign, Commonwealth and Development Office",
        },
        "written-statement": {"house": "HC", "number": f"HCWS{number + 1}"},
        "committee-report": {"house": "HC", "number": str(number + 1), "session": session},
        "act": {"year": str(day.year)},
        "si": {"year": str(day.year), "number": str(number + 1)},
        "bill": {"house": "HC", "number": str(number + 1), "session": session},
        "un-document": {"symbol": f"A/HRC/{number + 1}/L.1"},
        "judgment": {"neutral_citation": f"[{day.year}] EWHC {number + 1} (Admin)"},
        "news": {"publication": "The Example Gazette"},
    }.get(kind, {})  # fmt: skip


def _long_tail(rng: random.Random, count: int) -> list[str]:
    """`count` distinct made-up words of two or three syllables."""
    made: dict[str, None] = {}
    while len(made) < count:
        syllables = rng.choice((2, 2, 2, 3))
        word = "".join(
            rng.choice(_ONSETS) + rng.choice(_VOWELS) + rng.choice(_CODAS) for _ in range(syllables)
        )
        if len(word) >= 4:
            made[word] = None
    return list(made)


class _Words:
    """Draws words with Zipf-like frequencies: function and domain words, then the tail."""

    def __init__(self, rng: random.Random, tail: int = 8_000) -> None:
        self.rng = rng
        self.vocabulary = list(dict.fromkeys(FUNCTION_WORDS + DOMAIN_WORDS))
        self.vocabulary += _long_tail(rng, tail)
        weights = [1.0 / (rank + 3) for rank in range(len(self.vocabulary))]
        self._cumulative = list(itertools.accumulate(weights))

    def draw(self, count: int) -> list[str]:
        return self.rng.choices(self.vocabulary, cum_weights=self._cumulative, k=count)


def _sentence(words: _Words, low: int, high: int) -> str:
    rng = words.rng
    body = words.draw(rng.randint(low, high))
    if rng.random() < 0.1:
        body[rng.randrange(len(body))] = rng.choice(ACCENTED)
    # A comma now and then, and a capital at the start, as real prose has.
    for _ in range(len(body) // 12):
        spot = rng.randrange(1, len(body) - 1)
        body[spot] += ","
    text = " ".join(body)
    return text[0].upper() + text[1:] + "."


def _day(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randrange((end - start).days))


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def topic_ids(count: int = 50) -> list[str]:
    pairs = [f"{region}-{theme}" for region in REGIONS for theme in THEMES]
    if count > len(pairs):
        pairs += [f"topic-{n}" for n in range(count - len(pairs))]
    return pairs[:count]


def factbase_text(
    *, facts: int = 10_000, topics: int = 50, sources: int = 500, seed: int = 1
) -> str:
    """A fact base in schema 1 with the given numbers of facts, topics and sources."""
    rng = random.Random(seed)
    words = _Words(rng)
    out: list[str] = [
        "# Synthetic fact base generated by bench/data.py for the benchmarks.",
        "schema: 1",
        "",
        "topics:",
    ]
    topic_list = topic_ids(topics)
    for topic in topic_list:
        title = topic.replace("-", " ").capitalize()
        out += [
            f"  {topic}:",
            f"    title: {_q(title)}",
            f"    summary: {_q(_sentence(words, 12, 24))}",
        ]
    out += ["", "sources:"]
    source_list: list[tuple[str, dt.date]] = []
    for number in range(sources):
        kind = SOURCE_TYPES[number % len(SOURCE_TYPES)]
        day = _day(rng, dt.date(2015, 1, 1), dt.date(2025, 12, 31))
        source_id = f"{kind}-{day:%Y-%m}-{number:04d}"
        source_list.append((source_id, day))
        out += [
            f"  {source_id}:",
            f"    type: {kind}",
            f"    title: {_q(_sentence(words, 6, 14).rstrip('.'))}",
            f"    author: {_q(rng.choice(AUTHORS))}",
            f"    organisation: {_q(rng.choice(ORGANISATIONS))}",
            f"    date: {day.isoformat()}",
        ]
        if kind == "letter":
            out.append(f"    recipient: {_q('Lord Example of Somewhere')}")
            out.append(f"    reference: {_q(f'MC{day.year}/{number:05d}')}")
        for key, value in _type_fields(kind, day, number).items():
            out.append(f"    {key}: {_q(value)}")
        if kind != "statute":
            out += [
                f"    url: https://example.org/{kind}/{day.year}/{number:04d}",
                f"    accessed: {_day(rng, day, dt.date(2026, 1, 1)).isoformat()}",
            ]
        if number % 3 == 0:
            out.append(f"    archive: {source_id}.txt")
        if number % 10 == 0:
            out.append(f"    x-note: {_q(_sentence(words, 8, 16))}")
    out += ["", "facts:"]
    for number in range(facts):
        source_id, day = rng.choice(source_list)
        stem = "-".join(w for w in words.draw(3) if w.isascii())
        fact_topics = rng.sample(topic_list, rng.choice((1, 1, 1, 2, 2, 3)))
        tags = rng.sample(SECTION_TAGS, 1) + rng.sample(OTHER_TAGS, rng.randint(0, 2))
        out += [
            f"  - id: f{number:05d}-{stem}",
            f"    topics: [{', '.join(fact_topics)}]",
            f"    statement: {_q(_sentence(words, 22, 46))}",
            f"    source: {source_id}",
            f"    quote: {_q(_sentence(words, 10, 45))}",
        ]
        if rng.random() < 0.8:
            out.append(f"    locator: para {rng.randint(1, 40)}")
        out.append(f"    as_of: {_day(rng, day, day + dt.timedelta(days=90)).isoformat()}")
        out.append(f"    tags: [{', '.join(tags)}]")
        out.append("")
    return "\n".join(out) + "\n"


def write_factbase(folder: Path, name: str = "facts-10k.yaml", **sizes: int) -> Path:
    """Write `factbase_text(**sizes)` to `folder/name` and return the path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(factbase_text(**sizes), encoding="utf-8")
    return path


# Real queries mix whole words, phrases, prefixes mid-typing and one-letter typos.
SEARCH_QUERIES: tuple[str, ...] = (
    "forced labour",
    "xinjiang",
    "hong kong national security law",
    "sanctions",
    "detention camps",
    "journalists",
    "uyghur",
    "tibet",
    "supply chains cotton",
    "transnational repression",
    "bno visa",
    "prisoners of conscience",
    "urumqi",
    "surveillance cameras procurement",
    "genocide",
    "un human rights council",
    "sanc",  # prefixes typed so far
    "detent",
    "hon",
    "prosec",
    "su",
    "xinjaing",  # typos
    "sanctoins",
    "labuor",
    "journalsts",
    "survelliance",
    "magnitsky sanctions officials",
    "release of jimmy lai",
    "article 23",
    "students universities",
)

RECIPIENT_COLUMNS = (
    "kind",
    "honorific",
    "first_name",
    "last_name",
    "gender",
    "office",
    "organisation",
    "address",
    "occasion",
)
_FIRST = ("Alex", "Sam", "Jo", "Chris", "Pat", "Robin", "Morgan", "Jamie", "Charlie", "Ali")
_LAST = ("Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Evans", "Thomas", "Khan")


_OCCASIONS = (
    "the committee's session on the UK's relations with China",
    "the debate on transnational repression",
    "your department's statement on sanctions",
    "the urgent question on the trial of pro-democracy activists",
    "the report on forced labour in supply chains",
    "your answer to my written question",
)


def occasion(number: int) -> str:
    """Row `number`'s own opening paragraph: no two rows of a merge share a body."""
    return (
        f"As the member for constituency {number}, I write ahead of "
        f"{_OCCASIONS[number % len(_OCCASIONS)]} to ask for your support "
        f"(my letter {number} of this series) in pressing the points below."
    )


def recipient_rows(count: int = 1_000, seed: int = 2) -> list[dict[str, str]]:
    """`count` MPs as a merge's recipients: names, constituency addresses, and an
    `occasion` of their own, so every letter's body differs (as a real merge's do,
    and so no cache of a whole body can answer for the next letter)."""
    rng = random.Random(seed)
    rows = []
    for number in range(count):
        gender = rng.choice(("female", "male"))
        rows.append(
            {
                "kind": "mp",
                "honorific": "Ms" if gender == "female" else "Mr",
                "first_name": rng.choice(_FIRST),
                "last_name": f"{rng.choice(_LAST)}{number}",
                "gender": gender,
                "office": "",
                "organisation": "",
                "address": "House of Commons|London|SW1A 0AA",
                "occasion": occasion(number),
            }
        )
    return rows


def write_recipients_csv(
    path: Path, count: int = 1_000, columns: Sequence[str] = RECIPIENT_COLUMNS
) -> Path:
    """A recipients CSV with a header row and `count` rows."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.DictWriter(stream, fieldnames=list(columns), extrasaction="ignore")
        writer.writeheader()
        writer.writerows(recipient_rows(count))
    return path


def letter_markdown(citations: int = 3) -> str:
    """A one-page letter in pandoc Markdown with `citations` footnotes, for comparison."""
    rng = random.Random(3)
    words = _Words(rng, tail=500)
    paragraphs = []
    notes = []
    for number in range(1, citations + 1):
        paragraphs.append(f"{_sentence(words, 25, 40)}[^{number}]")
        notes.append(
            f"[^{number}]: Foreign, Commonwealth and Development Office, "
            f"'{_sentence(words, 6, 10).rstrip('.')}' (letter to Lord Example, "
            f"{number} January 2023) para {number + 2}."
        )
    return (
        "The Rt Hon Jane Smith MP  \nHouse of Commons  \nLondon SW1A 0AA\n\n"
        "1 March 2026\n\nDear Ms Smith,\n\n"
        + "\n\n".join(paragraphs)
        + "\n\n"
        + _sentence(words, 20, 30)
        + "\n\nYours sincerely,\n\nLord Example\n\n"
        + "\n".join(notes)
        + "\n"
    )


def merge_draft_text(factbase: FactBase, citations: int = 3) -> str:
    """A letter draft for a merge: the minister-letter template and `citations` facts.

    The facts are the first of the topic with most facts in `factbase`, so the draft
    works with whatever base is bundled; each row of the recipients CSV gives whom it
    goes to. The sender and the date are fixed, so every run writes the same letters.
    """
    topic = max(factbase.topics, key=lambda t: len(factbase.facts_for_topic(t)))
    facts = [fact.id for fact in factbase.facts_for_topic(topic)[:citations]]
    if len(facts) < citations:
        raise ValueError(f"no topic has {citations} facts")
    lines = [
        "schema: 1",
        "template: minister-letter",
        f"topic: {topic}",
        "facts:",
        *(f"  - {fact}" for fact in facts),
        "sender:",
        "  name: Lord Example of Anytown",
        "  title: Member of the House of Lords",
        "  organisation: House of Lords",
        "  address: [London SW1A 0PW]",
        "fields:",
        "  subject: Human rights in the UK's dialogue with China",
        "  occasion: >-",
        "    As a member of the committee, I write ahead of its session on the UK's",
        "    relations with China to ask for your support in pressing the points below.",
        "  asks: |-",
        "    Will you ask the Foreign Secretary to publish the commitments sought?",
        "    Will you support a debate on transnational repression before the recess?",
        "date: 2026-03-02",
        "our_ref: LE/2026/001",
    ]
    return "\n".join(lines) + "\n"


def written_body(facts: Sequence[Fact], paragraphs: int = 20) -> str:
    """A researcher's body of `paragraphs` paragraphs, two cited sentences each (the
    facts' own statements, each cited to its fact, several facts to a sentence now and
    then), and one sentence with a figure and no citation: what `drafter check` and the
    app's Write step check as a letter is written."""
    if len(facts) < 2:
        raise ValueError("a body cites two facts at least")
    out = []
    for number in range(paragraphs):  # each fact once, when there are enough of them
        first, second = facts[2 * number % len(facts)], facts[(2 * number + 1) % len(facts)]
        lead = first.statement.rstrip(".")
        out.append(
            f"{lead} [@{first.id}]. {second.statement.rstrip('.')} "
            + (f"[@{second.id}; @{first.id}]." if number % 4 == 3 else f"[@{second.id}].")
        )
    out[-1] += " Some 40 people have written to me about it since 2024."
    return "\n\n".join(out) + "\n"


def checked_draft_text(factbase: FactBase, paragraphs: int = 20) -> str:
    """A minister-letter draft whose body is `written_body` over the facts of the topic
    with most facts in `factbase`."""
    topic = max(factbase.topics, key=lambda t: len(factbase.facts_for_topic(t)))
    facts = factbase.facts_for_topic(topic)
    body = written_body(facts, paragraphs)
    lines = [
        "schema: 1",
        "template: minister-letter",
        f"topic: {topic}",
        "fields:",
        "  subject: Human rights in the UK's dialogue with China",
        "body: |",
        *(f"  {line}" if line else "" for line in body.splitlines()),
        "date: 2026-03-02",
    ]
    return "\n".join(lines) + "\n"
