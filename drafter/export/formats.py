"""The export formats, in one registry, and the one way a document is written to a file.

Each `ExportFormat` says its name, its file suffix, the label a shell shows, whether a
review copy (a Word comment with the source's quote on each citation) is possible, and
how a document becomes its bytes. The CLI (`drafter draft`, `brief`, `merge`), the app's
export dialog and the workspace all read this registry, so "review copies are DOCX"
and every other rule about a format is written here once.

An `Exporter` builds the DOCX house style once and reuses it for every document, which
is what keeps a merge of hundreds of letters fast; `write_document` is the one-off form.

To add a format: write a function `(exporter, doc, review, stem) -> bytes`, register an
`ExportFormat` in `REGISTRY` and add its name to `Format` (docs/architecture.md, "How to
add").
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from drafter.errors import DraftError, ExportError
from drafter.fileio import atomic_write_bytes, check_writable

if TYPE_CHECKING:
    from drafter.document import RenderedDocument
    from drafter.export.docx.exporter import DocxExporter

Format = Literal["docx", "md", "pdf", "eml"]
Attachment = Literal["pdf", "docx"]
REVIEW_NEEDS_DOCX = "needs DOCX output (comments are a Word feature)"
COMBINED_FORMATS: tuple[Format, ...] = ("pdf", "docx")  # what a batch is combined into


@dataclass(frozen=True, slots=True)
class ExportFormat:
    """One output format: what it is called, its suffix, and how a document becomes it."""

    name: Format
    suffix: str  # ".docx"
    label: str  # "DOCX (Word)", as a shell lists it
    review: bool  # a review copy (a comment on each citation) is possible
    to_bytes: Callable[[Exporter, RenderedDocument, bool, str], bytes]  # ..., stem
    mime: str  # what a browser is told a download is (drafter serve)
    other_suffixes: tuple[str, ...] = ()  # ".markdown": also taken to mean this format
    uses_docx: bool = False  # made from the DOCX, so it uses the house style

    def check_review(self, review: bool, *, where: str = "review") -> None:
        """ExportError when a review copy is asked for and this format cannot hold one."""
        if review and not self.review:
            raise ExportError.single(
                where, f"a review copy {REVIEW_NEEDS_DOCX}", f"{self.label} has no comments"
            )


def _docx(exporter: Exporter, doc: RenderedDocument, review: bool, stem: str) -> bytes:
    return exporter.docx.to_bytes(doc, review=review)


def _markdown(exporter: Exporter, doc: RenderedDocument, review: bool, stem: str) -> bytes:
    from drafter.export.markdown import to_markdown

    return to_markdown(doc).encode("utf-8")


def _pdf(exporter: Exporter, doc: RenderedDocument, review: bool, stem: str) -> bytes:
    from drafter.export.pdf import docx_to_pdf

    return docx_to_pdf(exporter.docx.to_bytes(doc), pdf_a=exporter.pdf_a)


def _eml(exporter: Exporter, doc: RenderedDocument, review: bool, stem: str) -> bytes:
    """An RFC 5322 email with a covering note and the letter attached (`exporter.attach`)."""
    from drafter.export.email import to_eml
    from drafter.export.naming import slug

    inner = Exporter(exporter.attach, pdf_a=exporter.pdf_a)
    inner._docx = exporter.docx
    name = (stem or slug(doc.title) or "letter") + "." + exporter.attach
    return to_eml(
        doc,
        inner.to_bytes(doc, review=review),
        attachment_format=exporter.attach,
        attachment_name=name,
    )


REGISTRY: dict[str, ExportFormat] = {
    f.name: f
    for f in (
        ExportFormat(
            "docx",
            ".docx",
            "DOCX (Word)",
            True,
            _docx,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            uses_docx=True,
        ),
        ExportFormat(
            "md",
            ".md",
            "Markdown",
            False,
            _markdown,
            "text/markdown; charset=utf-8",
            (".markdown",),
        ),
        ExportFormat("pdf", ".pdf", "PDF", False, _pdf, "application/pdf", uses_docx=True),
        ExportFormat("eml", ".eml", "Email (.eml)", False, _eml, "message/rfc822", uses_docx=True),
    )
}
FORMATS: tuple[Format, ...] = tuple(f.name for f in REGISTRY.values())
DEFAULT_FORMAT: Format = "docx"


def export_format(name: str, *, where: str = "--format") -> ExportFormat:
    """The registered format called `name`; DraftError listing the formats otherwise."""
    found = REGISTRY.get(name)
    if found is None:
        raise DraftError.single(
            where, f"unknown format '{name}'", "use one of: " + ", ".join(FORMATS)
        )
    return found


def check_format(name: str, *, where: str = "--format") -> Format:
    """`name` as a Format; DraftError listing the formats when it is not one."""
    return export_format(name, where=where).name


def format_for_path(path: Path) -> Format | None:
    """The format a file name's suffix asks for ('letter.md' -> 'md'), or None."""
    suffix = Path(path).suffix.lower()
    for spec in REGISTRY.values():
        if suffix == spec.suffix or suffix in spec.other_suffixes:
            return spec.name
    return None


