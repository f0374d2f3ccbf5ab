"""Templates, render() and the golden Markdown of every bundled template."""

from __future__ import annotations

import datetime as dt
import textwrap
from dataclasses import replace
from pathlib import Path

import pytest

from drafter import paths
from drafter.drafting.briefing import (
    BRIEFING_SECTIONS,
    KEY_FACTS,
    briefing_section,
    group_by_section,
)
from drafter.drafting.draft import Draft
from drafter.drafting.origin import Origin
from drafter.drafting.render import render
from drafter.drafting.template_check import check_template
from drafter.drafting.templates import TemplateSet, parse_template
from drafter.errors import DraftError, TemplateError
from drafter.export.markdown import to_markdown
from drafter.facts.loader import FactBase, load_factbase
from drafter.people.address import Recipient
from drafter.people.sender import Sender

TESTS = Path(__file__).resolve().parent
GOLDEN = TESTS / "golden"
THIRD_PARTY = TESTS / "data" / "templates"
TODAY = dt.date(2026, 11, 23)
BUNDLED = (
    "ambassador-letter",
    "briefing-note",
    "correspondent-reply",
    "minister-letter",
    "written-question",
)

SENDER = Sender(
    name="Lord Smith of Town",
    title="Member of the House of Lords",
    organisation="House of Lords",
    address=("London SW1A 0PW",),
    email="smithl@parliament.uk",
)
MINISTER = Recipient(
    kind="minister",
    honorific="Ms",
    first_name="Anna",
    last_name="Brown",
    office="Minister of State for the Indo-Pacific",
    organisation="Foreign, Commonwealth and Development Office",
    address=("King Charles Street", "London SW1A 2AH"),
)
AMBASSADOR = Recipient(
    kind="ambassador",
    honorific="Mr",
    first_name="Zhang",
    last_name="Wei",
    office="Ambassador of the People's Republic of China to the United Kingdom",
    organisation="Embassy of the People's Republic of China",
    address=("49 Portland Place", "London W1B 1JL"),
)
CORRESPONDENT = Recipient(
    kind="person",
    honorific="Mrs",
    first_name="Ann",
    last_name="Lee",
    address=("12 High Street", "Liverpool L1 1AA"),
)

GOLDEN_DRAFTS = {
    "minister-letter": Draft(
        template="minister-letter",
        topic="hong-kong",
        facts=[
            "amnesty-hong-kong-third-round-bounties",
            "amnesty-hong-kong-overseas-activists-targeted-uk",
            "amnesty-hong-kong-bounties-intimidate-critics",
            "amnesty-diaspora-threats-transnational-repression",
            "fcdo-hong-kong-opposition-to-national-security-law",
        ],
        recipient=MINISTER,
        sender=SENDER,
        fields={
            "subject": "Hong Kong police bounties on activists living in the UK",
            "occasion": "I am writing about the bounties that the Hong Kong police have offered "
            "for information on democracy activists who live overseas, most of them in the "
            "United Kingdom, and about what the Government is doing to protect them.",
            "asks": "What representations have Ministers made to the Hong Kong and Chinese "
            "authorities about the bounties announced on 24 December 2024?\n"
            "What protection and advice are the police and the Home Office giving to the "
            "activists in the UK who have been targeted?\n"
            "Will the Government publish its assessment of transnational repression directed "
            "at Hong Kongers living in the UK?",
        },
        date=TODAY,
        our_ref="HK/2026/14",
    ),
    "ambassador-letter": Draft(
        template="ambassador-letter",
        topic="human-rights-defenders",
        facts=[
            "amnesty-release-jimmy-lai-chow-hang-tung-ding-jiaxi",
            "amnesty-release-ilham-tohti",
            "amnesty-peaceful-critics-targeted",
            "amnesty-defenders-activists-religious-persecution",
            "fcdo-hong-kong-prosecution-of-democracy-figures-unacceptable",
        ],
        recipient=AMBASSADOR,
        sender=SENDER,
        fields={
            "subject": "Prisoners of conscience in China and Hong Kong",
            "occasion": "I am writing to raise with you the cases of prisoners of conscience "
            "held in China and Hong Kong, among them the British national Jimmy Lai.",
            "asks": "Release Jimmy Lai, Chow Hang-tung, Ding Jiaxi and Ilham Tohti.\n"
            "Allow their families and lawyers to visit them, and ensure that they receive "
            "the medical care they need.\n"
            "Allow British consular officials to attend Mr Lai's hearings.",
        },
        date=TODAY,
        our_ref="PC/2026/3",
    ),
    "correspondent-reply": Draft(
        template="correspondent-reply",
        topic="transnational-repression",
        facts=[
            "amnesty-hong-kong-overseas-activists-targeted-uk",
            "amnesty-diaspora-threats-transnational-repression",
            "amnesty-condemn-suppression-of-activists",
        ],
        recipient=CORRESPONDENT,
        sender=SENDER,
        fields={
            "subject": "Hong Kong activists living in the UK",
            "letter_date": "9 November 2026",
            "concern": "the targeting of Hong Kong activists who have made their homes in the "
            "United Kingdom",
            "action": "I have written to the Minister of State at the Foreign, Commonwealth and "
            "Development Office to ask what representations the Government has made about the "
            "Hong Kong police bounties, and what protection is being given to those targeted. "
            "I will write to you again when I have the Minister's reply.",
        },
        date=TODAY,
        our_ref="TR/2026/41",
        your_ref="AL/11/26",
    ),
    "briefing-note": Draft(
        template="briefing-note",
        topic="xinjiang",
        facts=[
            "amnesty-xinjiang-tibet-repression-continued",
            "fcdo-cecc-report-xinjiang-hong-kong",
            "fcdo-sanctions-global-human-rights-regime-xinjiang",
            "fcdo-xinjiang-business-guidance",
            "fcdo-xinjiang-un-third-committee-2022",
            "fcdo-sanctions-coordinated-us-canada-eu",
            "amnesty-challenge-xinjiang-tibet-repression",
            "amnesty-release-ilham-tohti",
            "amnesty-wang-yi-visit-february-2025",
        ],
        sender=SENDER,
        fields={"occasion": "the House of Lords debate on Xinjiang on 3 December 2026"},
        date=TODAY,
    ),
    "written-question": Draft(
        template="written-question",
        topic="hong-kong",
        facts=[
            "amnesty-hong-kong-third-round-bounties",
            "amnesty-hong-kong-overseas-activists-targeted-uk",
            "fcdo-hong-kong-opposition-to-national-security-law",
        ],
        sender=SENDER,
        fields={
            "matter": "the bounties offered by the Hong Kong police for information on "
            "democracy activists living in the United Kingdom"
        },
        date=TODAY,
    ),
}


