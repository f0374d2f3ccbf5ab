"""Mail merge: one letter per row of a recipients CSV, written into one folder.

The CSV's columns (documented in docs/cli.md, "drafter merge") are the recipient's name
parts and address, any template field, and a few extras; everything else in a letter
comes from one base draft (template, topic, facts, sender, date). Rows are read, rendered
and written one at a time, so a merge of thousands holds one letter in memory, and a bad
row is reported with its row number while the others go on.

Output names come from the CSV only through `naming.slug`, which keeps ASCII letters,
digits and hyphens, so no cell can name a path outside the output folder.
"""

from __future__ import annotations

import contextlib
import csv
import difflib
import os
import stat
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal, TextIO

from drafter.document import Notice, RenderedDocument
from drafter.drafting.draft import Draft
from drafter.drafting.origin import Origin
from drafter.drafting.templates import LetterTemplate
from drafter.drafting.workspace import Workspace
from drafter.errors import DraftError, ExportError, Problem
from drafter.export.formats import DEFAULT_FORMAT, Exporter
from drafter.export.naming import slug
from drafter.fileio import flush_to_disk, sweep_orphans
from drafter.people.address import RECIPIENT_KEYS, Recipient, form_of_address, normalise_kind
from drafter.yamlio import CONTROL, PRIVATE_USE, character_name

PDF_BATCH = 500  # letters converted by one LibreOffice run (each reported when written)
ADDRESS_LINE_COLUMNS = tuple(f"address_{n}" for n in range(1, 6))
REF_COLUMNS = ("our_ref", "your_ref")
FILE_COLUMN = "file"  # an output file name (made safe) instead of the default one
FIELD_PREFIX = "field:"
IGNORED_PREFIX = "x-"
ADDRESS_SEPARATORS = ("|", ";")
MAX_STEM = 120  # characters in an output file's name before its suffix
MAX_CELL = 131_072  # characters in one cell: more is a row's mistake, not a letter's text
# Cells longer than MAX_CELL are still read (up to this), so that the row can be named
# and the rows after it go on; beyond it the file is refused as a whole.
_CSV_FIELD_LIMIT = 4 * 2**20
# Names Windows keeps for devices: "con.docx" cannot be created there.
_RESERVED = frozenset(
    ["con", "prn", "aux", "nul"] + [f"{d}{n}" for d in ("com", "lpt") for n in range(1, 10)]
)
_TRUE = frozenset({"yes", "y", "true", "1"})
_FALSE = frozenset({"no", "n", "false", "0", ""})

Role = Literal["recipient", "address_line", "field", "ref", "file", "ignored"]


@dataclass(frozen=True, slots=True)
class Column:
    """What one CSV column holds."""

    header: str  # as written in the file
    role: Role
    key: str  # the Recipient attribute, template field, ref or "" for ignored


@dataclass(frozen=True, slots=True)
class RecipientRow:
    """One CSV row read into a recipient, field values and extras; or its problems."""

    number: int  # the row as a spreadsheet numbers it: the header is row 1
    recipient: Recipient | None
    fields: dict[str, str]
    our_ref: str = ""
    your_ref: str = ""
    file_stem: str = ""
    problems: tuple[Problem, ...] = ()


@dataclass(frozen=True, slots=True)
class RowOutcome:
    """What became of one row: the file written, or the problems that stopped it."""

    number: int
    path: Path | None
    problems: tuple[Problem, ...] = ()
    warnings: tuple[Notice, ...] = ()
    kept: bool = False  # the letter was already there (a run finished again), not rewritten
    doc: RenderedDocument | None = None  # the letter, when the merge was asked to keep it

    @property
    def ok(self) -> bool:
        return not self.problems and (self.path is not None or self.doc is not None)


def row_place(display: str, number: int) -> str:
    """How errors name a row: 'recipients.csv:row 17'."""
    return f"{display}:row {number}"


def _normalise_header(header: str) -> str:
    return "_".join(header.strip().lower().replace("-", " ").split())


