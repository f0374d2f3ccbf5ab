"""RenderedDocument -> PDF, by way of the DOCX and LibreOffice.

LibreOffice lays out the same DOCX the user would send, so the PDF keeps its footnotes,
numbering and house style. Each conversion runs `soffice --headless` with a profile of
its own in a temporary folder, so two exports at once (or a LibreOffice the user has
open) do not collide, and the result is moved into place atomically.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from drafter.document import RenderedDocument
from drafter.errors import ExportError
from drafter.export.docx.exporter import DocxExporter
from drafter.fileio import atomic_write_bytes, check_writable

CONVERT_TIMEOUT_SECONDS = 120
_INSTALL_HINT = (
    "install LibreOffice (for example `apt install libreoffice-writer` or from "
    "libreoffice.org), or export with --format docx and save as PDF from Word"
)


def soffice_path() -> str | None:
    """The LibreOffice command, from DRAFTER_SOFFICE or the PATH, or None."""
    override = os.environ.get("DRAFTER_SOFFICE", "")
    if override:
        return shutil.which(override) or (override if Path(override).is_file() else None)
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    return None


def require_soffice(file: str = "pdf") -> str:
    """The LibreOffice command, or an ExportError for `file` saying why there is none."""
    soffice = soffice_path()
    if soffice is not None:
        return soffice
    override = os.environ.get("DRAFTER_SOFFICE", "")
    if override:
        raise ExportError.single(
            file,
            f"DRAFTER_SOFFICE names {override!r}, which is not a program",
            "point it at LibreOffice's soffice, or unset it to use the one on the PATH",
        )
    raise ExportError.single(file, "LibreOffice (soffice) is not installed", _INSTALL_HINT)


def docx_to_pdf(docx: bytes, *, name: str = "document") -> bytes:
    """Convert DOCX bytes to PDF bytes with LibreOffice."""
    soffice = require_soffice()
    with tempfile.TemporaryDirectory(prefix="drafter-pdf-") as work:
        folder = Path(work)
        source = folder / f"{name}.docx"
        source.write_bytes(docx)
        command = [
            soffice,
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder / "out"),
            str(source),
        ]
        try:
            result = subprocess.run(
                command,
                capture_output=True,
                text=True,
                timeout=CONVERT_TIMEOUT_SECONDS,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise ExportError.single(
                "pdf",
                f"LibreOffice did not finish within {CONVERT_TIMEOUT_SECONDS} seconds",
                "try again, or export with --format docx",
            ) from None
        except OSError as exc:
            raise ExportError.single(
                "pdf", f"cannot run LibreOffice ({soffice}): {exc.strerror}", _INSTALL_HINT
            ) from None
        produced = folder / "out" / f"{name}.pdf"
        if result.returncode != 0 or not produced.is_file():
            detail = (result.stderr or result.stdout).strip().splitlines()
            raise ExportError.single(
                "pdf",
                "LibreOffice could not convert the document"
                + (f": {detail[-1]}" if detail else ""),
                "export with --format docx and check it opens in LibreOffice",
            )
        return produced.read_bytes()


def write_pdf(
    doc: RenderedDocument,
    path: Path,
    *,
    reference_doc: Path | None = None,
    force: bool = False,
) -> Path:
    """Export `doc` as a PDF at `path` (atomically; an existing file needs `force`)."""
    path = Path(path)
    check_writable(path, force=force)
    require_soffice(str(path))
    docx = DocxExporter(reference_doc).to_bytes(doc)
    try:
        pdf = docx_to_pdf(docx)
    except ExportError as exc:
        problem = exc.problems[0]
        raise ExportError.single(str(path), problem.message, problem.hint) from None
    return atomic_write_bytes(path, pdf, force=force)
