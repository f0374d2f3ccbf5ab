"""Side by side with pandoc and docxtpl: per process, per whole job, per letter.

Whole processes, each pair taking turns (A B A B ...) so both see the same machine, the
ratio taken pair by pair and its median reported:

- one `drafter draft` of one cited letter to DOCX against one pandoc process turning
  the same kind of letter (Markdown with three footnotes) into DOCX: what a researcher
  runs for one letter; beside them, in the same turns, the floor of any drafter written
  in Python: the interpreter starting and importing the libraries a letter needs (Jinja,
  PyYAML, lxml), doing nothing else;
- one `drafter merge` of N letters against a loop of N pandoc processes (what a script
  around pandoc does for a mail merge), whole job against whole job.

Bytecode is compiled first (`compileall` over drafter's package), as an installed
drafter has it: a checkout run with PYTHONDONTWRITEBYTECODE=1 would otherwise compile
every module at every start, which no user's install does.

docxtpl (`--compare`), in-process: docxtpl is not one of drafter's dependencies, so it
lives in a virtual environment of its own, bench/.venv-compare (made and filled with pip
on first use; git ignores it). Its template is drafter's own house style
(drafter/export/docx/house_style.docx: the same styles.xml, settings and footers), with
one paragraph per part of the letter in drafter's paragraph styles; the letters given
to it are drafter's rendered letters with their differing bodies (frame and body text,
without footnotes, which docxtpl cannot make), so both write the same words. Its
batches take turns with drafter's in-process merge of the same rows.
"""

from __future__ import annotations

import compileall
import itertools
import json
import re
import shutil
import subprocess
import sys
import time
import venv
from pathlib import Path

from bench.data import letter_markdown
from bench.merge import MergeSetup, merge_once
from bench.startup import drafter_command, user_env
from bench.timing import Context, Measurement, median
from drafter.drafting.render import render
from drafter.textfmt import uk_date

DOCXTPL_RATIO_TARGET = 10.0
DRAFT_VS_PANDOC_TARGET = 1.0  # drafter draft's time over pandoc's, at most
COMPARE_ENV = Path(__file__).resolve().parent / ".venv-compare"
SCRIPT = Path(__file__).resolve().parent / "docxtpl_letter.py"
HOUSE_STYLE = Path(__file__).resolve().parents[1] / "drafter/export/docx/house_style.docx"
_FOOTNOTE_REF = re.compile(r"\[\^\d+\]")


def compile_drafter() -> None:
    """Write drafter's bytecode, as installing it does (quietly; errors are ignored)."""
    import drafter

    compileall.compile_dir(Path(drafter.__file__).parent, quiet=2)


