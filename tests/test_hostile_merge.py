"""A merge stopped part-way (ctrl+c, kill -9) is reported and can be finished."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest
from hostile import EXAMPLES, assert_clean, run_limited

from drafter.fileio import is_drafter_temporary

ROWS = 12
STOP_AFTER = 4  # letters written before the merge is stopped


def _recipients(folder: Path) -> Path:
    path = folder / "r.csv"
    lines = ["kind,honorific,last_name"] + [f"mp,Ms,Person{n:02d}" for n in range(ROWS)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _argv(folder: Path) -> list[str]:
    return [
        "merge",
        str(EXAMPLES / "merge-letter.yaml"),
        "--profile",
        str(EXAMPLES / "profile.yaml"),
        "--recipients",
        str(_recipients(folder)),
        "--out",
        "letters",
        "--date",
        "2026-11-23",
        "-q",
    ]


def _stopped_merge(folder: Path, how: signal.Signals) -> subprocess.Popen[str]:
    """A merge that writes STOP_AFTER letters, then is stopped while writing the next."""
    # A shell starts a background job with SIGINT ignored, and a child inherits that; a
    # terminal's ctrl+c reaches a process with Python's own handler, so the child has it.
    script = (
        "import os, signal, sys\n"
        "signal.signal(signal.SIGINT, signal.default_int_handler)\n"
        "real = os.replace\n"
        "done = []\n"
        "def replace(src, dst):\n"
        f"    if len(done) == {STOP_AFTER}:\n"
        "        print('writing', flush=True)\n"
        "        sys.stdin.readline()\n"
        "    real(src, dst)\n"
        "    done.append(dst)\n"
        "os.replace = replace\n"
        "from drafter.cli import main\n"
        f"sys.exit(main({_argv(folder)!r}))\n"
    )
    process = subprocess.Popen(
        [sys.executable, "-c", script],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=folder,
        env=os.environ | {"DRAFTER_NO_CACHE": "1"},
    )
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "writing"
    process.send_signal(how)
    return process


def _letters(folder: Path) -> list[Path]:
    return sorted((folder / "letters").glob("*.docx"))


def _sound(path: Path) -> bool:
    with zipfile.ZipFile(path) as archive:
        assert archive.testzip() is None
    return any("Person" in p.text for p in docx.Document(str(path)).paragraphs)


def test_ctrl_c_prints_a_summary_and_says_how_to_finish(tmp_path: Path) -> None:
    process = _stopped_merge(tmp_path, signal.SIGINT)
    _, err = process.communicate(timeout=120)
    assert "Traceback" not in err
    assert process.returncode == 130
    assert err.splitlines()[-1] == (
        f"{STOP_AFTER} letters written to letters, 0 rows failed; interrupted (run the "
        "same command with --resume to write the rest)"
    )
    assert len(_letters(tmp_path)) == STOP_AFTER
    assert not [n for n in os.listdir(tmp_path / "letters") if n.endswith(".tmp")]


@pytest.mark.parametrize("resume", [["--resume"], []], ids=["resume", "rerun"])
def test_a_killed_merge_resumes_and_writes_every_letter_once(
    tmp_path: Path, resume: list[str]
) -> None:
    process = _stopped_merge(tmp_path, signal.SIGKILL)
    process.wait(timeout=120)
    before = {p.name: p.stat() for p in _letters(tmp_path)}
    assert len(before) == STOP_AFTER
    leftovers = [n for n in os.listdir(tmp_path / "letters") if not n.endswith(".docx")]
    assert len(leftovers) == 1 and is_drafter_temporary(leftovers[0])

    run = run_limited([*_argv(tmp_path), *resume], cwd=tmp_path)
    assert_clean(run, 0)
    assert run.err == ""
    letters = _letters(tmp_path)
    assert sorted(os.listdir(tmp_path / "letters")) == [p.name for p in letters]
    assert len(letters) == ROWS
    assert all(_sound(p) for p in letters)
    names = {p.name for p in letters}
    assert len({name.lower() for name in names}) == ROWS
    # The letters written before the kill were kept, not written a second time.
    for name, info in before.items():
        now = (tmp_path / "letters" / name).stat()
        assert (now.st_ino, now.st_mtime_ns) == (info.st_ino, info.st_mtime_ns)

    # Without -q the summary says what was kept.
    again = run_limited([a for a in _argv(tmp_path) if a != "-q"] + resume, cwd=tmp_path)
    assert_clean(again, 0)
    assert again.err.splitlines()[-1] == (
        f"0 letters written to letters ({ROWS} already there), 0 rows failed"
    )


def test_a_rerun_still_refuses_a_file_that_differs(tmp_path: Path) -> None:
    run = run_limited(_argv(tmp_path), cwd=tmp_path)
    assert_clean(run, 0)
    first = _letters(tmp_path)[0]
    first.write_bytes(b"the user's own edit")
    again = run_limited(_argv(tmp_path), cwd=tmp_path)
    assert_clean(again, 1)
    assert again.err.splitlines()[0] == (
        f"error: letters/{first.name}: already exists and differs from the letter this row "
        "makes (use --resume to keep the letters already there, --force to replace them, "
        "or another --out)"
    )
    assert first.read_bytes() == b"the user's own edit"
    resumed = run_limited([*_argv(tmp_path), "--resume"], cwd=tmp_path)
    assert_clean(resumed, 0)
    assert first.read_bytes() == b"the user's own edit"