@pytest.fixture(scope="module")
def factbase() -> FactBase:
    return load_factbase([paths.bundled_facts()])


@pytest.fixture(scope="module")
def templates() -> TemplateSet:
    return TemplateSet.from_folders([paths.bundled_templates()])


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / f"{name}.md.j2"
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def one_template(tmp_path: Path, text: str, name: str = "custom") -> TemplateSet:
    write(tmp_path, name, text)
    return TemplateSet.from_folders([tmp_path])


LETTER_HEAD = """\
---
name: Test letter
kind: letter
fields:
  - name: subject
    label: Subject line
    required: true
---
"""


def letter_draft(template: str = "custom", **changes: object) -> Draft:
    draft = Draft(
        template=template,
        topic="hong-kong",
        facts=["amnesty-hong-kong-third-round-bounties", "fcdo-hong-kong-electoral-changes"],
        recipient=MINISTER,
        sender=SENDER,
        fields={"subject": "Bounties"},
        date=TODAY,
    )
    for key, value in changes.items():
        setattr(draft, key, value)
    return draft


# -- golden files ------------------------------------------------------------------------


def test_every_bundled_template_has_a_golden_draft(templates: TemplateSet) -> None:
    assert tuple(templates.names()) == BUNDLED == tuple(sorted(GOLDEN_DRAFTS))


@pytest.mark.parametrize("name", BUNDLED)
def test_golden_markdown(
    name: str, factbase: FactBase, templates: TemplateSet, update_golden: bool
) -> None:
    doc = render(GOLDEN_DRAFTS[name], factbase, templates, today=TODAY)
    text = to_markdown(doc)
    golden = GOLDEN / f"{name}.md"
    if update_golden:
        golden.write_text(text, encoding="utf-8")
    assert golden.exists(), f"run pytest --update-golden to create {golden.name}"
    assert text == golden.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", BUNDLED)
def test_bundled_templates_cite_every_fact_and_leave_no_gaps(
    name: str, factbase: FactBase, templates: TemplateSet
) -> None:
    doc = render(GOLDEN_DRAFTS[name], factbase, templates, today=TODAY)
    assert not [w for w in doc.warnings if w.code == "uncited-fact"]
    assert doc.body.count("[^") == len(doc.footnotes) > 0
    for bad in ("[insert", "lorem", "TODO", "XXX", "{{", "{%", "\ue000"):
        assert bad not in doc.body
    assert "\n\n\n" not in doc.body and " \n" not in doc.body


