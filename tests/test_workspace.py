"""The one pipeline: the app, the command line and merge resolve, check, name and export
a draft through the same Workspace, so what each shows of a draft is the same.

The three places the shells used to disagree each have a test here that drives both.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from textual.screen import Screen
from textual.widgets import Checkbox, OptionList, RadioButton, Static

from drafter.cli import main
from drafter.document import RenderedDocument
from drafter.drafting.check import Finding
from drafter.drafting.draft import Draft, load_draft, parse_draft, parse_draft_lines
from drafter.drafting.origin import Origin
from drafter.drafting.templates import TemplateSet
from drafter.drafting.workspace import Workspace
from drafter.errors import DraftError, ExportError
from drafter.export.formats import REGISTRY, export_format
from drafter.facts.loader import FactBase, load_factbase
from drafter.paths import bundled_facts, config_dir
from drafter.people.address import Recipient
from drafter.people.sender import Sender
from drafter.tui.app import AppOptions, DrafterApp, create_app
from drafter.tui.screens.export import ExportDialog
from drafter.tui.screens.preview import PreviewScreen
from drafter.tui.screens.write import WriteScreen
from drafter.tui.session import APP_ORIGIN
from tests.conftest import wait_until

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples"
TODAY = dt.date(2026, 11, 23)
PEOPLE = (
    "--contacts",
    str(EXAMPLES / "contacts.yaml"),
    "--profile",
    str(EXAMPLES / "profile.yaml"),
)


@pytest.fixture(scope="module")
def factbase() -> FactBase:
    return load_factbase([bundled_facts()])


@pytest.fixture
def people() -> None:
    """The example address book and profile in the (temporary) user config folder."""
    shutil.copy(EXAMPLES / "contacts.yaml", config_dir() / "contacts.yaml")
    shutil.copy(EXAMPLES / "profile.yaml", config_dir() / "profile.yaml")


@pytest.fixture
def formal_templates(tmp_path: Path) -> Path:
    """A copy of the minister letter whose front matter says `salutation: Dear Sir or Madam`."""
    folder = tmp_path / "templates"
    folder.mkdir()
    text = (REPO / "letter_templates" / "minister-letter.md.j2").read_text(encoding="utf-8")
    head, sep, rest = text.partition("\nkind: letter\n")
    assert sep, "the minister letter's front matter has a kind line"
    (folder / "formal-letter.md.j2").write_text(
        head + sep + "salutation: Dear Sir or Madam\n" + rest, encoding="utf-8"
    )
    return folder


def app(**options: object) -> DrafterApp:
    return create_app(AppOptions(today=TODAY, cursor_blink=False, use_cache=False, **options))  # type: ignore[arg-type]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


async def shown_greeting(draft: Draft, template_dir: Path) -> str:
    """What the app's recipient step says the letter's address, salutation, close are."""
    application = app(template_dirs=(template_dir,))
    async with application.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        application.session.replace_draft(draft)
        application.go_to("recipient")
        await pilot.pause()
        return str(application.screen.query_one("#form-of-address", Static).render())


# -- 1. the valediction the app shows is the letter's ---------------------------------------


def test_the_app_and_the_cli_agree_on_a_templates_salutation_and_valediction(
    people: None, formal_templates: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    draft = load_draft(EXAMPLES / "minister-letter.yaml")
    draft.template = "formal-letter"
    shown = asyncio.run(shown_greeting(draft, formal_templates))
    code, letter, _ = run(
        capsys, "draft", str(EXAMPLES / "minister-letter.yaml"), "--template", "formal-letter",
        "--templates", str(formal_templates), *PEOPLE, "--dry-run", "--date", "2026-11-23",
    )  # fmt: skip
    assert code == 0
    assert "Dear Sir or Madam" in letter and "Yours faithfully" in letter
    assert "Dear Sir or Madam" in shown and "Yours faithfully" in shown
    assert "Yours sincerely" not in shown


def test_the_workspace_greets_as_the_renderer_does(
    factbase: FactBase, formal_templates: Path
) -> None:
    templates = TemplateSet.discover([formal_templates])
    workspace = Workspace(factbase, templates, profile=Sender(name="Lord Example"), today=TODAY)
    draft = load_draft(EXAMPLES / "minister-letter.yaml")
    draft.contact, draft.recipient = "", Recipient(kind="mp", honorific="Ms", last_name="Lee")
    for template in ("minister-letter", "formal-letter"):
        draft.template = template
        doc = workspace.render(draft)
        greeting = workspace.greeting(draft)
        assert doc.frame is not None
        assert (greeting.salutation, greeting.valediction, greeting.block) == (
            doc.frame.salutation,
            doc.frame.valediction,
            doc.frame.recipient_block,
        )


# -- 2. problems are placed where the user puts them right, in one wording --------------------


def test_the_app_and_the_cli_say_the_same_about_a_missing_recipient(
    people: None, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    draft_file = tmp_path / "letter.yaml"
    text = (EXAMPLES / "minister-letter.yaml").read_text(encoding="utf-8")
    draft_file.write_text(text.replace("to: fcdo-minister", "# to: nobody yet"), encoding="utf-8")
    code, _, err = run(capsys, "draft", str(draft_file), *PEOPLE, "--dry-run")
    assert code == 1
    (cli_line,) = err.splitlines()
    assert cli_line.startswith(f"error: {draft_file}: no recipient (")

    application = app()

    async def problems() -> str:
        async with application.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            application.session.replace_draft(load_draft(draft_file))
            application.go_to("preview")
            await pilot.pause()
            pane = application.screen.query_one("#preview-problems", Static)
            pane_text = str(pane.render())
            with pytest.raises(DraftError) as caught:
                application.session.render()
            (problem,) = caught.value.problems
            assert problem.message == "no recipient"
            return pane_text

    shown = asyncio.run(problems())
    assert "To & fields step" in shown and "no recipient" in shown
    for cli_only in ("<draft>", "--", "DRAFT", "command line"):
        assert cli_only not in shown


def test_problems_in_a_draft_file_are_placed_at_their_lines(
    factbase: FactBase, tmp_path: Path
) -> None:
    path = tmp_path / "letter.yaml"
    path.write_text(
        "schema: 1\n"
        "template: minister-letter\n"
        "topic: hong-kong\n"
        "facts:\n"
        "  - amnesty-hong-kong-third-round-bounties\n"
        "  - no-such-fact\n"
        "fields:\n"
        "  subject: Bounties\n"
        "  askz: A question?\n",
        encoding="utf-8",
    )
    workspace = Workspace(factbase, TemplateSet.discover(), profile=Sender(name="A B"))
    problems = workspace.problems(load_draft(path))
    places = {p.message.split(" (")[0]: (p.file, p.line) for p in problems}
    assert places["no fact 'no-such-fact' in any loaded fact file"] == (str(path), 6)
    assert places["field 'askz' is not declared by template 'minister-letter'"] == (str(path), 9)
    assert places["no recipient"] == (str(path), None)
    # The same draft in the app: each problem at the step where it is put right.
    in_app = {p.message: p.file for p in workspace.problems(load_draft(path), origin=APP_ORIGIN)}
    assert in_app["no fact 'no-such-fact' in any loaded fact file"] == "Facts step"
    assert in_app["no recipient"] == "To & fields step"


def test_an_unknown_contact_is_reported_with_everything_else(factbase: FactBase) -> None:
    draft = parse_draft("template: minister-letter\ntopic: hong-kng\nto: nobody\n", "d.yaml")
    workspace = Workspace(factbase, TemplateSet.discover(), contacts={}, profile=None)
    with pytest.raises(DraftError) as caught:
        workspace.render(draft)
    messages = [(p.file, p.line, p.message) for p in caught.value.problems]
    assert ("d.yaml", 3, "no contact 'nobody' in the address book") in messages
    assert ("d.yaml", 2, "no topic 'hong-kng' in the fact base") in messages
    assert ("d.yaml", None, "no sender") in messages
    assert not any(m == "no recipient" for _, _, m in messages)  # the contact says it


# -- 3. a review copy is DOCX, wherever it is asked for ----------------------------------------


def test_review_copies_are_docx_in_the_registry_the_cli_and_the_workspace(
    factbase: FactBase, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert [spec.name for spec in REGISTRY.values() if spec.review] == ["docx"]
    for name in ("md", "pdf"):
        code, _, err = run(capsys, "draft", str(EXAMPLES / "minister-letter.yaml"), *PEOPLE,
                           "-o", str(tmp_path / f"letter.{name}"), "--review")  # fmt: skip
        assert code == 2
        assert "--review needs DOCX output" in err
    workspace = Workspace(factbase, TemplateSet.discover())
    doc = RenderedDocument("briefing", "t", "T", "x", "X", TODAY, "A", "Body.")
    with pytest.raises(ExportError):
        workspace.export(doc, tmp_path / "note.pdf", review=True)
    assert not (tmp_path / "note.pdf").exists()
    assert workspace.export(doc, tmp_path / "note.docx", review=True).exists()


def test_the_apps_export_dialog_offers_a_review_copy_only_for_docx(
    people: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    soffice = tmp_path / "soffice"
    soffice.write_text("#!/bin/sh\nexit 1\n", encoding="utf-8")
    soffice.chmod(0o755)
    monkeypatch.setenv("DRAFTER_SOFFICE", str(soffice))  # so that the dialog lists PDF
    application = app(export_dir=tmp_path)

    async def review_allowed() -> dict[str, bool]:
        allowed: dict[str, bool] = {}
        async with application.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            application.session.replace_draft(load_draft(EXAMPLES / "minister-letter.yaml"))
            application.go_to("preview")
            await pilot.pause()
            await pilot.press("ctrl+o")
            await pilot.pause()
            dialog = application.screen
            assert isinstance(dialog, ExportDialog)
            for button in dialog.query(RadioButton):
                button.value = True
                await pilot.pause()
                allowed[button.name or ""] = not dialog.query_one(
                    "#export-review", Checkbox
                ).disabled
        return allowed

    allowed = asyncio.run(review_allowed())
    assert allowed == {spec.name: spec.review for spec in REGISTRY.values()}
    assert allowed["pdf"] is False and allowed["docx"] is True


# -- the citation check: one set of findings, asked of the workspace by both shells ----------

# An uncited figure, a detail the cited fact does not give, a misquote and a citation of a
# fact that does not exist, after the example's own (stale) citations.
WORSE_BODY = """
  Some 40 activists were named, in "a campaign of fear"
  [@amnesty-hong-kong-third-round-bounties]. Officials met 12 times in 2025. The
  Government has answered none of it [@no-such-fact].
