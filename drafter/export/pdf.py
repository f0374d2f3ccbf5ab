"""RenderedDocument -> PDF, by way of the DOCX and LibreOffice.

LibreOffice lays out the same DOCX the user would send, so the PDF keeps its footnotes,
numbering and house style. Each conversion runs `soffice --headless` with a profile of
its own in a temporary folder, so two exports at once (or a LibreOffice the user has
open) do not collide, and the result is moved into place atomically.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from drafter.errors import ExportError

CONVERT_TIMEOUT_SECONDS = 120
SECONDS_PER_FILE = 10  # added to the limit for each file of a batch
_POLL_SECONDS = 0.2
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


def filter_options(*, pdf_a: bool = False) -> str:
    """LibreOffice's PDF export settings: tagged, titled, bookmarked; PDF/A-2b on request.

    Tagged PDF gives screen readers the structure tree (headings, paragraphs, lists,
    footnotes, the signature's alt text); the title shown is the document's own (its
    subject line) and the language comes from the document (en-GB); headings become
    bookmarks, which is what a briefing note's reader navigates by.
    """
    settings: dict[str, dict[str, str]] = {
        "UseTaggedPDF": {"type": "boolean", "value": "true"},
        "ExportBookmarks": {"type": "boolean", "value": "true"},
        "DisplayPDFDocumentTitle": {"type": "boolean", "value": "true"},
        "ExportNotes": {"type": "boolean", "value": "false"},
    }
    if pdf_a:
        settings["SelectPdfVersion"] = {"type": "long", "value": "2"}  # PDF/A-2b
    return "pdf:writer_pdf_Export:" + json.dumps(settings, separators=(",", ":"))


def docx_to_pdf(
    docx: bytes, *, name: str = "document", pdf_a: bool = False, timeout: float | None = None
) -> bytes:
    """Convert DOCX bytes to PDF bytes with LibreOffice (`timeout`: seconds it may take)."""
    return docx_to_pdfs([docx], pdf_a=pdf_a, timeout=timeout)[0]


def docx_to_pdfs(
    documents: Sequence[bytes],
    *,
    pdf_a: bool = False,
    progress: Callable[[int], None] | None = None,
    timeout: float | None = None,
) -> list[bytes]:
    """Convert many DOCX files to PDF in one LibreOffice run (its start is most of the cost).

    `progress` is called with the number converted so far as each file is finished.
    """
    out: list[bytes] = []
    for pdf in iter_docx_to_pdfs(documents, pdf_a=pdf_a, timeout=timeout):
        out.append(pdf)
        if progress is not None:
            progress(len(out))
    return out


def iter_docx_to_pdfs(
    documents: Sequence[bytes], *, pdf_a: bool = False, timeout: float | None = None
) -> Iterator[bytes]:
    """Each document's PDF, in order, as soon as LibreOffice has finished it.

    One LibreOffice process converts them all, one after another; a PDF is finished
    once the next one is begun (or LibreOffice has ended), so a caller can write each
    file and report progress while the rest are still being laid out.
    """
    if not documents:
        return
    soffice = require_soffice()
    if timeout is None:
        timeout = CONVERT_TIMEOUT_SECONDS + SECONDS_PER_FILE * len(documents)
    with tempfile.TemporaryDirectory(prefix="drafter-pdf-") as work:
        folder = Path(work)
        out = folder / "out"
        out.mkdir()
        sources = []
        for number, data in enumerate(documents, 1):
            source = folder / f"letter-{number:05d}.docx"
            source.write_bytes(data)
            sources.append(source)
        produced = [out / source.with_suffix(".pdf").name for source in sources]
        command = [
            soffice,
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            filter_options(pdf_a=pdf_a),
            "--outdir",
            str(out),
            *map(str, sources),
        ]
        try:
            process = subprocess.Popen(
                command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
            )
        except OSError as exc:
            raise ExportError.single(
                "pdf", f"cannot run LibreOffice ({soffice}): {exc.strerror}", _INSTALL_HINT
            ) from None
        with process:
            deadline = time.monotonic() + timeout
            given = 0
            while True:
                try:
                    stdout, stderr = process.communicate(timeout=_POLL_SECONDS)
                    break
                except subprocess.TimeoutExpired:
                    if time.monotonic() > deadline:
                        process.kill()
                        process.communicate()
                        raise ExportError.single(
                            "pdf",
                            f"LibreOffice did not finish within {timeout:g} seconds",
                            "try again, or export with --format docx",
                        ) from None
                while given + 1 < len(produced) and produced[given + 1].exists():
                    yield produced[given].read_bytes()
                    given += 1
        if process.returncode != 0 or not all(path.is_file() for path in produced[given:]):
            detail = (stderr or stdout).strip().splitlines()
            raise ExportError.single(
                "pdf",
                "LibreOffice could not convert the document"
                + (f": {detail[-1]}" if detail else ""),
                "export with --format docx and check it opens in LibreOffice",
            )
        for path in produced[given:]:
            yield path.read_bytes()