def plan_columns(
    headers: Sequence[str | None], template: LetterTemplate, display: str
) -> list[Column]:
    """Each header's meaning; DraftError (at row 1) for unknown, repeated or missing ones."""
    place = row_place(display, 1)
    problems: list[Problem] = []
    columns: list[Column] = []
    seen: dict[str, str] = {}
    for raw in headers:
        header = (raw or "").strip()
        if header.lower().startswith(IGNORED_PREFIX):
            columns.append(Column(header, "ignored", ""))
            continue
        column = _recognise(header, template, place)
        if isinstance(column, Problem):
            problems.append(column)
            continue
        identity = f"{column.role}:{column.key}"
        if identity in seen:
            problems.append(
                Problem(place, f"columns '{seen[identity]}' and '{header}' say the same thing")
            )
            continue
        seen[identity] = header
        columns.append(column)
    if not any(c.role == "recipient" and c.key == "kind" for c in columns) and not problems:
        problems.append(
            Problem(place, "no 'kind' column", "each row needs the recipient's kind, e.g. mp")
        )
    if problems:
        raise DraftError(problems)
    return columns


def _recognise(header: str, template: LetterTemplate, place: str) -> Column | Problem:
    """What a header names; or the problem, with the nearest name it could have meant."""
    declared = [f.name for f in template.fields]
    if header.lower().startswith(FIELD_PREFIX):
        name = _normalise_header(header[len(FIELD_PREFIX) :])
        if name in declared:
            return Column(header, "field", name)
        close = difflib.get_close_matches(name, declared, n=1, cutoff=0.6)
        return Problem(
            place,
            f"column '{header}': template '{template.name}' has no field '{name}'",
            (f"did you mean 'field:{close[0]}'? " if close else "")
            + "its fields: "
            + (", ".join(declared) or "none"),
        )
    name = _normalise_header(header)
    role = _role_of(name, declared)
    if role is not None:
        return Column(header, role, name)
    known = [*RECIPIENT_KEYS, *ADDRESS_LINE_COLUMNS, *REF_COLUMNS, FILE_COLUMN, *declared]
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    return Problem(
        place,
        f"unknown column '{header}'" if header else "a column has no header",
        (f"did you mean '{close[0]}'? " if close else "")
        + "name it after a recipient part, a template field (field:NAME) "
        "or start it with x- to ignore it; see docs/cli.md",
    )


def _role_of(name: str, declared: Sequence[str]) -> Role | None:
    """The role of a column named without a prefix: a recipient part wins over a field."""
    if name in RECIPIENT_KEYS:
        return "recipient"
    if name in ADDRESS_LINE_COLUMNS:
        return "address_line"
    if name in REF_COLUMNS:
        return "ref"
    if name == FILE_COLUMN:
        return "file"
    if name in declared:
        return "field"
    return None


def _address_lines(cell: str) -> list[str]:
    lines = [cell]
    for separator in ADDRESS_SEPARATORS:
        lines = [part for line in lines for part in line.split(separator)]
    return [" ".join(line.split()) for line in lines if line.strip()]


def _read_row(
    number: int, cells: dict[str | None, Any], columns: Sequence[Column], display: str
) -> RecipientRow:
    place = row_place(display, number)
    too_long = _oversized_cell(cells, place)
    if too_long is not None:
        return RecipientRow(number=number, recipient=None, fields={}, problems=(too_long,))
    problems = _extra_cells(cells, place)
    parts = _RowParts()
    for column in columns:
        value = cells.get(column.header) or ""
        if column.role == "ignored" or not value.strip():
            continue
        problem = _unprintable(column, value, place) or parts.take(column, value, place)
        if problem is not None:
            problems.append(problem)
    if "kind" not in parts.recipient:
        problems.append(
            Problem(place, "no kind", "fill in the kind column, e.g. mp, baroness, minister")
        )
    person: Recipient | None = None
    if not problems:
        person = Recipient(**parts.recipient, address=tuple(parts.address + parts.lines))
        problems += _address_problems(person, place)
    return RecipientRow(
        number=number,
        recipient=person if not problems else None,
        fields=parts.fields,
        our_ref=parts.refs.get("our_ref", ""),
        your_ref=parts.refs.get("your_ref", ""),
        file_stem=parts.stem,
        problems=tuple(problems),
    )