@pytest.mark.parametrize("name", BUNDLED)
def test_bundled_templates_pass_the_checker(name: str) -> None:
    assert check_template(paths.bundled_templates() / f"{name}.md.j2") == []


def test_written_question_in_the_commons_form(factbase: FactBase, templates: TemplateSet) -> None:
    draft = GOLDEN_DRAFTS["written-question"].copy()
    draft.fields |= {"house": "commons", "pronoun": "her"}
    body = render(draft, factbase, templates, today=TODAY).body
    assert (
        "To ask the Secretary of State for Foreign, Commonwealth and Development Affairs, what "
        "assessment her Department has made of the bounties offered by the Hong Kong police"
    ) in body
    assert "His Majesty's Government" not in body


# -- a template written from docs/templates.md alone ---------------------------------------


def test_a_third_party_template_renders_an_unseen_fact_base() -> None:
    factbase = load_factbase([THIRD_PARTY / "krill-facts.yaml"])
    templates = TemplateSet.discover([THIRD_PARTY])
    assert "committee-chair-letter" in templates.names()
    draft = Draft(
        template="committee-chair-letter",
        topic="krill-fishing",
        facts=[
            "krill-catch-record",
            "krill-catch-near-limit",
            "minister-krill-review",
            "fisheries-act-objectives",
            "penguin-decline",
            "commission-plastics",
            "krill-catch-record",  # a repeat is dropped
        ],
        recipient=Recipient(
            kind="mp",
            honorific="Dr",
            first_name="Ruth",
            last_name="Okafor",
            office="Chair, Environmental Audit Committee",
            organisation="House of Commons",
            address=("London SW1A 0AA",),
        ),
        sender=SENDER,
        fields={
            "subject": "Krill fishing in the Southern Ocean",
            "committee": "Environmental Audit Committee",
            "requests": "Hold a one-off evidence session.\n\n  Ask the Government for its review. ",
        },
        date=dt.date(2026, 6, 1),
        our_ref="KR/1",
        your_ref="EAC/26",
    )
    doc = render(draft, factbase, templates, today=dt.date(2026, 11, 23))
    assert doc.body == textwrap.dedent(
        """\
        I write to ask the Environmental Audit Committee to look into antarctic krill fishing, \
on which I wrote to Dr Ruth Okafor MP on 1 June 2026 (your ref EAC/26).

        The evidence comes from Southern Ocean Fisheries Commission, Baroness Example, \
Parliament of the United Kingdom and Polar Survey Trust.

        - The Southern Ocean Fisheries Commission reported that the 2025 krill catch was the \
largest on record.[^1] (report, 2 March 2026)
        - The Commission said the catch had come within a tenth of the precautionary limit.[^2] \
(report, 2 March 2026)
        - The minister told the House of Lords in April 2026 that the Government would review \
its position on krill quotas.[^3] (hansard, 16 April 2026)
        - The Fisheries Act 2020 sets a sustainability objective for fisheries policy.[^4] \
(statute, 23 November 2020)
        - The Polar Survey Trust reported that chinstrap penguin colonies near the fishing \
grounds had declined for ten years.[^5] (webpage, 1 May 2026)
        - The Commission's review also recorded plastic debris in krill nets.[^6] \
(report, 2 March 2026)

        I ask the committee to:

        1. Hold a one-off evidence session.
        2. Ask the Government for its review.

        Lord Smith of Town (Member of the House of Lords) would be glad to give evidence; \
write to smithl@parliament.uk.
        Our reference is KR/1; this letter cites 6 facts on fishing for krill in the \
southern ocean and its effect on penguins and whales."""
    )
    assert [n.text for n in doc.footnotes] == [
        "Southern Ocean Fisheries Commission, Krill Catch Review 2026 (2 March 2026) "
        "SOFC/2026/4, para 2.1.",
        "ibid para 2.4.",
        "HL Deb 16 April 2026, vol 851, col 1203.",  # the column once
        "Fisheries Act 2020, s 1(2).",
        "Polar Survey Trust, 'Penguin colonies: \"a decade of decline\"' (1 May 2026) "
        "<https://example.org/penguin-colonies> accessed 20 November 2026.",
        "Southern Ocean Fisheries Commission (n 1) para 5.2.",
    ]
    assert doc.frame is not None
    assert doc.frame.salutation == "Dear Chair"  # the template's override
    assert doc.frame.valediction == "Yours sincerely"
    assert doc.frame.recipient_block[0] == "Dr Ruth Okafor MP"
    assert (doc.frame.our_ref, doc.frame.your_ref) == ("KR/1", "EAC/26")
    assert doc.title == doc.frame.subject == "Krill fishing in the Southern Ocean"
    assert [(w.code, w.fact_id) for w in doc.warnings] == [
        ("stale-fact", "fisheries-act-objectives"),
        ("other-topic", "commission-plastics"),
    ]
    assert doc.fact_ids[0] == "krill-catch-record" and len(doc.fact_ids) == 6
    # The bibliography is alphabetical by author (legislation and debates by their title).
    assert [s.split(",")[0].split(" (")[0] for s in doc.sources] == [
        "Fisheries Act 2020",
        "HL Deb 16 April 2026",
        "Polar Survey Trust",
        "Southern Ocean Fisheries Commission",
    ]
    assert doc.sources[3].startswith("Southern Ocean Fisheries Commission, *Krill Catch Review")


