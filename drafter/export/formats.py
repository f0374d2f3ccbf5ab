"""Writing a RenderedDocument as DOCX, Markdown or PDF, chosen by format name.

The CLI (`drafter draft`, `brief`, `merge`) and the TUI's export dialog both come here, so
a format means the same file wherever it is made. An `Exporter` builds the DOCX house
style once and reuses it for every document, which is what keeps a merge of hundreds of
letters fast; `write_document` is the one-off form.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Literal, get_args

from drafter.errors import DraftError, ExportError
from drafter.fileio import atomic_write_bytes, check_writable

if TYPE_CHECKING:
    from drafter.document import RenderedDocument
    from drafter.export.docx.exporter import DocxExporter

Format = Literal["docx", "md", "pdf", "eml"]
FORMATS: tuple[Format, ...] = get_args(Format)
SUFFIXES: dict[str, Format] = {
    ".docx": "docx",
    ".md": "md",
    ".markdown": "md",
    ".pdf": "pdf",
    ".eml": "eml",
}
Attachment = Literal["pdf", "docx"]
# What a browser is told a download is (drafter serve).
MIME_TYPES: dict[str, str] = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "md": "text/markdown; charset=utf-8",
    "pdf": "application/pdf",
    "eml": "message/rfc822",
}


def format_for_path(path: Path) -> Format | None:
    """The format a file name's suffix asks for ('letter.md' -> 'md'), or None."""
    return SUFFIXES.get(Path(path).suffix.lower())


def check_format(name: str, *, where: str = "--format") -> Format:
    """`name` as a Format; DraftError listing the formats when it is not one."""
    for known in FORMATS:
        if name == known:
            return known
    raise DraftError.single(where, f"unknown format '{name}'", "use one of: " + ", ".join(FORMATS))


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
        self.file_format = check_format(file_format)
        self.reference_doc = reference_doc
        self.pdf_a = pdf_a  # PDF: an archival PDF/A-2b copy
        self.attach: Attachment = attach  # eml: the letter attached as PDF or DOCX
        self._docx: DocxExporter | None = None
        if reference_doc is not None and file_format != "md":
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
        return "." + self.file_format

    def to_bytes(self, doc: RenderedDocument, *, review: bool = False, stem: str = "") -> bytes:
        """The file's content, without writing it (`stem`: an email attachment's name)."""
        if self.file_format == "eml":
            from drafter.export.email import to_eml
            from drafter.export.naming import slug

            inner = Exporter(self.attach, pdf_a=self.pdf_a)
            inner._docx = self.docx
            name = (stem or slug(doc.title) or "letter") + "." + self.attach
            return to_eml(
                doc,
                inner.to_bytes(doc, review=review),
                attachment_format=self.attach,
                attachment_name=name,
            )
        if self.file_format == "md":
            from drafter.export.markdown import to_markdown

            return to_markdown(doc).encode("utf-8")
        docx = self.docx.to_bytes(doc, review=review)
        if self.file_format == "docx":
            return docx
        from drafter.export.pdf import docx_to_pdf

        return docx_to_pdf(docx, pdf_a=self.pdf_a)

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
        if not batch or self.file_format in ("pdf", "eml"):
            # Before the work, which for a PDF takes seconds. A batch of DOCX or Markdown
            # letters is checked once, by the write itself: the work is a millisecond.
            check_writable(path, force=force)
        try:
            data = self.to_bytes(doc, review=review, stem=path.stem)
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
        paths = [Path(path) for _, path in items]
        for path in paths:
            check_writable(path, force=force)
        if self.file_format != "pdf":
            written = []
            for number, (doc, path) in enumerate(items, 1):
                written.append(self.write(doc, path, review=review, force=force, batch=batch))
                if progress is not None:
                    progress(number)
            return written
        written = []
        for number, (path, pdf) in enumerate(self._pdfs(items, paths, review=review), 1):
            written.append(atomic_write_bytes(path, pdf, force=force, batch=batch))
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
        paths = [Path(path) for _, path in items]
        for path in paths:
            check_writable(path, force=force)
        if self.file_format != "pdf":
            for doc, path in items:
                yield self.write(doc, path, review=review, force=force, batch=batch)
            return
        for path, pdf in self._pdfs(items, paths, review=review):
            yield atomic_write_bytes(path, pdf, force=force, batch=batch)

    def _pdfs(
        self, items: Sequence[tuple[RenderedDocument, Path]], paths: list[Path], *, review: bool
    ) -> Iterator[tuple[Path, bytes]]:
        from drafter.export.pdf import iter_docx_to_pdfs

        sources = [self.docx.to_bytes(doc, review=review) for doc, _ in items]
        try:
            yield from zip(paths, iter_docx_to_pdfs(sources, pdf_a=self.pdf_a), strict=False)
        except ExportError as exc:
            problem = exc.problems[0]
            where = str(paths[0].parent) if len(paths) > 1 else str(paths[0])
            raise ExportError.single(where, problem.message, problem.hint) from None


def write_document(
    doc: RenderedDocument,
    path: Path,
    file_format: Format,
    *,
    reference_doc: Path | None = None,
    review: bool = False,
    force: bool = False,
    pdf_a: bool = False,
) -> Path:
    """Export one document as `file_format` ('docx', 'md' or 'pdf') to `path`."""
    exporter = Exporter(file_format, reference_doc=reference_doc, pdf_a=pdf_a)
    return exporter.write(doc, path, review=review, force=force)
