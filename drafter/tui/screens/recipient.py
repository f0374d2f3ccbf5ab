"""Step 4: who the letter is to, who signs it, the template's fields, date and references.

The recipient comes from the address book or is typed (kind and name parts); the
salutation, address line and valediction are shown as they will print, or the
problem that stops them. The template's fields are a form with labels, help, defaults
and required marks. Every edit goes straight into the draft (and so the autosave).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Label, Select, Static, TextArea

from drafter.errors import DrafterError
from drafter.people.address import Recipient, known_kinds
from drafter.textfmt import uk_date
from drafter.tui.screens.base import StepScreen
from drafter.tui.widgets.choice import Tick
from drafter.tui.widgets.form import GENDERS, NAME_PARTS, Row
from drafter.tui.widgets.preview_pane import PreviewPane

TYPE_ONE = "__typed__"
_CHANGES = (Input.Changed, Select.Changed, Checkbox.Changed, TextArea.Changed)
_NOT_ID = re.compile(r"[^A-Za-z0-9_-]")


def field_widget_id(name: str) -> str:
    return "field-" + _NOT_ID.sub("_", name)


def recipient_label(contact_id: str, recipient: Recipient) -> str:
    """How an address book entry is listed: name, then office or kind."""
    name = " ".join(
        p for p in (recipient.honorific, recipient.first_name, recipient.last_name) if p
    )
    name = name or recipient.peerage or contact_id
    return f"{name} — {recipient.office or recipient.kind}"


class RecipientScreen(StepScreen):
    STEP = "recipient"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+l", "focus_contact", "Address book", show=False),
        Binding("ctrl+f", "focus_fields", "Letter fields", show=False),
        Binding(
            "ctrl+b",
            "save_recipient",
            "Save to address book",
            tooltip="Keep the typed recipient in the address book",
        ),
    ]
    HORIZONTAL_BREAKPOINTS = [  # noqa: RUF012 - Textual types it without ClassVar
        (0, "-narrow"),
        (110, "-wide"),
    ]
    # Focus goes straight to the address book: the form's scroll container taking it
    # first, then losing it, restyled all of the form's widgets twice.
    AUTO_FOCUS = "#contact"

    def __init__(self) -> None:
        super().__init__()
        # The width class from the start, so that the first resize restyles nothing.
        self.add_class("-wide" if self.app.size.width >= 110 else "-narrow")
        self._fields_for: str | None = None  # the template whose fields the form shows
        self._field_names: dict[str, str] = {}  # widget id -> template field name
        self._field_errors: dict[str, Static] = {}  # template field name -> its mark
        self._required_shown: dict[str, bool] = {}  # field name -> marked required now

    def compose_step(self) -> ComposeResult:
        kinds = known_kinds()
        with Horizontal(id="recipient-body"):
            with VerticalScroll(id="recipient-form"):
                yield Static("To", classes="section")
                yield Row("Address book", Select[str]([], id="contact", compact=True, prompt="—"))
                yield Row(
                    "Kind",
                    Select[str](
                        [(f"{k} · {d}", k) for k, d in kinds.items()],
                        id="r-kind",
                        compact=True,
                        allow_blank=False,
                        value="unknown",
                    ),
                )
                for name, label, placeholder in NAME_PARTS:
                    yield Row(label, Input(placeholder=placeholder, id=f"r-{name}", compact=True))
                yield Row(
                    "Gender",
                    Select[str](GENDERS, id="r-gender", compact=True, allow_blank=False, value=""),
                )
                yield Row("", Tick("Privy Counsellor (Rt Hon)", id="r-pc", compact=True))
                yield Row("Address", TextArea(id="r-address", compact=True))
                yield Static("This letter only", classes="section")
                yield Row(
                    "Salutation",
                    Input(placeholder="e.g. Dear David", id="letter-salutation", compact=True),
                )
                yield Row(
                    "Valediction",
                    Input(placeholder="e.g. Yours ever", id="letter-valediction", compact=True),
                )
                yield Static("", id="form-of-address")
                yield Static("From", classes="section")
                yield Static("", id="sender-summary")
                yield Static("", id="fields-title", classes="section")
                yield Vertical(id="template-fields")
                yield Static("Date and references", classes="section")
                yield Row("Date", Input(id="date", compact=True))
                yield Row("Our ref", Input(id="our-ref", compact=True))
                yield Row("Your ref", Input(id="your-ref", compact=True))
            yield PreviewPane(self.session, id="live-preview")

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#contact", Select).focus()

    def on_resize(self) -> None:
        # The live preview appears when the terminal is wide enough; fill it then.
        self.call_after_refresh(self.preview().schedule)

    # -- filling the form from the draft ------------------------------------------------------

    def refresh_from_draft(self) -> None:
        super().refresh_from_draft()
        # Filling the form from the draft is not an edit: its change events are dropped.
        with self.prevent(*_CHANGES):
            self.fill_contacts()
            self.fill_recipient(self.session.recipient())
            self.fill_template_fields()
            draft = self.session.draft
            today = uk_date(self.session.today)
            date_input = self.query_one("#date", Input)
            date_input.placeholder = f"YYYY-MM-DD; empty: today, {today}"
            if not (draft.date is None and date_input.value and not self._valid_date()):
                date_input.value = draft.date.isoformat() if draft.date else ""
            self.query_one("#our-ref", Input).value = draft.our_ref
            self.query_one("#your-ref", Input).value = draft.your_ref
            self.query_one("#letter-salutation", Input).value = draft.salutation
            self.query_one("#letter-valediction", Input).value = draft.valediction
        self.show_people()
        self.preview().schedule()

    def _valid_date(self) -> bool:
        try:
            dt.date.fromisoformat(self.query_one("#date", Input).value.strip())
        except ValueError:
            return False
        return True

    def preview(self) -> PreviewPane:
        return self.query_one("#live-preview", PreviewPane)

    def fill_contacts(self) -> None:
        contacts = self.session.contacts
        options = [(recipient_label(cid, r), cid) for cid, r in contacts.items()]
        contact = self.session.draft.contact
        if contact and contact not in contacts:
            # Kept, not dropped: the preview says what is wrong with it.
            options.insert(0, (f"{contact} (not in the address book)", contact))
        options.append(("Type the recipient below", TYPE_ONE))
        select = self.query_one("#contact", Select)
        select.set_options(options)
        if contact and self.session.draft.recipient is None:
            select.value = contact
        elif self.session.draft.recipient is not None:
            select.value = TYPE_ONE
        else:
            select.clear()

    def fill_recipient(self, recipient: Recipient | None) -> None:
        recipient = recipient or Recipient()
        kinds = known_kinds()
        kind = recipient.kind if recipient.kind in kinds else "unknown"
        self.query_one("#r-kind", Select).value = kind
        for name, _, _ in NAME_PARTS:
            self.query_one(f"#r-{name}", Input).value = getattr(recipient, name)
        gender = recipient.gender if recipient.gender in ("female", "male") else ""
        self.query_one("#r-gender", Select).value = gender
        self.query_one("#r-pc", Checkbox).value = recipient.privy_counsellor
        self.query_one("#r-address", TextArea).text = "\n".join(recipient.address)

    def fill_template_fields(self) -> None:
        session = self.session
        container = self.query_one("#template-fields", Vertical)
        title = self.query_one("#fields-title", Static)
        template = None
        if session.draft.template:
            try:
                template = session.templates.get(session.draft.template)
            except DrafterError as exc:
                title.update(Text(str(exc.problems[0]), style="red"))
        if template is None:
            if not session.draft.template:
                title.update("Letter fields (choose a template first)")
            container.remove_children()
            self._fields_for = None
            return
        title.update(f"{template.title}: fields")
        if self._fields_for != template.name:
            self._fields_for = template.name
            self._field_names = {}
            self._field_errors = {}
            self._required_shown = {}
            container.remove_children()
            widgets: list[Widget] = []
            for spec in template.fields:
                area = TextArea(
                    session.draft.fields.get(spec.name, ""),
                    id=field_widget_id(spec.name),
                    compact=True,
                    classes="template-field",
                )
                self._field_names[field_widget_id(spec.name)] = spec.name
                label = Text(spec.label or spec.name, style="bold")
                if spec.required:
                    label.append(" (required)", style="italic")
                widgets.append(Label(label, classes="field-label"))
                widgets.append(area)
                hint = spec.help
                if spec.default:
                    hint = (hint + " " if hint else "") + f"Left empty: “{spec.default}”"
                if hint:
                    widgets.append(Static(hint, classes="field-help"))
                error = Static("", id=field_widget_id(spec.name) + "-error", classes="field-error")
                self._field_errors[spec.name] = error
                widgets.append(error)
            container.mount_all(widgets)
        else:
            for spec in template.fields:
                # query, not query_one: the widgets may still be mounting.
                for area in self.query("#" + field_widget_id(spec.name)).results(TextArea):
                    value = session.draft.fields.get(spec.name, "")
                    if area.text != value:
                        area.text = value
        self.call_after_refresh(self.check_required)

    # -- showing what the edits mean -------------------------------------------------------------

    def show_people(self) -> None:
        """The form of address as it will print (the renderer's own), and who signs."""
        session = self.session
        shown = self.query_one("#form-of-address", Static)
        text = Text()
        try:
            greeting = session.greeting()
        except DrafterError as exc:
            problem = exc.problems[0]
            text.append("Cannot address the letter yet: ", style="bold red")
            text.append(problem.message)
            if problem.hint:
                text.append(f"\n({problem.hint})", style="dim")
        else:
            for label, value in (
                ("Address", " / ".join(greeting.block) or "(none)"),
                ("Salutation", greeting.salutation),
                ("Valediction", greeting.valediction),
            ):
                if text:
                    text.append("\n")
                text.append(f"{label:<12}", style="dim")
                text.append(value, style="bold")
        shown.update(text)
        sender = session.sender()
        summary = Text()
        if sender is None or not sender.name:
            summary.append("No profile yet: ", style="bold yellow")
            summary.append("ctrl+r says who signs the letter.")
        else:
            summary.append(sender.name, style="bold")
            for part in (sender.title, sender.organisation):
                if part:
                    summary.append(", " + part)
            summary.append("   ctrl+r edits", style="dim")
        self.query_one("#sender-summary", Static).update(summary)

    def _template(self) -> Any:
        if not self.session.draft.template:
            return None
        try:
            return self.session.templates.get(self.session.draft.template)
        except DrafterError:
            return None

    def check_required(self) -> list[str]:
        """Mark required fields left empty (with no default); returns their labels."""
        template = self._template()
        missing: list[str] = []
        if template is None:
            return missing
        for spec in template.fields:
            value = self.session.draft.fields.get(spec.name, "").strip()
            empty = spec.required and not value and not spec.default
            # Each field's mark is changed only when it would read differently: a key
            # typed in a field leaves the others (and mostly its own) as they were.
            error = self._field_errors.get(spec.name)
            if error is not None and self._required_shown.get(spec.name) is not empty:
                error.update("Required" if empty else "")
                error.display = empty
                self._required_shown[spec.name] = empty
            if empty:
                missing.append(spec.label or spec.name)
        return missing

    def draft_changed(self) -> None:
        super().draft_changed()
        self.show_people()
        self.preview().schedule()

    # -- edits --------------------------------------------------------------------------------

    def recipient_from_form(self) -> Recipient:
        values: dict[str, Any] = {
            name: self.query_one(f"#r-{name}", Input).value.strip() for name, _, _ in NAME_PARTS
        }
        kind = self.query_one("#r-kind", Select).value
        values["kind"] = kind if isinstance(kind, str) else "unknown"
        gender = self.query_one("#r-gender", Select).value
        values["gender"] = gender if isinstance(gender, str) else ""
        values["privy_counsellor"] = self.query_one("#r-pc", Checkbox).value
        lines = self.query_one("#r-address", TextArea).text.splitlines()
        values["address"] = tuple(line.strip() for line in lines if line.strip())
        # Keep what the form does not show (email, salutation overrides) from the contact.
        base = self.session.recipient() or Recipient()
        return dataclasses.replace(base, **values)

    @on(Select.Changed, "#contact")
    def contact_changed(self, event: Select.Changed) -> None:
        draft = self.session.draft
        value = event.value
        if value == TYPE_ONE:
            # From now on the form is the recipient; it starts as the contact was.
            if draft.recipient is None:
                draft.recipient = self.recipient_from_form()
                draft.contact = ""
                self.session.changed()
            return
        if not isinstance(value, str):
            return
        contact = self.session.contacts.get(value)
        if contact is None or (draft.contact == value and draft.recipient is None):
            return
        draft.contact = value
        draft.recipient = None
        with self.prevent(*_CHANGES):
            self.fill_recipient(contact)
        self.session.changed()

    @on(Input.Changed, ".form-row Input")
    @on(Select.Changed, "#r-kind, #r-gender")
    @on(Checkbox.Changed, "#r-pc")
    @on(TextArea.Changed, "#r-address")
    def recipient_edited(self, event: Any) -> None:
        widget_id = getattr(event.control, "id", "") or ""
        if widget_id in ("letter-salutation", "letter-valediction"):
            self.greeting_edited(widget_id, getattr(event, "value", ""))
            return
        if widget_id in ("date", "our-ref", "your-ref"):
            self.references_edited(widget_id, getattr(event, "value", ""))
            return
        if not widget_id.startswith("r-"):
            return
        recipient = self.recipient_from_form()
        if recipient == (self.session.recipient() or Recipient()):
            return  # the form was filled from the draft (or is still empty), not edited
        self.session.draft.recipient = recipient
        self.session.changed()

    def greeting_edited(self, widget_id: str, value: str) -> None:
        draft = self.session.draft
        name = widget_id.removeprefix("letter-")
        if getattr(draft, name) != value.strip():
            setattr(draft, name, value.strip())
            self.session.changed()

    def references_edited(self, widget_id: str, value: str) -> None:
        draft = self.session.draft
        before = (draft.date, draft.our_ref, draft.your_ref)
        value = value.strip()
        date_input = self.query_one("#date", Input)
        if widget_id == "date":
            if not value:
                draft.date = None
                date_input.border_subtitle = ""
                date_input.remove_class("-invalid")
            else:
                try:
                    draft.date = dt.date.fromisoformat(value)
                except ValueError:
                    date_input.add_class("-invalid")
                    return  # keep the last good date until this one is complete
                date_input.remove_class("-invalid")
        elif widget_id == "our-ref":
            draft.our_ref = value
        else:
            draft.your_ref = value
        if (draft.date, draft.our_ref, draft.your_ref) != before:
            self.session.changed()

    @on(TextArea.Changed, ".template-field")
    def field_edited(self, event: TextArea.Changed) -> None:
        name = self._field_names.get(event.text_area.id or "")
        if name is None:
            return
        value = event.text_area.text
        fields = self.session.draft.fields
        if value == fields.get(name, ""):
            return
        if value.strip():
            fields[name] = value
        else:
            fields.pop(name, None)
        self.check_required()
        self.session.changed()

    # -- actions -------------------------------------------------------------------------------

    def action_focus_contact(self) -> None:
        self.query_one("#contact", Select).focus()

    def action_focus_fields(self) -> None:
        fields = self.query(".template-field")
        if fields:
            fields.first().focus()
        else:
            self.notify("Choose a template first (F4)", severity="warning")

    def action_save_recipient(self) -> None:
        from drafter.people.contacts import suggest_contact_id
        from drafter.tui.screens.contacts import ContactDialog

        draft = self.session.draft
        if draft.recipient is None:
            if draft.contact:
                self.notify(f"{draft.contact} is in the address book already.")
            else:
                self.notify("Type the recipient first, then ctrl+b keeps it.", severity="warning")
            return
        recipient = draft.recipient
        suggested = suggest_contact_id(recipient, self.session.contacts)

        def saved(contact_id: str | None) -> None:
            if contact_id is None:
                return
            # The letter now goes to the entry, so a change to it reaches this letter.
            draft.contact, draft.recipient = contact_id, None
            self.session.changed()
            self.refresh_from_draft()

        self.app.push_screen(ContactDialog(suggested, recipient, new=True), saved)

    def ready_for_next(self) -> bool:
        missing = self.check_required()
        if missing:
            self.notify("Fill in: " + ", ".join(missing), title="Required", severity="warning")
            self.action_focus_fields()
            return False
        return True