@dataclass(slots=True)
class _RowParts:
    """The cells of one row, each put where its column says."""

    recipient: dict[str, Any] = field(default_factory=dict)
    address: list[str] = field(default_factory=list)  # from the one `address` cell
    lines: list[str] = field(default_factory=list)  # from address_1 ... address_5
    fields: dict[str, str] = field(default_factory=dict)
    refs: dict[str, str] = field(default_factory=dict)
    stem: str = ""

    def take(self, column: Column, value: str, place: str) -> Problem | None:
        """Keep one non-empty cell; the problem when its value cannot be used."""
        if column.role == "field":
            self.fields[column.key] = value.strip("\n")
        elif column.role == "ref":
            self.refs[column.key] = " ".join(value.split())
        elif column.role == "file":
            self.stem = value
        elif column.role == "address_line":
            self.lines.append(" ".join(value.split()))
        elif column.key == "address":
            self.address = _address_lines(value)
        elif column.key == "privy_counsellor":
            flag = value.strip().lower()
            self.recipient["privy_counsellor"] = flag in _TRUE
            if flag not in _TRUE | _FALSE:
                return Problem(place, f"privy_counsellor must be yes or no, not '{value.strip()}'")
        elif column.key == "kind":
            self.recipient["kind"] = normalise_kind(value)
        else:
            self.recipient[column.key] = " ".join(value.split())
        return None


def _oversized_cell(cells: dict[str | None, Any], place: str) -> Problem | None:
    """A cell too long to be any part of a letter (the whole row is then refused)."""
    longest = max((len(v) for v in cells.values() if isinstance(v, str)), default=0)
    if longest <= MAX_CELL:
        return None
    return Problem(
        place,
        f"a cell holds more than {MAX_CELL:,} characters ({longest:,})",
        "no part of a letter is this long; check the cell, or the quoting before it",
    )


def _extra_cells(cells: dict[str | None, Any], place: str) -> list[Problem]:
    """More cells than the header has columns (csv keeps them under the key None)."""
    extra = cells.get(None)
    if not extra:
        return []
    return [
        Problem(
            place,
            f"has {len(extra)} more cells than the header has columns",
            "quote cells that hold commas, or add a header for each column",
        )
    ]


def _unprintable(column: Column, value: str, place: str) -> Problem | None:
    """A control or private-use character, which no letter can hold."""
    bad = CONTROL.search(value)
    if not bad:
        return None
    what = "a control character"
    if PRIVATE_USE.match(bad.group()):
        what = character_name(bad.group())
    return Problem(
        place, f"column '{column.header}' holds {what}", "a letter cannot hold it; retype the cell"
    )


def _address_problems(person: Recipient, place: str) -> list[Problem]:
    """What stops the row's recipient being addressed (a kind that needs a name, ...)."""
    try:
        form_of_address(person, where=place)
    except DraftError as exc:
        return list(exc.problems)
    return []


def _open_error(path: Path, exc: OSError) -> DraftError:
    return DraftError.single(
        str(path), f"cannot read the recipients file: {exc.strerror or exc}", "check the path"
    )


