"""Capturing a source: its text extracted, numbered and archived beside the fact file.

`drafter sources add FILE` reads an HTML page, a PDF, a Word document or a text file
and writes its text to `sources/ID.txt` beside the fact file, one numbered passage a
block, so that a locator can be computed when a fact is added and checked ever after:

    [para 1] First paragraph of the page ...

    ## A heading (not numbered)

    [para 2] Second paragraph ...

A PDF is numbered by page (`[p 3]`), since that is how a PDF is cited. Text before the
first numbered passage says what the document is and is not a passage (a written
answer's archive, from `sources import-parliament`, has its heading and the question
there, and the answer's paragraphs numbered). The source entry
records the archive's SHA-256 and the capture date, so an archive edited later is seen.

Each format is read by one well-kept library: lxml.html for HTML (already drafter's XML
library), pypdf for PDF (pure Python), python-docx for DOCX (drafter's DOCX library);
text needs none. What a page's metadata gives (title, date, author, site name, address)
fills the source's fields where the user gave none.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from drafter.errors import DrafterError, FactBaseError

MAX_CAPTURE_BYTES = 64 * 1024 * 1024
_MARK = re.compile(r"^\[(para|p) (\d+)\] ?", re.MULTILINE)
_SPACE = re.compile(r"\s+")
FORMATS = {".html": "html", ".htm": "html", ".xhtml": "html", ".pdf": "pdf", ".docx": "docx",
           ".txt": "text", ".text": "text", ".md": "text"}  # fmt: skip
DEFAULT_TYPES = {"html": "webpage", "pdf": "report"}


@dataclass(frozen=True, slots=True)
class Passage:
    locator: str  # "para 3" or "p 3"; "" for a heading
    text: str


@dataclass
class Capture:
    format: str
    passages: list[Passage]
    metadata: dict[str, str] = field(default_factory=dict)  # title, author, date, ...
    # Text before the first numbered passage: what the document is, not quotable by a
    # locator (a written question's heading and the question, ahead of the answer).
    preamble: str = ""

    def archive_text(self) -> str:
        blocks = [self.preamble.strip()] if self.preamble.strip() else []
        for passage in self.passages:
            if not passage.locator:
                blocks.append(f"## {passage.text}")
            elif passage.locator.startswith("p "):
                blocks.append(f"[{passage.locator}]\n{passage.text}")
            else:
                blocks.append(f"[{passage.locator}] {passage.text}")
        return "\n\n".join(blocks) + "\n"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def detect_format(path: Path, data: bytes) -> str | None:
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04") and path.suffix.lower() == ".docx":
        return "docx"
    by_suffix = FORMATS.get(path.suffix.lower())
    if by_suffix in ("html", "text"):
        return by_suffix
    head = data[:2048].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html")) or b"<html" in head:
        return "html"
    return by_suffix


def capture(path: Path, display: str | None = None) -> Capture:
    """Read `path` and extract its text as numbered passages; DrafterError when it cannot."""
    display = display or str(path)
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_CAPTURE_BYTES + 1)
    except FileNotFoundError:
        raise DrafterError.single(display, "no such file", "check the path") from None
    except OSError as exc:
        raise DrafterError.single(display, f"cannot be read: {exc.strerror or exc}") from None
    if len(data) > MAX_CAPTURE_BYTES:
        raise DrafterError.single(display, "is larger than 64 MB", "capture a smaller copy")
    kind = detect_format(path, data)
    if kind is None:
        raise DrafterError.single(
            display,
            f"is not a format drafter can capture ({path.suffix or 'no suffix'})",
            "give an HTML page, a PDF, a .docx or a .txt file",
        )
    try:
        if kind == "html":
            result = _html(data)
        elif kind == "pdf":
            result = _pdf(data)
        elif kind == "docx":
            result = _docx(path)
        else:
            result = _text(data)
    except DrafterError:
        raise
    except Exception as exc:  # a damaged file: whatever the library raises, said plainly
        raise DrafterError.single(
            display, f"cannot be read as {kind.upper()}: {exc}", "is the file complete?"
        ) from None
    if not any(p.locator for p in result.passages):
        raise DrafterError.single(
            display, "has no text to capture", "a scanned PDF needs OCR first; check the file"
        )
    return result


def _clean(text: str) -> str:
    return _SPACE.sub(" ", text.replace("\u00ad", "")).strip()


def _number(blocks: Sequence[tuple[bool, str]], unit: str = "para") -> list[Passage]:
    """(is_heading, text) blocks as passages, the paragraphs numbered from 1."""
    passages, number = [], 0
    for heading, text in blocks:
        if not text:
            continue
        if heading:
            passages.append(Passage("", text))
        else:
            number += 1
            passages.append(Passage(f"{unit} {number}", text))
    return passages


# --------------------------------------------------------------------------- HTML

_BLOCKS = {"p", "li", "blockquote", "pre", "dd", "dt", "td", "th", "figcaption", "address"}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_DROP = ("script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form",
         "button", "svg", "iframe")  # fmt: skip


def _html(data: bytes) -> Capture:
    import lxml.html  # type: ignore[import-untyped]

    try:  # UTF-8 unless the page says otherwise (lxml reads a <meta charset> in bytes)
        document = lxml.html.document_fromstring(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        document = lxml.html.document_fromstring(data)
    metadata = _html_metadata(document)
    for element in list(document.iter(*_DROP)):
        parent = element.getparent()
        if parent is not None:
            element.drop_tree()
    root = next(iter(document.iter("main", "article")), None)
    if root is None:
        root = document.find("body")
    if root is None:
        root = document
    blocks: list[tuple[bool, str]] = []
    wanted = _BLOCKS | _HEADINGS
    for element in root.iter(*wanted):
        if any(child.tag in wanted for child in element.iterdescendants()):
            continue  # its inner blocks are taken one by one
        if any(a.tag in _BLOCKS for a in element.iterancestors()) and element.tag in _HEADINGS:
            continue
        blocks.append((element.tag in _HEADINGS, _clean(element.text_content())))
    if not blocks:  # text in bare <div>s: split where the page has blank lines
        blocks = [(False, _clean(b)) for b in re.split(r"\n\s*\n", root.text_content())]
    return Capture("html", _number(blocks), metadata)


def _html_metadata(document: object) -> dict[str, str]:
    found: dict[str, str] = {}

    def meta(*names: str) -> str:
        for name in names:
            for attribute in ("property", "name", "itemprop"):
                for element in document.iter("meta"):  # type: ignore[attr-defined]
                    if (element.get(attribute) or "").lower() == name:
                        content = _clean(element.get("content") or "")
                        if content:
                            return content
        return ""

    title = meta("citation_title", "og:title", "dc.title", "dcterms.title", "twitter:title")
    if not title:
        element = next(iter(document.iter("title")), None)  # type: ignore[attr-defined]
        title = _clean(element.text_content()) if element is not None else ""
    author = meta("citation_author", "author", "dc.creator", "dcterms.creator",
                  "article:author")  # fmt: skip
    if author.startswith(("http://", "https://")):
        author = ""
    date = meta("citation_publication_date", "article:published_time", "dc.date",
                "dcterms.created", "dcterms.date", "date", "datepublished")  # fmt: skip
    if not date:
        element = next(iter(document.iter("time")), None)  # type: ignore[attr-defined]
        date = (element.get("datetime") or "") if element is not None else ""
    day = _iso_day(date)
    url = ""
    for link in document.iter("link"):  # type: ignore[attr-defined]
        if (link.get("rel") or "").lower() == "canonical":
            url = (link.get("href") or "").strip()
    url = url or meta("og:url")
    for key, value in (
        ("title", title),
        ("author", author),
        ("date", day),
        ("organisation", meta("og:site_name", "citation_publisher", "dc.publisher")),
        ("url", url if url.startswith(("http://", "https://")) else ""),
    ):
        if value:
            found[key] = value
    return found


def _iso_day(text: str) -> str:
    match = re.match(r"(\d{4})[-/](\d{2})[-/](\d{2})", text.strip())
    if not match:
        return ""
    try:
        return dt.date(*(int(g) for g in match.groups())).isoformat()
    except ValueError:
        return ""


# --------------------------------------------------------------------------- PDF, DOCX, text


def _pdf(data: bytes) -> Capture:
    import io

    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    pages = []
    for page in reader.pages:
        lines = [_clean(line) for line in (page.extract_text() or "").splitlines()]
        pages.append((False, "\n".join(line for line in lines if line)))
    # A page without text keeps its number, so p N stays the page a reader sees.
    passages = [Passage(f"p {n}", text) for n, (_, text) in enumerate(pages, start=1) if text]
    metadata: dict[str, str] = {}
    info = reader.metadata
    if info is not None:
        if info.title:
            metadata["title"] = _clean(str(info.title))
        if info.author:
            metadata["author"] = _clean(str(info.author))
        created = info.creation_date
        if created is not None:
            metadata["date"] = created.date().isoformat()
    return Capture("pdf", passages, metadata)


def _docx(path: Path) -> Capture:
    import docx

    document = docx.Document(str(path))
    blocks = []
    for paragraph in document.paragraphs:
        style = (paragraph.style.name if paragraph.style is not None else "") or ""
        heading = style.startswith(("Heading", "Title"))
        blocks.append((heading, _clean(paragraph.text)))
    props = document.core_properties
    metadata = {}
    if props.title:
        metadata["title"] = _clean(props.title)
    if props.author:
        metadata["author"] = _clean(props.author)
    if props.created is not None:
        metadata["date"] = props.created.date().isoformat()
    return Capture("docx", _number(blocks), metadata)


def _text(data: bytes) -> Capture:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    blocks = [(False, _clean(b)) for b in re.split(r"\n\s*\n", text.replace("\r\n", "\n"))]
    return Capture("text", _number(blocks))


# --------------------------------------------------------------------------- archives


def passages(text: str) -> list[Passage] | None:
    """The numbered passages of an archive `sources add` wrote; None for a plain text
    (an archive made by hand), which has no locators to check."""
    marks = list(_MARK.finditer(text))
    if not marks:
        return None
    found = []
    for mark, following in zip(marks, [*marks[1:], None], strict=True):
        end = following.start() if following is not None else len(text)
        body = text[mark.end() : end]
        body = re.sub(r"^## .*$", "", body, flags=re.MULTILINE)  # headings between
        found.append(Passage(f"{mark.group(1)} {mark.group(2)}", body.strip()))
    return found


def archive_folder(fact_file: Path) -> Path:
    """Where a fact file's archived sources live: `sources/` beside it."""
    return fact_file.parent / "sources"


def iter_locators(found: Sequence[Passage], quote: str) -> Iterator[str]:
    """The locators of every passage holding `quote` (both normalised as verify does)."""
    from drafter.facts.verify import normalise_quote

    wanted = normalise_quote(quote)
    for passage in found:
        if wanted and wanted in normalise_quote(passage.text):
            yield passage.locator


def write_archive(folder: Path, name: str, text: str, *, force: bool) -> tuple[Path, str]:
    """Write the archive atomically; its SHA-256. An existing different one needs force."""
    from drafter.fileio import atomic_write_bytes

    data = text.encode("utf-8")
    path = folder / name
    if path.exists() and not force:
        if path.read_bytes() == data:
            return path, sha256(data)
        raise FactBaseError.single(
            str(path),
            "exists already, with other text",
            "give the source another --id, or --force to replace the archive",
        )
    folder.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(path, data, force=True)
    return path, sha256(data)