# -- discovery ---------------------------------------------------------------------------


def test_user_templates_override_bundled_and_extra_dirs_override_both(
    tmp_path: Path, factbase: FactBase
) -> None:
    user = paths.user_templates_dir()
    user.mkdir(parents=True)
    write(user, "minister-letter", LETTER_HEAD + "From the user folder.{{ cite(facts[0]) }}\n")
    write(user, "own", LETTER_HEAD + "Mine.\n")
    templates = TemplateSet.discover()
    assert set(BUNDLED) | {"own"} == set(templates.names())
    body = render(letter_draft("minister-letter"), factbase, templates, today=TODAY).body
    assert body == "From the user folder.[^1]"
    extra = tmp_path / "extra"
    extra.mkdir()
    write(extra, "minister-letter", LETTER_HEAD + "From --templates.\n")
    templates = TemplateSet.discover([extra])
    body = render(letter_draft("minister-letter"), factbase, templates, today=TODAY).body
    assert body == "From --templates."


def test_a_missing_templates_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(TemplateError, match="is not a folder of templates"):
        TemplateSet.discover([tmp_path / "nowhere"])


def test_unknown_template_suggests_a_name(templates: TemplateSet) -> None:
    with pytest.raises(TemplateError) as caught:
        templates.get("minister-leter")
    assert "no template named 'minister-leter'" in str(caught.value)
    assert "did you mean 'minister-letter'?" in str(caught.value)


def test_a_broken_user_template_is_reported_not_silently_replaced(tmp_path: Path) -> None:
    write(tmp_path, "minister-letter", "no front matter\n")
    templates = TemplateSet.from_folders([paths.bundled_templates(), tmp_path])
    assert "minister-letter" not in templates.names()
    assert templates.problems and "front matter" in templates.problems[0].message
    with pytest.raises(TemplateError, match="starts with front matter"):
        templates.get("minister-letter")


def test_templates_are_compiled_once(
    tmp_path: Path, factbase: FactBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    templates = one_template(tmp_path, LETTER_HEAD + "Text.{{ cite(facts[0]) }}\n")
    (tmp_path / "custom.md.j2").unlink()  # rendering never goes back to the file
    loads: list[str] = []
    loader = templates.environment.loader
    assert loader is not None
    original = loader.get_source
    monkeypatch.setattr(
        loader, "get_source", lambda env, name: loads.append(name) or original(env, name)
    )
    for _ in range(3):
        render(letter_draft(), factbase, templates, today=TODAY)
    assert loads == ["custom"]


# -- front matter ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("Body only\n", 1, "a template starts with front matter"),
        ("---\nname: x\nkind: letter\n", 1, "no closing '---' line"),
        ("---\nname: x\nkind: [letter\n---\n", 4, "YAML syntax error"),
        ("---\nname: x\nkind: letter\ndescripton: y\n---\n", 4, "unknown key 'descripton'"),
        ("---\nname: x\nkind: memo\n---\n", 3, "kind 'memo' is not known"),
        ("---\nkind: letter\n---\n", 2, "has no 'name'"),
        ("---\nname: x\nkind: letter\nfields:\n  - name: Sub-ject\n---\n", 5, "cannot be used"),
        (
            "---\nname: x\nkind: letter\nfields:\n  - name: a\n  - name: a\n---\n",
            6,
            "field 'a' is declared twice",
        ),
        (
            "---\nname: x\nkind: letter\nfields:\n  - name: a\n    requird: true\n---\n",
            6,
            "unknown key 'requird'",
        ),
    ],
)
def test_front_matter_problems_name_the_file_line(text: str, line: int, message: str) -> None:
    with pytest.raises(TemplateError) as caught:
        parse_template(text, Path("t.md.j2"))
    problem = caught.value.problems[0]
    assert (problem.file, problem.line) == ("t.md.j2", line)
    assert message in problem.message