def _run(command: list[str], env: dict[str, str] | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(
        command, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    return time.perf_counter() - start


def pandoc_command(folder: Path) -> list[str] | None:
    pandoc = shutil.which("pandoc")
    if pandoc is None:
        return None
    source = folder / "letter.md"
    source.write_text(letter_markdown(3), encoding="utf-8")
    return [pandoc, "-f", "markdown", "-t", "docx", "-o", str(folder / "pandoc.docx"), str(source)]


def processes(ctx: Context, setup: MergeSetup) -> list[Measurement]:
    """`drafter draft` against pandoc, and a whole merge against a pandoc loop."""
    folder = ctx.workdir / "processes"
    folder.mkdir(parents=True, exist_ok=True)
    pandoc = pandoc_command(folder)
    if pandoc is None:
        ctx.notes.append("pandoc is not installed: no pandoc comparison")
        return []
    compile_drafter()
    env = user_env(ctx)
    drafter = drafter_command()
    draft = [
        *drafter,
        "draft",
        str(setup.draft_file),
        "--recipient",
        "mp:Ms Jane Smith",
        "-o",
        str(folder / "letter.docx"),
        "--force",
    ]
    for _ in range(2):  # warm the disk cache, the cache of the fact base
        _run(draft, env)
        _run(pandoc)
    floor = [sys.executable, "-c", "import jinja2, yaml, lxml.etree"]
    turns = [(_run(draft, env), _run(pandoc), _run(floor)) for _ in range(ctx.runs(10, 3))]
    drafts, pandocs, floors = ([turn[i] for turn in turns] for i in range(3))
    draft_ratio = median([a / b for a, b, _ in turns])
    floor_ratio = median([c / b for _, b, c in turns])

    letters = 20 if ctx.quick else 100
    out = (folder / f"merge-{n}" for n in itertools.count())
    recipients = setup.recipients.with_name(f"job-{letters}.csv")
    with setup.recipients.open(encoding="utf-8") as whole:
        recipients.write_text("".join(itertools.islice(whole, letters + 1)), encoding="utf-8")
    merge = [*drafter, "merge", str(setup.draft_file), "--recipients", str(recipients), "--quiet"]

    def one_merge() -> float:
        return _run([*merge, "--out", str(next(out))], env)

    def pandoc_loop() -> float:
        start = time.perf_counter()
        for number in range(letters):
            command = [*pandoc]
            command[command.index("-o") + 1] = str(folder / f"pandoc-{number}.docx")
            subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        return time.perf_counter() - start

    one_merge()
    jobs = [(one_merge(), pandoc_loop()) for _ in range(ctx.runs(3, 1))]
    job_ratio = median([b / a for a, b in jobs])
    return [
        Measurement(
            "drafter draft, one letter to DOCX, a process",
            median(drafts),
            "s",
            note=f"min {min(drafts):.3f} s of {len(drafts)}, warm fact-base cache",
        ),
        Measurement(
            "pandoc, one letter to DOCX, a process",
            median(pandocs),
            "s",
            note=f"min {min(pandocs):.3f} s; in turn with drafter draft",
        ),
        Measurement(
            "drafter draft / pandoc, a process each (same run)",
            draft_ratio,
            "x",
            DRAFT_VS_PANDOC_TARGET,
            note="median of the pair-by-pair ratios; 1.0x or less is as fast as pandoc",
        ),
        Measurement(
            "Python importing Jinja, PyYAML and lxml, a process",
            median(floors),
            "s",
            note=f"min {min(floors):.3f} s; nothing else done: the start-up any Python "
            "drafter pays before its own work",
        ),
        Measurement(
            "that start-up / pandoc (same run)",
            floor_ratio,
            "x",
            note="median of the turn-by-turn ratios: how near pandoc a Python process can be",
        ),
        Measurement(
            f"drafter merge of {letters}, whole process",
            median([a for a, _ in jobs]),
            "s",
            note="start-up, fact base, templates, house style, every letter",
        ),
        Measurement(
            f"pandoc loop of {letters} processes",
            median([b for _, b in jobs]),
            "s",
            note="one process per letter, as a script around pandoc runs it",
        ),
        Measurement(
            f"pandoc loop / drafter merge, {letters} letters (times faster)",
            job_ratio,
            "x",
            note="median of the pair-by-pair ratios",
        ),
    ]


def compare_python() -> Path:
    """bench/.venv-compare's Python, with docxtpl installed into it if need be."""
    python = COMPARE_ENV / "bin" / "python"
    if not python.exists():
        venv.EnvBuilder(with_pip=True).create(COMPARE_ENV)
    check = subprocess.run([str(python), "-c", "import docxtpl"], capture_output=True)
    if check.returncode != 0:
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", "docxtpl"], check=True)
    return python


def letter_contexts(setup: MergeSetup, count: int) -> list[dict[str, object]]:
    """The first `count` letters of the merge as docxtpl contexts."""
    letters: list[dict[str, object]] = []
    for draft in setup.row_drafts(count):
        doc = render(draft, setup.factbase, setup.templates)
        frame = doc.frame
        if frame is None:
            raise RuntimeError("the merge template is not a letter")
        body = _FOOTNOTE_REF.sub("", doc.body)
        letters.append(
            {
                "sender_name": frame.sender_name,
                "sender_title": frame.sender_title,
                "sender_address": list(frame.sender_address),
                "date": uk_date(frame.date),
                "recipient_block": list(frame.recipient_block),
                "salutation": frame.salutation,
                "subject": frame.subject,
                "paragraphs": [p.strip() for p in body.split("\n\n") if p.strip()],
                "valediction": frame.valediction,
            }
        )
    return letters


def docxtpl(ctx: Context, setup: MergeSetup) -> list[Measurement]:
    """docxtpl on drafter's house style against drafter's merge, in turn, in-process."""
    python = compare_python()
    folder = ctx.workdir / "docxtpl"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    count = min(setup.rows, 20 if ctx.quick else 100)
    letters = folder / "letters.json"
    letters.write_text(json.dumps(letter_contexts(setup, count)), encoding="utf-8")
    outs = (setup.folder / f"docxtpl-drafter-{n}" for n in itertools.count())
    merge_once(setup, next(outs))  # warm
    pairs: list[tuple[float, float]] = []
    for _ in range(ctx.runs(3, 1)):
        start = time.perf_counter()
        merge_once(setup, next(outs))
        drafter_s = (time.perf_counter() - start) / setup.rows
        done = subprocess.run(
            [str(python), str(SCRIPT), str(letters), str(folder), str(count), str(HOUSE_STYLE)],
            check=True,
            capture_output=True,
            text=True,
        )
        seconds = float(json.loads(done.stdout.strip().splitlines()[-1])["seconds_per_letter"])
        pairs.append((drafter_s, seconds))
        for old in folder.glob("docxtpl-*.docx"):
            old.unlink()
    for old in setup.folder.glob("docxtpl-drafter-*"):
        shutil.rmtree(old, ignore_errors=True)
    shutil.rmtree(folder, ignore_errors=True)
    return [
        Measurement(
            "docxtpl render + save, per letter (drafter's house style)",
            median([b for _, b in pairs]),
            "s",
            note=f"in-process, {count} letters a batch, bodies differ, no footnotes",
        ),
        Measurement(
            "merge vs docxtpl (times faster, same run)",
            median([b / a for a, b in pairs]),
            "x",
            DOCXTPL_RATIO_TARGET,
            higher_is_better=True,
            note=f"batches in turn with drafter's merge of {setup.rows:,}; median of ratios",
        ),
    ]


def run(ctx: Context, setup: MergeSetup) -> list[Measurement]:
    results = processes(ctx, setup)
    if ctx.compare:
        results += docxtpl(ctx, setup)
    return results