def with_suffix(name: str, file_format: str) -> str:
    """`name` with its format suffix swapped for `file_format`'s (added when it has none)."""
    lowered = name.lower()
    for spec in REGISTRY.values():
        for suffix in (spec.suffix, *spec.other_suffixes):
            if lowered.endswith(suffix):
                return name[: -len(suffix)] + export_format(file_format).suffix
    return name + export_format(file_format).suffix


class Exporter:
    """Writes documents in one format and one house style; build once, use for many."""

    def __init__(
        self,
        file_format: Format,
        *,
        reference_doc: Path | None = None,
        pdf_a: bool = False,
        attach: Attachment = "pdf",
    ) -> None:
        self.format = export_format(file_format)
        self.file_format: Format = self.format.name
        self.reference_doc = reference_doc
        self.pdf_a = pdf_a  # PDF: an archival PDF/A-2b copy
        self.attach: Attachment = attach  # eml: the letter attached as PDF or DOCX
        self._docx: DocxExporter | None = None
        if reference_doc is not None and self.format.uses_docx:
            # Load the house style now, so that a bad reference doc fails before any work.
            self._docx = self._load_docx()

    def _load_docx(self) -> DocxExporter:
        from drafter.export.docx.exporter import DocxExporter

        return DocxExporter(self.reference_doc)

    @property
    def docx(self) -> DocxExporter:
        if self._docx is None:
            self._docx = self._load_docx()
        return self._docx

    @property
    def warnings(self) -> tuple[str, ...]:
        """What the reference document lost on loading (its links elsewhere), if any."""
        if self._docx is None:
            return ()
        return tuple(f"{self.reference_doc}: {w}" for w in self._docx.house_style.warnings)

    @property
    def suffix(self) -> str:
        return self.format.suffix

    def to_bytes(self, doc: RenderedDocument, *, review: bool = False, stem: str = "") -> bytes:
        """The file's content, without writing it (`stem`: an email attachment's name)."""
        self.format.check_review(review)
        return self.format.to_bytes(self, doc, review, stem)

    def write(
        self,
        doc: RenderedDocument,
        path: Path,
        *,
        review: bool = False,
        force: bool = False,
        batch: bool = False,
    ) -> Path:
        """Write `doc` to `path` atomically (never a partial file); existing needs `force`.

        `batch`: one of many files into one folder (see fileio.atomic_write_bytes).
        """
        path = Path(path)
        self.format.check_review(review, where=str(path))
        if not batch or self.file_format in ("pdf", "eml"):
            # Before the work, which for a PDF takes seconds. A batch of DOCX or Markdown
            # letters is checked once, by the write itself: the work is a millisecond.
            check_writable(path, force=force)
        try:
            data = self.format.to_bytes(self, doc, review, path.stem)
        except ExportError as exc:
            problem = exc.problems[0]
            raise ExportError.single(str(path), problem.message, problem.hint) from None
        return atomic_write_bytes(path, data, force=force, batch=batch)

    def write_many(
        self,
        items: Sequence[tuple[RenderedDocument, Path]],
        *,
        review: bool = False,
        force: bool = False,
        batch: bool = False,
        progress: Callable[[int], None] | None = None,
    ) -> list[Path]:
        """Write several documents; PDFs all come from one LibreOffice run.

        Every target is checked before any work; `progress` hears how many are done.
        """
        written = []
        for number, path in enumerate(
            self.iter_write(items, review=review, force=force, batch=batch), 1
        ):
            written.append(path)
            if progress is not None:
                progress(number)
        return written

    def iter_write(
        self,
        items: Sequence[tuple[RenderedDocument, Path]],
        *,
        review: bool = False,
        force: bool = False,
        batch: bool = False,
    ) -> Iterator[Path]:
        """`write_many`, giving each path as soon as its file is written."""
        self.format.check_review(review)
        paths = [Path(path) for _, path in items]
        for path in paths:
            check_writable(path, force=force)
        if self.file_format != "pdf":
            for doc, path in items:
                yield self.write(doc, path, review=review, force=force, batch=batch)
            return
        for path, pdf in self._pdfs(items, paths):
            yield atomic_write_bytes(path, pdf, force=force, batch=batch)

    def write_combined(
        self, docs: Sequence[RenderedDocument], path: Path, *, force: bool = False
    ) -> Path:
        """Write every letter of `docs` into one DOCX or PDF at `path`, atomically.

        Each letter starts on a new page with its own page and footnote numbering (a
        section each in the DOCX; the PDF is that DOCX laid out by LibreOffice, so it
        has as many pages as the letters' own PDFs together). An existing file needs
        `force`, and is checked before any work.
        """
        path = Path(path)
        if self.file_format not in COMBINED_FORMATS:
            raise ExportError.single(
                str(path),
                f"letters are combined into a PDF or DOCX file, not {self.format.label}",
                "end the file name with .pdf or .docx",
            )
        check_writable(path, force=force)
        try:
            data = self.docx.combined_bytes(docs)
            if self.file_format == "pdf":
                from drafter.export.pdf import (
                    CONVERT_TIMEOUT_SECONDS,
                    SECONDS_PER_FILE,
                    docx_to_pdf,
                )

                limit = CONVERT_TIMEOUT_SECONDS + SECONDS_PER_FILE * len(docs)
                data = docx_to_pdf(data, pdf_a=self.pdf_a, timeout=limit)
        except ExportError as exc:
            problem = exc.problems[0]
            raise ExportError.single(str(path), problem.message, problem.hint) from None
        return atomic_write_bytes(path, data, force=force)

    def _pdfs(
        self, items: Sequence[tuple[RenderedDocument, Path]], paths: list[Path]
    ) -> Iterator[tuple[Path, bytes]]:
        from drafter.export.pdf import iter_docx_to_pdfs

        sources = [self.docx.to_bytes(doc) for doc, _ in items]
        try:
            yield from zip(paths, iter_docx_to_pdfs(sources, pdf_a=self.pdf_a), strict=False)
        except ExportError as exc:
            problem = exc.problems[0]
            where = str(paths[0].parent) if len(paths) > 1 else str(paths[0])
            raise ExportError.single(where, problem.message, problem.hint) from None


def write_document(
    doc: RenderedDocument,
    path: Path,
    file_format: Format | None = None,
    *,
    reference_doc: Path | None = None,
    review: bool = False,
    force: bool = False,
    pdf_a: bool = False,
) -> Path:
    """Export one document to `path`, as `file_format` or as its suffix says (else DOCX)."""
    chosen = file_format or format_for_path(Path(path)) or DEFAULT_FORMAT
    exporter = Exporter(chosen, reference_doc=reference_doc, pdf_a=pdf_a)
    return exporter.write(doc, path, review=review, force=force)