def test_front_matter_is_read() -> None:
    template = parse_template(
        textwrap.dedent(
            """\
            ---
            name: Letter to a Minister
            description: Raise concerns.
            kind: letter
            salutation: Dear Colleague
            x-owner: the private office
            fields:
              - name: subject
                label: Subject line
                required: true
              - name: asks
                default: |
                  One
                  Two
                help: One request a line.
            ---
            Body {{ fields.subject }}
            """
        ),
        Path("minister-letter.md.j2"),
    )
    assert (template.name, template.title, template.kind) == (
        "minister-letter",
        "Letter to a Minister",
        "letter",
    )
    assert template.salutation == "Dear Colleague" and template.valediction == ""
    subject, asks = template.fields
    assert (subject.label, subject.required, subject.line) == ("Subject line", True, 8)
    assert (asks.label, asks.default, asks.help) == ("Asks", "One\nTwo", "One request a line.")
    assert template.body_line == 17 and template.body == "Body {{ fields.subject }}\n"
    assert template.extensions == {"x-owner": "the private office"}


# -- errors in the body ------------------------------------------------------------------


def test_syntax_error_names_the_file_line(tmp_path: Path, factbase: FactBase) -> None:
    templates = one_template(tmp_path, LETTER_HEAD + "Fine.\n\n{% for fact in facts %}\n")
    with pytest.raises(TemplateError) as caught:
        render(letter_draft(), factbase, templates, today=TODAY)
    problem = caught.value.problems[0]
    assert problem.file == str(tmp_path / "custom.md.j2")
    assert problem.line == 11
    assert problem.message == "template syntax error"
    assert "Traceback" not in str(caught.value)


def test_undefined_name_is_named_with_its_line(tmp_path: Path, factbase: FactBase) -> None:
    templates = one_template(tmp_path, LETTER_HEAD + "Line 8.\n\n{{ recipeint.name }}\n")
    with pytest.raises(TemplateError) as caught:
        render(letter_draft(), factbase, templates, today=TODAY)
    problem = caught.value.problems[0]
    assert problem.line == 11
    assert "'recipeint' is undefined" in problem.message
    assert "recipient" in problem.hint


def test_undefined_attribute_of_a_fact_is_named(tmp_path: Path, factbase: FactBase) -> None:
    templates = one_template(tmp_path, LETTER_HEAD + "{{ facts[0].sauce.title }}\n")
    with pytest.raises(TemplateError, match="has no attribute 'sauce'") as caught:
        render(letter_draft(), factbase, templates, today=TODAY)
    assert caught.value.problems[0].line == 9


def test_an_error_in_an_included_template_names_that_file(
    tmp_path: Path, factbase: FactBase
) -> None:
    write(tmp_path, "part", LETTER_HEAD + "Part.\n{{ missing }}\n")
    templates = one_template(tmp_path, LETTER_HEAD + "Main.\n{% include 'part' %}\n")
    with pytest.raises(TemplateError) as caught:
        render(letter_draft(), factbase, templates, today=TODAY)
    problem = caught.value.problems[0]
    assert (problem.file, problem.line) == (str(tmp_path / "part.md.j2"), 10)


def test_runtime_errors_are_located(tmp_path: Path, factbase: FactBase) -> None:
    templates = one_template(tmp_path, LETTER_HEAD + "\n{{ 1 // 0 }}\n")
    with pytest.raises(TemplateError, match="ZeroDivisionError") as caught:
        render(letter_draft(), factbase, templates, today=TODAY)
    assert caught.value.problems[0].line == 10


def test_cite_refuses_what_is_not_a_chosen_fact(tmp_path: Path, factbase: FactBase) -> None:
    templates = one_template(
        tmp_path, LETTER_HEAD + "{{ cite('fcdo-hong-kong-bno-route-launched') }}\n"
    )
    with pytest.raises(TemplateError, match="not one of the draft's facts") as caught:
        render(letter_draft(), factbase, templates, today=TODAY)
    assert caught.value.problems[0].line == 9


# -- the draft against the template --------------------------------------------------------


def test_required_field_left_empty(templates: TemplateSet, factbase: FactBase) -> None:
    draft = GOLDEN_DRAFTS["minister-letter"].copy()
    draft.fields["asks"] = "  \n "
    draft.origin = Origin("letter.yaml", {"fields": 9, "fields.asks": 12})
    with pytest.raises(DraftError) as caught:
        render(draft, factbase, templates, today=TODAY)
    (problem,) = caught.value.problems
    assert (problem.file, problem.line) == ("letter.yaml", 12)  # where the draft gives it
    assert "'What you ask the minister to do' is required and empty" in problem.message


