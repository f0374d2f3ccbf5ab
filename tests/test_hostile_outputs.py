"""Output paths a user may give by mistake: each is a clear refusal, nothing is lost."""

from __future__ import annotations

import os
import socket
import stat
from pathlib import Path

import pytest
from hostile import LETTER, assert_clean, run_limited


def test_a_file_name_longer_than_the_system_allows(tmp_path: Path) -> None:
    name = "a" * 300 + ".docx"
    run = run_limited(["draft", *LETTER, "-o", name], cwd=tmp_path)
    assert_clean(run, 1)
    assert run.err == (
        f"error: {name}: the name is 305 bytes long and this folder takes at most 255 "
        "(choose a shorter file name)\n"
    )
    assert os.listdir(tmp_path) == []


def test_a_path_ending_in_a_slash_is_a_folder(tmp_path: Path) -> None:
    run = run_limited(["draft", *LETTER, "-o", "newdir/"], cwd=tmp_path)
    assert_clean(run, 1)
    assert run.err == (
        "error: newdir/: folder newdir does not exist (create it first, or choose another)\n"
    )
    assert os.listdir(tmp_path) == []
    (tmp_path / "newdir").mkdir()
    run = run_limited(["draft", *LETTER, "-o", "newdir/"], cwd=tmp_path)
    assert_clean(run, 0)
    (written,) = os.listdir(tmp_path / "newdir")
    assert written.endswith(".docx")
    (tmp_path / "afile").write_text("mine")
    run = run_limited(["draft", *LETTER, "-o", "afile/"], cwd=tmp_path)
    assert_clean(run, 1)
    assert run.err == "error: afile/: is a file, not a folder (give a folder, or drop the /)\n"
    assert (tmp_path / "afile").read_text() == "mine"


def test_a_device_is_not_a_file_to_write(tmp_path: Path) -> None:
    run = run_limited(["draft", *LETTER, "-o", "/dev/full", "--format", "docx"], cwd=tmp_path)
    assert_clean(run, 1)
    assert run.err == (
        "error: /dev/full: is a device, not a plain file (drafter writes only plain files; "
        "choose a file name)\n"
    )


@pytest.mark.parametrize("kind", ["pipe", "socket"])
def test_force_never_replaces_a_node_with_a_file(tmp_path: Path, kind: str) -> None:
    node = tmp_path / "letter.docx"
    if kind == "pipe":
        os.mkfifo(node)
    else:
        server = socket.socket(socket.AF_UNIX)
        server.bind(str(node))
    run = run_limited(["draft", *LETTER, "-o", str(node), "--force"], cwd=tmp_path)
    assert_clean(run, 1)
    what = "a named pipe" if kind == "pipe" else "a socket"
    assert run.err == (
        f"error: {node}: is {what}, not a plain file (drafter writes only plain files; "
        "choose a file name)\n"
    )
    mode = node.lstat().st_mode
    assert stat.S_ISFIFO(mode) if kind == "pipe" else stat.S_ISSOCK(mode)
    assert os.listdir(tmp_path) == ["letter.docx"]