def _open_csv(path: Path, display: str) -> TextIO:
    """The CSV opened for reading, refusing pipes and devices (which would never end)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise _open_error(path, exc) from None
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise DraftError.single(
            display,
            "is not a regular file (a pipe, a device or a socket)",
            "give the path of a CSV file",
        )
    return open(fd, encoding="utf-8-sig", newline="")


def read_rows(
    path: Path, template: LetterTemplate, *, display: str | None = None
) -> Iterator[RecipientRow]:
    """The rows of a recipients CSV, read one at a time as the result is iterated.

    The header is read and checked at once (DraftError for a missing file, an unknown
    column, ...), so a bad file fails before any letter is written. The file is UTF-8
    (a byte-order mark, as Excel writes, is fine). A row's number is the spreadsheet's
    row number: the header is row 1, and a cell of several lines is still one row.
    """
    display = display or str(path)
    if csv.field_size_limit() < _CSV_FIELD_LIMIT:
        csv.field_size_limit(_CSV_FIELD_LIMIT)
    handle = _open_csv(path, display)
    try:
        reader = csv.DictReader(handle)
        with _csv_errors(display, 1):
            headers = reader.fieldnames
        if not headers:
            raise DraftError.single(
                display, "is empty", "the first row names the columns; see docs/cli.md"
            )
        _refuse_semicolons(headers, display)
        columns = plan_columns(headers, template, display)
    except BaseException:
        handle.close()
        raise
    return _rows(handle, reader, columns, display)


def _rows(
    handle: TextIO, reader: csv.DictReader[str], columns: list[Column], display: str
) -> Iterator[RecipientRow]:
    number = 1  # the header's
    with handle:
        while True:
            number += 1
            with _csv_errors(display, number):
                cells = next(reader, None)
            if cells is None:
                return
            yield _read_row(number, cells, columns, display)


def _refuse_semicolons(headers: Sequence[str | None], display: str) -> None:
    """A file saved with ; between columns (as spreadsheets do in some languages)."""
    if len(headers) != 1 or ";" not in (headers[0] or ""):
        return
    names = [_normalise_header(part) for part in (headers[0] or "").split(";")]
    if "kind" in names or any(name in RECIPIENT_KEYS for name in names):
        raise DraftError.single(
            row_place(display, 1),
            "the columns are separated by semicolons, not commas",
            "save the file as 'CSV UTF-8 (comma delimited)', or replace each ; between "
            "columns with a comma",
        )


@contextlib.contextmanager
def _csv_errors(display: str, number: int) -> Iterator[None]:
    """Undecodable bytes and broken quoting as a DraftError at the row."""
    try:
        yield
    except UnicodeDecodeError:
        raise DraftError.single(
            display,
            "is not UTF-8 text",
            "save it as 'CSV UTF-8' from your spreadsheet program",
        ) from None
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            raise DraftError.single(
                row_place(display, number),
                f"a cell holds more than {_CSV_FIELD_LIMIT:,} characters",
                "check the cell, or the quoting before it; the rows after it were not read",
            ) from None
        raise DraftError.single(row_place(display, number), f"is not valid CSV: {exc}") from None


def count_rows(path: Path) -> int:
    """How many rows follow the header (for a progress bar); 0 when unreadable."""
    try:
        with _open_csv(path, str(path)) as handle:
            return max(sum(1 for _ in csv.reader(handle)) - 1, 0)
    except (OSError, UnicodeDecodeError, csv.Error, DraftError):
        return 0


# --------------------------------------------------------------------------- naming


def safe_stem(text: str) -> str:
    """A file name stem from any text: ASCII letters, digits and hyphens, bounded."""
    stem = slug(text, max_length=MAX_STEM)
    if stem in _RESERVED:
        stem = f"letter-{stem}"
    return stem


class UniqueNames:
    """Gives each letter of a run its own name: 'x', then 'x-2', 'x-3', ..."""

    def __init__(self, suffix: str) -> None:
        self.suffix = suffix
        self._taken: set[str] = set()
        self._first: dict[str, int] = {}  # a plain name -> the row that took it

    def plain(self, stem: str) -> str:
        """The name `stem` asks for, before any number is added."""
        return (safe_stem(stem) or "letter") + self.suffix

    def first_row(self, stem: str) -> int:
        """The row that took the plain name of `stem` (0 when none said)."""
        return self._first.get(self.plain(stem), 0)

    def take(self, stem: str, row: int = 0) -> str:
        stem = safe_stem(stem) or "letter"
        self._first.setdefault(stem + self.suffix, row)
        name, n = stem, 1
        while name + self.suffix in self._taken:
            n += 1
            name = f"{stem[: MAX_STEM - len(str(n)) - 1]}-{n}"
        self._taken.add(name + self.suffix)
        return name + self.suffix


def output_path(out_dir: Path, name: str, *, resolved: Path | None = None) -> Path:
    """`out_dir / name`, refusing (as a bug) any name that would land elsewhere.

    `resolved` is `out_dir.resolve()`, for a caller that names many files in one folder.
    """
    path = out_dir / name
    plain = name not in ("", ".", "..") and os.sep not in name and not name.startswith(".")
    if os.altsep:
        plain = plain and os.altsep not in name
    if not plain:
        raise ExportError.single(str(path), "is not a plain file name in the output folder")
    if os.path.islink(path):  # only a link can lead a plain name out of the folder
        folder = out_dir.resolve() if resolved is None else resolved
        if path.resolve().parent != folder:
            raise ExportError.single(str(path), "is not a plain file name in the output folder")
    return path


# --------------------------------------------------------------------------- the merge


def check_base(workspace: Workspace, draft: Draft) -> LetterTemplate:
    """The template, once the parts every row shares are known to be sound.

    Checked before the first row (by the same validator as every draft, leaving out the
    recipient, which each row gives), so that a mistake in the shared draft is one
    error, not the same error on every row.
    """
    template = workspace.template(draft.template)
    problems: list[Problem] = []
    if template.kind != "letter":
        problems.append(
            draft.origin.problem(
                "template",
                f"'{template.name}' is a {template.kind}, and a merge writes letters",
                "choose a letter template (drafter templates list)",
            )
        )
    problems += workspace.problems(draft, shared=True)
    if problems:
        raise DraftError(problems)
    return template


def merge_letters(
    workspace: Workspace,
    base: Draft,
    rows: Iterable[RecipientRow],
    *,
    out_dir: Path | None,
    display: str,
    file_format: str = DEFAULT_FORMAT,
    force: bool = False,
    review: bool = False,
    resume: bool = False,
    keep_letters: bool = False,
) -> Iterator[RowOutcome]:
    """Render and write one letter per row, yielding each row's outcome as it is done.

    `keep_letters`: each outcome also holds its letter (`RowOutcome.doc`), for a caller
    that combines them into one file (`Exporter.write_combined`); with `out_dir` None
    no letter is written to a file of its own.

    A row's own mistakes (its recipient, its fields) are that row's problems, placed at
    its row; a fault in the template or in writing files (an existing file that differs,
    without `force`; a full disk) raises, since every later row would fail the same way.
    Files are written atomically, so a failure never leaves part of a letter behind.

    A run that was stopped (ctrl+c, a kill, a full disk) is finished by running it
    again: a letter already there with the same content is kept as it is, and with
    `resume` any file already at a letter's name is kept (for PDFs, whose bytes differ
    from run to run, or letters dated another day).
    """
    exporter = workspace.exporter(file_format)
    names = UniqueNames(exporter.suffix)
    # PDFs are converted up to PDF_BATCH at a time in one LibreOffice run, whose start-up
    # is most of a letter's cost; each is written and reported as soon as it is laid out.
    # Other formats are written as each row is rendered.
    pending: list[tuple[RecipientRow, RenderedDocument, Path]] = []
    resolved = out_dir.resolve() if out_dir is not None else None  # once, not per letter
    try:
        for row in rows:
            if row.problems or row.recipient is None:
                yield RowOutcome(row.number, None, row.problems)
                continue
            draft = _row_draft(base, row, display)
            doc = _render_row(workspace, draft, row, exporter, display)
            if not isinstance(doc, RenderedDocument):
                yield RowOutcome(row.number, None, doc)
                continue
            held = doc if keep_letters else None
            if out_dir is None:
                yield RowOutcome(row.number, None, (), doc.warnings, doc=held)
                continue
            name, same_name = _file_name(workspace, draft, exporter, row, names, display)
            path = output_path(out_dir, name, resolved=resolved)
            if same_name is not None:
                doc = replace(doc, warnings=(*doc.warnings, same_name))
            if not force and _already_there(path, doc, exporter, review=review, resume=resume):
                yield RowOutcome(row.number, path, (), doc.warnings, kept=True, doc=held)
                continue
            if exporter.file_format != "pdf":
                exporter.write(doc, path, review=review, force=force, batch=True)
                yield RowOutcome(row.number, path, (), doc.warnings, doc=held)
                continue
            pending.append((row, doc, path))
            if len(pending) >= PDF_BATCH:
                yield from _write_pdfs(
                    pending, exporter, force=force, review=review, keep=keep_letters
                )
        yield from _write_pdfs(pending, exporter, force=force, review=review, keep=keep_letters)
    finally:
        if out_dir is not None:
            flush_to_disk()  # once for the whole batch, not once per letter


def _row_draft(base: Draft, row: RecipientRow, display: str) -> Draft:
    """The base draft with the row's recipient, fields and refs, placed at its row."""
    return replace(
        base.copy(),
        recipient=row.recipient,
        contact="",
        fields=base.fields | row.fields,
        our_ref=row.our_ref or base.our_ref,
        your_ref=row.your_ref or base.your_ref,
        origin=Origin(row_place(display, row.number)),
    )


