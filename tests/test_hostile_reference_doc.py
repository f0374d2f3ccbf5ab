"""Reference documents built to harm: each is refused clearly, or cleaned with a warning."""

from __future__ import annotations

import struct
import zipfile
from pathlib import Path

import pytest
from hostile import LETTER, assert_clean, run_limited

from drafter.export.docx import styles as house_style

HINT = "(give a .docx file saved by Word or LibreOffice)"
DTD = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>'


def _parts() -> dict[str, bytes]:
    with zipfile.ZipFile(house_style.BUNDLED_PATH) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _write(path: Path, parts: dict[str, bytes], *, level: int = 6) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


def _patch(path: Path, member: str, *, flags: int = 0, method: int | None = None,
           size: int | None = None) -> None:  # fmt: skip
    """Change a member's flags, method or declared size in both of its headers."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(member)
    local = info.header_offset
    central = data.index(b"PK\x01\x02", data.index(b"PK\x01\x02"))
    while data[central + 46 : central + 46 + len(member)] != member.encode():
        central = data.index(b"PK\x01\x02", central + 4)
    for offset, flag_at, method_at, size_at in ((local, 6, 8, 22), (central, 8, 10, 24)):
        old_flags = struct.unpack_from("<H", data, offset + flag_at)[0]
        struct.pack_into("<H", data, offset + flag_at, old_flags | flags)
        if method is not None:
            struct.pack_into("<H", data, offset + method_at, method)
        if size is not None:
            struct.pack_into("<I", data, offset + size_at, size)
    path.write_bytes(bytes(data))


def _draft(tmp_path: Path, reference: Path, memory_mb: int = 600) -> tuple[int, str]:
    run = run_limited(
        ["draft", *LETTER, "--reference-doc", str(reference), "-o", "out.docx"],
        cwd=tmp_path,
        memory_mb=memory_mb,
        cpu_seconds=60,
    )
    assert_clean(run, run.code if run.code in (0, 1) else 1)
    return run.code, run.err


def _refused(tmp_path: Path, reference: Path, reason: str, **limits: int) -> None:
    code, err = _draft(tmp_path, reference, **limits)
    assert (code, err) == (1, f"error: {reference}: {reason} {HINT}\n")
    assert not (tmp_path / "out.docx").exists()


def test_a_dtd_in_a_utf16_part_is_refused(tmp_path: Path) -> None:
    parts = _parts()
    text = DTD.decode().replace('version="1.0"', 'version="1.0" encoding="UTF-16"')
    parts["word/styles.xml"] = text.encode("utf-16")
    reference = _write(tmp_path / "ref.docx", parts)
    _refused(
        tmp_path,
        reference,
        "not a usable Word document (word/styles.xml declares a DTD, which Word documents "
        "never hold)",
    )


def test_a_dtd_in_an_upper_case_xml_part_is_refused(tmp_path: Path) -> None:
    parts = _parts()
    parts["word/extra.XML"] = DTD
    reference = _write(tmp_path / "ref.docx", parts)
    _refused(
        tmp_path,
        reference,
        "not a usable Word document (word/extra.XML declares a DTD, which Word documents "
        "never hold)",
    )


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("../../evil.xml", "a part name may not hold '.' or '..' segments"),
        ("/word/abs.xml", "a part name may not begin with '/'"),
        ("word\\back.xml", "a part name may not hold '\\'"),
        ("word//empty.xml", "a part name may not hold an empty segment"),
        ("word/dot.", "a part name may not end with '.'"),
        ("word/média.xml", "a part name is ASCII (other characters are written as %XX)"),
    ],
)
def test_member_names_are_checked_against_the_opc_rules(
    tmp_path: Path, name: str, why: str
) -> None:
    parts = _parts()
    parts[name] = b"<x/>"
    reference = _write(tmp_path / "ref.docx", parts)
    _refused(tmp_path, reference, f"not a usable Word document (zip member {name!r}: {why})")


def test_the_same_part_twice_is_refused(tmp_path: Path) -> None:
    parts = _parts()
    reference = tmp_path / "ref.docx"
    _write(reference, parts)
    with zipfile.ZipFile(reference, "a") as archive:
        archive.writestr("WORD/STYLES.XML", b"<x/>")
    _refused(
        tmp_path,
        reference,
        "not a usable Word document (zip member 'WORD/STYLES.XML': it names the same part "
        "as 'word/styles.xml')",
    )


def test_external_relationships_are_dropped_with_a_warning(tmp_path: Path) -> None:
    parts = _parts()
    rels_name = "word/_rels/settings.xml.rels"
    rel = (
        '<Relationship Id="rIdT" TargetMode="External" Target="http://example.org/t.dotm" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'attachedTemplate"/>'
    )
    existing = parts.get(rels_name)
    if existing is None:
        parts[rels_name] = (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships '
            f'xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rel}'
            "</Relationships>"
        ).encode()
    else:
        parts[rels_name] = existing.replace(b"</Relationships>", rel.encode() + b"</Relationships>")
    settings = parts["word/settings.xml"].decode()
    head, _, tail = settings.partition(">")  # after the XML declaration
    close = tail.index(">") + 1  # after the w:settings start tag
    settings = head + ">" + tail[:close] + '<w:attachedTemplate r:id="rIdT"/>' + tail[close:]
    if "xmlns:r=" not in settings:
        settings = settings.replace(
            "<w:settings ",
            '<w:settings xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships" ',
            1,
        )
    parts["word/settings.xml"] = settings.encode()
    reference = _write(tmp_path / "ref.docx", parts)
    args = ["draft", *[a for a in LETTER if a != "-q"], "--reference-doc", str(reference)]
    run = run_limited([*args, "-o", "out.docx"], cwd=tmp_path)
    assert_clean(run, 0)
    about_reference = [line for line in run.err.splitlines() if str(reference) in line]
    assert about_reference == [
        f"warning: {reference}: dropped word/settings.xml's link to http://example.org/t.dotm "
        "(attachedTemplate): letters never fetch anything from elsewhere"
    ]
    with zipfile.ZipFile(tmp_path / "out.docx") as letter:
        for name in letter.namelist():
            data = letter.read(name)
            assert b"example.org/t.dotm" not in data, name
            assert b"attachedTemplate" not in data, name


def test_lying_sizes_are_read_in_bounded_memory(tmp_path: Path) -> None:
    parts = _parts()
    parts["word/media/big.bin"] = bytes(700 * 2**20)  # some 700 kB compressed
    reference = _write(tmp_path / "ref.docx", parts, level=1)
    _patch(reference, "word/media/big.bin", size=1000)  # says 1 kB, unpacks to 700 MB
    _refused(
        tmp_path,
        reference,
        "cannot read the reference document: zip member 'word/media/big.bin' does not unpack "
        "to what the zip says (it is damaged, or its sizes lie)",
        memory_mb=500,
    )


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"flags": 0x1}, "zip member 'word/styles.xml' is encrypted"),
        ({"method": 9}, "zip member 'word/styles.xml' uses a compression drafter cannot read"),
    ],
)
def test_zip_features_drafter_cannot_read_are_refused(
    tmp_path: Path, change: dict[str, int], reason: str
) -> None:
    reference = _write(tmp_path / "ref.docx", _parts())
    _patch(reference, "word/styles.xml", **change)
    _refused(tmp_path, reference, f"cannot read the reference document: {reason}")


def test_a_truncated_zip_is_refused(tmp_path: Path) -> None:
    reference = _write(tmp_path / "ref.docx", _parts())
    data = reference.read_bytes()
    reference.write_bytes(data[: len(data) // 2] + data[-22:])  # the end record, lying
    code, err = _draft(tmp_path, reference)
    assert code == 1
    assert err.startswith(f"error: {reference}: cannot read the reference document: ")
    assert err.endswith(f"{HINT}\n")