"""


def test_the_apps_write_step_and_drafter_check_give_the_same_findings(
    people: None,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    text = (EXAMPLES / "written-letter.yaml").read_text(encoding="utf-8")
    head, sep, tail = text.partition("our_ref:")
    assert sep, "the written letter ends with its reference, after the body"
    Path("letter.yaml").write_text(head + WORSE_BODY.lstrip("\n") + sep + tail, encoding="utf-8")
    code, out, _ = run(capsys, "check", "letter.yaml", "--format", "json")
    assert code == 1  # the unknown fact is an error
    by_cli = json.loads(out)["findings"]
    codes = {f["code"] for f in by_cli}
    assert {"uncited-claim", "detail-not-in-source", "misquote", "unknown-fact"} <= codes

    # `drafter check` has no --date: the app is given the same today.
    application = create_app(
        AppOptions(
            today=dt.date.today(),
            cursor_blink=False,
            use_cache=False,
            open_draft=tmp_path / "letter.yaml",
        )
    )

    def settled_on(step: type[Screen[object]]) -> bool:
        """The app shows `step`, and every screen under it has run its on_mount."""
        stack = application.screen_stack
        return isinstance(application.screen, step) and all(s.is_mounted for s in stack)

    async def shown() -> tuple[tuple[Finding, ...], int]:
        async with application.run_test(size=(120, 40)) as pilot:
            # A draft with its template and recipient opens on the preview.
            await wait_until(pilot, lambda: settled_on(PreviewScreen), "the draft open")
            application.go_to("write")
            await wait_until(pilot, lambda: settled_on(WriteScreen), "the Write step")
            screen = application.screen
            assert isinstance(screen, WriteScreen)
            listed = screen.query_one("#findings", OptionList)
            await wait_until(pilot, lambda: listed.option_count > 0, "the findings listed")
            return screen.findings, listed.option_count

    findings, rows = asyncio.run(shown())
    assert rows == len(by_cli)
    # The same findings, word for word and in the same order; the CLI also names each
    # one's line in the file, the app its place in the body.
    in_app = [{**f.as_json(), "line": None} for f in findings]
    assert in_app == [{**f, "line": None} for f in by_cli]


# -- naming: the app offers the name the CLI writes ---------------------------------------------


def test_the_app_offers_the_file_name_the_cli_writes(
    people: None, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, _ = run(capsys, "draft", str(EXAMPLES / "minister-letter.yaml"), *PEOPLE,
                     "--date", "2026-11-23", "-o", str(tmp_path))  # fmt: skip
    assert code == 0
    (written,) = tmp_path.iterdir()
    application = app()

    async def offered() -> str:
        async with application.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            draft = load_draft(EXAMPLES / "minister-letter.yaml")
            draft.date = dt.date(2026, 11, 23)
            application.session.replace_draft(draft)
            return application.session.output_name(export_format("docx").name)

    assert asyncio.run(offered()) == written.name


def test_an_origin_places_parts_and_keeps_the_shells_words() -> None:
    origin = Origin("letter.yaml", {"facts": 4, "facts.x": 5}).given("fields.s", "--field")
    assert origin.problem("facts", "m", key="x").location() == "letter.yaml:5"
    assert origin.problem("facts", "m", key="y").location() == "letter.yaml:4"
    assert origin.problem("fields", "m", key="s").location() == "--field"
    assert origin.problem("sender", "m").location() == "letter.yaml"
    assert origin.told({"sender": "say who"}).hint("sender", "default") == "say who"
    assert origin.hint("sender", "default") == "default"


def test_the_citation_check_reads_no_template_and_places_findings_at_the_drafts_file(
    factbase: FactBase,
) -> None:
    def no_templates() -> TemplateSet:
        raise AssertionError("the citation check read the templates")

    workspace = Workspace(factbase, no_templates, today=TODAY)
    draft, lines = parse_draft_lines(
        "template: minister-letter\nbody: |\n  Officials met 12 times in 2025.\n", "d.yaml"
    )
    (finding,) = workspace.check_citations(draft, lines=lines)
    assert (finding.code, finding.file, finding.line) == ("uncited-claim", "d.yaml", 3)
    (in_app,) = workspace.check_citations(draft, file="the body")
    assert (in_app.file, in_app.line, in_app.message) == ("the body", None, finding.message)