def _render_row(
    workspace: Workspace, draft: Draft, row: RecipientRow, exporter: Exporter, display: str
) -> RenderedDocument | tuple[Problem, ...]:
    """The row's letter; or the row's problems (its fields, an email letter without an
    address)."""
    try:
        doc = workspace.render(draft)
    except DraftError as exc:
        return exc.problems
    if exporter.file_format == "eml" and not (row.recipient and row.recipient.email.strip()):
        return (
            Problem(
                row_place(display, row.number),
                "has no email address for an email letter",
                "fill in the email column",
            ),
        )
    return doc


def _file_name(
    workspace: Workspace,
    draft: Draft,
    exporter: Exporter,
    row: RecipientRow,
    names: UniqueNames,
    display: str,
) -> tuple[str, Notice | None]:
    """The letter's file name: the row's file column, else the usual name; made unique in
    the run, with a notice when a second row asked for a name already taken."""
    stem = row.file_stem and safe_stem(row.file_stem)
    if not stem:
        stem = workspace.output_name(draft, exporter.file_format).removesuffix(exporter.suffix)
    name = names.take(stem, row.number)
    if name == names.plain(stem):
        return name, None
    # Two rows for one name (the same recipient twice?): said, not silent.
    first = names.first_row(stem)
    return name, Notice(
        "same-file-name",
        f"{row_place(display, row.number)} makes {names.plain(stem)}, as "
        + (f"row {first} does" if first else "an earlier row does")
        + f" (the same recipient twice?); written as {name}",
    )


