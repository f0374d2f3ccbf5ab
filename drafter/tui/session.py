"""What the app is working on: the fact base, templates, people and the one Draft.

The screens read and edit `Session.draft` and call `changed()` after every edit; that
hands a copy of the draft to the autosave's writer (`autosave.DraftWriter`), which writes
the autosave and the draft's own document a moment later on a thread of its own, so a
key never waits for the disk. `flush()` writes at once: the app calls it on quit, on a
step change and on suspend, and the session itself before it starts or opens another
draft, lists the drafts folder or marks the autosave finished. Everything here is plain
Python over the core modules: no Textual, so it can be used, and tested, from a shell.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from drafter.drafting import autosave, library
from drafter.drafting.draft import Draft, load_draft
from drafter.drafting.origin import Origin
from drafter.errors import DrafterError, DraftError, Problem
from drafter.facts.loader import DEFAULT_STALE_MONTHS, Fact, FactBase
from drafter.paths import autosave_file, contacts_file, drafts_dir, profile_file
from drafter.people.address import Recipient
from drafter.people.sender import Sender

if TYPE_CHECKING:
    from drafter.document import RenderedDocument
    from drafter.drafting.check import Finding
    from drafter.drafting.templates import TemplateSet
    from drafter.drafting.workspace import Workspace
    from drafter.facts.capture import Capture
    from drafter.facts.grow import AddedFact, AddedSource
    from drafter.people.address import Greeting


# The flow, in order: (screen name, label in the step bar).
STEPS: tuple[tuple[str, str], ...] = (
    ("topic", "Topic"),
    ("facts", "Facts"),
    ("template", "Template"),
    ("recipient", "To & fields"),
    ("write", "Write"),
    ("preview", "Preview"),
)
_LABEL = dict(STEPS)
# The step on which the app gives each part of a draft: a problem with it is shown there.
_STEP_OF_PART = {
    "topic": "topic",
    "facts": "facts",
    "template": "template",
    "body": "write",
    **dict.fromkeys(
        ("to", "recipient", "sender", "fields", "date", "our_ref", "your_ref"), "recipient"
    ),
}
APP_ORIGIN = Origin(
    "the app",
    places={part: f"{_LABEL[step]} step" for part, step in _STEP_OF_PART.items()},
    how={
        "recipient": "choose one from the address book or type the recipient",
        "sender": "press ctrl+r to say who signs the letter",
        "topic": "choose a topic",
        "facts": "take it out of the chosen facts",
        # A citation in the body of an id no loaded file defines.
        "cite": "check the id after @ in the Write step (ctrl+k there cites from the fact "
        "base), or add the fact: ctrl+f in the Facts step",
    },
)


@dataclass(frozen=True, slots=True)
class AppOptions:
    """How the app was started: the CLI's options, plus a fixed date for tests."""

    facts: tuple[Path, ...] = ()  # empty: the default base (drafter.facts.layers)
    template_dirs: tuple[Path, ...] = ()  # extra template folders (--templates)
    reference_doc: Path | None = None  # --reference-doc for DOCX and PDF styles
    open_draft: Path | None = None  # `drafter open DRAFT.yaml`
    stale_months: int = DEFAULT_STALE_MONTHS
    today: dt.date | None = None  # None: the real date; tests fix it
    export_dir: Path | None = None  # where the export dialog starts; None: the current folder
    use_cache: bool = True  # read the fact base through the cache (drafter.facts.cache)
    cursor_blink: bool = True  # off in snapshot tests, so a screenshot never catches a blink
    theme: str = ""  # a Textual theme by name ("high-contrast"); "": Textual's default

    def fact_paths(self) -> tuple[Path, ...]:
        from drafter.facts.layers import default_fact_paths

        return self.facts or tuple(default_fact_paths())


