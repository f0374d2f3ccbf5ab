"""OSCOLA citation text for every source type, and ibid / "(n X)" numbering."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from drafter.drafting.citations import Citations, full_citation, short_citation
from drafter.facts.loader import SOURCE_TYPES, Fact, Source
from drafter.textfmt import join_and, uk_date

ACCESSED = dt.date(2026, 11, 22)

SOURCES = {
    "letter": Source(
        id="fcdo-letter",
        type="letter",
        title="Reply on the CECC report",
        author="Minister of State responsible for Human Rights",
        organisation="Foreign, Commonwealth and Development Office",
        recipient="Lord Alton of Liverpool",
        date=dt.date(2023, 1, 8),
        reference="MC2022/30120",
    ),
    "press-release": Source(
        id="amnesty-release",
        type="press-release",
        title="UK/China: 'Red lines, not red carpet' needed as Lammy hosts top China diplomat",
        author="Amnesty International UK",
        organisation="Amnesty International UK",
        date=dt.date(2025, 2, 13),
        url="https://www.amnesty.org.uk/press-releases/red-lines",
        accessed=ACCESSED,
    ),
    "report": Source(
        id="cecc-report",
        type="report",
        title="2022 Annual Report",
        author="Congressional-Executive Commission on China",
        date=dt.date(2022, 11, 1),
    ),
    "speech": Source(
        id="mansion-house",
        type="speech",
        title="Foreign Secretary's Mansion House speech",
        author="James Cleverly",
        organisation="Mansion House",
        date=dt.date(2023, 4, 25),
    ),
    "hansard": Source(
        id="hl-deb-2022-11-17",
        type="hansard",
        title="China: Human Rights",
        author="Lord Ahmad of Wimbledon",
        organisation="House of Lords",
        date=dt.date(2022, 11, 17),
        reference="vol 825, col 1234",
    ),
    "webpage": Source(
        id="gov-uk-guidance",
        type="webpage",
        title="Overseas business risk: China",
        author="Foreign, Commonwealth and Development Office",
        organisation="GOV.UK",
        date=dt.date(2024, 3, 1),
        url="https://www.gov.uk/government/publications/overseas-business-risk-china",
        accessed=dt.date(2026, 11, 20),
    ),
    "statute": Source(
        id="msa-2015",
        type="statute",
        title="Modern Slavery Act 2015",
        author="Parliament of the United Kingdom",
        date=dt.date(2015, 3, 26),
    ),
    "statement": Source(
        id="un-joint-statement",
        type="statement",
        title="Joint statement on the human rights situation in Xinjiang",
        author="United Kingdom Mission to the United Nations",
        organisation="UN Third Committee",
        date=dt.date(2022, 10, 31),
    ),
}

FULL = {
    "letter": "Letter from the Minister of State responsible for Human Rights, Foreign, "
    "Commonwealth and Development Office, to Lord Alton of Liverpool (8 January 2023) "
    "MC2022/30120.",
    "press-release": 'Amnesty International UK, \'UK/China: "Red lines, not red carpet" '
    "needed as Lammy hosts top China diplomat' (Press release, 13 February 2025) "
    "<https://www.amnesty.org.uk/press-releases/red-lines> accessed 22 November 2026.",
    "report": "Congressional-Executive Commission on China, 2022 Annual Report (1 November 2022).",
    "speech": "James Cleverly, 'Foreign Secretary's Mansion House speech' "
    "(Speech, Mansion House, 25 April 2023).",
    "hansard": "HL Deb 17 November 2022, vol 825, col 1234.",
    "webpage": "Foreign, Commonwealth and Development Office, 'Overseas business risk: China' "
    "(GOV.UK, 1 March 2024) "
    "<https://www.gov.uk/government/publications/overseas-business-risk-china> "
    "accessed 20 November 2026.",
    "statute": "Modern Slavery Act 2015.",
    "statement": "United Kingdom Mission to the United Nations, 'Joint statement on the human "
    "rights situation in Xinjiang' (Statement, UN Third Committee, 31 October 2022).",
}

SHORT = {
    "letter": "Letter from the Minister of State responsible for Human Rights to Lord Alton of "
    "Liverpool",
    "press-release": "Amnesty International UK",
    "report": "Congressional-Executive Commission on China",
    "speech": "James Cleverly",
    "hansard": "HL Deb 17 November 2022",
    "webpage": "Foreign, Commonwealth and Development Office",
    "statute": "Modern Slavery Act 2015",
    "statement": "United Kingdom Mission to the United Nations",
}


def fact(fact_id: str, source: Source, locator: str = "") -> Fact:
    return Fact(
        id=fact_id,
        topics=("xinjiang",),
        statement=f"Statement of {fact_id}.",
        source_id=source.id,
        quote=f"Quote of {fact_id}.",
        as_of=source.date,
        locator=locator,
    )


def test_every_source_type_has_a_case() -> None:
    assert set(SOURCES) == set(SOURCE_TYPES) == set(FULL) == set(SHORT)


@pytest.mark.parametrize("kind", SOURCE_TYPES)
def test_full_citation(kind: str) -> None:
    assert full_citation(SOURCES[kind]) == FULL[kind]


@pytest.mark.parametrize("kind", SOURCE_TYPES)
def test_short_citation(kind: str) -> None:
    assert short_citation(SOURCES[kind]) == SHORT[kind]


@pytest.mark.parametrize(
    ("kind", "locator", "expected_end"),
    [
        ("letter", "para 3", "(8 January 2023) MC2022/30120, para 3."),
        ("hansard", "col 1236", "vol 825, col 1234, col 1236."),
        ("statute", "s 54", "Modern Slavery Act 2015, s 54."),
        ("report", "ch 4", "(1 November 2022) ch 4."),
        (
            "webpage",
            "section 2",
            "(GOV.UK, 1 March 2024) section 2 <https://www.gov.uk/government/publications/"
            "overseas-business-risk-china> accessed 20 November 2026.",
        ),
    ],
)
def test_pinpoint_goes_before_the_url(kind: str, locator: str, expected_end: str) -> None:
    assert full_citation(SOURCES[kind], locator).endswith(expected_end)


def test_url_ends_with_the_sources_own_accessed_date() -> None:
    text = full_citation(SOURCES["webpage"])
    assert text.endswith("> accessed 20 November 2026.")
    undated = Source(
        id="x", type="webpage", title="T", author="A", date=dt.date(2024, 1, 2), url="https://a.b"
    )
    assert full_citation(undated) == "A, 'T' (2 January 2024) <https://a.b>."


def test_hansard_without_a_house_and_with_a_full_reference() -> None:
    written = Source(
        id="x",
        type="hansard",
        title="Written statement HCWS12",
        author="Anne-Marie Trevelyan",
        organisation="House of Commons",
        date=dt.date(2022, 11, 17),
        reference="HC Deb 17 November 2022, vol 722, col 12WS",
    )
    assert full_citation(written) == "HC Deb 17 November 2022, vol 722, col 12WS."
    assert short_citation(written) == "HC Deb 17 November 2022"
    unknown = Source(
        id="y",
        type="hansard",
        title="Debate on Hong Kong",
        author="Hansard",
        date=dt.date(2021, 5, 4),
    )
    assert full_citation(unknown) == "'Debate on Hong Kong' (Hansard, 4 May 2021)."


def test_apostrophes_in_a_title_stay_single() -> None:
    source = SOURCES["speech"]
    assert "'Foreign Secretary's Mansion House speech'" in full_citation(source)


def test_letter_from_a_person_takes_no_article() -> None:
    source = Source(
        id="x",
        type="letter",
        title="Reply",
        author="Jane Smith MP",
        recipient="Lord Alton of Liverpool",
        date=dt.date(2024, 5, 6),
    )
    assert (
        full_citation(source)
        == "Letter from Jane Smith MP to Lord Alton of Liverpool (6 May 2024)."
    )


def test_numbering_ibid_and_n_cross_references() -> None:
    letter, release, hansard = SOURCES["letter"], SOURCES["press-release"], SOURCES["hansard"]
    notes = Citations()
    texts = [
        notes.cite(fact("a", letter, "para 3"), letter).text,
        notes.cite(fact("b", letter, "para 4"), letter).text,
        notes.cite(fact("c", release, "para 2"), release).text,
        notes.cite(fact("d", letter, "para 5"), letter).text,
        notes.cite(fact("e", hansard, "col 1236"), hansard).text,
        notes.cite(fact("f", release, "para 5"), release).text,
        notes.cite(fact("g", release, ""), release).text,
        notes.cite(fact("h", release, "para 7"), release).text,
        notes.cite(fact("i", release, "para 7"), release).text,
    ]
    assert texts[0] == FULL["letter"][:-1] + ", para 3."
    assert texts[1] == "ibid para 4."
    assert texts[2].startswith("Amnesty International UK, 'UK/China") and "para 2 <" in texts[2]
    assert texts[3] == SHORT["letter"] + " (n 1) para 5."
    assert texts[4] == "HL Deb 17 November 2022, vol 825, col 1234, col 1236."
    assert texts[5] == "Amnesty International UK (n 3) para 5."
    # The whole source right after a pinpoint: "ibid" would mean para 5 again.
    assert texts[6] == "Amnesty International UK (n 3)."
    assert texts[7] == "ibid para 7."
    assert texts[8] == "ibid."
    assert [n.number for n in notes.footnotes] == list(range(1, 10))
    assert notes.sources == (FULL["letter"], FULL["press-release"], FULL["hansard"])
    assert notes.fact_ids == ("a", "b", "c", "d", "e", "f", "g", "h", "i")


def test_footnote_keeps_the_full_citation_quote_and_date() -> None:
    release = SOURCES["press-release"]
    notes = Citations()
    notes.cite(fact("a", release), release)
    note = notes.cite(fact("b", release, "para 9"), release)
    assert note.text == "ibid para 9."
    assert note.full_citation == full_citation(release, "para 9")
    assert (note.fact_id, note.source_id, note.quote) == ("b", release.id, "Quote of b.")
    assert note.as_of == release.date and note.url == release.url


def test_the_same_fact_cited_twice_places_two_footnotes() -> None:
    letter = SOURCES["letter"]
    notes = Citations()
    first = fact("a", letter, "para 3")
    notes.cite(first, letter)
    assert notes.cite(first, letter).text == "ibid."
    assert notes.fact_ids == ("a",)


def test_statutes_are_repeated_in_full_not_by_n() -> None:
    act, letter = SOURCES["statute"], SOURCES["letter"]
    notes = Citations()
    notes.cite(fact("a", act, "s 54"), act)
    notes.cite(fact("b", letter), letter)
    assert notes.cite(fact("c", act, "s 1"), act).text == "Modern Slavery Act 2015, s 1."


def test_two_sources_by_one_author_are_told_apart_by_title() -> None:
    first = SOURCES["press-release"]
    second = Source(
        id="amnesty-2",
        type="press-release",
        title="Hong Kong: bounties must be withdrawn",
        author="Amnesty International UK",
        organisation="Amnesty International UK",
        date=dt.date(2025, 1, 2),
    )
    notes = Citations()
    notes.cite(fact("a", first), first)
    notes.cite(fact("b", second), second)
    text = notes.cite(fact("c", first, "para 1"), first).text
    assert text.startswith("Amnesty International UK, 'UK/China: \"Red lines")
    assert text.endswith("' (n 1) para 1.")


@pytest.mark.parametrize("kind", SOURCE_TYPES)
def test_every_citation_ends_with_one_full_stop(kind: str) -> None:
    text = full_citation(SOURCES[kind], "para 1")
    assert text.endswith(".") and not text.endswith("..")


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (dt.date(2023, 1, 8), "8 January 2023"),
        (dt.date(2026, 11, 22), "22 November 2026"),
        (dt.date(2000, 12, 31), "31 December 2000"),
    ],
)
def test_uk_date(day: dt.date, text: str) -> None:
    assert uk_date(day) == text


@given(st.dates())
def test_uk_date_has_no_leading_zero_ordinal_or_comma(day: dt.date) -> None:
    text = uk_date(day)
    assert text.split(" ")[0] == str(day.day)
    assert "," not in text and not text.startswith("0")


@pytest.mark.parametrize(
    ("items", "text"),
    [
        ([], ""),
        (["A"], "A"),
        (["A", "B"], "A and B"),
        (["A", "B", "C"], "A, B and C"),
        (["A", "", "C"], "A and C"),
    ],
)
def test_join_and(items: list[str], text: str) -> None:
    assert join_and(items) == text