def _write_pdfs(
    pending: list[tuple[RecipientRow, RenderedDocument, Path]],
    exporter: Exporter,
    *,
    force: bool,
    review: bool,
    keep: bool = False,
) -> Iterator[RowOutcome]:
    """Convert the waiting letters in one LibreOffice run, then report each row."""
    if not pending:
        return
    items = [(doc, path) for _, doc, path in pending]
    written = exporter.iter_write(items, review=review, force=force, batch=True)
    for (row, doc, _), path in zip(pending, written, strict=False):
        yield RowOutcome(row.number, path, (), doc.warnings, doc=doc if keep else None)
    pending.clear()


def _already_there(
    path: Path, doc: RenderedDocument, exporter: Exporter, *, review: bool, resume: bool
) -> bool:
    """Whether the letter at `path` is there already (so is kept); ExportError if it
    is there and another file, or not a plain file."""
    try:
        info = path.lstat()
    except FileNotFoundError:
        return False
    except OSError:
        return False  # writing it will report the reason
    if not stat.S_ISREG(info.st_mode):
        return False  # writing it will refuse it and say what it is
    if resume:
        return True
    if exporter.file_format != "pdf" and info.st_size < _COMPARE_LIMIT:
        try:
            if path.read_bytes() == exporter.to_bytes(doc, review=review):
                return True
        except OSError:
            pass
    raise ExportError.single(
        str(path),
        "already exists and differs from the letter this row makes",
        "use --resume to keep the letters already there, --force to replace them, or another --out",
    )


_COMPARE_LIMIT = 64 * 2**20  # a file larger than any letter is not read to compare


def prepare_out_dir(out_dir: Path) -> Path:
    """The output folder, created if need be; ExportError when it cannot be."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise ExportError.single(str(out_dir), "is a file, not a folder", "give a folder") from None
    except OSError as exc:
        raise ExportError.single(
            str(out_dir), f"cannot create the folder: {exc.strerror or exc}", "choose another"
        ) from None
    sweep_orphans(out_dir)  # letters are then written as a batch, without a sweep each
    return out_dir