@dataclass
class Session:
    options: AppOptions
    factbase: FactBase = field(default_factory=lambda: FactBase({}, {}, []))
    draft: Draft = field(default_factory=Draft)
    # The path of the draft file this session was opened from or last saved to.
    draft_path: Path | None = None
    autosave_path: Path = field(default_factory=autosave_file)
    autosave_claim: autosave.Claim | None = None  # the lock that makes this app its writer
    # The drafts folder, and the draft's own file there (made on its first change).
    library_path: Path = field(default_factory=drafts_dir)
    document_path: Path | None = None
    on_change: list[Callable[[], None]] = field(default_factory=list)
    # Called after each write of the draft's files, on the thread that wrote them.
    on_saved: list[Callable[[], None]] = field(default_factory=list)
    writer: autosave.DraftWriter = field(init=False)
    _templates: TemplateSet | None = None
    _workspace: Workspace | None = None
    _contacts: dict[str, Recipient] | None = None
    _contacts_unreadable: bool = False
    _profile: Sender | None = None
    _profile_loaded: bool = False
    people_problems: tuple[Problem, ...] = ()
    autosave_problem: str = ""  # why the last autosave failed; "" when it worked
    added_files: list[Path] = field(default_factory=list)  # fact files written to, not layered

    def __post_init__(self) -> None:
        self.writer = autosave.DraftWriter(self._saved)

    # -- loading ------------------------------------------------------------------

    def fact_paths(self) -> list[Path]:
        """The files the app loads: the options' (or the default layers), then any file
        a fact was added to in this session that they do not name."""
        return [*self.options.fact_paths(), *self.added_files]

    def load_factbase(self) -> None:
        """Load the fact base once; raises FactBaseError with every problem."""
        paths = self.fact_paths()
        if self.options.use_cache:
            from drafter.facts.cache import load_factbase_cached

            self.factbase = load_factbase_cached(paths, stale_months=self.options.stale_months)
        else:
            from drafter.facts.loader import load_factbase

            self.factbase = load_factbase(paths, stale_months=self.options.stale_months)

    @property
    def today(self) -> dt.date:
        return self.options.today or dt.date.today()

    @property
    def templates(self) -> TemplateSet:
        """The template set, discovered on first use (Jinja is imported only then)."""
        if self._templates is None:
            from drafter.drafting.templates import TemplateSet

            self._templates = TemplateSet.discover(extra_dirs=self.options.template_dirs)
        return self._templates

    @property
    def contacts(self) -> dict[str, Recipient]:
        """The address book; an unreadable one is reported in `people_problems`."""
        if self._contacts is None:
            self._contacts = {}
            path = contacts_file()
            if path.exists():
                from drafter.people.contacts import load_contacts

                try:
                    self._contacts = load_contacts(path)
                except DrafterError as exc:
                    self.people_problems += exc.problems
                    self._contacts_unreadable = True
        return self._contacts

    @property
    def profile(self) -> Sender | None:
        """The user's profile, None when there is none yet (the first run)."""
        if not self._profile_loaded:
            self._profile_loaded = True
            path = profile_file()
            if path.exists():
                from drafter.people.contacts import load_profile

                try:
                    self._profile = load_profile(path)
                except DrafterError as exc:
                    self.people_problems += exc.problems
        return self._profile

    def profile_missing(self) -> bool:
        return not profile_file().exists()

    def save_profile(self, sender: Sender) -> None:
        from drafter.people.contacts import save_profile

        save_profile(sender, profile_file())  # makes the folder; ExportError if it cannot
        self._profile, self._profile_loaded = sender, True
        self.changed()  # the preview shows the new signature

    # -- the draft ------------------------------------------------------------------

    def changed(self) -> None:
        """Call after every edit: the draft is saved a moment later, then the screens are
        told (at once).

        A failed save (a full disk, a read-only folder) is kept in `autosave_problem`
        for the app to show, and `on_saved` is called; editing goes on, and the next
        change tries again.
        """
        paths = [self.autosave_path]
        try:
            if self.document_path is None and autosave.has_content(self.draft):
                self.document_path = library.new_draft_path(self.library_path, self.today)
        except OSError as exc:
            self._saved(f"{self.library_path}: {exc.strerror or exc}")
        if self.document_path is not None:
            paths.append(self.document_path)
        self.writer.submit(self.draft.copy(), paths)
        for listener in list(self.on_change):
            listener()

    def flush(self) -> None:
        """Write the draft's files now if a change is not on disk yet (after a write
        under way); `autosave_problem` then says how it went."""
        self.writer.flush()

    def wait_saved(self, timeout: float | None = None) -> bool:
        """Wait until every change is on disk, written in its own time; False when
        `timeout` ran out first."""
        return self.writer.wait(timeout)

    def _saved(self, problem: str) -> None:
        self.autosave_problem = problem
        for listener in list(self.on_saved):
            listener()

    def replace_draft(self, draft: Draft) -> None:
        self.flush()  # the draft left is on disk, in its own file, before it goes
        self.draft = draft
        self.changed()

    def new_draft(self) -> None:
        """Start an empty draft; the one left stays in its own file in the drafts folder.

        The profile and the address book are kept; the date and everything else go.
        """
        self.flush()
        self.draft, self.draft_path, self.document_path = Draft(), None, None
        self.changed()

    def open_document(self, path: Path) -> None:
        """Edit the draft at `path`; raises DrafterError when it cannot be read.

        A file in the drafts folder is the draft's own and is kept up to date on every
        change; any other file is written only by "save as" (ctrl+s), and the draft gets
        its own file in the folder on its first change.
        """
        self.flush()  # `path` may be the draft's own file, with a change on its way
        draft = load_draft(path)
        in_library = path.resolve().parent == self.library_path.resolve()
        self.draft_path = None if in_library else path
        self.document_path = path if in_library else None
        self.draft = draft
        self.changed()

    def adopt_autosave(self, draft: Draft) -> None:
        """Resume an autosaved draft, as the document in the folder it was saved to."""
        self.flush()
        self.document_path = library.find_document(draft, self.library_path)
        self.replace_draft(draft)

    def drafts(self) -> list[library.DraftEntry]:
        """The drafts folder, the most recently changed first."""
        self.flush()
        return library.list_drafts(self.library_path, self.factbase, self.templates, self.contacts)

    # -- the address book -------------------------------------------------------------

    def save_contact(self, contact_id: str, recipient: Recipient, *, replaces: str = "") -> None:
        """Add or change an address book entry (`replaces`: the id it had) and write the
        file; raises DrafterError when it cannot be written (the book is left as it was)."""
        from drafter.people.contacts import save_contacts

        self._check_book_writable()
        book = dict(self.contacts)
        if replaces and replaces != contact_id:
            book = {(contact_id if k == replaces else k): v for k, v in book.items()}
        book[contact_id] = recipient
        save_contacts(book, contacts_file())
        self._contacts = book
        if replaces and replaces != contact_id and self.draft.contact == replaces:
            self.draft.contact = contact_id
        self.changed()  # the preview shows the entry as it is now

    def _check_book_writable(self) -> None:
        """An address book that could not be read is never written over."""
        self.contacts  # noqa: B018 - read it first
        if self._contacts_unreadable:
            raise DraftError.single(
                str(contacts_file()),
                "the address book could not be read, so drafter does not change it",
                "fix the problem it reported (or move the file away), then start drafter again",
            )

    def contacts_path_text(self) -> str:
        from drafter.paths import display_path

        return display_path(contacts_file())

    def remove_contact(self, contact_id: str) -> None:
        from drafter.people.contacts import save_contacts

        self._check_book_writable()
        book = {k: v for k, v in self.contacts.items() if k != contact_id}
        save_contacts(book, contacts_file())
        self._contacts = book
        self.changed()

    def toggle_fact(self, fact_id: str) -> bool:
        """Add the fact to the draft or take it out; True when it is now chosen."""
        if fact_id in self.draft.facts:
            self.draft.facts.remove(fact_id)
            chosen = False
        else:
            self.draft.facts.append(fact_id)
            chosen = True
        self.changed()
        return chosen

    def move_fact(self, fact_id: str, offset: int) -> int:
        """Move a chosen fact up (-1) or down (+1); returns its new position."""
        facts = self.draft.facts
        index = facts.index(fact_id)
        target = max(0, min(len(facts) - 1, index + offset))
        if target != index:
            facts.insert(target, facts.pop(index))
            self.changed()
        return target

    def chosen_facts(self) -> list[Fact]:
        return [self.factbase.facts[f] for f in self.draft.facts if f in self.factbase.facts]

    def mark_reviewed(self, fact_id: str) -> Path:
        """Record in its file that the fact was checked today (by the profile's name), and
        load the base again so the app shows it; returns the file written."""
        from drafter.facts.review import mark_reviewed

        sender = self.profile
        path = mark_reviewed(
            self.factbase, fact_id, on=self.today, by=sender.name if sender else ""
        )
        self.load_factbase()
        return path

    def office_file(self) -> Path | None:
        """Where a new fact goes by default: the office file of `drafter facts layers`."""
        from drafter.errors import FactBaseError
        from drafter.facts.layers import read_layers

        try:
            return read_layers().office
        except FactBaseError:
            return None

    def add_fact(self, target: Path, **fact: Any) -> AddedFact:
        """Add a fact to `target` as `drafter facts add` does (drafter.facts.grow: the quote
        checked verbatim in the source's archive, the locator worked out, an id suggested
        when none is given), then load the base again so the app shows it. With no office
        file set yet, `target` becomes it; a file the app does not load is loaded from now
        on. Raises FactBaseError with every problem, and writes nothing then."""
        from drafter.facts.grow import add_fact_to_file

        paths = list(self.fact_paths())
        added = add_fact_to_file(paths, target, stale_months=self.options.stale_months, **fact)
        self._wrote_to(target)
        return added

    def read_document(self, document: Path) -> Capture:
        """A document's text and metadata, as `drafter sources add` reads them (an HTML
        page, a PDF, a DOCX or a text file); DrafterError when it cannot be read."""
        from drafter.facts.capture import capture
        from drafter.paths import display_path

        return capture(document, display_path(document))

    def add_source(
        self, target: Path, source_id: str, captured: Capture, given: Mapping[str, str]
    ) -> AddedSource:
        """Capture a document as `drafter sources add` does (drafter.facts.grow): its text
        archived as sources/ID.txt beside `target`, numbered, and the source entry written
        with the archive's SHA-256 and today's date; each field as `given`, else from the
        document's metadata. `target` becomes the office file when none is set, and is
        loaded from now on. Raises DrafterError with every problem, writing nothing then."""
        from drafter.facts.grow import add_source, source_fields

        fields, _ = source_fields(captured, given)
        added = add_source(
            target,
            source_id,
            captured,
            fields,
            base=self.fact_paths(),
            today=self.today,
            stale_months=self.options.stale_months,
        )
        self._wrote_to(target)
        return added

    def _wrote_to(self, target: Path) -> None:
        """After a source or fact was added to `target`: it is the office file when none
        is set yet, and loaded from now on; the base is loaded again to show it."""
        from drafter.facts.layers import adopt_office, read_layers, same_file

        if read_layers().office is None:
            adopt_office(target)
        if not any(same_file(p, target) for p in self.fact_paths()):
            self.added_files.append(target)
        self.load_factbase()

    def missing_facts(self) -> list[str]:
        """Ids the draft cites that no loaded fact file defines (a file since unloaded)."""
        return [f for f in self.draft.facts if f not in self.factbase.facts]

    def drop_facts(self, fact_ids: list[str]) -> None:
        """Take these ids out of the draft (one save, one change)."""
        self.draft.facts[:] = [f for f in self.draft.facts if f not in fact_ids]
        self.changed()

    def recipient(self) -> Recipient | None:
        """Who the letter is to: the typed recipient, else the address book entry."""
        if self.draft.recipient is not None:
            return self.draft.recipient
        if self.draft.contact:
            return self.contacts.get(self.draft.contact)
        return None

    def sender(self) -> Sender | None:
        return self.draft.sender or self.profile

    @property
    def workspace(self) -> Workspace:
        """The pipeline the CLI uses too, over this session's fact base, templates and people."""
        from drafter.drafting.workspace import Workspace

        workspace = self._workspace
        if workspace is None or workspace.factbase is not self.factbase:
            workspace = Workspace(
                self.factbase,
                self.templates,
                contacts=lambda: self.contacts,
                profile=lambda: self.profile,
                today=lambda: self.today,
                reference_doc=self.options.reference_doc,
                contacts_file=contacts_file(),
            )
            self._workspace = workspace
        return workspace

    def resolved(self) -> Draft:
        """The draft with its contact and sender filled in, ready for `render`."""
        return self.workspace.resolve(replace(self.draft.copy(), origin=APP_ORIGIN))

    def check(self) -> tuple[Finding, ...]:
        """The citation check of the draft's body: the workspace's, which `drafter check`
        asks too."""
        name = self.draft_path.name if self.draft_path is not None else "the body"
        return self.workspace.check_citations(self.draft, file=name)

    def starter(self) -> str:
        """A first body from the chosen facts, as `drafter draft --starter` writes it but
        with each paragraph on one line: the editor wraps them itself."""
        from drafter.drafting.starter import starter_body

        sender = self.sender()
        signer = sender.name if sender is not None else ""
        return starter_body(self.chosen_facts(), self.factbase, signer=signer, line_width=None)

    def render(self) -> RenderedDocument:
        """The document as it would export now; raises DrafterError when it cannot,
        each problem placed at the step where it is put right."""
        return self.workspace.render(self.draft, origin=APP_ORIGIN)

    def greeting(self) -> Greeting:
        """How the letter will address its recipient, as the renderer does it."""
        return self.workspace.greeting(self.draft)

    def output_name(self, file_format: str = "docx") -> str:
        """The file name the export dialog offers, as `drafter draft` would name it."""
        return self.workspace.output_name(self.draft, file_format)

    def finish(self) -> None:
        """After a successful export: the autosave is not offered again on start."""
        self.flush()  # the exported draft is the one kept
        autosave.mark_finished(self.autosave_path)