def test_field_the_template_does_not_declare(templates: TemplateSet, factbase: FactBase) -> None:
    draft = GOLDEN_DRAFTS["minister-letter"].copy()
    draft.fields["askz"] = "x"
    draft.origin = Origin("command line", places={"fields.askz": "--field"})
    with pytest.raises(DraftError) as caught:
        render(draft, factbase, templates, today=TODAY)
    (problem,) = caught.value.problems
    assert "field 'askz' is not declared by template 'minister-letter'" in problem.message
    assert problem.hint == "did you mean 'asks'?"
    assert (problem.file, problem.line) == ("--field", None)


def test_field_defaults_fill_in(tmp_path: Path, factbase: FactBase, templates: TemplateSet) -> None:
    doc = render(GOLDEN_DRAFTS["minister-letter"], factbase, templates, today=TODAY)
    assert doc.body.endswith("\n\nI look forward to your response.")
    assert doc.body.count("I should be grateful") == 1  # one closing request, not two


def test_a_letter_needs_a_recipient_and_a_sender(
    templates: TemplateSet, factbase: FactBase
) -> None:
    draft = GOLDEN_DRAFTS["minister-letter"].copy()
    draft.recipient = None
    with pytest.raises(DraftError, match="no recipient"):
        render(draft, factbase, templates, today=TODAY)
    draft = GOLDEN_DRAFTS["minister-letter"].copy()
    draft.sender = None
    with pytest.raises(DraftError, match="no sender"):
        render(draft, factbase, templates, today=TODAY)


def test_unknown_fact_and_topic_suggest_close_ids(
    templates: TemplateSet, factbase: FactBase
) -> None:
    draft = GOLDEN_DRAFTS["minister-letter"].copy()
    draft.facts = ["amnesty-hong-kong-third-round-bounty", "nothing-like-it"]
    with pytest.raises(DraftError) as caught:
        render(draft, factbase, templates, today=TODAY)
    first, second = caught.value.problems
    assert first.hint == "did you mean 'amnesty-hong-kong-third-round-bounties'?"
    assert "no fact 'nothing-like-it'" in second.message
    draft = GOLDEN_DRAFTS["minister-letter"].copy()
    draft.topic = "hongkong"
    with pytest.raises(DraftError, match="no topic 'hongkong'") as topic_error:
        render(draft, factbase, templates, today=TODAY)
    assert topic_error.value.problems[0].hint == "did you mean 'hong-kong'?"


def test_a_briefing_needs_no_recipient_and_takes_its_topic_from_its_first_fact(
    templates: TemplateSet, factbase: FactBase
) -> None:
    draft = GOLDEN_DRAFTS["briefing-note"].copy()
    draft.topic = ""
    draft.sender = None
    doc = render(draft, factbase, templates, today=TODAY)
    assert doc.frame is None and doc.kind == "briefing"
    assert doc.topic_id == "xinjiang" and doc.title == "Briefing note: Xinjiang"
    assert doc.prepared_by == ""


def test_a_briefing_is_prepared_by_the_preparer_where_the_profile_names_one(
    templates: TemplateSet, factbase: FactBase
) -> None:
    draft = GOLDEN_DRAFTS["briefing-note"].copy()
    draft.sender = Sender(name="Lord Smith of Town", title="Member of the House of Lords")
    assert render(draft, factbase, templates, today=TODAY).prepared_by == (
        "Lord Smith of Town, Member of the House of Lords"
    )
    draft.sender = replace(draft.sender, preparer="Ann Bell, Researcher")
    doc = render(draft, factbase, templates, today=TODAY)
    assert doc.prepared_by == "Ann Bell, Researcher"
    assert doc.author == "Lord Smith of Town"  # the document's author is still the signer


# -- what render() returns -----------------------------------------------------------------


def test_the_letter_frame(templates: TemplateSet, factbase: FactBase) -> None:
    doc = render(GOLDEN_DRAFTS["correspondent-reply"], factbase, templates, today=TODAY)
    frame = doc.frame
    assert frame is not None
    assert frame.sender_name == "Lord Smith of Town"
    assert frame.sender_address == (
        "House of Lords",
        "London SW1A 0PW",
        "Email: smithl@parliament.uk",
    )
    assert frame.recipient_block == ("Mrs Ann Lee", "12 High Street", "Liverpool L1 1AA")
    assert (frame.salutation, frame.valediction) == ("Dear Mrs Lee", "Yours sincerely")
    assert (frame.our_ref, frame.your_ref, frame.date) == ("TR/2026/41", "AL/11/26", TODAY)
    assert doc.title == frame.subject == "Hong Kong activists living in the UK"
    assert doc.author == "Lord Smith of Town"
    assert doc.prepared_by == "Lord Smith of Town, Member of the House of Lords"


