"""The address book in the app: choose a contact for the letter, add, edit or remove one.

The entries are read and written by the core (drafter.people.contacts: the same file
and checks as `drafter draft --contacts`); an entry that cannot be addressed (a name
part missing) is refused with the reason, as the file reader would refuse it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, OptionList, Select, Static, TextArea
from textual.widgets.option_list import Option

from drafter.errors import DrafterError
from drafter.people.address import Recipient, form_of_address, known_kinds
from drafter.tui.screens.dialogs import ConfirmDialog
from drafter.tui.widgets.choice import Tick
from drafter.tui.widgets.form import GENDERS, NAME_PARTS, FormDialog, Row

if TYPE_CHECKING:
    from drafter.tui.app import DrafterApp

# What the address book keeps of a contact beyond the To step's name parts.
CONTACT_PARTS = (
    *NAME_PARTS,
    ("email", "Email", ""),
    ("salutation", "Salutation", "empty: as the form of address gives it"),
    ("valediction", "Valediction", "empty: Yours sincerely or faithfully, to match"),
)


def contact_text(contact_id: str, recipient: Recipient) -> Text:
    """A row: the first line of the address as it prints, then the id and the office."""
    text = Text()
    try:
        text.append(form_of_address(recipient).address_line, style="bold")
    except DrafterError as exc:
        text.append(contact_id, style="bold")
        text.append(f" (cannot be addressed: {exc.problems[0].message})", style="italic")
    text.append(f"\n  {contact_id}", style="dim")
    detail = recipient.office or recipient.organisation
    if detail:
        text.append(" · " + detail, style="dim")
    return text


class AddressBookDialog(ModalScreen[str | None]):
    """F8: the address book; enter uses the highlighted contact for this letter."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close"),
        Binding("a", "add", "Add"),
        Binding("e", "edit", "Edit"),
        Binding("d,delete", "remove", "Remove"),
    ]

    @property
    def drafter(self) -> DrafterApp:
        from drafter.tui.app import DrafterApp

        return cast(DrafterApp, self.app)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="address-book"):
            yield Static("Address book", classes="dialog-title")
            yield Static("", id="book-count", classes="hint")
            yield OptionList(id="book-list")
        yield Footer()

    def on_mount(self) -> None:
        self.fill()
        self.query_one("#book-list", OptionList).focus()

    def fill(self, highlight: str = "") -> None:
        book = self.drafter.session.contacts
        option_list = self.query_one("#book-list", OptionList)
        option_list.set_options(Option(contact_text(k, r), id=k) for k, r in book.items())
        ids = list(book)
        if ids:
            option_list.highlighted = ids.index(highlight) if highlight in ids else 0
        count = len(ids)
        where = self.drafter.session.contacts_path_text()
        self.query_one("#book-count", Static).update(
            f"{count} contact{'s' if count != 1 else ''} in {where}. "
            "enter: use for this letter · a add · e edit · d remove"
        )

    def highlighted_id(self) -> str | None:
        option = self.query_one("#book-list", OptionList).highlighted_option
        return option.id if option is not None else None

    @on(OptionList.OptionSelected, "#book-list")
    def chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_close(self) -> None:
        self.dismiss(None)

    def action_add(self) -> None:
        self.app.push_screen(ContactDialog(), self._saved)

    def action_edit(self) -> None:
        contact_id = self.highlighted_id()
        if contact_id is None:
            self.notify("The address book is empty: a adds a contact.", severity="warning")
            return
        recipient = self.drafter.session.contacts[contact_id]
        self.app.push_screen(ContactDialog(contact_id, recipient), self._saved)

    def _saved(self, saved: str | None) -> None:
        if saved is not None:
            self.fill(highlight=saved)

    def action_remove(self) -> None:
        contact_id = self.highlighted_id()
        if contact_id is None:
            return

        def confirmed(yes: bool | None) -> None:
            if not yes:
                return
            try:
                self.drafter.session.remove_contact(contact_id)
            except DrafterError as exc:
                self.notify(str(exc.problems[0]), severity="error", timeout=10)
                return
            self.fill()
            self.notify(f"Removed {contact_id} from the address book.")

        self.app.push_screen(
            ConfirmDialog(f"Remove {contact_id} from the address book?", yes="Remove"), confirmed
        )


