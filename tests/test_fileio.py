"""Atomic writes: a failure at any point leaves the earlier file and no temporary."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from drafter.errors import ExportError
from drafter.fileio import atomic_write_bytes, atomic_write_text


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_writes_and_refuses_to_overwrite(tmp_path: Path) -> None:
    target = tmp_path / "letter.md"
    atomic_write_text(target, "first")
    with pytest.raises(ExportError) as caught:
        atomic_write_text(target, "second")
    assert str(caught.value) == (
        f"{target}: already exists (use --force to overwrite it, or choose another name)"
    )
    assert target.read_text() == "first"
    atomic_write_text(target, "second", force=True)
    assert target.read_text() == "second"
    assert _leftovers(tmp_path) == []


def test_missing_folder(tmp_path: Path) -> None:
    target = tmp_path / "nope" / "letter.md"
    with pytest.raises(ExportError) as caught:
        atomic_write_text(target, "x")
    assert str(caught.value) == (
        f"{target}: folder {target.parent} does not exist (create it first, or choose another)"
    )


def test_a_folder_as_target(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="is a folder, not a file"):
        atomic_write_text(tmp_path, "x")


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write to read-only folders")
def test_read_only_folder(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(ExportError, match="choose a folder you can write to"):
            atomic_write_text(folder / "letter.md", "x")
    finally:
        folder.chmod(0o700)


def test_full_disk_keeps_the_earlier_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "letter.docx"
    target.write_bytes(b"earlier")

    def no_space(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", no_space)
    with pytest.raises(ExportError) as caught:
        atomic_write_bytes(target, b"new" * 1000, force=True)
    assert str(caught.value) == (
        f"{target}: cannot write it: No space left on device (free some disk space and export "
        "again; the earlier file is untouched)"
    )
    assert target.read_bytes() == b"earlier"
    assert _leftovers(tmp_path) == []


def test_interrupted_write_leaves_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "letter.docx"
    target.write_bytes(b"earlier")

    def interrupted(src: object, dst: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        atomic_write_bytes(target, b"new", force=True)
    assert target.read_bytes() == b"earlier"
    assert _leftovers(tmp_path) == []


def test_a_killed_process_leaves_the_earlier_file_intact(tmp_path: Path) -> None:
    # The writer is killed while it writes a large file; the target is never half-written.
    target = tmp_path / "letter.docx"
    target.write_bytes(b"earlier")
    script = (
        "import os, sys\n"
        "from pathlib import Path\n"
        "import drafter.fileio as f\n"
        "real = os.fsync\n"
        "def slow(fd):\n"
        "    print('writing', flush=True)\n"
        "    sys.stdin.readline()\n"  # wait here until killed
        "    real(fd)\n"
        "os.fsync = slow\n"
        f"f.atomic_write_bytes(Path({str(target)!r}), b'x' * 5_000_000, force=True)\n"
    )
    process = subprocess.Popen(
        [sys.executable, "-c", script], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "writing"
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert target.read_bytes() == b"earlier"
    # A killed process cannot clean up after itself: the next write to the same file does.
    assert len(_leftovers(tmp_path)) == 1
    atomic_write_bytes(target, b"after", force=True)
    assert target.read_bytes() == b"after"
    assert _leftovers(tmp_path) == []


def test_new_files_get_normal_permissions(tmp_path: Path) -> None:
    target = atomic_write_text(tmp_path / "letter.md", "x")
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask


def test_read_only_folder_simulated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The same failure as above, made to happen even for root (as in CI).

    def denied(*args: object, **kwargs: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr("drafter.fileio._create_temporary", denied)
    target = tmp_path / "letter.md"
    with pytest.raises(ExportError) as caught:
        atomic_write_text(target, "x")
    assert str(caught.value) == (
        f"{target}: cannot create a file in its folder: Permission denied (choose a folder "
        "you can write to, or change its permissions)"
    )


def test_a_batch_sweeps_once_and_writes_whole_files(tmp_path: Path) -> None:
    from drafter.fileio import flush_to_disk, sweep_orphans, temporary_name

    dead = _dead_pid()
    orphans = [temporary_name(pid=dead), temporary_name(pid=dead)]
    alive = temporary_name(pid=os.getppid())  # a running writer's: left alone
    unrelated = ".notes.tmp"
    for name in [*orphans, alive, unrelated]:
        (tmp_path / name).write_bytes(b"partial")
    sweep_orphans(tmp_path)
    assert _leftovers(tmp_path) == sorted([alive, unrelated])
    for number in range(3):
        atomic_write_bytes(tmp_path / f"{number}.docx", b"letter", batch=True)
    flush_to_disk()
    assert sorted(p.name for p in tmp_path.glob("*.docx")) == ["0.docx", "1.docx", "2.docx"]
    assert _leftovers(tmp_path) == sorted([alive, unrelated])


def _dead_pid() -> int:
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    return dead.pid


def test_the_sweep_never_deletes_a_users_file_that_looks_like_a_temporary(tmp_path: Path) -> None:
    # Names an earlier drafter would have taken for a dead writer's temporary: a user's
    # files, which no sweep may touch, however their numbers fall.
    pid = _dead_pid()
    users = [
        ".minutes.2024.draft.tmp",
        f".letter.docx.{pid}.X.tmp",
        f".notes.{pid}.backup.tmp",
        f".drafter-{pid}-0123456789abcdef.tmp",  # drafter-like, but no proof it is drafter's
        ".drafter-00000000-1-00000000000000000000000000000000.tmp",
    ]
    for name in users:
        (tmp_path / name).write_bytes(b"the user's own file")
    from drafter.fileio import sweep_orphans

    sweep_orphans(tmp_path)
    atomic_write_bytes(tmp_path / "letter.docx", b"letter")
    atomic_write_bytes(tmp_path / "minutes", b"x")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([*users, "letter.docx", "minutes"])
    assert all((tmp_path / name).read_bytes() == b"the user's own file" for name in users)


def test_a_temporary_is_named_by_drafter_alone_and_short(tmp_path: Path) -> None:
    from drafter import fileio

    # A file name at the system's limit still gets a temporary (its name is not built
    # from the target's), and it is proven drafter's own by its name alone.
    seen: list[str] = []
    real_replace = os.replace

    def spy(src: str, dst: object) -> None:
        seen.append(Path(src).name)
        real_replace(src, dst)  # type: ignore[arg-type]

    target = tmp_path / ("n" * 250 + ".docx")
    import unittest.mock

    with unittest.mock.patch.object(os, "replace", spy):
        atomic_write_bytes(target, b"x")
    assert target.read_bytes() == b"x"
    (temp,) = seen
    assert temp.startswith(".drafter-") and len(temp) < 80
    assert fileio.is_drafter_temporary(temp)
    assert not fileio.is_drafter_temporary(temp.replace(temp[-6], "0" if temp[-6] != "0" else "1"))


def test_a_stale_temporary_is_swept_but_a_live_or_foreign_one_is_kept(tmp_path: Path) -> None:
    from drafter import fileio

    dead = fileio.temporary_name(pid=_dead_pid())
    live = fileio.temporary_name(pid=os.getppid())
    other_host = fileio.temporary_name(pid=_dead_pid(), host="another-machine")
    for name in (dead, live, other_host):
        (tmp_path / name).write_bytes(b"partial")
    link = tmp_path / fileio.temporary_name(pid=_dead_pid())
    link.symlink_to(tmp_path / "elsewhere")
    fileio.sweep_orphans(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([live, other_host, link.name])