def test_the_date_is_today_unless_the_draft_gives_one(
    templates: TemplateSet, factbase: FactBase
) -> None:
    draft = GOLDEN_DRAFTS["minister-letter"].copy()
    draft.date = None
    assert render(draft, factbase, templates, today=dt.date(2027, 1, 2)).date == dt.date(2027, 1, 2)


@pytest.mark.parametrize(
    ("front", "recipient_changes", "salutation", "valediction"),
    [
        ("", {}, "Dear Minister", "Yours sincerely"),
        ("salutation: Dear Colleague\n", {}, "Dear Colleague", "Yours sincerely"),
        ("salutation: Dear Sir or Madam\n", {}, "Dear Sir or Madam", "Yours faithfully"),
        ("valediction: With best wishes\n", {}, "Dear Minister", "With best wishes"),
        (
            "salutation: Dear Colleague\n",
            {"salutation": "Dear Anna"},
            "Dear Anna",
            "Yours sincerely",
        ),
        ("valediction: Yours ever\n", {"valediction": "Yours aye"}, "Dear Minister", "Yours aye"),
    ],
)
def test_salutation_and_valediction_overrides(
    tmp_path: Path,
    factbase: FactBase,
    front: str,
    recipient_changes: dict[str, str],
    salutation: str,
    valediction: str,
) -> None:
    head = LETTER_HEAD.replace("kind: letter\n", "kind: letter\n" + front)
    templates = one_template(
        tmp_path, head + "{{ recipient.salutation }}/{{ recipient.valediction }}\n"
    )
    from dataclasses import replace

    draft = letter_draft(recipient=replace(MINISTER, **recipient_changes))
    doc = render(draft, factbase, templates, today=TODAY)
    assert doc.frame is not None
    assert (doc.frame.salutation, doc.frame.valediction) == (salutation, valediction)
    assert doc.body == f"{salutation}/{valediction}"


def test_footnotes_follow_the_reading_order(tmp_path: Path, factbase: FactBase) -> None:
    templates = one_template(
        tmp_path,
        LETTER_HEAD
        + "{% set later = cite(facts[1]) %}{% set unused = cite(facts[1]) %}"
        + "First.{{ cite(facts[0]) }} Second.{{ later }}\n",
    )
    doc = render(letter_draft(), factbase, templates, today=TODAY)
    assert doc.body == "First.[^1] Second.[^2]"
    assert [n.fact_id for n in doc.footnotes] == [
        "amnesty-hong-kong-third-round-bounties",
        "fcdo-hong-kong-electoral-changes",
    ]


def test_warnings_for_stale_uncited_and_off_topic_facts(tmp_path: Path, factbase: FactBase) -> None:
    templates = one_template(tmp_path, LETTER_HEAD + "Only one.{{ cite(facts[0]) }}\n")
    draft = letter_draft(
        facts=[
            "amnesty-hong-kong-third-round-bounties",
            "fcdo-hong-kong-electoral-changes",
            "fcdo-procurement-bill-national-security",
        ]
    )
    doc = render(draft, factbase, templates, today=dt.date(2024, 6, 1))
    assert [(w.code, w.fact_id) for w in doc.warnings] == [
        ("uncited-fact", "fcdo-hong-kong-electoral-changes"),
        ("other-topic", "fcdo-procurement-bill-national-security"),
        ("superseded-fact", "fcdo-procurement-bill-national-security"),
        ("uncited-fact", "fcdo-procurement-bill-national-security"),
    ]
    assert "UK national security, not Hong Kong" in doc.warnings[1].message
    # The superseded Procurement Bill is said so whenever it is used.
    superseded = [w for w in doc.warnings if w.code == "superseded-fact"]
    assert [w.fact_id for w in superseded] == ["fcdo-procurement-bill-national-security"]
    assert "Procurement Act 2023" in superseded[0].message
    # Years later, an event and a finding stay true as worded: only positions and
    # statistics go stale.
    later = render(draft, factbase, templates, today=TODAY)
    assert [w.code for w in later.warnings if w.code == "stale-fact"] == []
    positions = letter_draft(
        facts=[
            "fcdo-hong-kong-opposition-to-national-security-law",
            "fcdo-hong-kong-bno-route-launched",
        ]
    )
    later = render(positions, factbase, templates, today=TODAY)
    stale = [w for w in later.warnings if w.code == "stale-fact"]
    assert [w.fact_id for w in stale] == ["fcdo-hong-kong-opposition-to-national-security-law"]
    assert "(a position) was last checked on 8 January 2023, more than 18 months" in (
        stale[0].message
    )


