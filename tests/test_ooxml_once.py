"""Each OOXML element family, each namespace and the ZIP format are written in one place.

The DOCX exporter writes its XML as strings; a second copy of an element's markup (a
`w:numPr` joined by hand in the exporter as well as in the body writer, say) is how two
copies come to disagree. These are the markers of each family's markup in the source of
drafter/: each is found in exactly the one module that writes it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

DRAFTER = Path(__file__).resolve().parent.parent / "drafter"

# What is written, a marker only its writer's source holds, and that writer.
WRITTEN_ONCE = [
    ("a paragraph's list numbering", "<w:numPr>", "export/docx/xml.py"),
    ("a list instance", "<w:num w:", "export/docx/xml.py"),
    ("a section's properties", "<w:sectPr>", "export/docx/xml.py"),
    ("the content types", "<Types xmlns", "export/docx/xml.py"),
    ("a content-type override", "<Override ", "export/docx/xml.py"),
    ("a relationships part", "<Relationships xmlns", "export/docx/xml.py"),
    ("the w: and r: namespaces", 'xmlns:w="', "export/docx/xml.py"),
    ("the WordprocessingML namespace", "wordprocessingml/2006/main", "export/docx/xml.py"),
    ("the core properties' namespaces", "purl.org/dc/elements", "export/docx/xml.py"),
    ("a ZIP file's local headers", "0x04034B50", "export/docx/zipwriter.py"),
]


def holders(marker: str) -> set[str]:
    return {
        path.relative_to(DRAFTER).as_posix()
        for path in DRAFTER.rglob("*.py")
        if marker in path.read_text(encoding="utf-8")
    }


@pytest.mark.parametrize(
    ("what", "marker", "writer"), WRITTEN_ONCE, ids=[w[0] for w in WRITTEN_ONCE]
)
def test_each_element_family_is_written_in_one_module(what: str, marker: str, writer: str) -> None:
    assert holders(marker) == {writer}, f"{what} is written outside {writer}"


def test_no_module_writes_a_zip_with_zipfile() -> None:
    """zipfile only reads (a reference document); the one writer is zipwriter.build_zip."""
    assert holders("writestr(") == set()
    assert holders('ZipFile(buffer, "w")') == set()
