"""What a fact says, apart from its attribution: the rows of the app's fact lists."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from drafter.facts.gist import abbreviate, fact_gist, short_source_name
from drafter.facts.loader import Fact, Source, load_factbase

REPO = Path(__file__).resolve().parent.parent
DAY = dt.date(2024, 3, 5)


def source(**values: object) -> Source:
    base: dict[str, object] = {
        "id": "s",
        "type": "letter",
        "title": "A letter",
        "author": "Minister for Lighthouses",
        "organisation": "Department for Coastal Affairs and Harbours",
        "date": DAY,
    }
    return Source(**(base | values))  # type: ignore[arg-type]


def fact(statement: str) -> Fact:
    return Fact(id="f", topics=("t",), statement=statement, source_id="s", quote="q", as_of=DAY)


@pytest.mark.parametrize(
    ("statement", "who", "says"),
    [
        (
            "The DCAH told Ms Rowe in March 2024 that the lamp at Gull Point would be relit.",
            "DCAH",
            "The lamp at Gull Point would be relit.",
        ),
        (
            "The DCAH told Ms Rowe in March 2024, repeating an answer of 2 May, that keepers "
            "would stay.",
            "DCAH",
            "Keepers would stay.",
        ),
        (
            "The DCAH said in March 2024 that, after a review, two lamps would close.",
            "DCAH",
            "After a review, two lamps would close.",
        ),
        (
            "According to the DCAH, the harbour wall was repaired in 2023.",
            "DCAH",
            "The harbour wall was repaired in 2023.",
        ),
        (
            "Friends of Coastal Light called on the minister in March 2024 to fund the repairs.",
            "FCL",
            "Called on the minister to fund the repairs.",
        ),
        (
            "Friends of Coastal Light's chair, Ann Bell, warned in March 2024 that the light "
            "was failing.",
            "FCL",
            "The light was failing.",
        ),
    ],
)
def test_attribution_comes_off_the_front(statement: str, who: str, says: str) -> None:
    gist = fact_gist(fact(statement), source())
    assert (gist.who, gist.says) == (who, says)
    assert gist.attribution == f"{who}, Mar 2024"


def test_a_statement_without_an_attribution_is_kept_whole_with_the_sources_name() -> None:
    gist = fact_gist(fact("two lamps closed in 2023."), source(organisation=""))
    assert gist.says == "Two lamps closed in 2023."
    assert gist.who == "Minister for Lighthouses"  # "for" joins: two significant words


def test_a_short_name_given_by_the_source_wins() -> None:
    given = source(extensions={"x-short-name": "Coastal Affairs"})
    assert short_source_name(given) == "Coastal Affairs"
    assert fact_gist(fact("The DCAH said that the lamp was lit."), given).who == "Coastal Affairs"


@pytest.mark.parametrize(
    ("name", "short"),
    [
        ("Foreign, Commonwealth and Development Office", "FCDO"),
        ("Amnesty International UK", "AIUK"),
        ("Congressional-Executive Commission on China", "CECC"),
        ("House of Lords", "House of Lords"),
        ("Ann Bell", "Ann Bell"),
        ("Friends of the earth and sky", "Friends of the earth and sky"),
    ],
)
def test_long_names_are_abbreviated(name: str, short: str) -> None:
    assert abbreviate(name) == short


def test_every_bundled_hong_kong_fact_says_something_different() -> None:
    """At 80 columns a row shows about 70 characters: they must tell the facts apart."""
    base = load_factbase([REPO / "facts.yaml"])
    facts = list(base.facts_for_topic("hong-kong"))
    gists = [fact_gist(f, base.source_of(f)) for f in facts]
    openings = {g.says[:50] for g in gists}
    assert len(openings) == len(facts)
    assert all(not g.says.startswith(("The FCDO", "Amnesty")) for g in gists)
