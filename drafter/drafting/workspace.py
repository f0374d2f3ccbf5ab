"""The `Workspace`: the one headless pipeline that the app, the CLI and merge all use.

A workspace holds what drafting needs besides the draft itself: the fact base, the
templates, the address book, the sender's profile and today's date (plus the house
style exports use). Given a `Draft` it

1. **resolves** it: the address book id (`to:`) becomes the recipient, the profile the
   sender, where the draft does not give them itself (`resolve`);
2. **validates** it: every problem at once, in one wording, each placed by the draft's
   `Origin` at its file and line, its flag or its app step (`problems`, `check`);
3. **checks its citations**: the written body read against the facts it cites
   (`check_citations`), the findings `drafter check` prints and the app's Write step lists;
4. **renders** it to a `RenderedDocument` (`render`), and says how it will greet its
   recipient (`greeting`) exactly as the letter will;
5. **names** its output file (`output_name`) and **exports** it through the format
   registry (`export`), atomically.

The shells only parse, prompt and print. Nothing here imports Textual, prints or exits.

    ws = Workspace.load(profile_file=Path("profile.yaml"))
    draft = load_draft(Path("letter.yaml"))
    doc = ws.render(draft)
    ws.export(doc, Path(ws.output_name(draft, "docx")))
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias

from drafter import paths
from drafter.drafting.draft import Draft, DraftLines
from drafter.drafting.origin import Origin
from drafter.errors import DraftError, Problem, TemplateError
from drafter.export.formats import (
    DEFAULT_FORMAT,
    Attachment,
    Exporter,
    Format,
    export_format,
)
from drafter.facts.loader import DEFAULT_STALE_MONTHS, FactBase

if TYPE_CHECKING:
    # Jinja (templates), the validator and the forms of address are imported by what
    # uses them: the citation check (`drafter check`) needs none of them.
    from drafter.document import RenderedDocument
    from drafter.drafting.check import Finding
    from drafter.drafting.templates import LetterTemplate, TemplateSet
    from drafter.people.address import Greeting, Recipient
    from drafter.people.sender import Sender

AddressBook: TypeAlias = "Mapping[str, Recipient]"


class Workspace:
    """Fact base, templates, address book, profile and today: what drafting works in.

    `templates`, `contacts` and `profile` may be given as values or as functions that
    read them; a function is called when a draft first needs it (a draft that names its
    recipient and sender never reads the address book or the profile, and the citation
    check reads no template). Build one per shell, keep
    it, and give it every draft.
    """

    def __init__(
        self,
        factbase: FactBase,
        templates: TemplateSet | Callable[[], TemplateSet],
        *,
        contacts: AddressBook | Callable[[], AddressBook] | None = None,
        profile: Sender | Callable[[], Sender | None] | None = None,
        today: dt.date | Callable[[], dt.date] | None = None,
        reference_doc: Path | None = None,
        contacts_file: Path | None = None,
        pdf_a: bool = False,
        attach: Attachment = "pdf",
    ) -> None:
        self.factbase = factbase
        self._templates = templates
        self.reference_doc = reference_doc
        self.pdf_a = pdf_a  # PDF exports as archival PDF/A-2b
        self.attach: Attachment = attach  # eml: the letter attached as PDF or DOCX
        self.contacts_file = contacts_file  # named in the hint for an empty address book
        self._contacts = contacts
        self._profile = profile
        self._today = today
        self._exporters: dict[str, Exporter] = {}

    @classmethod
    def load(
        cls,
        *,
        facts: Sequence[Path] = (),
        template_dirs: Sequence[Path] = (),
        contacts_file: Path | None = None,
        profile_file: Path | None = None,
        reference_doc: Path | None = None,
        stale_months: int = DEFAULT_STALE_MONTHS,
        today: dt.date | None = None,
        use_cache: bool = True,
    ) -> Workspace:
        """A workspace from files: the fact base (default: DRAFTER_FACTS, else the bundled
        one), the templates (bundled, the user's, then `template_dirs`), and the address
        book and profile (default: the user's own; a file named here must exist).

        Raises FactBaseError or TemplateError with every problem found.
        """
        from drafter.drafting.templates import TemplateSet
        from drafter.people.contacts import load_contacts, load_profile

        fact_files = list(facts) or paths.facts_from_env() or [paths.bundled_facts()]
        if use_cache:
            from drafter.facts.cache import load_factbase_cached

            factbase = load_factbase_cached(fact_files, stale_months=stale_months)
        else:
            from drafter.facts.loader import load_factbase

            factbase = load_factbase(fact_files, stale_months=stale_months)
        book: dict[str, AddressBook] = {}
        profile: dict[str, Sender | None] = {}

        def read_contacts() -> AddressBook:
            if "book" not in book:
                book["book"] = load_contacts(contacts_file)
            return book["book"]

        def read_profile() -> Sender | None:
            if "profile" not in profile:
                profile["profile"] = load_profile(profile_file)
            return profile["profile"]

        return cls(
            factbase,
            TemplateSet.discover(template_dirs),
            contacts=read_contacts,
            profile=read_profile,
            today=today,
            reference_doc=reference_doc,
            contacts_file=contacts_file,
        )

    # -- what it holds ---------------------------------------------------------------

    @property
    def today(self) -> dt.date:
        today = self._today
        if callable(today):
            return today()
        return today or dt.date.today()

    @property
    def templates(self) -> TemplateSet:
        """The templates (read now, once, if they are read on demand)."""
        templates = self._templates
        if callable(templates):
            templates = self._templates = templates()
        return templates

    @property
    def contacts(self) -> AddressBook:
        """The address book (read now if it is read on demand)."""
        contacts = self._contacts
        if callable(contacts):
            return contacts()
        return contacts or {}

    @property
    def profile(self) -> Sender | None:
        """The sender's profile (read now if it is read on demand); None when there is none."""
        profile = self._profile
        if callable(profile):
            return profile()
        return profile

    def template(self, name: str) -> LetterTemplate:
        """The template called `name`; TemplateError (with a suggestion) when there is none."""
        return self.templates.get(name)

    # -- resolve and validate ----------------------------------------------------------

    def _resolved(self, draft: Draft) -> tuple[Draft, list[Problem]]:
        resolved = draft.copy()
        problems: list[Problem] = []
        if resolved.recipient is None and resolved.contact:
            book = self.contacts
            recipient = book.get(resolved.contact)
            if recipient is None:
                problems.append(self._no_contact(resolved, book))
            resolved.recipient = recipient
        if resolved.recipient is not None and (draft.salutation or draft.valediction):
            # This letter's own greeting wins over the recipient's (and the template's).
            resolved.recipient = replace(
                resolved.recipient,
                salutation=draft.salutation or resolved.recipient.salutation,
                valediction=draft.valediction or resolved.recipient.valediction,
            )
        if resolved.sender is None:
            resolved.sender = self.profile
        return resolved, problems

    def _no_contact(self, draft: Draft, book: AddressBook) -> Problem:
        ids = sorted(book)
        close = difflib.get_close_matches(draft.contact, ids, n=1, cutoff=0.6)
        if close:
            hint = f"did you mean '{close[0]}'?"
        elif ids:
            hint = "ids in the address book: " + ", ".join(ids)
        else:
            where = self.contacts_file or paths.contacts_file()
            hint = f"the address book is empty; add the contact to {where}"
        return draft.origin.problem("to", f"no contact '{draft.contact}' in the address book", hint)

    def resolve(self, draft: Draft) -> Draft:
        """A copy of `draft` with its recipient from the address book (`to:`) and its sender
        from the profile, where it does not give them itself; DraftError for an unknown id."""
        resolved, problems = self._resolved(draft)
        if problems:
            raise DraftError(problems)
        return resolved

    def problems(
        self, draft: Draft, *, origin: Origin | None = None, shared: bool = False
    ) -> list[Problem]:
        """Everything that stops `draft` rendering (empty when it renders), each placed at
        `origin` (default: where the draft says it came from). `shared=True`: only what
        every letter of a merge shares (no recipient; rows may fill required fields)."""
        try:
            self.check(draft, origin=origin, shared=shared)
        except (DraftError, TemplateError) as exc:
            return list(exc.problems)
        return []

    def check(self, draft: Draft, *, origin: Origin | None = None, shared: bool = False) -> None:
        """DraftError listing every problem with `draft` (TemplateError for its template)."""
        from drafter.drafting.validate import check

        if origin is not None:
            draft = replace(draft.copy(), origin=origin)
        resolved, found = self._resolved(draft)
        check(
            resolved,
            self.factbase,
            self.template(resolved.template),
            shared=shared,
            found=found,
        )

    # -- check the citations -----------------------------------------------------------

    def check_citations(
        self, draft: Draft, *, file: str | None = None, lines: DraftLines | None = None
    ) -> tuple[Finding, ...]:
        """The citation check of `draft`'s written body against this fact base, as of
        `today` (drafting/check.py): every finding in the order of the body, the chosen
        facts' first. Each names `file` (default: the file the draft came from, as its
        origin says) and, given `lines` (from `load_draft_lines`), the line in it;
        without them, the line within the body. Errors are findings too: nothing raises."""
        from drafter.drafting.check import check_draft

        where = draft.origin.file if file is None else file
        return check_draft(draft, self.factbase, file=where, lines=lines, today=self.today)

    # -- render ----------------------------------------------------------------------

    def render(self, draft: Draft, *, origin: Origin | None = None) -> RenderedDocument:
        """`draft` resolved, checked and rendered; DraftError with every problem if it cannot.

        `origin` places the problems (default: the draft's own origin): the app passes the
        steps it edits the draft on.
        """
        from drafter.drafting.render import render
        from drafter.drafting.validate import check

        if origin is not None:
            draft = replace(draft.copy(), origin=origin)
        resolved, found = self._resolved(draft)
        if found:  # an unknown address book id: say so with everything else wrong
            check(resolved, self.factbase, self.template(resolved.template), found=found)
        return render(resolved, self.factbase, self.templates, today=self.today)

    def greeting(self, draft: Draft) -> Greeting:
        """How the letter will address its recipient: the block, salutation and valediction
        the renderer uses (the template's `salutation:` and `valediction:` included).

        With no recipient yet, the unknown correspondent's ("Dear Sir or Madam");
        DraftError when the recipient cannot be addressed.
        """
        from drafter.people.address import Recipient, greeting

        resolved, _ = self._resolved(draft)
        template = None
        if resolved.template:
            try:
                template = self.template(resolved.template)
            except TemplateError:
                template = None  # the template step reports it
        return greeting(
            resolved.recipient or Recipient(),
            template.salutation if template else "",
            template.valediction if template else "",
        )

    # -- name and export ---------------------------------------------------------------

    def output_name(self, draft: Draft, file_format: str = DEFAULT_FORMAT) -> str:
        """The file name an export of `draft` is offered under, e.g.
        '2026-11-23-hong-kong-minister-smith.docx' (docs/export.md)."""
        from drafter.drafting.validate import topic_of
        from drafter.export.naming import default_export_name

        resolved, _ = self._resolved(draft)
        return default_export_name(
            date=draft.date or self.today,
            topic=topic_of(draft, self.factbase),
            template=draft.template,
            recipient=resolved.recipient,
            file_format=file_format,
        )

    def exporter(self, file_format: str = DEFAULT_FORMAT) -> Exporter:
        """The exporter for `file_format` in this workspace's house style, built once."""
        name = export_format(file_format).name
        exporter = self._exporters.get(name)
        if exporter is None:
            exporter = Exporter(
                name, reference_doc=self.reference_doc, pdf_a=self.pdf_a, attach=self.attach
            )
            self._exporters[name] = exporter
        return exporter

    def export(
        self,
        doc: RenderedDocument,
        path: Path,
        file_format: Format | None = None,
        *,
        review: bool = False,
        force: bool = False,
        batch: bool = False,
    ) -> Path:
        """Write `doc` to `path` atomically as `file_format` (default: as the suffix says,
        else DOCX); an existing file needs `force`; a review copy needs a format that
        can hold one (ExportError otherwise)."""
        from drafter.export.formats import format_for_path

        chosen = file_format or format_for_path(Path(path)) or DEFAULT_FORMAT
        return self.exporter(chosen).write(doc, path, review=review, force=force, batch=batch)
