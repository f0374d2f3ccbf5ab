"""OSCOLA citation text for every source type, and ibid / "(n X)" numbering."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from drafter.drafting.citations import Citations
from drafter.facts.citations import full_citation, short_citation
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
    "ngo-report": Source(
        id="ngo-report",
        type="ngo-report",
        title="Break Their Lineage, Break Their Roots",
        author="Human Rights Watch",
        date=dt.date(2021, 4, 19),
        url="https://www.hrw.org/report/2021/04/19/break-their-lineage-break-their-roots",
        accessed=ACCESSED,
    ),
    "written-question": Source(
        id="hl1234",
        type="written-question",
        title="China: Uyghurs",
        author="Baroness Example of Town",
        date=dt.date(2024, 3, 5),
        house="HL",
        uin="HL1234",
        tabled=dt.date(2024, 2, 20),
        answering_body="Foreign, Commonwealth and Development Office",
        asker="Lord Sample of Village",
    ),
    "written-statement": Source(
        id="hcws12",
        type="written-statement",
        title="Hong Kong: six-monthly report",
        author="Anne Example MP",
        date=dt.date(2022, 11, 17),
        house="HC",
        number="HCWS12",
    ),
    "committee-report": Source(
        id="fac-never-again",
        type="committee-report",
        title="Never Again: The UK's Responsibility to Act on Atrocities in Xinjiang and Beyond",
        author="Foreign Affairs Committee",
        date=dt.date(2021, 7, 8),
        house="HC",
        number="198",
        session="2021–22",
    ),
    "act": Source(
        id="nsa-2023",
        type="act",
        title="National Security Act 2023",
        author="",
        date=dt.date(2023, 7, 11),
        year="2023",
        chapter="32",
    ),
    "si": Source(
        id="sanctions-regs",
        type="si",
        title="Example (Sanctions) Regulations",
        author="",
        date=dt.date(2020, 7, 6),
        year="2020",
        number="680",
    ),
    "bill": Source(
        id="example-bill",
        type="bill",
        title="Example Protection Bill",
        author="",
        date=dt.date(2024, 1, 10),
        house="HC",
        number="12",
        session="2023–24",
    ),
    "un-document": Source(
        id="hrc-xinjiang",
        type="un-document",
        title="Situation of human rights in Xinjiang",
        author="UN Human Rights Council",
        date=dt.date(2022, 10, 6),
        symbol="A/HRC/51/L.6",
    ),
    "judgment": Source(
        id="r-example",
        type="judgment",
        title="R (Example) v Secretary of State for the Home Department",
        short_title="Example",
        author="",
        date=dt.date(2024, 5, 1),
        neutral_citation="[2024] UKSC 12",
    ),
    "news": Source(
        id="gazette-bounties",
        type="news",
        title="Activists in London fear bounties",
        author="Jane Reporter",
        date=dt.date(2024, 12, 26),
        publication="The Example Gazette",
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
        date=dt.date(2022, 11, 17),
        house="HL",
        volume="825",
        column="1234",
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
    "Commonwealth and Development Office, to Lord Alton of Liverpool "
    "(8 January 2023, ref MC2022/30120).",
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
    "ngo-report": "Human Rights Watch, Break Their Lineage, Break Their Roots (19 April 2021) "
    "<https://www.hrw.org/report/2021/04/19/break-their-lineage-break-their-roots> "
    "accessed 22 November 2026.",
    "written-question": "Written question HL1234 from Lord Sample of Village to the Foreign, "
    "Commonwealth and Development Office, answered by Baroness Example of Town "
    "(HL, tabled 20 February 2024, answered 5 March 2024).",
    "written-statement": "Anne Example MP, 'Hong Kong: six-monthly report' "
    "(Written statement HCWS12, 17 November 2022).",
    "committee-report": "Foreign Affairs Committee, Never Again: The UK's Responsibility to Act "
    "on Atrocities in Xinjiang and Beyond (HC 2021–22, 198).",
    "act": "National Security Act 2023.",
    "si": "Example (Sanctions) Regulations 2020, SI 2020/680.",
    "bill": "Example Protection HC Bill (2023–24) [12].",
    "un-document": "UN Human Rights Council, 'Situation of human rights in Xinjiang' "
    "(6 October 2022) UN Doc A/HRC/51/L.6.",
    "judgment": "R (Example) v Secretary of State for the Home Department [2024] UKSC 12.",
    "news": "Jane Reporter, 'Activists in London fear bounties' The Example Gazette "
    "(26 December 2024).",
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
    "ngo-report": "Human Rights Watch",
    "written-question": "Written question HL1234",
    "written-statement": "Written statement HCWS12",
    "committee-report": "Foreign Affairs Committee",
    "act": "National Security Act 2023",
    "si": "Example (Sanctions) Regulations 2020, SI 2020/680",
    "bill": "Example Protection HC Bill (2023–24) [12]",
    "un-document": "UN Human Rights Council",
    "judgment": "Example",
    "news": "Jane Reporter",
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
        ("letter", "para 3", "(8 January 2023, ref MC2022/30120) para 3."),
        ("hansard", "col 1236", "HL Deb 17 November 2022, vol 825, col 1236."),
        ("statute", "s 54", "Modern Slavery Act 2015, s 54."),
        ("report", "ch 4", "(1 November 2022) ch 4."),
        ("judgment", "para 50", "[2024] UKSC 12 [50]."),
        ("judgment", "paras 50-52", "[2024] UKSC 12 [50]-[52]."),
        ("un-document", "para 3", "UN Doc A/HRC/51/L.6 para 3."),
        ("si", "reg 3", "SI 2020/680, reg 3."),
        ("bill", "cl 2", "HC Bill (2023–24) [12], cl 2."),
        ("committee-report", "para 12", "(HC 2021–22, 198) para 12."),
        ("written-question", "col 1162W", "HL Deb 5 March 2024, col 1162W."),
        (
            "webpage",
            "s 2",
            "(GOV.UK, 1 March 2024) s 2 <https://www.gov.uk/government/publications/"
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


def test_hansard_with_a_full_reference() -> None:
    written = Source(
        id="x",
        type="hansard",
        title="Written statement HCWS12",
        author="Anne Example MP",
        date=dt.date(2022, 11, 17),
        reference="HC Deb 17 November 2022, vol 722, col 12WS",
    )
    assert full_citation(written) == "HC Deb 17 November 2022, vol 722, col 12WS."
    assert full_citation(written, "col 13WS") == "HC Deb 17 November 2022, vol 722, col 13WS."
    assert short_citation(written) == "HC Deb 17 November 2022"


def test_written_answers_and_statements_printed_in_hansard_take_its_form() -> None:
    answer = dataclasses.replace(SOURCES["written-question"], volume="836", column="1162W")
    assert full_citation(answer) == "HL Deb 5 March 2024, vol 836, col 1162W."
    assert short_citation(answer) == "HL Deb 5 March 2024"
    statement = dataclasses.replace(SOURCES["written-statement"], volume="722", column="12WS")
    assert (
        full_citation(statement, "para 2") == "HC Deb 17 November 2022, vol 722, col 12WS, para 2."
    )


def test_holding_and_corrected_answers_are_marked() -> None:
    holding = dataclasses.replace(SOURCES["written-question"], holding=True, tabled=None)
    assert full_citation(holding).endswith("(HL, holding answer 5 March 2024).")
    corrected = dataclasses.replace(SOURCES["written-question"], corrected=True, tabled=None)
    assert full_citation(corrected).endswith("(HL, corrected answer 5 March 2024).")


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
    assert texts[0] == FULL["letter"][:-1] + " para 3."
    assert texts[1] == "ibid para 4."
    assert texts[2].startswith("Amnesty International UK, 'UK/China") and "para 2 <" in texts[2]
    assert texts[3] == SHORT["letter"] + " (n 1) para 5."
    assert texts[4] == "HL Deb 17 November 2022, vol 825, col 1236."
    assert texts[5] == "Amnesty International UK (n 3) para 5."
    # The whole source right after a pinpoint: "ibid" would mean para 5 again.
    assert texts[6] == "Amnesty International UK (n 3)."
    assert texts[7] == "ibid para 7."
    assert texts[8] == "ibid."
    assert [n.number for n in notes.footnotes] == list(range(1, 10))
    # The bibliography: alphabetical by author, no final full stop, Markdown.
    assert notes.sources == (
        'Amnesty International UK, \'UK/China: "Red lines, not red carpet" needed as Lammy '
        "hosts top China diplomat' (Press release, 13 February 2025) "
        "<https://www.amnesty.org.uk/press-releases/red-lines> accessed 22 November 2026",
        "HL Deb 17 November 2022, vol 825, col 1234",
        FULL["letter"][:-1],
    )
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