class ContactDialog(FormDialog[str | None]):
    """Add a contact, or edit one; saves it (the core checks it) and returns its id."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "save", "Save"),
    ]
    ERROR_ID = "contact-error"

    def __init__(
        self, contact_id: str = "", recipient: Recipient | None = None, *, new: bool = False
    ) -> None:
        """`contact_id` and `recipient`: the entry to edit, or with `new` a suggested id
        and the details of a recipient typed for a letter."""
        super().__init__()
        self.new = new or not contact_id
        self.original_id = "" if self.new else contact_id
        self.suggested_id = contact_id
        self.recipient = recipient or Recipient()

    @property
    def drafter(self) -> DrafterApp:
        from drafter.tui.app import DrafterApp

        return cast(DrafterApp, self.app)

    def compose(self) -> ComposeResult:
        recipient = self.recipient
        kinds = known_kinds()
        kind = recipient.kind if recipient.kind in kinds else "unknown"
        title = "Add a contact" if self.new else f"Edit {self.original_id}"
        with Vertical(classes="dialog", id="contact-dialog"):
            yield Static(title, classes="dialog-title")
            with VerticalScroll(classes="dialog-scroll"):
                yield Row(
                    "Id",
                    Input(
                        self.suggested_id,
                        placeholder="short, lowercase: e.g. fcdo-minister",
                        id="c-id",
                        compact=True,
                    ),
                )
                yield Row(
                    "Kind",
                    Select[str](
                        [(f"{k} · {d}", k) for k, d in kinds.items()],
                        id="c-kind",
                        compact=True,
                        allow_blank=False,
                        value=kind,
                    ),
                )
                for name, label, placeholder in CONTACT_PARTS:
                    yield Row(
                        label,
                        Input(
                            getattr(recipient, name),
                            placeholder=placeholder,
                            id=f"c-{name}",
                            compact=True,
                        ),
                    )
                gender = recipient.gender if recipient.gender in ("female", "male") else ""
                yield Row(
                    "Gender",
                    Select[str](
                        GENDERS, id="c-gender", compact=True, allow_blank=False, value=gender
                    ),
                )
                yield Row(
                    "",
                    Tick(
                        "Privy Counsellor (Rt Hon)",
                        recipient.privy_counsellor,
                        id="c-pc",
                        compact=True,
                    ),
                )
                yield Row(
                    "Address", TextArea("\n".join(recipient.address), id="c-address", compact=True)
                )
            yield from self.compose_buttons()
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#c-id", Input).focus()

    def value(self, name: str) -> str:
        return self.query_one(f"#c-{name}", Input).value.strip()

    def recipient_from_form(self) -> Recipient:
        kind = self.query_one("#c-kind", Select).value
        gender = self.query_one("#c-gender", Select).value
        lines = self.query_one("#c-address", TextArea).text.splitlines()
        return Recipient(
            kind=kind if isinstance(kind, str) else "unknown",
            gender=gender if isinstance(gender, str) else "",
            privy_counsellor=self.query_one("#c-pc", Tick).value,
            address=tuple(line.strip() for line in lines if line.strip()),
            **{name: self.value(name) for name, _, _ in CONTACT_PARTS},
        )

    def action_save(self) -> None:
        from drafter.people.contacts import suggest_contact_id

        session = self.drafter.session
        recipient = self.recipient_from_form()
        others = {k: v for k, v in session.contacts.items() if k != self.original_id}
        contact_id = self.value("id") or suggest_contact_id(recipient, others)
        if contact_id in others:
            self.show_error(f"{contact_id} is already in the address book: give another id.")
            self.query_one("#c-id", Input).focus()
            return
        try:
            session.save_contact(contact_id, recipient, replaces=self.original_id)
        except DrafterError as exc:
            problem = exc.problems[0]
            self.show_error(problem.message + (f" ({problem.hint})" if problem.hint else ""))
            return
        self.notify(f"Saved {contact_id} in the address book.")
        self.dismiss(contact_id)
