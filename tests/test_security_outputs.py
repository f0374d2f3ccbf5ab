"""Writing letters: a fault never leaves half a file, loses the earlier one, or writes
outside the folder asked for.

test_fileio.py tests atomic_write_* on its own; these go through `drafter draft` and
`drafter merge` as a user would, with real DOCX exports, names from a CSV and a draft,
a simulated full disk and a writer killed in the middle of its write.
"""

from __future__ import annotations

import datetime as dt
import errno
import io
import os
import signal
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from drafter.cli import main
from drafter.document import RenderedDocument
from drafter.errors import ExportError
from drafter.export.docx import styles as house_style
from drafter.export.docx.exporter import DocxExporter
from drafter.fileio import is_drafter_temporary

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
LETTER = [
    str(EXAMPLES / "minister-letter.yaml"),
    "--contacts",
    str(EXAMPLES / "contacts.yaml"),
    "--profile",
    str(EXAMPLES / "profile.yaml"),
    "-q",
]


def _draft(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(["draft", *LETTER, *args])
    out, err = capsys.readouterr()
    assert out == ""
    assert "Traceback" not in err
    return code, err


def _listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def _is_docx(path: Path) -> bool:
    with zipfile.ZipFile(path) as archive:
        assert archive.testzip() is None
    return bool(docx.Document(str(path)).paragraphs)


# -- where the output goes ---------------------------------------------------------------


def test_output_to_a_folder_takes_a_default_name_inside_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, err = _draft(capsys, "-o", str(tmp_path), "--date", "2026-11-23")
    assert (code, err) == (0, "")
    assert _listing(tmp_path) == ["2026-11-23-hong-kong-minister-vale.docx"]
    assert _is_docx(tmp_path / "2026-11-23-hong-kong-minister-vale.docx")


def test_output_in_a_missing_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "missing" / "letter.docx"
    code, err = _draft(capsys, "-o", str(target))
    assert code == 1
    assert err == (
        f"error: {target}: folder {target.parent} does not exist (create it first, or choose "
        "another)\n"
    )
    assert _listing(tmp_path) == []


@pytest.mark.parametrize("suffix", [".docx", ".md"])
def test_an_existing_file_is_kept_without_force_and_replaced_with_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], suffix: str
) -> None:
    target = tmp_path / f"letter{suffix}"
    target.write_bytes(b"the researcher's earlier letter")
    code, err = _draft(capsys, "-o", str(target))
    assert code == 1
    assert err == (
        f"error: {target}: already exists (use --force to overwrite it, or choose another name)\n"
    )
    assert target.read_bytes() == b"the researcher's earlier letter"
    code, err = _draft(capsys, "-o", str(target), "--force")
    assert (code, err) == (0, "")
    assert target.read_bytes() != b"the researcher's earlier letter"
    assert _listing(tmp_path) == [target.name]  # no temporary left beside it
    if suffix == ".docx":
        assert _is_docx(target)


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links here")
def test_force_replaces_a_link_not_the_file_it_points_to(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_text("not drafter's to change", encoding="utf-8")
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "letter.md").symlink_to(elsewhere)
    code, _ = _draft(capsys, "-o", str(folder / "letter.md"))
    assert code == 1
    code, _ = _draft(capsys, "-o", str(folder / "letter.md"), "--force")
    assert code == 0
    assert elsewhere.read_text(encoding="utf-8") == "not drafter's to change"
    assert not (folder / "letter.md").is_symlink()