def test_the_body_is_tidied(tmp_path: Path, factbase: FactBase) -> None:
    templates = one_template(tmp_path, LETTER_HEAD + "\n\n  One.   \n\n\n\n\nTwo.\t\n\n\n")
    assert render(letter_draft(), factbase, templates, today=TODAY).body == "  One.\n\nTwo."


def test_context_filters(tmp_path: Path, factbase: FactBase) -> None:
    templates = one_template(
        tmp_path,
        LETTER_HEAD
        + "{{ date | uk_date }}|{{ ['A', 'B', 'C'] | join_and }}|{{ 'a\\n\\n b ' | lines }}|"
        "{{ facts[1] | citation }}\n",
    )
    body = render(letter_draft(), factbase, templates, today=TODAY).body
    date, joined, lines, citation = body.split("|")
    assert (date, joined, lines) == ("23 November 2026", "A, B and C", "['a', 'b']")
    assert citation.startswith("Letter from the Minister of State") and ") para 6 <" in citation


# -- briefing sections ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tags", "section"),
    [
        (("background", "uk-government", "cecc-report"), "Background"),
        (("uk-government", "international", "un"), "International response"),
        (("uk-government", "sanctions"), "UK Government position"),
        (("recent", "background", "diplomacy"), "Recent developments"),
        (("campaign", "asks"), "Campaigners' calls"),
        (("krill",), KEY_FACTS),
        ((), KEY_FACTS),
    ],
)
def test_briefing_section(tags: tuple[str, ...], section: str) -> None:
    assert briefing_section(tags) == section


def test_every_fact_in_the_bundled_base_finds_a_section(factbase: FactBase) -> None:
    groups = group_by_section(list(factbase))
    assert [title for title, _ in groups] == [
        title for title, _ in BRIEFING_SECTIONS if title != KEY_FACTS
    ]
    assert sum(len(items) for _, items in groups) == len(factbase)


# -- checking a template -------------------------------------------------------------------


def test_check_template_reports_problems_with_optional_fields_too(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "careless",
        """
        ---
        name: Careless
        kind: letter
        fields:
          - name: note
        ---
        {% if fields.note %}{{ fields.note | nosuchfilter }}{% endif %}
        {{ fact.statement }}
        """,
    )
    problems = check_template(path)
    # Only required fields: line 8 fails; every field filled: line 7 fails first.
    assert [(p.line, p.message) for p in problems] == [
        (8, "undefined name: 'fact' is undefined"),
        (7, "template error: No filter named 'nosuchfilter' found."),
    ]
    path.write_text(path.read_text().replace("{{ fact.statement }}", "{{ cite(facts[0]) }}"))
    problems = check_template(path)
    assert [(p.line, p.message.split(":")[0]) for p in problems] == [(7, "template error")]
    path.write_text(path.read_text().replace(" | nosuchfilter", ""))
    assert check_template(path) == []


def test_check_template_reports_front_matter_problems(tmp_path: Path) -> None:
    path = write(tmp_path, "bad", "---\nname: x\n---\nBody\n")
    (problem,) = check_template(path)
    assert "has no 'kind'" in problem.message


def test_the_python_example_in_docs_runs(capsys: pytest.CaptureFixture[str]) -> None:
    text = (TESTS.parent / "docs" / "templates.md").read_text(encoding="utf-8")
    code = text.split("```python\n", 1)[1].split("```", 1)[0]
    exec(compile(code, "docs/templates.md", "exec"), {})
    out = capsys.readouterr().out
    assert out.startswith("Lord Smith of Town\n\n23 November 2026\n")
    assert "[^1]: Amnesty International UK, 'UK/China" in out


def test_the_docs_example_template_passes_the_checker(tmp_path: Path) -> None:
    text = (TESTS.parent / "docs" / "templates.md").read_text(encoding="utf-8")
    example = text.split("## An example\n\n```\n", 1)[1].split("```", 1)[0]
    path = tmp_path / "committee.md.j2"
    path.write_text(example, encoding="utf-8")
    assert check_template(path) == []


def test_an_undeclared_field_is_named_as_such(tmp_path: Path) -> None:
    template = tmp_path / "nick.md.j2"
    template.write_text(
        "---\nname: Nick\ndescription: A test.\nkind: letter\nfields:\n"
        "  - name: subject\n    label: Subject\n---\nHello {{ fields.nickname }}.\n",
        encoding="utf-8",
    )
    problems = check_template(template)
    assert [(p.line, p.message, p.hint) for p in problems] == [
        (
            9,
            "the template uses field 'nickname' but does not declare it",
            "add it under fields: with a name and a label; see docs/templates.md",
        )
    ]
