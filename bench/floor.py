"""The floor: the least work any tool must do to write the merge's letters as DOCX.

For each letter, the floor renders a sandboxed Jinja template for every part that
changes between letters, deflates those parts at drafter's level, zips them with the
parts that never change (compressed once, as any sensible tool would), writes the
archive to an exclusively created temporary in the output folder and renames it into
place; one `os.sync()` ends the batch, as drafter's merge does. It knows nothing of
forms of address, citations, Markdown or OSCOLA: each letter's words are handed to it
ready-made.

Those words are drafter's own. `build` renders a sample of the merge's rows with
drafter (not timed), unzips them and compares the letters part by part: a part that is
the same in every letter is a static entry, and a part that differs becomes a Jinja
template whose every differing text node is a `{{ value }}`, filled per letter with
that letter's text (escaped for XML by the environment's `finalize`, as drafter escapes
it). `build` checks that the templates give back drafter's parts byte for byte, so the
floor writes the very same letters drafter writes, only without drafter's work.
"""

from __future__ import annotations

import os
import re
import zipfile
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from jinja2.sandbox import ImmutableSandboxedEnvironment

from drafter.drafting.render import render
from drafter.export.docx.zipwriter import ZipEntry, build_zip

_TAG = re.compile(r"(<[^>]*>)")
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})


def _escape(value: object) -> str:
    return str(value).translate(_ESCAPES)


def _unescape(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


@dataclass
class Floor:
    """Ready to write letters: static entries, part templates, each letter's values."""

    static: list[tuple[int, ZipEntry]]  # (position in the archive, entry)
    templates: list[tuple[int, str, object]]  # (position, part name, compiled template)
    values: list[list[str]]  # per letter: the text of every `{{ vN }}`, in order
    day: object
    count: int

    def write(self, out: Path, letters: int) -> None:
        """Write `letters` letters (cycling through the sample's values) into `out`."""
        out.mkdir(parents=True)
        day = self.day
        size = len(self.static) + len(self.templates)
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL
        for number in range(letters):
            values = self.values[number % len(self.values)]
            context = {f"v{i}": v for i, v in enumerate(values)}
            entries: list[ZipEntry | None] = [None] * size
            for position, entry in self.static:
                entries[position] = entry
            for position, name, template in self.templates:
                xml = template.render(context)  # type: ignore[attr-defined]
                entries[position] = ZipEntry.deflate(name, xml.encode("utf-8"), 1)
            data = build_zip([e for e in entries if e is not None], day)  # type: ignore[arg-type]
            target = out / f"letter-{number}.docx"
            temporary = out / f".letter-{number}.tmp"
            fd = os.open(temporary, flags, 0o644)
            try:
                os.write(fd, data)
            finally:
                os.close(fd)
            os.replace(temporary, target)
        os.sync()


def _parts(blob: bytes) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(BytesIO(blob)) as archive:
        return [(info.filename, archive.read(info)) for info in archive.infolist()]


def build(setup: object, sample: int) -> Floor:
    """The floor for `setup` (a bench.merge.MergeSetup), from its first `sample` rows."""
    from bench.merge import MergeSetup

    assert isinstance(setup, MergeSetup)
    letters: list[list[tuple[str, bytes]]] = []
    day = None
    for draft in setup.row_drafts(sample):
        doc = render(draft, setup.factbase, setup.templates)
        day = doc.date
        letters.append(_parts(setup.exporter.to_bytes(doc)))
    if len(letters) < 2:
        raise ValueError("the floor needs at least two letters to tell what changes")
    names = [name for name, _ in letters[0]]
    if any([name for name, _ in parts] != names for parts in letters):
        raise ValueError("the letters do not all have the same parts")
    environment = ImmutableSandboxedEnvironment(autoescape=False, finalize=_escape)
    static: list[tuple[int, ZipEntry]] = []
    templates: list[tuple[int, str, object]] = []
    values: list[list[str]] = [[] for _ in letters]
    for position, name in enumerate(names):
        contents = [parts[position][1] for parts in letters]
        if all(c == contents[0] for c in contents):
            static.append((position, ZipEntry.deflate(name, contents[0])))
            continue
        pieces = [_TAG.split(c.decode("utf-8")) for c in contents]
        if any(len(p) != len(pieces[0]) for p in pieces):
            raise ValueError(f"{name} is shaped differently from letter to letter")
        source: list[str] = []
        for index, piece in enumerate(pieces[0]):
            column = [p[index] for p in pieces]
            if all(c == piece for c in column):
                source.append(piece.replace("{", "{{ '{' }}") if "{" in piece else piece)
                continue
            if piece.startswith("<"):
                raise ValueError(f"{name}: a tag differs from letter to letter")
            source.append(f"{{{{ v{len(values[0])} }}}}")
            for letter, text in zip(values, column, strict=True):
                letter.append(_unescape(text))
        templates.append((position, name, environment.from_string("".join(source))))
    floor = Floor(static, templates, values, day, len(letters))
    _check(floor, letters)
    return floor


def _check(floor: Floor, letters: list[list[tuple[str, bytes]]]) -> None:
    """The templates give back drafter's parts exactly, for every letter of the sample."""
    for number, parts in enumerate(letters):
        context = {f"v{i}": v for i, v in enumerate(floor.values[number])}
        for position, name, template in floor.templates:
            made = template.render(context).encode("utf-8")  # type: ignore[attr-defined]
            if made != parts[position][1]:
                raise AssertionError(f"the floor's {name} differs from drafter's (letter {number})")
