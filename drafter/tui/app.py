"""The drafting app: one factory (`create_app`) used by `drafter`, `drafter open` and the tests.

The flow is a stack of step screens, Topic → Facts → Template → To & fields → Preview,
pushed in order so that Escape pops back one step with nothing lost (the screens are
installed once and the draft lives in the session, not in the widgets). Export, help,
the profile and the resume question are modal screens that return typed results; the
session does the I/O. Every action is a binding, so it shows in the footer or the help
screen and is offered by the command palette (ctrl+p) under the same name.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable
from functools import partial
from pathlib import Path
from typing import ClassVar

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.notifications import SeverityLevel
from textual.screen import Screen

from drafter.drafting import autosave
from drafter.drafting.draft import Draft, load_draft
from drafter.errors import DrafterError, FactBaseError
from drafter.paths import display_path
from drafter.people.sender import Sender
from drafter.textfmt import as_sentence
from drafter.tui.screens.base import STEP_NAMES, STEPS, StepScreen
from drafter.tui.session import AppOptions, Session

__all__ = ["AppOptions", "DrafterApp", "create_app", "run"]


class AutosaveWritten(Message):
    """The autosave's writer wrote the draft's files (on its own thread, or in a flush)."""


class DrafterApp(App[int]):
    CSS_PATH = "drafter.tcss"
    TITLE = "drafter"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1,question_mark", "help", "Help", tooltip="List every key"),
        Binding(
            "ctrl+o",
            "export",
            "Export",
            tooltip="Write the letter as DOCX, Markdown or PDF",
            show=False,  # shown in the footer of the preview, where it is the next step
        ),
        Binding("ctrl+s", "save_draft", "Save draft as", show=False),
        # Function keys before the text area's own (f6, f7 select in it; ctrl+a does too).
        Binding(
            "f7",
            "drafts",
            "Drafts",
            tooltip="Start a new draft or open a saved one",
            priority=True,
        ),
        Binding("f8", "address_book", "Address book", show=False, priority=True),
        Binding("ctrl+r", "edit_profile", "Sender profile", show=False),
        Binding("f2", "go_to('topic')", "Go to Topic", show=False, priority=True),
        Binding("f3", "go_to('facts')", "Go to Facts", show=False, priority=True),
        Binding("f4", "go_to('template')", "Go to Template", show=False, priority=True),
        Binding("f5", "go_to('recipient')", "Go to To & fields", show=False, priority=True),
        Binding("f6", "go_to('write')", "Go to Write", show=False, priority=True),
        Binding("f9", "go_to('preview')", "Go to Preview", show=False, priority=True),
    ]

    # -- keys, one at a time ---------------------------------------------------------
    # Textual hands a key to the focused widget and reads the next key at once; the first
    # key's work (a binding reached as it bubbles back up, a focus change) may come after
    # the next key was already handed to the old widget. So a key read while another is
    # on its way is held, and handed on once the one before has been through the widget,
    # its ancestors and the app (drafter.tui.keys says more).

    _key_in_flight: bool
    _held_keys: list[events.Key]
    _key_number: int

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded:
            if self._key_in_flight:
                self._held_keys.append(event)
                return
            await self._send_key(event)
            return
        await super().on_event(event)

    async def _send_key(self, event: events.Key) -> None:
        from drafter.tui.keys import SETTLE_FALLBACK_SECONDS, choose_in_menu, settle_path

        self._key_number += 1
        number = self._key_number
        self._key_in_flight = True
        try:
            target = self.focused or self.screen
        except Exception:  # no screen yet, or none left: nothing to wait for
            target = None
        if event.key == "enter" and target is not None and choose_in_menu(target):
            await self._key_settled(number)  # chosen, the menu closed: the next key goes on
            return
        await super().on_event(event)
        # A safety net, never the rule: should a widget on the path be removed with the
        # key in it, the next key still goes on.
        self.set_timer(SETTLE_FALLBACK_SECONDS, partial(self._key_settled, number))
        nodes = [n for n in target.ancestors_with_self if n is not self] if target else []
        settle_path(self, nodes, partial(self._key_settled, number))

    async def _key_settled(self, number: int) -> None:
        if number != self._key_number or not self._key_in_flight:
            return
        self._key_in_flight = False
        if self._held_keys:
            await self._send_key(self._held_keys.pop(0))

    def __init__(self, options: AppOptions) -> None:
        super().__init__()
        self.options = options
        self.session = Session(options)
        self.session.on_change.append(self._draft_changed)
        # Posting a message is safe from the writer's thread; the app shows the result.
        self.session.on_saved.append(self._autosave_written)
        self._key_in_flight = False  # a key is on its way through the widgets
        self._held_keys = []  # keys read meanwhile, in order
        self._key_number = 0
        self._autosave_problem_shown = ""
        from drafter.tui.themes import THEMES

        for theme in THEMES:
            self.register_theme(theme)
        if options.theme:
            self.theme = options.theme  # the CLI has checked the name

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Every notice is a sentence (it ends with a full stop), and its text is shown as
        written: a bracket in a path or a problem is not taken for markup."""
        super().notify(
            as_sentence(message), title=title, severity=severity, timeout=timeout, markup=markup
        )

    # -- start ---------------------------------------------------------------------------

    def on_mount(self) -> None:
        self.app_suspend_signal.subscribe(self, lambda _app: self.session.flush())
        try:
            self.session.load_factbase()
        except FactBaseError as exc:
            from drafter.tui.screens.problems import LoadErrorScreen

            self.push_screen(LoadErrorScreen(exc.problems))
            return
        self._push_step("topic")
        self.call_after_refresh(self._start)

    def _prepare_search(self) -> None:
        def prepare() -> None:
            self.session.factbase.prepare_search()
            self.keep_heap()  # the index stays as long as the base

        self.run_worker(prepare, thread=True, exit_on_error=False)

    def keep_heap(self) -> None:
        """Leave what is loaded now out of the cycle collector's full collections.

        What the app has built by then (Textual's modules, the fact base and its search
        index, a step's screen) lives as long as the session: walking it again and again
        took about 0.1 s a full collection at 10,000 facts, landing on keystrokes. The
        objects are still freed when no longer referred to; only cycles among them wait
        for `gc.unfreeze` (on a new draft, whose screens are made afresh).
        """
        gc.freeze()

    def _claim_autosave(self) -> Path | None:
        """Take the autosave for this window; the path another window holds, if any."""
        session = self.session
        asked = session.autosave_path
        claim = autosave.claim(asked)
        session.autosave_claim = claim
        session.autosave_path = claim.path
        if claim.holder is not None:
            self.notify(
                f"Another drafter ({claim.holder.describe()}) is editing the autosaved "
                f"draft. This window saves to {claim.path.name} instead, so neither "
                "overwrites the other; that draft is offered here as a copy.",
                severity="warning",
                timeout=15,
            )
            return asked
        if claim.copies_left:
            names = ", ".join(path.name for path in claim.copies_left)
            self.notify(
                f"Drafts from earlier second windows are kept: {names} (in "
                f"{asked.parent}); drafter open one to go on with it.",
                timeout=10,
            )
        return None

    def _start(self) -> None:
        session = self.session
        self.keep_heap()
        # The search index of a large base takes a moment to build: do it off the UI
        # thread once the first screen has settled, not on the first keystroke of a search.
        self.set_timer(0.5, self._prepare_search)
        held = self._claim_autosave()
        if self.options.open_draft is not None:
            self._open_draft(self.options.open_draft)
            return
        if held is not None:
            found = autosave.read_autosave(held, held_elsewhere=True)
        else:
            found = autosave.read_autosave(session.autosave_path)
        if found.set_aside is not None:
            self.notify(
                f"The autosaved draft could not be read and was kept as {found.set_aside.name}: "
                + (found.problems[0].message if found.problems else "unreadable"),
                severity="warning",
                timeout=10,
            )
        if found.draft is None:
            self._ask_profile()
            return
        from drafter.tui.screens.dialogs import ResumeDialog

        recovered = found.draft

        def answered(resume: bool | None) -> None:
            if resume:
                self._adopt(recovered, resumed=True)
            else:
                # Kept beside the autosave, so "start afresh" never destroys work.
                kept = autosave.set_aside(session.autosave_path, "discarded")
                if kept is not None:
                    self.notify(f"The earlier draft is kept as {kept.name}", timeout=6)
            self._ask_profile()

        self.push_screen(ResumeDialog(recovered, session), answered)

    def _open_draft(self, path: Path) -> None:
        try:
            draft = load_draft(path)
        except DrafterError as exc:
            from drafter.tui.screens.problems import ProblemsDialog

            self.push_screen(ProblemsDialog(f"{path.name} cannot be opened", exc.problems))
            return
        kept = autosave.set_aside(self.session.autosave_path, "previous")
        if kept is not None:
            self.notify(f"The unfinished autosaved draft is kept as {kept.name}", timeout=6)
        self.session.draft_path = path
        self._adopt(draft)
        self.notify(f"Opened {path.name}")
        self._ask_profile()

    def _adopt(self, draft: Draft, *, resumed: bool = False) -> None:
        """Make `draft` the one being edited and go to the furthest step it has reached."""
        if resumed:
            self.session.adopt_autosave(draft)
        else:
            self.session.replace_draft(draft)
        self._go_furthest(draft)

    def _go_furthest(self, draft: Draft) -> None:
        # Facts it cites that no loaded file defines (a layer since removed) would stop
        # it rendering: the user is told which, and offered to drop them.
        missing = self.session.missing_facts()
        if missing:
            self.go_to("facts")
            self._offer_to_drop(missing)
        elif draft.template and (draft.recipient or draft.contact):
            self.go_to("preview")
        elif draft.template:
            self.go_to("recipient")
        elif draft.facts or draft.topic:
            self.go_to("facts")

    def _offer_to_drop(self, missing: list[str]) -> None:
        from drafter.tui.screens.dialogs import ConfirmDialog

        names = ", ".join(f"'{m}'" for m in missing)
        count = len(missing)
        question = (
            f"The draft cites {count} fact{'s' if count != 1 else ''} that no loaded fact file "
            f"defines: {names}. Drop {'them' if count != 1 else 'it'} from the draft? "
            "(Or keep, quit, and load the file that defines "
            f"{'them' if count != 1 else 'it'}: drafter facts layers --add FILE.)"
        )

        def answered(drop: bool | None) -> None:
            if drop:
                self.session.drop_facts(missing)
                self.notify(f"Dropped {names} from the draft", timeout=6)

        self.push_screen(ConfirmDialog(question, yes="Drop", no="Keep"), answered)

    def _ask_profile(self) -> None:
        """First run: ask who signs the letters (skippable); report unreadable people files."""
        session = self.session
        session.contacts  # noqa: B018 - loaded now so that a problem is reported at once
        session.profile  # noqa: B018
        for problem in session.people_problems:
            self.notify(str(problem), title="Not read", severity="error", timeout=15)
        if session.profile_missing():
            self.action_edit_profile()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if not self.options.cursor_blink and hasattr(event.widget, "cursor_blink"):
            event.widget.cursor_blink = False

    def on_unmount(self) -> None:
        """Quitting: the last change is written before the app ends."""
        self.session.flush()

    # -- the draft -------------------------------------------------------------------------

    def _autosave_written(self) -> None:
        self.post_message(AutosaveWritten())

    def on_autosave_written(self, _message: AutosaveWritten) -> None:
        self._show_autosave_problem()

    def _draft_changed(self) -> None:
        self._show_autosave_problem()
        screen = self.screen
        if isinstance(screen, StepScreen):
            screen.draft_changed()

    def _show_autosave_problem(self) -> None:
        """A notice when saving starts to fail (and again when it fails for another reason)."""
        problem = self.session.autosave_problem
        if problem != self._autosave_problem_shown:
            self._autosave_problem_shown = problem
            if problem:
                self.notify(
                    f"The draft cannot be autosaved: {problem}",
                    title="Not saved",
                    severity="error",
                    timeout=15,
                )

    # -- moving between steps ----------------------------------------------------------------

    def step_stack(self) -> list[StepScreen]:
        return [s for s in self.screen_stack if isinstance(s, StepScreen)]

    def go_to(self, step: str) -> None:
        """Show `step`, popping later steps or pushing the ones between, so Escape goes back."""
        if step not in STEP_NAMES:
            raise ValueError(f"unknown step {step!r}")
        self.session.flush()  # a step change writes the last edits, as quitting does
        stack = self.step_stack()
        if not stack:
            return
        if isinstance(self.screen, StepScreen) is False:
            return  # a dialog is open; it decides what comes next
        current = STEP_NAMES.index(stack[-1].STEP)
        target = STEP_NAMES.index(step)
        for _ in range(current - target):
            self.pop_screen()
        for name in STEP_NAMES[current + 1 : target + 1]:
            self._push_step(name)

    def _push_step(self, name: str) -> None:
        """Push a step's screen, made (and its module imported) the first time it is shown.

        Installed, so popping it keeps its widgets (a search typed, a scroll position).
        """
        if not self.is_screen_installed(name):
            self.install_screen(step_class(name)(), name)
        self.push_screen(name)

    def action_go_to(self, step: str) -> None:
        self.go_to(step)

    def action_step_back(self) -> None:
        self.session.flush()
        stack = self.step_stack()
        if len(stack) > 1 and self.screen is stack[-1]:
            self.pop_screen()
        elif len(stack) == 1:
            self.notify("This is the first step; ctrl+q quits (the draft is saved)", timeout=3)

    def action_next_step(self) -> None:
        stack = self.step_stack()
        if not stack:
            return
        current = STEP_NAMES.index(stack[-1].STEP)
        if not stack[-1].ready_for_next():
            return
        if current + 1 < len(STEP_NAMES):
            self.go_to(STEP_NAMES[current + 1])
        else:
            self.action_export()

    # -- dialogs ---------------------------------------------------------------------------

    def action_help(self) -> None:
        from drafter.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.help_sections()))

    def help_sections(self) -> list[tuple[str, list[tuple[str, str]]]]:
        """(title, [(keys, what they do)]) for the help screen, from the bindings themselves."""
        from drafter.tui.screens.help import describe_bindings

        sections = [("Everywhere", describe_bindings(self.BINDINGS + StepScreen.BINDINGS))]
        sections[0][1].extend(
            [
                ("ctrl+p", "Command palette: every action by name"),
                ("ctrl+q", "Quit (the draft is already saved)"),
                ("tab / shift+tab", "Move between the boxes of a screen"),
            ]
        )
        if not self.step_stack():
            return sections  # the fact base did not load: there are no steps
        for name, label in STEPS:
            screen_class = step_class(name)
            keys = describe_bindings(screen_class.BINDINGS) + list(screen_class.EXTRA_KEYS)
            if keys:
                sections.append((label, keys))
        return sections

    def action_export(self) -> None:
        from drafter.tui.screens.export import ExportDialog

        if isinstance(self.screen, ExportDialog) or not self.step_stack():
            return

        def exported(path: Path | None) -> None:
            if path is None:
                return
            self.session.finish()
            self.notify(f"Written to {display_path(path)}", title="Exported", timeout=8)

        self.push_screen(ExportDialog(), exported)

    def action_save_draft(self) -> None:
        from drafter.tui.screens.dialogs import SaveDraftDialog

        if not self.step_stack() or isinstance(self.screen, SaveDraftDialog):
            return

        def saved(path: Path | None) -> None:
            if path is not None:
                self.session.draft_path = path
                self.notify(f"Saved the draft as {display_path(path)}")

        self.push_screen(SaveDraftDialog(), saved)

    def action_drafts(self) -> None:
        from drafter.tui.screens.drafts import NEW, DraftsDialog

        if not isinstance(self.screen, StepScreen):
            return  # a dialog is open: it is answered first

        def chosen(choice: Path | str | None) -> None:
            if choice == NEW:
                self.new_draft()
            elif isinstance(choice, Path):
                self.open_document(choice)

        self.push_screen(DraftsDialog(), chosen)

    def new_draft(self) -> None:
        """A new, empty draft from the Topic step; the profile and address book stay."""
        self.session.new_draft()
        self._restart_steps()
        self.notify("A new draft. The one before is kept in Drafts (F7).")

    def open_document(self, path: Path) -> None:
        try:
            self.session.open_document(path)
        except DrafterError as exc:
            from drafter.tui.screens.problems import ProblemsDialog

            self.push_screen(ProblemsDialog(f"{path.name} cannot be opened", exc.problems))
            return
        self._restart_steps()
        self._go_furthest(self.session.draft)
        self.notify(f"Opened {display_path(path)}.")

    def _restart_steps(self) -> None:
        """Fresh step screens from Topic: nothing typed for one draft shows in the next."""
        gc.unfreeze()  # the old screens can be collected; the new ones are kept again
        while len(self.screen_stack) > 1:
            self.pop_screen()
        for name in STEP_NAMES:
            if self.is_screen_installed(name):
                self.uninstall_screen(name)
        self._push_step("topic")

    def action_address_book(self) -> None:
        from drafter.tui.screens.contacts import AddressBookDialog

        if not isinstance(self.screen, StepScreen):
            return

        def chosen(contact_id: str | None) -> None:
            if contact_id is None:
                return
            draft = self.session.draft
            draft.contact, draft.recipient = contact_id, None
            self.session.changed()
            screen = self.screen
            if isinstance(screen, StepScreen):
                screen.refresh_from_draft()
            self.notify(f"The letter is to {contact_id} from the address book.")

        self.push_screen(AddressBookDialog(), chosen)

    def action_edit_profile(self) -> None:
        from drafter.tui.screens.dialogs import ProfileDialog

        if isinstance(self.screen, ProfileDialog) or not self.step_stack():
            return

        def answered(sender: Sender | None) -> None:
            if sender is None:
                return
            try:
                self.session.save_profile(sender)
            except DrafterError as exc:
                self.notify(str(exc.problems[0]), severity="error", timeout=10)
                return
            self.notify("Saved your profile; it signs every letter")

        self.push_screen(ProfileDialog(self.session.profile), answered)

    # -- command palette ---------------------------------------------------------------------

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        seen = {"Quit", "Keys"}
        namespaces: list[tuple[object, list[BindingType]]] = [(self, self.BINDINGS)]
        if isinstance(screen, StepScreen):
            namespaces.append((screen, StepScreen.BINDINGS + type(screen).BINDINGS))
        for namespace, bindings in namespaces:
            for binding in bindings:
                if not isinstance(binding, Binding) or not binding.description:
                    continue
                if binding.description in seen:
                    continue
                seen.add(binding.description)
                key = binding.key.split(",")[0]
                help_text = binding.tooltip or binding.description
                yield SystemCommand(
                    binding.description,
                    f"{help_text} ({key})",
                    partial(self.run_action, binding.action, namespace),  # type: ignore[arg-type]
                )
        if isinstance(screen, StepScreen):
            yield SystemCommand("New draft", "Start a new, empty draft", self.new_draft)
            for entry in self.session.drafts()[:5]:
                if entry.problem or entry.path == self.session.document_path:
                    continue
                yield SystemCommand(
                    f"Open recent draft: {entry.title}",
                    f"to {entry.recipient or '(no recipient yet)'}",
                    partial(self.open_document, entry.path),
                )


def step_class(name: str) -> type[StepScreen]:
    """The screen class of a step, imported on first use to keep start-up quick."""
    if name == "topic":
        from drafter.tui.screens.topic import TopicScreen

        return TopicScreen
    if name == "facts":
        from drafter.tui.screens.facts import FactsScreen

        return FactsScreen
    if name == "template":
        from drafter.tui.screens.template import TemplateScreen

        return TemplateScreen
    if name == "recipient":
        from drafter.tui.screens.recipient import RecipientScreen

        return RecipientScreen
    if name == "write":
        from drafter.tui.screens.write import WriteScreen

        return WriteScreen
    if name == "preview":
        from drafter.tui.screens.preview import PreviewScreen

        return PreviewScreen
    raise ValueError(f"unknown step {name!r}")


def create_app(options: AppOptions | None = None) -> DrafterApp:
    """The one app factory: `drafter`, `drafter open` and the tests all start here."""
    return DrafterApp(options or AppOptions())


def run(options: AppOptions) -> int:
    """Run the app in the terminal; the exit code for the CLI."""
    app = create_app(options)
    try:
        result = app.run()
    finally:
        app.session.flush()  # written on unmount already; this covers a failed start
    return result if isinstance(result, int) else (app.return_code or 0)