def test_read_only_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Simulated, so that it fails even for root (as in CI containers).
    def denied(*args: object, **kwargs: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr("drafter.fileio._create_temporary", denied)
    target = tmp_path / "letter.docx"
    code, err = _draft(capsys, "-o", str(target))
    assert code == 1
    assert err == (
        f"error: {target}: cannot create a file in its folder: Permission denied (choose a "
        "folder you can write to, or change its permissions)\n"
    )
    assert _listing(tmp_path) == []


# -- faults in the middle of a write -----------------------------------------------------


class _FillingDisk(io.RawIOBase):
    """A file that takes `room` bytes and then fails as a full disk does."""

    def __init__(self, real: Any, room: int) -> None:
        self.real, self.room = real, room

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        if len(data) > self.room:
            self.real.write(bytes(data[: self.room]))
            self.room = 0
            raise OSError(errno.ENOSPC, "No space left on device")
        self.room -= len(data)
        return int(self.real.write(data))

    def fileno(self) -> int:
        return int(self.real.fileno())

    def close(self) -> None:
        self.real.close()
        super().close()


def test_full_disk_during_a_docx_export_keeps_the_earlier_letter(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "letter.docx"
    assert _draft(capsys, "-o", str(target))[0] == 0
    earlier = target.read_bytes()
    real_fdopen = os.fdopen

    def filling(fd: int, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if "w" not in mode:
            return real_fdopen(fd, mode, *args, **kwargs)
        return io.BufferedWriter(_FillingDisk(real_fdopen(fd, "wb", buffering=0), 1000))

    monkeypatch.setattr(os, "fdopen", filling)
    code, err = _draft(capsys, "-o", str(target), "--force", "--review")
    assert code == 1
    assert err == (
        f"error: {target}: cannot write it: No space left on device (free some disk space and "
        "export again; the earlier file is untouched)\n"
    )
    assert target.read_bytes() == earlier
    assert _listing(tmp_path) == ["letter.docx"]


def test_a_killed_export_leaves_the_earlier_letter_and_the_next_export_tidies_up(
    tmp_path: Path, user_dirs: Path
) -> None:
    target = tmp_path / "letter.docx"
    target.write_bytes(b"the earlier letter")
    # The export runs in its own process; it is killed while its temporary file is open.
    script = (
        "import os, sys\n"
        "real = os.fsync\n"
        "def stuck(fd):\n"
        "    print('writing', flush=True)\n"
        "    sys.stdin.readline()\n"
        "    real(fd)\n"
        "os.fsync = stuck\n"
        "from drafter.cli import main\n"
        f"sys.exit(main({['draft', *LETTER, '-o', str(target), '--force']!r}))\n"
    )
    process = subprocess.Popen(
        [sys.executable, "-c", script],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=tmp_path,
        env=os.environ | {"DRAFTER_NO_CACHE": "1"},  # the letter is the only file written
    )
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "writing"
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=60)
    assert target.read_bytes() == b"the earlier letter"
    leftovers = [name for name in _listing(tmp_path) if name != "letter.docx"]
    assert len(leftovers) == 1 and is_drafter_temporary(leftovers[0])

    result = subprocess.run(
        [sys.executable, "-m", "drafter", "draft", *LETTER, "-o", str(target), "--force"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=tmp_path,
    )
    assert (result.returncode, result.stderr) == (0, "")
    assert _is_docx(target)
    assert _listing(tmp_path) == ["letter.docx"]


# -- names that come from the input ------------------------------------------------------


def test_merge_names_from_a_csv_stay_inside_the_output_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    names: dict[str, str | None] = {
        "../escape": "escape.md",
        "/etc/absolute": "etc-absolute.md",
        "..": None,
        "../../": None,
        "CON": "letter-con.md",
        "nul.docx": "nul-docx.md",
        "x" * 600: "x" * 120 + ".md",
        ".hidden": "hidden.md",
        "a\\b\\..\\c": "a-b-c.md",
        "\u202eexe.docx": "exe-docx.md",
    }
    rows = ["kind,honorific,first_name,last_name,file"]
    rows += [f'mp,Ms,Ann,Lee{i},"{name}"' for i, name in enumerate(names)]
    rows.append('mp,Ms,Ann,"../../Evil",')
    csv_file = tmp_path / "recipients.csv"
    csv_file.write_text("\n".join(rows) + "\n", encoding="utf-8")
    out = tmp_path / "letters"
    code = main(
        [
            "merge",
            str(EXAMPLES / "merge-letter.yaml"),
            "--recipients",
            str(csv_file),
            "--out",
            str(out),
            "--profile",
            str(EXAMPLES / "profile.yaml"),
            "--format",
            "md",
            "--date",
            "2026-11-23",
            "-q",
        ]
    )
    _, err = capsys.readouterr()
    assert (code, err) == (0, "")
    written = _listing(out)
    assert len(written) == len(rows) - 1
    for name, expected in names.items():
        if expected is not None:
            assert expected in written, name
    assert "2026-11-23-uk-china-relations-mp-evil.md" in written
    assert all(not n.startswith(".") and "/" not in n and len(n) <= 123 for n in written)
    # Nothing anywhere but the letters folder and the CSV.
    assert _listing(tmp_path) == ["letters", "recipients.csv"]
    assert not (tmp_path.parent / "escape.md").exists()
    assert not Path("/etc/absolute.md").exists()


def test_a_name_made_from_a_draft_stays_inside_the_output_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    code = main(
        [
            "draft",
            "--template",
            "briefing-note",
            "--topic",
            "xinjiang",
            "--all-facts",
            "--date",
            "2026-11-23",
            "--recipient",
            "mp:Ms Ann ../../../Evil",
            "--profile",
            str(EXAMPLES / "profile.yaml"),
            "-o",
            str(out),
            "-q",
        ]
    )
    _, err = capsys.readouterr()
    assert (code, err) == (0, "")
    assert _listing(tmp_path) == ["out"]
    (written,) = _listing(out)
    assert written.startswith("2026-11-23-xinjiang") and written.endswith(".docx")
    assert ".." not in written and "/" not in written


# -- any text makes a DOCX that reads back -------------------------------------------------

_WORDS = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cs", "Cc", "Zl", "Zp"),
        blacklist_characters="\\`*_[]<>#!&|~-+=.)(:{}",
    ),
    min_size=1,
    max_size=40,
).map(str.strip)
_EXPORTER = DocxExporter()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(paragraphs=st.lists(_WORDS.filter(bool), min_size=1, max_size=6), title=_WORDS)
def test_plain_paragraphs_round_trip_through_docx(paragraphs: list[str], title: str) -> None:
    # Text without Markdown punctuation comes back from python-docx exactly, in order.
    paragraphs = [" ".join(p.split()) for p in paragraphs]
    doc = RenderedDocument(
        kind="briefing",
        template="briefing-note",
        title=title or "Title",
        topic_id="xinjiang",
        topic_title="Xinjiang",
        date=dt.date(2026, 11, 23),
        author="Ann Lee",
        body="\n\n".join(paragraphs),
    )
    document = docx.Document(io.BytesIO(_EXPORTER.to_bytes(doc)))
    texts = iter(p.text for p in document.paragraphs)
    assert all(any(text == p for text in texts) for p in paragraphs)  # each, in order


# -- a reference document from elsewhere ---------------------------------------------------

_DTD = (
    b'<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd"><!ENTITY a "aaaaaaaaaa">'
    b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
)


def _with_part(tmp_path: Path, name: str, data: bytes | None) -> Path:
    """The bundled house style with part `name` replaced by `data` (None: left out)."""
    source = io.BytesIO(house_style.BUNDLED_PATH.read_bytes())
    path = tmp_path / "reference.docx"
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(path, "w") as changed:
        for item in original.namelist():
            if item != name:
                changed.writestr(item, original.read(item))
            elif data is not None:
                changed.writestr(item, data)
    return path


def _entities(part: bytes) -> bytes:
    """`part` with a DTD declaring a file and a nested entity, both used in its root."""
    declaration = part.index(b"?>") + 2
    root_end = part.index(b">", part.index(b"<", declaration + 1)) + 1
    return part[:declaration] + _DTD + part[declaration:root_end] + b"&x;&b;" + part[root_end:]


_PARTS = (
    "word/document.xml",
    "word/_rels/document.xml.rels",
    "word/styles.xml",
    "word/settings.xml",
    "word/footer1.xml",
)


@pytest.mark.parametrize("part", _PARTS)
@pytest.mark.parametrize("damage", ["entities", "garbage", "empty", "missing"])
def test_a_damaged_reference_doc_is_refused_or_gives_a_sound_docx(
    tmp_path: Path, part: str, damage: str
) -> None:
    original = zipfile.ZipFile(house_style.BUNDLED_PATH).read(part)
    data = {"entities": _entities(original), "garbage": b"<w:", "empty": b"", "missing": None}
    path = _with_part(tmp_path, part, data[damage])
    doc = RenderedDocument(
        kind="briefing",
        template="briefing-note",
        title="Title",
        topic_id="xinjiang",
        topic_title="Xinjiang",
        date=dt.date(2026, 11, 23),
        author="Ann Lee",
        body="A paragraph.\n\n- one\n- two\n\n1. first\n2. second",
    )
    try:
        output = DocxExporter(path).to_bytes(doc)
    except ExportError as exc:
        (problem,) = exc.problems
        assert problem.file == str(path)
        assert problem.hint == "give a .docx file saved by Word or LibreOffice"
        return
    # Accepted (a missing optional part is made by drafter): then Word can open the result.
    assert b"root:" not in output
    assert docx.Document(io.BytesIO(output)).paragraphs


def test_a_reference_doc_with_entities_is_refused_with_the_part_named(tmp_path: Path) -> None:
    part = zipfile.ZipFile(house_style.BUNDLED_PATH).read("word/settings.xml")
    path = _with_part(tmp_path, "word/settings.xml", _entities(part))
    with pytest.raises(ExportError) as caught:
        DocxExporter(path)
    assert str(caught.value) == (
        f"{path}: not a usable Word document (word/settings.xml declares a DTD, which Word "
        "documents never hold) (give a .docx file saved by Word or LibreOffice)"
    )


def test_a_zip_bomb_as_reference_doc_is_refused_before_it_is_unpacked(tmp_path: Path) -> None:
    path = _with_part(tmp_path, "word/media/image1.png", None)
    with (
        zipfile.ZipFile(path, "a", compression=zipfile.ZIP_DEFLATED) as archive,
        archive.open("word/media/huge.bin", "w", force_zip64=True) as handle,
    ):
        chunk = bytes(16 * 1024 * 1024)
        for _ in range(16):  # 256 MB of zeros: about 256 kB compressed
            handle.write(chunk)
    assert path.stat().st_size < 2 * 1024 * 1024
    with pytest.raises(ExportError) as caught:
        DocxExporter(path)
    assert str(caught.value) == (
        f"{path}: cannot read the reference document: it unpacks to 256 MB; a reference "
        "document may unpack to 64 MB (give a .docx file saved by Word or LibreOffice)"
    )


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_pipe_as_reference_doc_is_refused_without_waiting(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pipe = tmp_path / "reference.docx"
    os.mkfifo(pipe)
    code, err = _draft(capsys, "--reference-doc", str(pipe), "-o", str(tmp_path / "x.docx"))
    assert code == 1
    assert err == (
        f"error: {pipe}: cannot read the reference document: it is not a regular file (give a "
        ".docx file saved by Word or LibreOffice)\n"
    )
